#!/usr/bin/env bash
# The main job for now: builds the program, then plays a short scripted vault life on an
# embedded chain (create a 4-asset vault, deposit, move a price, withdraw) and prints
# balances and compute units.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build-sbf.sh
cargo run --locked --quiet -p ballast-tests --bin scenario
