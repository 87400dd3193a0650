//! What the wallet commands (`init`, `deposit`, `withdraw`) share: the wallet's arguments,
//! its keypair file, its associated token accounts, naming an asset, the oracle check
//! before sending, one deposit, and one-line messages for refusals.

use ballast::state::Vault;
use ballast_sdk::chain::{Chain, Confirmed};
use ballast_sdk::ix::{self, VaultAccounts};
use ballast_sdk::logs::program_units;
use ballast_sdk::lookup::send_vault_instructions;
use ballast_sdk::state::{decode_price_update, decode_token_account};
use ballast_sdk::{Keypair, Pubkey, SdkError, Signer};

use crate::format::{parse_pubkey, units};
use crate::session::{sdk, ChainArgs, CliChain, Funding, Session};
use crate::CliError;

/// Compute units each wallet transaction requests.
const WALLET_COMPUTE_UNITS: u32 = 400_000;

/// The wallet and chain arguments every wallet command takes.
#[derive(clap::Args, Debug)]
pub struct WalletArgs {
    #[command(flatten)]
    pub chain: ChainArgs,

    /// The wallet's keypair file (a JSON array of 64 bytes, as `solana-keygen new` writes).
    #[arg(long, short = 'k')]
    pub keypair: String,

    /// Embedded chain: dollars of every demo asset the faucet gives the wallet first.
    #[arg(long, default_value_t = 10_000)]
    pub faucet_usd: u64,
}

impl WalletArgs {
    /// The faucet's gift to `keypair` on the embedded chain.
    pub fn funding(&self, keypair: &Keypair) -> Option<Funding> {
        Some(Funding {
            wallet: keypair.pubkey(),
            usd: self.faucet_usd,
        })
    }
}

/// Reads a keypair file, with one-line errors saying what to do.
pub fn read_keypair(path: &str) -> Result<Keypair, CliError> {
    ballast_sdk::keyfile::read(std::path::Path::new(path))
        .map_err(|e| CliError(format!("--keypair {e}")))
}

/// The balance of a token account (0 if it does not exist).
pub async fn token_balance<C: Chain>(chain: &C, account: &Pubkey) -> Result<u64, CliError> {
    Ok(match chain.get_account(account).await.map_err(sdk)? {
        Some(a) => decode_token_account(account, &a).map_err(sdk)?.amount,
        None => 0,
    })
}

/// `owner`'s associated token account of asset `i` of the vault.
pub fn token_account(accounts: &VaultAccounts, owner: &Pubkey, i: usize) -> Pubkey {
    let a = &accounts.assets[i];
    ix::associated_token_address(owner, &a.mint, &a.token_program)
}

/// `owner`'s associated account of the vault's shares.
pub fn shares_account(accounts: &VaultAccounts, owner: &Pubkey) -> Pubkey {
    ix::associated_token_address(owner, &accounts.pdas.share_mint, &ix::SHARE_TOKEN_PROGRAM)
}

/// The asset `text` names: by name (the demo's), by index, or by mint.
pub fn asset_index<C: CliChain>(
    session: &Session<C>,
    accounts: &VaultAccounts,
    arg: &str,
    text: &str,
) -> Result<usize, CliError> {
    if let Some(i) = session
        .names
        .iter()
        .position(|n| n.eq_ignore_ascii_case(text.trim()))
    {
        return Ok(i);
    }
    if !session.names.is_empty() {
        return Err(CliError::arg(
            arg,
            format!(
                "unknown asset '{text}' (this vault holds {})",
                session.names.join(", ")
            ),
        ));
    }
    if let Ok(i) = text.parse::<usize>() {
        if i < accounts.assets.len() {
            return Ok(i);
        }
    }
    let mint = parse_pubkey(arg, text).map_err(|_| {
        CliError::arg(
            arg,
            format!(
                "'{text}' is neither an asset index below {} nor a mint address",
                accounts.assets.len()
            ),
        )
    })?;
    accounts
        .assets
        .iter()
        .position(|a| a.mint == mint)
        .ok_or_else(|| CliError::arg(arg, format!("the vault holds no {mint}")))
}

/// Refuses, before sending, what the program would refuse for a missing or stale oracle.
pub async fn check_oracles<C: CliChain>(
    session: &Session<C>,
    accounts: &VaultAccounts,
    max_age: u32,
) -> Result<(), CliError> {
    let chain = &session.chain;
    let addresses: Vec<Pubkey> = accounts.assets.iter().map(|a| a.price_account).collect();
    let fetched = chain.get_multiple_accounts(&addresses).await.map_err(sdk)?;
    let now = chain.get_clock().await.map_err(sdk)?.unix_timestamp;
    for (i, (address, account)) in addresses.iter().zip(&fetched).enumerate() {
        let update = account
            .as_ref()
            .and_then(|acc| decode_price_update(address, acc).ok());
        let name = session
            .names
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("asset {i}"));
        match update {
            None => {
                return Err(CliError(format!(
                    "no Pyth price for {name} at {address}; post a PriceUpdateV2 for its feed \
                     (or fix --price-accounts) and retry"
                )))
            }
            Some(p) if now - p.publish_time > i64::from(max_age) => {
                return Err(CliError(format!(
                    "stale oracle: the {name} price is {} s old, above the vault's {max_age} s \
                     limit; post a fresh Pyth price update and retry",
                    now - p.publish_time
                )))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// A refused transaction as one line saying what to do.
pub fn refused(what: &str, e: SdkError) -> CliError {
    match e.rejection() {
        Some(r) if r.is_unfunded_payer() => CliError(format!(
            "the wallet cannot pay the {what}'s fee ({r}); fund it with SOL (`ballast airdrop` \
             on devnet or a local node) and retry"
        )),
        Some(r) if r.custom_code().is_some() && r.failed_in_ballast() => CliError(format!(
            "the program refused the {what}: {r}; check the vault's state with `ballast status`"
        )),
        Some(r) => CliError(format!("the cluster refused the {what}: {r}")),
        None => sdk(e),
    }
}

/// A landed transaction for a message: Ballast's compute units where the chain reports
/// logs (the embedded chain), else its signature.
pub fn landed(confirmed: &Confirmed) -> String {
    if confirmed.logs.is_empty() {
        confirmed.signature.to_string()
    } else {
        format!("{} CU", program_units(&confirmed.logs, &ballast::ID))
    }
}

/// `wallet` deposits `amount` of asset `asset` from its associated token account for at
/// least `min_shares` shares (in its associated share account, created if missing), after
/// checking its balance and the oracles; prints what it got and returns the shares.
pub async fn deposit_into<C: CliChain>(
    session: &Session<C>,
    (accounts, state): (&VaultAccounts, &Vault),
    wallet: &Keypair,
    asset: usize,
    amount: u64,
    min_shares: u64,
) -> Result<u64, CliError> {
    let chain = &session.chain;
    let owner = wallet.pubkey();
    let mint = accounts.assets[asset].mint;
    let decimals = state.assets()[asset].decimals;
    let user_token = token_account(accounts, &owner, asset);
    let balance = token_balance(chain, &user_token).await?;
    if amount > balance {
        let (label, hint) = match session.names.get(asset) {
            Some(name) => (
                name.clone(),
                " (on the embedded chain, raise --faucet-usd)".to_string(),
            ),
            None => (
                format!("of {mint}"),
                format!(" or fund its associated token account {user_token}"),
            ),
        };
        return Err(CliError(format!(
            "insufficient balance: the wallet holds {} {label} and asked to deposit {}; \
             deposit less{hint}",
            units(balance, decimals),
            units(amount, decimals)
        )));
    }
    check_oracles(session, accounts, state.max_oracle_age_secs).await?;
    let user_shares = shares_account(accounts, &owner);
    let before = token_balance(chain, &user_shares).await?;
    let deposit = ix::Deposit::new(
        accounts,
        &owner,
        &user_token,
        &user_shares,
        asset,
        amount,
        min_shares,
    )
    .map_err(sdk)?;
    // The deposit lands only on the configuration read above (`ConfigChanged` otherwise):
    // while a vault has no holders its manager may change anything at once.
    let ixs = [
        ix::create_associated_token_account_idempotent(
            &owner,
            &owner,
            &accounts.pdas.share_mint,
            &ix::SHARE_TOKEN_PROGRAM,
        ),
        ix::ExpectConfig::new(&accounts.pdas.vault, state.config_seq).instruction(),
        deposit.instruction(),
    ];
    let sent = send_vault_instructions(
        chain,
        accounts,
        wallet,
        &ixs,
        &[],
        Some(WALLET_COMPUTE_UNITS),
    )
    .await
    .map_err(|e| refused("deposit", e))?;
    let shares = token_balance(chain, &user_shares)
        .await?
        .saturating_sub(before);
    println!(
        "deposited {} {}: {} shares ({})",
        units(amount, decimals),
        session.name(asset, &mint),
        units(shares, 9),
        landed(&sent)
    );
    Ok(shares)
}

/// Prints the status of the vault of `target` after a wallet command.
pub async fn print_status<C: CliChain>(
    session: &Session<C>,
    target: &ballast_keeper::VaultTarget,
) -> Result<(), CliError> {
    let text =
        crate::status::render(&session.chain, target, &session.names, &session.on, false).await?;
    println!("\n{text}");
    Ok(())
}
