//! The census pass: before the main pass, every Markdown and text article under INPUT is
//! read raw and its lines counted per outlet ([`covtrack_core::ingest::recurring`]), so that
//! ingest drops the lines an outlet prints on many of its pages (its menus, newsletter
//! boxes, lists of other stories).
//!
//! The pass reads each file once, without cleaning or analysis, in batches over the worker
//! pool like the main pass; the pages of each batch are added to the running census in
//! walk order, which gives the same census whatever the batch size or thread count (the
//! sample depends only on the set of pages) and holds a bounded sample of pages however
//! many files there are. With a cache, the pass is also where a run learns whether any
//! file changed since the last.

use crate::cache::{Cache, Entry, Joined};
use covtrack_core::ingest::recurring::Page;
use covtrack_core::ingest::{self, Census, IngestOptions, Learned, MetaIndex};
use covtrack_core::source::{Found, Role};
use rayon::prelude::*;
use std::path::Path;

/// Files read per parallel batch: enough to keep the workers busy, few enough that the
/// batch's paths are a small allocation.
const BATCH: usize = 4096;

/// What the census pass found: the census, the furniture it learns, and whether every
/// article file is as the cache's previous run left it (none added, changed or removed).
pub struct Survey {
    pub census: Census,
    pub learned: Learned,
    pub unchanged: bool,
    /// With a cache, what the pass found of each article file, in walk order
    /// ([`Checked`]): the main pass does not look again at a file found as it was.
    pub checked: Vec<Checked>,
}

/// What the census pass found of one article file: a hash of its path (for the main pass
/// to tell that its walk met the same file), whether it is as its entry says, and whether
/// only its time changed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Checked(u64);

impl Checked {
    fn new(rel: &str, fresh: bool, touched: bool) -> Checked {
        Checked((path_hash(rel) & !3) | fresh as u64 | (touched as u64) << 1)
    }

    /// When this is what the pass found of file `rel` and it was as its entry says:
    /// whether its time changed (`Some(true)`: the entry needs the new time).
    pub fn fresh(self, rel: &str) -> Option<bool> {
        (self.0 & !3 == path_hash(rel) & !3 && self.0 & 1 == 1).then_some(self.0 & 2 == 2)
    }

    /// Whether the pass found the file as it was, but with a new time.
    pub fn touched(self) -> bool {
        self.0 & 3 == 3
    }
}

fn path_hash(rel: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(rel.as_bytes())
}

/// The census of the article files under `root` (skipping `skip`, the output folder),
/// with their outlets read through `index`. With a cache, each file is checked against
/// its entry, and a file as it was gives its census page from the entry, unread. Runs on
/// the current rayon pool.
pub fn learn(
    root: &Path,
    skip: Option<&Path>,
    index: &MetaIndex,
    opts: &IngestOptions,
    cache: Option<&Cache>,
) -> Survey {
    let files = crate::discover::walk(root, skip)
        .filter_map(Result::ok)
        .filter(|f| f.role == Role::Articles);
    match cache {
        Some(cache) => {
            let mut joined = Joined::new(files, cache.entries());
            let mut survey = survey(&mut joined, index, opts, Some(cache));
            survey.unchanged &= joined.finish() == 0;
            survey
        }
        None => survey(files.map(|f| (f, None)), index, opts, None),
    }
}

/// The furniture learned from `files`, in batches over the current rayon pool.
pub fn learn_from(
    files: impl Iterator<Item = Found>,
    index: &MetaIndex,
    opts: &IngestOptions,
) -> Learned {
    survey(files.map(|f| (f, None)), index, opts, None).learned
}

fn survey(
    mut files: impl Iterator<Item = (Found, Option<Entry>)>,
    index: &MetaIndex,
    opts: &IngestOptions,
    cache: Option<&Cache>,
) -> Survey {
    let mut census = Census::default();
    let mut unchanged = cache.is_some();
    let mut checked = Vec::new();
    // Files as they were whose lines the entry does not hold: counted by identity, read
    // at the end if the census still keeps them.
    let mut held: Vec<(Found, String, u64)> = Vec::new();
    let mut batch: Vec<(Found, Option<Entry>)> = files.by_ref().take(BATCH).collect();
    while !batch.is_empty() {
        // The next batch is walked on this thread while the pool checks this one.
        let (mut seen, mut next): (Vec<(Option<Checked>, Seen)>, _) = (Vec::new(), Vec::new());
        rayon::in_place_scope(|scope| {
            scope.spawn(|_| {
                seen = batch
                    .par_iter()
                    .map(|(f, entry)| see(f, entry.as_ref(), &census, index, opts, cache))
                    .collect();
            });
            next = files.by_ref().take(BATCH).collect();
        });
        for ((c, seen), (f, _)) in seen.into_iter().zip(std::mem::take(&mut batch)) {
            if let Some(c) = c {
                unchanged &= c.0 & 1 == 1;
                checked.push(c);
            }
            match seen {
                Seen::Page(page) => census.add(page),
                Seen::Held(source, id) => {
                    census.hold(source.clone(), id);
                    held.push((f, source, id));
                }
                Seen::Nothing => {}
            }
        }
        // Held pages the census has since let go need no reading.
        if held.len() > 2 * census.pages() {
            held.retain(|(_, source, id)| census.kept(source, *id).is_some());
        }
        batch = next;
    }
    settle(&mut census, held, index, opts);
    Survey {
        learned: census.learn(),
        census,
        unchanged,
        checked,
    }
}

/// What the census pass finds of one file: with a cache, whether it is as its entry says;
/// and its page, from its entry or read (a page the census so far could not keep is not
/// read line by line: it would not be kept once its batch is counted either).
fn see(
    f: &Found,
    entry: Option<&Entry>,
    census: &Census,
    index: &MetaIndex,
    opts: &IngestOptions,
    cache: Option<&Cache>,
) -> (Option<Checked>, Seen) {
    let (fresh, touched) = match cache {
        Some(c) => {
            let (probe, fresh) = c.probe(f, entry, index);
            let touched = entry.is_some_and(|e| e.mtime != probe.mtime);
            (fresh, touched)
        }
        None => (false, false),
    };
    let checked = cache.map(|_| Checked::new(&f.rel, fresh, touched));
    if !counted(f) {
        return (checked, Seen::Nothing);
    }
    let keep = |source: &str, id| census.could_keep(source, id);
    let seen = match entry.filter(|_| fresh) {
        Some(e) => match &e.census {
            Some((source, id)) if keep(source, *id) => match &e.lines {
                Some(lines) => Seen::Page(Page::from_keys(source.clone(), *id, lines.clone())),
                None => Seen::Held(source.clone(), *id),
            },
            _ => Seen::Nothing,
        },
        None => ingest::census_page(f, index, opts, keep)
            .and_then(|s| s.page)
            .map_or(Seen::Nothing, Seen::Page),
    };
    (checked, seen)
}

/// What the census pass makes of one file.
enum Seen {
    /// Its page, with its lines (read, or from its entry).
    Page(Page),
    /// A file as it was, whose entry knows its outlet and identity but not its lines.
    Held(String, u64),
    /// Not counted: not Markdown or text, no outlet, or a page the census could not keep.
    Nothing,
}

/// Reads the held pages the census kept (over the current rayon pool) and gives them their
/// lines. A held page still without lines after that (its file gone or changed since its
/// check) leaves the census as if it had never been counted.
fn settle(
    census: &mut Census,
    held: Vec<(Found, String, u64)>,
    index: &MetaIndex,
    opts: &IngestOptions,
) {
    let kept: Vec<(Found, String, u64)> = held
        .into_iter()
        .filter(|(_, source, id)| census.kept(source, *id).is_some())
        .collect();
    let pages: Vec<Option<Page>> = kept
        .par_iter()
        .map(|(f, _, _)| ingest::census_page(f, index, opts, |_, _| true).and_then(|s| s.page))
        .collect();
    for page in pages.into_iter().flatten() {
        census.add(page);
    }
    for (_, source, id) in &kept {
        census.forget(source, *id);
    }
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
