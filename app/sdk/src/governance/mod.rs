//! Governance as a client sees it: the queued changes of a vault (its `pending_changes`
//! slots and their `PendingChange` accounts) with the time each becomes executable, whether
//! a change would apply at once or wait for the timelock, one-line descriptions of changes,
//! the target weights now and at the end of a ramp, and the management fee's shares owed
//! now.
//!
//! Every answer comes from the program's own code, so a client cannot disagree with the
//! program: [`Change::at_once`] (the predicate `apply_change` enforces) decides what
//! applies at once, [`Vault::targets_at`]
//! (`ballast_math::ramp::weights_at`) gives the targets at any time, and
//! [`Vault::settle_fees`] (`ballast_math::fees`) settles the fee on a copy of the vault,
//! exactly as the next deposit, withdrawal or `collect_fees` would at the same clock.

use anchor_lang::prelude::Pubkey;
use anchor_lang::{AccountDeserialize, Discriminator};
use ballast::constants::{PAUSE_DEPOSITS, PAUSE_REBALANCES};
use ballast::state::{Change, PendingChange, Vault};
use solana_account::Account;

use crate::chain::{require_account, Chain};
use crate::error::{SdkError, SdkResult};
use crate::pda;
use crate::state::{decode_mint, decode_vault};

mod describe;

pub use describe::{describe, duration, kind_name, utc, weights_text};

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

/// How many ids below `next_change_id` [`discardable_changes`] looks back for changes a
/// handover voided (a handover voids at most `MAX_PENDING_CHANGES`, all queued before it).
pub const VOIDED_LOOKBACK: u64 = 32;

/// A change account that cannot execute, which anyone may close (`discard_change`).
#[derive(Clone, Debug)]
pub struct Discardable {
    /// Its id.
    pub id: u64,
    /// Its `PendingChange` account.
    pub address: Pubkey,
    /// Its contents (its `proposer` gets the rent back).
    pub account: PendingChange,
    /// `true` when a handover voided it (it holds no slot), `false` when it holds a slot but
    /// no longer fits the vault (`Change::validate` fails, as the program checks).
    pub voided: bool,
}

/// The changes of the decoded `state` of `vault` that `discard_change` would close: queued
/// ones that no longer fit the vault, and accounts among the last [`VOIDED_LOOKBACK`] ids that
/// hold no slot (voided by a handover). One request for the accounts.
pub async fn discardable_changes<C: Chain>(
    chain: &C,
    vault: &Pubkey,
    state: &Vault,
) -> SdkResult<Vec<Discardable>> {
    let first = state.next_change_id.saturating_sub(VOIDED_LOOKBACK).max(1);
    let ids: Vec<u64> = (first..state.next_change_id).collect();
    let addresses: Vec<Pubkey> = ids.iter().map(|id| pda::change(vault, *id)).collect();
    let accounts = chain.get_multiple_accounts(&addresses).await?;
    let mut out = Vec::new();
    for ((id, address), account) in ids.into_iter().zip(addresses).zip(accounts) {
        let Some(account) = account else { continue };
        let account = decode_pending_change(&address, &account)?;
        let voided = !state.is_pending(id);
        if voided || account.change.validate(state).is_err() {
            out.push(Discardable {
                id,
                address,
                account,
                voided,
            });
        }
    }
    Ok(out)
}

/// The id the next queued change of `vault` gets (the seed of its account).
pub fn next_change_id(vault: &Vault) -> u64 {
    vault.next_change_id
}

/// Why a change may apply at once (`apply_change`): the program's own type.
pub use ballast::state::AtOnce;

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
/// (`Some` with the reason) or must be queued (`None`): the program's own predicate,
/// `Change::at_once`, which `apply_change` enforces. A change the program would refuse
/// either way is an error naming the program's check (`Change::validate`:
/// `WeightsDoNotSum`, `FeeAboveCap`, ...).
pub fn applies_at_once(
    change: &Change,
    vault: &Vault,
    mint_supply: u64,
) -> SdkResult<Option<AtOnce>> {
    change.at_once(vault, mint_supply).map_err(program_error)
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
mod tests;
