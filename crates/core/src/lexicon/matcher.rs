//! Whole-word phrase matching for the lexicon: one automaton for a group of phrase lists,
//! so finding every phrase of the group costs one pass whatever their number.
//!
//! Phrases are matched with aho-corasick over bytes. A phrase written in lower case matches
//! in any (ASCII) case; one with a capital letter matches exactly, which is where case
//! matters ("US" the country, "us" the pronoun). Spelling variants are generated here rather
//! than listed in the lexicon, so a user writes "cease-fire" once.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::collections::HashMap;
use std::ops::Range;

/// Which spelling variants to generate for a list of phrases.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Variants {
    /// Add the plural of the last word ("guarantee" → "guarantees").
    pub plural: bool,
    /// Hyphen, space and closed-up forms of multi-word phrases.
    pub joins: bool,
}

/// Upper bound on the variants generated for one phrase, so a long phrase with many
/// separators cannot blow up the automaton.
const MAX_VARIANTS: usize = 64;

/// A phrase found in a text: its byte span and the payloads of every lexicon entry that
/// wrote it (several entries can spell the same phrase, e.g. one back-reference shared by
/// two topics).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PhraseMatch<'a> {
    pub span: Range<usize>,
    pub payloads: &'a [usize],
}

/// Several phrase lists compiled into one automaton, so a text is scanned once for all of
/// them (the lexicon has eight lists: topics, actors and six kinds of cue).
///
/// The automaton is ASCII case-insensitive; a phrase with a capital letter is checked
/// against the matched bytes afterwards, so it still matches only as written.
#[derive(Debug, Clone)]
pub(crate) struct PhraseSet {
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    lists: usize,
}

/// One distinct spelling in the automaton and what finding it means.
#[derive(Debug, Clone)]
struct Pattern {
    /// The spelling, for the exact-case check.
    text: String,
    /// Whether case matters (the phrase has a capital letter).
    exact: bool,
    /// For each list that holds this spelling, the payloads of the entries that wrote it.
    lists: Vec<(usize, Vec<usize>)>,
}

impl PhraseSet {
    /// Compiles one list of `phrases`, each with the payload it reports when found.
    #[cfg(test)]
    pub fn new<'s>(
        phrases: impl IntoIterator<Item = (&'s str, usize)>,
        variants: Variants,
    ) -> Self {
        Self::lists([(phrases.into_iter().collect::<Vec<_>>(), variants)])
    }

    /// Compiles several lists at once; [`PhraseSet::find_lists`] reports matches per list,
    /// in the order given here.
    pub fn lists<'s>(lists: impl IntoIterator<Item = (Vec<(&'s str, usize)>, Variants)>) -> Self {
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut seen: HashMap<(bool, String), usize> = HashMap::new();
        let mut count = 0;
        for (list, (phrases, variants)) in lists.into_iter().enumerate() {
            count = list + 1;
            for (phrase, payload) in phrases {
                let exact = phrase.chars().any(char::is_uppercase);
                for variant in spellings(phrase.trim(), variants) {
                    let key = if exact {
                        variant
                    } else {
                        variant.to_ascii_lowercase()
                    };
                    let i = *seen.entry((exact, key.clone())).or_insert_with(|| {
                        patterns.push(Pattern {
                            text: key,
                            exact,
                            lists: Vec::new(),
                        });
                        patterns.len() - 1
                    });
                    let lists = &mut patterns[i].lists;
                    match lists.iter_mut().find(|(l, _)| *l == list) {
                        Some((_, payloads)) if !payloads.contains(&payload) => {
                            payloads.push(payload)
                        }
                        Some(_) => {}
                        None => lists.push((list, vec![payload])),
                    }
                }
            }
        }
        PhraseSet {
            automaton: build(patterns.iter().map(|p| p.text.as_str())),
            patterns,
            lists: count,
        }
    }

    /// Every whole-word occurrence of the (single) list in `text`, as
    /// [`PhraseSet::find_lists`] gives it.
    #[cfg(test)]
    pub fn find<'a>(&'a self, text: &str) -> Vec<PhraseMatch<'a>> {
        self.find_lists(text).into_iter().next().unwrap_or_default()
    }

    /// Every whole-word occurrence in `text`, per list, leftmost first; where occurrences of
    /// one list overlap the longest wins, so "peace talks" beats "talks" and "nuclear power
    /// plant" beats "nuclear".
    pub fn find_lists<'a>(&'a self, text: &str) -> Vec<Vec<PhraseMatch<'a>>> {
        self.find_lists_in(text, std::iter::once(0..text.len()))
    }

    /// As [`PhraseSet::find_lists`], for the phrases lying wholly within `spans` of `text`
    /// (in text order, not overlapping); words around a span still decide whole-word
    /// matches.
    pub fn find_lists_in<'a>(
        &'a self,
        text: &str,
        spans: impl IntoIterator<Item = Range<usize>>,
    ) -> Vec<Vec<PhraseMatch<'a>>> {
        let mut found: Vec<Vec<PhraseMatch<'a>>> = vec![Vec::new(); self.lists];
        let Some(automaton) = &self.automaton else {
            return found;
        };
        let matches = spans.into_iter().flat_map(|span| {
            automaton.find_overlapping_iter(aho_corasick::Input::new(text).span(span))
        });
        for m in matches {
            let pattern = &self.patterns[m.pattern().as_usize()];
            if pattern.exact && &text.as_bytes()[m.range()] != pattern.text.as_bytes() {
                continue;
            }
            if !whole_word(text, m.start(), m.end()) {
                continue;
            }
            for (list, payloads) in &pattern.lists {
                found[*list].push(PhraseMatch {
                    span: m.start()..m.end(),
                    payloads,
                });
            }
        }
        for list in &mut found {
            longest_leftmost(list);
        }
        found
    }
}

/// Sorts matches by position and drops every one that overlaps a longer or earlier one.
fn longest_leftmost(found: &mut Vec<PhraseMatch<'_>>) {
    found.sort_by(|a, b| {
        (a.span.start, std::cmp::Reverse(a.span.end))
            .cmp(&(b.span.start, std::cmp::Reverse(b.span.end)))
    });
    let mut end = 0;
    found.retain(|m| {
        let keep = m.span.start >= end;
        if keep {
            end = m.span.end;
        }
        keep
    });
}

fn build<'p>(patterns: impl IntoIterator<Item = &'p str>) -> Option<AhoCorasick> {
    let patterns: Vec<&str> = patterns.into_iter().collect();
    if patterns.is_empty() {
        return None;
    }
    let automaton = AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .ascii_case_insensitive(true)
        // A DFA: the overlapping search takes one table lookup per byte, where the NFA
        // the builder picks for this many phrases follows failure links.
        .kind(Some(AhoCorasickKind::DFA))
        .build(patterns)
        // Patterns are non-empty literals well under the automaton's size limits; a failure
        // here would be a bug in the lexicon loader's validation.
        .expect("lexicon phrases compile");
    Some(automaton)
}

/// A match is a whole word when it does not continue a word on either side. The check
/// applies only on a side where the phrase itself ends in a letter or digit, so a cue like
/// "non-" can attach to the word after it.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let phrase = &text[start..end];
    let starts_word = phrase.chars().next().is_some_and(char::is_alphanumeric);
    let ends_word = phrase
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    let before_ok = !starts_word
        || !text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
    let after_ok = !ends_word
        || !text[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
    before_ok && after_ok
}

/// The spellings a phrase is matched under.
pub(crate) fn spellings(phrase: &str, variants: Variants) -> Vec<String> {
    let mut out = vec![phrase.to_string()];
    if variants.joins {
        out = joins(phrase);
    }
    if variants.plural {
        let plurals: Vec<String> = out.iter().filter_map(|p| plural(p)).collect();
        out.extend(plurals);
    }
    // Straight apostrophes also match the typographic one.
    let curly: Vec<String> = out
        .iter()
        .filter(|p| p.contains('\''))
        .map(|p| p.replace('\'', "’"))
        .collect();
    out.extend(curly);
    out.sort();
    out.dedup();
    out
}

/// Hyphen, space and closed-up forms: each hyphen may also be a space or nothing; the space
/// of a two-word phrase may also be a hyphen ("peace keeping", "peace-keeping"). A longer
/// phrase keeps its spaces: "end-the-war" is not how anyone writes "end the war", and each
/// variant is states in the automaton every text is searched with.
fn joins(phrase: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let chars: Vec<char> = phrase.chars().collect();
    let two_words = phrase.split([' ', '-']).filter(|w| !w.is_empty()).count() == 2;
    for (i, &c) in chars.iter().enumerate() {
        let between_words = i > 0
            && i + 1 < chars.len()
            && chars[i - 1].is_alphabetic()
            && chars[i + 1].is_alphabetic();
        let options: &[&str] = match c {
            '-' if between_words => &["-", " ", ""],
            ' ' if between_words && two_words => &[" ", "-"],
            _ => &[],
        };
        if options.is_empty() || out.len() * options.len() > MAX_VARIANTS {
            for s in &mut out {
                s.push(c);
            }
            continue;
        }
        out = out
            .iter()
            .flat_map(|s| options.iter().map(move |o| format!("{s}{o}")))
            .collect();
    }
    out
}

/// The plural of a phrase's last word, for regular English nouns; `None` when the word
/// already looks plural or is not a plain lower-case word.
fn plural(phrase: &str) -> Option<String> {
    let last = phrase
        .rsplit([' ', '-'])
        .next()
        .filter(|w| w.len() > 2 && w.chars().all(|c| c.is_ascii_lowercase()))?;
    let stem = &phrase[..phrase.len() - last.len()];
    let vowel = |c: char| "aeiou".contains(c);
    let form = if last.ends_with("ss") || last.ends_with("sh") || last.ends_with("ch") {
        format!("{last}es")
    } else if last.ends_with('s') {
        return None;
    } else if last.ends_with('y') && !last[..last.len() - 1].ends_with(vowel) {
        format!("{}ies", &last[..last.len() - 1])
    } else {
        format!("{last}s")
    };
    Some(format!("{stem}{form}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: Variants = Variants {
        plural: true,
        joins: true,
    };

    fn found<'a>(set: &PhraseSet, text: &'a str) -> Vec<&'a str> {
        set.find(text)
            .iter()
            .map(|m| &text[m.span.clone()])
            .collect()
    }

    #[test]
    fn generates_joins_plurals_and_apostrophes() {
        let s = spellings("cease-fire", ALL);
        for want in [
            "cease-fire",
            "cease fire",
            "ceasefire",
            "ceasefires",
            "cease-fires",
        ] {
            assert!(s.contains(&want.to_string()), "{want} missing from {s:?}");
        }
        assert!(spellings("security guarantee", ALL).contains(&"security-guarantees".into()));
        assert_eq!(plural("talks"), None);
        assert_eq!(plural("process").as_deref(), Some("processes"));
        assert_eq!(plural("policy").as_deref(), Some("policies"));
        assert_eq!(plural("Minsk II"), None);
        assert!(spellings("don't", ALL).contains(&"don’t".into()));
    }

    #[test]
    fn whole_words_longest_first_and_case_where_it_matters() {
        let set = PhraseSet::new(
            [
                ("talks", 0),
                ("peace talks", 1),
                ("US", 2),
                ("nato", 3),
                ("non-", 4),
            ],
            ALL,
        );
        assert_eq!(
            found(&set, "Peace talks, US talks, us, NATO and Nato; stalks"),
            ["Peace talks", "US", "talks", "NATO", "Nato"]
        );
        assert_eq!(found(&set, "a non-nuclear state"), ["non-"]);
        let m = set.find("peace talks");
        assert_eq!(m[0].payloads, &[1]);
    }

    #[test]
    fn shared_phrases_keep_every_payload() {
        let set = PhraseSet::new([("the deal", 0), ("the deal", 5)], ALL);
        assert_eq!(set.find("The deal fell through")[0].payloads, &[0, 5]);
    }
}
