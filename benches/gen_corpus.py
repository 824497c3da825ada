#!/usr/bin/env python3
"""Synthetic corpus with planted near-duplicates, for the dedup benchmarks.

Writes JSONL, one record per line:

    {"id": "doc000001", "text": "...", "source": null, "edit_rate": 0.0}

`source` is the id of the original a near-copy was made from (null for originals) and
`edit_rate` the share of the original's words the copy edited: the planted ground truth.

Documents are about `--words` words (uniform within +-15%) in 6-10 paragraphs separated
by blank lines, made of sentences of 6-24 words with a capital first letter, a final full
stop (sometimes a question mark) and a few commas. Words come from a synthetic
vocabulary of 50,000 pronounceable pseudo-words with Zipf-Mandelbrot frequencies
(weight of rank r proportional to 1 / (r + 2.7)), so independent documents share no
more than chance word 5-grams made of frequent words.

A share `--dup-rate` of documents (never the first) are near-copies of an earlier
original (chosen uniformly; copies are never copied). Each copy draws an edit rate
uniform in [0, `--max-edit`] and edits that share of the original's words: substitutions,
insertions (new words from the same vocabulary) and deletions in equal proportions.
A third of copies also have one or two paragraphs moved.

Deterministic: the layout (which documents are copies, and of what) comes from one
`random.Random(seed)` stream consumed per document, and each document's text from
`random.Random` seeded with `(seed, index)`, so a copy regenerates its original's text
instead of keeping it in memory, and a corpus of N documents is the prefix of any larger
corpus made with the same seed and settings (ids have 6 digits, or as many as the
largest id needs).

Speed: words are drawn by indexing a 2^18-slot table of the vocabulary (each word gets
a number of slots proportional to its weight, at least one) with the top bits of the
32-bit integers of one `randbytes` call per document, i.e. no Python code runs per word.
1,000,000 documents of 600 words take a few minutes on one core.
"""

import argparse
import bisect
import itertools
import json
import random
import sys
import time

VOCABULARY = 50_000
ZIPF_OFFSET = 2.7
TABLE_BITS = 18
PARAGRAPHS = (6, 10)
SENTENCE_WORDS = (6, 24)

ONSETS = [
    "", "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v",
    "w", "z", "br", "tr", "st", "ch", "sh", "th",
]
VOWELS = ["a", "e", "i", "o", "u", "a", "e", "i", "o", "ea", "ou", "y"]
CODAS = ["", "", "", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ck"]


def make_vocabulary(seed, size=VOCABULARY):
    """`size` distinct pseudo-words, shortest (most frequent) first."""
    rng = random.Random(f"vocabulary/{seed}")
    words, seen = [], set()
    syllables = 1
    while len(words) < size:
        # Short words for the frequent ranks, longer ones further down.
        if len(words) > 1_000:
            syllables = 2
        if len(words) > 25_000:
            syllables = 3
        word = "".join(
            rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
            for _ in range(syllables)
        )
        if word not in seen and len(word) > 1:
            seen.add(word)
            words.append(word)
    return words


def make_table(words, bits=TABLE_BITS):
    """A list of 2^bits words in which word r fills a share of slots proportional to
    1 / (r + ZIPF_OFFSET), at least one slot each (largest-remainder rounding)."""
    slots = 1 << bits
    weights = [1.0 / (r + 1 + ZIPF_OFFSET) for r in range(len(words))]
    spare = slots - len(words)
    total = sum(weights)
    exact = [w / total * spare for w in weights]
    counts = [1 + int(x) for x in exact]
    left = slots - sum(counts)
    order = sorted(range(len(words)), key=lambda r: exact[r] - int(exact[r]), reverse=True)
    for r in order[:left]:
        counts[r] += 1
    table = []
    for word, count in zip(words, counts):
        table.extend([word] * count)
    assert len(table) == slots
    return table


class Generator:
    def __init__(self, seed, words):
        self.seed = seed
        self.words = words
        self.vocabulary = make_vocabulary(seed)
        self.table = make_table(self.vocabulary)
        self.shift = (32 - TABLE_BITS).__rrshift__
        self.rng = random.Random()

    def draw(self, k):
        """k words from the Zipf table (no per-word Python code)."""
        raw = memoryview(self.rng.randbytes(4 * k)).cast("I")
        return list(map(self.table.__getitem__, map(self.shift, raw)))

    def original(self, index):
        """The paragraphs (lists of rendered tokens) of original document `index`."""
        rng = self.rng
        rng.seed(f"{self.seed}/{index}")
        n = max(20, round(self.words * rng.uniform(0.85, 1.15)))
        tokens = self.draw(n)
        # Sentences: lengths in one call, then one capitalisation and one full stop each.
        lengths = rng.choices(range(SENTENCE_WORDS[0], SENTENCE_WORDS[1] + 1), k=n // 6 + 2)
        ends = []
        for end in itertools.accumulate(lengths):
            if end >= n:
                break
            ends.append(end)
        ends.append(n)
        start = 0
        for end in ends:
            tokens[start] = tokens[start].capitalize()
            tokens[end - 1] += "?" if rng.random() < 0.05 else "."
            start = end
        for i in rng.sample(range(n), n // 25):
            if tokens[i][-1].isalpha():
                tokens[i] += ","
        # Paragraphs break at sentence ends.
        count = min(rng.randint(*PARAGRAPHS), len(ends))
        breaks = sorted(rng.sample(ends[:-1], count - 1)) + [n]
        paragraphs, start = [], 0
        for end in breaks:
            paragraphs.append(tokens[start:end])
            start = end
        return paragraphs

    def copy(self, index, source, max_edit):
        """A near-copy of original `source`: (paragraphs, edit rate)."""
        paragraphs = self.original(source)
        rng = self.rng
        rng.seed(f"{self.seed}/{index}")
        rate = rng.uniform(0.0, max_edit)
        offsets = list(itertools.accumulate(len(p) for p in paragraphs))
        n = offsets[-1]
        k = round(rate * n)
        positions = sorted(rng.sample(range(n), k), reverse=True)
        ops = rng.choices("sid", k=k)
        fresh = self.draw(k)
        for position, op, word in zip(positions, ops, fresh):
            p = bisect.bisect_right(offsets, position)
            local = position - (offsets[p - 1] if p else 0)
            paragraph = paragraphs[p]
            if op == "s":
                paragraph[local] = word
            elif op == "i":
                paragraph.insert(local, word)
            elif len(paragraph) > 1:
                del paragraph[local]
        if rng.random() < 1 / 3:
            for _ in range(rng.randint(1, 2)):
                moved = paragraphs.pop(rng.randrange(len(paragraphs)))
                paragraphs.insert(rng.randrange(len(paragraphs) + 1), moved)
        return paragraphs, k / n if n else 0.0


def render(paragraphs):
    return "\n\n".join(" ".join(p) for p in paragraphs)


def generate(out, docs, words=600, dup_rate=0.2, max_edit=0.25, seed=1, progress=False):
    """Writes `docs` records to the text file `out`; returns the number of copies."""
    gen = Generator(seed, words)
    layout = random.Random(f"layout/{seed}")
    width = max(6, len(str(docs)))
    originals = []
    copies = 0
    started = time.time()
    dumps = json.dumps
    write = out.write
    for i in range(docs):
        ident = f"doc{i + 1:0{width}d}"
        if originals and layout.random() < dup_rate:
            source = originals[layout.randrange(len(originals))]
            paragraphs, rate = gen.copy(i, source, max_edit)
            record = {"id": ident, "text": render(paragraphs),
                      "source": f"doc{source + 1:0{width}d}", "edit_rate": round(rate, 4)}
            copies += 1
        else:
            originals.append(i)
            record = {"id": ident, "text": render(gen.original(i)), "source": None,
                      "edit_rate": 0.0}
        write(dumps(record))
        write("\n")
        if progress and (i + 1) % 100_000 == 0:
            rate = (i + 1) / (time.time() - started)
            print(f"  {i + 1:,} documents ({rate:,.0f}/s)", file=sys.stderr)
    return copies


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000, help="documents (default 100000)")
    parser.add_argument("--words", type=int, default=600, help="mean words per document")
    parser.add_argument("--dup-rate", type=float, default=0.2,
                        help="share of documents that are near-copies (default 0.2)")
    parser.add_argument("--max-edit", type=float, default=0.25,
                        help="copies' edit rates are uniform in [0, this] (default 0.25)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default="-", help="output JSONL file (default stdout)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args()

    started = time.time()
    if args.out == "-":
        copies = generate(sys.stdout, args.docs, args.words, args.dup_rate, args.max_edit,
                          args.seed, progress=not args.quiet)
    else:
        with open(args.out, "w", encoding="utf-8", buffering=1 << 20) as out:
            copies = generate(out, args.docs, args.words, args.dup_rate, args.max_edit,
                              args.seed, progress=not args.quiet)
    if not args.quiet:
        print(f"{args.docs:,} documents ({copies:,} near-copies) in "
              f"{time.time() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
