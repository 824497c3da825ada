#!/usr/bin/env bash
# Smoke run of every bench script: each runs on a few documents against the given
# copydesk binary, so that a script broken by a change of the CLI, its output or the
# peers fails here instead of on the day someone measures. The figures mean nothing.
#
# usage: benches/smoke.sh COPYDESK_BINARY [PEERS_VENV]
#   COPYDESK_BINARY  any build (a debug build works: the inputs are tiny)
#   PEERS_VENV       the peers' virtualenv (default .peers), made by
#                    ../shared/tools/peers-setup.sh; every script runs with its Python
#
# It needs ../shared/eval/ beside the checkout (BBC dev, CNN/DM dev, html-dev) and fails
# when a file is missing. A script fails the run when it exits non-zero or prints no
# result (a line its report always has).
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: benches/smoke.sh COPYDESK_BINARY [PEERS_VENV]" >&2
    exit 2
fi
binary=$(realpath "$1")
venv=${2:-.peers}
cd "$(dirname "$0")/.."
[[ -x $binary ]] || { echo "smoke: no copydesk binary at $1" >&2; exit 1; }
# The venv's python is a symlink that must not be resolved: its path selects the venv.
py=$(cd "$venv" 2>/dev/null && pwd)/bin/python
[[ -x $py ]] || {
    echo "smoke: no Python at $venv/bin/python (bash ../shared/tools/peers-setup.sh $venv)" >&2
    exit 1
}
eval_dir=../shared/eval
for file in bbc-summaries-dev.jsonl cnndm-dev.jsonl html-dev/ground-truth.jsonl html-dev/pages; do
    [[ -e $eval_dir/$file ]] || { echo "smoke: $eval_dir/$file is missing" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/copydesk-bench-smoke.XXXXXX")
[[ -n ${SMOKE_KEEP:-} ]] || trap 'rm -rf "$work"' EXIT
failed=()

# run NAME PATTERN COMMAND...: runs the command with its output in $work/NAME.out, and
# fails NAME when the command fails or no output line matches PATTERN (extended regex).
run() {
    local name=$1 pattern=$2 start=$SECONDS status=0
    shift 2
    "$@" >"$work/$name.out" 2>"$work/$name.err" || status=$?
    if [[ $status -ne 0 ]]; then
        echo "FAIL $name: exit status $status ($*)"
        tail -n 20 "$work/$name.err" "$work/$name.out" | awk '{ print "    " $0 }'
        failed+=("$name")
    elif ! grep -Eq -- "$pattern" "$work/$name.out"; then
        echo "FAIL $name: no line matching /$pattern/ in its output ($*)"
        tail -n 20 "$work/$name.err" "$work/$name.out" | awk '{ print "    " $0 }'
        failed+=("$name")
    else
        echo "ok   $name ($((SECONDS - start)) s)"
    fi
}

# Tiny inputs: 200 synthetic documents, 40 BBC articles, 3 web pages.
head -n 40 "$eval_dir/bbc-summaries-dev.jsonl" >"$work/bbc40.jsonl"
mkdir -p "$work/html3/pages"
head -n 3 "$eval_dir/html-dev/ground-truth.jsonl" >"$work/html3/ground-truth.jsonl"
"$py" -c 'import json, sys; [print(json.loads(l)["id"]) for l in open(sys.argv[1])]' \
    "$work/html3/ground-truth.jsonl" | while read -r id; do
    cp "$eval_dir/html-dev/pages/$id.html.gz" "$work/html3/pages/"
done

run gen_corpus '^\{"id": "doc000200"' \
    "$py" benches/gen_corpus.py --docs 200 --words 300 -q
corpus=$work/gen_corpus.out

run compare_summarizers '^Quality, all data sets' \
    "$py" benches/compare_summarizers.py --copydesk "$binary" --limit 5 --repeat 1 \
    --copydesk-runs 1 --data "$eval_dir/bbc-summaries-dev.jsonl" --data "$eval_dir/cnndm-dev.jsonl"
run compare_dedup '^\| copydesk / datasketch' \
    "$py" benches/compare_dedup.py --copydesk "$binary" --corpus "$corpus"
run dedup_recall '^\| all >= 0.5 ' \
    "$py" benches/dedup_recall.py --copydesk "$binary" --data "$work/bbc40.jsonl" \
    --corpus "$corpus" --thresholds 0.8,0.5
run paragraph_dedup '^ +200 ' \
    "$py" benches/paragraph_dedup.py --bin "$binary" --data "$work/bbc40.jsonl" \
    --sizes 100,200 --repeat 1
run check_cost '^targets: .* all met$' \
    "$py" benches/check_cost.py --copydesk "$binary" --only repeated-2000 --formats json,text
run check_speed '^  index speed-up ' \
    "$py" benches/check_speed.py --copydesk "$binary" --corpus "$corpus" --repeat 1
run archive_false_alarms '^20 drafts checked against 20 articles' \
    "$py" benches/archive_false_alarms.py --binary "$binary" --data "$work/bbc40.jsonl" --show 1
run extraction_f1 '^P [0-9.]+ R [0-9.]+ F1 [0-9.]+ .* n=3 missing=0$' \
    "$py" benches/extraction_f1.py --data "$work/html3" --bootstrap 20 \
    --command "$binary extract --format jsonl"
run extraction_speed '^ratio ' \
    "$py" benches/extraction_speed.py --copydesk "$binary" --data "$work/html3" --rounds 1
run compare_binaries '^outputs: identical$' \
    "$py" benches/compare_binaries.py "$binary" "$binary" --runs 1 -- \
    summarize --input-format jsonl "$work/bbc40.jsonl"

# language_accuracy.py's test set is three Debian packages (about 60 MB from Debian's
# archive with apt-get download, then 15 s of parsing): too much for a smoke run. Its
# --help runs, then the whole pipeline on the script's built-in sample of a few
# English, German and French pages laid out as the packages lay them out.
run language_accuracy_help '^usage: language_accuracy.py' \
    "$py" benches/language_accuracy.py --help
run language_accuracy '^1 sentence: macro [0-9.]+%, micro 100.00% ' \
    "$py" benches/language_accuracy.py "$work/langdata" --builtin-sample \
    --command "$binary extract --input-format jsonl --format jsonl"

# spark_costs.py reads the event log of a Spark run of spark/copydesk_dedup.py and the
# job's OUT/_copydesk.json. Running Spark takes a minute and a JVM, so the log is
# synthetic: two jobs shaped like Spark 4's uncompressed event log (a folder of
# events_N_* parts), with the events and fields the script reads.
write_spark_run() {
    local log=$work/spark-events/eventlog_v2_local-1 out=$work/spark-out
    mkdir -p "$log" "$out/_sketches"
    head -c 4096 /dev/zero >"$out/_sketches/part-00000.parquet"
    cat >"$out/_copydesk.json" <<'JSON'
{"documents": 200, "candidate_group_pairs": 40, "verification_bytes": 96000,
 "pairs": 12, "stage_seconds": {"read": 1.5, "sketch": 2.0, "components": 0.5}}
JSON
    cat >"$log/events_1_local-1" <<'JSON'
{"Event":"SparkListenerApplicationStart","App Name":"copydesk_dedup","Timestamp":1000}
{"Event":"SparkListenerJobStart","Job ID":0,"Submission Time":1000,"Stage IDs":[0],"Properties":{"callSite.short":"zipWithIndex at spark/copydesk_dedup.py:120"}}
{"Event":"SparkListenerTaskEnd","Stage ID":0,"Task Metrics":{"Input Metrics":{"Bytes Read":2000000},"Shuffle Write Metrics":{"Shuffle Bytes Written":0},"Shuffle Read Metrics":{"Remote Bytes Read":0,"Local Bytes Read":0},"Disk Bytes Spilled":0}}
{"Event":"SparkListenerJobEnd","Job ID":0,"Completion Time":3500}
{"Event":"SparkListenerJobStart","Job ID":1,"Submission Time":3600,"Stage IDs":[1,2],"Properties":{"callSite.short":"count at spark/copydesk_dedup.py:380"}}
{"Event":"SparkListenerTaskEnd","Stage ID":1,"Task Metrics":{"Input Metrics":{"Bytes Read":0},"Shuffle Write Metrics":{"Shuffle Bytes Written":300000},"Shuffle Read Metrics":{"Remote Bytes Read":0,"Local Bytes Read":0},"Disk Bytes Spilled":0}}
{"Event":"SparkListenerTaskEnd","Stage ID":2,"Task Metrics":{"Input Metrics":{"Bytes Read":0},"Shuffle Write Metrics":{"Shuffle Bytes Written":0},"Shuffle Read Metrics":{"Remote Bytes Read":100000,"Local Bytes Read":200000},"Disk Bytes Spilled":0}}
{"Event":"SparkListenerJobEnd","Job ID":1,"Completion Time":5000}
JSON
}
write_spark_run
run spark_costs '^verified pairs/doc +0\.0600$' \
    "$py" benches/spark_costs.py "$work/spark-events/eventlog_v2_local-1" "$work/spark-out"

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "bench smoke run: ${#failed[@]} failed: ${failed[*]}"
    exit 1
fi
echo "bench smoke run: every script ran (${SECONDS} s)"
