//! `copydesk man`: the roff man page on stdout, or one page per command in a folder.

// Runs the binary, which needs the `cli` feature.
#![cfg(feature = "cli")]

use std::fs;

mod support;
use support::{run, stderr, stdout};

const SUBCOMMANDS: [&str; 9] = [
    "summarize",
    "check",
    "dedup",
    "sketch",
    "extract",
    "eval",
    "index",
    "completions",
    "man",
];

/// The page's `.TH` line, after the string definitions roff pages open with.
fn title_line(page: &str) -> &str {
    page.lines()
        .find(|l| !l.starts_with(".ie") && !l.starts_with(".el"))
        .unwrap_or_default()
}

#[test]
fn man_prints_a_roff_page_listing_every_subcommand() {
    let output = run(&["man"], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = stdout(&output);
    assert!(title_line(&page).starts_with(".TH COPYDESK 1 "), "{page}");
    assert!(page.contains(".SH SUBCOMMANDS"));
    for name in SUBCOMMANDS {
        // roff escapes the dash.
        assert!(page.contains(&format!("copydesk\\-{name}(1)")), "{name}");
    }
}

#[test]
fn man_output_dir_writes_a_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let output = run(&["man", "--output-dir", out.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let main = fs::read_to_string(out.join("copydesk.1")).unwrap();
    assert!(title_line(&main).starts_with(".TH COPYDESK 1 "));
    for name in SUBCOMMANDS {
        let page = fs::read_to_string(out.join(format!("copydesk-{name}.1"))).unwrap();
        let title = format!(".TH COPYDESK-{} 1 ", name.to_uppercase());
        assert!(title_line(&page).starts_with(&title), "{page}");
    }
    let build = fs::read_to_string(out.join("copydesk-index-build.1")).unwrap();
    assert!(build.contains("\\-\\-batch\\-size"), "{build}");
    let written = fs::read_dir(&out).unwrap().count();
    assert_eq!(
        written,
        SUBCOMMANDS.len() + 5,
        "4 index pages, no temporary files"
    );
}
