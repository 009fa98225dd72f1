//! Tokens: a sentence cut into numbers, words and single symbols, each knowing whether
//! white space came before it, since gluing ("G7", "100+", "1,200-km") decides much of
//! what a number is. [`Spans`] finds the boundaries alone, for the sentence pre-check that
//! runs on every sentence.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Num,
    Word,
    Sym,
}

#[derive(Debug, Clone)]
pub(super) struct Tok {
    pub(super) span: Range<usize>,
    pub(super) kind: Kind,
    /// No white space between this token and the one before it.
    pub(super) glued: bool,
    pub(super) lower: String,
    /// The token as written starts with an upper-case letter.
    pub(super) capital: bool,
    /// No lower-case letter in it ("USD", "NATO").
    pub(super) all_caps: bool,
}

pub(super) fn is_hyphen(s: &str) -> bool {
    matches!(s, "-" | "‑" | "–" | "—")
}

/// A token's lower-case form with typographic apostrophes made straight, in one allocation
/// (this runs for every token of every sentence).
pub(super) fn lower(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    lower_into(s, &mut out);
    out
}

pub(super) fn lower_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '’' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// Cuts `text[range]` into numbers ("1,200", "44.7"), words (letters, with inner
/// apostrophes and dots: "Zelensky’s", "U.S") and single symbols.
pub(super) fn tokenize(text: &str, range: Range<usize>) -> Vec<Tok> {
    Spans::new(text, range)
        .map(|(span, kind, glued, first)| {
            let s = &text[span.clone()];
            Tok {
                span,
                kind,
                glued,
                lower: lower(s),
                capital: first.is_uppercase(),
                all_caps: !s.chars().any(char::is_lowercase),
            }
        })
        .collect()
}

/// The token boundaries of [`tokenize`], without building tokens: each token's span, kind,
/// whether it is glued to the one before, and its first character.
///
/// Runs over every sentence of every article (the pre-check), so it steps over bytes:
/// runs of ASCII digits and letters are skipped in tight loops, and only other characters
/// are decoded.
pub(super) struct Spans<'t> {
    base: usize,
    text: &'t str,
    /// Byte offset of the next character in `text`.
    pos: usize,
    space: bool,
}

impl<'t> Spans<'t> {
    pub(super) fn new(text: &'t str, range: Range<usize>) -> Self {
        Spans {
            base: range.start,
            text: &text[range],
            pos: 0,
            space: true,
        }
    }

    /// The character at byte offset `i` of the range, if any.
    fn char_at(&self, i: usize) -> Option<char> {
        match *self.text.as_bytes().get(i)? {
            b if b < 0x80 => Some(b as char),
            _ => self.text[i..].chars().next(),
        }
    }

    fn digit_at(&self, i: usize) -> bool {
        self.text.as_bytes().get(i).is_some_and(u8::is_ascii_digit)
    }
}

impl Iterator for Spans<'_> {
    type Item = (Range<usize>, Kind, bool, char);

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.text.as_bytes();
        loop {
            let start = self.pos;
            let c = self.char_at(start)?;
            self.pos += c.len_utf8();
            if c.is_whitespace() {
                self.space = true;
                continue;
            }
            // ".77", "a .5 percent rise": a decimal without its leading zero, where the
            // point starts a word (after white space) and a digit follows.
            let bare_decimal = c == '.' && self.space && self.digit_at(self.pos);
            let kind = if c.is_ascii_digit() || bare_decimal {
                // Digits, and a separator between digits ("1,200", "44.7").
                loop {
                    while self.digit_at(self.pos) {
                        self.pos += 1;
                    }
                    if matches!(bytes.get(self.pos), Some(b',' | b'.'))
                        && self.digit_at(self.pos + 1)
                    {
                        self.pos += 2;
                        continue;
                    }
                    break;
                }
                Kind::Num
            } else if c.is_alphabetic() {
                // Letters, and an apostrophe or a dot between letters ("Zelensky’s", "U.S").
                loop {
                    while bytes.get(self.pos).is_some_and(u8::is_ascii_alphabetic) {
                        self.pos += 1;
                    }
                    let Some(l) = self.char_at(self.pos) else {
                        break;
                    };
                    if l.is_alphabetic() {
                        self.pos += l.len_utf8();
                        continue;
                    }
                    if matches!(l, '\'' | '’' | '.')
                        && self
                            .char_at(self.pos + l.len_utf8())
                            .is_some_and(char::is_alphabetic)
                    {
                        self.pos += l.len_utf8();
                        continue;
                    }
                    break;
                }
                Kind::Word
            } else {
                Kind::Sym
            };
            let glued = !self.space;
            self.space = false;
            return Some((self.base + start..self.base + self.pos, kind, glued, c));
        }
    }
}
