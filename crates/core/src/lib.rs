//! covtrack's core: one article in, everything covtrack extracts from it out.
//!
//! The stages a single article passes through, in order: [`ingest`] reads the file it is
//! handed into [`article::Article`]s, [`text`] splits each into sentences, [`extract`] finds
//! dates, figures and stance against a [`lexicon`], and [`records`] turns the result into
//! the rows of covtrack's per-article tables. [`analyse`] runs the middle two.
//!
//! The core has no tables library, no threads and no command line, and reads no file
//! beyond the one it is handed (with its sidecar and manifest): the `covtrack` binary runs
//! it in parallel over a folder, and other callers (a Python module, a Spark executor) can
//! run it on their own.

pub mod analysis;
pub mod article;
pub mod budget;
pub mod extract;
pub mod ingest;
pub mod lexicon;
pub mod records;
pub mod sketch;
pub mod source;
pub mod text;

pub use analysis::{Analysis, analyse};
pub use article::Article;
pub use lexicon::Lexicon;
