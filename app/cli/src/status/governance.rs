//! The governance part of `ballast status`: guardian, timelock, entry spread, fresh-price
//! window, pause flags, the fee and its shares owed now, a running ramp and the queued
//! changes with the time each becomes executable (text and JSON), from
//! `ballast_sdk::governance::Governance`.

use ballast_sdk::governance::{describe, kind_name, utc, Governance};
use serde::Serialize;

use crate::format::{dollars, units};

/// A queued change in `ballast status --json`.
#[derive(Serialize)]
struct PendingJson {
    id: u64,
    kind: &'static str,
    description: String,
    proposer: Option<String>,
    queued_at: Option<i64>,
    executable_at: i64,
    ready: bool,
}

/// A running ramp in `ballast status --json` (weights as fractions, vault order).
#[derive(Serialize)]
struct RampJson {
    start: i64,
    end: i64,
    targets_now: Vec<f64>,
    targets_end: Vec<f64>,
}

/// The governance part of `ballast status --json`.
#[derive(Serialize)]
pub(super) struct GovernanceJson {
    guardian: Option<String>,
    timelock_secs: u32,
    entry_spread_bps: u16,
    fresh_price_secs: u16,
    deposits_paused: bool,
    rebalances_paused: bool,
    management_fee_bps: u16,
    fee_recipient: Option<String>,
    fee_shares_owed: String,
    fee_shares_owed_usd: Option<f64>,
    effective_shares: String,
    ramp: Option<RampJson>,
    pending: Vec<PendingJson>,
    next_change_id: u64,
}

fn fractions(weights: &[u16]) -> Vec<f64> {
    weights.iter().map(|w| f64::from(*w) / 10_000.0).collect()
}

pub(super) fn governance_json(
    gov: &Governance,
    state: &ballast::state::Vault,
    names: &[String],
    owed_usd: Option<f64>,
) -> GovernanceJson {
    GovernanceJson {
        guardian: gov.guardian.map(|k| k.to_string()),
        timelock_secs: gov.timelock_secs,
        entry_spread_bps: gov.entry_spread_bps,
        fresh_price_secs: gov.fresh_price_secs,
        deposits_paused: gov.deposits_paused,
        rebalances_paused: gov.rebalances_paused,
        management_fee_bps: gov.management_fee_bps,
        fee_recipient: gov.fee_recipient.map(|k| k.to_string()),
        fee_shares_owed: units(gov.fee_shares_owed, 9),
        fee_shares_owed_usd: owed_usd,
        effective_shares: units(gov.effective_supply, 9),
        ramp: gov.ramp.as_ref().map(|r| RampJson {
            start: r.start,
            end: r.end,
            targets_now: fractions(&r.now),
            targets_end: fractions(&r.to),
        }),
        pending: gov
            .pending
            .iter()
            .map(|p| PendingJson {
                id: p.id,
                kind: kind_name(p.kind),
                description: p.change().map_or_else(
                    || "account missing".into(),
                    |c| describe(c, Some(state), names),
                ),
                proposer: p.account.as_ref().map(|a| a.proposer.to_string()),
                queued_at: p.account.as_ref().map(|a| a.queued_at),
                executable_at: p.executable_at,
                ready: p.is_ready(gov.now),
            })
            .collect(),
        next_change_id: gov.next_change_id,
    }
}

/// The governance lines of the text status.
pub(super) fn governance_text(
    out: &mut String,
    gov: &Governance,
    state: &ballast::state::Vault,
    names: &[String],
    owed_usd: Option<f64>,
) {
    use crate::govern::{key_or_none, when};
    use ballast_sdk::governance::{duration, weights_text};
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(format!(
        "guardian {}   timelock {}   entry spread {} bps   fresh prices <= {} s (rounds open on <= {} s)",
        key_or_none(gov.guardian),
        duration(i64::from(gov.timelock_secs)),
        gov.entry_spread_bps,
        gov.fresh_price_secs,
        gov.max_oracle_age_secs
    ));
    line(format!(
        "paused   {} (withdrawals never pause)",
        crate::pause::paused_text(gov.deposits_paused, gov.rebalances_paused)
    ));
    line(format!(
        "fee      {} bps a year to {}: {} shares owed now ({}), counted in NAV per share",
        gov.management_fee_bps,
        key_or_none(gov.fee_recipient),
        units(gov.fee_shares_owed, 9),
        owed_usd.map_or("value unknown".into(), dollars)
    ));
    match &gov.ramp {
        Some(r) => {
            line(format!("ramp     {} -> {}", utc(r.start), utc(r.end)));
            line(format!("  targets now     {}", weights_text(&r.now, names)));
            line(format!("  at its end      {}", weights_text(&r.to, names)));
        }
        None => line(format!(
            "targets  {} (no ramp)",
            weights_text(&gov.targets_end, names)
        )),
    }
    if gov.pending.is_empty() {
        line("pending  no queued change".into());
    }
    for p in &gov.pending {
        let text = p.change().map_or_else(
            || "account missing".into(),
            |c| describe(c, Some(state), names),
        );
        line(format!(
            "pending  change {} ({}): {text}",
            p.id,
            kind_name(p.kind)
        ));
        line(format!(
            "  executable at {}",
            when(p.executable_at, gov.now)
        ));
    }
}
