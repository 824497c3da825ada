//! Pairs system summaries with reference summaries by id, and says what the pairing
//! covered. An average over part of a test set is not the test set's score, so every
//! reference without a system summary, every system summary without a reference and
//! every id given twice is counted and named instead of silently left out (or, for a
//! repeated id, silently counted twice).

use std::collections::HashMap;

use serde::Serialize;

/// A summary read from a JSONL file: its id, its line (1-based) and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// The record's id, which pairs a system summary with its reference.
    pub id: String,
    /// The record's line in its file (1-based).
    pub line: usize,
    /// The summary's text.
    pub text: String,
}

/// The file a record came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The system summaries, the ones being scored.
    System,
    /// The human reference summaries.
    Reference,
}

/// An id given again in the same file. Only the first record with the id is used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    /// The file the id is repeated in.
    pub file: Side,
    /// The repeated id.
    pub id: String,
    /// The line (1-based) of the record that is used.
    pub first_line: usize,
    /// The line (1-based) of the record left out.
    pub line: usize,
}

/// What a set of scores covers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Documents scored (each once).
    #[serde(skip)]
    pub scored: usize,
    /// Distinct reference ids read.
    pub references: usize,
    /// Distinct system ids read.
    pub systems: usize,
    /// References without a system summary.
    pub missing: usize,
    /// Their ids, in reference order.
    pub missing_ids: Vec<String>,
    /// System summaries without a reference.
    pub unmatched: usize,
    /// Their ids, in system order.
    pub unmatched_ids: Vec<String>,
    /// Records whose id an earlier record of the same file already had.
    pub duplicates: usize,
    /// Those records, system file first, each in file order.
    pub duplicate_records: Vec<Duplicate>,
}

/// A reason the scores do not stand for the whole reference set.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CoverageError {
    /// An id given twice in one file: which record was meant is unknown.
    #[error(
        "id {:?} was already given on line {}; only line {} is scored",
        .0.id,
        .0.first_line,
        .0.first_line
    )]
    Duplicate(Duplicate),
    /// System summaries whose id no reference has (a wrong file, or wrong ids).
    #[error(
        "{} system summar{} without a reference: {}",
        .ids.len(),
        plural(.ids, "y", "ies"),
        name_ids(.ids)
    )]
    Unmatched {
        /// The system summaries' ids, in file order.
        ids: Vec<String>,
    },
    /// References without a system summary: the average leaves them out.
    #[error(
        "{} reference{} without a system summary: {}",
        .ids.len(),
        plural(.ids, "", "s"),
        name_ids(.ids)
    )]
    Missing {
        /// The references' ids, in file order.
        ids: Vec<String>,
    },
    /// No system summary matched any reference: there is nothing to average.
    #[error("no system summary matches a reference: nothing was scored")]
    NothingScored,
}

/// Matched records, in system order, and the coverage of the match.
#[derive(Debug)]
pub struct Pairing<'a> {
    /// (system, reference) pairs.
    pub pairs: Vec<(&'a Summary, &'a Summary)>,
    /// What the pairing covered: what is missing, unmatched or repeated.
    pub coverage: Coverage,
}

/// Pairs `systems` with `references` by id; a repeated id's later records are left out.
pub fn pair<'a>(systems: &'a [Summary], references: &'a [Summary]) -> Pairing<'a> {
    let mut duplicates = Vec::new();
    let systems = first_of_each_id(systems, Side::System, &mut duplicates);
    let references = first_of_each_id(references, Side::Reference, &mut duplicates);
    let mut pairs = Vec::new();
    let mut unmatched_ids = Vec::new();
    for &system in &systems.records {
        match references.by_id.get(system.id.as_str()) {
            Some(&reference) => pairs.push((system, reference)),
            None => unmatched_ids.push(system.id.clone()),
        }
    }
    let missing_ids: Vec<String> = references
        .records
        .iter()
        .filter(|r| !systems.by_id.contains_key(r.id.as_str()))
        .map(|r| r.id.clone())
        .collect();
    let coverage = Coverage {
        scored: pairs.len(),
        references: references.records.len(),
        systems: systems.records.len(),
        missing: missing_ids.len(),
        missing_ids,
        unmatched: unmatched_ids.len(),
        unmatched_ids,
        duplicates: duplicates.len(),
        duplicate_records: duplicates,
    };
    Pairing { pairs, coverage }
}

/// The records of one file with each id once, in file order, and an index by id.
struct Unique<'a> {
    records: Vec<&'a Summary>,
    by_id: HashMap<&'a str, &'a Summary>,
}

fn first_of_each_id<'a>(
    records: &'a [Summary],
    file: Side,
    duplicates: &mut Vec<Duplicate>,
) -> Unique<'a> {
    let mut unique = Unique {
        records: Vec::with_capacity(records.len()),
        by_id: HashMap::with_capacity(records.len()),
    };
    for record in records {
        if let Some(first) = unique.by_id.get(record.id.as_str()) {
            duplicates.push(Duplicate {
                file,
                id: record.id.clone(),
                first_line: first.line,
                line: record.line,
            });
            continue;
        }
        unique.by_id.insert(&record.id, record);
        unique.records.push(record);
    }
    unique
}

impl Coverage {
    /// Every record scored against the reference it carries (copydesk's own summaries
    /// of DATA records): nothing can be missing, unmatched or paired twice.
    pub fn complete(documents: usize) -> Self {
        Coverage {
            scored: documents,
            references: documents,
            systems: documents,
            ..Coverage::default()
        }
    }

    /// What keeps these scores from standing for the whole reference set. Missing
    /// references are excused by `allow_missing`, unless nothing at all was scored.
    pub fn errors(&self, allow_missing: bool) -> Vec<CoverageError> {
        let mut errors: Vec<CoverageError> = self
            .duplicate_records
            .iter()
            .cloned()
            .map(CoverageError::Duplicate)
            .collect();
        if self.unmatched > 0 {
            errors.push(CoverageError::Unmatched {
                ids: self.unmatched_ids.clone(),
            });
        }
        if self.missing > 0 && !allow_missing {
            errors.push(CoverageError::Missing {
                ids: self.missing_ids.clone(),
            });
        }
        if self.scored == 0 && self.references > 0 && self.unmatched == 0 && allow_missing {
            errors.push(CoverageError::NothingScored);
        }
        errors
    }
}

impl CoverageError {
    /// The file the error is about.
    pub fn file(&self) -> Side {
        match self {
            CoverageError::Duplicate(duplicate) => duplicate.file,
            CoverageError::Unmatched { .. } => Side::System,
            CoverageError::Missing { .. } | CoverageError::NothingScored => Side::Reference,
        }
    }

    /// The line the error is about, when it is about one record.
    pub fn line(&self) -> Option<usize> {
        match self {
            CoverageError::Duplicate(duplicate) => Some(duplicate.line),
            _ => None,
        }
    }
}

/// Ids named in a message: the first few, then how many more.
const IDS_NAMED: usize = 5;

/// The ending for one id or for several.
fn plural(ids: &[String], one: &'static str, several: &'static str) -> &'static str {
    if ids.len() == 1 {
        one
    } else {
        several
    }
}

fn name_ids(ids: &[String]) -> String {
    let mut named: Vec<String> = ids
        .iter()
        .take(IDS_NAMED)
        .map(|id| format!("{id:?}"))
        .collect();
    if ids.len() > IDS_NAMED {
        named.push(format!("and {} more", ids.len() - IDS_NAMED));
    }
    named.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summaries(ids: &[&str]) -> Vec<Summary> {
        ids.iter()
            .enumerate()
            .map(|(i, id)| Summary {
                id: id.to_string(),
                line: i + 1,
                text: format!("summary {i}"),
            })
            .collect()
    }

    fn ids(pairs: &[(&Summary, &Summary)]) -> Vec<(usize, usize)> {
        pairs.iter().map(|(s, r)| (s.line, r.line)).collect()
    }

    #[test]
    fn a_reference_without_a_system_summary_is_missing_and_an_error() {
        let systems = summaries(&["a"]);
        let references = summaries(&["a", "b"]);
        let pairing = pair(&systems, &references);
        assert_eq!(ids(&pairing.pairs), [(1, 1)]);
        let coverage = &pairing.coverage;
        assert_eq!(
            (coverage.scored, coverage.references, coverage.systems),
            (1, 2, 1)
        );
        assert_eq!(coverage.missing_ids, ["b"]);
        assert_eq!(
            coverage.errors(false),
            [CoverageError::Missing {
                ids: vec!["b".into()]
            }]
        );
        assert!(coverage.errors(true).is_empty());
    }

    #[test]
    fn pairs_follow_the_system_order_and_extra_summaries_are_unmatched() {
        let systems = summaries(&["b", "zzz", "a"]);
        let references = summaries(&["a", "b"]);
        let pairing = pair(&systems, &references);
        assert_eq!(ids(&pairing.pairs), [(1, 2), (3, 1)]);
        assert_eq!(pairing.coverage.unmatched_ids, ["zzz"]);
        assert_eq!(pairing.coverage.missing, 0);
        // Allowing missing references does not excuse summaries of nothing.
        assert_eq!(pairing.coverage.errors(true).len(), 1);
    }

    #[test]
    fn a_repeated_id_is_scored_once_and_named_with_both_lines() {
        let systems = summaries(&["a", "b", "a"]);
        let references = summaries(&["b", "a", "b"]);
        let pairing = pair(&systems, &references);
        assert_eq!(ids(&pairing.pairs), [(1, 2), (2, 1)]);
        let coverage = &pairing.coverage;
        assert_eq!((coverage.references, coverage.systems), (2, 2));
        assert_eq!(coverage.duplicates, 2);
        let want = Duplicate {
            file: Side::System,
            id: "a".into(),
            first_line: 1,
            line: 3,
        };
        assert_eq!(coverage.duplicate_records[0], want);
        assert_eq!(coverage.duplicate_records[1].file, Side::Reference);
        let errors = coverage.errors(true);
        assert_eq!(errors.len(), 2);
        assert_eq!(
            (errors[0].file(), errors[0].line()),
            (Side::System, Some(3))
        );
        let message = errors[0].to_string();
        assert!(
            message.contains("\"a\"") && message.contains("line 1"),
            "{message}"
        );
    }

    #[test]
    fn nothing_scored_is_an_error_even_when_missing_references_are_allowed() {
        let references = summaries(&["a"]);
        let coverage = pair(&[], &references).coverage;
        assert_eq!(coverage.errors(true), [CoverageError::NothingScored]);
        assert_eq!(coverage.errors(false).len(), 1);
    }

    #[test]
    fn messages_name_a_few_ids_and_count_the_rest() {
        let ids: Vec<String> = (0..8).map(|i| i.to_string()).collect();
        let message = CoverageError::Missing { ids }.to_string();
        assert_eq!(
            message,
            "8 references without a system summary: \"0\", \"1\", \"2\", \"3\", \"4\", and 3 more"
        );
    }

    #[test]
    fn complete_coverage_has_no_errors() {
        assert!(Coverage::complete(3).errors(false).is_empty());
        assert!(Coverage::complete(0).errors(true).is_empty());
    }
}
