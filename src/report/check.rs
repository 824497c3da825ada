//! Check reports: one record per draft with its findings, and the run's totals; a
//! human rendering with severities coloured on a terminal.

use serde::Serialize;

use super::sanitize;
use super::summary::SummarySentence;
use crate::check::{Finding, Severity};

/// Findings counted by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub info: usize,
}

impl Counts {
    pub fn of(findings: &[Finding]) -> Counts {
        let mut counts = Counts::default();
        for finding in findings {
            match finding.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.info += 1,
            }
        }
        counts
    }

    pub fn add(&mut self, other: Counts) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.info += other.info;
    }
}

/// One checked draft.
#[derive(Clone, Debug, Serialize)]
pub struct DraftReport {
    /// The path, JSONL id, or `-` for stdin.
    pub id: String,
    pub findings: Vec<Finding>,
    pub counts: Counts,
    /// `--summary N`: the draft's summary sentences.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Vec<SummarySentence>>,
    /// The draft itself, to quote findings from (not serialised).
    #[serde(skip)]
    pub text: String,
}

/// The run's totals.
#[derive(Clone, Debug, Serialize)]
pub struct Totals {
    pub drafts: usize,
    #[serde(flatten)]
    pub counts: Counts,
    /// The `--fail-on` level and whether a finding reached it.
    pub fail_on: Severity,
    pub failed: bool,
}

/// Terminal colours, used only when stdout is a terminal and `NO_COLOR` is unset.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub colour: bool,
    pub terminal: bool,
}

impl Style {
    fn paint(&self, text: &str, code: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn clean(&self, text: &str) -> String {
        if self.terminal {
            sanitize::for_terminal(text)
        } else {
            text.to_string()
        }
    }
}

impl DraftReport {
    /// The human report of one draft: one block per finding, most severe first.
    pub fn to_text(&self, style: Style) -> String {
        let draft = self.text.as_str();
        let mut out = format!("{}\n", style.paint(&style.clean(&self.id), "1"));
        for finding in &self.findings {
            out.push_str(&finding_text(finding, draft, style));
        }
        if let Some(summary) = &self.summary {
            out.push_str("  summary:\n");
            for s in summary {
                let line = sanitize::one_line(&s.text);
                out.push_str(&format!("    {}\n", style.clean(&line)));
            }
        }
        let c = self.counts;
        out.push_str(&format!(
            "  {} error(s), {} warning(s), {} note(s)\n\n",
            c.errors, c.warnings, c.info
        ));
        out
    }
}

fn finding_text(f: &Finding, draft: &str, style: Style) -> String {
    let label = match f.severity {
        Severity::Error => style.paint("error  ", "31;1"),
        Severity::Warning => style.paint("warning", "33;1"),
        Severity::Info => style.paint("note   ", "36"),
    };
    let kind = serde_json::to_value(f.kind).expect("kinds serialize");
    let mut out = format!(
        "  {label} {} bytes {}..{}: {}\n",
        kind.as_str().unwrap_or_default(),
        f.start,
        f.end,
        style.clean(&f.message)
    );
    if let Some(title) = f.archive.as_ref().and_then(|a| a.title.as_deref()) {
        out.push_str(&format!(
            "          archived as \"{}\"\n",
            style.clean(title)
        ));
    }
    if f.end - f.start <= 400 && f.start < f.end {
        let quoted = sanitize::one_line(draft.get(f.start..f.end).unwrap_or_default());
        out.push_str(&format!("          > {}\n", style.clean(&quoted)));
    }
    out
}

impl Totals {
    pub fn to_text(&self) -> String {
        let verdict = if self.failed { "FAILED" } else { "passed" };
        format!(
            "{} draft(s): {} error(s), {} warning(s), {} note(s); {verdict} (--fail-on {})\n",
            self.drafts,
            self.counts.errors,
            self.counts.warnings,
            self.counts.info,
            self.fail_on.name()
        )
    }
}
