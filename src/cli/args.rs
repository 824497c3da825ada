//! Arguments shared by subcommands: where the input comes from and how it is read,
//! the language, and the output format.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::error::{CliError, ValueError};
use crate::index::{Index, Mode};
use crate::input::{
    charset, Glob, GlobError, InputFormat, InputOptions, LanguageChoice, DEFAULT_MAX_BYTES,
};
use crate::output::Format;
use crate::sketch::{Header, DEFAULT_NGRAM, DEFAULT_PERMS, DEFAULT_SEED};
use crate::summarize::{Algorithm, Budget, Order, Similarity, SummarizeOptions};
use crate::text::{Language, UnknownLanguage};

#[derive(Args, Debug)]
pub struct InputArgs {
    /// Files, folders (walked recursively, sorted) or `-` for stdin. With no path,
    /// piped stdin is read.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// How to read inputs: by extension (.md Markdown, .jsonl JSONL, .html/.htm/.xhtml
    /// web pages, else text) or forced.
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto, value_name = "FORMAT")]
    pub input_format: InputFormatArg,

    /// JSONL field holding each record's id.
    #[arg(long, default_value = "id", value_name = "FIELD")]
    pub id_field: String,

    /// JSONL field holding each record's text.
    #[arg(long, default_value = "text", value_name = "FIELD")]
    pub text_field: String,

    /// JSONL field holding each record's web page as HTML; its article is extracted
    /// and used instead of a text field.
    #[arg(long, value_name = "FIELD")]
    pub html_field: Option<String>,

    /// Which files a folder walk picks (repeatable), e.g. '*.txt' or 'news/**/*.md'.
    /// Default: .txt .text .md .markdown .html .htm .xhtml files.
    #[arg(long, value_name = "GLOB", value_parser = parse_glob)]
    pub glob: Vec<Glob>,

    /// Refuse text that does not decode cleanly instead of replacing what does not.
    #[arg(long)]
    pub strict: bool,

    /// Read every input in this encoding (a WHATWG label: utf-8, windows-1252,
    /// iso-8859-2, shift_jis, ...) instead of detecting it.
    #[arg(long, value_name = "LABEL", value_parser = parse_encoding)]
    pub encoding: Option<&'static encoding_rs::Encoding>,

    /// Skip documents larger than this many bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES, value_name = "BYTES",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub max_bytes: u64,

    #[command(flatten)]
    pub language: LanguageArgs,
}

impl InputArgs {
    pub fn options(&self) -> InputOptions {
        InputOptions {
            format: self.input_format.into(),
            id_field: self.id_field.clone(),
            text_field: self.text_field.clone(),
            html_field: self.html_field.clone(),
            globs: self.glob.clone(),
            strict: self.strict,
            encoding: self.encoding,
            language: self.language.choice(),
            max_bytes: self.max_bytes,
            extra_fields: Vec::new(),
            page_markdown: false,
        }
    }
}

/// The language documents are analysed in (stemmer and stopwords).
#[derive(Args, Debug, Clone, Copy)]
pub struct LanguageArgs {
    /// Language of the text: `auto` detects it per document among the stemmed
    /// languages; a name or ISO code (english, fr, no, ...) forces one.
    #[arg(long, default_value = "auto", value_name = "LANG", value_parser = parse_language_choice)]
    pub lang: LangArg,

    /// The language of a document too short or unclear to detect (with `--lang auto`).
    #[arg(long, default_value = "english", value_name = "LANG", value_parser = parse_language)]
    pub default_lang: Language,
}

impl LanguageArgs {
    pub fn choice(&self) -> LanguageChoice {
        match self.lang {
            LangArg::Fixed(language) => LanguageChoice::Fixed(language),
            LangArg::Auto => LanguageChoice::Auto {
                fallback: self.default_lang,
            },
        }
    }

    /// The language workers should be ready for before the first document.
    pub fn likely(&self) -> Language {
        match self.lang {
            LangArg::Fixed(language) => language,
            LangArg::Auto => self.default_lang,
        }
    }
}

/// `--lang`: detect, or one language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LangArg {
    Auto,
    Fixed(Language),
}

/// Sketch parameters (dedup, index, check). Left out, they take the defaults, or the
/// values an existing index was built with; given, they must match that index.
#[derive(Args, Debug, Clone, Copy)]
pub struct SketchArgs {
    /// Shingle length in words [default: 5].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=64))]
    pub ngram: Option<u32>,

    /// MinHash permutations [default: 128].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub perms: Option<u32>,

    /// Seed of the permutation family.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// LSH bands (default: derived from the threshold so that a pair at the threshold
    /// is a candidate with probability at least 0.95).
    #[arg(long, value_name = "B", value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub bands: Option<u32>,
}

impl SketchArgs {
    /// The header these arguments ask for, for a near-duplicate `threshold`.
    pub fn header(&self, threshold: f64) -> Header {
        Header::new(
            self.ngram.map_or(DEFAULT_NGRAM, |n| n as usize),
            self.perms.map_or(DEFAULT_PERMS, |n| n as usize),
            self.seed.unwrap_or(DEFAULT_SEED),
            threshold,
            self.bands.map(|b| b as usize),
        )
    }

    /// Opens the index at `path`, refusing one built with other parameters than given.
    pub fn open_index(&self, path: &Path, mode: Mode) -> Result<Index, CliError> {
        let index = Index::open(path, mode)?;
        match self.conflicts(index.header()) {
            Some(conflict) => Err(CliError::IndexConflict {
                path: path.to_path_buf(),
                conflict,
            }),
            None => Ok(index),
        }
    }

    /// The given parameters that differ from an existing index's `header`, named.
    pub fn conflicts(&self, header: &Header) -> Option<String> {
        let given = [
            ("ngram", self.ngram.map(u64::from), header.ngram as u64),
            ("perms", self.perms.map(u64::from), header.perms as u64),
            ("seed", self.seed, header.seed),
            ("bands", self.bands.map(u64::from), header.bands as u64),
        ];
        let differences: Vec<String> = given
            .iter()
            .filter_map(|&(name, asked, stored)| {
                asked
                    .filter(|&a| a != stored)
                    .map(|a| format!("{name} {a} asked, {stored} in the index"))
            })
            .collect();
        (!differences.is_empty()).then(|| differences.join(", "))
    }
}

/// How long summaries are and how sentences are ranked (summarize and eval).
#[derive(Args, Debug)]
pub struct SummaryArgs {
    /// Number of sentences in each summary.
    #[arg(short = 'n', long = "sentences", value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(1..))]
    sentences: u32,

    /// Summary length as a fraction of the document's sentences, in (0, 1].
    #[arg(long, value_name = "R", value_parser = parse_ratio, conflicts_with_all = ["sentences", "words"])]
    ratio: Option<f64>,

    /// Summary length in words: sentences are added by rank while they fit.
    #[arg(long, value_name = "W", conflicts_with = "sentences",
          value_parser = clap::value_parser!(u32).range(1..))]
    words: Option<u32>,

    /// How sentences are scored: TextRank centrality, or position alone (lead).
    #[arg(long, value_enum, default_value_t = AlgorithmArg::Textrank)]
    pub algorithm: AlgorithmArg,

    /// Strength of the lead prior: early sentences of a short summary of a long story
    /// count more (0 turns it off; it fades as the summary covers more of the text).
    #[arg(long, value_name = "S", default_value_t = crate::summarize::position::DEFAULT_POSITION_BIAS,
          value_parser = parse_bias)]
    pub position_bias: f64,

    /// Skip a sentence whose term overlap with an already chosen one is at least T,
    /// in (0, 1]; `off` keeps repeats.
    #[arg(long, value_name = "T", default_value_t = crate::summarize::redundancy::DEFAULT_REDUNDANCY,
          value_parser = parse_redundancy)]
    pub redundancy: f64,

    /// Order of the chosen sentences: as in the document, or by score.
    #[arg(long, value_enum, default_value_t = OrderArg::Document)]
    order: OrderArg,

    /// Sentence similarity behind the TextRank graph.
    #[arg(long, value_enum, default_value_t = SimilarityArg::Cosine)]
    similarity: SimilarityArg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AlgorithmArg {
    Textrank,
    Lead,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OrderArg {
    Document,
    Score,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SimilarityArg {
    Textrank,
    Bm25,
    Cosine,
}

impl SummaryArgs {
    pub fn options(&self) -> SummarizeOptions {
        let budget = match (self.ratio, self.words) {
            (Some(ratio), _) => Budget::Ratio(ratio),
            (None, Some(words)) => Budget::Words(words as usize),
            (None, None) => Budget::Sentences(self.sentences as usize),
        };
        SummarizeOptions {
            algorithm: match self.algorithm {
                AlgorithmArg::Textrank => Algorithm::TextRank,
                AlgorithmArg::Lead => Algorithm::Lead,
            },
            budget,
            position_bias: self.position_bias,
            redundancy: self.redundancy,
            order: match self.order {
                OrderArg::Document => Order::Document,
                OrderArg::Score => Order::Score,
            },
            similarity: match self.similarity {
                SimilarityArg::Textrank => Similarity::TextRank,
                SimilarityArg::Bm25 => Similarity::Bm25,
                SimilarityArg::Cosine => Similarity::Cosine,
            },
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    Auto,
    Text,
    Markdown,
    Jsonl,
    Html,
}

impl From<InputFormatArg> for InputFormat {
    fn from(arg: InputFormatArg) -> InputFormat {
        match arg {
            InputFormatArg::Auto => InputFormat::Auto,
            InputFormatArg::Text => InputFormat::Text,
            InputFormatArg::Markdown => InputFormat::Markdown,
            InputFormatArg::Jsonl => InputFormat::Jsonl,
            InputFormatArg::Html => InputFormat::Html,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
    Jsonl,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Format {
        match arg {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
        }
    }
}

fn parse_glob(s: &str) -> Result<Glob, GlobError> {
    Glob::new(s)
}

pub(super) fn parse_language(s: &str) -> Result<Language, UnknownLanguage> {
    s.parse()
}

/// `auto` (detect per document) or a language.
fn parse_language_choice(s: &str) -> Result<LangArg, UnknownLanguage> {
    if s.trim().eq_ignore_ascii_case("auto") {
        return Ok(LangArg::Auto);
    }
    s.parse().map(LangArg::Fixed)
}

fn parse_encoding(s: &str) -> Result<&'static encoding_rs::Encoding, ValueError> {
    Ok(charset::for_label(s)?)
}

/// A finite, non-negative strength (at most 1000, far past any useful value).
fn parse_bias(s: &str) -> Result<f64, ValueError> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=1000.0).contains(&v) => Ok(v),
        _ => Err(ValueError::Bias(s.to_string())),
    }
}

/// An overlap threshold in (0, 1], or `off` (never skip a sentence as a repeat).
fn parse_redundancy(s: &str) -> Result<f64, ValueError> {
    if s.trim().eq_ignore_ascii_case("off") {
        return Ok(f64::INFINITY);
    }
    parse_ratio(s)
}

/// A fraction in (0, 1].
pub fn parse_ratio(s: &str) -> Result<f64, ValueError> {
    let value: f64 = s
        .trim()
        .parse()
        .map_err(|_| ValueError::NotANumber(s.to_string()))?;
    if value.is_finite() && value > 0.0 && value <= 1.0 {
        Ok(value)
    } else {
        Err(ValueError::NotAFraction(s.to_string()))
    }
}
