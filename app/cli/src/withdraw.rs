//! `ballast withdraw`: a wallet redeems shares for its pro-rata part of every asset, in
//! kind (optionally depositing first, so that a fresh wallet has shares to redeem). On the
//! embedded chain the faucet funds the wallet first; then it is the same path as on a
//! cluster.

use ballast_sdk::ix::{self, VaultAccounts};
use ballast_sdk::lookup::send_vault_instructions;
use ballast_sdk::{Keypair, Pubkey, Signer};

use crate::format::{parse_amount, units};
use crate::session::{dispatch, CliChain, Session, VaultCommand};
use crate::wallet::{
    asset_index, deposit_into, landed, print_status, read_keypair, refused, shares_account,
    token_account, token_balance, WalletArgs,
};
use crate::CliError;

/// Arguments of `ballast withdraw`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub wallet: WalletArgs,

    /// The vault (default on the embedded chain: the demo vault).
    #[arg(long)]
    pub vault: Option<String>,

    /// Shares to redeem: whole shares (`12.5`) or `all`.
    #[arg(long, default_value = "all")]
    pub shares: String,

    /// Deposit this first (`SOL=10`; on a cluster the asset by index or mint), so that the
    /// wallet has shares to redeem.
    #[arg(long, value_name = "ASSET=AMOUNT")]
    pub deposit_first: Option<String>,
}

/// The shares of `--shares` (whole shares or `all`) out of the `held` ones, refusing zero
/// or more than held with a message ending in `hint`.
fn shares_to_redeem(text: &str, held: u64, vault: &Pubkey, hint: &str) -> Result<u64, CliError> {
    let shares = if text.trim().eq_ignore_ascii_case("all") {
        held
    } else {
        parse_amount("--shares", text, 9)?
    };
    if shares == 0 || shares > held {
        return Err(CliError(format!(
            "insufficient balance: the wallet holds {} shares of vault {vault} and asked to \
             redeem {}; redeem at most what it holds{hint}",
            units(held, 9),
            units(shares, 9)
        )));
    }
    Ok(shares)
}

struct Withdraw<'a> {
    args: &'a Args,
    wallet: Keypair,
}

impl Withdraw<'_> {
    /// The `--deposit-first` deposit, if any.
    async fn deposit_first<C: CliChain>(
        &self,
        session: &Session<C>,
        (accounts, state): (&VaultAccounts, &ballast::state::Vault),
    ) -> Result<(), CliError> {
        let Some(first) = &self.args.deposit_first else {
            return Ok(());
        };
        let (name, amount) = first.split_once('=').ok_or_else(|| {
            CliError::arg("--deposit-first", format!("'{first}' is not ASSET=AMOUNT"))
        })?;
        let asset = asset_index(session, accounts, "--deposit-first", name)?;
        let decimals = state.assets()[asset].decimals;
        let amount = parse_amount("--deposit-first", amount, decimals)?;
        deposit_into(session, (accounts, state), &self.wallet, asset, amount, 0).await?;
        Ok(())
    }
}

impl VaultCommand for Withdraw<'_> {
    async fn run<C: CliChain>(&self, session: &Session<C>) -> Result<(), CliError> {
        let chain = &session.chain;
        let target = session.target(self.args.vault.as_deref())?;
        let (accounts, state) = session.vault(&target).await?;
        self.deposit_first(session, (&accounts, &state)).await?;
        let owner = self.wallet.pubkey();
        let user_shares = shares_account(&accounts, &owner);
        let held = token_balance(chain, &user_shares).await?;
        let hint = if session.is_embedded() {
            " (deposit first)"
        } else {
            ""
        };
        let shares = shares_to_redeem(&self.args.shares, held, &accounts.vault(), hint)?;
        let n = accounts.assets.len();
        let tokens: Vec<Pubkey> = (0..n)
            .map(|i| token_account(&accounts, &owner, i))
            .collect();
        let mut before = Vec::with_capacity(n);
        for t in &tokens {
            before.push(token_balance(chain, t).await?);
        }
        let mut ixs: Vec<_> = accounts
            .assets
            .iter()
            .map(|a| {
                ix::create_associated_token_account_idempotent(
                    &owner,
                    &owner,
                    &a.mint,
                    &a.token_program,
                )
            })
            .collect();
        let withdraw = ix::Withdraw::new(
            &accounts,
            &owner,
            &user_shares,
            &tokens,
            shares,
            vec![0; n],
            0,
        )
        .map_err(crate::session::sdk)?;
        ixs.push(withdraw.instruction());
        let sent =
            send_vault_instructions(chain, &accounts, &self.wallet, &ixs, &[], Some(400_000))
                .await
                .map_err(|e| refused("withdrawal", e))?;
        let mut paid = Vec::with_capacity(n);
        for (i, (t, b)) in tokens.iter().zip(&before).enumerate() {
            let got = token_balance(chain, t).await?.saturating_sub(*b);
            let a = &state.assets()[i];
            paid.push(format!(
                "{} {}",
                units(got, a.decimals),
                session.name(i, &a.mint)
            ));
        }
        println!(
            "redeemed {} shares for {} ({})",
            units(shares, 9),
            paid.join(", "),
            landed(&sent)
        );
        print_status(session, &target).await
    }
}

/// Runs `ballast withdraw`.
pub fn run(args: Args) -> Result<(), CliError> {
    let wallet = read_keypair(&args.wallet.keypair)?;
    let funding = args.wallet.funding(&wallet);
    dispatch(
        &args.wallet.chain,
        funding,
        &Withdraw {
            args: &args,
            wallet,
        },
    )
}
