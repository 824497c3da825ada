//! The Arrow schema of a shard and the buffer that turns sketches into record
//! batches of it.

use std::sync::Arc;

use arrow_array::builder::{Int32Builder, ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, Int32Array, Int64Array, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};

use super::{as_i64, short_shingles};
use crate::sketch::{set_hash, Sketch};

/// The name of band `i`'s column.
pub fn band_column(i: usize) -> String {
    format!("band_{i}")
}

/// The schema of a shard with `bands` band columns; nothing is nullable.
pub fn schema(bands: usize) -> SchemaRef {
    let mut fields = vec![
        Field::new("doc", DataType::Int64, false),
        Field::new("id", DataType::Utf8, false),
        Field::new("n_shingles", DataType::Int32, false),
        Field::new("words", DataType::Int32, false),
        Field::new("exact", DataType::Int64, false),
    ];
    fields.extend((0..bands).map(|i| Field::new(band_column(i), DataType::Int64, false)));
    fields.push(Field::new(
        "shingles",
        DataType::List(Arc::new(item_field())),
        false,
    ));
    Arc::new(Schema::new(fields))
}

/// The list items: Parquet's standard element name, never null.
fn item_field() -> Field {
    Field::new("element", DataType::Int32, false)
}

/// Rows not yet handed to the Parquet writer.
pub struct Rows {
    schema: SchemaRef,
    doc: Vec<i64>,
    id: StringBuilder,
    n_shingles: Vec<i32>,
    words: Vec<i32>,
    exact: Vec<i64>,
    bands: Vec<Vec<i64>>,
    shingles: ListBuilder<Int32Builder>,
}

impl Rows {
    pub fn new(bands: usize) -> Self {
        Rows {
            schema: schema(bands),
            doc: Vec::new(),
            id: StringBuilder::new(),
            n_shingles: Vec::new(),
            words: Vec::new(),
            exact: Vec::new(),
            bands: vec![Vec::new(); bands],
            shingles: ListBuilder::new(Int32Builder::new()).with_field(item_field()),
        }
    }

    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    pub fn len(&self) -> usize {
        self.doc.len()
    }

    /// Adds a document with at least one shingle (its band keys are all there).
    pub fn push(&mut self, doc: i64, id: &str, sketch: &Sketch) {
        self.doc.push(doc);
        self.id.append_value(id);
        self.n_shingles.push(saturating_i32(sketch.shingles.len()));
        self.words.push(saturating_i32(sketch.words));
        self.exact.push(as_i64(set_hash(&sketch.shingles)));
        for (column, &key) in self.bands.iter_mut().zip(&sketch.band_keys) {
            column.push(as_i64(key));
        }
        self.shingles
            .values()
            .append_slice(&short_shingles(&sketch.shingles));
        self.shingles.append(true);
    }

    /// The buffered rows as one batch; the buffer is left empty.
    pub fn take_batch(&mut self) -> Result<RecordBatch, ArrowError> {
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(Int64Array::from(std::mem::take(&mut self.doc))),
            Arc::new(self.id.finish()),
            Arc::new(Int32Array::from(std::mem::take(&mut self.n_shingles))),
            Arc::new(Int32Array::from(std::mem::take(&mut self.words))),
            Arc::new(Int64Array::from(std::mem::take(&mut self.exact))),
        ];
        for column in &mut self.bands {
            columns.push(Arc::new(Int64Array::from(std::mem::take(column))));
        }
        columns.push(Arc::new(self.shingles.finish()));
        RecordBatch::try_new(self.schema.clone(), columns)
    }
}

/// Counts past i32::MAX (a 2-billion-word document) are stored as i32::MAX.
fn saturating_i32(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sketch::{Header, Sketcher};

    #[test]
    fn a_batch_holds_one_row_per_pushed_sketch_in_schema_order() {
        let sketcher = Sketcher::new(Header::new(2, 16, 1, 0.8, Some(4)));
        let mut rows = Rows::new(4);
        rows.push(7, "a", &sketcher.sketch("one two three"));
        rows.push(9, "b", &sketcher.sketch("four five"));
        let batch = rows.take_batch().unwrap();
        assert_eq!((batch.num_rows(), batch.num_columns()), (2, 10));
        let names: Vec<_> = batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        assert_eq!(names[..5], ["doc", "id", "n_shingles", "words", "exact"]);
        assert_eq!(
            names[5..],
            ["band_0", "band_1", "band_2", "band_3", "shingles"]
        );
        assert_eq!(rows.len(), 0, "taking a batch empties the buffer");
        assert_eq!(rows.take_batch().unwrap().num_rows(), 0);
    }
}
