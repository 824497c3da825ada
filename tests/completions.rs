//! `copydesk completions SHELL`: a script for each shell that knows the subcommands
//! and flags, and a clap error for a shell it does not know.

// Runs the binary, which needs the `cli` feature.
#![cfg(feature = "cli")]

mod support;
use support::{run, stderr, stdout};

#[test]
fn each_shell_gets_a_script_naming_the_subcommands_and_flags() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = run(&["completions", shell], None);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{shell}: {}",
            stderr(&output)
        );
        let script = stdout(&output);
        assert!(!script.trim().is_empty(), "{shell}: empty script");
        // fish writes long flags without their dashes (`-l fail-on-duplicates`).
        for word in ["summarize", "dedup", "check", "index", "fail-on-duplicates"] {
            assert!(script.contains(word), "{shell}: {word} missing");
        }
    }
}

#[test]
fn bash_completes_the_flags_of_a_nested_subcommand() {
    let script = stdout(&run(&["completions", "bash"], None));
    // `index build` is two levels down; its own flag must be offered.
    assert!(
        script.contains("copydesk__subcmd__index__subcmd__build"),
        "{script}"
    );
    assert!(script.contains("--batch-size"));
}

#[test]
fn an_unknown_shell_is_a_usage_error_with_status_2() {
    let output = run(&["completions", "tcsh"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let message = stderr(&output);
    assert!(message.contains("invalid value 'tcsh'"), "{message}");
    assert!(
        message.contains("bash"),
        "the known shells are listed: {message}"
    );
}
