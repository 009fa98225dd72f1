//! Whole-word phrase matching for the lexicon: one automaton per phrase list, so finding
//! every term in a text costs one pass whatever the number of terms.
//!
//! Phrases are matched with aho-corasick over bytes. A phrase written in lower case matches
//! in any (ASCII) case; one with a capital letter matches exactly, which is where case
//! matters ("US" the country, "us" the pronoun). Spelling variants are generated here rather
//! than listed in the lexicon, so a user writes "cease-fire" once.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
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

/// A compiled list of phrases.
#[derive(Debug, Clone)]
pub(crate) struct PhraseSet {
    /// Case-insensitive patterns (phrases written all in lower case).
    folded: Option<AhoCorasick>,
    folded_payloads: Vec<Vec<usize>>,
    /// Case-sensitive patterns (phrases with a capital letter).
    exact: Option<AhoCorasick>,
    exact_payloads: Vec<Vec<usize>>,
}

impl PhraseSet {
    /// Compiles `phrases`, each with the payload it reports when found.
    pub fn new<'s>(
        phrases: impl IntoIterator<Item = (&'s str, usize)>,
        variants: Variants,
    ) -> Self {
        let mut folded: Vec<String> = Vec::new();
        let mut folded_payloads: Vec<Vec<usize>> = Vec::new();
        let mut exact: Vec<String> = Vec::new();
        let mut exact_payloads: Vec<Vec<usize>> = Vec::new();
        let mut seen: HashMap<(bool, String), usize> = HashMap::new();
        for (phrase, payload) in phrases {
            let case_sensitive = phrase.chars().any(char::is_uppercase);
            for variant in spellings(phrase.trim(), variants) {
                let key = if case_sensitive {
                    variant.clone()
                } else {
                    variant.to_ascii_lowercase()
                };
                let (patterns, payloads) = if case_sensitive {
                    (&mut exact, &mut exact_payloads)
                } else {
                    (&mut folded, &mut folded_payloads)
                };
                match seen.get(&(case_sensitive, key.clone())) {
                    Some(&i) => {
                        if !payloads[i].contains(&payload) {
                            payloads[i].push(payload);
                        }
                    }
                    None => {
                        seen.insert((case_sensitive, key.clone()), patterns.len());
                        patterns.push(key);
                        payloads.push(vec![payload]);
                    }
                }
            }
        }
        PhraseSet {
            folded: build(&folded, true),
            folded_payloads,
            exact: build(&exact, false),
            exact_payloads,
        }
    }

    /// Every whole-word occurrence in `text`, leftmost first; where occurrences overlap the
    /// longest wins, so "peace talks" beats "talks" and "nuclear power plant" beats "nuclear".
    pub fn find<'a>(&'a self, text: &str) -> Vec<PhraseMatch<'a>> {
        let mut found: Vec<PhraseMatch<'a>> = Vec::new();
        for (automaton, payloads) in [
            (&self.folded, &self.folded_payloads),
            (&self.exact, &self.exact_payloads),
        ] {
            let Some(automaton) = automaton else { continue };
            for m in automaton.find_overlapping_iter(text) {
                if whole_word(text, m.start(), m.end()) {
                    found.push(PhraseMatch {
                        span: m.start()..m.end(),
                        payloads: &payloads[m.pattern().as_usize()],
                    });
                }
            }
        }
        found.sort_by(|a, b| {
            (a.span.start, std::cmp::Reverse(a.span.end))
                .cmp(&(b.span.start, std::cmp::Reverse(b.span.end)))
        });
        let mut kept: Vec<PhraseMatch<'a>> = Vec::with_capacity(found.len());
        for m in found {
            if kept.last().is_none_or(|k| m.span.start >= k.span.end) {
                kept.push(m);
            }
        }
        kept
    }
}

fn build(patterns: &[String], fold_case: bool) -> Option<AhoCorasick> {
    if patterns.is_empty() {
        return None;
    }
    let automaton = AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .ascii_case_insensitive(fold_case)
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

/// Hyphen, space and closed-up forms: each hyphen may also be a space or nothing, each
/// space between words may also be a hyphen.
fn joins(phrase: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let chars: Vec<char> = phrase.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let between_words = i > 0
            && i + 1 < chars.len()
            && chars[i - 1].is_alphabetic()
            && chars[i + 1].is_alphabetic();
        let options: &[&str] = match c {
            '-' if between_words => &["-", " ", ""],
            ' ' if between_words => &[" ", "-"],
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
