//! Check reports: one record per draft with its findings, and the run's totals, in
//! every format `check` offers. Each format is an [`Emitter`] that renders a draft as
//! soon as it is checked, so a run holds one draft at a time whatever their number:
//!
//! - [`text`]: `PATH:LINE:COL: SEVERITY[KIND]: MESSAGE` lines, as compilers print them;
//! - [`json`]: one JSON document, or JSON Lines (one record per draft, then totals);
//! - [`sarif`]: a SARIF 2.1.0 log for code-scanning tools;
//! - HTML: one self-contained page ([`crate::output::html`]).
//!
//! [`stream::CheckReport`] sends them to standard output with the run's totals.

pub mod json;
pub mod sarif;
pub mod stream;
pub mod text;

pub use stream::{CheckFormat, Emitter};

use serde::Serialize;

use super::summary::SummarySentence;
use crate::check::{Finding, Kind, LeftOut, Severity};
use crate::html::SourceMap;
use crate::input::WebPage;
use crate::text::location::Locator;
use crate::text::{Language, Span};

/// Findings of one kind listed per draft unless `--max-findings` says otherwise: far
/// more than an ordinary draft has, few enough for a degenerate one to stay readable.
pub const DEFAULT_MAX_FINDINGS: usize = 100;

/// Related places listed per finding; the rest are counted (a phrase repeated through
/// a degenerate draft can have a million).
pub const MAX_RELATED: usize = 20;

/// Findings counted by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub info: usize,
}

impl Counts {
    /// The counts of `findings`.
    pub fn of(findings: &[Finding]) -> Counts {
        let mut counts = Counts::default();
        for finding in findings {
            counts.add_severity(finding.severity, 1);
        }
        counts
    }

    /// Counts `n` more findings of `severity`.
    pub fn add_severity(&mut self, severity: Severity, n: usize) {
        match severity {
            Severity::Error => self.errors += n,
            Severity::Warning => self.warnings += n,
            Severity::Info => self.info += n,
        }
    }

    /// Adds `other` to these counts.
    pub fn add(&mut self, other: Counts) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.info += other.info;
    }
}

/// One checked draft, its findings capped per kind.
#[derive(Clone, Debug)]
pub struct DraftReport {
    /// The path, JSONL id, or `-` for stdin.
    pub id: String,
    /// The file the draft was read from, when the draft is a whole file (not for stdin
    /// or a JSONL record).
    pub path: Option<String>,
    /// The draft itself, which the findings' offsets index.
    pub text: String,
    /// The findings listed: most severe first, then by place; at most the cap of
    /// each kind.
    pub findings: Vec<Finding>,
    /// All findings, listed or not, by severity.
    pub counts: Counts,
    /// Findings left out per kind, in the order kinds were first left out.
    pub omitted: Vec<(Kind, usize)>,
    /// `--summary N`: the draft's summary sentences.
    pub summary: Option<Vec<SummarySentence>>,
    /// Whether a finding reached the `--fail-on` level (listed or not).
    pub failed: bool,
    /// The text began with a byte-order mark (blanked): columns of line 1 start after it.
    pub bom: bool,
    /// The language the draft was analysed in.
    pub language: Language,
    /// The page a web-page draft's text was extracted from.
    pub page: Option<Box<WebPage>>,
}

impl DraftReport {
    /// The report of a draft whose `findings` are sorted (see `check::sort`): the
    /// first `max_findings` of each kind are kept, the rest counted, together with
    /// those `left_out` before they were made into findings.
    pub fn new(
        id: String,
        path: Option<String>,
        text: String,
        findings: Vec<Finding>,
        left_out: &LeftOut,
        max_findings: usize,
        fail_on: Severity,
    ) -> DraftReport {
        let mut counts = Counts::of(&findings);
        let mut failed = findings.iter().any(|f| f.severity >= fail_on);
        for &(_, severity, count) in &left_out.counts {
            counts.add_severity(severity, count);
            failed |= severity >= fail_on;
        }
        let (findings, mut omitted) = cap_per_kind(findings, max_findings);
        for &(kind, _, count) in &left_out.counts {
            match omitted.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, n)) => *n += count,
                None => omitted.push((kind, count)),
            }
        }
        DraftReport {
            id,
            path,
            text,
            findings,
            counts,
            omitted,
            summary: None,
            failed,
            bom: false,
            language: Language::default(),
            page: None,
        }
    }

    /// Lines and columns of the draft's places.
    pub fn places(&self) -> Places<'_> {
        let bom = if self.bom { '\u{feff}'.len_utf8() } else { 0 };
        let in_page = self.page.as_deref().map(|page| {
            let locator = Locator::new(&page.html);
            let offsets = page.source_offsets;
            (SourceMap::new(&page.html), locator, offsets)
        });
        Places {
            text: &self.text,
            locator: Locator::new(&self.text).skipping(bom),
            in_page,
        }
    }
}

/// A place of a draft as reports give it: byte offsets into the draft's text, the line
/// and column of both ends in the file an editor opens, and, for a web page, the byte
/// offsets in the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Place {
    /// Byte offset of the start in the draft's text.
    pub start: usize,
    /// Byte offset of the end in the draft's text.
    pub end: usize,
    /// Absent for a web page's place that is not verbatim in the page.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub lines: Option<Lines>,
    /// For a web page: the byte offset of the start in the page, where verbatim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_start: Option<usize>,
    /// For a web page: the byte offset of the end in the page, where verbatim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_end: Option<usize>,
}

/// 1-based line and character column of a place's start, and of the place just after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Lines {
    /// Line of the start (1-based).
    pub line: usize,
    /// Column of the start, in characters (1-based).
    pub column: usize,
    /// Line of the place just after the end.
    pub end_line: usize,
    /// Column of the place just after the end.
    pub end_column: usize,
}

/// Locates a draft's places: in the draft itself, or for a web page in the page, where
/// the place is verbatim (see [`SourceMap`]).
pub struct Places<'d> {
    text: &'d str,
    locator: Locator<'d>,
    /// For a web page: the page's map and locator, and whether offsets into the page
    /// are those of its file.
    in_page: Option<(SourceMap<'d>, Locator<'d>, bool)>,
}

impl Places<'_> {
    /// Where `span` of the draft's text is, in the draft (or its page).
    pub fn place(&self, span: Span) -> Place {
        let Some((map, locator, offsets)) = &self.in_page else {
            return Place {
                start: span.start,
                end: span.end,
                lines: Some(lines(&self.locator, span)),
                source_start: None,
                source_end: None,
            };
        };
        let found = map.locate(self.text, span);
        Place {
            start: span.start,
            end: span.end,
            lines: found.map(|s| lines(locator, s)),
            source_start: found.filter(|_| *offsets).map(|s| s.start),
            source_end: found.filter(|_| *offsets).map(|s| s.end),
        }
    }
}

fn lines(locator: &Locator, span: Span) -> Lines {
    let location = locator.locate(span);
    Lines {
        line: location.line,
        column: location.column,
        end_line: location.end_line,
        end_column: location.end_column,
    }
}

/// The report of `text` checked within itself with the default options, as the
/// emitters' tests render it (fail level warning, 100 findings a kind).
#[cfg(test)]
pub(crate) fn checked(id: &str, path: Option<&str>, text: &str) -> DraftReport {
    let findings = crate::check::check_within(text, &crate::check::CheckOptions::default());
    DraftReport::new(
        id.into(),
        path.map(str::to_string),
        text.into(),
        findings,
        &LeftOut::default(),
        100,
        Severity::Warning,
    )
}

/// Keeps the first `max` findings of each kind, in order, and counts the others.
fn cap_per_kind(findings: Vec<Finding>, max: usize) -> (Vec<Finding>, Vec<(Kind, usize)>) {
    let mut seen: Vec<(Kind, usize)> = Vec::new();
    let mut kept = Vec::new();
    for finding in findings {
        let count = match seen.iter_mut().find(|(kind, _)| *kind == finding.kind) {
            Some((_, count)) => count,
            None => {
                seen.push((finding.kind, 0));
                &mut seen.last_mut().expect("just pushed").1
            }
        };
        *count += 1;
        if *count <= max {
            kept.push(finding);
        }
    }
    let omitted = seen
        .into_iter()
        .filter(|&(_, count)| count > max)
        .map(|(kind, count)| (kind, count - max))
        .collect();
    (kept, omitted)
}

/// The run's totals.
#[derive(Clone, Debug, Serialize)]
pub struct Totals {
    /// Drafts checked.
    pub drafts: usize,
    /// Inputs that could not be read or checked (the run then exits with status 2).
    pub unchecked: usize,
    /// Findings of all drafts, by severity.
    #[serde(flatten)]
    pub counts: Counts,
    /// The `--fail-on` level and whether a finding reached it.
    pub fail_on: Severity,
    /// Whether a finding reached the `--fail-on` level.
    pub failed: bool,
}

impl Totals {
    /// No draft yet, failing at `fail_on`.
    pub fn new(fail_on: Severity) -> Totals {
        Totals {
            drafts: 0,
            unchecked: 0,
            counts: Counts::default(),
            fail_on,
            failed: false,
        }
    }

    /// Counts `draft` in.
    pub fn add(&mut self, draft: &DraftReport) {
        self.drafts += 1;
        self.counts.add(draft.counts);
        self.failed |= draft.failed;
    }
}

/// The snake_case name of a kind, as machine formats spell it.
pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::RepeatedSentence => "repeated_sentence",
        Kind::RedundantParagraphs => "redundant_paragraphs",
        Kind::RepeatedPhrase => "repeated_phrase",
        Kind::NearDuplicate => "near_duplicate",
        Kind::Overlap => "overlap",
        Kind::ParagraphMatch => "paragraph_match",
        Kind::Reworded => "reworded",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Span;

    fn finding(kind: Kind, severity: Severity, start: usize) -> Finding {
        Finding::new(kind, severity, Span::new(start, start + 1), String::new())
    }

    #[test]
    fn findings_are_capped_per_kind_and_counted_whole() {
        let findings = vec![
            finding(Kind::RepeatedSentence, Severity::Warning, 0),
            finding(Kind::RepeatedSentence, Severity::Warning, 2),
            finding(Kind::RepeatedPhrase, Severity::Info, 1),
            finding(Kind::RepeatedSentence, Severity::Warning, 5),
            finding(Kind::RepeatedPhrase, Severity::Info, 3),
            finding(Kind::RepeatedPhrase, Severity::Info, 4),
        ];
        // Four more repeated sentences were counted before they became findings.
        let left_out = LeftOut {
            counts: vec![(Kind::RepeatedSentence, Severity::Warning, 4)],
            ..LeftOut::default()
        };
        let report = DraftReport::new(
            "d".into(),
            None,
            "x".repeat(9),
            findings,
            &left_out,
            1,
            Severity::Error,
        );
        let kept: Vec<(Kind, usize)> = report.findings.iter().map(|f| (f.kind, f.start)).collect();
        assert_eq!(
            kept,
            [(Kind::RepeatedSentence, 0), (Kind::RepeatedPhrase, 1)]
        );
        assert_eq!(
            report.omitted,
            [(Kind::RepeatedSentence, 6), (Kind::RepeatedPhrase, 2)]
        );
        assert_eq!((report.counts.warnings, report.counts.info), (7, 3));
        assert!(!report.failed);
    }

    #[test]
    fn a_finding_left_out_still_fails_the_draft() {
        let findings = vec![
            finding(Kind::RepeatedPhrase, Severity::Info, 0),
            finding(Kind::RepeatedPhrase, Severity::Info, 1),
        ];
        let report = DraftReport::new(
            "d".into(),
            None,
            "xx".into(),
            findings,
            &LeftOut::default(),
            0,
            Severity::Info,
        );
        assert!(report.findings.is_empty());
        assert!(report.failed);
        let left_out = LeftOut {
            counts: vec![(Kind::RepeatedSentence, Severity::Warning, 1)],
            ..LeftOut::default()
        };
        let report = DraftReport::new(
            "d".into(),
            None,
            "xx".into(),
            Vec::new(),
            &left_out,
            5,
            Severity::Warning,
        );
        assert!(report.failed, "counted before it became a finding");
    }
}
