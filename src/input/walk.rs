//! Folder walks (by walkdir): recursive, sorted by name at every level so the order
//! never depends on the file system; hidden entries skipped; symlinked folders not
//! followed (no loops), symlinked files read.

use std::path::Path;

use walkdir::{DirEntry, WalkDir};

use super::{io_message, problem, InputFormat, InputOptions, Source};

/// Extensions a walk picks when no `--glob` is given.
fn default_extensions(format: InputFormat) -> &'static [&'static str] {
    match format {
        InputFormat::Auto => &["txt", "text", "md", "markdown", "html", "htm", "xhtml"],
        InputFormat::Text => &["txt", "text"],
        InputFormat::Markdown => &["md", "markdown"],
        InputFormat::Jsonl => &["jsonl", "ndjson"],
        InputFormat::Html => &["html", "htm", "xhtml"],
    }
}

/// Appends the files below `root` that the options select, in sorted order; a folder
/// that cannot be read is appended as a problem, and the walk goes on.
pub(super) fn walk(root: &Path, options: &InputOptions, out: &mut Vec<Source>) {
    let entries = WalkDir::new(root)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| !is_hidden(entry));
    for entry in entries {
        match entry {
            Ok(entry) => {
                if let Some(source) = selected_file(root, &entry, options) {
                    out.push(source);
                }
            }
            Err(err) => {
                let location = err.path().unwrap_or(root).display().to_string();
                let message = match err.io_error() {
                    Some(io) => io_message(io),
                    None => err.to_string(),
                };
                out.push(Source::Missing(problem(&location, message)));
            }
        }
    }
}

fn is_hidden(entry: &DirEntry) -> bool {
    entry.file_name().to_string_lossy().starts_with('.')
}

/// The entry as an input file, if it is a file (or a link to one) the options select.
fn selected_file(root: &Path, entry: &DirEntry, options: &InputOptions) -> Option<Source> {
    let path = entry.path();
    let relative = path.strip_prefix(root).unwrap_or(path);
    let kind = entry.file_type();
    let is_file = kind.is_file() || (kind.is_symlink() && path.is_file());
    (is_file && selected(relative, options)).then(|| Source::File {
        path: path.to_path_buf(),
        relative: relative.to_path_buf(),
    })
}

fn selected(relative: &Path, options: &InputOptions) -> bool {
    if !options.globs.is_empty() {
        return options.globs.iter().any(|glob| glob.matches_path(relative));
    }
    let extension = relative
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    extension.is_some_and(|e| default_extensions(options.format).contains(&e.as_str()))
}

#[cfg(test)]
mod tests {
    use super::super::Glob;
    use super::*;
    use std::fs;
    use std::path::PathBuf;

    fn files(root: &Path, options: &InputOptions) -> Vec<PathBuf> {
        let mut out = Vec::new();
        walk(root, options, &mut out);
        out.into_iter()
            .map(|s| match s {
                Source::File { relative, .. } => relative,
                other => panic!("unexpected {other:?}"),
            })
            .collect()
    }

    #[test]
    fn walks_sorted_recursive_and_filters_by_extension() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "b.txt",
            "a.md",
            "c.bin",
            ".hidden.txt",
            "sub/z.txt",
            "sub/a.text",
        ] {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        let got = files(dir.path(), &InputOptions::default());
        let want: Vec<PathBuf> = ["a.md", "b.txt", "sub/a.text", "sub/z.txt"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(got, want);

        let options = InputOptions {
            globs: vec![Glob::new("*.bin").unwrap()],
            ..InputOptions::default()
        };
        assert_eq!(files(dir.path(), &options), vec![PathBuf::from("c.bin")]);
    }

    #[test]
    fn a_symlinked_folder_is_not_followed_so_a_loop_ends() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/a.txt"), "x").unwrap();
        fs::write(dir.path().join("b.txt"), "x").unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("b.txt"), dir.path().join("c.txt")).unwrap();
        let got = files(dir.path(), &InputOptions::default());
        let want: Vec<PathBuf> = ["b.txt", "c.txt", "sub/a.txt"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(
            got, want,
            "a link to a file is read, a link to a folder is not"
        );
    }

    #[test]
    fn globs_select_by_alternatives_and_by_path() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.md", "b.txt", "c.html", "news/d.md", "old/e.md"] {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        let options = |patterns: &[&str]| InputOptions {
            globs: patterns.iter().map(|p| Glob::new(p).unwrap()).collect(),
            ..InputOptions::default()
        };
        let names = |patterns: &[&str]| -> Vec<String> {
            files(dir.path(), &options(patterns))
                .iter()
                .map(|p| p.display().to_string())
                .collect()
        };
        assert_eq!(
            names(&["*.{md,txt}"]),
            ["a.md", "b.txt", "news/d.md", "old/e.md"]
        );
        assert_eq!(names(&["news/*.md", "*.html"]), ["c.html", "news/d.md"]);
    }
}
