//! The vault account: configuration and per-asset bookkeeping.

use anchor_lang::prelude::*;

use ballast_math::fees::accrued_fee_shares;
use ballast_math::policy::Policy;
use ballast_math::ramp::{weights_at, Ramp};
use ballast_math::round::{RoundState, Rules};
use ballast_math::target::TradeTarget;
use ballast_math::Wad;

use crate::constants::{AUTHORITY_SEED, MAX_ASSETS, SWAP_AUTHORITY_SEED};
use crate::error::{BallastError, MathResultExt};

/// Which SPL token program owns an asset's mint and reserve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum TokenProgramKind {
    /// The original SPL Token program.
    Token = 0,
    /// SPL Token-2022 (with only the extensions `initialize_vault` accepts).
    Token2022 = 1,
}

impl TokenProgramKind {
    /// The kind of a token program id, if it is one.
    pub fn from_program_id(id: &Pubkey) -> Option<Self> {
        if *id == anchor_spl::token::ID {
            Some(Self::Token)
        } else if *id == anchor_spl::token_2022::ID {
            Some(Self::Token2022)
        } else {
            None
        }
    }

    /// The program id of this kind.
    pub fn program_id(self) -> Pubkey {
        match self {
            Self::Token => anchor_spl::token::ID,
            Self::Token2022 => anchor_spl::token_2022::ID,
        }
    }
}

/// One asset of a vault. Fixed size, stored inline in [`Vault::assets`].
#[zero_copy]
#[derive(Debug, Default, PartialEq, Eq)]
pub struct AssetConfig {
    /// SPL mint of the asset (SPL Token or Token-2022).
    pub mint: Pubkey,
    /// Reserve token account holding the vault's balance of this asset: the PDA
    /// `[RESERVE_SEED, vault, mint]`, owned (as token authority) by the vault authority.
    pub reserve: Pubkey,
    /// Pyth price feed id (32 bytes) giving the USD price of one whole token.
    pub feed_id: [u8; 32],
    /// Target weight in basis points once the current ramp ends (`Vault::ramp_end_ts`); the
    /// weights of a vault sum to exactly 10_000 (an asset being added or removed may have 0).
    pub target_weight_bps: u16,
    /// Decimals of the mint (at most 18), copied at initialisation.
    pub decimals: u8,
    /// [`TokenProgramKind`] of the mint, as its u8 discriminant.
    pub token_program: u8,
    /// Bump of the reserve PDA.
    pub reserve_bump: u8,
    /// Bump of the escrow PDA.
    pub escrow_bump: u8,
    /// Target weight in basis points at and before `Vault::ramp_start_ts`: the ramp moves
    /// the target linearly from here to `target_weight_bps` (equal when no ramp runs).
    pub ramp_from_bps: u16,
    /// Swap escrow of this asset: token account PDA `[ESCROW_SEED, vault, mint]` owned by the
    /// swap authority, empty between rebalances. A rebalance moves the sold amount here,
    /// lets the DEX trade from and to the escrows, then sweeps them back into the reserves.
    pub escrow: Pubkey,
    /// Newest Pyth publish time the vault has used for this asset: prices older than it are
    /// refused, so a caller cannot choose a favourable older price of the staleness window.
    pub last_publish_time: i64,
}

impl AssetConfig {
    /// The token program that owns this asset's mint and reserve.
    pub fn token_program_kind(&self) -> TokenProgramKind {
        if self.token_program == TokenProgramKind::Token2022 as u8 {
            TokenProgramKind::Token2022
        } else {
            TokenProgramKind::Token
        }
    }
}

/// A Ballast vault: a pooled portfolio of 2..=16 assets held in reserves owned by the vault
/// authority PDA, with shares minted by the share mint PDA.
///
/// PDA: `[VAULT_SEED, manager, vault_id (u64 LE)]`. Zero-copy, so that reading it costs no
/// deserialisation however many assets it holds.
#[account(zero_copy)]
#[derive(Debug)]
pub struct Vault {
    /// Who created the vault and will govern it.
    pub manager: Pubkey,
    /// Share mint: PDA `[SHARE_MINT_SEED, vault]`, classic SPL Token, 9 decimals, mint
    /// authority the vault authority, no freeze authority.
    pub share_mint: Pubkey,
    /// The vault authority PDA `[AUTHORITY_SEED, vault]` (owner of every reserve, mint
    /// authority of the shares), stored so that instructions check it with `has_one` instead
    /// of re-deriving it (1,500 CU saved each time).
    pub vault_authority: Pubkey,
    /// Manager-chosen id distinguishing the manager's vaults (part of the PDA seeds).
    pub vault_id: u64,
    /// Oldest price `open_round` accepts, in seconds before the cluster time (1..=300). Only
    /// the trigger and the round's trade targets are read at such prices; nothing of value
    /// changes hands at them.
    pub max_oracle_age_secs: u32,
    /// Widest accepted oracle confidence interval, as conf / price in basis points.
    pub max_conf_bps: u16,
    /// Oldest price a deposit or a swap may be valued at, in seconds before the cluster time
    /// (1..=60, at most `max_oracle_age_secs`). A depositor posts a fresh Pyth update in the
    /// same transaction anyway; a short window bounds what choosing among recent prices can
    /// gain (see the README's bound).
    pub fresh_price_secs: u16,
    /// Entry spread, bps (0..=100): a deposit is credited with its value less this share,
    /// which stays in the vault for the holders already there.
    pub entry_spread_bps: u16,
    /// Number of used entries of [`Vault::assets`].
    pub num_assets: u8,
    /// Bump of the vault PDA.
    pub bump: u8,
    /// Bump of the vault authority PDA `[AUTHORITY_SEED, vault]`.
    pub authority_bump: u8,
    /// Bump of the share mint PDA.
    pub share_mint_bump: u8,
    /// Bump of the swap authority PDA.
    pub swap_authority_bump: u8,
    /// Reserved, zero.
    pub padding: [u8; 1],
    /// The swap authority PDA `[SWAP_AUTHORITY_SEED, vault]`: token authority of the
    /// escrows and nothing else, the only signer a DEX ever sees.
    pub swap_authority: Pubkey,
    /// Unix time the last rebalance round opened (the vault's creation before the first):
    /// the cooldown and the auction run from it.
    pub round_opened_ts: i64,
    /// Unix time until which the current round stays open (`open_round` sets it
    /// `ROUND_WINDOW_SECS` ahead; 0 before the first round): swaps toward the round's trade
    /// targets are accepted until then.
    pub round_ends_ts: i64,
    /// Keeper rewards paid in the current round, micro-USD (valued at each bought asset's
    /// high price), counted against `keeper_reward_cap_micro_usd`.
    pub round_rewards_micro_usd: u64,
    /// How keepers may rebalance; all zero until the manager configures it.
    pub rebalance: RebalanceConfig,
    /// Per-asset volatility estimates (used by the `vol-band` policy), updated at each
    /// rebalance from the oracle prices it reads.
    pub volatility: [VolSlot; MAX_ASSETS],
    /// Trade targets of the current round as parts per billion of NAV
    /// (`ballast_math::round::FRACTION_SCALE`), fixed when the round opens so that its later
    /// swaps aim at the same point even once an asset is back inside its band.
    pub round_trade_targets: [u64; MAX_ASSETS],
    /// The assets; entries at and after `num_assets` are zero.
    pub assets: [AssetConfig; MAX_ASSETS],
    /// Frozen address lookup table holding the vault's accounts, published by the manager
    /// (`set_lookup_table`) so that clients fit the transactions of large vaults in a packet;
    /// the default key until set. A hint for clients: Ballast never reads the table.
    pub lookup_table: Pubkey,
    /// May pause deposits and rebalances at once (never unpause, never anything else); the
    /// default key when the manager named none.
    pub guardian: Pubkey,
    /// Share token account the management fee's shares are minted to (`collect_fees`); the
    /// default key until the manager sets one.
    pub fee_recipient: Pubkey,
    /// Unix time the management fee was last settled (every deposit and withdrawal settles).
    pub fees_settled_ts: i64,
    /// Fee shares accrued and not yet minted: counted in the supply by every share price
    /// and redemption, minted to `fee_recipient` by `collect_fees`.
    pub fee_shares_owed: u64,
    /// Id the next queued change gets (the `PendingChange` account's seed).
    pub next_change_id: u64,
    /// When the current target-weight ramp starts (see `AssetConfig::ramp_from_bps`).
    pub ramp_start_ts: i64,
    /// When the current target-weight ramp ends: from then on the targets are
    /// `AssetConfig::target_weight_bps`.
    pub ramp_end_ts: i64,
    /// The queued changes, each with its own `PendingChange` account; id 0 marks a free slot.
    pub pending_changes: [PendingSlot; MAX_PENDING_CHANGES],
    /// Seconds a queued change waits before anyone may execute it
    /// (`MIN_TIMELOCK_SECS..=MAX_TIMELOCK_SECS`).
    pub timelock_secs: u32,
    /// Annual management fee, bps (at most `ballast_math::fees::MAX_MANAGEMENT_FEE_BPS`).
    pub management_fee_bps: u16,
    /// What is paused: `PAUSE_DEPOSITS | PAUSE_REBALANCES` bits. Withdrawals never pause.
    pub paused: u8,
    /// Reserved, zero.
    pub padding_end: [u8; 1],
    /// Counts the changes of the vault's configuration (every applied or executed change,
    /// every asset added or removed). A depositor pins the configuration it checked by
    /// sending `expect_config` with this number before its deposit, in the same transaction.
    pub config_seq: u64,
}

/// Most changes a vault can have queued at once.
pub const MAX_PENDING_CHANGES: usize = 4;

/// A queued change as the vault shows it (details in its `PendingChange` account).
#[zero_copy]
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PendingSlot {
    /// The change's id (0: free slot).
    pub id: u64,
    /// When anyone may execute it.
    pub executable_at: i64,
    /// Its kind (`ChangeKind` as u8).
    pub kind: u8,
    /// Reserved, zero.
    pub padding: [u8; 7],
}

/// Number of DEX programs a vault can allowlist.
pub const MAX_DEXES: usize = 4;

/// The manager's rebalancing rules (set by `configure_rebalance`).
#[zero_copy]
#[derive(Debug, PartialEq, Eq)]
pub struct RebalanceConfig {
    /// Trigger policy in `ballast_math::policy::Policy` byte encoding; all zero means
    /// rebalancing is not configured.
    pub policy: [u8; 32],
    /// DEX programs a rebalance may call; unused slots are the default (all-zero) key.
    pub dex_allowlist: [Pubkey; MAX_DEXES],
    /// Smallest swap notional, in micro-USD (10^-6 USD).
    pub min_notional_micro_usd: u64,
    /// Largest keeper reward of one rebalance round, in micro-USD (valued at the bought
    /// asset's high price, so the cap is never exceeded).
    pub keeper_reward_cap_micro_usd: u64,
    /// Seconds that must pass between the openings of two rounds.
    pub cooldown_secs: u32,
    /// Seconds over which the auction's allowed shortfall widens from `auction_start_bps`
    /// to `max_slippage_bps` after a round opens (0: the maximum at once).
    pub auction_secs: u32,
    /// Largest shortfall of a swap's output versus the conservative oracle value, in bps,
    /// reached `auction_secs` after the round opened. Everything the vault gives up on a
    /// swap (venue costs, keeper reward, whatever a keeper takes by ordering) fits in it.
    pub max_slippage_bps: u16,
    /// The auction's allowed shortfall when a round opens, bps (at most `max_slippage_bps`).
    pub auction_start_bps: u16,
    /// Largest notional of one swap, in bps of NAV.
    pub max_swap_bps: u16,
    /// Keeper reward, in bps of the swap's output, paid in the bought asset out of the
    /// output's surplus above the bound only.
    pub keeper_reward_bps: u16,
    /// Trade-target mode (`ballast_math::target::TradeTarget` as u8).
    pub trade_target: u8,
    /// Reserved, zero.
    pub padding: [u8; 7],
}

impl RebalanceConfig {
    /// Whether `program` is on the allowlist.
    pub fn allows_dex(&self, program: &Pubkey) -> bool {
        *program != Pubkey::default() && self.dex_allowlist.contains(program)
    }

    /// The rules as `ballast_math::round` takes them; `RebalanceNotConfigured` until the
    /// manager has configured rebalancing.
    pub fn rules(&self) -> Result<Rules> {
        let policy = Policy::from_bytes(&self.policy)
            .map_err(|_| error!(BallastError::RebalanceNotConfigured))?;
        let mode = TradeTarget::from_u8(self.trade_target)
            .map_err(|_| error!(BallastError::InvalidTradeTarget))?;
        Ok(Rules {
            policy,
            mode,
            cooldown_secs: self.cooldown_secs,
            min_notional: Wad::from_micro_usd(self.min_notional_micro_usd),
            max_swap_bps: self.max_swap_bps,
            auction_start_bps: self.auction_start_bps,
            max_slippage_bps: self.max_slippage_bps,
            auction_secs: self.auction_secs,
            keeper_reward_bps: self.keeper_reward_bps,
            keeper_reward_cap_micro_usd: self.keeper_reward_cap_micro_usd,
        })
    }
}

/// `ballast_math::volatility::VolState` stored with byte arrays for its u128 fields, so the
/// layout is the same on the host (u128 aligned to 16) and on SBF (aligned to 8).
#[zero_copy]
#[derive(Debug, Default, PartialEq, Eq)]
pub struct VolSlot {
    /// Last price seen (Wad, little endian).
    pub last_price: [u8; 16],
    /// Annualised variance (Wad, little endian).
    pub variance: [u8; 16],
    /// Unix time of `last_price`.
    pub last_time: i64,
}

impl VolSlot {
    /// The estimator state.
    pub fn get(&self) -> ballast_math::volatility::VolState {
        ballast_math::volatility::VolState {
            last_price: ballast_math::Wad(u128::from_le_bytes(self.last_price)),
            variance: ballast_math::Wad(u128::from_le_bytes(self.variance)),
            last_time: self.last_time,
        }
    }

    /// Stores `state`.
    pub fn set(&mut self, state: ballast_math::volatility::VolState) {
        self.last_price = state.last_price.raw().to_le_bytes();
        self.variance = state.variance.raw().to_le_bytes();
        self.last_time = state.last_time;
    }
}

impl Vault {
    /// Account size including Anchor's 8-byte discriminator.
    pub const SPACE: usize = 8 + core::mem::size_of::<Vault>();

    /// The used asset entries.
    pub fn assets(&self) -> &[AssetConfig] {
        let n = usize::from(self.num_assets).min(MAX_ASSETS);
        &self.assets[..n]
    }

    /// The asset at `index`, or `AssetIndexOutOfRange`.
    pub fn asset(&self, index: u8) -> Result<&AssetConfig> {
        self.assets()
            .get(usize::from(index))
            .ok_or_else(|| error!(BallastError::AssetIndexOutOfRange))
    }

    /// The round bookkeeping as `ballast_math::round` takes it.
    pub fn round_state(&self) -> RoundState {
        RoundState {
            opened_at: self.round_opened_ts,
            ends_at: self.round_ends_ts,
            rewards_paid_micro_usd: self.round_rewards_micro_usd,
        }
    }

    /// Stores `state` as the round bookkeeping.
    pub fn set_round_state(&mut self, state: &RoundState) {
        self.round_opened_ts = state.opened_at;
        self.round_ends_ts = state.ends_at;
        self.round_rewards_micro_usd = state.rewards_paid_micro_usd;
    }

    /// The target weights at `now`, bps, in vault order (`ballast_math::ramp::weights_at`).
    pub fn targets_at(&self, now: i64) -> Result<Vec<u16>> {
        let to: Vec<u16> = self.assets().iter().map(|a| a.target_weight_bps).collect();
        if now >= self.ramp_end_ts {
            // No ramp running: the stored targets (validated when they were set).
            return Ok(to);
        }
        let from: Vec<u16> = self.assets().iter().map(|a| a.ramp_from_bps).collect();
        let mut out = vec![0u16; to.len()];
        let ramp = Ramp {
            from: &from,
            to: &to,
            start: self.ramp_start_ts,
            end: self.ramp_end_ts,
        };
        weights_at(&ramp, now, &mut out).math()?;
        Ok(out)
    }

    /// Settles the management fee up to `now` on the effective supply (`mint_supply` plus
    /// the fee shares owed), adding the accrued shares to `fee_shares_owed`; returns the new
    /// effective supply. Never fails for a valid vault (see `ballast_math::fees`).
    pub fn settle_fees(&mut self, now: i64, mint_supply: u64) -> Result<u64> {
        let supply = mint_supply.saturating_add(self.fee_shares_owed);
        let elapsed = u64::try_from(now.saturating_sub(self.fees_settled_ts)).unwrap_or(0);
        let accrued = accrued_fee_shares(supply, self.management_fee_bps, elapsed).math()?;
        self.fee_shares_owed = self.fee_shares_owed.saturating_add(accrued);
        self.fees_settled_ts = now;
        Ok(supply.saturating_add(accrued))
    }

    /// Frees the pending slot of change `id` (`ChangeNotPending` when none holds it).
    pub fn release_pending(&mut self, id: u64) -> Result<()> {
        let slot = self
            .pending_changes
            .iter_mut()
            .find(|slot| slot.id == id && id != 0)
            .ok_or_else(|| error!(BallastError::ChangeNotPending))?;
        *slot = PendingSlot::default();
        Ok(())
    }

    /// Whether change `id` holds a pending slot (queued, not executed, cancelled or voided).
    pub fn is_pending(&self, id: u64) -> bool {
        id != 0 && self.pending_changes.iter().any(|slot| slot.id == id)
    }

    /// Frees every pending slot: the queued changes can no longer execute or be cancelled
    /// (`discard_change` closes their accounts). A handover does this.
    pub fn void_pending(&mut self) {
        self.pending_changes = Default::default();
    }

    /// Counts one more change of the configuration (`config_seq`; wraps after 2^64).
    pub fn bump_config_seq(&mut self) {
        self.config_seq = self.config_seq.wrapping_add(1);
    }

    /// Whether any change is queued.
    pub fn has_pending_changes(&self) -> bool {
        self.pending_changes.iter().any(|slot| slot.id != 0)
    }

    /// Whether `flag` (`PAUSE_DEPOSITS`, `PAUSE_REBALANCES`) is paused.
    pub fn is_paused(&self, flag: u8) -> bool {
        self.paused & flag != 0
    }

    /// Whether any asset lives in Token-2022.
    pub fn uses_token_2022(&self) -> bool {
        self.assets()
            .iter()
            .any(|a| a.token_program_kind() == TokenProgramKind::Token2022)
    }
}

/// Signer seeds of the vault authority of `vault`.
pub fn authority_seeds<'a>(vault: &'a Pubkey, bump: &'a [u8; 1]) -> [&'a [u8]; 3] {
    [AUTHORITY_SEED, vault.as_ref(), bump]
}

/// Signer seeds of the swap authority of `vault`.
pub fn swap_authority_seeds<'a>(vault: &'a Pubkey, bump: &'a [u8; 1]) -> [&'a [u8]; 3] {
    [SWAP_AUTHORITY_SEED, vault.as_ref(), bump]
}
