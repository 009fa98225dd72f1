//! The per-article analysis: an article's text split into sentences, then every extractor
//! run over it. Pure: the same article and lexicon always give the same analysis.

use crate::article::Article;
use crate::extract::{self, Extraction};
use crate::lexicon::Lexicon;
use crate::sketch::Sketch;
use crate::text::Doc;

/// What covtrack finds in one article.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The analysed text (headline, blank line, body) and its sentences.
    pub doc: Doc,
    /// Dates, figures and stance mentions, each list ordered by position in the text.
    pub extraction: Extraction,
    /// Fingerprint of the cleaned text, for exact-duplicate marking.
    pub fingerprint: u64,
    /// Sketch of the same text's shingles, for finding near copies of one story.
    pub sketch: Sketch,
}

/// Analyses one article: sentences, then every extractor, mentions in text order.
pub fn analyse(article: &Article, lexicon: &Lexicon) -> Analysis {
    let doc = Doc::new(&article.title, &article.body);
    let mut extraction = extract::extract(&doc, article.published, lexicon);
    extraction.dates.sort_by_key(|m| (m.span.start, m.span.end));
    extraction
        .figures
        .sort_by_key(|m| (m.span.start, m.span.end));
    extraction.stance.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.topic).cmp(&(b.span.start, b.span.end, &b.topic))
    });
    let text = story_text(article);
    Analysis {
        fingerprint: fingerprint(text),
        sketch: Sketch::of(text),
        doc,
        extraction,
    }
}

/// The text that tells one story from another: the body, or the headline for a
/// headline-only record. Headlines are left out otherwise, since copies rewrite them.
fn story_text(article: &Article) -> &str {
    if article.body.trim().is_empty() {
        &article.title
    } else {
        &article.body
    }
}

/// Fingerprint of a text with white space normalised: the hash of its words joined by
/// single spaces.
///
/// Runs over every article's whole text, so runs of bytes that are not white space are
/// copied whole, and only characters outside ASCII are decoded.
fn fingerprint(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let mut normalised = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        // A run of white space: the words on either side get one space between them.
        let mut spaced = false;
        while let Some(len) = whitespace_at(text, i) {
            i += len;
            spaced = true;
        }
        if i == bytes.len() {
            break;
        }
        if spaced && !normalised.is_empty() {
            normalised.push(b' ');
        }
        let word = i;
        while i < bytes.len() && whitespace_at(text, i).is_none() {
            i += if bytes[i] < 0x80 {
                1
            } else {
                text[i..].chars().next().map_or(1, char::len_utf8)
            };
        }
        normalised.extend_from_slice(&bytes[word..i]);
    }
    xxhash_rust::xxh3::xxh3_64(&normalised)
}

/// The length of the white-space character at byte `i` of `text`, if it is one (by
/// `char::is_whitespace`, which counts the vertical tab that `u8::is_ascii_whitespace`
/// leaves out).
fn whitespace_at(text: &str, i: usize) -> Option<usize> {
    match *text.as_bytes().get(i)? {
        b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => Some(1),
        b if b < 0x80 => None,
        _ => text[i..]
            .chars()
            .next()
            .filter(|c| c.is_whitespace())
            .map(char::len_utf8),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition [`fingerprint`] implements.
    fn fingerprint_by_words(text: &str) -> u64 {
        let words: Vec<&str> = text.split_whitespace().collect();
        xxhash_rust::xxh3::xxh3_64(words.join(" ").as_bytes())
    }

    #[test]
    fn fingerprints_normalise_white_space_as_defined() {
        let mut texts: Vec<String> = [
            "",
            " ",
            "one",
            "  one  two\n\nthree ",
            "tab\tvertical\x0Btab\x0Cfeed\r\n",
            "no\u{a0}break\u{2003}em\u{3000}ideographic\u{85}next",
            "Київ — 1,5 млрд ’quoted’",
            "\u{2028}\u{2029} lines ",
        ]
        .map(String::from)
        .into();
        texts.extend(crate::text::fixture_texts());
        for text in &texts {
            assert_eq!(fingerprint(text), fingerprint_by_words(text), "{text:?}");
        }
        assert_eq!(fingerprint("a  b"), fingerprint("a\nb"));
        assert_ne!(fingerprint("a b"), fingerprint("ab"));
    }
}
