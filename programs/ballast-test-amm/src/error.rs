//! Every way an instruction can refuse, each with its own code.

use anchor_lang::prelude::*;

#[error_code]
pub enum AmmError {
    // --- create_pool ---
    #[msg("mint_a must sort strictly before mint_b (one pool per pair)")]
    MintsNotOrdered,
    #[msg("fee_bps above MAX_FEE_BPS (1000)")]
    FeeTooHigh,
    #[msg("Token-2022 mint with a transfer fee or transfer hook (amounts would change in flight)")]
    UnsupportedMint,

    // --- account substitution ---
    #[msg("vault_in and vault_out must be the pool's two vaults, in either order")]
    VaultMismatch,
    #[msg("Mint is not the mint of the corresponding pool vault")]
    MintMismatch,
    #[msg("Token program is not the one of the corresponding pool mint")]
    TokenProgramMismatch,
    #[msg("pool_authority is not this pool's authority PDA")]
    PoolAuthorityMismatch,
    #[msg("Token account is not an initialized account of the expected token program")]
    InvalidTokenAccount,
    #[msg("User token account holds another mint than the swapped side")]
    UserTokenMintMismatch,

    // --- amounts ---
    #[msg("Amount must be greater than zero")]
    ZeroAmount,
    #[msg("The pool has no liquidity on one side")]
    EmptyPool,
    #[msg("The swap would pay out nothing")]
    ZeroOutput,
    #[msg("The swap would pay out less than min_amount_out")]
    MinAmountOutNotMet,
    #[msg("Arithmetic overflow")]
    MathOverflow,
}
