//! Output files: one per input under `--output-dir`, mirroring relative paths.
//!
//! Three promises: nothing is written outside the output folder (ids like `../x` and
//! symlinks pointing out are refused), no input is ever overwritten, and every file
//! appears whole or not at all (written to a temporary file, then renamed).

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// An output folder and the inputs it must never overwrite.
pub struct OutputDir {
    root: PathBuf,
    canonical_root: PathBuf,
    protected: HashSet<PathBuf>,
}

impl OutputDir {
    /// Creates the folder if needed. `inputs` are files that must not be overwritten.
    pub fn create(root: &Path, inputs: &[PathBuf]) -> Result<OutputDir, String> {
        fs::create_dir_all(root)
            .map_err(|e| format!("cannot create output folder {}: {e}", root.display()))?;
        let canonical_root = fs::canonicalize(root)
            .map_err(|e| format!("cannot open output folder {}: {e}", root.display()))?;
        let protected = inputs
            .iter()
            .filter_map(|p| fs::canonicalize(p).ok())
            .collect();
        Ok(OutputDir {
            root: root.to_path_buf(),
            canonical_root,
            protected,
        })
    }

    /// Writes `contents` to `relative` below the folder, atomically. Returns the path.
    pub fn write(&self, relative: &Path, contents: &[u8]) -> Result<PathBuf, String> {
        let target = self.root.join(safe_relative(relative)?);
        let parent = target.parent().unwrap_or(&self.root);
        fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        let canonical_parent = fs::canonicalize(parent)
            .map_err(|e| format!("cannot open {}: {e}", parent.display()))?;
        if !canonical_parent.starts_with(&self.canonical_root) {
            return Err(format!(
                "{} leads outside the output folder",
                relative.display()
            ));
        }
        let file_name = target.file_name().unwrap_or_default();
        if self.protected.contains(&canonical_parent.join(file_name)) {
            return Err(format!(
                "{} is an input; refusing to overwrite it",
                target.display()
            ));
        }
        let mut temp = tempfile::NamedTempFile::new_in(&canonical_parent)
            .map_err(|e| format!("cannot write in {}: {e}", parent.display()))?;
        temp.write_all(contents)
            .and_then(|_| temp.as_file().sync_data())
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        temp.persist(&target)
            .map_err(|e| format!("cannot write {}: {}", target.display(), e.error))?;
        Ok(target)
    }
}

/// Accepts only plain relative paths: no root, no drive, no `..`.
pub fn safe_relative(relative: &Path) -> Result<PathBuf, String> {
    let mut clean = PathBuf::new();
    for component in relative.components() {
        match component {
            Component::Normal(part) => clean.push(part),
            Component::CurDir => {}
            _ => {
                return Err(format!(
                    "{} would be written outside the output folder; refused",
                    relative.display()
                ))
            }
        }
    }
    if clean.as_os_str().is_empty() {
        return Err("empty output name".into());
    }
    Ok(clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_leaving_the_folder_are_refused() {
        for bad in ["../x", "/etc/passwd", "a/../../b", ""] {
            assert!(safe_relative(Path::new(bad)).is_err(), "{bad}");
        }
        assert_eq!(
            safe_relative(Path::new("./a/b.txt")).unwrap(),
            Path::new("a/b.txt")
        );
    }

    #[test]
    fn writes_whole_files_and_never_over_an_input() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("story.txt");
        fs::write(&input, "original").unwrap();
        let out = OutputDir::create(dir.path(), std::slice::from_ref(&input)).unwrap();
        let err = out.write(Path::new("story.txt"), b"summary").unwrap_err();
        assert!(err.contains("refusing"), "{err}");
        assert_eq!(fs::read_to_string(&input).unwrap(), "original");
        let written = out.write(Path::new("sub/story.txt"), b"summary").unwrap();
        assert_eq!(fs::read_to_string(written).unwrap(), "summary");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_folder_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("link")).unwrap();
        let out = OutputDir::create(dir.path(), &[]).unwrap();
        assert!(out.write(Path::new("link/x.txt"), b"x").is_err());
        assert!(fs::read_dir(outside.path()).unwrap().next().is_none());
    }
}
