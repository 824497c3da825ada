//! Adding, replacing, removing, and several connections at once.

use super::*;
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
fn an_id_replaced_within_one_batch_keeps_only_its_last_text() {
    let dir = tempfile::tempdir().unwrap();
    let (mut index, _) = new_index(&dir);
    let sketcher = index.sketcher();
    let (first, last) = (article(5, 300), article(6, 300));
    let stats = index
        .add(
            &header(),
            [
                build(&sketcher, "a", &first),
                build(&sketcher, "b", &article(7, 300)),
                build(&sketcher, "a", &last),
            ],
        )
        .unwrap();
    assert_eq!((stats.added, stats.replaced), (2, 1));
    let key = index.find("a").unwrap().unwrap();
    assert_eq!(orphans(&index), 0);
    let mine = build(&sketcher, "a", &last);
    assert_eq!(index.candidates(&mine.sketch.band_keys).unwrap(), vec![key]);
    assert!(index
        .candidates(&sketcher.sketch(&first).band_keys)
        .unwrap()
        .is_empty());
    let found = index.containment_candidates(&mine.trigrams(), 2).unwrap();
    assert_eq!(found[0].doc, key);
    let samples: i64 = index
        .conn
        .query_row(
            "SELECT count(*) FROM samples WHERE doc = ?1",
            [key.0],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        samples as usize,
        mine.samples.len(),
        "the last text's samples only"
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
fn two_creates_of_one_new_file_both_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("race.cdx");
    let results: Vec<Result<Index>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| Index::create(&path, &header())))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for result in results {
        assert_eq!(result.unwrap().info().unwrap().documents, 0);
    }
}
