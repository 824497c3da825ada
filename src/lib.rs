//! copydesk: extractive summaries (TextRank over sentences) and near-duplicate
//! detection for articles.
//!
//! The library is I/O free: [`text`] turns a document into paragraphs, sentences and
//! tokens with byte offsets; [`summarize`] ranks and selects sentences. The command line
//! tool lives in [`cli`].
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

pub mod check;
#[cfg(feature = "cli")]
pub mod cli;
pub mod dedup;
mod error;
pub mod eval;
pub mod html;
#[cfg(feature = "index")]
pub mod index;
pub mod input;
pub mod output;
pub mod report;
pub mod shard;
pub mod sketch;
pub mod sorted;
pub mod spark_output;
pub mod summarize;
pub mod text;

pub use error::Error;
