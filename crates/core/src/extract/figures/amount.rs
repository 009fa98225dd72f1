//! Amounts: a currency, a number, a scale and a percent read together ("$350 billion",
//! "€1.5bn", "45 per cent"), ranges of two ("30 to 35,000", "between 400 and 1,000"), and
//! the figure an amount makes with what follows it, or the reasons it makes none.

use super::scan::{Cand, Scanner};
use super::tokens::{Kind, Tok, is_hyphen};
use super::units::UnitFound;
use super::words::DATA;
use crate::extract::{FigureKind, Qualifier};
use std::ops::Range;

/// An amount: optional currency, a number, optional scale and percent.
#[derive(Debug, Clone)]
pub(super) struct Amount {
    pub(super) end: usize,
    /// Token range of the number itself (no currency or percent).
    pub(super) num: Range<usize>,
    pub(super) value: f64,
    pub(super) words: bool,
    pub(super) currency: Option<String>,
    pub(super) percent: Option<&'static str>,
    /// Scale factor applied by a scale word or abbreviation, if any.
    pub(super) scale: Option<f64>,
    /// Digits only, no separators or decimals: may be a year.
    pub(super) plain_int: bool,
}

impl Scanner<'_> {
    /// Whether the number at `j` is part of a written power or scientific notation
    /// ("1e308", "10^400", "2^10"): its mantissa or base alone would be a wrong figure.
    fn is_exponent_form(&self, j: usize) -> bool {
        let glued_after = |k: usize| self.tok(k).filter(|t| t.glued);
        let caret = |t: &Tok| t.kind == Kind::Sym && t.lower == "^";
        // "1e308" is cut into "1", "e" and "308", or "1" and "e308".
        let scientific = glued_after(j + 1).is_some_and(|t| {
            t.kind == Kind::Word
                && t.lower.starts_with('e')
                && t.lower[1..].bytes().all(|b| b.is_ascii_digit())
                && (t.lower.len() > 1 || glued_after(j + 2).is_some_and(|n| n.kind == Kind::Num))
        });
        let base = glued_after(j + 1).is_some_and(caret);
        let power =
            j > 0 && self.tok(j).is_some_and(|t| t.glued) && self.tok(j - 1).is_some_and(caret);
        scientific || base || power
    }

    /// A number with what it quantifies: "$350 billion", "100,000 troops or more",
    /// "between 400 and 1,000 oil tankers", "roughly 1,200-km".
    pub(super) fn amount_figure(&self, i: usize) -> Option<(usize, Option<Cand>)> {
        let first = self.amount(i)?;
        let skip = Some((first.end, None));
        if self.not_a_figure(&first) {
            return skip;
        }
        // Ranges: "5-6", "30 to 35,000", "two or three", "between 5 and 6".
        let mut value = first.value;
        let mut high = None;
        let mut last = first.clone();
        let mut links_next = false;
        let between = i > 0 && self.is(i - 1, "between");
        let from = i > 0 && self.is(i - 1, "from");
        if let Some(conn) = self.tok(first.end) {
            let c = conn.lower.as_str();
            let hyphen = is_hyphen(c) && !first.words;
            let joins = hyphen
                || (c == "to" && !from)
                || (c == "or" && first.words)
                || (c == "and" && between);
            if c == "to" && from {
                links_next = true;
            }
            if joins && let Some(second) = self.amount(first.end + 1) {
                if self.not_a_figure(&second) || first.plain_int && is_year(first.value) {
                    return Some((second.end, None));
                }
                let mut low = first.value;
                // "2 to 3 million": the scale of the high end is the low end's too, unless
                // that would put the low end above it ("$750,000 to $1 million").
                if let Some(scale) = second.scale.filter(|_| first.scale.is_none())
                    && low * scale <= second.value
                {
                    low *= scale;
                } else if first.scale.is_none()
                    && low < 1000.0
                    && second.value >= 1000.0
                    && low * 1000.0 <= second.value
                    && low * 1000.0 >= second.value / 2.0
                {
                    low *= 1000.0;
                }
                // "rose 9.4 per cent to $84": a change to a level in another unit, not a
                // range; so are two different currencies.
                let other_unit = (first.percent.is_some() && second.percent.is_none())
                    || (first.percent.is_some() && second.currency.is_some())
                    || (first.currency.is_some() && second.percent.is_some())
                    || (first.currency.is_some()
                        && second.currency.is_some()
                        && first.currency != second.currency);
                if other_unit {
                    // The first amount stands alone; the second is scanned on its own.
                } else if second.value > low {
                    value = low;
                    high = Some(second.value);
                    let currency = first.currency.clone().or(second.currency.clone());
                    let percent = first.percent.or(second.percent);
                    last = Amount {
                        currency,
                        percent,
                        ..second
                    };
                } else if hyphen {
                    // "555-0100", "3-1": an identifier or a score.
                    return Some((second.end, None));
                }
            }
        }
        let mut e = last.end;
        let plus = self.tok(e).is_some_and(|t| t.lower == "+" && t.glued);
        if plus {
            e += 1;
        }
        // "40-odd nations"
        let odd =
            self.tok(e).is_some_and(|t| t.glued && is_hyphen(&t.lower)) && self.is(e + 1, "odd");
        if odd {
            e += 2;
        }
        let plural = value != 1.0 || high.is_some() || !first.words && first.value != 1.0;
        let found = if let Some(p) = last.percent {
            UnitFound::Unit {
                unit: p.into(),
                kind: FigureKind::Percent,
                end: e,
                singular_noun: false,
            }
        } else if let Some(cur) = &last.currency {
            let end = DATA
                .currency_names
                .at(self.toks, e)
                .map_or(e, |(n, _)| e + n);
            UnitFound::Unit {
                unit: cur.clone(),
                kind: FigureKind::Money,
                end,
                singular_noun: false,
            }
        } else {
            self.unit_after(e, plural)
        };
        let (unit, kind, end, singular_noun) = match found {
            UnitFound::Reject => return Some((e, None)),
            UnitFound::Bare => (None, FigureKind::Count, e, false),
            UnitFound::Unit {
                unit,
                kind,
                end,
                singular_noun,
            } => (Some(unit), kind, end, singular_noun),
        };
        if first.plain_int
            && is_year(first.value)
            && !matches!(
                kind,
                FigureKind::Money | FigureKind::Percent | FigureKind::Measure
            )
        {
            return Some((end, None));
        }
        // "over the past three years", "within the next 48 hours": a span of dates.
        let anchored = kind == FigureKind::Measure
            && unit.as_deref().is_some_and(|u| DATA.time_units.contains(u))
            && i.checked_sub(1)
                .and_then(|p| self.word(p))
                .is_some_and(|w| DATA.anchored_before.contains(w));
        if anchored {
            return Some((end, None));
        }
        if self.named_by_word_before(first.num.start, unit.is_none() || singular_noun) {
            return Some((end, None));
        }
        if first.words
            && first.value == 1.0
            && first.num.len() == 1
            && (DATA.idioms.at(self.toks, first.num.start).is_some()
                || DATA.idioms.ending_at(self.toks, first.num.end).is_some())
        {
            return Some((end, None));
        }
        // "one-on-one"; "the pronoun "one" before a noun ("one insider reckons") is kept only
        // for tolls ("One person was injured") and measures ("one inch").
        let hyphen_before = first.num.start > 0
            && self.toks[first.num.start].glued
            && is_hyphen(&self.toks[first.num.start - 1].lower);
        if first.words && hyphen_before {
            return Some((end, None));
        }
        if first.words
            && value == 1.0
            && high.is_none()
            && kind == FigureKind::Count
            && !unit
                .as_deref()
                .is_some_and(|u| DATA.one_counts.contains(&u.to_lowercase()))
        {
            return Some((end, None));
        }
        // "the two of them" and friends borrow a unit; other bare number words are dropped.
        let may_borrow = unit.is_none() && !(first.words && value == 1.0);
        let (qual_start, qual) = if between {
            (Some(i - 1), None)
        } else {
            self.qualifier_before(i)
        };
        let (after_end, after) = self.qualifier_after(end);
        let glued_plus = if plus {
            Some(Qualifier::AtLeast)
        } else {
            odd.then_some(Qualifier::Approx)
        };
        let qualifier = if high.is_some() {
            Qualifier::Range
        } else {
            after.or(glued_plus).or(qual).unwrap_or(Qualifier::Exact)
        };
        Some((
            end.max(first.end),
            Some(Cand {
                toks: qual_start.unwrap_or(i)..after_end.max(end),
                core: first.num.start..last.num.end,
                value,
                value_high: high,
                unit,
                kind,
                qualifier,
                links_next,
                may_borrow,
            }),
        ))
    }

    /// Currency, number, scale and percent starting at token `i`.
    pub(super) fn amount(&self, i: usize) -> Option<Amount> {
        let t = self.tok(i)?;
        let mut j = i;
        let mut currency = None;
        if let Some(c) = DATA.currency_symbols.get(&t.lower) {
            currency = Some(c.clone());
            j += 1;
        } else if t.kind == Kind::Word
            && let Some(c) = DATA.currency_prefixed.get(&t.lower)
            && self.tok(i + 1).is_some_and(|s| s.glued && s.lower == "$")
        {
            currency = Some(c.clone());
            j += 2;
        } else if t.kind == Kind::Word
            && let Some(c) = self.code(i)
        {
            currency = Some(c.clone());
            j += 1;
        }
        let nt = self.tok(j)?;
        if currency.is_some() && j > i && nt.kind != Kind::Num && !self.is_number_word(j) {
            return None;
        }
        let (mut value, mut k, words, plain_int) = match nt.kind {
            Kind::Num => {
                if self.is_exponent_form(j) {
                    return None;
                }
                let digits: String = nt.lower.chars().filter(|&c| c != ',').collect();
                // Past 15 significant digits an f64 no longer holds the number exactly;
                // such strings are identifiers or noise, not amounts anyone reports.
                if digits.chars().filter(char::is_ascii_digit).count() > 15 {
                    return None;
                }
                let plain = nt.lower.chars().all(|c| c.is_ascii_digit());
                let value = digits.parse::<f64>().ok().filter(|v| v.is_finite())?;
                (value, j + 1, false, plain)
            }
            Kind::Word => {
                if nt.lower == "half" && self.is(j + 1, "a") {
                    let s = *self.word(j + 2).and_then(|w| DATA.scales.get(w))?;
                    (0.5 * s, j + 3, true, false)
                } else {
                    let (v, k) = self.number_words(j)?;
                    (v, k, true, false)
                }
            }
            Kind::Sym => return None,
        };
        let num_start = j;
        // "one and a half", "one-and-a-half-hour".
        let sep = |k: usize| {
            self.tok(k)
                .is_some_and(|t| t.kind == Kind::Sym && is_hyphen(&t.lower) && t.glued)
        };
        let mut p = k;
        let step = |p: &mut usize, w: &str| {
            if sep(*p) {
                *p += 1;
            }
            if self.is(*p, w) {
                *p += 1;
                true
            } else {
                false
            }
        };
        if step(&mut p, "and") && step(&mut p, "a") && step(&mut p, "half") {
            value += 0.5;
            k = p;
        }
        let mut scale = None;
        if let Some(s) = self.word(k).and_then(|w| DATA.scales.get(w))
            && (!words || !self.is(k - 1, "and"))
        {
            scale = Some(*s);
            k += 1;
        } else if let Some(st) = self.tok(k).filter(|t| t.kind == Kind::Word && !words) {
            let next_is_currency =
                DATA.currency_names.at(self.toks, k + 1).is_some() || self.code(k + 1).is_some();
            // "100K troops", "3M soldiers": before a plural noun that is no unit of measure
            // ("400m" alone may be metres), a short scale counts too.
            let next_is_counted = self.word(k + 1).is_some_and(|w| {
                w.len() > 3 && w.ends_with('s') && DATA.units.at(self.toks, k + 1).is_none()
            });
            if let Some(s) = DATA.scale_abbreviations.get(&st.lower) {
                scale = Some(*s);
                k += 1;
            } else if let Some(s) = DATA.short_scale_abbreviations.get(&st.lower)
                && st.glued
                && (currency.is_some() || next_is_currency || next_is_counted)
            {
                scale = Some(*s);
                k += 1;
            }
        }
        // "4 hundred million", "two hundred thousand": each larger scale multiplies.
        while let Some(s) = scale
            && let Some(&next) = self.word(k).and_then(|w| DATA.scales.get(w))
            && next > s
        {
            scale = Some(s * next);
            k += 1;
        }
        if let Some(s) = scale {
            value *= s;
        }
        let num_end = k;
        let mut percent = None;
        if self.is(k, "%") {
            percent = Some("percent");
            k += 1;
        } else if let Some((n, p)) = DATA.percent.at(self.toks, k) {
            percent = Some(*p);
            k += n;
        }
        if currency.is_none()
            && let Some(c) = self.code(k)
        {
            currency = Some(c.clone());
            k += 1;
        }
        if currency.is_none()
            && let Some((n, c)) = DATA.currency_names.at(self.toks, k)
        {
            currency = Some(c.clone());
            k += n;
        }
        // A symbol after the number: "10 €", "115 $".
        if currency.is_none()
            && let Some(t) = self.tok(k).filter(|t| t.kind == Kind::Sym)
            && let Some(c) = DATA.currency_symbols.get(&t.lower)
        {
            currency = Some(c.clone());
            k += 1;
        }
        if currency.is_none()
            && percent.is_none()
            && let Some((n, sub)) = DATA.currency_subunits.at(self.toks, k)
        {
            currency = Some(sub.currency.clone());
            value /= sub.per;
            k += n;
        }
        Some(Amount {
            end: k,
            num: num_start..num_end,
            value,
            words,
            currency,
            percent,
            scale,
            plain_int: plain_int && scale.is_none(),
        })
    }

    /// The ISO code a token spells in capitals ("USD", "EUR"); lower-case words never are.
    pub(super) fn code(&self, i: usize) -> Option<&'static String> {
        let t = self.tok(i).filter(|t| t.kind == Kind::Word && t.all_caps)?;
        DATA.currency_codes.get(&t.lower.to_uppercase())
    }
}

fn is_year(v: f64) -> bool {
    (1000.0..=2100.0).contains(&v)
}
