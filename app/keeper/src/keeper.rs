//! The keeper loop: per vault, read fresh state, decide ([`crate::decide`]), quote the
//! route, send one `rebalance`, and repeat from fresh state until nothing is left.
//!
//! Safety comes from the program, not from the keeper's memory: the keeper keeps no state
//! between ticks, plans every swap from what it just read, and treats an on-chain refusal
//! as "the state changed under me" (another keeper traded first, a price moved): it stops
//! for that vault and re-plans on the next tick. So two keepers may run at once, and a
//! keeper may be restarted at any moment, without a double trade: a second identical swap
//! is refused by the program's own checks.

use ballast_math::Wad;
use ballast_sdk::chain::{sign_with_tables, Chain, Confirmed};
use ballast_sdk::ix::{self, VaultAccounts};
use ballast_sdk::{lookup, Keypair, Pubkey, SdkError, SdkResult, Signer, VersionedTransaction};
use tracing::{info, warn};

use crate::decide::{decide, DecideOptions, Decision, PlannedSwap};
use crate::report::{failure, ExecutedSwap, VaultOutcome, VaultReport};
use crate::schedule::{Backoff, Schedule};
use crate::snapshot::{read_snapshot, Snapshot, VaultTarget};
use crate::venue::{QuoteRequest, Route, Venue};

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

/// A decision and the state it was made from.
#[derive(Clone, Debug)]
pub struct Plan {
    /// What was read.
    pub snapshot: Snapshot,
    /// What to do.
    pub decision: Decision,
}

/// A keeper: its keypair (signer, fee payer, reward recipient), the venue it routes
/// through ([`crate::venue`]) and its options.
pub struct Keeper<V: Venue> {
    keypair: Keypair,
    venue: V,
    options: KeeperOptions,
}

impl<V: Venue> Keeper<V> {
    /// A keeper routing through `venue`.
    pub fn new(keypair: Keypair, venue: V, options: KeeperOptions) -> Self {
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
            ix::Rebalance::new(
                accounts,
                &keeper,
                &reward_account,
                swap.sell,
                swap.buy,
                swap.amount_in,
                route.dex.clone(),
            )?
            .instruction(),
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
