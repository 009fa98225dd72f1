//! The one-page HTML report: topic shares over time, who is named with the focus topic,
//! the evidence sentences, recurring figures and new terms, drawn as inline SVG from the
//! aggregate tables. A run draws it from what it counted while streaming (the aggregates
//! and the [`Evidence`] offered batch by batch); `covtrack report` reads the same things
//! back from the Parquet tables of an earlier run, and draws the same page.
//!
//! The page is self-contained (no scripts, fonts or images fetched) so it opens offline
//! and can be mailed around. Every piece of article text goes through [`esc`].

use crate::aggregate::{Aggregates, dates, f64s, id_chunks, in_ids, scan, strs, u32s};
use covtrack_core::extract::StanceKind;
use crate::period::Period;
use crate::run_record::RunRecord;
use crate::tables::{ArticleRow, Batch, StanceRow};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use polars::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
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

fn read(dir: &Path, table: &str) -> Result<DataFrame> {
    Ok(scan(dir, table)?.collect()?)
}

fn bools(c: &Column) -> Result<Vec<bool>> {
    Ok(c.as_materialized_series()
        .bool()?
        .iter()
        .map(|v| v.unwrap_or(false))
        .collect())
}

/// Builds the report from the tables and `run.json` in `dir` (the `report` command, after
/// a run), about `focus` or else the run's focus topic.
pub fn build(dir: &Path, focus: Option<&str>) -> Result<String> {
    let path = dir.join("run.json");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("reading {}: the report is rebuilt from a run's output", path.display()))?;
    let run: RunRecord = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a covtrack run record", path.display()))?;
    let opts = ReportOptions {
        focus: focus.unwrap_or(&run.options.focus).to_string(),
        period: run.options.period,
        run,
    };
    let aggregates = Aggregates {
        timeline: read(dir, "timeline")?,
        actor_timeline: read(dir, "actor_timeline")?,
        figure_timeline: read(dir, "figure_timeline")?,
        terms: read(dir, "terms")?,
        sources: read(dir, "sources")?,
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
        figure_timeline,
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
    html.push_str("</header>\n");

    let periods = timeline_periods(timeline)?;
    if periods.is_empty() {
        html.push_str("<p class=empty>No dated articles: nothing to chart.</p>\n");
    } else {
        topic_shares(&mut html, timeline, &periods, opts)?;
        focus_stance(&mut html, timeline, &periods, opts)?;
        actors(&mut html, actor_timeline, &periods, opts)?;
        figures(&mut html, figure_timeline, &periods)?;
        new_terms(&mut html, terms, opts)?;
        evidence_section(&mut html, &evidence.by_period, opts)?;
    }
    html.push_str("<footer>Made by covtrack from the tables beside this file. Shares count each story once; duplicates and undated articles are left out of timelines.</footer>\n</body></html>\n");
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
.ev p{margin:.2rem 0 .6rem}.tag{font-size:.75rem;padding:0 .3rem;border-radius:3px;margin-right:.3rem;color:#fff}
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

fn timeline_periods(timeline: &DataFrame) -> Result<Vec<NaiveDate>> {
    let p: BTreeSet<NaiveDate> = dates(timeline.column("period")?)?
        .into_iter()
        .flatten()
        .collect();
    Ok(p.into_iter().collect())
}

/// Geometry shared by the time charts.
struct Frame {
    width: f64,
    height: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    n: usize,
}

impl Frame {
    fn new(n: usize, height: f64) -> Frame {
        Frame {
            width: 1000.0,
            height,
            left: 56.0,
            right: 12.0,
            top: 10.0,
            bottom: 34.0,
            n,
        }
    }
    fn plot_w(&self) -> f64 {
        self.width - self.left - self.right
    }
    fn plot_h(&self) -> f64 {
        self.height - self.top - self.bottom
    }
    /// Centre of slot `i` of `n` periods.
    fn x(&self, i: usize) -> f64 {
        self.left + (i as f64 + 0.5) * self.plot_w() / self.n.max(1) as f64
    }
    fn slot(&self) -> f64 {
        self.plot_w() / self.n.max(1) as f64
    }
    fn y(&self, v: f64, max: f64) -> f64 {
        let max = if max <= 0.0 { 1.0 } else { max };
        self.top + self.plot_h() * (1.0 - v / max)
    }
    fn open(&self, label: &str) -> String {
        format!(
            "<svg viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">",
            self.width,
            self.height,
            esc(label)
        )
    }
    /// Axes, horizontal grid lines and labels; `fmt` formats a y value.
    fn axes(
        &self,
        periods: &[NaiveDate],
        max: f64,
        y_label: &str,
        fmt: &dyn Fn(f64) -> String,
    ) -> String {
        let mut s = String::new();
        let bottom = self.top + self.plot_h();
        for k in 0..=4 {
            let v = max * k as f64 / 4.0;
            let y = self.y(v, max);
            let _ = write!(
                s,
                "<line x1=\"{}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#e5e5e5\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                self.left,
                self.width - self.right,
                self.left - 6.0,
                y + 4.0,
                esc(&fmt(v))
            );
        }
        let _ = write!(
            s,
            "<line x1=\"{l}\" x2=\"{l}\" y1=\"{t}\" y2=\"{b}\" stroke=\"#999\"/><line x1=\"{l}\" x2=\"{r}\" y1=\"{b}\" y2=\"{b}\" stroke=\"#999\"/>",
            l = self.left,
            r = self.width - self.right,
            t = self.top,
            b = bottom
        );
        let ticks = 8.min(periods.len());
        let step = (periods.len() as f64 / ticks.max(1) as f64).ceil().max(1.0) as usize;
        for i in (0..periods.len()).step_by(step) {
            let x = self.x(i);
            let _ = write!(
                s,
                "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{bottom}\" y2=\"{}\" stroke=\"#999\"/><text x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                bottom + 4.0,
                bottom + 16.0,
                periods[i]
            );
        }
        let _ = write!(
            s,
            "<text x=\"12\" y=\"{:.1}\" transform=\"rotate(-90 12 {:.1})\" text-anchor=\"middle\">{}</text>",
            self.top + self.plot_h() / 2.0,
            self.top + self.plot_h() / 2.0,
            esc(y_label)
        );
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">period start ({})</text>",
            self.left + self.plot_w() / 2.0,
            self.height - 2.0,
            if periods.len() > 1 {
                "date"
            } else {
                "single period"
            }
        );
        s
    }
}

fn pct(v: f64) -> String {
    format!("{:.0}%", v * 100.0)
}

fn topic_series(
    timeline: &DataFrame,
    periods: &[NaiveDate],
    column: &str,
) -> Result<BTreeMap<String, Vec<f64>>> {
    let index: BTreeMap<NaiveDate, usize> =
        periods.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let p = dates(timeline.column("period")?)?;
    let t = strs(timeline.column("topic")?)?;
    let v = f64s(timeline.column(column)?)?;
    let mut out: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for i in 0..timeline.height() {
        if let (Some(p), Some(t)) = (p[i], t[i].clone()) {
            let row = out.entry(t).or_insert_with(|| vec![0.0; periods.len()]);
            row[index[&p]] = v[i].unwrap_or(0.0);
        }
    }
    Ok(out)
}

fn topic_shares(
    html: &mut String,
    timeline: &DataFrame,
    periods: &[NaiveDate],
    opts: &ReportOptions,
) -> Result<()> {
    let shares = topic_series(timeline, periods, "share")?;
    // A period without stories has no share, not a share of zero: the lines break there.
    let totals = topic_series(timeline, periods, "articles_total")?
        .into_values()
        .next()
        .unwrap_or_else(|| vec![0.0; periods.len()]);
    let max = shares
        .values()
        .flatten()
        .cloned()
        .fold(0.0_f64, f64::max)
        .max(0.01);
    let frame = Frame::new(periods.len(), 320.0);
    let _ = writeln!(
        html,
        "<section id=shares><h2>Share of stories mentioning each topic</h2>"
    );
    let mut legend = String::from("<div class=legend>");
    let mut svg = frame.open("Share of stories per topic over time");
    svg.push_str(&frame.axes(periods, max, "share of stories", &pct));
    for (k, (topic, values)) in shares.iter().enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        let dash = if k >= 8 {
            " stroke-dasharray=\"6 3\""
        } else {
            ""
        };
        let width = if *topic == opts.focus { 3.0 } else { 1.6 };
        let mut d = String::new();
        let mut pen_down = false;
        for (i, v) in values.iter().enumerate() {
            if totals[i] == 0.0 {
                pen_down = false;
                continue;
            }
            let _ = write!(
                d,
                "{}{:.1},{:.1} ",
                if pen_down { "L" } else { "M" },
                frame.x(i),
                frame.y(*v, max)
            );
            pen_down = true;
        }
        let _ = write!(
            svg,
            "<path fill=\"none\" stroke=\"{colour}\" stroke-width=\"{width}\" stroke-linecap=\"round\"{dash} d=\"{}\"><title>{}</title></path>",
            d.trim_end(),
            esc(topic)
        );
        let _ = write!(
            legend,
            "<span><i class=swatch style=\"border-color:{colour}\"></i>{}</span>",
            esc(topic)
        );
    }
    svg.push_str("</svg>");
    legend.push_str("</div>");
    let _ = writeln!(html, "{legend}{svg}</section>");
    Ok(())
}

fn focus_stance(
    html: &mut String,
    timeline: &DataFrame,
    periods: &[NaiveDate],
    opts: &ReportOptions,
) -> Result<()> {
    let get = |c: &str| -> Result<Vec<f64>> {
        Ok(topic_series(timeline, periods, c)?
            .remove(&opts.focus)
            .unwrap_or_else(|| vec![0.0; periods.len()]))
    };
    let (negated, hedged, stated) = (get("negated")?, get("hedged")?, get("stated")?);
    // Mentions that are both negated and hedged count as negated here, so bars add up.
    let stacks: Vec<(&str, &str, Vec<f64>)> = vec![
        ("stated", "#009E73", stated.clone()),
        (
            "hedged (conditional, asked for)",
            "#0072B2",
            hedged
                .iter()
                .zip(&negated)
                .map(|(h, n)| (h - n).max(0.0))
                .collect(),
        ),
        ("negated (refused, ruled out)", "#D55E00", negated.clone()),
    ];
    let totals: Vec<f64> = (0..periods.len())
        .map(|i| stacks.iter().map(|s| s.2[i]).sum())
        .collect();
    let max = totals.iter().cloned().fold(1.0_f64, f64::max);
    let frame = Frame::new(periods.len(), 260.0);
    let _ = writeln!(
        html,
        "<section id=stance><h2>How <span class=focus>{}</span> is mentioned: stated, hedged, negated</h2>",
        esc(&opts.focus)
    );
    let mut legend = String::from("<div class=legend>");
    let mut svg = frame.open("Mentions of the focus topic per period by stance");
    svg.push_str(&frame.axes(periods, max, "mentions", &|v| format!("{v:.0}")));
    let bar = (frame.slot() * 0.8).max(1.0);
    for i in 0..periods.len() {
        let mut base = 0.0;
        for (name, colour, values) in &stacks {
            let v = values[i];
            if v <= 0.0 {
                continue;
            }
            let y_top = frame.y(base + v, max);
            let y_bottom = frame.y(base, max);
            let _ = write!(
                svg,
                "<rect x=\"{:.1}\" y=\"{y_top:.1}\" width=\"{bar:.1}\" height=\"{:.1}\" fill=\"{colour}\"><title>{} {}: {}</title></rect>",
                frame.x(i) - bar / 2.0,
                (y_bottom - y_top).max(0.5),
                periods[i],
                esc(name),
                v
            );
            base += v;
        }
    }
    for (name, colour, _) in &stacks {
        let _ = write!(
            legend,
            "<span><i class=box style=\"background:{colour}\"></i>{}</span>",
            esc(name)
        );
    }
    svg.push_str("</svg>");
    legend.push_str("</div>");
    let _ = writeln!(html, "{legend}{svg}</section>");
    Ok(())
}

fn actors(
    html: &mut String,
    actor_timeline: &DataFrame,
    periods: &[NaiveDate],
    opts: &ReportOptions,
) -> Result<()> {
    let index: BTreeMap<NaiveDate, usize> =
        periods.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let p = dates(actor_timeline.column("period")?)?;
    let a = strs(actor_timeline.column("actor")?)?;
    let t = strs(actor_timeline.column("topic")?)?;
    let m = u32s(actor_timeline.column("mentions")?)?;
    let mut rows: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for i in 0..actor_timeline.height() {
        if t[i].as_deref() != Some(opts.focus.as_str()) {
            continue;
        }
        if let (Some(p), Some(a)) = (p[i], a[i].clone())
            && let Some(&k) = index.get(&p)
        {
            rows.entry(a).or_insert_with(|| vec![0; periods.len()])[k] += m[i];
        }
    }
    let mut rows: Vec<(String, Vec<u32>)> = rows.into_iter().collect();
    rows.sort_by(|x, y| {
        y.1.iter()
            .sum::<u32>()
            .cmp(&x.1.iter().sum::<u32>())
            .then(x.0.cmp(&y.0))
    });
    rows.truncate(14);
    let _ = writeln!(
        html,
        "<section id=actors><h2>Who is named with <span class=focus>{}</span></h2>",
        esc(&opts.focus)
    );
    if rows.is_empty() {
        html.push_str("<p class=empty>No actors were named with this topic.</p></section>\n");
        return Ok(());
    }
    let max = rows
        .iter()
        .flat_map(|r| r.1.iter())
        .cloned()
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let row_h = 20.0;
    let mut frame = Frame::new(periods.len(), 0.0);
    frame.left = 110.0;
    frame.top = 4.0;
    frame.height = frame.top + row_h * rows.len() as f64 + frame.bottom;
    let mut svg = frame.open("Mentions of the focus topic per actor and period");
    for (r, (actor, values)) in rows.iter().enumerate() {
        let y = frame.top + r as f64 * row_h;
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            frame.left - 6.0,
            y + row_h * 0.7,
            esc(actor)
        );
        for (i, v) in values.iter().enumerate() {
            if *v == 0 {
                continue;
            }
            // Darker blue for more mentions; a square root keeps single mentions visible.
            let level = (*v as f64 / max).sqrt();
            let light = 92.0 - 62.0 * level;
            let _ = write!(
                svg,
                "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"hsl(205,70%,{light:.0}%)\"><title>{} {}: {} mentions</title></rect>",
                frame.x(i) - frame.slot() / 2.0,
                frame.slot().max(1.0),
                row_h - 2.0,
                periods[i],
                esc(actor),
                v
            );
        }
    }
    let bottom = frame.top + row_h * rows.len() as f64;
    let ticks = 8.min(periods.len());
    let step = (periods.len() as f64 / ticks.max(1) as f64).ceil().max(1.0) as usize;
    for i in (0..periods.len()).step_by(step) {
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            frame.x(i),
            bottom + 16.0,
            periods[i]
        );
    }
    let _ = write!(
        svg,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">period start (date); darker = more mentions (max {max})</text></svg>",
        frame.left + frame.plot_w() / 2.0,
        frame.height - 2.0
    );
    let _ = writeln!(html, "{svg}</section>");
    Ok(())
}

/// Per period: how many figures, and their median.
type FigureSeries = Vec<(u32, Option<f64>)>;

fn figures(html: &mut String, figure_timeline: &DataFrame, periods: &[NaiveDate]) -> Result<()> {
    let index: BTreeMap<NaiveDate, usize> =
        periods.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let p = dates(figure_timeline.column("period")?)?;
    let kind = strs(figure_timeline.column("kind")?)?;
    let unit = strs(figure_timeline.column("unit")?)?;
    let m = u32s(figure_timeline.column("mentions")?)?;
    let med = f64s(figure_timeline.column("median")?)?;
    let mut series: BTreeMap<(String, String), FigureSeries> = BTreeMap::new();
    for i in 0..figure_timeline.height() {
        if let (Some(p), Some(k), Some(u)) = (p[i], kind[i].clone(), unit[i].clone())
            && let Some(&j) = index.get(&p)
        {
            series
                .entry((k, u))
                .or_insert_with(|| vec![(0, None); periods.len()])[j] = (m[i], med[i]);
        }
    }
    // The figures that recur: in the most periods.
    let mut ranked: Vec<((String, String), FigureSeries)> = series.into_iter().collect();
    ranked.sort_by(|a, b| {
        let seen = |s: &FigureSeries| s.iter().filter(|v| v.0 > 0).count();
        seen(&b.1).cmp(&seen(&a.1)).then(a.0.cmp(&b.0))
    });
    ranked.truncate(4);
    let _ = writeln!(
        html,
        "<section id=figures><h2>Figures that recur</h2><p class=note>Median value per period of the most frequent kinds of figure; dot size shows how many were cited.</p>"
    );
    if ranked.is_empty() {
        html.push_str("<p class=empty>No figures were found.</p></section>\n");
        return Ok(());
    }
    for (k, ((kind, unit), values)) in ranked.iter().enumerate() {
        let max = values.iter().filter_map(|v| v.1).fold(0.0_f64, f64::max);
        let frame = Frame::new(periods.len(), 170.0);
        let colour = COLOURS[k % COLOURS.len()];
        let _ = write!(html, "<h3 class=note>{} — {}</h3>", esc(kind), esc(unit));
        let mut svg = frame.open(&format!("Median {kind} in {unit} per period"));
        svg.push_str(&frame.axes(periods, max, &format!("median ({unit})"), &compact));
        for (i, (n, v)) in values.iter().enumerate() {
            if let Some(v) = v {
                let r = 2.0 + (*n as f64).sqrt().min(6.0);
                let _ = write!(
                    svg,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{r:.1}\" fill=\"{colour}\" fill-opacity=\"0.75\"><title>{}: median {} ({} cited)</title></circle>",
                    frame.x(i),
                    frame.y(*v, max),
                    periods[i],
                    compact(*v),
                    n
                );
            }
        }
        svg.push_str("</svg>");
        html.push_str(&svg);
    }
    html.push_str("</section>\n");
    Ok(())
}

/// 350000000000 → "350bn", 12500 → "12.5k".
fn compact(v: f64) -> String {
    let a = v.abs();
    let (d, s) = if a >= 1e12 {
        (1e12, "tn")
    } else if a >= 1e9 {
        (1e9, "bn")
    } else if a >= 1e6 {
        (1e6, "m")
    } else if a >= 1e3 {
        (1e3, "k")
    } else {
        (1.0, "")
    };
    let x = v / d;
    if (x - x.round()).abs() < 0.05 {
        format!("{:.0}{s}", x)
    } else {
        format!("{:.1}{s}", x)
    }
}

fn new_terms(html: &mut String, terms: &DataFrame, opts: &ReportOptions) -> Result<()> {
    let term = strs(terms.column("term")?)?;
    let topic = strs(terms.column("topic")?)?;
    let first = dates(terms.column("first_seen")?)?;
    let articles = u32s(terms.column("articles")?)?;
    let mut by: BTreeMap<NaiveDate, Vec<String>> = BTreeMap::new();
    for i in 0..terms.height() {
        if let (Some(t), Some(tp), Some(f)) = (&term[i], &topic[i], first[i]) {
            by.entry(opts.period.start(f))
                .or_default()
                .push(format!(
                    "{} <span class=meta>({}, {} stories)</span>",
                    esc(t),
                    esc(tp),
                    articles[i]
                ));
        }
    }
    let _ = writeln!(
        html,
        "<section id=terms><h2>Terms seen for the first time, by period</h2><table><tr><th>period</th><th>new terms</th></tr>"
    );
    for (p, list) in &by {
        let _ = writeln!(html, "<tr><td>{p}</td><td>{}</td></tr>", list.join(", "));
    }
    html.push_str("</table></section>\n");
    Ok(())
}

/// One candidate sentence of evidence.
struct Candidate {
    published: NaiveDate,
    source: String,
    link: Option<String>,
    path: String,
    sentence: String,
    negated: bool,
    hedged: bool,
    quoted: bool,
    actors: usize,
}

/// Candidates kept per period and kind of stance: enough to choose from, few enough that
/// memory does not grow with the corpus.
const CANDIDATES: usize = 4;

/// Article ids per chunk when gathering evidence from the tables.
const EVIDENCE_CHUNK: u64 = 50_000;

/// The best few sentences on the focus topic per period and kind of stance (more actors
/// first, then the earliest), chosen from mentions offered in table order: by the run as
/// its batches stream past, or by `build` from the tables of an earlier run.
pub struct Evidence {
    focus: String,
    period: Period,
    by_period: BTreeMap<NaiveDate, Vec<Candidate>>,
}

/// What ranks a candidate within its period: kind, then more actors, then earlier.
fn rank(
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
        }
    }

    /// Offers the focus-topic mentions of a batch of whole articles: those of dated
    /// stories (duplicates and undated articles are in no period).
    pub fn add(&mut self, batch: &Batch) {
        for m in &batch.stance {
            if m.topic != self.focus {
                continue;
            }
            let Some(a) = batch
                .articles
                .binary_search_by_key(&m.article_id, |a| a.article_id)
                .ok()
                .map(|i| &batch.articles[i])
                .filter(|a| a.duplicate_of.is_none())
            else {
                continue;
            };
            let Some(published) = a.published else {
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
    fn wanted(&self, published: NaiveDate, kind: usize, actors: usize, sentence: &str) -> bool {
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

    fn offer(&mut self, e: Candidate) {
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

fn is_web_link(u: &str) -> bool {
    u.starts_with("https://") || u.starts_with("http://")
}

/// The evidence from the tables of an earlier run, read chunk by chunk of article ids (the
/// tables are sorted by id, so Parquet statistics skip the other chunks).
fn collect_evidence(dir: &Path, opts: &ReportOptions) -> Result<Evidence> {
    let mut evidence = Evidence::new(&opts.focus, opts.period);
    for (lo, hi) in id_chunks(dir, EVIDENCE_CHUNK)? {
        let in_chunk = || in_ids(lo, hi);
        let stories = scan(dir, "articles")?
            .filter(in_chunk())
            .filter(
                col("duplicate_of")
                    .is_null()
                    .and(col("published").is_not_null()),
            )
            .select([
                col("article_id"),
                col("published"),
                col("source"),
                col("url"),
                col("path"),
            ]);
        let rows = scan(dir, "stance")?
            .filter(in_chunk())
            .filter(col("topic").eq(lit(opts.focus.as_str())))
            .select([
                col("article_id"),
                col("sentence_text"),
                col("negated"),
                col("hedged"),
                col("quoted"),
                col("actors").list().len().alias("n_actors"),
            ])
            .join(
                stories,
                [col("article_id")],
                [col("article_id")],
                JoinArgs::new(JoinType::Inner),
            )
            .collect()?;
        let published = dates(rows.column("published")?)?;
        let source = strs(rows.column("source")?)?;
        let url = strs(rows.column("url")?)?;
        let path = strs(rows.column("path")?)?;
        let text = strs(rows.column("sentence_text")?)?;
        let negated = bools(rows.column("negated")?)?;
        let hedged = bools(rows.column("hedged")?)?;
        let quoted = bools(rows.column("quoted")?)?;
        let n_actors = u32s(rows.column("n_actors")?)?;
        for i in 0..rows.height() {
            let Some(published) = published[i] else {
                continue;
            };
            evidence.offer(Candidate {
                published,
                source: source[i].clone().unwrap_or_else(|| "unknown outlet".into()),
                link: url[i].clone().filter(|u| is_web_link(u)),
                path: path[i].clone().unwrap_or_default(),
                sentence: text[i].clone().unwrap_or_default(),
                negated: negated[i],
                hedged: hedged[i],
                quoted: quoted[i],
                actors: n_actors[i] as usize,
            });
        }
    }
    Ok(evidence)
}

impl Candidate {
    /// The candidate a focus-topic mention of a dated story makes.
    fn of(a: &ArticleRow, m: &StanceRow, published: NaiveDate) -> Candidate {
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
        }
    }

    fn kind(&self) -> usize {
        StanceKind::of(self.negated, self.hedged) as usize
    }
}

fn evidence_section(
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
        let _ = writeln!(html, "<h3>{period}</h3>");
        for e in picked {
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
            let _ = writeln!(
                html,
                "<p>{tags}{}<br><span class=meta>{} · {origin}</span></p>",
                esc(&e.sentence),
                e.published
            );
        }
    }
    html.push_str("</section>\n");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Many focus-topic mentions in a few weeks: more of each kind than are kept.
    fn crowded_batch() -> Batch {
        let day = |i: u64| NaiveDate::from_ymd_opt(2025, 2, 3).unwrap() + chrono::Days::new(i % 20);
        let mut batch = Batch::default();
        for id in 1..=60u64 {
            batch.articles.push(ArticleRow {
                article_id: id,
                path: format!("a{id}.txt"),
                format: "txt",
                source: (id % 3 != 0).then(|| format!("outlet{}", id % 4)),
                url: (id % 2 == 0).then(|| format!("https://example.org/{id}")),
                title: String::new(),
                published: (id % 11 != 0).then(|| day(id * 7)),
                published_from: "path",
                encoding: "UTF-8",
                chars: 0,
                words: 0,
                sentences: 0,
                duplicate_of: (id % 13 == 0).then_some(1),
                dates: 0,
                figures: 0,
                stance: 0,
            });
            for k in 0..4u64 {
                batch.stance.push(StanceRow {
                    article_id: id,
                    sentence: k as u32,
                    start: 0,
                    end: 1,
                    term: "security guarantees".into(),
                    topic: if k == 3 {
                        "ceasefire"
                    } else {
                        "security_guarantee"
                    }
                    .into(),
                    negated: (id + k) % 3 == 0,
                    hedged: (id + k) % 4 == 0,
                    quoted: k == 1,
                    actors: vec!["europe".to_string(); ((id * k) % 4) as usize],
                    cue: None,
                    // Some sentences repeat across articles.
                    sentence_text: format!("Sentence {}.", (id * 5 + k) % 70),
                });
            }
        }
        batch
    }

    #[test]
    fn evidence_skips_only_what_it_would_drop() {
        // `add` leaves out candidates it can tell will not be kept before copying them;
        // offering every candidate must choose exactly the same sentences.
        let batch = crowded_batch();
        let mut pruned = Evidence::new("security_guarantee", Period::Week);
        pruned.add(&batch);
        let mut all = Evidence::new("security_guarantee", Period::Week);
        for m in batch
            .stance
            .iter()
            .filter(|m| m.topic == "security_guarantee")
        {
            let a = &batch.articles[(m.article_id - 1) as usize];
            let (Some(published), None) = (a.published, a.duplicate_of) else {
                continue;
            };
            all.offer(Candidate::of(a, m, published));
        }
        let chosen = |e: &Evidence| -> Vec<(NaiveDate, String, usize)> {
            e.by_period
                .iter()
                .flat_map(|(p, list)| list.iter().map(|c| (*p, c.sentence.clone(), c.actors)))
                .collect()
        };
        assert_eq!(chosen(&pruned), chosen(&all));
        // Three weeks, each full: CANDIDATES of each of the three kinds.
        assert_eq!(pruned.by_period.len(), 3);
        assert!(pruned.by_period.values().all(|l| l.len() == 3 * CANDIDATES));
    }

    #[test]
    fn escaping_and_numbers() {
        assert_eq!(
            esc("<script>alert(\"x\")</script> & 'y'"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(compact(350e9), "350bn");
        assert_eq!(compact(12_500.0), "12.5k");
        assert_eq!(compact(0.5), "0.5");
    }
}
