//! Input sources: stdin, files, folders walked in sorted order, and JSONL records.
//!
//! Everything becomes a [`Document`] (an id, a path for output mirroring, the text and its
//! format) or a [`Problem`] naming where it came from. The decoding policy lives here:
//! invalid UTF-8 is decoded lossily with a warning (an error under `strict`), text with
//! NUL bytes is binary and skipped, files over the size limit are skipped.

mod glob;
mod jsonl;
mod walk;

use std::fs;
use std::io::{self, Read};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use crate::text::TextFormat;

pub use glob::Glob;

/// Files larger than this are not articles; reading them whole would only hurt.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Read buffer for JSONL files: large reads mean few system calls for big files.
const JSONL_BUFFER: usize = 1 << 18;

/// How to read the inputs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InputFormat {
    /// By extension: `.md`/`.markdown` Markdown, `.jsonl`/`.ndjson` JSONL, else text.
    #[default]
    Auto,
    Text,
    Markdown,
    Jsonl,
}

/// Input settings shared by every subcommand.
#[derive(Clone, Debug)]
pub struct InputOptions {
    pub format: InputFormat,
    pub id_field: String,
    pub text_field: String,
    /// Which files a folder walk picks; empty means text and Markdown files.
    pub globs: Vec<Glob>,
    /// Invalid UTF-8 is an error instead of a warning.
    pub strict: bool,
    pub max_bytes: u64,
    /// Further string fields every JSONL record must have (e.g. a reference summary),
    /// kept in [`Document::fields`] in this order.
    pub extra_fields: Vec<String>,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            format: InputFormat::Auto,
            id_field: "id".into(),
            text_field: "text".into(),
            globs: Vec::new(),
            strict: false,
            max_bytes: DEFAULT_MAX_BYTES,
            extra_fields: Vec::new(),
        }
    }
}

/// Where a document came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Stdin,
    /// A file; `relative` is its path below the folder it was found in (or its file
    /// name when it was named directly), used to mirror it under an output folder.
    File {
        path: PathBuf,
        relative: PathBuf,
    },
    /// Line `line` (1-based) of a JSONL file (or of stdin when `path` is `None`).
    Record {
        path: Option<PathBuf>,
        line: usize,
    },
}

/// One article to process.
#[derive(Clone, Debug)]
pub struct Document {
    /// A path, a JSONL id, or `-` for stdin.
    pub id: String,
    pub origin: Origin,
    pub text: String,
    pub format: TextFormat,
    /// Things worth telling the user that did not stop the document (lossy decoding).
    pub warnings: Vec<String>,
    /// The values of [`InputOptions::extra_fields`] (JSONL records only).
    pub fields: Vec<String>,
    /// The bytes began with a byte-order mark, which the text holds as three spaces
    /// (see `blank_bom`): its first line's columns start after them.
    pub bom: bool,
}

/// An input that could not be read; it is reported and skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// A path, `path:line`, or `<stdin>`.
    pub location: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

pub type Item = Result<Document, Problem>;

/// Receives items in input order; `Break` stops reading (the output went away).
pub type Emit<'a> = dyn FnMut(Item) -> ControlFlow<()> + 'a;

/// One thing to read, resolved from the command line before any text is read.
#[derive(Clone, Debug)]
pub enum Source {
    Stdin,
    File { path: PathBuf, relative: PathBuf },
    Missing(Problem),
}

/// Expands the command line's paths into sources: `-` is stdin, folders are walked
/// recursively in sorted order, files are taken as given.
pub fn resolve(paths: &[PathBuf], options: &InputOptions) -> Vec<Source> {
    let mut sources = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            sources.push(Source::Stdin);
        } else if path.is_dir() {
            walk::walk(path, options, &mut sources);
        } else {
            let relative = PathBuf::from(path.file_name().unwrap_or(path.as_os_str()));
            sources.push(Source::File {
                path: path.clone(),
                relative,
            });
        }
    }
    sources
}

/// Reads one source into its documents (one, or one per JSONL record) and problems.
/// `emit` is called for each, in order; JSONL files are streamed line by line.
pub fn read_source(source: &Source, options: &InputOptions, emit: &mut Emit) -> ControlFlow<()> {
    match source {
        Source::Missing(problem) => emit(Err(problem.clone())),
        Source::Stdin => read_stdin(options, emit),
        Source::File { path, relative } => read_file(path, relative, options, emit),
    }
}

fn read_stdin(options: &InputOptions, emit: &mut Emit) -> ControlFlow<()> {
    let location = "<stdin>";
    if options.format == InputFormat::Jsonl {
        return jsonl::read_records(io::stdin().lock(), None, options, emit);
    }
    let mut bytes = Vec::new();
    let limited = io::stdin()
        .lock()
        .take(options.max_bytes + 1)
        .read_to_end(&mut bytes);
    if let Err(err) = limited {
        return emit(Err(problem(location, format!("cannot read: {err}"))));
    }
    let format = match options.format {
        InputFormat::Markdown => TextFormat::Markdown,
        _ => TextFormat::Plain,
    };
    emit(make_document(
        "-".into(),
        Origin::Stdin,
        bytes,
        format,
        location,
        options,
    ))
}

fn read_file(
    path: &Path,
    relative: &Path,
    options: &InputOptions,
    emit: &mut Emit,
) -> ControlFlow<()> {
    let location = path.display().to_string();
    let format = effective_format(path, options.format);
    if format == InputFormat::Jsonl {
        return match fs::File::open(path) {
            Ok(file) => {
                let reader = io::BufReader::with_capacity(JSONL_BUFFER, file);
                jsonl::read_records(reader, Some(path), options, emit)
            }
            Err(err) => emit(Err(problem(&location, io_message(&err)))),
        };
    }
    let bytes = match read_limited(path, options.max_bytes) {
        Ok(bytes) => bytes,
        Err(message) => return emit(Err(problem(&location, message))),
    };
    let origin = Origin::File {
        path: path.to_path_buf(),
        relative: relative.to_path_buf(),
    };
    let text_format = match format {
        InputFormat::Markdown => TextFormat::Markdown,
        _ => TextFormat::Plain,
    };
    emit(make_document(
        location.clone(),
        origin,
        bytes,
        text_format,
        &location,
        options,
    ))
}

/// The format a file is read in: the one asked for, or guessed from its extension.
pub fn effective_format(path: &Path, asked: InputFormat) -> InputFormat {
    if asked != InputFormat::Auto {
        return asked;
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("md" | "markdown") => InputFormat::Markdown,
        Some("jsonl" | "ndjson") => InputFormat::Jsonl,
        _ => InputFormat::Text,
    }
}

fn read_limited(path: &Path, max_bytes: u64) -> Result<Vec<u8>, String> {
    let file = fs::File::open(path).map_err(|e| io_message(&e))?;
    let mut bytes = Vec::new();
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_message(&e))?;
    if bytes.len() as u64 > max_bytes {
        return Err(format!(
            "larger than {max_bytes} bytes; skipped (raise --max-bytes to read it)"
        ));
    }
    Ok(bytes)
}

/// Applies the decoding policy to raw bytes.
fn make_document(
    id: String,
    origin: Origin,
    bytes: Vec<u8>,
    format: TextFormat,
    location: &str,
    options: &InputOptions,
) -> Item {
    if bytes.len() as u64 > options.max_bytes {
        let message = format!("larger than {} bytes; skipped", options.max_bytes);
        return Err(problem(location, message));
    }
    let bom = bytes.starts_with("\u{feff}".as_bytes());
    let (text, warnings) = decode(bytes, location, options.strict)?;
    Ok(Document {
        id,
        origin,
        text,
        format,
        warnings,
        fields: Vec::new(),
        bom,
    })
}

/// Decodes UTF-8 (blanking a byte-order mark); binary text (NUL bytes) is refused.
pub(crate) fn decode(
    bytes: Vec<u8>,
    location: &str,
    strict: bool,
) -> Result<(String, Vec<String>), Problem> {
    if bytes.contains(&0) {
        return Err(problem(
            location,
            "binary file (contains NUL bytes); skipped".into(),
        ));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) if strict => {
            let at = err.utf8_error().valid_up_to();
            return Err(problem(location, format!("invalid UTF-8 at byte {at}")));
        }
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
            let warning = format!(
                "{location}: invalid UTF-8 at byte {at}; decoded with replacement characters"
            );
            return Ok((blank_bom(text), vec![warning]));
        }
    };
    Ok((blank_bom(text), Vec::new()))
}

/// Replaces a leading byte-order mark with three spaces (its length in UTF-8): the
/// mark is not text, yet every byte offset reported must still point into the
/// original bytes, so the text keeps its length instead of losing the mark.
fn blank_bom(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.replace_range(..'\u{feff}'.len_utf8(), "   ");
    }
    text
}

pub(crate) fn problem(location: &str, message: String) -> Problem {
    Problem {
        location: location.to_string(),
        message,
    }
}

/// An I/O error in words a user acts on.
pub(crate) fn io_message(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ if err.raw_os_error() == Some(21) => "is a directory".into(),
        _ => format!("cannot read: {err}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_bytes_mean_binary() {
        let err = decode(b"ab\0cd".to_vec(), "x", false).unwrap_err();
        assert!(err.message.contains("binary"), "{err}");
    }

    #[test]
    fn invalid_utf8_is_lossy_with_a_warning_or_an_error_when_strict() {
        let (text, warnings) = decode(b"caf\xe9 ok".to_vec(), "f.txt", false).unwrap();
        assert_eq!(text, "caf\u{fffd} ok");
        assert!(warnings[0].contains("f.txt") && warnings[0].contains("byte 3"));
        let err = decode(b"caf\xe9".to_vec(), "f.txt", true).unwrap_err();
        assert!(err.message.contains("invalid UTF-8"));
    }

    #[test]
    fn a_byte_order_mark_is_blanked_so_offsets_stay_those_of_the_bytes() {
        let raw = "\u{feff}Hello";
        let (text, _) = decode(raw.as_bytes().to_vec(), "x", false).unwrap();
        assert_eq!(text, "   Hello");
        assert_eq!(&raw[3..8], &text[3..8]);
    }

    #[test]
    fn format_follows_the_extension_unless_asked() {
        let md = Path::new("a/Draft.MD");
        assert_eq!(
            effective_format(md, InputFormat::Auto),
            InputFormat::Markdown
        );
        assert_eq!(effective_format(md, InputFormat::Text), InputFormat::Text);
        let records = Path::new("x.jsonl");
        assert_eq!(
            effective_format(records, InputFormat::Auto),
            InputFormat::Jsonl
        );
        assert_eq!(
            effective_format(Path::new("x"), InputFormat::Auto),
            InputFormat::Text
        );
    }
}
