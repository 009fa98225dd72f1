//! The one-page HTML report, the focus narrative first: its stories by stance over time,
//! who promises and who refuses it, the periods where its coverage changed most with
//! their evidence; then every topic as a small chart, who is named with the focus, the
//! figures cited with it, its most syndicated stories, new terms and the evidence by
//! period, drawn as inline SVG from the aggregate tables on the weeks that have data
//! ([`axis`]). A run draws it from what it counted while streaming (the aggregates
//! and the [`Evidence`] offered batch by batch); `covtrack report` reads the same things
//! back from the Parquet tables of an earlier run, and draws the same page.
//!
//! The page is self-contained (no scripts, fonts or images fetched) so it opens offline
//! and can be mailed around. Every piece of article text goes through [`esc`].

mod actors;
mod axis;
mod charts;
mod cited;
mod evidence;
pub(crate) mod read;
mod sections;
mod syndicated;
#[cfg(test)]
mod tests;

use actors::{actors, holders};
use axis::Axis;
pub use cited::Cited;
use cited::cited_section;
pub use evidence::Evidence;
use evidence::{changes_section, evidence_section};
use read::{collect_evidence, dates, read_table};
use sections::{focus_stance, new_terms, story_totals, topic_multiples, topic_series};
pub use syndicated::Syndicated;
use syndicated::syndicated_section;

use crate::aggregate::Aggregates;
use crate::period::Period;
use crate::run_record::RunRecord;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use polars::prelude::*;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

/// What the report needs besides the tables.
pub struct ReportOptions {
    /// The topic the actor and evidence sections are about.
    pub focus: String,
    pub period: Period,
    /// The run's record: its counts and corpus facts head the page.
    pub run: RunRecord,
}

/// Okabe–Ito colours, distinguishable with the common colour-vision deficiencies, plus
/// two greys; past eight series, dashes tell lines apart too.
const COLOURS: [&str; 10] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000",
    "#777777", "#999933",
];

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Builds the report from the tables and `run.json` in `dir` (the `report` command, after
/// a run), about `focus` or else the run's focus topic.
pub fn build(dir: &Path, focus: Option<&str>) -> Result<String> {
    let path = dir.join("run.json");
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "reading {}: the report is rebuilt from a run's output",
            path.display()
        )
    })?;
    let run: RunRecord = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a covtrack run record", path.display()))?;
    let opts = ReportOptions {
        focus: focus.unwrap_or(&run.options.focus).to_string(),
        period: run.options.period,
        run,
    };
    let aggregates = Aggregates {
        timeline: read_table(dir, "timeline")?,
        actor_timeline: read_table(dir, "actor_timeline")?,
        figure_timeline: read_table(dir, "figure_timeline")?,
        terms: read_table(dir, "terms")?,
        sources: read_table(dir, "sources")?,
    };
    draw(&aggregates, &collect_evidence(dir, &opts)?, &opts)
}

/// Draws the report of a run from what it counted while streaming.
pub fn render(
    aggregates: &Aggregates,
    evidence: &Evidence,
    run: &RunRecord,
    focus: &str,
) -> Result<String> {
    let opts = ReportOptions {
        focus: focus.to_string(),
        period: run.options.period,
        run: run.clone(),
    };
    draw(aggregates, evidence, &opts)
}

/// Draws the report from the aggregates and the chosen evidence (the run passes what it
/// counted while streaming; `build` reads them from the tables).
fn draw(aggregates: &Aggregates, evidence: &Evidence, opts: &ReportOptions) -> Result<String> {
    let Aggregates {
        timeline,
        actor_timeline,
        terms,
        ..
    } = aggregates;
    let mut html = String::with_capacity(256 * 1024);
    html.push_str(HEAD);
    let _ = writeln!(
        html,
        "<header><h1>Coverage report: <span class=focus>{}</span></h1>",
        esc(&opts.focus)
    );
    facts_list(&mut html, opts);

    let grid = timeline_periods(timeline, opts)?;
    let axis = Axis::of(
        &grid,
        &grid_totals(timeline, &grid)?,
        opts.run.options.since.is_some() || opts.run.options.until.is_some(),
    );
    html.push_str(&axis.note(opts.period));
    html.push_str("</header>\n");
    if axis.periods.is_empty() {
        html.push_str("<p class=empty>No dated articles: nothing to chart.</p>\n");
    } else {
        focus_stance(&mut html, timeline, &axis, opts)?;
        holders(&mut html, actor_timeline, &axis, opts)?;
        let focus_stories = topic_series(timeline, &axis.periods, "stories")?
            .remove(&opts.focus)
            .unwrap_or_else(|| vec![0.0; axis.periods.len()]);
        changes_section(&mut html, &focus_stories, &axis, &evidence.by_period, opts);
        topic_multiples(&mut html, timeline, &axis, opts)?;
        actors(&mut html, actor_timeline, &axis, opts)?;
        cited_section(&mut html, &evidence.cited, opts);
        syndicated_section(&mut html, &evidence.syndicated, opts);
        new_terms(&mut html, terms, opts)?;
        evidence_section(&mut html, &evidence.by_period, opts)?;
    }
    html.push_str("<footer>Made by covtrack from the tables beside this file. Shares count each story once, by its first copy; other copies and undated articles are left out of the story counts.</footer>\n</body></html>\n");
    Ok(html)
}

const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>covtrack report</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1100px;padding:1rem 1.5rem;color:#222;background:#fff;line-height:1.4}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
.focus{color:#0072B2}.facts{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin:.5rem 0;padding:0;list-style:none}
.facts li b{font-size:1.1rem}svg{width:100%;height:auto;display:block}svg text{font-size:11px;fill:#333}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:.85rem;margin:.3rem 0}.legend span{white-space:nowrap}
.swatch{display:inline-block;width:18px;height:0;border-top:3px solid;vertical-align:middle;margin-right:.3rem}
.box{display:inline-block;width:12px;height:12px;vertical-align:middle;margin-right:.3rem}
table{border-collapse:collapse;font-size:.9rem;width:100%}td,th{border-bottom:1px solid #eee;padding:.25rem .4rem;text-align:left;vertical-align:top}
.ev p{margin:.2rem 0 .6rem}.multiples{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:.6rem 1rem}figure{margin:0}.nowrap{white-space:nowrap}figcaption{font-size:.9rem;font-weight:600}figcaption .meta{font-weight:400}h3{font-size:1rem;margin:1rem 0 .3rem}.tag{font-size:.75rem;padding:0 .3rem;border-radius:3px;margin-right:.3rem;color:#fff}
.neg{background:#D55E00}.hed{background:#0072B2}.sta{background:#009E73}.quo{background:#777}
.meta{color:#555;font-size:.85rem}.note{color:#555;font-size:.85rem}footer{margin-top:2rem;color:#777;font-size:.8rem}
</style></head><body>
"#;

fn facts_list(html: &mut String, opts: &ReportOptions) {
    let day = |d: Option<NaiveDate>| d.map_or("–".to_string(), |d| d.to_string());
    let (counts, corpus) = (&opts.run.counts, &opts.run.corpus);
    let _ = writeln!(
        html,
        "<ul class=facts><li><b>{}</b> articles</li><li><b>{}</b> duplicates</li><li><b>{}</b> undated</li><li><b>{}</b> outlets</li><li>from <b>{}</b> to <b>{}</b></li><li><b>{}</b> files failed</li><li>period: <b>{}</b></li></ul>",
        counts.articles,
        counts.duplicates,
        counts.undated,
        corpus.outlets,
        day(corpus.first_published),
        day(corpus.last_published),
        counts.failed_files,
        opts.period.as_str(),
    );
}

/// Every period of the timeline, widened to the run's `--since`/`--until` window.
fn timeline_periods(timeline: &DataFrame, opts: &ReportOptions) -> Result<Vec<NaiveDate>> {
    let mut p: BTreeSet<NaiveDate> = dates(timeline.column("period")?)?
        .into_iter()
        .flatten()
        .collect();
    let window = &opts.run.options;
    let first = window
        .since
        .map(|d| opts.period.start(d))
        .or(p.first().copied());
    let last = window
        .until
        .map(|d| opts.period.start(d))
        .or(p.last().copied());
    if let (Some(first), Some(last)) = (first, last)
        && (window.since.is_some() || window.until.is_some())
        && first <= last
    {
        p.extend(opts.period.range(first, last));
        p.retain(|d| *d >= first && *d <= last);
    }
    Ok(p.into_iter().collect())
}

/// Dated stories in each period of `grid`.
fn grid_totals(timeline: &DataFrame, grid: &[NaiveDate]) -> Result<Vec<u32>> {
    Ok(story_totals(timeline, grid)?
        .into_iter()
        .map(|v| v as u32)
        .collect())
}
