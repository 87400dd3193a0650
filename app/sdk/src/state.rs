//! Decoding the accounts a client reads: the zero-copy `Vault`, SPL token accounts and
//! mints (classic and Token-2022 share the base layout) and Pyth `PriceUpdateV2` accounts.

use anchor_lang::prelude::Pubkey;
use anchor_lang::{AccountDeserialize, Discriminator};
use ballast::state::{AssetConfig, Vault};
use ballast_math::planner::AssetPrice;
use ballast_math::OraclePrice;
use pyth_solana_receiver_sdk::price_update::PriceUpdateV2;
pub use pyth_solana_receiver_sdk::price_update::{PriceFeedMessage, VerificationLevel};
use solana_account::Account;

use crate::error::{SdkError, SdkResult};

/// Size of the `Vault` account data including Anchor's 8-byte discriminator.
pub const VAULT_ACCOUNT_LEN: usize = Vault::SPACE;
/// Base length of an SPL token account (both token programs).
pub const TOKEN_ACCOUNT_LEN: usize = 165;
/// Base length of an SPL mint (both token programs).
pub const MINT_LEN: usize = 82;

fn invalid(address: &Pubkey, expected: &'static str, reason: impl Into<String>) -> SdkError {
    SdkError::InvalidAccount {
        address: *address,
        expected,
        reason: reason.into(),
    }
}

/// Decodes a vault account: owner Ballast, Anchor discriminator of `Vault`, then the
/// zero-copy layout read unaligned.
pub fn decode_vault(address: &Pubkey, account: &Account) -> SdkResult<Vault> {
    if account.owner != ballast::ID {
        return Err(invalid(
            address,
            "Ballast vault",
            format!("owner is {}", account.owner),
        ));
    }
    decode_vault_data(address, &account.data)
}

/// Decodes vault account data (discriminator and layout; no owner check).
pub fn decode_vault_data(address: &Pubkey, data: &[u8]) -> SdkResult<Vault> {
    if data.len() < VAULT_ACCOUNT_LEN {
        return Err(invalid(
            address,
            "Ballast vault",
            format!("{} bytes, expected {VAULT_ACCOUNT_LEN}", data.len()),
        ));
    }
    if &data[..8] != Vault::DISCRIMINATOR {
        return Err(invalid(address, "Ballast vault", "wrong discriminator"));
    }
    Ok(bytemuck::pod_read_unaligned(&data[8..VAULT_ACCOUNT_LEN]))
}

/// The base fields of an SPL token account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenAccountState {
    /// Mint.
    pub mint: Pubkey,
    /// Token authority.
    pub owner: Pubkey,
    /// Balance in base units.
    pub amount: u64,
    /// Delegate, if any.
    pub delegate: Option<Pubkey>,
    /// Whether the account is frozen.
    pub frozen: bool,
    /// Close authority, if any.
    pub close_authority: Option<Pubkey>,
    /// The token program that owns it.
    pub token_program: Pubkey,
}

fn is_token_program(owner: &Pubkey) -> bool {
    *owner == anchor_spl::token::ID || *owner == anchor_spl::token_2022::ID
}

fn read_pubkey(data: &[u8], offset: usize) -> Pubkey {
    let bytes: [u8; 32] = data[offset..offset + 32].try_into().expect("32 bytes");
    Pubkey::new_from_array(bytes)
}

fn read_u64(data: &[u8], offset: usize) -> u64 {
    u64::from_le_bytes(data[offset..offset + 8].try_into().expect("8 bytes"))
}

fn read_coption_pubkey(data: &[u8], offset: usize) -> Option<Pubkey> {
    (data[offset..offset + 4] != [0; 4]).then(|| read_pubkey(data, offset + 4))
}

/// Decodes a token account of either token program (base layout).
pub fn decode_token_account(address: &Pubkey, account: &Account) -> SdkResult<TokenAccountState> {
    const WHAT: &str = "token account";
    if !is_token_program(&account.owner) {
        return Err(invalid(
            address,
            WHAT,
            format!("owner is {}", account.owner),
        ));
    }
    let data = &account.data;
    if data.len() < TOKEN_ACCOUNT_LEN {
        return Err(invalid(address, WHAT, format!("{} bytes", data.len())));
    }
    // A Token-2022 account longer than the base carries its account type at byte 165.
    if data.len() > TOKEN_ACCOUNT_LEN && data[TOKEN_ACCOUNT_LEN] != 2 {
        return Err(invalid(address, WHAT, "not an account (a mint?)"));
    }
    let state = data[108];
    if state == 0 {
        return Err(invalid(address, WHAT, "uninitialized"));
    }
    Ok(TokenAccountState {
        mint: read_pubkey(data, 0),
        owner: read_pubkey(data, 32),
        amount: read_u64(data, 64),
        delegate: read_coption_pubkey(data, 72),
        frozen: state == 2,
        close_authority: read_coption_pubkey(data, 129),
        token_program: account.owner,
    })
}

/// The base fields of an SPL mint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MintState {
    /// Mint authority, if any.
    pub mint_authority: Option<Pubkey>,
    /// Supply in base units.
    pub supply: u64,
    /// Decimals.
    pub decimals: u8,
    /// Freeze authority, if any.
    pub freeze_authority: Option<Pubkey>,
    /// The token program that owns it.
    pub token_program: Pubkey,
}

/// Decodes a mint of either token program (base layout).
pub fn decode_mint(address: &Pubkey, account: &Account) -> SdkResult<MintState> {
    const WHAT: &str = "mint";
    if !is_token_program(&account.owner) {
        return Err(invalid(
            address,
            WHAT,
            format!("owner is {}", account.owner),
        ));
    }
    let data = &account.data;
    if data.len() < MINT_LEN || data.len() == TOKEN_ACCOUNT_LEN {
        return Err(invalid(address, WHAT, format!("{} bytes", data.len())));
    }
    if data[45] == 0 {
        return Err(invalid(address, WHAT, "uninitialized"));
    }
    Ok(MintState {
        mint_authority: read_coption_pubkey(data, 0),
        supply: read_u64(data, 36),
        decimals: data[44],
        freeze_authority: read_coption_pubkey(data, 46),
        token_program: account.owner,
    })
}

/// A Pyth price as a client reads it, before any of the vault's checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PriceUpdate {
    /// Pyth feed id.
    pub feed_id: [u8; 32],
    /// Price mantissa.
    pub price: i64,
    /// Confidence mantissa.
    pub conf: u64,
    /// Exponent.
    pub exponent: i32,
    /// Unix publish time.
    pub publish_time: i64,
    /// Whether the update was fully verified (the only kind Ballast accepts).
    pub fully_verified: bool,
    /// Whether the account is owned by the Pyth receiver (the only owner Ballast accepts).
    pub owned_by_receiver: bool,
}

impl PriceUpdate {
    /// The `(price, conf, exponent)` triple of ballast-math.
    pub fn oracle_price(&self) -> OraclePrice {
        OraclePrice {
            price: self.price,
            conf: self.conf,
            exponent: self.exponent,
        }
    }

    /// The price with the decimals of the token it prices.
    pub fn asset_price(&self, decimals: u8) -> AssetPrice {
        AssetPrice {
            price: self.oracle_price(),
            decimals,
        }
    }
}

/// Decodes a `PriceUpdateV2` account (any owner; [`PriceUpdate::owned_by_receiver`] says
/// whether the vault would accept it).
pub fn decode_price_update(address: &Pubkey, account: &Account) -> SdkResult<PriceUpdate> {
    let update = PriceUpdateV2::try_deserialize(&mut account.data.as_slice())
        .map_err(|e| invalid(address, "PriceUpdateV2", e.to_string()))?;
    let m = update.price_message;
    Ok(PriceUpdate {
        feed_id: m.feed_id,
        price: m.price,
        conf: m.conf,
        exponent: m.exponent,
        publish_time: m.publish_time,
        fully_verified: matches!(update.verification_level, VerificationLevel::Full),
        owned_by_receiver: account.owner == ballast::constants::PYTH_RECEIVER_ID,
    })
}

/// The Pyth message of `feed_id` at `price` ± `conf` × 10^`exponent` published at
/// `publish_time` (the previous publication a second earlier, the EMA equal to the price).
pub fn price_message(
    feed_id: [u8; 32],
    price: i64,
    conf: u64,
    exponent: i32,
    publish_time: i64,
) -> PriceFeedMessage {
    PriceFeedMessage {
        feed_id,
        price,
        conf,
        exponent,
        publish_time,
        prev_publish_time: publish_time.saturating_sub(1),
        ema_price: price,
        ema_conf: conf,
    }
}

/// Serialises a `PriceUpdateV2` account holding `message` at `verification_level`, as the
/// Pyth receiver posts it (for embedded chains and tests). Ballast accepts only
/// `VerificationLevel::Full`; tests encode partial ones to see them refused.
pub fn encode_price_update(
    message: PriceFeedMessage,
    verification_level: VerificationLevel,
) -> Vec<u8> {
    use anchor_lang::AccountSerialize;
    let update = PriceUpdateV2 {
        write_authority: Pubkey::default(),
        verification_level,
        price_message: message,
        posted_slot: 1,
    };
    let mut data = Vec::new();
    update
        .try_serialize(&mut data)
        .expect("serialising to a Vec cannot fail");
    data
}

/// The used asset entries of a decoded vault, owned.
pub fn vault_assets(vault: &Vault) -> Vec<AssetConfig> {
    vault.assets().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_update_round_trips() {
        let message = price_message([5; 32], 15_000_000_000, 1_000, -8, 1_750_000_000);
        let data = encode_price_update(message, VerificationLevel::Full);
        let account = Account {
            lamports: 1,
            data,
            owner: ballast::constants::PYTH_RECEIVER_ID,
            executable: false,
            rent_epoch: 0,
        };
        let p = decode_price_update(&Pubkey::default(), &account).unwrap();
        assert_eq!(p.feed_id, [5; 32]);
        assert_eq!((p.price, p.conf, p.exponent), (15_000_000_000, 1_000, -8));
        assert_eq!(p.publish_time, 1_750_000_000);
        assert!(p.fully_verified && p.owned_by_receiver);
        let partial = VerificationLevel::Partial { num_signatures: 5 };
        let data = encode_price_update(message, partial);
        let p = decode_price_update(&Pubkey::default(), &Account { data, ..account }).unwrap();
        assert!(!p.fully_verified && p.price == 15_000_000_000);
    }

    #[test]
    fn vault_decoding_refuses_other_data() {
        let account = Account {
            lamports: 1,
            data: vec![0; VAULT_ACCOUNT_LEN],
            owner: ballast::ID,
            executable: false,
            rent_epoch: 0,
        };
        let err = decode_vault(&Pubkey::default(), &account).unwrap_err();
        assert!(err.to_string().contains("discriminator"), "{err}");
        let short = Account {
            data: vec![0; 10],
            ..account.clone()
        };
        assert!(decode_vault(&Pubkey::default(), &short).is_err());
        let foreign = Account {
            owner: Pubkey::new_unique(),
            ..account
        };
        assert!(decode_vault(&Pubkey::default(), &foreign).is_err());
    }
}
