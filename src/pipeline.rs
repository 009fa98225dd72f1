//! The orchestrator: discovery, then batches of files read and analysed in parallel, then
//! rows appended in order to the output tables and each article's sketch to the stories'
//! spill; then the stories found, the rows read back with them into the articles and
//! stories tables and the aggregates ([`crate::replay`]), then the report and `run.json`.
//!
//! Parallelism lives here alone: each batch is a `par_iter` over files whose results come
//! back in input order, so ids, duplicate marking and row order are the same on every run
//! and with any number of threads. Memory holds one batch of articles at a time; what
//! outlives a batch is a 12-byte fingerprint slot per article, for duplicate marking, the
//! 12 bytes of each article's story, and the aggregate counts, which follow the distinct
//! cells and figure values.

use crate::aggregate::{Aggregates, Aggregator, Vocabulary};
use crate::cli::RunConfig;
use crate::discover::{WalkError, walk};
use crate::output::OutputWriter;
use crate::replay::{self, Found as StoriesFound};
use crate::report;
use crate::run_record::{Corpus, FormatsRecord, RunCounts, RunOptions, RunRecord, Seconds};
use crate::stories::{self, Spill, StoryInput};
use crate::tables::{Batch, ErrorRow, Records};
use anyhow::{Context, Result};
use covtrack_core::budget::{self, Abandoned};
use covtrack_core::ingest::{self, FileResult, MetaIndex};
use covtrack_core::sketch::Sketch;
use covtrack_core::source::{Found, Role};
use covtrack_core::{Article, analyse};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};
use std::time::{Duration, Instant};

/// Set when the user asks the run to stop (Ctrl-C, SIGTERM): the run stops before its next
/// batch, throws its folder away and leaves the previous output as it was.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Asks a running pipeline to stop (called from the binary's signal handler).
pub fn interrupt() {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// The error of a run stopped by [`interrupt`].
#[derive(Debug)]
pub struct Interrupted;

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("interrupted, previous output kept")
    }
}

impl std::error::Error for Interrupted {}

fn check_interrupted() -> Result<()> {
    if INTERRUPTED.load(Ordering::SeqCst) {
        return Err(Interrupted.into());
    }
    Ok(())
}

/// Runs the pipeline as configured; returns what `run.json` records.
pub fn run(config: &RunConfig) -> Result<RunRecord> {
    let started = Instant::now();
    let pool = worker_pool(config.threads)?;
    let mut inputs = Inputs::list(config);
    // The census of recurring lines: a first, cheap pass whose furniture ingest then drops.
    let learned = pool.install(|| {
        crate::census::learn(
            &config.input,
            Some(&config.output),
            &inputs.index,
            &config.ingest,
        )
    });
    inputs.index.learn(learned);
    let mut tally = Tally::new(&inputs);
    tally.seconds.discover = started.elapsed().as_secs_f64();

    let mut out = OutputWriter::create(&config.output, config.formats)?;
    let finished = match stream(config, &pool, inputs, &mut tally, &mut out) {
        Ok(finished) => finished,
        Err(e) => {
            out.abandon();
            return Err(e);
        }
    };
    tally.seconds.total = started.elapsed().as_secs_f64();
    let record = tally.record(config, finished.corpus.clone());
    if let Err(e) = check_interrupted() {
        out.abandon();
        return Err(e);
    }
    // Drawn from what the run counted, without reading the tables back.
    match report::render(
        &finished.aggregates,
        &finished.evidence,
        &record,
        &config.focus,
    ) {
        Ok(html) => out.write_file("report.html", html.as_bytes())?,
        Err(e) => {
            out.abandon();
            return Err(e.context("building report.html"));
        }
    }
    if let Err(e) = check_interrupted() {
        out.abandon();
        return Err(e);
    }
    out.commit(&record)?;
    Ok(record)
}

fn worker_pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    // Deep recursion in a parser is refused before it starts (see ingest's nesting limit);
    // a larger stack than the default 2 MiB is a margin on top.
    let mut pool = rayon::ThreadPoolBuilder::new().stack_size(16 << 20);
    if let Some(n) = threads {
        pool = pool.num_threads(n);
    }
    pool.build().context("starting worker threads")
}

/// What the first walk over INPUT found: the metadata index and the entries that could
/// not be listed. Two walks keep memory flat however many files there are: the first counts
/// article files and keeps only metadata files and errors; the second streams the articles.
struct Inputs {
    article_files: u64,
    metadata_files: u64,
    index: MetaIndex,
    errors: Vec<ErrorRow>,
}

impl Inputs {
    fn list(config: &RunConfig) -> Inputs {
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
        let mut errors: Vec<ErrorRow> = walk_errors.into_iter().map(WalkError::into_row).collect();
        errors.extend(meta_errors);
        Inputs {
            article_files,
            metadata_files: metadata.len() as u64,
            index,
            errors,
        }
    }

    /// The article files, in walk order (errors of this walk were met by the first one).
    fn articles(config: &RunConfig) -> impl Iterator<Item = Found> + '_ {
        walk(&config.input, Some(&config.output))
            .filter_map(Result::ok)
            .filter(|f| f.role == Role::Articles)
    }
}

/// The run's counts and timings as they accumulate.
struct Tally {
    counts: RunCounts,
    seconds: Seconds,
    rows: Vec<(String, u64)>,
}

impl Tally {
    fn new(inputs: &Inputs) -> Tally {
        // A walk error is a file (or folder) found that failed.
        let walk_failures = inputs
            .errors
            .iter()
            .filter(|e| e.stage == "discover")
            .count() as u64;
        Tally {
            counts: RunCounts {
                files_found: inputs.metadata_files + walk_failures,
                metadata_files: inputs.metadata_files,
                failed_files: walk_failures,
                error_rows: inputs.errors.len() as u64,
                ..Default::default()
            },
            seconds: Seconds::default(),
            rows: Vec::new(),
        }
    }

    fn record(self, config: &RunConfig, corpus: Corpus) -> RunRecord {
        RunRecord {
            version: env!("CARGO_PKG_VERSION").to_string(),
            input: config.input.display().to_string(),
            output: config.output.display().to_string(),
            options: RunOptions {
                lexicon: config
                    .lexicon_path
                    .as_ref()
                    .map(|p| p.display().to_string()),
                period: config.period,
                focus: config.focus.clone(),
                formats: FormatsRecord {
                    parquet: config.formats.parquet,
                    json: config.formats.json,
                },
                threads: config.threads.unwrap_or_else(rayon::current_num_threads),
                since: config.since,
                until: config.until,
                strict: config.strict,
                fields: config.field_specs.clone(),
                max_file_bytes: config.ingest.max_file_bytes,
                file_timeout_seconds: config.file_timeout.as_secs_f64(),
                batch_size: config.batch_size,
            },
            lexicon_hash: config.lexicon.hash(),
            counts: self.counts,
            corpus,
            seconds: self.seconds,
            rows: self.rows.into_iter().collect(),
        }
    }
}

/// What is left once every batch is written: the aggregates and the report's evidence.
struct Finished {
    aggregates: Aggregates,
    evidence: report::Evidence,
    corpus: Corpus,
}

/// Streams every article file through ingest and analysis into the output tables, then
/// writes the aggregate tables.
fn stream(
    config: &RunConfig,
    pool: &rayon::ThreadPool,
    inputs: Inputs,
    tally: &mut Tally,
    out: &mut OutputWriter,
) -> Result<Finished> {
    let Inputs {
        article_files,
        index,
        errors,
        ..
    } = inputs;
    out.write_batch(&Batch {
        errors,
        ..Default::default()
    })?;
    let progress = progress_bar(article_files, config.quiet);
    let work_started = Instant::now();
    // A writer thread appends each finished batch to the tables, counts it into the
    // aggregates and offers its sentences to the report's evidence, while the workers
    // analyse the next one; the channel holds one batch, so at most three are in memory.
    let (to_writer, batches) = std::sync::mpsc::sync_channel::<(Batch, Vec<Sketch>)>(1);
    let spill = Spill::create(&out.scratch_file("sketches"))?;
    let (produced, written) = std::thread::scope(|scope| {
        let writer = scope.spawn(|| write_batches(batches, out, spill));
        let produced = produce(
            config,
            pool,
            &index,
            article_files,
            tally,
            &progress,
            to_writer,
        );
        (produced, writer.join().expect("writer thread panicked"))
    });
    produced?;
    let written = written?;
    progress.finish_and_clear();
    tally.seconds.read_and_extract = work_started.elapsed().as_secs_f64();
    tally.seconds.write = written.writing.as_secs_f64();
    let (rows, streamed) = out.close_streams()?;
    tally.rows = rows.into_iter().map(|(n, r)| (n.to_string(), r)).collect();

    let t = Instant::now();
    let spill = written.spill.finish()?;
    let stories = stories::find(&spill, &stories::Options::default())?;
    let summaries = stories::summarise(&spill, &stories)?;
    drop(spill);
    tally.counts.stories = stories.count();
    tally.counts.copies = stories.copies();
    tally.seconds.stories = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let mut aggregator = Aggregator::new(config.period);
    let mut evidence = report::Evidence::new(&config.focus, config.period);
    let found = StoriesFound {
        stories: &stories,
        summaries: &summaries,
        outlets: &written.outlets.names,
    };
    let replayed = replay::replay(out, &streamed, &found, &mut aggregator, &mut evidence)?;
    tally
        .rows
        .insert(0, ("articles".to_string(), replayed.articles));
    tally.rows.push(("stories".to_string(), replayed.stories));
    let (mut aggregates, corpus) = aggregator.finish(&Vocabulary::of(&config.lexicon))?;
    for (name, df) in aggregates.tables() {
        tally.rows.push((name.to_string(), df.height() as u64));
        out.write_table(name, df)?;
    }
    if config.partition_by_period {
        out.write_partitioned(config.period)?;
    }
    tally.seconds.aggregate = t.elapsed().as_secs_f64();
    Ok(Finished {
        aggregates,
        evidence,
        corpus,
    })
}

/// What the writer thread hands back: its busy time, the stories' spill and the outlets
/// the spill numbers.
struct Written {
    writing: Duration,
    spill: Spill,
    outlets: Outlets,
}

/// Outlet names, numbered in order of first appearance, for the stories' spill.
#[derive(Default)]
struct Outlets {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Outlets {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.to_string());
        self.ids.insert(name.to_string(), id);
        id
    }
}

/// The writer thread: appends each batch's rows to the tables and its articles' sketches
/// to the spill.
fn write_batches(
    batches: Receiver<(Batch, Vec<Sketch>)>,
    out: &mut OutputWriter,
    spill: Spill,
) -> Result<Written> {
    let mut written = Written {
        writing: Duration::ZERO,
        spill,
        outlets: Outlets::default(),
    };
    for (batch, sketches) in batches {
        let t = Instant::now();
        out.write_batch(&batch)?;
        for (a, sketch) in batch.articles.iter().zip(sketches) {
            let source = a.source.as_deref().map(|s| written.outlets.id(s));
            written.spill.push(&StoryInput {
                article_id: a.article_id,
                published: a.published,
                source,
                duplicate_of: a.duplicate_of,
                sketch,
            })?;
        }
        written.writing += t.elapsed();
    }
    Ok(written)
}

/// The workers' side: batches of files read and analysed in parallel, numbered and marked
/// for duplicates in input order, then sent to the writer.
fn produce(
    config: &RunConfig,
    pool: &rayon::ThreadPool,
    index: &MetaIndex,
    article_files: u64,
    tally: &mut Tally,
    progress: &ProgressBar,
    to_writer: SyncSender<(Batch, Vec<Sketch>)>,
) -> Result<()> {
    let mut files = Inputs::articles(config);
    let mut originals = Originals::with_capacity(article_files as usize);
    let mut next_id = 1u64;
    // Fault injection for the test that a failed run leaves the previous output whole.
    let fail_after: Option<usize> = std::env::var("COVTRACK_FAIL_AFTER_BATCHES")
        .ok()
        .and_then(|v| v.parse().ok());
    // And a pause per batch, for the tests that stop a run while it is under way.
    let pause = std::env::var("COVTRACK_BATCH_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(Duration::from_millis);
    for batch_no in 0.. {
        let chunk: Vec<Found> = files.by_ref().take(config.batch_size).collect();
        if chunk.is_empty() {
            break;
        }
        if let Some(pause) = pause {
            std::thread::sleep(pause);
        }
        check_interrupted()?;
        if fail_after.is_some_and(|n| batch_no >= n) {
            anyhow::bail!(
                "injected failure after {batch_no} batches (COVTRACK_FAIL_AFTER_BATCHES)"
            );
        }
        let results: Vec<FileRows> = pool.install(|| {
            chunk
                .par_iter()
                .map(|f| read_and_analyse(f, index, config))
                .collect()
        });
        let mut batch = Batch::default();
        let mut sketches = Vec::new();
        for file in results {
            tally.add_file(&file);
            batch.errors.extend(file.errors);
            for (mut records, fingerprint, sketch) in file.articles {
                let id = next_id;
                next_id += 1;
                records.number(id);
                if let Some(first) = originals.first_of(fingerprint, id) {
                    records.article.duplicate_of = Some(first);
                    tally.counts.duplicates += 1;
                }
                tally.counts.articles += 1;
                tally.counts.undated += records.article.published.is_none() as u64;
                batch.push(records);
                sketches.push(sketch);
            }
        }
        if to_writer.send((batch, sketches)).is_err() {
            // The writer stopped on an error, which its join reports.
            break;
        }
        progress.inc(chunk.len() as u64);
    }
    Ok(())
}

impl Tally {
    fn add_file(&mut self, file: &FileRows) {
        self.seconds.ingest_thread_seconds += file.ingest_time.as_secs_f64();
        self.seconds.extract_thread_seconds += file.extract_time.as_secs_f64();
        self.counts.bytes += file.bytes;
        self.counts.out_of_range += file.out_of_range;
        if file.articles.is_empty() && file.out_of_range == 0 {
            self.counts.failed_files += 1;
        } else {
            self.counts.article_files += 1;
        }
        self.counts.files_found += 1;
        self.counts.error_rows += file.errors.len() as u64;
    }
}

/// One file's worth of rows, built in parallel (article ids are filled in afterwards).
struct FileRows {
    /// Each article's rows, the fingerprint of its cleaned text and its sketch.
    articles: Vec<(Records, u64, Sketch)>,
    /// Articles read but left out by --since/--until.
    out_of_range: u64,
    errors: Vec<ErrorRow>,
    ingest_time: Duration,
    extract_time: Duration,
    bytes: u64,
}

/// Reads one file and analyses its articles in the publication range (runs on a worker).
///
/// The work runs within the per-file time budget: a file that takes longer, or makes the
/// core panic, becomes one error row and the run goes on.
fn read_and_analyse(f: &Found, index: &MetaIndex, config: &RunConfig) -> FileRows {
    let t = Instant::now();
    let why = match budget::within(config.file_timeout, || {
        read_and_analyse_now(f, index, config)
    }) {
        Ok(rows) => return rows,
        Err(why) => why,
    };
    let (kind, message) = match why {
        Abandoned::TimedOut(limit) => (
            "timeout",
            format!(
                "reading and analysing took longer than {} s (--file-timeout): not in the tables",
                limit.as_secs_f64()
            ),
        ),
        Abandoned::Panicked(message) => (
            "internal",
            format!("covtrack failed on this file ({message}); please report it"),
        ),
    };
    FileRows {
        articles: Vec::new(),
        out_of_range: 0,
        errors: vec![ErrorRow {
            path: f.rel.clone(),
            stage: "extract",
            kind,
            message,
        }],
        ingest_time: t.elapsed(),
        extract_time: Duration::ZERO,
        bytes: std::fs::metadata(&f.path).map(|m| m.len()).unwrap_or(0),
    }
}

fn read_and_analyse_now(f: &Found, index: &MetaIndex, config: &RunConfig) -> FileRows {
    let t = Instant::now();
    let bytes = std::fs::metadata(&f.path).map(|m| m.len()).unwrap_or(0);
    let FileResult { articles, errors } = ingest::read_file(f, index, &config.ingest);
    let ingest_time = t.elapsed();
    let t = Instant::now();
    let read = articles.len();
    let articles: Vec<(Records, u64, Sketch)> = articles
        .into_iter()
        .filter(|a| in_range(a, config))
        .map(|a| {
            let analysis = analyse(&a, &config.lexicon);
            let (fingerprint, sketch) = (analysis.fingerprint, analysis.sketch);
            (Records::new(a, &analysis), fingerprint, sketch)
        })
        .collect();
    FileRows {
        out_of_range: (read - articles.len()) as u64,
        articles,
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
