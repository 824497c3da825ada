#!/usr/bin/env python3
"""Sentence boundary precision/recall/F1: copydesk's splitter vs NLTK Punkt.

Usage (from the repository root):
    /work/peers/bin/python scripts/eval_sentences.py [GOLD.jsonl]

GOLD defaults to ../shared/eval/bbc-sentences-dev.jsonl: records with `text` and the
gold `sentences` (verbatim substrings, in order). A boundary is the UTF-8 byte offset
where a sentence ends (whitespace trimmed), excluding the end of the text; a predicted
boundary counts when the same offset is a gold boundary. Paragraph breaks count like
any other boundary. copydesk runs through `cargo run --release --example sentences`;
Punkt runs as sumy uses it: `nltk.sent_tokenize` over the whole text (spans located
sequentially in the text).
"""

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_GOLD = os.path.join(ROOT, "..", "shared", "eval", "bbc-sentences-dev.jsonl")


def byte_offset(text, index):
    """Byte offset in the UTF-8 encoding of `text` of the str index `index`."""
    return len(text[:index].encode("utf-8"))


def locate(text, pieces):
    """Byte spans of `pieces`, found in order in `text` (each trimmed)."""
    spans, pos = [], 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        i = text.find(piece, pos)
        if i < 0:
            raise ValueError(f"sentence not found in text: {piece[:60]!r}")
        pos = i + len(piece)
        spans.append((byte_offset(text, i), byte_offset(text, pos)))
    return spans


def boundaries(spans, text):
    """End offsets of all sentences except one ending the text."""
    total = len(text.rstrip().encode("utf-8"))
    return {end for _, end in spans if end < total}


def copydesk_spans(records):
    lines = "".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in records)
    cmd = ["cargo", "run", "--quiet", "--release", "--example", "sentences"]
    out = subprocess.run(cmd, input=lines, capture_output=True, text=True, cwd=ROOT, check=True)
    results = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    return {r["id"]: [tuple(s) for s in r["sentences"]] for r in results}


def punkt_spans(records):
    import nltk

    return {r["id"]: locate(r["text"], nltk.sent_tokenize(r["text"])) for r in records}


def score(records, predicted):
    tp = fp = fn = 0
    errors = []
    for r in records:
        gold = boundaries(locate(r["text"], r["sentences"]), r["text"])
        pred = boundaries(predicted[r["id"]], r["text"])
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
        errors += [(r["id"], "extra", b) for b in pred - gold]
        errors += [(r["id"], "missed", b) for b in gold - pred]
    p = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * rec / (p + rec) if p + rec else 0.0
    return p, rec, f1, tp, fp, fn, errors


def show_errors(records, errors, name):
    texts = {r["id"]: r["text"].encode("utf-8") for r in records}
    for rid, what, b in sorted(errors):
        around = texts[rid][max(0, b - 40) : b + 30].decode("utf-8", "replace")
        print(f"  {name} {what:6} {rid}: {around!r}")


def main():
    path = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else DEFAULT_GOLD
    records = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    systems = [("copydesk", copydesk_spans(records)), ("nltk punkt (sent_tokenize, whole text)", punkt_spans(records))]
    print(f"{len(records)} documents, {sum(len(r['sentences']) for r in records)} gold sentences")
    print(f"{'system':40} {'P':>7} {'R':>7} {'F1':>7} {'TP':>5} {'FP':>4} {'FN':>4}")
    for name, predicted in systems:
        p, r, f1, tp, fp, fn, errors = score(records, predicted)
        print(f"{name:40} {p:7.4f} {r:7.4f} {f1:7.4f} {tp:5} {fp:4} {fn:4}")
        if "-v" in sys.argv:
            show_errors(records, errors, name.split()[0])


if __name__ == "__main__":
    main()
