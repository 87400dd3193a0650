//! Seeds and limits.

/// Seed of a pool PDA: `[POOL_SEED, mint_a, mint_b]` with `mint_a < mint_b`.
pub const POOL_SEED: &[u8] = b"pool";
/// Seed of a pool's authority PDA: `[AUTHORITY_SEED, pool]`. It owns both vaults.
pub const AUTHORITY_SEED: &[u8] = b"authority";
/// Seed of a pool's vault PDA: `[VAULT_SEED, pool, mint]`.
pub const VAULT_SEED: &[u8] = b"vault";
/// Basis points in one whole.
pub const BPS_DENOMINATOR: u64 = 10_000;
/// Highest swap fee a pool may charge: 10%.
pub const MAX_FEE_BPS: u16 = 1_000;
