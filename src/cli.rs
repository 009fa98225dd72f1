//! Command-line flags, parsed once into a validated [`Command`]; nothing else reads flags.

use crate::output::Formats;
pub use crate::period::Period;
use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use covtrack_core::Lexicon;
use covtrack_core::ingest::{FieldMap, IngestOptions};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "covtrack",
    version,
    about = "Turns a folder of news articles into tables of how a narrative is covered over time",
    long_about = "Turns a folder of news articles into tables of how a narrative is covered over time.\n\nWith no command, runs the pipeline (`covtrack run`), by default on input/ into output/.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<CommandArgs>,
    /// Options of `run`, accepted without the word `run`.
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Subcommand, Debug)]
pub enum CommandArgs {
    /// Run the pipeline: read INPUT, write tables to OUTPUT.
    Run(RunArgs),
    /// Show what one article yields: metadata, dates, figures, stance.
    Inspect(InspectArgs),
    /// Score extraction against gold annotations.
    Eval(EvalArgs),
    /// Print the default lexicon, as a file to copy and edit.
    Lexicon(LexiconArgs),
    /// Rebuild OUTPUT/report.html from the tables of an earlier run.
    Report(ReportArgs),
}

#[derive(clap::Args, Debug)]
pub struct LexiconArgs {
    /// Print only the topic terms, one per line (e.g. for `rg -F -f`).
    #[arg(long)]
    pub terms: bool,
    /// Print this lexicon file's terms instead of the built-in one's (with --terms).
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// The output folder of a run.
    #[arg(default_value = "output")]
    pub output: PathBuf,
    /// The topic the actor and evidence sections are about (default: the run's).
    #[arg(long)]
    pub focus: Option<String>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Parquet,
    Json,
}

#[derive(clap::Args, Debug, Default)]
pub struct RunArgs {
    /// Folder (or single file) of articles.
    #[arg(default_value = "input")]
    pub input: PathBuf,
    /// Folder to write the tables into.
    #[arg(long, short, default_value = "output")]
    pub out: PathBuf,
    /// A lexicon TOML file to use instead of the built-in one (see `covtrack lexicon`).
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
    /// Period of the timelines.
    #[arg(long, value_enum, default_value_t = Period::Week)]
    pub period: Period,
    /// The topic the report's actor and evidence sections are about (default: the
    /// lexicon's focus, `security_guarantee` in the built-in one).
    #[arg(long)]
    pub focus: Option<String>,
    /// Table formats to write (repeat or comma-separate); default both.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub format: Vec<FormatArg>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Leave out articles published before this day (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Leave out articles published after this day (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<String>,
    /// Also write the mention tables hive-partitioned by the period of their article
    /// (OUTPUT/partitioned/TABLE/period=YYYY-MM-DD/part-0.parquet); needs Parquet output.
    #[arg(long)]
    pub partition_by_period: bool,
    /// No progress bar and no summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Exit non-zero when any input failed.
    #[arg(long)]
    pub strict: bool,
    /// Which record column fills a field, as ROLE=COLUMN (roles: title, text, date, source,
    /// url); repeatable.
    #[arg(long = "field", value_name = "ROLE=COLUMN")]
    pub fields: Vec<String>,
    /// Files larger than this many MiB are reported as errors, not read.
    #[arg(long, default_value_t = DEFAULT_MAX_FILE_MB)]
    pub max_file_mb: u64,
    /// Files read and processed together; memory grows with it, not with the corpus.
    #[arg(long, default_value_t = 512)]
    pub batch_size: usize,
    /// Seconds one file may take to read and analyse before it is reported as an error
    /// (`timeout`) and left out.
    #[arg(long, default_value_t = 60.0)]
    pub file_timeout: f64,
    /// Keep each file's results in this folder, so the next run reads only the files that
    /// changed (default: OUTPUT/.covtrack-cache).
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    pub cache: Option<PathBuf>,
    /// Read and analyse every file, and keep no cache.
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(clap::Args, Debug)]
pub struct InspectArgs {
    /// The article file.
    pub file: PathBuf,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// A lexicon TOML file to use instead of the built-in one.
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
    /// Which record column fills a field, as ROLE=COLUMN; repeatable.
    #[arg(long = "field", value_name = "ROLE=COLUMN")]
    pub fields: Vec<String>,
}

#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// Gold annotations, one JSON object per line.
    pub gold: PathBuf,
    /// Folder the gold `file` paths are relative to.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// List every miss and wrong answer.
    #[arg(long)]
    pub misses: bool,
    /// Score only this kind (dates, figures, stance).
    #[arg(long)]
    pub only: Option<String>,
    /// Dates and figures scored by class of mention (range, suffix, relative date…), with
    /// the misses of each class.
    #[arg(long)]
    pub by_class: bool,
    /// Misses shown per class with --by-class.
    #[arg(long, default_value_t = 8)]
    pub examples: usize,
    /// A lexicon TOML file to use instead of the built-in one.
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
    /// Which record column fills a field, as ROLE=COLUMN; repeatable.
    #[arg(long = "field", value_name = "ROLE=COLUMN")]
    pub fields: Vec<String>,
}

/// Files larger than this many MiB are not read, unless `--max-file-mb` says otherwise.
pub const DEFAULT_MAX_FILE_MB: u64 = 64;

/// Refuses an OUTPUT that is INPUT or holds it: the run would read its own tables as
/// articles, or write its tables over input files. (OUTPUT inside INPUT is fine: the walk
/// skips it.)
fn check_output_apart(input: &std::path::Path, output: &std::path::Path) -> Result<()> {
    let input = input
        .canonicalize()
        .with_context(|| format!("reading {}", input.display()))?;
    let out = absolute(output)?;
    if out == input {
        bail!(
            "--out {} is the input folder: the tables would be written among the articles; choose another folder",
            output.display()
        );
    }
    if input.starts_with(&out) {
        bail!(
            "the input {} lies inside --out {}: the run would write its tables over the input; choose another folder",
            input.display(),
            output.display()
        );
    }
    Ok(())
}

/// `path` made absolute with links resolved, for a path that may not exist yet: its
/// longest existing ancestor is resolved and the rest appended.
fn absolute(path: &std::path::Path) -> Result<PathBuf> {
    let path =
        std::path::absolute(path).with_context(|| format!("resolving {}", path.display()))?;
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    out.extend(rest.iter().rev());
    Ok(out)
}

/// Loads the lexicon file named, or the built-in one.
pub fn load_lexicon(path: Option<&std::path::Path>) -> Result<Lexicon> {
    match path {
        None => Ok(Lexicon::default_lexicon()),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("reading lexicon {}", p.display()))?;
            Lexicon::from_toml(&text).with_context(|| format!("in lexicon {}", p.display()))
        }
    }
}

/// How files are read, from `--field` specs and the size limit.
pub fn ingest_options(fields: &[String], max_file_mb: u64) -> Result<IngestOptions> {
    Ok(IngestOptions {
        fields: FieldMap::from_specs(fields).map_err(anyhow::Error::msg)?,
        max_file_bytes: max_file_mb.saturating_mul(1024 * 1024),
        witness: false,
    })
}

/// Everything `covtrack run` needs, validated.
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub input: PathBuf,
    pub output: PathBuf,
    /// The lexicon file given, `None` for the built-in one.
    pub lexicon_path: Option<PathBuf>,
    pub lexicon: Lexicon,
    pub period: Period,
    /// A topic of `lexicon`.
    pub focus: String,
    pub formats: Formats,
    pub threads: Option<usize>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub quiet: bool,
    /// Write `partitioned/` beside the tables (`--partition-by-period`).
    pub partition_by_period: bool,
    pub strict: bool,
    pub ingest: IngestOptions,
    pub field_specs: Vec<String>,
    pub batch_size: usize,
    /// How long one file may take (`--file-timeout`).
    pub file_timeout: std::time::Duration,
    /// The cache's folder; `None` for a run that reads every file and keeps no cache
    /// (`--no-cache`, and the default for a config built in code).
    pub cache: Option<PathBuf>,
}

impl RunConfig {
    /// Validates run flags.
    pub fn from_args(a: RunArgs) -> Result<RunConfig> {
        if !a.input.exists() {
            bail!("input {} does not exist", a.input.display());
        }
        check_output_apart(&a.input, &a.out)?;
        let day = |flag: &str, v: &Option<String>| -> Result<Option<NaiveDate>> {
            v.as_deref()
                .map(|s| {
                    NaiveDate::parse_from_str(s, "%Y-%m-%d")
                        .with_context(|| format!("--{flag} {s:?}: expected YYYY-MM-DD"))
                })
                .transpose()
        };
        let since = day("since", &a.since)?;
        let until = day("until", &a.until)?;
        if let (Some(s), Some(u)) = (since, until)
            && s > u
        {
            bail!("--since {s} is after --until {u}");
        }
        if a.threads == Some(0) {
            bail!("--threads must be at least 1");
        }
        if a.batch_size == 0 {
            bail!("--batch-size must be at least 1");
        }
        let file_timeout = std::time::Duration::try_from_secs_f64(a.file_timeout)
            .ok()
            .filter(|d| !d.is_zero())
            .with_context(|| {
                format!(
                    "--file-timeout {}: expected a positive number of seconds",
                    a.file_timeout
                )
            })?;
        let formats = if a.format.is_empty() {
            Formats::default()
        } else {
            Formats {
                parquet: a.format.contains(&FormatArg::Parquet),
                json: a.format.contains(&FormatArg::Json),
            }
        };
        if a.partition_by_period && !formats.parquet {
            bail!("--partition-by-period writes Parquet files: add --format parquet");
        }
        let ingest = ingest_options(&a.fields, a.max_file_mb)?;
        let cache = match (a.no_cache, a.cache) {
            (true, _) => None,
            (false, Some(dir)) => Some(dir),
            (false, None) => Some(a.out.join(crate::cache::DEFAULT_DIR)),
        };
        let lexicon = load_lexicon(a.lexicon.as_deref())?;
        let focus = lexicon
            .focus_topic(a.focus.as_deref())
            .map_err(|e| anyhow::anyhow!("--focus: {e}"))?;
        Ok(RunConfig {
            input: a.input,
            lexicon_path: a.lexicon,
            lexicon,
            period: a.period,
            focus,
            formats,
            threads: a.threads,
            since,
            until,
            quiet: a.quiet,
            partition_by_period: a.partition_by_period,
            strict: a.strict,
            ingest: IngestOptions {
                witness: cache.is_some(),
                ..ingest
            },
            field_specs: a.fields,
            batch_size: a.batch_size,
            file_timeout,
            cache,
            output: a.out,
        })
    }
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig {
            input: "input".into(),
            output: "output".into(),
            lexicon_path: None,
            lexicon: Lexicon::default_lexicon(),
            period: Period::Week,
            focus: Lexicon::default_lexicon()
                .focus
                .expect("the built-in lexicon names its focus"),
            formats: Formats::default(),
            threads: None,
            since: None,
            until: None,
            quiet: true,
            partition_by_period: false,
            strict: false,
            ingest: IngestOptions::default(),
            field_specs: Vec::new(),
            batch_size: 512,
            file_timeout: std::time::Duration::from_secs(60),
            cache: None,
        }
    }
}
