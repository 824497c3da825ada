//! `--glob` patterns, matched by globset: `*` (any run within a path segment), `**`
//! (any run of segments), `?` (one character), `[abc]`/`[a-z]`/`[!x]` classes and
//! `{a,b}` alternatives. A pattern without `/` is matched against the file name, as in
//! ripgrep and fd.

use std::path::Path;

use globset::{GlobBuilder, GlobMatcher};

/// A compiled `--glob` pattern.
#[derive(Clone, Debug)]
pub struct Glob {
    matcher: GlobMatcher,
    whole_path: bool,
}

/// Why a `--glob` pattern was refused.
#[derive(Debug, thiserror::Error)]
pub enum GlobError {
    #[error("empty glob pattern")]
    Empty,
    #[error("{0}")]
    Invalid(globset::Error),
}

impl Glob {
    pub fn new(pattern: &str) -> Result<Glob, GlobError> {
        if pattern.is_empty() {
            return Err(GlobError::Empty);
        }
        // `*` and `?` stop at `/`, as in a shell; `\` escapes, as on Unix.
        let glob = GlobBuilder::new(pattern)
            .literal_separator(true)
            .backslash_escape(true)
            .build()
            .map_err(GlobError::Invalid)?;
        Ok(Glob {
            matcher: glob.compile_matcher(),
            whole_path: pattern.contains('/'),
        })
    }

    /// Matches a relative path or, for patterns without `/`, the path's file name.
    pub fn matches_path(&self, relative: &Path) -> bool {
        if self.whole_path {
            self.matcher.is_match(relative)
        } else {
            relative
                .file_name()
                .is_some_and(|name| self.matcher.is_match(name))
        }
    }
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
            ("*.{md,txt}", "notes/a.txt", true),
            ("*.{md,txt}", "a.html", false),
            ("news/{2024,2025}/*.md", "news/2025/a.md", true),
        ];
        for (pattern, path, want) in cases {
            assert_eq!(m(pattern, path), want, "{pattern} vs {path}");
        }
    }

    #[test]
    fn a_pattern_that_backtracks_a_lot_still_answers() {
        // Many stars against a long name that almost matches: a backtracking matcher
        // takes exponential time here; an automaton does not.
        let name = format!("{}b", "a".repeat(60));
        assert!(!m(&"*a".repeat(20), &name));
    }

    #[test]
    fn bad_patterns_are_refused() {
        assert!(Glob::new("").is_err());
        assert!(Glob::new("[abc").is_err());
    }
}
