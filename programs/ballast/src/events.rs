//! Events: one per instruction, logged as `Program data:` lines.
//!
//! Values are USD in `ballast_math::Wad` units (10^-18 USD); NAV per share is USD per whole
//! share (10^9 share units) in Wad units.

use anchor_lang::prelude::*;

use crate::state::Change;

/// A Pyth price as used by an instruction.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct PriceUsed {
    /// Price mantissa.
    pub price: i64,
    /// Confidence mantissa.
    pub conf: u64,
    /// Decimal exponent.
    pub exponent: i32,
}

impl From<ballast_math::OraclePrice> for PriceUsed {
    fn from(p: ballast_math::OraclePrice) -> Self {
        PriceUsed {
            price: p.price,
            conf: p.conf,
            exponent: p.exponent,
        }
    }
}

/// Emitted by `initialize_vault`.
#[event]
pub struct VaultInitialized {
    /// The new vault.
    pub vault: Pubkey,
    /// Its manager.
    pub manager: Pubkey,
    /// Its share mint.
    pub share_mint: Pubkey,
    /// Asset mints in vault order.
    pub mints: Vec<Pubkey>,
    /// Target weights in bps, same order.
    pub target_weights_bps: Vec<u16>,
    /// Oracle staleness limit (seconds).
    pub max_oracle_age_secs: u32,
    /// Oracle confidence limit (bps of price).
    pub max_conf_bps: u16,
    /// Price window of deposits and swaps (seconds).
    pub fresh_price_secs: u16,
    /// Entry spread (bps).
    pub entry_spread_bps: u16,
}

/// Emitted by `deposit`.
#[event]
pub struct Deposited {
    /// The vault.
    pub vault: Pubkey,
    /// The depositor (signer).
    pub user: Pubkey,
    /// Index of the deposited asset.
    pub asset_index: u8,
    /// Base units deposited.
    pub amount: u64,
    /// Value of the deposit at the low side of its price's confidence interval.
    pub deposit_value: u128,
    /// Value the shares were priced for: `deposit_value` less the entry spread, which stays
    /// with the holders.
    pub credited_value: u128,
    /// Price of every asset, in vault order (the deposited asset valued at price - conf,
    /// holdings at price + conf).
    pub prices: Vec<PriceUsed>,
    /// NAV before the deposit (holdings at the high side of their intervals).
    pub nav_before: u128,
    /// Share units minted.
    pub shares_out: u64,
    /// Share supply after the deposit.
    pub supply_after: u64,
    /// NAV per whole share after the deposit (same valuation).
    pub nav_per_share: u128,
}

/// Emitted by `withdraw`. No oracle is read, so no prices: NAV per share follows from
/// `reserves_after` and `supply_after` at any price an indexer chooses.
#[event]
pub struct Withdrawn {
    /// The vault.
    pub vault: Pubkey,
    /// The redeemer (signer).
    pub user: Pubkey,
    /// Share units burned.
    pub shares: u64,
    /// Base units paid per asset, in vault order.
    pub amounts: Vec<u64>,
    /// Reserve balances after the withdrawal, in vault order.
    pub reserves_after: Vec<u64>,
    /// Share supply after the withdrawal.
    pub supply_after: u64,
}

/// Emitted by `open_round`.
#[event]
pub struct RoundOpened {
    /// The vault.
    pub vault: Pubkey,
    /// Unix time the round opened: the cooldown and the auction run from it.
    pub opened_at: i64,
    /// Unix time the round closes.
    pub ends_at: i64,
    /// Trade target of every asset in parts per billion of NAV, in vault order.
    pub trade_targets: Vec<u64>,
    /// Oracle prices of every asset, in vault order.
    pub prices: Vec<PriceUsed>,
}

/// Emitted by `rebalance`. Weights and values follow from `prices` and the reserves.
#[event]
pub struct Rebalanced {
    /// The vault.
    pub vault: Pubkey,
    /// Who called it.
    pub keeper: Pubkey,
    /// The DEX program used.
    pub dex_program: Pubkey,
    /// Sold asset index.
    pub sell_index: u8,
    /// Bought asset index.
    pub buy_index: u8,
    /// Base units of the sold asset spent by the DEX.
    pub amount_in: u64,
    /// Base units of the bought asset received from the DEX (before the keeper reward).
    pub amount_out: u64,
    /// The oracle-bounded minimum the output had to reach at the auction's slippage.
    pub min_amount_out: u64,
    /// The auction's allowed slippage at the time of the swap (bps).
    pub slippage_bps: u16,
    /// Keeper reward, in base units of the bought asset (out of `amount_out - min_amount_out`).
    pub keeper_reward: u64,
    /// Oracle prices of every asset, in vault order.
    pub prices: Vec<PriceUsed>,
    /// Sold and bought reserves after the swap and the reward, base units.
    pub reserves_after: [u64; 2],
}

/// Emitted by `create_escrow`.
#[event]
pub struct EscrowCreated {
    /// The vault.
    pub vault: Pubkey,
    /// The asset's index.
    pub asset_index: u8,
    /// The new escrow.
    pub escrow: Pubkey,
}

/// Emitted by `set_lookup_table`.
#[event]
pub struct LookupTableSet {
    /// The vault.
    pub vault: Pubkey,
    /// The vault's frozen lookup table.
    pub lookup_table: Pubkey,
}

/// Emitted by `apply_change`: a change made at once.
#[event]
pub struct ChangeApplied {
    /// The vault.
    pub vault: Pubkey,
    /// The change.
    pub change: Change,
}

/// Emitted by `queue_change`.
#[event]
pub struct ChangeQueued {
    /// The vault.
    pub vault: Pubkey,
    /// The change's id (its `PendingChange` account's seed).
    pub id: u64,
    /// When anyone may execute it.
    pub executable_at: i64,
    /// The change.
    pub change: Change,
}

/// Emitted by `execute_change`.
#[event]
pub struct ChangeExecuted {
    /// The vault.
    pub vault: Pubkey,
    /// The change's id.
    pub id: u64,
    /// The change.
    pub change: Change,
}

/// Emitted by `cancel_change`.
#[event]
pub struct ChangeCancelled {
    /// The vault.
    pub vault: Pubkey,
    /// The change's id.
    pub id: u64,
}

/// Emitted by `discard_change`.
#[event]
pub struct ChangeDiscarded {
    /// The vault.
    pub vault: Pubkey,
    /// The change's id.
    pub id: u64,
    /// Whether a handover had voided it (else it no longer fitted the vault).
    pub voided: bool,
}

/// Emitted by `pause`.
#[event]
pub struct PauseChanged {
    /// The vault.
    pub vault: Pubkey,
    /// Who paused (the manager or the guardian).
    pub by: Pubkey,
    /// The pause flags now (`PAUSE_DEPOSITS | PAUSE_REBALANCES` bits).
    pub paused: u8,
}

/// Emitted by `collect_fees`.
#[event]
pub struct FeesCollected {
    /// The vault.
    pub vault: Pubkey,
    /// The share account credited.
    pub recipient: Pubkey,
    /// Share units minted.
    pub shares: u64,
}

/// Emitted by `remove_asset`.
#[event]
pub struct AssetRemoved {
    /// The vault.
    pub vault: Pubkey,
    /// The removed asset's former index (later assets moved down by one).
    pub asset_index: u8,
    /// Its mint.
    pub mint: Pubkey,
    /// Base units of dust burned from its reserve and escrow.
    pub burned: u64,
}
