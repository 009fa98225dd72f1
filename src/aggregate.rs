//! Aggregates (SPEC §4): the timelines users open first, computed with polars' lazy API
//! from the mention tables the run has just streamed to disk.
//!
//! Each story counts once (duplicates out) and sits in the period of its publication date;
//! undated articles stay out of timelines. Every period between the first and the last is
//! present, with zeros where nothing was published, so a chart of a table has no silent
//! gaps. The grouping runs in polars, chunk by chunk of article ids so that memory follows
//! the chunk and not the corpus; the small grouped results are merged and laid on the full
//! period grid here, where the previous-period changes ("shift" columns) are computed too.

use crate::cli::Period;
use anyhow::Result;
use chrono::{Datelike, Duration, Months, NaiveDate};
use polars::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The aggregate tables, in the order they are written.
pub struct Aggregates {
    pub timeline: DataFrame,
    pub actor_timeline: DataFrame,
    pub figure_timeline: DataFrame,
    pub terms: DataFrame,
    pub sources: DataFrame,
}

/// The first day of the period containing `d`.
pub fn period_start(d: NaiveDate, period: Period) -> NaiveDate {
    match period {
        Period::Day => d,
        Period::Week => d - Duration::days(d.weekday().num_days_from_monday() as i64),
        Period::Month => d.with_day(1).expect("day 1 exists"),
    }
}

fn next_period(d: NaiveDate, period: Period) -> NaiveDate {
    match period {
        Period::Day => d + Duration::days(1),
        Period::Week => d + Duration::days(7),
        Period::Month => d + Months::new(1),
    }
}

/// Every period start from the one containing `first` to the one containing `last`.
pub fn period_range(first: NaiveDate, last: NaiveDate, period: Period) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut d = period_start(first, period);
    let end = period_start(last, period);
    while d <= end {
        out.push(d);
        d = next_period(d, period);
    }
    out
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

fn period_expr(period: Period) -> Expr {
    col("published")
        .dt()
        .truncate(lit(match period {
            Period::Day => "1d",
            Period::Week => "1w",
            Period::Month => "1mo",
        }))
        .alias("period")
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
    pub fn of(lexicon: &crate::lexicon::Lexicon) -> Vocabulary {
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

/// Articles per aggregation chunk: each chunk's grouping runs in polars over just those
/// rows (the tables are sorted by article id, so Parquet statistics skip the rest), and the
/// small grouped results are merged here. Memory follows the chunk, not the corpus.
const CHUNK: u64 = 20_000;

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

/// Computes every aggregate from the `articles`, `stance` and `figures` Parquet files in
/// `dir`.
pub fn aggregate(dir: &Path, period: Period, vocabulary: &Vocabulary) -> Result<Aggregates> {
    aggregate_in_chunks(dir, period, vocabulary, CHUNK)
}

fn aggregate_in_chunks(
    dir: &Path,
    period: Period,
    vocabulary: &Vocabulary,
    chunk: u64,
) -> Result<Aggregates> {
    let stories = scan(dir, "articles")?.filter(col("duplicate_of").is_null());
    let bounds = stories
        .clone()
        .select([
            col("published").min().alias("first"),
            col("published").max().alias("last"),
        ])
        .collect()?;
    let first = dates(bounds.column("first")?)?[0];
    let last = dates(bounds.column("last")?)?[0];
    // The period grid: from the first to the last dated story.
    let periods = match (first, last) {
        (Some(f), Some(l)) => period_range(f, l, period),
        _ => Vec::new(),
    };

    let mut acc = Accumulator::default();
    for (lo, hi) in id_chunks(dir, chunk)? {
        let in_chunk = || in_ids(lo, hi);
        let stories_c = stories.clone().filter(in_chunk());
        let dated_c = stories_c
            .clone()
            .filter(col("published").is_not_null())
            .select([
                col("article_id"),
                col("published"),
                period_expr(period),
                col("source"),
            ]);
        let join_dated = |lf: LazyFrame| {
            lf.join(
                dated_c.clone(),
                [col("article_id")],
                [col("article_id")],
                JoinArgs::new(JoinType::Inner),
            )
        };
        let stance_all = scan(dir, "stance")?.filter(in_chunk());
        let stance = join_dated(stance_all.clone());
        let figures = join_dated(scan(dir, "figures")?.filter(in_chunk()));
        acc.add_chunk(&dated_c, &stance, figures, stories_c, stance_all)?;
    }
    acc.finish(&periods, vocabulary)
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
    fn add(&mut self, o: Cell) {
        self.articles += o.articles;
        self.mentions += o.mentions;
        self.negated += o.negated;
        self.hedged += o.hedged;
        self.stated += o.stated;
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

fn max_opt(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    a.max(b)
}

/// Grouped results merged over chunks. Every story lies in exactly one chunk, so distinct
/// article counts add up; distinct outlets are kept as sets (periods × topics × outlets).
#[derive(Default)]
struct Accumulator {
    totals: BTreeMap<NaiveDate, u32>,
    topics: BTreeMap<(String, NaiveDate), Cell>,
    topic_sources: BTreeSet<(String, NaiveDate, String)>,
    actors: BTreeMap<(NaiveDate, String, String), Cell>,
    /// Figure values per (kind, unit, period) as counts of each distinct value, for exact
    /// medians in memory that follows the distinct values (figures repeat a lot), not the
    /// number of figures.
    figures: BTreeMap<(String, String, NaiveDate), BTreeMap<OrderedValue, u32>>,
    terms: BTreeMap<(String, String), TermStats>,
    sources: BTreeMap<Option<String>, SourceStats>,
}

fn cell_aggs() -> [Expr; 5] {
    [
        col("article_id").n_unique().alias("articles"),
        len().alias("mentions"),
        col("negated").sum().alias("negated"),
        col("hedged").sum().alias("hedged"),
        (col("negated").not().and(col("hedged").not()))
            .sum()
            .alias("stated"),
    ]
}

fn cells(df: &DataFrame) -> Result<Vec<Cell>> {
    let a = u32s(df.column("articles")?)?;
    let m = u32s(df.column("mentions")?)?;
    let n = u32s(df.column("negated")?)?;
    let h = u32s(df.column("hedged")?)?;
    let s = u32s(df.column("stated")?)?;
    Ok((0..df.height())
        .map(|i| Cell {
            articles: a[i],
            mentions: m[i],
            negated: n[i],
            hedged: h[i],
            stated: s[i],
        })
        .collect())
}

impl Accumulator {
    fn add_chunk(
        &mut self,
        dated: &LazyFrame,
        stance: &LazyFrame,
        figures: LazyFrame,
        stories: LazyFrame,
        stance_all: LazyFrame,
    ) -> Result<()> {
        let totals = dated
            .clone()
            .group_by([col("period")])
            .agg([len().alias("n")])
            .collect()?;
        for (p, n) in dates(totals.column("period")?)?
            .into_iter()
            .zip(u32s(totals.column("n")?)?)
        {
            if let Some(p) = p {
                *self.totals.entry(p).or_default() += n;
            }
        }

        let grouped = stance
            .clone()
            .group_by([col("period"), col("topic")])
            .agg(cell_aggs())
            .collect()?;
        let p = dates(grouped.column("period")?)?;
        let t = strs(grouped.column("topic")?)?;
        for (i, c) in cells(&grouped)?.into_iter().enumerate() {
            if let (Some(p), Some(t)) = (p[i], t[i].clone()) {
                self.topics.entry((t, p)).or_default().add(c);
            }
        }

        let outlets = stance
            .clone()
            .filter(col("source").is_not_null())
            .group_by([col("period"), col("topic"), col("source")])
            .agg([])
            .collect()?;
        let p = dates(outlets.column("period")?)?;
        let t = strs(outlets.column("topic")?)?;
        let s = strs(outlets.column("source")?)?;
        for i in 0..outlets.height() {
            if let (Some(p), Some(t), Some(s)) = (p[i], t[i].clone(), s[i].clone()) {
                self.topic_sources.insert((t, p, s));
            }
        }

        let grouped = stance
            .clone()
            .select([
                col("period"),
                col("topic"),
                col("article_id"),
                col("negated"),
                col("hedged"),
                col("actors"),
            ])
            .explode(
                cols(["actors"]),
                ExplodeOptions {
                    empty_as_null: true,
                    keep_nulls: true,
                },
            )
            .filter(col("actors").is_not_null())
            .group_by([col("period"), col("actors").alias("actor"), col("topic")])
            .agg(cell_aggs())
            .collect()?;
        let p = dates(grouped.column("period")?)?;
        let a = strs(grouped.column("actor")?)?;
        let t = strs(grouped.column("topic")?)?;
        for (i, c) in cells(&grouped)?.into_iter().enumerate() {
            if let (Some(p), Some(a), Some(t)) = (p[i], a[i].clone(), t[i].clone()) {
                self.actors.entry((p, a, t)).or_default().add(c);
            }
        }

        let values = figures
            .select([col("period"), col("kind"), col("unit"), col("value")])
            .collect()?;
        let p = dates(values.column("period")?)?;
        let k = strs(values.column("kind")?)?;
        let u = strs(values.column("unit")?)?;
        let v = f64s(values.column("value")?)?;
        for i in 0..values.height() {
            if let (Some(p), Some(k), Some(u), Some(v)) = (p[i], k[i].clone(), u[i].clone(), v[i]) {
                *self
                    .figures
                    .entry((k, u, p))
                    .or_default()
                    .entry(OrderedValue::of(v))
                    .or_default() += 1;
            }
        }

        let grouped = stance
            .clone()
            .group_by([col("term"), col("topic")])
            .agg([
                col("published").min().alias("first_seen"),
                col("published").max().alias("last_seen"),
                col("article_id").n_unique().alias("articles"),
                len().alias("mentions"),
            ])
            .collect()?;
        let term = strs(grouped.column("term")?)?;
        let topic = strs(grouped.column("topic")?)?;
        let f = dates(grouped.column("first_seen")?)?;
        let l = dates(grouped.column("last_seen")?)?;
        let a = u32s(grouped.column("articles")?)?;
        let m = u32s(grouped.column("mentions")?)?;
        for i in 0..grouped.height() {
            if let (Some(term), Some(topic)) = (term[i].clone(), topic[i].clone()) {
                let e = self.terms.entry((term, topic)).or_default();
                e.first = min_opt(e.first, f[i]);
                e.last = max_opt(e.last, l[i]);
                e.articles += a[i];
                e.mentions += m[i];
            }
        }

        let per_article = stance_all.group_by([col("article_id")]).agg([
            len().alias("mentions"),
            col("negated").sum().alias("negated"),
        ]);
        let grouped = stories
            .select([col("article_id"), col("source"), col("published")])
            .join(
                per_article,
                [col("article_id")],
                [col("article_id")],
                JoinArgs::new(JoinType::Left),
            )
            .group_by([col("source")])
            .agg([
                len().alias("articles"),
                col("published").min().alias("first"),
                col("published").max().alias("last"),
                col("mentions").fill_null(lit(0)).sum().alias("mentions"),
                col("negated").fill_null(lit(0)).sum().alias("negated"),
            ])
            .collect()?;
        let s = strs(grouped.column("source")?)?;
        let a = u32s(grouped.column("articles")?)?;
        let f = dates(grouped.column("first")?)?;
        let l = dates(grouped.column("last")?)?;
        let m = u32s(grouped.column("mentions")?)?;
        let n = u32s(grouped.column("negated")?)?;
        for i in 0..grouped.height() {
            let e = self.sources.entry(s[i].clone()).or_default();
            e.articles += a[i];
            e.first = min_opt(e.first, f[i]);
            e.last = max_opt(e.last, l[i]);
            e.mentions += m[i];
            e.negated += n[i];
        }
        Ok(())
    }

    fn finish(self, periods: &[NaiveDate], vocabulary: &Vocabulary) -> Result<Aggregates> {
        Ok(Aggregates {
            timeline: self.timeline(periods, &vocabulary.topics)?,
            actor_timeline: self.actor_timeline(periods)?,
            figure_timeline: self.figure_timeline(periods)?,
            terms: self.terms_table(&vocabulary.terms)?,
            sources: self.sources_table()?,
        })
    }

    fn timeline(&self, periods: &[NaiveDate], topics: &[String]) -> Result<DataFrame> {
        let mut sources: BTreeMap<(&str, NaiveDate), u32> = BTreeMap::new();
        for (t, p, _) in &self.topic_sources {
            *sources.entry((t.as_str(), *p)).or_default() += 1;
        }
        let mut all_topics: BTreeSet<&str> = topics.iter().map(String::as_str).collect();
        all_topics.extend(self.topics.keys().map(|(t, _)| t.as_str()));
        let mut cols = TimelineColumns::default();
        for topic in all_topics {
            let mut prev: Option<(f64, f64)> = None;
            for &period in periods {
                let total = self.totals.get(&period).copied().unwrap_or(0);
                let c = self
                    .topics
                    .get(&(topic.to_string(), period))
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
                cols.sources
                    .push(sources.get(&(topic, period)).copied().unwrap_or(0));
                cols.share_change.push(prev.map(|(s, _)| share - s));
                cols.negated_share_change
                    .push(prev.map(|(_, ns)| negated_share - ns));
                prev = Some((share, negated_share));
            }
        }
        cols.into_frame()
    }

    fn actor_timeline(&self, periods: &[NaiveDate]) -> Result<DataFrame> {
        let pairs: BTreeSet<(&str, &str)> = self
            .actors
            .keys()
            .map(|(_, a, t)| (a.as_str(), t.as_str()))
            .collect();
        let (mut cp, mut ca, mut ct) = (Vec::new(), Vec::new(), Vec::new());
        let (mut va, mut vm, mut vn, mut vh) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        // Period-major order: a reader scanning one period sees every pair.
        for &period in periods {
            for &(actor, topic) in &pairs {
                let c = self
                    .actors
                    .get(&(period, actor.to_string(), topic.to_string()))
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
        let pairs: BTreeSet<(&str, &str)> = self
            .figures
            .keys()
            .map(|(k, u, _)| (k.as_str(), u.as_str()))
            .collect();
        let (mut cp, mut ck, mut cu, mut cm) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut cmin, mut cmed, mut cmax) = (Vec::new(), Vec::new(), Vec::new());
        for &period in periods {
            for &(kind, unit) in &pairs {
                let empty = BTreeMap::new();
                let counts = self
                    .figures
                    .get(&(kind.to_string(), unit.to_string(), period))
                    .unwrap_or(&empty);
                cp.push(period);
                ck.push(kind);
                cu.push(unit);
                cm.push(counts.values().sum::<u32>());
                cmin.push(counts.keys().next().map(|v| v.value()));
                cmax.push(counts.keys().next_back().map(|v| v.value()));
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
            .map(|((term, topic), s)| {
                (
                    term.as_str(),
                    topic.as_str(),
                    s.first,
                    s.last,
                    s.articles,
                    s.mentions,
                )
            })
            .collect();
        // Terms the lexicon declares but no story used: zero counts, no dates.
        let unseen: BTreeSet<&(String, String)> = declared
            .iter()
            .filter(|k| !self.terms.contains_key(*k))
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
        let mut rows: Vec<(&Option<String>, &SourceStats)> = self.sources.iter().collect();
        // Most stories first; the unknown outlet last among equals.
        rows.sort_by(|a, b| {
            b.1.articles
                .cmp(&a.1.articles)
                .then((a.0.is_none(), a.0).cmp(&(b.0.is_none(), b.0)))
        });
        Ok(df!(
            "source" => rows.iter().map(|r| r.0.as_deref()).collect::<Vec<_>>(),
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

/// The median of counted values (the mean of the middle two for an even count).
fn median(counts: &BTreeMap<OrderedValue, u32>) -> Option<f64> {
    let n: u64 = counts.values().map(|&c| c as u64).sum();
    if n == 0 {
        return None;
    }
    // The values at sorted positions (n-1)/2 and n/2 (the same one when n is odd).
    let (lo_at, hi_at) = ((n - 1) / 2, n / 2);
    let (mut lo, mut hi) = (None, None);
    let mut seen = 0u64;
    for (v, &c) in counts {
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
    use crate::output::{ArticleRow, Batch, FigureRow, Formats, OutputWriter, StanceRow};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_start_on_monday_and_first_of_month() {
        assert_eq!(period_start(d("2025-02-26"), Period::Week), d("2025-02-24"));
        assert_eq!(period_start(d("2025-02-24"), Period::Week), d("2025-02-24"));
        assert_eq!(period_start(d("2025-03-02"), Period::Week), d("2025-02-24"));
        assert_eq!(
            period_start(d("2025-02-26"), Period::Month),
            d("2025-02-01")
        );
        assert_eq!(
            period_range(d("2025-01-30"), d("2025-03-02"), Period::Month),
            [d("2025-01-01"), d("2025-02-01"), d("2025-03-01")]
        );
        assert_eq!(
            period_range(d("2025-02-26"), d("2025-03-04"), Period::Week),
            [d("2025-02-24"), d("2025-03-03")]
        );
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
    fn fixture() -> (tempfile::TempDir, Aggregates) {
        fixture_in_chunks(CHUNK)
    }

    fn fixture_in_chunks(chunk: u64) -> (tempfile::TempDir, Aggregates) {
        let dir = tempfile::tempdir().unwrap();
        let mut out = OutputWriter::create(dir.path(), Formats::default()).unwrap();
        let batch = Batch {
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
        out.write_batch(&batch).unwrap();
        out.close_streams().unwrap();
        let vocabulary = Vocabulary {
            topics: ["security_guarantee", "ceasefire", "peacekeeping"]
                .map(String::from)
                .to_vec(),
            terms: vec![
                ("ceasefire".into(), "ceasefire".into()),
                ("truce".into(), "ceasefire".into()),
            ],
        };
        let agg = aggregate_in_chunks(out.tmp_dir(), Period::Week, &vocabulary, chunk).unwrap();
        (dir, agg)
    }

    fn row(df: &DataFrame, i: usize) -> Vec<String> {
        df.columns()
            .iter()
            .map(|c| c.get(i).unwrap().to_string())
            .collect()
    }

    #[test]
    fn timeline_by_hand() {
        let (_dir, agg) = fixture();
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
        let (_dir, agg) = fixture();
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
    }

    #[test]
    fn chunks_merge_to_the_same_tables() {
        let (_a, whole) = fixture();
        // Chunks of two article ids split the duplicate from its original and the weeks
        // across chunks: distinct counts and medians must still come out the same.
        let (_b, split) = fixture_in_chunks(2);
        for (x, y) in [
            (&whole.timeline, &split.timeline),
            (&whole.actor_timeline, &split.actor_timeline),
            (&whole.figure_timeline, &split.figure_timeline),
            (&whole.terms, &split.terms),
            (&whole.sources, &split.sources),
        ] {
            assert!(x.equals_missing(y), "{x}\n{y}");
        }
    }

    #[test]
    fn medians_from_counts() {
        let counts = |vals: &[f64]| {
            let mut m: BTreeMap<OrderedValue, u32> = BTreeMap::new();
            for v in vals {
                *m.entry(OrderedValue::of(*v)).or_default() += 1;
            }
            m
        };
        assert_eq!(median(&counts(&[])), None);
        assert_eq!(median(&counts(&[5.0])), Some(5.0));
        assert_eq!(median(&counts(&[1.0, 9.0])), Some(5.0));
        assert_eq!(median(&counts(&[3.0, -2.0, 3.0, 100.0])), Some(3.0));
        assert_eq!(median(&counts(&[-1.5, 0.0, 2.0])), Some(0.0));
        assert_eq!(OrderedValue::of(-7.25).value(), -7.25);
        assert!(OrderedValue::of(-1.0) < OrderedValue::of(0.5));
    }
}
