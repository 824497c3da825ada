//! Reads JSONL records `{"id", "text"}` on stdin and prints one JSONL record
//! `{"id", "sentences": [[start, end], ...]}` per input, with byte offsets into `text`.
//! Used by `scripts/eval_sentences.py` to compare the splitter with other tools.

use std::io::{self, BufRead, BufWriter, Write};

use copydesk::text::{segment, TextFormat};
use serde_json::{json, Value};

fn main() -> io::Result<()> {
    let stdin = io::stdin();
    let mut out = BufWriter::new(io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let record: Value = serde_json::from_str(&line).map_err(io::Error::other)?;
        let text = record["text"].as_str().unwrap_or_default();
        let spans: Vec<[usize; 2]> = segment(text, TextFormat::Plain)
            .sentences
            .iter()
            .map(|s| [s.span.start, s.span.end])
            .collect();
        let result = json!({ "id": record["id"], "sentences": spans });
        writeln!(out, "{result}")?;
    }
    out.flush()
}
