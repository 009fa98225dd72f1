//! The census pass: before the main pass, every Markdown and text article under INPUT is
//! read raw and its lines counted per outlet ([`covtrack_core::ingest::recurring`]), so that
//! ingest drops the lines an outlet prints on many of its pages (its menus, newsletter
//! boxes, lists of other stories).
//!
//! The pass reads each file once, without cleaning or analysis, in batches over the worker
//! pool like the main pass; each batch is counted apart and merged into the running census,
//! which gives the same census whatever the batch size or thread count (merging is
//! order-independent) and holds a bounded sample of pages however many files there are.

use covtrack_core::ingest::{self, Census, IngestOptions, Learned, MetaIndex};
use covtrack_core::source::{Found, Role};
use rayon::prelude::*;
use std::path::Path;

/// Files read per parallel batch: enough to keep the workers busy, few enough that the
/// batch's paths are a small allocation.
const BATCH: usize = 4096;

/// The furniture learned from the article files under `root` (skipping `skip`, the output
/// folder), with their outlets read through `index`. Runs on the current rayon pool.
pub fn learn(root: &Path, skip: Option<&Path>, index: &MetaIndex, opts: &IngestOptions) -> Learned {
    let files = crate::discover::walk(root, skip)
        .filter_map(Result::ok)
        .filter(|f| f.role == Role::Articles && counted(f));
    learn_from(files, index, opts)
}

/// The furniture learned from `files`, in batches over the current rayon pool.
pub fn learn_from(
    files: impl Iterator<Item = Found>,
    index: &MetaIndex,
    opts: &IngestOptions,
) -> Learned {
    let mut files = files.peekable();
    let mut census = Census::default();
    while files.peek().is_some() {
        let batch: Vec<Found> = files.by_ref().take(BATCH).collect();
        // A page that neither the census so far nor this part of the batch could keep is
        // not read line by line: it would not be kept in the merge either.
        let counted = batch
            .par_iter()
            .fold(Census::default, |mut c, f| {
                let keep =
                    |source: &str, id| c.could_keep(source, id) && census.could_keep(source, id);
                if let Some(page) = ingest::census_page(f, index, opts, keep) {
                    c.add(page);
                }
                c
            })
            .reduce(Census::default, Census::merge);
        census = census.merge(counted);
    }
    census.learn()
}

/// Whether a file is of a format the census counts (Markdown and text), by its name.
fn counted(f: &Found) -> bool {
    let ext = f.rel.rsplit_once('.').map_or("", |(_, e)| e);
    ["md", "markdown", "txt", "text"]
        .iter()
        .any(|e| ext.eq_ignore_ascii_case(e))
}

/// The furniture `covtrack inspect` learns for one file: from the article files beside it
/// in its folder (not below it), at most `limit` of them in walk order, with the folder's
/// manifest and sidecars. A page is read as a run over its folder would read it, and a
/// folder of one outlet's pages is what shows that outlet's template.
pub fn learn_beside(file: &Path, opts: &IngestOptions, limit: usize) -> Learned {
    let dir = file.parent().unwrap_or(Path::new(""));
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    // Only the folder's own entries: a walk would descend into every folder below it.
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort_unstable();
    let beside: Vec<Found> = names
        .into_iter()
        .map(|n| Found::new(n.clone(), dir.join(n)))
        .collect();
    let (index, _) = MetaIndex::load(&beside, opts);
    let articles = beside
        .into_iter()
        .filter(|f| f.role == Role::Articles && counted(f))
        .take(limit);
    learn_from(articles, &index, opts)
}
