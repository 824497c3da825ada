//! The report for programs: one JSON document (`{"drafts": [...], "totals": {...}}`)
//! or JSON Lines (a `draft` record per draft, then a `totals` record).
//!
//! Every place carries its byte offsets into the draft and its 1-based line and
//! character column; `end_line`/`end_column` are the place just after its last
//! character. Counts are exact; findings beyond `--max-findings` of a kind are left
//! out and counted in `omitted`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{kind_name, Counts, DraftReport, Emitter, Place, Places, Totals, MAX_RELATED};
use crate::check::{ArchiveMatch, Finding, Kind, Severity};
use crate::html::PageMeta;
use crate::output::summary::SummarySentence;
use crate::text::Span;

/// A draft as machine formats give it.
#[derive(Serialize)]
pub struct DraftRecord<'a> {
    /// The path, JSONL id, or `-` for stdin.
    pub id: &'a str,
    /// The file the draft was read from, when it is a whole file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<&'a str>,
    /// The language the draft was analysed in (ISO 639-1).
    pub lang: &'static str,
    /// What a web page says about itself (web pages only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<&'a PageMeta>,
    /// The article extracted from a web page, which `start`/`end` index (web pages
    /// only; `line`/`column` and `source_start`/`source_end` are then in the page).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
    /// The findings listed, most severe first, then by place.
    pub findings: Vec<FindingRecord<'a>>,
    /// All findings, listed or not, by severity.
    pub counts: Counts,
    /// Findings left out per kind (`--max-findings`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub omitted: BTreeMap<&'static str, usize>,
    /// `--summary N`: the draft's summary sentences.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<&'a [SummarySentence]>,
}

/// A finding with its place located.
#[derive(Serialize)]
pub struct FindingRecord<'a> {
    /// What was found.
    pub kind: Kind,
    /// How serious it is.
    pub severity: Severity,
    /// The finding for people, in one sentence.
    pub message: &'a str,
    /// Where it is in the draft.
    #[serde(flatten)]
    pub location: Place,
    /// The repeated phrase, for phrase findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
    /// How similar the two texts are (0 to 1), for findings that compare.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// Other places in the draft involved (the earlier sentence, the other paragraph).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<RelatedRecord>,
    /// Related places beyond the first [`MAX_RELATED`], not listed.
    #[serde(skip_serializing_if = "is_zero")]
    pub related_omitted: usize,
    /// The archived article matched, for findings against the archive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archive: Option<&'a ArchiveMatch>,
}

/// A place a finding relates to.
#[derive(Serialize)]
pub struct RelatedRecord {
    /// Where it is in the draft.
    #[serde(flatten)]
    pub location: Place,
    /// How it relates (`first said here`).
    pub note: &'static str,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl<'a> DraftRecord<'a> {
    /// The record of `draft`, its places located.
    pub fn new(draft: &'a DraftReport) -> Self {
        let places = draft.places();
        let page = draft.page.as_deref();
        DraftRecord {
            id: &draft.id,
            path: draft.path.as_deref(),
            lang: draft.language.code(),
            meta: page.map(|p| &p.meta),
            text: page.map(|_| draft.text.as_str()),
            findings: draft
                .findings
                .iter()
                .map(|f| FindingRecord::new(f, &places))
                .collect(),
            counts: draft.counts,
            omitted: omitted(&draft.omitted),
            summary: draft.summary.as_deref(),
        }
    }
}

impl<'a> FindingRecord<'a> {
    /// The record of `f`, located by `places`.
    pub fn new(f: &'a Finding, places: &Places) -> Self {
        FindingRecord {
            kind: f.kind,
            severity: f.severity,
            message: &f.message,
            location: places.place(Span::new(f.start, f.end)),
            text: f.text.as_deref(),
            similarity: f.similarity,
            related: f
                .related
                .iter()
                .take(MAX_RELATED)
                .map(|r| RelatedRecord {
                    location: places.place(r.span),
                    note: r.note,
                })
                .collect(),
            related_omitted: f.related.len().saturating_sub(MAX_RELATED),
            archive: f.archive.as_ref(),
        }
    }
}

fn omitted(left_out: &[(Kind, usize)]) -> BTreeMap<&'static str, usize> {
    left_out
        .iter()
        .map(|&(kind, count)| (kind_name(kind), count))
        .collect()
}

/// One JSON document, written as drafts come: the array is opened before the first
/// and closed with the totals.
#[derive(Default)]
pub struct JsonEmitter {
    drafts: usize,
}

impl Emitter for JsonEmitter {
    fn begin(&mut self) -> String {
        "{\n  \"drafts\": [".to_string()
    }

    fn draft(&mut self, draft: &DraftReport) -> String {
        let record =
            serde_json::to_string_pretty(&DraftRecord::new(draft)).expect("reports serialize");
        let separator = if self.drafts == 0 { "\n" } else { ",\n" };
        self.drafts += 1;
        format!("{separator}{}", indent(&record, "    "))
    }

    fn end(&mut self, totals: &Totals) -> String {
        let totals = serde_json::to_string_pretty(totals).expect("reports serialize");
        let close = if self.drafts == 0 { "]" } else { "\n  ]" };
        format!(
            "{close},\n  \"totals\": {}\n}}\n",
            indent(&totals, "  ").trim_start()
        )
    }
}

/// Every line of `text` indented by `by`.
fn indent(text: &str, by: &str) -> String {
    text.lines()
        .map(|line| format!("{by}{line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One line per draft (`"type": "draft"`), then one with the totals
/// (`"type": "totals"`).
pub struct JsonlEmitter;

#[derive(Serialize)]
struct Typed<T: Serialize> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    record: T,
}

impl Emitter for JsonlEmitter {
    fn begin(&mut self) -> String {
        String::new()
    }

    fn draft(&mut self, draft: &DraftReport) -> String {
        let record = Typed {
            kind: "draft",
            record: DraftRecord::new(draft),
        };
        serde_json::to_string(&record).expect("reports serialize") + "\n"
    }

    fn end(&mut self, totals: &Totals) -> String {
        let record = Typed {
            kind: "totals",
            record: totals,
        };
        serde_json::to_string(&record).expect("reports serialize") + "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    const DRAFT: &str = "Ünïcode title\n\nThe council approved the budget on Tuesday night. \
                         Rain fell.\nThe council approved the budget on Tuesday night.\n";

    fn report(id: &str) -> DraftReport {
        super::super::checked(id, None, DRAFT)
    }

    fn run(emitter: &mut dyn Emitter, drafts: &[DraftReport]) -> String {
        let mut totals = Totals::new(Severity::Warning);
        let mut out = emitter.begin();
        for draft in drafts {
            totals.add(draft);
            out.push_str(&emitter.draft(draft));
        }
        out + &emitter.end(&totals)
    }

    #[test]
    fn the_json_document_is_valid_with_any_number_of_drafts() {
        for n in 0..3 {
            let drafts: Vec<DraftReport> = (0..n).map(|i| report(&format!("d{i}"))).collect();
            let out = run(&mut JsonEmitter::default(), &drafts);
            let value: Value = serde_json::from_str(&out).expect(&out);
            assert_eq!(value["drafts"].as_array().unwrap().len(), n);
            assert_eq!(value["totals"]["drafts"], n);
        }
    }

    #[test]
    fn findings_and_related_places_carry_lines_and_columns() {
        let out = run(&mut JsonEmitter::default(), &[report("d")]);
        let value: Value = serde_json::from_str(&out).unwrap();
        let finding = &value["drafts"][0]["findings"][0];
        assert_eq!(finding["kind"], "repeated_sentence");
        let (start, end) = (
            finding["start"].as_u64().unwrap() as usize,
            finding["end"].as_u64().unwrap() as usize,
        );
        assert!(DRAFT[start..end].starts_with("The council"));
        assert_eq!(
            (finding["line"].as_u64(), finding["column"].as_u64()),
            (Some(4), Some(1))
        );
        assert_eq!(finding["end_line"], 4);
        assert_eq!(
            finding["end_column"].as_u64().unwrap() as usize,
            1 + DRAFT[start..end].chars().count()
        );
        let related = &finding["related"][0];
        assert_eq!(
            (related["line"].as_u64(), related["column"].as_u64()),
            (Some(3), Some(1))
        );
        assert_eq!(related["note"], "first said here");
    }

    #[test]
    fn json_lines_are_typed_records_ending_with_the_totals() {
        let out = run(&mut JsonlEmitter, &[report("a"), report("b")]);
        let records: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let types: Vec<&str> = records
            .iter()
            .map(|r| r["type"].as_str().unwrap())
            .collect();
        assert_eq!(types, ["draft", "draft", "totals"]);
        assert_eq!(records[1]["id"], "b");
        assert_eq!(records[2]["drafts"], 2);
    }

    #[test]
    fn findings_left_out_are_counted_by_kind() {
        let mut draft = report("d");
        draft.omitted = vec![(Kind::RepeatedPhrase, 4)];
        let out = run(&mut JsonlEmitter, &[draft]);
        let record: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        assert_eq!(record["omitted"]["repeated_phrase"], 4);
    }
}
