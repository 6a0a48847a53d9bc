#!/usr/bin/env bash
# Runs every test (unit in Node, UI in Debian's headless Chromium) and ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

chromium_bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium_bin" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the browser tests…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Chromium at $chromium_bin (Debian: sudo apt-get install chromium)." >&2
    exit 2
  fi
fi
# The print test reads its PDF back with poppler's pdftotext/pdfinfo.
if ! command -v pdftotext >/dev/null || ! command -v pdfinfo >/dev/null; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's poppler-utils for the print test…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
  else
    echo "The print test needs pdftotext and pdfinfo (Debian: sudo apt-get install poppler-utils)." >&2
    exit 2
  fi
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

results=.vitest-results.json
rm -f "$results"
npx vitest run --reporter=default --reporter=json --outputFile.json="$results"
status=$?
node scripts/summary.mjs "$results" || status=1
exit $status
