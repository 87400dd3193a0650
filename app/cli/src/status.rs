//! `ballast status`: a vault's composition (current against target weights and bands), NAV
//! per share (net of the management fee's owed shares), oracle ages, the rebalancing rules,
//! the last rebalance, what a keeper would do now, and its governance
//! (`ballast_sdk::governance`): manager, guardian, timelock, entry spread, the fresh-price
//! window, pause flags, the fee and its shares owed now, a running ramp (targets now and at
//! its end) and the queued changes with the time each becomes executable.

use ballast_keeper::{decide, read_snapshot, DecideOptions, Snapshot, VaultTarget};
use ballast_math::oracle::token_value;
use ballast_math::shares::nav_per_share;
use ballast_math::{Policy, PriceSide, Rounding, TradeTarget, Wad};
use ballast_sdk::chain::Chain;
use ballast_sdk::governance::{pending_changes_of, Governance};
use ballast_sdk::ix::VaultAccounts;
use ballast_sdk::lookup::{table_coverage, TableCoverage};
use ballast_sdk::state::decode_mint;
use ballast_sdk::SdkError;
use serde::Serialize;

use crate::format::{dollars, short, units};
use crate::session::{dispatch, sdk, unknown_vault, ChainArgs, CliChain, Session, VaultCommand};
use crate::table::missing_text;
use crate::CliError;

mod governance;

use governance::{governance_json, governance_text, GovernanceJson};

/// Arguments of `ballast status`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub chain: ChainArgs,

    /// The vault (default on the embedded chain: the demo vault).
    #[arg(long)]
    pub vault: Option<String>,

    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// One asset in `ballast status --json`.
#[derive(Serialize)]
struct AssetJson {
    asset: String,
    reserve: String,
    value_usd: Option<f64>,
    weight: Option<f64>,
    target: f64,
    band: f64,
    price: Option<f64>,
    oracle_age_secs: Option<i64>,
    frozen: bool,
}

/// `ballast status --json`.
#[derive(Serialize)]
struct StatusJson {
    vault: String,
    manager: String,
    nav_usd: Option<f64>,
    shares: String,
    nav_per_share_usd: Option<f64>,
    max_oracle_age_secs: u32,
    policy: String,
    mode: String,
    last_rebalance_ts: i64,
    round_ends_ts: i64,
    now: i64,
    keeper_decision: String,
    assets: Vec<AssetJson>,
    lookup_table: LookupTableJson,
    governance: GovernanceJson,
}

/// The vault's lookup table in `ballast status --json`: the published address (`None`
/// without one), whether it can serve, and the vault's accounts it lacks.
#[derive(Serialize)]
struct LookupTableJson {
    address: Option<String>,
    usable: bool,
    missing: Vec<String>,
}

/// The JSON of the vault's table coverage.
fn table_json(coverage: &TableCoverage) -> LookupTableJson {
    match coverage {
        TableCoverage::Unpublished => LookupTableJson {
            address: None,
            usable: false,
            missing: Vec::new(),
        },
        TableCoverage::Unusable { table, .. } => LookupTableJson {
            address: Some(table.to_string()),
            usable: false,
            missing: Vec::new(),
        },
        TableCoverage::Published { table, missing } => LookupTableJson {
            address: Some(table.to_string()),
            usable: true,
            missing: missing.iter().map(ToString::to_string).collect(),
        },
    }
}

/// The status line of the vault's table coverage.
fn table_text(coverage: &TableCoverage, accounts: &VaultAccounts, names: &[String]) -> String {
    let fix = "the manager publishes a new one with `ballast publish-table`";
    match coverage {
        TableCoverage::Unpublished => {
            format!(
                "lookup table    none published (large vaults' transactions may not fit); {fix}"
            )
        }
        TableCoverage::Unusable { table, reason } => {
            format!("lookup table    {table} cannot serve ({reason}); {fix}")
        }
        TableCoverage::Published { table, missing } if missing.is_empty() => format!(
            "lookup table    {table}, covering the vault's {} accounts",
            ballast_sdk::lookup::vault_addresses(accounts).len()
        ),
        TableCoverage::Published { table, missing } => format!(
            "lookup table    {table} MISSES {}; {fix}",
            missing_text(accounts, names, missing)
        ),
    }
}

/// Each reserve's value at its oracle mid, rounded down (`None` without a price).
fn values_of(snap: &Snapshot) -> Vec<Option<Wad>> {
    snap.state
        .assets()
        .iter()
        .zip(&snap.prices)
        .zip(&snap.reserves)
        .map(|((a, p), r)| {
            p.as_ref().and_then(|p| {
                token_value(
                    r.amount,
                    a.decimals,
                    &p.oracle_price(),
                    PriceSide::Mid,
                    Rounding::Down,
                )
                .ok()
            })
        })
        .collect()
}

/// The sum of `values`, `None` if one is unknown.
fn nav_of(values: &[Option<Wad>]) -> Option<Wad> {
    values
        .iter()
        .try_fold(Wad::ZERO, |acc, v| v.and_then(|v| acc.checked_add(v).ok()))
}

/// NAV per whole share of `target` now, USD, net of the management fee's owed shares
/// (`None` when a price is missing).
pub async fn nav_per_share_now<C: Chain>(
    chain: &C,
    target: &VaultTarget,
) -> Result<Option<f64>, CliError> {
    let snap = read_snapshot(chain, target).await.map_err(sdk)?;
    let mint = ballast_sdk::chain::require_account(chain, &snap.state.share_mint)
        .await
        .map_err(sdk)?;
    let supply = decode_mint(&snap.state.share_mint, &mint)
        .map_err(sdk)?
        .supply;
    let now = snap.clock.unix_timestamp;
    let effective =
        ballast_sdk::governance::effective_supply_at(&snap.state, supply, now).map_err(sdk)?;
    Ok(nav_of(&values_of(&snap))
        .and_then(|nav| nav_per_share(nav, effective).ok())
        .map(wad_f64))
}

fn wad_f64(w: Wad) -> f64 {
    w.raw() as f64 / 1e18
}

fn when(ts: i64, now: i64) -> String {
    if ts == 0 {
        return "never".into();
    }
    format!(
        "{} ({} s ago)",
        ballast_backtest::time::format_time(ts),
        now.saturating_sub(ts)
    )
}

/// The status of the vault `target` on `chain`, as text or JSON; `names` labels the assets
/// (their mints otherwise).
pub async fn render<C: Chain>(
    chain: &C,
    target: &VaultTarget,
    names: &[String],
    on: &str,
    as_json: bool,
) -> Result<String, CliError> {
    let snap: Snapshot = match read_snapshot(chain, target).await {
        Ok(s) => s,
        Err(SdkError::AccountNotFound(a)) if a == target.vault => {
            return Err(unknown_vault(&target.vault, on))
        }
        Err(SdkError::InvalidAccount { address, .. }) if address == target.vault => {
            return Err(CliError(format!(
                "{address} is not a Ballast vault on {on}; check the address"
            )))
        }
        Err(e) => return Err(sdk(e)),
    };
    let state = &snap.state;
    let now = snap.clock.unix_timestamp;
    let assets = state.assets();
    let share_mint = chain
        .get_account(&state.share_mint)
        .await
        .map_err(sdk)?
        .ok_or_else(|| CliError(format!("share mint {} missing", state.share_mint)))?;
    let supply = decode_mint(&state.share_mint, &share_mint)
        .map_err(sdk)?
        .supply;
    let pending = pending_changes_of(chain, &target.vault, state)
        .await
        .map_err(sdk)?;
    let gov = Governance::of(state, supply, now, pending).map_err(sdk)?;
    let table = table_coverage(chain, &snap.accounts).await.map_err(sdk)?;
    let policy = Policy::from_bytes(&state.rebalance.policy).ok();
    let mode = TradeTarget::from_u8(state.rebalance.trade_target).ok();
    // The targets of this instant: a ramp moves them (`Vault::targets_at`).
    let targets = gov.targets_now.clone();
    let vols: Vec<Wad> = (0..assets.len())
        .map(|i| state.volatility[i].get().sigma().unwrap_or(Wad::ZERO))
        .collect();
    let mut bands = vec![Wad::ZERO; assets.len()];
    if let Some(p) = &policy {
        p.bands(&targets, &vols, &mut bands)
            .map_err(|e| CliError(format!("bands: {e}")))?;
    }
    let values = values_of(&snap);
    let nav = nav_of(&values);
    let decision = decide(
        state,
        &snap.prices,
        &snap.reserves,
        now,
        &DecideOptions::default(),
    );
    // Unnamed assets (on a cluster) are their mints: whole in JSON, shortened in the table.
    let name = |i: usize| {
        names.get(i).cloned().unwrap_or_else(|| {
            if as_json {
                assets[i].mint.to_string()
            } else {
                short(&assets[i].mint)
            }
        })
    };

    let names_all: Vec<String> = (0..assets.len()).map(name).collect();
    let mut rows = Vec::new();
    for (i, a) in assets.iter().enumerate() {
        let weight = match (values[i], nav) {
            (Some(v), Some(nav)) if nav > Wad::ZERO => Some(wad_f64(v) / wad_f64(nav)),
            _ => None,
        };
        let price = snap.prices[i].as_ref();
        rows.push((
            name(i),
            units(snap.reserves[i].amount, a.decimals),
            values[i].map(wad_f64),
            weight,
            f64::from(targets[i]) / 10_000.0,
            wad_f64(bands[i]),
            price.map(|p| p.price as f64 * 10f64.powi(p.exponent)),
            price.map(|p| now - p.publish_time),
            snap.reserves[i].frozen,
        ));
    }
    // Net of the fee: every share price counts the owed fee shares.
    let nps = nav
        .and_then(|nav| nav_per_share(nav, gov.effective_supply).ok())
        .map(wad_f64);
    let owed_usd = nps.map(|p| gov.fee_shares_owed as f64 / 1e9 * p);
    let cfg = &state.rebalance;
    let cooldown_until = state
        .round_opened_ts
        .saturating_add(i64::from(cfg.cooldown_secs));

    if as_json {
        let json = StatusJson {
            vault: target.vault.to_string(),
            manager: state.manager.to_string(),
            nav_usd: nav.map(wad_f64),
            shares: units(supply, 9),
            nav_per_share_usd: nps,
            max_oracle_age_secs: state.max_oracle_age_secs,
            policy: policy.map_or("not configured".into(), |p| p.to_string()),
            mode: mode.map_or("not configured", |m| m.name()).to_string(),
            last_rebalance_ts: state.round_opened_ts,
            round_ends_ts: state.round_ends_ts,
            now,
            keeper_decision: decision.to_string(),
            assets: rows
                .iter()
                .map(|r| AssetJson {
                    asset: r.0.clone(),
                    reserve: r.1.clone(),
                    value_usd: r.2,
                    weight: r.3,
                    target: r.4,
                    band: r.5,
                    price: r.6,
                    oracle_age_secs: r.7,
                    frozen: r.8,
                })
                .collect(),
            lookup_table: table_json(&table),
            governance: governance_json(&gov, state, &names_all, owed_usd),
        };
        return serde_json::to_string(&json)
            .map_err(|e| CliError(format!("cannot encode the status: {e}")));
    }

    let mut out = String::new();
    let line = |out: &mut String, s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(&mut out, format!("vault    {} on {on}", target.vault));
    line(&mut out, format!("manager  {}", state.manager));
    line(
        &mut out,
        format!(
            "NAV      {}   shares {}   NAV per share {}",
            nav.map_or("unknown (a price is missing)".into(), |n| dollars(wad_f64(
                n
            ))),
            units(supply, 9),
            nps.map_or("-".into(), |x| format!("${x:.6}"))
        ),
    );
    line(&mut out, String::new());
    line(
        &mut out,
        format!(
            "  {:<6} {:>22} {:>14} {:>8} {:>8} {:>8} {:>14} {:>11}",
            "asset", "reserve", "value", "weight", "target", "band", "oracle price", "oracle age"
        ),
    );
    for r in &rows {
        let stale =
            r.7.is_some_and(|age| age > i64::from(state.max_oracle_age_secs));
        let outside = matches!(r.3, Some(w) if (w - r.4).abs() > r.5);
        line(
            &mut out,
            format!(
                "  {:<6} {:>22} {:>14} {:>8} {:>7.2}% {:>7.2}% {:>14} {:>11}{}{}{}",
                r.0,
                r.1,
                r.2.map_or("-".into(), dollars),
                r.3.map_or("-".into(), |w| format!("{:.2}%", w * 100.0)),
                r.4 * 100.0,
                r.5 * 100.0,
                r.6.map_or("missing".into(), |p| format!("{p:.4}")),
                r.7.map_or("-".into(), |a| format!("{a} s")),
                if stale { "  STALE" } else { "" },
                if outside { "  outside band" } else { "" },
                if r.8 { "  FROZEN" } else { "" },
            ),
        );
    }
    line(&mut out, String::new());
    line(
        &mut out,
        format!(
            "policy   {} ({}), max slippage {} bps, swap cap {} bps of NAV, cooldown {} s, oracle age limit {} s",
            policy.map_or("not configured".into(), |p| p.to_string()),
            mode.map_or("-", |m| m.name()),
            cfg.max_slippage_bps,
            cfg.max_swap_bps,
            cfg.cooldown_secs,
            state.max_oracle_age_secs
        ),
    );
    line(
        &mut out,
        if state.round_ends_ts == 0 {
            // No round has opened: the field holds the vault's creation time.
            format!(
                "last rebalance  never (created {})",
                when(state.round_opened_ts, now)
            )
        } else {
            format!("last rebalance  {}", when(state.round_opened_ts, now))
        },
    );
    if now < state.round_ends_ts {
        line(
            &mut out,
            format!(
                "round open until {}",
                ballast_backtest::time::format_time(state.round_ends_ts)
            ),
        );
    } else if state.round_ends_ts != 0 && now < cooldown_until {
        line(
            &mut out,
            format!(
                "cooldown until  {}",
                ballast_backtest::time::format_time(cooldown_until)
            ),
        );
    }
    line(&mut out, format!("keeper now      {decision}"));
    line(&mut out, table_text(&table, &snap.accounts, &names_all));
    line(&mut out, String::new());
    governance_text(&mut out, &gov, state, &names_all, owed_usd);
    Ok(out.trim_end().to_string())
}

impl VaultCommand for Args {
    async fn run<C: CliChain>(&self, session: &Session<C>) -> Result<(), CliError> {
        let target = session.target(self.vault.as_deref())?;
        let text = render(
            &session.chain,
            &target,
            &session.names,
            &session.on,
            self.json,
        )
        .await?;
        println!("{text}");
        Ok(())
    }
}

/// Runs `ballast status`.
pub fn run(args: Args) -> Result<(), CliError> {
    dispatch(&args.chain, None, &args)
}
