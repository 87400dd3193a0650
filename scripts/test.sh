#!/usr/bin/env bash
# Runs every test: builds the program to SBF (installing the pinned toolchain and
# sbpf-linker on a fresh machine), then the math crate's unit and property tests and the
# integration tests that execute target/deploy/ballast.so in LiteSVM.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build-sbf.sh
cargo test --workspace --locked "$@"
