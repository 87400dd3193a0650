//! Mints, token accounts, Pyth price accounts, vaults and users.

use anchor_lang::prelude::Pubkey;
use anchor_lang::AccountSerialize;
use anchor_spl::token::spl_token;
use anchor_spl::token_2022::spl_token_2022;
use anchor_spl::token_2022::spl_token_2022::extension::ExtensionType;
use ballast::constants::{
    AUTHORITY_SEED, ESCROW_SEED, RESERVE_SEED, SHARE_MINT_SEED, SWAP_AUTHORITY_SEED, VAULT_SEED,
};
use pyth_solana_receiver_sdk::price_update::{PriceFeedMessage, PriceUpdateV2, VerificationLevel};
use solana_account::Account;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::Harness;

/// Default oracle limits of test vaults.
pub const MAX_ORACLE_AGE_SECS: u32 = 60;
/// Default confidence limit of test vaults (2%).
pub const MAX_CONF_BPS: u16 = 200;
/// Exponent of every test price.
pub const PRICE_EXPONENT: i32 = -8;

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
    fn extension_type(self) -> ExtensionType {
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

/// The 4-asset mix used across tests: SOL, BTC, ETH (Wormhole-style 8 decimals) and USDC.
pub const FOUR_ASSETS: [AssetSpec; 4] = [
    AssetSpec::usd(9, 4_000, 150),
    AssetSpec::usd(8, 3_000, 60_000),
    AssetSpec::usd(8, 2_000, 3_000),
    AssetSpec::usd(6, 1_000, 1),
];

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
        a.reserve = reserve_address(&self.vault, &mint);
        a.escrow = escrow_address(&self.vault, &mint);
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

/// PDA of the vault `vault_id` of `manager`.
pub fn vault_address(manager: &Pubkey, vault_id: u64) -> Pubkey {
    Pubkey::find_program_address(
        &[VAULT_SEED, manager.as_ref(), &vault_id.to_le_bytes()],
        &ballast::ID,
    )
    .0
}

/// PDA `[seed, vault]` of the program.
pub fn vault_pda(seed: &[u8], vault: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[seed, vault.as_ref()], &ballast::ID).0
}

/// Escrow PDA of `mint` in `vault`.
pub fn escrow_address(vault: &Pubkey, mint: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[ESCROW_SEED, vault.as_ref(), mint.as_ref()], &ballast::ID).0
}

/// Reserve PDA of `mint` in `vault`.
pub fn reserve_address(vault: &Pubkey, mint: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[RESERVE_SEED, vault.as_ref(), mint.as_ref()], &ballast::ID).0
}

/// Feed id of the `i`-th test asset.
pub fn feed_id(i: usize) -> [u8; 32] {
    let mut id = [0u8; 32];
    id[0] = 0xfe;
    id[1] = u8::try_from(i).expect("small index");
    id
}

impl Harness {
    fn create_account_ix(&self, new: &Pubkey, space: usize, owner: &Pubkey) -> Instruction {
        let lamports = self.svm.minimum_balance_for_rent_exemption(space);
        anchor_lang::solana_program::system_instruction::create_account(
            &self.payer.pubkey(),
            new,
            lamports,
            space as u64,
            owner,
        )
    }

    /// A new mint (mint and freeze authority: the payer, as for USDC-like tokens).
    pub fn create_mint(&mut self, decimals: u8, kind: TokenKind) -> Pubkey {
        let mint = Keypair::new();
        // The base mint layout: 82 bytes in both programs.
        let space = 82;
        let ixs = vec![
            self.create_account_ix(&mint.pubkey(), space, &kind.id()),
            spl_token_2022::instruction::initialize_mint2(
                &kind.id(),
                &mint.pubkey(),
                &self.payer.pubkey(),
                Some(&self.payer.pubkey()),
                decimals,
            )
            .expect("ix"),
        ];
        self.send_ok(&ixs, &[&mint]);
        mint.pubkey()
    }

    /// A new Token-2022 mint with one extension.
    pub fn create_mint_with_extension(&mut self, decimals: u8, extension: MintExtension) -> Pubkey {
        use spl_token_2022::extension as ext;
        let program = spl_token_2022::ID;
        let mint = Keypair::new();
        let m = mint.pubkey();
        let me = self.payer.pubkey();
        let space = ExtensionType::try_calculate_account_len::<spl_token_2022::state::Mint>(&[
            extension.extension_type(),
        ])
        .expect("len");
        let init_extension = match extension {
            MintExtension::TransferFee => {
                ext::transfer_fee::instruction::initialize_transfer_fee_config(
                    &program,
                    &m,
                    Some(&me),
                    Some(&me),
                    100,
                    1_000_000,
                )
            }
            MintExtension::TransferHook => ext::transfer_hook::instruction::initialize(
                &program,
                &m,
                Some(me),
                Some(Pubkey::new_unique()),
            ),
            MintExtension::PermanentDelegate => {
                spl_token_2022::instruction::initialize_permanent_delegate(&program, &m, &me)
            }
            MintExtension::NonTransferable => {
                spl_token_2022::instruction::initialize_non_transferable_mint(&program, &m)
            }
            MintExtension::MintCloseAuthority => {
                spl_token_2022::instruction::initialize_mint_close_authority(
                    &program,
                    &m,
                    Some(&me),
                )
            }
            MintExtension::DefaultAccountStateFrozen => {
                ext::default_account_state::instruction::initialize_default_account_state(
                    &program,
                    &m,
                    &spl_token_2022::state::AccountState::Frozen,
                )
            }
            MintExtension::Pausable => ext::pausable::instruction::initialize(&program, &m, &me),
            MintExtension::InterestBearing => {
                ext::interest_bearing_mint::instruction::initialize(&program, &m, Some(me), 500)
            }
            MintExtension::ConfidentialTransfer => {
                ext::confidential_transfer::instruction::initialize_mint(
                    &program,
                    &m,
                    Some(me),
                    true,
                    None,
                )
            }
            MintExtension::MetadataPointer => {
                ext::metadata_pointer::instruction::initialize(&program, &m, Some(me), Some(m))
            }
        }
        .expect("extension ix");
        let ixs = vec![
            self.create_account_ix(&m, space, &program),
            init_extension,
            // A freeze authority, which a default-frozen mint requires.
            spl_token_2022::instruction::initialize_mint2(&program, &m, &me, Some(&me), decimals)
                .expect("ix"),
        ];
        self.send_ok(&ixs, &[&mint]);
        m
    }

    /// A new token account of `mint` owned by `owner`.
    pub fn create_token_account(
        &mut self,
        mint: &Pubkey,
        owner: &Pubkey,
        kind: TokenKind,
    ) -> Pubkey {
        let account = Keypair::new();
        let space = match kind {
            TokenKind::Token => 165,
            TokenKind::Token2022 => {
                let mint_data = self.account(mint).expect("mint").data;
                let state = spl_token_2022::extension::StateWithExtensions::<
                    spl_token_2022::state::Mint,
                >::unpack(&mint_data)
                .expect("mint");
                use spl_token_2022::extension::BaseStateWithExtensions;
                let required = ExtensionType::get_required_init_account_extensions(
                    &state.get_extension_types().expect("types"),
                );
                ExtensionType::try_calculate_account_len::<spl_token_2022::state::Account>(
                    &required,
                )
                .expect("len")
            }
        };
        let ixs = vec![
            self.create_account_ix(&account.pubkey(), space, &kind.id()),
            spl_token_2022::instruction::initialize_account3(
                &kind.id(),
                &account.pubkey(),
                mint,
                owner,
            )
            .expect("ix"),
        ];
        self.send_ok(&ixs, &[&account]);
        account.pubkey()
    }

    /// Mints `amount` of `mint` (authority: the payer) to `to`.
    pub fn mint_tokens(&mut self, mint: &Pubkey, to: &Pubkey, amount: u64, kind: TokenKind) {
        let ix = spl_token_2022::instruction::mint_to(
            &kind.id(),
            mint,
            to,
            &self.payer.pubkey(),
            &[],
            amount,
        )
        .expect("ix");
        self.send_ok(&[ix], &[]);
    }

    /// Freezes `account` with the mint's freeze authority (the payer).
    pub fn freeze(&mut self, mint: &Pubkey, account: &Pubkey, kind: TokenKind) {
        let ix = spl_token_2022::instruction::freeze_account(
            &kind.id(),
            account,
            mint,
            &self.payer.pubkey(),
            &[],
        )
        .expect("ix");
        self.send_ok(&[ix], &[]);
    }

    /// Balance of a token account (0 if it does not exist).
    pub fn token_balance(&self, account: &Pubkey) -> u64 {
        self.account(account)
            .map(|a| u64::from_le_bytes(a.data[64..72].try_into().expect("8 bytes")))
            .unwrap_or(0)
    }

    /// Supply of a mint.
    pub fn mint_supply(&self, mint: &Pubkey) -> u64 {
        let data = self.account(mint).expect("mint").data;
        u64::from_le_bytes(data[36..44].try_into().expect("8 bytes"))
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
        self.set_price_update(
            account,
            feed_id,
            price,
            conf,
            exponent,
            publish_time,
            VerificationLevel::Full,
            pyth_solana_receiver_sdk::ID,
        );
    }

    /// Writes any `PriceUpdateV2` (verification level and owner chosen).
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
        let update = PriceUpdateV2 {
            write_authority: Pubkey::new_unique(),
            verification_level,
            price_message: PriceFeedMessage {
                feed_id,
                price,
                conf,
                exponent,
                publish_time,
                prev_publish_time: publish_time.saturating_sub(1),
                ema_price: price,
                ema_conf: conf,
            },
            posted_slot: 1,
        };
        let mut data = Vec::new();
        update.try_serialize(&mut data).expect("serialize");
        let lamports = self.svm.minimum_balance_for_rent_exemption(data.len());
        self.set_account(
            account,
            Account {
                lamports,
                data,
                owner,
                executable: false,
                rent_epoch: 0,
            },
        );
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
        let vault = vault_address(&manager.pubkey(), vault_id);
        let mut assets = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            let mint = self.create_mint(spec.decimals, spec.kind);
            assets.push(AssetFixture {
                mint,
                reserve: reserve_address(&vault, &mint),
                escrow: escrow_address(&vault, &mint),
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
            authority: vault_pda(AUTHORITY_SEED, &vault),
            swap_authority: vault_pda(SWAP_AUTHORITY_SEED, &vault),
            share_mint: vault_pda(SHARE_MINT_SEED, &vault),
            assets,
        };
        self.refresh_prices(&fixture);
        fixture
    }

    /// Creates mints, price accounts and a vault for `specs`.
    pub fn create_vault(&mut self, specs: &[AssetSpec]) -> VaultFixture {
        let fixture = self.prepare_vault(specs, 7);
        let ix = crate::ix::InitializeVaultIx::new(&fixture).instruction();
        self.send_ok(&[ix], &[&fixture.manager]);
        fixture
    }

    /// Creates every asset's swap escrow (needed before rebalancing).
    pub fn create_escrows(&mut self, vault: &VaultFixture) {
        let payer = self.payer.pubkey();
        for i in 0..vault.assets.len() {
            let ix = crate::ix::create_escrow(vault, i, &payer);
            self.send_ok(&[ix], &[]);
        }
    }

    /// A user holding `amounts[i]` of each asset and an empty share account.
    pub fn create_user(&mut self, vault: &VaultFixture, amounts: &[u64]) -> User {
        let keypair = self.funded_keypair();
        let mut tokens = Vec::new();
        for (asset, &amount) in vault.assets.iter().zip(amounts) {
            let account = self.create_token_account(&asset.mint, &keypair.pubkey(), asset.kind);
            if amount > 0 {
                self.mint_tokens(&asset.mint, &account, amount, asset.kind);
            }
            tokens.push(account);
        }
        let shares =
            self.create_token_account(&vault.share_mint, &keypair.pubkey(), TokenKind::Token);
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
