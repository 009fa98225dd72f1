//! covtrack: a folder of news articles in, tables of how a narrative is covered over time out.
//!
//! The stages, in the order data flows through them: [`discover`] finds input files,
//! [`ingest`] reads each into [`article::Article`]s, [`text`] splits them into sentences,
//! [`extract`] finds dates, figures and stance, and [`output`] writes the tables.

pub mod aggregate;
pub mod article;
pub mod cli;
pub mod discover;
pub mod eval;
pub mod extract;
pub mod ingest;
pub mod inspect;
pub mod lexicon;
pub mod output;
pub mod pipeline;
pub mod report;
pub mod text;

pub use cli::RunConfig;
pub use pipeline::{RunSummary, run};
