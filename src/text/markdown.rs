//! Markdown masking: markup replaced by spaces so offsets stay those of the original.
//!
//! The mask keeps the text a reader sees (heading text, link text, emphasised words,
//! code spans, list markers) and blanks the syntax around it. Only ASCII spaces are
//! written and only over whole characters, so the copy stays valid UTF-8 with the
//! same byte length, and every span found in it is a span of the original.

/// A copy of `text` with the same byte length in which Markdown syntax is blanked out.
pub fn mask(text: &str) -> String {
    let mut out = text.as_bytes().to_vec();
    let mut state = State::default();
    let mut start = 0;
    while start < text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        state.line(&mut out, start, end);
        start = end + 1;
    }
    String::from_utf8(out).expect("masking replaces whole characters only")
}

/// Block-level state carried from one line to the next.
#[derive(Default)]
struct State {
    /// The open code fence: its character and length.
    fence: Option<(u8, usize)>,
    /// Inside a multi-line `<!-- ... -->` comment.
    comment: bool,
    prev_blank: bool,
}

impl State {
    fn line(&mut self, out: &mut [u8], start: usize, end: usize) {
        let line = &out[start..end];
        let trimmed = line.trim_ascii();
        let blank = trimmed.is_empty();
        let whole = if let Some(fence) = self.fence {
            self.fence = (!closes_fence(trimmed, fence)).then_some(fence);
            true
        } else if let Some(fence) = opens_fence(line) {
            self.fence = Some(fence);
            true
        } else {
            is_rule(trimmed, self.prev_blank) || is_reference_definition(line)
        };
        self.prev_blank = blank;
        if whole {
            out[start..end].fill(b' ');
            return;
        }
        let mut from = start;
        if self.comment {
            match find(&out[start..end], b"-->") {
                Some(i) => {
                    out[start..start + i + 3].fill(b' ');
                    from = start + i + 3;
                    self.comment = false;
                }
                None => return out[start..end].fill(b' '),
            }
        }
        let content = mask_prefix(out, from, end);
        self.comment = mask_inline(out, content, end);
    }
}

/// "```" or "~~~" (three or more) after at most three spaces of indentation.
fn opens_fence(line: &[u8]) -> Option<(u8, usize)> {
    let indent = line.iter().take_while(|&&b| b == b' ').count();
    let body = &line[indent..];
    let c = *body.first()?;
    let n = body.iter().take_while(|&&b| b == c).count();
    (indent <= 3 && (c == b'`' || c == b'~') && n >= 3).then_some((c, n))
}

fn closes_fence(trimmed: &[u8], (c, n): (u8, usize)) -> bool {
    trimmed.len() >= n && trimmed.iter().all(|&b| b == c)
}

/// Horizontal rules ("---", "* * *", "___") and setext heading underlines.
fn is_rule(trimmed: &[u8], prev_blank: bool) -> bool {
    let Some(&c) = trimmed.first() else {
        return false;
    };
    let marks = trimmed.iter().filter(|&&b| b == c).count();
    let only = trimmed.iter().all(|&b| b == c || b == b' ' || b == b'\t');
    match c {
        b'-' | b'*' | b'_' => only && (marks >= 3 || (c == b'-' && marks >= 2 && !prev_blank)),
        b'=' => only && !prev_blank,
        _ => false,
    }
}

/// "[id]: http://example.com" link reference definitions.
fn is_reference_definition(line: &[u8]) -> bool {
    let body = line.trim_ascii_start();
    body.first() == Some(&b'[')
        && find(body, b"]:").is_some_and(|i| i > 1 && !body[1..i].contains(&b']'))
}

/// Blanks blockquote `>`s and heading `#`s at the start of a line; returns where the
/// line's content begins.
fn mask_prefix(out: &mut [u8], mut i: usize, end: usize) -> usize {
    while i < end && (out[i] == b' ' || out[i] == b'\t' || out[i] == b'>') {
        out[i] = if out[i] == b'>' { b' ' } else { out[i] };
        i += 1;
    }
    let hashes = out[i..end].iter().take_while(|&&b| b == b'#').count();
    let after = out.get(i + hashes).copied();
    if (1..=6).contains(&hashes) && matches!(after, None | Some(b' ' | b'\t' | b'\r' | b'\n')) {
        out[i..i + hashes].fill(b' ');
        mask_closing_hashes(out, i + hashes, end);
    }
    i
}

/// "## Title ##": the closing run of `#`s after a space.
fn mask_closing_hashes(out: &mut [u8], start: usize, end: usize) {
    let line = &out[start..end];
    let body = line.trim_ascii_end();
    let n = body.iter().rev().take_while(|&&b| b == b'#').count();
    let (len, before) = (body.len(), body.len() - n);
    if n > 0 && (before == 0 || body[before - 1] == b' ') {
        out[start + before..start + len].fill(b' ');
    }
}

/// Blanks inline syntax in `out[start..end]`. Returns true when an HTML comment is
/// left open at the end of the line.
fn mask_inline(out: &mut [u8], start: usize, end: usize) -> bool {
    let mut i = start;
    while i < end {
        i = match out[i] {
            b'\\' if out.get(i + 1).is_some_and(u8::is_ascii_punctuation) => {
                out[i] = b' ';
                i + 2
            }
            b'`' => code_span(out, i, end),
            b'<' => match html(out, i, end) {
                Some(next) => next,
                None => return true,
            },
            b'!' if out.get(i + 1) == Some(&b'[') => image(out, i, end),
            b'[' => link(out, i, end),
            b'*' | b'_' | b'~' => emphasis(out, start, i, end),
            _ => i + 1,
        };
    }
    false
}

/// `code`: blanks the backtick runs, keeps the code.
fn code_span(out: &mut [u8], i: usize, end: usize) -> usize {
    let n = out[i..end].iter().take_while(|&&b| b == b'`').count();
    let mut j = i + n;
    while j < end {
        let m = out[j..end].iter().take_while(|&&b| b == b'`').count();
        if m == n {
            out[i..i + n].fill(b' ');
            out[j..j + m].fill(b' ');
            return j + m;
        }
        j += m.max(1);
    }
    i + n
}

/// An HTML tag, autolink or comment starting at `i`: blanked whole. Returns the index
/// after it, or `None` when a comment stays open past the end of the line.
fn html(out: &mut [u8], i: usize, end: usize) -> Option<usize> {
    if out[i..end].starts_with(b"<!--") {
        let Some(j) = find(&out[i + 4..end], b"-->") else {
            out[i..end].fill(b' ');
            return None;
        };
        out[i..i + 4 + j + 3].fill(b' ');
        return Some(i + 4 + j + 3);
    }
    let opens = out
        .get(i + 1)
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/' || *b == b'!');
    match out[i..end]
        .iter()
        .position(|&b| b == b'>')
        .filter(|_| opens)
    {
        Some(j) => {
            out[i..=i + j].fill(b' ');
            Some(i + j + 1)
        }
        None => Some(i + 1),
    }
}

/// `[text](url)`, `[text][ref]`: blanks the brackets and the target, keeps the text.
fn link(out: &mut [u8], i: usize, end: usize) -> usize {
    if let Some((close, target)) = link_target_end(out, i, end) {
        out[i] = b' ';
        out[close..=target].fill(b' ');
    }
    i + 1
}

/// `![alt](src)`: blanked whole, since alt text is not part of the prose.
fn image(out: &mut [u8], i: usize, end: usize) -> usize {
    match link_target_end(out, i + 1, end) {
        Some((_, t)) => {
            out[i..=t].fill(b' ');
            t + 1
        }
        None => i + 1,
    }
}

/// For the `[` at `i`: the index of its `]` and of the end of the `(url)` or `[ref]`
/// right after it.
fn link_target_end(out: &[u8], i: usize, end: usize) -> Option<(usize, usize)> {
    let close = matching(out, i, end, b'[', b']')?;
    let target = match out.get(close + 1) {
        Some(b'(') => matching(out, close + 1, end, b'(', b')'),
        Some(b'[') => matching(out, close + 1, end, b'[', b']'),
        _ => None,
    };
    Some((close, target?))
}

/// The index of the bracket closing the one at `i`, on the same line.
fn matching(out: &[u8], i: usize, end: usize, open: u8, close: u8) -> Option<usize> {
    let mut depth = 0usize;
    for (j, &b) in out[i..end].iter().enumerate() {
        if b == open {
            depth += 1;
        } else if b == close {
            depth -= 1;
            if depth == 0 {
                return Some(i + j);
            }
        }
    }
    None
}

/// A run of `*`, `_` or `~~` that opens or closes emphasis. Runs between spaces
/// ("5 * 3", "* item") and `_` inside words ("snake_case") are kept.
fn emphasis(out: &mut [u8], start: usize, i: usize, end: usize) -> usize {
    let c = out[i];
    let n = out[i..end].iter().take_while(|&&b| b == c).count();
    let space = |b: Option<u8>| b.is_none_or(|b| b.is_ascii_whitespace());
    let word = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
    let before = (i > start).then(|| out[i - 1]);
    let after = out[..end].get(i + n).copied();
    let keep = (space(before) && space(after))
        || (c == b'_' && word(before) && word(after))
        || (c == b'~' && n < 2);
    if !keep {
        out[i..i + n].fill(b' ');
    }
    i + n
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
