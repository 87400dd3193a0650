//! Token account and mint reads from raw bytes, and the token CPIs the vault makes.
//!
//! The base layouts of SPL Token and Token-2022 accounts and mints are identical, so the
//! vault reads the few fields it needs directly (after checking the owning program), which
//! costs far fewer compute units than unpacking the whole state.

use anchor_lang::prelude::*;
use anchor_spl::token_interface;

use crate::error::BallastError;

const ACCOUNT_LEN: usize = 165;
const ACCOUNT_STATE_OFFSET: usize = 108;
const MINT_SUPPLY_OFFSET: usize = 36;
const MINT_LEN: usize = 82;
const MINT_INITIALIZED_OFFSET: usize = 45;

/// The fields of a token account the vault uses.
#[derive(Clone, Copy, Debug)]
pub struct TokenAccountView {
    /// Mint of the account.
    pub mint: Pubkey,
    /// Balance in base units.
    pub amount: u64,
}

/// Reads an initialized token account owned by `token_program`.
pub fn read_token_account(
    account: &AccountInfo,
    token_program: &Pubkey,
) -> Result<TokenAccountView> {
    require_keys_eq!(
        *account.owner,
        *token_program,
        BallastError::InvalidTokenAccount
    );
    let data = account.try_borrow_data()?;
    // Token-2022 accounts may be longer (extensions); the base layout is shared.
    // State byte: 0 = uninitialized, 1 = initialized, 2 = frozen.
    let usable = data.len() >= ACCOUNT_LEN && data[ACCOUNT_STATE_OFFSET] != 0;
    require!(usable, BallastError::InvalidTokenAccount);
    Ok(TokenAccountView {
        mint: Pubkey::new_from_array(fixed(&data, 0)?),
        amount: u64::from_le_bytes(fixed(&data, 64)?),
    })
}

/// Balance of a token account whose key the caller has already matched against stored state.
pub fn read_amount(account: &AccountInfo, token_program: &Pubkey) -> Result<u64> {
    read_token_account(account, token_program).map(|view| view.amount)
}

/// Supply of an initialized mint owned by `token_program`.
pub fn read_mint_supply(mint: &AccountInfo, token_program: &Pubkey) -> Result<u64> {
    require_keys_eq!(*mint.owner, *token_program, BallastError::InvalidMint);
    let data = mint.try_borrow_data()?;
    let usable = data.len() >= MINT_LEN && data[MINT_INITIALIZED_OFFSET] == 1;
    require!(usable, BallastError::InvalidMint);
    Ok(u64::from_le_bytes(fixed(&data, MINT_SUPPLY_OFFSET)?))
}

fn fixed<const N: usize>(data: &[u8], offset: usize) -> Result<[u8; N]> {
    data.get(offset..offset.saturating_add(N))
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or_else(|| error!(BallastError::InvalidTokenAccount))
}

/// `transfer_checked` of `amount` from `from` to `to` through `token_program`, signed by
/// `authority` (with `signer_seeds` when the authority is a PDA).
#[allow(clippy::too_many_arguments)]
pub fn transfer<'info>(
    token_program: &AccountInfo<'info>,
    from: &AccountInfo<'info>,
    mint: &AccountInfo<'info>,
    to: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    amount: u64,
    decimals: u8,
    signer_seeds: &[&[&[u8]]],
) -> Result<()> {
    let accounts = token_interface::TransferChecked {
        from: from.clone(),
        mint: mint.clone(),
        to: to.clone(),
        authority: authority.clone(),
    };
    token_interface::transfer_checked(
        CpiContext::new_with_signer(token_program.key(), accounts, signer_seeds),
        amount,
        decimals,
    )
}
