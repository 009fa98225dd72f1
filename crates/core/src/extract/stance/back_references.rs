//! Back-references ("such guarantees", "the force"): matched apart from the terms, kept
//! where no term reaches past them, and counted for the topic named most recently.

use crate::lexicon::{PhraseMatch, TopicPhrase};
use std::ops::Range;

/// The topic hits and the back-references merged in text order, overlaps resolved as one
/// list would resolve them, longest first, except that a back-reference yields to a term,
/// exclusion or frame word that starts inside it and reaches past it ("the aid bill" is
/// the term "aid bill", not the back-reference "the aid"). One that holds a term whole
/// ("such guarantees") is the back-reference, as before.
///
/// An exclusion found in the back-references' list has done its work there, blocking the
/// back-references inside it; the topics' list holds it too, so it is not merged again.
pub(super) fn with_back_references<'a>(
    topics: Vec<PhraseMatch<'a>>,
    mut back: Vec<PhraseMatch<'a>>,
    phrases: &[TopicPhrase],
) -> Vec<PhraseMatch<'a>> {
    back.retain(|h| {
        h.payloads
            .iter()
            .any(|&p| matches!(phrases[p], TopicPhrase::BackReference { .. }))
    });
    if back.is_empty() {
        return topics;
    }
    let mut out: Vec<PhraseMatch<'a>> = Vec::with_capacity(topics.len() + back.len());
    let mut topics = topics.into_iter().peekable();
    for b in back {
        while let Some(t) = topics.next_if(|t| t.span.end <= b.span.start) {
            out.push(t);
        }
        // The topic hits overlapping it: kept, and it dropped, if one reaches past either
        // end; dropped for it if it holds them all.
        let inside = |t: &PhraseMatch| b.span.start <= t.span.start && t.span.end <= b.span.end;
        let mut overlapping = Vec::new();
        while let Some(t) = topics.next_if(|t| t.span.start < b.span.end) {
            overlapping.push(t);
        }
        if overlapping.iter().all(inside) {
            out.push(b);
        } else {
            out.extend(overlapping);
        }
    }
    out.extend(topics);
    out
}

/// The topic each back-reference counts for: of the topics sharing the phrase, the one
/// named most recently, if that was within `reach` sentences (this one included).
/// `back_refs` are in text order, one entry per (phrase, candidate topic).
pub(super) fn resolve_back_references<'a>(
    back_refs: &[(&PhraseMatch, usize, &'a str)],
    last_named: &[Option<usize>],
    s: usize,
    reach: usize,
) -> Vec<(usize, Range<usize>, &'a str)> {
    let mut resolved = Vec::new();
    for group in back_refs.chunk_by(|a, b| a.0.span == b.0.span) {
        let best = group
            .iter()
            .filter_map(|&(hit, topic, canonical)| {
                let at = last_named[topic].filter(|&at| at + reach > s)?;
                Some((at, topic, hit.span.clone(), canonical))
            })
            // Most recent wins; on a tie, the topic declared first.
            .min_by_key(|&(at, topic, _, _)| (std::cmp::Reverse(at), topic));
        if let Some((_, topic, span, canonical)) = best {
            resolved.push((topic, span, canonical));
        }
    }
    resolved
}
