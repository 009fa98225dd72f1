//! The per-article analysis: an article's text split into sentences, then every extractor
//! run over it. Pure: the same article and lexicon always give the same analysis.

use crate::article::Article;
use crate::extract::{self, Extraction};
use crate::lexicon::Lexicon;
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
    Analysis {
        fingerprint: fingerprint(article),
        doc,
        extraction,
    }
}

/// Fingerprint of an article's cleaned text with white space normalised: the body, or the
/// headline for a headline-only record.
fn fingerprint(article: &Article) -> u64 {
    let text = if article.body.trim().is_empty() {
        &article.title
    } else {
        &article.body
    };
    let mut normalised = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !normalised.is_empty() {
            normalised.push(' ');
        }
        normalised.push_str(word);
    }
    xxhash_rust::xxh3::xxh3_64(normalised.as_bytes())
}
