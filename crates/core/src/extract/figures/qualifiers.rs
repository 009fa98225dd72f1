//! Qualifiers: how exact a figure is, from the phrase just before it ("more than", "no
//! more than", "an estimated") or just after it ("or so", "100+").

use super::scan::Scanner;
use super::tokens::Kind;
use super::words::DATA;
use crate::extract::Qualifier;

impl Scanner<'_> {
    /// The qualifier phrase ending just before token `i`, with where it starts.
    pub(super) fn qualifier_before(&self, i: usize) -> (Option<usize>, Option<Qualifier>) {
        match DATA.before.ending_at(self.toks, i) {
            Some((start, &q)) => (Some(start), Some(q)),
            None => (None, None),
        }
    }

    /// The qualifier phrase starting at token `e` ("or so", "or more", "+"), with its end.
    pub(super) fn qualifier_after(&self, e: usize) -> (usize, Option<Qualifier>) {
        match DATA.after.at(self.toks, e) {
            Some((n, &q)) if e < self.toks.len() => {
                // "+" must be glued ("100+"); words follow a space.
                if self.toks[e].kind == Kind::Sym && !self.toks[e].glued {
                    return (e, None);
                }
                (e + n, Some(q))
            }
            _ => (e, None),
        }
    }
}
