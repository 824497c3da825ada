#!/bin/sh
# Regenerates docs/check-report.png, the README's picture of the HTML report of
# `copydesk check`: the report of the article the project was briefed with
# (../shared/fixtures/niger-russia.txt, which stays outside the repository), drawn by
# headless Chromium at 1200x1600 and reduced to 128 colours (ImageMagick) to stay small.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
cargo build -q --example html_report
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Run from the fixture's folder, so that the page names the draft by its file name.
(cd ../shared/fixtures && "$root/target/debug/examples/html_report" niger-russia.txt) >"$tmp/report.html"
chromium --headless --disable-gpu --no-sandbox --hide-scrollbars \
    --user-data-dir="$tmp/profile" --window-size=1200,1600 \
    --screenshot="$tmp/report.png" "file://$tmp/report.html" 2>/dev/null
convert "$tmp/report.png" -strip -colors 128 -define png:compression-level=9 \
    "PNG8:docs/check-report.png"
ls -l docs/check-report.png
