//! What a demo run reports ([`DemoReport`], serializable) and the series a chart is drawn
//! from ([`DemoSeries`]).

use serde::Serialize;

/// The state of the vault right after a rebalancing round.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RoundReport {
    /// Day of the round.
    pub day: usize,
    /// Largest `|weight - target|` after it.
    pub max_drift: f64,
    /// Largest `|weight - target| - band` after it (`None` for a policy without bands).
    pub max_excess_over_band: Option<f64>,
}

/// One wallet's deposit and redemption.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DepositorReport {
    /// The wallet (`founder`, `alice`, `bob`, `carol`).
    pub name: String,
    /// The asset deposited (`None`: the founder's mix at the targets).
    pub asset: Option<String>,
    /// Day of the deposit.
    pub deposit_day: usize,
    /// Day of the redemption.
    pub redeem_day: usize,
    /// Value deposited at the oracle, USD.
    pub deposited_usd: f64,
    /// Shares received, base units (9 decimals).
    pub shares: u64,
    /// Value of what the redemption paid (in kind) at the oracle, USD.
    pub redeemed_usd: Option<f64>,
    /// Shares redeemed times NAV per share just before, USD.
    pub shares_times_nav_usd: f64,
    /// How far the redemption may be below `shares_times_nav_usd` from rounding: one base
    /// unit per asset, the virtual value's share, and float noise.
    pub rounding_tolerance_usd: f64,
}

/// Compute units of one instruction over the run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct UnitStats {
    /// Calls measured.
    pub calls: usize,
    /// Mean units.
    pub mean: f64,
    /// Fewest units.
    pub min: u64,
    /// Most units.
    pub max: u64,
}

impl UnitStats {
    /// The statistics of `units`.
    pub fn of(units: &[u64]) -> Self {
        if units.is_empty() {
            return UnitStats::default();
        }
        UnitStats {
            calls: units.len(),
            mean: units.iter().sum::<u64>() as f64 / units.len() as f64,
            min: units.iter().copied().min().unwrap_or(0),
            max: units.iter().copied().max().unwrap_or(0),
        }
    }
}

/// Compute units per instruction (Ballast's instruction, CPIs included).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct ComputeUnits {
    /// `deposit`.
    pub deposit: UnitStats,
    /// `withdraw`.
    pub withdraw: UnitStats,
    /// `rebalance`.
    pub rebalance: UnitStats,
    /// `rebalance` without the units spent inside the venue's program.
    pub rebalance_excl_amm: UnitStats,
}

/// What a demo run measured.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DemoReport {
    /// The vault's address.
    pub vault: String,
    /// Its trigger policy.
    pub policy: String,
    /// Its trade-target mode.
    pub mode: String,
    /// Days played.
    pub days: usize,
    /// NAV per whole share at the start, USD.
    pub nav_per_share_start: f64,
    /// NAV per whole share at the end (before the last redemptions), USD, net of the
    /// management fee (its owed shares counted).
    pub nav_per_share_end: f64,
    /// `nav_per_share_end / nav_per_share_start`.
    pub vault_growth: f64,
    /// Growth of buy-and-hold of the initial mix.
    pub buy_hold_growth: f64,
    /// Growth of the target mix rebalanced daily at no cost.
    pub target_mix_growth: f64,
    /// NAV before the last redemptions, USD.
    pub final_nav_usd: f64,
    /// The DEX the keeper traded on (`test-amm`, `raydium-cpmm`).
    pub venue: String,
    /// Rounds (days with at least one swap).
    pub rebalances: usize,
    /// Swaps.
    pub swaps: usize,
    /// Transactions the swaps took (fewer than swaps when the keeper batched them).
    pub swap_transactions: usize,
    /// Value sold in swaps at the oracle, USD.
    pub traded_usd: f64,
    /// The venue's own fees paid (trade fees, creator fees), USD.
    pub fees_usd: f64,
    /// Slippage against the oracle beyond the fee, USD.
    pub slippage_usd: f64,
    /// Keeper rewards paid, USD.
    pub keeper_rewards_usd: f64,
    /// Largest `|weight - target|` seen before a keeper ran.
    pub worst_drift: f64,
    /// The day it was seen.
    pub worst_drift_day: usize,
    /// Whether the policy has bands (a calendar policy has none).
    pub has_bands: bool,
    /// The vault right after each round.
    pub after_rebalances: Vec<RoundReport>,
    /// Every wallet, the founder first.
    pub depositors: Vec<DepositorReport>,
    /// Compute units per instruction.
    pub compute_units: ComputeUnits,
    /// Keeper ticks that did not end idle, one line each.
    pub keeper_problems: Vec<String>,
    /// The manager's change of target weights and its management fee.
    pub governance: GovernanceReport,
}

/// What the demo's governance did: one change of target weights with its ramp, and a
/// management fee accrued and collected (see `ballast_sandbox::demo::governance`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GovernanceReport {
    /// The vault's timelock, seconds.
    pub timelock_secs: u32,
    /// The change of target weights, described.
    pub change: String,
    /// Target weights before it.
    pub targets_before: Vec<f64>,
    /// Target weights it ramps to.
    pub targets_after: Vec<f64>,
    /// Day it was queued (with the fee).
    pub queued_day: usize,
    /// When it was queued.
    pub queued_at: i64,
    /// When anyone could execute it (and the fee).
    pub executable_at: i64,
    /// Day it was executed, if the run got there.
    pub executed_day: Option<usize>,
    /// When it was executed.
    pub executed_at: Option<i64>,
    /// When the ramp started.
    pub ramp_start: i64,
    /// When the ramp reached the new targets.
    pub ramp_end: i64,
    /// Rebalancing rounds during the ramp (and the day after it).
    pub rounds_during_ramp: usize,
    /// The management fee, bps a year (from its execution on).
    pub management_fee_bps: u16,
    /// Fee shares collected at the end, base units.
    pub fee_shares_collected: u64,
    /// Their value at the final NAV per share, USD.
    pub fee_collected_usd: f64,
    /// Day they were collected.
    pub fee_collected_day: usize,
    /// NAV per share at the end as if the fee's shares did not exist, USD (the report's
    /// `nav_per_share_end` is net of them).
    pub nav_per_share_end_without_fee: f64,
}

/// Daily series for a chart: one entry per day (day 0 included).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DemoSeries {
    /// Unix time of each day.
    pub times: Vec<i64>,
    /// NAV per share relative to day 0.
    pub nav_per_share: Vec<f64>,
    /// Buy-and-hold of the initial mix relative to day 0.
    pub buy_hold: Vec<f64>,
    /// The costless daily-rebalanced target mix relative to day 0.
    pub target_mix: Vec<f64>,
    /// Weights, `days + 1` rows of one entry per asset, row-major.
    pub weights: Vec<f64>,
    /// Target weights.
    pub targets: Vec<f64>,
}
