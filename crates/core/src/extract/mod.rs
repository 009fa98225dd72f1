//! Extraction: an article's [`Doc`] in, mentions out.
//!
//! Every extractor is a pure function of the document (and the publication date or lexicon
//! it needs), so the orchestrator can run articles in parallel and tests can call them on a
//! string. Offsets are byte offsets into [`Doc::text`].

pub mod dates;
pub mod figures;
pub mod stance;

use crate::lexicon::Lexicon;
use crate::text::Doc;
use chrono::NaiveDate;
use serde::Serialize;
use std::ops::Range;

/// What kind of date expression a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateKind {
    /// A full calendar date: "February 26, 2025", "2025-02-26".
    Absolute,
    /// Part of a date: "December 1994", "in 2014", "February 21" (no year).
    Partial,
    /// Relative to publication: "on Wednesday", "last weekend", "a week ago".
    Relative,
    /// A span anchored to publication: "over the past three years".
    Duration,
}

/// How precise a resolved date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

/// A date mention, resolved to inclusive start and end days where a publication date
/// allows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DateMention {
    pub span: Range<usize>,
    pub sentence: usize,
    pub kind: DateKind,
    pub granularity: Granularity,
    pub date_start: Option<NaiveDate>,
    pub date_end: Option<NaiveDate>,
}

/// What a figure quantifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FigureKind {
    Money,
    Count,
    Percent,
    Measure,
    Fraction,
}

/// How exact a figure is, from the words around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    Approx,
    AtLeast,
    AtMost,
    Range,
}

/// A number that quantifies something, in plain units.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub span: Range<usize>,
    pub sentence: usize,
    pub value: f64,
    /// Upper bound of a range ("between 5 and 6"); `None` otherwise.
    pub value_high: Option<f64>,
    /// ISO currency code, `percent`, `fraction`, or the counted noun's singular lemma.
    pub unit: String,
    pub kind: FigureKind,
    pub qualifier: Qualifier,
}

/// One mention of a lexicon topic, with the stance the sentence takes on it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StanceMention {
    pub span: Range<usize>,
    pub sentence: usize,
    /// The lexicon term as it matched (its canonical spelling).
    pub term: String,
    pub topic: String,
    pub negated: bool,
    pub hedged: bool,
    pub quoted: bool,
    /// Actor ids named (or reliably referred to) in the sentence, sorted, unique.
    pub actors: Vec<String>,
    /// The one of `actors` who states, promises, refuses, demands or is asked: the
    /// subject or speaker ("Washington refused…", "…, Peskov said"). None when the
    /// sentence names nobody.
    pub holder: Option<String>,
    /// The negation or hedging cue that decided the flags, if any.
    pub cue: Option<String>,
}

/// How a sentence takes a topic mention: the one place the two flags become a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StanceKind {
    /// Refused, denied or ruled out (whether or not it is also hedged).
    Negated,
    /// Conditional, asked for, proposed or possible.
    Hedged,
    /// Neither.
    Stated,
}

impl StanceKind {
    /// Negation wins over hedging: "would not, if asked" is a refusal.
    pub fn of(negated: bool, hedged: bool) -> StanceKind {
        if negated {
            StanceKind::Negated
        } else if hedged {
            StanceKind::Hedged
        } else {
            StanceKind::Stated
        }
    }
}

impl StanceMention {
    /// Whether the mention is stated, hedged or negated.
    pub fn kind(&self) -> StanceKind {
        StanceKind::of(self.negated, self.hedged)
    }
}

/// `as_str` for the unit enums above: the same lower-case names serde writes, without
/// allocating, for the output tables.
macro_rules! names {
    ($ty:ty { $($variant:ident => $name:literal),* $(,)? }) => {
        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: &'static [$ty] = &[$(<$ty>::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(<$ty>::$variant => $name,)*
                }
            }
        }
    };
}

names!(DateKind { Absolute => "absolute", Partial => "partial", Relative => "relative", Duration => "duration" });
names!(Granularity { Day => "day", Week => "week", Month => "month", Quarter => "quarter", Year => "year", Decade => "decade", Century => "century" });
names!(FigureKind { Money => "money", Count => "count", Percent => "percent", Measure => "measure", Fraction => "fraction" });
names!(StanceKind { Negated => "negated", Hedged => "hedged", Stated => "stated" });
names!(Qualifier { Exact => "exact", Approx => "approx", AtLeast => "at_least", AtMost => "at_most", Range => "range" });

/// Everything extracted from one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Extraction {
    pub dates: Vec<DateMention>,
    pub figures: Vec<Figure>,
    pub stance: Vec<StanceMention>,
}

/// Runs every extractor over one document.
pub fn extract(doc: &Doc, published: Option<NaiveDate>, lexicon: &Lexicon) -> Extraction {
    let dates = dates::extract(doc, published);
    let figures = figures::extract(doc, &dates);
    let stance = stance::extract_at(doc, published, lexicon);
    Extraction {
        dates,
        figures,
        stance,
    }
}
