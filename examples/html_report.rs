//! Writes the HTML report of `copydesk check` for one draft to stdout, through the
//! library: repetition within the draft, and, when archived articles are given, what
//! the draft shares with them (read into a scratch index, like `check --against`).
//!
//! ```sh
//! cargo run --example html_report -- DRAFT.txt [ARCHIVED.txt...] > report.html
//! ```

use std::io::{self, Write};
use std::process::ExitCode;

use copydesk::check::{self, CheckOptions, Severity};
use copydesk::html_report::{self as html, HtmlDraft};
use copydesk::index::{Index, IndexedDoc};
use copydesk::sketch::{Header, DEFAULT_SEED};
use copydesk::text::TextFormat;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let Some((draft, archived)) = paths.split_first() else {
        eprintln!("usage: html_report DRAFT [ARCHIVED...]");
        return ExitCode::from(2);
    };
    match report(draft, archived) {
        Ok(page) => match io::stdout().lock().write_all(page.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("html_report: {e}");
                ExitCode::from(2)
            }
        },
        Err(e) => {
            eprintln!("html_report: {e}");
            ExitCode::from(2)
        }
    }
}

fn report(path: &str, archived: &[String]) -> Result<String, String> {
    let read = |p: &str| std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}"));
    let text = read(path)?;
    let options = CheckOptions::default();
    let mut findings = check::check_within(&text, &options);
    if !archived.is_empty() {
        let header = Header::new(5, 128, DEFAULT_SEED, options.archive.near_duplicate, None);
        let mut archive = Index::scratch(&header, "archive").map_err(|e| e.to_string())?;
        let sketcher = archive.sketcher();
        let mut docs = Vec::new();
        for p in archived {
            docs.push(IndexedDoc::build(
                &sketcher,
                p,
                &read(p)?,
                TextFormat::Plain,
            ));
        }
        archive.add(&header, docs).map_err(|e| e.to_string())?;
        let found = check::check_against(&text, TextFormat::Plain, &archive, &options);
        findings.extend(found.map_err(|e| e.to_string())?);
        check::sort(&mut findings);
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings, info) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let d = HtmlDraft {
        number: 0,
        id: path,
        text: &text,
        findings: &findings,
        omitted: &[],
    };
    Ok(html::begin()
        + &html::draft(&d)
        + &html::end(1, errors, warnings, info, errors + warnings > 0, 0))
}
