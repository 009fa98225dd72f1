//! The only code that writes to OUTPUT.
//!
//! Rows arrive in batches, already in their final order (articles in discovery order,
//! mentions by article then offset), and are appended to Parquet and JSON files in this
//! run's own folder inside OUTPUT, so memory holds one batch, not the corpus. When the run
//! has finished, one atomic switch makes its files the ones OUTPUT shows ([`commit`]); a
//! run that fails or is killed leaves the previous tables whole.
//!
//! Only the requested formats are written. `run.json` and `report.html` go through here
//! too, so nothing else in covtrack writes into OUTPUT.
//!
//! JSON tables are arrays with one row object per line, so they diff and grep well.

mod commit;
mod lanes;
mod partition;
mod reuse;
mod splice;
mod table;

pub use lanes::{Lane, Lanes};
use reuse::{Kind, Streaming};
pub use table::{ROW_GROUP_ROWS, TableFiles, row_group_rows};

use crate::run_record::RunRecord;
use crate::tables::{ArticleRow, Batch, DateRow, ErrorRow, FigureRow, StanceRow, Table};
use anyhow::{Context, Result};
use commit::Lock;
use polars::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::Scope;

/// Which files each table is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    pub parquet: bool,
    pub json: bool,
}

impl Default for Formats {
    fn default() -> Self {
        Formats {
            parquet: true,
            json: true,
        }
    }
}

/// The streamed tables' Parquet files, for the end of the run to read back.
pub struct Streamed {
    pub articles: PathBuf,
    pub stance: PathBuf,
    pub figures: PathBuf,
}

/// Streams the mention tables of a run into a temporary directory and commits them.
pub struct OutputWriter {
    out: PathBuf,
    /// This run's folder, `OUTPUT/.runs/<id>/`.
    tmp: PathBuf,
    /// Files the run reads back before it ends (`.scratch/` in its folder), removed before
    /// the run's files are committed.
    scratch: PathBuf,
    /// Held until the writer is committed or abandoned.
    lock: Lock,
    formats: Formats,
    articles: TableFiles,
    dates: Streaming<DateRow>,
    figures: Streaming<FigureRow>,
    stance: Streaming<StanceRow>,
    errors: TableFiles,
    /// The JSON files of the three largest tables, split off to be written on threads of
    /// their own ([`Lanes`]).
    dates_json: Streaming<DateRow>,
    figures_json: Streaming<FigureRow>,
    stance_json: Streaming<StanceRow>,
}

/// What rows and how many were copied from the previous run, per streamed table.
pub struct Closed {
    pub rows: Vec<(&'static str, u64)>,
    /// Rows of the mention tables' files copied from the previous run's (see `reuse`).
    pub copied: u64,
    pub streamed: Streamed,
}

fn dates_of(b: &Batch) -> &[DateRow] {
    &b.dates
}

fn figures_of(b: &Batch) -> &[FigureRow] {
    &b.figures
}

fn stance_of(b: &Batch) -> &[StanceRow] {
    &b.stance
}

/// The folder, in a run's folder, of the files it reads back before it ends.
pub(crate) const SCRATCH: &str = ".scratch";

/// What earlier versions named their temporary folders; removed when found.
const OLD_TMP_PREFIX: &str = ".covtrack-tmp-";

impl OutputWriter {
    /// Prepares OUTPUT (creating it), takes its lock, and makes this run's folder.
    /// Leftovers of killed runs are removed first.
    pub fn create(out: &Path, formats: Formats) -> Result<OutputWriter> {
        fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
        let lock = Lock::take(out)?;
        for entry in fs::read_dir(out)?.flatten() {
            if entry
                .file_name()
                .to_string_lossy()
                .starts_with(OLD_TMP_PREFIX)
            {
                fs::remove_dir_all(entry.path()).ok();
            }
        }
        let tmp = commit::new_run_dir(out)?;
        let scratch = tmp.join(SCRATCH);
        fs::create_dir_all(&scratch).with_context(|| format!("creating {}", scratch.display()))?;
        // Articles are streamed to scratch Parquet only: the table is written at the end,
        // once each article's story is known.
        let articles_only = Formats {
            parquet: true,
            json: false,
        };
        let mut dates = TableFiles::new(&tmp, DateRow::NAME, formats);
        let mut figures = TableFiles::read_back(&tmp, &scratch, FigureRow::NAME, formats);
        let mut stance = TableFiles::read_back(&tmp, &scratch, StanceRow::NAME, formats);
        Ok(OutputWriter {
            out: out.to_path_buf(),
            lock,
            formats,
            // Read back in slices smaller than its row groups and then removed: not
            // compressed, so no group is decompressed again for each slice.
            articles: TableFiles {
                compression: ParquetCompression::Uncompressed,
                ..TableFiles::new(&scratch, ArticleRow::NAME, articles_only)
            },
            dates_json: Streaming::new(dates.split_json(), Kind::Json, dates_of),
            figures_json: Streaming::new(figures.split_json(), Kind::Json, figures_of),
            stance_json: Streaming::new(stance.split_json(), Kind::Json, stance_of),
            dates: Streaming::new(dates, Kind::Parquet, dates_of),
            figures: Streaming::new(figures, Kind::Parquet, figures_of),
            stance: Streaming::new(stance, Kind::Parquet, stance_of),
            errors: TableFiles::new(&tmp, ErrorRow::NAME, formats),
            tmp,
            scratch,
        })
    }

    /// Appends one batch of rows, on the calling thread.
    pub fn write_batch(&mut self, batch: Batch) -> Result<()> {
        self.errors.write_rows(&batch.errors)?;
        self.articles.write_rows(&batch.articles)?;
        let batch = Arc::new(batch);
        self.dates.take(&batch)?;
        self.dates_json.take(&batch)?;
        self.figures.take(&batch)?;
        self.figures_json.take(&batch)?;
        self.stance.take(&batch)?;
        self.stance_json.take(&batch)
    }

    /// Makes the mention tables compare their rows with the tables OUTPUT shows now and
    /// copy what is the same (see `reuse`). Called before any row is written.
    pub fn reuse_previous(&mut self) {
        if self.current_run().is_none() {
            return;
        }
        let dir = commit::current_dir(&self.out);
        self.dates.match_previous(&dir);
        self.dates_json.match_previous(&dir);
        self.figures.match_previous(&dir);
        self.figures_json.match_previous(&dir);
        self.stance.match_previous(&dir);
        self.stance_json.match_previous(&dir);
    }

    /// Starts the streamed tables' writer threads, in `scope`: batches sent to the lanes
    /// are appended to the tables in the order sent.
    pub fn lanes<'scope, 'env>(
        &'env mut self,
        scope: &'scope Scope<'scope, 'env>,
    ) -> Result<Lanes<'scope, Arc<Batch>>> {
        let mut lanes = Lanes::new();
        let OutputWriter {
            articles,
            dates,
            figures,
            stance,
            errors,
            dates_json,
            figures_json,
            stance_json,
            ..
        } = self;
        // The stance table's files are the largest (its JSON holds every mention's
        // sentence), then the dates'; the small tables share a thread.
        lanes.start(scope, "write-stance", |b: Arc<Batch>| stance.take(&b))?;
        lanes.start(scope, "write-stance-json", |b: Arc<Batch>| {
            stance_json.take(&b)
        })?;
        lanes.start(scope, "write-dates", |b: Arc<Batch>| dates.take(&b))?;
        lanes.start(scope, "write-dates-json", |b: Arc<Batch>| {
            dates_json.take(&b)
        })?;
        lanes.start(scope, "write-figures", |b: Arc<Batch>| {
            figures.take(&b)?;
            figures_json.take(&b)?;
            articles.write_rows(&b.articles)?;
            errors.write_rows(&b.errors)
        })?;
        Ok(lanes)
    }

    /// Closes the streamed tables; returns rows per table, the rows copied from the
    /// previous run, and the Parquet files the end of the run reads back: articles (without
    /// their stories), stance, figures.
    pub fn close_streams(&mut self) -> Result<Closed> {
        let streamed = Streamed {
            articles: self.articles.parquet_path(),
            stance: self.stance.parquet_path(),
            figures: self.figures.parquet_path(),
        };
        // Rows are counted once per table: not for the articles (written again at the end
        // of the run) nor for the JSON halves. Each file is finished on a thread of its
        // own: in a cached run, finishing is copying and splicing.
        let finished = std::thread::scope(|scope| {
            let closing = [
                scope.spawn(|| close(&mut self.dates)),
                scope.spawn(|| close(&mut self.figures)),
                scope.spawn(|| close(&mut self.stance)),
                scope.spawn(|| close(&mut self.dates_json)),
                scope.spawn(|| close(&mut self.figures_json)),
                scope.spawn(|| close(&mut self.stance_json)),
            ];
            closing.map(|c| c.join().expect("a table writer panicked"))
        });
        let [
            dates,
            figures,
            stance,
            dates_json,
            figures_json,
            stance_json,
        ] = finished;
        let (dates, figures, stance) = (dates?, figures?, stance?);
        let copied = [
            dates,
            figures,
            stance,
            dates_json?,
            figures_json?,
            stance_json?,
        ]
        .iter()
        .map(|(_, c)| c)
        .sum();
        let mut rows = vec![
            (DateRow::NAME, dates.0),
            (FigureRow::NAME, figures.0),
            (StanceRow::NAME, stance.0),
        ];
        for t in [&mut self.articles, &mut self.errors] {
            // An empty table still gets its files, with the right schema.
            let placeholder = t.empty_like();
            let name = t.name;
            let n = std::mem::replace(t, placeholder).finish()?;
            if name == ErrorRow::NAME {
                rows.push((name, n));
            }
        }
        Ok(Closed {
            rows,
            copied,
            streamed,
        })
    }

    /// A table written at the end of the run, slice by slice, in the requested formats.
    pub fn open_table(&self, name: &'static str) -> TableFiles {
        TableFiles::new(&self.tmp, name, self.formats)
    }

    /// A scratch file of this run, removed before the run's files are committed.
    pub fn scratch_file(&self, name: &str) -> PathBuf {
        self.scratch.join(name)
    }

    /// Writes whole tables (the aggregates), each on a thread of its own: they are small
    /// beside the streamed tables, but written one after another they were most of the
    /// run's last half second, on one core.
    pub fn write_tables<const N: usize>(
        &self,
        tables: [(&'static str, &mut DataFrame); N],
    ) -> Result<()> {
        std::thread::scope(|s| {
            let threads: Vec<_> = tables
                .into_iter()
                .map(|(name, df)| {
                    std::thread::Builder::new()
                        .name(format!("write-{name}"))
                        .spawn_scoped(s, move || -> Result<()> {
                            let mut t = TableFiles::new(&self.tmp, name, self.formats);
                            t.write(df)?;
                            t.finish()?;
                            Ok(())
                        })
                        .context("starting a table writer")
                })
                .collect();
            let mut result = Ok(());
            for thread in threads {
                let written = thread.and_then(|t| t.join().expect("table writer panicked"));
                if result.is_ok() {
                    result = written;
                }
            }
            result
        })
    }

    /// Writes a finished file other than a table (the report) into the temporary directory.
    pub fn write_file(&mut self, name: &str, contents: &[u8]) -> Result<()> {
        let path = self.tmp.join(name);
        fs::write(&path, contents).with_context(|| format!("writing {}", path.display()))?;
        Ok(())
    }

    /// Writes `run.json` and makes this run's files the ones OUTPUT shows, in one step.
    pub fn commit(self, record: &RunRecord) -> Result<()> {
        fs::remove_dir_all(&self.scratch)
            .with_context(|| format!("removing {}", self.scratch.display()))?;
        let path = self.tmp.join("run.json");
        fs::write(&path, serde_json::to_string_pretty(record)? + "\n")
            .with_context(|| format!("writing {}", path.display()))?;
        let switched = commit::switch(&self.out, &self.tmp);
        if switched.is_err() {
            fs::remove_dir_all(&self.tmp).ok();
        }
        drop(self.lock);
        switched
    }

    /// The name of this run's folder, which the cache's manifest records.
    pub fn run_name(&self) -> String {
        self.tmp
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// The name of the run folder OUTPUT shows now, if any.
    pub fn current_run(&self) -> Option<String> {
        commit::current_name(&self.out)
    }

    /// Keeps the output OUTPUT shows (a run that would write the same tables): `update`
    /// turns its `run.json` into this run's, which replaces it in one rename. This run's
    /// own folder is thrown away.
    pub fn keep_current(self, update: impl FnOnce(RunRecord) -> RunRecord) -> Result<RunRecord> {
        let kept = (|| -> Result<RunRecord> {
            let dir = commit::current_dir(&self.out);
            let path = dir.join("run.json");
            let text =
                fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
            let before: RunRecord = serde_json::from_str(&text)
                .with_context(|| format!("reading {}", path.display()))?;
            let record = update(before);
            let tmp = dir.join(".run.json.tmp");
            fs::write(&tmp, serde_json::to_string_pretty(&record)? + "\n")
                .with_context(|| format!("writing {}", tmp.display()))?;
            fs::rename(&tmp, &path).with_context(|| format!("writing {}", path.display()))?;
            Ok(record)
        })();
        self.abandon();
        kept
    }

    /// Throws this run's folder away (the run failed); the previous output stays.
    pub fn abandon(self) {
        fs::remove_dir_all(&self.tmp).ok();
        drop(self.lock);
    }
}

/// Finishes a streamed file, leaving an empty one in its place.
fn close<R: Table>(s: &mut Streaming<R>) -> Result<(u64, u64)> {
    let placeholder = s.placeholder();
    std::mem::replace(s, placeholder).finish()
}

/// Replaces `OUTPUT/report.html` with `html` (the `report` command), through a temporary
/// name so a reader never sees half a page.
pub fn write_report(out: &Path, html: &str) -> Result<PathBuf> {
    let _lock = Lock::take(out)?;
    let dir = commit::current_dir(out);
    let path = dir.join("report.html");
    let tmp = dir.join(".report.html.tmp");
    fs::write(&tmp, html).with_context(|| format!("writing {}", tmp.display()))?;
    fs::rename(&tmp, &path)
        .with_context(|| format!("moving report.html into {}", dir.display()))?;
    if dir != out {
        commit::link_current(out, Path::new("report.html"))?;
    }
    Ok(out.join("report.html"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::to_frame;
    use chrono::NaiveDate;

    /// What polars' own JSON writer makes of the rows' DataFrame.
    fn polars_json<R: Table>(rows: &[R]) -> Vec<u8> {
        let mut lines = Vec::new();
        JsonWriter::new(&mut lines)
            .with_json_format(JsonFormat::JsonLines)
            .finish(&mut to_frame(rows).unwrap())
            .unwrap();
        lines
    }

    fn our_json<R: Table>(rows: &[R]) -> Vec<u8> {
        let mut lines = Vec::new();
        for row in rows {
            serde_json::to_writer(&mut lines, row).unwrap();
            lines.push(b'\n');
        }
        lines
    }

    #[test]
    fn json_rows_are_written_as_polars_writes_them() {
        let awkward = "quote \" backslash \\ tab\t line\n nul\u{0} bell\u{7} del\u{7f} \
                       unicode “Київ” € \u{2028} emoji 🇺🇦 slash /";
        let day = NaiveDate::from_ymd_opt(2025, 2, 26);
        let articles = vec![
            ArticleRow {
                article_id: 1,
                path: awkward.into(),
                format: "txt",
                source: Some("nytimes.com".into()),
                url: None,
                title: String::new(),
                published: day,
                published_from: "sidecar",
                encoding: "UTF-8",
                chars: u64::MAX,
                words: 0,
                sentences: 3,
                duplicate_of: None,
                story_id: 1,
                similarity: 1.0,
                dates: 2,
                figures: 0,
                stance: u32::MAX,
            },
            ArticleRow {
                article_id: 2,
                path: "b.md".into(),
                format: "md",
                source: None,
                url: Some("https://example.org/a?b=1&c=\"2\"".into()),
                title: awkward.into(),
                published: None,
                published_from: "none",
                encoding: "windows-1252",
                chars: 10,
                words: 2,
                sentences: 1,
                duplicate_of: Some(1),
                story_id: 1,
                similarity: 0.828125,
                dates: 0,
                figures: 1,
                stance: 0,
            },
        ];
        assert_eq!(our_json(&articles), polars_json(&articles));

        let values = [
            0.0,
            -0.0,
            0.5,
            1.0,
            12_700_000.0,
            350e9,
            1e16,
            1.5e-7,
            123.456,
            1e300,
            -42.0,
            f64::NAN,
            f64::INFINITY,
        ];
        let figures: Vec<FigureRow> = values
            .iter()
            .enumerate()
            .map(|(i, &v)| FigureRow {
                article_id: i as u64,
                sentence: i as u32,
                start: 0,
                end: 10,
                text: awkward.into(),
                value: v,
                value_high: (i % 2 == 0).then_some(v * 3.0),
                unit: "USD".into(),
                kind: "money",
                qualifier: "approx",
            })
            .collect();
        assert_eq!(our_json(&figures), polars_json(&figures));

        let stance: Vec<StanceRow> = (0..3)
            .map(|i| StanceRow {
                article_id: 7,
                sentence: i,
                start: 1,
                end: 2,
                term: "security guarantees".into(),
                topic: "security_guarantee".into(),
                negated: i == 0,
                hedged: i == 1,
                quoted: i == 2,
                actors: (0..i).map(|k| format!("actor \"{k}\"")).collect(),
                holder: (i == 2).then(|| "actor \"1\"".into()),
                cue: (i == 1).then(|| "would not".into()),
                sentence_text: awkward.into(),
            })
            .collect();
        assert_eq!(our_json(&stance), polars_json(&stance));

        let dates = vec![DateRow {
            article_id: 3,
            sentence: 0,
            start: 5,
            end: 9,
            text: "last week".into(),
            kind: "relative",
            granularity: "week",
            date_start: day,
            date_end: None,
        }];
        assert_eq!(our_json(&dates), polars_json(&dates));

        let errors = vec![ErrorRow {
            path: awkward.into(),
            stage: "ingest",
            kind: "malformed",
            message: "line 3: expected ','".into(),
        }];
        assert_eq!(our_json(&errors), polars_json(&errors));
    }
}
