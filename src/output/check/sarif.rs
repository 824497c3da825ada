//! The report as a SARIF 2.1.0 log, the format code-scanning services read: one run,
//! a rule per kind of finding, a result per finding with its place in the draft and
//! its related places. Columns count Unicode code points (`columnKind`), as the text
//! report's do; regions carry byte offsets too.
//!
//! Results are written as drafts are checked: the rules come first (they are known
//! before any draft), the run is closed with the totals as its properties.

use std::path::{Component, Path};

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde_json::{json, Value};

use super::{kind_name, DraftReport, Emitter, Place, Places, Totals, MAX_RELATED};
use crate::check::{Finding, Kind, Severity};
use crate::text::Span;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Every kind of finding, in rule order.
const KINDS: [Kind; 7] = [
    Kind::RepeatedSentence,
    Kind::RedundantParagraphs,
    Kind::RepeatedPhrase,
    Kind::NearDuplicate,
    Kind::Overlap,
    Kind::ParagraphMatch,
    Kind::Reworded,
];

/// Characters escaped in a URI path: controls, space and those with a meaning in a
/// URI; `/` stays, it separates the path's parts.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The SARIF log, written draft by draft.
#[derive(Default)]
pub struct SarifEmitter {
    results: usize,
}

impl Emitter for SarifEmitter {
    fn begin(&mut self) -> String {
        let driver = json!({
            "name": "copydesk",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://crates.io/crates/copydesk",
            "rules": KINDS.iter().map(|&k| rule(k)).collect::<Vec<_>>(),
        });
        let tool = serde_json::to_string(&json!({ "driver": driver })).expect("json");
        format!(
            "{{\"$schema\":\"{SCHEMA}\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{tool},\
             \"columnKind\":\"unicodeCodePoints\",\"results\":["
        )
    }

    fn draft(&mut self, draft: &DraftReport) -> String {
        let places = draft.places();
        let uri = artifact_uri(draft);
        let mut out = String::new();
        for finding in &draft.findings {
            if self.results > 0 {
                out.push(',');
            }
            self.results += 1;
            let result = result(finding, &uri, &places);
            out.push('\n');
            out.push_str(&serde_json::to_string(&result).expect("json"));
        }
        out
    }

    fn end(&mut self, totals: &Totals) -> String {
        let properties = serde_json::to_string(&json!({ "totals": totals })).expect("json");
        format!("\n],\"properties\":{properties}}}]}}\n")
    }
}

/// The rule of one kind: what it finds and what to do about it.
fn rule(kind: Kind) -> Value {
    let (name, short, help, level) = describe(kind);
    json!({
        "id": kind_name(kind),
        "name": name,
        "shortDescription": { "text": short },
        "help": { "text": help },
        "defaultConfiguration": { "level": level },
    })
}

fn describe(kind: Kind) -> (&'static str, &'static str, &'static str, &'static str) {
    match kind {
        Kind::RepeatedSentence => (
            "RepeatedSentence",
            "A sentence repeats, or nearly repeats, an earlier one.",
            "Cut the later sentence or say something new in it.",
            "warning",
        ),
        Kind::RedundantParagraphs => (
            "RedundantParagraphs",
            "Two paragraphs cover the same ground.",
            "Merge the paragraphs or cut what the later one restates.",
            "note",
        ),
        Kind::RepeatedPhrase => (
            "RepeatedPhrase",
            "A phrase of several words is used more than once.",
            "Vary the wording, or keep the repeat if it is deliberate (a name, a title).",
            "note",
        ),
        Kind::NearDuplicate => (
            "NearDuplicate",
            "The draft is a near-copy of an archived article.",
            "Check whether the story was already published; update it instead of copying.",
            "error",
        ),
        Kind::Overlap => (
            "Overlap",
            "Much of the draft comes from an archived article, or contains much of one.",
            "Attribute or rewrite the material taken from the archived article.",
            "warning",
        ),
        Kind::ParagraphMatch => (
            "ParagraphMatch",
            "A paragraph of the draft is, or nearly is, a paragraph of an archived article.",
            "Attribute or rewrite the paragraph taken from the archived article.",
            "warning",
        ),
        Kind::Reworded => (
            "Reworded",
            "The draft may reword an archived article: much of its 3-word phrasing is there.",
            "Compare with the archived article; attribute it, or write from your own reporting.",
            "note",
        ),
    }
}

fn result(f: &Finding, uri: &str, places: &Places) -> Value {
    let rule_index = KINDS
        .iter()
        .position(|&k| k == f.kind)
        .expect("every kind has a rule");
    let place = places.place(Span::new(f.start, f.end));
    let related: Vec<Value> = f
        .related
        .iter()
        .take(MAX_RELATED)
        .enumerate()
        .map(|(i, r)| {
            json!({
                "id": i,
                "physicalLocation": physical(uri, places.place(r.span)),
                "message": { "text": r.note },
            })
        })
        .collect();
    let mut result = json!({
        "ruleId": kind_name(f.kind),
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": { "text": f.message },
        "locations": [{ "physicalLocation": physical(uri, place) }],
    });
    if !related.is_empty() {
        result["relatedLocations"] = Value::Array(related);
    }
    if let Some(archive) = &f.archive {
        result["properties"] = json!({ "archive": archive });
    }
    result
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The file and region of a place. A web page's region is in the page, and a place
/// not verbatim there has none: the result then names the file alone.
fn physical(uri: &str, place: Place) -> Value {
    let (Some(lines), page) = (place.lines, place.source_start.is_some()) else {
        return json!({ "artifactLocation": { "uri": uri } });
    };
    let mut region = json!({
        "startLine": lines.line,
        "startColumn": lines.column,
        "endLine": lines.end_line,
        "endColumn": lines.end_column,
    });
    let bytes = match (place.source_start, place.source_end) {
        (Some(start), Some(end)) => Some((start, end)),
        _ if !page => Some((place.start, place.end)),
        _ => None,
    };
    if let Some((start, end)) = bytes {
        region["byteOffset"] = json!(start);
        region["byteLength"] = json!(end - start);
    }
    json!({ "artifactLocation": { "uri": uri }, "region": region })
}

/// The draft's file as a URI reference relative to the working directory when it lies
/// below it, a `file://` URI otherwise; a draft that is no file (stdin, a JSONL record)
/// is named by its id.
fn artifact_uri(draft: &DraftReport) -> String {
    let Some(path) = &draft.path else {
        return encode(&draft.id);
    };
    let path = Path::new(path);
    let relative = if path.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
    } else {
        Some(path.to_path_buf())
    };
    match relative {
        Some(relative) => encode(&slashed(&relative)),
        None => format!("file://{}", encode(&slashed(path))),
    }
}

/// The path's parts joined with `/`, without `.` parts.
fn slashed(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| match c {
            Component::RootDir => String::new(),
            other => other.as_os_str().to_string_lossy().into_owned(),
        })
        .collect();
    parts.join("/")
}

fn encode(text: &str) -> String {
    utf8_percent_encode(text, PATH).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DRAFT: &str = "The council approved the budget on Tuesday night. Rain fell.\n\
                         The council approved the budget on Tuesday night.\n";

    fn log(path: Option<&str>) -> Value {
        let draft = super::super::checked("d", path, DRAFT);
        let mut emitter = SarifEmitter::default();
        let mut totals = Totals::new(Severity::Warning);
        totals.add(&draft);
        let out = emitter.begin()
            + &emitter.draft(&draft)
            + &emitter.draft(&draft)
            + &emitter.end(&totals);
        serde_json::from_str(&out).expect(&out)
    }

    #[test]
    fn results_point_at_their_rule_and_place() {
        let log = log(Some("drafts/my draft.txt"));
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let results = run["results"].as_array().unwrap();
        assert!(!results.is_empty());
        for result in results {
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
        }
        let first = &results[0];
        assert_eq!(first["ruleId"], "repeated_sentence");
        let location = &first["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "drafts/my%20draft.txt");
        assert_eq!(location["region"]["startLine"], 2);
        assert_eq!(location["region"]["startColumn"], 1);
        assert_eq!(
            first["relatedLocations"][0]["physicalLocation"]["region"]["startLine"],
            1
        );
    }

    #[test]
    fn a_draft_that_is_no_file_is_named_by_its_id() {
        let log = log(None);
        let uri = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
            ["artifactLocation"]["uri"];
        assert_eq!(uri, "d");
    }
}
