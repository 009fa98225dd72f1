//! The scan of one sentence: a cheap pre-check of whether it can hold a figure at all,
//! then a walk over its tokens trying each kind of figure where one may start, and last
//! the context pass that gives bare numbers the unit of a figure or noun before them.

use super::tokens::{Kind, Spans, Tok, lower_into};
use super::words::DATA;
use crate::extract::{FigureKind, Qualifier};
use std::ops::Range;

/// Whether `text[range]` has a token a figure can start with, checked without building
/// tokens: most sentences of a news story hold no figure, and tokenizing them was the
/// largest cost of this stage. Exact with respect to [`Scanner::scan`]: a sentence it
/// rejects has no token that scan would try. `word` is a reused buffer.
pub(super) fn may_hold_figure(text: &str, range: Range<usize>, word: &mut String) -> bool {
    let mut after_article = false;
    for (span, kind, _, _) in Spans::new(text, range) {
        if kind == Kind::Num {
            return true;
        }
        word.clear();
        lower_into(&text[span], word);
        if after_article && (kind == Kind::Sym || DATA.after_article.contains(word.as_str())) {
            return true;
        }
        after_article = kind == Kind::Word && matches!(word.as_str(), "a" | "an");
        let starts = match kind {
            Kind::Word => !after_article && DATA.starters.contains(word.as_str()),
            _ => DATA.currency_symbols.contains_key(word.as_str()),
        };
        if starts {
            return true;
        }
    }
    false
}

/// A figure found in one sentence, in token indices; `unit` is `None` while it is bare.
#[derive(Debug, Clone)]
pub(super) struct Cand {
    pub(super) toks: Range<usize>,
    pub(super) core: Range<usize>,
    pub(super) value: f64,
    pub(super) value_high: Option<f64>,
    pub(super) unit: Option<String>,
    pub(super) kind: FigureKind,
    pub(super) qualifier: Qualifier,
    /// "from X to Y": X takes Y's unit when it has none.
    pub(super) links_next: bool,
    /// May borrow a unit from context (a bare number other than the pronoun "one").
    pub(super) may_borrow: bool,
}

pub(super) struct Scanner<'a> {
    pub(super) toks: &'a [Tok],
    pub(super) headline: bool,
}

impl Scanner<'_> {
    pub(super) fn tok(&self, i: usize) -> Option<&Tok> {
        self.toks.get(i)
    }

    pub(super) fn word(&self, i: usize) -> Option<&str> {
        self.tok(i)
            .filter(|t| t.kind == Kind::Word)
            .map(|t| t.lower.as_str())
    }

    pub(super) fn is(&self, i: usize, s: &str) -> bool {
        self.tok(i).is_some_and(|t| t.lower == s)
    }

    pub(super) fn scan(&self) -> Vec<Cand> {
        let mut cands: Vec<Cand> = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            let t = &self.toks[i];
            let may_start = match t.kind {
                Kind::Num => true,
                Kind::Word => DATA.starters.contains(&t.lower),
                Kind::Sym => DATA.currency_symbols.contains_key(&t.lower),
            };
            if !may_start {
                i += 1;
                continue;
            }
            let found = self
                .vague(i)
                .or_else(|| self.fraction(i))
                .or_else(|| self.amount_figure(i))
                .or_else(|| self.multiplicative(i))
                .or_else(|| self.article_unit(i));
            match found {
                Some((next, cand)) => {
                    if let Some(c) = cand {
                        cands.push(c);
                    }
                    i = next.max(i + 1);
                }
                None => i += 1,
            }
        }
        self.resolve(&mut cands);
        cands
    }

    /// Gives bare numbers a unit from context, and a conversion in brackets the qualifier
    /// of the figure it converts ("at least 5 billion euros ($5.8bn)"), and the second of
    /// two figures joined by "and" or "or" the qualifier of the first ("about 40 and 50
    /// tanks").
    ///
    /// A bare number borrows from the figure it links to, else from the nearest earlier
    /// count, else from the nearest earlier anchor word; both "nearest earlier" are carried
    /// along in one pass, so a sentence of many bare numbers costs no more than its length.
    fn resolve(&self, cands: &mut [Cand]) {
        // The nearest anchor word at or before each token.
        let mut anchor_at: Vec<Option<&String>> = Vec::with_capacity(self.toks.len());
        let mut last_anchor = None;
        for t in self.toks {
            if let Some(u) = DATA.anchors.get(&t.lower) {
                last_anchor = Some(u);
            }
            anchor_at.push(last_anchor);
        }
        let mut last_count: Option<String> = None;
        for k in 0..cands.len() {
            if cands[k].unit.is_none() && cands[k].may_borrow {
                let borrowed = if cands[k].links_next {
                    cands
                        .get(k + 1)
                        .and_then(|n| n.unit.clone().map(|u| (u, n.kind)))
                } else {
                    None
                };
                let borrowed = borrowed
                    .or_else(|| last_count.clone().map(|u| (u, FigureKind::Count)))
                    .or_else(|| {
                        let start = cands[k].toks.start;
                        (start > 0)
                            .then(|| anchor_at[start - 1])
                            .flatten()
                            .map(|u| (u.clone(), FigureKind::Count))
                    });
                if let Some((unit, kind)) = borrowed {
                    cands[k].unit = Some(unit);
                    cands[k].kind = kind;
                }
            }
            if cands[k].kind == FigureKind::Count
                && let Some(u) = cands[k].unit.as_deref().filter(|u| *u != "time")
            {
                last_count = Some(u.to_string());
            }
            if k > 0 {
                let start = cands[k].toks.start;
                let prev_end = cands[k - 1].toks.end;
                // "(…)" converts the figure before it; "about €6.8bn and €5.6bn" puts both
                // under one qualifier.
                let converts = self.is(prev_end, "(");
                let coordinated = (self.is(prev_end, "and") || self.is(prev_end, "or"))
                    && cands[k].kind == cands[k - 1].kind
                    && cands[k - 1].value_high.is_none()
                    && matches!(
                        cands[k - 1].qualifier,
                        Qualifier::Approx | Qualifier::AtLeast | Qualifier::AtMost
                    );
                if start == prev_end + 1
                    && (converts || coordinated)
                    && cands[k].qualifier == Qualifier::Exact
                {
                    cands[k].qualifier = cands[k - 1].qualifier;
                }
            }
        }
    }
}
