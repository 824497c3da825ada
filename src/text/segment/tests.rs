//! Table-driven tests for segmentation.

use super::*;

/// The texts of the sentences of `text` (plain).
fn split(text: &str) -> Vec<&str> {
    segment(text, TextFormat::Plain)
        .sentences
        .iter()
        .map(|s| s.span.slice(text))
        .collect()
}

/// Each case is the expected sentences; the input is them joined by one space.
fn check(cases: &[&[&str]]) {
    for sentences in cases {
        let text = sentences.join(" ");
        assert_eq!(split(&text), *sentences, "input: {text:?}");
    }
}

#[test]
fn titles_and_abbreviations() {
    check(&[
        &[
            "Mr. Smith and Dr. Jones met Gov. Brown and Sen. Lee.",
            "They talked.",
        ],
        &[
            "Ms. Li, Mrs. Cole and Prof. Hale visited St. Louis.",
            "It rained.",
        ],
        &["Gen. Mills, Rep. Cruz, Lt. Col. Oliver North and Martin Luther King Jr. spoke."],
        &["Arsenal vs. Chelsea ended 2-1.", "Fans left early."],
        &["They sold cars, boats, etc.", "The firm grew."],
        &["They sold cars, boats, etc. and made money."],
        &[
            "He lives at No. 5 Baker Street.",
            "No.",
            "The answer is no.",
        ],
        &["Fruit, e.g. apples, and nuts, i.e. almonds, are healthy."],
        &[
            "We met at 9 a.m. on Monday and left at 5 p.m.",
            "Then we slept.",
        ],
        &[
            "Apple Inc. reported results.",
            "Shares of Acme Ltd. rose while Big Corp. fell.",
        ],
        &["The deal with Acme Co. Ltd. closed.", "It was big."],
        &[
            "The shares were bought by Apple Inc.",
            "The price was high.",
        ],
        &[
            "The event was held on Jan. 5 and Feb. 12 this year.",
            "Sept. 9 was next.",
        ],
        &[
            "Costs rose (approx. 5 per cent) last year.",
            "Profits fell.",
        ],
    ]);
}

#[test]
fn initials_and_acronyms() {
    check(&[
        &["J.P. Morgan and George W. Bush met in the U.S. capital."],
        &[
            "Sales in the U.S.",
            "The firm said sales in the U.K. rose.",
            "It grew.",
        ],
        &[
            "The U.S. and the U.N. agreed.",
            "J. R. R. Tolkien wrote it.",
        ],
        &["Growth in the U.S.", "It was strong."],
    ]);
}

#[test]
fn numbers_and_prices() {
    check(&[
        &[
            "Profits jumped 76% to $1.13bn (£600m) from $639m.",
            "Sales rose 3.5%.",
        ],
        &["About 1.5 million people voted.", "Turnout was 62.4%."],
        &["It was founded in 2004.", "20 people joined."],
    ]);
}

#[test]
fn quotes() {
    check(&[
        &["\"Stop!\" he shouted."],
        &["\"We will win.\"", "The coach left."],
        &["\u{201C}We will win.\u{201D}", "The coach left."],
        &["\u{2018}Why?\u{2019} she asked.", "Nobody knew."],
        &[
            "\"Our performance was strong,\" he said.",
            "\"We are pleased.\"",
        ],
        &["He asked: \"Why?\"", "Then he left."],
        &["She won (again!) and left."],
        &["He left (for good.)", "She stayed."],
    ]);
}

#[test]
fn missing_space_after_full_stop() {
    let text = "Profits fell from $639m year-earlier.The firm said so.\"We agree,\" he said.";
    assert_eq!(
        split(text),
        [
            "Profits fell from $639m year-earlier.",
            "The firm said so.",
            "\"We agree,\" he said."
        ]
    );
    check(&[
        &["Visit bbc.co.uk or Amazon.com for J.P. Morgan news, e.g.the U.S. version."],
        &["Prices rose 1.5% and Node.JS and ASP.NET won."],
        &["Sales rose 5%.", "Costs fell."],
    ]);
    assert_eq!(
        split("Sales rose 5%.Costs fell."),
        ["Sales rose 5%.", "Costs fell."]
    );
    assert_eq!(split("Is it?Yes."), ["Is it?", "Yes."]);
}

#[test]
fn ellipses() {
    check(&[
        &["He paused...", "Then he left."],
        &["Wait... and see."],
        &["He paused\u{2026}", "Then he left."],
        &["A recovery\u{2026} much patchier."],
    ]);
}

#[test]
fn question_and_exclamation() {
    check(&[
        &["Is it over?", "Yes!", "It is."],
        &["\"Is it over?\" asked Tom.", "\"No!\" said Ann."],
        &["(Is it over?)", "Nobody knew."],
        &["Who knows?!", "Not me."],
    ]);
}

#[test]
fn brackets_protect_abbreviations() {
    check(&[
        &[
            "The value (approx. 5 bn) rose (cf. Table 2) again.",
            "Done.",
        ],
        &["It rose 5%.", "(It fell in 2003.)", "Then it recovered."],
    ]);
}

/// (text, expected units as (kind, text)).
fn units(text: &str, format: TextFormat) -> Vec<(SentenceKind, &str)> {
    segment(text, format)
        .sentences
        .iter()
        .map(|s| (s.kind, s.span.slice(text)))
        .collect()
}

use SentenceKind::{Byline, Dateline, Heading, ListItem, Text};

#[test]
fn line_breaks_inside_paragraphs() {
    let text = "Shares in the company fell sharply on Monday after\nGoogle said it would cut\nprices. Analysts were surprised.\r\n\r\nA new paragraph.";
    assert_eq!(
        units(text, TextFormat::Plain),
        [
            (Text, "Shares in the company fell sharply on Monday after\nGoogle said it would cut\nprices."),
            (Text, "Analysts were surprised."),
            (Text, "A new paragraph."),
        ]
    );
}

#[test]
fn headings_datelines_bylines() {
    let text = "Profits jump at TimeWarner\nBy Jane Smith\nLONDON, Nov 26 (Reuters) -\nQuarterly profits at the media giant jumped 76% to $1.13bn in the three months.\n\nOutlook\n\nLONDON (Reuters) - The firm said it was fine.";
    assert_eq!(
        units(text, TextFormat::Plain),
        [
            (Heading, "Profits jump at TimeWarner"),
            (Byline, "By Jane Smith"),
            (Dateline, "LONDON, Nov 26 (Reuters) -"),
            (
                Text,
                "Quarterly profits at the media giant jumped 76% to $1.13bn in the three months."
            ),
            (Heading, "Outlook"),
            (Text, "LONDON (Reuters) - The firm said it was fine."),
        ]
    );
}

#[test]
fn bullet_lists() {
    let text = "The plan has three parts:\n- cut costs by 5%\n* sell the Asian unit, which\n  lost money\n\u{2022} hire staff\n\u{2013} Stop. Go.\n1. first\n2) second\na) third\nThe board agreed. It voted.";
    assert_eq!(
        units(text, TextFormat::Plain),
        [
            (Text, "The plan has three parts:"),
            (ListItem, "cut costs by 5%"),
            (ListItem, "sell the Asian unit, which\n  lost money"),
            (ListItem, "hire staff"),
            (ListItem, "Stop. Go."),
            (ListItem, "first"),
            (ListItem, "second"),
            (ListItem, "third"),
            (Text, "The board agreed."),
            (Text, "It voted."),
        ]
    );
    let wrapped = "He said the plan would work\n- and nobody disagreed.";
    assert_eq!(units(wrapped, TextFormat::Plain), [(Text, wrapped)]);
}

#[test]
fn invariants_on_mixed_text() {
    let text = "  Title line\r\nBy Jane Smith\n\n\u{201C}Stop!\u{201D} he said. Mr. Li left at 9 a.m.\nin the U.S. The\tfirm  \n - a\n -  b \n\n\n\u{2026}  \n  x.y. Z? (\u{e9}.) \u{e9}!  ";
    for format in [TextFormat::Plain, TextFormat::Markdown] {
        let seg = segment(text, format);
        let analysis = seg.analysis_text(text);
        let mut last_end = 0;
        for s in &seg.sentences {
            let slice = s.span.slice(analysis);
            assert!(!slice.is_empty(), "{s:?}");
            assert_eq!(slice, slice.trim(), "{s:?}");
            assert!(s.span.start >= last_end, "{s:?}");
            let para = seg.paragraphs[s.paragraph].span;
            assert!(
                para.start <= s.span.start && s.span.end <= para.end,
                "{s:?}"
            );
            assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
            last_end = s.span.end;
        }
        assert_eq!(seg.paragraphs.len(), 3);
    }
}

#[test]
fn capitalised_acronyms_are_not_abbreviations() {
    check(&[
        &[
            "The deal is under review by the SEC.",
            "The company said so.",
        ],
        &["He joined the CO.", "It was fun."],
    ]);
}

#[test]
fn nested_quotes_glued_quotes_and_asides() {
    check(&[
        &[
            "He said: \"It is 'very confidential.'\"",
            "Eventually, it leaked.",
        ],
        &[
            "(Note how it ditches the grid of icons.",
            "Also note the avatars.)",
            "Next.",
        ],
        &[
            "(The value, approx. 5 bn, rose in the U.S. The end.)",
            "Next.",
        ],
    ]);
    assert_eq!(
        split("Hicks told CNN affiliate WTKR.\"That flag matters,\" she said."),
        [
            "Hicks told CNN affiliate WTKR.",
            "\"That flag matters,\" she said."
        ]
    );
    assert_eq!(
        split("This is why LeanIn.Org launched it."),
        ["This is why LeanIn.Org launched it."]
    );
}

#[test]
fn one_line_paragraphs() {
    let text = "Dr. Smith resigns\n\nHe left. More to come";
    assert_eq!(
        units(text, TextFormat::Plain),
        [
            (Heading, "Dr. Smith resigns"),
            (Text, "He left."),
            (Text, "More to come"),
        ]
    );
}

/// The fixture written for this: its gold file has one unit per line, wrapped lines
/// joined by a space and list items with their "- " marker (spans leave markers out).
#[test]
fn abbreviations_fixture_matches_its_gold_segmentation() {
    let text = include_str!("../../../fixtures/abbreviations.txt");
    let gold: Vec<String> = include_str!("../../../fixtures/abbreviations.sentences.txt")
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.strip_prefix("- ").unwrap_or(line).to_string())
        .collect();
    let got: Vec<String> = split(text)
        .iter()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(got, gold);
}
