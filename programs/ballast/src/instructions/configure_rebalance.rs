//! `configure_rebalance`: the manager sets how keepers may rebalance the vault.

use anchor_lang::prelude::*;
use ballast_math::policy::Policy;
use ballast_math::target::TradeTarget;

use crate::constants::{
    MAX_COOLDOWN_SECS, MAX_KEEPER_REWARD_BPS, MAX_SLIPPAGE_LIMIT_BPS, ROUND_WINDOW_SECS,
};
use crate::error::BallastError;
use crate::events::RebalanceConfigured;
use crate::state::{RebalanceConfig, Vault, MAX_DEXES};

/// Arguments of `configure_rebalance`.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct ConfigureRebalanceArgs {
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
    /// Smallest notional of one swap, micro-USD.
    pub min_notional_micro_usd: u64,
    /// Seconds between two rebalances (<= 30 days).
    pub cooldown_secs: u32,
    /// Keeper reward, bps of the swap's output (<= 100).
    pub keeper_reward_bps: u16,
    /// Keeper reward cap per rebalance, micro-USD.
    pub keeper_reward_cap_micro_usd: u64,
}

#[derive(Accounts)]
pub struct ConfigureRebalance<'info> {
    /// The vault's manager.
    pub manager: Signer<'info>,

    /// The vault.
    #[account(mut, has_one = manager @ BallastError::NotManager)]
    pub vault: AccountLoader<'info, Vault>,
}

/// Sets the vault's rebalancing rules, replacing any previous ones.
///
/// Requires: the manager's signature (`NotManager`); policy bytes that decode and validate
/// (`InvalidPolicy`; a `vol-band` floor of at least 1 bps); a known trade-target mode
/// (`InvalidTradeTarget`); slippage in 1..=1,000 bps, an auction starting at most there and
/// lasting at most `ROUND_WINDOW_SECS`, a swap cap in 1..=10,000 bps, a
/// minimum swap above zero, a keeper reward at most 100 bps (its cap holds per round) and a
/// cooldown at most 30 days (`InvalidRebalanceLimits`); 1..=4 DEX programs, none of them the default
/// key, a token program, the system program or Ballast itself (`InvalidDexProgram`).
///
/// Changes: the vault's `rebalance` configuration; emits `RebalanceConfigured`.
pub fn handler(ctx: Context<ConfigureRebalance>, args: ConfigureRebalanceArgs) -> Result<()> {
    let policy =
        Policy::from_bytes(&args.policy).map_err(|_| error!(BallastError::InvalidPolicy))?;
    // A zero floor would let a fresh volatility estimate (zero) trigger on any drift.
    if let Policy::VolBand { floor_bps, .. } = policy {
        require!(floor_bps >= 1, BallastError::InvalidPolicy);
    }
    TradeTarget::from_u8(args.trade_target)
        .map_err(|_| error!(BallastError::InvalidTradeTarget))?;
    let limits_ok = (1..=MAX_SLIPPAGE_LIMIT_BPS).contains(&args.max_slippage_bps)
        && args.auction_start_bps <= args.max_slippage_bps
        && i64::from(args.auction_secs) <= ROUND_WINDOW_SECS
        && args.min_notional_micro_usd >= 1
        && (1..=10_000).contains(&args.max_swap_bps)
        && args.keeper_reward_bps <= MAX_KEEPER_REWARD_BPS
        && args.cooldown_secs <= MAX_COOLDOWN_SECS;
    require!(limits_ok, BallastError::InvalidRebalanceLimits);
    let forbidden = [
        Pubkey::default(),
        anchor_spl::token::ID,
        anchor_spl::token_2022::ID,
        anchor_lang::system_program::ID,
        crate::ID,
    ];
    let dexes_ok = (1..=MAX_DEXES).contains(&args.dex_allowlist.len())
        && args.dex_allowlist.iter().all(|d| !forbidden.contains(d));
    require!(dexes_ok, BallastError::InvalidDexProgram);

    let mut dex_allowlist = [Pubkey::default(); MAX_DEXES];
    dex_allowlist[..args.dex_allowlist.len()].copy_from_slice(&args.dex_allowlist);
    let mut vault = ctx.accounts.vault.load_mut()?;
    vault.rebalance = RebalanceConfig {
        policy: args.policy,
        dex_allowlist,
        min_notional_micro_usd: args.min_notional_micro_usd,
        keeper_reward_cap_micro_usd: args.keeper_reward_cap_micro_usd,
        cooldown_secs: args.cooldown_secs,
        auction_secs: args.auction_secs,
        max_slippage_bps: args.max_slippage_bps,
        auction_start_bps: args.auction_start_bps,
        max_swap_bps: args.max_swap_bps,
        keeper_reward_bps: args.keeper_reward_bps,
        trade_target: args.trade_target,
        padding: [0; 7],
    };
    emit!(RebalanceConfigured {
        vault: ctx.accounts.vault.key(),
        policy: args.policy,
        trade_target: args.trade_target,
        dex_allowlist: args.dex_allowlist,
        max_slippage_bps: args.max_slippage_bps,
        auction_start_bps: args.auction_start_bps,
        auction_secs: args.auction_secs,
        max_swap_bps: args.max_swap_bps,
        cooldown_secs: args.cooldown_secs,
        keeper_reward_bps: args.keeper_reward_bps,
        keeper_reward_cap_micro_usd: args.keeper_reward_cap_micro_usd,
    });
    Ok(())
}
