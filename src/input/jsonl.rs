//! JSONL records: one JSON object per line, with an id field and a text field.
//! A malformed line is a [`Problem`] naming `path:line`; the rest still come out.

use std::io::BufRead;
use std::ops::ControlFlow;
use std::path::Path;

use serde_json::Value;

use super::{decode, problem, Document, Emit, InputOptions, Item, Origin};
use crate::text::TextFormat;

/// Streams the records of `reader`, calling `emit` once per non-blank line.
pub(super) fn read_records(
    mut reader: impl BufRead,
    path: Option<&Path>,
    options: &InputOptions,
    emit: &mut Emit,
) -> ControlFlow<()> {
    let name = path.map_or("<stdin>".to_string(), |p| p.display().to_string());
    let mut line = Vec::new();
    let mut number = 0;
    loop {
        number += 1;
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => return ControlFlow::Continue(()),
            Ok(_) => {}
            Err(err) => {
                return emit(Err(problem(&name, format!("cannot read: {err}"))));
            }
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let location = format!("{name}:{number}");
        let origin = Origin::Record {
            path: path.map(Path::to_path_buf),
            line: number,
        };
        emit(parse_record(&line, origin, &location, options))?;
    }
}

fn parse_record(line: &[u8], origin: Origin, location: &str, options: &InputOptions) -> Item {
    if line.len() as u64 > options.max_bytes {
        let message = format!("record larger than {} bytes; skipped", options.max_bytes);
        return Err(problem(location, message));
    }
    let (decoded, warnings) = decode(line.to_vec(), location, options.strict)?;
    let record: Value = serde_json::from_str(&decoded)
        .map_err(|err| problem(location, format!("malformed JSON: {err}")))?;
    let Value::Object(mut fields) = record else {
        return Err(problem(location, "expected a JSON object".into()));
    };
    // The id is read first so the text can then be moved out rather than copied.
    let id = match fields.get(&options.id_field) {
        Some(Value::String(id)) => id.clone(),
        Some(Value::Number(id)) => id.to_string(),
        _ => location.to_string(),
    };
    let text = match fields.remove(&options.text_field) {
        Some(Value::String(text)) => text,
        Some(Value::Null) | None => {
            let message = format!("no \"{}\" field (see --text-field)", options.text_field);
            return Err(problem(location, message));
        }
        Some(_) => {
            let message = format!("\"{}\" is not a string", options.text_field);
            return Err(problem(location, message));
        }
    };
    Ok(Document {
        id,
        origin,
        text,
        format: TextFormat::Plain,
        warnings,
    })
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
    fn a_record_without_id_is_named_by_its_location() {
        let items = read("{\"text\":\"Hi.\"}\n");
        assert_eq!(items[0].as_ref().unwrap().id, "<stdin>:1");
    }
}
