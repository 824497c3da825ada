#!/usr/bin/env python3
"""Main-content extraction quality: 4-gram shingle precision, recall and F1 against the
reference article bodies of `../shared/eval/html-dev/` (its README defines the metric).

Usage (from the repository root; plain Python 3, standard library only):
    python3 benches/extraction_f1.py OUTPUT.jsonl
    python3 benches/extraction_f1.py --command "target/release/copydesk extract --format jsonl"

OUTPUT.jsonl holds one `{"id": ..., "text": ...}` a line. With `--command`, every page is
decompressed into a temporary folder as `<id>.html`, the command is run as
`COMMAND <folder>`, and its stdout is read as that JSONL (an `id` may then be the file's
path or name: it is mapped back by its basename without the extension).

Prints `P 0.xxx R 0.xxx F1 0.xxx ±0.xxx n=60 missing=M`; `--per-page` first lists every
page's precision and recall, worst F1 first.
"""

import argparse
import collections
import gzip
import json
import os
import random
import re
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "..", "shared", "eval", "html-dev")
TOKEN = re.compile(r"\w+")  # str patterns match Unicode word characters
SHINGLE = 4


def shingles(text):
    """The multiset of runs of SHINGLE tokens; 1 to SHINGLE-1 tokens give one shorter run."""
    tokens = TOKEN.findall(text or "")
    if not tokens:
        return collections.Counter()
    runs = max(1, len(tokens) - SHINGLE + 1)
    return collections.Counter(tuple(tokens[i : i + SHINGLE]) for i in range(runs))


def page_scores(output, reference):
    """(precision or None when the output has no tokens, recall) of one page."""
    out, ref = shingles(output), shingles(reference)
    tp = sum((out & ref).values())
    fp = sum(out.values()) - tp
    fn = sum(ref.values()) - tp
    precision = tp / (tp + fp) if out else None
    recall = tp / (tp + fn) if ref else 0.0
    return precision, recall


def f1_of(scores):
    """(P, R, F1) from per-page (precision, recall) pairs, as the README averages them."""
    precisions = [p for p, _ in scores if p is not None]
    p = statistics.fmean(precisions) if precisions else 0.0
    r = statistics.fmean(r for _, r in scores) if scores else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bootstrap_sd(scores, rounds, seed):
    rng = random.Random(seed)
    f1s = [f1_of(rng.choices(scores, k=len(scores)))[2] for _ in range(rounds)]
    return statistics.pstdev(f1s)


def read_references(data):
    with open(os.path.join(data, "ground-truth.jsonl"), encoding="utf-8") as f:
        return {rec["id"]: rec["text"] for rec in map(json.loads, f) if rec}


def page_id(raw):
    """A record's id: a page id, a file name or a path, reduced to the page id."""
    name = os.path.basename(str(raw))
    for ext in (".gz", ".html", ".htm"):
        if name.endswith(ext):
            name = name[: -len(ext)]
    return name


def parse_outputs(lines):
    outputs = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as err:
            sys.exit(f"output line {number} is not JSON: {err}")
        if isinstance(rec, dict) and "id" in rec:
            outputs[page_id(rec["id"])] = rec.get("text") or ""
    return outputs


def decompress_pages(data, ids, folder):
    for pid in ids:
        with gzip.open(os.path.join(data, "pages", pid + ".html.gz"), "rb") as src:
            with open(os.path.join(folder, pid + ".html"), "wb") as dst:
                dst.write(src.read())


def run_command(command, data, ids):
    with tempfile.TemporaryDirectory(prefix="extraction-f1-") as folder:
        decompress_pages(data, ids, folder)
        done = subprocess.run(
            [*shlex.split(command), folder], capture_output=True, text=True
        )
    if done.returncode != 0:
        sys.exit(f"{command} failed ({done.returncode}): {done.stderr[-2000:]}")
    return parse_outputs(done.stdout.splitlines())


def print_per_page(ids, scores):
    def f1(pr):
        p, r = pr
        return 2 * p * r / (p + r) if p and p + r else 0.0

    for pid, pr in sorted(zip(ids, scores), key=lambda item: f1(item[1])):
        p = "  -  " if pr[0] is None else f"{pr[0]:.3f}"
        print(f"{pid[:16]}  P {p}  R {pr[1]:.3f}  F1 {f1(pr):.3f}")


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the listing quietly
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", nargs="?", help="JSONL of {id, text} to score")
    parser.add_argument("--command", help="run COMMAND <folder> and score its stdout")
    parser.add_argument("--data", default=DATA, help="folder with pages/ and ground-truth.jsonl")
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-page", action="store_true")
    args = parser.parse_args()
    if (args.output is None) == (args.command is None):
        parser.error("give either an output file or --command")
    if not os.path.isdir(args.data):
        sys.exit(f"no evaluation data at {args.data}")
    references = read_references(args.data)
    ids = sorted(references)
    if args.command:
        outputs = run_command(args.command, args.data, ids)
    else:
        with open(args.output, encoding="utf-8") as f:
            outputs = parse_outputs(f)
    missing = sum(1 for pid in ids if pid not in outputs)
    scores = [page_scores(outputs.get(pid, ""), references[pid]) for pid in ids]
    if args.per_page:
        print_per_page(ids, scores)
    p, r, f1 = f1_of(scores)
    sd = bootstrap_sd(scores, args.bootstrap, args.seed)
    print(f"P {p:.3f} R {r:.3f} F1 {f1:.3f} ±{sd:.3f} n={len(ids)} missing={missing}")


if __name__ == "__main__":
    main()
