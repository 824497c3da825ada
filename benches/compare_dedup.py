#!/usr/bin/env python3
"""copydesk dedup side by side with gaoya, rensa and datasketch on one corpus.

Every system runs end to end on the same JSONL corpus (read the records, shingle or
tokenize the raw text, sign, index, query, and link the pairs into clusters), each in
its own process, one after the other, so that peak RSS is per system:

- copydesk: `copydesk dedup CORPUS --input-format jsonl --threshold T --ngram 5
  --perms 128 --format jsonl -q` (bands and rows derived by copydesk from the
  threshold: 18 x 7 at 0.8). Pairs are verified by exact Jaccard of the shingle sets.
  Also with `--threads 1` (row "copydesk 1 thread").
- gaoya: `MinHashStringIndex(hash_size=32, jaccard_threshold=T, num_bands=16,
  band_size=8, analyzer='word', lowercase=True, ngram_range=(5, 5),
  id_container='set')`, `par_bulk_insert_docs` of every document, then
  `par_bulk_query` of every document. gaoya's own word tokenizer makes the 5-grams;
  its query keeps candidates whose MinHash estimate reaches T.
- rensa: shingles built in Python (below), `RMinHash(num_perm=128, seed=42)` +
  `update(shingles)` per document, `RMinHashLSH(threshold=T, num_perm=128,
  num_bands=16)` + `insert_many`, `query_all`, then candidates kept when
  `RMinHash.jaccard` (the MinHash estimate) reaches T.
- rensa signature-only: the same reading, shingling and `RMinHash` + `update`, no LSH.
- datasketch: shingles built in Python and encoded to UTF-8, `MinHash.bulk(batch,
  num_perm=128, seed=1)` per batch of 1,000 documents (default scheme, affine32, SHA-1
  token hashes), `MinHashLSH(num_perm=128, params=(16, 8))` filled in an
  `insertion_session`, `query` per document, candidates kept when `MinHash.jaccard`
  reaches T. (datasketch's own optimiser would pick 9 x 13 bands at 0.8, which makes a
  pair at exactly 0.8 a candidate with probability 0.40 instead of 0.95.)

Python shingles (rensa, datasketch), like copydesk's: words are the runs of Unicode
alphanumeric characters of the lowercased text (`re.findall(r"[^\\W_]+", text.lower())`),
a shingle is 5 consecutive words joined by a space, and the document's shingle set is
the set of them (a text of 1-4 words has one shingle made of all its words).

The peers share one banding, 16 bands x 8 rows = 128 permutations (a pair at J = 0.8
is a candidate with probability 0.947; copydesk's 18 x 7 gives 0.985); `--peer-bands`
changes it.

Timing: each system runs `--repeat` times (default once) and its fastest run is kept.
"seconds" is the work from opening the corpus to the clusters, measured inside
the process (for the Python peers it excludes interpreter start-up and imports; for
copydesk it is the wall-clock time of the whole process). "process s" is the wall
clock of the whole process for every system. Peak RSS is the process's maximum resident
set size (`wait4` rusage). copydesk and gaoya use every core (rayon); rensa and
datasketch run on one.

Checks, from the planted ground truth of a `gen_corpus.py` corpus (`source`): how
many of the planted (original, near-copy) pairs whose exact Jaccard of 5-word shingle
sets (computed here in Python) is at least T each system reports; how many true pairs
(exact J >= T, any pair reported by any system) it reports; how many reported pairs have
exact J < T (false positives; the peers report MinHash estimates); and how many
reported pairs are not two members of one planted family (an original and its copies).

Run with the peers' virtualenv python; copydesk must be built (`cargo build --release`).
"""

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORD = re.compile(r"[^\W_]+")
PERMS = 128
NGRAM = 5
BATCH = 1000

SYSTEMS = ["copydesk", "copydesk-1t", "gaoya", "rensa", "rensa-sig", "datasketch"]
LABELS = {
    "copydesk": "copydesk",
    "copydesk-1t": "copydesk 1 thread",
    "gaoya": "gaoya",
    "rensa": "rensa",
    "rensa-sig": "rensa signature-only",
    "datasketch": "datasketch",
}
THREADS = {"copydesk": "all", "copydesk-1t": "1", "gaoya": "all", "rensa": "1",
           "rensa-sig": "1", "datasketch": "1"}


# --------------------------------------------------------------------------- shingles

def shingle_set(text, n=NGRAM):
    """Distinct word n-grams of `text`, as copydesk defines them (see the docstring)."""
    words = WORD.findall(text.lower())
    if len(words) < n:
        return {" ".join(words)} if words else set()
    return set(map(" ".join, zip(*(words[i:] for i in range(n)))))


def jaccard(a, b):
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


# ----------------------------------------------------------------------------- worker

def read_texts(path, limit):
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if limit and len(texts) >= limit:
                break
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


def clusters_of(n, pairs):
    """Connected components of size >= 2: (clusters, duplicates)."""
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members = {}
    for a, b in pairs:
        for x in (a, b):
            members.setdefault(find(x), set()).add(x)
    return len(members), sum(len(m) - 1 for m in members.values())


class Phases:
    def __init__(self):
        self.times = {}
        self.mark = time.perf_counter()

    def lap(self, name):
        now = time.perf_counter()
        self.times[name] = self.times.get(name, 0.0) + now - self.mark
        self.mark = now


def run_gaoya(path, limit, threshold, bands):
    from gaoya.minhash import MinHashStringIndex

    phases = Phases()
    texts = read_texts(path, limit)
    phases.lap("read")
    index = MinHashStringIndex(hash_size=32, jaccard_threshold=threshold, num_bands=bands,
                               band_size=PERMS // bands, analyzer="word", lowercase=True,
                               ngram_range=(NGRAM, NGRAM), id_container="set")
    index.par_bulk_insert_docs(list(range(len(texts))), texts)
    phases.lap("insert (tokenize, sign, index)")
    results = index.par_bulk_query(texts)
    phases.lap("query")
    pairs = sorted({(min(i, j), max(i, j)) for i, found in enumerate(results)
                    for j in found if j != i})
    phases.lap("pairs")
    return len(texts), pairs, None, phases


def rensa_signatures(texts, phases):
    from rensa import RMinHash

    signatures = []
    for text in texts:
        shingles = shingle_set(text)
        phases.lap("shingle")
        m = RMinHash(num_perm=PERMS, seed=42)
        m.update(shingles)
        signatures.append(m)
        phases.lap("sign")
    return signatures


def run_rensa_sig(path, limit, threshold, bands):
    phases = Phases()
    texts = read_texts(path, limit)
    phases.lap("read")
    signatures = rensa_signatures(texts, phases)
    return len(texts), None, None, phases


def run_rensa(path, limit, threshold, bands):
    from rensa import RMinHashLSH

    phases = Phases()
    texts = read_texts(path, limit)
    phases.lap("read")
    signatures = rensa_signatures(texts, phases)
    lsh = RMinHashLSH(threshold=threshold, num_perm=PERMS, num_bands=bands)
    lsh.insert_many(signatures)
    phases.lap("index")
    results = lsh.query_all(signatures)
    phases.lap("query")
    candidates = {(min(i, j), max(i, j)) for i, found in enumerate(results)
                  for j in found if j != i}
    pairs = sorted((a, b) for a, b in candidates
                   if signatures[a].jaccard(signatures[b]) >= threshold)
    phases.lap("estimate filter")
    return len(texts), pairs, len(candidates), phases


def run_datasketch(path, limit, threshold, bands):
    from datasketch import MinHash, MinHashLSH

    phases = Phases()
    texts = read_texts(path, limit)
    phases.lap("read")
    signatures = []
    for start in range(0, len(texts), BATCH):
        batch = [[s.encode("utf-8") for s in shingle_set(t)]
                 for t in texts[start:start + BATCH]]
        phases.lap("shingle")
        signatures.extend(MinHash.bulk(batch, num_perm=PERMS, seed=1))
        phases.lap("sign")
    lsh = MinHashLSH(threshold=threshold, num_perm=PERMS, params=(bands, PERMS // bands))
    with lsh.insertion_session() as session:
        for i, m in enumerate(signatures):
            session.insert(i, m, check_duplication=False)
    phases.lap("index")
    candidates = set()
    for i, m in enumerate(signatures):
        for j in lsh.query(m):
            if j != i:
                candidates.add((min(i, j), max(i, j)))
    phases.lap("query")
    pairs = sorted((a, b) for a, b in candidates
                   if signatures[a].jaccard(signatures[b]) >= threshold)
    phases.lap("estimate filter")
    return len(texts), pairs, len(candidates), phases


WORKERS = {
    "gaoya": run_gaoya,
    "rensa": run_rensa,
    "rensa-sig": run_rensa_sig,
    "datasketch": run_datasketch,
}


def worker(args):
    started = time.perf_counter()
    docs, pairs, candidates, phases = WORKERS[args.worker](
        args.corpus, args.limit, args.threshold, args.peer_bands)
    result = {"docs": docs, "candidates": candidates, "phases": phases.times}
    if pairs is not None:
        result["clusters"], result["duplicates"] = clusters_of(docs, pairs)
        phases.lap("cluster")
        result["pairs"] = pairs
    result["seconds"] = time.perf_counter() - started
    with open(args.result, "w") as f:
        json.dump(result, f)


# ----------------------------------------------------------------------------- parent

def run_process(cmd, stdout_path, env=None):
    """Runs `cmd` with stdout to a file: (wall seconds, peak RSS in MiB)."""
    with open(stdout_path, "w") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return wall, usage.ru_maxrss / 1024


def prefix_file(corpus, docs, tmp):
    path = os.path.join(tmp, f"prefix-{docs}.jsonl")
    if not os.path.exists(path):
        with open(corpus, encoding="utf-8") as src, open(path, "w", encoding="utf-8") as dst:
            for i, line in enumerate(src):
                if i >= docs:
                    break
                dst.write(line)
    return path


def run_copydesk(args, corpus, tmp, threads=None):
    out = os.path.join(tmp, "copydesk.jsonl")
    cmd = [args.copydesk, "dedup", corpus, "--input-format", "jsonl",
           "--threshold", str(args.threshold), "--ngram", str(NGRAM), "--perms", str(PERMS),
           "--format", "jsonl", "-q"]
    if threads:
        cmd += ["--threads", str(threads)]
    wall, rss = run_process(cmd, out)
    pairs, clusters, header, summary = [], 0, {}, {}
    with open(out) as f:
        for line in f:
            record = json.loads(line)
            kind = record["type"]
            if kind == "pair":
                pairs.append((record["a"], record["b"]))
            elif kind == "header":
                header = record
            elif kind == "summary":
                summary = record
    return {"docs": summary["documents"], "seconds": wall, "wall": wall, "rss": rss,
            "id_pairs": pairs, "clusters": summary["clusters"],
            "duplicates": summary["duplicates"], "candidates": None, "phases": {},
            "header": header, "cmd": " ".join(cmd)}


def run_peer(args, name, limit, tmp):
    result_path = os.path.join(tmp, f"{name}.json")
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", name, "--corpus",
           args.corpus, "--limit", str(limit or 0), "--result", result_path,
           "--threshold", str(args.threshold), "--peer-bands", str(args.peer_bands)]
    wall, rss = run_process(cmd, os.devnull)
    with open(result_path) as f:
        result = json.load(f)
    os.remove(result_path)
    if result.get("pairs") is not None:
        result["pairs"] = [tuple(p) for p in result["pairs"]]
    result.update(wall=wall, rss=rss)
    return result


def load_corpus(path, limit):
    ids, texts, sources = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if limit and len(ids) >= limit:
                break
            if line.strip():
                record = json.loads(line)
                ids.append(str(record["id"]))
                texts.append(record["text"])
                sources.append(record.get("source"))
    return ids, texts, sources


def main():
    parser = argparse.ArgumentParser(
        description="copydesk dedup vs gaoya, rensa and datasketch on one corpus.",
        epilog="Systems: " + ", ".join(SYSTEMS))
    parser.add_argument("--corpus", help="JSONL corpus from gen_corpus.py (id, text, source)")
    parser.add_argument("--docs", type=int, default=100_000,
                        help="without --corpus: generate this many documents (default 100000)"
                        " into a temporary file with gen_corpus.py")
    parser.add_argument("--seed", type=int, default=1, help="gen_corpus.py seed")
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--peer-bands", type=int, default=16,
                        help="LSH bands of gaoya, rensa and datasketch (rows = 128 / bands;"
                        " default 16)")
    parser.add_argument("--skip", action="append", default=[],
                        help="systems to leave out (repeatable or comma-separated), e.g."
                        " --skip datasketch")
    parser.add_argument("--peer-docs", type=int, default=0,
                        help="run the Python peers on the first N documents only (copydesk"
                        " then also runs on that prefix for the ratios)")
    parser.add_argument("--datasketch-docs", type=int, default=0,
                        help="run datasketch on the first N documents only (labelled)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run every system N times and keep its fastest run (default 1)")
    parser.add_argument("--check-sample", type=int, default=0,
                        help="check at most N planted pairs (default: all)")
    parser.add_argument("--copydesk", default=os.path.join(ROOT, "target/release/copydesk"))
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        worker(args)
        return

    skip = {s.strip() for item in args.skip for s in item.split(",") if s.strip()}
    unknown = skip - set(SYSTEMS)
    if unknown:
        sys.exit(f"unknown system(s) in --skip: {', '.join(sorted(unknown))}")
    if "copydesk" in skip:
        sys.exit("copydesk cannot be skipped: the ratios are relative to it")
    modules = {"gaoya": "gaoya", "rensa": "rensa", "rensa-sig": "rensa",
               "datasketch": "datasketch"}
    missing = sorted({m for name, m in modules.items()
                      if name not in skip and importlib.util.find_spec(m) is None})
    if missing:
        sys.exit(f"{sys.executable} cannot import {', '.join(missing)}: run this script with"
                 " the peers' virtualenv python, or leave them out with --skip")
    if not os.path.exists(args.copydesk):
        subprocess.run(["cargo", "build", "--release"], cwd=ROOT, check=True)

    # A generated corpus outlives the per-run files: the checks read it at the end.
    generated = tempfile.TemporaryDirectory(prefix="dedup-bench-corpus-")
    try:
        report(args, skip, generated)
    finally:
        generated.cleanup()


def report(args, skip, generated):
    with tempfile.TemporaryDirectory(prefix="dedup-bench-") as tmp:
        if not args.corpus:
            args.corpus = os.path.join(generated.name, "corpus.jsonl")
            print(f"generating {args.docs:,} documents (seed {args.seed}) ...", flush=True)
            subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), "--docs",
                            str(args.docs), "--seed", str(args.seed), "--out", args.corpus,
                            "-q"], check=True)
        with open(args.corpus, encoding="utf-8") as f:
            total = sum(1 for line in f if line.strip())
        print(f"corpus: {args.corpus} ({total:,} documents), threshold {args.threshold}, "
              f"{NGRAM}-word shingles, {PERMS} permutations; peers: {args.peer_bands} bands"
              f" x {PERMS // args.peer_bands} rows", flush=True)

        def limit_for(name):
            if name == "datasketch" and args.datasketch_docs:
                return min(args.datasketch_docs, total)
            if args.peer_docs and not name.startswith("copydesk"):
                return min(args.peer_docs, total)
            return total

        results = {}
        for name in SYSTEMS:
            if name in skip:
                continue
            docs = limit_for(name)
            print(f"  running {LABELS[name]} on {docs:,} documents ...", end=" ", flush=True)
            runs = []
            for _ in range(max(1, args.repeat)):
                if name.startswith("copydesk"):
                    runs.append(run_copydesk(args, args.corpus, tmp,
                                             threads=1 if name == "copydesk-1t" else None))
                else:
                    runs.append(run_peer(args, name, docs if docs < total else 0, tmp))
            result = min(runs, key=lambda r: r["seconds"])
            print(" / ".join(f"{r['seconds']:.2f}" for r in runs) + " s", flush=True)
            results[name] = result
        # copydesk on every prefix a peer ran on, for like-for-like ratios.
        prefixes = sorted({r["docs"] for r in results.values()} - {total})
        for docs in prefixes:
            print(f"  running copydesk on the first {docs:,} documents ...", end=" ",
                  flush=True)
            path = prefix_file(args.corpus, docs, tmp)
            runs = [run_copydesk(args, path, tmp) for _ in range(max(1, args.repeat))]
            result = min(runs, key=lambda r: r["seconds"])
            print(" / ".join(f"{r['seconds']:.2f}" for r in runs) + " s", flush=True)
            results[f"copydesk@{docs}"] = result
        header = results["copydesk"]["header"]

    # ---------------------------------------------------------------- checks
    print("checking against the planted ground truth ...", flush=True)
    started = time.perf_counter()
    ids, texts, sources = load_corpus(args.corpus, 0)
    position = {ident: i for i, ident in enumerate(ids)}
    family = [position[s] if s is not None and s in position else i
              for i, s in enumerate(sources)]
    for r in results.values():
        if "id_pairs" in r:
            r["pairs"] = sorted((min(position[a], position[b]), max(position[a], position[b]))
                                for a, b in r["id_pairs"])
    planted = [(family[i], i) for i in range(len(ids)) if family[i] != i]
    if args.check_sample and len(planted) > args.check_sample:
        step = len(planted) / args.check_sample
        planted = [planted[int(k * step)] for k in range(args.check_sample)]
    cache = {}

    def shingles_of(i):
        if i not in cache:
            cache[i] = shingle_set(texts[i])
        return cache[i]

    exact = {}
    for a, b in planted:
        exact[(a, b)] = jaccard(shingles_of(a), shingles_of(b))
        if len(cache) > 50_000:
            cache.clear()
    reported = set()
    for r in results.values():
        reported.update(r.get("pairs") or [])
    for pair in reported - exact.keys():
        exact[pair] = jaccard(shingles_of(pair[0]), shingles_of(pair[1]))
    true_pairs = {p for p in reported if exact[p] >= args.threshold}
    print(f"  exact Jaccard of {len(planted):,} planted and {len(reported):,} reported pairs"
          f" in {time.perf_counter() - started:.1f} s")

    # ---------------------------------------------------------------- tables
    rows = []
    for key, r in results.items():
        name = key.split("@")[0]
        docs = r["docs"]
        label = LABELS[name] + (f" (first {docs:,} docs)" if docs < total else "")
        pairs = r.get("pairs")
        row = {"key": key, "label": label, "docs": docs, "threads": THREADS[name],
               "seconds": r["seconds"], "wall": r["wall"], "rss": r["rss"],
               "pairs": pairs, "clusters": r.get("clusters"),
               "candidates": r.get("candidates"), "phases": r.get("phases") or {}}
        if pairs is not None:
            found = set(pairs)
            in_prefix = [p for p in planted if p[1] < docs]
            truth = [p for p in in_prefix if exact[p] >= args.threshold]
            row["planted"] = (sum(p in found for p in truth), len(truth))
            all_true = [p for p in true_pairs if p[1] < docs]
            row["true"] = (sum(p in found for p in all_true), len(all_true))
            row["false"] = sum(exact[p] < args.threshold for p in pairs)
            row["outside"] = sum(family[a] != family[b] for a, b in pairs)
        rows.append(row)

    def fmt(value, spec="{:,}"):
        return "-" if value is None else spec.format(value)

    print()
    print(f"## Dedup speed and output, threshold {args.threshold} ({total:,} documents; "
          f"copydesk {header.get('bands')} x {header.get('rows')} bands, peers "
          f"{args.peer_bands} x {PERMS // args.peer_bands})")
    print()
    head = ["system", "docs", "threads", "seconds", "docs/s", "process s", "peak RSS MiB",
            "candidates", "pairs", "clusters", f"planted J>={args.threshold} found",
            "true pairs found", f"pairs J<{args.threshold}", "pairs across families"]
    table = []
    for row in rows:
        planted_cell = true_cell = None
        if "planted" in row:
            found, n = row["planted"]
            planted_cell = f"{found:,}/{n:,} ({100 * found / max(n, 1):.1f}%)"
            found, n = row["true"]
            true_cell = f"{found:,}/{n:,} ({100 * found / max(n, 1):.1f}%)"
        table.append([row["label"], f"{row['docs']:,}", row["threads"],
                      f"{row['seconds']:.2f}", f"{row['docs'] / row['seconds']:,.0f}",
                      f"{row['wall']:.2f}", f"{row['rss']:,.0f}", fmt(row["candidates"]),
                      fmt(None if row["pairs"] is None else len(row["pairs"])),
                      fmt(row["clusters"]), planted_cell or "-", true_cell or "-",
                      fmt(row.get("false")), fmt(row.get("outside"))])
    print_table(head, table)

    print()
    print("## Phases (seconds, inside the process)")
    print()
    for row in rows:
        if row["phases"]:
            print(f"- {row['label']}: " + ", ".join(
                f"{k} {v:.2f}" for k, v in row["phases"].items()))
    print("- copydesk: a single process, no phase timings; `perf record` gives a split"
          " (benches/README.md)")

    print()
    print("## Ratios (copydesk seconds / peer seconds, same documents; < 1: copydesk faster)")
    print()
    by_docs = {row["docs"]: row for row in rows
               if row["key"] == "copydesk" or row["key"].startswith("copydesk@")}
    ratio_rows = []
    for row in rows:
        if row["key"].startswith("copydesk"):
            continue
        base = by_docs.get(row["docs"])
        if base is None:
            continue
        ratio = base["seconds"] / row["seconds"]
        single = "-"
        one = results.get("copydesk-1t")
        if one and one["docs"] == row["docs"]:
            single = f"{one['seconds'] / row['seconds']:.3f}"
        ratio_rows.append([f"copydesk / {row['label']}", f"{row['docs']:,}",
                           f"{base['seconds']:.2f}", f"{row['seconds']:.2f}",
                           f"{ratio:.3f}", f"{1 / ratio:.1f}x", single])
    print_table(["ratio", "docs", "copydesk s", "peer s", "ratio", "copydesk speed-up",
                 "ratio, copydesk 1 thread"], ratio_rows)
    print()
    print("copydesk command: " + results["copydesk"]["cmd"])


def print_table(head, rows):
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join(" --- " for _ in head) + "|")
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")


if __name__ == "__main__":
    main()
