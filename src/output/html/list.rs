//! The list of findings beside a draft's text: most severe first, each with its
//! severity, kind, message, archive details and the places it relates to, linked to
//! the highlights.

use std::fmt::Write as _;

use super::{escape, kind_class, kind_label, marks, severity_label, HtmlDraft, Ids};
use crate::check::Finding;
use crate::output::check::MAX_RELATED;

pub(super) fn findings(d: &HtmlDraft, ids: &Ids, banner: &[bool]) -> String {
    let mut out = String::from("<aside class=\"findings\">\n");
    if d.findings.is_empty() && d.omitted.is_empty() {
        out.push_str("<p class=\"none\">No findings.</p>\n");
    } else {
        out.push_str("<ol>\n");
        let lines = Lines::of(d.text);
        for (i, f) in d.findings.iter().enumerate() {
            out.push_str(&entry(i, f, ids, &lines, banner[i]));
        }
        out.push_str("</ol>\n");
    }
    for &(kind, n) in d.omitted.iter().filter(|(_, n)| *n > 0) {
        let noun = if n == 1 { "finding" } else { "findings" };
        writeln!(
            out,
            "<p class=\"omitted\">and {n} more {} {noun}</p>",
            kind_label(kind)
        )
        .expect("writing to a String");
    }
    out.push_str("</aside>\n");
    out
}

fn entry(i: usize, f: &Finding, ids: &Ids, lines: &Lines, banner: bool) -> String {
    let (n, sev) = (i + 1, f.severity.name());
    let place = ids.place(i, None);
    let (number, loc) = if banner || marks::in_text(lines.text, f.start, f.end) {
        let at = if banner {
            "whole draft".to_string()
        } else {
            lines.label(f.start)
        };
        (
            format!("<a class=\"num\" href=\"#{place}\">{n}</a>"),
            format!("<a class=\"loc\" href=\"#{place}\">{at}</a>"),
        )
    } else {
        (
            format!("<span class=\"num\">{n}</span>"),
            format!(
                "<span class=\"loc\">not shown: bytes {}..{} are not in the draft</span>",
                f.start, f.end
            ),
        )
    };
    let mut out = format!(
        "<li class=\"finding s-{sev} {}\" id=\"{}\">\n<p class=\"head\">{number} \
         <span class=\"sev s-{sev}\">{}</span> <span class=\"kind\">{}</span> {loc}</p>\n",
        kind_class(f.kind),
        ids.entry(i),
        severity_label(f.severity),
        kind_label(f.kind),
    );
    writeln!(
        out,
        "<p class=\"msg\">{}{}</p>",
        escape::text(&f.message),
        archive_html(f)
    )
    .expect("writing to a String");
    out.push_str(&related_links(i, f, ids, lines));
    out.push_str("</li>\n");
    out
}

fn related_links(i: usize, f: &Finding, ids: &Ids, lines: &Lines) -> String {
    let listed = f.related.iter().take(MAX_RELATED).enumerate();
    let links: Vec<String> = listed
        .filter(|(_, r)| marks::in_text(lines.text, r.span.start, r.span.end))
        .map(|(j, r)| {
            format!(
                "<a href=\"#{}\">{}</a> {}: <q>{}</q>",
                ids.place(i, Some(j)),
                lines.label(r.span.start),
                escape::text(r.note),
                escape::text(&excerpt(&lines.text[r.span.start..r.span.end]))
            )
        })
        .collect();
    let more = f.related.len().saturating_sub(MAX_RELATED);
    let mut items = links;
    if more > 0 {
        let noun = if more == 1 { "place" } else { "places" };
        items.push(format!("and {more} more {noun}"));
    }
    if items.is_empty() {
        return String::new();
    }
    format!(
        "<ul class=\"related\"><li>{}</li></ul>\n",
        items.join("</li><li>")
    )
}

/// The first words of a passage, on one line, to tell related places apart.
fn excerpt(passage: &str) -> String {
    const WORDS: usize = 6;
    let mut words = passage.split_whitespace();
    let mut out = words.by_ref().take(WORDS).collect::<Vec<_>>().join(" ");
    if words.next().is_some() {
        out.push('…');
    }
    out
}

/// The archived article a finding points at: id, title and figures.
pub(super) fn archive_html(f: &Finding) -> String {
    let Some(a) = &f.archive else {
        return String::new();
    };
    let mut out = format!(
        "<span class=\"archive\">In the archive: <span class=\"archive-id\">{}</span>",
        escape::text(&a.id)
    );
    if let Some(title) = &a.title {
        write!(out, ", <cite>{}</cite>", escape::text(title)).expect("writing to a String");
    }
    if let Some(p) = a.paragraph {
        write!(out, ", paragraph {}", p + 1).expect("writing to a String");
    }
    let figures = [
        a.jaccard.map(|j| format!("Jaccard {j:.2}")),
        a.draft_in_archive
            .map(|x| format!("{:.0}% of the draft in it", x * 100.0)),
        a.archive_in_draft
            .map(|x| format!("{:.0}% of it in the draft", x * 100.0)),
    ];
    for figure in figures.into_iter().flatten() {
        write!(out, " · {figure}").expect("writing to a String");
    }
    out.push_str("</span>");
    out
}

/// Line numbers of byte offsets, for the list's links.
struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn of(text: &'t str) -> Lines<'t> {
        let breaks = memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1);
        Lines {
            text,
            starts: std::iter::once(0).chain(breaks).collect(),
        }
    }

    /// "line L" (1-based) of an offset in the text.
    fn label(&self, offset: usize) -> String {
        let line = self.starts.partition_point(|&s| s <= offset);
        format!("line {line}")
    }
}
