//! Criterion benches of the summarize pipeline on the project's fixtures. Each bench
//! checks what it computed, so a fast but broken path cannot pass for a fast one.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

use copydesk::summarize::{summarize, SummarizeOptions};
use copydesk::text::detect;
use copydesk::text::{analyze, AnalyzeOptions, Language};

const WIRE_STORY: &str = include_str!("../fixtures/wire-story.txt");
const ABBREVIATIONS: &str = include_str!("../fixtures/abbreviations.txt");

fn pipeline(c: &mut Criterion) {
    let mut group = c.benchmark_group("summarize");
    for (name, text) in [("wire-story", WIRE_STORY), ("abbreviations", ABBREVIATIONS)] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("analyze/{name}"), |b| {
            b.iter(|| {
                let doc = analyze(black_box(text), &AnalyzeOptions::default());
                assert!(doc.sentences.len() > 10);
                doc
            })
        });
        let doc = analyze(text, &AnalyzeOptions::default());
        group.bench_function(format!("rank+select/{name}"), |b| {
            b.iter(|| {
                let summary = summarize(black_box(&doc), &SummarizeOptions::default());
                assert_eq!(summary.selected.len(), 3);
                summary
            })
        });
    }
    group.finish();
}

/// Language detection, which `summarize` runs once per document: next to `analyze`
/// above, what it adds to a document's cost.
fn detection(c: &mut Criterion) {
    // A business brief with few stopwords: the stopword tally is undecided, so this
    // takes the slow path through whatlang.
    const FEW_STOPWORDS: &str = "Quarterly revenue growth exceeded analyst forecasts, \
        driven by strong subscription sales, cloud services demand and lower component \
        costs across European markets.";
    let mut group = c.benchmark_group("detect");
    for (name, text) in [("wire-story", WIRE_STORY), ("few-stopwords", FEW_STOPWORDS)] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let detection = detect(black_box(text), Language::Danish);
                assert_eq!(detection.language, Language::English);
                assert!(detection.detected);
                detection
            })
        });
    }
    group.finish();
}

criterion_group!(benches, pipeline, detection);
criterion_main!(benches);
