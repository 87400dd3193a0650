//! The changes `ballast propose` takes, as command-line arguments (one subcommand each);
//! [`super::change`] builds the program's `Change` from them.

use super::ProposeArgs;

/// A change to propose.
#[derive(clap::Subcommand, Debug)]
pub enum ChangeArgs {
    /// Rebalancing rules: give what changes (policy, mode, slippage, auction, swap caps,
    /// cooldown, keeper reward, DEX allowlist); the rest stays.
    Rules(RulesArgs),
    /// Oracle limits: give what changes; the rest stays.
    Oracle(OracleArgs),
    /// The entry spread kept for the holders on each deposit.
    EntrySpread(BpsArgs),
    /// New target weights, reached by a linear ramp.
    Weights(WeightsArgs),
    /// The annual management fee.
    Fee(BpsArgs),
    /// The share token account the fee's shares are minted to.
    FeeRecipient(FeeRecipientArgs),
    /// The key that may pause besides the manager.
    Guardian(GuardianArgs),
    /// Hand the vault to a new manager, who executes the change to accept.
    Manager(ManagerArgs),
    /// How long a queued change waits.
    Timelock(TimelockArgs),
    /// Add an asset at target weight 0 (then ramp it in with `propose weights`).
    AddAsset(AddAssetArgs),
    /// Lift pause flags.
    Unpause(UnpauseArgs),
}

/// `propose rules`.
#[derive(clap::Args, Debug)]
pub struct RulesArgs {
    #[command(flatten)]
    pub common: ProposeArgs,
    /// Trigger policy (as in `ballast backtest`).
    #[arg(long, short = 'p')]
    pub policy: Option<String>,
    /// Trade-target mode.
    #[arg(long, short = 'm')]
    pub mode: Option<String>,
    /// Largest shortfall of a swap's output against the oracle, bps (at most 1,000).
    #[arg(long)]
    pub max_slippage_bps: Option<u16>,
    /// Shortfall the swap auction allows when a round opens, bps.
    #[arg(long)]
    pub auction_start_bps: Option<u16>,
    /// Seconds over which the auction widens to the maximum (at most 300).
    #[arg(long)]
    pub auction_secs: Option<u32>,
    /// Largest swap, bps of NAV.
    #[arg(long)]
    pub max_swap_bps: Option<u16>,
    /// Smallest swap, dollars.
    #[arg(long)]
    pub min_notional_usd: Option<String>,
    /// Time between two rounds (`1h`, `3600`, `0`).
    #[arg(long)]
    pub cooldown: Option<String>,
    /// Keeper reward, bps of a swap's output (at most 100).
    #[arg(long)]
    pub keeper_reward_bps: Option<u16>,
    /// Keeper reward cap per round, dollars.
    #[arg(long)]
    pub keeper_reward_cap_usd: Option<String>,
    /// The whole DEX allowlist, comma-separated program ids.
    #[arg(long, value_delimiter = ',')]
    pub dex: Vec<String>,
    /// DEX programs to add to the allowlist.
    #[arg(long, value_delimiter = ',')]
    pub add_dex: Vec<String>,
    /// DEX programs to remove from the allowlist.
    #[arg(long, value_delimiter = ',')]
    pub remove_dex: Vec<String>,
}

/// `propose oracle`.
#[derive(clap::Args, Debug)]
pub struct OracleArgs {
    #[command(flatten)]
    pub common: ProposeArgs,
    /// Oldest price `open_round` accepts, seconds (at most 300).
    #[arg(long)]
    pub max_oracle_age: Option<u32>,
    /// Widest price confidence, bps of the price.
    #[arg(long)]
    pub max_conf_bps: Option<u16>,
    /// Oldest price a deposit or swap may use, seconds (at most 60).
    #[arg(long)]
    pub fresh_price_secs: Option<u16>,
}

/// `propose entry-spread` and `propose fee`.
#[derive(clap::Args, Debug)]
pub struct BpsArgs {
    #[command(flatten)]
    pub common: ProposeArgs,
    /// The new value, bps (the fee: a year).
    #[arg(long)]
    pub bps: u16,
}

/// `propose weights`.
#[derive(clap::Args, Debug)]
pub struct WeightsArgs {
    #[command(flatten)]
    pub common: ProposeArgs,
    /// The new targets summing to 1: by name on the embedded chain (`SOL=0.5,BTC=0.2,...`),
    /// in vault order on a cluster (`0.5,0.2,...`); 0 ramps an asset out.
    #[arg(long, short = 'w')]
    pub weights: String,
    /// How long the ramp lasts (`7d`, `36h`; at least an hour).
    #[arg(long, default_value = "7d")]
    pub ramp: String,
    /// When the ramp starts (`2025-07-01`, `2025-07-01 12:00`, unix seconds; default: as
    /// soon as the change may execute).
    #[arg(long)]
    pub ramp_start: Option<String>,
}

/// `propose fee-recipient`.
#[derive(clap::Args, Debug)]
pub struct FeeRecipientArgs {
    #[command(flatten)]
    pub common: ProposeArgs,
    /// A token account of the vault's shares (default: the signer's associated one,
    /// created if missing).
    #[arg(long)]
    pub recipient: Option<String>,
}

/// `propose guardian`.
#[derive(clap::Args, Debug)]
pub struct GuardianArgs {
    #[command(flatten)]
    pub common: ProposeArgs,
    /// The guardian's address.
    #[arg(long, required_unless_present = "none", conflicts_with = "none")]
    pub key: Option<String>,
    /// No guardian.
    #[arg(long)]
    pub none: bool,
}

/// `propose manager`.
#[derive(clap::Args, Debug)]
pub struct ManagerArgs {
    #[command(flatten)]
    pub common: ProposeArgs,
    /// The new manager's address.
    #[arg(long = "new")]
    pub new_manager: String,
}

/// `propose timelock`.
#[derive(clap::Args, Debug)]
pub struct TimelockArgs {
    #[command(flatten)]
    pub common: ProposeArgs,
    /// The timelock (`1h` to `30d`, or seconds).
    #[arg(long)]
    pub timelock: String,
}

/// `propose add-asset`.
#[derive(clap::Args, Debug)]
pub struct AddAssetArgs {
    #[command(flatten)]
    pub common: ProposeArgs,
    /// The new asset's mint.
    #[arg(long)]
    pub mint: String,
    /// Its Pyth `PriceUpdateV2` account (the vault stores the account's feed id).
    #[arg(long)]
    pub price_account: String,
}

/// `propose unpause`.
#[derive(clap::Args, Debug)]
pub struct UnpauseArgs {
    #[command(flatten)]
    pub common: ProposeArgs,
    /// Lift the deposits flag.
    #[arg(long)]
    pub deposits: bool,
    /// Lift the rebalances flag.
    #[arg(long)]
    pub rebalances: bool,
}
