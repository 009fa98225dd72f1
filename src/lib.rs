//! covtrack: a folder of news articles in, tables of how a narrative is covered over time out.
//!
//! The per-article work (reading a file, sentences, dates, figures, stance, the rows they
//! give) is the `covtrack-core` crate's. This crate runs it over a folder: [`cli`] validates
//! the flags into a [`RunConfig`], [`discover`] walks INPUT, [`pipeline`] reads and analyses
//! batches of files in parallel, [`aggregate`] counts the timelines as the rows stream past,
//! [`report`] draws the HTML page, and [`output`] writes every table, the report and
//! `run.json` ([`run_record`]). [`inspect`] and [`eval`] look at single articles through the
//! same discovery and ingest.

pub mod aggregate;
pub mod cache;
pub mod census;
pub mod cli;
pub mod discover;
pub mod eval;
pub mod inspect;
pub mod output;
pub mod period;
pub mod pipeline;
pub mod replay;
pub mod report;
pub mod run_record;
pub mod sliced;
pub mod stories;
pub mod tables;
#[doc(hidden)]
/// Wire copies of stories, for the tests and benchmarks of story finding.
pub mod wire;

pub use cli::RunConfig;
pub use pipeline::run;
pub use run_record::RunRecord;
