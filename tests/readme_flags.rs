//! The README documents every long flag of every subcommand, where that command is
//! described: the test walks the clap command tree and names each flag the README's
//! sections for its command do not mention as `--flag`.

// Runs the binary, which needs the `cli` feature.
#![cfg(feature = "cli")]

use std::collections::BTreeSet;

use clap::Command;

const README: &str = include_str!("../README.md");

/// The README sections (headings, with their subsections) that describe each command.
const SECTIONS: &[(&str, &[&str])] = &[
    ("summarize", &["Usage", "How it works"]),
    ("check", &["Checking a draft before publication"]),
    (
        "dedup",
        &["Finding near-duplicates", "Beyond one machine: Spark"],
    ),
    ("sketch", &["Sketch shards for distributed dedup"]),
    ("extract", &["Web pages"]),
    ("eval", &["Evaluating summaries"]),
    ("index", &["The archive index"]),
    ("completions", &["Shell completions and man pages"]),
    ("man", &["Shell completions and man pages"]),
];

/// Sections about every command that reads documents (inputs, encodings, languages)
/// or about every command at all (threads, quiet, output).
const GENERAL: &[&str] = &[
    "Usage",
    "Web pages, encodings and languages",
    "Output formats",
    "Bad input and exit codes",
];

/// A heading and the text below it up to the next heading of the same or a higher
/// level (its subsections included).
struct Section {
    title: String,
    text: String,
}

/// The README's sections; `#` lines inside code blocks are not headings.
fn sections(readme: &str) -> Vec<Section> {
    let mut headings = Vec::new();
    let mut in_code = false;
    let lines: Vec<&str> = readme.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if !in_code && line.starts_with('#') {
            let level = line.chars().take_while(|&c| c == '#').count();
            headings.push((i, level, line[level..].trim().to_string()));
        }
    }
    headings
        .iter()
        .map(|&(start, level, ref title)| {
            let end = headings
                .iter()
                .find(|&&(i, l, _)| i > start && l <= level)
                .map_or(lines.len(), |&(i, _, _)| i);
            Section {
                title: title.clone(),
                text: lines[start..end].join("\n"),
            }
        })
        .collect()
}

/// Whether `text` mentions `--flag` as a whole flag (`--print` is not in `--print0`).
fn mentions(text: &str, flag: &str) -> bool {
    let needle = format!("--{flag}");
    text.match_indices(&needle).any(|(at, _)| {
        let after = text[at + needle.len()..].chars().next();
        !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    })
}

/// The text of the README sections titled `titles`; every title must exist.
fn text_of(all: &[Section], titles: &[&str]) -> String {
    titles
        .iter()
        .map(|title| {
            let section = all.iter().find(|s| s.title == *title);
            let section = section.unwrap_or_else(|| panic!("README has no section {title:?}"));
            section.text.as_str()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The visible long flags of `command` (help and version left out).
fn long_flags(command: &Command) -> Vec<(String, bool)> {
    command
        .get_arguments()
        .filter(|a| !a.is_hide_set())
        .filter_map(|a| a.get_long().map(|l| (l.to_string(), a.is_global_set())))
        .filter(|(l, _)| l != "help" && l != "version")
        .collect()
}

/// Every subcommand below `command` with its path (`index build`), depth first.
fn subcommands(command: &Command, path: &str, out: &mut Vec<(String, Command)>) {
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("{path} {}", sub.get_name()).trim().to_string();
        out.push((name.clone(), sub.clone()));
        subcommands(sub, &name, out);
    }
}

/// Whether `command` reads documents (takes the shared input arguments).
fn reads_documents(command: &Command) -> bool {
    command.get_arguments().any(|a| a.get_id() == "paths")
}

/// The flags every command that reads documents takes: documented once, in the
/// general sections, for all of them.
fn shared_input_flags(commands: &[(String, Command)]) -> BTreeSet<String> {
    let readers = commands.iter().filter(|(_, c)| reads_documents(c));
    let mut flag_sets = readers.map(|(_, c)| long_flags(c).into_iter().map(|(f, _)| f));
    let first: BTreeSet<String> = flag_sets.next().expect("some command reads").collect();
    flag_sets.fold(first, |common, flags| {
        let flags: BTreeSet<String> = flags.collect();
        common.intersection(&flags).cloned().collect()
    })
}

/// `copydesk COMMAND --flag` for each flag the README does not document.
fn undocumented(readme: &str) -> Vec<String> {
    let all = sections(readme);
    let general = text_of(&all, GENERAL);
    let mut root = copydesk::cli::command().disable_help_subcommand(true);
    root.build();
    let mut commands = Vec::new();
    subcommands(&root, "", &mut commands);
    let shared = shared_input_flags(&commands);
    let mut missing = Vec::new();
    for (path, command) in &commands {
        let top = path.split(' ').next().unwrap_or_default();
        let titles = SECTIONS.iter().find(|(name, _)| *name == top);
        let titles = titles.unwrap_or_else(|| panic!("no README section listed for {path}"));
        let own = text_of(&all, titles.1);
        for (flag, global) in long_flags(command) {
            let general_flag = global || (reads_documents(command) && shared.contains(&flag));
            if !(mentions(&own, &flag) || general_flag && mentions(&general, &flag)) {
                missing.push(format!("copydesk {path} --{flag}"));
            }
        }
    }
    missing
}

#[test]
fn readme_documents_every_flag_of_every_subcommand() {
    let missing = undocumented(README);
    assert!(
        missing.is_empty(),
        "README.md does not mention these flags where their command is described:\n  {}",
        missing.join("\n  ")
    );
}

#[test]
fn a_flag_missing_from_its_commands_section_is_named() {
    // `--batch-size` is documented only in the archive index section.
    let readme = README.replace("--batch-size", "--batch");
    let missing = undocumented(&readme);
    assert!(missing.contains(&"copydesk index build --batch-size".to_string()));
    assert!(missing.contains(&"copydesk index add --batch-size".to_string()));
}

#[test]
fn a_flag_is_matched_whole() {
    assert!(mentions("use `--print0`.", "print0"));
    assert!(!mentions("use `--print0`.", "print"));
    assert!(!mentions("--paragraph-threshold", "paragraph"));
    assert!(mentions("--print unique", "print"));
}
