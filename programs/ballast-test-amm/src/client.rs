//! The venue's off-chain client (compiled only off chain, so the program's `.so` does not
//! change): pool addresses, the pool's accounts, instruction builders for `create_pool`,
//! `add_liquidity` and `swap` made from the program's own Anchor types, pool decoding, and
//! the arbitrage input that brings a pool to a price.
//!
//! Used by the Ballast keeper's test-AMM venue (quotes and the swap a `rebalance`
//! forwards), by the sandbox (demo pools and their arbitrageur) and by the tests. It needs
//! only `anchor-lang`: no chain, no RPC client, no VM.

use anchor_lang::prelude::{AccountMeta, Pubkey};
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{AccountDeserialize, InstructionData, ToAccountMetas};

use crate::constants::{AUTHORITY_SEED, POOL_SEED, VAULT_SEED};
use crate::state::Pool;

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
    unordered_pool_address(&a, &b)
}

/// The PDA `[POOL_SEED, a, b]` with the mints in the order given (only `a < b` can be
/// created; the reversed order is for tests of that refusal).
fn unordered_pool_address(a: &Pubkey, b: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[POOL_SEED, a.as_ref(), b.as_ref()], &crate::ID).0
}

/// The authority PDA of `pool` (owner of its vaults).
pub fn pool_authority(pool: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[AUTHORITY_SEED, pool.as_ref()], &crate::ID).0
}

/// The vault PDA of `mint` in `pool`.
pub fn pool_vault(pool: &Pubkey, mint: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[VAULT_SEED, pool.as_ref(), mint.as_ref()], &crate::ID).0
}

/// Decodes a pool account's data (discriminator and layout; the caller checks the owner).
pub fn decode_pool(data: &[u8]) -> anchor_lang::Result<Pool> {
    Pool::try_deserialize(&mut &data[..])
}

/// The accounts of one pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AmmPool {
    /// The pool account.
    pub pool: Pubkey,
    /// Its authority PDA.
    pub authority: Pubkey,
    /// Side A mint (the smaller key, for a pool that can exist).
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
        if mint_x < mint_y {
            Self::derive_unordered((mint_x, program_x), (mint_y, program_y), fee_bps)
        } else {
            Self::derive_unordered((mint_y, program_y), (mint_x, program_x), fee_bps)
        }
    }

    /// The addresses of the pool `(a, b)` in the order given, without sorting: only
    /// `a < b` can be created (tests use the other order to see it refused).
    pub fn derive_unordered(
        (mint_a, token_program_a): (Pubkey, Pubkey),
        (mint_b, token_program_b): (Pubkey, Pubkey),
        fee_bps: u16,
    ) -> Self {
        let pool = unordered_pool_address(&mint_a, &mint_b);
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
    pub fn from_state(pool: Pubkey, state: &Pool) -> Self {
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

    /// `(mint, vault, token program)` of `mint`'s side and of the other side (a mint that
    /// is not side A counts as side B).
    fn sides(&self, mint: &Pubkey) -> ((Pubkey, Pubkey, Pubkey), (Pubkey, Pubkey, Pubkey)) {
        let a = (self.mint_a, self.vault_a, self.token_program_a);
        let b = (self.mint_b, self.vault_b, self.token_program_b);
        if *mint == self.mint_a {
            (a, b)
        } else {
            (b, a)
        }
    }

    /// The other mint of the pair.
    pub fn other_mint(&self, mint: &Pubkey) -> Pubkey {
        self.sides(mint).1 .0
    }

    /// The pool's vault of `mint`.
    pub fn vault_of(&self, mint: &Pubkey) -> Pubkey {
        self.sides(mint).0 .1
    }

    /// The token program of `mint`.
    pub fn token_program_of(&self, mint: &Pubkey) -> Pubkey {
        self.sides(mint).0 .2
    }

    /// The pool's reserve (vault) of `mint_in`'s side and of the other side.
    pub fn vaults_for(&self, mint_in: &Pubkey) -> (Pubkey, Pubkey) {
        let (i, o) = self.sides(mint_in);
        (i.1, o.1)
    }

    /// `swap`: `user_authority` sells `amount_in` of `mint_in` from `user_source` and
    /// receives at least `min_amount_out` of the other mint in `user_destination`.
    pub fn swap(
        &self,
        user_authority: &Pubkey,
        user_source: &Pubkey,
        user_destination: &Pubkey,
        mint_in: &Pubkey,
        amount_in: u64,
        min_amount_out: u64,
    ) -> Swap {
        let (i, o) = self.sides(mint_in);
        Swap {
            accounts: crate::accounts::Swap {
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
            },
            amount_in,
            min_amount_out,
        }
    }

    /// The `swap` instruction's accounts (`user_authority` a signer). For a vault
    /// rebalance, where the vault signs for its swap authority in the CPI, use
    /// [`AmmPool::rebalance_swap_accounts`].
    pub fn swap_accounts(
        &self,
        user_authority: &Pubkey,
        user_source: &Pubkey,
        user_destination: &Pubkey,
        mint_in: &Pubkey,
    ) -> Vec<AccountMeta> {
        self.swap(user_authority, user_source, user_destination, mint_in, 0, 0)
            .account_metas()
    }

    /// The swap accounts a Ballast `rebalance` forwards: the escrows as source and
    /// destination and the vault's swap authority as a non-signer (the vault signs for it).
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

    /// The `create_pool` instruction (accounts in the order stored here).
    pub fn create_instruction(&self, payer: &Pubkey) -> Instruction {
        Instruction {
            program_id: crate::ID,
            accounts: crate::accounts::CreatePool {
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
            data: crate::instruction::CreatePool {
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
            program_id: crate::ID,
            accounts: crate::accounts::AddLiquidity {
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
            data: crate::instruction::AddLiquidity { amount_a, amount_b }.data(),
        }
    }
}

/// `swap`, with the accounts struct and arguments public so that a test can substitute
/// any of them before calling [`Swap::instruction`].
#[derive(Clone, Debug)]
pub struct Swap {
    /// The program's accounts, in its order.
    pub accounts: crate::accounts::Swap,
    /// Base units sold.
    pub amount_in: u64,
    /// The least output accepted.
    pub min_amount_out: u64,
}

impl Swap {
    /// The account metas, in the program's order.
    pub fn account_metas(&self) -> Vec<AccountMeta> {
        self.accounts.to_account_metas(None)
    }

    /// The instruction data.
    pub fn data(&self) -> Vec<u8> {
        swap_data(self.amount_in, self.min_amount_out)
    }

    /// The instruction.
    pub fn instruction(&self) -> Instruction {
        Instruction {
            program_id: crate::ID,
            accounts: self.account_metas(),
            data: self.data(),
        }
    }
}

/// The `swap` instruction data.
pub fn swap_data(amount_in: u64, min_amount_out: u64) -> Vec<u8> {
    crate::instruction::Swap {
        amount_in,
        min_amount_out,
    }
    .data()
}

/// The input that moves a constant-product pool with reserves `reserve_in`/`reserve_out`
/// and fee `fee_bps` to `reserve_in' / reserve_out' = target`, where `target` is the wanted
/// price of the output side in units of the input side; 0 when that price is already at or
/// above the target (the trade would go the other way). `f64`: for arbitrageurs of tests
/// and demos, which only need to land close to a price.
///
/// With `d` in, `d' = d (1 - f)` after the fee, the reserves become `R_in + d` and
/// `R_out R_in / (R_in + d')`, so the price is `(R_in + d)(R_in + d') / (R_in R_out)`.
/// Setting it to `target` gives `(1 - f) d^2 + (2 - f) R_in d + R_in^2 - target R_in R_out
/// = 0`, whose positive root this returns (rounded down).
pub fn arbitrage_input(reserve_in: u64, reserve_out: u64, fee_bps: u16, target: f64) -> u64 {
    let (r_in, r_out) = (reserve_in as f64, reserve_out as f64);
    let f = f64::from(fee_bps) / 10_000.0;
    let c = r_in * r_in - target * r_in * r_out;
    if c >= 0.0 {
        return 0;
    }
    let (qa, qb) = (1.0 - f, (2.0 - f) * r_in);
    let d = (-qb + (qb * qb - 4.0 * qa * c).sqrt()) / (2.0 * qa);
    d.max(0.0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pool_is_the_same_whichever_order_its_mints_are_given_in() {
        let (x, y) = (Pubkey::new_unique(), Pubkey::new_unique());
        let (p, q) = (Pubkey::new_unique(), Pubkey::new_unique());
        let pool = AmmPool::derive((x, p), (y, q), 30);
        assert_eq!(pool, AmmPool::derive((y, q), (x, p), 30));
        assert!(pool.mint_a < pool.mint_b);
        assert_eq!(pool.pool, pool_address(&y, &x));
        assert_eq!(pool.token_program_of(&x), p);
        assert_eq!(pool.other_mint(&x), y);
        let reversed = AmmPool::derive_unordered((pool.mint_b, q), (pool.mint_a, p), 30);
        assert_ne!(reversed.pool, pool.pool);
    }

    #[test]
    fn the_arbitrage_input_brings_the_pool_to_the_target_price() {
        let (r_in, r_out, fee) = (1_000_000_000u64, 2_000_000_000u64, 30);
        // The output side is worth 0.5 input units now; move it to 0.6.
        let d = arbitrage_input(r_in, r_out, fee, 0.6);
        let q = crate::quote_swap(d, r_in, r_out, fee).unwrap();
        let price = (r_in + d) as f64 / (r_out - q.amount_out) as f64;
        assert!((price / 0.6 - 1.0).abs() < 1e-6, "{price}");
        assert_eq!(arbitrage_input(r_in, r_out, fee, 0.4), 0);
    }
}
