//! The per-document loop shared by subcommands: read sources in order, process batches
//! of documents in parallel with rayon, and hand each result to a sink in input order,
//! whatever the thread timing. Unreadable inputs and warnings are reported here.

use std::io::IsTerminal;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::args::InputArgs;
use super::error::CliError;
use super::{error, warning, Global};
use crate::input::{
    self, Document, InputFormat, InputOptions, Item, Origin, Problem, Source, WebPage,
};
use crate::text::Language;

/// Documents processed together. Small enough that reading, processing and printing
/// overlap from the start; large enough that handing a batch to rayon costs little.
const BATCH_SIZE: usize = 64;

/// Batches the reader may parse ahead of processing; with the two batches being
/// processed and delivered, this bounds memory.
const QUEUED_BATCHES: usize = 2;

/// A document's result with the document, or the problem that kept it from being read.
type Processed<R> = Result<(R, Document), Problem>;

/// What a sink learns about each document besides the work's result.
pub struct Delivered<R> {
    pub id: String,
    pub origin: Origin,
    /// The document's text, handed on so a sink that reports from it needs no copy.
    pub text: String,
    /// The text began with a byte-order mark (see [`Document::bom`]).
    pub bom: bool,
    /// The page the text was extracted from, for web pages.
    pub page: Option<Box<WebPage>>,
    /// The language the document was analysed in.
    pub language: Language,
    pub result: R,
}

/// The inputs of one run, resolved from the command line.
pub struct DocumentStream<'g> {
    sources: Vec<Source>,
    options: InputOptions,
    global: &'g Global,
    progress: ProgressBar,
    /// Several inputs: a folder, several paths, or JSONL records.
    pub several: bool,
}

impl<'g> DocumentStream<'g> {
    pub fn new(args: &InputArgs, global: &'g Global) -> Result<Self, CliError> {
        Self::with_options(&args.paths, args.options(), global)
    }

    pub fn with_options(
        paths: &[PathBuf],
        options: InputOptions,
        global: &'g Global,
    ) -> Result<Self, CliError> {
        let sources = resolve_sources(paths, &options)?;
        let records = sources.iter().any(|s| is_records(s, options.format));
        let several = sources.len() > 1 || records || paths.iter().any(|p| p.is_dir());
        let total = (!records).then_some(sources.len() as u64);
        let progress = progress_bar(global, total, several);
        Ok(DocumentStream {
            sources,
            options,
            global,
            progress,
            several,
        })
    }

    /// The files among the inputs (which an output folder must never overwrite).
    pub fn input_files(&self) -> Vec<PathBuf> {
        self.sources
            .iter()
            .filter_map(|s| match s {
                Source::File { path, .. } => Some(path.clone()),
                _ => None,
            })
            .collect()
    }

    /// Runs `work` on every document and gives the results to `sink` in input order.
    /// Returns how many inputs failed; stops early when `sink` breaks.
    ///
    /// Three stages overlap so no core waits on another: a reader thread parses
    /// batches ahead, the rayon pool processes one batch, and meanwhile this thread
    /// delivers the previous one (in order).
    pub fn run<R: Send>(
        &self,
        work: &(dyn Fn(&Document) -> R + Sync),
        sink: &mut dyn FnMut(Delivered<R>) -> ControlFlow<()>,
    ) -> usize {
        self.run_prepared(|| (), work, sink)
    }

    /// [`run`](Self::run), calling `prepare` (which sets up the workers) once the
    /// reader has started, so the two overlap: at the start of a run the first batch
    /// is otherwise read while the workers wait, or the workers are made while the
    /// reader waits for a core.
    pub fn run_prepared<R: Send>(
        &self,
        prepare: impl FnOnce(),
        work: &(dyn Fn(&Document) -> R + Sync),
        sink: &mut dyn FnMut(Delivered<R>) -> ControlFlow<()>,
    ) -> usize {
        let (batches, reader) = self.spawn_reader();
        prepare();
        let mut failed = 0;
        let mut previous: Option<Vec<Processed<R>>> = None;
        let mut flow = ControlFlow::Continue(());
        for batch in batches.iter() {
            let mut processed = None;
            flow = rayon::in_place_scope(|scope| {
                scope.spawn(|_| processed = Some(process(batch, &self.options, work)));
                match previous.take() {
                    Some(done) => self.deliver(done, sink, &mut failed),
                    None => ControlFlow::Continue(()),
                }
            });
            if flow.is_break() {
                break;
            }
            previous = processed;
        }
        match previous {
            Some(done) if flow.is_continue() => {
                flow = self.deliver(done, sink, &mut failed);
            }
            _ => {}
        }
        // After a break the reader may be blocked on input that never ends (a pipe
        // left open); it is left to end with the process instead of being waited for.
        // Dropping `batches` makes it stop at its next batch.
        drop(batches);
        if flow.is_continue() {
            let _ = reader.join();
        }
        self.progress.finish_and_clear();
        failed
    }

    /// Starts the thread that reads every source in order and sends full batches.
    fn spawn_reader(&self) -> (Receiver<Vec<Item>>, JoinHandle<()>) {
        let (send, batches) = mpsc::sync_channel(QUEUED_BATCHES);
        let sources = self.sources.clone();
        let options = self.options.clone();
        let reader = std::thread::spawn(move || read_batches(&sources, &options, &send));
        (batches, reader)
    }

    /// Hands one processed batch to `sink`, reporting problems and warnings.
    fn deliver<R>(
        &self,
        batch: Vec<Processed<R>>,
        sink: &mut dyn FnMut(Delivered<R>) -> ControlFlow<()>,
        failed: &mut usize,
    ) -> ControlFlow<()> {
        for result in batch {
            self.progress.inc(1);
            let (result, doc) = match result {
                Ok(done) => done,
                Err(problem) => {
                    *failed += 1;
                    self.error(problem);
                    continue;
                }
            };
            for message in &doc.warnings {
                self.progress.suspend(|| warning(self.global, message));
            }
            sink(Delivered {
                id: doc.id,
                origin: doc.origin,
                text: doc.text,
                bom: doc.bom,
                page: doc.page,
                language: doc.language,
                result,
            })?;
        }
        ControlFlow::Continue(())
    }

    /// Reports an error without garbling the progress bar.
    pub fn error(&self, message: impl std::fmt::Display) {
        self.progress.suspend(|| error(message));
    }

    /// Reports a warning (unless `--quiet`) without garbling the progress bar.
    pub fn warning(&self, message: impl std::fmt::Display) {
        self.progress.suspend(|| warning(self.global, message));
    }
}

/// Prepares each document of a batch (a page's article, the language) and runs `work`
/// on it, in parallel, keeping the documents' order.
fn process<R: Send>(
    batch: Vec<Item>,
    options: &InputOptions,
    work: &(dyn Fn(&Document) -> R + Sync),
) -> Vec<Processed<R>> {
    batch
        .into_par_iter()
        .map(|item| {
            let doc = input::prepare(item?, options);
            Ok((work(&doc), doc))
        })
        .collect()
}

/// Reads `sources` in order and sends their items in batches; stops once the
/// receiving side is gone.
fn read_batches(sources: &[Source], options: &InputOptions, send: &SyncSender<Vec<Item>>) {
    let mut batch: Vec<Item> = Vec::with_capacity(BATCH_SIZE);
    for source in sources {
        let flow = input::read_source(source, options, &mut |item| {
            batch.push(item);
            if batch.len() < BATCH_SIZE {
                return ControlFlow::Continue(());
            }
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_SIZE));
            match send.send(full) {
                Ok(()) => ControlFlow::Continue(()),
                Err(_) => ControlFlow::Break(()),
            }
        });
        if flow.is_break() {
            return;
        }
    }
    if !batch.is_empty() {
        let _ = send.send(batch);
    }
}

/// Paths from the command line; no path means stdin, which must then be piped.
fn resolve_sources(paths: &[PathBuf], options: &InputOptions) -> Result<Vec<Source>, CliError> {
    if !paths.is_empty() {
        let stdin_count = paths.iter().filter(|p| p.as_os_str() == "-").count();
        if stdin_count > 1 {
            return Err(CliError::StdinTwice);
        }
        return Ok(input::resolve(paths, options));
    }
    if std::io::stdin().is_terminal() {
        return Err(CliError::NoInput);
    }
    Ok(vec![Source::Stdin])
}

fn is_records(source: &Source, format: InputFormat) -> bool {
    match source {
        Source::Stdin => format == InputFormat::Jsonl,
        Source::File { path, .. } => input::effective_format(path, format) == InputFormat::Jsonl,
        Source::Missing(_) => false,
    }
}

/// The file a document came from, for machine output.
pub fn source_path(origin: &Origin) -> Option<String> {
    match origin {
        Origin::File { path, .. }
        | Origin::Record {
            path: Some(path), ..
        } => Some(path.display().to_string()),
        Origin::Stdin | Origin::Record { path: None, .. } => None,
    }
}

fn progress_bar(global: &Global, total: Option<u64>, several: bool) -> ProgressBar {
    if global.quiet || !global.stderr_is_terminal || !several {
        return ProgressBar::hidden();
    }
    let bar = match total {
        Some(total) => ProgressBar::new(total).with_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} documents ({per_sec}, {eta})")
                .expect("valid template"),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {pos} documents ({per_sec})")
                .expect("valid template"),
        ),
    };
    bar.set_draw_target(ProgressDrawTarget::stderr());
    bar
}
