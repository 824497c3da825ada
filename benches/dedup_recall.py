#!/usr/bin/env python3
"""Recall and precision of `copydesk dedup` (MinHash LSH) against `copydesk dedup --exact`.

`--exact` compares every pair of documents, so its pairs are all the pairs whose exact
Jaccard similarity of 5-word shingle sets reaches the threshold. The LSH run must report
a subset of them (it verifies its candidates exactly): pairs it reports that `--exact`
does not are false positives and should be 0. Its recall is given per Jaccard bin (0.05
wide, from the threshold up to 1.0), next to the recall the banding promises: the mean
over the bin's pairs of the probability 1 - (1 - J^rows)^bands that a pair of Jaccard J
shares a band (bands and rows from copydesk's header).

Corpora:
  (a) `../shared/eval/bbc-summaries-dev.jsonl` (relative to the repository root; skipped
      if absent; `--data` picks another file, repeatable),
  (b) a synthetic corpus from `gen_corpus.py` (`--docs`, default 5,000, so that the
      O(n^2) `--exact` run stays short; `--corpus` uses an existing file instead).
Thresholds: `--thresholds`, default 0.8,0.7,0.5 (the lower ones exercise more pairs).
`--exact` runs once per corpus at the lowest threshold; the exact pairs at a higher
threshold are those of its pairs that reach it. The LSH run is repeated per threshold
(the banding depends on it).

Run from the repository root with any Python 3 (no dependencies); copydesk must be built.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import gen_corpus  # noqa: E402


def copydesk(binary, path, threshold, exact):
    """Runs copydesk dedup; returns (pairs {(a, b): jaccard}, header, summary, seconds)."""
    cmd = [binary, "dedup", path, "--input-format", "jsonl", "--threshold", str(threshold),
           "--format", "jsonl", "-q"]
    if exact:
        cmd.append("--exact")
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr}")
    pairs, header, summary = {}, {}, {}
    for line in proc.stdout.splitlines():
        record = json.loads(line)
        if record["type"] == "pair":
            key = tuple(sorted((str(record["a"]), str(record["b"]))))
            pairs[key] = record["jaccard"]
        elif record["type"] == "header":
            header = record
        elif record["type"] == "summary":
            summary = record
    return pairs, header, summary, seconds


def candidate_probability(j, bands, rows):
    return 1.0 - (1.0 - j ** rows) ** bands


def bins_from(threshold, width=0.05):
    edges = []
    low = threshold
    while low < 1.0 - 1e-9:
        edges.append((round(low, 4), round(min(low + width, 1.0), 4)))
        low += width
    return edges


def report(name, path, thresholds, binary):
    print(f"## {name}")
    print()
    lowest = min(thresholds)
    exact_all, _, summary, exact_seconds = copydesk(binary, path, lowest, exact=True)
    docs = summary.get("documents", 0)
    print(f"{path}: {docs:,} documents; `--exact` at {lowest}: {len(exact_all):,} pairs in "
          f"{exact_seconds:.2f} s")
    print()
    for threshold in sorted(thresholds, reverse=True):
        lsh, header, _, lsh_seconds = copydesk(binary, path, threshold, exact=False)
        bands, rows = header["bands"], header["rows"]
        exact = {p: j for p, j in exact_all.items() if j >= threshold}
        false_positives = [p for p in lsh if p not in exact]
        mismatched = sum(abs(lsh[p] - exact[p]) > 1e-9 for p in lsh if p in exact)
        print(f"### threshold {threshold}: {bands} bands x {rows} rows "
              f"(LSH run {lsh_seconds:.2f} s)")
        print()
        print("| Jaccard | exact pairs | LSH pairs | recall | expected recall |")
        print("| --- | --- | --- | --- | --- |")
        edges = bins_from(threshold)
        for k, (low, high) in enumerate(edges):
            last = k == len(edges) - 1
            members = [p for p, j in exact.items()
                       if j >= low and (j < high or (last and j <= high))]
            found = sum(p in lsh for p in members)
            expected = (sum(candidate_probability(exact[p], bands, rows) for p in members)
                        / len(members)) if members else None
            label = f"[{low:.2f}, {high:.2f}" + ("]" if last else ")")
            print(f"| {label} | {len(members):,} | {found:,} | "
                  f"{percent(found, len(members))} | "
                  f"{'-' if expected is None else f'{100 * expected:.1f}%'} |")
        found = sum(p in lsh for p in exact)
        expected = (sum(candidate_probability(j, bands, rows) for j in exact.values())
                    / len(exact)) if exact else None
        print(f"| all >= {threshold} | {len(exact):,} | {found:,} | "
              f"{percent(found, len(exact))} | "
              f"{'-' if expected is None else f'{100 * expected:.1f}%'} |")
        print()
        precision = percent(len(lsh) - len(false_positives), len(lsh))
        print(f"LSH pairs not in `--exact` (false positives): {len(false_positives)}; "
              f"precision {precision}; pairs whose Jaccard differs between the runs: "
              f"{mismatched}")
        for p in false_positives[:5]:
            print(f"  false positive: {p[0]} {p[1]} J={lsh[p]:.4f}")
        print()


def percent(found, total):
    return f"{100 * found / total:.1f}%" if total else "-"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", action="append",
                        help="JSONL data set with id and text (default: "
                        "../shared/eval/bbc-summaries-dev.jsonl; repeatable)")
    parser.add_argument("--corpus", help="existing synthetic corpus instead of generating one")
    parser.add_argument("--docs", type=int, default=5_000,
                        help="synthetic documents (default 5000; 0 skips the synthetic corpus)")
    parser.add_argument("--seed", type=int, default=1, help="gen_corpus.py seed")
    parser.add_argument("--thresholds", default="0.8,0.7,0.5",
                        help="comma-separated thresholds (default 0.8,0.7,0.5)")
    parser.add_argument("--copydesk", default=os.path.join(ROOT, "target/release/copydesk"))
    args = parser.parse_args()

    thresholds = [float(t) for t in args.thresholds.split(",") if t.strip()]
    if not os.path.exists(args.copydesk):
        subprocess.run(["cargo", "build", "--release"], cwd=ROOT, check=True)
    data = args.data or [os.path.join(ROOT, "..", "shared", "eval", "bbc-summaries-dev.jsonl")]
    for path in data:
        if not os.path.exists(path):
            print(f"{path}: not found, skipped")
            print()
            continue
        report(os.path.basename(path), os.path.normpath(path), thresholds, args.copydesk)

    if args.corpus:
        report(f"synthetic corpus {os.path.basename(args.corpus)}", args.corpus, thresholds,
               args.copydesk)
    elif args.docs:
        with tempfile.TemporaryDirectory(prefix="dedup-recall-") as tmp:
            path = os.path.join(tmp, f"synthetic-{args.docs}.jsonl")
            with open(path, "w", encoding="utf-8") as out:
                gen_corpus.generate(out, args.docs, seed=args.seed)
            report(f"synthetic corpus (gen_corpus.py --docs {args.docs} --seed {args.seed})",
                   path, thresholds, args.copydesk)


if __name__ == "__main__":
    main()
