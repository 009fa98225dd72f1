//! Aggregates (SPEC §4): the timelines users open first, counted batch by batch as the run
//! streams its rows to disk.
//!
//! Each story counts once (duplicates out) and sits in the period of its publication date;
//! undated articles stay out of timelines. Every period between the first and the last is
//! present, with zeros where nothing was published, so a chart of a table has no silent
//! gaps. Counting as the batches go by (an earlier version grouped the Parquet tables
//! again in polars, chunk by chunk, after the run) needs no second read of the mention
//! tables, and memory follows the number of distinct cells, not the corpus. The counts are
//! laid on the full period grid at the end, where the previous-period changes are computed
//! too. The Parquet helpers here serve the report, which reads its evidence back.

use crate::period::Period;
use crate::run_record::Corpus;
use crate::tables::{Batch, StanceRow};
use anyhow::Result;
use chrono::NaiveDate;
use covtrack_core::extract::StanceKind;
use polars::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeSet;
use std::path::Path;

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

/// A lazy scan of `dir/TABLE.parquet`.
pub(crate) fn scan(dir: &Path, table: &str) -> Result<LazyFrame> {
    let path = dir.join(format!("{table}.parquet"));
    if !path.exists() {
        anyhow::bail!(
            "{} not found: aggregates and the report are built from the Parquet tables",
            path.display()
        );
    }
    Ok(LazyFrame::scan_parquet(
        PlRefPath::new(path.to_string_lossy().as_ref()),
        ScanArgsParquet::default(),
    )?)
}

pub(crate) fn dates(s: &Column) -> Result<Vec<Option<NaiveDate>>> {
    Ok(s.as_materialized_series().date()?.as_date_iter().collect())
}

pub(crate) fn strs(s: &Column) -> Result<Vec<Option<String>>> {
    Ok(s.as_materialized_series()
        .str()?
        .iter()
        .map(|v| v.map(str::to_string))
        .collect())
}

pub(crate) fn u32s(s: &Column) -> Result<Vec<u32>> {
    let s = s.as_materialized_series().cast(&DataType::UInt32)?;
    Ok(s.u32()?.iter().map(|v| v.unwrap_or(0)).collect())
}

pub(crate) fn f64s(s: &Column) -> Result<Vec<Option<f64>>> {
    let s = s.as_materialized_series().cast(&DataType::Float64)?;
    Ok(s.f64()?.iter().collect())
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

/// Half-open ranges of `chunk` article ids that cover every article in `dir`'s tables.
pub(crate) fn id_chunks(dir: &Path, chunk: u64) -> Result<Vec<(u64, u64)>> {
    let max_id = scan(dir, "articles")?
        .select([col("article_id").max().alias("max_id")])
        .collect()?
        .column("max_id")?
        .as_materialized_series()
        .cast(&DataType::UInt64)?
        .u64()?
        .get(0)
        .unwrap_or(0);
    Ok((0..=max_id / chunk)
        .map(|k| (k * chunk, (k + 1) * chunk))
        .collect())
}

/// Rows whose article id lies in `lo..hi`: the tables are sorted by article id, so Parquet
/// statistics let a scan with this filter skip the other row groups.
pub(crate) fn in_ids(lo: u64, hi: u64) -> Expr {
    col("article_id")
        .gt_eq(lit(lo))
        .and(col("article_id").lt(lit(hi)))
}

/// Counts of one (period, topic) or (period, actor, topic) cell.
#[derive(Default, Clone, Copy)]
struct Cell {
    articles: u32,
    mentions: u32,
    negated: u32,
    hedged: u32,
    stated: u32,
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
/// kinds and units), so counting a row looks names up without allocating.
#[derive(Default)]
struct Names {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Names {
    fn id(&mut self, name: &str) -> u32 {
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
    /// First and last publication date of a dated story: the period grid's ends.
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    /// Dated stories per period.
    totals: HashMap<NaiveDate, u32>,
    topics: HashMap<(u32, NaiveDate), Cell>,
    /// (topic, period, outlet) seen at least once.
    topic_sources: HashSet<(u32, NaiveDate, u32)>,
    actors: HashMap<(NaiveDate, u32, u32), Cell>,
    /// Figure cells, (kind, unit, period), numbered in order of appearance.
    figure_cells: HashMap<(u32, u32, NaiveDate), u32>,
    figure_keys: Vec<(u32, u32, NaiveDate)>,
    /// The values of every cell, for exact medians.
    figures: Values,
    terms: HashMap<(u32, u32), TermStats>,
    /// Per outlet (`None`: unknown), over every story, dated or not.
    sources: HashMap<Option<u32>, SourceStats>,
    /// Publication dates of every article, duplicates included.
    corpus: Corpus,
    /// Every outlet named by an article, duplicates included.
    outlets: HashSet<u32>,
}

/// What an article contributes: its story's period and outlet, if it counts at all.
#[derive(Clone, Copy)]
struct Story {
    /// `None` for an undated story (counted for its outlet, not in timelines).
    published: Option<(NaiveDate, NaiveDate)>,
    source: Option<u32>,
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

    /// Counts one batch of whole articles. Duplicates count for nothing: each story once.
    pub fn add(&mut self, batch: &Batch) {
        for a in &batch.articles {
            self.corpus.first_published = min_opt(self.corpus.first_published, a.published);
            self.corpus.last_published = self.corpus.last_published.max(a.published);
            if let Some(s) = &a.source {
                let id = self.names.id(s);
                self.outlets.insert(id);
            }
        }
        let mut stories: HashMap<u64, Story> =
            HashMap::with_capacity_and_hasher(batch.articles.len(), Default::default());
        for a in batch.articles.iter().filter(|a| a.duplicate_of.is_none()) {
            let source = a.source.as_deref().map(|s| self.names.id(s));
            let published = a.published.map(|d| (d, self.period.start(d)));
            if let Some((d, p)) = published {
                self.first = min_opt(self.first, Some(d));
                self.last = self.last.max(Some(d));
                *self.totals.entry(p).or_default() += 1;
            }
            let s = self.sources.entry(source).or_default();
            s.articles += 1;
            s.first = min_opt(s.first, a.published);
            s.last = s.last.max(a.published);
            stories.insert(a.article_id, Story { published, source });
        }

        // Distinct articles per cell: the first mention of an article in a cell counts it.
        let mut seen_topic: HashSet<(u64, u32)> = HashSet::default();
        let mut seen_actor: HashSet<(u64, u32, u32)> = HashSet::default();
        let mut seen_term: HashSet<(u64, u32, u32)> = HashSet::default();
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
            cell.count(m);
            cell.articles += seen_topic.insert((m.article_id, topic)) as u32;
            if let Some(source) = story.source {
                self.topic_sources.insert((topic, period, source));
            }
            for actor in &m.actors {
                let actor = self.names.id(actor);
                let cell = self.actors.entry((period, actor, topic)).or_default();
                cell.count(m);
                cell.articles += seen_actor.insert((m.article_id, actor, topic)) as u32;
            }
            let term = self.names.id(&m.term);
            let t = self.terms.entry((term, topic)).or_default();
            t.first = min_opt(t.first, Some(published));
            t.last = t.last.max(Some(published));
            t.mentions += 1;
            t.articles += seen_term.insert((m.article_id, term, topic)) as u32;
        }

        for f in &batch.figures {
            let Some((_, period)) = stories.get(&f.article_id).and_then(|s| s.published) else {
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

    /// The aggregate tables, on the full grid of periods from the first to the last dated
    /// story, with every topic of `vocabulary`; and the corpus facts counted on the way.
    pub fn finish(mut self, vocabulary: &Vocabulary) -> Result<(Aggregates, Corpus)> {
        self.figures.merge();
        let periods = match (self.first, self.last) {
            (Some(f), Some(l)) => self.period.range(f, l),
            _ => Vec::new(),
        };
        let corpus = Corpus {
            outlets: self.outlets.len() as u64,
            ..self.corpus.clone()
        };
        let aggregates = Aggregates {
            timeline: self.timeline(&periods, &vocabulary.topics)?,
            actor_timeline: self.actor_timeline(&periods)?,
            figure_timeline: self.figure_timeline(&periods)?,
            terms: self.terms_table(&vocabulary.terms)?,
            sources: self.sources_table()?,
        };
        Ok((aggregates, corpus))
    }
    fn timeline(&self, periods: &[NaiveDate], topics: &[String]) -> Result<DataFrame> {
        let mut sources: HashMap<(u32, NaiveDate), u32> = HashMap::default();
        for &(t, p, _) in &self.topic_sources {
            *sources.entry((t, p)).or_default() += 1;
        }
        let mut all_topics: BTreeSet<&str> = topics.iter().map(String::as_str).collect();
        all_topics.extend(self.topics.keys().map(|&(t, _)| self.names.name(t)));
        let mut cols = TimelineColumns::default();
        for topic in all_topics {
            let id = self.names.ids.get(topic).copied();
            let mut prev: Option<(f64, f64)> = None;
            for &period in periods {
                let total = self.totals.get(&period).copied().unwrap_or(0);
                let c = id
                    .and_then(|t| self.topics.get(&(t, period)))
                    .copied()
                    .unwrap_or_default();
                let share = if total == 0 {
                    0.0
                } else {
                    c.articles as f64 / total as f64
                };
                let negated_share = if c.mentions == 0 {
                    0.0
                } else {
                    c.negated as f64 / c.mentions as f64
                };
                cols.period.push(period);
                cols.topic.push(topic.to_string());
                cols.articles.push(c.articles);
                cols.mentions.push(c.mentions);
                cols.negated.push(c.negated);
                cols.hedged.push(c.hedged);
                cols.stated.push(c.stated);
                cols.articles_total.push(total);
                cols.share.push(share);
                cols.negated_share.push(negated_share);
                cols.sources.push(
                    id.and_then(|t| sources.get(&(t, period)))
                        .copied()
                        .unwrap_or(0),
                );
                cols.share_change.push(prev.map(|(s, _)| share - s));
                cols.negated_share_change
                    .push(prev.map(|(_, ns)| negated_share - ns));
                prev = Some((share, negated_share));
            }
        }
        cols.into_frame()
    }

    fn actor_timeline(&self, periods: &[NaiveDate]) -> Result<DataFrame> {
        let pairs: BTreeSet<(&str, &str, u32, u32)> = self
            .actors
            .keys()
            .map(|&(_, a, t)| (self.names.name(a), self.names.name(t), a, t))
            .collect();
        let (mut cp, mut ca, mut ct) = (Vec::new(), Vec::new(), Vec::new());
        let (mut va, mut vm, mut vn, mut vh) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        // Period-major order: a reader scanning one period sees every pair.
        for &period in periods {
            for &(actor, topic, a, t) in &pairs {
                let c = self
                    .actors
                    .get(&(period, a, t))
                    .copied()
                    .unwrap_or_default();
                cp.push(period);
                ca.push(actor);
                ct.push(topic);
                va.push(c.articles);
                vm.push(c.mentions);
                vn.push(c.negated);
                vh.push(c.hedged);
            }
        }
        Ok(df!(
            "period" => cp,
            "actor" => ca,
            "topic" => ct,
            "articles" => va,
            "mentions" => vm,
            "negated" => vn,
            "hedged" => vh,
        )?)
    }

    fn figure_timeline(&self, periods: &[NaiveDate]) -> Result<DataFrame> {
        let pairs: BTreeSet<(&str, &str, u32, u32)> = self
            .figure_keys
            .iter()
            .map(|&(k, u, _)| (self.names.name(k), self.names.name(u), k, u))
            .collect();
        let mut by_cell: Vec<&[Entry]> = vec![&[]; self.figure_keys.len()];
        for entries in self.figures.sorted.chunk_by(|a, b| a.cell == b.cell) {
            by_cell[entries[0].cell as usize] = entries;
        }
        let (mut cp, mut ck, mut cu, mut cm) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut cmin, mut cmed, mut cmax) = (Vec::new(), Vec::new(), Vec::new());
        for &period in periods {
            for &(kind, unit, k, u) in &pairs {
                let counts = self
                    .figure_cells
                    .get(&(k, u, period))
                    .map_or(&[][..], |&c| by_cell[c as usize]);
                cp.push(period);
                ck.push(kind);
                cu.push(unit);
                cm.push(counts.iter().map(|e| e.count).sum::<u32>());
                cmin.push(counts.first().map(|e| e.value.value()));
                cmax.push(counts.last().map(|e| e.value.value()));
                cmed.push(median(counts));
            }
        }
        Ok(df!(
            "period" => cp,
            "kind" => ck,
            "unit" => cu,
            "mentions" => cm,
            "min" => cmin,
            "median" => cmed,
            "max" => cmax,
        )?)
    }

    fn terms_table(&self, declared: &[(String, String)]) -> Result<DataFrame> {
        let mut rows: Vec<TermRow> = self
            .terms
            .iter()
            .map(|(&(term, topic), s)| {
                (
                    self.names.name(term),
                    self.names.name(topic),
                    s.first,
                    s.last,
                    s.articles,
                    s.mentions,
                )
            })
            .collect();
        // Terms the lexicon declares but no story used: zero counts, no dates.
        let seen: HashSet<(&str, &str)> = rows.iter().map(|r| (r.0, r.1)).collect();
        let unseen: BTreeSet<&(String, String)> = declared
            .iter()
            .filter(|(term, topic)| !seen.contains(&(term.as_str(), topic.as_str())))
            .collect();
        rows.extend(
            unseen
                .into_iter()
                .map(|(term, topic)| (term.as_str(), topic.as_str(), None, None, 0, 0)),
        );
        // First seen first; never-seen terms last.
        rows.sort_by(|a, b| (a.2.is_none(), a.2, a.0, a.1).cmp(&(b.2.is_none(), b.2, b.0, b.1)));
        Ok(df!(
            "term" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            "topic" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            "first_seen" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            "last_seen" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
            "articles" => rows.iter().map(|r| r.4).collect::<Vec<_>>(),
            "mentions" => rows.iter().map(|r| r.5).collect::<Vec<_>>(),
        )?)
    }

    fn sources_table(&self) -> Result<DataFrame> {
        let mut rows: Vec<(Option<&str>, &SourceStats)> = self
            .sources
            .iter()
            .map(|(s, stats)| (s.map(|s| self.names.name(s)), stats))
            .collect();
        // Most stories first; the unknown outlet last among equals.
        rows.sort_by(|a, b| {
            b.1.articles
                .cmp(&a.1.articles)
                .then((a.0.is_none(), a.0).cmp(&(b.0.is_none(), b.0)))
        });
        Ok(df!(
            "source" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            "articles" => rows.iter().map(|r| r.1.articles).collect::<Vec<_>>(),
            "first_published" => rows.iter().map(|r| r.1.first).collect::<Vec<_>>(),
            "last_published" => rows.iter().map(|r| r.1.last).collect::<Vec<_>>(),
            "mentions" => rows.iter().map(|r| r.1.mentions).collect::<Vec<_>>(),
            "negated" => rows.iter().map(|r| r.1.negated).collect::<Vec<_>>(),
        )?)
    }
}

/// term, topic, first seen, last seen, articles, mentions.
type TermRow<'a> = (
    &'a str,
    &'a str,
    Option<NaiveDate>,
    Option<NaiveDate>,
    u32,
    u32,
);

/// An f64 as a key that sorts like the number (`f64::total_cmp` order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct OrderedValue(u64);

impl OrderedValue {
    fn of(v: f64) -> OrderedValue {
        let b = v.to_bits();
        OrderedValue(if b >> 63 == 1 { !b } else { b | (1 << 63) })
    }
    fn value(self) -> f64 {
        let b = self.0;
        f64::from_bits(if b >> 63 == 1 { b & !(1 << 63) } else { !b })
    }
}

/// One distinct value of a figure cell, with how often it was seen.
#[derive(Debug, Clone, Copy)]
struct Entry {
    cell: u32,
    count: u32,
    value: OrderedValue,
}

/// The values of every figure cell: one [`Entry`] per distinct (cell, value), sorted by
/// cell then value, plus the values added since they were last merged in. Cells are many
/// (units are open nouns, times every period) and most hold a few values, so they share
/// one array, 16 bytes per distinct value, rather than an allocation each; memory follows
/// the distinct values (figures repeat a lot), not the number of figures.
#[derive(Default)]
struct Values {
    sorted: Vec<Entry>,
    fresh: Vec<Entry>,
}

impl Values {
    fn push(&mut self, cell: u32, value: OrderedValue) {
        self.fresh.push(Entry {
            cell,
            count: 1,
            value,
        });
        // Merging when the new values are half as many as the merged ones keeps the work
        // per value constant on average and the unmerged part small.
        if self.fresh.len() >= (self.sorted.len() / 2).max(1 << 14) {
            self.merge();
        }
    }

    fn merge(&mut self) {
        if self.fresh.is_empty() {
            return;
        }
        let key = |e: &Entry| (e.cell, e.value);
        self.fresh.sort_unstable_by_key(key);
        let mut merged: Vec<Entry> = Vec::with_capacity(self.sorted.len() + self.fresh.len());
        let add = |e: Entry, merged: &mut Vec<Entry>| match merged.last_mut() {
            Some(last) if key(last) == key(&e) => last.count += e.count,
            _ => merged.push(e),
        };
        let mut old = self.sorted.iter().copied().peekable();
        for &e in &self.fresh {
            while let Some(&o) = old.peek()
                && key(&o) < key(&e)
            {
                add(o, &mut merged);
                old.next();
            }
            add(e, &mut merged);
        }
        old.for_each(|o| add(o, &mut merged));
        merged.shrink_to_fit();
        self.sorted = merged;
        self.fresh = Vec::new();
    }
}

/// The median of counted values, given in order (the mean of the middle two for an even
/// count).
fn median(counts: &[Entry]) -> Option<f64> {
    let n: u64 = counts.iter().map(|e| e.count as u64).sum();
    if n == 0 {
        return None;
    }
    // The values at sorted positions (n-1)/2 and n/2 (the same one when n is odd).
    let (lo_at, hi_at) = ((n - 1) / 2, n / 2);
    let (mut lo, mut hi) = (None, None);
    let mut seen = 0u64;
    for &Entry {
        value: v, count: c, ..
    } in counts
    {
        let next = seen + c as u64;
        if lo.is_none() && lo_at < next {
            lo = Some(v.value());
        }
        if hi_at < next {
            hi = Some(v.value());
            break;
        }
        seen = next;
    }
    Some((lo? + hi?) / 2.0)
}

#[derive(Default)]
struct TimelineColumns {
    period: Vec<NaiveDate>,
    topic: Vec<String>,
    articles: Vec<u32>,
    mentions: Vec<u32>,
    negated: Vec<u32>,
    hedged: Vec<u32>,
    stated: Vec<u32>,
    articles_total: Vec<u32>,
    share: Vec<f64>,
    negated_share: Vec<f64>,
    sources: Vec<u32>,
    share_change: Vec<Option<f64>>,
    negated_share_change: Vec<Option<f64>>,
}

impl TimelineColumns {
    fn into_frame(self) -> Result<DataFrame> {
        Ok(df!(
            "period" => self.period,
            "topic" => self.topic,
            "articles" => self.articles,
            "mentions" => self.mentions,
            "negated" => self.negated,
            "hedged" => self.hedged,
            "stated" => self.stated,
            "articles_total" => self.articles_total,
            "share" => self.share,
            "negated_share" => self.negated_share,
            "sources" => self.sources,
            "share_change" => self.share_change,
            "negated_share_change" => self.negated_share_change,
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::{ArticleRow, FigureRow};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn article(id: u64, published: Option<&str>, source: &str, dup: Option<u64>) -> ArticleRow {
        ArticleRow {
            article_id: id,
            path: format!("a{id}.txt"),
            format: "txt",
            source: Some(source.to_string()),
            url: None,
            title: format!("Article {id}"),
            published: published.map(d),
            published_from: "given",
            encoding: "UTF-8",
            chars: 100,
            words: 20,
            sentences: 2,
            duplicate_of: dup,
            dates: 0,
            figures: 0,
            stance: 0,
        }
    }

    fn mention(id: u64, topic: &str, negated: bool, hedged: bool, actors: &[&str]) -> StanceRow {
        StanceRow {
            article_id: id,
            sentence: 0,
            start: 0,
            end: 5,
            term: if topic == "ceasefire" {
                "ceasefire".into()
            } else {
                "security guarantees".into()
            },
            topic: topic.into(),
            negated,
            hedged,
            quoted: false,
            actors: actors.iter().map(|a| a.to_string()).collect(),
            cue: None,
            sentence_text: String::new(),
        }
    }

    fn figure(id: u64, value: f64, unit: &str, kind: &'static str) -> FigureRow {
        FigureRow {
            article_id: id,
            sentence: 0,
            start: 0,
            end: 3,
            text: String::new(),
            value,
            value_high: None,
            unit: unit.into(),
            kind,
            qualifier: "exact",
        }
    }

    /// Five articles over three weeks, one a duplicate and one undated; every expected
    /// number below is counted by hand from these rows.
    fn fixture() -> (Aggregates, Corpus) {
        fixture_in_batches(5)
    }

    /// The fixture's articles counted in batches of `size` articles.
    fn fixture_in_batches(size: usize) -> (Aggregates, Corpus) {
        let whole = Batch {
            articles: vec![
                article(1, Some("2025-02-24"), "A", None),
                article(2, Some("2025-02-26"), "B", None),
                article(3, Some("2025-02-26"), "A", Some(2)),
                article(4, Some("2025-03-12"), "B", None),
                article(5, None, "C", None),
            ],
            stance: vec![
                mention(
                    1,
                    "security_guarantee",
                    true,
                    false,
                    &["trump", "united_states"],
                ),
                mention(1, "security_guarantee", false, true, &["europe"]),
                mention(1, "ceasefire", false, false, &[]),
                mention(2, "security_guarantee", false, false, &["europe"]),
                mention(3, "security_guarantee", true, false, &["trump"]),
                mention(4, "ceasefire", true, false, &["russia"]),
                mention(5, "security_guarantee", false, false, &[]),
            ],
            figures: vec![
                figure(1, 100_000.0, "troop", "count"),
                figure(2, 50_000.0, "troop", "count"),
                figure(3, 1.0, "troop", "count"),
                figure(4, 350e9, "USD", "money"),
            ],
            ..Default::default()
        };
        let mut agg = Aggregator::new(Period::Week);
        for articles in whole.articles.chunks(size) {
            let ids = articles[0].article_id..=articles[articles.len() - 1].article_id;
            agg.add(&Batch {
                articles: articles.to_vec(),
                stance: (whole.stance.iter())
                    .filter(|m| ids.contains(&m.article_id))
                    .cloned()
                    .collect(),
                figures: (whole.figures.iter())
                    .filter(|f| ids.contains(&f.article_id))
                    .cloned()
                    .collect(),
                ..Default::default()
            });
        }
        let vocabulary = Vocabulary {
            topics: ["security_guarantee", "ceasefire", "peacekeeping"]
                .map(String::from)
                .to_vec(),
            terms: vec![
                ("ceasefire".into(), "ceasefire".into()),
                ("truce".into(), "ceasefire".into()),
            ],
        };
        agg.finish(&vocabulary).unwrap()
    }

    fn row(df: &DataFrame, i: usize) -> Vec<String> {
        df.columns()
            .iter()
            .map(|c| c.get(i).unwrap().to_string())
            .collect()
    }

    #[test]
    fn timeline_by_hand() {
        let (agg, _) = fixture();
        let t = &agg.timeline;
        // 3 topics x 3 weeks (the empty week of 2025-03-03 included).
        assert_eq!(t.height(), 9);
        let header: Vec<&str> = t.get_column_names().iter().map(|c| c.as_str()).collect();
        assert_eq!(
            header,
            [
                "period",
                "topic",
                "articles",
                "mentions",
                "negated",
                "hedged",
                "stated",
                "articles_total",
                "share",
                "negated_share",
                "sources",
                "share_change",
                "negated_share_change"
            ]
        );
        assert_eq!(t.column("period").unwrap().dtype(), &DataType::Date);
        assert_eq!(t.column("articles").unwrap().dtype(), &DataType::UInt32);
        // ceasefire: week 1 one of two stories, week 2 nothing, week 3 the only story, negated.
        assert_eq!(
            row(t, 0),
            [
                "2025-02-24",
                "\"ceasefire\"",
                "1",
                "1",
                "0",
                "0",
                "1",
                "2",
                "0.5",
                "0.0",
                "1",
                "null",
                "null"
            ]
        );
        assert_eq!(
            row(t, 1),
            [
                "2025-03-03",
                "\"ceasefire\"",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0.0",
                "0.0",
                "0",
                "-0.5",
                "0.0"
            ]
        );
        assert_eq!(
            row(t, 2),
            [
                "2025-03-10",
                "\"ceasefire\"",
                "1",
                "1",
                "1",
                "0",
                "0",
                "1",
                "1.0",
                "1.0",
                "1",
                "1.0",
                "1.0"
            ]
        );
        // peacekeeping is in the lexicon but never mentioned: zeros, still present.
        assert_eq!(row(t, 3)[1], "\"peacekeeping\"");
        assert_eq!(row(t, 3)[2], "0");
        // security_guarantee week 1: stories 1 and 2 (3 is a duplicate, 5 undated).
        let sg = row(t, 6);
        assert_eq!(
            &sg[..8],
            [
                "2025-02-24",
                "\"security_guarantee\"",
                "2",
                "3",
                "1",
                "1",
                "1",
                "2"
            ]
        );
        assert_eq!(sg[8], "1.0");
        assert!(sg[9].starts_with("0.333"));
        assert_eq!(sg[10], "2");
    }

    #[test]
    fn actors_figures_terms_sources_by_hand() {
        let (agg, corpus) = fixture();
        let a = &agg.actor_timeline;
        // 4 (actor, topic) pairs x 3 weeks.
        assert_eq!(a.height(), 12);
        assert_eq!(
            row(a, 0),
            [
                "2025-02-24",
                "\"europe\"",
                "\"security_guarantee\"",
                "2",
                "2",
                "0",
                "1"
            ]
        );
        assert_eq!(
            row(a, 1)[1..3],
            ["\"russia\"".to_string(), "\"ceasefire\"".to_string()]
        );
        assert_eq!(row(a, 1)[3], "0");
        assert_eq!(
            row(a, 9),
            [
                "2025-03-10",
                "\"russia\"",
                "\"ceasefire\"",
                "1",
                "1",
                "1",
                "0"
            ]
        );

        let f = &agg.figure_timeline;
        assert_eq!(f.height(), 6);
        assert_eq!(
            row(f, 0),
            [
                "2025-02-24",
                "\"count\"",
                "\"troop\"",
                "2",
                "50000.0",
                "75000.0",
                "100000.0"
            ]
        );
        assert_eq!(
            row(f, 1),
            [
                "2025-02-24",
                "\"money\"",
                "\"USD\"",
                "0",
                "null",
                "null",
                "null"
            ]
        );
        assert_eq!(
            row(f, 5)[3..],
            ["1", "3.5000e11", "3.5000e11", "3.5000e11"].map(String::from)
        );

        let t = &agg.terms;
        // Two terms seen, and "truce", declared but never used, last.
        assert_eq!(t.height(), 3);
        assert_eq!(
            row(t, 2),
            ["\"truce\"", "\"ceasefire\"", "null", "null", "0", "0"]
        );
        assert_eq!(
            row(t, 0),
            [
                "\"ceasefire\"",
                "\"ceasefire\"",
                "2025-02-24",
                "2025-03-12",
                "2",
                "2"
            ]
        );
        assert_eq!(
            row(t, 1),
            [
                "\"security guarantees\"",
                "\"security_guarantee\"",
                "2025-02-24",
                "2025-02-26",
                "2",
                "3"
            ]
        );

        let s = &agg.sources;
        assert_eq!(s.height(), 3);
        assert_eq!(
            row(s, 0),
            ["\"B\"", "2", "2025-02-26", "2025-03-12", "2", "1"]
        );
        assert_eq!(
            row(s, 1),
            ["\"A\"", "1", "2025-02-24", "2025-02-24", "3", "1"]
        );
        assert_eq!(row(s, 2), ["\"C\"", "1", "null", "null", "1", "0"]);

        assert_eq!(
            corpus,
            Corpus {
                outlets: 3,
                first_published: Some(d("2025-02-24")),
                last_published: Some(d("2025-03-12")),
            }
        );
    }

    #[test]
    fn batches_merge_to_the_same_tables() {
        let (whole, whole_corpus) = fixture();
        // Batches of two articles split the duplicate from its original and the weeks
        // across batches: distinct counts and medians must still come out the same.
        let (split, split_corpus) = fixture_in_batches(2);
        for (x, y) in [
            (&whole.timeline, &split.timeline),
            (&whole.actor_timeline, &split.actor_timeline),
            (&whole.figure_timeline, &split.figure_timeline),
            (&whole.terms, &split.terms),
            (&whole.sources, &split.sources),
        ] {
            assert!(x.equals_missing(y), "{x}\n{y}");
        }
        assert_eq!(whole_corpus, split_corpus);
    }

    #[test]
    fn medians_from_counts() {
        let counts = |vals: &[f64]| {
            let mut m = Values::default();
            for v in vals {
                m.push(0, OrderedValue::of(*v));
            }
            m.merge();
            m.sorted
        };
        assert_eq!(median(&counts(&[])), None);
        assert_eq!(median(&counts(&[5.0])), Some(5.0));
        assert_eq!(median(&counts(&[1.0, 9.0])), Some(5.0));
        assert_eq!(median(&counts(&[3.0, -2.0, 3.0, 100.0])), Some(3.0));
        assert_eq!(median(&counts(&[-1.5, 0.0, 2.0])), Some(0.0));
        assert_eq!(OrderedValue::of(-7.25).value(), -7.25);
        assert!(OrderedValue::of(-1.0) < OrderedValue::of(0.5));
    }

    #[test]
    fn values_merge_into_distinct_counts_in_order() {
        let mut v = Values::default();
        // Enough values for several merges on the way: 7 cells, each value of each cell
        // pushed five times in a scrambled order.
        let n: u32 = 50_000;
        for i in 0..5 * n {
            let j = (i * 7919) % n;
            v.push(j % 7, OrderedValue::of((j / 7) as f64 - 10.0));
        }
        v.merge();
        assert!(v.fresh.is_empty());
        assert_eq!(v.sorted.len(), n as usize);
        let got: Vec<(u32, f64, u32)> = v
            .sorted
            .iter()
            .map(|e| (e.cell, e.value.value(), e.count))
            .collect();
        let mut want: Vec<(u32, f64, u32)> =
            (0..n).map(|j| (j % 7, (j / 7) as f64 - 10.0, 5)).collect();
        want.sort_by(|a, b| (a.0, a.1).partial_cmp(&(b.0, b.1)).unwrap());
        assert_eq!(got, want);
    }
}
