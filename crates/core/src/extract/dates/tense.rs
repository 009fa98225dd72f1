//! The tense of the clause around a mention, from cue words: it decides which weekday
//! "on Friday" is and on which side of publication a year-less date falls.

use super::what::Tense;
use super::words::{WORDS, in_list, lower_eq};
use crate::text::Doc;

/// Tense of the clause around a mention, from the nearest cue word: up to eight words
/// before it, then up to six after it, within the sentence.
pub(super) fn sentence_tense(doc: &Doc, start: usize, end: usize) -> Option<Tense> {
    let s = &doc.sentences[doc.sentence_at(start)].span;
    let text = doc.text.as_str();
    let before = &text[s.start.min(start)..start];
    let after = &text[end..s.end.max(end)];
    let is_word_char = |c: char| c.is_alphanumeric() || c == '\'' || c == '’';
    let words_before = before
        .rsplit(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty());
    // Walking backwards, the word seen just before is the one that follows in the text.
    let mut following = "";
    let mut words_before = words_before.take(8).peekable();
    while let Some(w) = words_before.next() {
        match cue_with_next(w, following) {
            // "will be held", "is to be signed": a participle after "be" takes its tense
            // from further back.
            Some(Tense::Past)
                if words_before
                    .peek()
                    .is_some_and(|p| lower_eq(p, "be") || lower_eq(p, "being")) => {}
            // "is due on Friday" looks ahead; "payments due in May" says nothing.
            Some(Tense::Future)
                if lower_eq(w, "due")
                    && !words_before.peek().is_some_and(|p| {
                        ["is", "are", "'s", "’s"].iter().any(|c| lower_eq(c, p))
                    }) => {}
            Some(t) => return Some(t),
            None => {}
        }
        following = w;
    }
    let mut words_after = after
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .take(7)
        .peekable();
    let mut n = 0;
    while let Some(w) = words_after.next() {
        n += 1;
        if n > 6 {
            break;
        }
        if let Some(t) = cue_with_next(w, words_after.peek().copied().unwrap_or("")) {
            return Some(t);
        }
    }
    None
}

/// A cue word, read with the word after it: "could have been" is past, not future.
fn cue_with_next(word: &str, next: &str) -> Option<Tense> {
    let t = cue(word)?;
    if t == Tense::Future && lower_eq(next, "have") {
        return Some(Tense::Past);
    }
    Some(t)
}

fn cue(word: &str) -> Option<Tense> {
    let t = &WORDS.tense;
    if in_list(word, &t.future) || word.ends_with("'ll") || word.ends_with("’ll") {
        return Some(Tense::Future);
    }
    if in_list(word, &t.past) {
        return Some(Tense::Past);
    }
    let lower_start = word.chars().next().is_some_and(char::is_lowercase);
    if lower_start && word.len() > 4 && word.ends_with("ed") {
        return Some(Tense::Past);
    }
    None
}
