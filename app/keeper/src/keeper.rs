//! The keeper loop: per vault, read fresh state, decide ([`crate::decide`]), quote the
//! route, send one `rebalance`, and repeat from fresh state until nothing is left.
//!
//! Safety comes from the program, not from the keeper's memory: the keeper keeps no state
//! between ticks, plans every swap from what it just read, and treats an on-chain refusal
//! as "the state changed under me" (another keeper traded first, a price moved): it stops
//! for that vault and re-plans on the next tick. So two keepers may run at once, and a
//! keeper may be restarted at any moment, without a double trade: a second identical swap
//! is refused by the program's own checks.

use std::time::Duration;

use ballast::state::Vault;
use ballast_math::Wad;
use ballast_sdk::chain::{require_account, sign_with_tables, Chain, ChainClock, Confirmed};
use ballast_sdk::ix::{self, VaultAccounts};
use ballast_sdk::state::{decode_price_update, decode_token_account, decode_vault, PriceUpdate};
use ballast_sdk::{lookup, Keypair, Pubkey, SdkError, SdkResult, Signer, VersionedTransaction};
use tracing::{info, warn};

use crate::decide::{decide, DecideOptions, Decision, PlannedSwap, ReserveInput};
use crate::route::{QuoteRequest, Route, TestAmm, Venue};

/// A vault to keep, with the Pyth price account to read for each asset (vault order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VaultTarget {
    /// The vault account.
    pub vault: Pubkey,
    /// One `PriceUpdateV2` account per asset.
    pub price_accounts: Vec<Pubkey>,
}

/// The keeper's own settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeeperOptions {
    /// Smallest swap worth a transaction (the vault's minimum applies if larger).
    pub min_notional: Wad,
    /// Most swaps per vault per tick (a round needs up to n - 1).
    pub max_swaps_per_tick: usize,
    /// Compute-unit limit of each rebalance transaction.
    pub compute_unit_limit: u32,
}

impl Default for KeeperOptions {
    fn default() -> Self {
        KeeperOptions {
            min_notional: Wad::ZERO,
            max_swaps_per_tick: ballast::constants::MAX_ASSETS,
            compute_unit_limit: 400_000,
        }
    }
}

/// Everything read for one decision.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// The decoded vault.
    pub state: Vault,
    /// Its accounts (with the target's price accounts).
    pub accounts: VaultAccounts,
    /// Each asset's price, `None` if the account is missing or not a `PriceUpdateV2`.
    pub prices: Vec<Option<PriceUpdate>>,
    /// Each reserve.
    pub reserves: Vec<ReserveInput>,
    /// The cluster clock when read.
    pub clock: ChainClock,
}

/// Reads the vault, its reserves and prices, and the clock.
pub async fn read_snapshot<C: Chain>(chain: &C, target: &VaultTarget) -> SdkResult<Snapshot> {
    let account = require_account(chain, &target.vault).await?;
    let state = decode_vault(&target.vault, &account)?;
    let accounts = VaultAccounts::from_state(target.vault, &state, &target.price_accounts)?;
    let mut addresses: Vec<Pubkey> = accounts.assets.iter().map(|a| a.reserve).collect();
    addresses.extend(accounts.assets.iter().map(|a| a.price_account));
    let fetched = chain.get_multiple_accounts(&addresses).await?;
    let n = accounts.assets.len();
    let mut reserves = Vec::with_capacity(n);
    for (address, account) in addresses[..n].iter().zip(&fetched[..n]) {
        let account = account
            .as_ref()
            .ok_or(SdkError::AccountNotFound(*address))?;
        let token = decode_token_account(address, account)?;
        reserves.push(ReserveInput {
            amount: token.amount,
            frozen: token.frozen,
        });
    }
    let prices = addresses[n..]
        .iter()
        .zip(&fetched[n..])
        .map(|(address, account)| {
            account
                .as_ref()
                .and_then(|a| decode_price_update(address, a).ok())
        })
        .collect();
    let clock = chain.get_clock().await?;
    Ok(Snapshot {
        state,
        accounts,
        prices,
        reserves,
        clock,
    })
}

/// A decision and the state it was made from.
#[derive(Clone, Debug)]
pub struct Plan {
    /// What was read.
    pub snapshot: Snapshot,
    /// What to do.
    pub decision: Decision,
}

/// A swap the chain confirmed.
#[derive(Clone, Debug)]
pub struct ExecutedSwap {
    /// The swap.
    pub swap: PlannedSwap,
    /// The venue's quote when it was sent.
    pub quoted_out: u64,
    /// The transaction.
    pub confirmed: Confirmed,
}

/// How a vault's tick ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VaultOutcome {
    /// The last decision was not to rebalance (after zero or more swaps).
    Idle {
        /// That decision.
        decision: Decision,
    },
    /// `max_swaps_per_tick` swaps were made; the rest waits for the next tick.
    SwapLimit,
    /// The program (or the venue) refused the swap: the state changed since it was read.
    /// Nothing moved; the next tick re-plans from fresh state.
    Refused {
        /// The refused swap.
        swap: PlannedSwap,
        /// The error's name (e.g. `SwapOvershoots`) or the runtime error.
        error: String,
        /// The custom error code, if any.
        code: Option<u32>,
    },
    /// The venue cannot trade the pair.
    NoRoute {
        /// The swap.
        swap: PlannedSwap,
    },
    /// The venue would pay less than the vault's bound: sending would be refused.
    QuoteBelowBound {
        /// The swap.
        swap: PlannedSwap,
        /// The venue's quote.
        quoted: u64,
    },
    /// The chain could not be reached: retry after a backoff.
    Unavailable {
        /// Why.
        error: String,
    },
    /// Reading or building failed for another reason (a wrong vault address, say).
    Error {
        /// Why.
        error: String,
    },
}

/// One vault's tick.
#[derive(Clone, Debug)]
pub struct VaultReport {
    /// The vault.
    pub vault: Pubkey,
    /// The swaps confirmed this tick, in order.
    pub executed: Vec<ExecutedSwap>,
    /// How the tick ended.
    pub outcome: VaultOutcome,
}

impl VaultReport {
    /// Whether the tick failed for a reason worth backing off for (chain unreachable).
    pub fn is_transient_failure(&self) -> bool {
        matches!(self.outcome, VaultOutcome::Unavailable { .. })
    }
}

fn failure(error: SdkError) -> VaultOutcome {
    if error.is_transient() {
        VaultOutcome::Unavailable {
            error: error.to_string(),
        }
    } else {
        VaultOutcome::Error {
            error: error.to_string(),
        }
    }
}

/// A keeper: its keypair (signer, fee payer, reward recipient), venue and options.
pub struct Keeper<V: Venue = TestAmm> {
    keypair: Keypair,
    venue: V,
    options: KeeperOptions,
}

impl Keeper<TestAmm> {
    /// A keeper routing through the local test AMM.
    pub fn new(keypair: Keypair, options: KeeperOptions) -> Self {
        Keeper::with_venue(keypair, TestAmm, options)
    }
}

impl<V: Venue> Keeper<V> {
    /// A keeper routing through `venue`.
    pub fn with_venue(keypair: Keypair, venue: V, options: KeeperOptions) -> Self {
        Keeper {
            keypair,
            venue,
            options,
        }
    }

    /// The keeper's address.
    pub fn pubkey(&self) -> Pubkey {
        self.keypair.pubkey()
    }

    /// The keeper's options.
    pub fn options(&self) -> &KeeperOptions {
        &self.options
    }

    /// The keeper's reward account for `mint`: its associated token account.
    pub fn reward_account(&self, mint: &Pubkey, token_program: &Pubkey) -> Pubkey {
        ix::associated_token_address(&self.pubkey(), mint, token_program)
    }

    /// Reads fresh state and decides.
    pub async fn plan<C: Chain>(&self, chain: &C, target: &VaultTarget) -> SdkResult<Plan> {
        let snapshot = read_snapshot(chain, target).await?;
        let options = DecideOptions {
            min_notional: self.options.min_notional,
        };
        let decision = decide(
            &snapshot.state,
            &snapshot.prices,
            &snapshot.reserves,
            snapshot.clock.unix_timestamp,
            &options,
        );
        Ok(Plan { snapshot, decision })
    }

    /// Quotes `swap` of the vault of `accounts` on the keeper's venue.
    pub async fn route<C: Chain>(
        &self,
        chain: &C,
        accounts: &VaultAccounts,
        swap: &PlannedSwap,
    ) -> SdkResult<Option<Route>> {
        let (s, b) = (&accounts.assets[swap.sell], &accounts.assets[swap.buy]);
        let request = QuoteRequest {
            sell_mint: s.mint,
            buy_mint: b.mint,
            amount_in: swap.amount_in,
            min_out: swap.min_out,
            swap_authority: accounts.pdas.swap_authority,
            sell_escrow: s.escrow,
            buy_escrow: b.escrow,
        };
        self.venue.quote(chain, &request).await
    }

    /// The signed `rebalance` transaction of `swap` through `route` (after creating the
    /// keeper's reward account if needed), on a fresh blockhash; a v0 transaction through
    /// the vault's lookup table when it has one.
    pub async fn build_transaction<C: Chain>(
        &self,
        chain: &C,
        accounts: &VaultAccounts,
        swap: &PlannedSwap,
        route: &Route,
    ) -> SdkResult<VersionedTransaction> {
        let buy = &accounts.assets[swap.buy];
        let keeper = self.pubkey();
        let reward_account = self.reward_account(&buy.mint, &buy.token_program);
        let instructions = [
            ix::create_associated_token_account_idempotent(
                &keeper,
                &keeper,
                &buy.mint,
                &buy.token_program,
            ),
            ix::rebalance(
                accounts,
                &keeper,
                &reward_account,
                swap.sell,
                swap.buy,
                swap.amount_in,
                route.dex.clone(),
            )?,
        ];
        // Large vaults fit a packet only through the vault's lookup table.
        let tables = lookup::vault_tables(chain, accounts).await?;
        sign_with_tables(
            &self.keypair,
            &instructions,
            &[],
            Some(self.options.compute_unit_limit),
            chain.latest_blockhash().await?,
            &tables,
        )
    }

    /// Sends `swap` through `route` ([`Keeper::build_transaction`]) and waits for the
    /// outcome.
    pub async fn execute<C: Chain>(
        &self,
        chain: &C,
        accounts: &VaultAccounts,
        swap: &PlannedSwap,
        route: &Route,
    ) -> SdkResult<Confirmed> {
        let transaction = self.build_transaction(chain, accounts, swap, route).await?;
        chain.send_transaction(&transaction).await
    }

    /// One tick for one vault: plan from fresh state, quote, send, repeat until the
    /// decision is not to rebalance, a swap is refused, or the per-tick limit is reached.
    pub async fn run_vault<C: Chain>(&self, chain: &C, target: &VaultTarget) -> VaultReport {
        let vault = target.vault;
        let mut executed = Vec::new();
        let outcome = loop {
            if executed.len() >= self.options.max_swaps_per_tick {
                break VaultOutcome::SwapLimit;
            }
            let plan = match self.plan(chain, target).await {
                Ok(plan) => plan,
                Err(error) => {
                    warn!(vault = %vault, error = %error, "cannot read the vault");
                    break failure(error);
                }
            };
            let swap = match &plan.decision {
                Decision::Rebalance { swaps, .. } => swaps[0],
                decision => {
                    info!(
                        vault = %vault,
                        decision = decision.label(),
                        reason = %decision,
                        now = plan.snapshot.clock.unix_timestamp,
                        "decision"
                    );
                    break VaultOutcome::Idle {
                        decision: decision.clone(),
                    };
                }
            };
            info!(
                vault = %vault,
                decision = plan.decision.label(),
                reason = %plan.decision,
                sell = swap.sell,
                buy = swap.buy,
                amount_in = swap.amount_in,
                notional_usd = %swap.notional,
                min_out = swap.min_out,
                "decision"
            );
            let accounts = &plan.snapshot.accounts;
            let route = match self.route(chain, accounts, &swap).await {
                Ok(Some(route)) => route,
                Ok(None) => {
                    warn!(vault = %vault, sell = swap.sell, buy = swap.buy, "no route");
                    break VaultOutcome::NoRoute { swap };
                }
                Err(error) => {
                    warn!(vault = %vault, error = %error, "quote failed");
                    break failure(error);
                }
            };
            if route.amount_out < swap.min_out {
                warn!(
                    vault = %vault,
                    route = %route.description,
                    quoted = route.amount_out,
                    min_out = swap.min_out,
                    "venue quote below the vault's bound; not sending"
                );
                break VaultOutcome::QuoteBelowBound {
                    swap,
                    quoted: route.amount_out,
                };
            }
            match self.execute(chain, accounts, &swap, &route).await {
                Ok(confirmed) => {
                    info!(
                        vault = %vault,
                        signature = %confirmed.signature,
                        route = %route.description,
                        sell = swap.sell,
                        buy = swap.buy,
                        amount_in = swap.amount_in,
                        quoted_out = route.amount_out,
                        compute_units = confirmed.compute_units.unwrap_or(0),
                        "swap confirmed"
                    );
                    executed.push(ExecutedSwap {
                        swap,
                        quoted_out: route.amount_out,
                        confirmed,
                    });
                }
                Err(SdkError::Rejected(rejection)) => {
                    let error = rejection
                        .error_name()
                        .map_or_else(|| rejection.error.to_string(), str::to_string);
                    warn!(
                        vault = %vault,
                        error = %error,
                        sell = swap.sell,
                        buy = swap.buy,
                        amount_in = swap.amount_in,
                        "swap refused on chain; state changed, re-planning next tick"
                    );
                    break VaultOutcome::Refused {
                        swap,
                        error,
                        code: rejection.custom_code(),
                    };
                }
                Err(error) => {
                    warn!(vault = %vault, error = %error, "send failed; outcome unknown, re-reading next tick");
                    break failure(error);
                }
            }
        };
        VaultReport {
            vault,
            executed,
            outcome,
        }
    }

    /// One tick over every vault. A vault's failure (stale oracle, refusal, unreachable
    /// chain) never stops the others.
    pub async fn run_once<C: Chain>(&self, chain: &C, targets: &[VaultTarget]) -> Vec<VaultReport> {
        let mut reports = Vec::with_capacity(targets.len());
        for target in targets {
            reports.push(self.run_vault(chain, target).await);
        }
        reports
    }

    /// Ticks every `schedule.interval` (backing off while the chain is unreachable) until
    /// `schedule.max_ticks` ticks ran, if given; returns the last tick's reports.
    pub async fn run<C: Chain>(
        &self,
        chain: &C,
        targets: &[VaultTarget],
        schedule: &Schedule,
    ) -> Vec<VaultReport> {
        let mut backoff = Backoff::new(schedule.interval, schedule.max_backoff);
        let mut tick: u64 = 0;
        loop {
            let reports = self.run_once(chain, targets).await;
            tick += 1;
            let swaps: usize = reports.iter().map(|r| r.executed.len()).sum();
            let unavailable = reports.iter().filter(|r| r.is_transient_failure()).count();
            info!(
                tick,
                vaults = reports.len(),
                swaps,
                unavailable,
                "tick done"
            );
            if schedule.max_ticks.is_some_and(|max| tick >= max) {
                return reports;
            }
            let delay = if unavailable > 0 {
                let delay = backoff.next_delay();
                warn!(
                    delay_ms = delay.as_millis() as u64,
                    "chain unavailable; backing off"
                );
                delay
            } else {
                backoff.reset();
                schedule.interval
            };
            tokio::time::sleep(delay).await;
        }
    }
}

/// When [`Keeper::run`] ticks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// Between ticks.
    pub interval: Duration,
    /// Longest wait while backing off.
    pub max_backoff: Duration,
    /// Stop after this many ticks (`Some(1)`: once).
    pub max_ticks: Option<u64>,
}

/// Exponential backoff: `base`, `2 base`, `4 base`, ... up to `max`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    base: Duration,
    max: Duration,
    failures: u32,
}

impl Backoff {
    /// Starts at `base` (at least 1 ms), never above `max`.
    pub fn new(base: Duration, max: Duration) -> Self {
        Backoff {
            base: base.max(Duration::from_millis(1)),
            max,
            failures: 0,
        }
    }

    /// The wait after one more consecutive failure.
    pub fn next_delay(&mut self) -> Duration {
        let factor = 1u32 << self.failures.min(16);
        self.failures = self.failures.saturating_add(1);
        self.base.saturating_mul(factor).min(self.max)
    }

    /// Back to `base` after a success.
    pub fn reset(&mut self) {
        self.failures = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap_and_resets() {
        let mut b = Backoff::new(Duration::from_secs(1), Duration::from_secs(5));
        let delays: Vec<u64> = (0..5).map(|_| b.next_delay().as_secs()).collect();
        assert_eq!(delays, [1, 2, 4, 5, 5]);
        b.reset();
        assert_eq!(b.next_delay(), Duration::from_secs(1));
    }
}
