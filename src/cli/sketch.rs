//! `copydesk sketch`: the sketches of the inputs as Parquet shards, for a distributed
//! dedup job. The inputs are read exactly as `dedup` reads them (same ids, same
//! order), under the same sketch parameters.

use std::ops::ControlFlow;
use std::path::PathBuf;

use clap::Args;

use super::args::{parse_ratio, InputArgs, SketchArgs};
use super::batch::DocumentStream;
use super::error::CliError;
use super::{ExitStatus, Global};
use crate::output::{messages, stdout};
use crate::shard::{Output, ShardDir, ShardError, ShardHeader, ShardWriter, DEFAULT_SHARD_DOCS};
use crate::sketch::{Sketch, Sketcher};

#[derive(Args, Debug)]
pub struct SketchCommandArgs {
    #[command(flatten)]
    input: InputArgs,

    /// The near-duplicate threshold the band keys are made for (as `dedup --threshold`;
    /// it decides the bands unless --bands is given).
    #[arg(long, value_name = "T", default_value = "0.8", value_parser = parse_ratio)]
    threshold: f64,

    #[command(flatten)]
    sketch: SketchArgs,

    /// Folder for the shards part-00000.parquet, part-00001.parquet, ... (created if
    /// missing, refused if it already holds shards), or `-` for one Parquet file on
    /// standard output.
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,

    /// Input documents per shard (documents without words included).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_SHARD_DOCS as u64,
          value_parser = clap::value_parser!(u64).range(1..))]
    shard_docs: u64,

    /// The `doc` number of the first document, for a slice of a larger input.
    #[arg(long, value_name = "N", default_value_t = 0,
          value_parser = clap::value_parser!(u64).range(0..=i64::MAX as u64))]
    doc_offset: u64,
}

/// Where the sketches go.
enum Target {
    Dir(ShardDir),
    Stdout(ShardWriter<Output>),
}

impl Target {
    fn open(
        args: &SketchCommandArgs,
        header: ShardHeader,
        global: &Global,
    ) -> Result<Self, CliError> {
        if args.output.as_os_str() != "-" {
            let per_shard = usize::try_from(args.shard_docs).unwrap_or(usize::MAX);
            return Ok(ShardDir::create(&args.output, header, per_shard).map(Target::Dir)?);
        }
        if global.stdout_is_terminal {
            return Err(CliError::ParquetToTerminal);
        }
        let out: Output = Box::new(stdout::binary(1 << 20));
        Ok(ShardWriter::new(out, &header).map(Target::Stdout)?)
    }

    fn push(&mut self, doc: i64, id: &str, sketch: &Sketch) -> Result<(), ShardError> {
        match self {
            Target::Dir(dir) => dir.push(doc, id, sketch),
            Target::Stdout(writer) => writer.push(doc, id, sketch),
        }
    }

    /// Finishes the output; returns the number of shards written.
    fn finish(self) -> Result<usize, ShardError> {
        match self {
            Target::Dir(dir) => dir.finish().map(|shards| shards.len()),
            Target::Stdout(writer) => writer.finish().map(|_| 1),
        }
    }
}

/// What a run saw, for the summary line.
#[derive(Default)]
struct Counts {
    documents: u64,
    empty: u64,
}

/// Runs `copydesk sketch`.
pub fn run(args: SketchCommandArgs, global: &Global) -> Result<ExitStatus, CliError> {
    let stream = DocumentStream::new(&args.input, global)?;
    let sketcher = Sketcher::new(args.sketch.header(args.threshold));
    let header = ShardHeader {
        sketch: sketcher.header.clone(),
        threshold: args.threshold,
    };
    let mut target = Target::open(&args, header, global)?;
    let mut counts = Counts::default();
    let mut failed_write = None;
    let offset = args.doc_offset as i64;
    let failures = stream.run(&|doc| sketcher.sketch(&doc.text), &mut |done| {
        let doc = offset.saturating_add(counts.documents as i64);
        counts.documents += 1;
        counts.empty += u64::from(done.result.shingles.is_empty());
        match target.push(doc, &done.id, &done.result) {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                failed_write = Some(e);
                ControlFlow::Break(())
            }
        }
    });
    let finished = match failed_write {
        Some(e) => Err(e),
        None => target.finish(),
    };
    report(finished, &counts, failures, global)
}

/// Prints the summary line (or the write error) and gives the exit status.
fn report(
    finished: Result<usize, ShardError>,
    counts: &Counts,
    failures: usize,
    global: &Global,
) -> Result<ExitStatus, CliError> {
    match finished {
        Err(e) if e.is_broken_pipe() => Ok(ExitStatus::Success),
        Err(e) => Err(e.into()),
        Ok(shards) => {
            if !global.quiet {
                let sketched = counts.documents - counts.empty;
                messages::note(format!(
                    "sketch: documents {}, sketched {sketched}, empty {}, shards {shards}",
                    counts.documents, counts.empty,
                ));
            }
            Ok(if failures > 0 {
                ExitStatus::Error
            } else {
                ExitStatus::Success
            })
        }
    }
}
