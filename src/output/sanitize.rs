//! Terminal safety: article text is untrusted. Control characters (escape sequences
//! could recolour or rewrite the terminal) and bidirectional overrides (which can make
//! text read differently from what it is) are replaced before printing to a terminal.

/// Replaces control and bidi-control characters with visible escapes; keeps tabs.
pub fn for_terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_dangerous(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Control characters (tab and line feed aside) and bidi controls.
pub(crate) fn is_dangerous(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// Folds every whitespace run that contains a line break into one space, so a sentence
/// wrapped over several lines prints on one.
pub fn one_line(text: &str) -> String {
    // Most sentences have no line break, and then nothing is folded.
    if memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_none() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut run = String::new();
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space |= c == '\n' || c == '\r';
            run.push(c);
            continue;
        }
        flush_run(&mut out, &mut run, &mut pending_space);
        out.push(c);
    }
    flush_run(&mut out, &mut run, &mut pending_space);
    out
}

fn flush_run(out: &mut String, run: &mut String, had_break: &mut bool) {
    if *had_break {
        out.push(' ');
    } else {
        out.push_str(run);
    }
    run.clear();
    *had_break = false;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_bidi_overrides_are_neutralised() {
        assert_eq!(for_terminal("a\u{1b}[31mred"), "a\\u{1b}[31mred");
        assert_eq!(for_terminal("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(for_terminal("tab\tok é"), "tab\tok é");
    }

    #[test]
    fn wrapped_lines_become_one() {
        assert_eq!(
            one_line("a wrapped\n  sentence,  kept"),
            "a wrapped sentence,  kept"
        );
        assert_eq!(one_line("a\r\nb"), "a b");
    }
}
