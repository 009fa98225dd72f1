//! The orchestrator: discovery, then batches of files read and analysed in parallel, then
//! rows appended in order to the output tables and counted into the aggregates.
//!
//! Parallelism lives here alone: each batch is a `par_iter` over files whose results come
//! back in input order, so ids, duplicate marking and row order are the same on every run
//! and with any number of threads. Memory holds one batch of articles at a time; what
//! outlives a batch is a 12-byte fingerprint slot per article, for duplicate marking, and
//! the aggregate counts, which follow the distinct cells and figure values.

use crate::aggregate::{self, Aggregates, Aggregator};
use crate::article::Article;
use crate::cli::RunConfig;
use crate::discover::{Found, Role, walk};
use crate::extract::{self, Extraction};
use crate::ingest::{self, FileResult, InputError, MetaIndex};
use crate::lexicon::Lexicon;
use crate::output::{ArticleRow, Batch, DateRow, ErrorRow, FigureRow, OutputWriter, StanceRow};
use crate::report;
use crate::text::{CharOffsets, Doc};
use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// An article with its analysed text and what was extracted from it.
#[derive(Debug)]
pub struct Analysed {
    pub article: Article,
    pub doc: Doc,
    pub extraction: Extraction,
    /// Fingerprint of the cleaned text, for exact-duplicate marking.
    pub fingerprint: u64,
}

/// Analyses one article: sentences, then every extractor.
pub fn analyse(article: Article, lexicon: &Lexicon) -> Analysed {
    let doc = Doc::new(&article.title, &article.body);
    let mut extraction = extract::extract(&doc, article.published, lexicon);
    extraction.dates.sort_by_key(|m| (m.span.start, m.span.end));
    extraction
        .figures
        .sort_by_key(|m| (m.span.start, m.span.end));
    extraction.stance.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.topic).cmp(&(b.span.start, b.span.end, &b.topic))
    });
    let fingerprint = fingerprint(&article);
    Analysed {
        article,
        doc,
        extraction,
        fingerprint,
    }
}

/// Fingerprint of an article's cleaned text with white space normalised: the body, or the
/// headline for a headline-only record.
fn fingerprint(article: &Article) -> u64 {
    let text = if article.body.trim().is_empty() {
        &article.title
    } else {
        &article.body
    };
    let mut normalised = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !normalised.is_empty() {
            normalised.push(' ');
        }
        normalised.push_str(word);
    }
    xxhash_rust::xxh3::xxh3_64(normalised.as_bytes())
}

/// Counts and timings of a finished run (the `counts` and `seconds` of run.json).
#[derive(Debug, Clone, Default, Serialize)]
pub struct RunCounts {
    pub files_found: u64,
    pub metadata_files: u64,
    pub article_files: u64,
    pub failed_files: u64,
    pub articles: u64,
    pub duplicates: u64,
    pub undated: u64,
    pub out_of_range: u64,
    pub error_rows: u64,
    pub bytes: u64,
}

/// What a run reports back to the caller.
#[derive(Debug, Clone, Serialize)]
pub struct RunSummary {
    pub counts: RunCounts,
    pub seconds: Seconds,
    pub rows: Vec<(String, u64)>,
}

/// Wall-clock seconds per phase, plus the thread-seconds spent in the parallel stages.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Seconds {
    pub discover: f64,
    pub ingest_thread_seconds: f64,
    pub extract_thread_seconds: f64,
    /// Wall time from the first batch to the last one handed to the writer.
    pub read_and_extract: f64,
    /// Time the writer thread spent appending batches, overlapping `read_and_extract`.
    pub write: f64,
    /// Counting batches into the aggregates (on the writer thread, overlapping
    /// `read_and_extract`) plus building the aggregate tables at the end.
    pub aggregate: f64,
    pub total: f64,
}

/// The first article of each distinct cleaned text, by fingerprint, for duplicate marking.
/// At a million articles this is the run's largest structure, so a slot is 12 bytes (the
/// 64-bit fingerprint as two halves and a 32-bit id) rather than 16, and the map is sized
/// up front (growing one of a million entries briefly holds two). Ids past `u32::MAX` are
/// not remembered: a run of four billion articles is far beyond this map's memory anyway.
struct Originals(HashMap<[u32; 2], u32, rustc_hash::FxBuildHasher>);

impl Originals {
    fn with_capacity(n: usize) -> Originals {
        Originals(HashMap::with_capacity_and_hasher(n, Default::default()))
    }

    /// The id of the first article with fingerprint `fp`; `None`, remembering `id`, if
    /// this is the first.
    fn first_of(&mut self, fp: u64, id: u64) -> Option<u64> {
        let key = [(fp >> 32) as u32, fp as u32];
        if let Some(&first) = self.0.get(&key) {
            return Some(first as u64);
        }
        if let Ok(id) = u32::try_from(id) {
            self.0.insert(key, id);
        }
        None
    }
}

/// What the writer thread hands back: its busy times, the counted aggregates and the
/// evidence chosen for the report.
struct Counted {
    writing: Duration,
    counting: Duration,
    aggregator: Aggregator,
    evidence: report::Evidence,
}

/// Rows per table, the aggregates and the report's evidence, once every batch is written.
type Finished = (Vec<(String, u64)>, Aggregates, report::Evidence);

/// One file's worth of rows, built in parallel (article ids are filled in afterwards).
struct FileRows {
    analysed: Vec<RowSet>,
    /// Articles read but left out by --since/--until.
    out_of_range: u64,
    errors: Vec<InputError>,
    ingest_time: Duration,
    extract_time: Duration,
    bytes: u64,
}

/// Loads the lexicon the config names, or the built-in one.
pub fn load_lexicon(path: Option<&std::path::Path>) -> Result<Lexicon> {
    match path {
        None => Ok(Lexicon::default_lexicon()),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("reading lexicon {}", p.display()))?;
            Lexicon::from_toml(&text).with_context(|| format!("in lexicon {}", p.display()))
        }
    }
}

/// Runs the pipeline as configured.
pub fn run(config: &RunConfig) -> Result<RunSummary> {
    let started = Instant::now();
    let lexicon = load_lexicon(config.lexicon.as_deref())?;
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = config.threads {
        pool = pool.num_threads(n);
    }
    let pool = pool.build().context("starting worker threads")?;

    // Two walks keep memory flat however many files there are: the first counts article
    // files and keeps only metadata files and errors; the second streams the articles.
    let mut article_files = 0u64;
    let mut metadata = Vec::new();
    let mut walk_errors = Vec::new();
    for item in walk(&config.input, Some(&config.output)) {
        match item {
            Ok(f) if f.role == Role::Articles => article_files += 1,
            Ok(f) => metadata.push(f),
            Err(e) => walk_errors.push(e),
        }
    }
    let (index, meta_errors) = MetaIndex::load(&metadata, &config.ingest);
    let mut seconds = Seconds {
        discover: started.elapsed().as_secs_f64(),
        ..Default::default()
    };
    let mut counts = RunCounts {
        files_found: metadata.len() as u64 + walk_errors.len() as u64,
        metadata_files: metadata.len() as u64,
        failed_files: walk_errors.len() as u64,
        ..Default::default()
    };

    let mut out = OutputWriter::create(&config.output, config.formats)?;
    let result = (|| -> Result<Finished> {
        let mut first = Batch::default();
        first.errors.extend(walk_errors.iter().map(|e| ErrorRow {
            path: e.rel.clone(),
            stage: "discover",
            kind: "unreadable",
            message: e.message.clone(),
        }));
        first.errors.extend(meta_errors.into_iter().map(error_row));
        out.write_batch(&first)?;
        counts.error_rows += first.errors.len() as u64;

        // Errors of the second walk were met by the first one and are already rows.
        let mut sources = walk(&config.input, Some(&config.output))
            .filter_map(Result::ok)
            .filter(|f| f.role == Role::Articles);
        let progress = progress_bar(article_files, config.quiet);
        let mut originals = Originals::with_capacity(article_files as usize);
        let mut next_id = 1u64;
        let work_started = Instant::now();
        // Fault injection for the test that a failed run leaves the previous output whole.
        let fail_after: Option<usize> = std::env::var("COVTRACK_FAIL_AFTER_BATCHES")
            .ok()
            .and_then(|v| v.parse().ok());
        // A writer thread appends each finished batch to the tables, counts it into the
        // aggregates and offers its sentences to the report's evidence, while the workers
        // analyse the next one; the channel holds one batch, so at most three are in memory.
        let (to_writer, batches) = std::sync::mpsc::sync_channel::<Batch>(1);
        let out_ref = &mut out;
        let period = config.period;
        let focus = config.focus.as_str();
        let (produced, written) = std::thread::scope(|scope| {
            let writer = scope.spawn(move || -> Result<Counted> {
                let mut counted = Counted {
                    writing: Duration::ZERO,
                    counting: Duration::ZERO,
                    aggregator: Aggregator::new(period),
                    evidence: report::Evidence::new(focus, period),
                };
                for batch in batches {
                    let t = Instant::now();
                    out_ref.write_batch(&batch)?;
                    let w = t.elapsed();
                    counted.aggregator.add(&batch);
                    counted.evidence.add(&batch);
                    counted.writing += w;
                    counted.counting += t.elapsed() - w;
                }
                Ok(counted)
            });
            let produced = (|| -> Result<()> {
                for batch_no in 0.. {
                    let chunk: Vec<Found> = sources.by_ref().take(config.batch_size).collect();
                    if chunk.is_empty() {
                        break;
                    }
                    if fail_after.is_some_and(|n| batch_no >= n) {
                        anyhow::bail!(
                            "injected failure after {batch_no} batches (COVTRACK_FAIL_AFTER_BATCHES)"
                        );
                    }
                    let files: Vec<FileRows> = pool.install(|| {
                        chunk
                            .par_iter()
                            .map(|f| read_and_analyse(f, &index, config, &lexicon))
                            .collect()
                    });
                    let mut batch = Batch::default();
                    for rows in files {
                        seconds.ingest_thread_seconds += rows.ingest_time.as_secs_f64();
                        seconds.extract_thread_seconds += rows.extract_time.as_secs_f64();
                        counts.bytes += rows.bytes;
                        counts.out_of_range += rows.out_of_range;
                        if rows.analysed.is_empty() && rows.out_of_range == 0 {
                            counts.failed_files += 1;
                        } else {
                            counts.article_files += 1;
                        }
                        counts.files_found += 1;
                        counts.error_rows += rows.errors.len() as u64;
                        batch.errors.extend(rows.errors.into_iter().map(error_row));
                        for (mut article, fp, dates, figures, stance) in rows.analysed {
                            let id = next_id;
                            next_id += 1;
                            article.article_id = id;
                            if let Some(first) = originals.first_of(fp, id) {
                                article.duplicate_of = Some(first);
                                counts.duplicates += 1;
                            }
                            counts.articles += 1;
                            if article.published.is_none() {
                                counts.undated += 1;
                            }
                            batch.articles.push(article);
                            batch.dates.extend(dates.into_iter().map(|r| DateRow {
                                article_id: id,
                                ..r
                            }));
                            batch.figures.extend(figures.into_iter().map(|r| FigureRow {
                                article_id: id,
                                ..r
                            }));
                            batch.stance.extend(stance.into_iter().map(|r| StanceRow {
                                article_id: id,
                                ..r
                            }));
                        }
                    }
                    if to_writer.send(batch).is_err() {
                        // The writer stopped on an error, which its join reports.
                        break;
                    }
                    progress.inc(chunk.len() as u64);
                }
                Ok(())
            })();
            drop(to_writer);
            (produced, writer.join().expect("writer thread panicked"))
        });
        produced?;
        let counted = written?;
        progress.finish_and_clear();
        // The fingerprints are done with; at a million articles they are tens of megabytes
        // the aggregate tables and the report can use.
        drop(originals);
        seconds.read_and_extract = work_started.elapsed().as_secs_f64();
        seconds.write = counted.writing.as_secs_f64();
        let mut rows: Vec<(String, u64)> = out
            .close_streams()?
            .into_iter()
            .map(|(n, r)| (n.to_string(), r))
            .collect();
        let t = Instant::now();
        let mut aggregates = counted
            .aggregator
            .finish(&aggregate::Vocabulary::of(&lexicon))?;
        for (name, df) in [
            ("timeline", &mut aggregates.timeline),
            ("actor_timeline", &mut aggregates.actor_timeline),
            ("figure_timeline", &mut aggregates.figure_timeline),
            ("terms", &mut aggregates.terms),
            ("sources", &mut aggregates.sources),
        ] {
            rows.push((name.to_string(), df.height() as u64));
            out.write_table(name, df)?;
        }
        seconds.aggregate = counted.counting.as_secs_f64() + t.elapsed().as_secs_f64();
        Ok((rows, aggregates, counted.evidence))
    })();
    let (rows, aggregates, evidence) = match result {
        Ok(done) => done,
        Err(e) => {
            out.abandon();
            return Err(e);
        }
    };
    seconds.total = started.elapsed().as_secs_f64();
    let summary = RunSummary {
        counts,
        seconds,
        rows,
    };
    let run_json = run_json(config, &lexicon, &summary);
    // Drawn from what the run counted, without reading the tables back.
    let report = report::render(
        &aggregates,
        &evidence,
        &report::ReportOptions {
            focus: config.focus.clone(),
            period: config.period,
            run: Some(run_json.clone()),
        },
    );
    match report {
        Ok(html) => out.write_file("report.html", html.as_bytes())?,
        Err(e) => {
            out.abandon();
            return Err(e.context("building report.html"));
        }
    }
    out.commit(&run_json)?;
    Ok(summary)
}

/// Reads one file and analyses its articles in the publication range (runs on a worker).
fn read_and_analyse(
    f: &Found,
    index: &MetaIndex,
    config: &RunConfig,
    lexicon: &Lexicon,
) -> FileRows {
    let t = Instant::now();
    let bytes = std::fs::metadata(&f.path).map(|m| m.len()).unwrap_or(0);
    let FileResult { articles, errors } = ingest::read_file(f, index, &config.ingest);
    let ingest_time = t.elapsed();
    let t = Instant::now();
    let read = articles.len();
    let analysed: Vec<RowSet> = articles
        .into_iter()
        .filter(|a| in_range(a, config))
        .map(|a| to_rows(analyse(a, lexicon)))
        .collect();
    FileRows {
        out_of_range: (read - analysed.len()) as u64,
        analysed,
        errors,
        ingest_time,
        extract_time: t.elapsed(),
        bytes,
    }
}

fn in_range(a: &Article, config: &RunConfig) -> bool {
    match a.published {
        None => true,
        Some(d) => config.since.is_none_or(|s| d >= s) && config.until.is_none_or(|u| d <= u),
    }
}

fn error_row(e: InputError) -> ErrorRow {
    ErrorRow {
        path: e.path,
        stage: e.stage,
        kind: e.kind,
        message: e.message,
    }
}

fn progress_bar(total: u64, quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} files {per_sec} eta {eta}")
            .expect("valid template"),
    );
    bar
}

type RowSet = (
    ArticleRow,
    u64,
    Vec<DateRow>,
    Vec<FigureRow>,
    Vec<StanceRow>,
);

/// Converts an analysed article into table rows, with character offsets.
fn to_rows(a: Analysed) -> RowSet {
    let Analysed {
        article,
        doc,
        extraction,
        fingerprint,
    } = a;
    let text = &doc.text;
    let mut offsets = CharOffsets::new(text);
    // Sentence index and character offsets of a mention.
    let mut locate = |sentence: usize, span: &std::ops::Range<usize>| {
        (
            sentence as u32,
            offsets.at(span.start) as u64,
            offsets.at(span.end) as u64,
        )
    };
    let chars = text.chars().count() as u64;
    let dates: Vec<DateRow> = extraction
        .dates
        .iter()
        .map(|m| {
            let (sentence, start, end) = locate(m.sentence, &m.span);
            DateRow {
                article_id: 0,
                sentence,
                start,
                end,
                text: text[m.span.clone()].to_string(),
                kind: m.kind.as_str(),
                granularity: m.granularity.as_str(),
                date_start: m.date_start,
                date_end: m.date_end,
            }
        })
        .collect();
    let figures: Vec<FigureRow> = extraction
        .figures
        .iter()
        .map(|m| {
            let (sentence, start, end) = locate(m.sentence, &m.span);
            FigureRow {
                article_id: 0,
                sentence,
                start,
                end,
                text: text[m.span.clone()].to_string(),
                value: m.value,
                value_high: m.value_high,
                unit: m.unit.clone(),
                kind: m.kind.as_str(),
                qualifier: m.qualifier.as_str(),
            }
        })
        .collect();
    let stance: Vec<StanceRow> = extraction
        .stance
        .iter()
        .map(|m| {
            let (sentence, start, end) = locate(m.sentence, &m.span);
            StanceRow {
                article_id: 0,
                sentence,
                start,
                end,
                term: m.term.clone(),
                topic: m.topic.clone(),
                negated: m.negated,
                hedged: m.hedged,
                quoted: m.quoted,
                actors: m.actors.clone(),
                cue: m.cue.clone(),
                sentence_text: doc
                    .sentences
                    .get(m.sentence)
                    .map(|s| text[s.span.clone()].to_string())
                    .unwrap_or_default(),
            }
        })
        .collect();
    let row = ArticleRow {
        article_id: 0,
        path: article.path,
        format: article.format.as_str(),
        source: article.source,
        url: article.url,
        title: article.title,
        published: article.published,
        published_from: article.published_from.as_str(),
        encoding: article.encoding,
        chars,
        words: doc.word_count() as u64,
        sentences: doc.sentences.len() as u64,
        duplicate_of: None,
        dates: dates.len() as u32,
        figures: figures.len() as u32,
        stance: stance.len() as u32,
    };
    (row, fingerprint, dates, figures, stance)
}

fn run_json(config: &RunConfig, lexicon: &Lexicon, s: &RunSummary) -> serde_json::Value {
    serde_json::json!({
        "version": env!("CARGO_PKG_VERSION"),
        "input": config.input.display().to_string(),
        "output": config.output.display().to_string(),
        "options": {
            "lexicon": config.lexicon.as_ref().map(|p| p.display().to_string()),
            "period": config.period.as_str(),
            "formats": {"parquet": config.formats.parquet, "json": config.formats.json},
            "threads": config.threads.unwrap_or_else(rayon::current_num_threads),
            "since": config.since.map(|d| d.to_string()),
            "until": config.until.map(|d| d.to_string()),
            "strict": config.strict,
            "fields": config.field_specs,
            "max_file_bytes": config.ingest.max_file_bytes,
            "batch_size": config.batch_size,
        },
        "lexicon_hash": lexicon.hash(),
        "counts": s.counts,
        "seconds": s.seconds,
        "rows": s.rows.iter().map(|(n, r)| (n.clone(), serde_json::json!(r))).collect::<serde_json::Map<_, _>>(),
    })
}
