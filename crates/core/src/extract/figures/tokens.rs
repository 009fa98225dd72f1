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
pub(super) struct Spans<'t> {
    base: usize,
    len: usize,
    chars: std::str::CharIndices<'t>,
    space: bool,
}

impl<'t> Spans<'t> {
    pub(super) fn new(text: &'t str, range: Range<usize>) -> Self {
        Spans {
            base: range.start,
            len: range.len(),
            chars: text[range].char_indices(),
            space: true,
        }
    }

    /// The next two characters, without consuming them.
    fn peek2(&self) -> (Option<char>, Option<char>) {
        let mut ahead = self.chars.clone().map(|(_, c)| c);
        (ahead.next(), ahead.next())
    }
}

impl Iterator for Spans<'_> {
    type Item = (Range<usize>, Kind, bool, char);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (start, c) = self.chars.next()?;
            if c.is_whitespace() {
                self.space = true;
                continue;
            }
            // ".77", "a .5 percent rise": a decimal without its leading zero, where the
            // point starts a word (after white space) and a digit follows.
            let bare_decimal = c == '.'
                && self.space
                && self
                    .chars
                    .clone()
                    .next()
                    .is_some_and(|(_, d)| d.is_ascii_digit());
            let kind = if c.is_ascii_digit() || bare_decimal {
                loop {
                    match self.peek2() {
                        (Some(d), _) if d.is_ascii_digit() => {
                            self.chars.next();
                        }
                        (Some(',' | '.'), Some(d)) if d.is_ascii_digit() => {
                            self.chars.next();
                            self.chars.next();
                        }
                        _ => break,
                    }
                }
                Kind::Num
            } else if c.is_alphabetic() {
                loop {
                    match self.peek2() {
                        (Some(l), _) if l.is_alphabetic() => {
                            self.chars.next();
                        }
                        (Some('\'' | '’' | '.'), Some(l)) if l.is_alphabetic() => {
                            self.chars.next();
                            self.chars.next();
                        }
                        _ => break,
                    }
                }
                Kind::Word
            } else {
                Kind::Sym
            };
            let end = self.chars.clone().next().map_or(self.len, |(e, _)| e);
            let glued = !self.space;
            self.space = false;
            return Some((self.base + start..self.base + end, kind, glued, c));
        }
    }
}
