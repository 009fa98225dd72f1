//! Numbers that are no figure: dates and day numbers next to a month, times, ordinals,
//! phone numbers, and numbers glued into or named by a word ("G7", "Article 5"). Checked
//! here as well as by skipping the dates stage's spans, so this stage stands on its own.

use super::amount::Amount;
use super::scan::Scanner;
use super::tokens::{Kind, is_hyphen};
use super::words::DATA;

impl Scanner<'_> {
    /// Dates, times, ordinals, phone numbers and numbers glued into names.
    pub(super) fn not_a_figure(&self, a: &Amount) -> bool {
        let s = a.num.start;
        let t = &self.toks[s];
        if a.words {
            return false;
        }
        let prev = s.checked_sub(1).map(|p| &self.toks[p]);
        let prev2 = s.checked_sub(2).map(|p| &self.toks[p]);
        // "G7", "MH17", "F-16", "COVID-19"; "+380"; "#5"; "24/7"; "10:30".
        if t.glued
            && let Some(p) = prev
        {
            if p.kind == Kind::Word && a.currency.is_none() {
                return true;
            }
            if is_hyphen(&p.lower) && prev2.is_some_and(|q| p.glued && q.kind == Kind::Word) {
                return true;
            }
            if matches!(p.lower.as_str(), "+" | "#" | "/" | ":" | "№") {
                return true;
            }
        }
        // "Item 1 of 5": a position in a gallery or list.
        if prev.is_some_and(|p| p.lower == "of") && prev2.is_some_and(|q| q.kind == Kind::Num) {
            return true;
        }
        let after = &self.toks.get(a.num.end.min(a.end));
        let next = self.tok(s + 1);
        if let Some(n) = next
            && n.glued
        {
            if matches!(n.lower.as_str(), "/" | ":")
                && self
                    .tok(s + 2)
                    .is_some_and(|m| m.glued && m.kind == Kind::Num)
            {
                return true;
            }
            if n.kind == Kind::Word
                && (DATA.ordinal_suffix.contains(&n.lower) || DATA.time_after.contains(&n.lower))
            {
                return true;
            }
            // "5G", "1990s": letters glued on that are no scale, unit or currency.
            if n.kind == Kind::Word
                && a.scale.is_none()
                && a.percent.is_none()
                && a.currency.is_none()
                && DATA.units.at(self.toks, s + 1).is_none()
                && !self.is_number_word(s + 1)
            {
                return true;
            }
        }
        if let Some(n) = after
            && n.kind == Kind::Word
            && DATA.time_after.contains(&n.lower)
            && a.percent.is_none()
        {
            return true;
        }
        // A run of numbers with only spaces between them: a phone number or an identifier.
        if next.is_some_and(|n| n.kind == Kind::Num && !n.glued)
            || prev.is_some_and(|p| p.kind == Kind::Num && !t.glued)
        {
            return true;
        }
        // Day numbers next to a month: "20 February", "Feb. 28", "March 13 and 17".
        let day = a.plain_int && a.value >= 1.0 && a.value <= 31.0;
        if day && a.currency.is_none() && a.percent.is_none() {
            let month = |i: usize| {
                self.tok(i)
                    .is_some_and(|t| t.capital && DATA.months.contains(&t.lower))
            };
            let mut p = s;
            if p > 0 && self.is(p - 1, ".") {
                p -= 1;
            }
            if p > 0 && month(p - 1) || month(a.end) || self.is(a.end, "of") && month(a.end + 1) {
                return true;
            }
            // "between March 13 and 17", "from 14 to 19 February".
            if p >= 3
                && matches!(self.toks[p - 1].lower.as_str(), "and" | "to" | "-" | "–")
                && self.toks[p - 2].kind == Kind::Num
                && month(p - 3)
            {
                return true;
            }
            if matches!(
                self.tok(a.end).map(|t| t.lower.as_str()),
                Some("and" | "to" | "-" | "–")
            ) && self.tok(a.end + 1).is_some_and(|t| t.kind == Kind::Num)
                && month(a.end + 2)
            {
                return true;
            }
        }
        false
    }

    /// "Article 5", "Leopard 2 tanks", "World War Two": a number named by the word before.
    pub(super) fn named_by_word_before(&self, s: usize, weak: bool) -> bool {
        let Some(p) = s.checked_sub(1).map(|p| &self.toks[p]) else {
            return false;
        };
        if DATA.name_before_any_case.contains(&p.lower) {
            return true;
        }
        if p.kind != Kind::Word || !p.capital || self.headline {
            return false;
        }
        if DATA.name_before.contains(&p.lower) {
            return true;
        }
        // Any other capitalised word, unless it starts the sentence or is a possessive.
        let initial = self.toks[..s - 1].iter().all(|t| t.kind == Kind::Sym);
        let possessive = p.lower.ends_with("'s") || p.lower.ends_with('\'');
        weak && !initial
            && !possessive
            && !DATA.stop.contains(&p.lower)
            && DATA.before.ending_at(self.toks, s).is_none()
            && !DATA.months.contains(&p.lower)
    }
}
