#!/usr/bin/env bash
# Builds the on-chain programs to SBPF v3 `.so` files in target/deploy/, the place where
# `anchor build` puts them, without Solana's platform-tools:
#   pinned nightly (rust-toolchain.toml) + rust-src, a patched copy of its std (in a cache
#   directory outside the tree), and sbpf-linker from crates.io.
# Installs what is missing on a fresh machine; a warm rebuild takes seconds.
# The programs build with the `sbf` profile of the root Cargo.toml (fat LTO, one codegen unit,
# overflow checks), not `release`, which the tools use and keep quick to build.
# usage: scripts/build-sbf.sh            (builds every program under programs/)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

TOOLCHAIN=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
SBPF_LINKER_VERSION=0.2.6
# Cargo packages under programs/ (the .so takes the library name: dashes become underscores).
PROGRAMS=(ballast ballast-test-amm ballast-hostile-dex)

rustup toolchain install "$TOOLCHAIN" --profile minimal \
  --component rust-src --component rustfmt --component clippy >/dev/null 2>&1 \
  || rustup toolchain install "$TOOLCHAIN" --profile minimal --component rust-src --component rustfmt --component clippy

if ! sbpf-linker --version 2>/dev/null | grep -q "$SBPF_LINKER_VERSION"; then
  echo "installing sbpf-linker $SBPF_LINKER_VERSION (one time, 2-3 minutes)" >&2
  cargo +"$TOOLCHAIN" install sbpf-linker --version "$SBPF_LINKER_VERSION" --locked --force
fi

# Patched std, keyed by toolchain and patch content, outside the source tree.
PATCH="$ROOT/scripts/sbf/std-solana.patch"
PATCH_ID=$(sha256sum "$PATCH" | cut -c1-12)
CACHE="${BALLAST_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ballast}"
STD_DIR="$CACHE/std-$TOOLCHAIN-$PATCH_ID"
if [ ! -f "$STD_DIR/.patched" ]; then
  SYSROOT=$(rustc +"$TOOLCHAIN" --print sysroot)
  rm -rf "$STD_DIR"; mkdir -p "$STD_DIR"
  cp -r "$SYSROOT/lib/rustlib/src/rust/library" "$STD_DIR/library"
  patch -s -p0 -d "$STD_DIR" < "$PATCH"
  touch "$STD_DIR/.patched"
fi

mkdir -p target/deploy
package_args=()
for program in "${PROGRAMS[@]}"; do package_args+=(-p "$program"); done
__CARGO_TESTS_ONLY_SRC_ROOT="$STD_DIR/library" \
  cargo +"$TOOLCHAIN" build --locked "${package_args[@]}" \
    -Z build-std=std,panic_abort -Z json-target-spec \
    --profile sbf --target "$ROOT/scripts/sbf/sbpf-solana.json"
for program in "${PROGRAMS[@]}"; do
  lib=${program//-/_}
  cp "target/sbpf-solana/sbf/lib$lib.so" "target/deploy/$lib.so"
  echo "built target/deploy/$lib.so ($(stat -c %s "target/deploy/$lib.so") bytes)" >&2
done
