//! `ballast collect-fees`: anyone mints the management fee's owed shares (settled to now by
//! the program) to the vault's fee recipient. Every share price already counted those
//! shares, so collecting changes nobody's claim.

use ballast::events::FeesCollected;
use ballast_sdk::events::decode_events;
use ballast_sdk::ix::CollectFees;

use crate::format::units;
use crate::govern::{self, read_vault, send, sent, GovArgs, Governed};
use crate::session::{CliChain, Session, VaultCommand};
use crate::status::nav_per_share_now;
use crate::wallet::token_balance;
use crate::{format, CliError};

/// Arguments of `ballast collect-fees`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub gov: GovArgs,
}

impl VaultCommand for Governed<'_, Args> {
    async fn run<C: CliChain>(&self, session: &Session<C>) -> Result<(), CliError> {
        let signer = self.signer(session)?;
        let v = read_vault(session, self.args.gov.vault.as_deref()).await?;
        let Some(recipient) = v.gov.fee_recipient else {
            return Err(CliError(format!(
                "vault {} has no fee recipient: the manager names one with `ballast propose \
                 fee-recipient`",
                v.address
            )));
        };
        // Valued before the mint: the price counts the owed shares either way.
        let nps = match session.price_accounts() {
            Ok(price_accounts) => {
                let target = ballast_keeper::VaultTarget {
                    vault: v.address,
                    price_accounts,
                };
                nav_per_share_now(&session.chain, &target).await?
            }
            Err(_) => None,
        };
        let before = token_balance(&session.chain, &recipient).await?;
        let collect = CollectFees::new(&v.address, &recipient);
        let done = send(session, signer, &[collect.instruction()], "fee collection").await?;
        let minted = decode_events::<FeesCollected>(&done.logs)
            .first()
            .map(|e| e.shares)
            .unwrap_or(
                token_balance(&session.chain, &recipient)
                    .await?
                    .saturating_sub(before),
            );
        let value = nps.map_or_else(
            || "value unknown without --price-accounts".to_string(),
            |p| format::dollars(minted as f64 / 1e9 * p),
        );
        println!(
            "collected {} fee shares ({value}) to {recipient} at {} bps a year ({})",
            units(minted, 9),
            v.gov.management_fee_bps,
            sent(&done)
        );
        Ok(())
    }
}

/// Runs `ballast collect-fees`.
pub fn run(args: Args) -> Result<(), CliError> {
    govern::run(&args.gov, &args)
}
