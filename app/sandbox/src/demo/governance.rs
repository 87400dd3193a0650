//! The demo's governance, as a manager and its holders live it: on day 0 the manager names
//! its own share account fee recipient (at once: it can only reduce risk), queues a
//! management fee and one change of target weights with its ramp (both wait for the
//! vault's timelock); on the first day the timelock has passed anyone executes them (the
//! ramp starts then, and the keeper follows the moving targets); at the end anyone collects
//! the fee's shares. What happened is the report's [`GovernanceReport`].

use ballast::state::Change;
use ballast_sdk::governance::{describe, effective_supply_at};
use ballast_sdk::ix::{ApplyChange, CollectFees, ExecuteChange, QueueChange};
use ballast_sdk::{Keypair, Pubkey, SdkResult, Signer};

use super::report::GovernanceReport;
use super::wallets::World;

/// The management fee the demo's manager charges, bps a year.
pub const DEMO_FEE_BPS: u16 = 100;

/// Most basis points the demo's change moves from the first asset to the last.
const MOVED_BPS: u16 = 1_000;

/// Longest ramp of the demo's change, days (shorter runs ramp over an eighth of their days,
/// at least one).
const MAX_RAMP_DAYS: i64 = 14;

/// The demo's new targets: up to 10 points (at most half its weight) from the first asset
/// to the last.
pub fn new_targets(targets: &[u16]) -> Vec<u16> {
    let mut out = targets.to_vec();
    let moved = (out[0] / 2).min(MOVED_BPS);
    out[0] -= moved;
    let last = out.len() - 1;
    out[last] += moved;
    out
}

/// What the demo's governance did so far.
pub(super) struct Governance {
    manager: Keypair,
    /// Anyone: executes the changes and collects the fee.
    anyone: Keypair,
    fee_recipient: Pubkey,
    fee_id: u64,
    weights_id: u64,
    executed: bool,
    report: GovernanceReport,
}

impl Governance {
    /// Day 0: the fee recipient, then the fee and the new weights queued. `days`: the
    /// run's length (the ramp lasts an eighth of it, 1 to 14 days).
    pub(super) fn queue(world: &World<'_>, names: &[String], days: usize) -> SdkResult<Self> {
        let chain = world.chain;
        let vault = world.vault.vault();
        let manager = world.vault.manager.insecure_clone();
        let state = world.state()?;
        let now = chain.now();
        let fee_recipient = chain.create_token_account(&state.share_mint, &manager.pubkey())?;
        let recipient = Change::FeeRecipient {
            recipient: fee_recipient,
        };
        chain.send(
            &[ApplyChange::new(&manager.pubkey(), &vault, recipient).instruction()],
            &[&manager],
        )?;
        let before: Vec<u16> = state.assets().iter().map(|a| a.target_weight_bps).collect();
        let after = new_targets(&before);
        let ramp_days = i64::try_from(days / 8)
            .unwrap_or(MAX_RAMP_DAYS)
            .clamp(1, MAX_RAMP_DAYS);
        let ramp_start = now + i64::from(state.timelock_secs);
        let weights = Change::TargetWeights {
            weights: after.clone(),
            ramp_start,
            ramp_end: ramp_start + ramp_days * 86_400,
        };
        let change = describe(&weights, Some(&state), names);
        let fee = Change::ManagementFee {
            fee_bps: DEMO_FEE_BPS,
        };
        let (fee_id, weights_id) = (state.next_change_id, state.next_change_id + 1);
        chain.send(
            &[
                QueueChange::new(&manager.pubkey(), &vault, fee_id, fee).instruction(),
                QueueChange::new(&manager.pubkey(), &vault, weights_id, weights).instruction(),
            ],
            &[&manager],
        )?;
        let fractions = |w: &[u16]| w.iter().map(|x| f64::from(*x) / 10_000.0).collect();
        Ok(Governance {
            manager,
            anyone: chain.funded_keypair()?,
            fee_recipient,
            fee_id,
            weights_id,
            executed: false,
            report: GovernanceReport {
                timelock_secs: state.timelock_secs,
                change,
                targets_before: fractions(&before),
                targets_after: fractions(&after),
                queued_day: 0,
                queued_at: now,
                executable_at: ramp_start,
                executed_day: None,
                executed_at: None,
                ramp_start,
                ramp_end: ramp_start + ramp_days * 86_400,
                rounds_during_ramp: 0,
                management_fee_bps: DEMO_FEE_BPS,
                fee_shares_collected: 0,
                fee_collected_usd: 0.0,
                fee_collected_day: 0,
                nav_per_share_end_without_fee: 0.0,
            },
        })
    }

    /// Day `t`, before the keeper: executes the queued changes once their time has come.
    pub(super) fn on_day(&mut self, world: &World<'_>, t: usize) -> SdkResult<()> {
        let now = world.chain.now();
        if self.executed || now < self.report.executable_at {
            return Ok(());
        }
        let vault = world.vault.vault();
        let by = self.anyone.pubkey();
        let proposer = self.manager.pubkey();
        world.chain.send(
            &[
                ExecuteChange::new(&by, &vault, self.fee_id, &proposer).instruction(),
                ExecuteChange::new(&by, &vault, self.weights_id, &proposer).instruction(),
            ],
            &[&self.anyone],
        )?;
        let state = world.state()?;
        self.report.ramp_start = state.ramp_start_ts;
        self.report.ramp_end = state.ramp_end_ts;
        self.report.executed_day = Some(t);
        self.report.executed_at = Some(now);
        self.executed = true;
        Ok(())
    }

    /// The end (day `t`, NAV per share `nps` net of the fee, rounds on `round_times`):
    /// anyone collects the fee's shares; the report.
    pub(super) fn finish(
        mut self,
        world: &World<'_>,
        t: usize,
        nps: f64,
        round_times: &[i64],
    ) -> SdkResult<GovernanceReport> {
        let chain = world.chain;
        let before = chain.token_balance(&self.fee_recipient);
        let collect = CollectFees::new(&world.vault.vault(), &self.fee_recipient);
        // Anyone may collect: the chain's payer sends it.
        chain.send(&[collect.instruction()], &[])?;
        let shares = chain.token_balance(&self.fee_recipient) - before;
        let r = &mut self.report;
        r.fee_shares_collected = shares;
        r.fee_collected_usd = shares as f64 / 1e9 * nps;
        r.fee_collected_day = t;
        // The same NAV over the shares without the fee's.
        let supply = world.supply()?;
        r.nav_per_share_end_without_fee = nps * (supply as f64 + world.virtual_shares())
            / ((supply - shares) as f64 + world.virtual_shares());
        // A round of the last day of the ramp still moves toward its end.
        r.rounds_during_ramp = round_times
            .iter()
            .filter(|&&at| at > r.ramp_start && at <= r.ramp_end + 86_400)
            .count();
        Ok(self.report)
    }
}

/// The supply every share price of `world`'s vault counts now: the mint's plus the fee
/// shares owed (settled to now by the program's own `settle_fees`).
pub(super) fn effective_supply(world: &World<'_>, mint_supply: u64) -> SdkResult<u64> {
    effective_supply_at(&world.state()?, mint_supply, world.chain.now())
}
