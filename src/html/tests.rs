//! Extraction end to end: an article page, pages without an article, and hostile
//! markup (deep nesting, truncation, random bytes, empty input).

use proptest::prelude::*;

use super::*;

const PARAGRAPHS: [&str; 4] = [
    "The city council approved a plan on Tuesday to extend the tram line to the \
     northern suburbs, ending a debate that had run for more than three years.",
    "Supporters said the extension would cut commuting times by a third and take \
     thousands of cars off the road each day, while critics questioned the cost.",
    "Work is expected to begin in the spring and to last about four years. The first \
     new stops should open before the end of the decade, officials said.",
    "The plan still needs the approval of the regional transport authority, which is \
     due to vote on the budget in March after a public consultation.",
];

fn article_page() -> String {
    let body: String = PARAGRAPHS.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        r#"<!doctype html><html lang="en-GB"><head>
<title>Council approves tram extension - Example Gazette</title>
<link rel="canonical" href="https://news.example.org/2024/03/tram-extension">
<meta property="og:site_name" content="Example Gazette">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<main><article><h1>Council approves tram extension</h1>
<p class="byline">By Jane Doe</p>
{body}</article>
<aside><h2>Related</h2><ul><li><a href="/a">Bus fares to rise in April</a></li><li><a href="/b">New cycle lanes open downtown</a></li></ul></aside></main>
<footer><p><a href="/about">About us</a> | <a href="/privacy">Privacy</a></p></footer>
</body></html>"#
    )
}

#[test]
fn an_article_gives_its_paragraphs_separated_by_blank_lines() {
    let page = extract(&article_page(), false);
    assert_eq!(page.empty_reason, None);
    let paragraphs: Vec<&str> = page.text.split("\n\n").collect();
    for p in PARAGRAPHS {
        assert!(paragraphs.contains(&p), "missing {p:?} in {:?}", page.text);
    }
    assert!(
        !page.text.contains("Council approves tram extension"),
        "headline in text"
    );
    assert!(!page.text.contains("Privacy") && !page.text.contains("Sport"));
    assert_eq!(page.markdown, None);
}

#[test]
fn an_article_page_metadata_is_mapped() {
    let meta = extract(&article_page(), false).meta;
    assert_eq!(
        meta.title.as_deref(),
        Some("Council approves tram extension")
    );
    assert_eq!(meta.author.as_deref(), Some("Jane Doe"));
    assert_eq!(meta.date.as_deref(), Some("2024-03-05"));
    assert_eq!(meta.site_name.as_deref(), Some("Example Gazette"));
    assert_eq!(
        meta.url.as_deref(),
        Some("https://news.example.org/2024/03/tram-extension")
    );
    assert_eq!(meta.lang.as_deref(), Some("en-GB"));
}

#[test]
fn a_copyright_year_is_not_a_publication_date() {
    let html = article_page()
        .replace(
            r#"<meta property="article:published_time" content="2024-03-05T10:00:00Z">"#,
            "",
        )
        .replace("</footer>", "<p>© 2023 Example Gazette</p></footer>");
    let page = extract(&html, false);
    assert_eq!(page.empty_reason, None);
    assert_eq!(page.meta.date, None);
}

#[test]
fn markdown_comes_only_when_asked_and_without_the_headline() {
    let page = extract(&article_page(), true);
    let markdown = page.markdown.expect("markdown asked for");
    assert!(markdown.contains(PARAGRAPHS[0]), "{markdown}");
    assert!(
        !markdown.contains("Council approves tram extension"),
        "{markdown}"
    );
    let html = "<html><body><article><h1>Title</h1><h2>Part one</h2><p>".to_string()
        + &PARAGRAPHS.join("</p><ul><li>a point</li><li>another</li></ul><p>")
        + "</p></article></body></html>";
    let markdown = extract(&html, true).markdown.expect("markdown asked for");
    assert!(markdown.contains("## Part one"), "{markdown}");
    assert!(markdown
        .lines()
        .any(|l| l.starts_with("- a point") || l.starts_with("* a point")));
}

/// Words as the evaluation metric reads them: runs of letters and digits.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

#[test]
fn the_wire_story_page_gives_the_story_alone() {
    let page = extract(include_str!("../../fixtures/pages/halden-bay.html"), false);
    let story = include_str!("../../fixtures/wire-story.txt");
    let (headline, body) = story.trim_start().split_once("\n\n").expect("headline");
    assert_eq!(words(&page.text), words(body));
    assert_eq!(
        page.text.split("\n\n").count(),
        body.trim().split("\n\n").count()
    );
    assert_eq!(page.meta.title.as_deref(), Some(headline.trim()));
}

#[test]
fn a_section_front_gives_no_article() {
    assert_no_article(include_str!("../../fixtures/pages/business-listing.html"));
}

fn assert_no_article(html: &str) {
    let page = extract(html, true);
    assert_eq!(page.text, "", "text of a page without an article");
    assert_eq!(page.markdown, None);
    assert_eq!(page.empty_reason, Some(EmptyReason::NoArticle));
}

#[test]
fn a_list_of_headlines_is_no_article() {
    let items: String = [
        "Government announces new budget plan for the coming fiscal year",
        "Storm causes widespread flooding across the northern coast overnight",
        "Local team wins championship after dramatic overtime finish",
        "Scientists report progress on a new vaccine for seasonal influenza",
        "Markets close higher as investors weigh fresh economic data",
        "City council approves plan to expand public transport network",
        "Researchers discover ancient settlement beneath the old harbour",
        "Election officials confirm turnout reached a record high this year",
    ]
    .iter()
    .enumerate()
    .map(|(i, h)| format!(r#"<li><a href="/story/{i}">{h}</a></li>"#))
    .collect();
    let html = format!(
        r#"<html lang="en"><head><title>Latest - Example News</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<main><h2>Latest stories</h2><ul>{items}</ul></main>
<footer><a href="/about">About us</a></footer></body></html>"#
    );
    assert_no_article(&html);
    assert_eq!(extract(&html, false).meta.lang.as_deref(), Some("en"));
}

#[test]
fn a_login_wall_is_no_article() {
    assert_no_article(
        r#"<html><head><title>Sign in - Example News</title></head><body>
<nav><a href="/">Home</a> <a href="/subscribe">Subscribe</a></nav>
<main><h1>Sign in to continue reading</h1><p>This article is for subscribers only.</p>
<form action="/login" method="post"><label>Email address <input type="email" name="email"></label>
<label>Password <input type="password" name="password"></label>
<label><input type="checkbox"> Remember me</label><button type="submit">Sign in</button></form>
<p><a href="/forgot">Forgot your password?</a> <a href="/register">Create an account</a></p></main>
<footer><p>© 2024 Example News. All rights reserved.</p></footer></body></html>"#,
    );
}

#[test]
fn an_error_page_is_no_article() {
    assert_no_article(
        r#"<html><head><title>Page not found - Example News</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<main><h1>404 - Page not found</h1>
<p>Sorry, the page you are looking for does not exist or has been moved.</p>
<p>Try searching our site or go back to the <a href="/">home page</a>.</p>
<form action="/search"><input type="search" name="q"><button>Search</button></form></main>
</body></html>"#,
    );
}

#[test]
fn empty_and_blank_input_give_no_article() {
    for html in ["", " \n\t", "<html></html>", "<!doctype html>"] {
        assert_no_article(html);
    }
}

/// Runs `f` on a thread with a 2 MiB stack, the size rayon's workers get.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("extraction thread")
}

const SHAPES: [(&str, &str); 5] = [
    ("<div>", "</div>"),
    ("<ul><li>", "</li></ul>"),
    ("<section><p>", "</p></section>"),
    ("<span>", "</span>"),
    ("<table><tr><td>", "</td></tr></table>"),
];

fn nested(open: &str, close: &str, depth: usize) -> String {
    let text = PARAGRAPHS.map(|p| format!("<p>{p}</p>")).concat();
    format!(
        "<html><body>{}{text}{}</body></html>",
        open.repeat(depth),
        close.repeat(depth)
    )
}

#[test]
fn a_page_nested_100_000_deep_is_refused_without_parsing() {
    let page = on_small_stack(|| {
        let mut pages = Vec::new();
        for (open, close) in SHAPES {
            pages.push(extract(&nested(open, close, 100_000), true));
            // Unclosed, as a truncated or hostile page would leave them.
            pages.push(extract(&open.repeat(100_000), true));
        }
        pages
    });
    for p in page {
        assert_eq!(p.empty_reason, Some(EmptyReason::TooDeep));
        assert_eq!(p.text, "");
    }
}

#[test]
fn a_page_nested_just_within_the_limit_is_read_on_a_small_stack() {
    for (open, close) in SHAPES {
        let depth = (MAX_NESTING - 8) / open.matches('<').count();
        let html = nested(open, close, depth);
        let page = on_small_stack(move || extract(&html, true));
        assert_ne!(page.empty_reason, Some(EmptyReason::TooDeep), "{open}");
    }
}

#[test]
fn a_truncated_page_gives_what_it_has() {
    let html = article_page();
    let cut = html.find(PARAGRAPHS[3]).expect("last paragraph") + 40;
    let page = extract(&html[..cut], false);
    assert!(page.text.contains(PARAGRAPHS[0]), "{:?}", page.text);
    for cut in (0..html.len()).step_by(97) {
        if html.is_char_boundary(cut) {
            let page = extract(&html[..cut], true);
            assert_eq!(page.text.is_empty(), page.empty_reason.is_some());
        }
    }
}

/// What every extraction keeps: paragraphs trimmed, non-empty and separated by one
/// blank line; an empty text always explained.
fn check_invariants(page: &Page) {
    assert_eq!(page.text.is_empty(), page.empty_reason.is_some());
    if page.text.is_empty() {
        assert_eq!(page.markdown, None);
        return;
    }
    for paragraph in page.text.split("\n\n") {
        assert!(
            !paragraph.is_empty() && paragraph.trim() == paragraph,
            "{paragraph:?}"
        );
    }
}

fn tag_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<div class=x>".to_string()),
        Just("</div>".to_string()),
        Just("<a href='/'>".to_string()),
        Just("</a>".to_string()),
        Just("<li>".to_string()),
        Just("<table><tr><td>".to_string()),
        Just("<script>".to_string()),
        Just("<!--".to_string()),
        Just("<br/>".to_string()),
        Just("<svg>".to_string()),
        "[a-zA-Z ,.<>/\"'=&;-]{0,40}",
        Just(PARAGRAPHS[0].to_string()),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4000)) {
        let html = String::from_utf8_lossy(&bytes);
        check_invariants(&extract(&html, true));
    }

    #[test]
    fn tag_soup_never_panics(html in tag_soup()) {
        check_invariants(&extract(&html, true));
    }
}
