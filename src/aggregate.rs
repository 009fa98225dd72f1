//! Aggregates (SPEC §4): the timelines users open first, computed with polars' lazy API
//! from the mention tables the run has just streamed to disk.
//!
//! Each story counts once (duplicates out) and sits in the period of its publication date;
//! undated articles stay out of timelines. Every period between the first and the last is
//! present, with zeros where nothing was published, so a chart of a table has no silent
//! gaps. The grouping runs in polars; the small grouped results are then laid on the full
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

fn scan(dir: &Path, table: &str) -> Result<LazyFrame> {
    let path = dir.join(format!("{table}.parquet"));
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

/// Computes every aggregate from the `articles`, `stance` and `figures` Parquet files in
/// `dir`.
pub fn aggregate(dir: &Path, period: Period, vocabulary: &Vocabulary) -> Result<Aggregates> {
    let topics = &vocabulary.topics;
    let stories = scan(dir, "articles")?.filter(col("duplicate_of").is_null());
    let dated = stories
        .clone()
        .filter(col("published").is_not_null())
        .select([
            col("article_id"),
            col("published"),
            period_expr(period),
            col("source"),
        ]);
    let join = |lf: LazyFrame| {
        lf.join(
            dated.clone(),
            [col("article_id")],
            [col("article_id")],
            JoinArgs::new(JoinType::Inner),
        )
    };
    let stance = join(scan(dir, "stance")?);

    // The period grid: from the first to the last dated story.
    let bounds = dated
        .clone()
        .select([
            col("published").min().alias("first"),
            col("published").max().alias("last"),
        ])
        .collect()?;
    let first = dates(bounds.column("first")?)?[0];
    let last = dates(bounds.column("last")?)?[0];
    let periods = match (first, last) {
        (Some(f), Some(l)) => period_range(f, l, period),
        _ => Vec::new(),
    };

    let timeline = timeline(&dated, &stance, &periods, topics)?;
    let actor_timeline = actor_timeline(&stance, &periods)?;
    let figure_timeline = figure_timeline(join(scan(dir, "figures")?), &periods)?;
    let terms = terms(&stance, &vocabulary.terms)?;
    let sources = sources(stories, scan(dir, "stance")?)?;
    Ok(Aggregates {
        timeline,
        actor_timeline,
        figure_timeline,
        terms,
        sources,
    })
}

/// Counts per (period, key…) read back from a grouped frame.
struct Counts {
    articles: u32,
    mentions: u32,
    negated: u32,
    hedged: u32,
    sources: u32,
}

fn timeline(
    dated: &LazyFrame,
    stance: &LazyFrame,
    periods: &[NaiveDate],
    topics: &[String],
) -> Result<DataFrame> {
    let totals = dated
        .clone()
        .group_by([col("period")])
        .agg([len().alias("articles_total")])
        .collect()?;
    let total_by_period: BTreeMap<NaiveDate, u32> = dates(totals.column("period")?)?
        .into_iter()
        .zip(u32s(totals.column("articles_total")?)?)
        .filter_map(|(p, n)| Some((p?, n)))
        .collect();

    let grouped = stance
        .clone()
        .group_by([col("period"), col("topic")])
        .agg([
            col("article_id").n_unique().alias("articles"),
            len().alias("mentions"),
            col("negated").sum().alias("negated"),
            col("hedged").sum().alias("hedged"),
            (col("negated").not().and(col("hedged").not()))
                .sum()
                .alias("stated"),
            col("source").drop_nulls().n_unique().alias("sources"),
        ])
        .collect()?;
    let mut counts: BTreeMap<(NaiveDate, String), (Counts, u32)> = BTreeMap::new();
    let p = dates(grouped.column("period")?)?;
    let t = strs(grouped.column("topic")?)?;
    let a = u32s(grouped.column("articles")?)?;
    let m = u32s(grouped.column("mentions")?)?;
    let n = u32s(grouped.column("negated")?)?;
    let h = u32s(grouped.column("hedged")?)?;
    let st = u32s(grouped.column("stated")?)?;
    let so = u32s(grouped.column("sources")?)?;
    let mut all_topics: BTreeSet<String> = topics.iter().cloned().collect();
    for i in 0..grouped.height() {
        if let (Some(p), Some(t)) = (p[i], t[i].clone()) {
            all_topics.insert(t.clone());
            counts.insert(
                (p, t),
                (
                    Counts {
                        articles: a[i],
                        mentions: m[i],
                        negated: n[i],
                        hedged: h[i],
                        sources: so[i],
                    },
                    st[i],
                ),
            );
        }
    }

    let mut cols = TimelineColumns::default();
    for topic in &all_topics {
        let mut prev: Option<(f64, f64)> = None;
        for &period in periods {
            let total = total_by_period.get(&period).copied().unwrap_or(0);
            let zero = (
                Counts {
                    articles: 0,
                    mentions: 0,
                    negated: 0,
                    hedged: 0,
                    sources: 0,
                },
                0,
            );
            let (c, stated) = counts.get(&(period, topic.clone())).unwrap_or(&zero);
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
            cols.topic.push(topic.clone());
            cols.articles.push(c.articles);
            cols.mentions.push(c.mentions);
            cols.negated.push(c.negated);
            cols.hedged.push(c.hedged);
            cols.stated.push(*stated);
            cols.articles_total.push(total);
            cols.share.push(share);
            cols.negated_share.push(negated_share);
            cols.sources.push(c.sources);
            cols.share_change.push(prev.map(|(s, _)| share - s));
            cols.negated_share_change
                .push(prev.map(|(_, ns)| negated_share - ns));
            prev = Some((share, negated_share));
        }
    }
    cols.into_frame()
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

fn actor_timeline(stance: &LazyFrame, periods: &[NaiveDate]) -> Result<DataFrame> {
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
        .agg([
            col("article_id").n_unique().alias("articles"),
            len().alias("mentions"),
            col("negated").sum().alias("negated"),
            col("hedged").sum().alias("hedged"),
        ])
        .collect()?;
    let p = dates(grouped.column("period")?)?;
    let actor = strs(grouped.column("actor")?)?;
    let topic = strs(grouped.column("topic")?)?;
    let a = u32s(grouped.column("articles")?)?;
    let m = u32s(grouped.column("mentions")?)?;
    let n = u32s(grouped.column("negated")?)?;
    let h = u32s(grouped.column("hedged")?)?;
    let mut by: BTreeMap<(String, String), BTreeMap<NaiveDate, [u32; 4]>> = BTreeMap::new();
    for i in 0..grouped.height() {
        if let (Some(p), Some(ac), Some(t)) = (p[i], actor[i].clone(), topic[i].clone()) {
            by.entry((ac, t))
                .or_default()
                .insert(p, [a[i], m[i], n[i], h[i]]);
        }
    }
    let (mut cp, mut ca, mut ct) = (Vec::new(), Vec::new(), Vec::new());
    let mut cv: [Vec<u32>; 4] = Default::default();
    // Period-major order, like `timeline`: a reader scanning one period sees every pair.
    for &period in periods {
        for ((actor, topic), series) in &by {
            let v = series.get(&period).copied().unwrap_or([0; 4]);
            cp.push(period);
            ca.push(actor.clone());
            ct.push(topic.clone());
            for (col, x) in cv.iter_mut().zip(v) {
                col.push(x);
            }
        }
    }
    let [va, vm, vn, vh] = cv;
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

fn figure_timeline(figures: LazyFrame, periods: &[NaiveDate]) -> Result<DataFrame> {
    let grouped = figures
        .group_by([col("period"), col("kind"), col("unit")])
        .agg([
            len().alias("mentions"),
            col("value").min().alias("min"),
            col("value").median().alias("median"),
            col("value").max().alias("max"),
        ])
        .collect()?;
    let p = dates(grouped.column("period")?)?;
    let kind = strs(grouped.column("kind")?)?;
    let unit = strs(grouped.column("unit")?)?;
    let m = u32s(grouped.column("mentions")?)?;
    let mn = f64s(grouped.column("min")?)?;
    let md = f64s(grouped.column("median")?)?;
    let mx = f64s(grouped.column("max")?)?;
    type Stats = (u32, Option<f64>, Option<f64>, Option<f64>);
    let mut by: BTreeMap<(String, String), BTreeMap<NaiveDate, Stats>> = BTreeMap::new();
    for i in 0..grouped.height() {
        if let (Some(p), Some(k), Some(u)) = (p[i], kind[i].clone(), unit[i].clone()) {
            by.entry((k, u))
                .or_default()
                .insert(p, (m[i], mn[i], md[i], mx[i]));
        }
    }
    let (mut cp, mut ck, mut cu, mut cm) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut cmin, mut cmed, mut cmax) = (Vec::new(), Vec::new(), Vec::new());
    for &period in periods {
        for ((kind, unit), series) in &by {
            let (m, mn, md, mx) = series
                .get(&period)
                .copied()
                .unwrap_or((0, None, None, None));
            cp.push(period);
            ck.push(kind.clone());
            cu.push(unit.clone());
            cm.push(m);
            cmin.push(mn);
            cmed.push(md);
            cmax.push(mx);
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

fn terms(stance: &LazyFrame, declared: &[(String, String)]) -> Result<DataFrame> {
    let seen = stance
        .clone()
        .group_by([col("term"), col("topic")])
        .agg([
            col("published").min().alias("first_seen"),
            col("published").max().alias("last_seen"),
            col("article_id")
                .n_unique()
                .cast(DataType::UInt32)
                .alias("articles"),
            len().cast(DataType::UInt32).alias("mentions"),
        ])
        .collect()?;
    // Terms the lexicon declares but no story used: zero counts, no dates.
    let seen_keys: BTreeSet<(String, String)> = strs(seen.column("term")?)?
        .into_iter()
        .zip(strs(seen.column("topic")?)?)
        .filter_map(|(a, b)| Some((a?, b?)))
        .collect();
    let unseen: Vec<&(String, String)> = declared
        .iter()
        .filter(|k| !seen_keys.contains(*k))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let none: Vec<Option<NaiveDate>> = vec![None; unseen.len()];
    let zeros = vec![0u32; unseen.len()];
    let unseen = df!(
        "term" => unseen.iter().map(|k| k.0.as_str()).collect::<Vec<_>>(),
        "topic" => unseen.iter().map(|k| k.1.as_str()).collect::<Vec<_>>(),
        "first_seen" => none.clone(),
        "last_seen" => none,
        "articles" => zeros.clone(),
        "mentions" => zeros,
    )?;
    Ok(seen
        .vstack(&unseen)?
        .lazy()
        .sort(
            ["first_seen", "term", "topic"],
            SortMultipleOptions::default().with_nulls_last(true),
        )
        .collect()?)
}

fn sources(stories: LazyFrame, stance: LazyFrame) -> Result<DataFrame> {
    let per_article = stance.group_by([col("article_id")]).agg([
        len().alias("mentions"),
        col("negated").sum().alias("negated"),
    ]);
    Ok(stories
        .select([col("article_id"), col("source"), col("published")])
        .join(
            per_article,
            [col("article_id")],
            [col("article_id")],
            JoinArgs::new(JoinType::Left),
        )
        .group_by([col("source")])
        .agg([
            len().cast(DataType::UInt32).alias("articles"),
            col("published").min().alias("first_published"),
            col("published").max().alias("last_published"),
            col("mentions")
                .fill_null(lit(0))
                .sum()
                .cast(DataType::UInt32)
                .alias("mentions"),
            col("negated")
                .fill_null(lit(0))
                .sum()
                .cast(DataType::UInt32)
                .alias("negated"),
        ])
        .sort(
            ["articles", "source"],
            SortMultipleOptions::default()
                .with_order_descending_multi([true, false])
                .with_nulls_last(true),
        )
        .collect()?)
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
        let agg = aggregate(out.tmp_dir(), Period::Week, &vocabulary).unwrap();
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
}
