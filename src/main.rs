//! The `covtrack` binary: parse flags, call the library, map the outcome to an exit code.

use clap::Parser;
use covtrack::cli::{Cli, CommandArgs, RunArgs, RunConfig};
use std::process::ExitCode;

/// jemalloc rather than the system allocator: resident memory then stays near what the run
/// holds, instead of growing with the corpus (measured in docs/performance.md).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command.unwrap_or(CommandArgs::Run(cli.run)) {
        CommandArgs::Run(args) => run(args),
        CommandArgs::Lexicon(args) => lexicon(args),
        CommandArgs::Eval(args) => eval(args),
        CommandArgs::Report(args) => report(args),
        CommandArgs::Inspect(args) => inspect(args),
    };
    match outcome {
        Ok(code) => code,
        Err(e) => {
            eprintln!("covtrack: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn inspect(args: covtrack::cli::InspectArgs) -> anyhow::Result<ExitCode> {
    let lexicon = covtrack::pipeline::load_lexicon(args.lexicon.as_deref())?;
    let opts = covtrack::ingest::IngestOptions {
        fields: covtrack::ingest::FieldMap::from_specs(&args.fields).map_err(anyhow::Error::msg)?,
        ..Default::default()
    };
    let (analysed, errors) = covtrack::inspect::inspect_file(&args.file, &opts, &lexicon)?;
    if args.json {
        let v = covtrack::inspect::render_json(&analysed, &errors);
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print!("{}", covtrack::inspect::render_text(&analysed, &errors));
    }
    Ok(if analysed.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn lexicon(args: covtrack::cli::LexiconArgs) -> anyhow::Result<ExitCode> {
    if !args.terms {
        match args.lexicon {
            Some(path) => print!(
                "{}",
                covtrack::pipeline::load_lexicon(Some(&path))?.source()
            ),
            None => print!("{}", covtrack::lexicon::Lexicon::default_toml()),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let lexicon = covtrack::pipeline::load_lexicon(args.lexicon.as_deref())?;
    let mut terms: Vec<&str> = lexicon
        .topics
        .iter()
        .flat_map(|t| t.terms.iter().map(String::as_str))
        .collect();
    terms.sort_unstable();
    terms.dedup();
    for t in terms {
        println!("{t}");
    }
    Ok(ExitCode::SUCCESS)
}

fn report(args: covtrack::cli::ReportArgs) -> anyhow::Result<ExitCode> {
    let run_path = args.output.join("run.json");
    let run: Option<serde_json::Value> = std::fs::read_to_string(&run_path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    let period = match run.as_ref().and_then(|r| r["options"]["period"].as_str()) {
        Some("day") => covtrack::cli::Period::Day,
        Some("month") => covtrack::cli::Period::Month,
        _ => covtrack::cli::Period::Week,
    };
    let html = covtrack::report::build(
        &args.output,
        &covtrack::report::ReportOptions {
            focus: args.focus,
            period,
            run,
        },
    )?;
    let path = args.output.join("report.html");
    // Written beside the tables through a temporary name, so a reader never sees half a page.
    let tmp = args.output.join(".report.html.tmp");
    std::fs::write(&tmp, html)?;
    std::fs::rename(&tmp, &path)?;
    eprintln!("covtrack: wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}

fn eval(args: covtrack::cli::EvalArgs) -> anyhow::Result<ExitCode> {
    let lexicon = covtrack::pipeline::load_lexicon(args.lexicon.as_deref())?;
    let report = covtrack::eval::evaluate(&args.gold, &args.root, &lexicon)?;
    if args.misses {
        println!("{}", report.misses);
    }
    print!("{}", report.render(args.only.as_deref()));
    Ok(ExitCode::SUCCESS)
}

fn run(args: RunArgs) -> anyhow::Result<ExitCode> {
    let config = RunConfig::from_args(args)?;
    // The progress bar draws only on a terminal; the summary line is printed either way.
    let summary = covtrack::run(&config)?;
    let c = &summary.counts;
    if !config.quiet {
        let secs = summary.seconds.total.max(1e-9);
        eprintln!(
            "covtrack: {} articles from {} files ({} failed, {} duplicates, {} undated) in {:.2} s, {:.0} articles/s -> {}",
            c.articles,
            c.files_found,
            c.failed_files,
            c.duplicates,
            c.undated,
            secs,
            c.articles as f64 / secs,
            config.output.display()
        );
    }
    if config.strict && c.failed_files + c.error_rows > 0 {
        eprintln!(
            "covtrack: --strict: {} inputs failed (see {}/errors.json)",
            c.error_rows,
            config.output.display()
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
