//! Segments: the per-file results of one run's extractions, as Parquet tables in a folder
//! of their own (`segments/<n>/`), in walk order.
//!
//! A segment holds the streamed tables' rows as the run wrote them (`articles`, `dates`,
//! `figures`, `stance`, `errors`), each article's row with its text fingerprint, sketch and
//! furniture witness beside it, and a `files` table saying, file by file, how many article
//! and error rows are its. Rows are read back in the order they were written, one slice at
//! a time, so a later run walking the corpus in the same order takes each unchanged file's
//! rows from a cursor per segment, and memory holds a slice per segment, not the corpus.

use crate::output::TableFiles;
use crate::report::read::{u32s, u64s};
use crate::sliced::Sliced;
use crate::tables::{ArticleRow, DateRow, ErrorRow, FigureRow, Records, StanceRow, Table};
use anyhow::{Context, Result, bail};
use covtrack_core::records::Values;
use covtrack_core::sketch::{SKETCH_LEN, Sketch};
use polars::prelude::*;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, sync_channel};

/// Rows decoded at a time from each table of a segment: its row groups' size, so each
/// group is decompressed once (a slice across two groups decompresses both).
const SLICE: usize = crate::output::ROW_GROUP_ROWS;

/// One article as a segment stores it: its rows and what the run keeps beside them.
pub struct CachedArticle {
    pub records: Records,
    pub fingerprint: u64,
    pub sketch: Sketch,
    /// The keys of its body lines learned furniture could drop
    /// ([`covtrack_core::ingest::recurring::witness`]).
    pub witness: Box<[u32]>,
}

/// One file's results as a segment stores them.
pub struct CachedFile {
    pub articles: Vec<CachedArticle>,
    pub errors: Vec<ErrorRow>,
    pub out_of_range: u64,
    pub bytes: u64,
}

/// A segment being written: one file's results at a time, in walk order.
pub struct SegmentWriter {
    dir: PathBuf,
    files: TableFiles,
    articles: TableFiles,
    dates: TableFiles,
    figures: TableFiles,
    stance: TableFiles,
    errors: TableFiles,
    written: u64,
}

impl SegmentWriter {
    pub fn create(dir: &Path) -> Result<SegmentWriter> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let table = |name| TableFiles::parquet_only(dir, name);
        Ok(SegmentWriter {
            dir: dir.to_path_buf(),
            files: table("files"),
            articles: table(ArticleRow::NAME),
            dates: table(DateRow::NAME),
            figures: table(FigureRow::NAME),
            stance: table(StanceRow::NAME),
            errors: table(ErrorRow::NAME),
            written: 0,
        })
    }

    /// Files written so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Appends the results of some files, in walk order.
    pub fn write(&mut self, files: &[Stored]) -> Result<()> {
        if files.is_empty() {
            return Ok(());
        }
        let mut rels = Vec::with_capacity(files.len());
        let (mut n_articles, mut n_errors, mut out_of_range, mut bytes) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut batch = crate::tables::Batch::default();
        let (mut fingerprints, mut shingles, mut sketches, mut witnesses) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for f in files {
            rels.push(f.rel);
            n_articles.push(f.articles.len() as u32);
            n_errors.push(f.errors.len() as u32);
            out_of_range.push(f.out_of_range);
            bytes.push(f.bytes);
            for a in &f.articles {
                batch.push(a.records.clone());
                fingerprints.push(a.fingerprint);
                shingles.push(a.sketch.shingles);
                sketches.push(
                    a.sketch
                        .bins
                        .iter()
                        .flat_map(|b| b.to_le_bytes())
                        .collect::<Vec<u8>>(),
                );
                witnesses.push(
                    a.witness
                        .iter()
                        .flat_map(|k| k.to_le_bytes())
                        .collect::<Vec<u8>>(),
                );
            }
            batch.errors.extend(f.errors.iter().cloned());
        }
        let mut files_frame = DataFrame::new(
            rels.len(),
            vec![
                Series::new("path".into(), rels).into(),
                Series::new("articles".into(), n_articles).into(),
                Series::new("errors".into(), n_errors).into(),
                Series::new("out_of_range".into(), out_of_range).into(),
                Series::new("bytes".into(), bytes).into(),
            ],
        )?;
        self.files.write(&mut files_frame)?;
        let mut articles = crate::tables::to_frame(&batch.articles)?;
        articles.hstack_mut(&[
            Series::new("fingerprint".into(), fingerprints).into(),
            Series::new("shingles".into(), shingles).into(),
            Series::new("sketch".into(), sketches).into(),
            Series::new("witness".into(), witnesses).into(),
        ])?;
        self.articles.write(&mut articles)?;
        self.dates.write_rows(&batch.dates)?;
        self.figures.write_rows(&batch.figures)?;
        self.stance.write_rows(&batch.stance)?;
        self.errors.write_rows(&batch.errors)?;
        self.written += files.len() as u64;
        Ok(())
    }

    /// Closes the segment's tables; a segment with no file in it is removed.
    pub fn finish(self) -> Result<()> {
        let empty = self.written == 0;
        for t in [
            self.files,
            self.articles,
            self.dates,
            self.figures,
            self.stance,
            self.errors,
        ] {
            t.finish()?;
        }
        if empty {
            std::fs::remove_dir_all(&self.dir).ok();
        }
        Ok(())
    }
}

/// One file's results borrowed for writing into a segment.
pub struct Stored<'a> {
    pub rel: &'a str,
    pub articles: Vec<CachedArticleRef<'a>>,
    pub errors: &'a [ErrorRow],
    /// Articles read but left out by --since/--until.
    pub out_of_range: u64,
    pub bytes: u64,
}

/// An article's results borrowed for writing into a segment.
pub struct CachedArticleRef<'a> {
    pub records: &'a Records,
    pub fingerprint: u64,
    pub sketch: &'a Sketch,
    pub witness: &'a [u32],
}

/// What the `files` table says of one file.
struct FileInfo {
    rel: String,
    articles: usize,
    errors: usize,
    out_of_range: u64,
    bytes: u64,
}

/// A cursor over one segment, in the order its files were written.
pub struct SegmentReader {
    files: VecDeque<FileInfo>,
    articles: Rows<ArticleExtra>,
    dates: Rows<DateRow>,
    figures: Rows<FigureRow>,
    stance: Rows<StanceRow>,
    errors: Rows<ErrorRow>,
}

impl SegmentReader {
    pub fn open(dir: &Path) -> Result<SegmentReader> {
        let files = Sliced::open(&dir.join("files.parquet"))?;
        let frame = files.read(None, 0, files.rows())?;
        let rels = crate::report::read::strs(frame.column("path")?)?;
        let articles = u32s(frame.column("articles")?)?;
        let errors = u32s(frame.column("errors")?)?;
        let out_of_range = u64s(frame.column("out_of_range")?)?;
        let bytes = u64s(frame.column("bytes")?)?;
        let files = rels
            .into_iter()
            .enumerate()
            .map(|(i, rel)| FileInfo {
                rel: rel.unwrap_or_default(),
                articles: articles[i] as usize,
                errors: errors[i] as usize,
                out_of_range: out_of_range[i],
                bytes: bytes[i],
            })
            .collect();
        Ok(SegmentReader {
            files,
            articles: Rows::new(dir.join("articles.parquet")),
            dates: Rows::new(dir.join("dates.parquet")),
            figures: Rows::new(dir.join("figures.parquet")),
            stance: Rows::new(dir.join("stance.parquet")),
            errors: Rows::new(dir.join("errors.parquet")),
        })
    }

    /// The next file's path and results, in the order the files were written.
    pub fn next_file(&mut self) -> Result<Option<(String, CachedFile)>> {
        let Some(f) = self.files.pop_front() else {
            return Ok(None);
        };
        let extras = self.articles.take(f.articles)?;
        let mut articles = Vec::with_capacity(extras.len());
        for e in extras {
            let a = &e.row;
            let dates = self.dates.take(a.dates as usize)?;
            let figures = self.figures.take(a.figures as usize)?;
            let stance = self.stance.take(a.stance as usize)?;
            let mut records = Records {
                article: e.row,
                dates,
                figures,
                stance,
            };
            // Links to other articles are the run's to make again.
            records.article.duplicate_of = None;
            articles.push(CachedArticle {
                records,
                fingerprint: e.fingerprint,
                sketch: e.sketch,
                witness: e.witness,
            });
        }
        let file = CachedFile {
            articles,
            errors: self.errors.take(f.errors)?,
            out_of_range: f.out_of_range,
            bytes: f.bytes,
        };
        Ok(Some((f.rel, file)))
    }
}

/// A segment read ahead on a thread of its own, so decoding its rows overlaps the run's
/// other work; files are asked for in walk order, the order they were written in.
pub struct Prefetched {
    files: std::sync::mpsc::Receiver<Result<(String, CachedFile)>>,
    /// A file read ahead of the one asked for.
    ahead: Option<(String, CachedFile)>,
}

/// Files a segment's reader thread may hold decoded ahead of the run.
const AHEAD: usize = 256;

impl Prefetched {
    pub fn open(dir: &Path) -> Result<Prefetched> {
        let mut reader = SegmentReader::open(dir)?;
        let (to_run, files) = std::sync::mpsc::sync_channel(AHEAD);
        let spawned = std::thread::Builder::new()
            .name("segment-read".into())
            .spawn(move || {
                loop {
                    let next = reader.next_file().transpose();
                    let Some(next) = next else { break };
                    let failed = next.is_err();
                    // The run stopped asking (it ended, or failed): so does the reader.
                    if to_run.send(next).is_err() || failed {
                        break;
                    }
                }
            });
        spawned.context("starting a segment reader")?;
        Ok(Prefetched { files, ahead: None })
    }

    /// The results of file `rel`, passing over the files written before it that no one
    /// asks for (changed or removed since); `None` when the segment does not hold it.
    pub fn take(&mut self, rel: &str) -> Result<Option<CachedFile>> {
        loop {
            let (got, file) = match self.ahead.take() {
                Some(ahead) => ahead,
                None => match self.files.recv() {
                    Ok(next) => next?,
                    Err(_) => return Ok(None),
                },
            };
            match got.as_str().cmp(rel) {
                std::cmp::Ordering::Less => continue,
                std::cmp::Ordering::Equal => return Ok(Some(file)),
                std::cmp::Ordering::Greater => {
                    self.ahead = Some((got, file));
                    return Ok(None);
                }
            }
        }
    }
}

/// An article row with what a segment keeps beside it.
struct ArticleExtra {
    row: ArticleRow,
    fingerprint: u64,
    sketch: Sketch,
    witness: Box<[u32]>,
}

/// Rows of one table decoded from a frame of it.
fn decode<T: Table>(frame: &DataFrame) -> Result<Vec<T>> {
    T::from_columns(frame.height(), |name| {
        frame.column(name).ok().and_then(|c| values(c).ok())
    })
    .with_context(|| {
        format!(
            "the cached {} rows do not have the table's columns",
            T::NAME
        )
    })
}

/// A table's rows read in order, a slice at a time. Each table of a segment is decoded on
/// a thread of its own, a few slices ahead: decoding the stance rows alone took as long as
/// everything else in a run that takes most rows from the cache, and on one thread the
/// tables waited for each other.
struct Rows<T> {
    path: PathBuf,
    /// The slices decoded ahead, once the first rows are wanted (a segment's file of a
    /// table may have no rows to give).
    slices: Option<Receiver<Result<Vec<T>>>>,
    buffer: VecDeque<T>,
}

/// Slices a table's reader thread may hold decoded ahead.
const SLICES_AHEAD: usize = 1;

impl<T: DecodeRows + Send + 'static> Rows<T> {
    fn new(path: PathBuf) -> Rows<T> {
        Rows {
            path,
            slices: None,
            buffer: VecDeque::new(),
        }
    }

    /// Starts the thread that decodes the file's rows in order, a slice at a time.
    fn start(path: &Path) -> Result<Receiver<Result<Vec<T>>>> {
        let (to_rows, slices) = sync_channel(SLICES_AHEAD);
        let path = path.to_path_buf();
        let name = path
            .file_stem()
            .map_or_else(String::new, |s| format!("segment-{}", s.to_string_lossy()));
        std::thread::Builder::new()
            .name(name)
            .spawn(move || {
                let mut read = 0;
                let decoded = (|| -> Result<()> {
                    let file = Sliced::open(&path)?;
                    loop {
                        let frame = file.read(None, read, SLICE)?;
                        if frame.height() == 0 {
                            return Ok(());
                        }
                        read += frame.height();
                        // The run stopped asking (it ended, or failed): so does the thread.
                        if to_rows.send(T::decode_rows(&frame)).is_err() {
                            return Ok(());
                        }
                    }
                })();
                if let Err(e) = decoded {
                    to_rows.send(Err(e)).ok();
                }
            })
            .context("starting a segment's table reader")?;
        Ok(slices)
    }

    fn fill(&mut self, n: usize) -> Result<()> {
        while self.buffer.len() < n {
            let slices = match &mut self.slices {
                Some(s) => s,
                None => self.slices.insert(Self::start(&self.path)?),
            };
            match slices.recv() {
                Ok(rows) => self.buffer.extend(rows?),
                Err(_) => bail!(
                    "{} ends before the rows its files table counts",
                    self.path.display()
                ),
            }
        }
        Ok(())
    }

    fn take(&mut self, n: usize) -> Result<Vec<T>> {
        self.fill(n)?;
        Ok(self.buffer.drain(..n).collect())
    }
}

/// How a cursor decodes the rows of its table.
trait DecodeRows: Sized {
    fn decode_rows(frame: &DataFrame) -> Result<Vec<Self>>;
}

impl<T: Table> DecodeRows for T {
    fn decode_rows(frame: &DataFrame) -> Result<Vec<T>> {
        decode(frame)
    }
}

impl DecodeRows for ArticleExtra {
    fn decode_rows(frame: &DataFrame) -> Result<Vec<ArticleExtra>> {
        let rows: Vec<ArticleRow> = decode(frame)?;
        let fingerprints = u64s(frame.column("fingerprint")?)?;
        let shingles = u32s(frame.column("shingles")?)?;
        let sketches = binaries(frame.column("sketch")?)?;
        let witnesses = binaries(frame.column("witness")?)?;
        let mut out = Vec::with_capacity(rows.len());
        for (i, (row, (sketch, witness))) in rows
            .into_iter()
            .zip(sketches.into_iter().zip(witnesses))
            .enumerate()
        {
            if sketch.len() != SKETCH_LEN * 4 || witness.len() % 4 != 0 {
                bail!("a cached sketch or witness has the wrong length");
            }
            let mut bins = [0u32; SKETCH_LEN];
            for (b, c) in bins.iter_mut().zip(sketch.chunks_exact(4)) {
                *b = u32::from_le_bytes(c.try_into().expect("4 bytes"));
            }
            out.push(ArticleExtra {
                row,
                fingerprint: fingerprints[i],
                sketch: Sketch {
                    bins,
                    shingles: shingles[i],
                },
                witness: witness
                    .chunks_exact(4)
                    .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
                    .collect(),
            });
        }
        Ok(out)
    }
}

fn binaries(c: &Column) -> Result<Vec<Vec<u8>>> {
    Ok(c.as_materialized_series()
        .binary()?
        .iter()
        .map(|v| v.map(<[u8]>::to_vec).unwrap_or_default())
        .collect())
}

/// A column as the values a row field is rebuilt from, by its type.
fn values(c: &Column) -> Result<Values> {
    let s = c.as_materialized_series();
    Ok(match s.dtype() {
        DataType::UInt32 => Values::U32(s.u32()?.iter().map(|v| v.unwrap_or(0)).collect()),
        DataType::UInt64 => Values::U64(s.u64()?.iter().collect()),
        DataType::Float64 => Values::F64(s.f64()?.iter().collect()),
        DataType::Boolean => Values::Bool(s.bool()?.iter().map(|v| v.unwrap_or(false)).collect()),
        DataType::String => Values::Str(s.str()?.iter().map(|v| v.map(str::to_string)).collect()),
        DataType::Date => Values::Date(crate::report::read::dates(c)?),
        DataType::List(_) => Values::StrList(crate::report::read::str_lists(c)?),
        other => bail!("a cached column of type {other} is not one a table has"),
    })
}
