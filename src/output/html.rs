//! The HTML report of `check`: one self-contained page (inline CSS, no script, nothing
//! fetched, printable) that shows each draft whole, with every finding highlighted
//! where it is and listed beside the text, each linked to the other.
//!
//! The page comes in three parts so that drafts can be written as they are checked:
//! [`begin`], then [`draft`] for each draft, then [`end`]. Everything that comes from
//! the drafts or the archive (text, ids, messages, titles) is escaped, and the page's
//! Content-Security-Policy forbids scripts and fetches besides.
//!
//! - `escape` owns the escaping of untrusted text;
//! - `marks` owns the highlights: which places, how they nest;
//! - `list` owns the list of findings beside the text;
//! - `page.css` is the style sheet, inlined into every page.

mod escape;
mod list;
mod marks;

use std::fmt::Write as _;

use crate::check::{Finding, Kind, Severity};
use crate::output::check::{Counts, DraftReport, Emitter, Totals};

/// One checked draft as the page shows it.
pub struct HtmlDraft<'a> {
    /// The draft's place in the run (0 for the first): it keeps element ids apart,
    /// even between two drafts with the same id and text.
    pub number: usize,
    /// The path, JSONL id, or `-` for stdin.
    pub id: &'a str,
    /// The draft's text; the findings' byte offsets index it.
    pub text: &'a str,
    /// Most severe first, then by place; may be capped per kind.
    pub findings: &'a [Finding],
    /// Findings left out per kind by `--max-findings` (may be empty).
    pub omitted: &'a [(Kind, usize)],
}

const STYLE: &str = include_str!("html/page.css");

/// The page up to the start of the drafts: head, style sheet, title and legend.
pub fn begin() -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"copydesk {}\">\n\
         <title>copydesk check</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <header class=\"page\">\n<h1>copydesk check</h1>\n{LEGEND}</header>\n<main>\n",
        env!("CARGO_PKG_VERSION")
    )
}

const LEGEND: &str = "<div class=\"legend\">\n\
<p><span class=\"key\">Highlights</span> \
<mark class=\"hl k-phrase s-info d0\">repeated phrase</mark> \
<mark class=\"hl k-sentence s-info d0\">repeated sentence</mark> \
<mark class=\"hl k-paragraphs s-info d0\">redundant paragraph</mark> \
<mark class=\"hl k-archive s-info d0\">paragraph found in the archive</mark> \
<mark class=\"hl k-sentence s-info d0 rel\">related place (lighter, no underline)</mark></p>\n\
<p><span class=\"key\">Severity</span> \
<span class=\"sev s-error\">error</span> <mark class=\"hl s-error d0 plain\">solid underline</mark> \
<span class=\"sev s-warning\">warning</span> <mark class=\"hl s-warning d0 plain\">dashed underline</mark> \
<span class=\"sev s-info\">note</span> <mark class=\"hl s-info d0 plain\">dotted underline</mark></p>\n\
<p><span class=\"key\">Links</span> <a class=\"ref\" data-n=\"1\"></a> where finding 1 is, \
<a class=\"ref rel\" data-n=\"1\"></a> a place it relates to (the earlier sentence, the other \
paragraph, another use); each number leads to the finding, each finding's line numbers lead back.</p>\n\
</div>\n";

/// One draft's section: its title and counts, banners for findings about the whole
/// draft, the list of findings, and the text with every finding highlighted.
pub fn draft(d: &HtmlDraft) -> String {
    let ids = Ids::of(d);
    let banner: Vec<bool> = d.findings.iter().map(|f| whole_draft(d.text, f)).collect();
    let places = marks::places(d.text, d.findings, &banner);
    let mut out = format!("<section class=\"draft\" id=\"{}\">\n", ids.prefix);
    out.push_str(&heading(d));
    for (i, f) in d.findings.iter().enumerate().filter(|(i, _)| banner[*i]) {
        out.push_str(&banner_html(i, f, &ids));
    }
    out.push_str("<div class=\"columns\">\n");
    out.push_str(&list::findings(d, &ids, &banner));
    let body = marks::render(d.text, &places, d.findings, &ids);
    // A draft with nothing to show keeps its text folded away.
    let (open, close) = if d.findings.is_empty() && d.omitted.is_empty() {
        (
            "<details class=\"text\"><summary>The draft</summary>",
            "</details>",
        )
    } else {
        ("<div class=\"text\">", "</div>")
    };
    writeln!(out, "{open}<div class=\"draft-text\">{body}</div>{close}")
        .expect("writing to a String");
    out.push_str("</div>\n</section>\n");
    out
}

/// The run's totals and the end of the page.
/// `unchecked` inputs could not be read or checked; they fail the page.
pub fn end(
    drafts: usize,
    errors: usize,
    warnings: usize,
    info: usize,
    failed: bool,
    unchecked: usize,
) -> String {
    let (class, verdict) = if failed || unchecked > 0 {
        ("failed", "Failed")
    } else {
        ("passed", "Passed")
    };
    let unchecked = match unchecked {
        0 => String::new(),
        n => format!(
            " {} could not be read or checked.",
            count(n, "input", "inputs")
        ),
    };
    format!(
        "</main>\n<footer class=\"totals {class}\">\n<p><strong class=\"verdict\">{verdict}</strong> \
         {}: {}, {}, {}.{unchecked}</p>\n</footer>\n</body>\n</html>\n",
        count(drafts, "draft checked", "drafts checked"),
        count(errors, "error", "errors"),
        count(warnings, "warning", "warnings"),
        count(info, "note", "notes"),
    )
}

/// Element ids of one draft's section, unique on the page: they start with the
/// draft's number.
pub(crate) struct Ids {
    prefix: String,
}

impl Ids {
    fn of(d: &HtmlDraft) -> Ids {
        Ids {
            prefix: format!("d{}", d.number + 1),
        }
    }

    /// The finding's entry in the list.
    pub(crate) fn entry(&self, finding: usize) -> String {
        format!("{}-f{}", self.prefix, finding + 1)
    }

    /// The finding's place in the text (or its banner), or its j-th related place.
    pub(crate) fn place(&self, finding: usize, related: Option<usize>) -> String {
        match related {
            None => format!("{}-p{}", self.prefix, finding + 1),
            Some(j) => format!("{}-p{}-{}", self.prefix, finding + 1, j + 1),
        }
    }
}

/// Whether `f` spans the whole draft (all but surrounding whitespace): such a finding
/// is shown as a banner above the text rather than highlighting all of it.
fn whole_draft(text: &str, f: &Finding) -> bool {
    let body_start = text.len() - text.trim_start().len();
    let body_end = text.trim_end().len();
    body_start < body_end
        && marks::in_text(text, f.start, f.end)
        && f.start <= body_start
        && f.end >= body_end
}

fn heading(d: &HtmlDraft) -> String {
    let name = if d.id == "-" { "standard input" } else { d.id };
    let c = Counts::of(d.findings);
    let omitted: usize = d.omitted.iter().map(|(_, n)| n).sum();
    let mut counts = format!(
        "{}, {}, {}",
        count(c.errors, "error", "errors"),
        count(c.warnings, "warning", "warnings"),
        count(c.info, "note", "notes"),
    );
    if omitted > 0 {
        write!(counts, " listed; {omitted} more not listed").expect("writing to a String");
    }
    format!(
        "<h2><span class=\"draft-id\">{}</span> <span class=\"counts\">{counts}</span></h2>\n",
        escape::text(name)
    )
}

fn banner_html(i: usize, f: &Finding, ids: &Ids) -> String {
    let n = i + 1;
    format!(
        "<div class=\"banner s-{}\" id=\"{}\"><a class=\"ref\" href=\"#{}\" data-n=\"{n}\" \
         aria-label=\"finding {n}\"></a> <span class=\"sev s-{}\">{}</span> \
         <span class=\"kind\">{}</span> <span class=\"whole\">(the whole draft)</span>: {}{}</div>\n",
        f.severity.name(),
        ids.place(i, None),
        ids.entry(i),
        f.severity.name(),
        severity_label(f.severity),
        kind_label(f.kind),
        escape::text(&f.message),
        list::archive_html(f),
    )
}

/// The CSS class of a kind's highlights.
pub(crate) fn kind_class(kind: Kind) -> &'static str {
    match kind {
        Kind::RepeatedSentence => "k-sentence",
        Kind::RedundantParagraphs => "k-paragraphs",
        Kind::RepeatedPhrase => "k-phrase",
        Kind::NearDuplicate => "k-near-duplicate",
        Kind::Overlap => "k-overlap",
        Kind::ParagraphMatch => "k-archive",
        // A whole-draft finding like an overlap, and shown like one.
        Kind::Reworded => "k-overlap",
    }
}

/// What one finding of a kind is called on the page.
pub(crate) fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::RepeatedSentence => "repeated sentence",
        Kind::RedundantParagraphs => "redundant paragraph",
        Kind::RepeatedPhrase => "repeated phrase",
        Kind::NearDuplicate => "near-duplicate",
        Kind::Overlap => "archive overlap",
        Kind::ParagraphMatch => "archived paragraph",
        Kind::Reworded => "reworded article",
    }
}

/// The label people read, as in the text report ("note" for info).
pub(crate) fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The HTML page as `check --format html` writes it, draft by draft.
#[derive(Default)]
pub(crate) struct HtmlEmitter {
    drafts: usize,
}

impl Emitter for HtmlEmitter {
    fn begin(&mut self) -> String {
        begin()
    }

    fn draft(&mut self, report: &DraftReport) -> String {
        self.drafts += 1;
        draft(&HtmlDraft {
            number: self.drafts - 1,
            id: &report.id,
            text: &report.text,
            findings: &report.findings,
            omitted: &report.omitted,
        })
    }

    fn end(&mut self, totals: &Totals) -> String {
        let c = totals.counts;
        end(
            totals.drafts,
            c.errors,
            c.warnings,
            c.info,
            totals.failed,
            totals.unchecked,
        )
    }
}

#[cfg(test)]
mod tests;
