//! Sentence boundaries inside one block of running text.
//!
//! A rule-based finder: every run of terminators (`.`, `!`, `?`, `…`, CJK stops) plus
//! any closing quotes or brackets after it is a candidate; the word before and the
//! text after decide. Plain UAX#29 breaks after every "Dr." and never inside
//! "year-earlier.The", which is why the rules are written out here.

use super::abbrev::{self, WordClass};

/// Calls `emit(start, end)` for each sentence of `block` (offsets into `block`,
/// untrimmed, covering the whole block in order).
pub fn split(block: &str, mut emit: impl FnMut(usize, usize)) {
    let b = block.as_bytes();
    let brackets = bracket_pairs(b);
    let mut finder = TerminatorFinder::default();
    let mut start = 0;
    let mut i = 0;
    while let Some(found) = finder.next(b, i) {
        i = found;
        if terminator_len(b, i) == 0 {
            i += 1;
            continue;
        }
        let mut run_end = i;
        while let n @ 1.. = terminator_len(b, run_end) {
            run_end += n;
        }
        let end = skip_closers(block, run_end, start);
        let candidate = Candidate {
            block,
            start,
            run: i,
            run_end,
            end,
            aside: inside_brackets(&brackets, end),
        };
        if candidate.is_boundary() {
            emit(start, end);
            start = end;
        }
        i = end;
    }
    if start < b.len() {
        emit(start, b.len());
    }
}

/// Finds the bytes a terminator can start with, using vectorised search so the text
/// between candidates is skipped rather than looked at byte by byte. The last hit of
/// each search is kept, so neither is repeated over the same stretch of text.
#[derive(Default)]
struct TerminatorFinder {
    /// Next `.`, `!` or `?` at or after the last search's start, if known.
    ascii: Option<Option<usize>>,
    /// Next lead byte of a multi-byte terminator (`…`, `。`, `！`, `‽`...), if known.
    lead: Option<Option<usize>>,
}

impl TerminatorFinder {
    /// The first position at or after `from` that may start a terminator.
    fn next(&mut self, b: &[u8], from: usize) -> Option<usize> {
        let ascii = Self::refresh(&mut self.ascii, from, || {
            memchr::memchr3(b'.', b'!', b'?', b.get(from..)?)
        });
        let lead = Self::refresh(&mut self.lead, from, || {
            memchr::memchr3(0xE2, 0xE3, 0xEF, b.get(from..)?)
        });
        match (ascii, lead) {
            (Some(a), Some(l)) => Some(a.min(l)),
            (a, l) => a.or(l),
        }
    }

    /// The cached hit if it is still ahead of `from`, else a new search (`find` gives
    /// an offset from `from`).
    fn refresh(
        cached: &mut Option<Option<usize>>,
        from: usize,
        find: impl FnOnce() -> Option<usize>,
    ) -> Option<usize> {
        match *cached {
            Some(Some(at)) if at >= from => Some(at),
            Some(None) => None,
            _ => {
                let at = find().map(|offset| from + offset);
                *cached = Some(at);
                at
            }
        }
    }
}

/// Byte length of the sentence terminator at `i`, or 0.
fn terminator_len(b: &[u8], i: usize) -> usize {
    match b.get(i..).unwrap_or_default() {
        [b'.' | b'!' | b'?', ..] => 1,
        [0xE2, 0x80, 0xA6, ..] => 3,                                 // …
        [0xE3, 0x80, 0x82, ..] => 3,                                 // 。
        [0xEF, 0xBC, 0x81 | 0x9F, ..] => 3,                          // ！ ？
        [0xE2, 0x80, 0xBD, ..] | [0xE2, 0x81, 0x87..=0x89, ..] => 3, // ‽ ⁇ ⁈ ⁉
        _ => 0,
    }
}

/// Skips closing quotes and brackets after a terminator. A straight `"` counts as
/// closing when the sentence so far has an odd number of them or a space follows.
fn skip_closers(block: &str, mut i: usize, start: usize) -> usize {
    let b = block.as_bytes();
    while i < b.len() {
        let c = block[i..].chars().next().unwrap_or(' ');
        let closing = match c {
            ')' | ']' | '}' | '\u{201D}' | '\u{2019}' | '\u{BB}' | '\u{203A}' => true,
            '"' => quote_count(&b[start..i]) % 2 == 1 || followed_by_space(b, i + 1),
            '\'' => followed_by_space(b, i + 1) || matches!(b.get(i + 1), Some(b'"' | b')')),
            _ => false,
        };
        if !closing {
            break;
        }
        i += c.len_utf8();
    }
    i
}

fn quote_count(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c == b'"').count()
}

fn followed_by_space(b: &[u8], i: usize) -> bool {
    b.get(i).is_none_or(|c| c.is_ascii_whitespace())
}

/// Matched `(...)`/`[...]` pairs, at most `MAX_ASIDE` bytes long. Unmatched brackets
/// ("1)", ":)") are ignored so they cannot swallow the rest of the text. Most blocks
/// have no opening bracket at all, which one vectorised search settles.
fn bracket_pairs(b: &[u8]) -> Vec<(usize, usize)> {
    const MAX_ASIDE: usize = 250;
    // Closers before the first opener can match nothing.
    let Some(first) = memchr::memchr2(b'(', b'[', b) else {
        return Vec::new();
    };
    let rest = &b[first..];
    let mut marks: Vec<usize> = memchr::memchr2_iter(b'(', b')', rest)
        .chain(memchr::memchr2_iter(b'[', b']', rest))
        .map(|offset| first + offset)
        .collect();
    marks.sort_unstable();
    let mut open: Vec<usize> = Vec::new();
    let mut pairs = Vec::new();
    for i in marks {
        if matches!(b[i], b'(' | b'[') {
            open.push(i);
        } else if let Some(o) = open.pop() {
            if i - o <= MAX_ASIDE {
                pairs.push((o, i));
            }
        }
    }
    pairs
}

fn inside_brackets(pairs: &[(usize, usize)], pos: usize) -> bool {
    pairs.iter().any(|&(o, c)| o < pos && pos <= c)
}

/// One run of terminators: `block[run..run_end]`, closers up to `end`.
struct Candidate<'a> {
    block: &'a str,
    start: usize,
    run: usize,
    run_end: usize,
    end: usize,
    /// Inside a bracketed aside, where only an ordinary word can end a sentence.
    aside: bool,
}

impl Candidate<'_> {
    fn is_boundary(&self) -> bool {
        let b = self.block.as_bytes();
        let Some(&next) = b.get(self.end) else {
            return true;
        };
        let run = &self.block[self.run..self.run_end];
        let strong = run.contains(['!', '?', '\u{3002}', '\u{FF01}', '\u{FF1F}']);
        let ellipsis = run.len() > 1 && !strong;
        if !next.is_ascii_whitespace() {
            return !ellipsis && self.glued_boundary(strong);
        }
        let Some(word) = next_word(self.block, self.end) else {
            return !ellipsis;
        };
        match (strong, ellipsis) {
            (true, _) => !word.lower,
            (_, true) => word.upper,
            _ => self.full_stop(&word),
        }
    }

    /// No space after the stop: "year-earlier.The" breaks, "U.S.", "e.g.", "bbc.co.uk",
    /// "Amazon.com" and "1.5" do not.
    fn glued_boundary(&self, strong: bool) -> bool {
        let rest = self.block[self.end..].trim_start_matches(['"', '\u{201C}', '\u{2018}']);
        let mut chars = rest.chars();
        let (Some(a), Some(b)) = (chars.next(), chars.next()) else {
            return false;
        };
        if !(a.is_uppercase() && b.is_lowercase()) {
            return false;
        }
        if strong {
            return true;
        }
        let before = self.block[self.start..self.run].chars().next_back();
        let plain_end =
            before.is_some_and(char::is_alphanumeric) || matches!(before, Some('%' | ')'));
        plain_end
            && !is_domain_suffix(rest)
            && abbrev::classify(self.word_before()) == WordClass::Ordinary
    }

    /// A single full stop followed by a space and then `word`.
    fn full_stop(&self, word: &NextWord) -> bool {
        let class = abbrev::classify(self.word_before());
        if word.lower {
            return false;
        }
        if !word.upper {
            // Figures and symbols: "No. 5", "Jan. 12" continue, "in 2004. 20 people" breaks.
            return class == WordClass::Ordinary;
        }
        match class {
            WordClass::Ordinary => true,
            _ if self.aside => false,
            WordClass::Final => true,
            WordClass::Never => false,
            WordClass::Ambiguous => abbrev::is_starter(word.text),
            WordClass::Initial => abbrev::is_starter(word.text) && !matches!(word.text, "A" | "I"),
        }
    }

    /// The word before the terminator run, without leading quotes or brackets.
    fn word_before(&self) -> &str {
        let head = &self.block[self.start..self.run];
        let from = head
            .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '[' | ')' | ']' | '"' | '/'))
            .map_or(0, |p| {
                p + head[p..].chars().next().map_or(1, char::len_utf8)
            });
        head[from..].trim_start_matches(|c: char| !c.is_alphanumeric())
    }
}

/// "LeanIn.Org", "Booking.Com": a capitalised top-level domain glued to a name.
fn is_domain_suffix(rest: &str) -> bool {
    const TLDS: &[&str] = &[
        "com", "org", "net", "gov", "edu", "co", "uk", "io", "tv", "info",
    ];
    let len = rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len());
    TLDS.iter().any(|t| t.eq_ignore_ascii_case(&rest[..len]))
}

/// The first word after whitespace, past any opening quotes or brackets.
struct NextWord<'a> {
    text: &'a str,
    /// Starts with a capital letter (or "eBay"/"iPhone" style).
    upper: bool,
    /// Starts with a lowercase letter.
    lower: bool,
}

fn next_word(block: &str, from: usize) -> Option<NextWord<'_>> {
    let rest = block[from..].trim_start();
    let rest = rest.trim_start_matches(['"', '\'', '(', '[', '\u{201C}', '\u{2018}', '\u{AB}']);
    let len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .unwrap_or(rest.len());
    let text = &rest[..len];
    if rest.is_empty() {
        return None;
    }
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        // A figure or symbol ("$5", "-"): neither case.
        return Some(NextWord {
            text,
            upper: false,
            lower: false,
        });
    };
    let camel = first.is_lowercase() && chars.next().is_some_and(char::is_uppercase);
    Some(NextWord {
        text,
        upper: first.is_uppercase() || camel,
        lower: first.is_lowercase() && !camel,
    })
}
