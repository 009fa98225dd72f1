//! The aggregate tables, laid on the full grid of periods once every batch is counted:
//! zeros where nothing was published, previous-period changes, declared topics and terms
//! that nobody mentioned.

use super::values::{Entry, median};
use super::{Aggregates, Aggregator, Role, SourceStats, Vocabulary};
use crate::run_record::Corpus;
use anyhow::Result;
use chrono::NaiveDate;
use polars::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeSet;

impl Aggregator {
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
                    c.stories as f64 / total as f64
                };
                let negated_share = if c.mentions == 0 {
                    0.0
                } else {
                    c.negated as f64 / c.mentions as f64
                };
                cols.period.push(period);
                cols.topic.push(topic.to_string());
                cols.stories.push(c.stories);
                cols.articles.push(c.articles);
                cols.mentions.push(c.mentions);
                cols.negated.push(c.negated);
                cols.hedged.push(c.hedged);
                cols.stated.push(c.stated);
                let [negated, hedged, stated] = c.story_kinds;
                cols.stories_stated.push(stated);
                cols.stories_hedged.push(hedged);
                cols.stories_negated.push(negated);
                cols.stories_total.push(total);
                cols.share.push(share);
                cols.negated_share.push(negated_share);
                cols.outlets.push(
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
        // Named rows before holder rows, then by actor and topic name.
        let triples: BTreeSet<(Role, &str, &str, u32, u32)> = self
            .actors
            .keys()
            .map(|&(_, r, a, t)| (r, self.names.name(a), self.names.name(t), a, t))
            .collect();
        let (mut cp, mut cr, mut ca, mut ct) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut va, mut vm) = (Vec::new(), Vec::new());
        let (mut vn, mut vh, mut vs) = (Vec::new(), Vec::new(), Vec::new());
        // Period-major order: a reader scanning one period sees every triple.
        for &period in periods {
            for &(role, actor, topic, a, t) in &triples {
                let c = self
                    .actors
                    .get(&(period, role, a, t))
                    .copied()
                    .unwrap_or_default();
                cp.push(period);
                cr.push(role.as_str());
                ca.push(actor);
                ct.push(topic);
                va.push(c.stories);
                vm.push(c.mentions);
                vn.push(c.negated);
                vh.push(c.hedged);
                vs.push(c.stated);
            }
        }
        Ok(df!(
            "period" => cp,
            "role" => cr,
            "actor" => ca,
            "topic" => ct,
            "articles" => va,
            "mentions" => vm,
            "negated" => vn,
            "hedged" => vh,
            "stated" => vs,
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
        // Most articles first; the unknown outlet last among equals.
        rows.sort_by(|a, b| {
            b.1.articles
                .cmp(&a.1.articles)
                .then((a.0.is_none(), a.0).cmp(&(b.0.is_none(), b.0)))
        });
        Ok(df!(
            "source" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            "articles" => rows.iter().map(|r| r.1.articles).collect::<Vec<_>>(),
            "stories" => rows.iter().map(|r| r.1.stories).collect::<Vec<_>>(),
            "copies" => rows.iter().map(|r| r.1.articles - r.1.stories).collect::<Vec<_>>(),
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

#[derive(Default)]
struct TimelineColumns {
    period: Vec<NaiveDate>,
    topic: Vec<String>,
    stories: Vec<u32>,
    articles: Vec<u32>,
    outlets: Vec<u32>,
    mentions: Vec<u32>,
    negated: Vec<u32>,
    hedged: Vec<u32>,
    stated: Vec<u32>,
    stories_stated: Vec<u32>,
    stories_hedged: Vec<u32>,
    stories_negated: Vec<u32>,
    stories_total: Vec<u32>,
    share: Vec<f64>,
    negated_share: Vec<f64>,
    share_change: Vec<Option<f64>>,
    negated_share_change: Vec<Option<f64>>,
}

impl TimelineColumns {
    fn into_frame(self) -> Result<DataFrame> {
        Ok(df!(
            "period" => self.period,
            "topic" => self.topic,
            "stories" => self.stories,
            "articles" => self.articles,
            "outlets" => self.outlets,
            "mentions" => self.mentions,
            "negated" => self.negated,
            "hedged" => self.hedged,
            "stated" => self.stated,
            "stories_stated" => self.stories_stated,
            "stories_hedged" => self.stories_hedged,
            "stories_negated" => self.stories_negated,
            "stories_total" => self.stories_total,
            "share" => self.share,
            "negated_share" => self.negated_share,
            "share_change" => self.share_change,
            "negated_share_change" => self.negated_share_change,
        )?)
    }
}
