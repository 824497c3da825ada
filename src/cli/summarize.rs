//! `copydesk summarize`: reads documents, summarizes them in parallel batches, and
//! prints (or writes) the results in input order.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::args::{parse_ratio, FormatArg, InputArgs};
use super::batch::{source_path, DocumentStream};
use super::emit::{render, Emitter, Record};
use super::{error, ExitStatus, Global};
use crate::input::Document;
use crate::output::OutputDir;
use crate::report::summary::SummaryRecord;
use crate::report::Format;
use crate::summarize::{summarize, Budget, Order, Similarity, SummarizeOptions};
use crate::text::{analyze, AnalyzeOptions};

#[derive(Args, Debug)]
pub struct SummarizeArgs {
    #[command(flatten)]
    input: InputArgs,

    /// Number of sentences in each summary.
    #[arg(short = 'n', long = "sentences", value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(1..))]
    sentences: u32,

    /// Summary length as a fraction of the document's sentences, in (0, 1].
    #[arg(long, value_name = "R", value_parser = parse_ratio, conflicts_with_all = ["sentences", "words"])]
    ratio: Option<f64>,

    /// Summary length in words: sentences are added by rank while they fit.
    #[arg(long, value_name = "W", conflicts_with = "sentences",
          value_parser = clap::value_parser!(u32).range(1..))]
    words: Option<u32>,

    /// Order of the chosen sentences: as in the document, or by score.
    #[arg(long, value_enum, default_value_t = OrderArg::Document)]
    order: OrderArg,

    /// Sentence similarity behind the TextRank graph.
    #[arg(long, value_enum, default_value_t = SimilarityArg::Cosine)]
    similarity: SimilarityArg,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,

    /// Write one summary file per input into DIR (mirroring relative paths) instead of
    /// printing.
    #[arg(long, value_name = "DIR")]
    output_dir: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum OrderArg {
    Document,
    Score,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum SimilarityArg {
    Textrank,
    Bm25,
    Cosine,
}

impl SummarizeArgs {
    fn summarize_options(&self) -> SummarizeOptions {
        let budget = match (self.ratio, self.words) {
            (Some(ratio), _) => Budget::Ratio(ratio),
            (None, Some(words)) => Budget::Words(words as usize),
            (None, None) => Budget::Sentences(self.sentences as usize),
        };
        SummarizeOptions {
            budget,
            order: match self.order {
                OrderArg::Document => Order::Document,
                OrderArg::Score => Order::Score,
            },
            similarity: match self.similarity {
                SimilarityArg::Textrank => Similarity::TextRank,
                SimilarityArg::Bm25 => Similarity::Bm25,
                SimilarityArg::Cosine => Similarity::Cosine,
            },
        }
    }
}

/// Runs `copydesk summarize`.
pub fn run(args: SummarizeArgs, global: &Global) -> ExitStatus {
    match start(&args, global) {
        Ok((stream, emitter)) => summarize_all(&args, &stream, emitter, global),
        Err(message) => {
            error(message);
            ExitStatus::Error
        }
    }
}

fn start<'g>(
    args: &SummarizeArgs,
    global: &'g Global,
) -> Result<(DocumentStream<'g>, Emitter), String> {
    let stream = DocumentStream::new(&args.input, global)?;
    let output_dir = match &args.output_dir {
        Some(dir) => Some(OutputDir::create(dir, &stream.input_files())?),
        None => None,
    };
    let emitter = Emitter::new(args.format.into(), stream.several, output_dir);
    Ok((stream, emitter))
}

fn summarize_all(
    args: &SummarizeArgs,
    stream: &DocumentStream,
    mut emitter: Emitter,
    global: &Global,
) -> ExitStatus {
    let summarize_options = args.summarize_options();
    let language = args.input.lang;
    let format: Format = args.format.into();
    let terminal = global.stdout_is_terminal && !emitter.to_files();
    let work = move |doc: &Document| {
        let options = AnalyzeOptions {
            format: doc.format,
            language,
        };
        let analysed = analyze(&doc.text, &options);
        let summary = summarize(&analysed, &summarize_options);
        let path = source_path(&doc.origin);
        let record = SummaryRecord::new(doc.id.clone(), path, &doc.text, &analysed, &summary);
        render(&record, format, terminal)
    };
    let failures = stream.run(&work, &mut |done| {
        emitter.emit(&done.id, &done.origin, done.result)
    });
    emitter.finish(failures)
}

impl Record for SummaryRecord {
    fn to_text(&self, terminal: bool) -> String {
        SummaryRecord::to_text(self, terminal)
    }
}
