//! Numbers written in words: "forty-two", "one hundred and five", "a million", "three
//! hundred thousand", built from the number and scale words of the word lists.

use super::scan::Scanner;
use super::tokens::is_hyphen;
use super::words::DATA;

impl Scanner<'_> {
    pub(super) fn is_number_word(&self, i: usize) -> bool {
        self.word(i).is_some_and(|w| DATA.numbers.contains_key(w))
    }

    /// "forty-two", "one hundred and five", "a million", "three hundred thousand".
    pub(super) fn number_words(&self, i: usize) -> Option<(f64, usize)> {
        #[derive(PartialEq, Clone, Copy)]
        enum Last {
            None,
            Small,
            Tens,
            Hundred,
            Scale,
        }
        let mut total = 0.0;
        let mut current = 0.0;
        let mut last = Last::None;
        let mut j = i;
        let mut end = i;
        if self.word(i).is_some_and(|w| w == "a" || w == "an")
            && self
                .word(i + 1)
                .is_some_and(|w| DATA.scales.contains_key(w))
        {
            current = 1.0;
            last = Last::Small;
            j = i + 1;
        }
        while let Some(w) = self.word(j) {
            if let Some(&v) = DATA.numbers.get(w) {
                let fits = match last {
                    Last::None | Last::Hundred | Last::Scale => true,
                    Last::Tens => v < 10.0 && v > 0.0,
                    Last::Small => false,
                };
                if !fits {
                    break;
                }
                current += v;
                last = if v >= 20.0 && v % 10.0 == 0.0 {
                    Last::Tens
                } else {
                    Last::Small
                };
            } else if let Some(&s) = DATA.scales.get(w) {
                if last == Last::None || last == Last::Scale && s >= 1000.0 && current == 0.0 {
                    break;
                }
                if s == 100.0 {
                    current = current.max(1.0) * 100.0;
                    last = Last::Hundred;
                } else {
                    total += current.max(1.0) * s;
                    current = 0.0;
                    last = Last::Scale;
                }
            } else {
                break;
            }
            j += 1;
            end = j;
            // Connectors: "forty-two", "one hundred and five".
            let hyphen = self.tok(j).is_some_and(|t| t.glued && is_hyphen(&t.lower));
            let joined_tens =
                hyphen && last == Last::Tens && self.tok(j + 1).is_some_and(|t| t.glued);
            let joined_and = self.is(j, "and")
                && matches!(last, Last::Hundred | Last::Scale)
                && self.is_number_word(j + 1);
            if joined_tens || joined_and {
                j += 1;
            }
        }
        (last != Last::None && end > i).then_some((total + current, end))
    }
}
