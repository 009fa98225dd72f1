//! Frames: a topic named by two phrases with a few words between ("end" … "war" in "end the
//! Ukraine war", "ending Russia's brutal war"), where listing every wording as a term would
//! never be done. The lexicon gives each frame its heads, tails and widest gap; here the
//! rule: a tail after the head, within the gap, in the head's clause (no clause boundary
//! between, as for a negation's reach).

use super::{Found, crosses_boundary};
use crate::lexicon::{Lexicon, PhraseMatch, TopicPhrase};
use crate::text::count_words;
use std::ops::Range;

/// Whether the topic hits of a sentence name a topic: a term, a back-reference, or a
/// frame's head with one of its tails after it (whose gap is checked later, once the cues
/// are found). Other sentences are not searched for cues.
pub(super) fn may_name_topic(hits: &[PhraseMatch<'_>], lexicon: &Lexicon) -> bool {
    let phrases = &lexicon.matchers.topic_phrases;
    hits.iter().enumerate().any(|(i, hit)| {
        hit.payloads.iter().any(|&p| match phrases[p] {
            TopicPhrase::Term { .. } | TopicPhrase::BackReference { .. } => true,
            TopicPhrase::FrameHead { frame, .. } => {
                first_tail(&hits[i + 1..], frame, phrases).is_some()
            }
            TopicPhrase::Exclude | TopicPhrase::FrameTail { .. } => false,
        })
    })
}

/// The first hit among `hits` that is a tail of frame `frame`.
fn first_tail<'h, 'a>(
    hits: &'h [PhraseMatch<'a>],
    frame: usize,
    phrases: &[TopicPhrase],
) -> Option<&'h PhraseMatch<'a>> {
    hits.iter().find(|h| {
        h.payloads
            .iter()
            .any(|&p| phrases[p] == TopicPhrase::FrameTail { frame })
    })
}

/// The frames found among a sentence's topic hits (in text order): for each head, the
/// first tail of its frame within reach. Each comes as (topic, span from head to tail,
/// the frame's name as its term).
pub(super) fn find<'l>(
    text: &str,
    found: &Found,
    hits: &[PhraseMatch<'_>],
    lexicon: &'l Lexicon,
) -> Vec<(usize, Range<usize>, &'l str)> {
    let m = &lexicon.matchers;
    let mut out = Vec::new();
    for (i, head) in hits.iter().enumerate() {
        for &p in head.payloads {
            let TopicPhrase::FrameHead { topic, frame } = m.topic_phrases[p] else {
                continue;
            };
            let rule = &m.frames[frame];
            let reaches = |tail: &PhraseMatch| {
                let gap = head.span.end..tail.span.start;
                count_words(&text[gap.clone()]) <= rule.gap
                    && !crosses_boundary(text, found, &gap, lexicon)
            };
            let tail = first_tail(&hits[i + 1..], frame, &m.topic_phrases);
            if let Some(tail) = tail.filter(|t| reaches(t)) {
                out.push((topic, head.span.start..tail.span.end, rule.name.as_str()));
            }
        }
    }
    out
}
