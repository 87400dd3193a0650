//! Reading Pyth `PriceUpdateV2` accounts, with every check a price must pass.
//!
//! The account is parsed from its bytes rather than Borsh-deserialised: we accept only fully
//! verified updates, whose layout is fixed, and the parse costs a few dozen instructions.
//! Layout (Anchor account written by the Pyth receiver):
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 8 | discriminator `sha256("account:PriceUpdateV2")[..8]` |
//! | 8 | 32 | write_authority |
//! | 40 | 1 | verification_level tag: 0 = Partial (then 1 byte num_signatures), 1 = Full |
//! | 41 | 32 | feed_id |
//! | 73 | 8 | price (i64) |
//! | 81 | 8 | conf (u64) |
//! | 89 | 4 | exponent (i32) |
//! | 93 | 8 | publish_time (i64) |
//!
//! A host test in this module checks these offsets against the SDK's own type.

use anchor_lang::prelude::*;
use ballast_math::oracle::{check_price, PriceLimits};
use ballast_math::OraclePrice;

use crate::constants::PYTH_RECEIVER_ID;
use crate::error::{BallastError, MathResultExt};

/// Anchor discriminator of `PriceUpdateV2`.
#[constant]
pub const PRICE_UPDATE_V2_DISCRIMINATOR: [u8; 8] = [34, 241, 35, 99, 157, 126, 244, 205];
const VERIFICATION_FULL: u8 = 1;
const FULL_MESSAGE_END: usize = 101;

/// Clock skew tolerated between a price's publish time and the cluster clock, seconds.
#[constant]
pub const MAX_CLOCK_SKEW_SECS: i64 = ballast_math::oracle::MAX_CLOCK_SKEW_SECS;

/// A checked price and when it was published.
#[derive(Clone, Copy, Debug)]
pub struct PriceRead {
    /// The price.
    pub price: OraclePrice,
    /// Its unix publish time.
    pub publish_time: i64,
}

/// Reads the price of `feed_id` from `account`: owned by the Pyth receiver
/// (`OracleWrongOwner`), a `PriceUpdateV2` (`OracleInvalidAccount`), fully verified
/// (`OracleNotFullyVerified`), of that feed (`OracleFeedMismatch`), then every check of
/// `ballast_math::oracle::check_price` with `limits` (`OracleNonPositivePrice`,
/// `OracleExponentOutOfRange`, `OracleStale`, `OracleFromTheFuture`,
/// `OracleOlderThanLastUsed`, `OracleConfidenceTooWide`).
pub fn read_price(
    account: &AccountInfo,
    feed_id: &[u8; 32],
    limits: &PriceLimits,
) -> Result<PriceRead> {
    require_keys_eq!(
        *account.owner,
        PYTH_RECEIVER_ID,
        BallastError::OracleWrongOwner
    );
    let data = account.try_borrow_data()?;
    let header_ok =
        data.len() >= FULL_MESSAGE_END && data.get(..8) == Some(&PRICE_UPDATE_V2_DISCRIMINATOR[..]);
    require!(header_ok, BallastError::OracleInvalidAccount);
    require!(
        data[40] == VERIFICATION_FULL,
        BallastError::OracleNotFullyVerified
    );
    require!(&data[41..73] == feed_id, BallastError::OracleFeedMismatch);

    let price = OraclePrice {
        price: i64::from_le_bytes(read_array(&data, 73)?),
        conf: u64::from_le_bytes(read_array(&data, 81)?),
        exponent: i32::from_le_bytes(read_array(&data, 89)?),
    };
    let publish_time = i64::from_le_bytes(read_array(&data, 93)?);
    check_price(&price, publish_time, limits).math()?;
    Ok(PriceRead {
        price,
        publish_time,
    })
}

fn read_array<const N: usize>(data: &[u8], offset: usize) -> Result<[u8; N]> {
    data.get(offset..offset.saturating_add(N))
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or_else(|| error!(BallastError::OracleInvalidAccount))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pyth_solana_receiver_sdk::price_update::{
        PriceFeedMessage, PriceUpdateV2, VerificationLevel,
    };

    #[test]
    fn layout_matches_the_sdk() {
        assert_eq!(PYTH_RECEIVER_ID, pyth_solana_receiver_sdk::ID);
        assert_eq!(
            PriceUpdateV2::DISCRIMINATOR,
            &PRICE_UPDATE_V2_DISCRIMINATOR[..]
        );
        let update = PriceUpdateV2 {
            write_authority: Pubkey::new_from_array([7; 32]),
            verification_level: VerificationLevel::Full,
            price_message: PriceFeedMessage {
                feed_id: [9; 32],
                price: 123_456,
                conf: 789,
                exponent: -8,
                publish_time: 1_700_000_000,
                prev_publish_time: 1_699_999_999,
                ema_price: 1,
                ema_conf: 2,
            },
            posted_slot: 42,
        };
        let mut data = Vec::new();
        update.try_serialize(&mut data).unwrap();
        assert_eq!(data[40], VERIFICATION_FULL);
        assert_eq!(&data[41..73], &[9; 32]);
        assert_eq!(i64::from_le_bytes(read_array(&data, 73).unwrap()), 123_456);
        assert_eq!(u64::from_le_bytes(read_array(&data, 81).unwrap()), 789);
        assert_eq!(i32::from_le_bytes(read_array(&data, 89).unwrap()), -8);
        assert_eq!(
            i64::from_le_bytes(read_array(&data, 93).unwrap()),
            1_700_000_000
        );
    }
}
