#!/usr/bin/env python3
r"""Compare copydesk's extractive summaries with the Python peers, sumy and summa.

One run measures, on the same texts:

1. Speed, on the first data set. Every text is summarized to 3 sentences by
   - copydesk (default configuration): ONE process over a JSONL file of all texts,
     timed by wall clock from spawn to exit (startup, JSON input and output included).
     It runs with all cores and again with RAYON_NUM_THREADS=1.
   - summa 1.2 TextRank, in process: `summa.summarizer.summarize(text)` with its default
     budget `ratio=0.2` (about 3 sentences of a 16-sentence BBC article). summa scores
     every sentence whatever the budget, so the budget barely changes its cost.
   - sumy 0.13 TextRank, in process: `PlaintextParser.from_string(text,
     Tokenizer("english"))` then `TextRankSummarizer(Stemmer("english"))` with English
     stop words and `sentences_count=3`. The summarizer is built once; parsing is timed.
   The timing runs in `--repeat` rounds (default 3). Each round runs each copydesk
   setting `--copydesk-runs` times (default 5) and each peer once, so every system
   samples the same stretch of a shared machine's load. The best run of each system
   is kept, and the median is shown beside it. The report gives docs/s and how many
   times faster copydesk is than each peer.

2. Quality, on every data set: ROUGE-1/2/L F1 x100 from `rouge_score.rouge_scorer.
   RougeScorer(['rouge1', 'rouge2', 'rougeL'], use_stemmer=True)`, following
   ../shared/eval/README.md. The summary length k is
   - BBC-style data: the number of sentences in the reference, i.e. the pieces of
     `re.split(r'(?<=[.!?])(?=[A-Z"\u201c])', summary.strip())`;
   - CNN/DM (`cnndm*` files): 3 sentences for every document;
   - `--k K`: K sentences for every document of every data set.
   A system's sentences are joined with newlines before scoring. Systems:
   - lead-k: the first k sentences by `nltk.sent_tokenize` (the README's lead figure);
   - copydesk: default configuration; records grouped by k, one `copydesk summarize
     -n k` process per distinct k, sentences taken from `sentences[*].text` in output
     order;
   - copydesk --algorithm lead: the same with `--algorithm lead`;
   - sumy TextRank with `sentences_count=k`;
   - summa TextRank with `words=len(reference.split())`, the README's word budget
     (used for CNN/DM as well, where k is fixed: the README's summa figures use the
     reference length for both sets).
   One table per data set, with the README's reference figures beside the measured
   ones (full files only, not with `--limit`), then one combined table of all data sets.

3. copydesk eval vs rouge-score, on every data set: `copydesk eval --format jsonl`
   with the same budget (`--sentences-from-reference`, or `-n K` for CNN/DM and
   `--k`) and otherwise default flags, i.e. the same summaries as the "copydesk" row,
   against rouge-score's scores of those summaries. It prints both averages of
   R1/R2/RL F1 x100, their difference and the largest per-document difference. That
   the summaries are the same is checked twice: eval's per-document sentence counts
   must equal summarize's, and `copydesk eval --system` on summarize's summaries must
   reproduce eval's own per-document scores.

copydesk's output is checked as it is read (one record per input, same ids, same
order, 1 to min(k, sentences) sentences, non-empty summaries). The report counts the
documents where copydesk gave fewer than that (it skips repeats and, in a document with
running text, headings, list items and datelines) and those where it chose exactly the
opening sentences, and warns when every sentence scored 1/n, so that a fast but idle
ranking cannot pass unnoticed.

Run from the repository root with the Python of the peers' virtualenv, made by
../shared/tools/peers-setup.sh (default .peers/):

    .peers/bin/python benches/compare_summarizers.py
    .peers/bin/python benches/compare_summarizers.py --limit 100
    .peers/bin/python benches/compare_summarizers.py --data ../shared/eval/cnndm-dev.jsonl
    .peers/bin/python benches/compare_summarizers.py --skip-quality --repeat 5

`--data` may be given several times; by default both ../shared/eval/bbc-summaries-dev.jsonl
and ../shared/eval/cnndm-dev.jsonl are used. A missing data file is skipped with a
message (exit 0 if none is left). If the copydesk binary is missing it runs
`cargo build --release` first.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EVAL_DIR = REPO.parent / "shared" / "eval"
DEFAULT_DATA = [EVAL_DIR / "bbc-summaries-dev.jsonl", EVAL_DIR / "cnndm-dev.jsonl"]
DEFAULT_COPYDESK = REPO / "target" / "release" / "copydesk"

SPEED_SENTENCES = 3
CNNDM_SENTENCES = 3
SUMMA_SPEED_RATIO = 0.2
BBC_SENTENCE_SPLIT = re.compile(r'(?<=[.!?])(?=[A-Z"\u201c])')
ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
ROUGE_NAMES = ("R1", "R2", "RL")
COPYDESK = "copydesk"
COPYDESK_LEAD = "copydesk --algorithm lead"
KIND_LABELS = {"bbc": "BBC", "cnndm": "CNN/DM"}

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
    p.add_argument("--data", type=Path, action="append", default=None,
                   help="JSONL with id, text, summary; repeatable (default: "
                        + " and ".join(str(d) for d in DEFAULT_DATA) + ")")
    p.add_argument("--copydesk", type=Path, default=DEFAULT_COPYDESK,
                   help="copydesk binary; built with cargo if missing (default: %(default)s)")
    p.add_argument("--limit", type=int, default=None,
                   help="use only the first N records of each data set")
    p.add_argument("--k", type=int, default=None,
                   help="fixed summary length for quality, for every data set (default: "
                        f"reference's sentence count; {CNNDM_SENTENCES} for cnndm* files)")
    p.add_argument("--repeat", type=int, default=3,
                   help="speed rounds; each times every system, and the best run of each "
                        "is kept (default: %(default)s)")
    p.add_argument("--copydesk-runs", type=int, default=5,
                   help="runs of copydesk per setting in each round (default: %(default)s)")
    p.add_argument("--skip-speed", action="store_true", help="skip the speed part")
    p.add_argument("--skip-quality", action="store_true",
                   help="skip the ROUGE parts (quality tables and copydesk eval vs rouge-score)")
    return p.parse_args()


@dataclass
class DataSet:
    path: Path
    kind: str | None
    label: str
    tag: str  # unique prefix for temporary files
    records: list[dict]
    fixed_k: int | None = None
    ks: list[int] = field(default_factory=list)


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


def load_datasets(args) -> list[DataSet]:
    """The readable, non-empty data sets of --data, each path once; says why others are not."""
    datasets: list[DataSet] = []
    seen: set[Path] = set()
    labels: set[str] = set()
    for path in args.data or DEFAULT_DATA:
        if path.resolve() in seen:
            continue
        seen.add(path.resolve())
        if not path.is_file():
            print(f"data file {path} not found; skipped (see ../shared/eval/README.md)")
            continue
        records = load_records(path, args.limit)
        if not records:
            print(f"data file {path} has no records; skipped")
            continue
        kind = dataset_kind(path)
        label = KIND_LABELS.get(kind, path.stem)
        while label in labels:
            label += "'"
        labels.add(label)
        datasets.append(DataSet(path, kind, label, f"d{len(datasets)}", records))
    return datasets


def ensure_copydesk(binary: Path) -> Path:
    """Returns the copydesk binary, running `cargo build --release` if it is missing."""
    if not binary.is_file():
        print(f"{binary} not found: running cargo build --release in {REPO}", file=sys.stderr)
        subprocess.run(["cargo", "build", "--release"], cwd=REPO, check=True)
    if not binary.is_file():
        sys.exit(f"error: {binary} still missing after cargo build --release")
    return binary


def write_jsonl(rows: list[dict], directory: str, name: str,
                fields: tuple[str, ...] = ("id", "text")) -> Path:
    path = Path(directory) / name
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({k: r[k] for k in fields}, ensure_ascii=False) + "\n")
    return path


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_checked(cmd: list[str], env: dict | None = None) -> tuple[float, bytes]:
    """Runs cmd; returns (wall seconds, stdout), exiting on a non-zero status."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"error: {' '.join(cmd)} exited {proc.returncode}:\n"
                 f"{proc.stderr.decode(errors='replace')}")
    return elapsed, proc.stdout


def parse_jsonl(output: bytes) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


# ---------------------------------------------------------------- systems


def run_copydesk(binary: Path, jsonl: Path, k: int, threads: int | None,
                 extra: tuple[str, ...] = ()) -> tuple[float, list[dict]]:
    """Runs one copydesk process over a JSONL file; returns (wall seconds, parsed output)."""
    env = dict(os.environ)
    env.pop("RAYON_NUM_THREADS", None)
    if threads is not None:
        env["RAYON_NUM_THREADS"] = str(threads)
    cmd = [str(binary), "summarize", "-q", "--input-format", "jsonl", "--format", "jsonl",
           "-n", str(k), *extra, str(jsonl)]
    elapsed, stdout = run_checked(cmd, env)
    return elapsed, parse_jsonl(stdout)


def check_copydesk_output(records: list[dict], output: list[dict], k: int) -> None:
    """Asserts one summary per record, in input order, with 1 to k sentences.

    copydesk gives fewer than min(k, sentence_count) when it skips repeats
    (`--redundancy`) or non-text units (headings, list items, datelines) of a document
    that has running text; `short_summaries` counts those documents."""
    got = [o["id"] for o in output]
    want = [r["id"] for r in records]
    assert got == want, f"copydesk returned {len(got)} records, ids/order differ from input"
    for o in output:
        n = len(o["sentences"])
        assert 1 <= n <= min(k, o["sentence_count"]), f"{o['id']}: {n} sentences, asked for {k}"
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


def time_pass(texts: list[str], fn) -> tuple[float, int]:
    """Wall time of one pass of fn over all texts, and how many results were empty."""
    start = time.perf_counter()
    outputs = [fn(t) for t in texts]
    elapsed = time.perf_counter() - start
    empty = sum(1 for o in outputs if not o)
    assert empty < len(texts), "the peer returned only empty summaries"
    return elapsed, empty


def time_copydesk(binary: Path, records: list[dict], jsonl: Path, threads: int | None,
                  runs: int) -> list[float]:
    """Wall times of `runs` runs."""
    times = []
    for _ in range(runs):
        elapsed, output = run_copydesk(binary, jsonl, SPEED_SENTENCES, threads)
        check_copydesk_output(records, output, SPEED_SENTENCES)
        times.append(elapsed)
    return times


def speed_part(args, binary: Path, dataset: DataSet, tmp: str) -> None:
    records = dataset.records
    texts = [r["text"] for r in records]
    n = len(texts)
    jsonl = write_jsonl(records, tmp, "speed.jsonl")
    cores = os.cpu_count()
    summa, sumy = make_summa(), make_sumy()
    rounds, runs = args.repeat, args.copydesk_runs
    times: dict[str, list[float]] = defaultdict(list)
    empty = {}
    # Every system is timed in each round, so all of them sample the same stretch of
    # a shared machine's load rather than one of them catching a quiet or busy spell.
    for round_number in range(1, rounds + 1):
        progress(f"speed: round {round_number} of {rounds}: copydesk ({cores} threads, then 1), "
                 f"{runs} runs each; summa; sumy")
        times["multi"] += time_copydesk(binary, records, jsonl, None, runs)
        times["single"] += time_copydesk(binary, records, jsonl, 1, runs)
        elapsed, empty["summa"] = time_pass(texts, lambda t: summa(t, ratio=SUMMA_SPEED_RATIO))
        times["summa"].append(elapsed)
        elapsed, empty["sumy"] = time_pass(texts, lambda t: sumy(t, SPEED_SENTENCES))
        times["sumy"].append(elapsed)

    def timing(key: str) -> str:
        count = len(times[key])
        how = "1 process" if key in ("multi", "single") else "in process"
        if count == 1:
            return f"{how}, 1 run"
        return f"{how}, best of {count} (median {statistics.median(times[key]):.3f} s)"

    rows = [
        (f"copydesk ({cores} threads)", timing("multi"), min(times["multi"])),
        ("copydesk (RAYON_NUM_THREADS=1)", timing("single"), min(times["single"])),
        (f"summa TextRank (ratio={SUMMA_SPEED_RATIO})", timing("summa"), min(times["summa"])),
        (f"sumy TextRank ({SPEED_SENTENCES} sentences)", timing("sumy"), min(times["sumy"])),
    ]
    t_summa, t_sumy = rows[2][2], rows[3][2]
    print(f"\nSpeed: {n} {dataset.label} documents ({dataset.path.name}), "
          f"{SPEED_SENTENCES}-sentence summaries (wall clock, best run of each)")
    print(format_table(["system", "timing", "seconds", "docs/s"],
                       [(name, how, f"{t:.3f}", f"{n / t:,.0f}") for name, how, t in rows]))
    print()
    print(format_table(["copydesk speed-up", "vs summa", "vs sumy"],
                       [(name, f"{t_summa / t:.1f}x", f"{t_sumy / t:.1f}x")
                        for name, _, t in rows[:2]]))
    for name in ("summa", "sumy"):
        if empty[name]:
            print(f"note: {name} returned an empty summary for {empty[name]} of {n} documents")


# ---------------------------------------------------------------- quality


def summary_lengths(records: list[dict], fixed_k: int | None) -> list[int]:
    if fixed_k is not None:
        return [fixed_k] * len(records)
    return [max(1, len(BBC_SENTENCE_SPLIT.split(r["summary"].strip()))) for r in records]


def copydesk_by_k(binary: Path, dataset: DataSet, tmp: str,
                  extra: tuple[str, ...] = ()) -> list[dict]:
    """One copydesk process per distinct k; returns each record's output, in input order."""
    groups: dict[int, list[dict]] = defaultdict(list)
    for r, k in zip(dataset.records, dataset.ks):
        groups[k].append(r)
    by_id: dict[str, dict] = {}
    for k, group in sorted(groups.items()):
        jsonl = write_jsonl(group, tmp, f"{dataset.tag}-k{k}.jsonl")
        _, output = run_copydesk(binary, jsonl, k, None, extra)
        check_copydesk_output(group, output, k)
        by_id.update((o["id"], o) for o in output)
    return [by_id[r["id"]] for r in dataset.records]


def sentence_texts(outputs: list[dict]) -> list[list[str]]:
    return [[s["text"] for s in o["sentences"]] for o in outputs]


def short_summaries(outputs: list[dict], ks: list[int]) -> int:
    """Documents given fewer sentences than min(k, sentence count)."""
    return sum(1 for o, k in zip(outputs, ks) if len(o["sentences"]) < min(k, o["sentence_count"]))


def lead_count(outputs: list[dict]) -> int:
    """Documents whose summary is exactly their first k sentences."""
    return sum(1 for o in outputs
               if [s["index"] for s in o["sentences"]] == list(range(len(o["sentences"]))))


def copydesk_notes(outputs: list[dict], lead_outputs: list[dict], ks: list[int]) -> list[str]:
    """Notes on copydesk's choices, warning when its ranking looks degenerate."""
    n = len(outputs)
    ranked = [o for o in outputs if o["sentence_count"] > 1]
    uniform = sum(1 for o in ranked
                  if all(abs(s["score"] - 1 / o["sentence_count"]) < 1e-9
                         for s in o["sentences"]))
    notes = [f"copydesk's summary was the document's opening sentences in "
             f"{lead_count(outputs)} of {n} documents "
             f"({COPYDESK_LEAD}: {lead_count(lead_outputs)} of {n})",
             f"copydesk gave fewer than min(k, sentences) in {short_summaries(outputs, ks)} "
             f"of {n} documents ({COPYDESK_LEAD}: {short_summaries(lead_outputs, ks)} of {n}): "
             "repeats and non-text units (headings, list items, datelines) are skipped"]
    if ranked and uniform == len(ranked):
        notes.append("WARNING: copydesk scored every sentence 1/n in every document: "
                     "its ranking is not running, so it is measured as lead-k")
    return notes


def rouge_per_document(references: list[str], systems: list[list[str]]) -> list[tuple[float, ...]]:
    """rouge-score F1 x100 (R1, R2, RL) of each system summary, sentences joined by newlines."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    result = []
    for reference, sentences in zip(references, systems):
        scores = scorer.score(reference, "\n".join(sentences))
        result.append(tuple(100 * scores[t].fmeasure for t in ROUGE_TYPES))
    return result


def mean(rows: list[tuple[float, ...]]) -> tuple[float, ...]:
    return tuple(sum(column) / len(rows) for column in zip(*rows))


@dataclass
class QualityResult:
    dataset: DataSet
    scores: dict[str, tuple[float, ...]]  # system name -> mean F1 x100 (R1, R2, RL)
    copydesk_outputs: list[dict]
    copydesk_rouge: list[tuple[float, ...]]  # rouge-score per document, copydesk row


def quality_part(args, binary: Path, dataset: DataSet, tmp: str) -> QualityResult:
    records = dataset.records
    references = [r["summary"] for r in records]
    texts = [r["text"] for r in records]
    ks = dataset.ks
    lead, summa, sumy = make_lead(), make_summa(), make_sumy()
    outputs: dict[str, list[dict]] = {}

    def copydesk(name: str, extra: tuple[str, ...]):
        def produce() -> list[list[str]]:
            outputs[name] = copydesk_by_k(binary, dataset, tmp, extra)
            return sentence_texts(outputs[name])
        return produce

    per_document: dict[str, list[tuple[float, ...]]] = {}
    for name, produce in [
        ("lead-k", lambda: [lead(t, k) for t, k in zip(texts, ks)]),
        (COPYDESK, copydesk(COPYDESK, ())),
        (COPYDESK_LEAD, copydesk(COPYDESK_LEAD, ("--algorithm", "lead"))),
        ("sumy TextRank", lambda: [sumy(t, k) for t, k in zip(texts, ks)]),
        ("summa TextRank", lambda: [summa(t, words=len(ref.split()))
                                    for t, ref in zip(texts, references)]),
    ]:
        progress(f"quality {dataset.label}: {name}")
        start = time.perf_counter()
        summaries = produce()
        progress(f"quality {dataset.label}: {name} done in {time.perf_counter() - start:.1f}s")
        per_document[name] = rouge_per_document(references, summaries)
    scores = {name: mean(rows) for name, rows in per_document.items()}

    k_note = (f"k = {dataset.fixed_k} for every document" if dataset.fixed_k is not None else
              f"k = sentences in the reference (mean {sum(ks) / len(ks):.2f}, "
              f"{len(set(ks))} distinct values)")
    print(f"\nQuality, {dataset.label} ({dataset.path.name}): ROUGE F1 x100 on "
          f"{len(records)} documents, {k_note}")
    print("lead-k: nltk sent_tokenize; copydesk: summarize -n k, one process per k; "
          "sumy: sentences_count=k; summa: words = reference length")
    reference = REFERENCE_FIGURES.get(dataset.kind) if args.limit is None else None
    headers = ["system", "R1", "R2", "RL"] + (["README R1 / R2 / RL"] if reference else [])
    rows = []
    for name, values in scores.items():
        row = [name] + [f"{s:.2f}" for s in values]
        if reference:
            figures = reference.get(name)
            row.append(" / ".join(f"{s:.2f}" for s in figures) if figures else "-")
        rows.append(row)
    print(format_table(headers, rows))
    for note in copydesk_notes(outputs[COPYDESK], outputs[COPYDESK_LEAD], ks):
        print(note)
    return QualityResult(dataset, scores, outputs[COPYDESK], per_document[COPYDESK])


def combined_table(results: list[QualityResult]) -> None:
    print("\nQuality, all data sets: ROUGE F1 x100, R1 / R2 / RL")
    headers = ["system"] + [f"{r.dataset.label} R1 / R2 / RL" for r in results]
    rows = [[name] + [" / ".join(f"{s:.2f}" for s in r.scores[name]) for r in results]
            for name in results[0].scores]
    print(format_table(headers, rows))


# ---------------------------------------------------------------- copydesk eval vs rouge-score


def eval_f1(line: dict) -> tuple[float, ...]:
    return tuple(100 * line[t]["f1"] for t in ROUGE_TYPES)


def run_eval(binary: Path, args: list[str]) -> tuple[dict[str, dict], dict]:
    """Runs `copydesk eval -q --format jsonl ARGS`; returns (document lines by id, average)."""
    _, stdout = run_checked([str(binary), "eval", "-q", "--format", "jsonl", *args])
    lines = parse_jsonl(stdout)
    documents = [line for line in lines if line["type"] == "document"]
    averages = [line for line in lines if line["type"] == "average"]
    assert len(averages) == 1 and lines[-1] is averages[0], "copydesk eval: no average line last"
    by_id = {line["id"]: line for line in documents}
    assert len(by_id) == len(documents), "copydesk eval: duplicate document ids"
    assert averages[0]["documents"] == len(documents), "copydesk eval: document count differs"
    return by_id, averages[0]


@dataclass
class EvalComparison:
    dataset: DataSet
    command: str
    eval_average: tuple[float, ...]
    rouge_average: tuple[float, ...]
    max_diff: list[tuple[float, str]]  # per measure: (max |eval - rouge-score|, document id)
    identical: int  # documents where all three measures agree to 1e-6
    system_check: float  # max |eval DATA - eval --system| over documents and measures


def eval_part(binary: Path, result: QualityResult, tmp: str) -> EvalComparison:
    """Scores copydesk's default summaries with `copydesk eval` and with rouge-score."""
    dataset = result.dataset
    records = dataset.records
    ids = [r["id"] for r in records]
    budget = (["-n", str(dataset.fixed_k)] if dataset.fixed_k is not None
              else ["--sentences-from-reference"])
    data = write_jsonl(records, tmp, f"{dataset.tag}-eval.jsonl", ("id", "text", "summary"))
    progress(f"eval {dataset.label}: copydesk eval {' '.join(budget)}")
    documents, average = run_eval(binary, [*budget, str(data)])
    assert sorted(documents) == sorted(ids), "copydesk eval: ids differ from the input"

    # Same summaries: eval's sentence counts match summarize's, and eval --system on
    # summarize's summaries gives eval's own per-document scores.
    for o in result.copydesk_outputs:
        got, want = documents[o["id"]]["sentences"], len(o["sentences"])
        assert got == want, (f"{o['id']}: copydesk eval used {got} sentences, "
                             f"copydesk summarize {want}: the budgets differ")
    system = write_jsonl(
        [{"id": o["id"], "summary": "\n".join(s["text"] for s in o["sentences"])}
         for o in result.copydesk_outputs], tmp, f"{dataset.tag}-system.jsonl", ("id", "summary"))
    reference = write_jsonl(records, tmp, f"{dataset.tag}-reference.jsonl", ("id", "summary"))
    progress(f"eval {dataset.label}: copydesk eval --system (summarize's summaries)")
    system_documents, _ = run_eval(binary, ["--system", str(system), "--reference", str(reference)])
    assert sorted(system_documents) == sorted(ids), "copydesk eval --system: ids differ"
    system_check = max(abs(a - b) for i in ids
                       for a, b in zip(eval_f1(documents[i]), eval_f1(system_documents[i])))

    max_diff = [(0.0, "-")] * len(ROUGE_TYPES)
    identical = 0
    for i, rouge in zip(ids, result.copydesk_rouge):
        diffs = [abs(a - b) for a, b in zip(eval_f1(documents[i]), rouge)]
        identical += all(d < 1e-6 for d in diffs)
        max_diff = [(d, i) if d > best else (best, at)
                    for d, (best, at) in zip(diffs, max_diff)]
    return EvalComparison(dataset, f"copydesk eval {' '.join(budget)} --format jsonl",
                          eval_f1(average), mean(result.copydesk_rouge), max_diff,
                          identical, system_check)


def print_eval_comparisons(comparisons: list[EvalComparison]) -> None:
    print("\ncopydesk eval vs rouge-score: ROUGE F1 x100 of the same copydesk summaries "
          "(default configuration)")
    print("copydesk eval scores its own summaries; rouge-score scores copydesk summarize's "
          "(same budget), sentences joined with \"\\n\"")
    rows = []
    for c in comparisons:
        for name, e, r, (d, at) in zip(ROUGE_NAMES, c.eval_average, c.rouge_average,
                                        c.max_diff):
            difference = round(e - r, 3) + 0.0  # no "-0.000"
            rows.append([f"{c.dataset.label} {name}", f"{e:.2f}", f"{r:.2f}",
                         f"{difference:+.3f}", f"{d:.3f}", at])
    print(format_table(["data set / measure", "copydesk eval", "rouge-score", "difference",
                        "max |diff| per doc", "at document"], rows))
    for c in comparisons:
        n = len(c.dataset.records)
        print(f"{c.dataset.label}: `{c.command}`: all three measures agree to 1e-6 with "
              f"rouge-score in {c.identical} of {n} documents.\n"
              f"  Same summaries: eval's sentence counts equal summarize's in {n} of {n} "
              f"documents; `copydesk eval --system` on summarize's summaries differs from "
              f"eval's own scores by at most {c.system_check:.2g}.")


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


def print_header(binary: Path, datasets: list[DataSet]) -> None:
    copydesk_version = subprocess.run([str(binary), "--version"], capture_output=True,
                                      text=True).stdout.strip() or "copydesk"
    for i, d in enumerate(datasets):
        print(f"{'data:' if i == 0 else '':<10}{d.path} ({d.label}, {len(d.records)} documents)")
    print(f"copydesk: {binary} ({copydesk_version})")
    print(f"peers:    sumy {version('sumy')}, summa {version('summa')}, "
          f"rouge-score {version('rouge-score')}, nltk {version('nltk')}; "
          f"Python {platform.python_version()}")
    print(f"machine:  {os.cpu_count()} cores, {platform.machine()}")


def main() -> int:
    args = parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # keep results and stderr progress in order
    datasets = load_datasets(args)
    if not datasets:
        print("no data to compare")
        return 0
    for d in datasets:
        d.fixed_k = args.k if args.k is not None else (
            CNNDM_SENTENCES if d.kind == "cnndm" else None)
        d.ks = summary_lengths(d.records, d.fixed_k)
    binary = ensure_copydesk(args.copydesk)
    print_header(binary, datasets)
    with tempfile.TemporaryDirectory(prefix="copydesk-bench-") as tmp:
        if not args.skip_speed:
            speed_part(args, binary, datasets[0], tmp)
        if not args.skip_quality:
            results = [quality_part(args, binary, d, tmp) for d in datasets]
            combined_table(results)
            print_eval_comparisons([eval_part(binary, r, tmp) for r in results])
    return 0


if __name__ == "__main__":
    sys.exit(main())
