//! What a number quantifies: a unit of measure, a compound ("seven-year", "1,200-km"), or
//! a counted noun phrase whose head noun is lemmatised ("40 Ukrainian drones" -> "drone").

use super::scan::Scanner;
use super::tokens::{Kind, Tok, is_hyphen};
use super::words::DATA;
use crate::extract::FigureKind;

pub(super) enum UnitFound {
    Unit {
        unit: String,
        kind: FigureKind,
        end: usize,
        singular_noun: bool,
    },
    Bare,
    Reject,
}

impl Scanner<'_> {
    /// What the number at `e` quantifies: a unit, a compound ("seven-year"), or a noun.
    pub(super) fn unit_after(&self, e: usize, plural: bool) -> UnitFound {
        let Some(t) = self.tok(e) else {
            return UnitFound::Bare;
        };
        // "seven-year high", "1,200-km", "15-point plan", "47-year-old" (an age).
        if is_hyphen(&t.lower) && t.glued && self.tok(e + 1).is_some_and(|n| n.glued) {
            if let Some((n, unit)) = DATA.units.at(self.toks, e + 1) {
                let end = e + 1 + n;
                if self
                    .tok(end)
                    .is_some_and(|h| is_hyphen(&h.lower) && h.glued)
                    && self.is(end + 1, "old")
                {
                    return UnitFound::Reject;
                }
                return UnitFound::Unit {
                    unit: unit.clone(),
                    kind: FigureKind::Measure,
                    end,
                    singular_noun: false,
                };
            }
            let Some(w) = self.word(e + 1) else {
                return UnitFound::Reject;
            };
            if DATA.compound_reject.contains(w)
                || DATA.stop.contains(w)
                || self
                    .tok(e + 2)
                    .is_some_and(|h| is_hyphen(&h.lower) && h.glued)
            {
                return UnitFound::Reject;
            }
            return UnitFound::Unit {
                unit: w.to_string(),
                kind: FigureKind::Count,
                end: e + 2,
                singular_noun: false,
            };
        }
        if let Some((n, unit)) = DATA.units.at(self.toks, e) {
            let end = e + n;
            let age = self
                .word(end)
                .is_some_and(|w| DATA.age_after.contains(w) || w == "old");
            // "the conflict three years on": a point in time, not a length.
            let on = self.is(end, "on") && self.tok(end + 1).is_none_or(|t| t.kind == Kind::Sym);
            if age || on {
                return UnitFound::Reject;
            }
            return UnitFound::Unit {
                unit: unit.clone(),
                kind: FigureKind::Measure,
                end,
                singular_noun: false,
            };
        }
        // "two of those tankers"; "110 of which", "21 of them" borrow.
        if plural && self.is(e, "of") {
            if self
                .word(e + 1)
                .is_some_and(|w| matches!(w, "those" | "these" | "the"))
            {
                return match self.noun_phrase(e + 2, true) {
                    UnitFound::Unit { .. } if self.is(e + 1, "the") => UnitFound::Bare,
                    found => found,
                };
            }
            return UnitFound::Bare;
        }
        self.noun_phrase(e, plural)
    }

    /// The counted noun: the first plural noun within a few words ("40 Ukrainian drones"),
    /// or for one thing the last word before a verb or function word ("one senior
    /// Ukrainian official").
    pub(super) fn noun_phrase(&self, e: usize, plural: bool) -> UnitFound {
        let mut j = e;
        let mut words = 0;
        let mut head: Option<usize> = None;
        while j < self.toks.len() && words < 5 {
            let t = &self.toks[j];
            match t.kind {
                Kind::Sym if t.lower == "(" && words > 0 => {
                    // "30 National Unity Platform (NUP) members"
                    match (j + 1..(j + 5).min(self.toks.len())).find(|&k| self.is(k, ")")) {
                        Some(k) => j = k + 1,
                        None => break,
                    }
                    continue;
                }
                Kind::Sym
                    if is_hyphen(&t.lower)
                        && t.glued
                        && words > 0
                        && self
                            .tok(j + 1)
                            .is_some_and(|n| n.glued && n.kind == Kind::Word) =>
                {
                    // "long-range missiles"
                    j += 1;
                    continue;
                }
                Kind::Sym
                    if t.lower == "."
                        && t.glued
                        && words > 0
                        && self.toks[j - 1].lower.contains('.') =>
                {
                    // "three U.S. representatives"
                    j += 1;
                    continue;
                }
                Kind::Word => {}
                _ => break,
            }
            let w = t.lower.as_str();
            if DATA.stop.contains(w) && !(words == 0 && w == "others") {
                break;
            }
            // "armoured personnel carriers": a collective noun that modifies a plural.
            let modifies_next = DATA.collective.contains(w)
                && self
                    .tok(j + 1)
                    .is_some_and(|n| self.plural_lemma(n).is_some());
            if plural {
                if !modifies_next && let Some(lemma) = self.plural_lemma(t) {
                    return UnitFound::Unit {
                        unit: lemma,
                        kind: FigureKind::Count,
                        end: j + 1,
                        singular_noun: false,
                    };
                }
            } else {
                let verbish = w.ends_with("ed") || w.ends_with("ing") || w.ends_with("ly");
                if words > 0 && verbish
                    || (w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("'s"))
                    || DATA.not_plural.contains(w)
                {
                    break;
                }
                head = Some(j);
            }
            words += 1;
            j += 1;
        }
        match head {
            Some(h) if !plural => UnitFound::Unit {
                unit: self.keep_case(&self.toks[h], self.toks[h].lower.clone()),
                kind: FigureKind::Count,
                end: h + 1,
                singular_noun: true,
            },
            _ => UnitFound::Bare,
        }
    }

    /// The singular of a plural noun, or `None` when the word is not one.
    fn plural_lemma(&self, t: &Tok) -> Option<String> {
        let w = t.lower.as_str();
        if let Some(l) = DATA.irregular.get(w) {
            return Some(l.clone());
        }
        if DATA.collective.contains(w) {
            return Some(w.to_string());
        }
        if w.chars().count() < 3
            || !w.ends_with('s')
            || w.ends_with("ss")
            || w.ends_with("us")
            || w.ends_with("is")
            || w.ends_with("'s")
            || w.contains('.')
            || DATA.not_plural.contains(w)
        {
            return None;
        }
        let lemma = if let Some(stem) = w.strip_suffix("ies") {
            format!("{stem}y")
        } else if ["sses", "xes", "ches", "shes", "zes"]
            .iter()
            .any(|s| w.ends_with(s))
        {
            w[..w.len() - 2].to_string()
        } else {
            w[..w.len() - 1].to_string()
        };
        Some(self.keep_case(t, lemma))
    }

    /// Proper nouns keep their capital ("Ukrainians" -> "Ukrainian"), except in a headline,
    /// where every word has one.
    fn keep_case(&self, t: &Tok, lemma: String) -> String {
        if t.capital && !self.headline && t.lower.len() > 1 {
            let mut c = lemma.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or(lemma)
        } else {
            lemma
        }
    }
}
