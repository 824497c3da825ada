//! Reports: typed records for machine formats, plain text for people, and the
//! neutralising of untrusted article text printed to a terminal.

pub mod check;
pub mod dedup;
pub mod html;
pub mod sanitize;
pub mod summary;

/// Output formats every subcommand offers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Text,
    Json,
    Jsonl,
}
