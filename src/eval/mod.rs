//! Evaluation of summaries against human references.

pub mod rouge;
