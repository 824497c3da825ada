#!/usr/bin/env python3
"""Archive index speed: build throughput, size per article, and one draft checked
against the index versus against the same articles read as a folder (`--against`).

Usage (from the repository root; plain Python 3):
    python3 benches/check_speed.py [--corpus FILE.jsonl | --docs N] [--repeat 5]
        [--copydesk target/release/copydesk]

The corpus defaults to a fresh `benches/gen_corpus.py` corpus of 100,000 articles. The
articles are also written out as one file each (for `--against FOLDER`). The draft is
an archived article with 15% of its words changed; both checks must name that article.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_BINARY = os.path.join(ROOT, "target", "release", "copydesk")
BINARY = DEFAULT_BINARY


def run(args, stdin=None):
    """Runs copydesk (the binary of --copydesk); returns (seconds, stdout)."""
    start = time.perf_counter()
    done = subprocess.run([BINARY, *args], input=stdin, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"copydesk {' '.join(args)} failed ({done.returncode}): {done.stderr}")
    return elapsed, done.stdout


def corpus_path(args, work):
    if args.corpus:
        return args.corpus
    path = os.path.join(work, "corpus.jsonl")
    gen = os.path.join(ROOT, "benches", "gen_corpus.py")
    subprocess.run([sys.executable, gen, "--docs", str(args.docs), "--out", path], check=True)
    return path


def write_folder(path, folder):
    """One file per article; returns (id -> file path, texts by id)."""
    files, texts = {}, {}
    with open(path) as lines:
        for n, line in enumerate(lines):
            record = json.loads(line)
            sub = os.path.join(folder, f"{n // 1000:04d}")
            os.makedirs(sub, exist_ok=True)
            name = os.path.join(sub, f"{record['id']}.txt")
            with open(name, "w") as out:
                out.write(record["text"])
            files[record["id"]] = name
            if n % 997 == 0:
                texts[record["id"]] = record["text"]
    return files, texts


def edited(text, rate, rng):
    words = text.split(" ")
    return " ".join("changed" if rng.random() < rate else w for w in words)


def named(report, wanted):
    found = json.loads(report)
    ids = [f.get("archive", {}).get("id", "") for d in found["drafts"] for f in d["findings"]]
    return any(wanted in i for i in ids)


def best(times):
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus")
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--copydesk", default=DEFAULT_BINARY,
                        help="copydesk binary (default: %(default)s, built with cargo if missing)")
    args = parser.parse_args()
    global BINARY
    BINARY = args.copydesk
    if not os.path.exists(BINARY):
        if BINARY != DEFAULT_BINARY:
            sys.exit(f"{BINARY} is missing")
        subprocess.run(["cargo", "build", "--release"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="copydesk-check-")
    try:
        measure(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(args, work):
    path = corpus_path(args, work)
    folder = os.path.join(work, "articles")
    files, texts = write_folder(path, folder)
    n = len(files)
    index = os.path.join(work, "archive.db")
    seconds, _ = run(["index", "build", folder, "--index", index, "-q"])
    _, info = run(["index", "info", "--index", index, "--format", "json"])
    info = json.loads(info)
    print(f"corpus: {path} ({n:,} articles)")
    print(f"index build: {seconds:.1f} s, {n / seconds:,.0f} articles/s")
    print(f"index size: {info['file_bytes']:,} bytes, {info['bytes_per_document']:,} per article")
    rng = random.Random(15)
    target = sorted(texts)[len(texts) // 2]
    draft = edited(texts[target], 0.15, rng)
    indexed, against = [], []
    for _ in range(args.repeat):
        t, out = run(["check", "--index", index, "--format", "json"], draft)
        assert named(out, target), "the index check must name the source"
        indexed.append(t)
    for _ in range(max(1, args.repeat // 2)):
        t, out = run(["check", "--against", folder, "--format", "json"], draft)
        assert named(out, target), "the folder check must name the source"
        against.append(t)
    print(f"check one draft (15% of an article's words changed), best of runs:")
    print(f"  --index FILE     {best(indexed) * 1000:9.1f} ms")
    print(f"  --against FOLDER {best(against) * 1000:9.1f} ms")
    print(f"  index speed-up   {best(against) / best(indexed):9.1f}x")


if __name__ == "__main__":
    main()
