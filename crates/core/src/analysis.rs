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

/// Fingerprint of a text with white space normalised.
fn fingerprint(text: &str) -> u64 {
    let mut normalised = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !normalised.is_empty() {
            normalised.push(' ');
        }
        normalised.push_str(word);
    }
    xxhash_rust::xxh3::xxh3_64(normalised.as_bytes())
}
