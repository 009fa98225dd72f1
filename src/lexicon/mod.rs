//! The narrative lexicon: topics, actors and cue words, loaded from TOML (issue #5).

/// A loaded lexicon. Filled in by issue #5; until then it is empty.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {}

/// A lexicon file that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct LexiconError(String);

impl Lexicon {
    /// The built-in lexicon for security guarantees for Ukraine.
    pub fn default_lexicon() -> Lexicon {
        Lexicon {}
    }

    /// The built-in lexicon's TOML text.
    pub fn default_toml() -> &'static str {
        ""
    }

    /// Parses a lexicon file.
    pub fn from_toml(_text: &str) -> Result<Lexicon, LexiconError> {
        Err(LexiconError("custom lexicons arrive with issue #5".into()))
    }

    /// The topic ids, in lexicon order.
    pub fn topic_ids(&self) -> Vec<String> {
        Vec::new()
    }

    /// A stable fingerprint of the lexicon, recorded in run.json.
    pub fn hash(&self) -> String {
        String::new()
    }
}
