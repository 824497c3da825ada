//! How deep a page nests its elements, estimated from the markup before it is parsed.
//!
//! The HTML parser (html5ever, under the extraction crate) walks its stack of open
//! elements for most start tags, so a page nested N elements deep costs O(N²) to parse:
//! 100,000 nested `<div>`s take 38 s, `<ul><li>` pairs 167 s. Real pages nest fewer
//! than 40 deep. This module bounds the parser's stack in one linear pass over the
//! markup, so such pages are refused before the parser sees them.
//!
//! The scan keeps its own stack of tag names and follows the parser's rules where they
//! pop elements, leaning towards popping less (a deeper estimate) where it does not
//! follow them: void elements, comments and the text of scripts and styles push
//! nothing; `/>` closes an element only inside `<svg>` or `<math>`; an end tag pops up
//! to its match as the parser's scope rules allow (html5ever 0.39's, where `select`
//! bounds a scope); `p`, `li`, `dt`/`dd`, `option`, table rows and cells, headings, `a`
//! and `button` end implicitly where the parser ends them; the formatting elements the
//! parser may re-open are counted on top. What it does not model (the `tbody` and `tr`
//! the parser adds to a table, modes such as frameset) makes the parser's tree at most
//! about twice as deep as the scan's, as a property test on random markup checks; the
//! limit in [`super::MAX_NESTING`] leaves room for that.

use memchr::{memchr, memmem};

/// The scan of one page: the deepest stack it reached, stopping early past `limit`.
pub(super) fn max_depth(html: &str, limit: usize) -> usize {
    let mut scan = Scan {
        html: html.as_bytes(),
        pos: 0,
        stack: Vec::new(),
        active: Vec::new(),
        max: 0,
    };
    scan.run(limit);
    scan.max
}

struct Scan<'a> {
    html: &'a [u8],
    pos: usize,
    /// Open elements: name as written, and what kind of element it is.
    stack: Vec<(&'a [u8], u16)>,
    /// The parser's list of active formatting elements (name and attributes as
    /// written; `None` is a marker), which it re-opens after a block closed them.
    active: Vec<Option<(&'a [u8], &'a [u8])>>,
    max: usize,
}

// What the parser's rules need to know of an element, one bit each.
const VOID: u16 = 1;
/// Content is text up to the element's own end tag, wherever the parser meets it.
const RAW_TEXT: u16 = 1 << 1;
/// The spec's "special" elements: an ordinary end tag never closes past them.
const SPECIAL: u16 = 1 << 2;
/// Bounds of the parser's "has an element in scope" searches.
const SCOPE: u16 = 1 << 3;
const TABLE_SCOPE: u16 = 1 << 4;
/// Start tags that close an open `p` (`table` only in quirks mode, so not here).
const CLOSES_P: u16 = 1 << 5;
const FORMATTING: u16 = 1 << 6;
const HEADING: u16 = 1 << 7;
const FOREIGN: u16 = 1 << 8;
/// Elements that put a marker in the list of active formatting elements.
const MARKER: u16 = 1 << 11;
/// HTML start tags that end foreign content: the parser closes the open `svg` or
/// `math` and reads them as HTML.
const BREAKOUT: u16 = 1 << 12;
/// Foreign elements whose content is read as HTML again.
const INTEGRATION: u16 = 1 << 13;
/// `html`, `head` and `body`, which the parser opens once.
const ROOT: u16 = 1 << 14;
/// Tables and their parts, whose end tags close what is open inside them.
const TABLE_PART: u16 = 1 << 10;
/// Special elements that do not stop an `li`, `dd` or `dt` from closing an open one.
const LIST_ITEM_PASSABLE: u16 = 1 << 9;

/// The kind of an element, from its lowercased name.
fn kind(lower: &[u8]) -> u16 {
    let breakout = match lower {
        b"b" | b"big" | b"blockquote" | b"body" | b"br" | b"center" | b"code" | b"dd" | b"div"
        | b"dl" | b"dt" | b"em" | b"embed" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6"
        | b"head" | b"hr" | b"i" | b"img" | b"li" | b"listing" | b"menu" | b"meta" | b"nobr"
        | b"ol" | b"p" | b"pre" | b"ruby" | b"s" | b"small" | b"span" | b"strong" | b"strike"
        | b"sub" | b"sup" | b"table" | b"tt" | b"u" | b"ul" | b"var" | b"font" => BREAKOUT,
        b"foreignobject" | b"desc" | b"title" | b"mi" | b"mo" | b"mn" | b"ms" | b"mtext"
        | b"annotation-xml" => INTEGRATION | SCOPE,
        _ => 0,
    };
    breakout | html_kind(lower)
}

fn html_kind(lower: &[u8]) -> u16 {
    const BLOCK: u16 = SPECIAL | CLOSES_P;
    match lower {
        b"area" | b"base" | b"basefont" | b"bgsound" | b"br" | b"col" | b"embed" | b"frame"
        | b"hr" | b"image" | b"img" | b"input" | b"keygen" | b"link" | b"meta" | b"param"
        | b"source" | b"track" | b"wbr" => VOID | SPECIAL,
        b"script" | b"style" => RAW_TEXT | SPECIAL,
        // Text too where the parser reaches them in the usual way, but not from every
        // state: read as markup, which can only err deeper. (The parser runs with
        // scripting off, so a noscript's content is markup anyway.)
        b"iframe" | b"noembed" | b"noframes" | b"noscript" | b"textarea" | b"title" | b"xmp" => {
            SPECIAL
        }
        b"address" | b"div" => BLOCK | LIST_ITEM_PASSABLE,
        b"p" => BLOCK | LIST_ITEM_PASSABLE,
        b"article" | b"aside" | b"blockquote" | b"center" | b"dd" | b"details" | b"dialog"
        | b"dir" | b"dl" | b"dt" | b"fieldset" | b"figcaption" | b"figure" | b"footer"
        | b"form" | b"header" | b"hgroup" | b"li" | b"listing" | b"main" | b"menu" | b"nav"
        | b"ol" | b"pre" | b"search" | b"section" | b"summary" | b"ul" => BLOCK,
        b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => BLOCK | HEADING,
        b"applet" | b"marquee" | b"object" => SPECIAL | SCOPE | MARKER,
        b"caption" | b"td" | b"th" => SPECIAL | SCOPE | TABLE_PART | MARKER,
        b"html" => SPECIAL | SCOPE | TABLE_SCOPE | ROOT,
        b"template" => SPECIAL | SCOPE | TABLE_SCOPE | MARKER,
        b"table" => SPECIAL | SCOPE | TABLE_SCOPE | TABLE_PART,
        b"tbody" | b"tfoot" | b"thead" | b"tr" => SPECIAL | TABLE_PART,
        b"body" | b"head" => SPECIAL | ROOT,
        b"button" | b"colgroup" | b"frameset" | b"plaintext" => SPECIAL,
        b"select" => SPECIAL | SCOPE,
        b"a" | b"b" | b"big" | b"code" | b"em" | b"font" | b"i" | b"nobr" | b"s" | b"small"
        | b"strike" | b"strong" | b"tt" | b"u" => FORMATTING,
        b"svg" | b"math" => FOREIGN,
        _ => 0,
    }
}

/// The kind of an element named as written (names longer than any known one have none).
fn kind_of(name: &[u8]) -> u16 {
    let mut lower = [0u8; 14];
    match lower.get_mut(..name.len()) {
        Some(buf) => {
            buf.copy_from_slice(name);
            buf.make_ascii_lowercase();
            kind(buf)
        }
        None => 0,
    }
}

/// Whether a tag's attributes (as written) name one of `names`.
fn has_attribute(attributes: &[u8], names: &[&[u8]]) -> bool {
    let mut i = 0;
    while i < attributes.len() {
        while i < attributes.len() && (attributes[i].is_ascii_whitespace() || attributes[i] == b'/')
        {
            i += 1;
        }
        let start = i;
        while i < attributes.len()
            && !matches!(attributes[i], b'\t' | b'\n' | b'\x0c' | b' ' | b'/' | b'=')
        {
            i += 1;
        }
        if names.iter().any(|n| same(&attributes[start..i], n)) {
            return true;
        }
        while i < attributes.len() && attributes[i].is_ascii_whitespace() {
            i += 1;
        }
        if attributes.get(i) == Some(&b'=') {
            i += 1;
            while i < attributes.len() && attributes[i].is_ascii_whitespace() {
                i += 1;
            }
            match attributes.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    i = memchr(q, &attributes[i + 1..]).map_or(attributes.len(), |at| i + at + 2);
                }
                _ => {
                    while i < attributes.len() && !attributes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                }
            }
        }
    }
    false
}

fn same(a: &[u8], b: &[u8]) -> bool {
    a.eq_ignore_ascii_case(b)
}

impl<'a> Scan<'a> {
    fn run(&mut self, limit: usize) {
        while let Some(lt) = memchr(b'<', &self.html[self.pos..]) {
            self.pos += lt + 1;
            self.markup();
            if self.max > limit {
                return;
            }
        }
    }

    /// After a `<`: a comment, a declaration, an end tag, a start tag, or plain text.
    fn markup(&mut self) {
        let rest = &self.html[self.pos..];
        match rest.first() {
            Some(b'!') if rest.starts_with(b"!--") => self.comment(),
            Some(b'!') if rest.starts_with(b"![CDATA[") && self.in_foreign() => {
                self.skip_past(b"]]>")
            }
            Some(b'!' | b'?') => self.skip_past(b">"),
            Some(b'/') => match rest.get(1) {
                Some(c) if c.is_ascii_alphabetic() => {
                    self.pos += 1;
                    let (name, _, _) = self.tag();
                    self.end_tag(name);
                }
                Some(b'>') => self.pos += 2,
                _ => self.skip_past(b">"),
            },
            Some(c) if c.is_ascii_alphabetic() => {
                let (name, attributes, self_closing) = self.tag();
                self.start_tag(name, attributes, self_closing);
            }
            _ => {}
        }
    }

    fn comment(&mut self) {
        self.pos += 3;
        let rest = &self.html[self.pos..];
        if rest.starts_with(b">") || rest.starts_with(b"->") {
            self.skip_past(b">");
            return;
        }
        let end = [memmem::find(rest, b"-->"), memmem::find(rest, b"--!>")];
        self.pos = match end.into_iter().flatten().min() {
            Some(at) => self.pos + at + 3,
            None => self.html.len(),
        };
    }

    fn skip_past(&mut self, needle: &[u8]) {
        self.pos = match memmem::find(&self.html[self.pos..], needle) {
            Some(at) => self.pos + at + needle.len(),
            None => self.html.len(),
        };
    }

    /// Reads a tag up to its `>`; returns its name, its attributes as written, and
    /// whether it ends with `/>`.
    fn tag(&mut self) -> (&'a [u8], &'a [u8], bool) {
        let html = self.html;
        let start = self.pos;
        let mut i = start;
        while i < html.len() && !matches!(html[i], b'\t' | b'\n' | b'\x0c' | b' ' | b'/' | b'>') {
            i += 1;
        }
        let name = &html[start..i];
        let attributes_start = i;
        while i < html.len() && html[i] != b'>' {
            if html[i] == b'=' {
                i += 1;
                while i < html.len() && html[i].is_ascii_whitespace() {
                    i += 1;
                }
                if let Some(&q @ (b'"' | b'\'')) = html.get(i) {
                    i = memchr(q, &html[i + 1..]).map_or(html.len(), |at| i + 1 + at + 1);
                    continue;
                }
            }
            i += 1;
        }
        let self_closing = i > start && i < html.len() && html[i - 1] == b'/';
        let attributes = &html[attributes_start..i.min(html.len())];
        self.pos = (i + 1).min(html.len());
        (name, attributes, self_closing)
    }

    /// Whether the innermost `svg` or `math` is open with no HTML integration point
    /// (`foreignObject`, `desc`, `title`, MathML text) inside it.
    fn in_foreign(&self) -> bool {
        let innermost = self
            .stack
            .iter()
            .rev()
            .find(|t| t.1 & (FOREIGN | INTEGRATION) != 0);
        innermost.is_some_and(|t| t.1 & FOREIGN != 0)
    }

    fn start_tag(&mut self, name: &'a [u8], attributes: &'a [u8], self_closing: bool) {
        let kind = kind_of(name);
        let special = |tag: &[u8]| kind & SPECIAL != 0 && same(name, tag);
        if special(b"select") && self.is_open(b"select") {
            // A select inside a select closes the open one.
            self.pop_to(b"select", SCOPE, None);
            return;
        }
        let mut foreign = self.in_foreign();
        if foreign
            && kind & BREAKOUT != 0
            && (!same(name, b"font") || has_attribute(attributes, &[b"color", b"face", b"size"]))
        {
            while foreign {
                if let Some(root) = self.stack.iter().rposition(|t| t.1 & FOREIGN != 0) {
                    self.truncate(root);
                }
                foreign = self.in_foreign();
            }
        }
        if foreign || kind & FOREIGN != 0 {
            if self_closing {
                return;
            }
        } else {
            if kind & TABLE_PART != 0 && !special(b"table") && !self.in_table() {
                // Rows, cells and captions outside a table are ignored by the parser.
                return;
            }
            self.implied_ends(name, kind);
            if kind & VOID != 0 || (kind & ROOT != 0 && self.is_open(name)) {
                return;
            }
            if kind & RAW_TEXT != 0 {
                self.skip_raw_text(name);
                return;
            }
            if special(b"plaintext") {
                self.pos = self.html.len();
            }
        }
        self.push(name, attributes, kind);
    }

    fn push(&mut self, name: &'a [u8], attributes: &'a [u8], kind: u16) {
        self.stack.push((name, kind));
        if kind & FORMATTING != 0 {
            self.activate(name, attributes);
        } else if kind & MARKER != 0 {
            self.active.push(None);
        }
        // Every active formatting element may be re-opened on top of the stack; those
        // already open are counted twice, which only errs deeper.
        let reopened = self.active.iter().rev().take_while(|e| e.is_some()).count();
        self.max = self.max.max(self.stack.len() + reopened);
    }

    /// Adds a formatting element to the active list; like the parser, keeps at most
    /// three identical ones after the last marker (attributes compared as written,
    /// which keeps more than the parser does).
    fn activate(&mut self, name: &'a [u8], attributes: &'a [u8]) {
        let since_marker = self
            .active
            .iter()
            .rposition(Option::is_none)
            .map_or(0, |m| m + 1);
        let identical =
            |e: &Option<(&[u8], &[u8])>| e.is_some_and(|(n, a)| same(n, name) && a == attributes);
        let matches: Vec<usize> = (since_marker..self.active.len())
            .filter(|&i| identical(&self.active[i]))
            .collect();
        if matches.len() >= 3 {
            self.active.remove(matches[0]);
        }
        self.active.push(Some((name, attributes)));
    }

    /// Drops the last active formatting element named `name` after the last marker,
    /// as the parser does when it closes one.
    fn deactivate(&mut self, name: &[u8]) {
        for i in (0..self.active.len()).rev() {
            match self.active[i] {
                None => return,
                Some((n, _)) if same(n, name) => {
                    self.active.remove(i);
                    return;
                }
                Some(_) => {}
            }
        }
    }

    /// Pops the stack down to `len` elements; a popped cell, caption or object takes
    /// the active formatting elements since its marker with it.
    fn truncate(&mut self, len: usize) {
        while self.stack.len() > len {
            let Some((_, kind)) = self.stack.pop() else {
                return;
            };
            if kind & MARKER != 0 {
                if let Some(marker) = self.active.iter().rposition(Option::is_none) {
                    self.active.truncate(marker);
                }
            }
        }
    }

    /// Pops what the parser closes before inserting an element.
    fn implied_ends(&mut self, name: &[u8], kind: u16) {
        if kind & CLOSES_P != 0 {
            self.pop_to(b"p", SCOPE, Some(b"button"));
        }
        let top_is =
            |stack: &[(&[u8], u16)], tag: &[u8]| stack.last().is_some_and(|t| same(t.0, tag));
        if same(name, b"li") {
            self.pop_list_item(&[b"li"]);
        } else if same(name, b"dd") || same(name, b"dt") {
            self.pop_list_item(&[b"dd", b"dt"]);
        } else if kind & HEADING != 0 {
            if self.stack.last().is_some_and(|t| t.1 & HEADING != 0) {
                self.stack.pop();
            }
        } else if same(name, b"option") || same(name, b"optgroup") {
            if top_is(&self.stack, b"option") {
                self.stack.pop();
            }
        } else if same(name, b"td") || same(name, b"th") {
            self.pop_to(b"td", TABLE_SCOPE, None);
            self.pop_to(b"th", TABLE_SCOPE, None);
        } else if [&b"tr"[..], b"tbody", b"thead", b"tfoot"]
            .iter()
            .any(|t| same(name, t))
        {
            let sections: &[&[u8]] = if same(name, b"tr") {
                &[]
            } else {
                &[b"tbody", b"thead", b"tfoot"]
            };
            for closed in [&b"td"[..], b"th", b"tr"].iter().chain(sections) {
                self.pop_to(closed, TABLE_SCOPE, None);
            }
        } else if same(name, b"a") || same(name, b"nobr") || same(name, b"button") {
            self.pop_to(name, SPECIAL, None);
            self.deactivate(name);
        }
    }

    fn end_tag(&mut self, name: &[u8]) {
        let kind = kind_of(name);
        if kind & TABLE_PART != 0 {
            // Table end tags close the open cells and rows inside them.
            self.pop_to(name, TABLE_SCOPE, None);
        } else if same(name, b"form") {
            // The parser takes the form element out, leaving what is open inside it.
            let open = self
                .stack
                .iter()
                .rposition(|t| same(t.0, b"form") || t.1 & SCOPE != 0);
            if let Some(at) = open.filter(|&at| same(self.stack[at].0, b"form")) {
                self.stack.remove(at);
            }
        } else if kind & SPECIAL != 0 {
            let button = if same(name, b"p") {
                Some(&b"button"[..])
            } else {
                None
            };
            self.pop_to(name, SCOPE, button);
        } else {
            // Formatting and ordinary elements: closed unless a special element is open
            // above them (where the parser ignores the tag or reparents instead).
            self.pop_to(name, SPECIAL, None);
            if kind & FORMATTING != 0 {
                self.deactivate(name);
            }
        }
    }

    fn in_table(&self) -> bool {
        let innermost = self.stack.iter().rev().find(|t| t.1 & TABLE_SCOPE != 0);
        innermost.is_some_and(|t| same(t.0, b"table"))
    }

    fn is_open(&self, name: &[u8]) -> bool {
        self.stack.iter().any(|t| same(t.0, name))
    }

    /// Pops up to and including the innermost open `name`, unless an element of kind
    /// `bounds` (or named `also`) is open above it.
    fn pop_to(&mut self, name: &[u8], bounds: u16, also: Option<&[u8]>) {
        for i in (0..self.stack.len()).rev() {
            let (node, kind) = self.stack[i];
            if same(node, name) {
                self.truncate(i);
                return;
            }
            if kind & bounds != 0 || also.is_some_and(|a| same(node, a)) {
                return;
            }
        }
    }

    /// An `li` (or `dd`/`dt`) closes the open one unless a special element other than
    /// `address`, `div` or `p` stands between.
    fn pop_list_item(&mut self, items: &[&[u8]]) {
        for i in (0..self.stack.len()).rev() {
            let (node, kind) = self.stack[i];
            if items.iter().any(|item| same(node, item)) {
                self.truncate(i);
                return;
            }
            if kind & SPECIAL != 0 && kind & LIST_ITEM_PASSABLE == 0 {
                return;
            }
        }
    }

    /// Skips the text of a raw-text element up to its end tag (`</name` followed by
    /// whitespace, `/` or `>`, in any case).
    fn skip_raw_text(&mut self, name: &[u8]) {
        let html = self.html;
        while let Some(at) = memmem::find(&html[self.pos..], b"</") {
            let start = self.pos + at + 2;
            let end = start + name.len();
            self.pos = start;
            let ends_name = |c: &u8| matches!(c, b'\t' | b'\n' | b'\x0c' | b' ' | b'/' | b'>');
            if end <= html.len()
                && same(&html[start..end], name)
                && html.get(end).is_none_or(ends_name)
            {
                self.pos = end;
                self.skip_past(b">");
                return;
            }
        }
        self.pos = html.len();
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use trafilatura::dom::Document;

    use super::*;

    /// The depth of the tree the parser builds (the document node at 0, `html` at 1).
    fn parsed_depth(html: &str) -> usize {
        let doc = Document::parse(html);
        let mut stack = vec![(doc.root(), 0)];
        let mut max = 0;
        while let Some((id, depth)) = stack.pop() {
            max = usize::max(max, depth);
            stack.extend(doc.children(id).into_iter().map(|child| (child, depth + 1)));
        }
        max
    }

    const TAGS: &[&str] = &[
        "div",
        "span",
        "p",
        "li",
        "ul",
        "table",
        "tr",
        "td",
        "th",
        "tbody",
        "b",
        "i",
        "a",
        "font",
        "section",
        "h1",
        "h2",
        "svg",
        "option",
        "select",
        "dd",
        "dt",
        "dl",
        "button",
        "form",
        "pre",
        "em",
        "nobr",
        "blockquote",
        "caption",
        "object",
        "label",
        "math",
        "mi",
        "foreignObject",
        "desc",
        "template",
        "textarea",
        "noscript",
        "ruby",
    ];

    fn markup() -> impl Strategy<Value = String> {
        let tag = prop::sample::select(TAGS);
        let piece = prop_oneof![
            4 => tag.clone().prop_map(|t| format!("<{t}>")),
            3 => tag.clone().prop_map(|t| format!("</{t}>")),
            1 => tag.prop_map(|t| format!("<{t}/>")),
            1 => Just("x ".to_string()),
            1 => (0..5u8).prop_map(|i| format!("<b id={i}>")),
            1 => (0..5u8).prop_map(|i| format!("<font class='c{i}'>")),
            1 => Just("<!-- <div> -->".to_string()),
            1 => Just("<script><div></script>".to_string()),
        ];
        prop::collection::vec(piece, 0..300).prop_map(|pieces| pieces.concat())
    }

    /// Markup where an earlier scan popped elements the parser keeps open.
    #[test]
    fn the_scan_follows_the_parser_where_it_keeps_elements_open() {
        let cases = [
            // A `</table>` closes the open cells; rows outside a table are ignored.
            "<tr><div><b/><b><tr><td><b/><b><td><section><td><div><div><b><li><div>",
            // `select` bounds a scope, so `</object>` cannot close past it.
            "<div><object><select></object><tr></select><div><tr><section><div><tr><select>\
             <span><span></section><span><span><span><span><tr><span><span><span><span>",
            // `</form>` takes the form out and leaves what is open inside it.
            "<form><div><div><div></form><div><div><div></form><div><div>",
            // A font with only a class stays inside MathML; `<b>` leaves it.
            "<math><font class='c0'><textarea><b id=0><b id=0><b><b id=0><div/><b id=0><b>",
            // `<svg/>` opens nothing; a noscript's and a textarea's content is markup.
            "<svg/><noscript><b><textarea></noscript><option><b/><table/><td><script><div></script>",
            "<noscript><textarea></noscript><b><div><b><option><div>",
            // Formatting elements closed by a block are re-opened by the parser.
            &"<div><b id=1><i class=x></div>".repeat(20),
        ];
        for html in cases {
            let (scanned, parsed) = (max_depth(html, usize::MAX), parsed_depth(html));
            assert!(
                parsed <= 2 * scanned + 4,
                "parsed {parsed} scanned {scanned}: {html}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// The scan bounds the parser's stack, up to the implied `html`, `body` and
        /// `tbody` and the formatting elements the parser re-opens.
        #[test]
        fn the_scan_bounds_the_parsed_depth(html in markup()) {
            let scanned = max_depth(&html, usize::MAX);
            let parsed = parsed_depth(&html);
            prop_assert!(parsed <= 2 * scanned + 4, "parsed {} scanned {}", parsed, scanned);
        }
    }

    #[test]
    fn nested_divs_count_one_level_each() {
        let html = format!(
            "<html><body>{}x{}</body></html>",
            "<div>".repeat(50),
            "</div>".repeat(50)
        );
        assert_eq!(max_depth(&html, 1000), 52);
    }

    #[test]
    fn closed_siblings_do_not_add_up() {
        let html = "<body><p>a</p><p>b</p><div><span>c</span></div></body>".repeat(500);
        assert_eq!(max_depth(&html, 1000), 3);
    }

    #[test]
    fn implied_ends_close_unclosed_paragraphs_items_and_cells() {
        let html = format!(
            "<body>{}<ul>{}</ul><table>{}</table><select>{}</select><dl>{}</dl>",
            "<p>text".repeat(300),
            "<li>item".repeat(300),
            "<tr><td>a<td>b".repeat(300),
            "<option>o".repeat(300),
            "<dt>t<dd>d".repeat(300),
        );
        assert!(max_depth(&html, 1000) <= 5, "{}", max_depth(&html, 1000));
    }

    #[test]
    fn void_raw_text_and_comments_push_nothing() {
        let html = "<br><img src=x><input><script>if (a<b) { x = '<div><div>'; }</script>\
                    <!-- <div><div> --><style>div<p{}</style><SCRIPT type=x>'</script'</SCRIPT >"
            .repeat(300);
        assert_eq!(max_depth(&html, 1000), 0);
    }

    #[test]
    fn a_quoted_greater_than_does_not_end_a_tag() {
        assert_eq!(max_depth(r#"<div title="a>b<div>"><span>x"#, 100), 2);
    }

    #[test]
    fn self_closing_syntax_counts_only_in_svg() {
        assert_eq!(max_depth(&"<div/>".repeat(200), 1000), 200);
        let svg = format!("<svg>{}</svg>", "<path d='M0'/>".repeat(200));
        assert_eq!(max_depth(&svg, 1000), 1);
    }

    #[test]
    fn an_end_tag_does_not_close_past_a_block_it_cannot_close() {
        // The parser ignores `</span>` here, so each round nests two deeper.
        let html = "<span><div></span>".repeat(100);
        assert_eq!(max_depth(&html, 1000), 200);
    }

    #[test]
    fn the_scan_stops_past_the_limit() {
        let html = "<div>".repeat(100_000);
        assert_eq!(max_depth(&html, 10), 11);
    }
}
