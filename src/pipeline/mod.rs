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
use crate::cache::segment::SegmentWriter;
use crate::cache::{self, Cache, ManifestWriter};
use crate::cli::RunConfig;
use crate::discover::{WalkError, walk};
use crate::output::OutputWriter;
use crate::replay::{self, Found as StoriesFound};
use crate::report;
use crate::run_record::{Corpus, FormatsRecord, RunCounts, RunOptions, RunRecord, Seconds};
use crate::stories::{self, Spill};
use crate::tables::{Batch, ErrorRow};
use anyhow::{Context, Result};
use covtrack_core::ingest::{Census, MetaIndex};
use covtrack_core::source::{Found, Role};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use produce::{CacheRun, FileRows};
use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

mod produce;
mod write;

use write::write_batches;

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
    // A cached result must carry its witness; a config built in code may not say so.
    let config: Cow<RunConfig> = if config.ingest.witness == config.cache.is_some() {
        Cow::Borrowed(config)
    } else {
        let mut c = config.clone();
        c.ingest.witness = c.cache.is_some();
        Cow::Owned(c)
    };
    let config = config.as_ref();
    let pool = worker_pool(config.threads)?;
    let cache = config
        .cache
        .as_deref()
        .map(|dir| Cache::open(dir, cache::extraction_key(config)))
        .transpose()?;
    let mut inputs = Inputs::list(config);
    // Taken before the cache is read: two runs into one OUTPUT would share it.
    let mut out = OutputWriter::create(&config.output, config.formats)?;
    // The census of recurring lines: a first, cheap pass whose furniture ingest then drops,
    // and with a cache, the pass that finds whether anything changed.
    let survey = pool.install(|| {
        crate::census::learn(
            &config.input,
            Some(&config.output),
            &inputs.index,
            &config.ingest,
            cache.as_ref(),
        )
    });
    let errors = digest(&inputs.errors);
    if let Some(c) = &cache
        && survey.unchanged
        && c.output_still_holds(
            &cache::output_key(config),
            errors,
            &survey.learned,
            out.current_run().as_deref(),
        )
    {
        // Touched files (new times, same bytes) get their new times, so the next run
        // need not compare their bytes again.
        if survey.checked.iter().any(|k| k.touched()) {
            c.refresh_times(Inputs::articles(config))?;
        }
        return keep_output(config, out, inputs.article_files, started);
    }
    let changes = cache
        .as_ref()
        .and_then(Cache::learned_before)
        .map(|before| survey.learned.changes(before))
        .unwrap_or_default();
    inputs.index.learn(survey.learned.clone());
    let mut tally = Tally::new(&inputs);
    tally.seconds.discover = started.elapsed().as_secs_f64();

    let keeping = match &cache {
        Some(c) => {
            out.reuse_previous();
            let manifest = c.manifest_writer(
                cache::output_key(config),
                errors,
                survey.learned,
                out.run_name(),
            );
            let segment =
                manifest.and_then(|m| Ok((m, SegmentWriter::create(&c.segment_dir(c.segment()))?)));
            match segment {
                Ok((manifest, segment)) => Some(Keeping {
                    run: CacheRun {
                        cache: c,
                        changes,
                        checked: survey.checked,
                    },
                    manifest,
                    segment,
                    census: survey.census,
                }),
                Err(e) => {
                    out.abandon();
                    return Err(e);
                }
            }
        }
        None => None,
    };
    let finished = match stream(config, &pool, inputs, keeping, &mut tally, &mut out) {
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
    // The manifest goes last: a run stopped before this line leaves the previous one,
    // which names only segments written whole.
    if let (Some(c), Some(manifest)) = (&cache, finished.manifest) {
        if std::env::var_os("COVTRACK_FAIL_BEFORE_MANIFEST").is_some() {
            anyhow::bail!(
                "injected failure before the cache's manifest (COVTRACK_FAIL_BEFORE_MANIFEST)"
            );
        }
        let live = manifest.commit()?;
        c.collect_garbage(&live);
    }
    Ok(record)
}

/// What a run with a cache writes into it as it goes.
struct Keeping<'a> {
    run: CacheRun<'a>,
    manifest: ManifestWriter,
    segment: SegmentWriter,
    /// The census, whose kept pages' lines the new entries remember.
    census: Census,
}

/// The end of a run that found every file, the furniture and the options as the previous
/// run left them: its output is what this run would write, so it stays, and only `run.json`
/// says that this run reused it.
fn keep_output(
    config: &RunConfig,
    out: OutputWriter,
    article_files: u64,
    started: Instant,
) -> Result<RunRecord> {
    out.keep_current(|mut record: RunRecord| {
        let now = Tally {
            counts: RunCounts::default(),
            seconds: Seconds::default(),
            rows: Vec::new(),
        }
        .record(config, record.corpus.clone());
        record.options = now.options;
        record.input = now.input;
        record.output = now.output;
        record.counts.files_reused = article_files;
        record.counts.files_extracted = 0;
        record.counts.files_removed = 0;
        record.counts.rows_copied = 0;
        record.seconds = Seconds {
            discover: started.elapsed().as_secs_f64(),
            total: started.elapsed().as_secs_f64(),
            ..Seconds::default()
        };
        record
    })
}

/// A digest of error rows, to tell whether discovery met the same ones as before.
fn digest(errors: &[ErrorRow]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(format!("{errors:?}").as_bytes())
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
    /// The cache's new manifest, committed after the output.
    manifest: Option<ManifestWriter>,
}

/// Streams every article file through ingest and analysis into the output tables, then
/// writes the aggregate tables.
fn stream(
    config: &RunConfig,
    pool: &rayon::ThreadPool,
    inputs: Inputs,
    keeping: Option<Keeping>,
    tally: &mut Tally,
    out: &mut OutputWriter,
) -> Result<Finished> {
    let Inputs {
        article_files,
        index,
        errors,
        ..
    } = inputs;
    out.write_batch(Batch {
        errors,
        ..Default::default()
    })?;
    let progress = progress_bar(article_files, config.quiet);
    let work_started = Instant::now();
    // A writer thread appends each finished batch to the tables, counts it into the
    // aggregates and offers its sentences to the report's evidence, while the workers
    // analyse the next one; the channel holds one batch, so at most three are in memory.
    let (to_writer, batches) = std::sync::mpsc::sync_channel::<Vec<FileRows>>(1);
    let spill = Spill::create(&out.scratch_file("sketches"))?;
    let (run, into_cache) = match keeping {
        Some(k) => (Some(k.run), Some((k.manifest, k.segment, k.census))),
        None => (None, None),
    };
    let (produced, written) = std::thread::scope(|scope| {
        let writer = std::thread::Builder::new()
            .name("writer".into())
            .spawn_scoped(scope, || write_batches(batches, out, spill, into_cache))
            .expect("starting the writer thread");
        let produced = produce::produce(
            config,
            pool,
            &index,
            article_files,
            run.as_ref(),
            tally,
            &progress,
            to_writer,
        );
        (produced, writer.join().expect("writer thread panicked"))
    });
    tally.counts.files_removed = produced?;
    let mut written = written?;
    let manifest = match written.cache.take() {
        Some((manifest, segment)) => {
            segment.finish()?;
            Some(manifest)
        }
        None => None,
    };
    progress.finish_and_clear();
    tally.seconds.read_and_extract = work_started.elapsed().as_secs_f64();
    tally.seconds.write = written.writing.as_secs_f64();
    // The stories are found from the spill while the tables' files are closed (in a
    // cached run, that is where copied Parquet row groups are spliced to the new ones).
    let t = Instant::now();
    let spill = written.spill.finish()?;
    let (closed, found) = std::thread::scope(|scope| {
        let found = std::thread::Builder::new()
            .name("stories".into())
            .spawn_scoped(scope, || -> Result<_> {
                let stories = stories::find(&spill, &stories::Options::default())?;
                let summaries = stories::summarise(&spill, &stories)?;
                Ok((stories, summaries))
            })
            .context("starting the stories' thread");
        let closed = out.close_streams();
        let found = found.and_then(|f| f.join().expect("the stories' thread panicked"));
        (closed, found)
    });
    let closed = closed?;
    let (stories, summaries) = found?;
    drop(spill);
    tally.counts.rows_copied = closed.copied;
    let streamed = closed.streamed;
    tally.rows = closed
        .rows
        .into_iter()
        .map(|(n, r)| (n.to_string(), r))
        .collect();
    tally.counts.stories = stories.count();
    tally.counts.copies = stories.copies();
    tally.seconds.stories = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let mut aggregator = Aggregator::new(config.period);
    let mut evidence = report::Evidence::new(&config.focus, config.period);
    let found = StoriesFound {
        stories: &stories,
        summaries: &summaries,
        outlets: written.outlets.all(),
    };
    let replayed = replay::replay(out, &streamed, &found, &mut aggregator, &mut evidence)?;
    tally
        .rows
        .insert(0, ("articles".to_string(), replayed.articles));
    tally.rows.push(("stories".to_string(), replayed.stories));
    let (mut aggregates, corpus) = aggregator.finish(&Vocabulary::of(&config.lexicon))?;
    for (name, df) in aggregates.tables() {
        tally.rows.push((name.to_string(), df.height() as u64));
    }
    out.write_tables(aggregates.tables())?;
    if config.partition_by_period {
        out.write_partitioned(config.period)?;
    }
    tally.seconds.aggregate = t.elapsed().as_secs_f64();
    Ok(Finished {
        aggregates,
        evidence,
        corpus,
        manifest,
    })
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
