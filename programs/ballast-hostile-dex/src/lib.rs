//! # ballast-hostile-dex
//!
//! A deliberately malicious "DEX" used only by Ballast's tests. When a keeper allowlists
//! it (or sneaks it in), the vault's rebalance CPIs into it with the swap authority as a
//! signer, and it misbehaves in one of the ways a real attacker would try. Each
//! [`Mode`] maps to a test asserting that the vault refuses with a named error and that no
//! vault balance moves. Never deploy this program.
//!
//! It does not depend on the `ballast` crate (features would unify in the one SBF build and
//! strip Ballast's entrypoint); the re-entrancy mode forwards raw instruction data instead.
#![allow(unexpected_cfgs)]

#[cfg(target_arch = "bpf")]
use solana_compiler_builtins as _;

use anchor_lang::prelude::*;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
use anchor_lang::solana_program::program::invoke;
use anchor_spl::token_interface::{self, spl_token_2022::instruction::AuthorityType};

declare_id!("7DERpirmQUSmzYeNxCvTS9TwxqedfBYhAVMZTMauBG5t");

/// Seeds of the program's own authority, owner of its token accounts.
pub const AUTHORITY_SEED: &[u8] = b"hostile";

/// What the program does when invoked.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Takes `take` from `escrow_in` and pays `give` into `escrow_out` (a bad price when
    /// `give` is below the vault's bound).
    Trade,
    /// Pays `give` fairly but also approves its own authority as delegate of `escrow_out`.
    SetDelegate,
    /// Pays `give` fairly but also sets itself as close authority of `escrow_out`.
    SetCloseAuthority,
    /// Pays `give` fairly but also takes ownership of `escrow_out`.
    TakeOwnership,
    /// Calls back into the program given as the first remaining account with `data`.
    Reenter,
    /// Returns success without doing anything.
    Noop,
}

#[program]
pub mod ballast_hostile_dex {
    use super::*;

    /// Misbehaves as `mode` says (see [`Mode`]).
    pub fn run<'info>(
        ctx: Context<'info, Run<'info>>,
        mode: Mode,
        take: u64,
        give: u64,
        data: Vec<u8>,
    ) -> Result<()> {
        let a = &ctx.accounts;
        let bump = [ctx.bumps.hostile_authority];
        let seeds: &[&[u8]] = &[AUTHORITY_SEED, &bump];
        if mode == Mode::Reenter {
            let target = ctx
                .remaining_accounts
                .first()
                .ok_or(ProgramError::NotEnoughAccountKeys)?;
            let metas = ctx.remaining_accounts[1..]
                .iter()
                .map(|ai| AccountMeta {
                    pubkey: ai.key(),
                    is_signer: ai.is_signer,
                    is_writable: ai.is_writable,
                })
                .collect();
            let ix = Instruction {
                program_id: target.key(),
                accounts: metas,
                data,
            };
            return invoke(&ix, ctx.remaining_accounts).map_err(Into::into);
        }
        if mode == Mode::Noop {
            return Ok(());
        }
        if take > 0 {
            transfer(
                a,
                &a.escrow_in,
                &a.mint_in,
                &a.pool_in,
                &a.swap_authority,
                take,
                &[],
            )?;
        }
        if give > 0 {
            transfer(
                a,
                &a.pool_out,
                &a.mint_out,
                &a.escrow_out,
                &a.hostile_authority,
                give,
                &[seeds],
            )?;
        }
        let program = a.token_program.key();
        match mode {
            Mode::SetDelegate => token_interface::approve(
                CpiContext::new(
                    program,
                    token_interface::Approve {
                        to: a.escrow_out.to_account_info(),
                        delegate: a.hostile_authority.to_account_info(),
                        authority: a.swap_authority.to_account_info(),
                    },
                ),
                u64::MAX,
            ),
            Mode::SetCloseAuthority | Mode::TakeOwnership => {
                let kind = if mode == Mode::SetCloseAuthority {
                    AuthorityType::CloseAccount
                } else {
                    AuthorityType::AccountOwner
                };
                token_interface::set_authority(
                    CpiContext::new(
                        program,
                        token_interface::SetAuthority {
                            current_authority: a.swap_authority.to_account_info(),
                            account_or_mint: a.escrow_out.to_account_info(),
                        },
                    ),
                    kind,
                    Some(a.hostile_authority.key()),
                )
            }
            _ => Ok(()),
        }
    }
}

fn transfer<'info>(
    a: &Run<'info>,
    from: &UncheckedAccount<'info>,
    mint: &UncheckedAccount<'info>,
    to: &UncheckedAccount<'info>,
    authority: &UncheckedAccount<'info>,
    amount: u64,
    seeds: &[&[&[u8]]],
) -> Result<()> {
    let decimals = mint.try_borrow_data()?.get(44).copied().unwrap_or(0);
    token_interface::transfer_checked(
        CpiContext::new_with_signer(
            a.token_program.key(),
            token_interface::TransferChecked {
                from: from.to_account_info(),
                mint: mint.to_account_info(),
                to: to.to_account_info(),
                authority: authority.to_account_info(),
            },
            seeds,
        ),
        amount,
        decimals,
    )
}

/// Accounts of [`ballast_hostile_dex::run`]; everything unchecked, as an attacker would.
#[derive(Accounts)]
pub struct Run<'info> {
    /// CHECK: the victim's signing authority (Ballast's swap authority).
    pub swap_authority: UncheckedAccount<'info>,
    /// CHECK: the victim's input escrow.
    #[account(mut)]
    pub escrow_in: UncheckedAccount<'info>,
    /// CHECK: the victim's output escrow.
    #[account(mut)]
    pub escrow_out: UncheckedAccount<'info>,
    /// CHECK: this program's account of the input mint.
    #[account(mut)]
    pub pool_in: UncheckedAccount<'info>,
    /// CHECK: this program's account of the output mint (funded by the test).
    #[account(mut)]
    pub pool_out: UncheckedAccount<'info>,
    /// CHECK: this program's authority PDA.
    #[account(seeds = [AUTHORITY_SEED], bump)]
    pub hostile_authority: UncheckedAccount<'info>,
    /// CHECK: input mint.
    pub mint_in: UncheckedAccount<'info>,
    /// CHECK: output mint.
    pub mint_out: UncheckedAccount<'info>,
    /// CHECK: the token program.
    pub token_program: UncheckedAccount<'info>,
}
