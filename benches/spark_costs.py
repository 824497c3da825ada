#!/usr/bin/env python3
"""Per-stage costs of a run of spark/copydesk_dedup.py, per document, for docs/scale.md.

Run the job with Spark's event log on:

    spark-submit --conf spark.eventLog.enabled=true --conf spark.eventLog.dir=EVENTS \\
        --conf spark.eventLog.compress=false \\
        spark/copydesk_dedup.py --input corpus.jsonl --output OUT ...
    python3 benches/spark_costs.py EVENTS/<application log, a file or a folder> OUT

and this prints, for each job of the run (named by the line of copydesk_dedup.py that
started it), its wall time, input, shuffle written and read, and bytes spilled; then the
per-document figures: staged sketch bytes, total shuffle, candidate group pairs and
verified pairs (from OUT/_copydesk.json), and the bytes of shingle lists a verification
reads (4 bytes a shingle, both sides of each candidate).
"""

import argparse
import json
import os
import re
from collections import defaultdict


def folder_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files
                     if f.endswith(".parquet"))
    return total


def event_lines(path):
    """The JSON lines of an uncompressed event log (Spark 4 writes a folder of parts)."""
    files = [path] if os.path.isfile(path) else sorted(
        os.path.join(path, f) for f in os.listdir(path) if f.startswith("events_"))
    for name in files:
        with open(name) as f:
            yield from f


def read_events(path):
    jobs, stage_job, costs = {}, {}, defaultdict(lambda: defaultdict(int))
    if True:
        for line in event_lines(path):
            e = json.loads(line)
            kind = e.get("Event")
            if kind == "SparkListenerJobStart":
                site = e.get("Properties", {}).get("callSite.short", "?")
                m = re.search(r"copydesk_dedup\.py:(\d+)", site)
                name = f"{site.split(' at ')[0]} at line {m.group(1)}" if m else site
                jobs[e["Job ID"]] = {"name": name, "start": e["Submission Time"]}
                for s in e.get("Stage IDs", []):
                    stage_job[s] = e["Job ID"]
            elif kind == "SparkListenerJobEnd":
                jobs[e["Job ID"]]["end"] = e["Completion Time"]
            elif kind == "SparkListenerTaskEnd":
                job = stage_job.get(e["Stage ID"])
                m = e.get("Task Metrics") or {}
                c = costs[job]
                c["input"] += m.get("Input Metrics", {}).get("Bytes Read", 0)
                c["shuffle_write"] += m.get("Shuffle Write Metrics", {}).get(
                    "Shuffle Bytes Written", 0)
                read = m.get("Shuffle Read Metrics", {})
                c["shuffle_read"] += read.get("Remote Bytes Read", 0) + read.get(
                    "Local Bytes Read", 0)
                c["spill"] += m.get("Disk Bytes Spilled", 0)
    return jobs, costs


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("event_log")
    p.add_argument("out")
    args = p.parse_args()
    summary = json.load(open(os.path.join(args.out, "_copydesk.json")))
    docs = summary["documents"]
    jobs, costs = read_events(args.event_log)
    print(f"{'job':>4} {'seconds':>8} {'input MB':>9} {'shuffle w MB':>12} "
          f"{'shuffle r MB':>12} {'spill MB':>9}  started by")
    total_shuffle = 0
    for job_id in sorted(jobs):
        j, c = jobs[job_id], costs[job_id]
        total_shuffle += c["shuffle_write"]
        seconds = (j.get("end", j["start"]) - j["start"]) / 1000
        print(f"{job_id:>4} {seconds:>8.1f} {c['input'] / 1e6:>9.1f} "
              f"{c['shuffle_write'] / 1e6:>12.1f} {c['shuffle_read'] / 1e6:>12.1f} "
              f"{c['spill'] / 1e6:>9.1f}  {j['name']}")
    sketches = folder_bytes(os.path.join(args.out, "_sketches"))
    print(f"\ndocuments {docs}, stage seconds {summary['stage_seconds']}")
    print(f"staged sketch bytes/doc  {sketches / docs:.0f}")
    print(f"shuffle written bytes/doc {total_shuffle / docs:.0f}")
    print(f"candidate group pairs/doc {summary['candidate_group_pairs'] / docs:.4f}")
    print(f"verified pairs/doc        {summary['pairs'] / docs:.4f}")
    print(f"verification bytes/doc    {summary['verification_bytes'] / docs:.0f} "
          "(stored shingles of both sides of every candidate, 4 bytes each)")

if __name__ == "__main__":
    main()
