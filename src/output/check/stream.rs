//! A check report on its way to standard output: the formats, the [`Emitter`] of
//! each, which renders a draft as soon as it is checked, and the [`CheckReport`] that
//! prints them and closes the report with the run's totals.

use std::ops::ControlFlow;

use super::text::{Style, TextEmitter};
use super::{json, sarif, DraftReport, Totals};
use crate::check::Severity;
use crate::output::html;
use crate::output::stdout::{Outcome, Stdout};

/// The report being written: the format's emitter, stdout, and the totals.
pub struct CheckReport {
    emitter: Box<dyn Emitter>,
    stdout: Stdout,
    totals: Totals,
}

impl CheckReport {
    /// Starts a report in `format` (printing what comes before the first draft);
    /// `style` matters to text only.
    pub fn new(format: CheckFormat, style: Style, max_findings: usize, fail_on: Severity) -> Self {
        let mut emitter = emitter(format, style, max_findings);
        let mut stdout = Stdout::default();
        let _ = stdout.print(&emitter.begin());
        CheckReport {
            emitter,
            stdout,
            totals: Totals::new(fail_on),
        }
    }

    /// Counts and prints one draft's report; `Break` once stdout is gone.
    pub fn draft(&mut self, draft: &DraftReport) -> ControlFlow<()> {
        self.totals.add(draft);
        let text = self.emitter.draft(draft);
        self.stdout.print(&text)
    }

    /// The totals of the drafts reported so far.
    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    /// Ends the report with the totals, `unchecked` inputs included; returns how the
    /// output ended and the totals.
    pub fn finish(mut self, unchecked: usize) -> (Outcome, Totals) {
        self.totals.unchecked = unchecked;
        let end = self.emitter.end(&self.totals);
        let _ = self.stdout.print(&end);
        (self.stdout.finish(), self.totals)
    }
}

/// A check report format, rendered piece by piece as drafts are checked.
pub trait Emitter {
    /// What comes before the first draft.
    fn begin(&mut self) -> String;
    /// One draft's report.
    fn draft(&mut self, draft: &DraftReport) -> String;
    /// What comes after the last draft.
    fn end(&mut self, totals: &Totals) -> String;
}

/// The formats `check` writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CheckFormat {
    /// `PATH:LINE:COL` lines for people.
    #[default]
    Text,
    /// One JSON document.
    Json,
    /// JSON Lines: a record per draft, then the totals.
    Jsonl,
    /// A SARIF 2.1.0 log.
    Sarif,
    /// One self-contained HTML page.
    Html,
}

/// The emitter of `format`; `style` matters to text only.
fn emitter(format: CheckFormat, style: Style, max_findings: usize) -> Box<dyn Emitter> {
    match format {
        CheckFormat::Text => Box::new(TextEmitter::new(style, max_findings)),
        CheckFormat::Json => Box::new(json::JsonEmitter::default()),
        CheckFormat::Jsonl => Box::new(json::JsonlEmitter),
        CheckFormat::Sarif => Box::new(sarif::SarifEmitter::default()),
        CheckFormat::Html => Box::new(html::HtmlEmitter::default()),
    }
}
