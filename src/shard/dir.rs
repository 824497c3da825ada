//! A folder of shards `part-00000.parquet`, `part-00001.parquet`, ...: each covers a
//! fixed number of consecutive input documents and appears whole or not at all
//! (written under a hidden temporary name, which Spark skips, then renamed).

use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use tempfile::TempPath;

use super::{Output, ShardError, ShardHeader, ShardWriter};
use crate::sketch::Sketch;

/// The shard being written: its writer and the temporary file behind it.
struct Open {
    writer: ShardWriter<Output>,
    /// The same file, to sync once the writer is done with it.
    file: File,
    temp: TempPath,
    /// Input documents given to it so far.
    documents: usize,
}

/// Writes shards of at most `per_shard` input documents each into a folder.
pub struct ShardDir {
    dir: PathBuf,
    header: ShardHeader,
    per_shard: usize,
    open: Open,
    written: Vec<PathBuf>,
}

impl ShardDir {
    /// Creates the folder if needed and opens the first shard, so an unwritable folder
    /// fails before any input is read. Refuses a folder that already holds shards.
    pub fn create(dir: &Path, header: ShardHeader, per_shard: usize) -> Result<Self, ShardError> {
        let folder_error = |source| ShardError::Folder {
            path: dir.to_path_buf(),
            source,
        };
        fs::create_dir_all(dir).map_err(folder_error)?;
        if let Some(example) = existing_shard(dir).map_err(folder_error)? {
            return Err(ShardError::ShardsExist {
                path: dir.to_path_buf(),
                example,
            });
        }
        let open = open_shard(dir, &header, 0)?;
        Ok(ShardDir {
            dir: dir.to_path_buf(),
            header,
            per_shard: per_shard.max(1),
            open,
            written: Vec::new(),
        })
    }

    /// Adds the next input document, starting a new shard when this one is full.
    pub fn push(&mut self, doc: i64, id: &str, sketch: &Sketch) -> Result<(), ShardError> {
        if self.open.documents == self.per_shard {
            let next = open_shard(&self.dir, &self.header, self.written.len() + 1)?;
            let full = std::mem::replace(&mut self.open, next);
            let done = close(&self.dir, self.written.len(), full)?;
            self.written.push(done);
        }
        self.open.documents += 1;
        let open = &mut self.open;
        (open.writer.push(doc, id, sketch)).map_err(|e| with_path(e, open.temp.to_path_buf()))
    }

    /// Closes the last shard (written even when empty, so a run always leaves at least
    /// one readable file); returns every shard's path, in order.
    pub fn finish(mut self) -> Result<Vec<PathBuf>, ShardError> {
        let last = close(&self.dir, self.written.len(), self.open)?;
        self.written.push(last);
        Ok(self.written)
    }
}

/// Finishes shard `n`, syncs it and renames it to its final name (never over an
/// existing file); returns that name.
fn close(dir: &Path, n: usize, shard: Open) -> Result<PathBuf, ShardError> {
    let target = dir.join(shard_name(n));
    let write_error = |source: std::io::Error| ShardError::Write {
        path: Some(target.clone()),
        source: source.into(),
    };
    // Finishing flushes the buffer into the file.
    drop(
        shard
            .writer
            .finish()
            .map_err(|e| with_path(e, target.clone()))?,
    );
    shard.file.sync_all().map_err(write_error)?;
    shard
        .temp
        .persist_noclobber(&target)
        .map_err(|e| write_error(e.error))?;
    Ok(target)
}

/// The name of shard `n`.
pub fn shard_name(n: usize) -> String {
    format!("part-{n:05}.parquet")
}

/// Opens shard `n` under a hidden temporary name in `dir`.
fn open_shard(dir: &Path, header: &ShardHeader, n: usize) -> Result<Open, ShardError> {
    let prefix = format!(".part-{n:05}-");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".parquet.tmp");
    // Temporary files are private (0600); a shard is read by whoever runs the job.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let temp = builder
        .tempfile_in(dir)
        .map_err(|source| ShardError::Folder {
            path: dir.to_path_buf(),
            source,
        })?;
    let (file, temp) = temp.into_parts();
    let folder_error = |source| ShardError::Folder {
        path: dir.to_path_buf(),
        source,
    };
    let out: Output = Box::new(BufWriter::with_capacity(
        1 << 20,
        file.try_clone().map_err(folder_error)?,
    ));
    let writer = ShardWriter::new(out, header).map_err(|e| with_path(e, temp.to_path_buf()))?;
    Ok(Open {
        writer,
        file,
        temp,
        documents: 0,
    })
}

/// A shard already in `dir`, if any.
fn existing_shard(dir: &Path) -> std::io::Result<Option<PathBuf>> {
    for entry in fs::read_dir(dir)? {
        let name = entry?.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("part-") && name.ends_with(".parquet") {
            return Ok(Some(dir.join(&*name)));
        }
    }
    Ok(None)
}

/// Names the file a write error is about.
fn with_path(error: ShardError, path: PathBuf) -> ShardError {
    match error {
        ShardError::Write { path: None, source } => ShardError::Write {
            path: Some(path),
            source,
        },
        other => other,
    }
}
