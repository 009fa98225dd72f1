//! Figures said in words rather than counted: rough amounts ("tens of thousands of troops",
//! "dozens"), "twice", and a single unit after a qualifier ("over an hour").

use super::scan::{Cand, Scanner};
use super::tokens::Kind;
use super::units::UnitFound;
use super::words::DATA;
use crate::extract::{FigureKind, Qualifier};

impl Scanner<'_> {
    /// "tens of thousands of troops", "dozens", "a couple of years".
    pub(super) fn vague(&self, i: usize) -> Option<(usize, Option<Cand>)> {
        let (len, v) = DATA.vague.at(self.toks, i)?;
        if i > 0 && self.toks[i - 1].kind == Kind::Num {
            return None;
        }
        let mut e = i + len;
        let (qual_start, qual) = self.qualifier_before(i);
        let mut qualifier = qual.unwrap_or(v.qualifier);
        let plural = v.value != 1.0;
        let mut found = None;
        if self.is(e, "of") && !self.is(i + len - 1, "of") {
            if let Some((n, cur)) = DATA.currency_names.at(self.toks, e + 1) {
                found = Some((cur.clone(), FigureKind::Money, e + 1 + n));
            } else if let Some((n, unit)) = DATA.units.at(self.toks, e + 1) {
                // "tens of millions of tonnes"
                found = Some((unit.clone(), FigureKind::Measure, e + 1 + n));
            } else {
                let mut j = e + 1;
                if self
                    .word(j)
                    .is_some_and(|w| matches!(w, "the" | "our" | "their" | "his" | "her" | "its"))
                {
                    j += 1;
                }
                if let UnitFound::Unit {
                    unit, kind, end, ..
                } = self.noun_phrase(j, plural)
                {
                    found = Some((unit, kind, end));
                }
            }
        } else if let Some((n, unit)) = DATA.units.at(self.toks, e) {
            found = Some((unit.clone(), FigureKind::Measure, e + n));
        } else if !self.toks[i + len - 1].lower.ends_with('s')
            && let UnitFound::Unit {
                unit, kind, end, ..
            } = self.noun_phrase(e, plural)
        {
            // "several thousand Ukrainians"; "spending billions buying" counts no buyers.
            found = Some((unit, kind, end));
        }
        let (unit, kind) = match found {
            Some((unit, kind, end)) => {
                e = end;
                (unit, kind)
            }
            None if v.unit.is_empty() => return Some((e, None)),
            None => {
                let money = DATA.currency_codes.contains_key(&v.unit);
                let kind = if money {
                    FigureKind::Money
                } else {
                    FigureKind::Count
                };
                (v.unit.clone(), kind)
            }
        };
        let (after_end, after) = self.qualifier_after(e);
        if let Some(q) = after {
            qualifier = q;
        }
        Some((
            e,
            Some(Cand {
                toks: qual_start.unwrap_or(i)..after_end,
                core: i..i + len,
                value: v.value,
                value_high: None,
                unit: Some(unit),
                kind,
                qualifier,
                links_next: false,
                may_borrow: false,
            }),
        ))
    }

    /// "twice".
    pub(super) fn multiplicative(&self, i: usize) -> Option<(usize, Option<Cand>)> {
        let value = *DATA.multiplicatives.get(self.word(i)?)?;
        if DATA.idioms.ending_at(self.toks, i + 1).is_some() {
            return Some((i + 1, None));
        }
        Some((
            i + 1,
            Some(Cand {
                toks: i..i + 1,
                core: i..i + 1,
                value,
                value_high: None,
                unit: Some("time".into()),
                kind: FigureKind::Count,
                qualifier: Qualifier::Exact,
                links_next: false,
                may_borrow: false,
            }),
        ))
    }

    /// "over an hour": one unit, only with a qualifier (else "a year" is mostly not a figure).
    pub(super) fn article_unit(&self, i: usize) -> Option<(usize, Option<Cand>)> {
        let w = self.word(i)?;
        if w != "a" && w != "an" {
            return None;
        }
        let (qual_start, qual) = self.qualifier_before(i);
        let qual = qual?;
        let (n, unit) = DATA.units.at(self.toks, i + 1)?;
        if self.word(i + 1).is_some_and(|u| u.ends_with('s'))
            || self
                .word(i + 1 + n)
                .is_some_and(|w| DATA.relative_after.contains(w))
        {
            return None;
        }
        Some((
            i + 1 + n,
            Some(Cand {
                toks: qual_start.unwrap_or(i)..i + 1 + n,
                core: i..i + 1 + n,
                value: 1.0,
                value_high: None,
                unit: Some(unit.clone()),
                kind: FigureKind::Measure,
                qualifier: qual,
                links_next: false,
                may_borrow: false,
            }),
        ))
    }
}
