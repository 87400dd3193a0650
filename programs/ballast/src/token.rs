//! Token account and mint reads from raw bytes, and the token CPIs the vault makes.
//!
//! The base layouts of SPL Token and Token-2022 accounts and mints are identical, so the
//! vault reads the few fields it needs directly (after checking the owning program), which
//! costs far fewer compute units than unpacking the whole state.

use anchor_lang::prelude::*;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::program::invoke_signed_unchecked;
use anchor_lang::system_program;
use anchor_spl::token_2022::spl_token_2022;
use anchor_spl::token_2022::spl_token_2022::extension::{
    BaseStateWithExtensions, ExtensionType, StateWithExtensions,
};
use anchor_spl::token_2022::spl_token_2022::state::{
    Account as Token2022Account, Mint as Token2022Mint,
};
use anchor_spl::token_interface;
use ballast_math::oracle::MAX_DECIMALS;

use crate::error::BallastError;
use crate::state::TokenProgramKind;

const ACCOUNT_LEN: usize = 165;
const ACCOUNT_STATE_OFFSET: usize = 108;
const ACCOUNT_STATE_FROZEN: u8 = 2;
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
    /// Whether the mint's freeze authority froze the account.
    pub frozen: bool,
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
        frozen: data[ACCOUNT_STATE_OFFSET] == ACCOUNT_STATE_FROZEN,
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

/// The token program account for an asset of `kind`: `token_program` (already checked to be
/// SPL Token by Anchor) or the optional Token-2022 account, checked here
/// (`MissingToken2022Program` when absent or another program).
pub fn token_program_for<'info>(
    kind: TokenProgramKind,
    token_program: &Program<'info, anchor_spl::token::Token>,
    token_2022_program: Option<&UncheckedAccount<'info>>,
) -> Result<AccountInfo<'info>> {
    match kind {
        TokenProgramKind::Token => Ok(token_program.to_account_info()),
        TokenProgramKind::Token2022 => {
            let program =
                token_2022_program.ok_or_else(|| error!(BallastError::MissingToken2022Program))?;
            require_keys_eq!(
                program.key(),
                anchor_spl::token_2022::ID,
                BallastError::MissingToken2022Program
            );
            Ok(program.to_account_info())
        }
    }
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
    let ix = spl_token_2022::instruction::transfer_checked(
        token_program.key,
        from.key,
        mint.key,
        to.key,
        authority.key,
        &[],
        amount,
        decimals,
    )?;
    invoke_token(
        &ix,
        &[from.clone(), mint.clone(), to.clone(), authority.clone()],
        signer_seeds,
    )
}

/// `mint_to` of `amount` of the classic-Token `mint` to `to`, signed by the PDA `authority`.
pub fn mint_to<'info>(
    mint: &AccountInfo<'info>,
    to: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    amount: u64,
    signer_seeds: &[&[&[u8]]],
) -> Result<()> {
    let ix = spl_token_2022::instruction::mint_to(
        &anchor_spl::token::ID,
        mint.key,
        to.key,
        authority.key,
        &[],
        amount,
    )?;
    invoke_token(
        &ix,
        &[mint.clone(), to.clone(), authority.clone()],
        signer_seeds,
    )
}

/// `burn` of `amount` of the classic-Token `mint` from `from`, signed by its owner.
pub fn burn<'info>(
    mint: &AccountInfo<'info>,
    from: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    amount: u64,
) -> Result<()> {
    let ix = spl_token_2022::instruction::burn(
        &anchor_spl::token::ID,
        from.key,
        mint.key,
        authority.key,
        &[],
        amount,
    )?;
    invoke_token(&ix, &[from.clone(), mint.clone(), authority.clone()], &[])
}

/// `burn` of `amount` of any asset `mint` (through `token_program`) from a vault account,
/// signed by the PDA `authority` (`remove_asset` burns dust before closing an account).
pub fn burn_signed<'info>(
    token_program: &AccountInfo<'info>,
    mint: &AccountInfo<'info>,
    from: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    amount: u64,
    signer_seeds: &[&[&[u8]]],
) -> Result<()> {
    let ix = spl_token_2022::instruction::burn(
        token_program.key,
        from.key,
        mint.key,
        authority.key,
        &[],
        amount,
    )?;
    invoke_token(
        &ix,
        &[from.clone(), mint.clone(), authority.clone()],
        signer_seeds,
    )
}

/// `close_account` of the empty `account` (through `token_program`), its rent to
/// `destination`, signed by the PDA `authority`.
pub fn close_signed<'info>(
    token_program: &AccountInfo<'info>,
    account: &AccountInfo<'info>,
    destination: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    signer_seeds: &[&[&[u8]]],
) -> Result<()> {
    let ix = spl_token_2022::instruction::close_account(
        token_program.key,
        account.key,
        destination.key,
        authority.key,
        &[],
    )?;
    invoke_token(
        &ix,
        &[account.clone(), destination.clone(), authority.clone()],
        signer_seeds,
    )
}

/// Invokes a token instruction without the per-account borrow checks of `invoke_signed`:
/// the vault's handlers never hold a borrow of a token account's data or lamports across a
/// token CPI (they read balances through short-lived borrows), and the checks compare every
/// meta with every account info on each call.
fn invoke_token(ix: &Instruction, infos: &[AccountInfo], signer_seeds: &[&[&[u8]]]) -> Result<()> {
    invoke_signed_unchecked(ix, infos, signer_seeds).map_err(Into::into)
}

/// Decimals of `mint` and the size of a reserve token account for it; refuses Token-2022
/// extensions that could change amounts in flight or move the vault's tokens.
pub fn inspect_mint(mint: &AccountInfo, kind: TokenProgramKind) -> Result<(u8, usize)> {
    let data = mint.try_borrow_data()?;
    let state = StateWithExtensions::<Token2022Mint>::unpack(&data)
        .map_err(|_| error!(BallastError::InvalidMint))?;
    require!(state.base.is_initialized, BallastError::InvalidMint);
    require!(
        state.base.decimals <= MAX_DECIMALS,
        BallastError::MintDecimalsUnsupported
    );
    if kind == TokenProgramKind::Token {
        return Ok((state.base.decimals, anchor_spl::token::TokenAccount::LEN));
    }
    let extensions = state
        .get_extension_types()
        .map_err(|_| error!(BallastError::InvalidMint))?;
    for extension in &extensions {
        if !is_accepted_extension(*extension) {
            msg!("refused Token-2022 mint extension: {:?}", extension);
            return err!(BallastError::UnsupportedMintExtension);
        }
    }
    let required = ExtensionType::get_required_init_account_extensions(&extensions);
    let len = ExtensionType::try_calculate_account_len::<Token2022Account>(&required)
        .map_err(|_| error!(BallastError::InvalidMint))?;
    Ok((state.base.decimals, len))
}

/// The Token-2022 mint extensions a vault asset may have: they only describe the token, never
/// the amounts moved, how they are priced, or who may move them.
fn is_accepted_extension(extension: ExtensionType) -> bool {
    matches!(
        extension,
        ExtensionType::MetadataPointer
            | ExtensionType::TokenMetadata
            | ExtensionType::GroupPointer
            | ExtensionType::TokenGroup
            | ExtensionType::GroupMemberPointer
            | ExtensionType::TokenGroupMember
    )
}

/// Creates the PDA `account` (seeds `seeds`) as a token account of `mint` whose token
/// authority is `owner`. Works even if someone sent lamports to the address beforehand
/// (which would make a plain `create_account` fail and block the vault's creation).
#[allow(clippy::too_many_arguments)]
pub fn create_token_account<'info>(
    payer: &Signer<'info>,
    system_program: &Program<'info, System>,
    account: &AccountInfo<'info>,
    mint: &AccountInfo<'info>,
    token_program: &AccountInfo<'info>,
    owner: AccountInfo<'info>,
    len: usize,
    seeds: &[&[u8]],
) -> Result<()> {
    let signer: &[&[&[u8]]] = &[seeds];
    let system = system_program.key();
    let rent = Rent::get()?.minimum_balance(len);
    let space = u64::try_from(len).map_err(|_| error!(BallastError::MathOverflow))?;
    let current = account.lamports();
    if current == 0 {
        let cpi = system_program::CreateAccount {
            from: payer.to_account_info(),
            to: account.clone(),
        };
        system_program::create_account(
            CpiContext::new_with_signer(system, cpi, signer),
            rent,
            space,
            token_program.key,
        )?;
    } else {
        let shortfall = rent.saturating_sub(current);
        if shortfall > 0 {
            let cpi = system_program::Transfer {
                from: payer.to_account_info(),
                to: account.clone(),
            };
            system_program::transfer(CpiContext::new(system, cpi), shortfall)?;
        }
        let cpi = system_program::Allocate {
            account_to_allocate: account.clone(),
        };
        system_program::allocate(CpiContext::new_with_signer(system, cpi, signer), space)?;
        let cpi = system_program::Assign {
            account_to_assign: account.clone(),
        };
        system_program::assign(
            CpiContext::new_with_signer(system, cpi, signer),
            token_program.key,
        )?;
    }
    let init = token_interface::InitializeAccount3 {
        account: account.clone(),
        mint: mint.clone(),
        authority: owner,
    };
    token_interface::initialize_account3(CpiContext::new(token_program.key(), init))
}
