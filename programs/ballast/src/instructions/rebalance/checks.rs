//! What `rebalance` checks around the DEX call: the named accounts before it, and the
//! escrows after it (`post_swap_checks`).

use anchor_lang::prelude::*;

use super::Rebalance;
use crate::error::BallastError;
use crate::state::AssetConfig;
use crate::token::{read_amount, read_token_account};

/// Escrows, mints and the keeper's reward account of the named accounts.
pub fn check_named_accounts(a: &Rebalance, sell: &AssetConfig, buy: &AssetConfig) -> Result<()> {
    let created = sell.escrow != Pubkey::default() && buy.escrow != Pubkey::default();
    require!(created, BallastError::EscrowNotCreated);
    require_keys_eq!(
        a.sell_escrow.key(),
        sell.escrow,
        BallastError::EscrowMismatch
    );
    require_keys_eq!(a.buy_escrow.key(), buy.escrow, BallastError::EscrowMismatch);
    require_keys_eq!(a.sell_mint.key(), sell.mint, BallastError::MintMismatch);
    require_keys_eq!(a.buy_mint.key(), buy.mint, BallastError::MintMismatch);
    let keeper_account = read_token_account(
        &a.keeper_reward_account,
        &buy.token_program_kind().program_id(),
    )?;
    require_keys_eq!(
        keeper_account.mint,
        buy.mint,
        BallastError::KeeperAccountMintMismatch
    );
    let key = a.keeper_reward_account.key();
    require!(
        key != buy.reserve && key != buy.escrow,
        BallastError::KeeperAccountIsVaultAccount
    );
    Ok(())
}

/// The escrows right before the DEX call.
pub struct EscrowsBefore {
    sell_balance: u64,
    buy_balance: u64,
    sell_len: usize,
    buy_len: usize,
}

impl EscrowsBefore {
    /// Reads both escrows (the sell escrow already funded).
    pub fn read(a: &Rebalance, sell_program: &Pubkey, buy_program: &Pubkey) -> Result<Self> {
        Ok(EscrowsBefore {
            sell_balance: read_amount(&a.sell_escrow, sell_program)?,
            buy_balance: read_amount(&a.buy_escrow, buy_program)?,
            sell_len: a.sell_escrow.data_len(),
            buy_len: a.buy_escrow.data_len(),
        })
    }
}

/// What the DEX did, as the escrows show it.
pub struct SwapOutcome {
    /// Base units of the sold asset the DEX took.
    pub spent: u64,
    /// Base units of the bought asset it delivered.
    pub received: u64,
    /// The sell escrow's balance after the call (the unspent input), to sweep back.
    pub sell_escrow: u64,
    /// The buy escrow's balance after the call, to sweep back (less the reward).
    pub buy_escrow: u64,
}

/// The checks after the DEX call: both escrows still owned by the swap authority with no
/// delegate, no close authority and their size unchanged; at most `amount_in` spent and
/// nothing taken from the buy escrow; at least `min_out` received.
pub fn post_swap_checks(
    a: &Rebalance,
    sell_program: &Pubkey,
    buy_program: &Pubkey,
    before: &EscrowsBefore,
    amount_in: u64,
    min_out: u64,
) -> Result<SwapOutcome> {
    let swap_authority = a.swap_authority.key;
    let sell_escrow = check_escrow(
        &a.sell_escrow,
        sell_program,
        swap_authority,
        before.sell_len,
    )?;
    let buy_escrow = check_escrow(&a.buy_escrow, buy_program, swap_authority, before.buy_len)?;
    let spent = before.sell_balance.saturating_sub(sell_escrow);
    require!(spent <= amount_in, BallastError::SwapSpentTooMuch);
    let received = buy_escrow
        .checked_sub(before.buy_balance)
        .ok_or(BallastError::SwapSpentTooMuch)?;
    require!(received >= min_out, BallastError::SwapOutputBelowMinimum);
    Ok(SwapOutcome {
        spent,
        received,
        sell_escrow,
        buy_escrow,
    })
}

/// Balance of an escrow after the DEX ran, checking it is still the swap authority's, with no
/// delegate, no close authority and its size unchanged.
fn check_escrow(
    escrow: &AccountInfo,
    program: &Pubkey,
    swap_authority: &Pubkey,
    length_before: usize,
) -> Result<u64> {
    // A Token-2022 reallocation could add extensions (e.g. required memos) that break
    // every later transfer into the escrow.
    require!(
        escrow.data_len() == length_before,
        BallastError::EscrowReallocated
    );
    let view = read_token_account(escrow, program)?;
    let data = escrow.try_borrow_data()?;
    // Base layout: owner 32..64, delegate COption tag 72..76, close authority tag 129..133.
    require!(
        &data[32..64] == swap_authority.as_ref(),
        BallastError::EscrowAuthorityChanged
    );
    require!(data[72..76] == [0; 4], BallastError::EscrowDelegateSet);
    require!(
        data[129..133] == [0; 4],
        BallastError::EscrowCloseAuthoritySet
    );
    Ok(view.amount)
}
