//! [`Venues`]: several venues as one. Each swap is quoted on every venue whose program the
//! vault allows, and goes to the best output (the first venue listed on a tie).
//!
//! [`AnyVenue`] names each venue the keeper knows, so that a list of them is one type (the
//! [`Venue`] trait returns futures, so it is not object-safe).

use ballast_sdk::chain::Chain;
use ballast_sdk::{Pubkey, SdkResult};

use super::{QuoteRequest, RaydiumCpmm, Route, TestAmm, Venue};

/// One venue the keeper knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnyVenue {
    /// The local test AMM.
    TestAmm(TestAmm),
    /// Raydium CPMM.
    RaydiumCpmm(RaydiumCpmm),
}

impl Venue for AnyVenue {
    fn name(&self) -> String {
        match self {
            AnyVenue::TestAmm(v) => v.name(),
            AnyVenue::RaydiumCpmm(v) => v.name(),
        }
    }

    fn programs(&self) -> Vec<Pubkey> {
        match self {
            AnyVenue::TestAmm(v) => v.programs(),
            AnyVenue::RaydiumCpmm(v) => v.programs(),
        }
    }

    async fn quote<C: Chain>(&self, chain: &C, request: &QuoteRequest) -> SdkResult<Option<Route>> {
        match self {
            AnyVenue::TestAmm(v) => v.quote(chain, request).await,
            AnyVenue::RaydiumCpmm(v) => v.quote(chain, request).await,
        }
    }
}

/// Several venues; each swap takes the best quote among those the vault allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Venues {
    venues: Vec<AnyVenue>,
}

impl Venues {
    /// These venues, in order of preference on a tie.
    pub fn new(venues: Vec<AnyVenue>) -> Self {
        Venues { venues }
    }

    /// Every venue the keeper knows: Raydium CPMM (default configs) and the test AMM. A
    /// vault's allowlist decides which it may use.
    pub fn all() -> Self {
        Venues::new(vec![
            AnyVenue::RaydiumCpmm(RaydiumCpmm::default()),
            AnyVenue::TestAmm(TestAmm),
        ])
    }

    /// The venues.
    pub fn venues(&self) -> &[AnyVenue] {
        &self.venues
    }
}

impl Venue for Venues {
    fn name(&self) -> String {
        let names: Vec<String> = self.venues.iter().map(Venue::name).collect();
        names.join("+")
    }

    fn programs(&self) -> Vec<Pubkey> {
        self.venues.iter().flat_map(Venue::programs).collect()
    }

    async fn quote<C: Chain>(&self, chain: &C, request: &QuoteRequest) -> SdkResult<Option<Route>> {
        let mut best: Option<Route> = None;
        for venue in &self.venues {
            if !venue.programs().iter().any(|p| request.allows(p)) {
                continue;
            }
            if let Some(route) = venue.quote(chain, request).await? {
                if best
                    .as_ref()
                    .is_none_or(|b| route.amount_out > b.amount_out)
                {
                    best = Some(route);
                }
            }
        }
        Ok(best)
    }
}
