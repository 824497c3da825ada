//! What `index info` prints: an archive index's size and sketch parameters, as
//! aligned lines for people or one JSON object (for both `json` and `jsonl`).

use serde::Serialize;

use super::Format;
use crate::index::IndexInfo;
use crate::sketch::Header;

/// `index info` for machines.
#[derive(Serialize)]
struct InfoRecord {
    path: String,
    format: u32,
    documents: u64,
    paragraphs: u64,
    words: u64,
    file_bytes: u64,
    bytes_per_document: u64,
    header: Header,
}

/// `info` rendered in `format`.
pub fn render_info(info: &IndexInfo, format: Format) -> String {
    let record = info_record(info);
    match format {
        Format::Text => info_text(&record),
        Format::Json | Format::Jsonl => {
            serde_json::to_string_pretty(&record).expect("serializes") + "\n"
        }
    }
}

fn info_record(info: &IndexInfo) -> InfoRecord {
    InfoRecord {
        path: info.path.display().to_string(),
        format: info.format,
        documents: info.documents,
        paragraphs: info.paragraphs,
        words: info.words,
        file_bytes: info.file_bytes,
        bytes_per_document: info.file_bytes / info.documents.max(1),
        header: info.header.clone(),
    }
}

fn info_text(r: &InfoRecord) -> String {
    let h = &r.header;
    format!(
        "index       {} (format {})\ndocuments   {}\nparagraphs  {}\nwords       {}\nsize        {} bytes ({} per document)\nsketch      {}-word shingles, {} permutations, {} bands x {} rows, seed {}\n",
        r.path, r.format, r.documents, r.paragraphs, r.words, r.file_bytes, r.bytes_per_document,
        h.ngram, h.perms, h.bands, h.rows, h.seed
    )
}
