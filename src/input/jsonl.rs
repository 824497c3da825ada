//! JSONL records: one JSON object per line, with an id field and a text field.
//! A malformed line is a [`Problem`] naming `path:line`; the rest still come out.

use std::borrow::Cow;
use std::io::{BufRead, ErrorKind};
use std::ops::ControlFlow;
use std::path::Path;

use serde_json::Value;

use super::{
    charset, decode, problem, Document, Emit, InputOptions, Item, Origin, Problem, WebPage,
};
use crate::text::TextFormat;

/// Streams the records of `reader`, calling `emit` once per non-blank line.
pub(super) fn read_records(
    mut reader: impl BufRead,
    path: Option<&Path>,
    options: &InputOptions,
    emit: &mut Emit,
) -> ControlFlow<()> {
    let name = path.map_or("<stdin>".to_string(), |p| p.display().to_string());
    // A record's page is read from the HTML field exactly as its text would be.
    let html_options;
    let options = match &options.html_field {
        Some(field) => {
            html_options = InputOptions {
                text_field: field.clone(),
                ..options.clone()
            };
            &html_options
        }
        None => options,
    };
    let mut number = 0;
    let mut record = |line: &[u8]| {
        number += 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            return ControlFlow::Continue(());
        }
        let location = format!("{name}:{number}");
        let origin = Origin::Record {
            path: path.map(Path::to_path_buf),
            line: number,
        };
        emit(parse_record(line, origin, &location, options))
    };
    // A line wholly inside the reader's buffer is parsed where it lies; only a line
    // that straddles two fills is gathered here first.
    let mut straddling = Vec::new();
    loop {
        let buffer = match reader.fill_buf() {
            Ok(buffer) => buffer,
            Err(err) if err.kind() == ErrorKind::Interrupted => continue,
            Err(err) => return record_error(&name, &err, emit),
        };
        if buffer.is_empty() {
            // The last line may lack its line break.
            if straddling.is_empty() {
                return ControlFlow::Continue(());
            }
            return record(&straddling);
        }
        let (used, flow) = match memchr::memchr(b'\n', buffer) {
            Some(end) if straddling.is_empty() => (end + 1, record(&buffer[..=end])),
            Some(end) => {
                straddling.extend_from_slice(&buffer[..=end]);
                let flow = record(&straddling);
                straddling.clear();
                (end + 1, flow)
            }
            None => {
                straddling.extend_from_slice(buffer);
                (buffer.len(), ControlFlow::Continue(()))
            }
        };
        reader.consume(used);
        flow?;
    }
}

fn record_error(name: &str, err: &std::io::Error, emit: &mut Emit) -> ControlFlow<()> {
    emit(Err(problem(name, format!("cannot read: {err}"))))
}

fn parse_record(line: &[u8], origin: Origin, location: &str, options: &InputOptions) -> Item {
    if line.len() as u64 > options.max_bytes {
        let message = format!("record larger than {} bytes; skipped", options.max_bytes);
        return Err(problem(location, message));
    }
    // Nearly every line is valid UTF-8 without NULs: it is parsed where it lies, and
    // only the rest is copied for `decode` to report or repair.
    let (decoded, warnings) = match std::str::from_utf8(line) {
        Ok(json) if memchr::memchr(0, line).is_none() => {
            let json = json.strip_prefix('\u{feff}').unwrap_or(json);
            (Cow::Borrowed(json), Vec::new())
        }
        _ => {
            let (decoded, warnings) = decode(line, charset::Kind::Text, location, options)?;
            (Cow::Owned(decoded.text), warnings)
        }
    };
    let (id, text, fields) = id_and_text(&decoded, location, options)?;
    let mut doc = Document::new(id, origin, text, TextFormat::Plain);
    doc.warnings = warnings;
    doc.fields = fields;
    if options.html_field.is_some() {
        doc.page = Some(Box::new(WebPage {
            html: std::mem::take(&mut doc.text),
            // The field's string is the page: offsets into it are its own.
            source_offsets: true,
            ..WebPage::default()
        }));
    }
    Ok(doc)
}

/// Parses the whole record into a [`Value`] and gives its id, text and extra fields.
/// (A visitor that skipped the other fields without keeping them saved 0.7% of the
/// instructions of `dedup` or `summarize` on the BBC dev set: not worth its code.)
fn id_and_text(
    json: &str,
    location: &str,
    options: &InputOptions,
) -> Result<(String, String, Vec<String>), Problem> {
    let record: Value = serde_json::from_str(json)
        .map_err(|err| problem(location, format!("malformed JSON: {err}")))?;
    let Value::Object(mut fields) = record else {
        return Err(problem(location, "expected a JSON object".into()));
    };
    // The id and the extra fields are read first so the text can be moved out.
    let id = record_id(fields.get(&options.id_field), location);
    let extra = options
        .extra_fields
        .iter()
        .map(|name| string_value(fields.get(name).cloned(), name, None, location))
        .collect::<Result<Vec<String>, Problem>>()?;
    let text = fields.remove(&options.text_field);
    let flag = if options.html_field.is_some() {
        "--html-field"
    } else {
        "--text-field"
    };
    let text = string_value(text, &options.text_field, Some(flag), location)?;
    Ok((id, text, extra))
}

/// A string or number id as text; records without one are named by their location.
fn record_id(id: Option<&Value>, location: &str) -> String {
    match id {
        Some(Value::String(id)) => id.clone(),
        Some(Value::Number(id)) => id.to_string(),
        _ => location.to_string(),
    }
}

/// The value of field `name`, which must be a string; `flag`, if any, names the option
/// that chose the field.
fn string_value(
    value: Option<Value>,
    name: &str,
    flag: Option<&str>,
    location: &str,
) -> Result<String, Problem> {
    match value {
        Some(Value::String(text)) => Ok(text),
        Some(Value::Null) | None => {
            let see = flag
                .map(|flag| format!(" (see {flag})"))
                .unwrap_or_default();
            Err(problem(location, format!("no \"{name}\" field{see}")))
        }
        Some(_) => Err(problem(location, format!("\"{name}\" is not a string"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &str) -> Vec<Item> {
        let mut items = Vec::new();
        let options = InputOptions::default();
        let _ = read_records(input.as_bytes(), None, &options, &mut |item| {
            items.push(item);
            ControlFlow::Continue(())
        });
        items
    }

    #[test]
    fn records_are_read_and_bad_lines_reported_with_their_line() {
        let items = read(
            "{\"id\":\"a\",\"text\":\"One.\"}\n\nnot json\n{\"id\":7,\"text\":\"Two.\"}\n{\"id\":\"x\"}\n[1]\n",
        );
        assert_eq!(items.len(), 5);
        assert_eq!(items[0].as_ref().unwrap().id, "a");
        let bad = items[1].as_ref().unwrap_err();
        assert_eq!(bad.location, "<stdin>:3");
        assert!(bad.message.contains("malformed JSON"));
        assert_eq!(items[2].as_ref().unwrap().id, "7");
        assert!(items[3]
            .as_ref()
            .unwrap_err()
            .message
            .contains("--text-field"));
        assert!(items[4].as_ref().unwrap_err().message.contains("object"));
    }

    #[test]
    fn lines_split_across_buffer_fills_read_the_same() {
        let input = "{\"id\":\"a\",\"text\":\"One. Two.\"}\n\n  \nnot json\r\n{\"id\":\"b\",\"text\":\"Three.\"}";
        let whole = read(input);
        for capacity in [1, 2, 7, 16, 64] {
            let mut items = Vec::new();
            let reader = std::io::BufReader::with_capacity(capacity, input.as_bytes());
            let _ = read_records(reader, None, &InputOptions::default(), &mut |item| {
                items.push(item);
                ControlFlow::Continue(())
            });
            assert_eq!(items.len(), whole.len(), "capacity {capacity}");
            for (got, want) in items.iter().zip(&whole) {
                match (got, want) {
                    (Ok(got), Ok(want)) => {
                        assert_eq!((&got.id, &got.text), (&want.id, &want.text));
                        assert_eq!(got.origin, want.origin);
                    }
                    (Err(got), Err(want)) => assert_eq!(got, want),
                    _ => panic!("capacity {capacity}: {got:?} vs {want:?}"),
                }
            }
        }
        assert_eq!(whole.len(), 3);
        assert_eq!(whole[2].as_ref().unwrap().id, "b");
        assert_eq!(whole[1].as_ref().unwrap_err().location, "<stdin>:4");
    }

    #[test]
    fn a_record_without_id_is_named_by_its_location() {
        let items = read("{\"text\":\"Hi.\"}\n");
        assert_eq!(items[0].as_ref().unwrap().id, "<stdin>:1");
    }
}
