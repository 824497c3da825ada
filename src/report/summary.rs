//! Summary records: what `summarize` prints, as typed `Serialize` structs, and their
//! plain-text rendering.

use serde::Serialize;

use super::sanitize;
use crate::summarize::Summary;
use crate::text::AnalyzedDocument;

/// One summarised document (a JSON object, or one JSONL line).
#[derive(Clone, Debug, Serialize)]
pub struct SummaryRecord {
    /// The path, the JSONL id, or `-` for stdin.
    pub id: String,
    /// The file the document was read from, when it was a file or a JSONL file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// How many sentences the document has.
    pub sentence_count: usize,
    /// The chosen sentences joined by single spaces.
    pub summary: String,
    pub sentences: Vec<SummarySentence>,
}

/// One chosen sentence, located in the original text.
#[derive(Clone, Debug, Serialize)]
pub struct SummarySentence {
    /// Position of the sentence in the document (0-based).
    pub index: usize,
    /// Byte offsets into the original text: `text == original[start..end]`.
    pub start: usize,
    pub end: usize,
    /// The sentence's share of the document's centrality (all scores sum to 1).
    pub score: f64,
    pub text: String,
}

impl SummaryRecord {
    pub fn new(
        id: String,
        path: Option<String>,
        text: &str,
        doc: &AnalyzedDocument,
        summary: &Summary,
    ) -> Self {
        let sentences: Vec<SummarySentence> = summary
            .selected
            .iter()
            .map(|&index| {
                let span = doc.sentences[index].span;
                SummarySentence {
                    index,
                    start: span.start,
                    end: span.end,
                    score: summary.scores[index],
                    text: span.slice(text).to_string(),
                }
            })
            .collect();
        let joined: Vec<String> = sentences
            .iter()
            .map(|s| sanitize::one_line(&s.text))
            .collect();
        SummaryRecord {
            id,
            path,
            sentence_count: doc.sentences.len(),
            summary: joined.join(" "),
            sentences,
        }
    }

    /// The text rendering: one sentence per line (line breaks inside a sentence folded).
    pub fn to_text(&self, terminal: bool) -> String {
        let mut out = String::new();
        for sentence in &self.sentences {
            let line = sanitize::one_line(&sentence.text);
            if terminal {
                out.push_str(&sanitize::for_terminal(&line));
            } else {
                out.push_str(&line);
            }
            out.push('\n');
        }
        out
    }
}
