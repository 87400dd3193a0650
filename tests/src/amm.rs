//! The local test venue, `ballast-test-amm`, in the harness: loading its `.so`, pools,
//! liquidity, traders, and swap instructions built from the program's own Anchor types
//! (`ballast_test_amm::accounts::*`, `ballast_test_amm::instruction::*`).
//!
//! Ballast's rebalance passes a venue's account metas and data through to a CPI, so the
//! swap is also available as separate parts: [`swap_accounts`] and [`swap_data`].

use anchor_lang::prelude::{AccountMeta, Pubkey};
use anchor_lang::{InstructionData, ToAccountMetas};
use ballast_test_amm::constants::POOL_SEED;
pub use ballast_test_amm::error::AmmError;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::{assert_error_code, Failed, Harness, Sent, TokenKind};

/// Where `scripts/build-sbf.sh` writes the venue.
pub fn amm_program_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/deploy/ballast_test_amm.so")
}

// Pool addresses: the venue client's, under the harness's names.
pub use ballast_test_amm::client::{
    ordered, pool_address, pool_authority as pool_authority_address,
    pool_vault as pool_vault_address,
};

/// A created pool.
#[derive(Clone, Copy, Debug)]
pub struct AmmPool {
    pub pool: Pubkey,
    pub authority: Pubkey,
    /// The smaller mint key of the pair.
    pub mint_a: Pubkey,
    pub mint_b: Pubkey,
    pub vault_a: Pubkey,
    pub vault_b: Pubkey,
    pub kind_a: TokenKind,
    pub kind_b: TokenKind,
    pub fee_bps: u16,
}

impl AmmPool {
    /// The addresses of the pool of `(mint_a, mint_b)`, in the order given (no sorting:
    /// use [`ordered`] first for a pool that can be created).
    pub fn derive(
        mint_a: Pubkey,
        kind_a: TokenKind,
        mint_b: Pubkey,
        kind_b: TokenKind,
        fee_bps: u16,
    ) -> Self {
        let pool = Pubkey::find_program_address(
            &[POOL_SEED, mint_a.as_ref(), mint_b.as_ref()],
            &ballast_test_amm::ID,
        )
        .0;
        AmmPool {
            pool,
            authority: pool_authority_address(&pool),
            mint_a,
            mint_b,
            vault_a: pool_vault_address(&pool, &mint_a),
            vault_b: pool_vault_address(&pool, &mint_b),
            kind_a,
            kind_b,
            fee_bps,
        }
    }

    /// Whether `mint` is side A (panics if it is neither side).
    fn is_a(&self, mint: &Pubkey) -> bool {
        assert!(
            *mint == self.mint_a || *mint == self.mint_b,
            "{mint} is not a mint of pool {}",
            self.pool
        );
        *mint == self.mint_a
    }

    /// The other mint of the pair.
    pub fn other_mint(&self, mint: &Pubkey) -> Pubkey {
        if self.is_a(mint) {
            self.mint_b
        } else {
            self.mint_a
        }
    }

    /// The vault of `mint`.
    pub fn vault_of(&self, mint: &Pubkey) -> Pubkey {
        if self.is_a(mint) {
            self.vault_a
        } else {
            self.vault_b
        }
    }

    /// The token kind of `mint`.
    pub fn kind_of(&self, mint: &Pubkey) -> TokenKind {
        if self.is_a(mint) {
            self.kind_a
        } else {
            self.kind_b
        }
    }

    /// The `create_pool` instruction for this pool (accounts in the order stored here).
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
                token_program_a: self.kind_a.id(),
                token_program_b: self.kind_b.id(),
                system_program: anchor_lang::system_program::ID,
            }
            .to_account_metas(None),
            data: ballast_test_amm::instruction::CreatePool {
                fee_bps: self.fee_bps,
            }
            .data(),
        }
    }
}

/// `swap`, with the accounts struct and arguments public so that a test can substitute
/// any of them before calling [`SwapIx::instruction`].
#[derive(Clone, Debug)]
pub struct SwapIx {
    pub accounts: ballast_test_amm::accounts::Swap,
    pub amount_in: u64,
    pub min_amount_out: u64,
}

impl SwapIx {
    /// `user_authority` swaps `amount_in` of `mint_in` from `user_source` into `pool`,
    /// receiving the other mint in `user_destination`, accepting at least `min_out`.
    pub fn new(
        pool: &AmmPool,
        user_authority: &Pubkey,
        user_source: &Pubkey,
        user_destination: &Pubkey,
        mint_in: &Pubkey,
        amount_in: u64,
        min_out: u64,
    ) -> Self {
        let mint_out = pool.other_mint(mint_in);
        SwapIx {
            accounts: ballast_test_amm::accounts::Swap {
                pool: pool.pool,
                pool_authority: pool.authority,
                user_authority: *user_authority,
                user_source: *user_source,
                user_destination: *user_destination,
                vault_in: pool.vault_of(mint_in),
                vault_out: pool.vault_of(&mint_out),
                mint_in: *mint_in,
                mint_out,
                token_program_in: pool.kind_of(mint_in).id(),
                token_program_out: pool.kind_of(&mint_out).id(),
            },
            amount_in,
            min_amount_out: min_out,
        }
    }

    /// The account metas, in the program's order.
    pub fn account_metas(&self) -> Vec<AccountMeta> {
        self.accounts.to_account_metas(None)
    }

    /// The instruction data.
    pub fn data(&self) -> Vec<u8> {
        swap_data(self.amount_in, self.min_amount_out)
    }

    pub fn instruction(&self) -> Instruction {
        Instruction {
            program_id: ballast_test_amm::ID,
            accounts: self.account_metas(),
            data: self.data(),
        }
    }
}

/// The `swap` instruction (see [`SwapIx::new`]).
pub fn swap_ix(
    pool: &AmmPool,
    user_authority: &Pubkey,
    user_source: &Pubkey,
    user_destination: &Pubkey,
    mint_in: &Pubkey,
    amount_in: u64,
    min_out: u64,
) -> Instruction {
    SwapIx::new(
        pool,
        user_authority,
        user_source,
        user_destination,
        mint_in,
        amount_in,
        min_out,
    )
    .instruction()
}

/// The account metas of a swap, in the program's order (`user_authority` a signer), for a
/// caller that forwards them through a CPI.
pub fn swap_accounts(
    pool: &AmmPool,
    user_authority: &Pubkey,
    user_source: &Pubkey,
    user_destination: &Pubkey,
    mint_in: &Pubkey,
) -> Vec<AccountMeta> {
    SwapIx::new(
        pool,
        user_authority,
        user_source,
        user_destination,
        mint_in,
        0,
        0,
    )
    .account_metas()
}

/// The instruction data of a swap.
pub fn swap_data(amount_in: u64, min_out: u64) -> Vec<u8> {
    ballast_test_amm::instruction::Swap {
        amount_in,
        min_amount_out: min_out,
    }
    .data()
}

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
        if pool.is_a(mint) {
            self.token_a
        } else {
            self.token_b
        }
    }

    /// The swap of `amount_in` of `mint_in` from this trader's account to its account of
    /// the other side.
    pub fn swap(&self, pool: &AmmPool, mint_in: &Pubkey, amount_in: u64, min_out: u64) -> SwapIx {
        let mint_out = pool.other_mint(mint_in);
        SwapIx::new(
            pool,
            &self.key(),
            &self.account_of(pool, mint_in),
            &self.account_of(pool, &mint_out),
            mint_in,
            amount_in,
            min_out,
        )
    }
}

/// Compute units of the venue's top-level instructions in a transaction, CPIs included:
/// the sum of their "Program GVdh... consumed N of M" lines (a venue reached by CPI from
/// another program is not counted).
pub fn amm_units(sent: &Sent) -> u64 {
    let amm = ballast_test_amm::ID.to_string();
    let mut depth = 0usize;
    let mut total = 0;
    for line in &sent.logs {
        let Some(rest) = line.strip_prefix("Program ") else {
            continue;
        };
        let mut words = rest.split(' ');
        let (Some(id), Some(what)) = (words.next(), words.next()) else {
            continue;
        };
        match what {
            "invoke" => depth += 1,
            "consumed" if depth == 1 && id == amm => {
                total += words
                    .next()
                    .and_then(|n| n.parse::<u64>().ok())
                    .expect("consumed N");
            }
            "success" | "failed:" => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    total
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
        let path = amm_program_path();
        let bytes = std::fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {} ({e}): build the test venue first with scripts/build-sbf.sh",
                path.display()
            )
        });
        self.svm
            .add_program(ballast_test_amm::ID, &bytes)
            .expect("load ballast_test_amm.so");
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
        let pool = if mint_x < mint_y {
            AmmPool::derive(mint_x, kind_x, mint_y, kind_y, fee_bps)
        } else {
            AmmPool::derive(mint_y, kind_y, mint_x, kind_x, fee_bps)
        };
        let ix = pool.create_instruction(&self.payer.pubkey());
        self.send_ok(&[ix], &[]);
        pool
    }

    /// A funded trader with a token account per side of `pool`, holding `amount_a` of side A
    /// and `amount_b` of side B (minted by the payer, the authority of harness mints).
    pub fn create_amm_trader(&mut self, pool: &AmmPool, amount_a: u64, amount_b: u64) -> AmmTrader {
        let keypair = self.funded_keypair();
        let token_a = self.create_token_account(&pool.mint_a, &keypair.pubkey(), pool.kind_a);
        let token_b = self.create_token_account(&pool.mint_b, &keypair.pubkey(), pool.kind_b);
        if amount_a > 0 {
            self.mint_tokens(&pool.mint_a, &token_a, amount_a, pool.kind_a);
        }
        if amount_b > 0 {
            self.mint_tokens(&pool.mint_b, &token_b, amount_b, pool.kind_b);
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
        Instruction {
            program_id: ballast_test_amm::ID,
            accounts: ballast_test_amm::accounts::AddLiquidity {
                provider: provider.key(),
                pool: pool.pool,
                mint_a: pool.mint_a,
                mint_b: pool.mint_b,
                vault_a: pool.vault_a,
                vault_b: pool.vault_b,
                provider_a: provider.token_a,
                provider_b: provider.token_b,
                token_program_a: pool.kind_a.id(),
                token_program_b: pool.kind_b.id(),
            }
            .to_account_metas(None),
            data: ballast_test_amm::instruction::AddLiquidity { amount_a, amount_b }.data(),
        }
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
        use anchor_lang::AccountDeserialize;
        let account = self.account(&pool.pool).expect("pool exists");
        ballast_test_amm::state::Pool::try_deserialize(&mut account.data.as_slice())
            .expect("pool account")
    }
}
