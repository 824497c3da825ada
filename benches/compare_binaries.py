#!/usr/bin/env python3
"""Two copydesk binaries on the same command, alternating, in one run: is a change
free on the plain-text path? Prints each binary's best and median wall-clock time and
the ratio of the bests (B / A; below 1 means B is faster).

usage: compare_binaries.py A_BINARY B_BINARY [--runs N] -- ARGS...
e.g.:  compare_binaries.py old/copydesk target/release/copydesk --runs 15 -- \
           summarize --input-format jsonl ../shared/eval/bbc-summaries-dev.jsonl

The outputs of both are compared too (byte for byte), so a speed-up that changes
the result is caught.
"""
import argparse
import statistics
import subprocess
import sys
import time


def timed(binary, args):
    start = time.perf_counter()
    done = subprocess.run([binary, *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, done.stdout, done.returncode


def main():
    if "--" not in sys.argv:
        sys.exit(__doc__)
    split = sys.argv.index("--")
    parser = argparse.ArgumentParser()
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--runs", type=int, default=11)
    options = parser.parse_args(sys.argv[1:split])
    args = sys.argv[split + 1:]
    times = {options.a: [], options.b: []}
    outputs = {}
    timed(options.a, args)  # warm the page cache
    for _ in range(options.runs):
        for binary in (options.a, options.b):
            seconds, out, code = timed(binary, args)
            times[binary].append(seconds)
            outputs[binary] = (out, code)
    for label, binary in (("A", options.a), ("B", options.b)):
        t = times[binary]
        print(f"{label} {binary}: best {min(t) * 1000:.1f} ms, median {statistics.median(t) * 1000:.1f} ms")
    ratio = min(times[options.b]) / min(times[options.a])
    print(f"B / A (best): {ratio:.3f}")
    same = outputs[options.a] == outputs[options.b]
    print("outputs: identical" if same else "outputs: DIFFERENT")


if __name__ == "__main__":
    main()
