//! Segmentation of Markdown: which units a reader sees, and that none of them runs
//! from one block into another.

use super::*;
use SentenceKind::{Heading, ListItem, TableRow, Text};

/// The units of the Markdown `text`: kind and original text.
fn units(text: &str) -> Vec<(SentenceKind, &str)> {
    segment(text, TextFormat::Markdown)
        .sentences
        .iter()
        .map(|s| (s.kind, s.span.slice(text)))
        .collect()
}

/// The original text of each paragraph.
fn paragraphs(text: &str) -> Vec<&str> {
    segment(text, TextFormat::Markdown)
        .paragraphs
        .iter()
        .map(|p| p.span.slice(text))
        .collect()
}

#[test]
fn headings_list_items_code_and_quotes_are_read_as_before() {
    let text = "# Profits *jump*\nThe [firm](http://example.com/a_b) said **so**. It grew.\n\nSub title\n---------\n\n- item `one`\n- item two\n\n```\nlet x = 1. Y = 2;\n```\n\n> Quoted text. More.";
    assert_eq!(
        units(text),
        [
            (Heading, "Profits *jump"),
            (Text, "The [firm](http://example.com/a_b) said **so**."),
            (Text, "It grew."),
            (Heading, "Sub title"),
            (ListItem, "item `one"),
            (ListItem, "item two"),
            (Text, "Quoted text."),
            (Text, "More."),
        ]
    );
}

#[test]
fn each_table_row_is_a_unit_apart_from_the_next_row_and_the_prose() {
    let text = "The port set out its costs.\n\n| Item | Cost |\n|------|------|\n| Berths | $400m |\n| Dredging | $120m |\n\nWork starts in May.";
    assert_eq!(
        units(text),
        [
            (Text, "The port set out its costs."),
            (TableRow, "Item | Cost"),
            (TableRow, "Berths | $400m"),
            (TableRow, "Dredging | $120m"),
            (Text, "Work starts in May."),
        ]
    );
}

#[test]
fn a_table_is_one_paragraph_although_its_delimiter_row_is_masked() {
    let table = "| Item | Cost |\n|------|------|\n| Berths | $400m |";
    let text = format!("Costs follow.\n\n{table}\n\nWork starts in May.");
    assert_eq!(
        paragraphs(&text),
        [
            "Costs follow.",
            "Item | Cost |\n|------|------|\n| Berths | $400m",
            "Work starts in May."
        ]
    );
}

#[test]
fn a_table_right_under_a_sentence_does_not_join_it() {
    let text = "The port set out its costs:\n| Item | Cost |\n|---|---|\n| Berths | $400m |";
    assert_eq!(
        units(text),
        [
            (Text, "The port set out its costs:"),
            (TableRow, "Item | Cost"),
            (TableRow, "Berths | $400m"),
        ]
    );
}

#[test]
fn a_footnote_marker_ends_no_sentence_early_and_glues_none_together() {
    let text = "The plan passed at Tuesday's hearing.[^1] Officials said work would start in May.\n\n[^1]: The hearing lasted four hours.";
    let found = units(text);
    assert_eq!(
        found[..2],
        [
            (Text, "The plan passed at Tuesday's hearing."),
            (Text, "Officials said work would start in May."),
        ]
    );
    let masked = markdown::mask(text);
    assert!(
        !masked.contains("[^1]") && !masked.contains('^'),
        "{masked}"
    );
}

#[test]
fn a_footnote_marker_without_its_definition_is_masked_too() {
    let text =
        "The plan passed at Tuesday's hearing.[^note] Officials said work would start in May.";
    assert_eq!(
        units(text),
        [
            (Text, "The plan passed at Tuesday's hearing."),
            (Text, "Officials said work would start in May."),
        ]
    );
}

#[test]
fn each_footnote_definition_is_a_block_of_its_own() {
    let text = "Work starts in May.[^1][^2]\n\n[^1]: The hearing lasted four hours\n[^2]: A second hearing is due in June.";
    assert_eq!(
        units(text),
        [
            (Text, "Work starts in May."),
            (Text, "The hearing lasted four hours"),
            (Text, "A second hearing is due in June."),
        ]
    );
}

#[test]
fn reference_definitions_are_not_prose_and_their_links_keep_their_text() {
    let text = "See the [council's report][report] for details.\n\n[report]: https://example.org/report \"The report\"\n[data]: <https://example.org/data>";
    assert_eq!(
        units(text),
        [(Text, "See the [council's report][report] for details.")]
    );
    let masked = markdown::mask(text);
    assert_eq!(
        masked.split_whitespace().collect::<Vec<_>>(),
        ["See", "the", "council's", "report", "for", "details."]
    );
}

#[test]
fn an_html_block_keeps_the_text_a_reader_sees_in_its_own_blocks() {
    let text = "<div class=\"box\">\n<h3>Port <em>expands</em></h3>\n<p>The council met.\nIt voted.</p><p>Work starts in May</p>\n</div>\n\nThe <b>council</b> met.";
    assert_eq!(
        units(text),
        [
            (Heading, "Port <em>expands"),
            (Text, "The council met."),
            (Text, "It voted."),
            (Text, "Work starts in May"),
            (Text, "The <b>council</b> met."),
        ]
    );
    let masked = markdown::mask(text);
    assert_eq!(
        masked.split_whitespace().collect::<Vec<_>>(),
        [
            "Port", "expands", "The", "council", "met.", "It", "voted.", "Work", "starts", "in",
            "May", "The", "council", "met."
        ]
    );
}

#[test]
fn comments_scripts_styles_and_preformatted_html_are_not_prose() {
    let text = "<!-- editor:\ncheck the figures. -->\n\n<script>\nvar said = \"Hello. World.\";\n</script>\n\n<pre>\nlet x = 1. Y = 2;\n</pre>\n\n<style>p { color: red }</style>\n\nDone.";
    assert_eq!(units(text), [(Text, "Done.")]);
}

#[test]
fn an_html_block_in_a_quote_reads_past_the_quote_markers() {
    let text = "> <p class=\"pull\"\n> title=\"x\">Fees rose\n> again.</p>\n\nAfter.";
    assert_eq!(
        units(text),
        [(Text, "Fees rose\n> again."), (Text, "After.")]
    );
    assert!(!markdown::mask(text).contains('>'));
}

#[test]
fn code_blocks_fenced_or_indented_are_not_prose() {
    let text = "Run this.\n\n```sh\necho Hello. World.\n```\n\n    let x = 1. Y = 2;\n\nDone.";
    assert_eq!(units(text), [(Text, "Run this."), (Text, "Done.")]);
}

#[test]
fn a_heading_right_above_a_paragraph_is_a_unit_of_its_own() {
    let text = "## A newsroom of six\nThe Courier employs six journalists. Two work part-time.";
    assert_eq!(
        units(text),
        [
            (Heading, "A newsroom of six"),
            (Text, "The Courier employs six journalists."),
            (Text, "Two work part-time."),
        ]
    );
}

#[test]
fn list_items_are_units_whole_wrapped_or_checked() {
    let text = "- [x] Berths approved. Work starts in May.\n- Dredging, which\n  the port pays for\n1. Tight numbered item";
    assert_eq!(
        units(text),
        [
            (ListItem, "Berths approved. Work starts in May."),
            (ListItem, "Dredging, which\n  the port pays for"),
            (ListItem, "Tight numbered item"),
        ]
    );
}

#[test]
fn offsets_point_into_the_original_and_the_mask_keeps_its_length() {
    let text = "# Caf\u{e9} \u{201C}news\u{201D}\n\n| \u{e9}t\u{e9} | co\u{fb}t |\n|---|---|\n| \u{e0} | \u{e9} |\n\nD\u{e9}j\u{e0} vu.[^\u{e9}]\n\n[^\u{e9}]: Note \u{e9}.";
    let seg = segment(text, TextFormat::Markdown);
    assert_eq!(seg.analysis_text(text).len(), text.len());
    for s in &seg.sentences {
        assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
        assert_eq!(s.span.slice(text).trim(), s.span.slice(text), "{s:?}");
    }
    assert_eq!(units(text).len(), 5, "{:?}", units(text));
}

/// Markdown-ish text: prose, and the syntax most likely to confuse block boundaries.
fn markdownish() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        Just("Word. ".to_string()),
        Just("caf\u{e9} \u{201C}x\u{201D} ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("| a | \u{e9} |\n".to_string()),
        Just("|---|:-:|\n".to_string()),
        Just("[^1]".to_string()),
        Just("[^1]: Note.\n".to_string()),
        Just("[r]: http://x\n".to_string()),
        Just("[t][r] ".to_string()),
        Just("# ".to_string()),
        Just("- ".to_string()),
        Just("1. ".to_string()),
        Just("> ".to_string()),
        Just("    ".to_string()),
        Just("```".to_string()),
        Just("`".to_string()),
        Just("<div>".to_string()),
        Just("<p>".to_string()),
        Just("</p>\n".to_string()),
        Just("<h2 title=\"a>b\">".to_string()),
        Just("<script>".to_string()),
        Just("<pre>".to_string()),
        Just("<!-- ".to_string()),
        Just(" -->".to_string()),
        Just("**".to_string()),
        Just("![i](p.png)".to_string()),
        Just("---\n".to_string()),
        "\\PC{0,4}",
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

proptest::proptest! {
    #[test]
    fn units_are_ordered_trimmed_inside_their_paragraph_and_on_char_boundaries(
        text in markdownish()
    ) {
        let seg = segment(&text, TextFormat::Markdown);
        let analysis = seg.analysis_text(&text);
        proptest::prop_assert_eq!(analysis.len(), text.len());
        let mut last_end = 0;
        for s in &seg.sentences {
            proptest::prop_assert!(text.is_char_boundary(s.span.start));
            proptest::prop_assert!(text.is_char_boundary(s.span.end));
            let slice = s.span.slice(analysis);
            proptest::prop_assert!(!slice.is_empty() && slice == slice.trim(), "{:?}", s);
            proptest::prop_assert!(s.span.start >= last_end, "{:?}", s);
            let para = seg.paragraphs[s.paragraph].span;
            proptest::prop_assert!(para.start <= s.span.start && s.span.end <= para.end);
            last_end = s.span.end;
        }
    }
}
