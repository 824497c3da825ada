//! Lookups for check, and what the index costs in space and time.

use super::*;
use crate::dedup::verify::overlap;
use crate::sketch::shingle;
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
    let unrelated = build(&sketcher, "u", &article(99, 600));
    assert!(index
        .candidates(&unrelated.sketch.band_keys)
        .unwrap()
        .is_empty());
    assert!(index
        .containment_candidates(&unrelated.trigrams(), 2)
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
    let trigrams = build(&sketcher, "draft", &draft).trigrams();
    let found = index.containment_candidates(&trigrams, 2).unwrap();
    assert_eq!(
        found.iter().map(|c| c.doc).collect::<Vec<_>>(),
        vec![long_key]
    );
    assert!(found[0].shared >= 5, "{found:?}");

    // A draft with the whole short article inside it.
    let draft = format!("{}\n\n{short}", article(78, 900));
    let found = index
        .containment_candidates(&build(&sketcher, "draft", &draft).trigrams(), 2)
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
    let found = index.paragraph_matches(&prints, 5).unwrap();
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
    let set = trigram::shingles(&words);
    let edited_print = build(&sketcher, "e", &edited).paragraphs[0]
        .fingerprint
        .unwrap();
    assert!(index
        .paragraph_matches(&[edited_print], 5)
        .unwrap()
        .is_empty());
    let candidates = index.paragraph_candidates(&set, 2, 3).unwrap();
    assert!(candidates.len() <= 3);
    assert_eq!((candidates[0].doc, candidates[0].paragraph), (key, 3));
    let found = &candidates[0].stored;
    assert_eq!(found.span.slice(&stored), third);
    assert_eq!(found.hashes, shingle::word_hashes(third), "with its words");
    assert_eq!(
        index.trigrams(key).unwrap(),
        build(&sketcher, "a", &stored).trigrams()
    );
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
