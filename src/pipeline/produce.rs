//! The workers' side of a run: batches of article files, each file's results taken from
//! the cache when it is as the cache left it, else read and analysed in parallel; then
//! numbered and marked for duplicates in walk order and sent to the writer.

use super::{Tally, check_interrupted};
use crate::cache::segment::{CachedFile, Prefetched};
use crate::cache::{Cache, Entries, Entry, Joined, Probe, hash_file};
use crate::census::Checked;
use crate::cli::RunConfig;
use crate::tables::{ErrorRow, Records};
use anyhow::Result;
use covtrack_core::budget::{self, Abandoned};
use covtrack_core::ingest::{self, FileResult, Learned, MetaIndex};
use covtrack_core::sketch::Sketch;
use covtrack_core::source::Found;
use covtrack_core::{Article, analyse};
use indicatif::ProgressBar;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::mpsc::SyncSender;
use std::time::{Duration, Instant};

/// One analysed article: its rows, the fingerprint of its cleaned text, its sketch, and the
/// keys of its lines learned furniture could drop.
pub(super) struct Analysed {
    pub records: Records,
    pub fingerprint: u64,
    pub sketch: Sketch,
    pub witness: Box<[u32]>,
}

/// One file's worth of rows, built in parallel (article ids are filled in afterwards).
pub(super) struct FileRows {
    pub rel: String,
    pub articles: Vec<Analysed>,
    /// Articles read but left out by --since/--until.
    pub out_of_range: u64,
    pub errors: Vec<ErrorRow>,
    pub ingest_time: Duration,
    pub extract_time: Duration,
    pub bytes: u64,
    /// What the cache records of the file; `None` without a cache, and for a file not
    /// settled.
    pub cached: Option<Cached>,
    /// `false` for a file that timed out: its result is not kept for another run, which
    /// reads it again (with more time, or on a less busy machine, it may finish). A file
    /// that made covtrack fail is settled: the same bytes fail the same way under the same
    /// extraction key, and re-reading it would make every later run rebuild every table.
    pub settled: bool,
}

/// A file's part in the cache.
pub(super) struct Cached {
    /// Its new manifest entry (the census lines are filled in by the writer).
    pub entry: Entry,
    /// Whether its rows go into this run's segment.
    pub store: bool,
    /// Whether its rows came from a segment.
    pub reused: bool,
}

/// The cache as one run uses it.
pub(super) struct CacheRun<'a> {
    pub cache: &'a Cache,
    /// The furniture learned now that was not before, or was and is not now.
    pub changes: Learned,
    /// What the census pass found of each file, in walk order.
    pub checked: Vec<Checked>,
}

/// Batches of files read and analysed, numbered and marked for duplicates in walk order,
/// then sent to the writer. Returns how many entries of the cache had no file any more.
#[allow(clippy::too_many_arguments)]
pub(super) fn produce(
    config: &RunConfig,
    pool: &rayon::ThreadPool,
    index: &MetaIndex,
    article_files: u64,
    cache: Option<&CacheRun>,
    tally: &mut Tally,
    progress: &ProgressBar,
    to_writer: SyncSender<Vec<FileRows>>,
) -> Result<u64> {
    let entries = cache.map_or_else(Entries::none, |c| c.cache.entries());
    let mut files = Joined::new(super::Inputs::articles(config), entries);
    let mut readers: HashMap<u64, Option<Prefetched>> = HashMap::new();
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
    let mut walked = 0;
    for batch_no in 0.. {
        let chunk: Vec<(Found, Option<Entry>)> = files.by_ref().take(config.batch_size).collect();
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
        let probes: Vec<Option<(Probe, bool)>> = pool.install(|| {
            chunk
                .par_iter()
                .enumerate()
                .map(|(i, (f, e))| cache.map(|c| probe(c, walked + i, f, e.as_ref(), index)))
                .collect()
        });
        walked += chunk.len();
        // Fresh files' rows, read from their segments in walk order.
        let mut reused: Vec<Option<FileRows>> = Vec::with_capacity(chunk.len());
        for ((f, entry), probe) in chunk.iter().zip(&probes) {
            let rows = match (cache, entry, probe) {
                (Some(c), Some(e), Some((probe, true))) => {
                    from_segment(c, &mut readers, f, e, probe)?
                }
                _ => None,
            };
            reused.push(rows);
        }
        let results: Vec<FileRows> = pool.install(|| {
            chunk
                .par_iter()
                .zip(probes.into_par_iter())
                .zip(reused.into_par_iter())
                .map(|(((f, _), probe), reused)| match reused {
                    Some(rows) => rows,
                    None => {
                        let mut rows = read_and_analyse(f, index, config);
                        if let Some(c) = cache.filter(|_| rows.settled) {
                            rows.cached = Some(Cached {
                                entry: new_entry(c.cache, f, index, config, probe),
                                store: true,
                                reused: false,
                            });
                        }
                        rows
                    }
                })
                .collect()
        });
        let mut numbered = Vec::with_capacity(results.len());
        for mut file in results {
            tally.add_file(&file);
            for a in &mut file.articles {
                let id = next_id;
                next_id += 1;
                a.records.number(id);
                if let Some(first) = originals.first_of(a.fingerprint, id) {
                    a.records.article.duplicate_of = Some(first);
                    tally.counts.duplicates += 1;
                }
                tally.counts.articles += 1;
                tally.counts.undated += a.records.article.published.is_none() as u64;
            }
            numbered.push(file);
        }
        if to_writer.send(numbered).is_err() {
            // The writer stopped on an error, which its join reports.
            break;
        }
        progress.inc(chunk.len() as u64);
    }
    Ok(files.finish())
}

/// Whether file number `n` of the walk is as its entry says: what the census pass found,
/// when it found the file as it was, else a look at the file.
fn probe(
    run: &CacheRun,
    n: usize,
    f: &Found,
    e: Option<&Entry>,
    index: &MetaIndex,
) -> (Probe, bool) {
    let fresh = run.checked.get(n).and_then(|c| c.fresh(&f.rel));
    match (e, fresh) {
        (Some(e), Some(touched)) => {
            let probe = Probe {
                size: e.size,
                // Its bytes were compared by the census pass: only the new time is read.
                mtime: if touched { run.cache.mtime(f) } else { e.mtime },
                context: e.context,
                hash: Some(e.hash),
            };
            (probe, true)
        }
        _ => run.cache.probe(f, e, index),
    }
}

/// A fresh file's rows from its segment; `None` when the segment does not have them, or
/// the furniture learned for the file's outlet changed in a line one of its articles holds.
fn from_segment(
    run: &CacheRun,
    readers: &mut HashMap<u64, Option<Prefetched>>,
    f: &Found,
    e: &Entry,
    probe: &Probe,
) -> Result<Option<FileRows>> {
    let reader = readers
        .entry(e.segment)
        .or_insert_with(|| Prefetched::open(&run.cache.segment_dir(e.segment)).ok());
    let Some(reader) = reader.as_mut() else {
        return Ok(None);
    };
    let Some(CachedFile {
        articles,
        errors,
        out_of_range,
        bytes,
    }) = reader.take(&f.rel)?
    else {
        return Ok(None);
    };
    if articles.iter().any(|a| {
        run.changes
            .touches(a.records.article.source.as_deref(), &a.witness)
    }) {
        return Ok(None);
    }
    let store = run.cache.compacts();
    let mut entry = e.clone();
    entry.mtime = probe.mtime;
    entry.lines = None;
    if store {
        entry.segment = run.cache.segment();
    }
    Ok(Some(FileRows {
        rel: f.rel.clone(),
        articles: articles
            .into_iter()
            .map(|a| Analysed {
                records: a.records,
                fingerprint: a.fingerprint,
                sketch: a.sketch,
                witness: a.witness,
            })
            .collect(),
        out_of_range,
        errors,
        ingest_time: Duration::ZERO,
        extract_time: Duration::ZERO,
        bytes,
        cached: Some(Cached {
            entry,
            store,
            reused: true,
        }),
        settled: true,
    }))
}

/// The entry of a file read this run.
fn new_entry(
    cache: &Cache,
    f: &Found,
    index: &MetaIndex,
    config: &RunConfig,
    probe: Option<(Probe, bool)>,
) -> Entry {
    let probe = probe.map_or_else(|| cache.probe(f, None, index).0, |(p, _)| p);
    let census =
        ingest::census_page(f, index, &config.ingest, |_, _| false).map(|s| (s.source, s.id));
    Entry {
        rel: f.rel.clone(),
        size: probe.size,
        mtime: probe.mtime,
        hash: probe
            .hash
            .or_else(|| hash_file(&f.path))
            .unwrap_or_default(),
        context: probe.context,
        segment: cache.segment(),
        census,
        lines: None,
    }
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
        match &file.cached {
            Some(c) if c.reused => self.counts.files_reused += 1,
            _ => self.counts.files_extracted += 1,
        }
    }
}

/// Reads one file and analyses its articles in the publication range (runs on a worker).
///
/// The work runs within the per-file time budget: a file that takes longer, or makes the
/// core panic, becomes one error row and the run goes on (and is read again next run).
fn read_and_analyse(f: &Found, index: &MetaIndex, config: &RunConfig) -> FileRows {
    let t = Instant::now();
    let why = match budget::within(config.file_timeout, || {
        read_and_analyse_now(f, index, config)
    }) {
        Ok(rows) => return rows,
        Err(why) => why,
    };
    let settled = matches!(why, Abandoned::Panicked(_));
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
        rel: f.rel.clone(),
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
        cached: None,
        settled,
    }
}

/// Fault injection for the tests of a file that makes covtrack fail: a file whose path
/// holds `COVTRACK_PANIC_ON` panics inside its time budget, as a bug in a stage would.
fn injected_panic(rel: &str) {
    static PANIC_ON: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let on = PANIC_ON.get_or_init(|| std::env::var("COVTRACK_PANIC_ON").ok());
    if let Some(on) = on
        .as_deref()
        .filter(|on| !on.is_empty() && rel.contains(on))
    {
        panic!("injected panic on a path holding {on:?} (COVTRACK_PANIC_ON)");
    }
}

fn read_and_analyse_now(f: &Found, index: &MetaIndex, config: &RunConfig) -> FileRows {
    injected_panic(&f.rel);
    let t = Instant::now();
    let bytes = std::fs::metadata(&f.path).map(|m| m.len()).unwrap_or(0);
    let FileResult {
        articles,
        errors,
        lines,
    } = ingest::read_file(f, index, &config.ingest);
    let ingest_time = t.elapsed();
    let t = Instant::now();
    let read = articles.len();
    let articles: Vec<Analysed> = articles
        .into_iter()
        .zip(lines)
        .filter(|(a, _)| in_range(a, config))
        .map(|(a, witness)| {
            let analysis = analyse(&a, &config.lexicon);
            let (fingerprint, sketch) = (analysis.fingerprint, analysis.sketch);
            Analysed {
                records: Records::new(a, &analysis),
                fingerprint,
                sketch,
                witness,
            }
        })
        .collect();
    FileRows {
        rel: f.rel.clone(),
        out_of_range: (read - articles.len()) as u64,
        articles,
        errors,
        ingest_time,
        extract_time: t.elapsed(),
        bytes,
        cached: None,
        settled: true,
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
