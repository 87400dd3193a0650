#!/usr/bin/env bash
# Regenerates the committed IDL, idl/ballast.json, and the TypeScript types file Anchor
# generates beside it, idl/ballast.ts, from the program with Anchor's own IDL builder
# (`cargo test __anchor_private_print_idl --features idl-build` in programs/ballast, then
# anchor_lang_idl::build::IdlBuilder; see idl/builder). It reuses the workspace's target
# directory and build flags: after `cargo test --workspace` only the crates the idl-build
# feature changes compile again, next to (not over) the main build's artifacts.
# usage: scripts/idl.sh            (writes the two files)
#        scripts/idl.sh --check    (fails when the committed files differ from the program's)
set -euo pipefail
cd "$(dirname "$0")/.."
# anchor-lang-idl 0.1.4 turns a set RUSTUP_TOOLCHAIN into a literal `+{toolchain}` argument.
unset RUSTUP_TOOLCHAIN
cargo run --locked --quiet -p ballast-idl -- "$@"
