#!/usr/bin/env bash
# The main job: builds the programs, then `ballast demo`: a year of a 4-asset vault on an
# embedded chain (deposits, daily prices from the calibrated generator, arbitrage, keeper
# rebalances through the local AMM, redemptions), with a report and an SVG chart.
# Extra arguments go to `ballast demo` (e.g. --seed 7 --days 90 --policy calendar:interval=30d).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build-sbf.sh
cargo run --locked --release --quiet -p ballast-cli -- demo "$@"
