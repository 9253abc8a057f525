#!/usr/bin/env bash
# Renders a static HTML report to a PNG screenshot with headless Chromium, to check by eye (or by a test) that its
# tables, inline SVG charts and images display. Not part of the Maven suite's required checks: CI may lack Chromium.
#
# Usage: render-report.sh REPORT.html OUT.png [WIDTH,HEIGHT]   (default window 1400,2000)
# Needs: chromium (Debian: apt-get install -y chromium) or chromium-browser / google-chrome on the PATH.
set -euo pipefail

if [[ $# -lt 2 ]]; then
    echo "usage: $0 REPORT.html OUT.png [WIDTH,HEIGHT]" >&2
    exit 2
fi
report=$1
out=$2
size=${3:-1400,2000}

browser=""
for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then
        browser=$candidate
        break
    fi
done
if [[ -z $browser ]]; then
    echo "render-report.sh: no chromium on the PATH (apt-get install -y chromium)" >&2
    exit 3
fi
if [[ ! -f $report ]]; then
    echo "render-report.sh: no such report: $report" >&2
    exit 2
fi

report_abs=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
out_dir=$(dirname "$out")
mkdir -p "$out_dir"
out_abs=$(cd "$out_dir" && pwd)/$(basename "$out")
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
rm -f "$out_abs"

# Every flag that would make Chromium reach the network or a GPU is off: the report must render offline.
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
    --user-data-dir="$profile" --screenshot="$out_abs" --window-size="$size" "file://$report_abs" \
    >"$profile/chromium.log" 2>&1 || {
    status=$?
    echo "render-report.sh: $browser failed with status $status" >&2
    tail -20 "$profile/chromium.log" >&2
    exit 1
}
if [[ ! -s $out_abs ]]; then
    echo "render-report.sh: $browser wrote no screenshot" >&2
    tail -20 "$profile/chromium.log" >&2
    exit 1
fi
echo "$out_abs"
