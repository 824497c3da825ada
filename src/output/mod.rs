//! The one output layer: everything copydesk prints or writes as a result goes
//! through here, for every command and every format.
//!
//! - formats: [`Format`] (text, JSON, JSONL) for every command, and
//!   [`check::CheckFormat`] for `check`, which adds SARIF and HTML;
//! - renderers, one module per command's records: [`summary`], [`dedup`], [`check`]
//!   (text, JSON/JSONL, SARIF, and [`html`]), [`extract`], [`eval`], and the index's
//!   `info`;
//! - sinks: standard output that ends quietly on a closed pipe ([`stdout`]), and one
//!   file per input under `--output-dir`, written whole or not at all ([`dir`]);
//! - framing: headers between text documents, a JSON array around several objects,
//!   one line per JSONL record ([`emit`]);
//! - what people see around the results: the neutralising of untrusted text on a
//!   terminal ([`sanitize`]) and the error and warning lines on stderr ([`messages`]).
//!
//! The layer knows no command-line parser: the CLI turns its flags into these types
//! and maps an [`Outcome`] to an exit status.

pub mod check;
pub mod dedup;
pub mod dir;
pub mod emit;
pub mod eval;
pub mod extract;
pub mod html;
#[cfg(feature = "index")]
pub mod index;
pub mod messages;
pub mod sanitize;
pub mod stdout;
pub mod summary;

pub use dir::{OutputDir, OutputError};
pub use stdout::Outcome;

/// Output formats every subcommand offers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// For people: plain text.
    #[default]
    Text,
    /// One JSON document (pretty-printed).
    Json,
    /// JSON Lines: one compact record per line.
    Jsonl,
}
