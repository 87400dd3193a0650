//! [`RaydiumCpmm`]: Raydium's constant-product AMM as a venue.
//!
//! - Discovery: a pool of a pair lives at the PDA `["pool", amm_config, mint0, mint1]`, one
//!   per fee config. The venue knows a list of configs (by default the PDAs of config
//!   indices `0..`[`DEFAULT_CONFIG_INDICES`], which covers every config Raydium has
//!   created so far; more can be given) and reads every pool of the pair under them in one
//!   request. (Pools created at a random address instead of the PDA are not found.)
//! - Quote ([`math`]): the program's own arithmetic on the pool as read: the config's trade
//!   fee, the creator fee if the pool enables it, reserves net of the protocol, fund and
//!   creator fees accrued in the vaults, and Token-2022 transfer fees of either mint in the
//!   epoch of the clock read. Pools closed to swaps (status bit) or not open yet are left
//!   out. The best pool's output wins.
//! - Swap: `swap_base_input(amount_in, minimum_amount_out)` with the vault's escrows as the
//!   user's token accounts and the swap authority as the payer, passed as a non-signer (the
//!   vault signs for it in its CPI). CPMM does not check who owns the output account: the
//!   vault's own post-swap checks on its escrow balances do.

use ballast_sdk::chain::Chain;
use ballast_sdk::ix::DexCall;
use ballast_sdk::state::decode_token_account;
use ballast_sdk::{AccountMeta, Pubkey, SdkResult};

pub mod math;
pub mod state;

pub use math::{CpmmPricing, CpmmSwap};
pub use state::{AmmConfig, PoolState, TransferFee, TransferFeeSchedule, PROGRAM_ID};

use super::{Pricing, QuoteRequest, Route, Venue};

/// Config indices whose PDAs a default venue reads.
pub const DEFAULT_CONFIG_INDICES: u16 = 16;
/// `swap_base_input` discriminator.
pub const SWAP_BASE_INPUT: [u8; 8] = [143, 190, 90, 218, 196, 30, 51, 222];
/// `swap_base_output` discriminator.
pub const SWAP_BASE_OUTPUT: [u8; 8] = [55, 217, 98, 86, 163, 74, 180, 173];
/// Compute units of a CPMM swap by CPI, an upper estimate (28,000 to 30,000 measured inside
/// the program, plus the CPI's own cost).
const SWAP_UNITS: u32 = 40_000;

/// The `swap_base_input` instruction data.
pub fn swap_base_input_data(amount_in: u64, minimum_amount_out: u64) -> Vec<u8> {
    let mut data = SWAP_BASE_INPUT.to_vec();
    data.extend_from_slice(&amount_in.to_le_bytes());
    data.extend_from_slice(&minimum_amount_out.to_le_bytes());
    data
}

/// The `swap_base_output` instruction data (sell at most `max_amount_in` for exactly
/// `amount_out`).
pub fn swap_base_output_data(max_amount_in: u64, amount_out: u64) -> Vec<u8> {
    let mut data = SWAP_BASE_OUTPUT.to_vec();
    data.extend_from_slice(&max_amount_in.to_le_bytes());
    data.extend_from_slice(&amount_out.to_le_bytes());
    data
}

/// A pool as read: its address and state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CpmmPool {
    /// The `PoolState` account.
    pub address: Pubkey,
    /// Its decoded state.
    pub state: PoolState,
}

impl CpmmPool {
    /// Whether `mint` is one of the pool's two tokens.
    pub fn has_mint(&self, mint: &Pubkey) -> bool {
        *mint == self.state.token_0_mint || *mint == self.state.token_1_mint
    }

    /// `(vault, mint, token program)` of `mint_in`'s side and of the other side.
    fn sides(&self, mint_in: &Pubkey) -> ([Pubkey; 3], [Pubkey; 3]) {
        let s = &self.state;
        let zero = [s.token_0_vault, s.token_0_mint, s.token_0_program];
        let one = [s.token_1_vault, s.token_1_mint, s.token_1_program];
        if *mint_in == s.token_0_mint {
            (zero, one)
        } else {
            (one, zero)
        }
    }

    /// The pool's vault of `mint_in`'s side and of the other side.
    pub fn vaults_for(&self, mint_in: &Pubkey) -> (Pubkey, Pubkey) {
        let (i, o) = self.sides(mint_in);
        (i[0], o[0])
    }

    /// The swap's accounts in the program's order: `payer` (a signer) sells `mint_in` from
    /// `input_account` into `output_account`.
    pub fn swap_accounts(
        &self,
        payer: &Pubkey,
        input_account: &Pubkey,
        output_account: &Pubkey,
        mint_in: &Pubkey,
    ) -> Vec<AccountMeta> {
        let (i, o) = self.sides(mint_in);
        vec![
            AccountMeta::new_readonly(*payer, true),
            AccountMeta::new_readonly(state::authority(), false),
            AccountMeta::new_readonly(self.state.amm_config, false),
            AccountMeta::new(self.address, false),
            AccountMeta::new(*input_account, false),
            AccountMeta::new(*output_account, false),
            AccountMeta::new(i[0], false),
            AccountMeta::new(o[0], false),
            AccountMeta::new_readonly(i[2], false),
            AccountMeta::new_readonly(o[2], false),
            AccountMeta::new_readonly(i[1], false),
            AccountMeta::new_readonly(o[1], false),
            AccountMeta::new(self.state.observation_key, false),
        ]
    }

    /// The swap accounts a Ballast `rebalance` forwards: the escrows as the user's accounts
    /// and the vault's swap authority as the payer, a non-signer (the vault signs for it).
    pub fn rebalance_swap_accounts(
        &self,
        swap_authority: &Pubkey,
        sell_escrow: &Pubkey,
        buy_escrow: &Pubkey,
        sell_mint: &Pubkey,
    ) -> Vec<AccountMeta> {
        let mut metas = self.swap_accounts(swap_authority, sell_escrow, buy_escrow, sell_mint);
        metas[0].is_signer = false;
        metas
    }
}

/// Raydium CPMM as a venue (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RaydiumCpmm {
    configs: Vec<Pubkey>,
}

impl Default for RaydiumCpmm {
    /// The configs of indices `0..DEFAULT_CONFIG_INDICES`.
    fn default() -> Self {
        Self::with_config_indices(0..DEFAULT_CONFIG_INDICES)
    }
}

impl RaydiumCpmm {
    /// A venue that looks for pools under exactly these `AmmConfig` accounts.
    pub fn with_configs(configs: Vec<Pubkey>) -> Self {
        RaydiumCpmm { configs }
    }

    /// A venue that looks for pools under the configs of these indices.
    pub fn with_config_indices(indices: impl IntoIterator<Item = u16>) -> Self {
        Self::with_configs(indices.into_iter().map(state::amm_config_address).collect())
    }

    /// The configs it looks under.
    pub fn configs(&self) -> &[Pubkey] {
        &self.configs
    }

    /// Every pool of the pair `x`/`y` under the known configs (owned by CPMM, decoding,
    /// of that pair), in config order.
    pub async fn pools<C: Chain>(
        &self,
        chain: &C,
        x: &Pubkey,
        y: &Pubkey,
    ) -> SdkResult<Vec<CpmmPool>> {
        let addresses: Vec<Pubkey> = self
            .configs
            .iter()
            .map(|config| state::pool_address(config, x, y))
            .collect();
        let accounts = chain.get_multiple_accounts(&addresses).await?;
        Ok(addresses
            .iter()
            .zip(accounts)
            .filter_map(|(address, account)| {
                let account = account.filter(|a| a.owner == PROGRAM_ID)?;
                let state = PoolState::decode(&account.data).ok()?;
                let pool = CpmmPool {
                    address: *address,
                    state,
                };
                (pool.has_mint(x) && pool.has_mint(y) && x != y).then_some(pool)
            })
            .collect())
    }

    /// The pricing of selling `mint_in` to each of `pools` (`None` for a pool that cannot
    /// swap now: closed, not open, a config or vault that does not read, fees above the
    /// balance), from one read of their configs, vaults, the two mints and the clock. The
    /// pools' states must be fresh: their accrued fees are part of the pricing.
    pub async fn pricings<C: Chain>(
        &self,
        chain: &C,
        pools: &[CpmmPool],
        mint_in: &Pubkey,
    ) -> SdkResult<Vec<Option<CpmmPricing>>> {
        let Some(first) = pools.first() else {
            return Ok(Vec::new());
        };
        let mint_out = if *mint_in == first.state.token_0_mint {
            first.state.token_1_mint
        } else {
            first.state.token_0_mint
        };
        let mut addresses = vec![state::CLOCK_SYSVAR, *mint_in, mint_out];
        for pool in pools {
            let (vault_in, vault_out) = pool.vaults_for(mint_in);
            addresses.extend([pool.state.amm_config, vault_in, vault_out]);
        }
        let accounts = chain.get_multiple_accounts(&addresses).await?;
        let clock = accounts[0]
            .as_ref()
            .and_then(|a| state::decode_clock(&a.data));
        let now = match clock {
            Some((_, t)) => t,
            None => chain.get_clock().await?.unix_timestamp,
        };
        let epoch = clock.map(|(e, _)| e);
        let transfer_fee = |i: usize| {
            accounts[i]
                .as_ref()
                .and_then(|a| TransferFeeSchedule::of_mint(&a.data))
                .map(|s| s.at(epoch))
                .unwrap_or_default()
        };
        let (fee_in, fee_out) = (transfer_fee(1), transfer_fee(2));
        Ok(pools
            .iter()
            .enumerate()
            .map(|(k, pool)| {
                let base = 3 + 3 * k;
                let config = accounts[base]
                    .as_ref()
                    .filter(|a| a.owner == PROGRAM_ID)
                    .and_then(|a| AmmConfig::decode(&a.data).ok())?;
                let balance = |i: usize| {
                    let account = accounts[i].as_ref()?;
                    decode_token_account(&addresses[i], account)
                        .ok()
                        .map(|t| t.amount)
                };
                let (vault_in, vault_out) = (balance(base + 1)?, balance(base + 2)?);
                if !pool.state.swappable_at(now) {
                    return None;
                }
                let zero_for_one = *mint_in == pool.state.token_0_mint;
                let (fees_0, fees_1) = pool.state.accrued_fees()?;
                let (owed_in, owed_out) = if zero_for_one {
                    (fees_0, fees_1)
                } else {
                    (fees_1, fees_0)
                };
                Some(CpmmPricing {
                    reserve_in: vault_in.checked_sub(owed_in)?,
                    reserve_out: vault_out.checked_sub(owed_out)?,
                    trade_fee_rate: config.trade_fee_rate,
                    creator_fee_rate: if pool.state.enable_creator_fee {
                        config.creator_fee_rate
                    } else {
                        0
                    },
                    creator_fee_on_input: pool.state.creator_fee_on_input(zero_for_one)?,
                    transfer_fee_in: fee_in,
                    transfer_fee_out: fee_out,
                })
            })
            .collect())
    }
}

impl Venue for RaydiumCpmm {
    fn name(&self) -> String {
        "raydium-cpmm".into()
    }

    fn programs(&self) -> Vec<Pubkey> {
        vec![PROGRAM_ID]
    }

    async fn quote<C: Chain>(&self, chain: &C, request: &QuoteRequest) -> SdkResult<Option<Route>> {
        if !request.allows(&PROGRAM_ID) || request.sell_mint == request.buy_mint {
            return Ok(None);
        }
        let pools = self
            .pools(chain, &request.sell_mint, &request.buy_mint)
            .await?;
        let pricings = self.pricings(chain, &pools, &request.sell_mint).await?;
        let best = pools
            .iter()
            .zip(pricings)
            .filter_map(|(pool, pricing)| {
                let pricing = pricing?;
                Some((pool, pricing, pricing.amount_out(request.amount_in)?))
            })
            .max_by_key(|(_, _, out)| *out);
        let Some((pool, pricing, amount_out)) = best else {
            return Ok(None);
        };
        Ok(Some(Route {
            dex: DexCall {
                program: PROGRAM_ID,
                accounts: pool.rebalance_swap_accounts(
                    &request.swap_authority,
                    &request.sell_escrow,
                    &request.buy_escrow,
                    &request.sell_mint,
                ),
                data: swap_base_input_data(request.amount_in, request.min_out),
            },
            amount_out,
            venue: "raydium-cpmm",
            description: format!("raydium-cpmm pool {}", pool.address),
            pricing: Pricing::RaydiumCpmm(pricing),
            compute_units: SWAP_UNITS,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swap_data_is_the_discriminator_and_two_amounts() {
        let data = swap_base_input_data(5, 7);
        assert_eq!(data[..8], SWAP_BASE_INPUT);
        assert_eq!(data[8..16], 5u64.to_le_bytes());
        assert_eq!(data[16..], 7u64.to_le_bytes());
    }

    #[test]
    fn rebalance_accounts_pass_the_swap_authority_unsigned_and_the_pool_writable() {
        let (m0, m1) = state::ordered(Pubkey::new_unique(), Pubkey::new_unique());
        let config = state::amm_config_address(0);
        let address = state::pool_address(&config, &m1, &m0);
        let pool = CpmmPool {
            address,
            state: PoolState {
                amm_config: config,
                token_0_mint: m0,
                token_1_mint: m1,
                token_0_vault: state::vault_address(&address, &m0),
                token_1_vault: state::vault_address(&address, &m1),
                observation_key: state::observation_address(&address),
                ..PoolState::default()
            },
        };
        let (authority, from, to) = (
            Pubkey::new_unique(),
            Pubkey::new_unique(),
            Pubkey::new_unique(),
        );
        let metas = pool.rebalance_swap_accounts(&authority, &from, &to, &m1);
        assert_eq!(metas.len(), 13);
        assert_eq!((metas[0].pubkey, metas[0].is_signer), (authority, false));
        assert_eq!(metas[6].pubkey, pool.state.token_1_vault, "input vault");
        assert_eq!(metas[7].pubkey, pool.state.token_0_vault, "output vault");
        assert_eq!((metas[10].pubkey, metas[11].pubkey), (m1, m0));
        let writable: Vec<_> = metas
            .iter()
            .filter(|m| m.is_writable)
            .map(|m| m.pubkey)
            .collect();
        assert_eq!(
            writable,
            vec![
                address,
                from,
                to,
                pool.state.token_1_vault,
                pool.state.token_0_vault,
                pool.state.observation_key
            ]
        );
    }
}
