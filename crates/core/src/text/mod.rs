//! Text shared by every extractor: the analysed document (headline + body) split into
//! paragraphs and sentences with byte offsets.
//!
//! Extractors work on byte offsets into [`Doc::text`] because Rust slices by bytes; the
//! output stage converts them to character offsets, which is what users slicing the text in
//! Python or R expect.

mod sentences;
pub mod words;

pub use sentences::split_sentences;

use std::ops::Range;

/// One sentence of a [`Doc`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in [`Doc::text`], trimmed of surrounding white space.
    pub span: Range<usize>,
    /// Index of the paragraph (block of text between blank lines or line breaks) it is in.
    pub paragraph: u32,
}

/// The text an article is analysed as: its headline, a blank line, then its body.
///
/// The headline is its own paragraph and sentence, so it counts once however often a
/// scraped page repeats it (cleaning removes the repeats from the body).
#[derive(Debug, Clone)]
pub struct Doc {
    pub text: String,
    /// Byte offset where the body starts (0 when there is no headline).
    pub body_start: usize,
    pub sentences: Vec<Sentence>,
}

impl Doc {
    /// Builds the analysed text from a headline and a body and splits it into sentences.
    pub fn new(title: &str, body: &str) -> Doc {
        let title = title.trim();
        let mut text = String::with_capacity(title.len() + body.len() + 2);
        let mut body_start = 0;
        if !title.is_empty() {
            text.push_str(title);
            text.push_str("\n\n");
            body_start = text.len();
        }
        text.push_str(body);
        let sentences = split_sentences(&text);
        Doc {
            text,
            body_start,
            sentences,
        }
    }

    /// The text of sentence `i`.
    pub fn sentence_text(&self, i: usize) -> &str {
        &self.text[self.sentences[i].span.clone()]
    }

    /// Index of the sentence containing byte offset `pos` (the last one starting at or
    /// before it).
    pub fn sentence_at(&self, pos: usize) -> usize {
        match self.sentences.binary_search_by(|s| s.span.start.cmp(&pos)) {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        }
    }

    /// Number of words (runs of alphanumeric characters) in the text.
    pub fn word_count(&self) -> usize {
        count_words(&self.text)
    }
}

/// Counts runs of alphanumeric characters; apostrophes and hyphens inside a word, and
/// separators inside a number ("100,000", "1.5"), keep it one word.
pub fn count_words(text: &str) -> usize {
    count_words_upto(text, usize::MAX)
}

/// [`count_words`], stopping once `limit` words are counted. Asked of every line of a page,
/// it costs only each line's first words, and one count answers several "at least n words"
/// questions about the line.
///
/// Runs over every article and every line of it several times (the word count, furniture,
/// learned lines), so it decides each character without a branch on the text: a word
/// starts at an alphanumeric character unless the one before it is alphanumeric too, or
/// joins it to an alphanumeric one before that (see [`count_words`]). ASCII bytes are
/// classed by a table; only other characters are decoded.
pub fn count_words_upto(text: &str, limit: usize) -> usize {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut words = 0;
    // The classes of the two characters before this one.
    let (mut p1, mut p2) = (0u8, 0u8);
    let mut i = 0;
    // Bit 0 of `joined`: the previous character is in a word, or joins this one to the
    // word before it; bit arithmetic, since word boundaries are too frequent for a branch
    // to predict.
    let step = |class: u8, p1: &mut u8, p2: &mut u8| -> usize {
        let joined = *p1 | (*p1 >> 2) & *p2 | (*p1 >> 3) & *p2 & (class >> 1);
        (*p2, *p1) = (*p1, class);
        (class & !joined & ALNUM) as usize
    };
    while i < n {
        // Eight ASCII bytes at a time, with no test of the limit between them.
        if let Some(chunk) = bytes.get(i..i + 8)
            && chunk.iter().all(u8::is_ascii)
        {
            for &b in chunk {
                words += step(CLASS[b as usize], &mut p1, &mut p2);
            }
            i += 8;
            if words >= limit {
                return limit;
            }
            continue;
        }
        let b = bytes[i];
        let class = if b < 0x80 {
            i += 1;
            CLASS[b as usize]
        } else {
            let c = text[i..].chars().next().expect("a character starts here");
            i += c.len_utf8();
            match c {
                '’' => JOINS_WORDS,
                c if c.is_alphanumeric() => ALNUM,
                _ => 0,
            }
        };
        words += step(class, &mut p1, &mut p2);
        if words >= limit {
            return words;
        }
    }
    words
}

/// Character classes for [`count_words_upto`], as bits: alphanumeric, an ASCII digit, what
/// joins two words into one ("cease-fire", "Zelensky's"), what joins digits ("100,000").
const ALNUM: u8 = 1;
const DIGIT: u8 = 2;
const JOINS_WORDS: u8 = 4;
const JOINS_DIGITS: u8 = 8;
/// The class of each ASCII byte (the others are decoded).
static CLASS: [u8; 128] = {
    let mut t = [0; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_digit() {
            ALNUM | DIGIT
        } else if c.is_ascii_alphabetic() {
            ALNUM
        } else if c == b'\'' || c == b'-' {
            JOINS_WORDS
        } else if c == b',' || c == b'.' {
            JOINS_DIGITS
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Converts byte offsets into character offsets for one text, walking it once.
///
/// Offsets must be queried in increasing order, which is how mention tables are written.
pub struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    pub fn new(text: &'a str) -> Self {
        CharOffsets {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// Character offset of byte offset `pos`; restarts from the beginning when asked for an
    /// earlier offset than the last one.
    pub fn at(&mut self, pos: usize) -> usize {
        if pos < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..pos].chars().count();
        self.byte = pos;
        self.chars
    }
}

/// Every file of the repository's fixture corpus as text (lossily decoded): real pages of
/// every kind, for tests that hold a fast routine to its plain definition.
#[cfg(test)]
pub(crate) fn fixture_texts() -> Vec<String> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/corpus");
    let mut texts = Vec::new();
    for dir in ["gdelt", "html", "scraped", "seed", "records", "bad"] {
        for entry in std::fs::read_dir(format!("{root}/{dir}")).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            texts.push(String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    texts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_counted_up_to_a_limit() {
        // (text, limit, whether the text has at least `limit` words)
        let cases: &[(&str, usize, bool)] = &[
            ("", 1, false),
            ("one", 1, true),
            ("  two  words ", 2, true),
            ("two words", 3, false),
            ("tabs\tand\nnewlines count", 4, true),
            ("Zelensky’s résumé: ünter", 3, true),
            ("a b c d e f g", 8, false),
            ("a b c d e f g h", 8, true),
            // Past eight ASCII bytes, counted eight at a time.
            ("one two three four five six seven eight", 3, true),
            ("one two three four five six seven eight", 8, true),
            ("one two three four five six seven eight", 9, false),
            ("one-two three,four 1,000,000 x’y éé-ü", 6, true),
            ("one-two three,four 1,000,000 x’y éé-ü", 7, false),
        ];
        for &(text, n, want) in cases {
            let counted = count_words_upto(text, n);
            assert_eq!(counted >= n, want, "{text:?} has {n} words");
            assert_eq!(counted, count_words(text).min(n), "{text:?} up to {n}");
        }
    }

    #[test]
    fn headline_is_its_own_sentence() {
        let doc = Doc::new("Trump Says No", "He said it. Then he left.");
        assert_eq!(doc.sentences.len(), 3);
        assert_eq!(doc.sentence_text(0), "Trump Says No");
        assert_eq!(doc.sentence_text(2), "Then he left.");
        assert_eq!(doc.sentence_at(doc.text.find("left").unwrap()), 2);
        assert_eq!(doc.body_start, "Trump Says No\n\n".len());
    }

    /// The definition `count_words` implements, one character at a time.
    fn count_words_by_chars(text: &str) -> usize {
        let mut words = 0;
        let mut in_word = false;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c.is_alphanumeric() {
                if !in_word {
                    words += 1;
                    in_word = true;
                }
                continue;
            }
            let next_continues = chars.peek().is_some_and(|n| n.is_alphanumeric());
            let joins = match c {
                '\'' | '’' | '-' => next_continues,
                ',' | '.' => chars.peek().is_some_and(char::is_ascii_digit),
                _ => false,
            };
            if !(in_word && joins) {
                in_word = false;
            }
        }
        words
    }

    #[test]
    fn word_counts_match_the_definition() {
        let mut texts: Vec<String> = [
            "",
            "-",
            "a-",
            "-a",
            "a'b",
            "a’",
            "3.5.",
            "1,000,",
            "x,1",
            "Київ-2 ‘yes’ 1.5bn",
            "Mr. Zelensky’s cease-fire plan, 100,000 troops",
            "é-é, ü.9 日本語 x--y a- -b",
        ]
        .map(String::from)
        .into();
        texts.extend(fixture_texts());
        for text in &texts {
            assert_eq!(count_words(text), count_words_by_chars(text), "{text:?}");
        }
    }

    #[test]
    fn words_and_char_offsets() {
        assert_eq!(
            count_words("Mr. Zelensky’s cease-fire plan, 100,000 troops"),
            6
        );
        let text = "Zelensky’s plan";
        let mut offsets = CharOffsets::new(text);
        assert_eq!(offsets.at(text.find("plan").unwrap()), 11);
        assert_eq!(offsets.at(0), 0);
    }
}
