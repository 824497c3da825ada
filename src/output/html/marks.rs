//! Highlights: every place of every finding in the draft's text, and the text cut at
//! each highlight's edge so that overlapping and nested highlights still give
//! well-nested `<mark>` elements.
//!
//! A phrase inside a repeated sentence inside a redundant paragraph nests; two
//! highlights that cross are split where they cross. Marks stay open across an edge
//! whenever the ones outside them do, so most highlights are one element.

use std::fmt::Write as _;

use super::{escape, kind_class, kind_label, severity_label, Ids};
use crate::check::Finding;

/// One highlighted place: a finding's own span, or one of its related spans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// Index of the finding in the draft's list.
    pub finding: usize,
    /// `None` for the finding's own span, `Some(j)` for its j-th related span.
    pub related: Option<usize>,
    pub start: usize,
    pub end: usize,
    /// How many levels of places nest inside this one (0 for none), capped: marks
    /// with inner marks draw their underline lower, so every underline stays visible.
    pub depth: u8,
    /// Whether the place gets a numbered link: not when it lies within another place
    /// of the same finding (the overlapping sentences of two redundant paragraphs),
    /// whose number already stands there.
    pub numbered: bool,
}

/// Related places highlighted per finding: every use of a phrase in any real draft,
/// while a phrase repeated through a degenerate one (it can have a million) leaves
/// the page a size a browser opens.
pub const MAX_MARKED_RELATED: usize = 1000;

/// The deepest nesting drawn apart; deeper places share the lowest underline.
const MAX_DEPTH: usize = 3;

/// Whether `start..end` is a non-empty span of `text` on char boundaries: a finding
/// with any other offsets is listed without a highlight, never sliced.
pub fn in_text(text: &str, start: usize, end: usize) -> bool {
    start < end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)
}

/// The places of `findings` to highlight in `text`, skipping the findings shown as
/// banners (`banner[i]`) and any span that is not in the text.
pub fn places(text: &str, findings: &[Finding], banner: &[bool]) -> Vec<Place> {
    let mut places = Vec::new();
    for (i, f) in findings.iter().enumerate().filter(|(i, _)| !banner[*i]) {
        let first = places.len();
        let own = std::iter::once((None, f.start, f.end));
        let related = f
            .related
            .iter()
            .take(MAX_MARKED_RELATED)
            .enumerate()
            .map(|(j, r)| (Some(j), r.span.start, r.span.end));
        for (related, start, end) in own.chain(related) {
            if in_text(text, start, end) {
                places.push(Place {
                    finding: i,
                    related,
                    start,
                    end,
                    depth: 0,
                    numbered: true,
                });
            }
        }
        number(&mut places[first..]);
    }
    set_depths(&mut places);
    places
}

/// Numbers only the places of one finding that no other of its places contains (of
/// places with the same span, the first).
fn number(places: &mut [Place]) {
    // By start, longest first: a place is inside another exactly when one before it
    // reaches as far.
    let mut order: Vec<usize> = (0..places.len()).collect();
    order.sort_by_key(|&i| (places[i].start, std::cmp::Reverse(places[i].end), i));
    let mut reach = 0;
    for (k, &i) in order.iter().enumerate() {
        places[i].numbered = k == 0 || places[i].end > reach;
        reach = reach.max(places[i].end);
    }
}

/// Sets each place's depth: 0 when no other place lies inside it, else one more than
/// the deepest place inside (places with the same span share a depth).
fn set_depths(places: &mut [Place]) {
    // By start, longest first: the places inside one follow it, up to the first that
    // starts at or after its end.
    places.sort_by_key(|p| (p.start, std::cmp::Reverse(p.end), p.finding, p.related));
    for i in (0..places.len()).rev() {
        let p = places[i];
        let inner = places[i + 1..]
            .iter()
            .take_while(|q| q.start < p.end)
            .filter(|q| q.end <= p.end)
            .map(|q| usize::from(q.depth) + usize::from((q.start, q.end) != (p.start, p.end)))
            .max()
            .unwrap_or(0);
        places[i].depth = inner.min(MAX_DEPTH) as u8;
    }
}

/// `text` escaped, with every place wrapped in `<mark>` elements; the first element
/// of each place carries its id and a numbered link to the finding's entry.
pub fn render(text: &str, places: &[Place], findings: &[Finding], ids: &Ids) -> String {
    let mut out = String::with_capacity(text.len() * 5 / 4 + places.len() * 200);
    // Outer places open first: deeper (they contain others), then longer.
    let rank = |p: &Place| {
        (
            std::cmp::Reverse(p.depth),
            p.start,
            std::cmp::Reverse(p.end),
        )
    };
    let mut edges: Vec<usize> = places.iter().flat_map(|p| [p.start, p.end]).collect();
    edges.extend([0, text.len()]);
    edges.sort_unstable();
    edges.dedup();
    let (mut open, mut active, mut next) = (Vec::<usize>::new(), Vec::<usize>::new(), 0);
    let mut started = vec![false; places.len()];
    for w in edges.windows(2) {
        let (a, b) = (w[0], w[1]);
        active.retain(|&p| places[p].end > a);
        // `places` is sorted by start (see `set_depths`).
        while next < places.len() && places[next].start <= a {
            active.push(next);
            next += 1;
        }
        active.sort_by_key(|&p| (rank(&places[p]), p));
        let kept = open.iter().zip(&active).take_while(|(o, a)| o == a).count();
        out.push_str(&"</mark>".repeat(open.len() - kept));
        open.truncate(kept);
        for &p in &active[kept..] {
            open_mark(
                &mut out,
                &places[p],
                &findings[places[p].finding],
                ids,
                !started[p],
            );
            started[p] = true;
            open.push(p);
        }
        escape::push_text(&mut out, &text[a..b]);
    }
    out.push_str(&"</mark>".repeat(open.len()));
    out
}

fn open_mark(out: &mut String, place: &Place, f: &Finding, ids: &Ids, first: bool) {
    let n = place.finding + 1;
    let related = if place.related.is_some() { " rel" } else { "" };
    let tip = match place.related.and_then(|j| f.related.get(j)) {
        None => format!("{n}. {}: {}", severity_label(f.severity), f.message),
        Some(r) => format!("{n}. {}: {}", r.note, f.message),
    };
    write!(
        out,
        "<mark class=\"hl {} s-{} d{}{related}\" title=\"{}\"",
        kind_class(f.kind),
        f.severity.name(),
        place.depth,
        escape::attr(&tip),
    )
    .expect("writing to a String");
    if first {
        write!(out, " id=\"{}\">", ids.place(place.finding, place.related))
            .expect("writing to a String");
    } else {
        out.push('>');
    }
    if first && place.numbered {
        write!(
            out,
            "<a class=\"ref{related}\" href=\"#{}\" data-n=\"{n}\" aria-label=\"finding {n}, {}\"></a>",
            ids.entry(place.finding),
            kind_label(f.kind),
        )
        .expect("writing to a String");
    }
}
