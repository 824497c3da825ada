use std::collections::BTreeSet;

use super::*;
use crate::dedup::paragraphs::tests::spans;
use crate::dedup::paragraphs::{ParagraphPrint, PARAGRAPH_NGRAM};
use crate::sketch::{Header, DEFAULT_SEED};

fn options(threshold: f64) -> ParagraphOptions {
    ParagraphOptions::new(threshold, 8, &Header::new(5, 128, DEFAULT_SEED, 0.8, None))
}

fn paragraphs(documents: &[&str], options: &ParagraphOptions) -> Paragraphs {
    let mut paragraphs = Paragraphs::default();
    for (document, text) in documents.iter().enumerate() {
        for print in options.prints(text, &spans(text)) {
            paragraphs.push(ParagraphPrint { document, ..print });
        }
    }
    paragraphs
}

fn find(documents: &[&str], threshold: f64) -> Vec<ParagraphGroup> {
    let options = options(threshold);
    groups(&paragraphs(documents, &options), &options, false)
}

/// (document, paragraph) of each location of each group.
fn places(groups: &[ParagraphGroup]) -> Vec<Vec<(usize, usize)>> {
    groups
        .iter()
        .map(|g| {
            g.locations
                .iter()
                .map(|l| (l.document, l.paragraph))
                .collect()
        })
        .collect()
}

/// The Jaccard similarity of two texts' word-pair sets, computed on strings here,
/// independently of the hashing the library does.
fn word_pair_jaccard(a: &str, b: &str) -> f64 {
    let pairs = |text: &str| -> BTreeSet<String> {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        words
            .windows(PARAGRAPH_NGRAM)
            .map(|w| w.join(" "))
            .collect()
    };
    let (a, b) = (pairs(a), pairs(b));
    a.intersection(&b).count() as f64 / a.union(&b).count() as f64
}

const WIRE: &str = "Emergency crews said 42 people were taken to hospital after the \
    ferry struck the harbour wall in heavy fog early on Sunday morning, and the coast \
    guard closed the port until further notice.";

#[test]
fn a_paragraph_with_one_figure_changed_is_grouped_with_its_exact_similarity() {
    let changed = WIRE.replace("42", "57");
    let a = format!("Storm hits the coast overnight.\n\n{WIRE}");
    let b = format!("{changed}\n\nThe ministry will publish a report next week about it.");
    let found = find(&[&a, &b], 0.8);
    assert_eq!(places(&found), vec![vec![(0, 1), (1, 0)]]);
    let [first, second] = found[0].locations[..] else {
        panic!("two locations")
    };
    assert_eq!(first.similarity, 1.0);
    assert_eq!(second.similarity, word_pair_jaccard(WIRE, &changed));
    assert!(second.similarity >= 0.8 && second.similarity < 1.0);
    assert_eq!(second.span.slice(&b), changed);
}

#[test]
fn a_paragraph_with_a_name_changed_is_grouped() {
    let changed = WIRE.replace("Emergency crews", "Mayor Ingrid Solberg");
    let found = find(&[WIRE, &changed], 0.8);
    assert_eq!(places(&found), vec![vec![(0, 0), (1, 0)]]);
    let similarity = found[0].locations[1].similarity;
    assert_eq!(similarity, word_pair_jaccard(WIRE, &changed));
}

#[test]
fn paragraphs_that_share_only_stock_words_are_not_grouped() {
    let a = "The minister said on Tuesday that the plan for the city was one of the \
             best in the country and that it would be ready by the end of the year.";
    let b = "The coach said on Sunday that the team from the north was one of the \
             best in the league and that it would be hard to beat at the end of the season.";
    let similarity = word_pair_jaccard(a, b);
    assert!(similarity > 0.2 && similarity < 0.5, "{similarity}");
    assert!(find(&[a, b], 0.8).is_empty());
    assert!(find(&[a, b], 0.5).is_empty());
}

#[test]
fn identical_paragraphs_have_similarity_one_whatever_their_case_and_punctuation() {
    let shouted = WIRE.to_uppercase().replace(',', " --");
    let found = find(&[WIRE, &shouted, WIRE], 0.8);
    assert_eq!(places(&found), vec![vec![(0, 0), (1, 0), (2, 0)]]);
    assert!(found[0].locations.iter().all(|l| l.similarity == 1.0));
}

#[test]
fn the_threshold_decides_which_pairs_are_linked() {
    let changed = WIRE.replace("42", "57");
    let similarity = word_pair_jaccard(WIRE, &changed);
    assert!(similarity > 0.85 && similarity < 0.95, "{similarity}");
    assert_eq!(find(&[WIRE, &changed], similarity).len(), 1, "at the bar");
    assert!(find(&[WIRE, &changed], 0.95).is_empty());
    let two = changed.replace("Sunday", "Monday").replace("fog", "rain");
    let lower = word_pair_jaccard(WIRE, &two);
    assert!(lower < 0.8, "{lower}");
    assert!(find(&[WIRE, &two], 0.8).is_empty());
    assert_eq!(find(&[WIRE, &two], 0.6).len(), 1);
}

#[test]
fn a_chain_is_one_group_and_each_location_gives_its_own_similarity_to_the_first() {
    let b = WIRE.replace("42", "57").replace("Sunday", "Monday");
    let c = b
        .replace("heavy fog", "a gale")
        .replace("further notice", "Friday");
    let (ab, bc, ac) = (
        word_pair_jaccard(WIRE, &b),
        word_pair_jaccard(&b, &c),
        word_pair_jaccard(WIRE, &c),
    );
    assert!(ab >= 0.7 && bc >= 0.7 && ac < 0.7, "{ab} {bc} {ac}");
    let found = find(&[WIRE, &b, &c], 0.7);
    assert_eq!(places(&found), vec![vec![(0, 0), (1, 0), (2, 0)]]);
    let similarities: Vec<f64> = found[0].locations.iter().map(|l| l.similarity).collect();
    assert_eq!(similarities, vec![1.0, ab, ac]);
}

#[test]
fn repeats_within_one_document_alone_are_not_a_group() {
    let text = format!("{WIRE}\n\n{WIRE}");
    let other = "A different long paragraph about the fishing boats in the harbour.";
    assert!(find(&[&text, other], 0.8).is_empty());
    let found = find(&[&text, other, WIRE], 0.8);
    assert_eq!(places(&found), vec![vec![(0, 0), (0, 1), (2, 0)]]);
}

#[test]
fn lsh_finds_the_groups_that_comparing_every_pair_finds() {
    let texts: Vec<String> = (0..40)
        .map(|i| match i % 4 {
            0 => WIRE.replace("42", &i.to_string()),
            1 => format!("Paragraph {i} of a story about the city council and its budget for {i} schools next year."),
            2 => WIRE.replace("Sunday", "Saturday").replace("42", &(i * 3).to_string()),
            _ => format!("{WIRE}\n\nA closing line number {i} that is long enough to be compared here."),
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let options = options(0.8);
    let paragraphs = paragraphs(&refs, &options);
    let lsh = groups(&paragraphs, &options, false);
    assert_eq!(lsh, groups(&paragraphs, &options, true));
    assert_eq!(lsh.len(), 1);
    assert_eq!(lsh[0].locations.len(), 30);
}

#[test]
fn groups_do_not_depend_on_the_number_of_threads() {
    let texts: Vec<String> = (0..200)
        .map(|i| {
            format!(
                "{}\n\nStory {i} ends with its own words.",
                WIRE.replace("42", &(i % 17).to_string())
            )
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let options = options(0.8);
    let paragraphs = paragraphs(&refs, &options);
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| groups(&paragraphs, &options, false))
    };
    let one = run(1);
    assert_eq!(one.len(), 1);
    assert_eq!(one, run(4));
}

#[test]
fn a_paragraph_in_ten_thousand_documents_costs_a_linear_number_of_comparisons() {
    let boiler = "This story is published under the newsroom's republishing licence, and \
                  may be copied with credit to the Copydesk Wire and a link to the original.";
    let texts: Vec<String> = (0..10_000)
        .map(|i| {
            let variant = WIRE.replace("42", &i.to_string());
            format!("Report number {i} from the coast.\n\n{variant}\n\n{boiler}")
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let options = options(0.8);
    let paragraphs = paragraphs(&refs, &options);
    // The 10,000 boilerplate paragraphs are one distinct paragraph; each variant is
    // one, and nearly all of them fall in the same huge buckets.
    assert_eq!(paragraphs.distinct().len(), 10_001);
    let bands = options.header().bands;
    let candidates = candidate_pairs(paragraphs.distinct(), &options);
    assert!(
        candidates.len() <= bands * paragraphs.distinct().len(),
        "{} candidates",
        candidates.len()
    );
    let found = groups(&paragraphs, &options, false);
    let sizes: Vec<usize> = found.iter().map(|g| g.locations.len()).collect();
    assert_eq!(sizes, vec![10_000, 10_000]);
}
