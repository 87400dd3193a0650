#!/usr/bin/env bash
# The web page's tests (app/web) in a real browser: builds the page on @ballast/client
# (app/ts), starts `ballast node`, serves the built page and drives Debian's Chromium headless
# through playwright-core (composition against `ballast status --json`, a development-wallet
# deposit, a keeper round, a withdrawal, a phone-sized screen, a stale-price refusal).
# Screenshots go to target/web-screenshots/, the time to first render to target/web-metrics.json.
#
# Installs what it needs on a fresh machine: Debian's chromium with apt-get as root (the
# test never downloads a browser of its own), the programs (scripts/build-sbf.sh, seconds
# when up to date), the `ballast` binary (the debug build scripts/test.sh already made), and
# the npm packages of app/ts and app/web (npm ci).
# usage: scripts/web-test.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's chromium (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq </dev/null
    apt-get install -y -qq chromium </dev/null >/dev/null
  else
    echo "Chromium is required at $CHROMIUM: apt-get install chromium (as root), or set CHROMIUM" >&2
    exit 1
  fi
fi
export CHROMIUM
command -v npm >/dev/null || { echo "Node.js (>= 20.18) with npm is required for app/web" >&2; exit 1; }

./scripts/build-sbf.sh
cargo build --locked -p ballast-cli --bin ballast
export BALLAST_BIN="$ROOT/target/debug/ballast"

[ -d app/ts/node_modules ] || (cd app/ts && npm ci --no-audit --no-fund)
cd app/web
npm ci --no-audit --no-fund
npm test
