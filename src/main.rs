//! The `covtrack` binary: parse flags, call the library, map the outcome to an exit code.

use clap::Parser;
use covtrack::cli::{
    Cli, CommandArgs, DEFAULT_MAX_FILE_MB, EvalArgs, InspectArgs, LexiconArgs, ReportArgs, RunArgs,
    RunConfig, ingest_options, load_lexicon,
};
use std::process::ExitCode;

/// jemalloc rather than the system allocator: resident memory then stays near what the run
/// holds, instead of growing with the corpus (measured in docs/performance.md).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A file that makes a stage panic becomes an error row naming the panic and where it
    // happened; the terminal gets no stack trace for it.
    covtrack_core::budget::quiet_panics();
    // The first Ctrl-C (or SIGTERM) asks the run to stop cleanly; a second one ends it now.
    let asked = std::sync::atomic::AtomicBool::new(false);
    ctrlc::set_handler(move || {
        if asked.swap(true, std::sync::atomic::Ordering::SeqCst) {
            std::process::exit(130);
        }
        covtrack::pipeline::interrupt();
    })
    .ok();
    let outcome = match cli.command.unwrap_or(CommandArgs::Run(cli.run)) {
        CommandArgs::Run(args) => run(args),
        CommandArgs::Lexicon(args) => lexicon(args),
        CommandArgs::Eval(args) => eval(args),
        CommandArgs::Report(args) => report(args),
        CommandArgs::Inspect(args) => inspect(args),
    };
    match outcome {
        Ok(code) => code,
        Err(e) if e.is::<covtrack::pipeline::Interrupted>() => {
            eprintln!("covtrack: {e}");
            ExitCode::from(130)
        }
        Err(e) => {
            eprintln!("covtrack: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn inspect(args: InspectArgs) -> anyhow::Result<ExitCode> {
    let lexicon = load_lexicon(args.lexicon.as_deref())?;
    let opts = ingest_options(&args.fields, DEFAULT_MAX_FILE_MB)?;
    let (inspected, errors) = covtrack::inspect::inspect_file(&args.file, &opts, &lexicon)?;
    let text = if args.json {
        covtrack::inspect::render_json(&inspected, &errors) + "\n"
    } else {
        covtrack::inspect::render_text(&inspected, &errors)
    };
    print_all(&text)?;
    Ok(if inspected.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes to standard output; a reader that stops early (`| head`) is not an error.
fn print_all(text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn lexicon(args: LexiconArgs) -> anyhow::Result<ExitCode> {
    if !args.terms {
        match args.lexicon {
            Some(path) => print!("{}", load_lexicon(Some(&path))?.source()),
            None => print!("{}", covtrack_core::Lexicon::default_toml()),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let lexicon = load_lexicon(args.lexicon.as_deref())?;
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

fn report(args: ReportArgs) -> anyhow::Result<ExitCode> {
    let html = covtrack::report::build(&args.output, args.focus.as_deref())?;
    let path = covtrack::output::write_report(&args.output, &html)?;
    eprintln!("covtrack: wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}

fn eval(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let lexicon = load_lexicon(args.lexicon.as_deref())?;
    let opts = ingest_options(&args.fields, DEFAULT_MAX_FILE_MB)?;
    let report = covtrack::eval::evaluate(&args.gold, &args.root, &opts, &lexicon)?;
    if args.misses {
        println!("{}", report.misses);
    }
    print!("{}", report.render(args.only.as_deref()));
    if args.by_class {
        print!(
            "{}",
            report.render_by_class(args.only.as_deref(), args.examples)
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn run(args: RunArgs) -> anyhow::Result<ExitCode> {
    let config = RunConfig::from_args(args)?;
    // The progress bar draws only on a terminal; the summary line is printed either way.
    let record = covtrack::run(&config)?;
    let c = &record.counts;
    if !config.quiet {
        let secs = record.seconds.total.max(1e-9);
        let cached = if config.cache.is_some() {
            format!(
                "; {} files reused, {} extracted, {} removed",
                c.files_reused, c.files_extracted, c.files_removed
            )
        } else {
            String::new()
        };
        eprintln!(
            "covtrack: {} articles from {} files ({} failed, {} duplicates, {} undated{cached}) in {:.2} s, {:.0} articles/s -> {}",
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
