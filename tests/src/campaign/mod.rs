//! A randomized campaign against the compiled program: seeded sequences of deposits,
//! withdrawals, rounds and swaps (the keeper through the local AMM, and the hostile DEX),
//! price and clock moves, donations, governance, and attempts that must fail, by several
//! actors, with the invariants of [`check`] checked after every step.
//!
//! Every random choice is drawn when a step is generated ([`Action`] carries it), so a
//! sequence replays exactly; a violation is reported with its seed and the shortest
//! sequence [`shrink`] finds that still shows it.
//!
//! Run by `tests/tests/campaign.rs` (about 2,000 steps in the test command) and by the
//! `campaign` bench binary (`cargo run --release -p ballast-tests --bin campaign -- --steps
//! 100000`), which writes its figures.

pub mod check;
pub mod world;

pub use check::{Snapshot, Violation};
pub use world::World;

/// splitmix64: a small deterministic generator (no dependency), good enough to pick steps.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// Uniform in `low..=high`.
    pub fn range(&mut self, low: i64, high: i64) -> i64 {
        low + i64::try_from(self.below(u64::try_from(high - low + 1).unwrap_or(1))).unwrap_or(0)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// One step of a campaign, with every random choice already made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Depositor `actor` deposits `usd` dollars of `asset`, priced with updates published
    /// `price_lag` seconds ago (the market's prices of then; over `fresh_price_secs` the
    /// program must refuse).
    Deposit {
        actor: usize,
        asset: usize,
        usd: u64,
        price_lag: i64,
    },
    /// Depositor `actor` redeems `fraction_bps` of its shares.
    Withdraw { actor: usize, fraction_bps: u64 },
    /// Anyone sends `open_round` (refused unless one is due).
    OpenRound,
    /// The keeper ticks once (`ballast-keeper` through the local AMM).
    KeeperTick,
    /// A keeper routes a swap through the hostile DEX misbehaving as `mode` (0: pays a
    /// third below fair; 1..=5: delegate, close authority, ownership, re-entry, no-op):
    /// always refused.
    HostileSwap { mode: u8 },
    /// An arbitrageur brings every pool back to the oracle prices.
    Arbitrage,
    /// The market price of `asset` moves by `bps` (republished at once).
    PriceMove { asset: usize, bps: i64 },
    /// The clock moves `secs`; the prices are republished when `publish`.
    Warp { secs: i64, publish: bool },
    /// The stranger donates `usd` dollars of `asset` to its reserve.
    Donate { asset: usize, usd: u64 },
    /// The stranger tries what only others may do (`kind` picks which): always refused.
    Trespass { kind: u8 },
    /// The manager makes a risk-reducing change at once (narrows the widest oracle
    /// confidence it accepts by 1 bp).
    Tighten,
    /// The manager queues a change (`kind`: lower the spread, widen the slippage, new
    /// target weights ramped over two hours, unpause).
    Queue { kind: u8 },
    /// The stranger executes every queued change whose time has come.
    ExecuteDue,
    /// The guardian pauses deposits and rebalances.
    Pause,
    /// Anyone mints the management fee's owed shares to the manager's account.
    CollectFees,
}

impl Action {
    /// Whether the step may change the vault's configuration (the manager's own steps, the
    /// guardian's pause, or the execution of changes the manager queued).
    pub fn may_change_config(&self) -> bool {
        matches!(
            self,
            Action::Tighten | Action::Queue { .. } | Action::ExecuteDue | Action::Pause
        )
    }

    /// A step drawn from `rng` for a world of `assets` assets and `actors` depositors.
    pub fn random(rng: &mut Rng, assets: usize, actors: usize) -> Action {
        let asset = |rng: &mut Rng| rng.below(assets as u64) as usize;
        let actor = |rng: &mut Rng| rng.below(actors as u64) as usize;
        match rng.below(100) {
            0..=19 => Action::Deposit {
                actor: actor(rng),
                asset: asset(rng),
                usd: [100, 1_000, 10_000, 50_000][rng.below(4) as usize],
                price_lag: if rng.chance(80) { 0 } else { rng.range(1, 14) },
            },
            20..=31 => Action::Withdraw {
                actor: actor(rng),
                fraction_bps: [1_000, 5_000, 10_000][rng.below(3) as usize],
            },
            32..=37 => Action::OpenRound,
            38..=49 => Action::KeeperTick,
            50..=52 => Action::HostileSwap {
                mode: rng.below(6) as u8,
            },
            53..=58 => Action::Arbitrage,
            59..=70 => Action::PriceMove {
                asset: asset(rng),
                bps: if rng.chance(10) {
                    rng.range(-2_500, 2_500)
                } else {
                    rng.range(-600, 600)
                },
            },
            71..=82 => Action::Warp {
                secs: [5, 30, 90, 600, 3_600, 86_400][rng.below(6) as usize],
                publish: rng.chance(85),
            },
            83..=85 => Action::Donate {
                asset: asset(rng),
                usd: [1, 100, 5_000][rng.below(3) as usize],
            },
            86..=90 => Action::Trespass {
                kind: rng.below(6) as u8,
            },
            91..=92 => Action::Tighten,
            93..=95 => Action::Queue {
                kind: rng.below(4) as u8,
            },
            96..=97 => Action::ExecuteDue,
            98 => Action::Pause,
            _ => Action::CollectFees,
        }
    }
}

/// A campaign's actions for `seed`.
pub fn actions(seed: u64, steps: usize, assets: usize, actors: usize) -> Vec<Action> {
    let mut rng = Rng::new(seed);
    (0..steps)
        .map(|_| Action::random(&mut rng, assets, actors))
        .collect()
}

/// How a campaign went.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Steps run.
    pub steps: usize,
    /// Steps whose transactions all succeeded, and steps refused as expected.
    pub succeeded: usize,
    /// Steps whose transaction the program refused.
    pub refused: usize,
    /// Swaps made by the keeper.
    pub swaps: usize,
    /// Rounds opened.
    pub rounds: usize,
    /// The largest stale-price gain a deposit made, and its bound, USD.
    pub worst_stale_gain: (f64, f64),
    /// The largest loss of a swap against the oracle, as a share of its allowance.
    pub worst_swap_loss_share: f64,
    /// The first violation, if any.
    pub violation: Option<(usize, Violation)>,
}

/// Runs `actions` on a fresh world, checking every invariant after every step; stops at the
/// first violation.
pub fn run(actions: &[Action]) -> Report {
    let mut world = World::new();
    let mut report = Report::default();
    for (i, action) in actions.iter().enumerate() {
        let before = world.snapshot();
        let outcome = world.apply(action);
        let after = world.snapshot();
        report.steps += 1;
        if outcome.refused {
            report.refused += 1;
        } else {
            report.succeeded += 1;
        }
        report.swaps += outcome.swaps.len();
        report.rounds += usize::from(outcome.opened);
        match check::check(action, &outcome, &before, &after) {
            Ok(measured) => {
                report.worst_swap_loss_share =
                    report.worst_swap_loss_share.max(measured.swap_loss_share);
                if let Some((gain, bound)) = measured.stale {
                    if gain > report.worst_stale_gain.0 {
                        report.worst_stale_gain = (gain, bound);
                    }
                }
            }
            Err(violation) => {
                report.violation = Some((i, violation));
                return report;
            }
        }
    }
    report
}

/// The shortest sub-sequence of `actions` (each step kept or dropped, order kept) that still
/// ends in a violation, searched by removing chunks then single steps, within `budget`
/// replays.
pub fn shrink(actions: &[Action], budget: usize) -> Vec<Action> {
    let mut current = actions.to_vec();
    let mut replays = 0;
    let mut chunk = current.len().div_ceil(2);
    while chunk >= 1 && replays < budget {
        let mut start = 0;
        let mut removed_any = false;
        while start < current.len() && replays < budget {
            let end = (start + chunk).min(current.len());
            let mut candidate = current[..start].to_vec();
            candidate.extend_from_slice(&current[end..]);
            replays += 1;
            let report = run(&candidate);
            if let Some((at, _)) = report.violation {
                candidate.truncate(at + 1);
                current = candidate;
                removed_any = true;
            } else {
                start = end;
            }
        }
        if !removed_any {
            chunk /= 2;
        }
    }
    current
}
