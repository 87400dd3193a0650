#!/usr/bin/env bash
# Runs Ballast on agave's own validator: the test of validator/ (a cargo workspace of its own,
# with its own Cargo.lock and target directory, so the main suite never compiles a validator)
# starts solana-test-validator 4.3.2 in process, deploys target/deploy/ballast.so and
# ballast_test_amm.so through the upgradeable loader over RPC, and runs the SDK's vault setup,
# deposits, a refusal, a keeper round in two passes and a withdrawal over its RPC, upgrading
# Ballast under the live vault between the passes. About 2 to 3 minutes once built.
#
# Installs what it needs on a fresh machine:
# - libclang-dev (librocksdb-sys generates its bindings with libclang), with apt-get as root;
# - the programs (scripts/build-sbf.sh, seconds when they are up to date);
# - a patched copy of crates.io's rocksdb 0.24.0 in a cache directory outside the tree
#   (validator/rocksdb-0.24.0.patch: the published solana-ledger 4.3.2 calls four methods only
#   agave's fork of rocksdb has), wired in with cargo's [patch.crates-io] on the command line.
# A cold build takes about 20 minutes on 2 cores (rocksdb's C++ most of it) and 3+ GB.
# validator/Cargo.lock is used --locked: when a path crate (app/sdk, app/keeper, the programs)
# gains a dependency, run the cargo command below once without --locked: cargo adds only what
# is missing, and the updated lock file is committed.
# usage: scripts/validator-test.sh [extra cargo test arguments]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TOOLCHAIN=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)

have_libclang() {
  if command -v dpkg >/dev/null 2>&1; then
    dpkg -s libclang-dev >/dev/null 2>&1
  else
    [ -n "${LIBCLANG_PATH:-}" ] || ldconfig -p 2>/dev/null | grep -q 'libclang'
  fi
}
if ! have_libclang; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing libclang-dev (librocksdb-sys needs it)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq </dev/null
    apt-get install -y -qq libclang-dev </dev/null >/dev/null
  else
    echo "libclang-dev is required (librocksdb-sys): sudo apt-get install libclang-dev" >&2
    exit 1
  fi
fi

./scripts/build-sbf.sh

# Patched rocksdb, keyed by patch content, outside the source tree.
PATCH="$ROOT/validator/rocksdb-0.24.0.patch"
PATCH_ID=$(sha256sum "$PATCH" | cut -c1-12)
CACHE="${BALLAST_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ballast}"
ROCKSDB_DIR="$CACHE/rocksdb-0.24.0-$PATCH_ID"
if [ ! -f "$ROCKSDB_DIR/.patched" ]; then
  crate() { ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/rocksdb-0.24.0.crate 2>/dev/null | head -1; }
  if [ -z "$(crate)" ]; then
    # Download the published crate through cargo: a scratch package that depends on it.
    FETCH="$CACHE/rocksdb-fetch"
    mkdir -p "$FETCH/src"
    printf '[package]\nname = "rocksdb-fetch"\nversion = "0.0.0"\nedition = "2021"\n\n[workspace]\n\n[dependencies]\nrocksdb = { version = "=0.24.0", default-features = false }\n' >"$FETCH/Cargo.toml"
    : >"$FETCH/src/lib.rs"
    cargo +"$TOOLCHAIN" fetch --manifest-path "$FETCH/Cargo.toml"
  fi
  rm -rf "$ROCKSDB_DIR"
  mkdir -p "$ROCKSDB_DIR"
  tar -xzf "$(crate)" -C "$ROCKSDB_DIR" --strip-components=1
  patch -s -p1 -d "$ROCKSDB_DIR" <"$PATCH"
  touch "$ROCKSDB_DIR/.patched"
fi

cd validator
cargo +"$TOOLCHAIN" test --locked --config "patch.crates-io.rocksdb.path=\"$ROCKSDB_DIR\"" "$@" -- --nocapture
