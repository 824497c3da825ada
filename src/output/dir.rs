//! The file sink: one output file per input under `--output-dir`, mirroring relative
//! paths (the names themselves are chosen in [`super::emit`]).
//!
//! Three promises: nothing is written outside the output folder (ids like `../x` and
//! symlinks pointing out are refused), no input is ever overwritten, and every file
//! appears whole or not at all (written to a temporary file, then renamed).

use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

/// Why an output file could not be written; each names the path it is about.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The output folder could not be made.
    #[error("cannot create output folder {}: {source}", .path.display())]
    CreateFolder {
        /// The path it is about.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The output folder could not be resolved to its canonical path.
    #[error("cannot open output folder {}: {source}", .path.display())]
    OpenFolder {
        /// The path it is about.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A subfolder of the output folder could not be made.
    #[error("cannot create {}: {source}", .path.display())]
    CreateDir {
        /// The path it is about.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A subfolder could not be resolved to its canonical path.
    #[error("cannot open {}: {source}", .path.display())]
    OpenDir {
        /// The path it is about.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The name is plain but a symlink on the way leads out of the folder.
    #[error("{} leads outside the output folder", .relative.display())]
    LeadsOutside {
        /// The name asked for.
        relative: PathBuf,
    },
    /// The file to write is one of the inputs.
    #[error("{} is an input; refusing to overwrite it", .path.display())]
    IsAnInput {
        /// The path it is about.
        path: PathBuf,
    },
    /// The temporary file beside the target could not be made.
    #[error("cannot write in {}: {source}", .dir.display())]
    TempFile {
        /// The folder it is about.
        dir: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The file could not be written or renamed into place.
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        /// The path it is about.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The name has a root, a drive or `..`.
    #[error(
        "{} would be written outside the output folder; refused",
        .relative.display()
    )]
    Outside {
        /// The name asked for.
        relative: PathBuf,
    },
    /// The name is empty (or only `.`).
    #[error("empty output name")]
    EmptyName,
}

/// An output folder and the inputs it must never overwrite.
pub struct OutputDir {
    root: PathBuf,
    canonical_root: PathBuf,
    protected: HashSet<PathBuf>,
}

impl OutputDir {
    /// Creates the folder if needed. `inputs` are files that must not be overwritten.
    pub fn create(root: &Path, inputs: &[PathBuf]) -> Result<OutputDir, OutputError> {
        let path = || root.to_path_buf();
        fs::create_dir_all(root).map_err(|source| OutputError::CreateFolder {
            path: path(),
            source,
        })?;
        let canonical_root = fs::canonicalize(root).map_err(|source| OutputError::OpenFolder {
            path: path(),
            source,
        })?;
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
    pub fn write(&self, relative: &Path, contents: &[u8]) -> Result<PathBuf, OutputError> {
        let target = self.root.join(safe_relative(relative)?);
        let parent = target.parent().unwrap_or(&self.root);
        let canonical_parent = self.checked_parent(relative, parent)?;
        let file_name = target.file_name().unwrap_or_default();
        if self.protected.contains(&canonical_parent.join(file_name)) {
            return Err(OutputError::IsAnInput { path: target });
        }
        let mut temp = tempfile::NamedTempFile::new_in(&canonical_parent).map_err(|source| {
            OutputError::TempFile {
                dir: parent.to_path_buf(),
                source,
            }
        })?;
        let written = temp
            .write_all(contents)
            .and_then(|_| temp.as_file().sync_data())
            .and_then(|_| temp.persist(&target).map(drop).map_err(|e| e.error));
        match written {
            Ok(()) => Ok(target),
            Err(source) => Err(OutputError::Write {
                path: target,
                source,
            }),
        }
    }

    /// Creates `parent` and gives its canonical path, which must lie in the folder.
    fn checked_parent(&self, relative: &Path, parent: &Path) -> Result<PathBuf, OutputError> {
        fs::create_dir_all(parent).map_err(|source| OutputError::CreateDir {
            path: parent.to_path_buf(),
            source,
        })?;
        let canonical_parent = fs::canonicalize(parent).map_err(|source| OutputError::OpenDir {
            path: parent.to_path_buf(),
            source,
        })?;
        if !canonical_parent.starts_with(&self.canonical_root) {
            return Err(OutputError::LeadsOutside {
                relative: relative.to_path_buf(),
            });
        }
        Ok(canonical_parent)
    }
}

/// Accepts only plain relative paths: no root, no drive, no `..`.
pub fn safe_relative(relative: &Path) -> Result<PathBuf, OutputError> {
    let mut clean = PathBuf::new();
    for component in relative.components() {
        match component {
            Component::Normal(part) => clean.push(part),
            Component::CurDir => {}
            _ => {
                return Err(OutputError::Outside {
                    relative: relative.to_path_buf(),
                })
            }
        }
    }
    if clean.as_os_str().is_empty() {
        return Err(OutputError::EmptyName);
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
        assert!(matches!(err, OutputError::IsAnInput { .. }), "{err}");
        assert!(err
            .to_string()
            .ends_with("is an input; refusing to overwrite it"));
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
