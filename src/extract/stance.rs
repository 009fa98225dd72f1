//! Topic mentions with negation, hedging, quotes and actors (SPEC §3 "Stance"). Being
//! written in issue #5.

use super::StanceMention;
use crate::lexicon::Lexicon;
use crate::text::Doc;

/// Finds every mention of a lexicon topic in `doc`.
pub fn extract(_doc: &Doc, _lexicon: &Lexicon) -> Vec<StanceMention> {
    Vec::new()
}
