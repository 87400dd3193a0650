//! The keeper loop: per vault, read fresh state, decide ([`crate::decide`]); open a round
//! when one is due; in an open round, quote each swap's route and send its `rebalance` as
//! soon as the round's auction allows the venue's price; repeat from fresh state until
//! nothing is left or the auction must be waited for.
//!
//! Safety comes from the program, not from the keeper's memory: the keeper keeps no state
//! between ticks, plans every swap from what it just read, and treats an on-chain refusal
//! as "the state changed under me" (another keeper traded first, a price moved): it stops
//! for that vault and re-plans on the next tick. So two keepers may run at once, and a
//! keeper may be restarted at any moment, without a double trade: a second identical swap
//! is refused by the program's own checks.

use ballast_math::round::{auction_time_for, slippage_needed};
use ballast_math::{Rounding, Wad, BPS};
use ballast_sdk::chain::{sign_with_tables, Chain, Confirmed};
use ballast_sdk::ix::{self, VaultAccounts};
use ballast_sdk::{lookup, Keypair, Pubkey, SdkError, SdkResult, Signer, VersionedTransaction};
use tracing::{info, warn};

use crate::batch::Leg;
use crate::decide::{decide, rules_of, DecideOptions, Decision, PlannedSwap};
use crate::report::{failure, ExecutedSwap, VaultOutcome, VaultReport};
use crate::schedule::{Backoff, Schedule};
use crate::snapshot::{read_snapshot, Snapshot, VaultTarget};
use crate::venue::{QuoteRequest, Route, Venue};
use solana_transaction_error::TransactionError;

/// The keeper's own settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeeperOptions {
    /// Smallest swap worth a transaction (the vault's minimum applies if larger).
    pub min_notional: Wad,
    /// Most swaps per vault per tick (a round needs up to n - 1).
    pub max_swaps_per_tick: usize,
    /// Compute-unit limit of a rebalance transaction of one swap (a batch asks for what its
    /// swaps need, up to the runtime's maximum).
    pub compute_unit_limit: u32,
    /// Surplus over the vault's bound the keeper waits for before filling, bps of the
    /// quote (its reward comes out of that surplus; 0 fills as soon as the venue clears).
    pub min_surplus_bps: u16,
    /// Send the swaps that clear at once together, in one transaction when they fit
    /// ([`crate::batch`]); `false` sends one swap per transaction.
    pub batch: bool,
}

impl Default for KeeperOptions {
    fn default() -> Self {
        KeeperOptions {
            min_notional: Wad::ZERO,
            max_swaps_per_tick: ballast::constants::MAX_ASSETS,
            compute_unit_limit: 400_000,
            min_surplus_bps: 0,
            batch: true,
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
/// through ([`crate::venue`]: one, or several as [`crate::venue::Venues`]) and its options.
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

    /// The venue it routes through.
    pub fn venue(&self) -> &V {
        &self.venue
    }

    pub(crate) fn keypair(&self) -> &Keypair {
        &self.keypair
    }

    pub(crate) fn decide_options(&self) -> DecideOptions {
        DecideOptions {
            min_notional: self.options.min_notional,
        }
    }

    /// The keeper's reward account for `mint`: its associated token account.
    pub fn reward_account(&self, mint: &Pubkey, token_program: &Pubkey) -> Pubkey {
        ix::associated_token_address(&self.pubkey(), mint, token_program)
    }

    /// Reads fresh state and decides.
    pub async fn plan<C: Chain>(&self, chain: &C, target: &VaultTarget) -> SdkResult<Plan> {
        let snapshot = read_snapshot(chain, target).await?;
        let decision = decide(
            &snapshot.state,
            &snapshot.prices,
            &snapshot.reserves,
            snapshot.clock.unix_timestamp,
            &self.decide_options(),
        );
        Ok(Plan { snapshot, decision })
    }

    /// The venue request of `swap` of the vault of `accounts` (its allowlist from
    /// `snapshot`).
    pub fn request(
        &self,
        accounts: &VaultAccounts,
        snapshot: &Snapshot,
        swap: &PlannedSwap,
    ) -> QuoteRequest {
        let (s, b) = (&accounts.assets[swap.sell], &accounts.assets[swap.buy]);
        QuoteRequest {
            sell_mint: s.mint,
            buy_mint: b.mint,
            amount_in: swap.amount_in,
            min_out: swap.min_out_at_max,
            swap_authority: accounts.pdas.swap_authority,
            sell_escrow: s.escrow,
            buy_escrow: b.escrow,
            dex_allowlist: snapshot.state.rebalance.dex_allowlist,
        }
    }

    /// Quotes `swap` of the vault read in `snapshot` on the keeper's venue (among the DEXes
    /// the vault allows).
    pub async fn route<C: Chain>(
        &self,
        chain: &C,
        snapshot: &Snapshot,
        swap: &PlannedSwap,
    ) -> SdkResult<Option<Route>> {
        let request = self.request(&snapshot.accounts, snapshot, swap);
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
        let context = self.tx_context(chain, accounts).await?;
        let leg = Leg {
            swap: *swap,
            route: route.clone(),
            split: false,
        };
        Ok(self.sign_legs(accounts, &[leg], &context)?.0)
    }

    /// Sends `open_round` for the vault of `accounts` and waits for the outcome.
    pub async fn open_round<C: Chain>(
        &self,
        chain: &C,
        accounts: &VaultAccounts,
    ) -> SdkResult<Confirmed> {
        let instructions = [ix::OpenRound::new(accounts).instruction()];
        let tables = lookup::vault_tables(chain, accounts).await?;
        let transaction = sign_with_tables(
            &self.keypair,
            &instructions,
            &[],
            Some(self.options.compute_unit_limit),
            chain.latest_blockhash().await?,
            &tables,
        )?;
        chain.send_transaction(&transaction).await
    }

    /// When the round's auction allows a venue paying `quoted` for `swap` (with the
    /// keeper's own `min_surplus_bps` on top), or `None` when it never does.
    pub fn clears_at(&self, plan: &Plan, swap: &PlannedSwap, quoted: u64) -> Option<i64> {
        let Decision::Rebalance { opened_at, .. } = plan.decision else {
            return None;
        };
        let rules = rules_of(&plan.snapshot.state).ok()?;
        let margin = ballast_math::wide::mul_div_u64(
            quoted,
            u64::from(self.options.min_surplus_bps),
            BPS,
            Rounding::Up,
        )
        .ok()?;
        let wanted = quoted.saturating_sub(margin);
        let prices = plan.snapshot.asset_prices().ok()?;
        let needed = slippage_needed(
            swap.amount_in,
            &prices[swap.sell],
            &prices[swap.buy],
            wanted,
            rules.max_slippage_bps,
        )?;
        auction_time_for(&rules, opened_at, needed)
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

    /// One tick for one vault: plan from fresh state; open a round when one is due; send
    /// the swaps the auction allows now (several per transaction when they fit,
    /// [`crate::batch`]); repeat until the decision is not to rebalance, the auction must
    /// be waited for, a transaction is refused, or the per-tick limit is reached.
    pub async fn run_vault<C: Chain>(&self, chain: &C, target: &VaultTarget) -> VaultReport {
        let vault = target.vault;
        let mut executed = Vec::new();
        let mut opened = None;
        let mut split_pairs = Vec::new();
        let outcome = loop {
            let room = self
                .options
                .max_swaps_per_tick
                .saturating_sub(executed.len());
            if room == 0 {
                break VaultOutcome::SwapLimit;
            }
            let plan = match self.plan(chain, target).await {
                Ok(plan) => plan,
                Err(error) => {
                    warn!(vault = %vault, error = %error, "cannot read the vault");
                    break failure(error);
                }
            };
            let now = plan.snapshot.clock.unix_timestamp;
            match &plan.decision {
                Decision::Rebalance { .. } => {}
                Decision::OpenRound if opened.is_none() => {
                    info!(vault = %vault, decision = "open-round", now, "decision");
                    match self.open_round(chain, &plan.snapshot.accounts).await {
                        Ok(confirmed) => {
                            info!(vault = %vault, signature = %confirmed.signature, "round opened");
                            opened = Some(confirmed);
                            continue;
                        }
                        Err(error) => break refused_or_failed(&vault, error, None),
                    }
                }
                decision => {
                    info!(
                        vault = %vault,
                        decision = decision.label(),
                        reason = %decision,
                        now,
                        "decision"
                    );
                    break VaultOutcome::Idle {
                        decision: decision.clone(),
                    };
                }
            }
            let (legs, context) = match self.next_legs(chain, &plan, room, &split_pairs).await {
                Ok(Ok(found)) => found,
                Ok(Err(outcome)) => {
                    log_blocked(&vault, &outcome);
                    break outcome;
                }
                Err(error) => {
                    warn!(vault = %vault, error = %error, "quote failed");
                    break failure(error);
                }
            };
            let accounts = &plan.snapshot.accounts;
            let (tx, first) = match self.sign_legs(accounts, &legs, &context) {
                Ok(signed) => signed,
                Err(error) => break failure(error),
            };
            match chain.send_transaction(&tx).await {
                Ok(confirmed) => {
                    split_pairs.extend(
                        legs.iter()
                            .filter(|l| l.split)
                            .map(|l| (l.swap.sell, l.swap.buy)),
                    );
                    for (position, leg) in legs.iter().enumerate() {
                        info!(
                            vault = %vault,
                            signature = %confirmed.signature,
                            route = %leg.route.description,
                            sell = leg.swap.sell,
                            buy = leg.swap.buy,
                            amount_in = leg.swap.amount_in,
                            notional_usd = %leg.swap.notional,
                            quoted_out = leg.route.amount_out,
                            in_transaction = position,
                            compute_units = confirmed.compute_units.unwrap_or(0),
                            "swap confirmed"
                        );
                        executed.push(ExecutedSwap {
                            swap: leg.swap,
                            quoted_out: leg.route.amount_out,
                            venue: leg.route.venue,
                            dex_program: leg.route.dex.program,
                            venue_fee: leg.route.pricing.fee(leg.swap.amount_in).unwrap_or(0),
                            position,
                            batch_size: legs.len(),
                            confirmed: confirmed.clone(),
                        });
                    }
                }
                Err(error) => {
                    let failed = failed_leg(&error, &legs, first);
                    break refused_or_failed(&vault, error, Some(failed));
                }
            }
        };
        VaultReport {
            vault,
            opened,
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

/// Logs why no swap could be sent.
fn log_blocked(vault: &Pubkey, outcome: &VaultOutcome) {
    match outcome {
        VaultOutcome::NoRoute { swap } => {
            warn!(vault = %vault, sell = swap.sell, buy = swap.buy, "no route");
        }
        VaultOutcome::QuoteBelowBound { swap, quoted } => warn!(
            vault = %vault,
            quoted,
            min_out_at_max = swap.min_out_at_max,
            "venue quote below the vault's widest bound, even for a part; not sending"
        ),
        VaultOutcome::AuctionWait {
            quoted, clears_at, ..
        } => info!(
            vault = %vault,
            quoted,
            clears_at,
            "the auction allows this price later; waiting"
        ),
        other => info!(vault = %vault, outcome = ?other, "nothing to send"),
    }
}

/// The leg a refused transaction failed in: its instruction index less `first` (the
/// index of the first `rebalance`), else the first leg.
fn failed_leg(error: &SdkError, legs: &[Leg], first: usize) -> PlannedSwap {
    let index = match error {
        SdkError::Rejected(r) => match r.error {
            TransactionError::InstructionError(i, _) => usize::from(i).checked_sub(first),
            _ => None,
        },
        _ => None,
    };
    index.and_then(|i| legs.get(i)).unwrap_or(&legs[0]).swap
}

/// An error of a sent transaction as an outcome: refused on chain (the state changed, or a
/// competing keeper filled first: nothing moved, re-plan next tick) or not sent.
fn refused_or_failed(vault: &Pubkey, error: SdkError, swap: Option<PlannedSwap>) -> VaultOutcome {
    match error {
        SdkError::Rejected(rejection) => {
            let name = rejection
                .error_name()
                .map_or_else(|| rejection.error.to_string(), str::to_string);
            warn!(vault = %vault, error = %name, "refused on chain; re-planning next tick");
            VaultOutcome::Refused {
                swap,
                error: name,
                code: rejection.custom_code(),
            }
        }
        error => {
            warn!(vault = %vault, error = %error, "send failed; outcome unknown, re-reading next tick");
            failure(error)
        }
    }
}
