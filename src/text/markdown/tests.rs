//! The mask: what a reader reads is kept, at its own offsets; the rest is blank.

use super::*;

/// The words left in the mask of `text`.
fn kept(text: &str) -> Vec<String> {
    let masked = mask(text);
    assert_eq!(masked.len(), text.len());
    masked.split_whitespace().map(String::from).collect()
}

#[test]
fn syntax_is_blanked_in_place_and_text_kept_at_its_offsets() {
    let text = "## Title ##\nSee [the *report*](https://x.org/r_1) and ![alt](i.png) `code` <b>bold</b> snake_case.\n\n[ref]: http://x\n\u{201C}Caf\u{e9}\u{201D} <span title=\"\u{e9}\">x</span>\n---\n";
    let expected = "   Title   \nSee  the  report                      and                code     bold     snake_case.\n\n               \n\u{201C}Caf\u{e9}\u{201D}                  x       \n   \n";
    assert_eq!(mask(text), expected);
}

#[test]
fn autolinks_images_and_task_boxes_are_not_prose() {
    assert_eq!(
        kept("- [ ] Call <https://example.org> or ![the map](m.png) <desk@example.org> today"),
        ["Call", "or", "today"]
    );
}

#[test]
fn escapes_entities_emphasis_and_strikethrough_keep_the_words() {
    assert_eq!(
        kept("\\*Not\\* ~~old~~ **new** _snake_case_ &amp; 5 * 3"),
        [
            "*Not",
            "*",
            "old",
            "new",
            "snake_case",
            "&amp;",
            "5",
            "*",
            "3"
        ]
    );
}

#[test]
fn a_code_span_keeps_its_code_without_the_backticks() {
    assert_eq!(
        kept("Type ``a `b` c`` then `1974-06-12`."),
        ["Type", "a", "`b`", "c", "then", "1974-06-12", "."]
    );
}

#[test]
fn a_link_reference_definition_inside_a_paragraph_is_text_as_commonmark_says() {
    // It cannot interrupt a paragraph: a reader of the rendered page sees it.
    assert_eq!(
        kept("Intro.\n[ref]: http://x"),
        ["Intro.", "[ref]:", "http://x"]
    );
}

#[test]
fn blocks_are_found_in_order_with_their_kinds() {
    let text = "# Head\n\nPara one.\n\n- item\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nNote.[^1]\n\n[^1]: The note.";
    let kinds: Vec<(BlockKind, &str)> = parse(text)
        .blocks
        .iter()
        .map(|b| (b.kind, b.span.slice(text)))
        .collect();
    assert_eq!(
        kinds,
        [
            (BlockKind::Heading, "Head"),
            (BlockKind::Paragraph, "Para one."),
            (BlockKind::ListItem, "item"),
            (BlockKind::TableRow, " a | b "),
            (BlockKind::TableRow, " 1 | 2 "),
            (BlockKind::Paragraph, "Note.[^1]"),
            (BlockKind::Footnote, "The note."),
        ]
    );
}
