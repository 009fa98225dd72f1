//! Chart primitives: the plot frame of an inline SVG chart (axes, ticks, scales) and the
//! number formats its labels use.

use super::*;

pub(super) struct Frame {
    pub(super) width: f64,
    pub(super) height: f64,
    pub(super) left: f64,
    pub(super) right: f64,
    pub(super) top: f64,
    pub(super) bottom: f64,
    pub(super) n: usize,
}

impl Frame {
    pub(super) fn new(n: usize, height: f64) -> Frame {
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
    pub(super) fn plot_w(&self) -> f64 {
        self.width - self.left - self.right
    }
    pub(super) fn plot_h(&self) -> f64 {
        self.height - self.top - self.bottom
    }
    /// Centre of slot `i` of `n` periods.
    pub(super) fn x(&self, i: usize) -> f64 {
        self.left + (i as f64 + 0.5) * self.plot_w() / self.n.max(1) as f64
    }
    pub(super) fn slot(&self) -> f64 {
        self.plot_w() / self.n.max(1) as f64
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
    /// Axes, horizontal grid lines and labels; `fmt` formats a y value.
    pub(super) fn axes(
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

pub(super) fn pct(v: f64) -> String {
    format!("{:.0}%", v * 100.0)
}

pub(super) fn compact(v: f64) -> String {
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
