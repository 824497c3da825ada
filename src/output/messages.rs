//! Messages for people on standard error, the one place their wording starts:
//! `copydesk: error: ...`, `copydesk: warning: ...`, and the plain `copydesk: ...`
//! notes that say what a command did (`index build` and `sketch` counts). Whether a
//! warning or a note is shown at all (`--quiet`) is the caller's decision.

use std::fmt::Display;

/// Prints an error line on stderr, the one way errors reach the user.
pub fn error(message: impl Display) {
    eprintln!("copydesk: error: {message}");
}

/// Prints a warning line on stderr.
pub fn warning(message: impl Display) {
    eprintln!("copydesk: warning: {message}");
}

/// Prints a note on what a command did (not a result: results go to stdout).
pub fn note(message: impl Display) {
    eprintln!("copydesk: {message}");
}
