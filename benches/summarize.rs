//! Criterion benches of the summarize pipeline on the project's fixtures. Each bench
//! checks what it computed, so a fast but broken path cannot pass for a fast one.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

use copydesk::summarize::{summarize, SummarizeOptions};
use copydesk::text::{analyze, AnalyzeOptions};

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

criterion_group!(benches, pipeline);
criterion_main!(benches);
