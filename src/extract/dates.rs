//! Date mentions in running text (SPEC §3 "Dates"). Being written in issue #3.

use super::DateMention;
use crate::text::Doc;
use chrono::NaiveDate;

/// Finds every date mention in `doc`, resolved against `published` where relative.
pub fn extract(_doc: &Doc, _published: Option<NaiveDate>) -> Vec<DateMention> {
    Vec::new()
}
