//! Filling a round: which swaps to send now, how large, and how many in one transaction.
//!
//! - **Venue and size.** Each planned swap is quoted on the keeper's venue (the best of
//!   several, [`crate::venue::Venues`]). When the quote clears the vault's bound only below
//!   the auction's widest (the pool is too shallow for the whole swap), the swap is split:
//!   the largest part whose quote clears at the widest is sent now (its terms recomputed
//!   by [`crate::decide::plan_swap`], as the program will check them), the rest is planned
//!   again from fresh state once the pool has recovered (or through another venue's pool).
//! - **Batch.** After a leg is chosen, its effect on the vault is simulated exactly (the
//!   sold amount leaves its reserve; the quote, less the keeper's reward, enters the bought
//!   one; the reward is added to the round's total) and the round is re-planned on that
//!   state, so the next leg is sized as the program will see it after the first. Legs are
//!   added while their venues' writable accounts are disjoint (the program refuses a
//!   transaction where another instruction writes a swap's pool), the auction allows each
//!   quote now, and the transaction still fits: 1,232 bytes through the vault's lookup
//!   table, 64 accounts, 1.4M compute units.
//!
//! Nothing is remembered: a refused batch (the state moved since it was read) is planned
//! again from fresh state on the next tick, and every leg is checked by the program.

use ballast_math::oracle::token_value;
use ballast_math::round::keeper_reward;
use ballast_math::{PriceSide, Rounding};
use ballast_sdk::chain::{sign_with_tables, Chain};
use ballast_sdk::ix::{self, VaultAccounts, MAX_COMPUTE_UNITS};
use ballast_sdk::{lookup, AddressLookupTableAccount, Pubkey, SdkResult, VersionedTransaction};
use solana_hash::Hash;

use crate::decide::{decide, plan_swap, rules_of, Decision, PlannedSwap};
use crate::keeper::{Keeper, Plan};
use crate::report::VaultOutcome;
use crate::venue::{Route, Venue};

/// Largest transaction a cluster accepts, bytes.
pub const PACKET_DATA_SIZE: usize = 1232;
/// Most accounts a transaction may lock (mainnet's limit until it is raised to 128).
pub const MAX_ACCOUNT_LOCKS: usize = 64;
/// Compute units a `rebalance` takes besides the venue, an upper estimate: a fixed part and
/// a part per vault asset (measured 44,000 at 2 assets to 157,000 at 16).
const REBALANCE_UNITS: (u32, u32) = (40_000, 9_000);
/// Compute units of creating an associated token account, an upper estimate.
const CREATE_ACCOUNT_UNITS: u32 = 30_000;

/// One swap of a transaction: what the program checks, and where it goes.
#[derive(Clone, Debug)]
pub struct Leg {
    /// The swap (a part of a planned swap when the venue could not take it whole).
    pub swap: PlannedSwap,
    /// Its route.
    pub route: Route,
    /// Whether it is a part of a larger planned swap.
    pub split: bool,
}

/// A swap quoted and sized (whether it is a part), or why it cannot be sent.
enum Sized {
    Ready(PlannedSwap, Route, bool),
    Blocked(VaultOutcome),
}

/// What every transaction of one batch shares: the vault's lookup tables, the reward
/// accounts that exist, a blockhash.
pub struct TxContext {
    tables: Vec<AddressLookupTableAccount>,
    existing_reward_accounts: Vec<Pubkey>,
    blockhash: Hash,
}

/// The `rebalance` compute units of a vault of `n` assets through `route`, an upper
/// estimate.
fn leg_units(n: usize, route: &Route) -> u32 {
    let n = u32::try_from(n).unwrap_or(u32::MAX);
    REBALANCE_UNITS
        .0
        .saturating_add(REBALANCE_UNITS.1.saturating_mul(n))
        .saturating_add(route.compute_units)
}

impl<V: Venue> Keeper<V> {
    /// Reads what building transactions for the vault of `accounts` needs.
    pub async fn tx_context<C: Chain>(
        &self,
        chain: &C,
        accounts: &VaultAccounts,
    ) -> SdkResult<TxContext> {
        let rewards: Vec<Pubkey> = accounts
            .assets
            .iter()
            .map(|a| self.reward_account(&a.mint, &a.token_program))
            .collect();
        let found = chain.get_multiple_accounts(&rewards).await?;
        Ok(TxContext {
            tables: lookup::vault_tables(chain, accounts).await?,
            existing_reward_accounts: rewards
                .into_iter()
                .zip(found)
                .filter_map(|(k, a)| a.map(|_| k))
                .collect(),
            blockhash: chain.latest_blockhash().await?,
        })
    }

    /// The signed transaction of `legs` (each a `rebalance`, after creating the keeper's
    /// missing reward accounts), with a compute-unit limit for all of them, through the
    /// vault's lookup table when it has one; also the index of its first `rebalance`.
    pub fn sign_legs(
        &self,
        accounts: &VaultAccounts,
        legs: &[Leg],
        context: &TxContext,
    ) -> SdkResult<(VersionedTransaction, usize)> {
        let keeper = self.pubkey();
        let mut instructions = Vec::new();
        let mut units = 0u32;
        for leg in legs {
            let buy = &accounts.assets[leg.swap.buy];
            let reward = self.reward_account(&buy.mint, &buy.token_program);
            let created = instructions
                .iter()
                .any(|i: &ballast_sdk::Instruction| i.accounts.iter().any(|m| m.pubkey == reward));
            if !context.existing_reward_accounts.contains(&reward) && !created {
                instructions.push(ix::create_associated_token_account_idempotent(
                    &keeper,
                    &keeper,
                    &buy.mint,
                    &buy.token_program,
                ));
                units = units.saturating_add(CREATE_ACCOUNT_UNITS);
            }
        }
        let first_rebalance = instructions.len() + 1;
        for leg in legs {
            let buy = &accounts.assets[leg.swap.buy];
            let reward = self.reward_account(&buy.mint, &buy.token_program);
            let rebalance = ix::Rebalance::new(
                accounts,
                &keeper,
                &reward,
                leg.swap.sell,
                leg.swap.buy,
                leg.swap.amount_in,
                leg.route.dex.clone(),
            )?;
            instructions.push(rebalance.instruction());
            units = units.saturating_add(leg_units(accounts.assets.len(), &leg.route));
        }
        let limit = if legs.len() <= 1 {
            self.options().compute_unit_limit
        } else {
            units.clamp(self.options().compute_unit_limit, MAX_COMPUTE_UNITS)
        };
        let tx = sign_with_tables(
            self.keypair(),
            &instructions,
            &[],
            Some(limit),
            context.blockhash,
            &context.tables,
        )?;
        Ok((tx, first_rebalance))
    }

    /// Whether `legs` fit one transaction (bytes, accounts, compute units).
    fn fits(&self, accounts: &VaultAccounts, legs: &[Leg], context: &TxContext) -> bool {
        let units: u32 = legs
            .iter()
            .map(|l| leg_units(accounts.assets.len(), &l.route))
            .fold(0u32, u32::saturating_add);
        if units > MAX_COMPUTE_UNITS {
            return false;
        }
        let Ok((tx, _)) = self.sign_legs(accounts, legs, context) else {
            return false;
        };
        let bytes = 1 + 64 * tx.signatures.len() + tx.message.serialize().len();
        let loaded: usize = tx.message.address_table_lookups().map_or(0, |l| {
            l.iter()
                .map(|t| t.writable_indexes.len() + t.readonly_indexes.len())
                .sum()
        });
        bytes <= PACKET_DATA_SIZE
            && tx.message.static_account_keys().len() + loaded <= MAX_ACCOUNT_LOCKS
    }

    /// Quotes `swap` and, when the venue cannot take it whole within the vault's widest
    /// bound, finds the largest part it can (see the module documentation). A pair already
    /// split in this tick is not split again before the pool has recovered (the next part
    /// would be a sliver against a pool the last part moved): it waits for the next tick.
    async fn size<C: Chain>(
        &self,
        chain: &C,
        plan: &Plan,
        swap: &PlannedSwap,
        split_pairs: &[(usize, usize)],
    ) -> SdkResult<Sized> {
        let Some(route) = self.route(chain, &plan.snapshot, swap).await? else {
            return Ok(Sized::Blocked(VaultOutcome::NoRoute { swap: *swap }));
        };
        if self.clears_at(plan, swap, route.amount_out).is_some() {
            return Ok(Sized::Ready(*swap, route, false));
        }
        let below = VaultOutcome::QuoteBelowBound {
            swap: *swap,
            quoted: route.amount_out,
        };
        if split_pairs.contains(&(swap.sell, swap.buy)) {
            return Ok(Sized::Blocked(below));
        }
        let clears = |amount: u64| {
            let part = PlannedSwap {
                amount_in: amount,
                ..*swap
            };
            route
                .pricing
                .amount_out(amount)
                .is_some_and(|out| self.clears_at(plan, &part, out).is_some())
        };
        // The quote's shortfall grows with the amount: the largest part that clears.
        let (mut low, mut high) = (0u64, swap.amount_in);
        while high - low > 1 {
            let mid = low + (high - low) / 2;
            if clears(mid) {
                low = mid;
            } else {
                high = mid;
            }
        }
        let s = &plan.snapshot;
        let now = s.clock.unix_timestamp;
        let Some(part) = plan_swap(
            &s.state,
            &s.prices,
            &s.reserves,
            now,
            (swap.sell, swap.buy, low),
        )
        .filter(|p| p.notional >= self.options().min_notional) else {
            return Ok(Sized::Blocked(below));
        };
        match self.route(chain, s, &part).await? {
            Some(route) if self.clears_at(plan, &part, route.amount_out).is_some() => {
                Ok(Sized::Ready(part, route, true))
            }
            _ => Ok(Sized::Blocked(below)),
        }
    }

    /// The plan after `leg` executes as quoted: reserves, the round's rewards, and the
    /// decision re-made on them.
    fn simulate(&self, plan: &Plan, leg: &Leg) -> Plan {
        let mut snapshot = plan.snapshot.clone();
        let (s, b) = (leg.swap.sell, leg.swap.buy);
        let received = leg.route.amount_out;
        let reward = rules_of(&snapshot.state)
            .ok()
            .and_then(|rules| {
                let min_out = leg.swap.min_out_now?;
                keeper_reward(
                    received,
                    min_out,
                    rules.keeper_reward_bps,
                    leg.swap.reward_cap,
                )
                .ok()
            })
            .unwrap_or(0);
        let reserves = &mut snapshot.reserves;
        reserves[s].amount = reserves[s].amount.saturating_sub(leg.swap.amount_in);
        reserves[b].amount = reserves[b]
            .amount
            .saturating_add(received - reward.min(received));
        if let Ok(prices) = snapshot.asset_prices() {
            let paid = token_value(
                reward,
                prices[b].decimals,
                &prices[b].price,
                PriceSide::High,
                Rounding::Up,
            )
            .and_then(|v| v.to_micro_usd(Rounding::Up))
            .unwrap_or(0);
            snapshot.state.round_rewards_micro_usd =
                snapshot.state.round_rewards_micro_usd.saturating_add(paid);
        }
        let decision = decide(
            &snapshot.state,
            &snapshot.prices,
            &snapshot.reserves,
            snapshot.clock.unix_timestamp,
            &self.decide_options(),
        );
        Plan { snapshot, decision }
    }

    /// The legs to send now in one transaction (at most `room`; one when batching is off),
    /// or why none can be sent (the earliest auction wait first, else the first swap's
    /// obstacle). `split_pairs`: the `(sell, buy)` pairs a part was sent for in this tick.
    pub async fn next_legs<C: Chain>(
        &self,
        chain: &C,
        plan: &Plan,
        room: usize,
        split_pairs: &[(usize, usize)],
    ) -> SdkResult<Result<(Vec<Leg>, TxContext), VaultOutcome>> {
        let now = plan.snapshot.clock.unix_timestamp;
        let accounts = &plan.snapshot.accounts;
        let context = self.tx_context(chain, accounts).await?;
        let mut state = plan.clone();
        let mut legs: Vec<Leg> = Vec::new();
        let mut used: Vec<Pubkey> = Vec::new();
        let (mut wait, mut blocked) = (None::<VaultOutcome>, None::<VaultOutcome>);
        'grow: while legs.len() < room {
            let Decision::Rebalance { swaps, .. } = &state.decision else {
                break;
            };
            for swap in &swaps.clone() {
                let (swap, route, split) = match self.size(chain, &state, swap, split_pairs).await?
                {
                    Sized::Ready(swap, route, split) => (swap, route, split),
                    Sized::Blocked(outcome) => {
                        blocked.get_or_insert(outcome);
                        continue;
                    }
                };
                let Some(clears_at) = self.clears_at(&state, &swap, route.amount_out) else {
                    continue;
                };
                if now < clears_at {
                    let earlier = match &wait {
                        Some(VaultOutcome::AuctionWait { clears_at: c, .. }) => clears_at < *c,
                        _ => true,
                    };
                    if earlier {
                        wait = Some(VaultOutcome::AuctionWait {
                            swap,
                            quoted: route.amount_out,
                            clears_at,
                        });
                    }
                    continue;
                }
                let request = self.request(accounts, &state.snapshot, &swap);
                let venue_accounts = route.venue_accounts(&request);
                if venue_accounts.iter().any(|k| used.contains(k)) {
                    continue;
                }
                let leg = Leg { swap, route, split };
                legs.push(leg.clone());
                if legs.len() > 1 && !self.fits(accounts, &legs, &context) {
                    legs.pop();
                    break 'grow;
                }
                used.extend(venue_accounts);
                state = self.simulate(&state, &leg);
                if !self.options().batch {
                    break 'grow;
                }
                continue 'grow;
            }
            break;
        }
        if legs.is_empty() {
            let idle = VaultOutcome::Idle {
                decision: state.decision.clone(),
            };
            return Ok(Err(wait.or(blocked).unwrap_or(idle)));
        }
        Ok(Ok((legs, context)))
    }
}
