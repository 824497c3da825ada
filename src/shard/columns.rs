//! The Parquet schema of a shard, and the buffer that turns sketches into its row
//! groups.
//!
//! Written with the parquet crate's column writers, not through Arrow arrays: the
//! Arrow reader and writer are generic code that made the binary 3 MB larger, and a
//! shard's columns are plain enough to write one by one.

use std::io::Write;
use std::sync::Arc;

use parquet::data_type::{ByteArray, ByteArrayType, DataType, Int32Type, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::writer::SerializedRowGroupWriter;
use parquet::schema::parser::parse_message_type;
use parquet::schema::types::TypePtr;

use super::{as_i64, short_shingles};
use crate::sketch::{set_hash, Sketch};

/// Documents whose shingles are handed to the column writer at once, so the
/// repetition and definition levels never cover more than these.
const LEVEL_CHUNK_ROWS: usize = 1024;

/// The name of band `i`'s column.
pub fn band_column(i: usize) -> String {
    format!("band_{i}")
}

/// The schema of a shard with `bands` band columns; nothing is nullable, and the
/// shingles are Parquet's standard three-level list of int32 elements.
pub fn schema(bands: usize) -> TypePtr {
    let mut message = String::from(
        "message copydesk_sketch {
            required int64 doc;
            required binary id (STRING);
            required int32 n_shingles;
            required int32 words;
            required int64 exact;\n",
    );
    for i in 0..bands {
        message.push_str(&format!("required int64 {};\n", band_column(i)));
    }
    message.push_str(
        "required group shingles (LIST) {
                repeated group list { required int32 element; }
            }
        }",
    );
    Arc::new(parse_message_type(&message).expect("the shard schema parses"))
}

/// Rows not yet written, column by column.
pub struct Rows {
    doc: Vec<i64>,
    id: Vec<ByteArray>,
    n_shingles: Vec<i32>,
    words: Vec<i32>,
    exact: Vec<i64>,
    bands: Vec<Vec<i64>>,
    /// Every row's short shingles, one after the other; `lengths` splits them.
    shingles: Vec<i32>,
    lengths: Vec<usize>,
}

impl Rows {
    pub fn new(bands: usize) -> Self {
        Rows {
            doc: Vec::new(),
            id: Vec::new(),
            n_shingles: Vec::new(),
            words: Vec::new(),
            exact: Vec::new(),
            bands: vec![Vec::new(); bands],
            shingles: Vec::new(),
            lengths: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.doc.len()
    }

    /// Adds a document with at least one shingle (its band keys are all there).
    pub fn push(&mut self, doc: i64, id: &str, sketch: &Sketch) {
        self.doc.push(doc);
        self.id.push(ByteArray::from(id));
        self.n_shingles.push(saturating_i32(sketch.shingles.len()));
        self.words.push(saturating_i32(sketch.words));
        self.exact.push(as_i64(set_hash(&sketch.shingles)));
        for (column, &key) in self.bands.iter_mut().zip(&sketch.band_keys) {
            column.push(as_i64(key));
        }
        let short = short_shingles(&sketch.shingles);
        self.lengths.push(short.len());
        self.shingles.extend_from_slice(&short);
    }

    /// Writes the buffered rows as the columns of `group`, in schema order, and
    /// leaves the buffer empty.
    pub fn write_to<W: Write + Send>(
        &mut self,
        group: &mut SerializedRowGroupWriter<'_, W>,
    ) -> Result<(), ParquetError> {
        write_column::<Int64Type, W>(group, &std::mem::take(&mut self.doc))?;
        write_column::<ByteArrayType, W>(group, &std::mem::take(&mut self.id))?;
        write_column::<Int32Type, W>(group, &std::mem::take(&mut self.n_shingles))?;
        write_column::<Int32Type, W>(group, &std::mem::take(&mut self.words))?;
        write_column::<Int64Type, W>(group, &std::mem::take(&mut self.exact))?;
        for band in &mut self.bands {
            write_column::<Int64Type, W>(group, &std::mem::take(band))?;
        }
        let lengths = std::mem::take(&mut self.lengths);
        let shingles = std::mem::take(&mut self.shingles);
        write_lists(group, &lengths, &shingles)
    }
}

/// The group's next column: a required, unrepeated one.
fn write_column<T: DataType, W: Write + Send>(
    group: &mut SerializedRowGroupWriter<'_, W>,
    values: &[T::T],
) -> Result<(), ParquetError> {
    let mut column = next_column(group)?;
    column.typed::<T>().write_batch(values, None, None)?;
    column.close()
}

/// The group's last column: one list of `lengths[row]` values per row, taken in turn
/// from `values`.
fn write_lists<W: Write + Send>(
    group: &mut SerializedRowGroupWriter<'_, W>,
    lengths: &[usize],
    values: &[i32],
) -> Result<(), ParquetError> {
    let mut column = next_column(group)?;
    let writer = column.typed::<Int32Type>();
    let mut start = 0;
    for rows in lengths.chunks(LEVEL_CHUNK_ROWS) {
        let (definitions, repetitions) = list_levels(rows);
        let end = start + rows.iter().sum::<usize>();
        writer.write_batch(&values[start..end], Some(&definitions), Some(&repetitions))?;
        start = end;
    }
    column.close()
}

/// The levels of lists of these lengths in a required list column: each element is
/// defined (1), an empty list is one undefined level (0); the first element of each
/// list starts a row (repetition 0), the others repeat it (1).
fn list_levels(lengths: &[usize]) -> (Vec<i16>, Vec<i16>) {
    let levels: usize = lengths.iter().map(|&n| n.max(1)).sum();
    let mut definitions = Vec::with_capacity(levels);
    let mut repetitions = Vec::with_capacity(levels);
    for &n in lengths {
        if n == 0 {
            definitions.push(0);
            repetitions.push(0);
            continue;
        }
        definitions.extend(std::iter::repeat_n(1, n));
        repetitions.push(0);
        repetitions.extend(std::iter::repeat_n(1, n - 1));
    }
    (definitions, repetitions)
}

fn next_column<'a, W: Write + Send>(
    group: &'a mut SerializedRowGroupWriter<'_, W>,
) -> Result<parquet::file::writer::SerializedColumnWriter<'a>, ParquetError> {
    group
        .next_column()?
        .ok_or_else(|| ParquetError::General("more columns than the shard schema".into()))
}

/// Counts past i32::MAX (a 2-billion-word document) are stored as i32::MAX.
fn saturating_i32(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_lists_the_columns_in_order_and_none_is_nullable() {
        let schema = parquet::schema::types::SchemaDescriptor::new(schema(2));
        let paths: Vec<String> = schema.columns().iter().map(|c| c.path().string()).collect();
        assert_eq!(
            paths,
            [
                "doc",
                "id",
                "n_shingles",
                "words",
                "exact",
                "band_0",
                "band_1",
                "shingles.list.element"
            ]
        );
        let shingles = schema.column(7);
        assert_eq!((shingles.max_def_level(), shingles.max_rep_level()), (1, 1));
        assert!(schema.columns()[..7].iter().all(|c| c.max_def_level() == 0));
    }

    #[test]
    fn list_levels_start_each_row_and_mark_empty_lists_undefined() {
        let (definitions, repetitions) = list_levels(&[3, 0, 1, 2]);
        assert_eq!(definitions, [1, 1, 1, 0, 1, 1, 1]);
        assert_eq!(repetitions, [0, 1, 1, 0, 0, 0, 1]);
    }
}
