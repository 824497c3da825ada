//! Where per-document results go: standard output (with headers between text
//! documents, a JSON array around several objects, one line per JSONL record) or one
//! file each under `--output-dir`.

use std::ops::ControlFlow;
use std::path::PathBuf;

use serde::Serialize;

use super::printer::{Closed, Printer};
use super::ExitStatus;
use crate::input::Origin;
use crate::output::OutputDir;
use crate::report::{sanitize, Format};

/// A per-document result that can be printed for people or machines.
pub trait Record: Serialize {
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

pub struct Emitter {
    format: Format,
    several: bool,
    output_dir: Option<OutputDir>,
    printer: Printer,
    printed: usize,
    failed: usize,
    closed: Option<Closed>,
}

impl Emitter {
    pub fn new(format: Format, several: bool, output_dir: Option<OutputDir>) -> Self {
        Emitter {
            format,
            several,
            output_dir,
            printer: Printer::default(),
            printed: 0,
            failed: 0,
            closed: None,
        }
    }

    /// Whether rendered text goes to files (so needs no terminal escaping).
    pub fn to_files(&self) -> bool {
        self.output_dir.is_some()
    }

    /// Prints or writes one rendered document; `Break` once stdout is gone.
    pub fn emit(&mut self, id: &str, origin: &Origin, rendered: String) -> ControlFlow<()> {
        if let Some(dir) = &self.output_dir {
            let name = output_name(id, origin, self.format);
            if let Err(message) = dir.write(&name, terminated(rendered).as_bytes()) {
                self.failed += 1;
                super::error(format!("{id}: {message}"));
            }
            return ControlFlow::Continue(());
        }
        let (before, after) = self.frame(id);
        self.printed += 1;
        let printed = [before.as_str(), &rendered, after]
            .into_iter()
            .filter(|part| !part.is_empty())
            .try_for_each(|part| self.printer.print(part));
        match printed {
            Ok(()) => ControlFlow::Continue(()),
            Err(closed) => {
                self.closed = Some(closed);
                ControlFlow::Break(())
            }
        }
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

    /// Closes the JSON array, flushes, and says how the run ended given `input_failures`.
    pub fn finish(mut self, input_failures: usize) -> ExitStatus {
        if self.closed.is_none() && self.output_dir.is_none() {
            if let Err(closed) = self.close_stream() {
                self.closed = Some(closed);
            }
        }
        match self.closed {
            Some(Closed { broken_pipe: true }) => ExitStatus::Success,
            Some(_) => ExitStatus::Error,
            None if self.failed + input_failures > 0 => ExitStatus::Error,
            None => ExitStatus::Success,
        }
    }

    fn close_stream(&mut self) -> Result<(), Closed> {
        if self.format == Format::Json && self.several {
            let end = if self.printed == 0 { "[]\n" } else { "\n]\n" };
            self.printer.print(end)?;
        }
        self.printer.flush()
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
