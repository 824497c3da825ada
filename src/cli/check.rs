//! `copydesk check`: the editorial pre-publication check. Does the draft repeat
//! itself, and does it copy or nearly copy something already published (an archive
//! index, or articles given with `--against`)?

use std::ops::ControlFlow;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::args::{parse_ratio, FormatArg, InputArgs, SketchArgs};
use super::batch::DocumentStream;
use super::printer::Printer;
use super::{error, ExitStatus, Global};
use crate::check::archive::{compare, ArchiveOptions, DEFAULT_NEAR_DUPLICATE, DEFAULT_OVERLAP};
use crate::check::memory::MemoryArchive;
use crate::check::{
    check_analyzed, sort, Archive, CheckOptions, Finding, RepetitionOptions, Severity,
};
use crate::index::{IndexedDoc, Mode};
use crate::input::Document;
use crate::report::check::{Counts, DraftReport, Style, Totals};
use crate::report::summary::{SummaryRecord, SummarySentence};
use crate::report::Format;
use crate::sketch::Sketcher;
use crate::summarize::{summarize, Budget, SummarizeOptions};
use crate::text::{analyze, AnalyzeOptions, AnalyzedDocument};

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    input: InputArgs,

    /// An archive index (built with `copydesk index build`) to check the drafts against.
    #[arg(long, value_name = "FILE", conflicts_with = "against")]
    index: Option<PathBuf>,

    /// Archived articles to check the drafts against, read for this run (files,
    /// folders, JSONL).
    #[arg(long, value_name = "PATH", num_args = 1..)]
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

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
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

/// The whole report, as one JSON document.
#[derive(Serialize)]
struct Report<'a> {
    drafts: &'a [DraftReport],
    totals: &'a Totals,
}

/// What the parallel part computes for one draft.
struct Checked {
    text: String,
    within: Vec<Finding>,
    summary: Option<Vec<SummarySentence>>,
    sketch: Option<IndexedDoc>,
}

/// Runs `copydesk check`.
pub fn run(args: CheckArgs, global: &Global) -> ExitStatus {
    let archive = match open_archive(&args, global) {
        Ok(archive) => archive,
        Err(message) => {
            error(message);
            return ExitStatus::Error;
        }
    };
    let stream = match DocumentStream::new(&args.input, global) {
        Ok(stream) => stream,
        Err(message) => {
            error(message);
            return ExitStatus::Error;
        }
    };
    let (drafts, failures) = check_drafts(&args, &stream, archive.as_deref());
    finish(&args, &drafts, failures, global)
}

/// The archive to compare with, if any: an index on disk or articles read now.
fn open_archive(args: &CheckArgs, global: &Global) -> Result<Option<Box<dyn Archive>>, String> {
    if let Some(path) = &args.index {
        return Ok(Some(Box::new(
            args.sketch.open_index(path, Mode::ReadOnly)?,
        )));
    }
    if args.against.is_empty() {
        return Ok(None);
    }
    let mut options = args.input.options();
    options.format = crate::input::InputFormat::Auto;
    let stream = DocumentStream::with_options(&args.against, options, global)?;
    let sketcher = Sketcher::new(args.sketch.header(args.near_duplicate));
    let work = |doc: &Document| IndexedDoc::build(&sketcher, &doc.id, &doc.text, doc.format);
    let mut docs = Vec::new();
    let failures = stream.run(&work, &mut |done| {
        docs.push(done.result);
        ControlFlow::Continue(())
    });
    if failures > 0 {
        return Err(format!("{failures} archive input(s) could not be read"));
    }
    Ok(Some(Box::new(MemoryArchive::new(sketcher, docs))))
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
        },
    }
}

/// Checks every draft: repetition (and sketches) in parallel, then the archive
/// lookups in input order.
fn check_drafts(
    args: &CheckArgs,
    stream: &DocumentStream,
    archive: Option<&dyn Archive>,
) -> (Vec<DraftReport>, usize) {
    let options = options(args);
    let sketcher = archive.map(|a| a.sketcher());
    let summary_length = args.summary;
    let language = args.input.lang;
    let work = |doc: &Document| {
        let mut repetition = options;
        repetition.repetition.analysis = AnalyzeOptions {
            format: doc.format,
            language,
        };
        // One analysis serves both the repetition check and the summary.
        let analysed = analyze(&doc.text, &repetition.repetition.analysis);
        Checked {
            within: check_analyzed(&doc.text, &analysed, &repetition),
            summary: summary_length.map(|n| preview(doc, &analysed, n)),
            sketch: sketcher
                .as_ref()
                .map(|s| IndexedDoc::build(s, &doc.id, &doc.text, doc.format)),
            text: doc.text.clone(),
        }
    };
    let mut drafts = Vec::new();
    let mut failures = stream.run(&work, &mut |done| {
        drafts.push((done.id, done.result));
        ControlFlow::Continue(())
    });
    let reports = drafts
        .into_iter()
        .map(|(id, checked)| {
            let (report, failed) = draft_report(id, checked, archive, &options.archive, stream);
            failures += usize::from(failed);
            report
        })
        .collect();
    (reports, failures)
}

/// One draft's report; `true` when the archive could not be searched for it.
fn draft_report(
    id: String,
    checked: Checked,
    archive: Option<&dyn Archive>,
    options: &ArchiveOptions,
    stream: &DocumentStream,
) -> (DraftReport, bool) {
    let mut findings = checked.within;
    let mut failed = false;
    if let (Some(archive), Some(sketch)) = (archive, &checked.sketch) {
        match compare(sketch, archive, options) {
            Ok(found) => findings.extend(found),
            Err(message) => {
                stream.error(format!("{id}: {message}"));
                failed = true;
            }
        }
    }
    sort(&mut findings);
    let counts = Counts::of(&findings);
    let report = DraftReport {
        id,
        findings,
        counts,
        summary: checked.summary,
        text: checked.text,
    };
    (report, failed)
}

/// `--summary N`: what `summarize -n N` would print for the draft, `analysed` being
/// the draft analysed as `summarize` would (its format, the run's language).
fn preview(doc: &Document, analysed: &AnalyzedDocument, n: u32) -> Vec<SummarySentence> {
    let options = SummarizeOptions {
        budget: Budget::Sentences(n as usize),
        ..SummarizeOptions::default()
    };
    let summary = summarize(analysed, &options);
    SummaryRecord::new(doc.id.clone(), None, &doc.text, analysed, &summary).sentences
}

/// Prints the report and maps it to an exit status.
fn finish(
    args: &CheckArgs,
    drafts: &[DraftReport],
    failures: usize,
    global: &Global,
) -> ExitStatus {
    let fail_on: Severity = args.fail_on.into();
    let mut counts = Counts::default();
    let mut failed = false;
    for draft in drafts {
        counts.add(draft.counts);
        failed |= draft.findings.iter().any(|f| f.severity >= fail_on);
    }
    let totals = Totals {
        drafts: drafts.len(),
        counts,
        fail_on,
        failed,
    };
    let text = render(args, drafts, &totals, global);
    let mut printer = Printer::default();
    let printed = printer.print(&text).and_then(|_| printer.flush());
    match printed {
        Err(closed) if !closed.broken_pipe => ExitStatus::Error,
        _ if failures > 0 => ExitStatus::Error,
        _ if failed => ExitStatus::Findings,
        _ => ExitStatus::Success,
    }
}

fn render(args: &CheckArgs, drafts: &[DraftReport], totals: &Totals, global: &Global) -> String {
    match Format::from(args.format) {
        Format::Text => {
            let colour = global.stdout_is_terminal
                && std::env::var_os("NO_COLOR").map_or(true, |v| v.is_empty());
            let style = Style {
                colour,
                terminal: global.stdout_is_terminal,
            };
            let mut out = String::new();
            for draft in drafts {
                out.push_str(&draft.to_text(style));
            }
            out.push_str(&totals.to_text());
            out
        }
        Format::Json => {
            let report = Report { drafts, totals };
            serde_json::to_string_pretty(&report).expect("reports serialize") + "\n"
        }
        Format::Jsonl => {
            let mut out = String::new();
            for draft in drafts {
                out.push_str(&serde_json::to_string(draft).expect("reports serialize"));
                out.push('\n');
            }
            out.push_str(&serde_json::to_string(totals).expect("reports serialize"));
            out.push('\n');
            out
        }
    }
}
