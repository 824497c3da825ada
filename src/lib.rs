//! copydesk: extractive summaries (TextRank over sentences), near-duplicate detection
//! (MinHash LSH, every candidate verified exactly) and an editorial check of drafts,
//! for articles.
//!
//! The library is I/O free except where a module says otherwise (the archive
//! `index` is a file, [`shard`]s are written where they are told, [`dedup`] spills
//! words to a temporary file). Every reported sentence, paragraph or finding carries
//! byte offsets into the text it came from.
//!
//! - [`text`]: a document becomes paragraphs, sentences and stemmed terms
//!   ([`text::analyze`]); also segmentation alone, language detection, line/column
//!   locations;
//! - [`summarize`]: ranks and selects the sentences of an analysed document;
//! - [`sketch`]: shingles, MinHash signatures and LSH band keys under one [`sketch::Header`];
//! - [`dedup`]: near-duplicate documents and recurring paragraphs across a corpus;
//! - [`check`]: a draft's repetition within itself, and (feature `index`) what it
//!   copies from an archive index;
//! - [`html`]: the article and metadata of a web page;
//! - [`eval`]: ROUGE scores as `rouge-score` computes them;
//! - `index` (feature `index`): the persistent archive index, one SQLite file;
//! - [`shard`]: sketches as Parquet shards for the distributed dedup job;
//! - [`Error`]: any error, by layer.
//!
//! Features: `index` brings the archive index (bundled SQLite); `cli` the command line
//! (`cli::main`, used by the `copydesk` binary) and `html_report`. Both are on by
//! default; `default-features = false` leaves the core above without clap, indicatif
//! or SQLite.
//!
//! ```
//! use copydesk::text::{analyze, AnalyzeOptions};
//! use copydesk::summarize::{summarize, SummarizeOptions};
//!
//! let article = "Niger welcomed Russian instructors on Thursday. \
//!                The instructors will train Niger's army. \
//!                Officials said the army needs training.";
//! let doc = analyze(article, &AnalyzeOptions::default());
//! let summary = summarize(&doc, &SummarizeOptions::default());
//! assert!(!summary.selected.is_empty());
//! let first = &doc.sentences[summary.selected[0]];
//! assert!(article[first.span.start..first.span.end].ends_with('.'));
//! ```

#![deny(missing_docs)]

pub mod check;
#[cfg(feature = "cli")]
pub mod cli;
pub mod dedup;
mod error;
pub mod eval;
pub mod html;
#[cfg(feature = "index")]
pub mod index;
pub mod shard;
pub mod sketch;
pub mod summarize;
pub mod text;

// The command line's own layers: reading inputs, the output layer (every command's
// formats, renderers and sinks), reading the Spark job's output. Only `cli` uses
// them, so they are private and built with it.
#[cfg(feature = "cli")]
mod input;
#[cfg(feature = "cli")]
mod output;
mod sorted;
#[cfg(feature = "cli")]
mod spark_output;

/// The HTML report of `check`, for a program that checks drafts through the library
/// and writes the page itself (see `examples/html_report.rs`): [`begin`](html_report::begin)
/// the page, add one [`draft`](html_report::draft) section per checked draft, and
/// [`end`](html_report::end) it with the run's totals. Every text on the page is
/// escaped; the findings' byte offsets must index the draft's text.
#[cfg(feature = "cli")]
pub mod html_report {
    pub use crate::output::html::{begin, draft, end, HtmlDraft};
}

pub use error::Error;
