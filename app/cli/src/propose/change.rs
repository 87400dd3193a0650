//! The program's `Change` each `ballast propose` subcommand builds against the vault as it
//! is (what is not given stays as it is).

use ballast::state::{Change, RebalanceConfig, RebalanceRules, Vault};
use ballast_backtest::time::{parse_duration, parse_time};
use ballast_math::{Policy, TradeTarget};
use ballast_sdk::ix::{self, SHARE_TOKEN_PROGRAM};
use ballast_sdk::state::{decode_mint, decode_price_update, decode_token_account};
use ballast_sdk::{Instruction, Pubkey};

use super::args::{AddAssetArgs, ChangeArgs, FeeRecipientArgs, OracleArgs, RulesArgs, WeightsArgs};
use super::ProposeArgs;
use crate::format::{parse_amount, parse_pubkey};
use crate::session::{sdk, CliChain, Session};
use crate::CliError;

/// What a change is built against.
pub struct Context<'a> {
    /// The vault as it is.
    pub state: &'a Vault,
    /// Its asset names, in vault order.
    pub names: &'a [String],
    /// Whether weights are given by position (a cluster's unnamed assets).
    pub positional: bool,
    /// Who signs.
    pub signer: Pubkey,
    /// The earliest ramp start the program accepts (now when the change applies at once,
    /// else when it may execute).
    pub earliest_start: i64,
    /// The ramp start when none is given (a queued change's leaves the clock room to move
    /// while the transaction travels).
    pub default_start: i64,
}

impl ChangeArgs {
    /// The arguments every change shares.
    pub fn common(&self) -> &ProposeArgs {
        match self {
            ChangeArgs::Rules(a) => &a.common,
            ChangeArgs::Oracle(a) => &a.common,
            ChangeArgs::EntrySpread(a) | ChangeArgs::Fee(a) => &a.common,
            ChangeArgs::Weights(a) => &a.common,
            ChangeArgs::FeeRecipient(a) => &a.common,
            ChangeArgs::Guardian(a) => &a.common,
            ChangeArgs::Manager(a) => &a.common,
            ChangeArgs::Timelock(a) => &a.common,
            ChangeArgs::AddAsset(a) => &a.common,
            ChangeArgs::Unpause(a) => &a.common,
        }
    }

    /// The change, with any instruction that must come before it (creating the fee
    /// recipient's account).
    pub async fn build<C: CliChain>(
        &self,
        session: &Session<C>,
        cx: &Context<'_>,
    ) -> Result<(Change, Vec<Instruction>), CliError> {
        let change = match self {
            ChangeArgs::Rules(a) => Change::Rebalance(a.rules(&cx.state.rebalance)?),
            ChangeArgs::Oracle(a) => a.change(cx.state)?,
            ChangeArgs::EntrySpread(a) => Change::EntrySpread {
                entry_spread_bps: a.bps,
            },
            ChangeArgs::Weights(a) => a.change(cx)?,
            ChangeArgs::Fee(a) => Change::ManagementFee { fee_bps: a.bps },
            ChangeArgs::FeeRecipient(a) => return a.change(session, cx).await,
            ChangeArgs::Guardian(a) => Change::Guardian {
                guardian: match &a.key {
                    Some(k) => parse_pubkey("--key", k)?,
                    None => Pubkey::default(),
                },
            },
            ChangeArgs::Manager(a) => Change::Manager {
                new_manager: parse_pubkey("--new", &a.new_manager)?,
            },
            ChangeArgs::Timelock(a) => Change::Timelock {
                timelock_secs: parse_secs("--timelock", &a.timelock)?,
            },
            ChangeArgs::AddAsset(a) => a.change(session).await?,
            ChangeArgs::Unpause(a) => Change::Unpause {
                flags: match (a.deposits, a.rebalances) {
                    (false, false) | (true, true) => ballast::constants::PAUSE_ALL,
                    (true, false) => ballast::constants::PAUSE_DEPOSITS,
                    (false, true) => ballast::constants::PAUSE_REBALANCES,
                },
            },
        };
        Ok((change, Vec::new()))
    }
}

/// A duration argument (`1h`, `3600`, `0`) in seconds.
fn parse_secs(arg: &str, text: &str) -> Result<u32, CliError> {
    let secs = if text.trim() == "0" {
        Some(0)
    } else {
        parse_duration(text)
    };
    secs.and_then(|s| u32::try_from(s).ok()).ok_or_else(|| {
        CliError::arg(
            arg,
            format!("'{text}' is not a duration (`90s`, `15m`, `1h`, `7d`)"),
        )
    })
}

/// Dollars as micro-USD.
fn parse_usd(arg: &str, text: &str) -> Result<u64, CliError> {
    parse_amount(arg, text, 6)
}

/// The rules a configuration was built from (`RebalanceRules::to_config` reversed).
fn rules_of(c: &RebalanceConfig) -> RebalanceRules {
    RebalanceRules {
        policy: c.policy,
        trade_target: c.trade_target,
        dex_allowlist: c
            .dex_allowlist
            .iter()
            .filter(|d| **d != Pubkey::default())
            .copied()
            .collect(),
        max_slippage_bps: c.max_slippage_bps,
        auction_start_bps: c.auction_start_bps,
        auction_secs: c.auction_secs,
        max_swap_bps: c.max_swap_bps,
        min_notional_micro_usd: c.min_notional_micro_usd,
        cooldown_secs: c.cooldown_secs,
        keeper_reward_bps: c.keeper_reward_bps,
        keeper_reward_cap_micro_usd: c.keeper_reward_cap_micro_usd,
    }
}

fn keys(arg: &str, list: &[String]) -> Result<Vec<Pubkey>, CliError> {
    list.iter().map(|k| parse_pubkey(arg, k)).collect()
}

impl RulesArgs {
    /// The vault's rules with the given ones changed.
    fn rules(&self, current: &RebalanceConfig) -> Result<RebalanceRules, CliError> {
        let mut r = rules_of(current);
        let before = r.clone();
        if let Some(p) = &self.policy {
            let policy: Policy = p.parse().map_err(|e| CliError::arg("--policy", e))?;
            r.policy = policy.to_bytes();
        }
        if let Some(m) = &self.mode {
            let mode: TradeTarget = m.parse().map_err(|e| CliError::arg("--mode", e))?;
            r.trade_target = mode.to_u8();
        }
        r.max_slippage_bps = self.max_slippage_bps.unwrap_or(r.max_slippage_bps);
        r.auction_start_bps = self.auction_start_bps.unwrap_or(r.auction_start_bps);
        r.auction_secs = self.auction_secs.unwrap_or(r.auction_secs);
        r.max_swap_bps = self.max_swap_bps.unwrap_or(r.max_swap_bps);
        r.keeper_reward_bps = self.keeper_reward_bps.unwrap_or(r.keeper_reward_bps);
        if let Some(t) = &self.min_notional_usd {
            r.min_notional_micro_usd = parse_usd("--min-notional-usd", t)?;
        }
        if let Some(t) = &self.keeper_reward_cap_usd {
            r.keeper_reward_cap_micro_usd = parse_usd("--keeper-reward-cap-usd", t)?;
        }
        if let Some(t) = &self.cooldown {
            r.cooldown_secs = parse_secs("--cooldown", t)?;
        }
        if !self.dex.is_empty() {
            r.dex_allowlist = keys("--dex", &self.dex)?;
        }
        for d in keys("--add-dex", &self.add_dex)? {
            if !r.dex_allowlist.contains(&d) {
                r.dex_allowlist.push(d);
            }
        }
        let remove = keys("--remove-dex", &self.remove_dex)?;
        r.dex_allowlist.retain(|d| !remove.contains(d));
        if r == before {
            return Err(CliError::arg(
                "propose rules",
                "nothing changes: give at least one rule with a new value",
            ));
        }
        Ok(r)
    }
}

impl OracleArgs {
    fn change(&self, v: &Vault) -> Result<Change, CliError> {
        if self.max_oracle_age.is_none()
            && self.max_conf_bps.is_none()
            && self.fresh_price_secs.is_none()
        {
            return Err(CliError::arg(
                "propose oracle",
                "give --max-oracle-age, --max-conf-bps or --fresh-price-secs",
            ));
        }
        Ok(Change::OracleLimits {
            max_oracle_age_secs: self.max_oracle_age.unwrap_or(v.max_oracle_age_secs),
            max_conf_bps: self.max_conf_bps.unwrap_or(v.max_conf_bps),
            fresh_price_secs: self.fresh_price_secs.unwrap_or(v.fresh_price_secs),
        })
    }
}

impl WeightsArgs {
    /// The weights in bps (zeros allowed), by name or position.
    fn weights(&self, cx: &Context<'_>) -> Result<Vec<u16>, CliError> {
        let named = if cx.positional && !self.weights.contains('=') {
            let items: Vec<&str> = self.weights.split(',').map(str::trim).collect();
            if items.len() != cx.names.len() {
                return Err(CliError::arg(
                    "--weights",
                    format!(
                        "{} weights for {} assets; give one per asset, in vault order",
                        items.len(),
                        cx.names.len()
                    ),
                ));
            }
            let pairs: Vec<String> = cx
                .names
                .iter()
                .zip(&items)
                .map(|(n, w)| format!("{n}={w}"))
                .collect();
            pairs.join(",")
        } else {
            self.weights.clone()
        };
        Ok(ballast_backtest::market::parse_named_weights(
            &named, cx.names, true,
        )?)
    }

    fn change(&self, cx: &Context<'_>) -> Result<Change, CliError> {
        let weights = self.weights(cx)?;
        let length = parse_duration(&self.ramp).ok_or_else(|| {
            CliError::arg(
                "--ramp",
                format!("'{}' is not a duration (`7d`, `36h`)", self.ramp),
            )
        })?;
        let ramp_start = match &self.ramp_start {
            None => cx.default_start,
            Some(t) => {
                let start = parse_time(t).ok_or_else(|| {
                    CliError::arg(
                        "--ramp-start",
                        format!("'{t}' is not a date, a date and time, or unix seconds"),
                    )
                })?;
                if start < cx.earliest_start {
                    return Err(CliError::arg(
                        "--ramp-start",
                        format!(
                            "{} is before the change may execute ({}); start the ramp later",
                            ballast_sdk::governance::utc(start),
                            ballast_sdk::governance::utc(cx.earliest_start)
                        ),
                    ));
                }
                start
            }
        };
        Ok(Change::TargetWeights {
            weights,
            ramp_start,
            ramp_end: ramp_start.saturating_add(length),
        })
    }
}

impl FeeRecipientArgs {
    async fn change<C: CliChain>(
        &self,
        session: &Session<C>,
        cx: &Context<'_>,
    ) -> Result<(Change, Vec<Instruction>), CliError> {
        let share_mint = cx.state.share_mint;
        let Some(text) = &self.recipient else {
            let recipient =
                ix::associated_token_address(&cx.signer, &share_mint, &SHARE_TOKEN_PROGRAM);
            let create = ix::create_associated_token_account_idempotent(
                &cx.signer,
                &cx.signer,
                &share_mint,
                &SHARE_TOKEN_PROGRAM,
            );
            return Ok((Change::FeeRecipient { recipient }, vec![create]));
        };
        let recipient = parse_pubkey("--recipient", text)?;
        let account = session.chain.get_account(&recipient).await.map_err(sdk)?;
        let holds_shares = account
            .and_then(|a| decode_token_account(&recipient, &a).ok())
            .is_some_and(|t| t.mint == share_mint);
        if !holds_shares {
            return Err(CliError::arg(
                "--recipient",
                format!("{recipient} is not a token account of the vault's shares ({share_mint})"),
            ));
        }
        Ok((Change::FeeRecipient { recipient }, Vec::new()))
    }
}

impl AddAssetArgs {
    async fn change<C: CliChain>(&self, session: &Session<C>) -> Result<Change, CliError> {
        let mint = parse_pubkey("--mint", &self.mint)?;
        let price = parse_pubkey("--price-account", &self.price_account)?;
        let fetched = session
            .chain
            .get_multiple_accounts(&[mint, price])
            .await
            .map_err(sdk)?;
        let on = &session.on;
        match &fetched[0] {
            Some(a) => {
                decode_mint(&mint, a)
                    .map_err(|e| CliError::arg("--mint", format!("{e}; pass a token mint")))?;
            }
            None => {
                return Err(CliError::arg(
                    "--mint",
                    format!("{mint} does not exist on {on}; check the address"),
                ))
            }
        }
        let feed_id = fetched[1]
            .as_ref()
            .and_then(|a| decode_price_update(&price, a).ok())
            .map(|p| p.feed_id)
            .ok_or_else(|| {
                CliError::arg(
                    "--price-account",
                    format!("{price} is not a Pyth PriceUpdateV2 account on {on}"),
                )
            })?;
        Ok(Change::AddAsset { mint, feed_id })
    }
}
