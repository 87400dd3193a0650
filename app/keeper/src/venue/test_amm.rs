//! [`TestAmm`]: the local test venue (`ballast-test-amm`), one constant-product pool per
//! mint pair at the pool PDA of the pair, quoted with the venue's own formula
//! (`ballast_test_amm::quote`), so a quote is exactly what the swap pays on the state read.

use ballast_sdk::chain::Chain;
use ballast_sdk::ix::DexCall;
use ballast_sdk::state::decode_token_account;
use ballast_sdk::{Pubkey, SdkError, SdkResult};
use ballast_test_amm::client::{decode_pool, pool_address, swap_data, AmmPool};

use super::{Pricing, QuoteRequest, Route, Venue};

/// Compute units of the test AMM's swap by CPI, an upper estimate (about 12,000 measured).
const SWAP_UNITS: u32 = 20_000;

/// The local test AMM: one pool per mint pair, at the pool PDA of the pair.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TestAmm;

impl Venue for TestAmm {
    fn name(&self) -> String {
        "test-amm".into()
    }

    fn programs(&self) -> Vec<Pubkey> {
        vec![ballast_test_amm::ID]
    }

    async fn quote<C: Chain>(&self, chain: &C, request: &QuoteRequest) -> SdkResult<Option<Route>> {
        if !request.allows(&ballast_test_amm::ID) {
            return Ok(None);
        }
        let address = pool_address(&request.sell_mint, &request.buy_mint);
        let Some(account) = chain.get_account(&address).await? else {
            return Ok(None);
        };
        let invalid = |reason: String| SdkError::InvalidAccount {
            address,
            expected: "test AMM pool",
            reason,
        };
        if account.owner != ballast_test_amm::ID {
            return Err(invalid(format!("owner is {}", account.owner)));
        }
        let state = decode_pool(&account.data).map_err(|e| invalid(e.to_string()))?;
        let pool = AmmPool::from_state(address, &state);
        if !pool.has_mint(&request.sell_mint) || !pool.has_mint(&request.buy_mint) {
            return Ok(None);
        }
        let (vault_in, vault_out) = pool.vaults_for(&request.sell_mint);
        let accounts = chain.get_multiple_accounts(&[vault_in, vault_out]).await?;
        let (Some(acc_in), Some(acc_out)) = (&accounts[0], &accounts[1]) else {
            return Ok(None);
        };
        let reserve_in = decode_token_account(&vault_in, acc_in)?.amount;
        let reserve_out = decode_token_account(&vault_out, acc_out)?.amount;
        let pricing = Pricing::ConstantProduct {
            reserve_in,
            reserve_out,
            fee_bps: pool.fee_bps,
        };
        let Some(amount_out) = pricing.amount_out(request.amount_in) else {
            return Ok(None);
        };
        Ok(Some(Route {
            dex: DexCall {
                program: ballast_test_amm::ID,
                accounts: pool.rebalance_swap_accounts(
                    &request.swap_authority,
                    &request.sell_escrow,
                    &request.buy_escrow,
                    &request.sell_mint,
                ),
                data: swap_data(request.amount_in, request.min_out),
            },
            amount_out,
            venue: "test-amm",
            description: format!("test-amm pool {address}"),
            pricing,
            compute_units: SWAP_UNITS,
        }))
    }
}
