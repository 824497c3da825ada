//! `copydesk completions SHELL`: shell completions generated from the clap
//! definitions by `clap_complete`, so they list exactly the real subcommands and flags.

use clap::Args;
use clap_complete::Shell;

use super::ExitStatus;
use crate::output::stdout;

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for: bash, zsh, fish, powershell or elvish.
    #[arg(value_name = "SHELL")]
    shell: Shell,
}

/// Runs `copydesk completions`.
pub fn run(args: CompletionsArgs) -> ExitStatus {
    ExitStatus::after(stdout::print_all(&script(args.shell)), 0)
}

/// The completion script for `shell`.
fn script(shell: Shell) -> String {
    let mut command = super::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "copydesk", &mut script);
    // The generators write the UTF-8 strings of the definitions: nothing is lost.
    String::from_utf8_lossy(&script).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_completes_the_subcommands() {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell] {
            let text = script(shell);
            for name in ["summarize", "dedup", "check", "completions"] {
                assert!(text.contains(name), "{shell}: {name} missing");
            }
        }
    }
}
