//! The campaign's invariants, checked after every step from two [`Snapshot`]s:
//!
//! 1. **Coverage.** The reserves cover every holder's pro-rata claim (the fee's owed shares
//!    included), and the escrows are empty between steps.
//! 2. **Refusals move nothing.** A refused step leaves every balance, the share supply and
//!    the configuration as they were; steps that must be refused (a stranger's trespass, a
//!    hostile venue, a stale price) are.
//! 3. **Nobody ends richer than stated.** At the (unchanged) true prices, a depositor gains at
//!    most the stale-price bound of its deposit (zero with current prices), a redeemer and a
//!    donor nothing, the keeper at most the rewards its swaps paid; every other holder's
//!    wealth moves only with the NAV per share.
//! 4. **NAV per share moves only as explained.** With prices unchanged it never falls but by
//!    the fee's accrual over the clock's move, the stale bound of a deposit, and each swap's
//!    loss against the oracle, itself at most the swap's notional times the auction's
//!    slippage at that second (the keeper reward included); each reward is within the
//!    round's cap.
//! 5. **Only the manager changes the configuration** (its own steps, its guardian's pause, and
//!    the execution of changes it queued).

use ballast_math::fees::{accrued_fee_shares, SECONDS_PER_YEAR};
use ballast_math::shares::{redemption_amount, VIRTUAL_SHARES};

use super::world::{Outcome, SwapFact};
use super::Action;
use crate::market::Market;
use crate::Pubkey;

/// Dollars of rounding any comparison of values allows (base units rounded down per asset).
const EPSILON_USD: f64 = 0.02;

/// A broken invariant.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation(pub String);

/// Everything the invariants look at.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// Cluster time.
    pub now: i64,
    /// True USD prices per whole token.
    pub prices: Vec<f64>,
    /// Token decimals.
    pub decimals: Vec<u8>,
    /// Reserve balances.
    pub reserves: Vec<u64>,
    /// Escrow balances.
    pub escrows: Vec<u64>,
    /// The share mint's supply.
    pub mint_supply: u64,
    /// Fee shares owed, settled to `now` the way the program settles them.
    pub owed: u64,
    /// Each holder's token balances and share balance.
    pub holders: Vec<(Vec<u64>, u64)>,
    /// The vault's configuration bytes (rules, limits, weights, governance).
    pub config: Vec<u8>,
    /// The round's keeper-reward cap and what it paid, micro-USD.
    pub rewards: (u64, u64),
    /// Management fee, bps a year.
    pub fee_bps: u16,
    /// Entry spread, bps.
    pub spread_bps: u16,
}

impl Snapshot {
    /// Reads `m` and the `holders` (token accounts, share account; missing accounts read 0).
    pub fn read(m: &Market, holders: &[(Vec<Pubkey>, Pubkey)]) -> Self {
        let state = m.h.vault_state(&m.v.vault);
        let now = m.h.now();
        let balance = |k: &Pubkey| {
            m.h.account(k)
                .filter(|a| a.data.len() >= 72)
                .map(|a| u64::from_le_bytes(a.data[64..72].try_into().unwrap()))
                .unwrap_or(0)
        };
        let mint_supply = m.h.mint_supply(&m.v.share_mint);
        let elapsed = u64::try_from(now - state.fees_settled_ts).unwrap_or(0);
        let accrued = accrued_fee_shares(
            mint_supply + state.fee_shares_owed,
            state.management_fee_bps,
            elapsed,
        )
        .unwrap();
        let mut config = Vec::new();
        config.extend_from_slice(state.manager.as_ref());
        config.extend_from_slice(state.guardian.as_ref());
        config.extend_from_slice(state.fee_recipient.as_ref());
        config.extend_from_slice(bytemuck::bytes_of(&state.rebalance));
        config.extend_from_slice(&state.max_oracle_age_secs.to_le_bytes());
        config.extend_from_slice(&state.max_conf_bps.to_le_bytes());
        config.extend_from_slice(&state.fresh_price_secs.to_le_bytes());
        config.extend_from_slice(&state.entry_spread_bps.to_le_bytes());
        config.extend_from_slice(&state.timelock_secs.to_le_bytes());
        config.extend_from_slice(&state.management_fee_bps.to_le_bytes());
        config.push(state.paused);
        config.extend_from_slice(&state.ramp_start_ts.to_le_bytes());
        config.extend_from_slice(&state.ramp_end_ts.to_le_bytes());
        config.extend_from_slice(bytemuck::bytes_of(&state.pending_changes));
        for a in state.assets() {
            config.extend_from_slice(a.mint.as_ref());
            config.extend_from_slice(&a.target_weight_bps.to_le_bytes());
            config.extend_from_slice(&a.ramp_from_bps.to_le_bytes());
        }
        Snapshot {
            now,
            prices: m
                .v
                .assets
                .iter()
                .map(|a| a.spec.price as f64 / 1e8)
                .collect(),
            decimals: m.v.assets.iter().map(|a| a.decimals).collect(),
            reserves: m.v.assets.iter().map(|a| balance(&a.reserve)).collect(),
            escrows: m.v.assets.iter().map(|a| balance(&a.escrow)).collect(),
            mint_supply,
            owed: state.fee_shares_owed + accrued,
            holders: holders
                .iter()
                .map(|(tokens, shares)| (tokens.iter().map(balance).collect(), balance(shares)))
                .collect(),
            config,
            rewards: (
                state.rebalance.keeper_reward_cap_micro_usd,
                state.round_rewards_micro_usd,
            ),
            fee_bps: state.management_fee_bps,
            spread_bps: state.entry_spread_bps,
        }
    }

    fn usd(&self, asset: usize, amount: u64) -> f64 {
        amount as f64 / 10f64.powi(i32::from(self.decimals[asset])) * self.prices[asset]
    }

    /// The supply every share price counts (mint supply plus the fee's owed shares).
    pub fn effective_supply(&self) -> u64 {
        self.mint_supply + self.owed
    }

    /// NAV at true prices.
    pub fn nav(&self) -> f64 {
        (0..self.reserves.len())
            .map(|i| self.usd(i, self.reserves[i]))
            .sum()
    }

    /// NAV per share unit (the virtual shares count, as in every share price).
    pub fn nav_per_share(&self) -> f64 {
        self.nav() / (self.effective_supply() + VIRTUAL_SHARES) as f64
    }

    /// What `shares` redeem, at true prices.
    pub fn claim(&self, shares: u64) -> f64 {
        (0..self.reserves.len())
            .map(|i| {
                let paid = redemption_amount(self.reserves[i], shares, self.effective_supply())
                    .unwrap_or(0);
                self.usd(i, paid)
            })
            .sum()
    }

    /// Holder `h`'s wealth at true prices: its tokens and what its shares redeem.
    pub fn wealth(&self, h: usize) -> f64 {
        let (tokens, shares) = &self.holders[h];
        let held: f64 = tokens
            .iter()
            .enumerate()
            .map(|(i, &t)| self.usd(i, t))
            .sum();
        held + self.claim(*shares)
    }

    fn balances(&self) -> Balances<'_> {
        (
            &self.reserves,
            &self.escrows,
            self.mint_supply,
            &self.holders,
        )
    }
}

/// Reserves, escrows, share supply and every holder's balances.
type Balances<'a> = (&'a [u64], &'a [u64], u64, &'a [(Vec<u64>, u64)]);

/// Indexes of the holders in a snapshot: depositors 0..3, the stranger (3), the LP (4), the
/// keeper, the fee account.
const KEEPER: usize = 5;
const FEE_ACCOUNT: usize = 6;

/// What a passed check measured (for the report).
#[derive(Clone, Copy, Debug, Default)]
pub struct Measured {
    /// The worst swap loss against its allowance (0..=1).
    pub swap_loss_share: f64,
    /// A deposit's gain and its stale-price bound, USD.
    pub stale: Option<(f64, f64)>,
}

fn fail(text: String) -> Result<Measured, Violation> {
    Err(Violation(text))
}

/// The invariants of the module documentation for one step.
pub fn check(
    action: &Action,
    outcome: &Outcome,
    before: &Snapshot,
    after: &Snapshot,
) -> Result<Measured, Violation> {
    let mut measured = Measured::default();
    // 1. Coverage and empty escrows.
    for (i, &reserve) in after.reserves.iter().enumerate() {
        let supply = after.effective_supply();
        let claimed: u64 = after
            .holders
            .iter()
            .map(|(_, s)| redemption_amount(reserve, *s, supply).unwrap_or(0))
            .sum::<u64>()
            + redemption_amount(reserve, after.owed, supply).unwrap_or(0);
        if claimed > reserve {
            return fail(format!(
                "asset {i}: claims {claimed} exceed the reserve {reserve}"
            ));
        }
    }
    if after.escrows.iter().any(|&e| e > 0) {
        return fail(format!("escrows not swept: {:?}", after.escrows));
    }
    // 5. Configuration.
    if after.config != before.config && !action.may_change_config() {
        return fail(format!("{action:?} changed the configuration"));
    }
    // 2. Refusals.
    let must_refuse = matches!(action, Action::Trespass { .. } | Action::HostileSwap { .. })
        || matches!(action, Action::Deposit { price_lag, .. } if *price_lag > i64::from(super::world::FRESH_SECS));
    if must_refuse && !outcome.refused {
        return fail(format!("{action:?} was not refused"));
    }
    if outcome.refused && outcome.swaps.is_empty() && !outcome.opened {
        if after.balances() != before.balances() {
            return fail(format!("refused {action:?} moved balances"));
        }
        if after.config != before.config {
            return fail(format!("refused {action:?} changed the configuration"));
        }
    }
    if matches!(action, Action::PriceMove { .. }) {
        if after.balances() != before.balances() {
            return fail("a price move moved balances".into());
        }
        return Ok(measured);
    }
    // 3 and 4, at unchanged prices.
    let (nps0, nps1) = (before.nav_per_share(), after.nav_per_share());
    let supply0 = (before.effective_supply() + VIRTUAL_SHARES) as f64;
    // The management fee accrues over whatever time the step took.
    let fee_rate =
        f64::from(before.fee_bps) / 1e4 * outcome.elapsed as f64 / SECONDS_PER_YEAR as f64;
    let mut allowed_nps_drop = EPSILON_USD / supply0 + nps0 * fee_rate;
    let mut allowed_gain = vec![EPSILON_USD; before.holders.len()];
    match action {
        Action::Deposit { actor, asset, .. } if !outcome.refused => {
            let used = outcome.used_prices.as_ref().expect("prices of a deposit");
            let bound = stale_bound(before, after, *actor, *asset, used);
            let gain = after.wealth(*actor) - before.wealth(*actor);
            measured.stale = Some((gain, bound));
            allowed_gain[*actor] += bound;
            allowed_nps_drop += bound / supply0;
        }
        Action::KeeperTick => {
            let mut rewards = 0.0;
            for e in &outcome.swaps {
                let (s, b) = (e.sell, e.buy);
                let value_in = after.usd(s, e.amount_in);
                let kept = after.usd(b, e.amount_out - e.keeper_reward);
                let allowance = value_in * f64::from(e.slippage_bps) / 1e4;
                let loss = value_in - kept;
                if loss > allowance + EPSILON_USD {
                    return fail(format!("swap {e:?} lost ${loss} over its ${allowance}"));
                }
                if allowance > 0.0 {
                    measured.swap_loss_share = measured.swap_loss_share.max(loss / allowance);
                }
                allowed_nps_drop += allowance.max(loss) / supply0;
                rewards += after.usd(b, e.keeper_reward);
                check_reward(e, after)?;
            }
            allowed_gain[KEEPER] += rewards;
        }
        _ => {}
    }
    if after.rewards.1 > after.rewards.0 {
        return fail(format!("round rewards {:?} above the cap", after.rewards));
    }
    if nps1 < nps0 - allowed_nps_drop {
        return fail(format!(
            "{action:?}: NAV per share fell from {nps0} to {nps1} (allowed {allowed_nps_drop})"
        ));
    }
    let nps_rise = (nps1 - nps0).max(0.0);
    for h in 0..before.holders.len() {
        if h == FEE_ACCOUNT && matches!(action, Action::CollectFees) {
            // Its owed shares became real shares: its claim was counted in the supply.
            continue;
        }
        let shares = before.holders[h].1.max(after.holders[h].1) as f64;
        let gain = after.wealth(h) - before.wealth(h);
        let explained = allowed_gain[h] + shares * nps_rise;
        if gain > explained {
            return fail(format!(
                "{action:?}: holder {h} gained ${gain}, more than the ${explained} explained"
            ));
        }
    }
    Ok(measured)
}

/// The stale-price bound of the README: `max(0, rho - R) * min(D / R, V / rho)`, from the
/// prices the deposit used and the true ones, the spread and the deposit's true value.
fn stale_bound(
    before: &Snapshot,
    after: &Snapshot,
    actor: usize,
    asset: usize,
    used: &[i64],
) -> f64 {
    let q = before.holders[actor].0[asset].saturating_sub(after.holders[actor].0[asset]);
    let d = before.usd(asset, q);
    let v = before.nav();
    if d == 0.0 || v == 0.0 {
        return 0.0;
    }
    let ratio = |i: usize| used[i] as f64 / 1e8 / before.prices[i];
    let spread = f64::from(before.spread_bps) / 1e4;
    let rho = ratio(asset) * (1.0 - spread);
    let nav_used: f64 = (0..before.reserves.len())
        .map(|i| before.usd(i, before.reserves[i]) * ratio(i))
        .sum();
    let r = nav_used / v;
    (rho - r).max(0.0) * (d / r).min(v / rho)
}

/// A swap's reward is within what was left of its round's cap.
fn check_reward(e: &SwapFact, after: &Snapshot) -> Result<(), Violation> {
    let reward_usd = after.usd(e.buy, e.keeper_reward);
    let cap_usd = after.rewards.0 as f64 / 1e6;
    if reward_usd > cap_usd + EPSILON_USD {
        return Err(Violation(format!(
            "reward ${reward_usd} above the cap ${cap_usd}"
        )));
    }
    Ok(())
}
