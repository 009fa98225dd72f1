//! Aggregates (SPEC §4): the timelines users open first, counted batch by batch from the
//! rows of whole articles, each with its story (see [`crate::stories`]).
//!
//! Each story counts once — its first copy stands for it, in the period of its publication
//! date — with the articles that printed it (copies included) and their outlets beside it;
//! undated articles stay out of timelines. Every period between the first and the last is
//! present, with zeros where nothing was published, so a chart of a table has no silent
//! gaps. Memory follows the number of distinct cells, not the corpus. The counts are laid
//! on the full period grid at the end, where the previous-period changes are computed too.

mod tables;
#[cfg(test)]
mod tests;
mod values;

use crate::period::Period;
use crate::run_record::Corpus;
use crate::tables::{Batch, StanceRow};
use chrono::NaiveDate;
use covtrack_core::extract::StanceKind;
use polars::prelude::DataFrame;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use values::{OrderedValue, Values};

/// The aggregate tables, in the order they are written.
pub struct Aggregates {
    pub timeline: DataFrame,
    pub actor_timeline: DataFrame,
    pub figure_timeline: DataFrame,
    pub terms: DataFrame,
    pub sources: DataFrame,
}

impl Aggregates {
    /// Each table with its name, in the order they are written.
    pub fn tables(&mut self) -> [(&'static str, &mut DataFrame); 5] {
        [
            ("timeline", &mut self.timeline),
            ("actor_timeline", &mut self.actor_timeline),
            ("figure_timeline", &mut self.figure_timeline),
            ("terms", &mut self.terms),
            ("sources", &mut self.sources),
        ]
    }
}

/// What the lexicon declares, so that topics and terms nobody mentioned still get rows.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Topic ids: each gets a timeline row in every period, mentioned or not.
    pub topics: Vec<String>,
    /// (term, topic) pairs: each gets a `terms` row, with zero counts if never seen.
    pub terms: Vec<(String, String)>,
}

impl Vocabulary {
    pub fn of(lexicon: &covtrack_core::Lexicon) -> Vocabulary {
        Vocabulary {
            topics: lexicon.topics.iter().map(|t| t.id.clone()).collect(),
            terms: lexicon
                .topics
                .iter()
                .flat_map(|t| t.terms.iter().map(|term| (term.clone(), t.id.clone())))
                .collect(),
        }
    }
}

/// How an actor takes part in a mention, the `role` column of `actor_timeline`: the
/// same actor can be named in many sentences and state few of them, and the report asks
/// both who is talked about and who does the promising and refusing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Named anywhere in the sentence (the stance row's `actors`).
    Named,
    /// The one who states, promises, refuses, demands or is asked (its `holder`).
    Holder,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Named => "named",
            Role::Holder => "holder",
        }
    }
}

/// Counts of one (period, topic) or (period, role, actor, topic) cell: `articles` counts
/// stories (first copies) in the actor cells; the topic cells count both.
#[derive(Default, Clone, Copy)]
struct Cell {
    stories: u32,
    /// Articles, copies included (topic cells only).
    articles: u32,
    mentions: u32,
    negated: u32,
    hedged: u32,
    stated: u32,
    /// Stories by the kind of their mentions (topic cells only), each story in one, in
    /// [`StanceKind`] order: negated (any mention is), hedged (any is), else stated.
    story_kinds: [u32; 3],
}

impl Cell {
    fn count(&mut self, m: &StanceRow) {
        self.mentions += 1;
        self.negated += m.negated as u32;
        self.hedged += m.hedged as u32;
        self.stated += (m.kind() == StanceKind::Stated) as u32;
    }
}

#[derive(Default)]
struct TermStats {
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    articles: u32,
    mentions: u32,
}

#[derive(Default)]
struct SourceStats {
    articles: u32,
    /// Articles that are their story's first copy.
    stories: u32,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    mentions: u32,
    negated: u32,
}

fn min_opt(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Small numbers for the names that key the counts (topics, actors, terms, outlets, figure
/// kinds and units), so counting a row looks names up without allocating; also the
/// outlets' numbers in the stories' spill.
#[derive(Default)]
pub(crate) struct Names {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Names {
    pub(crate) fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.to_string());
        self.ids.insert(name.to_string(), id);
        id
    }

    fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    /// Every name, in order of number.
    pub(crate) fn all(&self) -> &[String] {
        &self.names
    }
}

/// Counts the aggregates batch by batch, as the run streams its rows to disk, so they need
/// no second pass over the mention tables; memory follows the number of distinct cells
/// (periods × topics × actors × outlets, and the distinct figure values), not the corpus.
///
/// Each batch must hold whole articles (every row of an article in the same batch), as the
/// pipeline's batches do: distinct-article counts are made within a batch and added up.
pub struct Aggregator {
    period: Period,
    names: Names,
    /// First and last publication date of a dated article: the period grid's ends.
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    /// Dated stories per period.
    totals: HashMap<NaiveDate, u32>,
    topics: HashMap<(u32, NaiveDate), Cell>,
    /// (topic, period, outlet) seen at least once, copies included.
    topic_sources: HashSet<(u32, NaiveDate, u32)>,
    /// (period, role, actor, topic).
    actors: HashMap<(NaiveDate, Role, u32, u32), Cell>,
    /// Figure cells, (kind, unit, period), numbered in order of appearance.
    figure_cells: HashMap<(u32, u32, NaiveDate), u32>,
    figure_keys: Vec<(u32, u32, NaiveDate)>,
    /// The values of every cell, for exact medians.
    figures: Values,
    terms: HashMap<(u32, u32), TermStats>,
    /// Per outlet (`None`: unknown), over every article it printed, dated or not.
    sources: HashMap<Option<u32>, SourceStats>,
    /// Publication dates of every article, duplicates included.
    corpus: Corpus,
    /// Every outlet named by an article, duplicates included.
    outlets: HashSet<u32>,
}

/// What an article contributes: its period and outlet, and whether it stands for its
/// story.
#[derive(Clone, Copy)]
struct Story {
    /// `None` for an undated article (counted for its outlet, not in timelines).
    published: Option<(NaiveDate, NaiveDate)>,
    source: Option<u32>,
    /// The story's first copy: its mentions are the story's.
    first: bool,
}

impl Aggregator {
    pub fn new(period: Period) -> Aggregator {
        Aggregator {
            period,
            names: Names::default(),
            first: None,
            last: None,
            totals: HashMap::default(),
            topics: HashMap::default(),
            topic_sources: HashSet::default(),
            actors: HashMap::default(),
            figure_cells: HashMap::default(),
            figure_keys: Vec::new(),
            figures: Values::default(),
            terms: HashMap::default(),
            sources: HashMap::default(),
            corpus: Corpus::default(),
            outlets: HashSet::default(),
        }
    }

    /// Counts one batch of whole articles. A story counts once, by its first copy; its
    /// other copies count as articles and outlets of the topics they mention.
    pub fn add(&mut self, batch: &Batch) {
        let mut stories: HashMap<u64, Story> =
            HashMap::with_capacity_and_hasher(batch.articles.len(), Default::default());
        for a in &batch.articles {
            self.corpus.first_published = min_opt(self.corpus.first_published, a.published);
            self.corpus.last_published = self.corpus.last_published.max(a.published);
            let source = a.source.as_deref().map(|s| self.names.id(s));
            if let Some(id) = source {
                self.outlets.insert(id);
            }
            let first = a.story_id == a.article_id;
            let published = a.published.map(|d| (d, self.period.start(d)));
            if let Some((d, p)) = published {
                self.first = min_opt(self.first, Some(d));
                self.last = self.last.max(Some(d));
                *self.totals.entry(p).or_default() += first as u32;
            }
            let s = self.sources.entry(source).or_default();
            s.articles += 1;
            s.stories += first as u32;
            s.first = min_opt(s.first, a.published);
            s.last = s.last.max(a.published);
            stories.insert(
                a.article_id,
                Story {
                    published,
                    source,
                    first,
                },
            );
        }

        // Distinct articles per cell: the first mention of an article in a cell counts it.
        let mut seen_topic: HashSet<(u64, u32)> = HashSet::default();
        let mut seen_actor: HashSet<(u64, Role, u32, u32)> = HashSet::default();
        let mut seen_term: HashSet<(u64, u32, u32)> = HashSet::default();
        // A story's stance on a topic, over all its mentions: whether any is negated, any
        // hedged. Whole articles are in the batch, so each story's flags are complete here.
        let mut story_flags: HashMap<(u64, u32), (NaiveDate, bool, bool)> = HashMap::default();
        for m in &batch.stance {
            let Some(story) = stories.get(&m.article_id).copied() else {
                continue;
            };
            let s = self.sources.entry(story.source).or_default();
            s.mentions += 1;
            s.negated += m.negated as u32;
            let Some((published, period)) = story.published else {
                continue;
            };
            let topic = self.names.id(&m.topic);
            let cell = self.topics.entry((topic, period)).or_default();
            let new = seen_topic.insert((m.article_id, topic));
            cell.articles += new as u32;
            if let Some(source) = story.source {
                self.topic_sources.insert((topic, period, source));
            }
            if !story.first {
                continue;
            }
            cell.count(m);
            cell.stories += new as u32;
            let flags = story_flags
                .entry((m.article_id, topic))
                .or_insert((period, false, false));
            flags.1 |= m.negated;
            flags.2 |= m.hedged;
            let named = m.actors.iter().map(|a| (Role::Named, a));
            for (role, actor) in named.chain(m.holder.iter().map(|h| (Role::Holder, h))) {
                let actor = self.names.id(actor);
                let cell = self.actors.entry((period, role, actor, topic)).or_default();
                cell.count(m);
                cell.stories += seen_actor.insert((m.article_id, role, actor, topic)) as u32;
            }
            let term = self.names.id(&m.term);
            let t = self.terms.entry((term, topic)).or_default();
            t.first = min_opt(t.first, Some(published));
            t.last = t.last.max(Some(published));
            t.mentions += 1;
            t.articles += seen_term.insert((m.article_id, term, topic)) as u32;
        }
        for ((_, topic), (period, negated, hedged)) in story_flags {
            let kind = StanceKind::of(negated, hedged) as usize;
            self.topics.entry((topic, period)).or_default().story_kinds[kind] += 1;
        }

        for f in &batch.figures {
            let Some((_, period)) = stories
                .get(&f.article_id)
                .filter(|s| s.first)
                .and_then(|s| s.published)
            else {
                continue;
            };
            let key = (self.names.id(f.kind), self.names.id(&f.unit), period);
            let next = self.figure_keys.len() as u32;
            let cell = *self.figure_cells.entry(key).or_insert(next);
            if cell == next {
                self.figure_keys.push(key);
            }
            self.figures.push(cell, OrderedValue::of(f.value));
        }
    }
}
