//! Offices: titles that name a person only while the person holds the office. "The
//! Russian president" is Putin in an article of 2023 and nobody the lexicon knows in one of
//! 2010, so a title is read against the article's publication date, and not at all when
//! the article has none.

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

/// An office an actor holds from `from` (inclusive) until `until` (exclusive), or to this
/// day, named by its titles ("russian president", "kremlin leader").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    pub titles: Vec<String>,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl Office {
    /// Whether the office is held on `day`.
    pub fn held_on(&self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|u| day < u)
    }
}

/// An office as the file writes it: `{ titles = [...], from = "2012-05-07" }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOffice {
    pub titles: Vec<Spanned<String>>,
    pub from: Spanned<String>,
    #[serde(default)]
    pub until: Option<Spanned<String>>,
}

/// One actor's office as a title hit's payload names it.
#[derive(Debug, Clone)]
pub(crate) struct Holding {
    /// The actor, as a one-element slice: what a title hit resolved to it points at.
    pub actor: [usize; 1],
    pub office: Office,
}

/// A `YYYY-MM-DD` date of an office, or what is wrong with it.
pub(super) fn date(s: &Spanned<String>) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.get_ref().trim(), "%Y-%m-%d")
        .map_err(|_| format!("office date {:?} is not YYYY-MM-DD", s.get_ref()))
}
