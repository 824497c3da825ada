use std::path::{Path, PathBuf};

use super::*;
use crate::dedup::verify::overlap;
use crate::sketch::{shingle, Header, Sketcher};
use crate::text::TextFormat;

fn header() -> Header {
    Header::new(5, 128, 42, 0.8, None)
}

/// Deterministic pseudo-English: words from syllables picked by a small LCG,
/// sentences of 12 words, paragraphs of 60.
fn article(seed: u64, words: usize) -> String {
    const SYLLABLES: [&str; 16] = [
        "ka", "lo", "mer", "tan", "si", "ve", "rud", "po", "an", "el", "quo", "ri", "bas", "nu",
        "ot", "gil",
    ];
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    let mut text = format!("Headline number {seed}\n\n");
    for i in 0..words {
        let syllables = 1 + next() % 3;
        let word: String = (0..syllables).map(|_| SYLLABLES[next() % 16]).collect();
        text.push_str(&word);
        text.push_str(match i % 60 {
            59 => ".\n\n",
            _ if i % 12 == 11 => ". ",
            _ => " ",
        });
    }
    text
}

fn build(sketcher: &Sketcher, id: &str, text: &str) -> IndexedDoc {
    IndexedDoc::build(sketcher, id, text, TextFormat::Plain)
}

fn new_index(dir: &tempfile::TempDir) -> (Index, PathBuf) {
    let path = dir.path().join("archive.cdx");
    (Index::create(&path, &header()).unwrap(), path)
}

/// Rows of the posting tables that point at no document: must always be 0.
fn orphans(index: &Index) -> i64 {
    index
        .conn
        .query_row(
            "SELECT (SELECT count(*) FROM bands WHERE doc NOT IN (SELECT doc FROM docs))
                  + (SELECT count(*) FROM samples WHERE doc NOT IN (SELECT doc FROM docs))
                  + (SELECT count(*) FROM paragraphs WHERE doc NOT IN (SELECT doc FROM docs))",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

fn rows(index: &Index, table: &str) -> i64 {
    let sql = format!("SELECT count(*) FROM {table}");
    index.conn.query_row(&sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn added_documents_come_back() {
    let dir = tempfile::tempdir().unwrap();
    let (mut index, path) = new_index(&dir);
    let sketcher = index.sketcher();
    let texts: Vec<String> = (0..3).map(|i| article(i, 300)).collect();
    let docs = texts
        .iter()
        .enumerate()
        .map(|(i, t)| build(&sketcher, &format!("doc{i}"), t));
    let stats = index.add(&header(), docs).unwrap();
    assert_eq!(
        stats,
        AddStats {
            added: 3,
            ..Default::default()
        }
    );
    drop(index);

    let index = Index::open(&path, Mode::ReadOnly).unwrap();
    assert_eq!(index.header(), &header());
    let info = index.info().unwrap();
    assert_eq!(
        (info.documents, info.words),
        (3, 3 * 303),
        "headlines count too"
    );
    assert_eq!(
        info.paragraphs,
        3 * 6,
        "a headline and five paragraphs each"
    );
    let key = index.find("doc1").unwrap().unwrap();
    let meta = index.doc_meta(key).unwrap().unwrap();
    assert_eq!(meta.title.as_deref(), Some("Headline number 1"));
    assert_eq!((meta.size, meta.words), (texts[1].len(), 303));
    let sketch = sketcher.sketch(&texts[1]);
    assert_eq!(index.shingles(key).unwrap().unwrap(), sketch.shingles);
    assert_eq!(index.signature(key).unwrap().unwrap(), sketch.signature);
    assert_eq!(index.candidates(&sketch.band_keys).unwrap(), vec![key]);
    assert_eq!(index.doc_meta(DocKey(999)).unwrap(), None);
    assert!(matches!(
        Index::open(&path, Mode::ReadOnly).unwrap().remove(["doc1"]),
        Err(IndexError::ReadOnly { .. })
    ));
}

#[test]
fn unchanged_documents_are_not_rewritten_and_changed_ones_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let (mut index, _) = new_index(&dir);
    let sketcher = index.sketcher();
    let (old, other) = (article(1, 400), article(2, 400));
    index
        .add(
            &header(),
            [build(&sketcher, "a", &old), build(&sketcher, "b", &other)],
        )
        .unwrap();
    let key = index.find("a").unwrap().unwrap();
    let counts = |index: &Index| ["bands", "samples", "paragraphs"].map(|t| rows(index, t));
    let before = counts(&index);

    assert_eq!(index.stored_hash("a").unwrap(), Some(content_hash(&old)));
    assert_eq!(index.stored_hash("zz").unwrap(), None);
    let again = index.add(&header(), [build(&sketcher, "a", &old)]).unwrap();
    assert_eq!(
        again,
        AddStats {
            unchanged: 1,
            ..Default::default()
        }
    );
    assert_eq!(
        (counts(&index), index.find("a").unwrap()),
        (before, Some(key))
    );

    let new = article(3, 200);
    let changed = index.add(&header(), [build(&sketcher, "a", &new)]).unwrap();
    assert_eq!(
        changed,
        AddStats {
            replaced: 1,
            ..Default::default()
        }
    );
    assert_eq!(index.info().unwrap().documents, 2);
    let new_key = index.find("a").unwrap().unwrap();
    assert_ne!(new_key, key, "keys are never reused");
    assert!(index
        .candidates(&sketcher.sketch(&old).band_keys)
        .unwrap()
        .is_empty());
    assert_eq!(
        index.candidates(&sketcher.sketch(&new).band_keys).unwrap(),
        vec![new_key]
    );
    assert_eq!(orphans(&index), 0);
    assert!(
        rows(&index, "samples") < before[1],
        "the old samples are gone"
    );
}

#[test]
fn removed_documents_leave_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let (mut index, _) = new_index(&dir);
    let sketcher = index.sketcher();
    let docs = (0..4).map(|i| build(&sketcher, &format!("d{i}"), &article(i, 250)));
    index.add(&header(), docs).unwrap();
    assert_eq!(index.remove(["d1", "missing", "d3"]).unwrap(), 2);
    assert_eq!(index.info().unwrap().documents, 2);
    assert_eq!(index.find("d1").unwrap(), None);
    assert_eq!(orphans(&index), 0);
    assert_eq!(index.ids().unwrap(), ["d0", "d2"]);
    let per_doc = ["bands", "paragraphs"].map(|t| rows(&index, t));
    assert_eq!(per_doc, [2 * header().bands as i64, 2 * 6]);
}

#[test]
fn other_sketch_parameters_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let (mut index, path) = new_index(&dir);
    let other = Header::new(3, 128, 7, 0.8, None);
    let err = Index::create(&path, &other).err().unwrap();
    let message = err.to_string();
    assert!(matches!(err, IndexError::HeaderMismatch { .. }));
    assert!(
        message.contains("ngram 5 vs 3") && message.contains("seed 42 vs 7"),
        "{message}"
    );
    assert!(
        Index::create(&path, &header()).is_ok(),
        "same header: opened"
    );

    let doc = build(&Sketcher::new(other.clone()), "x", &article(1, 100));
    let err = index.add(&other, [doc.clone()]).err().unwrap();
    assert!(err.to_string().contains("ngram 5 vs 3"));
    let small = Sketcher::new(Header::new(5, 64, 42, 0.8, None));
    let err = index
        .add(&header(), [build(&small, "y", "some words")])
        .err()
        .unwrap();
    assert!(err.to_string().contains("64 permutations"), "{err}");
    assert_eq!(index.info().unwrap().documents, 0);
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn files_that_are_not_indexes_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = write(
        dir.path(),
        "notes.txt",
        b"Just some notes, not a database.\n",
    );
    let empty = write(dir.path(), "empty.cdx", b"");
    let random: Vec<u8> = (0..10_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let noise = write(dir.path(), "noise.bin", &random);
    for path in [&text, &empty, &noise] {
        for mode in [Mode::ReadOnly, Mode::ReadWrite] {
            let err = Index::open(path, mode).err().unwrap();
            assert!(
                matches!(err, IndexError::NotAnIndex { .. }),
                "{path:?}: {err:?}"
            );
            assert!(err.to_string().contains("not a copydesk index"), "{err}");
        }
    }
    assert!(matches!(
        Index::create(&text, &header()),
        Err(IndexError::NotAnIndex { .. })
    ));
    assert_eq!(
        std::fs::read(&text).unwrap(),
        b"Just some notes, not a database.\n"
    );
    assert_eq!(std::fs::read(&noise).unwrap(), random);

    let foreign = dir.path().join("other.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    let err = Index::open(&foreign, Mode::ReadOnly).err().unwrap();
    assert!(err.to_string().contains("another program"), "{err}");
    let missing = Index::open(dir.path().join("nope.cdx"), Mode::ReadOnly)
        .err()
        .unwrap();
    assert!(matches!(missing, IndexError::NotFound { .. }));
}

/// An index of a few documents, folded into its main file and closed.
fn filled_index(dir: &tempfile::TempDir) -> PathBuf {
    let (mut index, path) = new_index(dir);
    let sketcher = index.sketcher();
    let docs = (0..40).map(|i| build(&sketcher, &format!("d{i}"), &article(i, 600)));
    index.add(&header(), docs).unwrap();
    index.checkpoint().unwrap();
    path
}

/// Opens the index and reads everything in it; the first error, if any.
fn read_all(path: &Path) -> Result<()> {
    let index = Index::open(path, Mode::ReadOnly)?;
    index.info()?;
    for key in 1..=40 {
        if let Some(set) = index.shingles(DocKey(key))? {
            index.containment_candidates(&set, 1)?;
        }
    }
    let integrity: String = index
        .conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| index.sqlite(e))?;
    match integrity.as_str() {
        "ok" => Ok(()),
        other => Err(IndexError::corrupt(path, other)),
    }
}

#[test]
fn damaged_indexes_give_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled_index(&dir);
    assert!(read_all(&path).is_ok());
    let bytes = std::fs::read(&path).unwrap();

    let truncated = write(dir.path(), "truncated.cdx", &bytes[..bytes.len() / 2]);
    let err = read_all(&truncated).err().unwrap();
    assert!(matches!(err, IndexError::Corrupt { .. }), "{err:?}");

    let mut scribbled = bytes.clone();
    for (i, byte) in scribbled.iter_mut().enumerate().skip(4096) {
        *byte = (i % 251) as u8;
    }
    let scribbled = write(dir.path(), "scribbled.cdx", &scribbled);
    let err = read_all(&scribbled).err().unwrap();
    assert!(
        matches!(
            err,
            IndexError::Corrupt { .. } | IndexError::NotAnIndex { .. }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("scribbled.cdx"));
}

#[test]
fn newer_formats_and_broken_headers_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (index, path) = new_index(&dir);
    index
        .conn
        .execute("UPDATE meta SET value = '99' WHERE key = 'format'", [])
        .unwrap();
    let err = Index::open(&path, Mode::ReadOnly).err().unwrap();
    assert!(
        matches!(err, IndexError::NewerFormat { found: 99, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("newer copydesk"));

    index
        .conn
        .execute("UPDATE meta SET value = '1' WHERE key = 'format'", [])
        .unwrap();
    index
        .conn
        .execute("UPDATE meta SET value = '{' WHERE key = 'header'", [])
        .unwrap();
    let err = Index::open(&path, Mode::ReadWrite).err().unwrap();
    assert!(
        err.to_string().contains("unreadable parameter header"),
        "{err}"
    );
}

#[test]
fn readers_go_on_while_a_writer_holds_a_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let (mut writer, path) = new_index(&dir);
    let sketcher = writer.sketcher();
    let text = article(5, 300);
    writer
        .add(&header(), [build(&sketcher, "a", &text)])
        .unwrap();

    writer
        .conn
        .execute_batch("BEGIN IMMEDIATE; DELETE FROM docs;")
        .unwrap();
    let reader = Index::open(&path, Mode::ReadOnly).unwrap();
    assert_eq!(
        reader.info().unwrap().documents,
        1,
        "the reader sees the last commit"
    );
    let found = reader
        .candidates(&sketcher.sketch(&text).band_keys)
        .unwrap();
    assert_eq!(found.len(), 1);
    writer.conn.execute_batch("ROLLBACK").unwrap();

    // A snapshot is not disturbed by a commit made while it is read.
    let mut second = Index::open(&path, Mode::ReadWrite).unwrap();
    let counts = reader
        .snapshot(|r| {
            let before = r.info()?.documents;
            second.add(&header(), [build(&sketcher, "b", &article(6, 100))])?;
            Ok((before, r.info()?.documents))
        })
        .unwrap();
    assert_eq!(counts, (1, 1));
    assert_eq!(reader.info().unwrap().documents, 2);
}

#[test]
fn a_failing_batch_is_rolled_back_whole_and_earlier_ones_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (mut index, _) = new_index(&dir);
    index.set_batch_size(2);
    let sketcher = index.sketcher();
    let wrong = Sketcher::new(Header::new(5, 64, 42, 0.8, None));
    let docs = vec![
        build(&sketcher, "a", &article(1, 50)),
        build(&sketcher, "b", &article(2, 50)),
        build(&sketcher, "c", &article(3, 50)),
        build(&wrong, "d", &article(4, 50)),
        build(&sketcher, "e", &article(5, 50)),
    ];
    assert!(index.add(&header(), docs.clone()).is_err());
    assert_eq!(index.ids().unwrap(), ["a", "b"]);
    assert_eq!(orphans(&index), 0);
    let fine: Vec<IndexedDoc> = docs.into_iter().filter(|d| d.id != "d").collect();
    let stats = index.add(&header(), fine).unwrap();
    assert_eq!((stats.added, stats.unchanged), (2, 2));
}

#[test]
fn a_second_writer_waits_then_gives_up_busy() {
    let dir = tempfile::tempdir().unwrap();
    let (first, path) = new_index(&dir);
    first.conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    let mut second = Index::open(&path, Mode::ReadWrite).unwrap();
    second
        .set_busy_timeout(std::time::Duration::from_millis(50))
        .unwrap();
    let sketcher = second.sketcher();
    let err = second
        .add(&header(), [build(&sketcher, "a", "words")])
        .err()
        .unwrap();
    assert!(matches!(err, IndexError::Busy { .. }), "{err:?}");
    first.conn.execute_batch("COMMIT").unwrap();
    assert_eq!(
        second
            .add(&header(), [build(&sketcher, "a", "words")])
            .unwrap()
            .added,
        1
    );
}

#[test]
fn near_copies_are_candidates_and_unrelated_texts_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let (mut index, _) = new_index(&dir);
    let sketcher = index.sketcher();
    let original = article(10, 600);
    let docs = (10..20).map(|i| build(&sketcher, &format!("d{i}"), &article(i, 600)));
    index.add(&header(), docs).unwrap();

    // A light edit: two words changed in one sentence.
    let edited = original.replacen(". ", " indeed said. ", 2);
    let found = index
        .candidates(&sketcher.sketch(&edited).band_keys)
        .unwrap();
    assert_eq!(found, vec![index.find("d10").unwrap().unwrap()]);
    let unrelated = sketcher.sketch(&article(99, 600));
    assert!(index.candidates(&unrelated.band_keys).unwrap().is_empty());
    assert!(index
        .containment_candidates(&unrelated.shingles, 2)
        .unwrap()
        .is_empty());
}

#[test]
fn pasted_pieces_are_containment_candidates_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let (mut index, _) = new_index(&dir);
    let sketcher = index.sketcher();
    let long = article(30, 1200);
    let short = article(31, 150);
    let docs = [
        build(&sketcher, "long", &long),
        build(&sketcher, "short", &short),
    ];
    index
        .add(
            &header(),
            docs.into_iter()
                .chain((40..50).map(|i| build(&sketcher, &format!("n{i}"), &article(i, 500)))),
        )
        .unwrap();
    let long_key = index.find("long").unwrap().unwrap();
    let short_key = index.find("short").unwrap().unwrap();

    // A draft quoting 200 words of the long article: Jaccard far below the threshold.
    let words: Vec<&str> = long.split(' ').collect();
    let draft = format!("{}\n\n{}", article(77, 150), words[400..600].join(" "));
    let sketch = sketcher.sketch(&draft);
    let stored = index.shingles(long_key).unwrap().unwrap();
    assert!(overlap(&sketch.shingles, &stored).jaccard < 0.2);
    assert!(index.candidates(&sketch.band_keys).unwrap().is_empty());
    let found = index.containment_candidates(&sketch.shingles, 2).unwrap();
    assert_eq!(
        found.iter().map(|c| c.doc).collect::<Vec<_>>(),
        vec![long_key]
    );
    assert!(found[0].shared >= 5, "{found:?}");

    // A draft with the whole short article inside it.
    let draft = format!("{}\n\n{short}", article(78, 900));
    let found = index
        .containment_candidates(&sketcher.sketch(&draft).shingles, 2)
        .unwrap();
    assert_eq!(
        found.iter().map(|c| c.doc).collect::<Vec<_>>(),
        vec![short_key]
    );
}

#[test]
fn paragraphs_match_exactly_and_after_light_edits() {
    let dir = tempfile::tempdir().unwrap();
    let (mut index, _) = new_index(&dir);
    let sketcher = index.sketcher();
    let stored = article(50, 600);
    index
        .add(
            &header(),
            [
                build(&sketcher, "a", &stored),
                build(&sketcher, "b", &article(51, 600)),
            ],
        )
        .unwrap();
    let key = index.find("a").unwrap().unwrap();
    let third = stored.split("\n\n").nth(3).unwrap();

    // The same paragraph, re-cased and re-spaced, inside a new draft.
    let draft = format!(
        "A new lede for the draft, long enough.\n\n{}",
        third.to_uppercase().replace(' ', "  ")
    );
    let mine = build(&sketcher, "draft", &draft);
    let prints: Vec<u64> = mine
        .paragraphs
        .iter()
        .filter_map(|p| p.fingerprint)
        .collect();
    let found = index.paragraph_matches(&prints).unwrap();
    assert_eq!(found.len(), 1);
    let m = &found[0];
    assert_eq!(
        (m.doc, m.id.as_str(), m.paragraph, m.words),
        (key, "a", 3, 60)
    );
    assert_eq!(m.span.slice(&stored), third);

    // Two words changed: no fingerprint match, but the paragraph is a candidate.
    let edited = third
        .replacen(' ', " gazette ", 1)
        .replacen(". ", " today. ", 1);
    let words = shingle::word_hashes(&edited);
    let set = shingle::shingles(&words, header().ngram);
    let edited_print = build(&sketcher, "e", &edited).paragraphs[0]
        .fingerprint
        .unwrap();
    assert!(index.paragraph_matches(&[edited_print]).unwrap().is_empty());
    let candidates = index.paragraph_candidates(&set, 2).unwrap();
    assert_eq!((candidates[0].doc, candidates[0].paragraph), (key, 3));
    assert_eq!(candidates[0].span.slice(&stored), third);
}

#[test]
fn index_size_per_article_is_reasonable() {
    let dir = tempfile::tempdir().unwrap();
    let (mut index, path) = new_index(&dir);
    let sketcher = index.sketcher();
    let texts: Vec<String> = (0..200).map(|i| article(1000 + i, 600)).collect();
    let text_bytes: usize = texts.iter().map(String::len).sum();
    let docs = texts
        .iter()
        .enumerate()
        .map(|(i, t)| build(&sketcher, &format!("2026/{i:04}.txt"), t));
    index.add(&header(), docs).unwrap();
    index.checkpoint().unwrap();
    let info = index.info().unwrap();
    assert_eq!(info.path, path);
    let per_article = info.file_bytes / 200;
    println!(
        "index: {} bytes for 200 articles of 600 words: {per_article} bytes per article \
         ({:.1}x the text)",
        info.file_bytes,
        info.file_bytes as f64 / text_bytes as f64
    );
    assert!(per_article < 16 * 1024, "{per_article} bytes per article");
    let mut stmt = index
        .conn
        .prepare("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC")
        .unwrap();
    let tables = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
        .unwrap();
    for (name, bytes) in tables.map(|t| t.unwrap()) {
        println!("  {name}: {} bytes per article", bytes / 200);
    }
}

/// Add and query speed on a growing archive; run by hand:
/// `COPYDESK_PROBE_DOCS=60000 cargo test --release --lib add_speed_probe -- --ignored --nocapture`
#[test]
#[ignore]
fn add_speed_probe() {
    let total: u64 = std::env::var("COPYDESK_PROBE_DOCS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    let dir = tempfile::tempdir().unwrap();
    let (mut index, _) = new_index(&dir);
    let sketcher = index.sketcher();
    for chunk in 0..total / 5000 {
        let docs: Vec<IndexedDoc> = (chunk * 5000..(chunk + 1) * 5000)
            .map(|i| build(&sketcher, &i.to_string(), &article(i, 600)))
            .collect();
        let start = std::time::Instant::now();
        index.add(&header(), docs).unwrap();
        println!(
            "documents {}: 5000 added in {:?}",
            (chunk + 1) * 5000,
            start.elapsed()
        );
    }
    let draft = sketcher.sketch(&article(77, 600));
    let start = std::time::Instant::now();
    for _ in 0..100 {
        index.candidates(&draft.band_keys).unwrap();
        index.containment_candidates(&draft.shingles, 2).unwrap();
    }
    println!("100 band + containment lookups: {:?}", start.elapsed());
}
