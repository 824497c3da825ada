#!/usr/bin/env python3
"""Near-duplicate paragraphs (`copydesk dedup --paragraphs`): the shingle length, and
the cost of a paragraph that recurs in every document.

Part `ngram` (no copydesk needed): on `../shared/eval/bbc-summaries-dev.jsonl` (or
`--data`), the paragraphs (blank-line separated) of at least 8 words, folded to
words as copydesk folds them (lowercased runs of letters and digits). For each
shingle length n in 1..5 it prints:
  - recall: the share of paragraphs whose copy with one middle word replaced (a
    figure) still has Jaccard >= 0.8 with the original, and the same with two
    adjacent words replaced (a name);
  - distinct pairs: pairs of paragraphs with different words whose Jaccard reaches
    0.3, 0.5 and 0.8 (candidates from an inverted index of shingles, leaving out
    shingles found in more than 300 paragraphs, which only pairs already sharing
    many others could need), and, for n = 2, every pair at 0.8 so they can be read.

Part `scaling`: synthetic corpora of N documents (`--sizes`, default 2500, 5000,
10000, 20000). Every document has a paragraph of its own, the same boilerplate
paragraph, and the same wire paragraph with its own figure (N variants, each one
changed word from the others). `copydesk dedup --paragraphs --format jsonl` must
report exactly two groups of N locations (checked); the wall-clock and CPU time per
run (best of `--repeat`, default 3) and the CPU time's ratio to the previous size are
printed (CPU time, because a shared machine's load moves wall-clock time): a
near-linear cost doubles with N, a quadratic one would quadruple.

Run from the repository root with any Python 3 (no dependencies); for `scaling`,
copydesk must be built (`--bin`, default target/release/copydesk, else
target/debug/copydesk).
"""

import argparse
import collections
import itertools
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time

WORD = re.compile(r"[^\W_]+")

BOILERPLATE = (
    "This story is published under the newsroom's republishing licence and may be "
    "copied with credit to the Copydesk Wire and a link to the original article."
)
WIRE = (
    "Emergency crews said {n} people were taken to hospital after the ferry struck the "
    "harbour wall in heavy fog early on Sunday morning, and the coast guard closed the "
    "port until further notice."
)


def words(text):
    return WORD.findall(text.lower())


def shingles(ws, n):
    n = min(n, len(ws))
    return {tuple(ws[i : i + n]) for i in range(len(ws) - n + 1)}


def jaccard(a, b):
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def bbc_paragraphs(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            for i, text in enumerate(record["text"].split("\n\n")):
                ws = words(text)
                if len(ws) >= 8:
                    out.append((record["id"], i, ws))
    return out


def recall(paragraphs, n):
    one = two = 0
    for _, _, ws in paragraphs:
        m = len(ws) // 2
        figure = ws[:m] + ["zz9"] + ws[m + 1 :]
        name = ws[:m] + ["qqa", "qqb"] + ws[m + 2 :] if len(ws) > m + 2 else figure
        original = shingles(ws, n)
        one += jaccard(original, shingles(figure, n)) >= 0.8
        two += jaccard(original, shingles(name, n)) >= 0.8
    return one / len(paragraphs), two / len(paragraphs)


def similar_pairs(paragraphs, n):
    """{(i, j): jaccard} for distinct paragraphs with Jaccard >= 0.3."""
    sets = [shingles(ws, n) for _, _, ws in paragraphs]
    index = collections.defaultdict(list)
    for i, s in enumerate(sets):
        for g in s:
            index[g].append(i)
    shared = collections.Counter()
    for members in index.values():
        if len(members) <= 300:
            shared.update(itertools.combinations(members, 2))
    found = {}
    for (i, j), c in shared.items():
        if paragraphs[i][2] == paragraphs[j][2]:
            continue
        value = c / (len(sets[i]) + len(sets[j]) - c)
        if value >= 0.3:
            found[(i, j)] = value
    return found


def part_ngram(path):
    if not os.path.exists(path):
        print(f"{path}: not found, skipping the n-gram part")
        return
    paragraphs = bbc_paragraphs(path)
    lengths = sorted(len(ws) for _, _, ws in paragraphs)
    under = sum(1 for x in lengths if x < 29) / len(lengths)
    print(f"{len(paragraphs)} paragraphs of 8+ words, median {lengths[len(lengths) // 2]} "
          f"words, {under:.0%} under 29 words")
    print("n  recall 1 word  recall 2 words  pairs>=0.3  pairs>=0.5  pairs>=0.8")
    for n in range(1, 6):
        one, two = recall(paragraphs, n)
        pairs = similar_pairs(paragraphs, n)
        counts = [sum(1 for v in pairs.values() if v >= t) for t in (0.3, 0.5, 0.8)]
        print(f"{n}  {one:13.3f}  {two:14.3f}  {counts[0]:10}  {counts[1]:10}  {counts[2]:10}")
        if n == 2:
            at_bar = sorted((v, i, j) for (i, j), v in pairs.items() if v >= 0.8)
    print("pairs of distinct paragraphs at 0.8 with word pairs:")
    for v, i, j in at_bar:
        a, b = paragraphs[i], paragraphs[j]
        print(f"  {v:.2f} {a[0]}#{a[1]} {b[0]}#{b[1]}: {' '.join(a[2][:12])} ... "
              f"|| {' '.join(b[2][:12])} ...")


def synthetic(n_docs, seed=1):
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou")
                          for _ in range(rng.randint(1, 3))) for _ in range(5000)]
    lines = []
    for i in range(n_docs):
        own = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(20, 60)))
        text = f"{own.capitalize()}.\n\n{WIRE.format(n=i)}\n\n{BOILERPLATE}\n"
        lines.append(json.dumps({"id": f"doc{i:06}", "text": text}))
    return "\n".join(lines) + "\n"


def cpu_of_children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(binary, path):
    """(wall seconds, CPU seconds, paragraph groups) of one run."""
    start, cpu = time.perf_counter(), cpu_of_children()
    out = subprocess.run(
        [binary, "dedup", path, "--input-format", "jsonl", "--paragraphs",
         "--format", "jsonl", "-q"],
        check=True, capture_output=True, text=True,
    ).stdout
    elapsed, cpu = time.perf_counter() - start, cpu_of_children() - cpu
    groups = [r for r in map(json.loads, out.splitlines()) if r["type"] == "paragraph_group"]
    return elapsed, cpu, groups


def part_scaling(binary, sizes, repeat):
    print(f"{binary}")
    print("documents  wall s (best)  CPU s (best)  CPU ratio to previous")
    previous = None
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = os.path.join(tmp, f"corpus-{n}.jsonl")
            with open(path, "w", encoding="utf-8") as f:
                f.write(synthetic(n))
            runs = []
            for _ in range(repeat):
                elapsed, cpu, groups = run_once(binary, path)
                sizes_found = sorted(g["size"] for g in groups)
                if sizes_found != [n, n]:
                    sys.exit(f"{n} documents: expected two groups of {n}, got {sizes_found}")
                runs.append((elapsed, cpu))
            wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
            ratio = f"{cpu / previous:.2f}" if previous else "-"
            print(f"{n:9}  {wall:13.3f}  {cpu:12.3f}  {ratio:>21}")
            previous = cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["ngram", "scaling", "all"], default="all")
    parser.add_argument("--data", default="../shared/eval/bbc-summaries-dev.jsonl")
    parser.add_argument("--bin", default=None)
    parser.add_argument("--sizes", default="2500,5000,10000,20000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.part in ("ngram", "all"):
        part_ngram(args.data)
    if args.part in ("scaling", "all"):
        binary = args.bin or next(
            (b for b in ("target/release/copydesk", "target/debug/copydesk")
             if os.path.exists(b)), None)
        if binary is None:
            sys.exit("build copydesk first (cargo build --release)")
        part_scaling(binary, [int(s) for s in args.sizes.split(",")], args.repeat)


if __name__ == "__main__":
    main()
