//! Lines of a paragraph grouped into units: headings, list items, datelines, bylines
//! and runs of (possibly hard-wrapped) running text. For Markdown this runs inside
//! each paragraph block the parser found (Markdown's own headings, list items and
//! table rows come from the parser), on the masked text.

use super::SentenceKind;
use crate::text::Span;

/// One non-blank line: its trimmed span and the width of its indentation in bytes.
#[derive(Clone, Copy, Debug)]
pub struct Line {
    pub span: Span,
    pub indent: usize,
}

/// A run of lines that forms one unit; only `Text` units are split into sentences.
#[derive(Clone, Copy, Debug)]
pub struct Unit {
    pub span: Span,
    pub kind: SentenceKind,
}

impl Unit {
    pub fn new(span: Span, kind: SentenceKind) -> Self {
        Unit { span, kind }
    }
}

/// Words a hard-wrapped line may end with but a heading would not.
const CONNECTORS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "had", "has", "have",
    "in", "is", "its", "of", "on", "or", "that", "the", "their", "to", "was", "were", "which",
    "who", "will", "with",
];

/// Groups the lines of one paragraph into units, in order.
pub fn units(text: &str, lines: &[Line], out: &mut Vec<Unit>) {
    let widths = Widths::new(lines);
    let mut current: Option<Unit> = None;
    let mut prev_kind = SentenceKind::Text;
    for (i, line) in lines.iter().enumerate() {
        let ctx = Context {
            text,
            lines,
            i,
            prev_kind,
            widths,
        };
        let (kind, start) = ctx.classify();
        match (kind, current.as_mut()) {
            (SentenceKind::Text, Some(unit)) if ctx.continues(unit.kind) => {
                unit.span.end = line.span.end;
            }
            (SentenceKind::Text | SentenceKind::ListItem, _) => {
                out.extend(current.take());
                current = Some(Unit {
                    span: Span::new(start, line.span.end),
                    kind,
                });
            }
            _ => {
                out.extend(current.take());
                out.push(Unit {
                    span: line.span,
                    kind,
                });
            }
        }
        prev_kind = current.map_or(kind, |u| u.kind);
    }
    out.extend(current);
}

/// The two longest line lengths, so "longest other line" is O(1) per line.
#[derive(Clone, Copy)]
struct Widths(usize, usize);

impl Widths {
    fn new(lines: &[Line]) -> Self {
        lines.iter().fold(Widths(0, 0), |Widths(a, b), l| {
            let n = l.span.len();
            if n > a {
                Widths(n, a)
            } else {
                Widths(a, b.max(n))
            }
        })
    }

    fn longest_other(&self, len: usize) -> usize {
        if len == self.0 {
            self.1
        } else {
            self.0
        }
    }
}

struct Context<'a> {
    text: &'a str,
    lines: &'a [Line],
    i: usize,
    prev_kind: SentenceKind,
    widths: Widths,
}

impl Context<'_> {
    fn line(&self, i: usize) -> &str {
        self.lines[i].span.slice(self.text)
    }

    /// The kind of the current line and where its content starts.
    fn classify(&self) -> (SentenceKind, usize) {
        let line = self.lines[self.i];
        let s = self.line(self.i);
        if let Some(offset) = list_marker(s).filter(|_| !self.wrapped_dash()) {
            return (SentenceKind::ListItem, line.span.start + offset);
        }
        let kind = if is_byline(s) {
            SentenceKind::Byline
        } else if is_dateline(s) {
            SentenceKind::Dateline
        } else if self.plain_heading() {
            SentenceKind::Heading
        } else {
            SentenceKind::Text
        };
        (kind, line.span.start)
    }

    /// Whether a plain line continues the open unit of kind `open`.
    fn continues(&self, open: SentenceKind) -> bool {
        if open == SentenceKind::Text || self.lines[self.i].indent > 0 {
            return open == SentenceKind::Text || open == SentenceKind::ListItem;
        }
        // An unindented line continues an item only if the item was hard-wrapped: its
        // line is about as long as the longest, and does not end a sentence.
        let (prev, line) = (self.line(self.i - 1), self.line(self.i));
        let wrapped = prev.len() * 4 >= self.widths.longest_other(prev.len()) * 3;
        open == SentenceKind::ListItem
            && (line.starts_with(char::is_lowercase) || (wrapped && !ends_sentence(prev)))
    }

    /// A dash at the start of a hard-wrapped line that continues a sentence.
    fn wrapped_dash(&self) -> bool {
        let s = self.line(self.i);
        let dash = s.starts_with(['-', '\u{2013}', '\u{2014}']);
        let body = s
            .trim_start_matches(['-', '\u{2013}', '\u{2014}'])
            .trim_start();
        dash && self.i > 0
            && self.prev_kind == SentenceKind::Text
            && !ends_sentence(self.line(self.i - 1))
            && !self.line(self.i - 1).ends_with(':')
            && body.starts_with(char::is_lowercase)
    }

    /// A short title-like line: no final punctuation, starting a unit, shorter than the
    /// wrapped lines around it, followed by a capitalised line (or standing alone).
    fn plain_heading(&self) -> bool {
        let s = self.line(self.i);
        if !looks_like_title(s) {
            return false;
        }
        let n = self.lines.len();
        if n == 1 {
            return s.split_whitespace().count() <= 15;
        }
        let opens_unit = self.i == 0
            || self.prev_kind != SentenceKind::Text
            || ends_sentence(self.line(self.i - 1));
        opens_unit
            && self.i + 1 < n
            && !self.line(self.i + 1).starts_with(char::is_lowercase)
            && s.len() * 4 < self.widths.longest_other(s.len()) * 3
    }
}

/// Byte offset of a list item's content after its marker ("- ", "• ", "1. ", "a) ").
fn list_marker(s: &str) -> Option<usize> {
    let first = s.chars().next()?;
    let marker =
        if "-*+\u{2022}\u{2013}\u{2014}\u{b7}\u{25aa}\u{25e6}\u{2023}\u{25cb}\u{25a0}\u{25ba}"
            .contains(first)
        {
            first.len_utf8()
        } else {
            enumerator_len(s.as_bytes())?
        };
    let rest = &s[marker..];
    let content = rest.trim_start();
    (rest.len() > content.len() && !content.is_empty()).then_some(s.len() - content.len())
}

/// "1.", "12)", "a)", "b.", "A)", "(iv)": the length of the enumerator, if any.
fn enumerator_len(b: &[u8]) -> Option<usize> {
    if b.first() == Some(&b'(') {
        let n = b[1..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        return ((1..=3).contains(&n) && b.get(n + 1) == Some(&b')')).then_some(n + 2);
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let (n, closers): (usize, &[u8]) = match b.first()? {
        _ if (1..=3).contains(&digits) => (digits, b".)"),
        c if c.is_ascii_lowercase() => (1, b".)"),
        c if c.is_ascii_uppercase() => (1, b")"),
        _ => return None,
    };
    closers.contains(b.get(n)?).then_some(n + 1)
}

/// "By Jane Smith", "By Jane Smith and John Doe, BBC News".
fn is_byline(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("By ").or_else(|| s.strip_prefix("BY ")) else {
        return false;
    };
    let mut words = 0;
    let names = rest.split_whitespace().all(|w| {
        words += 1;
        w.starts_with(char::is_uppercase)
            || matches!(w, "and" | "of" | "in" | "the" | "de" | "van" | "von")
    });
    names && words <= 8 && !ends_sentence(s)
}

/// "LONDON, Nov 26 (Reuters) -": a capitalised place and a trailing dash.
fn is_dateline(s: &str) -> bool {
    let place = s.split([',', ' ', '(']).next().unwrap_or("");
    s.len() <= 60
        && s.ends_with(['-', '\u{2013}', '\u{2014}'])
        && place.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !place.chars().any(char::is_lowercase)
}

/// No final punctuation, a capital (or figure or quote) first, not ending on "the".
fn looks_like_title(s: &str) -> bool {
    let last = s.chars().next_back().unwrap_or('.');
    let last_word = s.rsplit(char::is_whitespace).next().unwrap_or("");
    !s.starts_with(char::is_lowercase)
        && !ends_sentence(s)
        && (last.is_alphanumeric() || matches!(last, ')' | '"' | '\u{201D}' | '\'' | '\u{2019}'))
        && !CONNECTORS.contains(&last_word)
        && s.split_whitespace().count() <= 20
        && is_one_sentence(s)
}

/// A title is a single sentence: "Dr. Smith resigns" is, "Done. More to come" is not.
fn is_one_sentence(s: &str) -> bool {
    let mut pieces = 0;
    super::sentences::split(s, |_, _| pieces += 1);
    pieces <= 1
}

/// Whether a line ends a sentence (or introduces what follows, with a colon).
fn ends_sentence(s: &str) -> bool {
    let s = s.trim_end_matches(['"', '\'', ')', ']', '\u{201D}', '\u{2019}']);
    s.ends_with(['.', '!', '?', ':', '\u{2026}'])
}
