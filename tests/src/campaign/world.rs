//! The campaign's world: a funded four-asset vault with a management fee, a guardian, pools
//! of the local AMM for every pair, the hostile DEX, three depositors, a stranger, and a
//! keeper (`ballast-keeper`); and how each [`Action`] is carried out.

use anchor_spl::token_2022::spl_token_2022;
use ballast::events::Rebalanced;
use ballast::state::{Change, RebalanceRules, VaultParams};
use ballast_hostile_dex::Mode;
use ballast_keeper::{Keeper, KeeperOptions, TestAmm, VaultOutcome, VaultTarget};
use ballast_sdk::ix::{
    ApplyChange, CancelChange, CollectFees, ExecuteChange, Pause, QueueChange, Withdraw,
};
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::check::Snapshot;
use super::Action;
use crate::ix;
use crate::market::Market;
use crate::venue::{arbitrage_to_oracle, MarketPools};
use crate::{AssetSpec, Pubkey, User, FOUR_ASSETS, PRICE_EXPONENT, TIMELOCK_SECS};

/// Management fee of the campaign's vault, bps a year.
pub const FEE_BPS: u16 = 100;
/// Deposits and swaps take prices at most this old.
pub const FRESH_SECS: u16 = 10;
/// Seconds a price move takes.
pub const PRICE_MOVE_SECS: i64 = 3;

/// What a `Rebalanced` event reported of a swap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SwapFact {
    /// Sold asset.
    pub sell: usize,
    /// Bought asset.
    pub buy: usize,
    /// Sold, base units.
    pub amount_in: u64,
    /// Received from the venue, base units.
    pub amount_out: u64,
    /// Paid to the keeper out of it.
    pub keeper_reward: u64,
    /// The auction's slippage at that second, bps.
    pub slippage_bps: u16,
}

impl From<&Rebalanced> for SwapFact {
    fn from(e: &Rebalanced) -> Self {
        SwapFact {
            sell: usize::from(e.sell_index),
            buy: usize::from(e.buy_index),
            amount_in: e.amount_in,
            amount_out: e.amount_out,
            keeper_reward: e.keeper_reward,
            slippage_bps: e.slippage_bps,
        }
    }
}

/// What one step did.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// The step's transaction (or one of them) was refused.
    pub refused: bool,
    /// The prices (mantissas) a deposit was valued at.
    pub used_prices: Option<Vec<i64>>,
    /// The keeper's swaps.
    pub swaps: Vec<SwapFact>,
    /// Whether a round opened.
    pub opened: bool,
    /// Seconds the clock moved during the step (a keeper waiting through the auction).
    pub elapsed: i64,
}

/// The world a campaign runs in.
pub struct World {
    /// The vault, its LP and the hostile DEX's accounts.
    pub m: Market,
    /// A pool of the local AMM per pair.
    pub pools: MarketPools,
    /// The depositors.
    pub actors: Vec<User>,
    /// Someone with tokens and no rights.
    pub stranger: User,
    /// May pause.
    pub guardian: Keypair,
    /// The manager's share account: the fee recipient.
    pub fee_account: Pubkey,
    keeper: Keeper<TestAmm>,
    runtime: tokio::runtime::Runtime,
    /// `(time, true price mantissas)` of every publication, oldest first.
    history: Vec<(i64, Vec<i64>)>,
}

impl Default for World {
    fn default() -> Self {
        Self::new()
    }
}

impl World {
    /// A $100,000 vault at 40/30/20/10, fee 100 bps a year, a 10 bps entry spread, 10 s
    /// prices for deposits and swaps, a one-hour timelock, the demo's rules (auction from 0
    /// to 100 bps over 60 s) with the local AMM and the hostile DEX allowed; $2M pools.
    pub fn new() -> Self {
        let params = VaultParams {
            max_oracle_age_secs: 60,
            max_conf_bps: 200,
            fresh_price_secs: FRESH_SECS,
            entry_spread_bps: 10,
            timelock_secs: 3_600,
        };
        let rules = RebalanceRules {
            ..ballast_sandbox::market::demo_rules(vec![
                ballast_test_amm::ID,
                ballast_hostile_dex::ID,
            ])
        };
        let mut m = Market::with(&FOUR_ASSETS, 100_000, params, rules);
        let pools = MarketPools::create_all(&mut m, 2_000_000, 30);
        let manager = m.v.manager.insecure_clone();
        let fee_account = m.h.create_token_account(&m.v.share_mint, &manager.pubkey());
        let guardian = m.h.funded_keypair();
        for change in [
            Change::FeeRecipient {
                recipient: fee_account,
            },
            Change::Guardian {
                guardian: guardian.pubkey(),
            },
        ] {
            let apply = ApplyChange::new(&manager.pubkey(), &m.v.vault, change);
            m.h.send_ok(&[apply.instruction()], &[&manager]);
        }
        // Raising the fee needs the timelock.
        let id = m.h.vault_state(&m.v.vault).next_change_id;
        let fee = Change::ManagementFee { fee_bps: FEE_BPS };
        let queue = QueueChange::new(&manager.pubkey(), &m.v.vault, id, fee);
        m.h.send_ok(&[queue.instruction()], &[&manager]);
        let now = m.h.now();
        m.h.set_time(now + i64::from(TIMELOCK_SECS.min(3_600)));
        m.h.refresh_prices(&m.v);
        let payer = m.h.payer().pubkey();
        let execute = ExecuteChange::new(&payer, &m.v.vault, id, &manager.pubkey());
        m.h.send_ok(&[execute.instruction()], &[]);

        let holdings: Vec<u64> =
            m.v.assets
                .iter()
                .map(|a| a.spec.amount_for_usd(2_000_000))
                .collect();
        let actors = (0..3).map(|_| m.h.create_user(&m.v, &holdings)).collect();
        let stranger = m.h.create_user(&m.v, &holdings);
        let keeper = Keeper::new(m.keeper.insecure_clone(), TestAmm, KeeperOptions::default());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        let history = vec![(m.h.now(), prices(&m))];
        World {
            m,
            pools,
            actors,
            stranger,
            guardian,
            fee_account,
            keeper,
            runtime,
            history,
        }
    }

    /// Everything the invariants look at, now.
    pub fn snapshot(&self) -> Snapshot {
        let mut holders: Vec<(Vec<Pubkey>, Pubkey)> = self
            .actors
            .iter()
            .chain([&self.stranger, &self.m.lp])
            .map(|u| (u.tokens.clone(), u.shares))
            .collect();
        let keeper_tokens = self
            .m
            .v
            .assets
            .iter()
            .map(|a| self.keeper.reward_account(&a.mint, &a.kind.id()))
            .collect();
        holders.push((keeper_tokens, Pubkey::new_unique()));
        holders.push((Vec::new(), self.fee_account));
        Snapshot::read(&self.m, &holders)
    }

    fn publish_now(&mut self) {
        self.m.h.refresh_prices(&self.m.v);
        self.history.push((self.m.h.now(), prices(&self.m)));
    }

    /// The true prices at `time`: the newest publication at or before it.
    fn prices_at(&self, time: i64) -> Vec<i64> {
        self.history
            .iter()
            .rev()
            .find(|(t, _)| *t <= time)
            .or(self.history.first())
            .map(|(_, p)| p.clone())
            .unwrap_or_default()
    }

    /// Carries out `action`.
    pub fn apply(&mut self, action: &Action) -> Outcome {
        let mut out = Outcome::default();
        let v = &self.m.v;
        match *action {
            Action::Deposit {
                actor,
                asset,
                usd,
                price_lag,
            } => {
                let now = self.m.h.now();
                let used = self.prices_at(now - price_lag);
                for (i, a) in v.assets.clone().iter().enumerate() {
                    self.m.h.set_price(
                        a.price_account,
                        a.feed_id,
                        used[i],
                        0,
                        PRICE_EXPONENT,
                        now - price_lag,
                    );
                }
                let q = v.assets[asset].spec.amount_for_usd(usd);
                let deposit = ix::deposit(&self.m.v, &self.actors[actor], asset, q);
                let user = self.actors[actor].keypair.insecure_clone();
                out.refused = self.m.h.send(&[deposit.instruction()], &[&user]).is_err();
                out.used_prices = Some(used);
                // The market posts current prices again.
                self.m.h.refresh_prices(&self.m.v);
            }
            Action::Withdraw {
                actor,
                fraction_bps,
            } => {
                let user = &self.actors[actor];
                let held = self.m.h.token_balance(&user.shares);
                let shares = u64::try_from(u128::from(held) * u128::from(fraction_bps) / 10_000)
                    .unwrap_or(0);
                let redeem = Withdraw::new(
                    &v.accounts(),
                    &user.key(),
                    &user.shares,
                    &user.tokens,
                    shares,
                    vec![0; v.assets.len()],
                    0,
                )
                .expect("accounts");
                let signer = user.keypair.insecure_clone();
                out.refused = self.m.h.send(&[redeem.instruction()], &[&signer]).is_err();
            }
            Action::OpenRound => {
                let open = ix::open_round(v).instruction();
                out.refused = self.m.h.send(&[open], &[]).is_err();
                out.opened = !out.refused;
            }
            Action::KeeperTick => {
                // Arbitrageurs keep the pools at the oracle; the keeper ticks, waiting through
                // the round's auction (the clock moves to each wait's end, prices
                // republished), as keepers competing for the round would.
                let target = VaultTarget {
                    vault: v.vault,
                    price_accounts: v.assets.iter().map(|a| a.price_account).collect(),
                };
                let pools: Vec<_> = self.pools.all().copied().collect();
                for pool in &pools {
                    arbitrage_to_oracle(&mut self.m, pool, 2.0);
                }
                let start = self.m.h.now();
                for _ in 0..8 {
                    let report = self
                        .runtime
                        .block_on(self.keeper.run_vault(&self.m.h.chain, &target));
                    out.opened |= report.opened.is_some();
                    out.refused |= matches!(report.outcome, VaultOutcome::Refused { .. });
                    out.swaps.extend(
                        report
                            .executed
                            .iter()
                            .flat_map(|e| {
                                ballast_sdk::events::decode_events::<Rebalanced>(&e.confirmed.logs)
                            })
                            .map(|e| SwapFact::from(&e)),
                    );
                    let VaultOutcome::AuctionWait { clears_at, .. } = report.outcome else {
                        break;
                    };
                    self.m.h.set_time(clears_at.max(self.m.h.now()));
                    self.publish_now();
                }
                out.elapsed = self.m.h.now() - start;
            }
            Action::HostileSwap { mode } => {
                let amount = v.assets[0].spec.amount_for_usd(100);
                let fair = self.m.fair_out(0, 3, amount);
                let (mode, give) = match mode {
                    0 => (Mode::Trade, fair * 2 / 3),
                    1 => (Mode::SetDelegate, fair),
                    2 => (Mode::SetCloseAuthority, fair),
                    3 => (Mode::TakeOwnership, fair),
                    4 => (Mode::Reenter, fair),
                    _ => (Mode::Noop, fair),
                };
                let swap = self.m.hostile_rebalance(0, 3, amount, mode, amount, give);
                let keeper = self.m.keeper.insecure_clone();
                out.refused = self.m.h.send(&[swap.instruction()], &[&keeper]).is_err();
            }
            Action::Arbitrage => {
                let pools: Vec<_> = self.pools.all().copied().collect();
                for pool in &pools {
                    arbitrage_to_oracle(&mut self.m, pool, 2.0);
                }
            }
            Action::PriceMove { asset, bps } => {
                // The move happens over a few seconds, so the prices of just before it are
                // still fresh enough for a deposit: the stale-price round trip's window.
                let price = v.assets[asset].spec.price;
                let moved = (price * (10_000 + bps) / 10_000).max(1);
                let now = self.m.h.now();
                self.m.h.set_time(now + PRICE_MOVE_SECS);
                out.elapsed = PRICE_MOVE_SECS;
                self.m.set_price(asset, moved);
                self.history.push((self.m.h.now(), prices(&self.m)));
            }
            Action::Warp { secs, publish } => {
                let now = self.m.h.now();
                self.m.h.set_time(now + secs);
                out.elapsed = secs;
                if publish {
                    self.publish_now();
                }
            }
            Action::Donate { asset, usd } => {
                let a = &v.assets[asset];
                let amount = a.spec.amount_for_usd(usd);
                let donate = spl_token_2022::instruction::transfer_checked(
                    &a.kind.id(),
                    &self.stranger.tokens[asset],
                    &a.mint,
                    &a.reserve,
                    &self.stranger.key(),
                    &[],
                    amount,
                    a.decimals,
                )
                .expect("transfer");
                let signer = self.stranger.keypair.insecure_clone();
                out.refused = self.m.h.send(&[donate], &[&signer]).is_err();
            }
            Action::Trespass { kind } => out.refused = self.trespass(kind),
            Action::Tighten => {
                let state = self.m.h.vault_state(&v.vault);
                let change = Change::OracleLimits {
                    max_oracle_age_secs: state.max_oracle_age_secs,
                    max_conf_bps: state.max_conf_bps.saturating_sub(1).max(1),
                    fresh_price_secs: state.fresh_price_secs,
                };
                let manager = v.manager.insecure_clone();
                let apply = ApplyChange::new(&manager.pubkey(), &v.vault, change);
                out.refused = self.m.h.send(&[apply.instruction()], &[&manager]).is_err();
            }
            Action::Queue { kind } => {
                let state = self.m.h.vault_state(&v.vault);
                let now = self.m.h.now();
                let change = match kind {
                    0 => Change::EntrySpread {
                        entry_spread_bps: state.entry_spread_bps.saturating_sub(5),
                    },
                    1 => Change::Rebalance(RebalanceRules {
                        max_slippage_bps: 150,
                        ..ix::rules(&[ballast_test_amm::ID, ballast_hostile_dex::ID])
                    }),
                    2 => {
                        let start = now + i64::from(state.timelock_secs);
                        let weights = if now % 2 == 0 {
                            vec![2_500, 2_500, 2_500, 2_500]
                        } else {
                            vec![4_000, 3_000, 2_000, 1_000]
                        };
                        Change::TargetWeights {
                            weights,
                            ramp_start: start,
                            ramp_end: start + 7_200,
                        }
                    }
                    _ => Change::Unpause { flags: 3 },
                };
                let manager = v.manager.insecure_clone();
                let queue =
                    QueueChange::new(&manager.pubkey(), &v.vault, state.next_change_id, change);
                out.refused = self.m.h.send(&[queue.instruction()], &[&manager]).is_err();
            }
            Action::ExecuteDue => {
                let state = self.m.h.vault_state(&v.vault);
                let now = self.m.h.now();
                let stranger = self.stranger.keypair.insecure_clone();
                for slot in state.pending_changes.iter().filter(|s| s.id != 0) {
                    if slot.executable_at <= now {
                        let execute = ExecuteChange::new(
                            &stranger.pubkey(),
                            &v.vault,
                            slot.id,
                            &v.manager.pubkey(),
                        );
                        out.refused |= self
                            .m
                            .h
                            .send(&[execute.instruction()], &[&stranger])
                            .is_err();
                    }
                }
            }
            Action::Pause => {
                let guardian = self.guardian.insecure_clone();
                let pause = Pause::new(&guardian.pubkey(), &v.vault, 3);
                out.refused = self.m.h.send(&[pause.instruction()], &[&guardian]).is_err();
            }
            Action::CollectFees => {
                let collect = CollectFees::new(&v.vault, &self.fee_account);
                out.refused = self.m.h.send(&[collect.instruction()], &[]).is_err();
            }
        }
        out
    }

    /// The stranger tries what it may not do; returns whether it was refused.
    fn trespass(&mut self, kind: u8) -> bool {
        let v = &self.m.v;
        let stranger = self.stranger.keypair.insecure_clone();
        let me = stranger.pubkey();
        let ixs = match kind {
            0 => {
                let change = Change::EntrySpread {
                    entry_spread_bps: 0,
                };
                vec![ApplyChange::new(&me, &v.vault, change).instruction()]
            }
            1 => vec![Pause::new(&me, &v.vault, 3).instruction()],
            2 => {
                // Redeem a depositor's shares with the stranger's signature.
                let victim = &self.actors[0];
                let mut redeem = Withdraw::new(
                    &v.accounts(),
                    &me,
                    &victim.shares,
                    &self.stranger.tokens,
                    1_000_000,
                    vec![0; v.assets.len()],
                    0,
                )
                .expect("accounts");
                redeem.accounts.user = me;
                vec![redeem.instruction()]
            }
            3 => {
                let id = self.m.h.vault_state(&v.vault).next_change_id;
                let change = Change::Manager { new_manager: me };
                let mut queue = QueueChange::new(&me, &v.vault, id, change);
                queue.accounts.manager = me;
                vec![queue.instruction()]
            }
            4 => {
                let state = self.m.h.vault_state(&v.vault);
                let id = state
                    .pending_changes
                    .iter()
                    .map(|s| s.id)
                    .find(|&id| id != 0)
                    .unwrap_or(state.next_change_id);
                vec![CancelChange::new(&me, &v.vault, id, &v.manager.pubkey()).instruction()]
            }
            _ => {
                // A deposit of asset 0 from the stranger's account of asset 1.
                let mut deposit = ix::deposit(v, &self.stranger, 0, 1_000);
                deposit.accounts.user_token = self.stranger.tokens[1];
                vec![deposit.instruction()]
            }
        };
        self.m.h.send(&ixs, &[&stranger]).is_err()
    }
}

/// The market's current price mantissas.
fn prices(m: &Market) -> Vec<i64> {
    m.v.assets.iter().map(|a| a.spec.price).collect()
}

/// The specs of the campaign's assets (for the bench binary's report).
pub fn specs() -> [AssetSpec; 4] {
    FOUR_ASSETS
}
