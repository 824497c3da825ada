//! `copydesk check`: the editorial pre-publication check. Does the draft repeat
//! itself, and does it copy or nearly copy something already published (an archive
//! index, or articles given with `--against`)?
//!
//! Drafts are analysed in parallel, then compared with the archive, reported and
//! freed one at a time in input order: memory does not grow with their number.

use std::ops::ControlFlow;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::args::{parse_ratio, InputArgs, SketchArgs};
use super::batch::{source_path, Delivered, DocumentStream};
use super::error::CliError;
use super::{error, ExitStatus, Global};
use crate::check::archive::{compare, ArchiveOptions, DEFAULT_NEAR_DUPLICATE, DEFAULT_OVERLAP};
use crate::check::{
    check_analyzed_capped, sort, CheckOptions, Finding, LeftOut, RepetitionOptions, Severity,
};
use crate::index::{Index, IndexedDoc, Mode, BATCH_SIZE};
use crate::input::{Document, Origin};
use crate::output::check::stream::CheckReport;
use crate::output::check::text::Style;
use crate::output::check::{CheckFormat, DraftReport, DEFAULT_MAX_FINDINGS};
use crate::output::summary::{SummaryRecord, SummarySentence};
use crate::output::Outcome;
use crate::summarize::{summarize, Budget, SummarizeOptions};
use crate::text::{analyze, AnalyzeOptions, AnalyzedDocument};

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    input: InputArgs,

    /// An archive index (built with `copydesk index build`) to check the drafts against.
    #[arg(long, value_name = "FILE", conflicts_with = "against")]
    index: Option<PathBuf>,

    /// Archived articles to check the drafts against, read for this run: a file,
    /// folder or JSONL file; repeat the flag for more (`--against a --against b`).
    #[arg(long, value_name = "PATH")]
    against: Vec<PathBuf>,

    #[command(flatten)]
    sketch: SketchArgs,

    /// Jaccard similarity from which a draft is a near-copy of an archived article (error).
    #[arg(long, value_name = "T", default_value_t = DEFAULT_NEAR_DUPLICATE, value_parser = parse_ratio)]
    near_duplicate: f64,

    /// Share of the draft found in an archived article (or of the article found in the
    /// draft) from which an overlap is reported (warning; error from 0.8).
    #[arg(long, value_name = "T", default_value_t = DEFAULT_OVERLAP, value_parser = parse_ratio)]
    overlap: f64,

    /// Shortest repeated phrase reported, in words.
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u32).range(2..=50))]
    phrase_words: u32,

    /// Also show a summary of each draft, this many sentences long.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    summary: Option<u32>,

    /// Exit with status 1 when a finding is at least this severe.
    #[arg(long, value_enum, default_value_t = Level::Warning)]
    fail_on: Level,

    /// Findings of each kind listed per draft; the rest are counted ("and N more").
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_FINDINGS as u32,
          value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
    max_findings: u32,

    /// Output format: text (PATH:LINE:COL lines), json, jsonl, sarif (SARIF 2.1.0) or
    /// html (one self-contained page).
    #[arg(long, value_enum, default_value_t = CheckFormatArg::Text)]
    format: CheckFormatArg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum CheckFormatArg {
    Text,
    Json,
    Jsonl,
    Sarif,
    Html,
}

impl From<CheckFormatArg> for CheckFormat {
    fn from(arg: CheckFormatArg) -> CheckFormat {
        match arg {
            CheckFormatArg::Text => CheckFormat::Text,
            CheckFormatArg::Json => CheckFormat::Json,
            CheckFormatArg::Jsonl => CheckFormat::Jsonl,
            CheckFormatArg::Sarif => CheckFormat::Sarif,
            CheckFormatArg::Html => CheckFormat::Html,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Level {
    Info,
    Warning,
    Error,
}

impl From<Level> for Severity {
    fn from(level: Level) -> Severity {
        match level {
            Level::Info => Severity::Info,
            Level::Warning => Severity::Warning,
            Level::Error => Severity::Error,
        }
    }
}

/// What the parallel part computes for one draft.
struct Checked {
    /// Findings within the draft, at most `--max-findings` of each kind...
    within: Vec<Finding>,
    /// ...and the others, counted.
    left_out: LeftOut,
    summary: Option<Vec<SummarySentence>>,
    sketch: Option<IndexedDoc>,
}

/// Runs `copydesk check`.
pub fn run(args: CheckArgs, global: &Global) -> Result<ExitStatus, CliError> {
    let archive = open_archive(&args, global)?;
    let stream = DocumentStream::new(&args.input, global)?;
    let mut report = start_report(&args, global);
    let failures = check_drafts(&args, &stream, archive.as_ref(), &mut report);
    Ok(finish(report, failures))
}

/// The archive to compare with, if any: the index on disk, or a scratch index
/// filled now with the `--against` articles by the same code as `index build`, so
/// that both give the same findings.
fn open_archive(args: &CheckArgs, global: &Global) -> Result<Option<Index>, CliError> {
    if let Some(path) = &args.index {
        return args.sketch.open_index(path, Mode::ReadOnly).map(Some);
    }
    if args.against.is_empty() {
        return Ok(None);
    }
    let mut options = args.input.options();
    options.format = crate::input::InputFormat::Auto;
    let stream = DocumentStream::with_options(&args.against, options, global)?;
    // Banded as `index build` bands by default, not for --near-duplicate: the two doors
    // must find the same candidates.
    let header = args.sketch.header(super::index::DEFAULT_INDEX_THRESHOLD);
    let mut index = Index::scratch(&header, "--against archive")?;
    let (_, failures) = super::index::fill_from(&mut index, &stream, BATCH_SIZE)?;
    if failures > 0 {
        return Err(CliError::UnreadableArchive { failures });
    }
    Ok(Some(index))
}

fn options(args: &CheckArgs) -> CheckOptions {
    let repetition = RepetitionOptions {
        min_phrase_words: args.phrase_words as usize,
        ..RepetitionOptions::default()
    };
    CheckOptions {
        repetition,
        archive: ArchiveOptions {
            near_duplicate: args.near_duplicate,
            overlap: args.overlap,
            ..ArchiveOptions::default()
        },
    }
}

/// Checks every draft: repetition (and sketches) in parallel, then the archive
/// lookup and the report of each in input order. Returns how many inputs failed.
fn check_drafts(
    args: &CheckArgs,
    stream: &DocumentStream,
    archive: Option<&Index>,
    report: &mut CheckReport,
) -> usize {
    let options = options(args);
    let sketcher = archive.map(|a| a.sketcher());
    let summary_length = args.summary;
    let max_findings = args.max_findings as usize;
    let work = |doc: &Document| {
        let mut repetition = options;
        repetition.repetition.analysis = AnalyzeOptions {
            format: doc.format,
            language: doc.language,
        };
        // One analysis serves both the repetition check and the summary.
        let analysed = analyze(&doc.text, &repetition.repetition.analysis);
        let (within, left_out) =
            check_analyzed_capped(&doc.text, &analysed, &repetition, max_findings);
        Checked {
            within,
            left_out,
            summary: summary_length.map(|n| preview(doc, &analysed, n)),
            sketch: sketcher
                .as_ref()
                .map(|s| IndexedDoc::build(s, &doc.id, &doc.text, doc.format)),
        }
    };
    // Drafts read but not checked: empty ones (a hook that lost its draft, not a draft
    // to pass), those the archive could not be searched for.
    let mut unchecked = 0;
    let unreadable = stream.run(&work, &mut |done| {
        if done.text.trim().is_empty() {
            stream.error(format!("{}: no draft to check: it is empty", done.id));
            unchecked += 1;
            return ControlFlow::Continue(());
        }
        if done.result.left_out.phrases_cut_short {
            stream.warning(format!(
                "{}: the draft repeats itself so much that not all its repeated phrases \
                 were searched for",
                done.id
            ));
        }
        let (draft, failed) = draft_report(done, archive, &options.archive, args, stream);
        unchecked += usize::from(failed);
        report.draft(&draft)
    });
    unreadable + unchecked
}

/// One draft's report; `true` when the archive could not be searched for it.
fn draft_report(
    done: Delivered<Checked>,
    archive: Option<&Index>,
    options: &ArchiveOptions,
    args: &CheckArgs,
    stream: &DocumentStream,
) -> (DraftReport, bool) {
    let Delivered {
        id,
        origin,
        text,
        bom,
        result: checked,
        page,
        language,
        ..
    } = done;
    let mut findings: Vec<Finding> = checked.within;
    let mut failed = false;
    if let (Some(archive), Some(sketch)) = (archive, &checked.sketch) {
        match compare(sketch, archive, options) {
            Ok(found) => findings.extend(found),
            Err(err) => {
                stream.error(format!("{id}: {err}"));
                failed = true;
            }
        }
    }
    sort(&mut findings);
    let path = match origin {
        Origin::File { .. } => source_path(&origin),
        _ => None,
    };
    let mut draft = DraftReport::new(
        id,
        path,
        text,
        findings,
        &checked.left_out,
        args.max_findings as usize,
        args.fail_on.into(),
    );
    draft.summary = checked.summary;
    draft.bom = bom;
    draft.language = language;
    draft.page = page;
    (draft, failed)
}

/// `--summary N`: what `summarize -n N` would print for the draft, `analysed` being
/// the draft analysed as `summarize` would (its format, its language).
fn preview(doc: &Document, analysed: &AnalyzedDocument, n: u32) -> Vec<SummarySentence> {
    let options = SummarizeOptions {
        budget: Budget::Sentences(n as usize),
        ..SummarizeOptions::default()
    };
    let summary = summarize(analysed, &options);
    SummaryRecord::new(doc.id.clone(), None, &doc.text, analysed, &summary).sentences
}

/// Starts the report in the format and style asked for.
fn start_report(args: &CheckArgs, global: &Global) -> CheckReport {
    CheckReport::new(
        args.format.into(),
        Style::for_stdout(global.stdout_is_terminal),
        args.max_findings as usize,
        args.fail_on.into(),
    )
}

/// Ends the report and maps the run to an exit status, `failures` being the inputs
/// that could not be read or checked.
fn finish(report: CheckReport, failures: usize) -> ExitStatus {
    let nothing_read = report.totals().drafts == 0 && failures == 0;
    if nothing_read {
        error("no draft to check: the paths given hold no draft");
    }
    let (output, totals) = report.finish(failures.max(usize::from(nothing_read)));
    match output {
        // The reader went away: the verdict on what was checked still stands.
        Outcome::PipeClosed if totals.failed => ExitStatus::Findings,
        Outcome::PipeClosed => ExitStatus::Success,
        Outcome::Failed => ExitStatus::Error,
        Outcome::Complete if totals.unchecked > 0 => ExitStatus::Error,
        Outcome::Complete if totals.failed => ExitStatus::Findings,
        Outcome::Complete => ExitStatus::Success,
    }
}
