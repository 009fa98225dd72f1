//! The narrative lexicon: topics, actors and cue words, loaded from TOML (issue #5).

/// A loaded lexicon. Filled in by issue #5; until then it is empty.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {}

impl Lexicon {
    /// The built-in lexicon for security guarantees for Ukraine.
    pub fn default_lexicon() -> Lexicon {
        Lexicon {}
    }
}
