//! Fixtures: asset specs, vaults and users made of them, and the harness's wrappers of the
//! sandbox's mints, token accounts and prices (panicking instead of returning errors).

use anchor_lang::prelude::Pubkey;
use anchor_spl::token::spl_token;
use anchor_spl::token_2022::spl_token_2022;
use anchor_spl::token_2022::spl_token_2022::extension::ExtensionType;
use ballast_sdk::ix::{AssetAccounts, VaultAccounts};
use ballast_sdk::pda::{self, VaultPdas};
use ballast_sdk::state::{price_message, VerificationLevel};
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::Harness;

pub use ballast_sandbox::market::feed_id;
pub use ballast_sandbox::PRICE_EXPONENT;

/// Default oracle limits of test vaults.
pub const MAX_ORACLE_AGE_SECS: u32 = 60;
/// Default confidence limit of test vaults (2%).
pub const MAX_CONF_BPS: u16 = 200;
/// Default timelock of test vaults (one day).
pub const TIMELOCK_SECS: u32 = 86_400;
/// The parameters of test vaults: deposits and swaps take prices as old as the general age
/// limit and pay no entry spread, so that share arithmetic is exact at the spec prices; the
/// holders' tests (`tests/holders.rs`) set their own.
pub const TEST_PARAMS: ballast::state::VaultParams = ballast::state::VaultParams {
    max_oracle_age_secs: MAX_ORACLE_AGE_SECS,
    max_conf_bps: MAX_CONF_BPS,
    fresh_price_secs: MAX_ORACLE_AGE_SECS as u16,
    entry_spread_bps: 0,
    timelock_secs: TIMELOCK_SECS,
};

/// A Token-2022 mint extension to create a mint with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MintExtension {
    TransferFee,
    TransferHook,
    PermanentDelegate,
    NonTransferable,
    MintCloseAuthority,
    DefaultAccountStateFrozen,
    Pausable,
    InterestBearing,
    ConfidentialTransfer,
    /// Accepted: only points at metadata.
    MetadataPointer,
}

impl MintExtension {
    /// The extension's type (what sizes the mint account).
    pub fn extension_type(self) -> ExtensionType {
        match self {
            Self::TransferFee => ExtensionType::TransferFeeConfig,
            Self::TransferHook => ExtensionType::TransferHook,
            Self::PermanentDelegate => ExtensionType::PermanentDelegate,
            Self::NonTransferable => ExtensionType::NonTransferable,
            Self::MintCloseAuthority => ExtensionType::MintCloseAuthority,
            Self::DefaultAccountStateFrozen => ExtensionType::DefaultAccountState,
            Self::Pausable => ExtensionType::Pausable,
            Self::InterestBearing => ExtensionType::InterestBearingConfig,
            Self::ConfidentialTransfer => ExtensionType::ConfidentialTransferMint,
            Self::MetadataPointer => ExtensionType::MetadataPointer,
        }
    }

    /// The Token-2022 instruction initialising the extension on `mint`, `authority` its
    /// authority where it has one.
    pub fn init_instruction(self, mint: &Pubkey, authority: &Pubkey) -> Instruction {
        use spl_token_2022::extension as ext;
        let (program, m, me) = (&spl_token_2022::ID, mint, authority);
        match self {
            Self::TransferFee => ext::transfer_fee::instruction::initialize_transfer_fee_config(
                program,
                m,
                Some(me),
                Some(me),
                100,
                1_000_000,
            ),
            Self::TransferHook => ext::transfer_hook::instruction::initialize(
                program,
                m,
                Some(*me),
                Some(Pubkey::new_unique()),
            ),
            Self::PermanentDelegate => {
                spl_token_2022::instruction::initialize_permanent_delegate(program, m, me)
            }
            Self::NonTransferable => {
                spl_token_2022::instruction::initialize_non_transferable_mint(program, m)
            }
            Self::MintCloseAuthority => {
                spl_token_2022::instruction::initialize_mint_close_authority(program, m, Some(me))
            }
            Self::DefaultAccountStateFrozen => {
                ext::default_account_state::instruction::initialize_default_account_state(
                    program,
                    m,
                    &spl_token_2022::state::AccountState::Frozen,
                )
            }
            Self::Pausable => ext::pausable::instruction::initialize(program, m, me),
            Self::InterestBearing => {
                ext::interest_bearing_mint::instruction::initialize(program, m, Some(*me), 500)
            }
            Self::ConfidentialTransfer => ext::confidential_transfer::instruction::initialize_mint(
                program,
                m,
                Some(*me),
                true,
                None,
            ),
            Self::MetadataPointer => {
                ext::metadata_pointer::instruction::initialize(program, m, Some(*me), Some(*m))
            }
        }
        .expect("extension instruction")
    }
}

/// Which token program an asset uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Token,
    Token2022,
}

impl TokenKind {
    /// Program id.
    pub fn id(self) -> Pubkey {
        match self {
            TokenKind::Token => spl_token::ID,
            TokenKind::Token2022 => spl_token_2022::ID,
        }
    }
}

/// One asset of a test vault.
#[derive(Clone, Copy, Debug)]
pub struct AssetSpec {
    /// Mint decimals.
    pub decimals: u8,
    /// Target weight.
    pub weight_bps: u16,
    /// Price mantissa (exponent [`PRICE_EXPONENT`]).
    pub price: i64,
    /// Confidence mantissa.
    pub conf: u64,
    /// Token program.
    pub kind: TokenKind,
}

impl AssetSpec {
    /// A classic-token asset at `usd` dollars (whole dollars, converted to the mantissa),
    /// zero confidence.
    pub const fn usd(decimals: u8, weight_bps: u16, usd: i64) -> Self {
        AssetSpec {
            decimals,
            weight_bps,
            price: usd * 100_000_000,
            conf: 0,
            kind: TokenKind::Token,
        }
    }
}

impl AssetSpec {
    /// The classic-token asset of a sandbox demo asset.
    pub const fn of(demo: ballast_sandbox::DemoAsset) -> Self {
        AssetSpec {
            decimals: demo.decimals,
            weight_bps: demo.weight_bps,
            price: demo.price,
            conf: demo.conf,
            kind: TokenKind::Token,
        }
    }

    /// Base units worth `usd` whole dollars at the spec price.
    pub fn amount_for_usd(&self, usd: u64) -> u64 {
        ballast_sandbox::DemoAsset {
            name: "",
            decimals: self.decimals,
            weight_bps: self.weight_bps,
            price: self.price,
            conf: self.conf,
        }
        .amount_for_usd(usd)
    }
}

/// The 4-asset mix used across tests, the sandbox's demo mix: SOL, BTC, ETH (Wormhole-style
/// 8 decimals) and USDC at 40/30/20/10.
pub const FOUR_ASSETS: [AssetSpec; 4] = {
    let d = ballast_sandbox::FOUR_ASSETS;
    [
        AssetSpec::of(d[0]),
        AssetSpec::of(d[1]),
        AssetSpec::of(d[2]),
        AssetSpec::of(d[3]),
    ]
};

/// An `n`-asset mix with equal-ish weights (the last takes the remainder).
pub fn n_assets(n: usize) -> Vec<AssetSpec> {
    let n16 = u16::try_from(n).expect("small n");
    let weight = 10_000 / n16;
    (0..n)
        .map(|i| {
            let last = i + 1 == n;
            let w = if last {
                10_000 - weight * (n16 - 1)
            } else {
                weight
            };
            AssetSpec::usd(6 + (i % 4) as u8, w, 1 + 10 * i as i64)
        })
        .collect()
}

/// One asset of a created vault.
#[derive(Clone, Debug)]
pub struct AssetFixture {
    pub mint: Pubkey,
    pub reserve: Pubkey,
    pub escrow: Pubkey,
    pub feed_id: [u8; 32],
    pub price_account: Pubkey,
    pub decimals: u8,
    pub kind: TokenKind,
    pub spec: AssetSpec,
}

/// A created vault.
pub struct VaultFixture {
    pub manager: Keypair,
    pub vault_id: u64,
    pub vault: Pubkey,
    pub authority: Pubkey,
    pub swap_authority: Pubkey,
    pub share_mint: Pubkey,
    pub assets: Vec<AssetFixture>,
}

impl VaultFixture {
    /// Replaces asset `i`'s mint (and with it the reserve and escrow addresses).
    pub fn set_mint(&mut self, i: usize, mint: Pubkey, kind: TokenKind) {
        let a = &mut self.assets[i];
        a.mint = mint;
        a.kind = kind;
        a.reserve = pda::reserve(&self.vault, &mint);
        a.escrow = pda::escrow(&self.vault, &mint);
    }

    /// The accounts the SDK's builders take, as this fixture holds them.
    pub fn accounts(&self) -> VaultAccounts {
        VaultAccounts {
            pdas: VaultPdas {
                vault: self.vault,
                authority: self.authority,
                swap_authority: self.swap_authority,
                share_mint: self.share_mint,
            },
            assets: self
                .assets
                .iter()
                .map(|a| AssetAccounts {
                    mint: a.mint,
                    reserve: a.reserve,
                    escrow: a.escrow,
                    token_program: a.kind.id(),
                    price_account: a.price_account,
                })
                .collect(),
            lookup_table: None,
        }
    }

    /// [`Self::accounts`] with one more asset appended: `mint` (SPL Token), added by an
    /// executed `AddAsset` after this fixture was made, its reserve and escrow at their PDAs
    /// and a price account that was never published.
    pub fn accounts_with_added(&self, mint: &Pubkey) -> VaultAccounts {
        let mut accounts = self.accounts();
        accounts.assets.push(AssetAccounts {
            mint: *mint,
            reserve: pda::reserve(&self.vault, mint),
            escrow: pda::escrow(&self.vault, mint),
            token_program: spl_token::ID,
            price_account: Pubkey::new_unique(),
        });
        accounts
    }
}

/// A user with one token account per vault asset and a share account.
pub struct User {
    pub keypair: Keypair,
    pub tokens: Vec<Pubkey>,
    pub shares: Pubkey,
}

impl User {
    pub fn key(&self) -> Pubkey {
        self.keypair.pubkey()
    }
}

impl Harness {
    /// A new mint (mint and freeze authority: the payer, as for USDC-like tokens).
    pub fn create_mint(&mut self, decimals: u8, kind: TokenKind) -> Pubkey {
        self.chain
            .create_mint(decimals, &kind.id())
            .expect("create mint")
    }

    /// A new Token-2022 mint with one extension.
    pub fn create_mint_with_extension(&mut self, decimals: u8, extension: MintExtension) -> Pubkey {
        let mint = Keypair::new();
        let init = extension.init_instruction(&mint.pubkey(), &self.payer().pubkey());
        self.chain
            .create_mint_with(
                &mint,
                decimals,
                &spl_token_2022::ID,
                &[extension.extension_type()],
                vec![init],
            )
            .expect("create mint");
        mint.pubkey()
    }

    /// A new token account of `mint` (under its token program) owned by `owner`.
    pub fn create_token_account(&mut self, mint: &Pubkey, owner: &Pubkey) -> Pubkey {
        self.chain
            .create_token_account(mint, owner)
            .expect("create token account")
    }

    /// Mints `amount` of `mint` (authority: the payer) to `to`.
    pub fn mint_tokens(&mut self, mint: &Pubkey, to: &Pubkey, amount: u64) {
        self.chain.mint_to(mint, to, amount).expect("mint_to");
    }

    /// Freezes `account` with the mint's freeze authority (the payer).
    pub fn freeze(&mut self, mint: &Pubkey, account: &Pubkey) {
        self.chain.freeze(mint, account).expect("freeze");
    }

    /// Balance of a token account (0 if it does not exist).
    pub fn token_balance(&self, account: &Pubkey) -> u64 {
        self.chain.token_balance(account)
    }

    /// Supply of a mint.
    pub fn mint_supply(&self, mint: &Pubkey) -> u64 {
        self.chain.mint(mint).expect("mint").supply
    }

    /// Writes a fully verified `PriceUpdateV2` account owned by the Pyth receiver.
    pub fn set_price(
        &mut self,
        account: Pubkey,
        feed_id: [u8; 32],
        price: i64,
        conf: u64,
        exponent: i32,
        publish_time: i64,
    ) {
        self.chain
            .set_price(account, feed_id, price, conf, exponent, publish_time)
            .expect("set price");
    }

    /// Writes any `PriceUpdateV2` (verification level and owner chosen), for the attack
    /// tests.
    #[allow(clippy::too_many_arguments)]
    pub fn set_price_update(
        &mut self,
        account: Pubkey,
        feed_id: [u8; 32],
        price: i64,
        conf: u64,
        exponent: i32,
        publish_time: i64,
        verification_level: VerificationLevel,
        owner: Pubkey,
    ) {
        let message = price_message(feed_id, price, conf, exponent, publish_time);
        self.chain
            .set_price_update(account, message, verification_level, owner)
            .expect("set price update");
    }

    /// Publishes a fresh price (at the current time) for asset `i` of `vault`.
    pub fn publish_price(&mut self, vault: &VaultFixture, i: usize, price: i64, conf: u64) {
        let now = self.now();
        let a = &vault.assets[i];
        self.set_price(a.price_account, a.feed_id, price, conf, PRICE_EXPONENT, now);
    }

    /// Re-publishes every asset's spec price at the current time.
    pub fn refresh_prices(&mut self, vault: &VaultFixture) {
        for i in 0..vault.assets.len() {
            let spec = vault.assets[i].spec;
            self.publish_price(vault, i, spec.price, spec.conf);
        }
    }

    /// A new manager, mints and price accounts for `specs`, and the addresses of the vault
    /// `vault_id` they would create: everything but the vault itself.
    pub fn prepare_vault(&mut self, specs: &[AssetSpec], vault_id: u64) -> VaultFixture {
        let manager = self.funded_keypair();
        let pdas = VaultPdas::new(&manager.pubkey(), vault_id);
        let vault = pdas.vault;
        let mut assets = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            let mint = self.create_mint(spec.decimals, spec.kind);
            assets.push(AssetFixture {
                mint,
                reserve: pda::reserve(&vault, &mint),
                escrow: pda::escrow(&vault, &mint),
                feed_id: feed_id(i),
                price_account: Pubkey::new_unique(),
                decimals: spec.decimals,
                kind: spec.kind,
                spec: *spec,
            });
        }
        let fixture = VaultFixture {
            manager,
            vault_id,
            vault,
            authority: pdas.authority,
            swap_authority: pdas.swap_authority,
            share_mint: pdas.share_mint,
            assets,
        };
        self.refresh_prices(&fixture);
        fixture
    }

    /// Creates mints, price accounts and a vault for `specs` ([`TEST_PARAMS`]).
    pub fn create_vault(&mut self, specs: &[AssetSpec]) -> VaultFixture {
        self.create_vault_with(specs, TEST_PARAMS)
    }

    /// Creates mints, price accounts and a vault for `specs` with `params`.
    pub fn create_vault_with(
        &mut self,
        specs: &[AssetSpec],
        params: ballast::state::VaultParams,
    ) -> VaultFixture {
        let fixture = self.prepare_vault(specs, 7);
        let mut ix = crate::ix::initialize_vault(&fixture);
        ix.args.params = params;
        self.send_ok(&[ix.instruction()], &[&fixture.manager]);
        fixture
    }

    /// Creates every asset's swap escrow (needed before rebalancing).
    pub fn create_escrows(&mut self, vault: &VaultFixture) {
        let payer = self.payer().pubkey();
        for i in 0..vault.assets.len() {
            let ix = crate::ix::create_escrow(vault, i, &payer).instruction();
            self.send_ok(&[ix], &[]);
        }
    }

    /// A user holding `amounts[i]` of each asset and an empty share account.
    pub fn create_user(&mut self, vault: &VaultFixture, amounts: &[u64]) -> User {
        let keypair = self.funded_keypair();
        let mut tokens = Vec::new();
        for (asset, &amount) in vault.assets.iter().zip(amounts) {
            let account = self.create_token_account(&asset.mint, &keypair.pubkey());
            if amount > 0 {
                self.mint_tokens(&asset.mint, &account, amount);
            }
            tokens.push(account);
        }
        let shares = self.create_token_account(&vault.share_mint, &keypair.pubkey());
        User {
            keypair,
            tokens,
            shares,
        }
    }

    /// USD value of the balance of `account`, a token account of asset `i`, at the asset's
    /// spec price (mid, rounded down).
    pub fn asset_value(
        &self,
        vault: &VaultFixture,
        i: usize,
        account: &Pubkey,
    ) -> ballast_math::Wad {
        use ballast_math::{oracle::token_value, OraclePrice, PriceSide, Rounding};
        let a = &vault.assets[i];
        let price = OraclePrice {
            price: a.spec.price,
            conf: 0,
            exponent: PRICE_EXPONENT,
        };
        token_value(
            self.token_balance(account),
            a.decimals,
            &price,
            PriceSide::Mid,
            Rounding::Down,
        )
        .expect("value fits")
    }

    /// USD value of `accounts[i]` (token accounts of asset `i`) at the spec prices.
    pub fn value_at_spec_prices(
        &self,
        vault: &VaultFixture,
        accounts: &[Pubkey],
    ) -> ballast_math::Wad {
        accounts
            .iter()
            .enumerate()
            .map(|(i, account)| self.asset_value(vault, i, account))
            .fold(ballast_math::Wad::ZERO, |sum, x| {
                sum.checked_add(x).expect("sum fits")
            })
    }

    /// Every balance a test must see unchanged after a refused instruction: each reserve,
    /// each of the users' accounts, and the share supply.
    pub fn snapshot(&self, vault: &VaultFixture, users: &[&User]) -> Vec<u64> {
        let mut values: Vec<u64> = vault
            .assets
            .iter()
            .map(|a| self.token_balance(&a.reserve))
            .collect();
        for user in users {
            values.extend(user.tokens.iter().map(|t| self.token_balance(t)));
            values.push(self.token_balance(&user.shares));
        }
        values.push(self.mint_supply(&vault.share_mint));
        values
    }
}
