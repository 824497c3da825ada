//! The page is read back with a small tokenizer: every `<` the renderer writes starts
//! a tag (text is escaped), so tags, attributes and text can be told apart exactly.

use super::*;
use crate::check::findings::{ArchiveMatch, Related};
use crate::check::{check_within, CheckOptions};
use crate::output::check::MAX_RELATED;
use crate::text::Span;

const FARM: &str = include_str!("../../../fixtures/repetitive.txt");

#[derive(Debug, Clone)]
enum Token {
    Open {
        name: String,
        attrs: Vec<(String, String)>,
    },
    Close(String),
    Text(String),
}

fn decode(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(';').expect("a terminated reference") + i;
        out.push(match &rest[i..=end] {
            "&amp;" => '&',
            "&lt;" => '<',
            "&gt;" => '>',
            "&quot;" => '"',
            "&#39;" => '\'',
            other => panic!("unexpected reference {other}"),
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

fn attrs(mut s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return out;
        }
        let name_end = s.find(['=', ' ']).unwrap_or(s.len());
        let name = s[..name_end].to_string();
        s = &s[name_end..];
        if let Some(quoted) = s.strip_prefix("=\"") {
            let close = quoted.find('"').expect("a closing quote");
            out.push((name, decode(&quoted[..close])));
            s = &quoted[close + 1..];
        } else {
            out.push((name, String::new()));
        }
    }
}

fn tokens(html: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            out.push(Token::Text(decode(rest)));
            break;
        };
        if lt > 0 {
            out.push(Token::Text(decode(&rest[..lt])));
        }
        let gt = rest[lt..].find('>').expect("a closed tag") + lt;
        let tag = &rest[lt + 1..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            out.push(Token::Close(name.to_string()));
            continue;
        }
        let (name, attr_text) = tag.split_once(' ').unwrap_or((tag, ""));
        out.push(Token::Open {
            name: name.to_string(),
            attrs: attrs(attr_text),
        });
        if name == "style" {
            // Raw text up to its end tag, as a browser reads it.
            let end = rest.find("</style").expect("a closed style sheet");
            out.push(Token::Text(rest[..end].to_string()));
            rest = &rest[end..];
        }
    }
    out
}

/// Asserts that every element is closed, in order.
fn assert_well_nested(tokens: &[Token]) {
    let mut stack: Vec<&str> = Vec::new();
    for t in tokens {
        match t {
            Token::Open { name, .. } if name == "meta" => {}
            Token::Open { name, .. } => stack.push(name),
            Token::Close(name) => assert_eq!(stack.pop(), Some(name.as_str()), "{tokens:?}"),
            Token::Text(_) => {}
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

fn attr<'t>(attrs: &'t [(String, String)], name: &str) -> Option<&'t str> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn has_class(attrs: &[(String, String)], class: &str) -> bool {
    attr(attrs, "class").is_some_and(|c| c.split(' ').any(|x| x == class))
}

/// The text shown of the first draft, and for each byte of it the titles of the marks
/// covering it, and where each mark with an id opens.
struct Shown {
    text: String,
    covering: Vec<Vec<String>>,
    opens: Vec<(String, usize)>,
}

fn shown(tokens: &[Token]) -> Shown {
    let start = tokens
        .iter()
        .position(|t| matches!(t, Token::Open { attrs, .. } if has_class(attrs, "draft-text")))
        .expect("a draft's text");
    let mut s = Shown {
        text: String::new(),
        covering: Vec::new(),
        opens: Vec::new(),
    };
    let mut stack: Vec<Option<String>> = Vec::new();
    for t in &tokens[start + 1..] {
        match t {
            Token::Open { name, attrs } => {
                if let Some(id) = attr(attrs, "id") {
                    s.opens.push((id.to_string(), s.text.len()));
                }
                let title = (name == "mark").then(|| attr(attrs, "title").unwrap().to_string());
                stack.push(title);
            }
            Token::Close(_) if stack.is_empty() => break,
            Token::Close(_) => {
                stack.pop();
            }
            Token::Text(text) => {
                s.text.push_str(text);
                let titles: Vec<String> = stack.iter().flatten().cloned().collect();
                s.covering.extend(std::iter::repeat_n(titles, text.len()));
            }
        }
    }
    s
}

fn page(d: &HtmlDraft) -> String {
    begin() + &draft(d) + &end(1, 0, 0, 0, false, 0)
}

fn finding(kind: Kind, severity: Severity, start: usize, end: usize, message: &str) -> Finding {
    Finding::new(kind, severity, Span { start, end }, message.to_string())
}

fn related(start: usize, end: usize) -> Related {
    Related {
        span: Span { start, end },
        note: "also here",
    }
}

const HOSTILE: &str = "Lede <script>alert(1)</script> and <img src=x onerror=alert(2)>.\n\n\
                       Then </style><b>bold</b> & \"double\" 'single' quotes.";

fn hostile_findings() -> Vec<Finding> {
    let mut f = finding(
        Kind::ParagraphMatch,
        Severity::Warning,
        0,
        HOSTILE.find("\n\n").unwrap(),
        "paragraph 1 is paragraph 2 of <script>x</script>",
    );
    f.archive = Some(ArchiveMatch {
        id: "<img src=x onerror=alert(3)>".into(),
        title: Some("</style><script>alert(4)</script> & \"title\"".into()),
        lang: None,
        paragraph: Some(1),
        start: None,
        end: None,
        jaccard: None,
        draft_in_archive: None,
        archive_in_draft: None,
        ngram: None,
        shared: None,
    });
    vec![f]
}

#[test]
fn hostile_text_is_escaped_and_adds_no_element() {
    assert_eq!(
        escape::text("<a href='x'>&\"</a>"),
        "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
    );
    assert_eq!(escape::attr("\"><script>"), "&quot;&gt;&lt;script&gt;");
    let findings = hostile_findings();
    let d = HtmlDraft {
        number: 0,
        id: "<b onmouseover=alert(5)>id</b>",
        text: HOSTILE,
        findings: &findings,
        omitted: &[],
    };
    let html = page(&d);
    assert_eq!(
        html.matches("</style").count(),
        1,
        "only the sheet's own end"
    );
    let tokens = tokens(&html);
    assert_well_nested(&tokens);
    let allowed = [
        "html", "head", "meta", "title", "style", "body", "header", "h1", "div", "p", "span",
        "mark", "a", "main", "section", "h2", "aside", "ol", "li", "ul", "q", "cite", "strong",
        "footer",
    ];
    for t in &tokens {
        if let Token::Open { name, attrs } = t {
            assert!(allowed.contains(&name.as_str()), "<{name}> in the page");
            assert!(attrs.iter().all(|(n, _)| !n.starts_with("on")), "{attrs:?}");
        }
    }
    assert_eq!(shown(&tokens).text, HOSTILE);
    let texts: String = tokens
        .iter()
        .filter_map(|t| match t {
            Token::Text(s) => Some(s.as_str()),
            _ => None,
        })
        .collect();
    for shown in [
        "<b onmouseover=alert(5)>id</b>",
        "<img src=x onerror=alert(3)>",
        "</style><script>alert(4)</script> & \"title\"",
        "paragraph 1 is paragraph 2 of <script>x</script>",
    ] {
        assert!(texts.contains(shown), "{shown} not shown as text");
    }
}

#[test]
fn bidi_overrides_and_control_characters_are_shown_not_obeyed() {
    let text = "pay \u{202e}0001\u{202c} now\u{1b}[2J";
    let d = HtmlDraft {
        number: 0,
        id: "bidi",
        text,
        findings: &[],
        omitted: &[],
    };
    let html = draft(&d);
    assert!(!html.contains('\u{202e}') && !html.contains('\u{1b}'));
    assert!(html.contains("data-c=\"U+202E\"") && html.contains("data-c=\"U+001B\""));
}

/// Each finding's first mark opens where the finding starts, and the marks titled with
/// its number cover exactly its places.
fn assert_highlighted_in_place(text: &str, findings: &[Finding], s: &Shown, ids: &Ids) {
    assert_eq!(s.text, text);
    for (i, f) in findings.iter().enumerate() {
        let spans = std::iter::once(Span {
            start: f.start,
            end: f.end,
        })
        .chain(f.related.iter().map(|r| r.span));
        for (j, span) in spans.enumerate() {
            let id = ids.place(i, j.checked_sub(1));
            let open = s.opens.iter().find(|(o, _)| *o == id);
            assert_eq!(open.map(|o| o.1), Some(span.start), "{id}");
        }
        let prefix = format!("{}. ", i + 1);
        for (at, titles) in s.covering.iter().enumerate() {
            let marked = titles.iter().any(|t| t.starts_with(&prefix));
            let inside = std::iter::once((f.start, f.end))
                .chain(f.related.iter().map(|r| (r.span.start, r.span.end)))
                .any(|(a, b)| (a..b).contains(&at));
            assert_eq!(marked, inside, "finding {} at byte {at}", i + 1);
        }
    }
}

#[test]
fn every_finding_is_highlighted_where_it_is_and_linked_both_ways() {
    let findings = check_within(FARM, &CheckOptions::default());
    assert!(findings.len() >= 4, "{findings:?}");
    let d = HtmlDraft {
        number: 0,
        id: "fixtures/repetitive.txt",
        text: FARM,
        findings: &findings,
        omitted: &[],
    };
    let html = page(&d);
    let tokens = tokens(&html);
    assert_well_nested(&tokens);
    assert_highlighted_in_place(FARM, &findings, &shown(&tokens), &Ids::of(&d));
    let mut ids = Vec::new();
    let mut links = Vec::new();
    for t in &tokens {
        if let Token::Open { attrs, .. } = t {
            ids.extend(attr(attrs, "id"));
            links.extend(attr(attrs, "href").and_then(|h| h.strip_prefix('#')));
        }
    }
    let ids_of = Ids::of(&d);
    for i in 0..findings.len() {
        assert!(
            links.contains(&ids_of.entry(i).as_str()),
            "no link to entry {i}"
        );
        assert!(
            links.contains(&ids_of.place(i, None).as_str()),
            "no link to place {i}"
        );
    }
    for link in &links {
        assert!(ids.contains(link), "#{link} leads nowhere");
    }
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "duplicate ids");
}

#[test]
fn overlapping_and_nested_findings_give_well_nested_marks() {
    let text = "Alpha beta gamma delta. Epsilon zeta eta theta iota.\n\nKappa lambda mu.";
    let paragraph = text.find("\n\n").unwrap();
    let mut sentence = finding(Kind::RepeatedSentence, Severity::Warning, 24, 52, "s");
    sentence.related = vec![related(0, 23)];
    let mut phrase = finding(Kind::RepeatedPhrase, Severity::Info, 6, 16, "p");
    // The finding's own span again, as a related place: shown, not numbered twice.
    phrase.related = vec![related(32, 45), related(6, 16)];
    let findings = vec![
        sentence,
        finding(Kind::RedundantParagraphs, Severity::Info, 0, paragraph, "r"),
        finding(
            Kind::RedundantParagraphs,
            Severity::Info,
            0,
            paragraph,
            "r2",
        ),
        phrase,
        // Crosses the end of the first paragraph.
        finding(
            Kind::ParagraphMatch,
            Severity::Warning,
            40,
            text.len() - 3,
            "x",
        ),
    ];
    let d = HtmlDraft {
        number: 0,
        id: "nested",
        text,
        findings: &findings,
        omitted: &[],
    };
    let tokens = tokens(&page(&d));
    assert_well_nested(&tokens);
    assert_highlighted_in_place(text, &findings, &shown(&tokens), &Ids::of(&d));
}

#[test]
fn a_finding_about_the_whole_draft_is_a_banner_not_a_highlight() {
    let text = "\nOne sentence here. Another one there.\n";
    let findings = vec![finding(
        Kind::Overlap,
        Severity::Error,
        0,
        text.len(),
        "most of it",
    )];
    let d = HtmlDraft {
        number: 0,
        id: "whole",
        text,
        findings: &findings,
        omitted: &[],
    };
    let html = draft(&d);
    let tokens = tokens(&html);
    assert_well_nested(&tokens);
    let ids = Ids::of(&d);
    let banner = tokens.iter().find_map(|t| match t {
        Token::Open { name, attrs } if attr(attrs, "id") == Some(&ids.place(0, None)) => {
            Some((name.clone(), has_class(attrs, "banner")))
        }
        _ => None,
    });
    assert_eq!(banner, Some(("div".to_string(), true)));
    assert!(!html.contains("<mark"));
}

#[test]
fn offsets_outside_the_text_or_inside_a_character_are_listed_without_a_highlight() {
    let text = "Un café au lait, deux cafés au lait.";
    let inside_e = text.find('é').unwrap() + 1;
    let mut split_related = finding(Kind::RepeatedPhrase, Severity::Info, 0, 2, "ok");
    split_related.related = vec![related(inside_e, 20)];
    let findings = vec![
        finding(
            Kind::RepeatedPhrase,
            Severity::Info,
            inside_e,
            12,
            "split é",
        ),
        finding(Kind::RepeatedPhrase, Severity::Info, 5, 500, "past the end"),
        finding(Kind::RepeatedPhrase, Severity::Info, 9, 3, "backwards"),
        split_related,
    ];
    let d = HtmlDraft {
        number: 0,
        id: "cafe",
        text,
        findings: &findings,
        omitted: &[],
    };
    let tokens = tokens(&draft(&d));
    assert_well_nested(&tokens);
    let s = shown(&tokens);
    assert_eq!(s.text, text);
    let ids = Ids::of(&d);
    let opened: Vec<&str> = s.opens.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(opened, [ids.place(3, None)]);
    let listed = tokens
        .iter()
        .filter(|t| matches!(t, Token::Text(x) if x.starts_with("not shown")))
        .count();
    assert_eq!(listed, 3);
}

#[test]
fn findings_left_out_are_counted_per_kind() {
    let findings = vec![finding(Kind::RepeatedPhrase, Severity::Info, 0, 3, "p")];
    let omitted = [(Kind::RepeatedPhrase, 12), (Kind::RepeatedSentence, 1)];
    let d = HtmlDraft {
        number: 0,
        id: "capped",
        text: "one two three",
        findings: &findings,
        omitted: &omitted,
    };
    let html = draft(&d);
    assert!(
        html.contains("and 12 more repeated phrase findings"),
        "{html}"
    );
    assert!(
        html.contains("and 1 more repeated sentence finding<"),
        "{html}"
    );
    assert!(html.contains("13 more not listed"), "{html}");
}

#[test]
fn totals_say_whether_the_run_failed() {
    let failed = end(2, 1, 0, 3, true, 0);
    assert!(
        failed.contains("Failed")
            && failed.contains("2 drafts checked: 1 error, 0 warnings, 3 notes")
    );
    assert!(end(1, 0, 0, 1, false, 0).contains("Passed"));
    let unreadable = end(1, 0, 0, 0, false, 2);
    assert!(unreadable.contains("Failed") && unreadable.contains("2 inputs could not be read"));
    let whole = begin() + &end(0, 0, 0, 0, false, 0);
    assert_well_nested(&tokens(&whole));
    assert!(whole.contains("default-src 'none'"));
}

#[test]
fn two_drafts_on_one_page_share_no_id() {
    let findings = check_within(FARM, &CheckOptions::default());
    let a = HtmlDraft {
        number: 0,
        id: "a.txt",
        text: FARM,
        findings: &findings,
        omitted: &[],
    };
    // The same id and text again: only the number tells them apart.
    let b = HtmlDraft { number: 1, ..a };
    let html = begin() + &draft(&a) + &draft(&b) + &end(2, 0, 0, 0, false, 0);
    let mut ids: Vec<String> = tokens(&html)
        .into_iter()
        .filter_map(|t| match t {
            Token::Open { attrs, .. } => attr(&attrs, "id").map(str::to_string),
            _ => None,
        })
        .collect();
    let all = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all);
}

#[test]
fn a_phrase_used_thousands_of_times_lists_twenty_places_and_marks_a_thousand() {
    let text = "one two three four five. ".repeat(1501);
    let mut phrase = finding(
        Kind::RepeatedPhrase,
        Severity::Info,
        0,
        23,
        "used 1501 times",
    );
    phrase.related = (1..=1500).map(|k| related(k * 25, k * 25 + 23)).collect();
    let findings = [phrase];
    let d = HtmlDraft {
        number: 0,
        id: "degenerate",
        text: &text,
        findings: &findings,
        omitted: &[],
    };
    let html = draft(&d);
    let tokens = tokens(&html);
    assert_well_nested(&tokens);
    let s = shown(&tokens);
    assert_eq!(s.text, text);
    assert_eq!(s.opens.len(), 1 + marks::MAX_MARKED_RELATED);
    let listed = html.matches("<q>one two three four five</q>").count();
    assert_eq!(listed, MAX_RELATED);
    assert!(html.contains("and 1480 more places"), "{html}");
}
