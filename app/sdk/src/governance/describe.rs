//! Descriptions of governance for people: one line per change, times and durations.

use anchor_lang::prelude::Pubkey;
use ballast::constants::{PAUSE_DEPOSITS, PAUSE_REBALANCES};
use ballast::state::{Change, Vault};
use ballast_math::{Policy, TradeTarget};
/// The name of a [`ChangeKind`] as a vault slot stores it.
pub fn kind_name(kind: u8) -> &'static str {
    const NAMES: [&str; 11] = [
        "rules",
        "oracle limits",
        "entry spread",
        "target weights",
        "management fee",
        "fee recipient",
        "guardian",
        "manager",
        "timelock",
        "add asset",
        "unpause",
    ];
    usize::from(kind)
        .checked_sub(1)
        .and_then(|i| NAMES.get(i))
        .copied()
        .unwrap_or("unknown")
}

/// A unix time as `YYYY-MM-DD HH:MM:SS UTC`.
pub fn utc(ts: i64) -> String {
    // H. Hinnant's civil_from_days.
    let (days, rem) = (ts.div_euclid(86_400), ts.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        rem / 3_600,
        rem / 60 % 60,
        rem % 60
    )
}

/// A duration in seconds as `2d 3h`, `45m`, `30s`.
pub fn duration(secs: i64) -> String {
    let s = secs.max(0);
    let (d, h, m) = (s / 86_400, s % 86_400 / 3_600, s % 3_600 / 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, m) => format!("{m}m"),
        (0, h, 0) => format!("{h}h"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, 0, _) => format!("{d}d"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

fn pct(bps: u16) -> String {
    format!("{:.2}%", f64::from(bps) / 100.0)
}

/// Micro-USD as dollars, exactly (cents unless finer).
fn usd(micro: u64) -> String {
    let (whole, frac) = (micro / 1_000_000, micro % 1_000_000);
    if frac % 10_000 == 0 {
        format!("${whole}.{:02}", frac / 10_000)
    } else {
        format!("${whole}.{frac:06}")
    }
}

fn pause_flags(flags: u8) -> String {
    match (flags & PAUSE_DEPOSITS != 0, flags & PAUSE_REBALANCES != 0) {
        (true, true) => "deposits and rebalances".into(),
        (true, false) => "deposits".into(),
        (false, true) => "rebalances".into(),
        (false, false) => "nothing".into(),
    }
}

/// Asset `i`'s label: `names[i]`, else `asset i`.
fn label(names: &[String], i: usize) -> String {
    names
        .get(i)
        .cloned()
        .unwrap_or_else(|| format!("asset {i}"))
}

/// Target weights as `SOL 40.00%, BTC 30.00%, ...`.
pub fn weights_text(weights: &[u16], names: &[String]) -> String {
    let parts: Vec<String> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| format!("{} {}", label(names, i), pct(*w)))
        .collect();
    parts.join(", ")
}

/// A one-line description of `change` (`names` labels the vault's assets, in order). With
/// the vault as it is (`current`), rules and oracle limits show what they change
/// (`max slippage 100 -> 1000 bps`), and the fee, spread and timelock their old value.
pub fn describe(change: &Change, current: Option<&Vault>, names: &[String]) -> String {
    match change {
        Change::Rebalance(rules) => {
            let policy = Policy::from_bytes(&rules.policy)
                .map_or_else(|_| "an invalid policy".into(), |p| p.to_string());
            let mode =
                TradeTarget::from_u8(rules.trade_target).map_or("invalid mode", |m| m.name());
            let dexes: Vec<String> = rules
                .dex_allowlist
                .iter()
                .map(ToString::to_string)
                .collect();
            let all = format!(
                "rules: policy {policy} ({mode}), DEXes [{}], slippage {}..{} bps over {} s, \
                 swaps at most {} of NAV and at least {}, cooldown {}, keeper reward {} bps \
                 capped at {} a round",
                dexes.join(", "),
                rules.auction_start_bps,
                rules.max_slippage_bps,
                rules.auction_secs,
                pct(rules.max_swap_bps),
                usd(rules.min_notional_micro_usd),
                duration(i64::from(rules.cooldown_secs)),
                rules.keeper_reward_bps,
                usd(rules.keeper_reward_cap_micro_usd),
            );
            match current {
                Some(vault) => rules_diff(rules, vault).unwrap_or(all),
                None => all,
            }
        }
        Change::OracleLimits {
            max_oracle_age_secs,
            max_conf_bps,
            fresh_price_secs,
        } => {
            let mut text = format!(
                "oracle limits: prices at most {max_oracle_age_secs} s old to open a round, \
                 {fresh_price_secs} s for deposits and swaps, confidence at most {max_conf_bps} bps"
            );
            if let Some(v) = current {
                text.push_str(&format!(
                    " (was {} s, {} s, {} bps)",
                    v.max_oracle_age_secs, v.fresh_price_secs, v.max_conf_bps
                ));
            }
            text
        }
        Change::EntrySpread { entry_spread_bps } => format!(
            "entry spread {entry_spread_bps} bps{}",
            current.map_or(String::new(), |v| format!(" (was {})", v.entry_spread_bps))
        ),
        Change::TargetWeights {
            weights,
            ramp_start,
            ramp_end,
        } => format!(
            "target weights {}, ramped over {} from {}",
            weights_text(weights, names),
            duration(ramp_end.saturating_sub(*ramp_start)),
            utc(*ramp_start)
        ),
        Change::ManagementFee { fee_bps } => format!(
            "management fee {fee_bps} bps a year{}",
            current.map_or(String::new(), |v| format!(
                " (was {})",
                v.management_fee_bps
            ))
        ),
        Change::FeeRecipient { recipient } => format!("fee recipient {recipient}"),
        Change::Guardian { guardian } if *guardian == Pubkey::default() => "no guardian".into(),
        Change::Guardian { guardian } => format!("guardian {guardian}"),
        Change::Manager { new_manager } => {
            format!("hand the vault to manager {new_manager} (who executes it to accept)")
        }
        Change::Timelock { timelock_secs } => format!(
            "timelock {}{}",
            duration(i64::from(*timelock_secs)),
            current.map_or(String::new(), |v| format!(
                " (was {})",
                duration(i64::from(v.timelock_secs))
            ))
        ),
        Change::AddAsset { mint, feed_id } => {
            let feed: String = feed_id[..4].iter().map(|b| format!("{b:02x}")).collect();
            format!("add asset {mint} (price feed 0x{feed}..) at target weight 0")
        }
        Change::Unpause { flags } => format!("unpause {}", pause_flags(*flags)),
    }
}

/// What new rules change against the vault's, or `None` when nothing does.
fn rules_diff(rules: &ballast::state::RebalanceRules, vault: &Vault) -> Option<String> {
    let old = &vault.rebalance;
    let mut parts = Vec::new();
    if rules.policy != old.policy {
        let show = |b: &[u8; 32]| Policy::from_bytes(b).map_or("none".into(), |p| p.to_string());
        parts.push(format!(
            "policy {} -> {}",
            show(&old.policy),
            show(&rules.policy)
        ));
    }
    if rules.trade_target != old.trade_target {
        let show = |m: u8| TradeTarget::from_u8(m).map_or("none", |m| m.name());
        parts.push(format!(
            "mode {} -> {}",
            show(old.trade_target),
            show(rules.trade_target)
        ));
    }
    let added: Vec<String> = rules
        .dex_allowlist
        .iter()
        .filter(|d| !old.allows_dex(d))
        .map(ToString::to_string)
        .collect();
    let removed: Vec<String> = old
        .dex_allowlist
        .iter()
        .filter(|d| **d != Pubkey::default() && !rules.dex_allowlist.contains(d))
        .map(ToString::to_string)
        .collect();
    if !added.is_empty() {
        parts.push(format!("DEX allowlist adds {}", added.join(", ")));
    }
    if !removed.is_empty() {
        parts.push(format!("DEX allowlist removes {}", removed.join(", ")));
    }
    let bps = |x: u16| format!("{x} bps");
    let secs = |x: u32| duration(i64::from(x));
    let numbers = [
        (
            "max slippage",
            bps(old.max_slippage_bps),
            bps(rules.max_slippage_bps),
        ),
        (
            "auction start",
            bps(old.auction_start_bps),
            bps(rules.auction_start_bps),
        ),
        ("auction", secs(old.auction_secs), secs(rules.auction_secs)),
        ("swap cap", pct(old.max_swap_bps), pct(rules.max_swap_bps)),
        (
            "min swap",
            usd(old.min_notional_micro_usd),
            usd(rules.min_notional_micro_usd),
        ),
        (
            "cooldown",
            secs(old.cooldown_secs),
            secs(rules.cooldown_secs),
        ),
        (
            "keeper reward",
            bps(old.keeper_reward_bps),
            bps(rules.keeper_reward_bps),
        ),
        (
            "keeper reward cap",
            usd(old.keeper_reward_cap_micro_usd),
            usd(rules.keeper_reward_cap_micro_usd),
        ),
    ];
    for (name, old, new) in numbers {
        if old != new {
            parts.push(format!("{name} {old} -> {new}"));
        }
    }
    (!parts.is_empty()).then(|| format!("rules: {}", parts.join(", ")))
}
