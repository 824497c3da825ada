//! HTML read as a reader sees it: runs of visible text between the tags.
//!
//! One forgiving scan, shared by web pages (placing an extracted article's sentences in
//! the page) and Markdown (the HTML blocks of a draft). It is not a parser: it steps
//! over tags (quoted attribute values respected), comments and the whole content of
//! elements whose text is not shown, and says which tags it passed. Broken markup
//! never fails: an unclosed tag or comment runs to the end, and a `<` that opens no tag
//! is stepped over (it ends the run of text before it).

use super::Span;

/// Elements whose content a reader never sees as page text.
pub const HIDDEN: [&[u8]; 5] = [b"script", b"style", b"template", b"title", b"textarea"];

/// What the scan meets, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'h> {
    /// Visible text (possibly only white space).
    Text(Span),
    /// A tag: its name as written (any case), and whether it closes.
    Tag { name: &'h [u8], closing: bool },
}

/// Scans `html`, calling `visit` for each run of text and each tag, in order. Comments,
/// declarations and the content of `hidden` elements (with their tags) are skipped.
pub fn scan<'h>(html: &'h [u8], hidden: &[&[u8]], mut visit: impl FnMut(Piece<'h>)) {
    let mut at = 0;
    while at < html.len() {
        let Some(lt) = memchr::memchr(b'<', &html[at..]).map(|i| at + i) else {
            visit(Piece::Text(Span::new(at, html.len())));
            break;
        };
        if lt > at {
            visit(Piece::Text(Span::new(at, lt)));
        }
        at = step_over_markup(html, lt, hidden, &mut visit);
    }
}

/// The byte ranges of `html` outside tags, comments and `hidden` elements.
pub fn text_runs(html: &[u8], hidden: &[&[u8]]) -> Vec<Span> {
    let mut runs = Vec::new();
    scan(html, hidden, |piece| {
        if let Piece::Text(span) = piece {
            runs.push(span);
        }
    });
    runs
}

/// The offset after the markup starting at `lt` (a `<`): a comment, a tag, or a hidden
/// element with its content. A `<` that opens no tag is stepped over.
fn step_over_markup<'h>(
    html: &'h [u8],
    lt: usize,
    hidden: &[&[u8]],
    visit: &mut impl FnMut(Piece<'h>),
) -> usize {
    let rest = &html[lt..];
    if rest.starts_with(b"<!--") {
        return memchr::memmem::find(&rest[4..], b"-->").map_or(html.len(), |i| lt + 4 + i + 3);
    }
    let closing = rest.get(1) == Some(&b'/');
    let name_start = lt + 1 + usize::from(closing);
    let opens_tag = html
        .get(lt + 1)
        .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'/' || c == b'!' || c == b'?');
    if !opens_tag {
        return lt + 1;
    }
    let tag_end = tag_end(html, lt);
    let name_len = html[name_start..tag_end]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    let name = &html[name_start..name_start + name_len];
    if name.is_empty() {
        // `<!DOCTYPE …>`, `<?xml …?>`: declarations, nothing a reader sees.
        return tag_end;
    }
    if !closing {
        if let Some(&element) = hidden.iter().find(|h| name.eq_ignore_ascii_case(h)) {
            return close_of(html, tag_end, element);
        }
    }
    visit(Piece::Tag { name, closing });
    tag_end
}

/// The offset after the `>` closing the tag at `lt`, quotes respected.
fn tag_end(html: &[u8], lt: usize) -> usize {
    let mut quote = None;
    for (i, &c) in html[lt..].iter().enumerate() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'>') => return lt + i + 1,
            _ => {}
        }
    }
    html.len()
}

/// The offset after `</name ...>` from `from` on (the end of the text if unclosed).
fn close_of(html: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(i) = memchr::memmem::find(&html[at..], b"</") {
        let close = at + i;
        let after = &html[close + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name) {
            return tag_end(html, close);
        }
        at = close + 2;
    }
    html.len()
}

/// Whether a browser starts a new block at this tag (opening or closing): paragraphs,
/// headings, list items, table cells, line breaks and the containers around them.
pub fn breaks_block(name: &[u8]) -> bool {
    const BLOCKS: [&[u8]; 36] = [
        b"address",
        b"article",
        b"aside",
        b"blockquote",
        b"br",
        b"caption",
        b"dd",
        b"details",
        b"dialog",
        b"div",
        b"dl",
        b"dt",
        b"fieldset",
        b"figcaption",
        b"figure",
        b"footer",
        b"form",
        b"header",
        b"hgroup",
        b"hr",
        b"li",
        b"main",
        b"nav",
        b"ol",
        b"p",
        b"pre",
        b"section",
        b"summary",
        b"table",
        b"tbody",
        b"td",
        b"tfoot",
        b"th",
        b"thead",
        b"tr",
        b"ul",
    ];
    is_heading(name) || BLOCKS.iter().any(|b| name.eq_ignore_ascii_case(b))
}

/// Whether the tag is a heading, `h1` to `h6`.
pub fn is_heading(name: &[u8]) -> bool {
    matches!(name, [b'h' | b'H', b'1'..=b'6'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(html: &str) -> Vec<String> {
        let mut out = Vec::new();
        scan(html.as_bytes(), &HIDDEN, |piece| {
            out.push(match piece {
                Piece::Text(span) => format!("{:?}", span.slice(html)),
                Piece::Tag { name, closing } => {
                    format!(
                        "<{}{}>",
                        if closing { "/" } else { "" },
                        String::from_utf8_lossy(name)
                    )
                }
            })
        });
        out
    }

    #[test]
    fn tags_and_text_come_in_order_with_attributes_and_comments_skipped() {
        assert_eq!(
            pieces("<P class=\"a>b\">One <em>two</em><!-- x <p> -->.</P><br/>"),
            ["<P>", "\"One \"", "<em>", "\"two\"", "</em>", "\".\"", "</P>", "<br>"]
        );
    }

    #[test]
    fn hidden_elements_declarations_and_stray_angles() {
        assert_eq!(
            pieces("<!DOCTYPE html><script>if (a<b) x()</script>a < b<style>p{}</style>"),
            ["\"a \"", "\" b\""]
        );
        assert_eq!(
            text_runs(b"a < b<p>c", &HIDDEN),
            [Span::new(0, 2), Span::new(3, 5), Span::new(8, 9)]
        );
    }

    #[test]
    fn block_tags_and_headings() {
        assert!(breaks_block(b"P") && breaks_block(b"h3") && breaks_block(b"br"));
        assert!(!breaks_block(b"em") && !breaks_block(b"a") && !breaks_block(b"h7"));
        assert!(is_heading(b"H2") && !is_heading(b"hr") && !is_heading(b"h10"));
    }

    #[test]
    fn broken_markup_never_panics() {
        for html in [
            "<",
            "<p",
            "</",
            "<script>x",
            "<!--",
            "<p title=\"x>y\">z",
            "<!",
            "<?",
        ] {
            let _ = pieces(html);
            let _ = text_runs(html.as_bytes(), &HIDDEN);
        }
        assert_eq!(pieces("<p title=\"x>y\">z"), ["<p>", "\"z\""]);
    }
}
