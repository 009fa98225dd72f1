//! Fractions: "half", "two-thirds", "a third of", "every third", "one in five", and the
//! uses of "half" that are none ("the first half of 2025", "on behalf").

use super::scan::{Cand, Scanner};
use super::tokens::is_hyphen;
use super::words::DATA;
use crate::extract::{FigureKind, Qualifier};

impl Scanner<'_> {
    /// "half", "two-thirds", "a third of", "every third".
    pub(super) fn fraction(&self, i: usize) -> Option<(usize, Option<Cand>)> {
        let w = self.word(i)?;
        let denominator = |k: usize| self.word(k).and_then(|w| DATA.fractions.get(w)).copied();
        let (value, end) = if w == "one"
            && self.is(i + 1, "in")
            && let Some(n) = self
                .amount(i + 2)
                .filter(|a| a.value > 1.0 && a.currency.is_none())
        {
            // "one in five Ukrainians"
            (1.0 / n.value, n.end)
        } else if w == "every" {
            let d = denominator(i + 1).filter(|&d| d > 2.0)?;
            (1.0 / d, i + 2)
        } else if w == "half" {
            if self.half_is_not_fraction(i) {
                return Some((i + 1, None));
            }
            (0.5, i + 1)
        } else if w == "a" || w == "one" {
            // "a third of", "one-fifth", "one third".
            let hyphen = self
                .tok(i + 1)
                .is_some_and(|t| is_hyphen(&t.lower) && t.glued);
            let k = if hyphen { i + 2 } else { i + 1 };
            let d = denominator(k).filter(|&d| d > 2.0)?;
            if !hyphen && !self.is(k + 1, "of") {
                return None;
            }
            (1.0 / d, k + 1)
        } else {
            let n = *DATA.numbers.get(w)?;
            let hyphen = self
                .tok(i + 1)
                .is_some_and(|t| is_hyphen(&t.lower) && t.glued);
            let k = if hyphen { i + 2 } else { i + 1 };
            let d = denominator(k).filter(|&d| d > 2.0 || n == 1.0)?;
            // "two thirds" needs the plural; "two third" is not a fraction.
            if n > 1.0 && !self.word(k).is_some_and(|w| w.ends_with('s')) {
                return None;
            }
            (n / d, k + 1)
        };
        let (qual_start, qual) = self.qualifier_before(i);
        Some((
            end,
            Some(Cand {
                toks: qual_start.unwrap_or(i)..end,
                core: i..end,
                value,
                value_high: None,
                unit: Some("fraction".into()),
                kind: FigureKind::Fraction,
                qualifier: qual.unwrap_or(Qualifier::Exact),
                links_next: false,
                may_borrow: false,
            }),
        ))
    }

    /// "the first half of 2025", "half-hearted", "a year and a half", "on behalf".
    fn half_is_not_fraction(&self, i: usize) -> bool {
        let prev = i.checked_sub(1).and_then(|p| self.word(p));
        let ordinal = prev.is_some_and(|p| {
            matches!(
                p,
                "first" | "second" | "latter" | "last" | "a" | "and" | "one"
            )
        });
        let glued_on = self
            .tok(i + 1)
            .is_some_and(|t| t.glued && is_hyphen(&t.lower))
            || self.tok(i).is_some_and(|t| t.glued) && i > 0 && is_hyphen(&self.toks[i - 1].lower);
        ordinal || glued_on
    }
}
