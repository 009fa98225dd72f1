//! Who a pronoun or a quote's first person refers to, and where the quotes are.

use super::{Found, holder, in_sentence, overlaps, within};
use crate::lexicon::{Lexicon, PhraseMatch};
use crate::text::Doc;
use std::ops::Range;

/// The person a pronoun in sentence `s` refers to, when that is reliable: the sentence names
/// no person itself, and the nearest earlier sentence within reach that names people names
/// exactly one.
pub(super) fn pronoun_referent(
    found: &Found,
    persons: &[Vec<usize>],
    sentence: &Range<usize>,
    s: usize,
    lexicon: &Lexicon,
) -> Option<usize> {
    if in_sentence(&found.pronouns, sentence).is_empty() || !persons[s].is_empty() {
        return None;
    }
    let reach = lexicon.scope.pronoun_sentences;
    only_person(persons, (s.saturating_sub(reach)..s).rev())
}

/// The one person named in the first of `sentences` (nearest first) that names people,
/// if it names exactly one: with two, nobody can tell which is meant.
fn only_person(persons: &[Vec<usize>], sentences: impl Iterator<Item = usize>) -> Option<usize> {
    sentences
        .filter_map(|t| persons.get(t))
        .find(|p| !p.is_empty())
        .filter(|p| p.len() == 1)
        .map(|p| p[0])
}

/// Who speaks in the first person inside a quote of sentence `s` ("We want guarantees for
/// 30 years"). News quotes name their speaker: the nearest sentence within the pronoun
/// reach, before or after, whose attribution names one person ("…,” Zelensky said); else,
/// as a quote goes on for sentences (or an interview for paragraphs), the person last
/// attributed before it, within `quote_speaker_sentences`; else the one person named in the
/// nearest sentence within the pronoun reach. Paragraphs are no limit: scraped pages often
/// break each quoted sentence into its own.
pub(super) fn quote_speaker(
    doc: &Doc,
    found: &Found,
    persons: &[Vec<usize>],
    s: usize,
    attributed: &dyn Fn(usize) -> Option<usize>,
    lexicon: &Lexicon,
) -> Option<usize> {
    let span = &doc.sentences[s].span;
    let is_word = |c: char| c.is_alphanumeric() || c == '\'' || c == '’';
    let first_person = found.quoted.iter().filter(|q| overlaps(q, span)).any(|q| {
        doc.text[q.start.max(span.start)..q.end.min(span.end)]
            .split(|c: char| !is_word(c))
            .any(|w| lexicon.matchers.words.first_person.contains(w))
    });
    if !first_person {
        return None;
    }
    let reach = lexicon.scope.pronoun_sentences;
    let near = || {
        (1..=reach)
            .flat_map(|d| [s.checked_sub(d), Some(s + d)])
            .flatten()
            .filter(|&t| t < persons.len())
    };
    let earlier = s.saturating_sub(lexicon.scope.quote_speaker_sentences)..s;
    near()
        .find_map(attributed)
        .or_else(|| earlier.rev().find_map(attributed))
        .or_else(|| only_person(persons, near()))
}

/// The one person an attribution in sentence `t` names as speaking ("Zelensky said", "said
/// Peskov", "according to Lavrov"), if exactly one.
pub(super) fn attributed(
    doc: &Doc,
    actor_hits: &[PhraseMatch<'_>],
    persons: &[Vec<usize>],
    t: usize,
    lexicon: &Lexicon,
) -> Option<usize> {
    if persons[t].is_empty() {
        return None;
    }
    let span = &doc.sentences[t].span;
    let hits = within(actor_hits, |h| h.span.start, span);
    holder::speaking_person(&holder::named(&doc.text, hits, span, lexicon), lexicon)
}

/// Byte ranges inside quotation marks. Curly quotes open and close; a straight quote
/// toggles. A quote left open ends with its paragraph, as news paragraphs reopen quotes.
pub(super) fn quoted_ranges(doc: &Doc) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut paragraphs: Vec<(u32, Range<usize>)> = Vec::new();
    for s in &doc.sentences {
        match paragraphs.last_mut() {
            Some((id, p)) if *id == s.paragraph => p.end = s.span.end,
            _ => paragraphs.push((s.paragraph, s.span.clone())),
        }
    }
    // Quote marks are found by their bytes: '"' and the lead byte of '“' and '”' (E2 80 9C,
    // E2 80 9D), so the paragraph's other characters are never decoded.
    let bytes = doc.text.as_bytes();
    for (_, para) in paragraphs {
        let mut open: Option<usize> = None;
        for i in memchr::memchr2_iter(b'"', 0xE2, &bytes[para.clone()]) {
            let at = para.start + i;
            let mark = match &bytes[at..] {
                [b'"', ..] => '"',
                [0xE2, 0x80, 0x9C, ..] => '“',
                [0xE2, 0x80, 0x9D, ..] => '”',
                _ => continue,
            };
            match (mark, open) {
                ('“', _) => open = Some(at),
                ('”', Some(start)) | ('"', Some(start)) => {
                    out.push(start..at + mark.len_utf8());
                    open = None;
                }
                ('"', None) => open = Some(at),
                _ => {}
            }
        }
        if let Some(start) = open {
            out.push(start..para.end);
        }
    }
    out
}
