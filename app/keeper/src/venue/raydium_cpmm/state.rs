//! Raydium CPMM's accounts as a client reads them: the program id, the PDAs of its configs,
//! pools, vaults and observations, and decoders for `AmmConfig`, `PoolState` and the
//! Token-2022 transfer-fee schedule of a mint. Written from the layouts of the upstream
//! source at the pinned commit (see `../shared/venues/README.md`); nothing here is the
//! upstream code.

use ballast_sdk::Pubkey;

/// Raydium CPMM's program id on mainnet (the id the tests load the pinned source build at).
pub const PROGRAM_ID: Pubkey =
    Pubkey::from_str_const("CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C");

/// The only key allowed to create an `AmmConfig` (`create_amm_config` is admin-gated).
pub const ADMIN: Pubkey = Pubkey::from_str_const("GThUX1Atko4tqhN2NaiTazWSeFWMuiUvfFnyJyUghFMJ");

/// The fixed token account `initialize` pays the pool-creation fee to.
pub const POOL_FEE_RECEIVER: Pubkey =
    Pubkey::from_str_const("DNXgeM9EiiaAbaWvwjHj9fQQLAX5ZsfHyvmYUNRAdNC8");

/// The clock sysvar (its epoch picks a transfer fee's schedule).
pub const CLOCK_SYSVAR: Pubkey =
    Pubkey::from_str_const("SysvarC1ock11111111111111111111111111111111");

/// Anchor account discriminator of `PoolState` (`sha256("account:PoolState")[..8]`).
pub const POOL_STATE_DISCRIMINATOR: [u8; 8] = [247, 237, 227, 245, 215, 195, 222, 70];
/// Anchor account discriminator of `AmmConfig`.
pub const AMM_CONFIG_DISCRIMINATOR: [u8; 8] = [218, 244, 33, 104, 203, 203, 43, 111];

/// Fee rates are parts per million of an amount.
pub const FEE_RATE_DENOMINATOR: u64 = 1_000_000;
/// Size of an `AmmConfig` account.
pub const AMM_CONFIG_LEN: usize = 236;
/// Size of a `PoolState` account.
pub const POOL_STATE_LEN: usize = 637;
/// Bit of `PoolState::status` that stops swaps.
pub const STATUS_SWAP_DISABLED: u8 = 0b100;

fn pda(seeds: &[&[u8]]) -> Pubkey {
    Pubkey::find_program_address(seeds, &PROGRAM_ID).0
}

/// The vault and LP-mint authority PDA (`["vault_and_lp_mint_auth_seed"]`).
pub fn authority() -> Pubkey {
    pda(&[b"vault_and_lp_mint_auth_seed"])
}

/// The `AmmConfig` PDA of config `index` (`["amm_config", index as u16 big-endian]`).
pub fn amm_config_address(index: u16) -> Pubkey {
    pda(&[b"amm_config", &index.to_be_bytes()])
}

/// The two mints of a pair in pool order (`token_0` is the smaller key).
pub fn ordered(x: Pubkey, y: Pubkey) -> (Pubkey, Pubkey) {
    if x < y {
        (x, y)
    } else {
        (y, x)
    }
}

/// The pool PDA of a pair (either order) under `amm_config`
/// (`["pool", amm_config, mint0, mint1]`).
pub fn pool_address(amm_config: &Pubkey, x: &Pubkey, y: &Pubkey) -> Pubkey {
    let (m0, m1) = ordered(*x, *y);
    pda(&[b"pool", amm_config.as_ref(), m0.as_ref(), m1.as_ref()])
}

/// The pool's vault of `mint` (`["pool_vault", pool, mint]`).
pub fn vault_address(pool: &Pubkey, mint: &Pubkey) -> Pubkey {
    pda(&[b"pool_vault", pool.as_ref(), mint.as_ref()])
}

/// The pool's LP mint (`["pool_lp_mint", pool]`).
pub fn lp_mint_address(pool: &Pubkey) -> Pubkey {
    pda(&[b"pool_lp_mint", pool.as_ref()])
}

/// The pool's observation account (`["observation", pool]`).
pub fn observation_address(pool: &Pubkey) -> Pubkey {
    pda(&[b"observation", pool.as_ref()])
}

/// Why an account does not decode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError(pub String);

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Little-endian reads at fixed offsets of a buffer whose length was checked.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn bytes<const N: usize>(&self, offset: usize) -> [u8; N] {
        let mut out = [0u8; N];
        if let Some(slice) = self.0.get(offset..offset + N) {
            out.copy_from_slice(slice);
        }
        out
    }
    fn u8(&self, offset: usize) -> u8 {
        self.bytes::<1>(offset)[0]
    }
    fn u16(&self, offset: usize) -> u16 {
        u16::from_le_bytes(self.bytes(offset))
    }
    fn u64(&self, offset: usize) -> u64 {
        u64::from_le_bytes(self.bytes(offset))
    }
    fn key(&self, offset: usize) -> Pubkey {
        Pubkey::new_from_array(self.bytes(offset))
    }
}

fn checked<'a>(
    data: &'a [u8],
    len: usize,
    disc: &[u8; 8],
    what: &str,
) -> Result<Reader<'a>, DecodeError> {
    if data.len() < len {
        return Err(DecodeError(format!(
            "{what}: {} bytes, expected {len}",
            data.len()
        )));
    }
    if data[..8] != disc[..] {
        return Err(DecodeError(format!("{what}: wrong discriminator")));
    }
    Ok(Reader(data))
}

/// A pool's fee configuration (`AmmConfig`), fee rates in parts per million.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AmmConfig {
    /// The PDA's bump.
    pub bump: u8,
    /// Whether new pools may not be created with it.
    pub disable_create_pool: bool,
    /// Its index (part of its address).
    pub index: u16,
    /// The trade fee every swap pays, of its input.
    pub trade_fee_rate: u64,
    /// The protocol's share of the trade fee (left in the vault, owed to the protocol).
    pub protocol_fee_rate: u64,
    /// The fund's share of the trade fee (likewise).
    pub fund_fee_rate: u64,
    /// Lamports `initialize` charges.
    pub create_pool_fee: u64,
    /// Who collects the protocol fees.
    pub protocol_owner: Pubkey,
    /// Who collects the fund fees.
    pub fund_owner: Pubkey,
    /// The pool creator's fee, charged on top of the trade fee by pools that enable it.
    pub creator_fee_rate: u64,
}

impl AmmConfig {
    /// Decodes an `AmmConfig` account's data (the caller checks the owner).
    pub fn decode(data: &[u8]) -> Result<Self, DecodeError> {
        let r = checked(data, AMM_CONFIG_LEN, &AMM_CONFIG_DISCRIMINATOR, "AmmConfig")?;
        Ok(AmmConfig {
            bump: r.u8(8),
            disable_create_pool: r.u8(9) != 0,
            index: r.u16(10),
            trade_fee_rate: r.u64(12),
            protocol_fee_rate: r.u64(20),
            fund_fee_rate: r.u64(28),
            create_pool_fee: r.u64(36),
            protocol_owner: r.key(44),
            fund_owner: r.key(76),
            creator_fee_rate: r.u64(108),
        })
    }

    /// The account data of this config (what `create_amm_config` would store), for a test
    /// chain that writes the account directly because creating one is admin-gated.
    pub fn encode(&self) -> Vec<u8> {
        let mut data = vec![0u8; AMM_CONFIG_LEN];
        data[..8].copy_from_slice(&AMM_CONFIG_DISCRIMINATOR);
        data[8] = self.bump;
        data[9] = u8::from(self.disable_create_pool);
        data[10..12].copy_from_slice(&self.index.to_le_bytes());
        data[12..20].copy_from_slice(&self.trade_fee_rate.to_le_bytes());
        data[20..28].copy_from_slice(&self.protocol_fee_rate.to_le_bytes());
        data[28..36].copy_from_slice(&self.fund_fee_rate.to_le_bytes());
        data[36..44].copy_from_slice(&self.create_pool_fee.to_le_bytes());
        data[44..76].copy_from_slice(self.protocol_owner.as_ref());
        data[76..108].copy_from_slice(self.fund_owner.as_ref());
        data[108..116].copy_from_slice(&self.creator_fee_rate.to_le_bytes());
        data
    }
}

/// The fields of a `PoolState` a swap reads (a zero-copy, packed account).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PoolState {
    /// The config whose fee rates the pool charges.
    pub amm_config: Pubkey,
    /// The vault of token 0.
    pub token_0_vault: Pubkey,
    /// The vault of token 1.
    pub token_1_vault: Pubkey,
    /// The LP mint.
    pub lp_mint: Pubkey,
    /// Token 0 (the smaller key).
    pub token_0_mint: Pubkey,
    /// Token 1.
    pub token_1_mint: Pubkey,
    /// Token 0's token program.
    pub token_0_program: Pubkey,
    /// Token 1's token program.
    pub token_1_program: Pubkey,
    /// The observation account a swap writes.
    pub observation_key: Pubkey,
    /// Status bits: 1 deposits, 2 withdrawals, 4 swaps disabled.
    pub status: u8,
    /// Protocol fees of token 0 accrued in the vault and not collected.
    pub protocol_fees_token_0: u64,
    /// Protocol fees of token 1 likewise.
    pub protocol_fees_token_1: u64,
    /// Fund fees of token 0 likewise.
    pub fund_fees_token_0: u64,
    /// Fund fees of token 1 likewise.
    pub fund_fees_token_1: u64,
    /// Unix time from which swaps are allowed.
    pub open_time: u64,
    /// Which token the creator fee is taken in: 0 the input, 1 only token 0, 2 only token 1.
    pub creator_fee_on: u8,
    /// Whether the pool charges the config's creator fee.
    pub enable_creator_fee: bool,
    /// Creator fees of token 0 accrued in the vault and not collected.
    pub creator_fees_token_0: u64,
    /// Creator fees of token 1 likewise.
    pub creator_fees_token_1: u64,
}

impl PoolState {
    /// Decodes a `PoolState` account's data (the caller checks the owner).
    pub fn decode(data: &[u8]) -> Result<Self, DecodeError> {
        let r = checked(data, POOL_STATE_LEN, &POOL_STATE_DISCRIMINATOR, "PoolState")?;
        Ok(PoolState {
            amm_config: r.key(8),
            token_0_vault: r.key(72),
            token_1_vault: r.key(104),
            lp_mint: r.key(136),
            token_0_mint: r.key(168),
            token_1_mint: r.key(200),
            token_0_program: r.key(232),
            token_1_program: r.key(264),
            observation_key: r.key(296),
            status: r.u8(329),
            protocol_fees_token_0: r.u64(341),
            protocol_fees_token_1: r.u64(349),
            fund_fees_token_0: r.u64(357),
            fund_fees_token_1: r.u64(365),
            open_time: r.u64(373),
            creator_fee_on: r.u8(389),
            enable_creator_fee: r.u8(390) != 0,
            creator_fees_token_0: r.u64(397),
            creator_fees_token_1: r.u64(405),
        })
    }

    /// Whether swaps are allowed at unix time `now` (status bit clear, pool open).
    pub fn swappable_at(&self, now: i64) -> bool {
        self.status & STATUS_SWAP_DISABLED == 0
            && u64::try_from(now).is_ok_and(|t| t >= self.open_time)
    }

    /// Fees of token 0 and of token 1 held in the vaults but owed to others (protocol,
    /// fund, creator): not part of the swap reserves. `None` on overflow.
    pub fn accrued_fees(&self) -> Option<(u64, u64)> {
        let f0 = self
            .protocol_fees_token_0
            .checked_add(self.fund_fees_token_0)?
            .checked_add(self.creator_fees_token_0)?;
        let f1 = self
            .protocol_fees_token_1
            .checked_add(self.fund_fees_token_1)?
            .checked_add(self.creator_fees_token_1)?;
        Some((f0, f1))
    }

    /// Whether the creator fee of a swap selling token 0 (`zero_for_one`) or token 1 is
    /// taken from its input (else from its output).
    pub fn creator_fee_on_input(&self, zero_for_one: bool) -> Option<bool> {
        match (self.creator_fee_on, zero_for_one) {
            (0, _) | (1, true) | (2, false) => Some(true),
            (1, false) | (2, true) => Some(false),
            _ => None,
        }
    }
}

/// One side of a Token-2022 transfer-fee schedule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TransferFee {
    /// First epoch this fee applies to.
    pub epoch: u64,
    /// Largest fee of one transfer, base units.
    pub maximum_fee: u64,
    /// Fee, bps of the amount sent.
    pub basis_points: u16,
}

impl TransferFee {
    /// The fee on sending `amount` (rounded up, at most `maximum_fee`), as Token-2022
    /// withholds it; `None` on overflow.
    pub fn fee(&self, amount: u64) -> Option<u64> {
        if self.basis_points == 0 || amount == 0 {
            return Some(0);
        }
        let raw = u128::from(amount)
            .checked_mul(u128::from(self.basis_points))?
            .div_ceil(10_000);
        Some(u64::try_from(raw).ok()?.min(self.maximum_fee))
    }
}

/// A mint's Token-2022 `TransferFeeConfig`: the older and newer fee.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TransferFeeSchedule {
    /// The fee before `newer.epoch`.
    pub older: TransferFee,
    /// The fee from `newer.epoch` on.
    pub newer: TransferFee,
}

impl TransferFeeSchedule {
    /// The fee in force in `epoch` (the newer one when the epoch is unknown).
    pub fn at(&self, epoch: Option<u64>) -> TransferFee {
        match epoch {
            Some(e) if e < self.newer.epoch => self.older,
            _ => self.newer,
        }
    }

    /// The transfer-fee schedule of a mint's account data, `None` when it has none (a
    /// classic SPL mint, or a Token-2022 mint without the extension).
    pub fn of_mint(data: &[u8]) -> Option<Self> {
        // Token-2022: the base mint, padding to 165 bytes, the account type (1 = mint),
        // then type-length-value extensions (type 1 = TransferFeeConfig).
        const TLV_START: usize = 166;
        const TRANSFER_FEE_CONFIG: u16 = 1;
        if data.len() <= TLV_START || data[165] != 1 {
            return None;
        }
        let r = Reader(data);
        let mut at = TLV_START;
        while at + 4 <= data.len() {
            let (kind, len) = (r.u16(at), usize::from(r.u16(at + 2)));
            let value = at + 4;
            if kind == TRANSFER_FEE_CONFIG && len >= 108 && value + len <= data.len() {
                let side = |o: usize| TransferFee {
                    epoch: r.u64(value + o),
                    maximum_fee: r.u64(value + o + 8),
                    basis_points: r.u16(value + o + 16),
                };
                return Some(TransferFeeSchedule {
                    older: side(72),
                    newer: side(90),
                });
            }
            if kind == 0 {
                return None;
            }
            at = value + len;
        }
        None
    }
}

/// The epoch and unix time of the clock sysvar's data.
pub fn decode_clock(data: &[u8]) -> Option<(u64, i64)> {
    if data.len() < 40 {
        return None;
    }
    let r = Reader(data);
    Some((r.u64(16), i64::from_le_bytes(r.bytes(32))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_the_upstream_ones() {
        assert_eq!(
            PROGRAM_ID.to_string(),
            "CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C"
        );
        assert_eq!(
            ADMIN.to_string(),
            "GThUX1Atko4tqhN2NaiTazWSeFWMuiUvfFnyJyUghFMJ"
        );
        assert_eq!(
            POOL_FEE_RECEIVER.to_string(),
            "DNXgeM9EiiaAbaWvwjHj9fQQLAX5ZsfHyvmYUNRAdNC8"
        );
        assert_eq!(
            CLOCK_SYSVAR.to_string(),
            "SysvarC1ock11111111111111111111111111111111"
        );
    }

    #[test]
    fn a_config_round_trips_and_a_pool_decodes_at_its_offsets() {
        let config = AmmConfig {
            bump: 254,
            index: 3,
            trade_fee_rate: 2_500,
            protocol_fee_rate: 120_000,
            fund_fee_rate: 40_000,
            protocol_owner: Pubkey::new_unique(),
            fund_owner: Pubkey::new_unique(),
            creator_fee_rate: 100,
            ..AmmConfig::default()
        };
        assert_eq!(AmmConfig::decode(&config.encode()), Ok(config));
        assert!(AmmConfig::decode(&config.encode()[..100]).is_err());

        let mut data = vec![0u8; POOL_STATE_LEN];
        data[..8].copy_from_slice(&POOL_STATE_DISCRIMINATOR);
        let vault1 = Pubkey::new_unique();
        data[104..136].copy_from_slice(vault1.as_ref());
        data[329] = STATUS_SWAP_DISABLED;
        data[349..357].copy_from_slice(&7u64.to_le_bytes());
        data[373..381].copy_from_slice(&100u64.to_le_bytes());
        data[405..413].copy_from_slice(&5u64.to_le_bytes());
        let pool = PoolState::decode(&data).unwrap();
        assert_eq!(pool.token_1_vault, vault1);
        assert_eq!(pool.accrued_fees(), Some((0, 12)));
        assert!(!pool.swappable_at(200), "swaps disabled");
        let open = PoolState { status: 0, ..pool };
        assert!(!open.swappable_at(99) && open.swappable_at(100));
        data[0] = 0;
        assert!(PoolState::decode(&data).is_err());
    }

    #[test]
    fn transfer_fees_round_up_and_stop_at_the_maximum() {
        let fee = TransferFee {
            epoch: 0,
            maximum_fee: 50,
            basis_points: 100,
        };
        assert_eq!(fee.fee(0), Some(0));
        assert_eq!(fee.fee(1), Some(1));
        assert_eq!(fee.fee(1_000), Some(10));
        assert_eq!(fee.fee(1_001), Some(11));
        assert_eq!(fee.fee(1_000_000), Some(50));
        let schedule = TransferFeeSchedule {
            older: TransferFee::default(),
            newer: TransferFee { epoch: 5, ..fee },
        };
        assert_eq!(schedule.at(Some(4)), TransferFee::default());
        assert_eq!(schedule.at(Some(5)).basis_points, 100);
        assert_eq!(schedule.at(None).basis_points, 100);
        assert_eq!(TransferFeeSchedule::of_mint(&[0u8; 82]), None);
    }
}
