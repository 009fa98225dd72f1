//! `covtrack eval`: scores extraction against hand-checked annotations, with the matching
//! rules of the gold annotation guide.
//!
//! - A date is right when its text overlaps the gold text and its resolved start and end
//!   fall within the gold span widened by a tolerance (day 0, week 3 days, coarser none).
//! - A figure is right when its text overlaps the gold text, its value is within 0.1% and
//!   its unit and qualifier agree. A predicted figure overlapping a gold date is neither
//!   right nor wrong.
//! - A stance mention is right when its sentence contains the gold snippet, its topic
//!   matches and its `negated` flag agrees; `hedged` and `actors` are scored apart, over the
//!   matched pairs.
//!
//! Each gold item matches at most one prediction. Gold items carry text, not offsets, so
//! "overlap" is decided against every place the gold text occurs in the article.

mod classes;
mod render;

use crate::discover;
use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use classes::{ByClass, date_class, figure_class};
use covtrack_core::article::PublishedFrom;
use covtrack_core::extract::{DateMention, Figure, StanceMention};
use covtrack_core::ingest::{self, IngestOptions, MetaIndex};
use covtrack_core::{Analysis, Lexicon, analyse};
use serde::Deserialize;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

/// One line of a gold file.
#[derive(Debug, Deserialize)]
pub struct GoldArticle {
    pub file: String,
    pub published: Option<NaiveDate>,
    #[serde(default)]
    pub dates: Vec<GoldDate>,
    #[serde(default)]
    pub figures: Vec<GoldFigure>,
    #[serde(default)]
    pub stance: Vec<GoldStance>,
}

#[derive(Debug, Deserialize)]
pub struct GoldDate {
    pub text: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub granularity: String,
}

#[derive(Debug, Deserialize)]
pub struct GoldFigure {
    pub text: String,
    pub value: f64,
    pub unit: String,
    pub kind: String,
    pub qualifier: String,
}

#[derive(Debug, Deserialize)]
pub struct GoldStance {
    pub snippet: String,
    pub topic: String,
    pub negated: bool,
    pub hedged: bool,
    #[serde(default)]
    pub actors: Vec<String>,
}

/// Right, predicted and gold counts for one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Score {
    pub gold: usize,
    pub predicted: usize,
    pub right: usize,
}

impl Score {
    pub fn precision(&self) -> f64 {
        ratio(self.right, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.right, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, other: Score) {
        self.gold += other.gold;
        self.predicted += other.predicted;
        self.right += other.right;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// The whole scoreboard.
#[derive(Debug, Default)]
pub struct Report {
    pub articles: usize,
    pub dates: Score,
    pub figures: Score,
    pub stance: Score,
    /// Matched stance pairs whose `hedged` agrees, and all matched pairs.
    pub hedged_right: usize,
    pub hedged_total: usize,
    /// Actor ids over matched stance pairs.
    pub actors: Score,
    /// Matched stance pairs whose gold names actors, and those whose holder is one of them.
    pub holder_right: usize,
    pub holder_total: usize,
    /// Human-readable list of misses and wrong answers, per article.
    pub misses: String,
    /// Dates and figures by class of mention, with their misses.
    pub by_class: ByClass,
}

/// Adds one article's items to the scores by class of one kind of mention.
struct Classes<'a> {
    kind: &'static str,
    by_class: &'a mut ByClass,
}

impl<'a> Classes<'a> {
    fn new(kind: &'static str, by_class: &'a mut ByClass) -> Classes<'a> {
        Classes { kind, by_class }
    }
    fn entry(&mut self, class: &'static str) -> &mut classes::ClassScore {
        self.by_class.entry((self.kind, class)).or_default()
    }
    fn gold(&mut self, class: &'static str, right: bool) {
        let e = self.entry(class);
        e.gold += 1;
        e.gold_right += right as usize;
    }
    fn predicted(&mut self, class: &'static str, right: bool) {
        let e = self.entry(class);
        e.predicted += 1;
        e.predicted_right += right as usize;
    }
    fn miss(&mut self, class: &'static str, line: &str) {
        self.entry(class).misses.push(line.trim().to_string());
    }
}

/// Scores every article of `gold_path` (paths relative to `root`), each read as `covtrack
/// run` over `root` would read it (sidecar, manifest and `--field` included).
pub fn evaluate(
    gold_path: &Path,
    root: &Path,
    opts: &IngestOptions,
    lexicon: &Lexicon,
) -> Result<Report> {
    let text = std::fs::read_to_string(gold_path)
        .with_context(|| format!("reading {}", gold_path.display()))?;
    let mut report = Report::default();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let gold: GoldArticle = serde_json::from_str(line)
            .with_context(|| format!("{} line {}", gold_path.display(), i + 1))?;
        let analysed = load(&gold, root, opts, lexicon)?;
        score_article(&gold, &analysed, &mut report);
        report.articles += 1;
    }
    Ok(report)
}

/// Reads and analyses one gold article, with the gold publication date.
fn load(
    gold: &GoldArticle,
    root: &Path,
    opts: &IngestOptions,
    lexicon: &Lexicon,
) -> Result<Analysis> {
    let path = root.join(&gold.file);
    if !path.is_file() {
        bail!("gold file {} not found under {}", gold.file, root.display());
    }
    let found = discover::with_metadata(root, &path);
    let (index, _) = MetaIndex::load(&found, opts);
    let result = ingest::read_file(&found[0], &index, opts);
    let Some(mut article) = result.articles.into_iter().next() else {
        let why = result
            .errors
            .first()
            .map_or("no article", |e| e.message.as_str());
        bail!("gold file {}: {why}", gold.file);
    };
    if gold.published.is_some() {
        article.published = gold.published;
        article.published_from = PublishedFrom::Given;
    }
    Ok(analyse(&article, lexicon))
}

/// Byte ranges where `needle` occurs in `text`, ignoring ASCII case.
fn occurrences(text: &str, needle: &str) -> Vec<Range<usize>> {
    let hay = text.to_ascii_lowercase();
    let needle = needle.trim().to_ascii_lowercase();
    if needle.is_empty() {
        return Vec::new();
    }
    hay.match_indices(&needle)
        .map(|(i, m)| i..i + m.len())
        .collect()
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Whether a prediction's span overlaps the gold text: at one of its occurrences, or (when
/// the gold text is not found verbatim) by one text containing the other.
fn text_overlaps(doc_text: &str, span: &Range<usize>, places: &[Range<usize>], gold: &str) -> bool {
    if !places.is_empty() {
        return places.iter().any(|p| overlaps(p, span));
    }
    let pred = doc_text[span.clone()].to_lowercase();
    let gold = gold.to_lowercase();
    gold.contains(&pred) || pred.contains(&gold)
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['’', '‘'], "'")
        .replace(['“', '”'], "\"")
        .to_lowercase()
}

fn date_right(p: &DateMention, g: &GoldDate) -> bool {
    let tolerance = match g.granularity.as_str() {
        "day" => 0,
        "week" => 3,
        _ => 0,
    };
    let lo = g.start - chrono::Duration::days(tolerance);
    let hi = g.end + chrono::Duration::days(tolerance);
    match (p.date_start, p.date_end) {
        (Some(s), Some(e)) => s >= lo && s <= hi && e >= lo && e <= hi,
        _ => false,
    }
}

fn figure_right(p: &Figure, g: &GoldFigure) -> bool {
    let close = if g.value == 0.0 {
        p.value == 0.0
    } else {
        ((p.value - g.value) / g.value).abs() <= 0.001
    };
    close && p.unit.eq_ignore_ascii_case(&g.unit) && p.qualifier.as_str() == g.qualifier
}

/// The outcome of matching predicted spans to gold texts, one to one.
struct Matching {
    /// Which predictions were matched.
    used: Vec<bool>,
    /// Per gold item: the prediction that matched it, or (as `Err`) an unmatched prediction
    /// overlapping its text, to show in the misses.
    gold: Vec<Result<usize, Option<usize>>>,
}

impl Matching {
    fn right(&self) -> usize {
        self.gold.iter().filter(|g| g.is_ok()).count()
    }
    fn missed(&self) -> impl Iterator<Item = (usize, Option<usize>)> + '_ {
        self.gold
            .iter()
            .enumerate()
            .filter_map(|(g, m)| m.err().map(|near| (g, near)))
    }
    fn unused(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.used.len()).filter(|&i| !self.used[i])
    }
}

/// Matches each gold item, in order, to the first unused prediction whose span overlaps
/// the gold text and that `right(prediction, gold)` accepts.
fn match_spans(
    text: &str,
    spans: impl Iterator<Item = Range<usize>>,
    golds: impl Iterator<Item = impl AsRef<str>>,
    right: impl Fn(usize, usize) -> bool,
) -> Matching {
    let spans: Vec<Range<usize>> = spans.collect();
    let mut used = vec![false; spans.len()];
    let mut gold = Vec::new();
    for (g, gold_text) in golds.enumerate() {
        let gold_text = gold_text.as_ref();
        let places = occurrences(text, gold_text);
        let overlapping = |i: usize| !used[i] && text_overlaps(text, &spans[i], &places, gold_text);
        match (0..spans.len()).find(|&i| overlapping(i) && right(i, g)) {
            Some(i) => {
                used[i] = true;
                gold.push(Ok(i));
            }
            None => gold.push(Err((0..spans.len()).find(|&i| overlapping(i)))),
        }
    }
    Matching { used, gold }
}

fn score_article(gold: &GoldArticle, a: &Analysis, report: &mut Report) {
    let text = &a.doc.text;
    let mut misses = String::new();

    // Dates.
    let preds = &a.extraction.dates;
    let found = match_spans(
        text,
        preds.iter().map(|p| p.span.clone()),
        gold.dates.iter().map(|g| g.text.as_str()),
        |p, g| date_right(&preds[p], &gold.dates[g]),
    );
    let mut classes = Classes::new("dates", &mut report.by_class);
    for (g, m) in gold.dates.iter().zip(&found.gold) {
        classes.gold(date_class(&g.text), m.is_ok());
    }
    for (i, p) in preds.iter().enumerate() {
        classes.predicted(date_class(&text[p.span.clone()]), found.used[i]);
    }
    for (g, near) in found.missed() {
        let g = &gold.dates[g];
        let got = near.map_or("nothing found".to_string(), |i| {
            let p = &preds[i];
            format!("got {:?} {}", &text[p.span.clone()], show_range(p))
        });
        let line = format!(
            "  date   MISS  {:?} want {}..{} ({}); {got}",
            g.text, g.start, g.end, g.granularity
        );
        classes.miss(date_class(&g.text), &line);
        let _ = writeln!(misses, "{line}");
    }
    for p in found.unused().map(|i| &preds[i]) {
        let line = format!(
            "  date   WRONG {:?} {}",
            &text[p.span.clone()],
            show_range(p)
        );
        classes.miss(date_class(&text[p.span.clone()]), &line);
        let _ = writeln!(misses, "{line}");
    }
    report.dates.add(Score {
        gold: gold.dates.len(),
        predicted: preds.len(),
        right: found.right(),
    });

    // Figures.
    let preds = &a.extraction.figures;
    let gold_date_places: Vec<Range<usize>> = gold
        .dates
        .iter()
        .flat_map(|g| occurrences(text, &g.text))
        .collect();
    let found = match_spans(
        text,
        preds.iter().map(|p| p.span.clone()),
        gold.figures.iter().map(|g| g.text.as_str()),
        |p, g| figure_right(&preds[p], &gold.figures[g]),
    );
    let mut classes = Classes::new("figures", &mut report.by_class);
    for (g, m) in gold.figures.iter().zip(&found.gold) {
        classes.gold(figure_class(&g.text), m.is_ok());
    }
    for (g, near) in found.missed() {
        let g = &gold.figures[g];
        let got = near.map_or("nothing found".to_string(), |i| {
            show_figure(text, &preds[i])
        });
        let line = format!(
            "  figure MISS  {:?} want {} {} {} {}; {got}",
            g.text, g.value, g.unit, g.kind, g.qualifier
        );
        classes.miss(figure_class(&g.text), &line);
        let _ = writeln!(misses, "{line}");
    }
    let mut neutral = 0;
    for (i, p) in preds.iter().enumerate() {
        let is_neutral = !found.used[i] && gold_date_places.iter().any(|d| overlaps(d, &p.span));
        if is_neutral {
            neutral += 1;
            continue;
        }
        let class = figure_class(&text[p.span.clone()]);
        classes.predicted(class, found.used[i]);
        if !found.used[i] {
            let line = format!("  figure WRONG {}", show_figure(text, p));
            classes.miss(class, &line);
            let _ = writeln!(misses, "{line}");
        }
    }
    report.figures.add(Score {
        gold: gold.figures.len(),
        predicted: preds.len() - neutral,
        right: found.right(),
    });

    // Stance.
    let preds = &a.extraction.stance;
    let sentence_of = |p: &StanceMention| {
        norm(
            a.doc
                .sentences
                .get(p.sentence)
                .map_or("", |s| &text[s.span.clone()]),
        )
    };
    let sentences: Vec<String> = preds.iter().map(sentence_of).collect();
    let mut used = vec![false; preds.len()];
    let mut right = 0;
    for g in &gold.stance {
        let snippet = norm(&g.snippet);
        let candidate =
            |i: usize| !used[i] && preds[i].topic == g.topic && sentences[i].contains(&snippet);
        match (0..preds.len()).find(|&i| candidate(i) && preds[i].negated == g.negated) {
            Some(i) => {
                used[i] = true;
                right += 1;
                report.hedged_total += 1;
                if preds[i].hedged == g.hedged {
                    report.hedged_right += 1;
                } else {
                    let _ = writeln!(
                        misses,
                        "  stance HEDGE {:?} [{}] want hedged={} got {} (cue {:?})",
                        g.snippet, g.topic, g.hedged, preds[i].hedged, preds[i].cue
                    );
                }
                let want: std::collections::BTreeSet<&str> =
                    g.actors.iter().map(String::as_str).collect();
                let got: std::collections::BTreeSet<&str> =
                    preds[i].actors.iter().map(String::as_str).collect();
                report.actors.add(Score {
                    gold: want.len(),
                    predicted: got.len(),
                    right: want.intersection(&got).count(),
                });
                // The holder is scored where the gold names who speaks or acts.
                let holder = preds[i].holder.as_deref();
                let holder_right = holder.is_some_and(|h| want.contains(h));
                let holder_wrong = !want.is_empty() && !holder_right;
                if !want.is_empty() {
                    report.holder_total += 1;
                    report.holder_right += holder_right as usize;
                }
                if want != got || holder_wrong {
                    let _ = writeln!(
                        misses,
                        "  stance ACTOR {:?} [{}] want {:?} got {:?} holder {:?}{}",
                        g.snippet,
                        g.topic,
                        want,
                        got,
                        holder,
                        if holder_wrong { " (holder wrong)" } else { "" }
                    );
                }
            }
            None => {
                let why = match (0..preds.len()).find(|&i| candidate(i)) {
                    Some(i) => format!(
                        "found with negated={} (cue {:?})",
                        preds[i].negated, preds[i].cue
                    ),
                    None => "not found".into(),
                };
                let _ = writeln!(
                    misses,
                    "  stance MISS  {:?} [{}] negated={}; {why}",
                    g.snippet, g.topic, g.negated
                );
            }
        }
    }
    for (i, p) in preds.iter().enumerate().filter(|(i, _)| !used[*i]) {
        let _ = writeln!(
            misses,
            "  stance WRONG {:?} [{}] negated={} in {:?}",
            p.term,
            p.topic,
            p.negated,
            truncate(&sentences[i], 120)
        );
    }
    report.stance.add(Score {
        gold: gold.stance.len(),
        predicted: preds.len(),
        right,
    });

    if !misses.is_empty() {
        let _ = writeln!(
            report.misses,
            "{} (published {:?})",
            gold.file, gold.published
        );
        report.misses.push_str(&misses);
    }
}

fn show_range(p: &DateMention) -> String {
    match (p.date_start, p.date_end) {
        (Some(s), Some(e)) => format!("{s}..{e} ({})", p.granularity.as_str()),
        _ => format!("unresolved ({})", p.granularity.as_str()),
    }
}

fn show_figure(text: &str, p: &Figure) -> String {
    format!(
        "got {:?} {}{} {} {} {}",
        &text[p.span.clone()],
        p.value,
        p.value_high.map_or(String::new(), |h| format!("-{h}")),
        p.unit,
        p.kind.as_str(),
        p.qualifier.as_str()
    )
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n).collect::<String>() + "…"
    }
}

#[cfg(test)]
mod tests;
