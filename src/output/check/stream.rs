//! A check report on its way to standard output: the chosen format's [`Emitter`]
//! renders each draft as soon as it is checked, and the run's totals close it.

use std::ops::ControlFlow;

use super::text::Style;
use super::{emitter, CheckFormat, DraftReport, Emitter, Totals};
use crate::check::Severity;
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
