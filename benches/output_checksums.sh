#!/usr/bin/env bash
# Checksums of every command's output on the bundled fixtures, the briefing article and
# the dev sets: one line per run, `SHA256  EXIT  COMMAND`. A refactoring that must not
# change any output is checked by running this with the binary before and after and
# comparing the two listings (`diff`), which names the runs that differ.
#
# usage: benches/output_checksums.sh COPYDESK_BINARY > listing.txt
#
# Paths in the listing are relative to the checkout; outputs that name a temporary
# folder (the index, the archive index) have it replaced by `TMP` first. The dev sets are
# read from ../shared/eval/ when they are there; without them only the fixtures run.
set -uo pipefail

[[ $# -eq 1 ]] || { echo "usage: benches/output_checksums.sh COPYDESK_BINARY" >&2; exit 2; }
binary=$(realpath "$1")
cd "$(dirname "$0")/.."
[[ -x $binary ]] || { echo "checksums: no copydesk binary at $1" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/copydesk-checksums.XXXXXX")
trap 'rm -rf "$work"' EXIT

# run ARGS...: one listing line for `copydesk ARGS` (stdout and stderr both hashed).
run() {
    local out status
    out=$("$binary" -q --threads 2 "$@" 2>&1)
    status=$?
    printf '%s  %s  %s\n' "$(printf '%s' "${out//$work/TMP}" | sha256sum | cut -c1-16)" \
        "$status" "${*//$work/TMP}"
}

# shards DIR: one listing line for the sketch shards in DIR (their bytes).
shards() {
    printf '%s  -  shards of the sketch above\n' "$(cat "$1"/*.parquet | sha256sum | cut -c1-16)"
}

briefing=../shared/fixtures/niger-russia.txt
texts=(fixtures/*.txt fixtures/draft.md)
[[ -f $briefing ]] && texts+=("$briefing")

for file in "${texts[@]}" fixtures/pages/*.html; do
    for format in text json jsonl; do
        run summarize --format "$format" "$file"
    done
    run summarize --ratio 1 "$file"
    run summarize --words 60 --order score "$file"
    run summarize --algorithm lead "$file"
    for format in text json jsonl sarif html; do
        run check --summary 2 --format "$format" "$file"
    done
    run extract --format jsonl "$file"
done
run dedup --format json --paragraphs --min-words 3 fixtures
run dedup --exact --threshold 0.3 --format jsonl fixtures
run dedup --print duplicates fixtures
run check --against fixtures/wire-story.txt fixtures/wire-story-rewrite.txt
run check --format jsonl --against fixtures/reuse/sources fixtures/reuse/answers
run index build --index "$work/fixtures.db" fixtures/reuse/sources fixtures/wire-story.txt
run check --format json --index "$work/fixtures.db" fixtures/wire-story-rewrite.txt fixtures/reuse/answers
run extract --format markdown fixtures/pages

eval_dir=../shared/eval
if [[ -d $eval_dir ]]; then
    for set in bbc-summaries-dev cnndm-dev bbc-sentences-dev; do
        data=$eval_dir/$set.jsonl
        run summarize --format jsonl "$data"
        run summarize --ratio 0.3 --similarity bm25 --format jsonl "$data"
        run dedup --format jsonl --paragraphs "$data"
        run dedup --threshold 0.5 --containment 0.8 --format json "$data"
        run check --format jsonl "$data"
        run eval --format json "$data"
        run sketch --shard-docs 500 -o "$work/$set.shards" "$data"
        shards "$work/$set.shards"
        run extract --format jsonl "$data"
    done
    run eval --format json --sentences-from-reference "$eval_dir/bbc-summaries-dev.jsonl"
    run index build --index "$work/bbc.db" "$eval_dir/bbc-summaries-dev.jsonl"
    run check --format jsonl --index "$work/bbc.db" "$eval_dir/cnndm-dev.jsonl"
    run extract --format jsonl "$eval_dir/html-dev/pages"
    run summarize --format jsonl "$eval_dir/html-dev/pages"
fi
