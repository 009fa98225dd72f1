//! The scoreboard as text: the table per kind, and with `--by-class` the table and
//! misses per class of mention.

use super::{Report, ratio};
use std::fmt::Write as _;

impl Report {
    /// The scoreboard as a table for a terminal.
    pub fn render(&self, only: Option<&str>) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "covtrack eval: {} articles", self.articles);
        let _ = writeln!(
            out,
            "{:<8} {:>6} {:>9} {:>6} {:>9} {:>7} {:>6}",
            "kind", "gold", "predicted", "right", "precision", "recall", "F1"
        );
        for (name, s) in [
            ("dates", self.dates),
            ("figures", self.figures),
            ("stance", self.stance),
        ] {
            if only.is_some_and(|o| o != name) {
                continue;
            }
            let _ = writeln!(
                out,
                "{:<8} {:>6} {:>9} {:>6} {:>9.3} {:>7.3} {:>6.3}",
                name,
                s.gold,
                s.predicted,
                s.right,
                s.precision(),
                s.recall(),
                s.f1()
            );
        }
        if only.is_none_or(|o| o == "stance") {
            let _ = writeln!(
                out,
                "stance hedged accuracy {:.3} ({} of {} matched mentions); actors P {:.3} R {:.3} F1 {:.3}",
                ratio(self.hedged_right, self.hedged_total),
                self.hedged_right,
                self.hedged_total,
                self.actors.precision(),
                self.actors.recall(),
                self.actors.f1()
            );
            let _ = writeln!(
                out,
                "stance holder among gold actors {:.3} ({} of {} matched mentions whose gold names actors)",
                ratio(self.holder_right, self.holder_total),
                self.holder_right,
                self.holder_total,
            );
        }
        out
    }

    /// Scores and misses by class of mention (`--by-class`): a line per class with
    /// precision and recall, then up to `examples` misses of each.
    pub fn render_by_class(&self, only: Option<&str>, examples: usize) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "\n{:<8} {:<28} {:>5} {:>6} {:>5} {:>6} {:>9} {:>7}",
            "kind", "class", "gold", "right", "pred", "p-right", "precision", "recall"
        );
        for ((kind, class), c) in &self.by_class {
            if only.is_some_and(|o| o != *kind) {
                continue;
            }
            let _ = writeln!(
                out,
                "{:<8} {:<28} {:>5} {:>6} {:>5} {:>6} {:>9.3} {:>7.3}",
                kind,
                class,
                c.gold,
                c.gold_right,
                c.predicted,
                c.predicted_right,
                ratio(c.predicted_right, c.predicted),
                ratio(c.gold_right, c.gold)
            );
        }
        for ((kind, class), c) in &self.by_class {
            if only.is_some_and(|o| o != *kind) || c.misses.is_empty() {
                continue;
            }
            let _ = writeln!(
                out,
                "\n{kind} / {class}: {} misses and wrong answers",
                c.misses.len()
            );
            for line in c.misses.iter().take(examples) {
                let _ = writeln!(out, "  {line}");
            }
        }
        out
    }
}
