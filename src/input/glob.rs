//! A small glob matcher for `--glob`: `*` (any run within a path segment), `**` (any
//! run of segments), `?` (one character) and `[abc]`/`[a-z]`/`[!x]` classes. A pattern
//! without `/` is matched against the file name, as in ripgrep and fd.

use std::path::Path;

/// A compiled `--glob` pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Glob {
    pattern: Vec<char>,
    whole_path: bool,
}

impl Glob {
    pub fn new(pattern: &str) -> Result<Glob, String> {
        if pattern.is_empty() {
            return Err("empty glob pattern".into());
        }
        if pattern.matches('[').count() != pattern.matches(']').count() {
            return Err(format!("unbalanced brackets in glob '{pattern}'"));
        }
        Ok(Glob {
            pattern: pattern.chars().collect(),
            whole_path: pattern.contains('/'),
        })
    }

    /// Matches a relative path (with `/` separators) or, for patterns without `/`, the
    /// path's file name.
    pub fn matches_path(&self, relative: &Path) -> bool {
        let full = relative.to_string_lossy().replace('\\', "/");
        let subject = if self.whole_path {
            full.as_str()
        } else {
            full.rsplit('/').next().unwrap_or("")
        };
        let text: Vec<char> = subject.chars().collect();
        matches(&self.pattern, &text)
    }
}

fn matches(pattern: &[char], text: &[char]) -> bool {
    match pattern.first() {
        None => text.is_empty(),
        Some('*') if pattern.get(1) == Some(&'*') => {
            let rest = pattern[2..].strip_prefix(&['/']).unwrap_or(&pattern[2..]);
            (0..=text.len()).any(|i| matches(rest, &text[i..]))
        }
        Some('*') => (0..=text.len())
            .take_while(|&i| i == 0 || text[i - 1] != '/')
            .any(|i| matches(&pattern[1..], &text[i..])),
        Some('?') => !text.is_empty() && text[0] != '/' && matches(&pattern[1..], &text[1..]),
        Some('[') => match_class(pattern, text),
        Some(&c) => text.first() == Some(&c) && matches(&pattern[1..], &text[1..]),
    }
}

fn match_class(pattern: &[char], text: &[char]) -> bool {
    let Some(close) = pattern
        .iter()
        .skip(2)
        .position(|&c| c == ']')
        .map(|p| p + 2)
    else {
        return text.first() == Some(&'[') && matches(&pattern[1..], &text[1..]);
    };
    let Some(&c) = text.first() else {
        return false;
    };
    let (negated, body) = match pattern[1] {
        '!' | '^' => (true, &pattern[2..close]),
        _ => (false, &pattern[1..close]),
    };
    let mut hit = false;
    let mut i = 0;
    while i < body.len() {
        if i + 2 < body.len() && body[i + 1] == '-' {
            hit |= body[i] <= c && c <= body[i + 2];
            i += 3;
        } else {
            hit |= body[i] == c;
            i += 1;
        }
    }
    hit != negated && matches(&pattern[close + 1..], &text[1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, path: &str) -> bool {
        Glob::new(pattern).unwrap().matches_path(Path::new(path))
    }

    #[test]
    fn globs_match_like_a_shell() {
        let cases = [
            ("*.txt", "a/b/story.txt", true),
            ("*.txt", "story.md", false),
            ("story?.md", "story1.md", true),
            ("news/*.txt", "news/a.txt", true),
            ("news/*.txt", "news/sub/a.txt", false),
            ("news/**/*.txt", "news/sub/deep/a.txt", true),
            ("**/*.txt", "a.txt", true),
            ("[ab]*.txt", "b1.txt", true),
            ("[!ab]*.txt", "b1.txt", false),
            ("[a-c].md", "c.md", true),
        ];
        for (pattern, path, want) in cases {
            assert_eq!(m(pattern, path), want, "{pattern} vs {path}");
        }
    }

    #[test]
    fn bad_patterns_are_refused() {
        assert!(Glob::new("").is_err());
        assert!(Glob::new("[abc").is_err());
    }
}
