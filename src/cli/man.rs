//! `copydesk man`: the roff man page of copydesk, generated from the clap definitions
//! by `clap_mangen`; with `--output-dir`, one page per command and subcommand.

use std::path::{Path, PathBuf};

use clap::Args;
use clap_mangen::Man;

use super::error::CliError;
use super::ExitStatus;
use crate::output::{stdout, OutputDir, OutputError};

#[derive(Args, Debug)]
pub struct ManArgs {
    /// Write copydesk.1 and a page per subcommand (copydesk-dedup.1,
    /// copydesk-index-build.1, ...) into DIR instead of printing copydesk.1.
    #[arg(long, value_name = "DIR")]
    output_dir: Option<PathBuf>,
}

/// Runs `copydesk man`.
pub fn run(args: ManArgs) -> Result<ExitStatus, CliError> {
    let mut command = super::command().disable_help_subcommand(true);
    command.build();
    match &args.output_dir {
        None => Ok(ExitStatus::after(stdout::print_all(&page(&command)), 0)),
        Some(dir) => {
            write_pages(&command, dir)?;
            Ok(ExitStatus::Success)
        }
    }
}

/// The man page of one (built) command: `.TH COPYDESK-DEDUP 1 ...`.
fn page(command: &clap::Command) -> String {
    let man = Man::new(command.clone())
        .title(display_name(command).to_uppercase())
        .source(concat!("copydesk ", env!("CARGO_PKG_VERSION")));
    let mut roff = Vec::new();
    // Rendering into memory cannot fail.
    let _ = man.render(&mut roff);
    String::from_utf8_lossy(&roff).into_owned()
}

/// `copydesk` for the tool, `copydesk-index-build` for a subcommand once built.
fn display_name(command: &clap::Command) -> &str {
    command
        .get_display_name()
        .unwrap_or_else(|| command.get_name())
}

/// Writes the page of `command` and of every visible subcommand below it, each file
/// whole or not at all.
fn write_pages(command: &clap::Command, dir: &Path) -> Result<(), OutputError> {
    let out = OutputDir::create(dir, &[])?;
    let mut pending = vec![command];
    while let Some(command) = pending.pop() {
        let name = PathBuf::from(format!("{}.1", display_name(command)));
        out.write(&name, page(command).as_bytes())?;
        pending.extend(command.get_subcommands().filter(|s| !s.is_hide_set()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built() -> clap::Command {
        let mut command = crate::cli::command().disable_help_subcommand(true);
        command.build();
        command
    }

    #[test]
    fn subcommand_pages_are_named_after_their_path() {
        let command = built();
        let index = command.find_subcommand("index").unwrap();
        let build = index.find_subcommand("build").unwrap();
        assert_eq!(display_name(build), "copydesk-index-build");
        assert!(page(build).starts_with(".ie"), "roff preamble first");
        assert!(page(build).contains(".TH COPYDESK-INDEX-BUILD 1"));
    }
}
