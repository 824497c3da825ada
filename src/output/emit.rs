//! Framing of per-document records (`summarize`, `extract`) and where they go:
//! standard output, with headers between text documents, a JSON array around several
//! objects and one line per JSONL record; or one file each under `--output-dir`.

use std::ops::ControlFlow;
use std::path::PathBuf;

use serde::Serialize;

use super::dir::OutputDir;
use super::stdout::{Outcome, Stdout};
use super::{messages, sanitize, Format};
use crate::input::Origin;

/// A per-document result that can be printed for people or machines.
pub trait Record: Serialize {
    /// The text rendering; `terminal` asks for untrusted text to be neutralised.
    fn to_text(&self, terminal: bool) -> String;
}

/// Renders `record` in `format`; `terminal` neutralises article text for a terminal.
pub fn render<R: Record>(record: &R, format: Format, terminal: bool) -> String {
    match format {
        Format::Text => record.to_text(terminal),
        Format::Json => serde_json::to_string_pretty(record).expect("records serialize"),
        Format::Jsonl => serde_json::to_string(record).expect("records serialize"),
    }
}

/// Where a run's rendered documents go, framed for `format`, in the order given.
pub struct RecordSink {
    format: Format,
    /// Several documents (a folder, several paths, JSONL records): text gets headers,
    /// JSON an array.
    several: bool,
    output_dir: Option<OutputDir>,
    stdout_is_terminal: bool,
    stdout: Stdout,
    printed: usize,
    /// Files that could not be written under `--output-dir`.
    failed: usize,
}

impl RecordSink {
    /// A sink printing to stdout, or writing under `output_dir` when given.
    pub fn new(
        format: Format,
        several: bool,
        output_dir: Option<OutputDir>,
        stdout_is_terminal: bool,
    ) -> Self {
        RecordSink {
            format,
            several,
            output_dir,
            stdout_is_terminal,
            stdout: Stdout::default(),
            printed: 0,
            failed: 0,
        }
    }

    /// Whether rendered text reaches a terminal (and so needs untrusted text
    /// neutralised); files never do.
    pub fn terminal(&self) -> bool {
        self.stdout_is_terminal && self.output_dir.is_none()
    }

    /// Prints or writes one rendered document; `Break` once stdout is gone.
    pub fn emit(&mut self, id: &str, origin: &Origin, rendered: String) -> ControlFlow<()> {
        if let Some(dir) = &self.output_dir {
            let name = output_name(id, origin, self.format);
            if let Err(message) = dir.write(&name, terminated(rendered).as_bytes()) {
                self.failed += 1;
                messages::error(format!("{id}: {message}"));
            }
            return ControlFlow::Continue(());
        }
        let (before, after) = self.frame(id);
        self.printed += 1;
        let printed = [before.as_str(), &rendered, after]
            .into_iter()
            .filter(|part| !part.is_empty())
            .try_for_each(|part| self.stdout.print(part));
        printed
    }

    /// What goes before and after a rendered document (written around it, not
    /// copied together with it).
    fn frame(&self, id: &str) -> (String, &'static str) {
        let first = self.printed == 0;
        match (self.format, self.several) {
            (Format::Text, true) => {
                let gap = if first { "" } else { "\n" };
                (format!("{gap}==> {} <==\n", sanitize::for_terminal(id)), "")
            }
            (Format::Json, true) => ((if first { "[\n" } else { ",\n" }).to_string(), ""),
            (Format::Text, false) => (String::new(), ""),
            (Format::Json | Format::Jsonl, _) => (String::new(), "\n"),
        }
    }

    /// Closes the JSON array, flushes, and says how the output ended: a file that
    /// could not be written under `--output-dir` is a failure.
    pub fn finish(mut self) -> Outcome {
        if self.output_dir.is_some() {
            return match self.failed {
                0 => Outcome::Complete,
                _ => Outcome::Failed,
            };
        }
        if self.format == Format::Json && self.several {
            let end = if self.printed == 0 { "[]\n" } else { "\n]\n" };
            let _ = self.stdout.print(end);
        }
        self.stdout.finish()
    }
}

/// Files end with exactly one line break.
fn terminated(mut text: String) -> String {
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// The file a document's result is written to under `--output-dir`: text keeps the
/// input's name, JSON adds `.json`; records are named by id, stdin is `stdin`.
fn output_name(id: &str, origin: &Origin, format: Format) -> PathBuf {
    let base = match origin {
        Origin::File { relative, .. } => relative.clone(),
        Origin::Stdin => PathBuf::from("stdin"),
        Origin::Record { .. } => PathBuf::from(id),
    };
    let suffix = match (format, origin) {
        (Format::Text, Origin::File { .. }) => return base,
        (Format::Text, _) => ".txt",
        (Format::Json | Format::Jsonl, _) => ".json",
    };
    let mut name = base.into_os_string();
    name.push(suffix);
    PathBuf::from(name)
}
