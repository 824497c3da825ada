#!/usr/bin/env python3
"""Archive findings between unrelated news articles: builds an index from every
other article of the BBC dev set, checks the remaining half against it, and counts
archive findings by kind and severity (BBC holds genuine near-duplicates and
follow-up stories that recycle passages, so not every finding is a false alarm: a
sample of each kind is printed for reading).

Usage (from the repository root; plain Python 3):
    python3 benches/archive_false_alarms.py [--data ../shared/eval/bbc-summaries-dev.jsonl]
        [--binary target/release/copydesk] [--show 3]
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def halves(path, folder):
    """Writes the even and odd records as two JSONL files; returns them and the texts."""
    texts = {}
    names = [os.path.join(folder, "archive.jsonl"), os.path.join(folder, "drafts.jsonl")]
    with open(path) as lines, open(names[0], "w") as even, open(names[1], "w") as odd:
        for n, line in enumerate(lines):
            record = json.loads(line)
            texts[record["id"]] = record["text"]
            out = even if n % 2 == 0 else odd
            out.write(json.dumps({"id": record["id"], "text": record["text"]}) + "\n")
    return names, texts


def copydesk(binary, *args):
    done = subprocess.run([binary, *args], capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"copydesk {' '.join(args)} failed ({done.returncode}): {done.stderr}")
    return done.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "eval", "bbc-summaries-dev.jsonl"))
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "copydesk"))
    parser.add_argument("--show", type=int, default=3, help="findings printed per kind")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        (archive, drafts), texts = halves(args.data, work)
        index = os.path.join(work, "archive.db")
        copydesk(args.binary, "index", "build", archive, "--index", index, "-q")
        report = json.loads(copydesk(args.binary, "check", drafts, "--index", index, "--format", "json", "-q"))
    counts = collections.Counter()
    flagged = collections.defaultdict(set)
    examples = collections.defaultdict(list)
    for draft in report["drafts"]:
        for finding in draft["findings"]:
            if not finding.get("archive"):
                continue
            kind = finding["kind"]
            counts[(kind, finding["severity"])] += 1
            flagged[kind].add(draft["id"])
            flagged["any"].add(draft["id"])
            examples[kind].append((draft["id"], finding))
    print(f"{len(report['drafts'])} drafts checked against {len(texts) - len(report['drafts'])} articles")
    for (kind, severity), n in sorted(counts.items()):
        print(f"  {kind:16} {severity:8} {n:4} findings")
    for kind, ids in sorted(flagged.items()):
        print(f"  drafts with {kind}: {len(ids)}")
    for kind, found in sorted(examples.items()):
        for draft_id, finding in found[: args.show]:
            archived = finding["archive"]
            print(f"\n[{kind}] {draft_id} -> {archived['id']}: {finding['message']}")
            print("  draft:   ", excerpt(texts[draft_id], finding["start"], finding["end"]))
            if archived.get("start") is not None:
                print("  archived:", excerpt(texts[archived["id"]], archived["start"], archived["end"]))


def excerpt(text, start, end):
    """The text at byte offsets (as copydesk reports them), cut for printing."""
    piece = text.encode("utf-8")[start:end].decode("utf-8")
    return piece[:200].replace("\n", " ")


if __name__ == "__main__":
    main()
