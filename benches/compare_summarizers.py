#!/usr/bin/env python3
r"""Compare copydesk's extractive summaries with the Python peers, sumy and summa.

One run, on the same texts, measures two things:

1. Speed. Every text is summarized to 3 sentences by
   - copydesk: ONE process over a JSONL file of all texts, timed by wall clock from
     spawn to exit (startup, JSON input and output included). It runs with all cores and
     again with RAYON_NUM_THREADS=1. Each setting is run `--copydesk-runs` times (default
     3) and the best run is kept.
   - summa 1.2 TextRank, in process: `summa.summarizer.summarize(text)` with its default
     budget `ratio=0.2` (about 3 sentences of a 16-sentence BBC article). summa scores
     every sentence whatever the budget, so the budget barely changes its cost.
   - sumy 0.13 TextRank, in process: `PlaintextParser.from_string(text,
     Tokenizer("english"))` then `TextRankSummarizer(Stemmer("english"))` with English
     stop words and `sentences_count=3`. The summarizer is built once; parsing is timed.
   Peers run once each (`--repeat N` runs them N times and keeps the best). The report
   gives docs/s and how many times faster copydesk is than each peer.

2. Quality, for the record: ROUGE-1/2/L F1 x100 from `rouge_score.rouge_scorer.
   RougeScorer(['rouge1', 'rouge2', 'rougeL'], use_stemmer=True)`, following
   ../shared/eval/README.md. The summary length k is
   - BBC: the number of sentences in the reference, i.e. the pieces of
     `re.split(r'(?<=[.!?])(?=[A-Z"\u201c])', summary.strip())`;
   - CNN/DM (or any `--k K`): K sentences for every document (`cnndm*` files default
     to 3).
   A system's sentences are joined with newlines before scoring. Systems:
   - lead-k: the first k sentences by `nltk.sent_tokenize` (the README's lead figure);
   - copydesk: records grouped by k, one process per distinct k (`-n k`), sentences
     taken from `sentences[*].text` in output order;
   - sumy TextRank with `sentences_count=k`;
   - summa TextRank with `words=len(reference.split())`, the README's word budget
     (used for CNN/DM as well, where k is fixed: the README's summa figures use the
     reference length for both sets).
   The README's reference figures are printed beside the measured ones; they apply to
   the full files only (not with `--limit`).

copydesk's output is checked as it is read (one record per input, same ids, same
order, k sentences or all of a shorter document, non-empty summaries). The report
also counts the documents where copydesk chose exactly the first k sentences, and
warns when every sentence scored 1/n, so that a fast but idle ranking cannot pass
unnoticed.

Run from the repository root with the Python of the peers' virtualenv, made by
../shared/tools/peers-setup.sh (default .peers/):

    .peers/bin/python benches/compare_summarizers.py
    .peers/bin/python benches/compare_summarizers.py --limit 200
    .peers/bin/python benches/compare_summarizers.py \
        --data ../shared/eval/cnndm-dev.jsonl --k 3
    .peers/bin/python benches/compare_summarizers.py --skip-quality --repeat 3

If the data file is missing the script says so and exits 0. If the copydesk binary is
missing it runs `cargo build --release` first.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "eval" / "bbc-summaries-dev.jsonl"
DEFAULT_COPYDESK = REPO / "target" / "release" / "copydesk"

SPEED_SENTENCES = 3
SUMMA_SPEED_RATIO = 0.2
BBC_SENTENCE_SPLIT = re.compile(r'(?<=[.!?])(?=[A-Z"\u201c])')
ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")

# ROUGE F1 x100 (R1, R2, RL) from ../shared/eval/README.md, measured on the full files.
REFERENCE_FIGURES = {
    "bbc": {
        "lead-k": (63.29, 50.85, 42.09),
        "sumy TextRank": (77.62, 70.36, 50.63),
        "summa TextRank": (80.30, 73.46, 52.45),
    },
    "cnndm": {
        "lead-k": (29.11, 11.12, 19.49),
        "sumy TextRank": (25.60, 9.10, 17.36),
        "summa TextRank": (25.84, 8.06, 17.31),
    },
}


# ---------------------------------------------------------------- input and setup


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Speed and ROUGE of copydesk against sumy and summa TextRank.")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA,
                   help="JSONL with id, text, summary (default: %(default)s)")
    p.add_argument("--copydesk", type=Path, default=DEFAULT_COPYDESK,
                   help="copydesk binary; built with cargo if missing (default: %(default)s)")
    p.add_argument("--limit", type=int, default=None, help="use only the first N records")
    p.add_argument("--k", type=int, default=None,
                   help="fixed summary length for quality (default: reference's sentence "
                        "count; 3 for cnndm* files)")
    p.add_argument("--repeat", type=int, default=1,
                   help="timed runs of each peer, best kept (default: %(default)s)")
    p.add_argument("--copydesk-runs", type=int, default=3,
                   help="timed runs of copydesk per setting, best kept (default: %(default)s)")
    p.add_argument("--skip-speed", action="store_true", help="skip the speed part")
    p.add_argument("--skip-quality", action="store_true", help="skip the ROUGE part")
    return p.parse_args()


def load_records(path: Path, limit: int | None) -> list[dict]:
    """Reads JSONL records that have an id and a text, keeping the first `limit`."""
    records = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                records.append(json.loads(line))
            if limit is not None and len(records) >= limit:
                break
    ids = [r["id"] for r in records]
    if len(set(ids)) != len(ids):
        sys.exit(f"error: {path} has duplicate ids; copydesk output is matched by id")
    return records


def dataset_kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.startswith("bbc-summaries"):
        return "bbc"
    if name.startswith("cnndm"):
        return "cnndm"
    return None


def ensure_copydesk(binary: Path) -> Path:
    """Returns the copydesk binary, running `cargo build --release` if it is missing."""
    if not binary.is_file():
        print(f"{binary} not found: running cargo build --release in {REPO}", file=sys.stderr)
        subprocess.run(["cargo", "build", "--release"], cwd=REPO, check=True)
    if not binary.is_file():
        sys.exit(f"error: {binary} still missing after cargo build --release")
    return binary


def write_jsonl(records: list[dict], directory: str, name: str) -> Path:
    path = Path(directory) / name
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n")
    return path


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- systems


def run_copydesk(binary: Path, jsonl: Path, k: int, threads: int | None) -> tuple[float, list[dict]]:
    """Runs one copydesk process over a JSONL file; returns (wall seconds, parsed output)."""
    env = dict(os.environ)
    env.pop("RAYON_NUM_THREADS", None)
    if threads is not None:
        env["RAYON_NUM_THREADS"] = str(threads)
    cmd = [str(binary), "summarize", "-q", "--input-format", "jsonl", "--format", "jsonl",
           "-n", str(k), str(jsonl)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"error: {' '.join(cmd)} exited {proc.returncode}:\n"
                 f"{proc.stderr.decode(errors='replace')}")
    return elapsed, [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def check_copydesk_output(records: list[dict], output: list[dict], k: int) -> None:
    """Asserts one summary per record, in input order, with k sentences (or all of them)."""
    got = [o["id"] for o in output]
    want = [r["id"] for r in records]
    assert got == want, f"copydesk returned {len(got)} records, ids/order differ from input"
    for o in output:
        n = len(o["sentences"])
        assert n == min(k, o["sentence_count"]), f"{o['id']}: {n} sentences, asked for {k}"
        assert o["summary"].strip(), f"{o['id']}: empty summary"
        assert all(s["text"].strip() for s in o["sentences"]), f"{o['id']}: empty sentence"


def make_sumy():
    """Returns summarize(text, k) -> list of sentences, with sumy TextRank."""
    from sumy.nlp.stemmers import Stemmer
    from sumy.nlp.tokenizers import Tokenizer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    tokenizer = Tokenizer("english")
    summarizer = TextRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")

    def summarize(text: str, k: int) -> list[str]:
        document = PlaintextParser.from_string(text, tokenizer).document
        return [str(s) for s in summarizer(document, sentences_count=k)]

    return summarize


def make_summa():
    """Returns summarize(text, **budget) -> list of sentences, with summa TextRank."""
    from summa.summarizer import summarize as summa

    def summarize(text: str, **budget) -> list[str]:
        # summa gives the chosen sentences joined with newlines.
        return [s for s in summa(text, **budget).split("\n") if s.strip()]

    return summarize


def make_lead():
    """Returns lead(text, k) -> the first k sentences by nltk's sent_tokenize."""
    from nltk.tokenize import sent_tokenize

    return lambda text, k: sent_tokenize(text)[:k]


# ---------------------------------------------------------------- speed


def time_in_process(texts: list[str], fn, repeat: int) -> tuple[float, int]:
    """Best wall time of `repeat` passes of fn over all texts, and the empty results."""
    best, empty = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        outputs = [fn(t) for t in texts]
        best = min(best, time.perf_counter() - start)
        empty = sum(1 for o in outputs if not o)
    assert empty < len(texts), "the peer returned only empty summaries"
    return best, empty


def time_copydesk(binary: Path, records: list[dict], jsonl: Path, threads: int | None,
                  runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        elapsed, output = run_copydesk(binary, jsonl, SPEED_SENTENCES, threads)
        check_copydesk_output(records, output, SPEED_SENTENCES)
        best = min(best, elapsed)
    return best


def speed_part(args, binary: Path, records: list[dict], tmp: str) -> None:
    texts = [r["text"] for r in records]
    n = len(texts)
    jsonl = write_jsonl(records, tmp, "speed.jsonl")
    cores = os.cpu_count()
    summa, sumy = make_summa(), make_sumy()
    best_of = f"1 process, best of {args.copydesk_runs}"
    peer_runs = "in process, 1 run" if args.repeat == 1 else f"in process, best of {args.repeat}"

    progress(f"speed: copydesk, {cores} threads, {best_of}")
    t_multi = time_copydesk(binary, records, jsonl, None, args.copydesk_runs)
    progress(f"speed: copydesk, 1 thread, {best_of}")
    t_single = time_copydesk(binary, records, jsonl, 1, args.copydesk_runs)
    progress(f"speed: summa, {peer_runs}")
    t_summa, empty_summa = time_in_process(
        texts, lambda t: summa(t, ratio=SUMMA_SPEED_RATIO), args.repeat)
    progress(f"speed: sumy, {peer_runs}")
    t_sumy, empty_sumy = time_in_process(
        texts, lambda t: sumy(t, SPEED_SENTENCES), args.repeat)

    rows = [
        (f"copydesk ({cores} threads)", best_of, t_multi),
        ("copydesk (RAYON_NUM_THREADS=1)", best_of, t_single),
        (f"summa TextRank (ratio={SUMMA_SPEED_RATIO})", peer_runs, t_summa),
        (f"sumy TextRank ({SPEED_SENTENCES} sentences)", peer_runs, t_sumy),
    ]
    print(f"\nSpeed: {n} documents, {SPEED_SENTENCES}-sentence summaries (wall clock)")
    print(format_table(["system", "timing", "seconds", "docs/s"],
                       [(name, how, f"{t:.3f}", f"{n / t:,.0f}") for name, how, t in rows]))
    print()
    print(format_table(["copydesk speed-up", "vs summa", "vs sumy"],
                       [(name, f"{t_summa / t:.1f}x", f"{t_sumy / t:.1f}x")
                        for name, _, t in rows[:2]]))
    for name, empty in [("summa", empty_summa), ("sumy", empty_sumy)]:
        if empty:
            print(f"note: {name} returned an empty summary for {empty} of {n} documents")


# ---------------------------------------------------------------- quality


def summary_lengths(records: list[dict], fixed_k: int | None) -> list[int]:
    if fixed_k is not None:
        return [fixed_k] * len(records)
    return [max(1, len(BBC_SENTENCE_SPLIT.split(r["summary"].strip()))) for r in records]


def copydesk_by_k(binary: Path, records: list[dict], ks: list[int], tmp: str) -> list[dict]:
    """One copydesk process per distinct k; returns each record's output, in input order."""
    groups: dict[int, list[dict]] = defaultdict(list)
    for r, k in zip(records, ks):
        groups[k].append(r)
    by_id: dict[str, dict] = {}
    for k, group in sorted(groups.items()):
        _, output = run_copydesk(binary, write_jsonl(group, tmp, f"k{k}.jsonl"), k, None)
        check_copydesk_output(group, output, k)
        by_id.update((o["id"], o) for o in output)
    return [by_id[r["id"]] for r in records]


def copydesk_notes(outputs: list[dict]) -> list[str]:
    """Notes on copydesk's choices, warning when its ranking looks degenerate."""
    n = len(outputs)
    lead_only = sum(1 for o in outputs
                    if [s["index"] for s in o["sentences"]] == list(range(len(o["sentences"]))))
    ranked = [o for o in outputs if o["sentence_count"] > 1]
    uniform = sum(1 for o in ranked
                  if all(abs(s["score"] - 1 / o["sentence_count"]) < 1e-9
                         for s in o["sentences"]))
    notes = [f"copydesk chose exactly the first k sentences in {lead_only} of {n} documents"]
    if ranked and uniform == len(ranked):
        notes.append("WARNING: copydesk scored every sentence 1/n in every document: "
                     "its ranking is not running, so it is measured as lead-k")
    return notes


def rouge_f1(references: list[str], systems: list[list[str]]) -> tuple[float, ...]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    totals = dict.fromkeys(ROUGE_TYPES, 0.0)
    for reference, sentences in zip(references, systems):
        scores = scorer.score(reference, "\n".join(sentences))
        for t in ROUGE_TYPES:
            totals[t] += scores[t].fmeasure
    return tuple(100 * totals[t] / len(references) for t in ROUGE_TYPES)


def quality_part(args, binary: Path, records: list[dict], tmp: str) -> None:
    kind = dataset_kind(args.data)
    fixed_k = args.k if args.k is not None else (3 if kind == "cnndm" else None)
    ks = summary_lengths(records, fixed_k)
    references = [r["summary"] for r in records]
    texts = [r["text"] for r in records]
    lead, summa, sumy = make_lead(), make_summa(), make_sumy()
    copydesk_outputs: list[dict] = []

    def copydesk() -> list[list[str]]:
        copydesk_outputs.extend(copydesk_by_k(binary, records, ks, tmp))
        return [[s["text"] for s in o["sentences"]] for o in copydesk_outputs]

    systems = []
    for name, produce in [
        ("lead-k", lambda: [lead(t, k) for t, k in zip(texts, ks)]),
        ("copydesk", copydesk),
        ("sumy TextRank", lambda: [sumy(t, k) for t, k in zip(texts, ks)]),
        ("summa TextRank", lambda: [summa(t, words=len(ref.split()))
                                    for t, ref in zip(texts, references)]),
    ]:
        progress(f"quality: {name}")
        start = time.perf_counter()
        summaries = produce()
        progress(f"quality: {name} done in {time.perf_counter() - start:.1f}s")
        systems.append((name, rouge_f1(references, summaries)))

    k_note = (f"k = {fixed_k} for every document" if fixed_k is not None else
              f"k = sentences in the reference (mean {sum(ks) / len(ks):.2f}, "
              f"{len(set(ks))} distinct values)")
    print(f"\nQuality: ROUGE F1 x100 on {len(records)} documents, {k_note}")
    print("lead-k: nltk sent_tokenize; copydesk: -n k, one process per k; "
          "sumy: sentences_count=k; summa: words = reference length")
    reference = REFERENCE_FIGURES.get(kind) if args.limit is None else None
    headers = ["system", "R1", "R2", "RL"] + (["README R1 / R2 / RL"] if reference else [])
    rows = []
    for name, scores in systems:
        row = [name] + [f"{s:.2f}" for s in scores]
        if reference:
            figures = reference.get(name)
            row.append(" / ".join(f"{s:.2f}" for s in figures) if figures else "-")
        rows.append(row)
    print(format_table(headers, rows))
    for note in copydesk_notes(copydesk_outputs):
        print(note)


# ---------------------------------------------------------------- report


def format_table(headers: list[str], rows: list) -> str:
    """Plain-text table: first column left-aligned, the others right-aligned."""
    cells = [list(map(str, headers))] + [list(map(str, r)) for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row):
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(row, widths))).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule] + [line(r) for r in cells[1:]])


def print_header(args, binary: Path, n: int) -> None:
    copydesk_version = subprocess.run([str(binary), "--version"], capture_output=True,
                                      text=True).stdout.strip() or "copydesk"
    print(f"data:     {args.data} ({n} documents)")
    print(f"copydesk: {binary} ({copydesk_version})")
    print(f"peers:    sumy {version('sumy')}, summa {version('summa')}, "
          f"rouge-score {version('rouge-score')}, nltk {version('nltk')}; "
          f"Python {platform.python_version()}")
    print(f"machine:  {os.cpu_count()} cores, {platform.machine()}")


def main() -> int:
    args = parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # keep results and stderr progress in order
    if not args.data.is_file():
        print(f"data file {args.data} not found; nothing to compare "
              f"(see ../shared/eval/README.md)")
        return 0
    records = load_records(args.data, args.limit)
    if not records:
        print(f"data file {args.data} has no records; nothing to compare")
        return 0
    binary = ensure_copydesk(args.copydesk)
    print_header(args, binary, len(records))
    with tempfile.TemporaryDirectory(prefix="copydesk-bench-") as tmp:
        if not args.skip_speed:
            speed_part(args, binary, records, tmp)
        if not args.skip_quality:
            quality_part(args, binary, records, tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
