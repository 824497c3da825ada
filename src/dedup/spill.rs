//! A temporary file of byte records, one per document, written in input order and
//! read back by position: what lets `dedup` keep only a few fields per document in
//! memory while the data needed to verify a pair waits on disk.
//!
//! The file is created unnamed (`tempfile::tempfile_in`): the system removes it when
//! the process ends, however it ends. Reads use `pread` (`FileExt::read_exact_at`), so
//! any number of threads read at once without sharing a cursor.

use std::fs::File;
use std::io::{self, BufWriter, ErrorKind, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

/// What the records are written to: a temporary file, or a stand-in in tests.
pub trait Backing: Write + Send + Sync {
    fn read_exact_at(&self, buffer: &mut [u8], offset: u64) -> io::Result<()>;
}

impl Backing for File {
    fn read_exact_at(&self, buffer: &mut [u8], offset: u64) -> io::Result<()> {
        FileExt::read_exact_at(self, buffer, offset)
    }
}

/// A failure of the temporary store, naming the directory it is in.
#[derive(Debug, thiserror::Error)]
pub enum SpillError {
    /// No temporary file could be made there (missing directory, no permission).
    #[error(
        "cannot create a temporary file in {}: {source} (choose another with --temp-dir)",
        .dir.display()
    )]
    Create {
        /// The directory asked for.
        dir: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The disk (or the file-size limit) is full.
    #[error(
        "no space left in {} while {doing} (--temp-dir can name a larger disk)",
        .dir.display()
    )]
    NoSpace {
        /// The directory of the temporary file.
        dir: PathBuf,
        /// What was being done, e.g. "writing documents to it".
        doing: &'static str,
    },
    /// Any other input/output failure.
    #[error("temporary file in {} failed while {doing}: {source}", .dir.display())]
    Io {
        /// The directory of the temporary file.
        dir: PathBuf,
        /// What was being done, e.g. "reading documents back".
        doing: &'static str,
        /// What the system said.
        source: io::Error,
    },
    /// A record read back is not what was written.
    #[error(
        "temporary file in {} is damaged (document {})",
        .dir.display(),
        .document + 1
    )]
    Corrupt {
        /// The directory of the temporary file.
        dir: PathBuf,
        /// The document whose record is damaged (0-based; the message counts from 1).
        document: usize,
    },
}

impl SpillError {
    fn from_io(dir: &Path, doing: &'static str, source: io::Error) -> SpillError {
        let dir = dir.to_path_buf();
        match source.kind() {
            ErrorKind::StorageFull | ErrorKind::FileTooLarge | ErrorKind::QuotaExceeded => {
                SpillError::NoSpace { dir, doing }
            }
            _ => SpillError::Io { dir, doing, source },
        }
    }
}

/// Records appended in order, then read by index.
pub struct SpillStore {
    dir: PathBuf,
    writer: BufWriter<Box<dyn Backing>>,
    /// Where each record starts, and one past the last: 8 bytes per record.
    offsets: Vec<u64>,
}

impl SpillStore {
    /// A store in a new unnamed temporary file in `dir`.
    pub fn create(dir: &Path) -> Result<SpillStore, SpillError> {
        let file = tempfile::tempfile_in(dir).map_err(|source| SpillError::Create {
            dir: dir.to_path_buf(),
            source,
        })?;
        Ok(SpillStore::on(dir, Box::new(file)))
    }

    /// A store writing to `backing` (said to be in `dir`).
    pub fn on(dir: &Path, backing: Box<dyn Backing>) -> SpillStore {
        SpillStore {
            dir: dir.to_path_buf(),
            writer: BufWriter::with_capacity(1 << 20, backing),
            offsets: vec![0],
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Records appended so far.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Bytes written so far.
    pub fn bytes(&self) -> u64 {
        *self.offsets.last().expect("offsets start with 0")
    }

    /// Appends the next record.
    pub fn append(&mut self, record: &[u8]) -> Result<(), SpillError> {
        self.writer
            .write_all(record)
            .map_err(|e| SpillError::from_io(&self.dir, "writing documents to it", e))?;
        self.offsets.push(self.bytes() + record.len() as u64);
        Ok(())
    }

    /// Writes out what is buffered: call once every record is appended, before reading.
    pub fn finish(&mut self) -> Result<(), SpillError> {
        self.writer
            .flush()
            .map_err(|e| SpillError::from_io(&self.dir, "writing documents to it", e))
    }

    /// Record `index` (after [`finish`](Self::finish)).
    pub fn read(&self, index: usize) -> Result<Vec<u8>, SpillError> {
        let (start, end) = (self.offsets[index], self.offsets[index + 1]);
        let mut record = vec![0; (end - start) as usize];
        self.writer
            .get_ref()
            .read_exact_at(&mut record, start)
            .map_err(|e| SpillError::from_io(&self.dir, "reading documents back", e))?;
        Ok(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(n: usize) -> Vec<Vec<u8>> {
        (0..n)
            .map(|i| (0..(i * 7) % 300).map(|b| (b * 31 + i) as u8).collect())
            .collect()
    }

    #[test]
    fn records_read_back_as_written_in_any_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SpillStore::create(dir.path()).unwrap();
        let written = records(5_000);
        for record in &written {
            store.append(record).unwrap();
        }
        store.finish().unwrap();
        assert_eq!(store.len(), written.len());
        let total: usize = written.iter().map(Vec::len).sum();
        assert_eq!(store.bytes(), total as u64);
        for i in (0..written.len()).rev().step_by(7) {
            assert_eq!(store.read(i).unwrap(), written[i], "record {i}");
        }
        assert!(store.read(0).unwrap().is_empty());
    }

    #[test]
    fn the_temporary_file_leaves_no_name_in_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SpillStore::create(dir.path()).unwrap();
        store.append(b"words").unwrap();
        store.finish().unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_missing_directory_is_an_error_naming_it() {
        let error = SpillStore::create(Path::new("/nonexistent/copydesk-temp"))
            .err()
            .expect("no such directory");
        assert!(matches!(error, SpillError::Create { .. }));
        assert!(error.to_string().contains("/nonexistent/copydesk-temp"));
    }

    /// Accepts `room` bytes, then fails as a full disk does.
    struct FullDisk {
        room: usize,
    }

    impl Write for FullDisk {
        fn write(&mut self, buffer: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(io::Error::from(ErrorKind::StorageFull));
            }
            let n = buffer.len().min(self.room);
            self.room -= n;
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Backing for FullDisk {
        fn read_exact_at(&self, _: &mut [u8], _: u64) -> io::Result<()> {
            Err(io::Error::from(ErrorKind::UnexpectedEof))
        }
    }

    #[test]
    fn a_full_disk_is_a_no_space_error_not_a_panic() {
        let dir = Path::new("/scratch/tmp");
        let mut store = SpillStore::on(dir, Box::new(FullDisk { room: 3 << 20 }));
        let record = vec![7u8; 4096];
        let mut outcome = Ok(());
        for _ in 0..2_000 {
            outcome = store.append(&record);
            if outcome.is_err() {
                break;
            }
        }
        let failed = outcome.and_then(|()| store.finish()).unwrap_err();
        assert!(matches!(failed, SpillError::NoSpace { .. }));
        assert_eq!(
            failed.to_string(),
            "no space left in /scratch/tmp while writing documents to it \
             (--temp-dir can name a larger disk)"
        );
    }
}
