#!/usr/bin/env python3
"""Main-content extraction speed: copydesk against Python trafilatura, on the same
decompressed pages of `../shared/eval/html-dev/`, one thread each, in one run.

Usage (from the repository root, with the peers' virtualenv, which has trafilatura 2.3.1):
    .peers/bin/python benches/extraction_speed.py [--rounds 3] [--copydesk PATH]
    .peers/bin/python benches/extraction_speed.py --command "OTHER-EXTRACTOR ARGS"

copydesk runs as `copydesk extract --format jsonl FOLDER` with RAYON_NUM_THREADS=1, as
one process over the folder (start-up and reading included); `--command CMD` runs
`CMD FOLDER` instead (any extractor printing one JSON record a page). Python trafilatura
runs in this process: `trafilatura.extract(html, include_comments=False)` on every page
read from the same folder (its default settings otherwise, fallbacks included: the
configuration whose output scores F1 0.975 in html-dev/README.md). Each round runs
each side once; the best round of each is kept. Prints pages/s by wall clock and by CPU
time (user + system, steadier on a shared machine) and copydesk's speed-up.
"""

import argparse
import gzip
import json
import os
import resource
import shlex
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "..", "shared", "eval", "html-dev")
BINARY = os.path.join(ROOT, "target", "release", "copydesk")


def decompress(data, folder):
    """Writes every page as `<id>.html`; returns the page count."""
    pages = sorted(n for n in os.listdir(os.path.join(data, "pages")) if n.endswith(".html.gz"))
    for name in pages:
        with gzip.open(os.path.join(data, "pages", name), "rb") as src:
            with open(os.path.join(folder, name[: -len(".gz")]), "wb") as dst:
                dst.write(src.read())
    return len(pages)


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def check_records(stdout, pages, who):
    """The run must give one record a page, most with text: a fast broken run can't pass."""
    records = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    texts = [r.get("text") or "" for r in records if isinstance(r, dict)]
    if len(texts) != pages:
        sys.exit(f"{who}: {len(texts)} records for {pages} pages")
    if sum(1 for t in texts if len(t) > 200) < pages * 0.9:
        sys.exit(f"{who}: fewer than 90% of the pages gave an article")


def time_command(argv, folder, pages):
    """(wall s, CPU s) of one run of `argv folder`, one rayon thread."""
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    cpu0, start = children_cpu(), time.perf_counter()
    done = subprocess.run([*argv, folder], capture_output=True, text=True, env=env)
    wall, cpu = time.perf_counter() - start, children_cpu() - cpu0
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr[-2000:]}")
    check_records(done.stdout, pages, argv[0])
    return wall, cpu


def time_trafilatura(trafilatura, folder, pages):
    """(wall s, CPU s) of reading and extracting every page in this process."""
    cpu0, start = time.process_time(), time.perf_counter()
    records = []
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            text = trafilatura.extract(f.read(), include_comments=False) or ""
        records.append(json.dumps({"id": name, "text": text}))
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu0
    check_records("\n".join(records), pages, "trafilatura")
    return wall, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=DATA, help="folder with pages/*.html.gz")
    parser.add_argument("--copydesk", default=BINARY, help="copydesk binary")
    parser.add_argument("--command", help="run COMMAND FOLDER instead of copydesk extract")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    try:
        import trafilatura
    except ImportError:
        sys.exit("trafilatura is not importable: run with the peers' virtualenv Python")
    if args.command:
        argv, label = shlex.split(args.command), "command"
    else:
        if not os.path.exists(args.copydesk):
            sys.exit(f"no binary at {args.copydesk}: cargo build --release")
        argv, label = [args.copydesk, "extract", "--format", "jsonl"], "copydesk"
    with tempfile.TemporaryDirectory(prefix="extraction-speed-") as folder:
        pages = decompress(args.data, folder)
        size = sum(os.path.getsize(os.path.join(folder, n)) for n in os.listdir(folder))
        ours, peer = [], []
        for _ in range(max(1, args.rounds)):
            ours.append(time_command(argv, folder, pages))
            peer.append(time_trafilatura(trafilatura, folder, pages))
    report(label, ours, peer, pages, size, trafilatura.__version__)


def report(label, ours, peer, pages, size, version):
    print(f"{pages} pages, {size / pages / 1024:.0f} KiB each on average, best of {len(ours)} rounds")
    print(f"{'system':<22} {'wall pages/s':>12} {'CPU pages/s':>12}")
    rows = [(label, ours), (f"trafilatura {version}", peer)]
    best = {}
    for name, runs in rows:
        wall, cpu = min(w for w, _ in runs), min(c for _, c in runs)
        best[name] = (pages / wall, pages / cpu)
        print(f"{name:<22} {pages / wall:>12.1f} {pages / cpu:>12.1f}")
    (ow, oc), (pw, pc) = best[label], best[rows[1][0]]
    print(f"{'ratio':<22} {ow / pw:>11.1f}x {oc / pc:>11.1f}x")


if __name__ == "__main__":
    main()
