//! Instruction builders made from the program's own Anchor types. Each holds the
//! `ballast::accounts::*` struct, the remaining accounts and the arguments as public fields,
//! so an attack test can substitute any of them before calling `instruction()`.

use anchor_lang::prelude::{AccountMeta, Pubkey};
use anchor_lang::{InstructionData, ToAccountMetas};
use anchor_spl::token::spl_token;
use anchor_spl::token_2022::spl_token_2022;
use ballast::instructions::{AssetInit, DepositArgs, InitializeVaultArgs, WithdrawArgs};
use solana_instruction::Instruction;
use solana_signer::Signer;

use crate::fixtures::{User, VaultFixture, MAX_CONF_BPS, MAX_ORACLE_AGE_SECS};

fn instruction(
    accounts: Vec<AccountMeta>,
    remaining: &[AccountMeta],
    data: Vec<u8>,
) -> Instruction {
    let mut metas = accounts;
    metas.extend_from_slice(remaining);
    Instruction {
        program_id: ballast::ID,
        accounts: metas,
        data,
    }
}

/// `initialize_vault`.
pub struct InitializeVaultIx {
    pub accounts: ballast::accounts::InitializeVault,
    pub remaining: Vec<AccountMeta>,
    pub args: InitializeVaultArgs,
}

impl InitializeVaultIx {
    /// The instruction creating `vault` as described by its fixture.
    pub fn new(vault: &VaultFixture) -> Self {
        InitializeVaultIx {
            accounts: ballast::accounts::InitializeVault {
                manager: vault.manager.pubkey(),
                vault: vault.vault,
                vault_authority: vault.authority,
                swap_authority: vault.swap_authority,
                share_mint: vault.share_mint,
                token_program: spl_token::ID,
                token_2022_program: Some(spl_token_2022::ID),
                system_program: anchor_lang::system_program::ID,
            },
            remaining: vault
                .assets
                .iter()
                .flat_map(|a| {
                    [
                        AccountMeta::new_readonly(a.mint, false),
                        AccountMeta::new(a.reserve, false),
                    ]
                })
                .collect(),
            args: InitializeVaultArgs {
                vault_id: vault.vault_id,
                max_oracle_age_secs: MAX_ORACLE_AGE_SECS,
                max_conf_bps: MAX_CONF_BPS,
                assets: vault
                    .assets
                    .iter()
                    .map(|a| AssetInit {
                        feed_id: a.feed_id,
                        target_weight_bps: a.spec.weight_bps,
                    })
                    .collect(),
            },
        }
    }

    pub fn instruction(&self) -> Instruction {
        instruction(
            self.accounts.to_account_metas(None),
            &self.remaining,
            ballast::instruction::InitializeVault {
                args: self.args.clone(),
            }
            .data(),
        )
    }
}

/// `deposit`.
pub struct DepositIx {
    pub accounts: ballast::accounts::Deposit,
    pub remaining: Vec<AccountMeta>,
    pub args: DepositArgs,
}

impl DepositIx {
    /// `user` deposits `amount` of asset `asset_index`, accepting any number of shares.
    pub fn new(vault: &VaultFixture, user: &User, asset_index: usize, amount: u64) -> Self {
        let asset = &vault.assets[asset_index];
        DepositIx {
            accounts: ballast::accounts::Deposit {
                user: user.key(),
                vault: vault.vault,
                vault_authority: vault.authority,
                share_mint: vault.share_mint,
                user_token: user.tokens[asset_index],
                user_shares: user.shares,
                asset_mint: asset.mint,
                asset_token_program: asset.kind.id(),
                token_program: spl_token::ID,
            },
            remaining: vault
                .assets
                .iter()
                .enumerate()
                .flat_map(|(i, a)| {
                    let reserve = if i == asset_index {
                        AccountMeta::new(a.reserve, false)
                    } else {
                        AccountMeta::new_readonly(a.reserve, false)
                    };
                    [reserve, AccountMeta::new_readonly(a.price_account, false)]
                })
                .collect(),
            args: DepositArgs {
                asset_index: u8::try_from(asset_index).expect("small index"),
                amount,
                min_shares_out: 0,
            },
        }
    }

    pub fn instruction(&self) -> Instruction {
        instruction(
            self.accounts.to_account_metas(None),
            &self.remaining,
            ballast::instruction::Deposit { args: self.args }.data(),
        )
    }
}

/// `withdraw`.
pub struct WithdrawIx {
    pub accounts: ballast::accounts::Withdraw,
    pub remaining: Vec<AccountMeta>,
    pub args: WithdrawArgs,
}

impl WithdrawIx {
    /// `user` redeems `shares`, accepting any amounts.
    pub fn new(vault: &VaultFixture, user: &User, shares: u64) -> Self {
        WithdrawIx {
            accounts: ballast::accounts::Withdraw {
                user: user.key(),
                vault: vault.vault,
                vault_authority: vault.authority,
                share_mint: vault.share_mint,
                user_shares: user.shares,
                token_program: spl_token::ID,
                token_2022_program: Some(spl_token_2022::ID),
            },
            remaining: vault
                .assets
                .iter()
                .zip(&user.tokens)
                .flat_map(|(a, token)| {
                    [
                        AccountMeta::new(a.reserve, false),
                        AccountMeta::new(*token, false),
                        AccountMeta::new_readonly(a.mint, false),
                    ]
                })
                .collect(),
            args: WithdrawArgs {
                shares,
                min_amounts_out: vec![0; vault.assets.len()],
                skip_assets: 0,
            },
        }
    }

    pub fn instruction(&self) -> Instruction {
        instruction(
            self.accounts.to_account_metas(None),
            &self.remaining,
            ballast::instruction::Withdraw {
                args: self.args.clone(),
            }
            .data(),
        )
    }
}

/// `create_escrow` for asset `asset_index`, paid by `payer`.
pub fn create_escrow(vault: &VaultFixture, asset_index: usize, payer: &Pubkey) -> Instruction {
    let a = &vault.assets[asset_index];
    let accounts = ballast::accounts::CreateEscrow {
        payer: *payer,
        vault: vault.vault,
        swap_authority: vault.swap_authority,
        mint: a.mint,
        escrow: a.escrow,
        token_program: a.kind.id(),
        system_program: anchor_lang::system_program::ID,
    };
    let args = ballast::instructions::CreateEscrowArgs {
        asset_index: u8::try_from(asset_index).expect("small index"),
    };
    instruction(
        accounts.to_account_metas(None),
        &[],
        ballast::instruction::CreateEscrow { args }.data(),
    )
}

/// `set_lookup_table`, signed by the vault's manager.
pub struct SetLookupTableIx {
    pub accounts: ballast::accounts::SetLookupTable,
}

impl SetLookupTableIx {
    /// Publishes `table` as `vault`'s lookup table.
    pub fn new(vault: &VaultFixture, table: Pubkey) -> Self {
        SetLookupTableIx {
            accounts: ballast::accounts::SetLookupTable {
                manager: vault.manager.pubkey(),
                vault: vault.vault,
                lookup_table: table,
            },
        }
    }

    pub fn instruction(&self) -> Instruction {
        instruction(
            self.accounts.to_account_metas(None),
            &[],
            ballast::instruction::SetLookupTable {}.data(),
        )
    }
}

/// `configure_rebalance`, signed by the vault's manager.
pub struct ConfigureRebalanceIx {
    pub accounts: ballast::accounts::ConfigureRebalance,
    pub args: ballast::instructions::ConfigureRebalanceArgs,
}

impl ConfigureRebalanceIx {
    /// A 5-percentage-point absolute band traded back to target, 1% slippage, swaps of at
    /// most half the NAV and at least $1, a one-hour cooldown, `dexes` allowlisted and a
    /// keeper reward of 10 bps capped at $10.
    pub fn new(vault: &VaultFixture, dexes: &[Pubkey]) -> Self {
        use ballast_math::policy::Policy;
        ConfigureRebalanceIx {
            accounts: ballast::accounts::ConfigureRebalance {
                manager: vault.manager.pubkey(),
                vault: vault.vault,
            },
            args: ballast::instructions::ConfigureRebalanceArgs {
                policy: Policy::AbsoluteBand { band_bps: 500 }.to_bytes(),
                trade_target: ballast_math::target::TradeTarget::OutOfBandToTarget.to_u8(),
                dex_allowlist: dexes.to_vec(),
                max_slippage_bps: 100,
                max_swap_bps: 5_000,
                min_notional_micro_usd: 1_000_000,
                cooldown_secs: 3_600,
                keeper_reward_bps: 10,
                keeper_reward_cap_micro_usd: 10_000_000,
            },
        }
    }

    pub fn instruction(&self) -> Instruction {
        instruction(
            self.accounts.to_account_metas(None),
            &[],
            ballast::instruction::ConfigureRebalance {
                args: self.args.clone(),
            }
            .data(),
        )
    }
}

/// `rebalance`.
pub struct RebalanceIx {
    pub accounts: ballast::accounts::Rebalance,
    /// `[reserve_i, price_i]` per asset.
    pub asset_accounts: Vec<AccountMeta>,
    /// The DEX instruction's accounts.
    pub dex_accounts: Vec<AccountMeta>,
    pub args: ballast::instructions::RebalanceArgs,
}

impl RebalanceIx {
    /// `keeper` sells `amount_in` of asset `sell` for asset `buy` through `dex_program`
    /// with `dex_accounts` and `dex_data`; the reward goes to `keeper_account`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        vault: &VaultFixture,
        keeper: &Pubkey,
        keeper_account: &Pubkey,
        sell: usize,
        buy: usize,
        amount_in: u64,
        dex_program: Pubkey,
        dex_accounts: Vec<AccountMeta>,
        dex_data: Vec<u8>,
    ) -> Self {
        let (s, b) = (&vault.assets[sell], &vault.assets[buy]);
        RebalanceIx {
            accounts: ballast::accounts::Rebalance {
                keeper: *keeper,
                vault: vault.vault,
                vault_authority: vault.authority,
                swap_authority: vault.swap_authority,
                sell_escrow: s.escrow,
                buy_escrow: b.escrow,
                sell_mint: s.mint,
                buy_mint: b.mint,
                keeper_reward_account: *keeper_account,
                token_program: spl_token::ID,
                token_2022_program: Some(spl_token_2022::ID),
                dex_program,
            },
            asset_accounts: vault
                .assets
                .iter()
                .enumerate()
                .flat_map(|(i, a)| {
                    let reserve = if i == sell || i == buy {
                        AccountMeta::new(a.reserve, false)
                    } else {
                        AccountMeta::new_readonly(a.reserve, false)
                    };
                    [reserve, AccountMeta::new_readonly(a.price_account, false)]
                })
                .collect(),
            dex_accounts,
            args: ballast::instructions::RebalanceArgs {
                sell_index: u8::try_from(sell).expect("small index"),
                buy_index: u8::try_from(buy).expect("small index"),
                amount_in,
                dex_data,
            },
        }
    }

    pub fn instruction(&self) -> Instruction {
        let mut remaining = self.asset_accounts.clone();
        remaining.extend_from_slice(&self.dex_accounts);
        instruction(
            self.accounts.to_account_metas(None),
            &remaining,
            ballast::instruction::Rebalance {
                args: self.args.clone(),
            }
            .data(),
        )
    }
}

/// Marks the account at `key` in `metas` as not signing (for missing-signer tests).
pub fn unsign(mut ix: Instruction, key: &Pubkey) -> Instruction {
    for meta in ix.accounts.iter_mut().filter(|m| m.pubkey == *key) {
        meta.is_signer = false;
    }
    ix
}
