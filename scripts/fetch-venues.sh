#!/usr/bin/env bash
# Gets the real DEX programs the tests and `ballast demo --venue raydium-cpmm` load, for a
# machine without ../shared/venues/ (which holds a source build of Raydium CPMM at a pinned
# commit, with its licence and provenance: the build the tests' figures are measured on).
#
# This script dumps the *deployed* binary from a cluster with the Solana CLI:
#   solana program dump -u <RPC> CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C raydium_cp_swap.so
# and records its sha256 beside it (raydium_cp_swap.so.sha256), which the loader accepts as
# "a binary dumped from a cluster". It is not the pinned source build: behaviour should
# match the upstream release, compute units differ.
#
# usage: scripts/fetch-venues.sh [DIR] [RPC_URL]
#   DIR      where to write (default: $BALLAST_VENUES_DIR, else tests/fixtures/)
#   RPC_URL  cluster to dump from (default: $SOLANA_RPC_URL, else mainnet-beta)
# Never commit the .so (tests/fixtures/*.so is ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."

program_id="CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C"
file="raydium_cp_swap.so"
dir="${1:-${BALLAST_VENUES_DIR:-tests/fixtures}}"
rpc="${2:-${SOLANA_RPC_URL:-mainnet-beta}}"

if [ -f "../shared/venues/$file" ] && [ -z "${1:-}" ]; then
  echo "../shared/venues/$file is there (the pinned source build); the tests use it. Nothing to fetch."
  exit 0
fi
if ! command -v solana >/dev/null 2>&1; then
  echo "cannot fetch $file: the Solana CLI (solana) is not installed." >&2
  echo "Install it (https://docs.anza.xyz/cli/install), or put the pinned source build of" >&2
  echo "Raydium CPMM in \$BALLAST_VENUES_DIR, tests/fixtures/ or ../shared/venues/ (see" >&2
  echo "../shared/venues/README.md for its commit, recipe and sha256)." >&2
  exit 1
fi
mkdir -p "$dir"
tmp="$(mktemp "$dir/.$file.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
if ! solana program dump -u "$rpc" "$program_id" "$tmp"; then
  echo "cannot fetch $file: 'solana program dump' failed against $rpc (no RPC endpoint" >&2
  echo "reachable from here?). Pass another RPC_URL, or use the pinned source build (see" >&2
  echo "../shared/venues/README.md)." >&2
  exit 1
fi
mv "$tmp" "$dir/$file"
trap - EXIT
sha256sum "$dir/$file" | cut -d' ' -f1 > "$dir/$file.sha256"
echo "dumped the deployed $program_id from $rpc to $dir/$file"
echo "sha256 $(cat "$dir/$file.sha256") (recorded in $dir/$file.sha256; not the pinned source build)"
