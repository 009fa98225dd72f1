//! The cache of per-file results, so a run over a grown corpus reads only what changed.
//!
//! The cache lives in `OUTPUT/.covtrack-cache/` (or `--cache DIR`) and holds:
//! - `manifest.bin`: a header (the key of what shapes extraction, the furniture learned, the
//!   output run the results were committed with) and one entry per article file, in walk
//!   order: its path, size, modification time, content hash, the digest of its metadata,
//!   the segment holding its results and what the census saw of it;
//! - `segments/<n>/`: the rows of the files run `n` extracted ([`segment`]).
//!
//! A run walks INPUT and the manifest side by side (both are in byte-wise path order, so
//! the diff is a merge, not a map of every path). A file whose entry has the same size and
//! time, or failing that the same content hash, and the same metadata digest, is *fresh*:
//! its rows come from its segment, unless the furniture learned for its outlet changed in a
//! line its body holds. Every other file is read and analysed again, and its rows go to the
//! run's own segment. The tables are then built from all of them exactly as a run without
//! a cache builds them: ids, duplicates and stories follow from the walk order alone.
//!
//! The manifest is committed last (written to a temporary file and renamed) after the
//! output is, so a run killed at any point leaves a manifest that names only segments
//! written whole; segments it does not name are removed by the next commit.

pub mod segment;

use crate::cli::RunConfig;
use anyhow::{Context, Result};
use covtrack_core::ingest::{Learned, MetaIndex, context_digest};
use covtrack_core::source::Found;
use serde::{Deserialize, Serialize};
use std::fs::{self, File};
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The layout of `manifest.bin`; another number is a manifest to start afresh from.
const FORMAT: u32 = 1;
const MANIFEST: &str = "manifest.bin";
const SEGMENTS: &str = "segments";
/// The cache's folder inside OUTPUT when `--cache` does not name one.
pub const DEFAULT_DIR: &str = ".covtrack-cache";
/// Live segments past which a run writes every file's rows into its own segment: reading
/// stays a few sequential cursors, and rows no entry names are dropped.
const MAX_SEGMENTS: usize = 8;
/// A file modified this close to the moment it was read may change again within the same
/// tick of the clock: its time is not trusted, its hash is compared next time.
const RACY: Duration = Duration::from_secs(2);

/// The manifest's header.
#[derive(Serialize, Deserialize)]
pub struct Header {
    format: u32,
    /// What shapes extraction (see [`extraction_key`]).
    key: String,
    /// What else shapes the output (see [`output_key`]).
    output: String,
    /// The output run folder these results were committed with.
    run: String,
    /// Digest of the error rows of discovery and metadata.
    errors: u64,
    /// The furniture learned by the census.
    learned: Learned,
    /// The number the next segment gets.
    next_segment: u64,
}

/// What the manifest remembers of one article file.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Entry {
    pub rel: String,
    pub size: u64,
    /// Seconds and nanoseconds since 1970; `None` when too recent to trust ([`RACY`]).
    pub mtime: Option<(u64, u32)>,
    /// xxh3-128 of the file's bytes.
    pub hash: u128,
    /// [`context_digest`]: its sidecar and manifest row.
    pub context: u64,
    pub segment: u64,
    /// What the census saw (Markdown and text): outlet and identity hash.
    pub census: Option<(String, u64)>,
    /// The line keys the census kept of it, when it was in the census's sample.
    pub lines: Option<Box<[u64]>>,
}

/// The key of what shapes extraction: the covtrack build, the lexicon, the ingest options
/// and the publication window. A different key re-extracts everything.
pub fn extraction_key(config: &RunConfig) -> String {
    let build = std::env::current_exe()
        .and_then(fs::metadata)
        .map(|m| (m.len(), m.modified().ok().map(since_epoch)))
        .ok();
    let key = format!(
        "{}|{build:?}|{}|{:?}|{}|{:?}|{:?}",
        env!("CARGO_PKG_VERSION"),
        config.lexicon.hash(),
        config.field_specs,
        config.ingest.max_file_bytes,
        config.since,
        config.until,
    );
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(key.as_bytes()))
}

/// The key of what else shapes the tables and the report: with the same extraction key, no
/// file changed and the same furniture, a run with the same output key would write what is
/// there already.
pub fn output_key(config: &RunConfig) -> String {
    format!(
        "{:?}|{}|{}|{}|{}|{}",
        config.period,
        config.focus,
        config.formats.parquet,
        config.formats.json,
        config.partition_by_period,
        config.strict,
    )
}

fn since_epoch(t: SystemTime) -> (u64, u32) {
    let d = t.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
    (d.as_secs(), d.subsec_nanos())
}

/// A run's cache: where it is, and what the previous run left in it.
pub struct Cache {
    dir: PathBuf,
    key: String,
    /// The previous run's header, when its key is this run's.
    before: Option<Header>,
    /// This run's segment number.
    segment: u64,
    /// Whether this run writes every file's rows into its segment.
    compact: bool,
    started: SystemTime,
}

impl Cache {
    /// Opens the cache in `dir` for a run keyed `key`. A manifest of another key or format,
    /// or one that cannot be read, is no previous run: everything is extracted again.
    pub fn open(dir: &Path, key: String) -> Result<Cache> {
        fs::create_dir_all(dir.join(SEGMENTS))
            .with_context(|| format!("creating the cache {}", dir.display()))?;
        let before = read_header(&dir.join(MANIFEST))
            .ok()
            .filter(|h| h.format == FORMAT && h.key == key);
        let segment = before.as_ref().map_or(1, |h| h.next_segment);
        let segments = fs::read_dir(dir.join(SEGMENTS)).map_or(0, |d| d.count());
        let compact = before.is_some() && segments >= MAX_SEGMENTS;
        Ok(Cache {
            dir: dir.to_path_buf(),
            key,
            before,
            segment,
            compact,
            started: SystemTime::now(),
        })
    }

    /// The entries of the previous run, in walk order (none when there was none).
    pub fn entries(&self) -> Entries {
        let reader = self.before.as_ref().and_then(|_| {
            let mut r = BufReader::new(File::open(self.dir.join(MANIFEST)).ok()?);
            decode::<Header>(&mut r).ok()?;
            Some(r)
        });
        Entries { reader }
    }

    /// The furniture the previous run learned.
    pub fn learned_before(&self) -> Option<&Learned> {
        self.before.as_ref().map(|h| &h.learned)
    }

    /// Whether the previous run's output is what this run would write: same output key,
    /// same discovery errors, same furniture, and the output is the run it committed.
    pub fn output_still_holds(
        &self,
        output: &str,
        errors: u64,
        learned: &Learned,
        current: Option<&str>,
    ) -> bool {
        self.before.as_ref().is_some_and(|h| {
            h.output == output
                && h.errors == errors
                && &h.learned == learned
                && current == Some(h.run.as_str())
        })
    }

    /// Whether this run writes every file's rows into its own segment.
    pub fn compacts(&self) -> bool {
        self.compact
    }

    /// The folder of segment `n`.
    pub fn segment_dir(&self, n: u64) -> PathBuf {
        self.dir.join(SEGMENTS).join(n.to_string())
    }

    /// This run's segment number.
    pub fn segment(&self) -> u64 {
        self.segment
    }

    /// Whether `f` is as its entry says (see the module's doc); the probe is what a new
    /// entry records.
    pub fn probe(&self, f: &Found, entry: Option<&Entry>, index: &MetaIndex) -> (Probe, bool) {
        let context = context_digest(f, index);
        let meta = fs::metadata(&f.path).ok();
        let size = meta.as_ref().map_or(0, |m| m.len());
        let mtime = meta
            .and_then(|m| m.modified().ok())
            .filter(|&t| t + RACY < self.started)
            .map(since_epoch);
        let mut probe = Probe {
            size,
            mtime,
            context,
            hash: None,
        };
        let Some(e) = entry else {
            return (probe, false);
        };
        if e.context != context || e.size != size {
            return (probe, false);
        }
        if e.mtime.is_some() && e.mtime == probe.mtime {
            probe.hash = Some(e.hash);
            return (probe, true);
        }
        // Touched, or too recent to trust: the bytes decide.
        probe.hash = hash_file(&f.path);
        let fresh = probe.hash == Some(e.hash);
        (probe, fresh)
    }

    /// A file's modification time as an entry records it (`None` when too recent).
    pub fn mtime(&self, f: &Found) -> Option<(u64, u32)> {
        fs::metadata(&f.path)
            .and_then(|m| m.modified())
            .ok()
            .filter(|&t| t + RACY < self.started)
            .map(since_epoch)
    }

    /// Rewrites the manifest with the new times of files found as they were but touched,
    /// for a run that keeps the previous output: the next run then compares times, not
    /// bytes. Every other part of each entry, and the header, stay as they were.
    pub fn refresh_times(&self, files: impl Iterator<Item = Found>) -> Result<()> {
        let Some(before) = &self.before else {
            return Ok(());
        };
        let path = self.dir.join(format!("{MANIFEST}.tmp"));
        let file = File::create(&path).with_context(|| format!("creating {}", path.display()))?;
        let mut out = BufWriter::new(file);
        encode(&mut out, before)?;
        let mut writer = ManifestWriter {
            path,
            out,
            dir: self.dir.clone(),
            live: Vec::new(),
        };
        for (f, entry) in Joined::new(files, self.entries()) {
            if let Some(mut entry) = entry {
                entry.mtime = self.mtime(&f);
                writer.push(&entry)?;
            }
        }
        writer.commit().map(drop)
    }

    /// Starts the new manifest (written beside the old one until [`ManifestWriter::commit`]).
    pub fn manifest_writer(
        &self,
        output: String,
        errors: u64,
        learned: Learned,
        run: String,
    ) -> Result<ManifestWriter> {
        let path = self.dir.join(format!("{MANIFEST}.tmp"));
        let file = File::create(&path).with_context(|| format!("creating {}", path.display()))?;
        let mut out = BufWriter::new(file);
        let header = Header {
            format: FORMAT,
            key: self.key.clone(),
            output,
            run,
            errors,
            learned,
            next_segment: self.segment + 1,
        };
        encode(&mut out, &header)?;
        Ok(ManifestWriter {
            path,
            out,
            dir: self.dir.clone(),
            live: Vec::new(),
        })
    }

    /// Removes the segments no entry names (the segments of runs killed before their
    /// manifest was committed included), keeping `live`.
    pub fn collect_garbage(&self, live: &[u64]) {
        let Ok(entries) = fs::read_dir(self.dir.join(SEGMENTS)) else {
            return;
        };
        for e in entries.flatten() {
            let n: Option<u64> = e.file_name().to_str().and_then(|s| s.parse().ok());
            if n.is_none_or(|n| !live.contains(&n)) {
                fs::remove_dir_all(e.path()).ok();
            }
        }
    }
}

/// What a run found of a file on disk, for its new entry.
#[derive(Debug, Clone, Copy)]
pub struct Probe {
    pub size: u64,
    pub mtime: Option<(u64, u32)>,
    pub context: u64,
    /// Known when the probe compared or the file was read.
    pub hash: Option<u128>,
}

/// xxh3-128 of a file's bytes; `None` when it cannot be read.
pub fn hash_file(path: &Path) -> Option<u128> {
    let bytes = fs::read(path).ok()?;
    Some(xxhash_rust::xxh3::xxh3_128(&bytes))
}

/// The previous run's entries, read one at a time. A manifest that stops making sense
/// ends there: the files after it are new to this run.
pub struct Entries {
    reader: Option<BufReader<File>>,
}

impl Entries {
    /// No entries: every file is new.
    pub fn none() -> Entries {
        Entries { reader: None }
    }
}

impl Iterator for Entries {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        let r = self.reader.as_mut()?;
        match decode::<Option<Entry>>(r) {
            Ok(Some(e)) => Some(e),
            _ => {
                self.reader = None;
                None
            }
        }
    }
}

/// Article files paired with their entries: both come in byte-wise path order, so one merge
/// finds each file's entry and the entries whose files are gone.
pub struct Joined<I: Iterator<Item = Found>> {
    files: I,
    entries: std::iter::Peekable<Entries>,
    /// Entries whose files were not found.
    pub removed: u64,
}

impl<I: Iterator<Item = Found>> Joined<I> {
    pub fn new(files: I, entries: Entries) -> Joined<I> {
        Joined {
            files,
            entries: entries.peekable(),
            removed: 0,
        }
    }

    /// Counts the entries left after the last file as removed.
    pub fn finish(&mut self) -> u64 {
        self.removed += self.entries.by_ref().count() as u64;
        self.removed
    }
}

impl<I: Iterator<Item = Found>> Iterator for Joined<I> {
    type Item = (Found, Option<Entry>);

    fn next(&mut self) -> Option<(Found, Option<Entry>)> {
        let f = self.files.next()?;
        while self.entries.peek().is_some_and(|e| e.rel < f.rel) {
            self.entries.next();
            self.removed += 1;
        }
        let entry = self.entries.next_if(|e| e.rel == f.rel);
        Some((f, entry))
    }
}

/// The new manifest, entry by entry.
pub struct ManifestWriter {
    path: PathBuf,
    out: BufWriter<File>,
    dir: PathBuf,
    /// Segments the entries name.
    live: Vec<u64>,
}

impl ManifestWriter {
    pub fn push(&mut self, entry: &Entry) -> Result<()> {
        if !self.live.contains(&entry.segment) {
            self.live.push(entry.segment);
        }
        encode(&mut self.out, &Some(entry))
    }

    /// Makes the new manifest the cache's, in one rename; returns the segments it names.
    pub fn commit(mut self) -> Result<Vec<u64>> {
        encode(&mut self.out, &None::<Entry>)?;
        let file = self
            .out
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("writing {}", self.path.display()))?;
        file.sync_all().ok();
        let to = self.dir.join(MANIFEST);
        fs::rename(&self.path, &to).with_context(|| format!("writing {}", to.display()))?;
        Ok(self.live)
    }
}

fn config() -> impl bincode::config::Config {
    bincode::config::standard()
}

fn encode<T: Serialize>(out: &mut impl Write, value: &T) -> Result<()> {
    bincode::serde::encode_into_std_write(value, out, config())
        .map(|_| ())
        .context("writing the cache's manifest")
}

fn decode<T: serde::de::DeserializeOwned>(r: &mut impl std::io::Read) -> Result<T> {
    bincode::serde::decode_from_std_read(r, config()).context("reading the cache's manifest")
}

fn read_header(path: &Path) -> Result<Header> {
    let mut r = BufReader::new(File::open(path)?);
    decode(&mut r)
}

#[cfg(test)]
mod tests;
