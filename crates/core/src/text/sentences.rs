//! Sentence splitting with byte offsets.
//!
//! UAX #29 sentence breaking splits after "Mr." and "U.S.", which news text is full of, so
//! this is a small rule-based splitter instead: a sentence ends at `.`, `!` or `?` (plus any
//! closing quotes or brackets) followed by white space and a sentence-like start, unless the
//! word before the stop is a known abbreviation (`abbreviations.txt`) or a single initial.
//! Line breaks always end a sentence, except where a hard-wrapped line continues in lower
//! case. Text scraped without spaces after stops ("attacked.The") is split too.

use super::Sentence;
use std::collections::HashSet;
use std::sync::LazyLock;

static ABBREVIATIONS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("abbreviations.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

fn is_opening(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '—' | '-')
}

/// Splits `text` into sentences. Paragraphs are counted at line breaks.
pub fn split_sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut paragraph = 0u32;
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        crate::budget::check();
        let mut block_end = offset + line.len();
        let mut blank_gap = false;
        // Join hard-wrapped lines: a line that does not end a sentence, followed directly by
        // a line starting in lower case, continues the same paragraph.
        while !ends_sentence(text[offset..block_end].trim_end()) {
            match lines.peek() {
                Some(next) if starts_lower(next) => {
                    block_end += next.len();
                    lines.next();
                }
                _ => break,
            }
        }
        let block = &text[offset..block_end];
        if block.trim().is_empty() {
            blank_gap = true;
        } else {
            split_block(text, offset, block_end, paragraph, &mut out);
        }
        offset = block_end;
        if !blank_gap {
            paragraph += 1;
        }
    }
    out
}

fn starts_lower(line: &str) -> bool {
    line.trim_start()
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

fn ends_sentence(line: &str) -> bool {
    let line = line.trim_end_matches(is_closing);
    line.is_empty() || line.ends_with(['.', '!', '?', ':', ';'])
}

/// Splits one paragraph `text[start..end]` into sentences.
fn split_block(text: &str, start: usize, end: usize, paragraph: u32, out: &mut Vec<Sentence>) {
    let block = &text[start..end];
    let bytes = block.as_bytes();
    let mut sentence_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'.' || b == b'!' || b == b'?' {
            let mut j = i + 1;
            // Runs like "?!" or "..." stay together.
            while j < bytes.len() && matches!(bytes[j], b'.' | b'!' | b'?') {
                j += 1;
            }
            let after_stop = j;
            let rest = &block[j..];
            let mut closing = 0;
            for c in rest.chars() {
                if is_closing(c) {
                    closing += c.len_utf8();
                } else {
                    break;
                }
            }
            j += closing;
            let next = &block[j..];
            let ws = next.len() - next.trim_start().len();
            let following = next[ws..].chars().next();
            let boundary = if ws > 0 {
                following.is_none_or(|c| c.is_uppercase() || c.is_ascii_digit() || is_opening(c))
                    && !(b == b'.' && is_abbreviation(&block[..i], following))
            } else {
                // "attacked.The": a stop glued to a capitalised word, after a lower-case word.
                b == b'.' && closing == 0 && glued_boundary(&block[..i], &block[after_stop..])
            };
            if boundary {
                push(out, start, sentence_start, j, block, paragraph);
                sentence_start = j;
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    push(out, start, sentence_start, block.len(), block, paragraph);
}

fn push(out: &mut Vec<Sentence>, base: usize, from: usize, to: usize, block: &str, paragraph: u32) {
    let piece = &block[from..to];
    let trimmed_start = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if trimmed.is_empty() {
        return;
    }
    let mut s = base + from + trimmed_start;
    let mut rest = trimmed;
    // Every extractor works sentence by sentence, so an endless "sentence" (a page of
    // numbers without stops, a run of quotes) would make their cost grow with its square:
    // past the cap it is cut at the last white space before it, or at the cap itself.
    while rest.len() > MAX_SENTENCE_BYTES {
        let mut cut = MAX_SENTENCE_BYTES;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let at = rest[..cut]
            .rfind(char::is_whitespace)
            .filter(|&w| w > MAX_SENTENCE_BYTES / 2)
            .unwrap_or(cut);
        let piece = rest[..at].trim_end();
        out.push(Sentence {
            span: s..s + piece.len(),
            paragraph,
        });
        let next = &rest[at..];
        let skipped = next.len() - next.trim_start().len();
        s += at + skipped;
        rest = next.trim_start();
    }
    if !rest.is_empty() {
        out.push(Sentence {
            span: s..s + rest.len(),
            paragraph,
        });
    }
}

/// The longest sentence kept whole, in bytes: ten times the longest sentence of the
/// development corpus, and short enough that one sentence's work stays small.
const MAX_SENTENCE_BYTES: usize = 4096;

/// Whether the word before a stop makes it an abbreviation rather than a sentence end.
fn is_abbreviation(before: &str, following: Option<char>) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '‘' | '['))
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    // An abbreviation may end a hyphenated compound: "Ukraine-Russia-U.S. talks",
    // "anti-U.S. protests".
    let last_part = word.rsplit('-').next().unwrap_or(word);
    if ABBREVIATIONS.contains(word)
        || (last_part.len() < word.len() && ABBREVIATIONS.contains(last_part))
    {
        // "in the U.S. The" is ambiguous; "U.S." before a capitalised word is far more often
        // "the U.S. Senate" than a sentence end, so keep it together.
        return true;
    }
    // Initials before a name: "J. Smith", "Donald J. Trump", "Sen. J.D. Vance".
    initials(word) && following.is_some_and(char::is_uppercase)
}

/// Whether `word` (without its last stop) is one or more initials: single capitals
/// joined by stops ("J", "J.D", "J.R.R").
fn initials(word: &str) -> bool {
    word.split('.').all(|part| {
        let mut chars = part.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
    })
}

fn glued_boundary(before: &str, after: &str) -> bool {
    let mut prev = before.chars().rev();
    let lower_word =
        prev.next().is_some_and(char::is_lowercase) && prev.next().is_some_and(char::is_lowercase);
    let mut next = after.chars();
    let capital_word =
        next.next().is_some_and(char::is_uppercase) && next.next().is_some_and(char::is_lowercase);
    lower_word && capital_word
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split_sentences(text)
            .into_iter()
            .map(|s| &text[s.span])
            .collect()
    }

    /// A run of text with no sentence end is cut into pieces no longer than the cap, at
    /// white space where there is some, so no extractor sees an endless sentence.
    #[test]
    fn endless_sentences_are_cut_at_the_cap() {
        for text in [
            "x 5, ".repeat(5000),
            "\"a\": 1, ".repeat(3000),
            "ж".repeat(10_000),
            format!("{} end.", "word ".repeat(2000)),
        ] {
            let got = split_sentences(&text);
            assert!(got.len() > 1, "{}", &text[..20]);
            for s in &got {
                assert!(s.span.len() <= MAX_SENTENCE_BYTES, "{}", s.span.len());
                assert_eq!(&text[s.span.clone()], text[s.span.clone()].trim());
            }
            // Nothing but white space is lost between pieces.
            let joined: String = got.iter().map(|s| &text[s.span.clone()]).collect();
            let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(
                joined
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>(),
                squeezed
            );
        }
    }

    #[test]
    fn an_abbreviation_ending_a_compound_does_not_end_a_sentence() {
        assert_eq!(
            sentences("A Deal-Breaker in Ukraine-Russia-U.S. Abu Dhabi Talks. Then more."),
            [
                "A Deal-Breaker in Ukraine-Russia-U.S. Abu Dhabi Talks.",
                "Then more."
            ]
        );
        assert_eq!(
            sentences("Crowds held anti-U.S. protests in Tehran. Police watched."),
            [
                "Crowds held anti-U.S. protests in Tehran.",
                "Police watched."
            ]
        );
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            sentences("Mr. Trump met Gen. Kellogg in the U.S. Senate on Feb. 24. He left."),
            [
                "Mr. Trump met Gen. Kellogg in the U.S. Senate on Feb. 24.",
                "He left."
            ]
        );
        assert_eq!(
            sentences("Donald J. Trump spoke. Then Macron."),
            ["Donald J. Trump spoke.", "Then Macron."]
        );
    }

    #[test]
    fn initials_before_a_name_do_not_end_a_sentence() {
        let cases = [
            "This view, as espoused by Sen. J.D. Vance and others, is wrong.",
            "The author J.R.R. Tolkien wrote it.",
            "A book by W.E.B. Du Bois was cited.",
            "Gov. J.B. Pritzker said so.",
            "Donald J. Trump spoke.",
        ];
        for case in cases {
            assert_eq!(
                sentences(&format!("{case} Then more.")),
                [case, "Then more."]
            );
        }
        // The price, as with "U.S.": initials that do end a sentence before a capitalised
        // word are kept with the next one, as a lone capital always was.
        assert_eq!(
            sentences("He wrote to J.D. Then he left."),
            ["He wrote to J.D. Then he left."]
        );
        assert_eq!(sentences("It was A.B.C. Next."), ["It was A.B.C. Next."]);
        assert_eq!(sentences("Plan B. It failed."), ["Plan B. It failed."]);
    }

    #[test]
    fn quotes_and_questions() {
        assert_eq!(
            sentences("“We’re going to have Europe do that.” He said so. Why? Because."),
            [
                "“We’re going to have Europe do that.”",
                "He said so.",
                "Why?",
                "Because."
            ]
        );
    }

    #[test]
    fn lines_are_paragraphs_and_wrapped_lines_join() {
        let text = "Headline here\n\nFirst para.\nSecond para ends\nhere in wrap. Next one.\n";
        let split = split_sentences(text);
        let texts: Vec<&str> = split.iter().map(|s| &text[s.span.clone()]).collect();
        assert_eq!(
            texts,
            [
                "Headline here",
                "First para.",
                "Second para ends\nhere in wrap.",
                "Next one."
            ]
        );
        let paragraphs: Vec<u32> = split.iter().map(|s| s.paragraph).collect();
        assert_eq!(paragraphs, [0, 1, 2, 2]);
    }

    #[test]
    fn glued_stops_split() {
        assert_eq!(
            sentences("it could be attacked.The declaration was made. e.g.this stays"),
            [
                "it could be attacked.",
                "The declaration was made. e.g.this stays"
            ]
        );
    }

    #[test]
    fn lowercase_after_stop_continues() {
        assert_eq!(
            sentences("about 5 p.m. local time."),
            ["about 5 p.m. local time."]
        );
    }
}
