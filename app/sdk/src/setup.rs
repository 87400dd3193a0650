//! [`create_vault`]: a vault from nothing to ready for keepers, on any [`Chain`], resumable.
//!
//! The steps, each skipped when already done (so a run that stopped half way, for a
//! network error or an empty wallet, is finished by running it again, without paying twice):
//!
//! 1. a frozen address lookup table of the vault's accounts ([`crate::lookup`]), created
//!    first so that even `initialize_vault` of a 16-asset vault fits a packet;
//! 2. `initialize_vault` and `set_lookup_table`, in one transaction, so the table is on the
//!    vault as soon as the vault exists;
//! 3. one `create_escrow` per asset;
//! 4. the rebalancing rules (`apply_change`: at once, since no shares exist yet; a vault
//!    that already has holders needs `queue_change` and the timelock instead).
//!
//! The manager signs and pays everything. What the program would refuse and a client can
//! see (asset count, weights, duplicate mints, oracle limits) is refused before anything is
//! spent.

use anchor_lang::prelude::Pubkey;
use ballast::state::{check_initial_weights, Change, RebalanceRules, VaultParams};
use solana_keypair::Keypair;
use solana_signature::Signature;
use solana_signer::Signer;

use crate::chain::{send_instructions_with_tables, Chain};
use crate::error::{SdkError, SdkResult};
use crate::ix::{self, NewAsset, VaultAccounts};
use crate::lookup;
use crate::state::decode_vault;

/// Compute units requested by each setup transaction.
const SETUP_COMPUTE_UNITS: u32 = 400_000;

/// What to create.
pub struct NewVault<'a> {
    /// The manager (signer and payer).
    pub manager: &'a Keypair,
    /// The manager's id for this vault (part of its address).
    pub vault_id: u64,
    /// The assets, in vault order.
    pub assets: &'a [NewAsset],
    /// Each asset's Pyth `PriceUpdateV2` account (vault order).
    pub price_accounts: &'a [Pubkey],
    /// Oracle limits, entry spread and timelock.
    pub params: VaultParams,
    /// The rebalancing rules.
    pub rules: RebalanceRules,
}

/// What [`create_vault`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreatedVault {
    /// The vault.
    pub vault: Pubkey,
    /// Its lookup table.
    pub lookup_table: Pubkey,
    /// Whether the vault existed already (a resumed setup).
    pub resumed: bool,
    /// The `initialize_vault` transaction, when this run sent it.
    pub initialized: Option<Signature>,
    /// Whether this run created the lookup table.
    pub created_table: bool,
    /// Escrows this run created.
    pub escrows_created: usize,
}

/// Refuses, before anything is spent, what `initialize_vault` and the rules' `apply_change`
/// would refuse, with the program's own checks.
fn validate(new: &NewVault) -> SdkResult<()> {
    let n = new.assets.len();
    let bad = |msg: String| Err(SdkError::InvalidInput(msg));
    if new.price_accounts.len() != n {
        return bad(format!(
            "{} price accounts for {n} assets",
            new.price_accounts.len()
        ));
    }
    for (i, a) in new.assets.iter().enumerate() {
        if new.assets[..i].iter().any(|b| b.mint == a.mint) {
            return bad(format!("mint {} appears twice", a.mint));
        }
    }
    let weights: Vec<u16> = new.assets.iter().map(|a| a.target_weight_bps).collect();
    let refused = |e: ballast::error::BallastError| SdkError::InvalidInput(e.to_string());
    check_initial_weights(&weights).map_err(refused)?;
    new.params.validate().map_err(refused)?;
    new.rules
        .to_config()
        .map_err(|e| SdkError::InvalidInput(e.to_string()))?;
    Ok(())
}

/// Creates the vault of `new`, or finishes a creation that stopped half way (same manager,
/// id and mints); see the module documentation.
pub async fn create_vault<C: Chain>(chain: &C, new: NewVault<'_>) -> SdkResult<CreatedVault> {
    validate(&new)?;
    let manager = new.manager;
    let vault = crate::pda::vault(&manager.pubkey(), new.vault_id);
    let token_mints: Vec<(Pubkey, Pubkey)> = new
        .assets
        .iter()
        .map(|a| (a.mint, a.token_program))
        .collect();
    let mut accounts = VaultAccounts::derive(vault, &token_mints, new.price_accounts);

    let existing = match chain.get_account(&vault).await? {
        Some(account) => Some(decode_vault(&vault, &account)?),
        None => None,
    };
    if let Some(state) = &existing {
        let held: Vec<Pubkey> = state.assets().iter().map(|a| a.mint).collect();
        let wanted: Vec<Pubkey> = new.assets.iter().map(|a| a.mint).collect();
        if held != wanted {
            return Err(SdkError::InvalidInput(format!(
                "vault id {} of manager {} already exists at {vault} with other mints; choose \
                 another vault id",
                new.vault_id,
                manager.pubkey()
            )));
        }
    }
    let published = existing
        .as_ref()
        .map(|s| s.lookup_table)
        .filter(|t| *t != Pubkey::default());
    // A new table comes with its `set_lookup_table`, sent with `initialize_vault` for a new
    // vault (or alone for a vault created before tables were published, or by another
    // client).
    let (table, publish) = match published {
        Some(table) => (table, None),
        None => {
            let new_table = lookup::new_vault_table(chain, manager, &accounts).await?;
            (new_table.address, Some(new_table.publish))
        }
    };
    let created_table = publish.is_some();
    accounts.lookup_table = Some(table);
    let tables = lookup::vault_tables(chain, &accounts).await?;
    let send = |instructions: Vec<solana_instruction::Instruction>| {
        let tables = tables.clone();
        async move {
            send_instructions_with_tables(
                chain,
                manager,
                &instructions,
                &[],
                Some(SETUP_COMPUTE_UNITS),
                &tables,
            )
            .await
        }
    };

    let mut first = Vec::new();
    if existing.is_none() {
        let init =
            ix::InitializeVault::new(&manager.pubkey(), new.vault_id, new.assets, new.params);
        first.push(init.instruction());
    }
    first.extend(publish);
    let mut initialized = None;
    if !first.is_empty() {
        let signature = send(first).await?.signature;
        initialized = existing.is_none().then_some(signature);
    }
    let escrows: Vec<Pubkey> = accounts.assets.iter().map(|a| a.escrow).collect();
    let found = chain.get_multiple_accounts(&escrows).await?;
    let mut escrows_created = 0;
    for (i, escrow) in found.iter().enumerate() {
        if escrow.is_none() {
            let create = ix::CreateEscrow::new(&accounts, i, &manager.pubkey())?;
            send(vec![create.instruction()]).await?;
            escrows_created += 1;
        }
    }
    let rules = Change::Rebalance(new.rules);
    let configure = ix::ApplyChange::new(&manager.pubkey(), &vault, rules);
    send(vec![configure.instruction()]).await?;
    Ok(CreatedVault {
        vault,
        lookup_table: table,
        resumed: existing.is_some(),
        initialized,
        created_table,
        escrows_created,
    })
}
