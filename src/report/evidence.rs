//! The evidence sentences: the best few focus-topic sentences per period and kind of
//! stance, chosen as mentions are offered, and their section of the page.

use super::*;
use crate::tables::{ArticleRow, Batch, StanceRow};
use covtrack_core::extract::StanceKind;
use std::collections::BTreeMap;

/// One candidate sentence of evidence.
pub(super) struct Candidate {
    pub(super) published: NaiveDate,
    pub(super) source: String,
    pub(super) link: Option<String>,
    pub(super) path: String,
    pub(super) sentence: String,
    pub(super) negated: bool,
    pub(super) hedged: bool,
    pub(super) quoted: bool,
    pub(super) actors: usize,
    /// Who states, promises or refuses it: an actor id.
    pub(super) holder: Option<String>,
}

/// Candidates kept per period and kind of stance: enough to choose from, few enough that
/// memory does not grow with the corpus.
pub(super) const CANDIDATES: usize = 4;

/// The best few sentences on the focus topic per period and kind of stance (more actors
/// first, then the earliest), chosen from mentions offered in table order: by the run as
/// its batches stream past, or by `build` from the tables of an earlier run.
pub struct Evidence {
    pub(super) focus: String,
    pub(super) period: Period,
    pub(super) by_period: BTreeMap<NaiveDate, Vec<Candidate>>,
    /// The focus topic's most syndicated stories.
    pub(super) syndicated: super::Syndicated,
    /// Figures cited with each topic.
    pub(super) cited: super::Cited,
}

/// What ranks a candidate within its period: kind, then more actors, then earlier.
pub(super) fn rank(
    kind: usize,
    actors: usize,
    published: NaiveDate,
) -> (usize, std::cmp::Reverse<usize>, NaiveDate) {
    (kind, std::cmp::Reverse(actors), published)
}

impl Evidence {
    pub fn new(focus: &str, period: Period) -> Evidence {
        Evidence {
            focus: focus.to_string(),
            period,
            by_period: BTreeMap::new(),
            syndicated: Default::default(),
            cited: Default::default(),
        }
    }

    /// Offers stories for the list of the most syndicated.
    pub fn add_stories(&mut self, stories: &[crate::tables::StoryRow]) {
        self.syndicated.offer(&self.focus, stories);
    }

    /// Offers the focus-topic mentions of a batch of whole articles: those of dated
    /// stories, by their first copy (other copies and undated articles are in no period).
    pub fn add(&mut self, batch: &Batch) {
        self.cited.add(batch, &self.focus, self.period);
        for m in &batch.stance {
            if m.topic != self.focus {
                continue;
            }
            let Some((a, published)) = dated_first_copy(batch, m.article_id) else {
                continue;
            };
            let kind = m.kind() as usize;
            if !self.wanted(published, kind, m.actors.len(), &m.sentence_text) {
                continue;
            }
            self.offer(Candidate::of(a, m, published));
        }
    }

    /// Whether a candidate would be kept: not a sentence already kept for its period, and
    /// ranked before the last kept one of its kind when that kind is full. Checked before
    /// the candidate's text is copied.
    pub(super) fn wanted(
        &self,
        published: NaiveDate,
        kind: usize,
        actors: usize,
        sentence: &str,
    ) -> bool {
        let Some(list) = self.by_period.get(&self.period.start(published)) else {
            return true;
        };
        if list.iter().any(|o| o.sentence == sentence) {
            return false;
        }
        let (kept, last) = list
            .iter()
            .filter(|o| o.kind() == kind)
            .fold((0, None), |(n, _), o| (n + 1, Some(o)));
        match last {
            Some(last) if kept >= CANDIDATES => {
                rank(kind, actors, published) < rank(kind, last.actors, last.published)
            }
            _ => true,
        }
    }

    pub(super) fn offer(&mut self, e: Candidate) {
        let list = self
            .by_period
            .entry(self.period.start(e.published))
            .or_default();
        if list.iter().any(|o| o.sentence == e.sentence) {
            return;
        }
        list.push(e);
        // Stable: among equals, the one offered first stays first.
        list.sort_by_key(|a| rank(a.kind(), a.actors, a.published));
        let mut kept = [0usize; 3];
        list.retain(|e| {
            kept[e.kind()] += 1;
            kept[e.kind()] <= CANDIDATES
        });
    }
}

/// The article `id` of a batch of whole articles (sorted by id) with its publication
/// date, when it is dated and its story's first copy: only those are in a period.
pub(super) fn dated_first_copy(batch: &Batch, id: u64) -> Option<(&ArticleRow, NaiveDate)> {
    let a = &batch.articles[batch
        .articles
        .binary_search_by_key(&id, |a| a.article_id)
        .ok()?];
    (a.story_id == a.article_id).then_some(a).zip(a.published)
}

pub(super) fn is_web_link(u: &str) -> bool {
    u.starts_with("https://") || u.starts_with("http://")
}

impl Candidate {
    /// The candidate a focus-topic mention of a dated story makes.
    pub(super) fn of(a: &ArticleRow, m: &StanceRow, published: NaiveDate) -> Candidate {
        Candidate {
            published,
            source: a.source.clone().unwrap_or_else(|| "unknown outlet".into()),
            link: a.url.clone().filter(|u| is_web_link(u)),
            path: a.path.clone(),
            sentence: m.sentence_text.clone(),
            negated: m.negated,
            hedged: m.hedged,
            quoted: m.quoted,
            actors: m.actors.len(),
            holder: m.holder.clone(),
        }
    }

    pub(super) fn kind(&self) -> usize {
        StanceKind::of(self.negated, self.hedged) as usize
    }
}

/// The best of a period's candidates: a refusal, a hedge and a statement where there are,
/// each preferring sentences that name more actors, then the earliest.
fn picked(items: &[Candidate]) -> Vec<&Candidate> {
    let mut items: Vec<&Candidate> = items.iter().collect();
    items.sort_by(|a, b| b.actors.cmp(&a.actors).then(a.published.cmp(&b.published)));
    let mut picked: Vec<&Candidate> = Vec::new();
    for want in [
        |e: &Candidate| e.negated,
        |e: &Candidate| e.hedged && !e.negated,
        |e: &Candidate| !e.hedged && !e.negated,
    ] {
        if let Some(e) = items.iter().find(|e| want(e)) {
            picked.push(*e);
        }
    }
    picked
}

/// One evidence sentence with its tags, date, holder and origin.
fn write_candidate(html: &mut String, e: &Candidate) {
    let mut tags = String::new();
    if e.negated {
        tags.push_str("<span class=\"tag neg\">negated</span>");
    }
    if e.hedged {
        tags.push_str("<span class=\"tag hed\">hedged</span>");
    }
    if !e.negated && !e.hedged {
        tags.push_str("<span class=\"tag sta\">stated</span>");
    }
    if e.quoted {
        tags.push_str("<span class=\"tag quo\">quoted</span>");
    }
    let origin = match &e.link {
        Some(u) => format!("<a href=\"{}\">{}</a>", esc(u), esc(&e.source)),
        None => format!(
            "{} <span class=meta>({})</span>",
            esc(&e.source),
            esc(&e.path)
        ),
    };
    let holder = e
        .holder
        .as_deref()
        .map_or(String::new(), |h| format!(" · holder: {}", esc(h)));
    let _ = writeln!(
        html,
        "<p>{tags}{}<br><span class=meta>{}{holder} · {origin}</span></p>",
        esc(&e.sentence),
        e.published
    );
}

/// Periods listed as the focus topic's biggest changes.
const CHANGES: usize = 4;

/// The periods where the focus topic's stories changed most from the period before (a
/// period after a break follows an empty one), in date order, each with its evidence.
pub(super) fn changes_section(
    html: &mut String,
    stories: &[f64],
    axis: &super::axis::Axis,
    by_period: &BTreeMap<NaiveDate, Vec<Candidate>>,
    opts: &ReportOptions,
) {
    let mut moves: Vec<(usize, f64)> = (1..stories.len())
        .map(|i| {
            let before = if axis.breaks_before(i) {
                0.0
            } else {
                stories[i - 1]
            };
            (i, stories[i] - before)
        })
        .filter(|&(_, d)| d.abs() >= 2.0)
        .collect();
    moves.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
    moves.truncate(CHANGES);
    moves.sort_by_key(|m| m.0);
    let _ = writeln!(
        html,
        "<section id=changes class=ev><h2>When coverage of <span class=focus>{}</span> changed most</h2><p class=note>The {}s whose stories on the topic rose or fell most from the {} before, with the best sentences of each.</p>",
        esc(&opts.focus),
        opts.period.as_str(),
        opts.period.as_str()
    );
    if moves.is_empty() {
        html.push_str(
            "<p class=empty>Coverage did not change by more than one story between periods.</p>",
        );
    }
    for (i, change) in moves {
        let p = axis.periods[i];
        let _ = writeln!(
            html,
            "<h3>{} of {p}: {}, {} {} from the {} before</h3>",
            opts.period.as_str(),
            super::charts::stories(stories[i]),
            if change > 0.0 { "up" } else { "down" },
            change.abs(),
            opts.period.as_str()
        );
        match by_period.get(&p) {
            Some(items) => picked(items)
                .into_iter()
                .for_each(|e| write_candidate(html, e)),
            None => html.push_str("<p class=empty>No sentence on the topic this period.</p>\n"),
        }
    }
    html.push_str("</section>\n");
}

pub(super) fn evidence_section(
    html: &mut String,
    by_period: &BTreeMap<NaiveDate, Vec<Candidate>>,
    opts: &ReportOptions,
) -> Result<()> {
    let _ = writeln!(
        html,
        "<section id=evidence class=ev><h2>Evidence: sentences on <span class=focus>{}</span>, by period</h2><p class=note>Up to three per period: a refusal, a hedge and a statement where there are, preferring sentences that name who acts.</p>",
        esc(&opts.focus)
    );
    for (period, items) in by_period.iter().rev() {
        let _ = writeln!(html, "<h3>{period}</h3>");
        for e in picked(items) {
            write_candidate(html, e);
        }
    }
    html.push_str("</section>\n");
    Ok(())
}
