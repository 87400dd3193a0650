//! Governance: the changes a manager can make, which of them wait for the timelock, and the
//! account that holds a queued one.

use anchor_lang::prelude::*;
use ballast_math::policy::Policy;
use ballast_math::ramp::validate_weight_sum;
use ballast_math::target::TradeTarget;

use crate::constants::*;
use crate::error::BallastError;
use crate::state::{check_oracle_limits, RebalanceConfig, Vault, MAX_DEXES};

/// The manager's rebalancing rules, as a change carries them.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct RebalanceRules {
    /// Trigger policy in `ballast_math::policy::Policy::to_bytes` encoding.
    pub policy: [u8; 32],
    /// Trade-target mode (`ballast_math::target::TradeTarget::to_u8`).
    pub trade_target: u8,
    /// DEX programs keepers may route through (1..=4).
    pub dex_allowlist: Vec<Pubkey>,
    /// Largest output shortfall versus the conservative oracle value, bps (1..=1000),
    /// reached `auction_secs` after a round opens.
    pub max_slippage_bps: u16,
    /// Allowed shortfall when a round opens, bps (at most `max_slippage_bps`).
    pub auction_start_bps: u16,
    /// Seconds over which the allowed shortfall widens (0..=300; 0: the maximum at once).
    pub auction_secs: u32,
    /// Largest notional of one swap, bps of NAV (1..=10_000).
    pub max_swap_bps: u16,
    /// Smallest notional of one swap, micro-USD (> 0).
    pub min_notional_micro_usd: u64,
    /// Seconds between the openings of two rounds (<= 30 days).
    pub cooldown_secs: u32,
    /// Keeper reward, bps of the swap's output (<= 100), paid out of the surplus only.
    pub keeper_reward_bps: u16,
    /// Keeper reward cap per round, micro-USD.
    pub keeper_reward_cap_micro_usd: u64,
}

impl RebalanceRules {
    /// The stored form, after checking every limit: policy bytes that decode and validate
    /// (`InvalidPolicy`; a `vol-band` floor of at least 1 bps), a known mode
    /// (`InvalidTradeTarget`), the numeric limits above (`InvalidRebalanceLimits`) and 1..=4
    /// DEX programs, none the default key, a token program, the system program or Ballast
    /// itself (`InvalidDexProgram`).
    pub fn to_config(&self) -> Result<RebalanceConfig> {
        let policy =
            Policy::from_bytes(&self.policy).map_err(|_| error!(BallastError::InvalidPolicy))?;
        // A zero floor would let a fresh volatility estimate (zero) trigger on any drift.
        if let Policy::VolBand { floor_bps, .. } = policy {
            require!(floor_bps >= 1, BallastError::InvalidPolicy);
        }
        TradeTarget::from_u8(self.trade_target)
            .map_err(|_| error!(BallastError::InvalidTradeTarget))?;
        let limits_ok = (1..=MAX_SLIPPAGE_LIMIT_BPS).contains(&self.max_slippage_bps)
            && self.auction_start_bps <= self.max_slippage_bps
            && i64::from(self.auction_secs) <= ROUND_WINDOW_SECS
            && self.min_notional_micro_usd >= 1
            && (1..=10_000).contains(&self.max_swap_bps)
            && self.keeper_reward_bps <= MAX_KEEPER_REWARD_BPS
            && self.cooldown_secs <= MAX_COOLDOWN_SECS;
        require!(limits_ok, BallastError::InvalidRebalanceLimits);
        let forbidden = [
            Pubkey::default(),
            anchor_spl::token::ID,
            anchor_spl::token_2022::ID,
            anchor_lang::system_program::ID,
            crate::ID,
        ];
        let dexes_ok = (1..=MAX_DEXES).contains(&self.dex_allowlist.len())
            && self.dex_allowlist.iter().all(|d| !forbidden.contains(d));
        require!(dexes_ok, BallastError::InvalidDexProgram);
        let mut dex_allowlist = [Pubkey::default(); MAX_DEXES];
        dex_allowlist[..self.dex_allowlist.len()].copy_from_slice(&self.dex_allowlist);
        Ok(RebalanceConfig {
            policy: self.policy,
            dex_allowlist,
            min_notional_micro_usd: self.min_notional_micro_usd,
            keeper_reward_cap_micro_usd: self.keeper_reward_cap_micro_usd,
            cooldown_secs: self.cooldown_secs,
            auction_secs: self.auction_secs,
            max_slippage_bps: self.max_slippage_bps,
            auction_start_bps: self.auction_start_bps,
            max_swap_bps: self.max_swap_bps,
            keeper_reward_bps: self.keeper_reward_bps,
            trade_target: self.trade_target,
            padding: [0; 7],
        })
    }
}

/// A change of the vault's configuration (see `apply_change` and `queue_change` for which
/// apply at once and which wait for the timelock).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// New rebalancing rules. At once only when every rule is as strict or stricter
    /// (allowlist a subset, same policy and mode, limits no looser); else timelocked.
    Rebalance(RebalanceRules),
    /// New oracle limits. At once when none is looser; else timelocked.
    OracleLimits {
        /// Oldest price `open_round` accepts, seconds (1..=300).
        max_oracle_age_secs: u32,
        /// Widest confidence, bps of price (1..=9999).
        max_conf_bps: u16,
        /// Oldest price a deposit or swap may use, seconds (1..=60, <= `max_oracle_age_secs`).
        fresh_price_secs: u16,
    },
    /// A new entry spread (0..=100 bps). Always timelocked: lowering it gives holders less
    /// against stale prices, and raising it at once would let a manager who holds shares
    /// take a cut of a deposit it sees coming.
    EntrySpread {
        /// The spread, bps.
        entry_spread_bps: u16,
    },
    /// New target weights reached by a linear ramp. Always timelocked; the ramp starts no
    /// earlier than the change may execute and lasts at least `MIN_RAMP_SECS`.
    TargetWeights {
        /// One weight per asset, bps, summing to 10,000 (0 allowed: an asset ramped out).
        weights: Vec<u16>,
        /// When the ramp starts (at or after the change's executable time).
        ramp_start: i64,
        /// When the targets reach `weights`.
        ramp_end: i64,
    },
    /// A new annual management fee (<= 500 bps). At once when lowered; raising is
    /// timelocked. A fee above 0 needs a fee recipient (`FeeRecipientNotSet`).
    ManagementFee {
        /// The fee, bps a year.
        fee_bps: u16,
    },
    /// The share token account fee shares go to. At once; the default key (none) only
    /// while the management fee is 0 (`FeeRecipientNotSet`: fees would accrue that nobody
    /// can collect).
    FeeRecipient {
        /// A token account of the vault's share mint.
        recipient: Pubkey,
    },
    /// The key that may pause (the default key for none). At once: it can only pause.
    Guardian {
        /// The guardian.
        guardian: Pubkey,
    },
    /// A new manager: executed by the new manager's own signature (it accepts). Always
    /// timelocked, even in an empty vault. Executing it voids every other queued change
    /// (what the previous manager queued, a handover back among them, never executes;
    /// `discard_change` closes them) and removes the guardian.
    Manager {
        /// The new manager.
        new_manager: Pubkey,
    },
    /// A new timelock (`MIN_TIMELOCK_SECS..=MAX_TIMELOCK_SECS`). At once when raised;
    /// lowering is timelocked.
    Timelock {
        /// The timelock, seconds.
        timelock_secs: u32,
    },
    /// A new asset with target weight 0 (ramp it in with `TargetWeights`). Always
    /// timelocked; executing creates its reserve.
    AddAsset {
        /// Its mint.
        mint: Pubkey,
        /// Its Pyth feed id.
        feed_id: [u8; 32],
    },
    /// Lifts pause flags. Always timelocked (pausing is at once, by `pause`).
    Unpause {
        /// `PAUSE_DEPOSITS | PAUSE_REBALANCES` bits to lift.
        flags: u8,
    },
}

/// The kind of a [`Change`], as `PendingSlot::kind` shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum ChangeKind {
    /// `Change::Rebalance`.
    Rebalance = 1,
    /// `Change::OracleLimits`.
    OracleLimits = 2,
    /// `Change::EntrySpread`.
    EntrySpread = 3,
    /// `Change::TargetWeights`.
    TargetWeights = 4,
    /// `Change::ManagementFee`.
    ManagementFee = 5,
    /// `Change::FeeRecipient`.
    FeeRecipient = 6,
    /// `Change::Guardian`.
    Guardian = 7,
    /// `Change::Manager`.
    Manager = 8,
    /// `Change::Timelock`.
    Timelock = 9,
    /// `Change::AddAsset`.
    AddAsset = 10,
    /// `Change::Unpause`.
    Unpause = 11,
}

impl Change {
    /// Its kind.
    pub fn kind(&self) -> ChangeKind {
        match self {
            Change::Rebalance(_) => ChangeKind::Rebalance,
            Change::OracleLimits { .. } => ChangeKind::OracleLimits,
            Change::EntrySpread { .. } => ChangeKind::EntrySpread,
            Change::TargetWeights { .. } => ChangeKind::TargetWeights,
            Change::ManagementFee { .. } => ChangeKind::ManagementFee,
            Change::FeeRecipient { .. } => ChangeKind::FeeRecipient,
            Change::Guardian { .. } => ChangeKind::Guardian,
            Change::Manager { .. } => ChangeKind::Manager,
            Change::Timelock { .. } => ChangeKind::Timelock,
            Change::AddAsset { .. } => ChangeKind::AddAsset,
            Change::Unpause { .. } => ChangeKind::Unpause,
        }
    }

    /// Checks the change on its own (limits, sums, lengths against `vault`); the checks that
    /// depend on when it executes run again then.
    pub fn validate(&self, vault: &Vault) -> Result<()> {
        match self {
            Change::Rebalance(rules) => rules.to_config().map(|_| ()),
            Change::OracleLimits {
                max_oracle_age_secs,
                max_conf_bps,
                fresh_price_secs,
            } => Ok(check_oracle_limits(
                *max_oracle_age_secs,
                *max_conf_bps,
                *fresh_price_secs,
            )?),
            Change::EntrySpread { entry_spread_bps } => {
                require!(
                    *entry_spread_bps <= MAX_ENTRY_SPREAD_BPS,
                    BallastError::InvalidEntrySpread
                );
                Ok(())
            }
            Change::TargetWeights {
                weights,
                ramp_start,
                ramp_end,
            } => {
                require!(
                    weights.len() == vault.assets().len(),
                    BallastError::AssetAccountsMismatch
                );
                validate_weight_sum(weights).map_err(|_| error!(BallastError::WeightsDoNotSum))?;
                require!(
                    ramp_end.saturating_sub(*ramp_start) >= MIN_RAMP_SECS,
                    BallastError::InvalidRamp
                );
                Ok(())
            }
            Change::ManagementFee { fee_bps } => {
                require!(
                    *fee_bps <= MAX_MANAGEMENT_FEE_BPS,
                    BallastError::FeeAboveCap
                );
                require!(
                    *fee_bps == 0 || vault.fee_recipient != Pubkey::default(),
                    BallastError::FeeRecipientNotSet
                );
                Ok(())
            }
            Change::FeeRecipient { recipient } => {
                require!(
                    *recipient != Pubkey::default() || vault.management_fee_bps == 0,
                    BallastError::FeeRecipientNotSet
                );
                Ok(())
            }
            Change::Guardian { .. } => Ok(()),
            Change::Manager { new_manager } => {
                require_keys_neq!(
                    *new_manager,
                    Pubkey::default(),
                    BallastError::InvalidManager
                );
                Ok(())
            }
            Change::Timelock { timelock_secs } => {
                require!(
                    (MIN_TIMELOCK_SECS..=MAX_TIMELOCK_SECS).contains(timelock_secs),
                    BallastError::InvalidTimelock
                );
                Ok(())
            }
            Change::AddAsset { mint, .. } => {
                require!(
                    vault.assets().len() < MAX_ASSETS,
                    BallastError::TooManyAssets
                );
                let known = vault.assets().iter().any(|a| a.mint == *mint);
                require!(
                    !known && *mint != vault.share_mint,
                    BallastError::DuplicateMint
                );
                Ok(())
            }
            Change::Unpause { flags } => {
                require!(
                    *flags != 0 && *flags & !PAUSE_ALL == 0,
                    BallastError::InvalidPauseFlags
                );
                Ok(())
            }
        }
    }

    /// Whether the change can only reduce the holders' risk against `vault` as it is, so it
    /// may apply at once.
    pub fn only_reduces_risk(&self, vault: &Vault) -> Result<bool> {
        Ok(match self {
            Change::Rebalance(rules) => {
                let new = rules.to_config()?;
                let old = &vault.rebalance;
                let subset = new
                    .dex_allowlist
                    .iter()
                    .filter(|d| **d != Pubkey::default())
                    .all(|d| old.allows_dex(d));
                subset
                    && new.policy == old.policy
                    && new.trade_target == old.trade_target
                    && new.max_slippage_bps <= old.max_slippage_bps
                    && new.auction_start_bps <= old.auction_start_bps
                    && new.auction_secs >= old.auction_secs
                    && new.max_swap_bps <= old.max_swap_bps
                    && new.min_notional_micro_usd >= old.min_notional_micro_usd
                    && new.cooldown_secs >= old.cooldown_secs
                    && new.keeper_reward_bps <= old.keeper_reward_bps
                    && new.keeper_reward_cap_micro_usd <= old.keeper_reward_cap_micro_usd
            }
            Change::OracleLimits {
                max_oracle_age_secs,
                max_conf_bps,
                fresh_price_secs,
            } => {
                *max_oracle_age_secs <= vault.max_oracle_age_secs
                    && *max_conf_bps <= vault.max_conf_bps
                    && *fresh_price_secs <= vault.fresh_price_secs
            }
            Change::ManagementFee { fee_bps } => *fee_bps <= vault.management_fee_bps,
            Change::FeeRecipient { .. } | Change::Guardian { .. } => true,
            Change::Timelock { timelock_secs } => *timelock_secs >= vault.timelock_secs,
            Change::EntrySpread { .. }
            | Change::TargetWeights { .. }
            | Change::Manager { .. }
            | Change::AddAsset { .. }
            | Change::Unpause { .. } => false,
        })
    }
}

/// Why a change may apply at once (`apply_change`), as [`Change::at_once`] says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AtOnce {
    /// It can only reduce the holders' risk ([`Change::only_reduces_risk`]).
    OnlyReducesRisk,
    /// No shares exist (no supply, no fee shares owed): nobody to protect.
    NoSharesOutstanding,
}

impl core::fmt::Display for AtOnce {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            AtOnce::OnlyReducesRisk => "it can only reduce the holders' risk",
            AtOnce::NoSharesOutstanding => "no shares are outstanding",
        })
    }
}

impl Change {
    /// `apply_change`'s rule, the one predicate the program and its clients share: whether
    /// the change applies at once on `vault` whose share mint holds `mint_supply` (`Some`
    /// with the reason) or must be queued (`None`). An invalid change is an error
    /// (`Change::validate`). Adding an asset and a new manager are always queued, even in an
    /// empty vault.
    pub fn at_once(&self, vault: &Vault, mint_supply: u64) -> Result<Option<AtOnce>> {
        self.validate(vault)?;
        if self.only_reduces_risk(vault)? {
            return Ok(Some(AtOnce::OnlyReducesRisk));
        }
        // Even with nobody to protect, an asset's addition waits (the shortcut would let a
        // vault created empty take any mint at once), and a handover waits for the new
        // manager's own signature (else a vault could show a manager that never accepted).
        let nobody_to_protect = mint_supply == 0 && vault.fee_shares_owed == 0;
        let always_queued = matches!(self.kind(), ChangeKind::AddAsset | ChangeKind::Manager);
        Ok((nobody_to_protect && !always_queued).then_some(AtOnce::NoSharesOutstanding))
    }

    /// Makes the change to `vault` at `now` (`mint_supply`: the share mint's supply, to
    /// settle the management fee at the old rate before a fee change). `AddAsset` needs
    /// accounts and is made by `execute_change` itself.
    pub fn apply(&self, vault: &mut Vault, now: i64, mint_supply: u64) -> Result<()> {
        self.validate(vault)
            .map_err(|_| error!(BallastError::ChangeNoLongerValid))?;
        match self {
            Change::Rebalance(rules) => vault.rebalance = rules.to_config()?,
            Change::OracleLimits {
                max_oracle_age_secs,
                max_conf_bps,
                fresh_price_secs,
            } => {
                vault.max_oracle_age_secs = *max_oracle_age_secs;
                vault.max_conf_bps = *max_conf_bps;
                vault.fresh_price_secs = *fresh_price_secs;
            }
            Change::EntrySpread { entry_spread_bps } => vault.entry_spread_bps = *entry_spread_bps,
            Change::TargetWeights {
                weights,
                ramp_start,
                ramp_end,
            } => {
                // Executed late, the ramp keeps its length: it never compresses into a jump.
                let from = vault.targets_at(now)?;
                let start = (*ramp_start).max(now);
                let end = start.saturating_add(ramp_end.saturating_sub(*ramp_start));
                for ((asset, from), to) in vault.assets.iter_mut().zip(from).zip(weights) {
                    asset.ramp_from_bps = from;
                    asset.target_weight_bps = *to;
                }
                vault.ramp_start_ts = start;
                vault.ramp_end_ts = end;
            }
            Change::ManagementFee { fee_bps } => {
                vault.settle_fees(now, mint_supply)?;
                vault.management_fee_bps = *fee_bps;
            }
            Change::FeeRecipient { recipient } => vault.fee_recipient = *recipient,
            Change::Guardian { guardian } => vault.guardian = *guardian,
            Change::Manager { new_manager } => {
                vault.manager = *new_manager;
                // Nothing the previous manager set up acts on: its queue is void and its
                // guardian (who could pause at will) is gone; the new manager names its own.
                vault.void_pending();
                vault.guardian = Pubkey::default();
            }
            Change::Timelock { timelock_secs } => vault.timelock_secs = *timelock_secs,
            Change::Unpause { flags } => vault.paused &= !*flags,
            Change::AddAsset { .. } => return err!(BallastError::ChangeNoLongerValid),
        }
        vault.bump_config_seq();
        Ok(())
    }
}

/// A queued change: PDA `[CHANGE_SEED, vault, id (u64 LE)]`, created by `queue_change`,
/// closed (rent to `proposer`) by `execute_change` or `cancel_change`.
#[account]
#[derive(Debug)]
pub struct PendingChange {
    /// The vault it changes.
    pub vault: Pubkey,
    /// Its id (the PDA seed; also in the vault's `pending_changes`).
    pub id: u64,
    /// Who queued it and paid its rent (refunded when it closes).
    pub proposer: Pubkey,
    /// When it was queued.
    pub queued_at: i64,
    /// When anyone may execute it (`queued_at + timelock_secs`).
    pub executable_at: i64,
    /// The change.
    pub change: Change,
}

impl PendingChange {
    /// Account size: discriminator, fixed fields and the largest change (rules with four
    /// DEXes; weights of 16 assets are smaller).
    pub const SPACE: usize = 8 + 32 + 8 + 32 + 8 + 8 + 1 + 32 + 1 + 4 + 32 * MAX_DEXES + 64;
}
