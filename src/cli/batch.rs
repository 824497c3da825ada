//! The per-document loop shared by subcommands: read sources in order, process batches
//! of documents in parallel with rayon, and hand each result to a sink in input order,
//! whatever the thread timing. Unreadable inputs and warnings are reported here.

use std::io::IsTerminal;
use std::ops::ControlFlow;
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::args::InputArgs;
use super::{error, warning, Global};
use crate::input::{self, Document, InputFormat, InputOptions, Item, Origin, Source};

/// Documents processed together; bounds memory while keeping every core busy.
const BATCH_SIZE: usize = 512;

/// What a sink learns about each document besides the work's result.
pub struct Delivered<R> {
    pub id: String,
    pub origin: Origin,
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
    pub fn new(args: &InputArgs, global: &'g Global) -> Result<Self, String> {
        Self::with_options(&args.paths, args.options(), global)
    }

    pub fn with_options(
        paths: &[PathBuf],
        options: InputOptions,
        global: &'g Global,
    ) -> Result<Self, String> {
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
    pub fn run<R: Send>(
        &self,
        work: &(dyn Fn(&Document) -> R + Sync),
        sink: &mut dyn FnMut(Delivered<R>) -> ControlFlow<()>,
    ) -> usize {
        let mut failed = 0;
        let mut batch: Vec<Item> = Vec::with_capacity(BATCH_SIZE);
        let mut flow = ControlFlow::Continue(());
        for source in &self.sources {
            flow = input::read_source(source, &self.options, &mut |item| {
                batch.push(item);
                if batch.len() < BATCH_SIZE {
                    return ControlFlow::Continue(());
                }
                self.flush(&mut batch, work, sink, &mut failed)
            });
            if flow.is_break() {
                break;
            }
        }
        if flow.is_continue() {
            let _ = self.flush(&mut batch, work, sink, &mut failed);
        }
        self.progress.finish_and_clear();
        failed
    }

    fn flush<R: Send>(
        &self,
        batch: &mut Vec<Item>,
        work: &(dyn Fn(&Document) -> R + Sync),
        sink: &mut dyn FnMut(Delivered<R>) -> ControlFlow<()>,
        failed: &mut usize,
    ) -> ControlFlow<()> {
        let results: Vec<_> = batch
            .par_drain(..)
            .map(|item| item.map(|doc| (work(&doc), doc)))
            .collect();
        for result in results {
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
                result,
            })?;
        }
        ControlFlow::Continue(())
    }

    /// Reports an error without garbling the progress bar.
    pub fn error(&self, message: impl std::fmt::Display) {
        self.progress.suspend(|| error(message));
    }
}

/// Paths from the command line; no path means stdin, which must then be piped.
fn resolve_sources(paths: &[PathBuf], options: &InputOptions) -> Result<Vec<Source>, String> {
    if !paths.is_empty() {
        let stdin_count = paths.iter().filter(|p| p.as_os_str() == "-").count();
        if stdin_count > 1 {
            return Err("'-' (stdin) can be given only once".into());
        }
        return Ok(input::resolve(paths, options));
    }
    if std::io::stdin().is_terminal() {
        return Err("no input: give a file or folder, or pipe text into copydesk".into());
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
