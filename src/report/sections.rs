//! The report's sections, one function each, drawn from the aggregate tables.

use super::axis::Axis;
use super::charts::{Frame, STANCE_KINDS, pct, stance_legend, stories as n_stories};
use super::read::{dates, f64s, strs, u32s};
use super::*;
use std::collections::BTreeMap;

/// Least stories a period needs before a topic's share of them is shown: below it one
/// story more or less swings the share between nothing and everything.
const SHARE_MIN_STORIES: f64 = 5.0;
/// Periods in the moving average of the small multiples.
const AVERAGE_OVER: usize = 4;

/// A column of `timeline` per topic, over `periods` (others are skipped).
pub(super) fn topic_series(
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
        if let (Some(p), Some(t)) = (p[i], t[i].clone())
            && let Some(&k) = index.get(&p)
        {
            out.entry(t).or_insert_with(|| vec![0.0; periods.len()])[k] = v[i].unwrap_or(0.0);
        }
    }
    Ok(out)
}

/// Dated stories per period of `periods` (the same in every topic's rows).
pub(super) fn story_totals(timeline: &DataFrame, periods: &[NaiveDate]) -> Result<Vec<f64>> {
    Ok(topic_series(timeline, periods, "stories_total")?
        .into_values()
        .next()
        .unwrap_or_else(|| vec![0.0; periods.len()]))
}

/// The trailing mean of `values` over [`AVERAGE_OVER`] periods, restarted after a break.
fn moving_average(values: &[f64], axis: &Axis) -> Vec<f64> {
    let mut out = Vec::with_capacity(values.len());
    let mut start = 0;
    for i in 0..values.len() {
        if axis.breaks_before(i) {
            start = i;
        }
        let from = start.max((i + 1).saturating_sub(AVERAGE_OVER));
        out.push(values[from..=i].iter().sum::<f64>() / (i + 1 - from) as f64);
    }
    out
}

/// One small chart per topic, most covered first: stories per period as bars, their
/// moving average as a line, the share of the period's stories as dots where the period
/// has enough stories for a share to mean something; each bar says its counts on hover.
pub(super) fn topic_multiples(
    html: &mut String,
    timeline: &DataFrame,
    axis: &Axis,
    opts: &ReportOptions,
) -> Result<()> {
    let periods = &axis.periods;
    let stories = topic_series(timeline, periods, "stories")?;
    let totals = story_totals(timeline, periods)?;
    let mut ranked: Vec<(&String, &Vec<f64>, f64)> = stories
        .iter()
        .map(|(t, v)| (t, v, v.iter().sum::<f64>()))
        .collect();
    ranked.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(b.0)));
    let (covered, silent): (Vec<_>, Vec<_>) = ranked.into_iter().partition(|r| r.2 > 0.0);
    let _ = writeln!(
        html,
        "<section id=topics><h2>Each topic over time, most covered first</h2><p class=note>Bars: stories per {p} that mention the topic (each chart on its own scale); line: their {AVERAGE_OVER}-{p} moving average; dots: the topic's share of all stories of the {p} (right scale, 0–100%), only where the {p} has at least {SHARE_MIN_STORIES} stories. Hover a bar for its counts.</p><div class=multiples>",
        p = opts.period.as_str()
    );
    for (k, (topic, values, sum)) in covered.iter().enumerate() {
        let colour = if **topic == opts.focus {
            COLOURS[0]
        } else {
            COLOURS[1 + k % 7]
        };
        let max = values.iter().cloned().fold(1.0_f64, f64::max);
        let frame = Frame::small(axis, 330.0, 120.0, opts.period);
        let mut svg = frame.open(&format!("Stories per period mentioning {topic}"));
        let bottom = frame.top + frame.plot_h();
        let _ = write!(
            svg,
            "<line x1=\"{l}\" x2=\"{r}\" y1=\"{bottom}\" y2=\"{bottom}\" stroke=\"#999\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" style=\"font-size:9px\">{max}</text><text x=\"{}\" y=\"{bottom}\" text-anchor=\"end\" style=\"font-size:9px\">0</text>",
            frame.left - 3.0,
            frame.top + 8.0,
            frame.left - 3.0,
            l = frame.left,
            r = frame.width - frame.right,
        );
        frame.time_axis(&mut svg, true);
        let bar = (frame.slot() * 0.8).max(0.8);
        for (i, &v) in values.iter().enumerate() {
            if v == 0.0 {
                continue;
            }
            let (y, total) = (frame.y(v, max), totals[i]);
            let share = if total >= SHARE_MIN_STORIES {
                format!(" ({})", pct(v / total))
            } else {
                ", too few for a share".to_string()
            };
            let _ = write!(
                svg,
                "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{:.1}\" fill=\"{colour}\" fill-opacity=\"0.45\"><title>{}: {v} of {total} stories{share}</title></rect>",
                frame.x(i) - bar / 2.0,
                (bottom - y).max(0.5),
                periods[i],
            );
        }
        let mut d = String::new();
        for (i, v) in moving_average(values, axis).iter().enumerate() {
            let pen = if i == 0 || axis.breaks_before(i) {
                "M"
            } else {
                "L"
            };
            let _ = write!(d, "{pen}{:.1},{:.1} ", frame.x(i), frame.y(*v, max));
        }
        let _ = write!(
            svg,
            "<path fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.6\" d=\"{}\"/>",
            d.trim_end()
        );
        for (i, &v) in values.iter().enumerate() {
            if totals[i] >= SHARE_MIN_STORIES {
                let _ = write!(
                    svg,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"1.6\" fill=\"#333\"><title>{}: {} of the {} stories</title></circle>",
                    frame.x(i),
                    frame.y(v / totals[i], 1.0),
                    periods[i],
                    pct(v / totals[i]),
                    totals[i]
                );
            }
        }
        svg.push_str("</svg>");
        let _ = writeln!(
            html,
            "<figure><figcaption{}>{} <span class=meta>{}</span></figcaption>{svg}</figure>",
            if **topic == opts.focus {
                " class=focus"
            } else {
                ""
            },
            esc(topic),
            n_stories(*sum)
        );
    }
    html.push_str("</div>");
    if !silent.is_empty() {
        let names: Vec<String> = silent.iter().map(|r| esc(r.0)).collect();
        let _ = write!(
            html,
            "<p class=note>Not mentioned in the periods shown: {}.</p>",
            names.join(", ")
        );
    }
    html.push_str("</section>\n");
    Ok(())
}

/// The focus topic's stories per period, each in one kind by its mentions: negated when
/// any refuses or rules it out, else hedged when any is conditional or asked for, else
/// stated.
pub(super) fn focus_stance(
    html: &mut String,
    timeline: &DataFrame,
    axis: &Axis,
    opts: &ReportOptions,
) -> Result<()> {
    let periods = &axis.periods;
    let get = |c: &str| -> Result<Vec<f64>> {
        Ok(topic_series(timeline, periods, c)?
            .remove(&opts.focus)
            .unwrap_or_else(|| vec![0.0; periods.len()]))
    };
    let kinds = [
        get("stories_stated")?,
        get("stories_hedged")?,
        get("stories_negated")?,
    ];
    let stacks: Vec<[f64; 3]> = (0..periods.len())
        .map(|i| [kinds[0][i], kinds[1][i], kinds[2][i]])
        .collect();
    let max = stacks
        .iter()
        .map(|s| s.iter().sum::<f64>())
        .fold(1.0_f64, f64::max);
    let frame = Frame::new(axis, 260.0, opts.period);
    let _ = writeln!(
        html,
        "<section id=stance><h2>Stories on <span class=focus>{}</span>: stated, hedged, negated</h2><p class=note>Each story once, by its first copy, in the {} it was first published; a story counts as negated when any of its mentions refuses or rules the topic out, else as hedged when any is conditional or asked for.</p>",
        esc(&opts.focus),
        opts.period.as_str()
    );
    let mut svg = frame.open("Stories on the focus topic per period by stance");
    svg.push_str(&frame.axes(max, "stories", &|v| format!("{v:.0}")));
    let bar = (frame.slot() * 0.8).max(1.0);
    for (i, counts) in stacks.iter().enumerate() {
        let mut base = 0.0;
        for ((name, colour), &v) in STANCE_KINDS.iter().zip(counts) {
            if v == 0.0 {
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
                n_stories(v)
            );
            base += v;
        }
    }
    svg.push_str("</svg>");
    let _ = writeln!(html, "{}{svg}</section>", stance_legend());
    Ok(())
}

pub(super) fn new_terms(html: &mut String, terms: &DataFrame, opts: &ReportOptions) -> Result<()> {
    let term = strs(terms.column("term")?)?;
    let topic = strs(terms.column("topic")?)?;
    let first = dates(terms.column("first_seen")?)?;
    let articles = u32s(terms.column("articles")?)?;
    let mut by: BTreeMap<NaiveDate, Vec<String>> = BTreeMap::new();
    for i in 0..terms.height() {
        if let (Some(t), Some(tp), Some(f)) = (&term[i], &topic[i], first[i]) {
            by.entry(opts.period.start(f)).or_default().push(format!(
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
