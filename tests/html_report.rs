//! The HTML report of `check` in a real browser: headless Chromium loads a page written
//! through the library for a fixture, a hostile draft and a copy of an archived
//! article, and the DOM it builds is checked: the highlights and banners are there,
//! each draft's text reads back exactly, and the hostile text stayed text.
//!
//! Chromium (Debian's `chromium` package) is looked up on PATH. Without it the test
//! reports itself ignored, or fails when `COPYDESK_BROWSER=required` (as `.ci/run`
//! sets it, after installing Chromium).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use copydesk::check::{self, CheckOptions, Finding, Kind, Severity};
use copydesk::html_report::{self as html, HtmlDraft};
use copydesk::index::{Index, IndexedDoc};
use copydesk::sketch::{Header, DEFAULT_SEED};
use copydesk::text::TextFormat;
use libtest_mimic::{Arguments, Completion, Failed, Trial};

const FARM: &str = include_str!("../fixtures/repetitive.txt");
const STORY: &str = include_str!("../fixtures/wire-story.txt");

/// A title and sentences that would run script, add an image or end the style sheet
/// if they reached the page unescaped.
const HOSTILE_TITLE: &str = "</style><script>document.title='pwned'</script> Port & \"harbour\"";
const HOSTILE_SENTENCE: &str = "The <script>document.title='pwned'</script> tag & its friend \
     <img src=x onerror=\"document.body.dataset.pwned=1\"> are \"dangerous\" in 'quotes' here.";

const CHROMIUM_TIMEOUT: Duration = Duration::from_secs(120);

fn main() {
    let args = Arguments::from_args();
    let tests = vec![Trial::ignorable_test(
        "chromium_shows_the_highlights_and_runs_nothing_from_the_drafts",
        browser_test,
    )];
    libtest_mimic::run(&args, tests).exit();
}

fn browser_test() -> Result<Completion, Failed> {
    let Some(chromium) = find_chromium() else {
        match std::env::var("COPYDESK_BROWSER").as_deref() {
            Ok("required") => {
                return Err("chromium is not installed and COPYDESK_BROWSER=required".into())
            }
            Ok("optional") | Err(_) => {}
            // A typo must not switch the requirement off.
            Ok(other) => {
                return Err(format!("COPYDESK_BROWSER={other:?}: use required or optional").into())
            }
        }
        return Ok(Completion::ignored_with("chromium not installed"));
    };
    let drafts = drafts();
    let page = render(&drafts);
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let path = dir.path().join("report.html");
    std::fs::write(&path, &page).map_err(|e| e.to_string())?;
    let dom = dump_dom(&chromium, &path, dir.path())?;
    check_dom(&dom, &page, &drafts)?;
    Ok(Completion::Completed)
}

struct Draft {
    id: &'static str,
    text: String,
    findings: Vec<Finding>,
}

fn archive() -> Index {
    let header = Header::new(5, 128, DEFAULT_SEED, 0.8, None);
    let mut index = Index::scratch(&header, "archive").expect("a scratch index");
    let archived = format!("{HOSTILE_TITLE}\n\n{}", story_body());
    let doc = IndexedDoc::build(
        &index.sketcher(),
        "<b>archived</b>",
        &archived,
        TextFormat::Plain,
    );
    index.add(&header, [doc]).expect("one article added");
    index
}

/// The wire story without its title line.
fn story_body() -> &'static str {
    STORY.split_once("\n\n").expect("a title line").1
}

fn drafts() -> Vec<Draft> {
    let archive = archive();
    let options = CheckOptions::default();
    let pasted = story_body()
        .split("\n\n")
        .nth(2)
        .expect("a third paragraph");
    let hostile = format!(
        "A </style> headline & more\n\n{HOSTILE_SENTENCE} Nothing else.\n\n{pasted}\n\n\
         Later on: {HOSTILE_SENTENCE}\n"
    );
    let copy = format!("Another headline\n\n{}", story_body());
    let mut out = Vec::new();
    for (id, text) in [
        ("fixtures/repetitive.txt", FARM.to_string()),
        ("<img src=x onerror=alert(1)>.txt", hostile),
        ("copy.txt", copy),
    ] {
        let mut findings = check::check_within(&text, &options);
        findings.extend(
            check::check_against(&text, TextFormat::Plain, &archive, &options)
                .expect("a scratch index answers"),
        );
        check::sort(&mut findings);
        out.push(Draft { id, text, findings });
    }
    out
}

fn render(drafts: &[Draft]) -> String {
    let mut page = html::begin();
    for (number, d) in drafts.iter().enumerate() {
        page.push_str(&html::draft(&HtmlDraft {
            number,
            id: d.id,
            text: &d.text,
            findings: &d.findings,
            omitted: &[(Kind::RepeatedPhrase, 2)],
        }));
    }
    let count = |severity: Severity| {
        let findings = drafts.iter().flat_map(|d| &d.findings);
        findings.filter(|f| f.severity == severity).count()
    };
    let (errors, warnings, info) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    page + &html::end(drafts.len(), errors, warnings, info, errors > 0, 0)
}

fn find_chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| [dir.join("chromium"), dir.join("chromium-browser")])
        .find(|p| p.is_file())
}

/// The DOM Chromium builds from the page, serialised.
fn dump_dom(chromium: &Path, page: &Path, dir: &Path) -> Result<String, Failed> {
    let out = dir.join("dom.html");
    let err = dir.join("chromium.err");
    let file = |p: &Path| File::create(p).map_err(|e| e.to_string());
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            // Containers often have a small /dev/shm, where Chromium would crash.
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(file(&out)?)
        .stderr(file(&err)?)
        .spawn()
        .map_err(|e| format!("starting {}: {e}", chromium.display()))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > CHROMIUM_TIMEOUT {
            let _ = child.kill();
            return Err(format!("chromium gave no DOM in {CHROMIUM_TIMEOUT:?}").into());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let dom = std::fs::read_to_string(&out).map_err(|e| e.to_string())?;
    if !status.success() || dom.is_empty() {
        let log = std::fs::read_to_string(&err).unwrap_or_default();
        return Err(format!("chromium failed ({status}): {log}").into());
    }
    Ok(dom)
}

fn check_dom(dom: &str, page: &str, drafts: &[Draft]) -> Result<(), Failed> {
    for injected in ["<script", "<img", "data-pwned"] {
        if dom.contains(injected) {
            return Err(format!("{injected:?} became markup in the browser").into());
        }
    }
    if !dom.contains("<title>copydesk check</title>") || dom.matches("<style>").count() != 1 {
        return Err("the page's head was altered".into());
    }
    let wanted = mark_ids(page);
    if wanted.len() < 10 || mark_ids(dom) != wanted {
        return Err(format!("highlights differ: {:?} in the DOM", mark_ids(dom)).into());
    }
    for class in ["k-phrase", "k-sentence", "k-paragraphs", "k-archive"] {
        if !dom.contains(&format!("<mark class=\"hl {class} ")) {
            return Err(format!("no {class} highlight in the DOM").into());
        }
    }
    if dom.matches("class=\"banner s-error\"").count() != 1 {
        return Err("the copy's near-duplicate banner is missing".into());
    }
    let texts = draft_texts(dom);
    let expected: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    if texts != expected {
        return Err(format!("the drafts read back as {texts:#?}").into());
    }
    let hostile = &drafts[1];
    let kinds: Vec<Kind> = hostile.findings.iter().map(|f| f.kind).collect();
    if !kinds.contains(&Kind::RepeatedSentence) || !kinds.contains(&Kind::ParagraphMatch) {
        return Err(format!("the hostile draft's findings: {kinds:?}").into());
    }
    let shown = [
        "&lt;img src=x onerror=alert(1)&gt;.txt",
        "&lt;/style&gt;&lt;script&gt;document.title='pwned'&lt;/script&gt; Port &amp; \"harbour\"",
        "and 2 more repeated phrase findings",
    ];
    match shown.iter().find(|s| !dom.contains(*s)) {
        Some(missing) => Err(format!("{missing:?} not shown").into()),
        None => Ok(()),
    }
}

/// The ids of the `<mark>` elements, in order.
fn mark_ids(html: &str) -> Vec<String> {
    html.match_indices("<mark ")
        .filter_map(|(i, _)| {
            let tag = &html[i..i + html[i..].find('>')?];
            let at = tag.find(" id=\"")? + 5;
            Some(tag[at..at + tag[at..].find('"')?].to_string())
        })
        .collect()
}

/// The text of each draft as the browser holds it: tags dropped, references decoded.
fn draft_texts(dom: &str) -> Vec<String> {
    const OPEN: &str = "<div class=\"draft-text\">";
    dom.match_indices(OPEN)
        .map(|(i, _)| {
            let body = &dom[i + OPEN.len()..];
            // Highlights hold marks, links and spans, never a div.
            let body = &body[..body.find("</div>").unwrap_or(body.len())];
            decode(&strip_tags(body))
        })
        .collect()
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn decode(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}
