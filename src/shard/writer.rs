//! One Parquet file of sketches, streamed: rows are buffered into row groups of a
//! fixed size, so memory stays bounded and the bytes depend only on the input (no
//! timestamps; `created_by` is the parquet crate's constant).

use std::io::Write;
use std::sync::Arc;

use parquet::basic::{Compression, ZstdLevel};
use parquet::errors::ParquetError;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;

use super::columns::{self, Rows};
use super::{ShardError, ShardHeader, EMPTY_KEY, HEADER_KEY, VERSION_KEY};
use crate::sketch::Sketch;

/// Rows per row group: a few tens of MB with 500-shingle documents, so a Spark task
/// reads a shard in several splits and the writer holds one group in memory.
const ROW_GROUP_ROWS: usize = 16 * 1024;

/// Writes sketches to `out` as one Parquet file.
pub struct ShardWriter<W: Write + Send> {
    writer: SerializedFileWriter<W>,
    rows: Rows,
    empty: u64,
}

impl<W: Write + Send> ShardWriter<W> {
    /// Starts a Parquet file on `out` with `header` in its metadata; nothing is
    /// complete until [`finish`](ShardWriter::finish).
    pub fn new(out: W, header: &ShardHeader) -> Result<Self, ShardError> {
        let rows = Rows::new(header.sketch.bands);
        let json = serde_json::to_string(header).expect("headers serialize");
        let metadata = vec![
            KeyValue::new(HEADER_KEY.to_string(), json),
            KeyValue::new(
                VERSION_KEY.to_string(),
                env!("CARGO_PKG_VERSION").to_string(),
            ),
        ];
        let properties = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .set_key_value_metadata(Some(metadata))
            .build();
        let schema = columns::schema(header.sketch.bands);
        let writer =
            SerializedFileWriter::new(out, schema, Arc::new(properties)).map_err(write_error)?;
        Ok(ShardWriter {
            writer,
            rows,
            empty: 0,
        })
    }

    /// Adds a document: a row, or one more empty document if it has no shingles.
    pub fn push(&mut self, doc: i64, id: &str, sketch: &Sketch) -> Result<(), ShardError> {
        if sketch.shingles.is_empty() {
            self.empty += 1;
            return Ok(());
        }
        self.rows.push(doc, id, sketch);
        if self.rows.len() >= ROW_GROUP_ROWS {
            self.write_rows()?;
        }
        Ok(())
    }

    /// Writes the last rows and the footer (with the count of empty documents);
    /// returns the output, flushed.
    pub fn finish(mut self) -> Result<W, ShardError> {
        self.write_rows()?;
        let empty = KeyValue::new(EMPTY_KEY.to_string(), self.empty.to_string());
        self.writer.append_key_value_metadata(empty);
        let mut out = self.writer.into_inner().map_err(write_error)?;
        out.flush().map_err(|e| write_error(e.into()))?;
        Ok(out)
    }

    fn write_rows(&mut self) -> Result<(), ShardError> {
        if self.rows.len() == 0 {
            return Ok(());
        }
        let mut group = self.writer.next_row_group().map_err(write_error)?;
        self.rows.write_to(&mut group).map_err(write_error)?;
        group.close().map(drop).map_err(write_error)
    }
}

/// A write error; the caller who knows the path names it.
fn write_error(source: ParquetError) -> ShardError {
    ShardError::Write { path: None, source }
}
