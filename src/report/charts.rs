//! Chart primitives: the plot frame of an inline SVG chart (axes, ticks, scales) and the
//! number formats its labels use.

use super::axis::Axis;
use super::*;

/// A chart's plot area over the report's time [`Axis`]: one slot per drawn period, a
/// break [`GAP`] slots wide where an empty stretch was left out.
pub(super) struct Frame {
    pub(super) width: f64,
    pub(super) height: f64,
    pub(super) left: f64,
    pub(super) right: f64,
    pub(super) top: f64,
    pub(super) bottom: f64,
    periods: Vec<NaiveDate>,
    /// Each drawn period's position in slots (breaks count [`GAP`] slots).
    offsets: Vec<f64>,
    /// Breaks: before which drawn period, and how many periods they leave out.
    breaks: Vec<(usize, usize)>,
    period: Period,
}

/// Width of a break in the time axis, in slots.
pub(super) const GAP: f64 = 2.0;

/// Least room between two date labels under the axis, in SVG units.
const TICK_GAP: f64 = 14.0;

impl Frame {
    pub(super) fn new(axis: &Axis, height: f64, period: Period) -> Frame {
        Frame {
            width: 1000.0,
            height,
            left: 56.0,
            right: 12.0,
            top: 10.0,
            bottom: 34.0,
            periods: axis.periods.clone(),
            offsets: axis.offsets(GAP),
            breaks: axis.breaks.clone(),
            period,
        }
    }
    /// A small chart of the same axis, for small multiples.
    pub(super) fn small(axis: &Axis, width: f64, height: f64, period: Period) -> Frame {
        Frame {
            width,
            left: 34.0,
            right: 6.0,
            top: 6.0,
            bottom: 18.0,
            ..Frame::new(axis, height, period)
        }
    }
    pub(super) fn plot_w(&self) -> f64 {
        self.width - self.left - self.right
    }
    pub(super) fn plot_h(&self) -> f64 {
        self.height - self.top - self.bottom
    }
    fn units(&self) -> f64 {
        (self.periods.len() as f64 + GAP * self.breaks.len() as f64).max(1.0)
    }
    /// Centre of drawn period `i`.
    pub(super) fn x(&self, i: usize) -> f64 {
        self.left + (self.offsets[i] + 0.5) * self.slot()
    }
    pub(super) fn slot(&self) -> f64 {
        self.plot_w() / self.units()
    }
    /// Width of a date label under the axis ("2025-02-24"), in SVG units.
    fn label_w(&self) -> f64 {
        if self.is_small() { 50.0 } else { 66.0 }
    }
    fn is_small(&self) -> bool {
        self.width < 600.0
    }
    /// Whether a break falls just before drawn period `i`.
    pub(super) fn breaks_before(&self, i: usize) -> bool {
        self.breaks.iter().any(|&(b, _)| b == i)
    }
    pub(super) fn y(&self, v: f64, max: f64) -> f64 {
        let max = if max <= 0.0 { 1.0 } else { max };
        self.top + self.plot_h() * (1.0 - v / max)
    }
    pub(super) fn open(&self, label: &str) -> String {
        format!(
            "<svg viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">",
            self.width,
            self.height,
            esc(label)
        )
    }
    /// Which drawn periods get a date label: the first of every stretch between breaks,
    /// then evenly spaced ones where there is room.
    fn ticks(&self) -> Vec<usize> {
        let n = self.periods.len();
        let room = |t: &[usize], i: usize| {
            t.iter()
                .all(|&j| (self.x(j) - self.x(i)).abs() >= self.label_w() + TICK_GAP)
        };
        let mut ticks: Vec<usize> = Vec::new();
        for i in (0..n).filter(|&i| i == 0 || self.breaks_before(i)) {
            if room(&ticks, i) {
                ticks.push(i);
            }
        }
        let step = (n / 8).max(1);
        for i in (0..n).step_by(step) {
            if room(&ticks, i) {
                ticks.push(i);
            }
        }
        ticks.sort_unstable();
        ticks
    }
    /// Date labels under the plot, and the breaks drawn across it: a pale band with the
    /// length of the stretch left out on hover, and a double stroke on the axis line.
    pub(super) fn time_axis(&self, s: &mut String, labels: bool) {
        let bottom = self.top + self.plot_h();
        let slot = self.slot();
        for &(i, left_out) in &self.breaks {
            let x0 = self.x(i) - slot * (0.5 + GAP);
            let w = slot * GAP;
            let _ = write!(
                s,
                "<rect class=gap x=\"{:.1}\" y=\"{}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"#f1f1f1\"><title>{left_out} {}s without stories left out</title></rect><path d=\"M{:.1},{:.1}l4,-8M{:.1},{:.1}l4,-8\" stroke=\"#777\"/>",
                x0,
                self.top,
                self.plot_h(),
                self.period.as_str(),
                x0 + w / 2.0 - 4.0,
                bottom + 4.0,
                x0 + w / 2.0,
                bottom + 4.0,
            );
        }
        if !labels {
            return;
        }
        let size = if self.is_small() { 9 } else { 11 };
        let half = self.label_w() / 2.0;
        for i in self.ticks() {
            let x = self.x(i);
            // The label stays inside the chart; its tick marks the period itself.
            let at = x.clamp(half, self.width - half);
            let _ = write!(
                s,
                "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{bottom}\" y2=\"{}\" stroke=\"#999\"/><text x=\"{at:.1}\" y=\"{}\" text-anchor=\"middle\" style=\"font-size:{size}px\">{}</text>",
                bottom + 3.0,
                bottom + if self.is_small() { 12.0 } else { 16.0 },
                self.periods[i]
            );
        }
    }
    /// Axes, horizontal grid lines and labels; `fmt` formats a y value.
    pub(super) fn axes(&self, max: f64, y_label: &str, fmt: &dyn Fn(f64) -> String) -> String {
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
        self.time_axis(&mut s, true);
        let _ = write!(
            s,
            "<text x=\"12\" y=\"{:.1}\" transform=\"rotate(-90 12 {:.1})\" text-anchor=\"middle\">{}</text>",
            self.top + self.plot_h() / 2.0,
            self.top + self.plot_h() / 2.0,
            esc(y_label)
        );
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{} start (date){}</text>",
            self.left + self.plot_w() / 2.0,
            self.height - 2.0,
            self.period.as_str(),
            if self.breaks.is_empty() {
                ""
            } else {
                "; grey bands: stretches without stories, left out"
            }
        );
        s
    }
}

/// The three kinds of stance as the stacked charts draw them, bottom to top: name in the
/// legend, colour (the evidence tags' too).
pub(super) const STANCE_KINDS: [(&str, &str); 3] = [
    ("stated", "#009E73"),
    ("hedged (conditional, asked for)", "#0072B2"),
    ("negated (refused, ruled out)", "#D55E00"),
];

/// Stated, hedged and negated mentions of a cell, in [`STANCE_KINDS`] order, each mention
/// in exactly one (negation wins over hedging, as in `StanceKind::of`). The tables'
/// `hedged` column counts every hedged mention, negated or not, so the hedged-only count
/// is what is neither stated nor negated.
pub(super) fn by_kind(mentions: u32, negated: u32, stated: u32) -> [u32; 3] {
    [stated, mentions.saturating_sub(negated + stated), negated]
}

/// The legend of the three kinds of stance.
pub(super) fn stance_legend() -> String {
    let mut legend = String::from("<div class=legend>");
    for (name, colour) in STANCE_KINDS {
        let _ = write!(
            legend,
            "<span><i class=box style=\"background:{colour}\"></i>{}</span>",
            esc(name)
        );
    }
    legend.push_str("</div>");
    legend
}

/// "1 story", "2 stories".
pub(super) fn stories(n: f64) -> String {
    if n == 1.0 {
        "1 story".to_string()
    } else {
        format!("{n} stories")
    }
}

pub(super) fn pct(v: f64) -> String {
    format!("{:.0}%", v * 100.0)
}
