//! Input sources: stdin, files, folders walked in sorted order, and JSONL records.
//!
//! Everything becomes a [`Document`] (an id, a path for output mirroring, the text and its
//! format) or a [`Problem`] naming where it came from. The decoding policy lives here:
//! bytes are decoded by [`charset`]'s rules (a sequence that does not decode is replaced
//! with a warning, an error under `strict`), text with NUL bytes is binary and skipped,
//! files over the size limit are skipped. Web pages are read as pages and become their
//! article in [`prepare`], on the worker threads, which also settles each document's
//! language.

pub mod charset;
mod glob;
mod jsonl;
mod prepare;
mod walk;

use std::fs;
use std::io::{self, Read};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use crate::html::PageMeta;
use crate::text::{Language, TextFormat};

pub use glob::{Glob, GlobError};
pub use prepare::prepare;

/// Files larger than this are not articles; reading them whole would only hurt.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Read buffer for JSONL files: large reads mean few system calls for big files.
const JSONL_BUFFER: usize = 1 << 18;

/// How to read the inputs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InputFormat {
    /// By extension: `.md`/`.markdown` Markdown, `.jsonl`/`.ndjson` JSONL,
    /// `.html`/`.htm`/`.xhtml` HTML, else text; stdin that starts like a page is HTML.
    #[default]
    Auto,
    Text,
    Markdown,
    Jsonl,
    Html,
}

/// Which language each document is analysed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LanguageChoice {
    /// Detected per document; `fallback` when the text is too short or unclear.
    Auto { fallback: Language },
    /// The same for every document.
    Fixed(Language),
}

impl Default for LanguageChoice {
    fn default() -> Self {
        LanguageChoice::Auto {
            fallback: Language::English,
        }
    }
}

/// Input settings shared by every subcommand.
#[derive(Clone, Debug)]
pub struct InputOptions {
    pub format: InputFormat,
    pub id_field: String,
    pub text_field: String,
    /// JSONL field holding each record's page as HTML (instead of `text_field`).
    pub html_field: Option<String>,
    /// Which files a folder walk picks; empty means text, Markdown and HTML files.
    pub globs: Vec<Glob>,
    /// Text that does not decode cleanly is an error instead of a warning.
    pub strict: bool,
    /// The encoding of every input, instead of detecting it.
    pub encoding: Option<&'static Encoding>,
    pub language: LanguageChoice,
    /// Keep each page's article as Markdown too ([`WebPage::markdown`]).
    pub page_markdown: bool,
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
            html_field: None,
            globs: Vec::new(),
            strict: false,
            encoding: None,
            language: LanguageChoice::default(),
            page_markdown: false,
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
    /// The bytes began with a UTF-8 byte-order mark, which the text holds as three
    /// spaces (see [`charset`]): its first line's columns start after them.
    pub bom: bool,
    /// The page, when the document was read as HTML; `text` is then its article.
    pub page: Option<Box<WebPage>>,
    /// The language the document is analysed in (settled by [`prepare`]).
    pub language: Language,
}

impl Document {
    fn new(id: String, origin: Origin, text: String, format: TextFormat) -> Self {
        Document {
            id,
            origin,
            text,
            format,
            warnings: Vec::new(),
            fields: Vec::new(),
            bom: false,
            page: None,
            language: Language::default(),
        }
    }
}

/// A web page behind a document: the decoded page, so that places in the article can
/// be found in it again, and what the page says about itself.
#[derive(Clone, Debug, Default)]
pub struct WebPage {
    pub html: String,
    pub meta: PageMeta,
    /// The article as Markdown, when asked for ([`InputOptions::page_markdown`]).
    pub markdown: Option<String>,
    /// Offsets into `html` are those of the original: a UTF-8 file or stdin, or a
    /// JSONL field's string (not a page decoded from another encoding).
    pub source_offsets: bool,
    /// The article has been extracted into the document's text.
    pub extracted: bool,
}

/// An input that could not be read; it is reported and skipped.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct Problem {
    /// A path, `path:line`, or `<stdin>`.
    pub location: String,
    pub message: String,
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
        InputFormat::Auto if looks_like_html(&bytes) => InputFormat::Html,
        format => format,
    };
    emit(make_document(
        "-".into(),
        Origin::Stdin,
        &bytes,
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
        Err(err) => return emit(Err(problem(&location, err.to_string()))),
    };
    let origin = Origin::File {
        path: path.to_path_buf(),
        relative: relative.to_path_buf(),
    };
    emit(make_document(
        location.clone(),
        origin,
        &bytes,
        format,
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
        Some("html" | "htm" | "xhtml") => InputFormat::Html,
        _ => InputFormat::Text,
    }
}

/// Piped bytes that begin as a web page does (`<!doctype html` or `<html`, after
/// any byte-order mark and white space).
fn looks_like_html(bytes: &[u8]) -> bool {
    let start = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = &start[start.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
    let head = start[..start.len().min(14)].to_ascii_lowercase();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

/// Why a file's bytes could not be read.
#[derive(Debug, thiserror::Error)]
enum ReadError {
    #[error("{}", io_message(.0))]
    Io(#[from] io::Error),
    #[error("larger than {max_bytes} bytes; skipped (raise --max-bytes to read it)")]
    TooLarge { max_bytes: u64 },
}

fn read_limited(path: &Path, max_bytes: u64) -> Result<Vec<u8>, ReadError> {
    let file = fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(max_bytes + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_bytes {
        return Err(ReadError::TooLarge { max_bytes });
    }
    Ok(bytes)
}

/// Applies the decoding policy to a file's (or stdin's) bytes.
fn make_document(
    id: String,
    origin: Origin,
    bytes: &[u8],
    format: InputFormat,
    location: &str,
    options: &InputOptions,
) -> Item {
    if bytes.len() as u64 > options.max_bytes {
        let message = format!("larger than {} bytes; skipped", options.max_bytes);
        return Err(problem(location, message));
    }
    let kind = match format {
        InputFormat::Html => charset::Kind::Html,
        _ => charset::Kind::Text,
    };
    let (decoded, warnings) = decode(bytes, kind, location, options)?;
    let text_format = match format {
        InputFormat::Markdown => TextFormat::Markdown,
        _ => TextFormat::Plain,
    };
    let utf8 = decoded.encoding == encoding_rs::UTF_8;
    let mut doc = Document::new(id, origin, decoded.text, text_format);
    doc.warnings = warnings;
    doc.bom = decoded.utf8_bom;
    if format == InputFormat::Html {
        doc.page = Some(Box::new(WebPage {
            html: std::mem::take(&mut doc.text),
            source_offsets: utf8,
            ..WebPage::default()
        }));
    }
    Ok(doc)
}

/// Decodes bytes by [`charset`]'s rules; binary data (NUL bytes) is refused, and so is
/// a sequence that does not decode when `strict`. Gives the text and the warnings.
pub(crate) fn decode(
    bytes: &[u8],
    kind: charset::Kind,
    location: &str,
    options: &InputOptions,
) -> Result<(charset::Decoded, Vec<String>), Problem> {
    // UTF-16 text is full of NUL bytes; it is checked once decoded instead.
    if !charset::is_utf16(bytes, options.encoding) && memchr::memchr(0, bytes).is_some() {
        return Err(problem(
            location,
            "binary file (contains NUL bytes); skipped".into(),
        ));
    }
    let decoded = charset::decode(bytes, kind, options.encoding);
    let mut warnings = Vec::new();
    if let Some(at) = decoded.malformed_at {
        let name = decoded.encoding.name();
        if options.strict {
            return Err(problem(location, format!("invalid {name} at byte {at}")));
        }
        warnings.push(format!(
            "{location}: invalid {name} at byte {at}; decoded with replacement characters"
        ));
    }
    if decoded.text.contains('\0') {
        return Err(problem(
            location,
            "binary file (contains NUL bytes); skipped".into(),
        ));
    }
    if let Some(note) = decoded.note() {
        warnings.push(format!("{location}: {note}"));
    }
    Ok((decoded, warnings))
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

    fn decode_text(bytes: &[u8], strict: bool) -> Result<(String, Vec<String>), Problem> {
        let options = InputOptions {
            strict,
            ..InputOptions::default()
        };
        decode(bytes, charset::Kind::Text, "f.txt", &options).map(|(d, w)| (d.text, w))
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let err = decode_text(b"ab\0cd", false).unwrap_err();
        assert!(err.message.contains("binary"), "{err}");
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_text_not_binary() {
        let mut bytes = vec![0xfe, 0xff];
        for unit in "Hallo Welt".encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode_text(&bytes, true).unwrap().0, "Hallo Welt");
    }

    #[test]
    fn a_legacy_encoding_is_read_with_a_note_naming_it() {
        let (text, warnings) = decode_text(b"Le caf\xe9 est ferm\xe9 \xe0 midi.", true).unwrap();
        assert_eq!(text, "Le café est fermé à midi.");
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("f.txt") && warnings[0].contains("windows-1252"));
    }

    #[test]
    fn broken_utf8_is_replaced_with_a_warning_or_refused_when_strict() {
        let bytes = "Zürich café \u{2013} ok "
            .as_bytes()
            .iter()
            .copied()
            .chain([0xe9])
            .collect::<Vec<_>>();
        let (text, warnings) = decode_text(&bytes, false).unwrap();
        assert!(text.starts_with("Zürich café") && text.ends_with('\u{fffd}'));
        assert!(
            warnings[0].contains("invalid UTF-8 at byte"),
            "{warnings:?}"
        );
        let err = decode_text(&bytes, true).unwrap_err();
        assert!(err.message.contains("invalid UTF-8"));
    }

    #[test]
    fn a_byte_order_mark_is_blanked_so_offsets_stay_those_of_the_bytes() {
        let raw = "\u{feff}Hello";
        let (text, _) = decode_text(raw.as_bytes(), false).unwrap();
        assert_eq!(text, "   Hello");
        assert_eq!(&raw[3..8], &text[3..8]);
    }

    #[test]
    fn piped_pages_are_recognised_by_their_first_tag() {
        assert!(looks_like_html(b"\xef\xbb\xbf  <!DOCTYPE html><p>x"));
        assert!(looks_like_html(b"\n<html lang=en>"));
        assert!(!looks_like_html(b"The <html> tag opens a page."));
        assert!(!looks_like_html(b""));
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
        assert_eq!(
            effective_format(Path::new("p/Page.HTM"), InputFormat::Auto),
            InputFormat::Html
        );
    }
}
