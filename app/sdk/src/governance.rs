//! Governance as a client sees it: the queued changes of a vault (its `pending_changes`
//! slots and their `PendingChange` accounts) with the time each becomes executable, whether
//! a change would apply at once or wait for the timelock, one-line descriptions of changes,
//! the target weights now and at the end of a ramp, and the management fee's shares owed
//! now.
//!
//! Every answer comes from the program's own code, so a client cannot disagree with the
//! program: [`Change::validate`] and [`Change::only_reduces_risk`] decide what applies at
//! once (with `apply_change`'s "no shares outstanding" rule), [`Vault::targets_at`]
//! (`ballast_math::ramp::weights_at`) gives the targets at any time, and
//! [`Vault::settle_fees`] (`ballast_math::fees`) settles the fee on a copy of the vault,
//! exactly as the next deposit, withdrawal or `collect_fees` would at the same clock.

use anchor_lang::prelude::Pubkey;
use anchor_lang::{AccountDeserialize, Discriminator};
use ballast::constants::{PAUSE_DEPOSITS, PAUSE_REBALANCES};
use ballast::state::{Change, ChangeKind, PendingChange, Vault};
use ballast_math::{Policy, TradeTarget};
use solana_account::Account;

use crate::chain::{require_account, Chain};
use crate::error::{SdkError, SdkResult};
use crate::pda;
use crate::state::{decode_mint, decode_vault};

/// Decodes a `PendingChange` account: owner Ballast, its Anchor discriminator, then Borsh.
pub fn decode_pending_change(address: &Pubkey, account: &Account) -> SdkResult<PendingChange> {
    let invalid = |reason: String| SdkError::InvalidAccount {
        address: *address,
        expected: "Ballast pending change",
        reason,
    };
    if account.owner != ballast::ID {
        return Err(invalid(format!("owner is {}", account.owner)));
    }
    if !account.data.starts_with(PendingChange::DISCRIMINATOR) {
        return Err(invalid("wrong discriminator".into()));
    }
    PendingChange::try_deserialize(&mut account.data.as_slice()).map_err(|e| invalid(e.to_string()))
}

/// A queued change of a vault.
#[derive(Clone, Debug)]
pub struct Pending {
    /// Its id (the seed of its account, what `ballast execute --id` takes).
    pub id: u64,
    /// Its `PendingChange` account.
    pub address: Pubkey,
    /// When anyone may execute it (the vault's slot).
    pub executable_at: i64,
    /// Its kind as the vault's slot records it.
    pub kind: u8,
    /// The account's contents (`None` if the account is missing, which a consistent vault
    /// never shows).
    pub account: Option<PendingChange>,
}

impl Pending {
    /// Whether its timelock has passed at `now`.
    pub fn is_ready(&self, now: i64) -> bool {
        now >= self.executable_at
    }

    /// The change, when its account was read.
    pub fn change(&self) -> Option<&Change> {
        self.account.as_ref().map(|a| &a.change)
    }
}

/// The queued changes of `vault` (read from the chain), soonest executable first.
pub async fn pending_changes<C: Chain>(chain: &C, vault: &Pubkey) -> SdkResult<Vec<Pending>> {
    let state = decode_vault(vault, &require_account(chain, vault).await?)?;
    pending_changes_of(chain, vault, &state).await
}

/// The queued changes of the decoded `state` of `vault`: its used `pending_changes` slots and
/// their accounts (one request), soonest executable first, then by id.
pub async fn pending_changes_of<C: Chain>(
    chain: &C,
    vault: &Pubkey,
    state: &Vault,
) -> SdkResult<Vec<Pending>> {
    let slots: Vec<_> = state.pending_changes.iter().filter(|s| s.id != 0).collect();
    let addresses: Vec<Pubkey> = slots.iter().map(|s| pda::change(vault, s.id)).collect();
    let accounts = chain.get_multiple_accounts(&addresses).await?;
    let mut out = Vec::with_capacity(slots.len());
    for ((slot, address), account) in slots.iter().zip(addresses).zip(accounts) {
        let account = match account {
            Some(a) => Some(decode_pending_change(&address, &a)?),
            None => None,
        };
        out.push(Pending {
            id: slot.id,
            address,
            executable_at: slot.executable_at,
            kind: slot.kind,
            account,
        });
    }
    out.sort_by_key(|p| (p.executable_at, p.id));
    Ok(out)
}

/// The id the next queued change of `vault` gets (the seed of its account).
pub fn next_change_id(vault: &Vault) -> u64 {
    vault.next_change_id
}

/// Why a change may apply at once (`apply_change`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AtOnce {
    /// It can only reduce the holders' risk (`Change::only_reduces_risk`).
    OnlyReducesRisk,
    /// No shares exist (no supply, no fee shares owed): nobody to protect.
    NoSharesOutstanding,
}

impl std::fmt::Display for AtOnce {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            AtOnce::OnlyReducesRisk => "it can only reduce the holders' risk",
            AtOnce::NoSharesOutstanding => "no shares are outstanding",
        })
    }
}

/// A program error (from the program's own checks run here) as an SDK error naming it.
pub fn program_error(e: anchor_lang::error::Error) -> SdkError {
    match e {
        anchor_lang::error::Error::AnchorError(a) => {
            SdkError::InvalidInput(format!("{}: {}", a.error_name, a.error_msg))
        }
        other => SdkError::InvalidInput(other.to_string()),
    }
}

/// Whether `change` would apply at once on `vault` whose share mint holds `mint_supply`
/// (`Some` with the reason) or must be queued (`None`), by `apply_change`'s own rule. A
/// change the program would refuse either way is an error naming the program's check
/// (`Change::validate`: `WeightsDoNotSum`, `FeeAboveCap`, ...).
pub fn applies_at_once(
    change: &Change,
    vault: &Vault,
    mint_supply: u64,
) -> SdkResult<Option<AtOnce>> {
    change.validate(vault).map_err(program_error)?;
    if change.only_reduces_risk(vault).map_err(program_error)? {
        return Ok(Some(AtOnce::OnlyReducesRisk));
    }
    let nobody = mint_supply == 0 && vault.fee_shares_owed == 0;
    Ok((nobody && change.kind() != ChangeKind::AddAsset).then_some(AtOnce::NoSharesOutstanding))
}

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

/// A target-weight ramp that has not ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RampView {
    /// When it starts (it may not have yet).
    pub start: i64,
    /// When the targets reach `to`.
    pub end: i64,
    /// The targets at and before `start`, bps.
    pub from: Vec<u16>,
    /// The targets at the moment asked, bps (`Vault::targets_at`).
    pub now: Vec<u16>,
    /// The targets at and after `end`, bps.
    pub to: Vec<u16>,
}

/// The running (or scheduled) ramp of `vault` at `now`, `None` once it has ended.
pub fn ramp(vault: &Vault, now: i64) -> SdkResult<Option<RampView>> {
    if now >= vault.ramp_end_ts {
        return Ok(None);
    }
    let assets = vault.assets();
    Ok(Some(RampView {
        start: vault.ramp_start_ts,
        end: vault.ramp_end_ts,
        from: assets.iter().map(|a| a.ramp_from_bps).collect(),
        now: targets_at(vault, now)?,
        to: assets.iter().map(|a| a.target_weight_bps).collect(),
    }))
}

/// The target weights of `vault` at `now`, bps, in vault order (the program's
/// `Vault::targets_at`, hence `ballast_math::ramp::weights_at`).
pub fn targets_at(vault: &Vault, now: i64) -> SdkResult<Vec<u16>> {
    vault.targets_at(now).map_err(program_error)
}

/// The target weights at the end of the current ramp (the stored targets).
pub fn final_targets(vault: &Vault) -> Vec<u16> {
    vault.assets().iter().map(|a| a.target_weight_bps).collect()
}

/// The management fee's shares owed at `now` (those already owed plus what accrued since
/// the last settlement on the effective supply), settled by the program's own
/// `Vault::settle_fees` on a copy of `vault` whose share mint holds `mint_supply`.
pub fn fee_shares_owed_at(vault: &Vault, mint_supply: u64, now: i64) -> SdkResult<u64> {
    let mut copy = *vault;
    copy.settle_fees(now, mint_supply).map_err(program_error)?;
    Ok(copy.fee_shares_owed)
}

/// The supply every share price counts at `now`: the mint's plus the fee shares owed then.
pub fn effective_supply_at(vault: &Vault, mint_supply: u64, now: i64) -> SdkResult<u64> {
    let mut copy = *vault;
    copy.settle_fees(now, mint_supply).map_err(program_error)
}

/// A vault's governance at one moment, as `ballast status` shows it.
#[derive(Clone, Debug)]
pub struct Governance {
    /// The cluster time it was read at.
    pub now: i64,
    /// The manager.
    pub manager: Pubkey,
    /// The guardian, if any.
    pub guardian: Option<Pubkey>,
    /// The fee recipient, if any.
    pub fee_recipient: Option<Pubkey>,
    /// Seconds a queued change waits.
    pub timelock_secs: u32,
    /// Annual management fee, bps.
    pub management_fee_bps: u16,
    /// Entry spread, bps.
    pub entry_spread_bps: u16,
    /// Oldest price a deposit or swap may use, seconds.
    pub fresh_price_secs: u16,
    /// Oldest price `open_round` accepts, seconds.
    pub max_oracle_age_secs: u32,
    /// Whether deposits are paused.
    pub deposits_paused: bool,
    /// Whether rebalances are paused.
    pub rebalances_paused: bool,
    /// The share mint's supply.
    pub mint_supply: u64,
    /// Fee shares owed at `now` ([`fee_shares_owed_at`]).
    pub fee_shares_owed: u64,
    /// `mint_supply + fee_shares_owed`: what every share price counts.
    pub effective_supply: u64,
    /// Targets at `now`, bps.
    pub targets_now: Vec<u16>,
    /// Targets at the end of the ramp, bps.
    pub targets_end: Vec<u16>,
    /// The ramp, while one has not ended.
    pub ramp: Option<RampView>,
    /// The queued changes, soonest first.
    pub pending: Vec<Pending>,
    /// The id of the next queued change.
    pub next_change_id: u64,
}

impl Governance {
    /// The governance of `vault` (decoded) at `now`, its share mint holding `mint_supply`,
    /// with its `pending` changes.
    pub fn of(vault: &Vault, mint_supply: u64, now: i64, pending: Vec<Pending>) -> SdkResult<Self> {
        let some = |k: Pubkey| (k != Pubkey::default()).then_some(k);
        let fee_shares_owed = fee_shares_owed_at(vault, mint_supply, now)?;
        Ok(Governance {
            now,
            manager: vault.manager,
            guardian: some(vault.guardian),
            fee_recipient: some(vault.fee_recipient),
            timelock_secs: vault.timelock_secs,
            management_fee_bps: vault.management_fee_bps,
            entry_spread_bps: vault.entry_spread_bps,
            fresh_price_secs: vault.fresh_price_secs,
            max_oracle_age_secs: vault.max_oracle_age_secs,
            deposits_paused: vault.is_paused(PAUSE_DEPOSITS),
            rebalances_paused: vault.is_paused(PAUSE_REBALANCES),
            mint_supply,
            fee_shares_owed,
            effective_supply: mint_supply.saturating_add(fee_shares_owed),
            targets_now: targets_at(vault, now)?,
            targets_end: final_targets(vault),
            ramp: ramp(vault, now)?,
            pending,
            next_change_id: next_change_id(vault),
        })
    }
}

/// Reads `vault`, its share mint, the clock and its queued changes: the vault and its
/// [`Governance`] now.
pub async fn read_governance<C: Chain>(
    chain: &C,
    vault: &Pubkey,
) -> SdkResult<(Vault, Governance)> {
    let state = decode_vault(vault, &require_account(chain, vault).await?)?;
    let mint = require_account(chain, &state.share_mint).await?;
    let supply = decode_mint(&state.share_mint, &mint)?.supply;
    let now = chain.get_clock().await?.unix_timestamp;
    let pending = pending_changes_of(chain, vault, &state).await?;
    let governance = Governance::of(&state, supply, now, pending)?;
    Ok((state, governance))
}

#[cfg(test)]
#[path = "governance_tests.rs"]
mod tests;
