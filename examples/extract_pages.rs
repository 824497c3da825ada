//! Extracts the article of every `.html` page in a folder through the library and
//! prints one JSONL record a page, `{"id", "path", "title", "meta", "lang", "text"}`
//! (and `"empty_reason"` when the text is empty), in file-name order, on one thread.
//! Pages are read as UTF-8 (the evaluation pages are); `lang` is the declared one.
//! The measurement scripts run it to time or score the library alone:
//!
//! ```sh
//! cargo build --release --example extract_pages
//! python3 benches/extraction_f1.py --command target/release/examples/extract_pages
//! ```

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use copydesk::html;
use serde_json::json;

fn pages(folder: &Path) -> io::Result<Vec<PathBuf>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(folder)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<io::Result<_>>()?;
    paths.retain(|p| p.extension().is_some_and(|e| e == "html" || e == "htm"));
    paths.sort();
    Ok(paths)
}

fn run(folder: &Path) -> io::Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    for path in pages(folder)? {
        let bytes = std::fs::read(&path)?;
        let page = html::extract(&String::from_utf8_lossy(&bytes), false);
        let id = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        let mut record = json!({
            "id": id,
            "path": path.display().to_string(),
            "title": page.meta.title,
            "meta": page.meta,
            "lang": page.meta.lang,
            "text": page.text,
        });
        if let Some(reason) = page.empty_reason {
            record["empty_reason"] = json!(reason);
        }
        writeln!(out, "{record}")?;
    }
    out.flush()
}

fn main() -> ExitCode {
    let Some(folder) = std::env::args_os().nth(1) else {
        eprintln!("usage: extract_pages FOLDER");
        return ExitCode::from(2);
    };
    match run(Path::new(&folder)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("extract_pages: {e}");
            ExitCode::from(2)
        }
    }
}
