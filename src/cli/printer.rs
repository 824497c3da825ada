//! Standard output that knows about broken pipes: `copydesk ... | head -1` must end
//! quietly with status 0, so a closed pipe is reported as [`Closed`] to stop work.

use std::io::{self, BufWriter, ErrorKind, Write};

/// Standard output can take no more: stop producing output. A broken pipe (the reader
/// went away) is a normal end; any other write error is a failure.
#[derive(Debug)]
pub struct Closed {
    pub broken_pipe: bool,
}

/// Buffered stdout.
pub struct Printer {
    out: BufWriter<io::Stdout>,
}

impl Default for Printer {
    fn default() -> Self {
        Printer {
            out: BufWriter::with_capacity(1 << 16, io::stdout()),
        }
    }
}

impl Printer {
    /// Writes `text`; a broken pipe or any other error becomes `Err(Closed)`; other
    /// errors are reported here, once.
    pub fn print(&mut self, text: &str) -> Result<(), Closed> {
        self.out.write_all(text.as_bytes()).map_err(handle)
    }

    pub fn flush(&mut self) -> Result<(), Closed> {
        self.out.flush().map_err(handle)
    }
}

fn handle(err: io::Error) -> Closed {
    let broken_pipe = err.kind() == ErrorKind::BrokenPipe;
    if !broken_pipe {
        super::error(format!("cannot write to standard output: {err}"));
    }
    Closed { broken_pipe }
}
