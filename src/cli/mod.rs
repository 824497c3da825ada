//! The command line: clap definitions and one module per subcommand. The library
//! below never sees clap types; each subcommand turns its arguments into option structs.
//!
//! Public only so that the `copydesk` binary can call [`main`] and tests can walk the
//! clap definition ([`command`]); everything else in it is private to the crate.

mod args;
mod batch;
mod check;
mod completions;
mod dedup;
mod error;
mod eval;
mod extract;
mod index;
mod man;
mod sketch;
mod summarize;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use crate::output::{messages, Outcome};

pub(crate) use error::CliError;

/// The one exit-status mapping of the tool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ExitStatus {
    /// Ran fine, nothing at or above the fail level.
    Success,
    /// Ran fine, with findings at or above the fail level.
    Findings,
    /// Something could not be read or done (the rest still ran).
    Error,
}

impl ExitStatus {
    /// How a run ended given how its output ended and how many inputs failed: a
    /// closed pipe is a quiet success, as everywhere.
    pub(crate) fn after(output: Outcome, failures: usize) -> ExitStatus {
        match output {
            Outcome::PipeClosed => ExitStatus::Success,
            Outcome::Failed => ExitStatus::Error,
            Outcome::Complete if failures > 0 => ExitStatus::Error,
            Outcome::Complete => ExitStatus::Success,
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        match status {
            ExitStatus::Success => ExitCode::from(0),
            ExitStatus::Findings => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

#[derive(Parser, Debug)]
#[command(
    name = "copydesk",
    version,
    about = "Extractive summaries and near-duplicate checks for articles",
    long_about = "copydesk summarizes articles with TextRank over sentences. \
                  Give it files, folders, JSONL records or text on stdin."
)]
pub(crate) struct Cli {
    /// Print no progress bar and no warnings, only errors.
    #[arg(short, long, global = true)]
    quiet: bool,

    /// Worker threads (default: one per core; RAYON_NUM_THREADS also works).
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    threads: Option<u16>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extractive summaries of articles (TextRank over sentences).
    Summarize(summarize::SummarizeArgs),
    /// Check drafts before publication: repetition within, copies of the archive.
    Check(check::CheckArgs),
    /// Near-duplicate articles and repeated paragraphs (MinHash LSH, verified exactly).
    Dedup(dedup::DedupArgs),
    /// Sketches of the inputs as Parquet shards, for a distributed dedup job.
    Sketch(sketch::SketchCommandArgs),
    /// The article of each web page (or text) with its title, metadata and language.
    Extract(extract::ExtractArgs),
    /// ROUGE scores of summaries against human references.
    Eval(eval::EvalArgs),
    /// The archive index that `check --index` queries.
    #[command(subcommand)]
    Index(index::IndexCommand),
    /// Shell completions (bash, zsh, fish, powershell, elvish) on stdout.
    Completions(completions::CompletionsArgs),
    /// The man page (roff) on stdout, or one page per command into a folder.
    Man(man::ManArgs),
}

/// The clap definition of the whole command line, for completions, man pages and
/// tests that walk its subcommands and flags.
pub fn command() -> clap::Command {
    Cli::command()
}

/// Settings every subcommand honours.
pub(crate) struct Global {
    pub(crate) quiet: bool,
    pub(crate) stderr_is_terminal: bool,
    pub(crate) stdout_is_terminal: bool,
}

/// Parses the command line, runs it, and returns the exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(threads) = cli.threads {
        // Only fails if a pool already exists, which cannot happen this early.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads as usize)
            .build_global();
    }
    let global = Global {
        quiet: cli.quiet,
        stderr_is_terminal: std::io::stderr().is_terminal(),
        stdout_is_terminal: std::io::stdout().is_terminal(),
    };
    let result = match cli.command {
        Command::Summarize(args) => summarize::run(args, &global),
        Command::Check(args) => check::run(args, &global),
        Command::Dedup(args) => dedup::run(args, &global),
        Command::Sketch(args) => sketch::run(args, &global),
        Command::Eval(args) => eval::run(args, &global),
        Command::Extract(args) => extract::run(args, &global),
        Command::Index(command) => index::run(command, &global),
        Command::Completions(args) => Ok(completions::run(args)),
        Command::Man(args) => man::run(args),
    };
    result.unwrap_or_else(|err| fail(err.into())).into()
}

/// Reports the error that stopped a command, and gives its exit status.
fn fail(err: crate::Error) -> ExitStatus {
    error(&err);
    ExitStatus::from(&err)
}

impl From<&crate::Error> for ExitStatus {
    /// Whatever the layer, an error that stops a command is status 2 (listed, so
    /// that a new layer is a decision here).
    fn from(err: &crate::Error) -> ExitStatus {
        use crate::Error::*;
        match err {
            Input(_) | Glob(_) | Encoding(_) | Language(_) | Output(_) | Index(_) | Shard(_)
            | SparkOutput(_) | Spill(_) | Coverage(_) | Cli(_) => ExitStatus::Error,
        }
    }
}

/// Prints an error line on stderr, the one way errors reach the user.
pub(crate) fn error(message: impl std::fmt::Display) {
    messages::error(message);
}

/// Prints a warning line on stderr unless `--quiet`.
pub(crate) fn warning(global: &Global, message: impl std::fmt::Display) {
    if !global.quiet {
        messages::warning(message);
    }
}
