//! Kinds of mention, told from their text alone, so that `covtrack eval --by-class` can
//! show which wordings are missed (ranges, suffixed numbers, relative dates…) without a
//! reader going through every miss. The classes are coarse on purpose: each names a rule
//! of the extractors that a miss in it points to.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

/// Scores of one class: gold items and how many were right, predictions and how many of
/// them matched a gold item, and the misses' lines.
#[derive(Debug, Default, Clone)]
pub struct ClassScore {
    pub gold: usize,
    pub gold_right: usize,
    pub predicted: usize,
    pub predicted_right: usize,
    pub misses: Vec<String>,
}

/// Scores by (kind of mention, class).
pub type ByClass = BTreeMap<(&'static str, &'static str), ClassScore>;

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\d\s*(?:-|–|—|to)\s*[$€£]?\d|\bbetween\b.+\band\b|\d\s+or\s+\d").unwrap()
});
static SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\d(?:k|m|b|bn|mn|mln|bln|tn|trn)\b").unwrap());
static CURRENCY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[$€£¥₴₽]|\b(?:usd|eur|gbp|pln|chf|jpy|cny|cad|aud|inr|uah|rub|dollars?|euros?|pounds?|yuan|yen|rubles?|roubles?|hryvnias?|rupees?|lira|zloty|francs?|cents?|pence)\b").unwrap()
});
static PERCENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)%|\bper\s?cent\b|\bpercent\b|\bpct\b").unwrap());
static FRACTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:half|third|quarter|fifths?|tenths?)\b|\d/\d").unwrap());
static DIGIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d").unwrap());

/// The class of a figure's text.
pub fn figure_class(text: &str) -> &'static str {
    if RANGE.is_match(text) {
        "range"
    } else if SUFFIX.is_match(text) {
        "suffix (5bn, 100K)"
    } else if CURRENCY.is_match(text) {
        "money"
    } else if PERCENT.is_match(text) {
        "percent"
    } else if FRACTION.is_match(text) {
        "fraction"
    } else if !DIGIT.is_match(text) {
        "number in words"
    } else if text.contains('.') {
        "decimal"
    } else {
        "count or measure"
    }
}

static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:yesterday|today|tomorrow|tonight|last|next|this|ago|earlier|later|recent(?:ly)?|coming|previous|following|past|current|same|before|after)\b").unwrap()
});
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend)s?\b")
        .unwrap()
});
static DECADE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\d0s\b|\bcentur(?:y|ies)\b|\bdecades?\b").unwrap());
static MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?").unwrap()
});
static NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?").unwrap());
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:1[89]|20)\d\d\b").unwrap());
static SPAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:for|over|during|within|since|until|in)\b.*\b(?:days?|weeks?|months?|years?|hours?)\b|\b(?:days?|weeks?|months?|years?)\b").unwrap()
});

/// The class of a date's text.
pub fn date_class(text: &str) -> &'static str {
    if WEEKDAY.is_match(text) {
        "weekday"
    } else if DECADE.is_match(text) {
        "decade or century"
    } else if MONTH.is_match(text) && DIGIT.is_match(text) {
        if YEAR.is_match(text) {
            "month-name date with year"
        } else {
            "month-name date, no year"
        }
    } else if NUMERIC.is_match(text) {
        "numeric date"
    } else if RELATIVE.is_match(text) {
        "relative"
    } else if MONTH.is_match(text) {
        "month or season"
    } else if YEAR.is_match(text) {
        "year"
    } else if SPAN.is_match(text) {
        "span or duration"
    } else {
        "other"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_fall_into_classes() {
        for (text, class) in [
            ("$750,000 to $1 million", "range"),
            ("13.5 to 14.0 mm", "range"),
            ("between 30 and 40 percent", "range"),
            ("$2bn", "suffix (5bn, 100K)"),
            ("100K troops", "suffix (5bn, 100K)"),
            ("500 USD", "money"),
            ("4.8 %", "percent"),
            ("roughly half", "fraction"),
            ("two dozen", "number in words"),
            (".77", "decimal"),
            ("100,000 troops", "count or measure"),
        ] {
            assert_eq!(figure_class(text), class, "{text}");
        }
    }

    #[test]
    fn dates_fall_into_classes() {
        for (text, class) in [
            ("on Wednesday", "weekday"),
            ("the 1990s", "decade or century"),
            ("the 20th century", "decade or century"),
            ("February 26, 2025", "month-name date with year"),
            ("on March 7", "month-name date, no year"),
            ("2025-02-26", "numeric date"),
            ("last week", "relative"),
            ("a week ago", "relative"),
            ("in November", "month or season"),
            ("in 2014", "year"),
            ("within two weeks", "span or duration"),
        ] {
            assert_eq!(date_class(text), class, "{text}");
        }
    }
}
