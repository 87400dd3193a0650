//! Seeds, limits and external program ids.

use anchor_lang::prelude::*;

/// Most assets one vault can hold.
///
/// What bounds it: `withdraw` passes three accounts per asset (reserve, user token account,
/// mint) plus six fixed ones, so 16 assets need 54 accounts (and `initialize_vault` three
/// per asset plus eight: 56). That is under the runtime's
/// limit of 64 account locks per transaction, but above what fits in a legacy transaction of
/// 1,232 bytes: measured with a fee payer besides the user (the CU report's `tx bytes`),
/// withdrawals, initialisations and rebalances of more than 6 assets and deposits of more
/// than 10 need a versioned transaction with an address lookup table (a wallet paying its
/// own fees gains about one asset), which the manager publishes on the vault
/// (`set_lookup_table`). Compute units are not the
/// binding limit (see the CU report: 16-asset withdraw and deposit stay well under 200,000
/// CU).
pub const MAX_ASSETS: usize = 16;
/// Fewest assets a vault can hold: a portfolio of one asset has nothing to rebalance.
pub const MIN_ASSETS: usize = 2;

/// Seeds of the vault account: `[VAULT_SEED, manager, vault_id (u64 LE)]`.
#[constant]
pub const VAULT_SEED: &[u8] = b"vault";
/// Seeds of the vault authority PDA (owner of every reserve, mint authority of the shares):
/// `[AUTHORITY_SEED, vault]`.
#[constant]
pub const AUTHORITY_SEED: &[u8] = b"authority";
/// Seeds of the share mint: `[SHARE_MINT_SEED, vault]`.
#[constant]
pub const SHARE_MINT_SEED: &[u8] = b"shares";
/// Seeds of each reserve token account: `[RESERVE_SEED, vault, mint]`.
#[constant]
pub const RESERVE_SEED: &[u8] = b"reserve";
/// Seeds of the swap authority PDA (token authority of the escrows only):
/// `[SWAP_AUTHORITY_SEED, vault]`.
#[constant]
pub const SWAP_AUTHORITY_SEED: &[u8] = b"swap_authority";
/// Seeds of each swap escrow token account: `[ESCROW_SEED, vault, mint]`.
#[constant]
pub const ESCROW_SEED: &[u8] = b"escrow";
/// Seeds of each queued change: `[CHANGE_SEED, vault, id (u64 LE)]`.
#[constant]
pub const CHANGE_SEED: &[u8] = b"change";

/// Shortest timelock a vault may have: one hour for holders to see a queued change coming
/// and leave (a withdrawal is one transaction and is never paused).
#[constant]
pub const MIN_TIMELOCK_SECS: u32 = 3_600;
/// Longest timelock a vault may have (30 days).
#[constant]
pub const MAX_TIMELOCK_SECS: u32 = 30 * 86_400;
/// Shortest ramp of new target weights (one hour): a change of weights never becomes one
/// large trade at a single moment.
#[constant]
pub const MIN_RAMP_SECS: i64 = 3_600;
/// Pause flag: deposits.
#[constant]
pub const PAUSE_DEPOSITS: u8 = 1;
/// Pause flag: `open_round` and `rebalance`.
#[constant]
pub const PAUSE_REBALANCES: u8 = 2;
/// Every pause flag.
#[constant]
pub const PAUSE_ALL: u8 = PAUSE_DEPOSITS | PAUSE_REBALANCES;
/// Largest value `remove_asset` burns from a reserve or escrow it closes (1 USD, in
/// micro-USD): dust that anyone could send to block the removal.
#[constant]
pub const MAX_REMOVAL_DUST_MICRO_USD: u64 = 1_000_000;

/// Dust `remove_asset` burns without reading a price: at most one part in this many of a
/// whole token (`10^decimals / 1_000_000` base units, rounded down), so that one base unit
/// sent to the reserve of an asset whose feed stopped cannot block the removal.
#[constant]
pub const PRICELESS_DUST_FRACTION: u64 = 1_000_000;
/// Largest management fee a manager may set (`ballast_math::fees::MAX_MANAGEMENT_FEE_BPS`).
#[constant]
pub const MAX_MANAGEMENT_FEE_BPS: u16 = ballast_math::fees::MAX_MANAGEMENT_FEE_BPS;

/// Widest slippage a manager may allow (10%).
#[constant]
pub const MAX_SLIPPAGE_LIMIT_BPS: u16 = 1_000;
/// Largest keeper reward a manager may set (1% of a swap's output).
#[constant]
pub const MAX_KEEPER_REWARD_BPS: u16 = 100;
/// How long a rebalance round stays open after `open_round`, for the up to n - 1 swaps
/// that bring every asset to its trade target (`ballast_math::round::ROUND_WINDOW_SECS`).
#[constant]
pub const ROUND_WINDOW_SECS: i64 = ballast_math::round::ROUND_WINDOW_SECS;
/// Longest cooldown a manager may set (30 days).
#[constant]
pub const MAX_COOLDOWN_SECS: u32 = 30 * 86_400;

/// Decimals of the share mint (see `ballast_math::shares` for the unit and the
/// inflation-attack defence it goes with).
#[constant]
pub const SHARE_DECIMALS: u8 = ballast_math::shares::SHARE_DECIMALS;

/// Longest oracle staleness a manager may configure (five minutes). Anyone can post any
/// recent verified Pyth update, so the age limit bounds how stale a price a depositor can
/// bring (each asset's publish time may also never go backwards).
#[constant]
pub const MAX_ORACLE_AGE_LIMIT_SECS: u32 = 300;

/// Longest price window a manager may give deposits and swaps (`Vault::fresh_price_secs`):
/// one minute. A depositor or keeper posts a fresh Pyth update in its own transaction, so a
/// few seconds is the normal setting.
#[constant]
pub const MAX_FRESH_PRICE_SECS: u16 = 60;

/// Largest entry spread a manager may set (1 %; `ballast_math::shares::MAX_ENTRY_SPREAD_BPS`).
#[constant]
pub const MAX_ENTRY_SPREAD_BPS: u16 = ballast_math::shares::MAX_ENTRY_SPREAD_BPS;

/// The instructions sysvar: the transaction's top-level instructions, read by `rebalance`.
#[constant]
pub const INSTRUCTIONS_SYSVAR_ID: Pubkey = pubkey!("Sysvar1nstructions1111111111111111111111111");

/// The address lookup table program, owner of every lookup table.
#[constant]
pub const ADDRESS_LOOKUP_TABLE_ID: Pubkey = pubkey!("AddressLookupTab1e1111111111111111111111111");

/// The Pyth Solana Receiver program, owner of every `PriceUpdateV2` account. This is the id
/// of `pyth-solana-receiver-sdk` 2.0.0 without its `pro-compatible` feature: the receiver
/// that posts the Pyth Core price feeds used on Solana mainnet and devnet.
#[constant]
pub const PYTH_RECEIVER_ID: Pubkey = pubkey!("rec5EKMGg6MxZYaMdyBfgwp4d5rB9T1VQH5pJv5LtFJ");

/// The `usize` limits under the same names as the IDL carries them (Anchor's IDL has no
/// `usize`); the assertions below keep each equal to the one the program uses.
pub mod idl {
    use anchor_lang::prelude::*;

    /// Most assets one vault can hold (`constants::MAX_ASSETS`).
    #[constant]
    pub const MAX_ASSETS: u8 = 16;
    /// Fewest assets a vault can hold (`constants::MIN_ASSETS`).
    #[constant]
    pub const MIN_ASSETS: u8 = 2;
    /// Most changes a vault can have queued at once (`state::MAX_PENDING_CHANGES`).
    #[constant]
    pub const MAX_PENDING_CHANGES: u8 = 4;
    /// Number of DEX programs a vault can allowlist (`state::MAX_DEXES`).
    #[constant]
    pub const MAX_DEXES: u8 = 4;
}

const _: () = assert!(idl::MAX_ASSETS as usize == MAX_ASSETS);
const _: () = assert!(idl::MIN_ASSETS as usize == MIN_ASSETS);
const _: () = assert!(idl::MAX_PENDING_CHANGES as usize == crate::state::MAX_PENDING_CHANGES);
const _: () = assert!(idl::MAX_DEXES as usize == crate::state::MAX_DEXES);
