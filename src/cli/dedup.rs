//! `copydesk dedup`: near-duplicate documents and recurring paragraphs across the
//! inputs, every reported pair verified by its exact Jaccard similarity.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::args::{parse_ratio, FormatArg, InputArgs, SketchArgs};
use super::batch::DocumentStream;
use super::error::CliError;
use super::{error, ExitStatus, Global};
use crate::dedup::{
    paragraphs, Corpus, DedupOptions, Findings, Keep, ParagraphOptions, ParagraphPrint, SpillError,
};
use crate::input::Document;
use crate::output::dedup::{
    id_list, HeaderRecord, IdList, PageRecord, ParagraphHeaderRecord, Report,
};
use crate::output::{stdout, Outcome};
use crate::sketch::{shingle, Header, Sketch, Sketcher};
use crate::spark_output;
use crate::text::segment;

#[derive(Args, Debug)]
pub struct DedupArgs {
    #[command(flatten)]
    input: InputArgs,

    /// Report pairs whose exact Jaccard similarity (of word n-gram sets) is at least T.
    #[arg(long, value_name = "T", default_value = "0.8", value_parser = parse_ratio)]
    threshold: f64,

    /// Also report pairs where one text is contained in the other at least T (a short
    /// piece copied into a long one).
    #[arg(long, value_name = "T", value_parser = parse_ratio)]
    containment: Option<f64>,

    #[command(flatten)]
    sketch: SketchArgs,

    /// Compare every pair of documents instead of LSH candidates (small corpora).
    #[arg(long)]
    exact: bool,

    /// Which member of a cluster is kept (its representative).
    #[arg(long, value_enum, default_value_t = KeepArg::First)]
    keep: KeepArg,

    /// Also report paragraphs that recur across documents, verbatim or nearly.
    #[arg(long)]
    paragraphs: bool,

    /// With --paragraphs: link two paragraphs whose exact Jaccard similarity (of their
    /// word-pair shingles) is at least T.
    #[arg(long, value_name = "T", default_value_t = paragraphs::DEFAULT_THRESHOLD,
          value_parser = parse_ratio)]
    paragraph_threshold: f64,

    /// Paragraphs shorter than this many words are ignored by --paragraphs.
    #[arg(long, value_name = "N", default_value_t = paragraphs::DEFAULT_MIN_WORDS as u32,
          value_parser = clap::value_parser!(u32).range(1..))]
    min_words: u32,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,

    /// Print only ids, one per line (NUL-ended with --print0): the documents to keep
    /// (unique, and one representative per cluster), or the duplicates to drop.
    #[arg(long, value_enum, value_name = "WHICH")]
    print: Option<PrintArg>,

    /// With --print: end each id with a NUL byte instead of a newline, so names
    /// holding spaces or newlines pass safely to `xargs -0`.
    #[arg(long, requires = "print")]
    print0: bool,

    /// Exit with status 1 when any near-duplicate is found.
    #[arg(long)]
    fail_on_duplicates: bool,

    /// Report the results of the Spark job (spark/copydesk_dedup.py) in its output
    /// folder OUT instead of reading documents; thresholds and sketch settings are
    /// the job's.
    #[arg(long, value_name = "OUT", conflicts_with_all = ["paths", "exact", "paragraphs"])]
    from_spark: Option<PathBuf>,

    /// Where the documents' words wait for verification, in an unnamed temporary
    /// file (about 2 bytes a word). Default: $TMPDIR, else /tmp.
    #[arg(long, value_name = "DIR")]
    temp_dir: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum KeepArg {
    First,
    Longest,
    Shortest,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum PrintArg {
    Unique,
    Duplicates,
}

impl DedupArgs {
    fn options(&self) -> DedupOptions {
        DedupOptions {
            threshold: self.threshold,
            containment: self.containment,
            exact: self.exact,
            keep: match self.keep {
                KeepArg::First => Keep::First,
                KeepArg::Longest => Keep::Longest,
                KeepArg::Shortest => Keep::Shortest,
            },
        }
    }

    fn header(&self) -> Header {
        self.sketch.header(self.threshold)
    }

    /// How paragraphs are compared, with --paragraphs.
    fn paragraph_options(&self, header: &Header) -> Option<ParagraphOptions> {
        self.paragraphs.then(|| {
            ParagraphOptions::new(self.paragraph_threshold, self.min_words as usize, header)
        })
    }
}

/// Runs `copydesk dedup`.
pub fn run(args: DedupArgs, global: &Global) -> Result<ExitStatus, CliError> {
    match &args.from_spark {
        Some(dir) => run_from_spark(&args, dir, global),
        None => run_spilling(&args, global),
    }
}

/// The run; an error stops it before anything is printed.
fn run_spilling(args: &DedupArgs, global: &Global) -> Result<ExitStatus, CliError> {
    let stream = DocumentStream::new(&args.input, global)?;
    let sketcher = Sketcher::new(args.header());
    let paragraph_options = args.paragraph_options(&sketcher.header);
    let header = HeaderRecord {
        sketch: sketcher.header.clone(),
        threshold: args.threshold,
        containment: args.containment,
        exact: args.exact,
        paragraphs: paragraph_options.as_ref().map(ParagraphHeaderRecord::new),
    };
    let temp_dir = args.temp_dir.clone().unwrap_or_else(std::env::temp_dir);
    let mut corpus = Corpus::new(sketcher, &temp_dir, args.containment.is_some())?;
    if let Some(options) = paragraph_options {
        corpus = corpus.with_paragraphs(options);
    }
    let (ids, pages, failures) = sketch_all(&stream, &mut corpus)?;
    let empty = corpus.empty_documents();
    let findings = corpus.find(&args.options())?;
    let mut report = Report::new(header, &findings, &ids, empty, args.paragraphs);
    report.pages = pages;
    let text = render(args, &report, &findings, &ids, global);
    let output = stdout::print_all(&text);
    Ok(status(args, &findings, failures, output))
}

/// Prints the report of a Spark job's output folder as a run over the same corpus
/// would (without MinHash estimates, which the job does not compute).
fn run_from_spark(args: &DedupArgs, dir: &Path, global: &Global) -> Result<ExitStatus, CliError> {
    let output = spark_output::read(dir)?;
    let summary = &output.summary;
    let header = HeaderRecord {
        sketch: summary.sketch.clone(),
        threshold: summary.threshold,
        containment: summary.containment,
        exact: false,
        paragraphs: None,
    };
    let findings = &output.findings;
    let report = Report::new(header, findings, &output.ids, summary.empty, false);
    let text = render(
        args,
        &report.without_estimates(),
        findings,
        &output.ids,
        global,
    );
    let output = stdout::print_all(&text);
    if summary.malformed > 0 {
        error(format!(
            "the Spark job skipped {} input record(s) it could not read (its log names them)",
            summary.malformed
        ));
    }
    Ok(status(args, findings, summary.malformed, output))
}

/// What a worker makes of one document.
struct Sketched {
    words: Vec<u64>,
    sketch: Sketch,
    prints: Vec<ParagraphPrint>,
}

/// Reads and sketches every document (in parallel) into `corpus`, keeping no text;
/// with paragraphs, they are fingerprinted and shingled too, and the articles of web
/// pages are kept for the report (their paragraphs' offsets index them). Returns the
/// ids, the pages and the number of inputs that failed.
fn sketch_all(
    stream: &DocumentStream,
    corpus: &mut Corpus,
) -> Result<(Vec<String>, Vec<PageRecord>, usize), SpillError> {
    let sketcher = corpus.sketcher().clone();
    let paragraphs = corpus.paragraph_options().cloned();
    let keep_pages = paragraphs.is_some();
    let work = |doc: &Document| -> Sketched {
        // As `Sketcher::sketch` does, keeping the words: they are what is spilled.
        let words = shingle::word_hashes(&doc.text);
        let shingles = shingle::shingles(&words, sketcher.header.ngram);
        let sketch = sketcher.from_shingles(words.len(), shingles);
        let prints = match &paragraphs {
            Some(options) => {
                let spans: Vec<_> = segment::segment(&doc.text, doc.format)
                    .paragraphs
                    .iter()
                    .map(|p| p.span)
                    .collect();
                options.prints(&doc.text, &spans)
            }
            None => Vec::new(),
        };
        Sketched {
            words,
            sketch,
            prints,
        }
    };
    let mut ids = Vec::new();
    let mut pages = Vec::new();
    let mut spill_error = None;
    let failures = stream.run(&work, &mut |done| {
        let Sketched {
            words,
            sketch,
            prints,
        } = done.result;
        if let Err(e) = corpus.push(&words, &sketch, prints) {
            spill_error = Some(e);
            return ControlFlow::Break(());
        }
        if let Some(page) = done.page.filter(|_| keep_pages) {
            pages.push(PageRecord {
                id: done.id.clone(),
                lang: done.language.code(),
                meta: page.meta,
                text: done.text,
            });
        }
        ids.push(done.id);
        ControlFlow::Continue(())
    });
    match spill_error {
        Some(e) => Err(e),
        None => Ok((ids, pages, failures)),
    }
}

fn render(
    args: &DedupArgs,
    report: &Report,
    findings: &Findings,
    ids: &[String],
    global: &Global,
) -> String {
    if let Some(which) = args.print {
        let end = if args.print0 { '\0' } else { '\n' };
        let which = match which {
            PrintArg::Unique => IdList::Unique,
            PrintArg::Duplicates => IdList::Duplicates,
        };
        return id_list(which, findings, ids, end);
    }
    report.render(findings, args.format.into(), global.stdout_is_terminal)
}

/// A closed pipe is a quiet end, but duplicates found still fail with
/// `--fail-on-duplicates`.
fn status(args: &DedupArgs, findings: &Findings, failures: usize, output: Outcome) -> ExitStatus {
    if failures > 0 || output == Outcome::Failed {
        ExitStatus::Error
    } else if args.fail_on_duplicates && !findings.pairs.is_empty() {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    }
}
