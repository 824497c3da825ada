//! The report for people, in the convention compilers and linters use so editors and
//! CI annotate it without configuration:
//!
//! ```text
//! draft.txt:12:5: warning[repeated_sentence]: sentence 7 repeats sentence 3 (100% of its terms)
//!     > The council approved the budget on Tuesday.
//! draft.txt:4:1: note: first said here
//! ```
//!
//! Lines and columns are 1-based, columns counted in characters. Each related place is
//! a `note` line of its own; quoted text is indented so no tool takes it for a location.

use super::{kind_name, DraftReport, Emitter, Places, Totals, MAX_RELATED};
use crate::check::{ArchiveMatch, Finding, Severity};
use crate::output::sanitize::{self, one_line};
use crate::text::Span;

/// Quoted excerpts longer than this many bytes are cut.
const MAX_QUOTE_BYTES: usize = 400;

/// How text is dressed for where it goes.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// Colour severities (stdout is a terminal and `NO_COLOR` is unset).
    pub colour: bool,
    /// Neutralise control characters in untrusted text (stdout is a terminal).
    pub terminal: bool,
}

impl Style {
    /// The style of a report on standard output: colours and neutralised text on a
    /// terminal, colours never with `NO_COLOR` set (to anything but nothing).
    pub fn for_stdout(stdout_is_terminal: bool) -> Style {
        Style {
            colour: stdout_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            terminal: stdout_is_terminal,
        }
    }

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

/// The text report, draft by draft.
pub struct TextEmitter {
    style: Style,
    max_findings: usize,
}

impl TextEmitter {
    /// A text emitter in `style`, listing `max_findings` findings of a kind.
    pub fn new(style: Style, max_findings: usize) -> Self {
        TextEmitter {
            style,
            max_findings,
        }
    }
}

impl Emitter for TextEmitter {
    fn begin(&mut self) -> String {
        String::new()
    }

    fn draft(&mut self, draft: &DraftReport) -> String {
        draft_text(draft, self.style, self.max_findings)
    }

    fn end(&mut self, totals: &Totals) -> String {
        totals_text(totals)
    }
}

/// One draft: its findings, what was left out, its summary, and its counts.
fn draft_text(draft: &DraftReport, style: Style, max_findings: usize) -> String {
    let path = one_line(&style.clean(&draft.id));
    let places = draft.places();
    let mut out = String::new();
    for finding in &draft.findings {
        out.push_str(&finding_text(finding, &path, &draft.text, &places, style));
    }
    for &(kind, count) in &draft.omitted {
        out.push_str(&format!(
            "{path}: and {count} more {} findings (--max-findings {max_findings})\n",
            kind_name(kind)
        ));
    }
    if let Some(summary) = &draft.summary {
        out.push_str(&format!("{path}: summary:\n"));
        for s in summary {
            out.push_str(&format!("    {}\n", style.clean(&one_line(&s.text))));
        }
    }
    let c = draft.counts;
    out.push_str(&format!(
        "{path}: {} error(s), {} warning(s), {} info\n\n",
        c.errors, c.warnings, c.info
    ));
    out
}

fn finding_text(f: &Finding, path: &str, draft: &str, places: &Places, style: Style) -> String {
    let at = line_column_of(places, Span::new(f.start, f.end));
    let label = severity_label(f.severity, style);
    let mut out = format!(
        "{path}:{at} {label}[{}]: {}\n",
        kind_name(f.kind),
        style.clean(&one_line(&f.message))
    );
    if let Some(archive) = &f.archive {
        out.push_str(&archive_line(archive, style));
    }
    if let Some(quoted) = quote(draft, Span::new(f.start, f.end)) {
        out.push_str(&format!("    > {}\n", style.clean(&quoted)));
    }
    for related in f.related.iter().take(MAX_RELATED) {
        let at = line_column_of(places, related.span);
        let note = style.paint("note", "1");
        out.push_str(&format!("{path}:{at} {note}: {}\n", related.note));
    }
    if f.related.len() > MAX_RELATED {
        let more = f.related.len() - MAX_RELATED;
        out.push_str(&format!("    ... and {more} more places\n"));
    }
    out
}

fn severity_label(severity: Severity, style: Style) -> String {
    match severity {
        Severity::Error => style.paint("error", "31;1"),
        Severity::Warning => style.paint("warning", "33;1"),
        Severity::Info => style.paint("info", "36"),
    }
}

/// `LINE:COL:` of a place, or nothing for a web page's place that is not verbatim in
/// the page (the report then names the file alone, as compilers do for a whole file).
fn line_column_of(places: &Places, span: Span) -> String {
    match places.place(span).lines {
        Some(lines) => format!("{}:{}:", lines.line, lines.column),
        None => String::new(),
    }
}

/// The archived article a finding points at: id, title, and the paragraph.
fn archive_line(archive: &ArchiveMatch, style: Style) -> String {
    let mut line = format!("    archived: {}", one_line(&style.clean(&archive.id)));
    if let Some(title) = &archive.title {
        line.push_str(&format!(" \"{}\"", one_line(&style.clean(title))));
    }
    if let (Some(paragraph), Some(start), Some(end)) =
        (archive.paragraph, archive.start, archive.end)
    {
        line.push_str(&format!(
            ", paragraph {} (bytes {start}..{end})",
            paragraph + 1
        ));
    }
    line.push('\n');
    line
}

/// The span's text on one line, when it is short enough to quote.
fn quote(draft: &str, span: Span) -> Option<String> {
    if span.is_empty() || span.len() > MAX_QUOTE_BYTES {
        return None;
    }
    draft.get(span.start..span.end).map(one_line)
}

fn totals_text(totals: &Totals) -> String {
    let verdict = match (totals.unchecked, totals.failed) {
        (0, false) => "passed".to_string(),
        (0, true) => "FAILED".to_string(),
        (n, _) => format!("ERROR: {n} input(s) not checked"),
    };
    format!(
        "{} draft(s): {} error(s), {} warning(s), {} info; {verdict} (--fail-on {})\n",
        totals.drafts,
        totals.counts.errors,
        totals.counts.warnings,
        totals.counts.info,
        totals.fail_on.name()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Kind;

    const DRAFT: &str = "Title line\n\nThe council approved the budget on Tuesday night. \
                         Rain fell.\nThe council approved the budget on Tuesday night.\n";

    fn report() -> DraftReport {
        super::super::checked("d.txt", None, DRAFT)
    }

    /// `PATH:LINE:COL: rest` split, as an editor's error format reads it.
    fn location(line: &str) -> Option<(&str, usize, usize, &str)> {
        let mut parts = line.splitn(4, ':');
        let path = parts.next()?;
        let line_no = parts.next()?.parse().ok()?;
        let column = parts.next()?.parse().ok()?;
        Some((path, line_no, column, parts.next()?.trim_start()))
    }

    #[test]
    fn findings_and_related_places_are_compiler_style_locations() {
        let out = draft_text(&report(), Style::default(), 100);
        let lines: Vec<&str> = out.lines().collect();
        let (path, line, column, rest) = location(lines[0]).expect(lines[0]);
        assert_eq!((path, line, column), ("d.txt", 4, 1));
        assert!(
            rest.starts_with("warning[repeated_sentence]: sentence 4 repeats sentence 2"),
            "{rest}"
        );
        assert!(lines[1].starts_with("    > The council approved"));
        let note = location(lines[2]).expect(lines[2]);
        assert_eq!((note.1, note.2, note.3), (3, 1, "note: first said here"));
        assert!(out.contains("d.txt: 0 error(s), 1 warning(s)"), "{out}");
    }

    #[test]
    fn findings_left_out_are_announced_per_kind() {
        let mut report = report();
        report.omitted = vec![(Kind::RepeatedPhrase, 7)];
        let out = draft_text(&report, Style::default(), 3);
        assert!(
            out.contains("d.txt: and 7 more repeated_phrase findings (--max-findings 3)"),
            "{out}"
        );
    }

    #[test]
    fn quoted_text_never_starts_a_line_a_tool_could_take_for_a_location() {
        let mut report = report();
        report.id = "a\nb.txt".into();
        let out = draft_text(&report, Style::default(), 100);
        for line in out.lines().filter(|l| !l.is_empty()) {
            assert!(
                line.starts_with("a b.txt") || line.starts_with("    "),
                "{line}"
            );
        }
    }
}
