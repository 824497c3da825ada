//! Refusals: other sketch parameters, files that are not indexes, damage, newer formats.

use std::path::{Path, PathBuf};

use super::*;
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
        if index.shingles(DocKey(key))?.is_some() {
            index.containment_candidates(&index.trigrams(DocKey(key))?, 1)?;
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
        .execute(
            "UPDATE meta SET value = ?1 WHERE key = 'format'",
            [schema::FORMAT_VERSION.to_string()],
        )
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
fn an_index_of_another_sketch_version_is_refused_with_a_rebuild_hint() {
    let dir = tempfile::tempdir().unwrap();
    let (index, path) = new_index(&dir);
    let older = Header {
        version: crate::sketch::SKETCH_VERSION + 1,
        ..header()
    };
    index
        .conn
        .execute(
            "UPDATE meta SET value = ?1 WHERE key = 'header'",
            [serde_json::to_string(&older).unwrap()],
        )
        .unwrap();
    drop(index);
    for opened in [
        Index::open(&path, Mode::ReadOnly),
        Index::open(&path, Mode::ReadWrite),
        Index::create(&path, &header()),
    ] {
        let err = opened.err().unwrap();
        assert!(matches!(err, IndexError::SketchVersion { .. }), "{err:?}");
        let message = err.to_string();
        let versions = format!("version {} vs {}", older.version, header().version);
        assert!(message.contains(&versions), "{message}");
        assert!(message.contains("copydesk index build"), "{message}");
    }
}

/// The tables of format 1, as copydesk wrote them before paragraphs kept their words.
const FORMAT_1: &str = "
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE docs (doc INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
    title TEXT, size INTEGER NOT NULL, words INTEGER NOT NULL,
    content_hash INTEGER NOT NULL, signature BLOB NOT NULL, shingles BLOB NOT NULL);
CREATE TABLE bands (band INTEGER NOT NULL, key INTEGER NOT NULL, doc INTEGER NOT NULL,
    PRIMARY KEY (band, key, doc)) WITHOUT ROWID;
CREATE INDEX bands_by_doc ON bands (doc);
CREATE TABLE samples (hash INTEGER NOT NULL, doc INTEGER NOT NULL,
    paragraph INTEGER NOT NULL, PRIMARY KEY (hash, doc, paragraph)) WITHOUT ROWID;
CREATE TABLE paragraphs (doc INTEGER NOT NULL, paragraph INTEGER NOT NULL,
    start INTEGER NOT NULL, end INTEGER NOT NULL, words INTEGER NOT NULL, hash INTEGER,
    PRIMARY KEY (doc, paragraph)) WITHOUT ROWID;
";

#[test]
fn an_index_of_the_first_format_is_refused_with_a_rebuild_hint() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.cdx");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "application_id", schema::APPLICATION_ID)
        .unwrap();
    conn.execute_batch(FORMAT_1).unwrap();
    let json = serde_json::to_string(&header()).unwrap();
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('format', '1'), ('header', ?1)",
        [json],
    )
    .unwrap();
    drop(conn);
    for opened in [
        Index::open(&path, Mode::ReadOnly),
        Index::open(&path, Mode::ReadWrite),
        Index::create(&path, &header()),
    ] {
        let err = opened.err().unwrap();
        assert!(
            matches!(
                err,
                IndexError::OlderFormat {
                    found: 1,
                    supported: schema::FORMAT_VERSION,
                    ..
                }
            ),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(
            message.contains("old.cdx") && message.contains("copydesk index build"),
            "{message}"
        );
    }
}

#[test]
fn an_index_of_the_second_format_is_read_without_languages_and_migrated_for_writing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut index, path) = new_index(&dir);
    let mut doc = build(&index.sketcher(), "a", &article(1, 100));
    doc.lang = Some("de".into());
    index.add(&header(), [doc]).unwrap();
    drop(index);
    // What format 2 was: the same tables without the language column.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "ALTER TABLE docs DROP COLUMN lang; UPDATE meta SET value = '2' WHERE key = 'format';",
    )
    .unwrap();
    drop(conn);

    let reader = Index::open(&path, Mode::ReadOnly).unwrap();
    let key = reader.find("a").unwrap().unwrap();
    let meta = reader.doc_meta(key).unwrap().unwrap();
    assert_eq!((meta.id.as_str(), meta.lang), ("a", None));
    drop(reader);

    let mut writer = Index::open(&path, Mode::ReadWrite).unwrap();
    let mut doc = build(&writer.sketcher(), "b", &article(2, 100));
    doc.lang = Some("fr".into());
    writer.add(&header(), [doc]).unwrap();
    let key = writer.find("b").unwrap().unwrap();
    assert_eq!(
        writer.doc_meta(key).unwrap().unwrap().lang.as_deref(),
        Some("fr")
    );
    let format: String = writer
        .conn
        .query_row("SELECT value FROM meta WHERE key = 'format'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(format, schema::FORMAT_VERSION.to_string());
}
