//! Every way an instruction can refuse, each with its own code.

use anchor_lang::prelude::*;
use ballast_math::MathError;

#[error_code]
pub enum BallastError {
    // --- configuration (initialize_vault) ---
    #[msg("A vault needs at least 2 assets")]
    TooFewAssets,
    #[msg("A vault holds at most MAX_ASSETS (16) assets")]
    TooManyAssets,
    #[msg("Remaining accounts do not match the vault's assets (count or order)")]
    AssetAccountsMismatch,
    #[msg("Every asset needs a non-zero target weight")]
    ZeroWeight,
    #[msg("Target weights must sum to exactly 10000 bps")]
    WeightsDoNotSum,
    #[msg("The same mint appears twice (or is the share mint)")]
    DuplicateMint,
    #[msg("Oracle limits out of range: max_oracle_age_secs 1..=300, fresh_price_secs 1..=60 and at most max_oracle_age_secs, max_conf_bps 1..=9999")]
    InvalidOracleConfig,
    #[msg("Mint is not an initialized SPL Token or Token-2022 mint")]
    InvalidMint,
    #[msg("Mint decimals above 18 are not supported")]
    MintDecimalsUnsupported,
    #[msg("Token-2022 mint has an extension the vault refuses (see the program log)")]
    UnsupportedMintExtension,
    #[msg("Reserve account is not the PDA [reserve, vault, mint]")]
    ReserveAddressMismatch,
    #[msg("Token-2022 program account missing or wrong")]
    MissingToken2022Program,

    // --- account substitution ---
    #[msg("Asset index outside the vault's assets")]
    AssetIndexOutOfRange,
    #[msg("Mint is not the vault's mint for this asset")]
    MintMismatch,
    #[msg("Reserve is not the vault's reserve for this asset")]
    ReserveMismatch,
    #[msg("Share mint is not this vault's share mint")]
    ShareMintMismatch,
    #[msg("Vault authority is not this vault's authority PDA")]
    VaultAuthorityMismatch,
    #[msg("Token program does not match the asset's token program")]
    TokenProgramMismatch,
    #[msg("Token account is not an initialized account of the expected token program")]
    InvalidTokenAccount,
    #[msg("User token account holds another mint than the asset")]
    UserTokenMintMismatch,
    #[msg("User share account holds another mint than the vault's shares")]
    UserShareAccountMismatch,
    #[msg("Account must be writable")]
    AccountNotWritable,

    // --- oracle ---
    #[msg("Price account is not owned by the Pyth receiver program")]
    OracleWrongOwner,
    #[msg("Price account is not a PriceUpdateV2")]
    OracleInvalidAccount,
    #[msg("Price update is only partially verified")]
    OracleNotFullyVerified,
    #[msg("Price feed id is not the asset's feed")]
    OracleFeedMismatch,
    #[msg("Price is older than the vault allows (fresh_price_secs for deposits and swaps, max_oracle_age_secs for open_round)")]
    OracleStale,
    #[msg("Price confidence interval is wider than max_conf_bps")]
    OracleConfidenceTooWide,
    #[msg("Price is zero or negative")]
    OracleNonPositivePrice,
    #[msg("Price exponent outside the supported range [-18, 0]")]
    OracleExponentOutOfRange,
    #[msg("Price publish time is ahead of the cluster clock")]
    OracleFromTheFuture,
    #[msg("Price is older than one the vault already used for this asset")]
    OracleOlderThanLastUsed,
    #[msg("A vault reserve is frozen: deposits are refused, withdrawals must skip it")]
    ReserveFrozen,
    #[msg("The withdrawal destination is the vault's own reserve")]
    DestinationIsReserve,

    // --- amounts ---
    #[msg("Amount must be greater than zero")]
    ZeroAmount,
    #[msg("Arithmetic overflow")]
    MathOverflow,
    #[msg("Invalid input to the vault math")]
    InvalidMathInput,
    #[msg("Deposit would mint zero shares")]
    ZeroShares,
    #[msg("Deposit would mint fewer shares than min_shares_out")]
    MinSharesOutNotMet,
    #[msg("min_amounts_out needs one entry per vault asset")]
    MinAmountsLengthMismatch,
    #[msg("Withdrawal would pay less than min_amounts_out for an asset")]
    MinAmountOutNotMet,
    #[msg("More shares than the supply")]
    InsufficientShares,
    #[msg("Withdrawal would pay out nothing")]
    WithdrawTooSmall,
    #[msg("A token transfer moved another amount than asked")]
    TransferAmountMismatch,

    // --- rebalance configuration ---
    #[msg("Signer is not the vault's manager")]
    NotManager,
    #[msg("Policy bytes do not decode to a valid ballast-math policy")]
    InvalidPolicy,
    #[msg("Unknown trade-target mode")]
    InvalidTradeTarget,
    #[msg("Rebalance limits out of range (slippage 1..=1000 bps, auction start <= slippage, auction <= 300 s, swap cap 1..=10000 bps, minimum swap > 0, reward <= 100 bps, cooldown <= 30 days)")]
    InvalidRebalanceLimits,
    #[msg("A DEX allowlist entry is a token, system or Ballast program, or the list is empty")]
    InvalidDexProgram,

    // --- rebalance ---
    #[msg("The manager has not configured rebalancing")]
    RebalanceNotConfigured,
    #[msg("The policy says no rebalance is due")]
    NotTriggered,
    #[msg("The rebalance cooldown has not passed")]
    CooldownActive,
    #[msg("The DEX program is not on the vault's allowlist")]
    DexNotAllowed,
    #[msg("A vault reserve, another asset's escrow or the vault was passed writable to the DEX")]
    ReserveWritableForDex,
    #[msg("Escrow is not the vault's escrow for this asset")]
    EscrowMismatch,
    #[msg("Swap authority is not this vault's swap authority PDA")]
    SwapAuthorityMismatch,
    #[msg("The swap sells an asset that is not over its target")]
    SwapSellsUnderweight,
    #[msg("The swap buys an asset that is not under its target")]
    SwapBuysOverweight,
    #[msg("The swap would push an asset past its trade target")]
    SwapOvershoots,
    #[msg("The swap's notional is above the per-swap cap")]
    SwapAboveCap,
    #[msg("The swap's notional is below the minimum")]
    SwapBelowMinimum,
    #[msg("The swap sells and buys the same asset")]
    SwapSameAsset,
    #[msg("Oracle confidence too wide for any swap to meet the output bound")]
    SwapBoundUnsatisfiable,
    #[msg("The DEX took more than amount_in from the escrow")]
    SwapSpentTooMuch,
    #[msg("The swap delivered less than the oracle-bounded minimum output")]
    SwapOutputBelowMinimum,
    #[msg("The DEX changed the owner of an escrow")]
    EscrowAuthorityChanged,
    #[msg("The DEX left a delegate on an escrow")]
    EscrowDelegateSet,
    #[msg("The DEX left a close authority on an escrow")]
    EscrowCloseAuthoritySet,
    #[msg("Keeper reward account holds another mint than the bought asset")]
    KeeperAccountMintMismatch,
    #[msg("The DEX changed the size of an escrow")]
    EscrowReallocated,
    #[msg("The keeper reward account is the bought asset's reserve or escrow")]
    KeeperAccountIsVaultAccount,
    #[msg("This asset's escrow already exists")]
    EscrowAlreadyCreated,
    #[msg("This asset's escrow has not been created (create_escrow)")]
    EscrowNotCreated,
    #[msg("The lookup table is not a frozen table of the address lookup table program")]
    InvalidLookupTable,

    // --- holders' protections (rounds, auction, entry spread) ---
    #[msg("A rebalance round is already open")]
    RoundAlreadyOpen,
    #[msg("No rebalance round is open: call open_round first")]
    NoOpenRound,
    #[msg("rebalance must be a top-level instruction, not a CPI")]
    RebalanceByCpi,
    #[msg("Another instruction of this transaction writes an account the DEX trades with")]
    VenueWrittenInTransaction,
    #[msg("Entry spread above 100 bps")]
    InvalidEntrySpread,
    #[msg("Account is not the instructions sysvar")]
    NotInstructionsSysvar,

    // --- governance ---
    #[msg(
        "This change can cost holders: queue it (queue_change) and execute it after the timelock"
    )]
    ChangeNeedsTimelock,
    #[msg("The change's timelock has not passed")]
    ChangeNotReady,
    #[msg("Too many changes queued: execute or cancel one first")]
    PendingQueueFull,
    #[msg("The change is not among the vault's pending changes")]
    ChangeNotPending,
    #[msg("The change no longer fits the vault (it changed since the change was queued): anyone may discard it")]
    ChangeNoLongerValid,
    #[msg(
        "A ramp must last at least MIN_RAMP_SECS and start no earlier than the change may execute"
    )]
    InvalidRamp,
    #[msg("Management fee above its cap (500 bps a year)")]
    FeeAboveCap,
    #[msg("A management fee needs a fee recipient (a share token account)")]
    FeeRecipientNotSet,
    #[msg("The fee recipient is not the vault's fee recipient or not a share token account")]
    FeeRecipientMismatch,
    #[msg("The new manager cannot be the default key")]
    InvalidManager,
    #[msg("Only the proposed new manager can accept the handover")]
    ExecutorNotNewManager,
    #[msg("Timelock outside MIN_TIMELOCK_SECS..=MAX_TIMELOCK_SECS (1 hour to 30 days)")]
    InvalidTimelock,
    #[msg("Pause flags must be a non-empty subset of PAUSE_DEPOSITS | PAUSE_REBALANCES")]
    InvalidPauseFlags,
    #[msg("Only the manager or the guardian can pause")]
    NotManagerOrGuardian,
    #[msg("Deposits are paused")]
    DepositsPaused,
    #[msg("Rebalancing is paused")]
    RebalancesPaused,
    #[msg("An asset can be removed only once its target weight has ramped to 0")]
    TargetNotZero,
    #[msg("The asset's reserve or escrow holds more than dust: rebalance it out first")]
    ReserveNotEmpty,
    #[msg("Not while a rebalance round is open")]
    RoundInProgress,
    #[msg("Not while changes are queued: execute or cancel them first")]
    PendingChangesExist,
    #[msg("The change can still execute: only the manager cancels it")]
    ChangeStillValid,
    #[msg("The vault's configuration changed since it was read (config_seq): read it again")]
    ConfigChanged,
}

impl From<MathError> for BallastError {
    fn from(error: MathError) -> Self {
        match error {
            MathError::Overflow | MathError::Underflow | MathError::DivisionByZero => {
                BallastError::MathOverflow
            }
            MathError::NonPositivePrice => BallastError::OracleNonPositivePrice,
            MathError::ExponentOutOfRange => BallastError::OracleExponentOutOfRange,
            MathError::DecimalsOutOfRange => BallastError::MintDecimalsUnsupported,
            MathError::ZeroShares => BallastError::ZeroShares,
            MathError::ZeroRedemption => BallastError::WithdrawTooSmall,
            MathError::InvalidWeights => BallastError::WeightsDoNotSum,
            MathError::SwapSellsUnderweight => BallastError::SwapSellsUnderweight,
            MathError::SwapBuysOverweight => BallastError::SwapBuysOverweight,
            MathError::SwapOvershoots => BallastError::SwapOvershoots,
            MathError::SwapAboveCap => BallastError::SwapAboveCap,
            MathError::SwapBelowMinimum => BallastError::SwapBelowMinimum,
            MathError::SwapSameAsset => BallastError::SwapSameAsset,
            MathError::ConfidenceTooWide => BallastError::SwapBoundUnsatisfiable,
            MathError::PriceStale => BallastError::OracleStale,
            MathError::PriceFromTheFuture => BallastError::OracleFromTheFuture,
            MathError::PriceOlderThanLastUsed => BallastError::OracleOlderThanLastUsed,
            MathError::PriceConfidenceTooWide => BallastError::OracleConfidenceTooWide,
            MathError::RoundAlreadyOpen => BallastError::RoundAlreadyOpen,
            MathError::NoOpenRound => BallastError::NoOpenRound,
            MathError::CooldownActive => BallastError::CooldownActive,
            MathError::NotTriggered => BallastError::NotTriggered,
            _ => BallastError::InvalidMathInput,
        }
    }
}

/// `ballast_math` results as program results: `checked_math_op().math()?`.
pub trait MathResultExt<T> {
    /// Maps a [`MathError`] to its [`BallastError`].
    fn math(self) -> Result<T>;
}

impl<T> MathResultExt<T> for core::result::Result<T, MathError> {
    fn math(self) -> Result<T> {
        self.map_err(|error| BallastError::from(error).into())
    }
}
