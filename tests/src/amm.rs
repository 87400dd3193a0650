//! The local test venue, `ballast-test-amm`, in the harness: loading its `.so`, pools,
//! liquidity and traders. Addresses and instructions are the venue's own client
//! (`ballast_test_amm::client`: [`AmmPool`], [`Swap`]), whose fields a test may change
//! before sending.

use anchor_lang::prelude::Pubkey;
pub use ballast_test_amm::client::{
    decode_pool, ordered, pool_address, pool_authority as pool_authority_address,
    pool_vault as pool_vault_address, swap_data, AmmPool, Swap,
};
pub use ballast_test_amm::error::AmmError;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::{assert_error_code, Failed, Harness, Sent, TokenKind};

/// A trader: a funded keypair with one token account per side of a pool.
pub struct AmmTrader {
    pub keypair: Keypair,
    /// Token account of `mint_a`.
    pub token_a: Pubkey,
    /// Token account of `mint_b`.
    pub token_b: Pubkey,
}

impl AmmTrader {
    pub fn key(&self) -> Pubkey {
        self.keypair.pubkey()
    }

    /// The trader's account of `mint` (side A or B of `pool`).
    pub fn account_of(&self, pool: &AmmPool, mint: &Pubkey) -> Pubkey {
        assert!(
            pool.has_mint(mint),
            "{mint} is not a mint of pool {}",
            pool.pool
        );
        if *mint == pool.mint_a {
            self.token_a
        } else {
            self.token_b
        }
    }

    /// The swap of `amount_in` of `mint_in` from this trader's account to its account of
    /// the other side.
    pub fn swap(&self, pool: &AmmPool, mint_in: &Pubkey, amount_in: u64, min_out: u64) -> Swap {
        let mint_out = pool.other_mint(mint_in);
        pool.swap(
            &self.key(),
            &self.account_of(pool, mint_in),
            &self.account_of(pool, &mint_out),
            mint_in,
            amount_in,
            min_out,
        )
    }
}

/// Compute units of the venue's top-level instructions in a transaction, CPIs included (a
/// venue reached by CPI from another program is not counted).
pub fn amm_units(sent: &Sent) -> u64 {
    ballast_sdk::logs::program_units_at(&sent.logs, &ballast_test_amm::ID, 1)
}

/// Asserts that `result` failed with the venue's error `expected`.
#[track_caller]
pub fn assert_amm_error<T: std::fmt::Debug>(result: Result<T, Failed>, expected: AmmError) {
    let code: u32 = expected.into();
    assert_error_code(result, code, &format!("{expected:?}"));
}

impl Harness {
    /// Loads `target/deploy/ballast_test_amm.so` at its program id.
    pub fn load_amm(&mut self) {
        self.load_program(ballast_test_amm::ID, "ballast_test_amm");
    }

    /// Creates the pool of two mints (given in either order; sorted here) charging
    /// `fee_bps`. The venue must be loaded ([`Harness::load_amm`]).
    pub fn create_pool(
        &mut self,
        mint_x: Pubkey,
        kind_x: TokenKind,
        mint_y: Pubkey,
        kind_y: TokenKind,
        fee_bps: u16,
    ) -> AmmPool {
        let pool = AmmPool::derive((mint_x, kind_x.id()), (mint_y, kind_y.id()), fee_bps);
        let ix = pool.create_instruction(&self.payer().pubkey());
        self.send_ok(&[ix], &[]);
        pool
    }

    /// A funded trader with a token account per side of `pool`, holding `amount_a` of side A
    /// and `amount_b` of side B (minted by the payer, the authority of harness mints).
    pub fn create_amm_trader(&mut self, pool: &AmmPool, amount_a: u64, amount_b: u64) -> AmmTrader {
        let keypair = self.funded_keypair();
        let token_a = self.create_token_account(&pool.mint_a, &keypair.pubkey());
        let token_b = self.create_token_account(&pool.mint_b, &keypair.pubkey());
        if amount_a > 0 {
            self.mint_tokens(&pool.mint_a, &token_a, amount_a);
        }
        if amount_b > 0 {
            self.mint_tokens(&pool.mint_b, &token_b, amount_b);
        }
        AmmTrader {
            keypair,
            token_a,
            token_b,
        }
    }

    /// The `add_liquidity` instruction: `provider` adds `amount_a` / `amount_b` from its
    /// token accounts.
    pub fn add_liquidity_ix(
        &self,
        pool: &AmmPool,
        provider: &AmmTrader,
        amount_a: u64,
        amount_b: u64,
    ) -> Instruction {
        pool.add_liquidity_instruction(
            &provider.key(),
            &provider.token_a,
            &provider.token_b,
            amount_a,
            amount_b,
        )
    }

    /// Mints `amount_a` / `amount_b` to a fresh provider and adds them to `pool` (locked
    /// forever).
    pub fn add_liquidity(&mut self, pool: &AmmPool, amount_a: u64, amount_b: u64) -> Sent {
        let provider = self.create_amm_trader(pool, amount_a, amount_b);
        let ix = self.add_liquidity_ix(pool, &provider, amount_a, amount_b);
        self.send_ok(&[ix], &[&provider.keypair])
    }

    /// `(vault A balance, vault B balance)` of `pool`.
    pub fn pool_reserves(&self, pool: &AmmPool) -> (u64, u64) {
        (
            self.token_balance(&pool.vault_a),
            self.token_balance(&pool.vault_b),
        )
    }

    /// The venue's stored pool account.
    pub fn pool_state(&self, pool: &AmmPool) -> ballast_test_amm::state::Pool {
        let account = self.account(&pool.pool).expect("pool exists");
        decode_pool(&account.data).expect("pool account")
    }
}
