//! Untrusted text (drafts, ids, messages, archived titles) made safe for HTML: markup
//! characters escaped, and control and bidi-control characters (which would hide or
//! reorder what an editor reads) shown as visible code points instead.

use std::fmt::Write as _;

use crate::output::sanitize;

/// `text` as element content, or as a quoted attribute value: `& < > " '` become
/// character references, control and bidi-control characters `\u{..}` escapes.
pub fn attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        if sanitize::is_dangerous(c) {
            write!(out, "\\u{{{:x}}}", c as u32).expect("writing to a String");
        } else {
            push_char(&mut out, c);
        }
    }
    out
}

/// Appends `text` as element content: escaped, with control and bidi-control
/// characters replaced by a marker that shows their code point. Line breaks and tabs
/// are kept (the page shows drafts with `white-space: pre-wrap`), and so are carriage
/// returns, which the HTML parser folds into line breaks.
pub fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        if c != '\r' && sanitize::is_dangerous(c) {
            // The code point is drawn by CSS, so the page's text stays the draft's
            // text less the hidden character.
            write!(
                out,
                "<span class=\"ctl\" data-c=\"U+{:04X}\"></span>",
                c as u32
            )
            .expect("writing to a String");
        } else {
            push_char(out, c);
        }
    }
}

/// `text` as element content (see [`push_text`]).
pub fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_text(&mut out, text);
    out
}

fn push_char(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        _ => out.push(c),
    }
}
