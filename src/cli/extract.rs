//! `copydesk extract`: the article of each input on its own, for pipelines. A crawl is
//! extracted once, as JSONL, and fed to `dedup`, `summarize`, `index` and `check`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::args::InputArgs;
use super::batch::{source_path, DocumentStream};
use super::emit::{render, Emitter, Record};
use super::error::CliError;
use super::{ExitStatus, Global};
use crate::html::PageMeta;
use crate::input::Document;
use crate::output::OutputDir;
use crate::report::{sanitize, Format};

#[derive(Args, Debug)]
pub struct ExtractArgs {
    #[command(flatten)]
    input: InputArgs,

    /// Output format: the article as text or Markdown, or records with its metadata.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Text)]
    format: ExtractFormat,

    /// Write one file per input into DIR (mirroring relative paths) instead of printing.
    #[arg(long, value_name = "DIR")]
    output_dir: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    Text,
    Markdown,
    Json,
    Jsonl,
}

/// One extracted document: what the other commands read back with `--input-format
/// jsonl` (its `id` and `text` fields).
#[derive(Serialize)]
struct ExtractRecord {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    /// The page's title, or a text's first line.
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    /// What a web page says about itself (web pages only).
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<PageMeta>,
    /// The language of the text (ISO 639-1), detected unless `--lang` forced one.
    lang: &'static str,
    text: String,
    /// The article as Markdown (`--format markdown` only; not serialized).
    #[serde(skip)]
    markdown: Option<String>,
}

impl Record for ExtractRecord {
    fn to_text(&self, terminal: bool) -> String {
        let body = match &self.markdown {
            Some(markdown) => markdown_page(self.title.as_deref(), markdown),
            None => self.text.clone(),
        };
        if terminal {
            sanitize::for_terminal(&body)
        } else {
            body
        }
    }
}

/// A Markdown document: the title as a heading, then the article.
fn markdown_page(title: Option<&str>, article: &str) -> String {
    match title {
        Some(title) if !article.trim_start().starts_with('#') => {
            format!("# {}\n\n{article}", sanitize::one_line(title))
        }
        _ => article.to_string(),
    }
}

/// Runs `copydesk extract`.
pub fn run(args: ExtractArgs, global: &Global) -> Result<ExitStatus, CliError> {
    let mut options = args.input.options();
    options.page_markdown = args.format == ExtractFormat::Markdown;
    let stream = DocumentStream::with_options(&args.input.paths, options, global)?;
    let output_dir = match &args.output_dir {
        Some(dir) => Some(OutputDir::create(dir, &stream.input_files())?),
        None => None,
    };
    let format = match args.format {
        ExtractFormat::Text | ExtractFormat::Markdown => Format::Text,
        ExtractFormat::Json => Format::Json,
        ExtractFormat::Jsonl => Format::Jsonl,
    };
    let mut emitter = Emitter::new(format, stream.several, output_dir);
    let terminal = global.stdout_is_terminal && !emitter.to_files();
    let markdown = args.format == ExtractFormat::Markdown;
    let work = |doc: &Document| render(&record(doc, markdown), format, terminal);
    let failures = stream.run(&work, &mut |done| {
        emitter.emit(&done.id, &done.origin, done.result)
    });
    Ok(emitter.finish(failures))
}

/// The record of one document; `markdown` asks for the article as Markdown (plain
/// paragraphs are Markdown already when extraction gave none).
fn record(doc: &Document, markdown: bool) -> ExtractRecord {
    let page = doc.page.as_deref();
    let title = match page {
        Some(page) => page.meta.title.clone(),
        None => crate::index::title(&doc.text),
    };
    let markdown = markdown.then(|| {
        page.and_then(|p| p.markdown.clone())
            .unwrap_or_else(|| doc.text.clone())
    });
    ExtractRecord {
        id: doc.id.clone(),
        path: source_path(&doc.origin),
        title,
        meta: page.map(|p| p.meta.clone()),
        lang: doc.language.code(),
        text: doc.text.clone(),
        markdown,
    }
}
