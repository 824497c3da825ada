//! Character encodings: which one an input's bytes are in, and its text as UTF-8.
//!
//! The rules are the browsers': a byte-order mark wins; a web page may then declare its
//! encoding (`<meta charset>` or an `http-equiv` content type in its first 1024 bytes,
//! the WHATWG prescan window); otherwise bytes that are valid UTF-8 are UTF-8, and
//! anything else is guessed by `chardetng`, Firefox's detector. `--encoding` overrides
//! all of it. A UTF-8 byte-order mark is kept as three spaces so that byte offsets stay
//! those of the file; in other encodings offsets refer to the decoded text.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252, X_USER_DEFINED};

/// How many bytes at the start of a page its encoding declaration must lie within.
const PRESCAN_BYTES: usize = 1024;

/// What the bytes are expected to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Html,
}

/// Why an encoding was used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Asked for with `--encoding`.
    Forced,
    /// A byte-order mark.
    ByteOrderMark,
    /// The page's `<meta>` declaration.
    Declared,
    /// Valid UTF-8 (or mostly so, with a few broken sequences).
    Utf8,
    /// Guessed from the bytes.
    Detected,
}

/// Bytes turned into text.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    pub reason: Reason,
    /// Byte offset of the first sequence that did not decode (replaced by U+FFFD).
    pub malformed_at: Option<usize>,
    /// The bytes began with a UTF-8 byte-order mark, now three spaces in `text`.
    pub utf8_bom: bool,
}

impl Decoded {
    /// A note for the user when the text was not read as UTF-8, naming the encoding.
    pub fn note(&self) -> Option<String> {
        if self.encoding == UTF_8 {
            return None;
        }
        let why = match self.reason {
            Reason::Forced => "as asked",
            Reason::ByteOrderMark => "from its byte-order mark",
            Reason::Declared => "as the page declares",
            Reason::Utf8 | Reason::Detected => "detected",
        };
        Some(format!("read as {} ({why})", self.encoding.name()))
    }
}

/// An `--encoding` label that names no encoding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown encoding '{0}' (use a WHATWG label such as utf-8, windows-1252, iso-8859-2, shift_jis)"
)]
pub struct UnknownLabel(pub String);

/// The encoding a label (as in `--encoding` or `<meta charset>`) names.
pub fn for_label(label: &str) -> Result<&'static Encoding, UnknownLabel> {
    Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| UnknownLabel(label.to_string()))
}

/// Whether `bytes` will be read as UTF-16 (a UTF-16 byte-order mark, or forced).
pub fn is_utf16(bytes: &[u8], forced: Option<&'static Encoding>) -> bool {
    let wide = |e: &'static Encoding| e == UTF_16LE || e == UTF_16BE;
    match forced {
        Some(encoding) => wide(encoding),
        None => Encoding::for_bom(bytes).is_some_and(|(e, _)| wide(e)),
    }
}

/// Decodes `bytes` by the rules above; `forced` is `--encoding`.
pub fn decode(bytes: &[u8], kind: Kind, forced: Option<&'static Encoding>) -> Decoded {
    let (encoding, reason) = choose(bytes, kind, forced);
    if encoding == UTF_8 {
        return decode_utf8(bytes, reason);
    }
    let body = match Encoding::for_bom(bytes) {
        Some((bom_encoding, length)) if bom_encoding == encoding => &bytes[length..],
        _ => bytes,
    };
    let (text, malformed) = encoding.decode_without_bom_handling(body);
    let malformed_at = malformed.then(|| first_malformed(encoding, body));
    Decoded {
        text: text.into_owned(),
        encoding,
        reason,
        malformed_at,
        utf8_bom: false,
    }
}

fn choose(
    bytes: &[u8],
    kind: Kind,
    forced: Option<&'static Encoding>,
) -> (&'static Encoding, Reason) {
    if let Some(encoding) = forced {
        return (encoding, Reason::Forced);
    }
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return (encoding, Reason::ByteOrderMark);
    }
    if kind == Kind::Html {
        if let Some(encoding) = prescan(&bytes[..bytes.len().min(PRESCAN_BYTES)]) {
            return (encoding, Reason::Declared);
        }
    }
    if std::str::from_utf8(bytes).is_ok() || mostly_utf8(bytes) {
        return (UTF_8, Reason::Utf8);
    }
    // Pure ASCII never gets here, so 7-bit ISO-2022-JP cannot be in play.
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    (detector.guess(None, Utf8Detection::Deny), Reason::Detected)
}

/// UTF-8, a broken sequence replaced, a byte-order mark kept as three spaces.
fn decode_utf8(bytes: &[u8], reason: Reason) -> Decoded {
    let (mut text, malformed_at) = match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), None),
        Err(err) => (
            String::from_utf8_lossy(bytes).into_owned(),
            Some(err.valid_up_to()),
        ),
    };
    let utf8_bom = text.starts_with('\u{feff}');
    if utf8_bom {
        text.replace_range(..'\u{feff}'.len_utf8(), "   ");
    }
    Decoded {
        text,
        encoding: UTF_8,
        reason,
        malformed_at,
        utf8_bom,
    }
}

/// Valid UTF-8, or UTF-8 with a few broken sequences: at least as many well-formed
/// multi-byte characters as broken ones. Legacy single-byte text almost never forms a valid
/// multi-byte sequence, so this keeps a UTF-8 file with one bad byte readable instead
/// of turning all its accents into mojibake.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut wide, mut broken) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        wide += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        broken += usize::from(!chunk.invalid().is_empty());
    }
    broken == 0 || wide >= broken
}

/// Where decoding `bytes` first hit a malformed sequence.
fn first_malformed(encoding: &'static Encoding, bytes: &[u8]) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3 + 16);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(length, after) => {
            read.saturating_sub(length as usize + after as usize)
        }
        _ => read,
    }
}

/// The encoding a page declares in `head` (its first bytes): `<meta charset=X>` or
/// `<meta http-equiv="content-type" content="...; charset=X">`. As the HTML standard
/// says, a declared UTF-16 means UTF-8 (the page was read as ASCII to find it) and
/// `x-user-defined` means windows-1252.
pub fn prescan(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut rest = &lower[..];
    while let Some(at) = memchr::memmem::find(rest, b"<meta") {
        let tag_end = memchr::memchr(b'>', &rest[at..]).map_or(rest.len(), |e| at + e);
        if let Some(encoding) = meta_charset(&rest[at + 5..tag_end]) {
            return Some(match encoding {
                e if e == UTF_16LE || e == UTF_16BE => UTF_8,
                e if e == X_USER_DEFINED => WINDOWS_1252,
                e => e,
            });
        }
        rest = &rest[tag_end..];
    }
    None
}

/// The charset of one `<meta ...>` tag's attributes (lowercased bytes).
fn meta_charset(attributes: &[u8]) -> Option<&'static Encoding> {
    let text = String::from_utf8_lossy(attributes);
    let attributes = parse_attributes(&text);
    let value = |name: &str| {
        attributes
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, value)| value)
    };
    if let Some(charset) = value("charset") {
        return Encoding::for_label(charset.trim().as_bytes());
    }
    if value("http-equiv")?.trim() != "content-type" {
        return None;
    }
    let content = value("content")?;
    let after = &content[content.find("charset")? + "charset".len()..];
    let label = after.trim_start().strip_prefix('=')?.trim_start();
    let label = label.trim_start_matches(['"', '\'']);
    let end = label
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(label.len());
    Encoding::for_label(&label.as_bytes()[..end])
}

/// A tag's attributes as (name, value) pairs, in order, values unquoted: the HTML
/// tokenizer's rules, enough for a `<meta>` tag.
fn parse_attributes(mut rest: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return found;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len())
            .max(1);
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        let Some(after_equals) = rest.strip_prefix('=') else {
            found.push((name, ""));
            continue;
        };
        let (value, after) = split_value(after_equals.trim_start());
        found.push((name, value));
        rest = after;
    }
}

/// An attribute value at the start of `s` (quoted or not) and what follows it.
fn split_value(s: &str) -> (&str, &str) {
    match s.chars().next() {
        Some(quote @ ('"' | '\'')) => {
            let inner = &s[1..];
            match inner.find(quote) {
                Some(end) => (&inner[..end], &inner[end + 1..]),
                None => (inner, ""),
            }
        }
        _ => {
            let end = s.find(char::is_whitespace).unwrap_or(s.len());
            (&s[..end], &s[end..])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{ISO_8859_2, SHIFT_JIS, WINDOWS_1251};

    #[test]
    fn windows_1252_text_is_detected_and_named() {
        let (bytes, _, _) =
            WINDOWS_1252.encode("Le café de la gare a fermé ses portes à midi, déçu.");
        let decoded = decode(&bytes, Kind::Text, None);
        assert_eq!(
            decoded.text,
            "Le café de la gare a fermé ses portes à midi, déçu."
        );
        assert_eq!(decoded.encoding, WINDOWS_1252);
        assert_eq!(decoded.reason, Reason::Detected);
        assert_eq!(decoded.malformed_at, None);
        assert!(decoded.note().unwrap().contains("windows-1252"));
    }

    #[test]
    fn cyrillic_in_windows_1251_is_detected() {
        let text = "Правительство объявило о новых мерах поддержки экономики в среду.";
        let (bytes, _, _) = WINDOWS_1251.encode(text);
        let decoded = decode(&bytes, Kind::Text, None);
        assert_eq!(decoded.encoding, WINDOWS_1251);
        assert_eq!(decoded.text, text);
    }

    #[test]
    fn utf8_with_one_broken_byte_stays_utf8() {
        let mut bytes = "Zürich – Genève, naïve café".as_bytes().to_vec();
        bytes.push(0xff);
        let decoded = decode(&bytes, Kind::Text, None);
        assert_eq!(decoded.encoding, UTF_8);
        assert_eq!(decoded.malformed_at, Some(bytes.len() - 1));
        assert!(decoded.text.starts_with("Zürich – Genève"));
        assert_eq!(decoded.note(), None);
    }

    #[test]
    fn a_utf8_byte_order_mark_becomes_three_spaces() {
        let decoded = decode("\u{feff}Hello".as_bytes(), Kind::Text, None);
        assert_eq!(decoded.text, "   Hello");
        assert!(decoded.utf8_bom);
        assert_eq!(decoded.reason, Reason::ByteOrderMark);
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded_without_the_mark() {
        let mut bytes = vec![0xff, 0xfe];
        for unit in "Grüße".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let decoded = decode(&bytes, Kind::Text, None);
        assert_eq!(decoded.text, "Grüße");
        assert_eq!(decoded.encoding, UTF_16LE);
    }

    #[test]
    fn a_page_declaration_decides_over_detection() {
        let page = "<html><head><meta charset=\"iso-8859-2\"><title>Łódź</title>";
        let (bytes, _, _) = ISO_8859_2.encode(page);
        let decoded = decode(&bytes, Kind::Html, None);
        assert_eq!(decoded.encoding, ISO_8859_2);
        assert_eq!(decoded.reason, Reason::Declared);
        assert!(decoded.text.contains("Łódź"));
    }

    #[test]
    fn http_equiv_content_type_declares_the_charset() {
        let head = br#"<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">"#;
        assert_eq!(prescan(head), Some(SHIFT_JIS));
        let iso = b"<META HTTP-EQUIV=content-type CONTENT='text/html;charset=iso-8859-1'>";
        // The standard maps ISO-8859-1 to its superset windows-1252.
        assert_eq!(prescan(iso), Some(WINDOWS_1252));
    }

    #[test]
    fn declarations_that_name_no_usable_encoding_are_ignored() {
        assert_eq!(prescan(b"<meta charset=\"klingon-9\">"), None);
        assert_eq!(prescan(b"<meta name=\"charset\" content=\"x\">"), None);
        assert_eq!(prescan(b"<meta data-charset=latin1>"), None);
        assert_eq!(prescan(b"<meta charset=utf-16>"), Some(UTF_8));
        assert_eq!(prescan(b"<meta charset"), None);
        assert_eq!(
            prescan(b"<meta http-equiv=content-type content=\"charset\">"),
            None
        );
        assert_eq!(prescan(b"<meta content=\"charset=koi8-r\">"), None);
    }

    #[test]
    fn a_declaration_past_the_prescan_window_is_not_read() {
        let mut page = format!("<html><!--{}-->", "x".repeat(PRESCAN_BYTES));
        page.push_str("<meta charset=windows-1251>Hello");
        let decoded = decode(page.as_bytes(), Kind::Html, None);
        assert_eq!(decoded.encoding, UTF_8);
    }

    #[test]
    fn a_forced_encoding_wins_and_malformed_input_is_located() {
        let decoded = decode("café".as_bytes(), Kind::Text, Some(WINDOWS_1252));
        assert_eq!(decoded.text, "cafÃ©");
        assert_eq!(decoded.reason, Reason::Forced);
        let broken = decode(b"ab\xa0cd", Kind::Text, Some(SHIFT_JIS));
        assert!(broken.malformed_at.is_some());
    }

    #[test]
    fn labels_are_resolved_or_refused_by_name() {
        assert_eq!(for_label(" Latin1 ").unwrap(), WINDOWS_1252);
        let err = for_label("utf-9").unwrap_err();
        assert!(err.to_string().contains("utf-9"));
    }
}
