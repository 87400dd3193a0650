//! Raw token-account reads and the `transfer_checked` CPI.
//!
//! SPL Token and Token-2022 share the base token-account layout, so the swap path reads the
//! two fields it needs (mint, amount) straight from the bytes after checking the owning
//! program, instead of unpacking the whole state (and any Token-2022 extensions).

use anchor_lang::prelude::*;
use anchor_spl::token_interface;

use crate::error::AmmError;

/// Length of the base token-account layout.
const ACCOUNT_LEN: usize = 165;
/// Offset of the mint.
const MINT_OFFSET: usize = 0;
/// Offset of the amount.
const AMOUNT_OFFSET: usize = 64;
/// Offset of the state byte (0 uninitialized, 1 initialized, 2 frozen).
const STATE_OFFSET: usize = 108;

/// The fields of a token account the pool uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenAccountView {
    /// Mint of the account.
    pub mint: Pubkey,
    /// Balance in base units.
    pub amount: u64,
}

/// Reads an initialized token account owned by `token_program` (`InvalidTokenAccount`
/// otherwise).
pub fn read_token_account(
    account: &AccountInfo,
    token_program: &Pubkey,
) -> Result<TokenAccountView> {
    require_keys_eq!(
        *account.owner,
        *token_program,
        AmmError::InvalidTokenAccount
    );
    let data = account.try_borrow_data()?;
    // Token-2022 accounts may be longer (extensions); the base layout is shared.
    let initialized = data.len() >= ACCOUNT_LEN && data[STATE_OFFSET] != 0;
    require!(initialized, AmmError::InvalidTokenAccount);
    Ok(TokenAccountView {
        mint: Pubkey::new_from_array(fixed(&data, MINT_OFFSET)?),
        amount: u64::from_le_bytes(fixed(&data, AMOUNT_OFFSET)?),
    })
}

fn fixed<const N: usize>(data: &[u8], offset: usize) -> Result<[u8; N]> {
    data.get(offset..offset.saturating_add(N))
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or_else(|| error!(AmmError::InvalidTokenAccount))
}

/// `transfer_checked` of `amount` from `from` to `to` through `token_program`, signed by
/// `authority` (with `signer_seeds` when it is a PDA of this program).
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
