//! The archive check on the project's fixtures, from a scratch index and a file.

use super::super::{check_against, CheckOptions, Kind};
use super::*;
use crate::index::trigram;
use crate::sketch::Header;
use crate::text::TextFormat;

const STORY: &str = include_str!("../../../fixtures/wire-story.txt");
const REWRITE: &str = include_str!("../../../fixtures/wire-story-rewrite.txt");
const FARM: &str = include_str!("../../../fixtures/repetitive.txt");
const TRAPS: &str = include_str!("../../../fixtures/abbreviations.txt");
const DRAFT: &str = include_str!("../../../fixtures/draft.md");

fn archived() -> Vec<(&'static str, &'static str)> {
    vec![("port", STORY), ("farm", FARM), ("freight", TRAPS)]
}

fn header() -> Header {
    Header::new(5, 128, 1, 0.8, None)
}

fn fill(index: &mut Index) {
    let sketcher = index.sketcher();
    let docs: Vec<IndexedDoc> = archived()
        .into_iter()
        .map(|(id, text)| IndexedDoc::build(&sketcher, id, text, TextFormat::Plain))
        .collect();
    index.add(&header(), docs).unwrap();
}

/// Two farm paragraphs pasted into otherwise new text.
fn pasted() -> String {
    let paragraphs: Vec<&str> = FARM.split("\n\n").collect();
    format!(
        "Schools reopen\n\nThe district's schools reopen on Monday after repairs to \
         three roofs damaged in the winter storms, officials said.\n\n{}\n\n{}\n\n\
         Parents were asked to check bus times on the district website.",
        paragraphs[2], paragraphs[5]
    )
}

/// FARM's fourth paragraph (index 3) with its sentences swapped, words changed
/// ("occurs" -> "happens", "is intended" -> "is meant"), added ("each year") and
/// dropped ("annual", "in which"), inside otherwise new text.
fn edited() -> String {
    "Schools reopen\n\nThe district's schools reopen on Monday after repairs to three \
     roofs damaged in the winter storms, officials said.\n\nAccording to a statement \
     released by the council, much of that loss happens because farmers have no dry, \
     secure place to store their grain once it has been harvested. The programme is \
     meant to strengthen regional food security by cutting post-harvest losses, which \
     the council puts at 18% of the maize crop each year.\n\nParents were asked to \
     check bus times on the district website."
        .to_string()
}

fn kinds_and_ids(found: &[Finding]) -> Vec<(Kind, String)> {
    found
        .iter()
        .map(|f| (f.kind, f.archive.as_ref().unwrap().id.clone()))
        .collect()
}

fn check_all(archive: &Index) {
    let options = CheckOptions::default();
    let rewrite = check_against(REWRITE, TextFormat::Plain, archive, &options).unwrap();
    assert!(
        kinds_and_ids(&rewrite).contains(&(Kind::Overlap, "port".into())),
        "{rewrite:?}"
    );
    let pasted = pasted();
    let found = check_against(&pasted, TextFormat::Plain, archive, &options).unwrap();
    let matches: Vec<_> = found
        .iter()
        .filter(|f| f.kind == Kind::ParagraphMatch)
        .collect();
    assert_eq!(matches.len(), 2, "{found:?}");
    for m in &matches {
        let a = m.archive.as_ref().unwrap();
        assert_eq!(a.id, "farm");
        let (start, end) = (a.start.unwrap(), a.end.unwrap());
        assert_eq!(&pasted[m.start..m.end], &FARM[start..end]);
    }
    for m in &matches {
        assert_eq!(m.similarity, Some(1.0), "exact copies: {m:?}");
    }
    check_edited(archive);
    let unrelated = check_against(DRAFT, TextFormat::Markdown, archive, &options).unwrap();
    assert!(unrelated.is_empty(), "{unrelated:?}");
    let copy = check_against(STORY, TextFormat::Plain, archive, &options).unwrap();
    assert_eq!(copy[0].kind, Kind::NearDuplicate);
    assert_eq!(copy[0].severity, Severity::Error);
}

fn check_edited(archive: &Index) {
    let draft = edited();
    let found = check_against(&draft, TextFormat::Plain, archive, &CheckOptions::default());
    let found = found.unwrap();
    let matches: Vec<&Finding> = found
        .iter()
        .filter(|f| f.kind == Kind::ParagraphMatch)
        .collect();
    assert_eq!(matches.len(), 1, "{found:?}");
    let m = matches[0];
    assert_eq!(
        (m.kind, m.severity),
        (Kind::ParagraphMatch, Severity::Warning)
    );
    assert!(draft[m.start..m.end].starts_with("According to a statement"));
    let a = m.archive.as_ref().unwrap();
    let source = FARM.split("\n\n").nth(3).unwrap();
    assert_eq!((a.id.as_str(), a.paragraph), ("farm", Some(3)));
    assert_eq!(&FARM[a.start.unwrap()..a.end.unwrap()], source);
    let similarity = m.similarity.unwrap();
    assert!((0.5..1.0).contains(&similarity), "{m:?}");
    // Exact: the share of the shorter paragraph's 3-word shingles in the other.
    let set = |text: &str| trigram::shingles(&crate::sketch::shingle::word_hashes(text));
    let (mine, theirs) = (set(&draft[m.start..m.end]), set(source));
    let shared = crate::sorted::intersection_len(&mine, &theirs);
    let expected = shared as f64 / mine.len().min(theirs.len()) as f64;
    assert_eq!((a.shared, similarity), (Some(shared), expected));
    assert!(
        m.message.contains("edited copy of paragraph 4 of farm"),
        "{}",
        m.message
    );
}

#[test]
fn a_scratch_index_finds_rewrites_pasted_paragraphs_and_copies() {
    let mut index = Index::scratch(&header(), "scratch").unwrap();
    fill(&mut index);
    check_all(&index);
}

#[test]
fn the_index_on_disk_answers_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let mut index = Index::create(dir.path().join("archive.db"), &header()).unwrap();
    fill(&mut index);
    check_all(&index);
}
