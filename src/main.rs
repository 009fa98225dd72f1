//! The `covtrack` binary: parse flags, call the library, map the outcome to an exit code.

use clap::Parser;
use covtrack::cli::{Cli, CommandArgs, RunArgs, RunConfig};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command.unwrap_or(CommandArgs::Run(RunArgs {
        input: "input".into(),
        out: "output".into(),
        max_file_mb: 64,
        batch_size: 512,
        ..Default::default()
    })) {
        CommandArgs::Run(args) => run(args),
        CommandArgs::Lexicon => {
            print!("{}", covtrack::lexicon::Lexicon::default_toml());
            Ok(ExitCode::SUCCESS)
        }
        CommandArgs::Eval(args) => eval(args),
        CommandArgs::Inspect(_) => Err(anyhow::anyhow!("`covtrack inspect` arrives with issue #5")),
    };
    match outcome {
        Ok(code) => code,
        Err(e) => {
            eprintln!("covtrack: error: {e:#}");
            ExitCode::from(2)
        }
    }
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
