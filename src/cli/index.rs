//! `copydesk index build|add|remove|info`: the persistent archive index that
//! `check --index` queries.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::args::{parse_ratio, FormatArg, InputArgs, SketchArgs};
use super::batch::DocumentStream;
use super::error::{CliError, ValueError};
use super::{error, ExitStatus, Global};
use crate::index::{AddStats, Index, IndexError, IndexedDoc, Mode, BATCH_SIZE};
use crate::input::Document;
use crate::output::index::render_info;
use crate::output::{messages, stdout};
use crate::sketch::Header;

#[derive(Subcommand, Debug)]
pub enum IndexCommand {
    /// Build a new index from an archive (files, folders, JSONL).
    Build(WriteArgs),
    /// Add documents to an index (creating it if needed); unchanged ones are skipped,
    /// changed ones replaced.
    Add(WriteArgs),
    /// Remove documents by id.
    Remove(RemoveArgs),
    /// Show what an index holds.
    Info(InfoArgs),
}

/// What `build` and `add` take: the documents, the index file, and for a new index
/// its sketch parameters.
/// The Jaccard similarity an index's bands are tuned for unless `--threshold` says
/// otherwise; `check --against` builds its index for it too, so that it finds what an
/// index built with the defaults finds.
pub const DEFAULT_INDEX_THRESHOLD: f64 = 0.8;

#[derive(Args, Debug)]
pub struct WriteArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The index file (`build` refuses an existing one; `add` creates a missing one).
    #[arg(long, value_name = "FILE")]
    index: PathBuf,
    #[command(flatten)]
    sketch: SketchArgs,
    /// Jaccard similarity the LSH bands of a new index are tuned for.
    #[arg(long, value_name = "T", default_value_t = DEFAULT_INDEX_THRESHOLD, value_parser = parse_ratio)]
    threshold: f64,
    /// Documents written per transaction: an interrupted run loses at most one batch
    /// (the next run adds it); larger batches import a big archive faster.
    #[arg(long, value_name = "N", default_value_t = BATCH_SIZE, value_parser = parse_batch)]
    batch_size: usize,
}

#[derive(Args, Debug)]
pub struct RemoveArgs {
    /// Ids (paths or JSONL ids) of the documents to remove.
    #[arg(value_name = "ID", required = true)]
    ids: Vec<String>,
    #[arg(long, value_name = "FILE")]
    index: PathBuf,
}

#[derive(Args, Debug)]
pub struct InfoArgs {
    #[arg(long, value_name = "FILE")]
    index: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
}

fn parse_batch(s: &str) -> Result<usize, ValueError> {
    match s.trim().parse::<usize>() {
        Ok(n) if (1..=1_000_000).contains(&n) => Ok(n),
        _ => Err(ValueError::BatchSize(s.to_string())),
    }
}

/// Runs `copydesk index ...`.
pub fn run(command: IndexCommand, global: &Global) -> Result<ExitStatus, CliError> {
    match command {
        IndexCommand::Build(args) => build(&args, global),
        IndexCommand::Add(args) => add(&args, global),
        IndexCommand::Remove(args) => remove(&args, global),
        IndexCommand::Info(args) => info(&args),
    }
}

/// Builds into a temporary file beside the target and renames it at the end, so an
/// interrupted build never leaves a half index under the final name.
fn build(args: &WriteArgs, global: &Global) -> Result<ExitStatus, CliError> {
    if args.index.exists() {
        return Err(CliError::IndexExists {
            path: args.index.clone(),
        });
    }
    let temp = temporary_path(&args.index);
    let header = args.sketch.header(args.threshold);
    let outcome = Index::create(&temp, &header)
        .map_err(CliError::from)
        .and_then(|mut index| fill(&mut index, &args.input, args.batch_size, global));
    let status = match outcome {
        Ok((stats, status)) => {
            std::fs::rename(&temp, &args.index).map_err(CliError::MoveIndex)?;
            report_added(&args.index, stats, global);
            status
        }
        Err(err) => {
            remove_index_files(&temp);
            return Err(err);
        }
    };
    Ok(status)
}

fn add(args: &WriteArgs, global: &Global) -> Result<ExitStatus, CliError> {
    let mut index = if args.index.exists() {
        args.sketch.open_index(&args.index, Mode::ReadWrite)?
    } else {
        Index::create(&args.index, &args.sketch.header(args.threshold))?
    };
    let (stats, status) = fill(&mut index, &args.input, args.batch_size, global)?;
    report_added(&args.index, stats, global);
    Ok(status)
}

/// Sketches the inputs in parallel and stores them in order, a transaction per batch.
fn fill(
    index: &mut Index,
    input: &InputArgs,
    batch_size: usize,
    global: &Global,
) -> Result<(AddStats, ExitStatus), CliError> {
    let stream = DocumentStream::new(input, global)?;
    let (stats, failures) = fill_from(index, &stream, batch_size)?;
    let status = if failures > 0 {
        ExitStatus::Error
    } else {
        ExitStatus::Success
    };
    Ok((stats, status))
}

/// Sketches the documents of `stream` in parallel and stores them in order, a
/// transaction per batch (`check --against` fills its scratch index with it, so both
/// doors lead to the same archive). Returns what was added and how many inputs
/// could not be read.
pub(super) fn fill_from(
    index: &mut Index,
    stream: &DocumentStream,
    batch_size: usize,
) -> Result<(AddStats, usize), CliError> {
    index.set_batch_size(batch_size);
    let sketcher = index.sketcher();
    let header: Header = index.header().clone();
    let work = |doc: &Document| {
        let mut indexed = IndexedDoc::build(&sketcher, &doc.id, &doc.text, doc.format);
        indexed.lang = Some(doc.language.code().to_string());
        if let Some(title) = doc.page.as_ref().and_then(|p| p.meta.title.as_deref()) {
            // A page's own title, not the article's first line.
            indexed.title = crate::index::title(title);
        }
        indexed
    };
    let mut pending: Vec<IndexedDoc> = Vec::with_capacity(batch_size);
    let mut stats = AddStats::default();
    let mut failure: Option<IndexError> = None;
    let mut store = |docs: &mut Vec<IndexedDoc>, stats: &mut AddStats| -> Result<(), IndexError> {
        *stats += index.add(&header, docs.drain(..))?;
        Ok(())
    };
    let failures = stream.run(&work, &mut |done| {
        pending.push(done.result);
        if pending.len() < batch_size {
            return ControlFlow::Continue(());
        }
        match store(&mut pending, &mut stats) {
            Ok(()) => ControlFlow::Continue(()),
            Err(err) => {
                failure = Some(err);
                ControlFlow::Break(())
            }
        }
    });
    if let Some(err) = failure {
        return Err(err.into());
    }
    store(&mut pending, &mut stats)?;
    Ok((stats, failures))
}

fn report_added(path: &Path, stats: AddStats, global: &Global) {
    if !global.quiet {
        messages::note(format!(
            "{}: {} added, {} replaced, {} unchanged",
            path.display(),
            stats.added,
            stats.replaced,
            stats.unchanged
        ));
    }
}

fn remove(args: &RemoveArgs, global: &Global) -> Result<ExitStatus, CliError> {
    let mut index = Index::open(&args.index, Mode::ReadWrite)?;
    let removed = index.remove(&args.ids)?;
    if !global.quiet {
        messages::note(format!("{}: {removed} removed", args.index.display()));
    }
    if removed < args.ids.len() {
        error(format!(
            "{} of the ids were not in the index",
            args.ids.len() - removed
        ));
        return Ok(ExitStatus::Error);
    }
    Ok(ExitStatus::Success)
}

fn info(args: &InfoArgs) -> Result<ExitStatus, CliError> {
    let index = Index::open(&args.index, Mode::ReadOnly)?;
    let info = index.info()?;
    let text = render_info(&info, args.format.into());
    Ok(ExitStatus::after(stdout::print_all(&text), 0))
}

fn temporary_path(target: &Path) -> PathBuf {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".building-{}", std::process::id()));
    target.with_file_name(name)
}

fn remove_index_files(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}
