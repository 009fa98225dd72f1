//! The report's sections, one function each, drawn from the aggregate tables.

use super::charts::{Frame, STANCE_KINDS, by_kind, compact, pct, stance_legend};
use super::read::{dates, f64s, strs, u32s};
use super::*;
use std::collections::BTreeMap;

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
        if let (Some(p), Some(t)) = (p[i], t[i].clone()) {
            let row = out.entry(t).or_insert_with(|| vec![0.0; periods.len()]);
            row[index[&p]] = v[i].unwrap_or(0.0);
        }
    }
    Ok(out)
}

pub(super) fn topic_shares(
    html: &mut String,
    timeline: &DataFrame,
    periods: &[NaiveDate],
    opts: &ReportOptions,
) -> Result<()> {
    let shares = topic_series(timeline, periods, "share")?;
    // A period without stories has no share, not a share of zero: the lines break there.
    let totals = topic_series(timeline, periods, "stories_total")?
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

pub(super) fn focus_stance(
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
    let (mentions, negated, stated) = (get("mentions")?, get("negated")?, get("stated")?);
    // Each mention in one kind, so bars add up to the mentions.
    let stacks: Vec<[u32; 3]> = (0..periods.len())
        .map(|i| by_kind(mentions[i] as u32, negated[i] as u32, stated[i] as u32))
        .collect();
    let max = stacks
        .iter()
        .map(|s| s.iter().sum::<u32>() as f64)
        .fold(1.0_f64, f64::max);
    let frame = Frame::new(periods.len(), 260.0);
    let _ = writeln!(
        html,
        "<section id=stance><h2>How <span class=focus>{}</span> is mentioned: stated, hedged, negated</h2>",
        esc(&opts.focus)
    );
    let mut svg = frame.open("Mentions of the focus topic per period by stance");
    svg.push_str(&frame.axes(periods, max, "mentions", &|v| format!("{v:.0}")));
    let bar = (frame.slot() * 0.8).max(1.0);
    for (i, counts) in stacks.iter().enumerate() {
        let mut base = 0.0;
        for ((name, colour), &v) in STANCE_KINDS.iter().zip(counts) {
            if v == 0 {
                continue;
            }
            let v = v as f64;
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
    svg.push_str("</svg>");
    let _ = writeln!(html, "{}{svg}</section>", stance_legend());
    Ok(())
}

/// Per period: how many figures, and their median.
type FigureSeries = Vec<(u32, Option<f64>)>;

pub(super) fn figures(
    html: &mut String,
    figure_timeline: &DataFrame,
    periods: &[NaiveDate],
) -> Result<()> {
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
