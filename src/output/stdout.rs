//! The stdout sink: buffered standard output that knows about broken pipes.
//! `copydesk ... | head -1` must end quietly with status 0, so once the reader has gone
//! the sink says so ([`Outcome::PipeClosed`]) and the command stops producing output;
//! any other write error is reported on stderr, once, and fails the run.

use std::io::{self, BufWriter, ErrorKind, Write};
use std::ops::ControlFlow;

use super::messages;

/// How writing a command's output ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was written.
    Complete,
    /// The reader went away (a broken pipe): a normal, quiet end.
    PipeClosed,
    /// Something could not be written; the error has been reported on stderr.
    Failed,
}

/// Standard output for text: buffered, and closed for good after its first error.
pub struct Stdout {
    out: BufWriter<io::Stdout>,
    /// Set once a write failed: nothing more is written.
    ended: Option<Outcome>,
}

impl Default for Stdout {
    fn default() -> Self {
        Stdout {
            out: BufWriter::with_capacity(1 << 16, io::stdout()),
            ended: None,
        }
    }
}

impl Stdout {
    /// Writes `text`; `Break` once stdout can take no more (now or before).
    pub fn print(&mut self, text: &str) -> ControlFlow<()> {
        if self.ended.is_some() {
            return ControlFlow::Break(());
        }
        match self.out.write_all(text.as_bytes()) {
            Ok(()) => ControlFlow::Continue(()),
            Err(err) => {
                self.ended = Some(ended_by(err));
                ControlFlow::Break(())
            }
        }
    }

    /// Flushes what is buffered and says how the output ended.
    pub fn finish(mut self) -> Outcome {
        if let Some(ended) = self.ended {
            return ended;
        }
        match self.out.flush() {
            Ok(()) => Outcome::Complete,
            Err(err) => ended_by(err),
        }
    }
}

/// Prints all of `text` (a whole report, a completion script, a man page) and says
/// how it ended.
pub fn print_all(text: &str) -> Outcome {
    let mut stdout = Stdout::default();
    let _ = stdout.print(text);
    stdout.finish()
}

/// Standard output for bytes (Parquet shards), buffered by `capacity`; the writer of
/// a binary format tells a broken pipe from other errors itself.
pub fn binary(capacity: usize) -> BufWriter<io::Stdout> {
    BufWriter::with_capacity(capacity, io::stdout())
}

/// A broken pipe is a quiet end; any other error is reported here, once.
fn ended_by(err: io::Error) -> Outcome {
    if err.kind() == ErrorKind::BrokenPipe {
        return Outcome::PipeClosed;
    }
    messages::error(format!("cannot write to standard output: {err}"));
    Outcome::Failed
}
