//! The sections about actors and the focus topic, from `actor_timeline`: who is named
//! with it, and who states, promises or refuses it (its holders). Both draw one row per
//! actor over the periods, on the same row layout.

use super::axis::Axis;
use super::charts::{Frame, STANCE_KINDS, by_kind, stance_legend};
use super::read::{dates, strs, u32s};
use super::*;
use crate::aggregate::Role;
use std::collections::BTreeMap;

/// Rows drawn in the named chart: it is a heat map, so it holds more than the holders'.
const NAMED_ROWS: usize = 14;
/// Rows drawn in the holders' chart.
const HOLDER_ROWS: usize = 10;
/// Height of an actor's row in the heat map.
const NAMED_ROW_H: f64 = 20.0;
/// Height of a holder's row: its bars stack three kinds, so they get more room.
const HOLDER_ROW_H: f64 = 30.0;

/// One focus-topic cell of `actor_timeline`: an actor's mentions in a period.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct Cell {
    pub(super) mentions: u32,
    /// Stated, hedged and negated, each mention in one.
    pub(super) kinds: [u32; 3],
}

/// The focus topic's actors in `role`, each with a cell per period: most mentions first
/// (then by id), at most `most`.
pub(super) fn focus_actors(
    actor_timeline: &DataFrame,
    axis: &Axis,
    opts: &ReportOptions,
    role: Role,
    most: usize,
) -> Result<Vec<ActorRow>> {
    let periods = &axis.periods;
    let index: BTreeMap<NaiveDate, usize> =
        periods.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let column = |name: &str| actor_timeline.column(name);
    let (p, r) = (dates(column("period")?)?, strs(column("role")?)?);
    let (a, t) = (strs(column("actor")?)?, strs(column("topic")?)?);
    let m = u32s(column("mentions")?)?;
    let (n, s) = (u32s(column("negated")?)?, u32s(column("stated")?)?);
    let mut rows: BTreeMap<&str, Vec<Cell>> = BTreeMap::new();
    for i in 0..actor_timeline.height() {
        // Holder rows count the same mentions as named rows again, by who states them.
        if t[i].as_deref() != Some(opts.focus.as_str()) || r[i].as_deref() != Some(role.as_str()) {
            continue;
        }
        if let (Some(p), Some(a)) = (p[i], a[i].as_deref())
            && let Some(&k) = index.get(&p)
        {
            let cell = &mut rows
                .entry(a)
                .or_insert_with(|| vec![Cell::default(); periods.len()])[k];
            cell.mentions += m[i];
            for (c, v) in cell.kinds.iter_mut().zip(by_kind(m[i], n[i], s[i])) {
                *c += v;
            }
        }
    }
    let total = |cells: &[Cell]| cells.iter().map(|c| c.mentions).sum::<u32>();
    let mut rows: Vec<ActorRow> = rows.into_iter().map(|(a, c)| (a.to_string(), c)).collect();
    rows.sort_by(|x, y| total(&y.1).cmp(&total(&x.1)).then(x.0.cmp(&y.0)));
    rows.truncate(most);
    Ok(rows)
}

/// A chart of one row per actor over the periods: the plot frame, each row's height and
/// the scale (the most mentions of any one cell, at least 1).
struct RowChart {
    frame: Frame,
    row_h: f64,
    max: f64,
}

/// An actor and its focus-topic cell per period.
type ActorRow = (String, Vec<Cell>);

/// Opens a row chart's section with its heading (`title`, HTML), and says whether there
/// is anything to chart; if not, writes the `empty` note and closes the section.
fn open_section(html: &mut String, id: &str, title: &str, rows: &[ActorRow], empty: &str) -> bool {
    let _ = writeln!(html, "<section id={id}>{title}");
    if rows.is_empty() {
        let _ = writeln!(html, "<p class=empty>{empty}</p></section>");
    }
    !rows.is_empty()
}

impl RowChart {
    /// The chart of `rows`, and its SVG opened with the actors' names down the left.
    fn open(
        axis: &Axis,
        opts: &ReportOptions,
        rows: &[ActorRow],
        row_h: f64,
        label: &str,
    ) -> (RowChart, String) {
        let mut frame = Frame::new(axis, 0.0, opts.period);
        frame.left = 110.0;
        frame.top = 4.0;
        frame.height = frame.top + row_h * rows.len() as f64 + frame.bottom;
        let max = rows
            .iter()
            .flat_map(|r| r.1.iter().map(|c| c.mentions))
            .max()
            .unwrap_or(1)
            .max(1) as f64;
        let chart = RowChart { frame, row_h, max };
        let mut svg = chart.frame.open(label);
        for (r, (name, _)) in rows.iter().enumerate() {
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                chart.frame.left - 6.0,
                chart.top(r) + row_h * 0.7,
                esc(name)
            );
        }
        (chart, svg)
    }

    fn top(&self, r: usize) -> f64 {
        self.frame.top + r as f64 * self.row_h
    }

    /// Closes the chart: period labels and breaks under the rows, `caption` under them.
    fn close(&self, svg: &mut String, caption: &str) {
        let frame = &self.frame;
        frame.time_axis(svg, true);
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text></svg>",
            frame.left + frame.plot_w() / 2.0,
            frame.height - 2.0,
            esc(caption)
        );
    }
}

/// The heat map of who is named with the focus topic.
pub(super) fn actors(
    html: &mut String,
    actor_timeline: &DataFrame,
    axis: &Axis,
    opts: &ReportOptions,
) -> Result<()> {
    let periods = &axis.periods;
    let rows = focus_actors(actor_timeline, axis, opts, Role::Named, NAMED_ROWS)?;
    let title = format!(
        "<h2>Who is named with <span class=focus>{}</span></h2>",
        esc(&opts.focus)
    );
    let empty = "No actors were named with this topic.";
    if !open_section(html, "actors", &title, &rows, empty) {
        return Ok(());
    }
    let (chart, mut svg) = RowChart::open(
        axis,
        opts,
        &rows,
        NAMED_ROW_H,
        "Mentions of the focus topic per actor and period",
    );
    let (frame, max) = (&chart.frame, chart.max);
    for (r, (actor, cells)) in rows.iter().enumerate() {
        let y = chart.top(r);
        for (i, c) in cells.iter().enumerate() {
            if c.mentions == 0 {
                continue;
            }
            // Darker blue for more mentions; a square root keeps single mentions visible.
            let level = (c.mentions as f64 / max).sqrt();
            let light = 92.0 - 62.0 * level;
            let _ = write!(
                svg,
                "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"hsl(205,70%,{light:.0}%)\"><title>{} {}: {} mentions</title></rect>",
                frame.x(i) - frame.slot() / 2.0,
                frame.slot().max(1.0),
                NAMED_ROW_H - 2.0,
                periods[i],
                esc(actor),
                c.mentions
            );
        }
    }
    chart.close(
        &mut svg,
        &format!("start of each period; darker = more mentions (max {max})"),
    );
    let _ = writeln!(html, "{svg}</section>");
    Ok(())
}

/// Who states, promises, refuses, demands or is asked about the focus topic: a row per
/// holder, a bar per period stacking its stated, hedged and negated mentions.
pub(super) fn holders(
    html: &mut String,
    actor_timeline: &DataFrame,
    axis: &Axis,
    opts: &ReportOptions,
) -> Result<()> {
    let periods = &axis.periods;
    let rows = focus_actors(actor_timeline, axis, opts, Role::Holder, HOLDER_ROWS)?;
    let title = format!(
        "<h2>Who promises, who refuses: <span class=focus>{}</span> by holder</h2><p class=note>The holder is the actor who states, promises, refuses, demands or is asked in the sentence. Bars stack each holder's mentions per period; a refusal that is also hedged counts as negated.</p>",
        esc(&opts.focus)
    );
    let empty = "No sentence on this topic has a holder.";
    if !open_section(html, "holders", &title, &rows, empty) {
        return Ok(());
    }
    let (chart, mut svg) = RowChart::open(
        axis,
        opts,
        &rows,
        HOLDER_ROW_H,
        "Stated, hedged and negated mentions of the focus topic per holder and period",
    );
    let (frame, max) = (&chart.frame, chart.max);
    let bar = (frame.slot() * 0.8).max(1.0);
    let full = HOLDER_ROW_H - 4.0;
    for (r, (holder, cells)) in rows.iter().enumerate() {
        // Bars stand on a faint baseline, so a row's empty periods read as zero.
        let bottom = chart.top(r) + HOLDER_ROW_H - 1.0;
        let _ = write!(
            svg,
            "<line x1=\"{}\" x2=\"{}\" y1=\"{bottom:.1}\" y2=\"{bottom:.1}\" stroke=\"#e5e5e5\"/>",
            frame.left,
            frame.width - frame.right
        );
        for (i, c) in cells.iter().enumerate() {
            let mut base = 0.0;
            for ((kind, colour), &v) in STANCE_KINDS.iter().zip(&c.kinds) {
                if v == 0 {
                    continue;
                }
                let h = full * v as f64 / max;
                let _ = write!(
                    svg,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{:.1}\" fill=\"{colour}\"><title>{} {}: {v} {}</title></rect>",
                    frame.x(i) - bar / 2.0,
                    bottom - base - h,
                    h.max(0.5),
                    periods[i],
                    esc(holder),
                    esc(kind)
                );
                base += h;
            }
        }
    }
    chart.close(
        &mut svg,
        &format!("start of each period; bar height = mentions (max {max})"),
    );
    let _ = writeln!(html, "{}{svg}</section>", stance_legend());
    Ok(())
}
