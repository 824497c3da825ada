//! Folder walks: recursive, sorted by name at every level so the order never depends on
//! the file system; hidden entries skipped; symlinked folders not followed (no loops).

use std::fs;
use std::path::Path;

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

/// Appends the files below `root` that the options select, in sorted order.
pub(super) fn walk(root: &Path, options: &InputOptions, out: &mut Vec<Source>) {
    walk_dir(root, Path::new(""), options, out);
}

fn walk_dir(dir: &Path, relative: &Path, options: &InputOptions, out: &mut Vec<Source>) {
    let mut entries = match fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(Result::ok).collect::<Vec<_>>(),
        Err(err) => {
            let location = dir.display().to_string();
            out.push(Source::Missing(problem(&location, io_message(&err))));
            return;
        }
    };
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let rel = relative.join(&name);
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk_dir(&path, &rel, options, out);
        } else if selected(&rel, options) && (kind.is_file() || path.is_file()) {
            out.push(Source::File {
                path,
                relative: rel,
            });
        }
    }
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
}
