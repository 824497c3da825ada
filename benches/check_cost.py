#!/usr/bin/env python3
"""What `copydesk check` costs on huge or pathological drafts: wall time and peak RSS
of the process, against a target (10 s, 1 GiB) per run.

Usage (from the repository root; plain Python 3):
    python3 benches/check_cost.py [--copydesk PATH] [--only NAME ...] [--keep DIR]

Four drafts are generated into a temporary folder:
  repeated-2000   one sentence repeated 2,000 times, each copy its own paragraph (~130 KB)
  ordinary-40k    40,000 ordinary sentences (~4.2 MB): the articles of
                  ../shared/eval/*.jsonl (the fixtures when absent), paragraphs kept;
                  when the articles run out they come round again with the words of
                  each sentence rotated, so no round repeats an earlier one verbatim
  shuffled-2.4mb  the words of one article shuffled (seeded) into sentences of 8-24
                  words and paragraphs of 3-6 sentences (~2.4 MB)
  repeated-64mib  one sentence repeated, each copy its own paragraph, padded to exactly
                  64 MiB (the default --max-bytes)

Each is checked with `--format json` and `--format text`, the report read through a
pipe and dropped but for its totals (the findings counted), one
process at a time, under an address-space limit (--limit-gib, default 3) so that a
regression fails the run instead of eating the machine, and killed after --timeout
seconds. Peak RSS comes from wait4's rusage of that process alone. The script prints a
table and exits 1 when a run misses a target, failed, or gave no findings (each draft
repeats itself, so a fast run that finds nothing is broken, not fast) or a report whose
totals it cannot read.

`--profile` also samples one more json run of each draft with `perf record` (call
graphs) and prints the share of its time in each part: the library's text analysis
and repetition search, then the CLI's findings and report. On a draft with millions
of findings the last two can outweigh the first.
"""

import argparse
import glob
import json
import os
import random
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVAL = os.path.join(ROOT, "..", "shared", "eval")
TARGET_SECONDS = 10.0
TARGET_RSS = 1 << 30
MIB = 1 << 20
SENTENCE = "The council said on Monday it would review the water plan again."
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def articles():
    """Texts of the evaluation articles, or of the fixtures when those are absent."""
    texts = []
    for path in sorted(glob.glob(os.path.join(EVAL, "*-dev.jsonl"))):
        if "sentences" in os.path.basename(path):
            continue
        with open(path, encoding="utf-8") as lines:
            texts.extend(json.loads(line)["text"] for line in lines)
    if not texts:
        for path in sorted(glob.glob(os.path.join(ROOT, "fixtures", "*.txt"))):
            with open(path, encoding="utf-8") as f:
                texts.append(f.read())
    return texts


def repeated(copies=None, size=None):
    """One sentence, each copy its own paragraph; `size` pads to exactly that many bytes."""
    unit = SENTENCE + "\n\n"
    if size is None:
        return unit * copies
    text = unit * (size // len(unit))
    return text + " " * (size - len(text))


def rotate(sentence, by):
    words = sentence.split()
    if len(words) < 2:
        return sentence
    by %= len(words)
    return " ".join(words[by:] + words[:by])


def ordinary(sentences=40_000):
    """`sentences` sentences of real articles, paragraphs kept, rounds rotated."""
    texts = articles()
    paragraphs, count, round_ = [], 0, 0
    while count < sentences:
        for text in texts:
            for paragraph in re.split(r"\n\s*\n", text):
                parts = [s for s in SENTENCE_END.split(paragraph.strip()) if s]
                parts = parts[: sentences - count]
                if not parts:
                    continue
                paragraphs.append(" ".join(rotate(s, round_) for s in parts))
                count += len(parts)
            if count >= sentences:
                break
        round_ += 1
    return "\n\n".join(paragraphs) + "\n"


def shuffled(size=int(2.4 * MIB), seed=7):
    """The words of the longest article, shuffled into sentences and paragraphs."""
    words = max(articles(), key=len).split()
    rng = random.Random(seed)
    pool, paragraphs, total = [], [], 0
    while total < size:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            n = rng.randint(8, 24)
            while len(pool) < n:
                batch = list(words)
                rng.shuffle(batch)
                pool.extend(batch)
            chosen = [w.strip(".!?\"'") or "x" for w in pool[:n]]
            del pool[:n]
            chosen[0] = chosen[0][:1].upper() + chosen[0][1:]
            sentences.append(" ".join(chosen) + ".")
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        total += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(paragraphs) + "\n"


CASES = [
    ("repeated-2000", lambda: repeated(copies=2000)),
    ("ordinary-40k", ordinary),
    ("shuffled-2.4mb", shuffled),
    ("repeated-64mib", lambda: repeated(size=64 * MIB)),
]


def limit(gib):
    def apply():
        cap = int(gib * (1 << 30))
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    return apply


def run(binary, draft, fmt, args):
    """Runs one check; returns (seconds, peak RSS bytes, exit code, findings, killed).

    The report is read through a pipe and dropped, all but its last bytes, where the
    totals are: that is the only way to know how many findings a run gave."""
    command = [binary, "check", draft, "--format", fmt, "-q"]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             preexec_fn=limit(args.limit_gib))
    timer = _Killer(child, args.timeout)
    tail = b""
    while chunk := child.stdout.read(1 << 20):
        tail = (tail + chunk)[-4096:]
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    timer.cancel()
    code = os.waitstatus_to_exitcode(status)
    stderr = child.stderr.read().decode("utf-8", "replace").strip()
    if code not in (0, 1) and stderr:
        print(f"  {os.path.basename(draft)} {fmt}: {stderr[-300:]}", file=sys.stderr)
    return seconds, usage.ru_maxrss * 1024, code, findings(tail, fmt), timer.fired


def findings(tail, fmt):
    """The number of findings in the report's totals, None when they are not there."""
    text = tail.decode("utf-8", "replace")
    if fmt == "json":
        counts = re.search(r'"errors": (\d+),\s*"warnings": (\d+),\s*"info": (\d+),\s*"fail_on"', text)
    else:
        counts = re.search(r"(\d+) error\(s\), (\d+) warning\(s\), (\d+) (?:note\(s\)|info);", text)
    return sum(int(n) for n in counts.groups()) if counts else None


class _Killer:
    """Kills a child that runs past its time."""

    def __init__(self, child, seconds):
        self.fired = False
        self.child = child
        signal.signal(signal.SIGALRM, self._fire)
        signal.setitimer(signal.ITIMER_REAL, seconds)

    def _fire(self, *_):
        self.fired = True
        self.child.kill()

    def cancel(self):
        signal.setitimer(signal.ITIMER_REAL, 0)


# What each part of a check is, by the functions whose samples (with their callees)
# it takes: the library's two steps, then what the CLI does with their result.
PARTS = [
    ("text analysis", ["copydesk::text::analyze", "analyze "]),
    ("repetition search", ["copydesk::check::within::repetition", "repetition "]),
    ("findings", ["copydesk::check::findings::from_repetition", "from_repetition "]),
    ("report", ["copydesk::cli::check::draft_report", "draft_report ",
                "copydesk::cli::check::render", "render "]),
]


def profile(binary, draft, args):
    """The share of a json run's time in each part, from `perf record` with call graphs."""
    data = os.path.join(os.path.dirname(os.path.abspath(draft)), "perf.data")
    command = ["perf", "record", "-q", "-F", "99", "--call-graph", "dwarf,16384",
               "-o", data, "--", binary, "check", draft, "--format", "json", "-q"]
    try:
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              preexec_fn=limit(args.limit_gib), timeout=args.timeout * 3)
    except (OSError, subprocess.TimeoutExpired) as problem:
        return f"no profile ({problem})"
    if done.returncode not in (0, 1):
        return "no profile: " + done.stderr.decode("utf-8", "replace")[-200:]
    report = subprocess.run(
        ["perf", "report", "-i", data, "--stdio", "--children", "--sort", "sym", "-g", "none",
         "--percent-limit", "0.5"], capture_output=True, text=True).stdout
    os.remove(data)
    return ", ".join(f"{name} {share(report, symbols)}" for name, symbols in PARTS)


def share(report, symbols):
    """The largest with-callees share of the symbols (inlined copies are listed apart)."""
    line = re.compile(r"^\s+([\d.]+)%\s+[\d.]+%\s+\[\.\]\s+(.*)$", re.M)
    shares = [float(m.group(1)) for m in line.finditer(report)
              if any(m.group(2).startswith(symbol) for symbol in symbols)]
    return f"{max(shares):.0f}%" if shares else "n/a"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copydesk", default=os.path.join(ROOT, "target", "release", "copydesk"))
    parser.add_argument("--only", action="append", help="run only these drafts (repeatable)")
    parser.add_argument("--formats", default="json,text")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--limit-gib", type=float, default=3.0)
    parser.add_argument("--keep", help="write the drafts here and keep them")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    if not os.path.exists(args.copydesk):
        sys.exit(f"{args.copydesk} is missing: run `cargo build --release` first")
    folder = args.keep or tempfile.mkdtemp(prefix="check-cost-")
    os.makedirs(folder, exist_ok=True)
    rows, missed = [], False
    for name, make in CASES:
        if args.only and name not in args.only:
            continue
        draft = os.path.join(folder, name + ".txt")
        with open(draft, "w", encoding="utf-8") as f:
            f.write(make())
        size = os.path.getsize(draft)
        for fmt in args.formats.split(","):
            seconds, rss, code, findings, killed = run(args.copydesk, draft, fmt, args)
            ok = (code in (0, 1) and not killed and seconds <= TARGET_SECONDS
                  and rss <= TARGET_RSS and bool(findings))  # None: no totals read
            missed |= not ok
            status = "killed" if killed else str(code)
            rows.append((name, size, fmt, seconds, rss, status, findings, ok))
            print_row(rows[-1], header=len(rows) == 1)
        if args.profile:
            print(f"  profile {name}: {profile(args.copydesk, draft, args)}")
        if not args.keep:
            os.remove(draft)
    if not args.keep:
        for leftover in glob.glob(os.path.join(folder, "*")):
            os.remove(leftover)
        os.rmdir(folder)
    print(f"targets: {TARGET_SECONDS:.0f} s, {TARGET_RSS // MIB} MiB per run; "
          f"{'all met' if not missed else 'MISSED'}")
    sys.exit(1 if missed else 0)


def print_row(row, header):
    if header:
        print(f"{'draft':<16} {'bytes':>10} {'format':<6} {'seconds':>8} {'peak RSS':>10} "
              f"{'exit':>6} {'findings':>9}  result")
    name, size, fmt, seconds, rss, status, findings, ok = row
    shown = "-" if findings is None else str(findings)
    print(f"{name:<16} {size:>10} {fmt:<6} {seconds:>8.2f} {rss / MIB:>7.0f} MiB "
          f"{status:>6} {shown:>9}  {'PASS' if ok else 'FAIL'}", flush=True)


if __name__ == "__main__":
    main()
