//! The local test venue, `ballast-test-amm`: pool addresses, the pool's accounts, swap
//! accounts and data, built from the venue's own Anchor types. Tests and demos only.

use anchor_lang::prelude::Pubkey;
use anchor_lang::{InstructionData, ToAccountMetas};
use ballast_test_amm::constants::{AUTHORITY_SEED, POOL_SEED, VAULT_SEED};
use solana_instruction::{AccountMeta, Instruction};

/// The two mints of a pair in pool order (smaller key first).
pub fn ordered(x: Pubkey, y: Pubkey) -> (Pubkey, Pubkey) {
    if x < y {
        (x, y)
    } else {
        (y, x)
    }
}

/// The pool PDA of a pair, given in either order.
pub fn pool_address(x: &Pubkey, y: &Pubkey) -> Pubkey {
    let (a, b) = ordered(*x, *y);
    Pubkey::find_program_address(&[POOL_SEED, a.as_ref(), b.as_ref()], &ballast_test_amm::ID).0
}

/// The authority PDA of `pool` (owner of its vaults).
pub fn pool_authority(pool: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[AUTHORITY_SEED, pool.as_ref()], &ballast_test_amm::ID).0
}

/// The vault PDA of `mint` in `pool`.
pub fn pool_vault(pool: &Pubkey, mint: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(
        &[VAULT_SEED, pool.as_ref(), mint.as_ref()],
        &ballast_test_amm::ID,
    )
    .0
}

/// The accounts of one pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AmmPool {
    /// The pool account.
    pub pool: Pubkey,
    /// Its authority PDA.
    pub authority: Pubkey,
    /// Side A mint (the smaller key).
    pub mint_a: Pubkey,
    /// Side B mint.
    pub mint_b: Pubkey,
    /// Side A reserve.
    pub vault_a: Pubkey,
    /// Side B reserve.
    pub vault_b: Pubkey,
    /// Side A token program.
    pub token_program_a: Pubkey,
    /// Side B token program.
    pub token_program_b: Pubkey,
    /// Swap fee, bps.
    pub fee_bps: u16,
}

impl AmmPool {
    /// The pool of two mints (either order) with their token programs, before it exists.
    pub fn derive(
        (mint_x, program_x): (Pubkey, Pubkey),
        (mint_y, program_y): (Pubkey, Pubkey),
        fee_bps: u16,
    ) -> Self {
        let ((mint_a, token_program_a), (mint_b, token_program_b)) = if mint_x < mint_y {
            ((mint_x, program_x), (mint_y, program_y))
        } else {
            ((mint_y, program_y), (mint_x, program_x))
        };
        let pool = pool_address(&mint_a, &mint_b);
        AmmPool {
            pool,
            authority: pool_authority(&pool),
            mint_a,
            mint_b,
            vault_a: pool_vault(&pool, &mint_a),
            vault_b: pool_vault(&pool, &mint_b),
            token_program_a,
            token_program_b,
            fee_bps,
        }
    }

    /// From the decoded pool account at `pool`.
    pub fn from_state(pool: Pubkey, state: &ballast_test_amm::state::Pool) -> Self {
        AmmPool {
            pool,
            authority: state.authority,
            mint_a: state.mint_a,
            mint_b: state.mint_b,
            vault_a: state.vault_a,
            vault_b: state.vault_b,
            token_program_a: state.token_program_a,
            token_program_b: state.token_program_b,
            fee_bps: state.fee_bps,
        }
    }

    /// Whether `mint` is one of the pool's two mints.
    pub fn has_mint(&self, mint: &Pubkey) -> bool {
        *mint == self.mint_a || *mint == self.mint_b
    }

    /// `(vault, token program)` of the side of `mint_in` and of the other side.
    fn sides(&self, mint_in: &Pubkey) -> ((Pubkey, Pubkey, Pubkey), (Pubkey, Pubkey, Pubkey)) {
        let a = (self.mint_a, self.vault_a, self.token_program_a);
        let b = (self.mint_b, self.vault_b, self.token_program_b);
        if *mint_in == self.mint_a {
            (a, b)
        } else {
            (b, a)
        }
    }

    /// The pool's reserve (vault) of `mint_in`'s side and of the other side.
    pub fn vaults_for(&self, mint_in: &Pubkey) -> (Pubkey, Pubkey) {
        let (i, o) = self.sides(mint_in);
        (i.1, o.1)
    }

    /// The `swap` instruction's accounts: `user_authority` sells `mint_in` from
    /// `user_source` and receives the other mint in `user_destination`.
    /// `user_authority` is marked a signer; for a vault rebalance, where the vault signs for
    /// its swap authority in the CPI, use [`AmmPool::rebalance_swap_accounts`].
    pub fn swap_accounts(
        &self,
        user_authority: &Pubkey,
        user_source: &Pubkey,
        user_destination: &Pubkey,
        mint_in: &Pubkey,
    ) -> Vec<AccountMeta> {
        let (i, o) = self.sides(mint_in);
        ballast_test_amm::accounts::Swap {
            pool: self.pool,
            pool_authority: self.authority,
            user_authority: *user_authority,
            user_source: *user_source,
            user_destination: *user_destination,
            vault_in: i.1,
            vault_out: o.1,
            mint_in: i.0,
            mint_out: o.0,
            token_program_in: i.2,
            token_program_out: o.2,
        }
        .to_account_metas(None)
    }

    /// The swap accounts a `rebalance` forwards: the escrows as source and destination and
    /// the vault's swap authority as a non-signer (the vault signs for it).
    pub fn rebalance_swap_accounts(
        &self,
        swap_authority: &Pubkey,
        sell_escrow: &Pubkey,
        buy_escrow: &Pubkey,
        sell_mint: &Pubkey,
    ) -> Vec<AccountMeta> {
        let mut metas = self.swap_accounts(swap_authority, sell_escrow, buy_escrow, sell_mint);
        for meta in metas.iter_mut().filter(|m| m.pubkey == *swap_authority) {
            meta.is_signer = false;
        }
        metas
    }

    /// The `create_pool` instruction.
    pub fn create_instruction(&self, payer: &Pubkey) -> Instruction {
        Instruction {
            program_id: ballast_test_amm::ID,
            accounts: ballast_test_amm::accounts::CreatePool {
                payer: *payer,
                pool: self.pool,
                pool_authority: self.authority,
                mint_a: self.mint_a,
                mint_b: self.mint_b,
                vault_a: self.vault_a,
                vault_b: self.vault_b,
                token_program_a: self.token_program_a,
                token_program_b: self.token_program_b,
                system_program: anchor_lang::system_program::ID,
            }
            .to_account_metas(None),
            data: ballast_test_amm::instruction::CreatePool {
                fee_bps: self.fee_bps,
            }
            .data(),
        }
    }

    /// The `add_liquidity` instruction: `provider` adds `amount_a` / `amount_b` from its
    /// token accounts `provider_a` / `provider_b` (locked forever).
    pub fn add_liquidity_instruction(
        &self,
        provider: &Pubkey,
        provider_a: &Pubkey,
        provider_b: &Pubkey,
        amount_a: u64,
        amount_b: u64,
    ) -> Instruction {
        Instruction {
            program_id: ballast_test_amm::ID,
            accounts: ballast_test_amm::accounts::AddLiquidity {
                provider: *provider,
                pool: self.pool,
                mint_a: self.mint_a,
                mint_b: self.mint_b,
                vault_a: self.vault_a,
                vault_b: self.vault_b,
                provider_a: *provider_a,
                provider_b: *provider_b,
                token_program_a: self.token_program_a,
                token_program_b: self.token_program_b,
            }
            .to_account_metas(None),
            data: ballast_test_amm::instruction::AddLiquidity { amount_a, amount_b }.data(),
        }
    }
}

/// The `swap` instruction data.
pub fn swap_data(amount_in: u64, min_amount_out: u64) -> Vec<u8> {
    ballast_test_amm::instruction::Swap {
        amount_in,
        min_amount_out,
    }
    .data()
}
