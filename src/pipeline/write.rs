//! The writer thread of a run: each batch's rows handed to the tables' writers, its
//! articles' sketches to the stories' spill, and with a cache, the files read anew to the
//! run's segment and every file's entry to the new manifest.

use super::produce::FileRows;
use crate::aggregate::Names;
use crate::cache::ManifestWriter;
use crate::cache::segment::{CachedArticleRef, SegmentWriter, Stored};
use crate::output::OutputWriter;
use crate::stories::{Spill, StoryInput};
use crate::tables::Batch;
use anyhow::Result;
use covtrack_core::ingest::Census;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

/// What the writer thread hands back: its busy time, the stories' spill and the outlets
/// the spill numbers.
pub(super) struct Written {
    pub(super) writing: Duration,
    pub(super) spill: Spill,
    /// Outlet names, numbered in order of first appearance, for the stories' spill.
    pub(super) outlets: Names,
    /// The cache's new manifest and this run's segment, when the run has a cache.
    pub(super) cache: Option<(ManifestWriter, SegmentWriter)>,
}

/// The writer thread: appends each batch's rows to the tables and its articles' sketches
/// to the spill; with a cache, the rows of the files read anew to the run's segment and
/// every file's entry to the new manifest.
pub(super) fn write_batches(
    batches: Receiver<Vec<FileRows>>,
    out: &mut OutputWriter,
    spill: Spill,
    cache: Option<(ManifestWriter, SegmentWriter, Census)>,
) -> Result<Written> {
    let (mut cache, census) = match cache {
        Some((manifest, segment, census)) => (Some((manifest, segment)), Some(census)),
        None => (None, None),
    };
    let mut written = Written {
        writing: Duration::ZERO,
        spill,
        outlets: Names::default(),
        cache: None,
    };
    std::thread::scope(|scope| -> Result<()> {
        let mut lanes = out.lanes(scope)?;
        for files in batches {
            let t = Instant::now();
            if let (Some((manifest, segment)), Some(census)) = (cache.as_mut(), census.as_ref()) {
                keep_files(&files, manifest, segment, census)?;
            }
            let mut batch =
                Batch::with_room_for(files.iter().flat_map(|f| &f.articles).map(|a| &a.records));
            for file in files {
                batch.errors.extend(file.errors);
                for a in file.articles {
                    let source = a
                        .records
                        .article
                        .source
                        .as_deref()
                        .map(|s| written.outlets.id(s));
                    let article = &a.records.article;
                    written.spill.push(&StoryInput {
                        article_id: article.article_id,
                        published: article.published,
                        source,
                        duplicate_of: article.duplicate_of,
                        sketch: a.sketch,
                    })?;
                    batch.push(a.records);
                }
            }
            lanes.send(std::sync::Arc::new(batch))?;
            written.writing += t.elapsed();
        }
        let t = Instant::now();
        let finished = lanes.finish();
        written.writing += t.elapsed();
        finished
    })?;
    written.cache = cache;
    Ok(written)
}

/// Writes the files read anew (or all, when the cache compacts) into the run's segment,
/// and every settled file's entry into the new manifest.
fn keep_files(
    files: &[FileRows],
    manifest: &mut ManifestWriter,
    segment: &mut SegmentWriter,
    census: &Census,
) -> Result<()> {
    let stored: Vec<Stored> = files
        .iter()
        .filter(|f| f.cached.as_ref().is_some_and(|c| c.store))
        .map(|f| Stored {
            rel: &f.rel,
            articles: f
                .articles
                .iter()
                .map(|a| CachedArticleRef {
                    records: &a.records,
                    fingerprint: a.fingerprint,
                    sketch: &a.sketch,
                    witness: &a.witness,
                })
                .collect(),
            errors: &f.errors,
            out_of_range: f.out_of_range,
            bytes: f.bytes,
        })
        .collect();
    segment.write(&stored)?;
    for c in files.iter().filter_map(|f| f.cached.as_ref()) {
        let mut entry = c.entry.clone();
        entry.lines = entry
            .census
            .as_ref()
            .and_then(|(source, id)| census.kept(source, *id))
            .map(Box::from);
        manifest.push(&entry)?;
    }
    Ok(())
}
