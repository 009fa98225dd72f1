//! Stories: the articles that are copies of one another — one wire story printed by many
//! outlets, a page crawled twice, a report updated with a paragraph — grouped so that
//! coverage counts each story once and shows how far it travelled.
//!
//! Each article's [`Sketch`] (the core's MinHash of its word shingles) is spilled to a
//! scratch file as the run streams, in article-id order, 284 bytes an article. When the
//! run has read everything, [`find`] sweeps the articles in order of publication with a
//! MinHash LSH index (gaoya's) over a sliding window: an article joins the story of its
//! most similar earlier article when they are one story by [`Options::same_story`] (similar
//! enough, or one holding nearly all of the other, as a trimmed copy is held by its
//! original) and the story's first copy
//! was published at most [`Options::window_days`] before it; otherwise it starts a story.
//! Syndication happens within days, so the window keeps memory to the articles of a few
//! days, not the corpus. Articles without a publication date have no place in time: they
//! are taken in chunks of [`Options::undated_chunk`], grouped with each other, then
//! offered to every dated article in one more pass over the spill (a dataset's undated
//! record of a dated story joins that story). Exact duplicates always join the story of
//! the article they repeat.
//!
//! What outlives the sweep is 12 bytes an article (its story and similarity) and a
//! summary of each story that has copies. The result does not depend on thread count or
//! batch size: the spill is in article-id order and the sweep's order is (day, id).

mod spill;
#[cfg(test)]
mod tests;

use anyhow::Result;
use chrono::NaiveDate;
use covtrack_core::sketch::{SKETCH_LEN, Sketch};
use gaoya::minhash::{MinHashIndex, SmallVecContainer};
use rustc_hash::FxHashMap as HashMap;
pub use spill::{Spill, SpillReader};
use std::cmp::Reverse;
use std::collections::VecDeque;

/// What one article brings to the sweep.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoryInput {
    pub article_id: u64,
    pub published: Option<NaiveDate>,
    /// The outlet, as a number the caller keeps the names of (`None`: unknown).
    pub source: Option<u32>,
    pub duplicate_of: Option<u64>,
    pub sketch: Sketch,
}

/// The sweep's settings; [`Options::default`] is what a run uses. The thresholds and LSH
/// shape were chosen on the labelled pairs in `tests/fixtures/stories` and on generated
/// wire copies (see the fixture's README and `docs/tables.md`).
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Estimated Jaccard similarity of word 5-grams at or above which two articles are one
    /// story.
    pub threshold: f64,
    /// Below `threshold`, two articles are still one story when one holds at least this
    /// share of the other's 5-grams (a copy with its ending or a paragraph cut) ...
    pub contained: f64,
    /// ... and their similarity is at least this: a live blog holds whole stories of its
    /// day, but they are a small part of it.
    pub contained_floor: f64,
    /// Days after a story's first copy within which a copy joins it.
    pub window_days: i64,
    /// Undated articles indexed at a time; each chunk costs one pass over the dated ones.
    pub undated_chunk: usize,
    /// LSH bands of the sketch and the rows in each (bands × rows = [`SKETCH_LEN`]):
    /// many short bands, so that pairs near the floor are almost surely candidates, and
    /// every candidate checked on the whole sketch.
    pub bands: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            threshold: 0.65,
            contained: 0.85,
            contained_floor: 0.4,
            window_days: 7,
            undated_chunk: 50_000,
            bands: 32,
        }
    }
}

impl Options {
    /// Whether two articles, by their sketches, are one story.
    pub fn same_story(&self, a: &Sketch, b: &Sketch) -> bool {
        let similarity = a.similarity(b);
        similarity >= self.threshold
            || (similarity >= self.contained_floor && a.containment(b) >= self.contained)
    }
}

/// Each article's story: the first copy's id and the similarity to it, indexed by
/// `article_id - 1`.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Stories {
    story: Vec<u64>,
    similarity: Vec<f32>,
}

impl Stories {
    /// The story of article `id` and its similarity to the story's first copy.
    pub fn of(&self, id: u64) -> (u64, f64) {
        let i = (id - 1) as usize;
        match (self.story.get(i), self.similarity.get(i)) {
            (Some(&s), Some(&sim)) => (s, sim as f64),
            _ => (id, 1.0),
        }
    }

    /// Articles that are copies of a story first published before them.
    pub fn copies(&self) -> u64 {
        self.story
            .iter()
            .enumerate()
            .filter(|&(i, &s)| s != i as u64 + 1)
            .count() as u64
    }

    /// Distinct stories.
    pub fn count(&self) -> u64 {
        self.story.len() as u64 - self.copies()
    }
}

/// What the stories table says of a story with more than one copy (a story alone is
/// described by its one article).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Summary {
    pub first_published: Option<NaiveDate>,
    pub last_published: Option<NaiveDate>,
    pub copies: u32,
    /// Outlet numbers, sorted, each once.
    pub outlets: Vec<u32>,
}

/// Finds the stories of the articles in `spill` (every article of the run, in id order).
pub fn find(spill: &SpillReader, opts: &Options) -> Result<Stories> {
    let n = spill.len();
    let mut stories = Stories {
        story: (1..=n).collect(),
        similarity: vec![1.0; n as usize],
    };
    // (day, id) of every article with words to compare; undated ones after the dated.
    let mut dated: Vec<(i32, u64)> = Vec::new();
    let mut undated: Vec<u64> = Vec::new();
    let mut duplicates: Vec<(u64, u64)> = Vec::new();
    for input in spill.iter()? {
        let input = input?;
        if let Some(original) = input.duplicate_of {
            duplicates.push((input.article_id, original));
        }
        if input.sketch.is_empty() {
            continue;
        }
        match input.published {
            Some(d) => dated.push((day(d), input.article_id)),
            None => undated.push(input.article_id),
        }
    }
    dated.sort_unstable();

    let mut window = Window::new(opts);
    for &(d, id) in &dated {
        window.evict_older_than(d - opts.window_days as i32);
        let sketch = spill.get(id)?.sketch;
        window.place(id, d, sketch, &mut stories);
    }
    for chunk in undated.chunks(opts.undated_chunk.max(1)) {
        let mut window = Window::new(opts);
        for &id in chunk {
            let sketch = spill.get(id)?.sketch;
            window.place(id, 0, sketch, &mut stories);
        }
        join_dated(spill, &window, chunk, &mut stories)?;
    }
    // An exact copy is the same story as what it copies, however far apart their dates.
    for (id, original) in duplicates {
        let (story, similarity) = stories.of(original);
        let i = (id - 1) as usize;
        stories.story[i] = story;
        stories.similarity[i] = similarity as f32;
    }
    Ok(stories)
}

/// Moves each story of the undated articles in `chunk` (placed in `window`) into the story
/// of the dated article most similar to any of its members, if one is similar enough.
fn join_dated(
    spill: &SpillReader,
    window: &Window,
    chunk: &[u64],
    stories: &mut Stories,
) -> Result<()> {
    // The best dated match of each undated story: (similarity, earlier first, dated id).
    let mut best: HashMap<u64, (f64, Reverse<(i32, u64)>)> = HashMap::default();
    for input in spill.iter()? {
        let input = input?;
        let (Some(published), false) = (input.published, input.sketch.is_empty()) else {
            continue;
        };
        let key = Reverse((day(published), input.article_id));
        let signature = input.sketch.bins.to_vec();
        for (undated, similarity) in window.index.query_owned_return_similarity(&signature) {
            let Some(&(story, _)) = window.placed.get(&undated) else {
                continue;
            };
            let same = (window.sketches.get(&undated))
                .is_some_and(|u| window.opts.same_story(u, &input.sketch));
            if !same {
                continue;
            }
            let candidate = (similarity, key);
            if best.get(&story).is_none_or(|b| candidate > *b) {
                best.insert(story, candidate);
            }
        }
    }
    let mut firsts: HashMap<u64, Sketch> = HashMap::default();
    for &id in chunk {
        let i = (id - 1) as usize;
        let Some(&(_, Reverse((_, dated)))) = best.get(&stories.story[i]) else {
            continue;
        };
        let story = stories.of(dated).0;
        let first = match firsts.get(&story) {
            Some(s) => *s,
            None => *firsts.entry(story).or_insert(spill.get(story)?.sketch),
        };
        stories.story[i] = story;
        stories.similarity[i] = first.similarity(&spill.get(id)?.sketch) as f32;
    }
    Ok(())
}

/// The summaries of the stories that have more than one copy, in story order. At a
/// million articles there are a hundred thousand and more of them, held through the whole
/// replay: flat arrays (an outlet list is a range of one array) hold them without a map
/// entry and an allocation of its own per story.
#[derive(Debug)]
pub struct Summaries {
    /// Story ids, ascending.
    ids: Vec<u64>,
    facts: Vec<Facts>,
    /// Story `k`'s outlets are `outlets[starts[k]..starts[k + 1]]`.
    starts: Vec<usize>,
    outlets: Vec<u32>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Facts {
    first_published: Option<NaiveDate>,
    last_published: Option<NaiveDate>,
    copies: u32,
}

impl Summaries {
    /// The summary of `story`, if it has more than one copy.
    pub fn get(&self, story: u64) -> Option<Summary> {
        let k = self.ids.binary_search(&story).ok()?;
        let f = self.facts[k];
        Some(Summary {
            first_published: f.first_published,
            last_published: f.last_published,
            copies: f.copies,
            outlets: self.outlets[self.starts[k]..self.starts[k + 1]].to_vec(),
        })
    }

    /// Stories with more than one copy.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// The summaries of the stories that have more than one copy, from the spill.
pub fn summarise(spill: &SpillReader, stories: &Stories) -> Result<Summaries> {
    let mut ids: Vec<u64> = stories
        .story
        .iter()
        .enumerate()
        .filter(|&(i, &s)| s != i as u64 + 1)
        .map(|(_, &s)| s)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.shrink_to_fit();
    let mut facts = vec![Facts::default(); ids.len()];
    // (story, outlet) of every copy with an outlet, made into sorted lists below.
    let mut seen: Vec<(usize, u32)> = Vec::new();
    for input in spill.iter()? {
        let input = input?;
        let (story, _) = stories.of(input.article_id);
        let Ok(k) = ids.binary_search(&story) else {
            continue;
        };
        let f = &mut facts[k];
        f.copies += 1;
        f.first_published = min_date(f.first_published, input.published);
        f.last_published = f.last_published.max(input.published);
        if let Some(o) = input.source {
            seen.push((k, o));
        }
    }
    seen.sort_unstable();
    seen.dedup();
    let mut starts = Vec::with_capacity(ids.len() + 1);
    let mut at = 0;
    for k in 0..ids.len() {
        starts.push(at);
        while seen.get(at).is_some_and(|&(story, _)| story == k) {
            at += 1;
        }
    }
    starts.push(at);
    // A fresh array: collecting from `seen` itself can keep its allocation, four times the
    // size, for the rest of the run.
    let mut outlets = Vec::with_capacity(seen.len());
    outlets.extend(seen.iter().map(|&(_, o)| o));
    Ok(Summaries {
        ids,
        facts,
        starts,
        outlets,
    })
}

fn min_date(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn day(d: NaiveDate) -> i32 {
    chrono::Datelike::num_days_from_ce(&d)
}

/// The articles of the last few days, indexed for similar sketches.
struct Window {
    /// Most band buckets hold one or two articles: a small inline vector is cheaper to
    /// fill, probe and empty than a hash set.
    index: MinHashIndex<u32, u64, SmallVecContainer<u64, 2>>,
    /// (day, id) in the order they were placed.
    order: VecDeque<(i32, u64)>,
    /// Each placed article's story and day, and the sketch of every story's first copy
    /// still in the window.
    placed: HashMap<u64, (u64, i32)>,
    /// The sketch of every article in the window.
    sketches: HashMap<u64, Sketch>,
    firsts: HashMap<u64, Sketch>,
    opts: Options,
}

impl Window {
    fn new(opts: &Options) -> Window {
        Window {
            index: MinHashIndex::new_index(
                opts.bands,
                SKETCH_LEN / opts.bands,
                opts.threshold.min(opts.contained_floor),
            ),
            order: VecDeque::new(),
            placed: HashMap::default(),
            sketches: HashMap::default(),
            firsts: HashMap::default(),
            opts: *opts,
        }
    }

    fn evict_older_than(&mut self, day: i32) {
        while let Some(&(d, id)) = self.order.front() {
            if d >= day {
                break;
            }
            self.order.pop_front();
            self.index.remove(&id);
            self.placed.remove(&id);
            self.sketches.remove(&id);
            self.firsts.remove(&id);
        }
    }

    /// Gives article `id` its story (the best match whose first copy is still in the
    /// window, or a story of its own) and adds it to the window.
    fn place(&mut self, id: u64, day: i32, sketch: Sketch, stories: &mut Stories) {
        let signature = sketch.bins.to_vec();
        let mut best: Option<(f64, i32, u64)> = None;
        for (other, similarity) in self.index.query_owned_return_similarity(&signature) {
            let Some(&(story, _)) = self.placed.get(&other) else {
                continue;
            };
            let Some(&(_, first_day)) = self.placed.get(&story) else {
                continue;
            };
            // The most similar; among equals the story first published, then the lowest id,
            // so the choice does not depend on the index's hash order.
            let key = (similarity, Reverse(first_day), Reverse(story));
            if best.is_none_or(|(s, d, st)| key > (s, Reverse(d), Reverse(st)))
                && self
                    .sketches
                    .get(&other)
                    .is_some_and(|o| self.opts.same_story(o, &sketch))
            {
                best = Some((similarity, first_day, story));
            }
        }
        let story = match best {
            Some((_, _, story)) => {
                let i = (id - 1) as usize;
                stories.story[i] = story;
                stories.similarity[i] =
                    self.firsts
                        .get(&story)
                        .map_or(0.0, |first| first.similarity(&sketch)) as f32;
                story
            }
            None => {
                self.firsts.insert(id, sketch);
                id
            }
        };
        self.placed.insert(id, (story, day));
        self.sketches.insert(id, sketch);
        self.order.push_back((day, id));
        self.index.insert(id, signature);
    }
}
