//! What agave's validator holds at genesis for the Ballast test: the market's mints, the
//! wallets' token accounts, a staircase of Pyth prices, and the two program accounts the
//! upgradeable loader deploys into.
//!
//! **Prices.** A validator cannot rewrite an account, and Pyth's receiver program (which
//! posts verified updates on a cluster) is not here, so every `PriceUpdateV2` account the
//! test uses exists from genesis, owned by the receiver's id. One set per
//! [`PRICE_STEP_SECS`] seconds is published ahead, from the genesis time on, the way a
//! cluster sees a new update every few seconds: a client takes the newest set whose
//! publish time has come ([`Genesis::fresh_prices`]), so deposits and swaps, which accept
//! prices at most `fresh_price_secs` old, work at any moment of the run however slow the
//! machine, and the program's own rules (age, future skew, never older than the last used)
//! are checked as on a cluster. Set 0 was published an hour before genesis: a price the
//! program must refuse as stale.
//!
//! **Programs.** `solana program deploy` creates the program account with the program's
//! own keypair, which Ballast's declared ids have no copy of here; the account is therefore
//! created at genesis as the loader leaves it after that step (owned by the upgradeable
//! loader, uninitialized, rent-exempt), and `DeployWithMaxDataLen` over RPC does the rest
//! ([`crate::deploy`]).

use std::time::{SystemTime, UNIX_EPOCH};

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::program_pack::Pack;
use anchor_spl::token::spl_token;
use ballast_sdk::state::{encode_price_update, price_message, VerificationLevel};
use solana_account::{Account, AccountSharedData};
use solana_keypair::Keypair;
use solana_signer::Signer;
use solana_test_validator::TestValidatorGenesis;

use crate::TestResult;

/// Exponent of every test price.
pub const PRICE_EXPONENT: i32 = -8;
/// Seconds between two published price sets.
pub const PRICE_STEP_SECS: i64 = 20;
/// Price sets published after genesis (the run may last `PRICE_SETS × PRICE_STEP_SECS`).
pub const PRICE_SETS: usize = 60;
/// Lamports of each test wallet.
const WALLET_LAMPORTS: u64 = 1_000_000_000_000;
/// Rent-exempt minimum of `len` bytes (the default rent).
fn rent(len: usize) -> u64 {
    solana_test_validator::TestValidatorGenesis::default()
        .rent
        .minimum_balance(len)
}

/// One asset of the test market.
#[derive(Clone, Copy, Debug)]
pub struct Asset {
    /// Display name.
    pub name: &'static str,
    /// Mint decimals.
    pub decimals: u8,
    /// Target weight in the vault, bps.
    pub weight_bps: u16,
    /// Whole dollars per token.
    pub usd: i64,
}

impl Asset {
    /// Base units worth `usd` dollars.
    pub fn amount_for_usd(&self, usd: u64) -> u64 {
        let units = u128::from(usd) * 10u128.pow(u32::from(self.decimals));
        u64::try_from(units / u128::try_from(self.usd.max(1)).unwrap_or(1)).unwrap_or(u64::MAX)
    }

    /// The Pyth price mantissa (exponent [`PRICE_EXPONENT`]).
    pub fn price(&self) -> i64 {
        self.usd.saturating_mul(100_000_000)
    }
}

/// SOL, BTC and USDC at 40/30/30.
pub const ASSETS: [Asset; 3] = [
    Asset {
        name: "SOL",
        decimals: 9,
        weight_bps: 4_000,
        usd: 150,
    },
    Asset {
        name: "BTC",
        decimals: 8,
        weight_bps: 3_000,
        usd: 60_000,
    },
    Asset {
        name: "USDC",
        decimals: 6,
        weight_bps: 3_000,
        usd: 1,
    },
];

/// Dollars of every asset in each funded token account.
pub const FUNDED_USD: u64 = 5_000_000;

/// Feed id of asset `i`.
pub fn feed_id(i: usize) -> [u8; 32] {
    let mut id = [0u8; 32];
    id[0] = 0xba;
    id[1] = u8::try_from(i).unwrap_or(u8::MAX);
    id
}

/// A wallet funded at genesis: lamports, and a token account of every asset at its
/// associated address holding [`FUNDED_USD`] dollars.
pub struct Wallet {
    /// Its keypair.
    pub keypair: Keypair,
    /// Its associated token account of each asset, in asset order.
    pub tokens: Vec<Pubkey>,
}

/// Everything the test put in the genesis.
pub struct Genesis {
    /// Each asset's mint, in [`ASSETS`] order (the mint authority is [`Genesis::authority`]).
    pub mints: Vec<Pubkey>,
    /// `prices[set][asset]`: the `PriceUpdateV2` accounts (see the module documentation).
    pub prices: Vec<Vec<Pubkey>>,
    /// Publish time of each set.
    pub publish_times: Vec<i64>,
    /// Mint authority and upgrade authority of both programs.
    pub authority: Keypair,
    /// The liquidity provider of the pools.
    pub trader: Wallet,
    /// The depositor.
    pub alice: Wallet,
    /// The keeper (lamports only; its reward accounts are created when it is paid).
    pub keeper: Keypair,
}

impl Genesis {
    /// The newest price set published at or before `now`; `None` before the first one.
    pub fn fresh_prices(&self, now: i64) -> Option<&[Pubkey]> {
        let newest = (1..self.publish_times.len())
            .rev()
            .find(|&set| self.publish_times[set] <= now)?;
        Some(&self.prices[newest])
    }

    /// The deliberately stale set (published an hour before genesis).
    pub fn stale_prices(&self) -> &[Pubkey] {
        &self.prices[0]
    }
}

fn unix_now() -> TestResult<i64> {
    Ok(i64::try_from(
        SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs(),
    )?)
}

fn account(lamports: u64, data: Vec<u8>, owner: Pubkey) -> AccountSharedData {
    AccountSharedData::from(Account {
        lamports,
        data,
        owner,
        executable: false,
        rent_epoch: 0,
    })
}

fn packed<T: Pack>(state: T) -> TestResult<Vec<u8>> {
    let mut data = vec![0u8; T::LEN];
    T::pack(state, &mut data)?;
    Ok(data)
}

/// A token account of `mint` owned by `owner` holding `amount`, at its associated address.
fn token_account(
    genesis: &mut TestValidatorGenesis,
    mint: &Pubkey,
    owner: &Pubkey,
    amount: u64,
) -> TestResult<Pubkey> {
    let address = ballast_sdk::ix::associated_token_address(owner, mint, &spl_token::ID);
    let state = spl_token::state::Account {
        mint: *mint,
        owner: *owner,
        amount,
        state: spl_token::state::AccountState::Initialized,
        ..Default::default()
    };
    let data = packed(state)?;
    genesis.add_account(address, account(rent(data.len()), data, spl_token::ID));
    Ok(address)
}

fn wallet(genesis: &mut TestValidatorGenesis, mints: &[Pubkey]) -> TestResult<Wallet> {
    let keypair = Keypair::new();
    genesis.add_account(
        keypair.pubkey(),
        account(WALLET_LAMPORTS, Vec::new(), anchor_lang::system_program::ID),
    );
    let tokens = ASSETS
        .iter()
        .zip(mints)
        .map(|(asset, mint)| {
            token_account(
                genesis,
                mint,
                &keypair.pubkey(),
                asset.amount_for_usd(FUNDED_USD),
            )
        })
        .collect::<TestResult<_>>()?;
    Ok(Wallet { keypair, tokens })
}

/// Adds the market, wallets, prices and program accounts to `genesis`.
pub fn populate(genesis: &mut TestValidatorGenesis) -> TestResult<Genesis> {
    let authority = Keypair::new();
    genesis.add_account(
        authority.pubkey(),
        account(WALLET_LAMPORTS, Vec::new(), anchor_lang::system_program::ID),
    );
    let mut mints = Vec::new();
    for asset in &ASSETS {
        let mint = Keypair::new().pubkey();
        let state = spl_token::state::Mint {
            mint_authority: Some(authority.pubkey()).into(),
            supply: 0,
            decimals: asset.decimals,
            is_initialized: true,
            freeze_authority: None.into(),
        };
        let data = packed(state)?;
        genesis.add_account(mint, account(rent(data.len()), data, spl_token::ID));
        mints.push(mint);
    }
    let trader = wallet(genesis, &mints)?;
    let alice = wallet(genesis, &mints)?;
    let keeper = Keypair::new();
    genesis.add_account(
        keeper.pubkey(),
        account(WALLET_LAMPORTS, Vec::new(), anchor_lang::system_program::ID),
    );

    let start = unix_now()?;
    let mut publish_times = vec![start - 3_600];
    for set in 0..PRICE_SETS {
        publish_times.push(start + PRICE_STEP_SECS * i64::try_from(set)?);
    }
    let mut prices = Vec::new();
    for &publish_time in &publish_times {
        let mut set = Vec::new();
        for (i, asset) in ASSETS.iter().enumerate() {
            let message = price_message(feed_id(i), asset.price(), 0, PRICE_EXPONENT, publish_time);
            let data = encode_price_update(message, VerificationLevel::Full);
            let address = Keypair::new().pubkey();
            genesis.add_account(
                address,
                account(rent(data.len()), data, ballast::constants::PYTH_RECEIVER_ID),
            );
            set.push(address);
        }
        prices.push(set);
    }

    // Uninitialized program accounts of the upgradeable loader (see the module docs).
    let program_len = solana_loader_v3_interface::state::UpgradeableLoaderState::size_of_program();
    for program in [ballast::ID, ballast_test_amm::ID] {
        genesis.add_account(
            program,
            account(
                rent(program_len),
                vec![0; program_len],
                solana_sdk_ids::bpf_loader_upgradeable::ID,
            ),
        );
    }
    Ok(Genesis {
        mints,
        prices,
        publish_times,
        authority,
        trader,
        alice,
        keeper,
    })
}
