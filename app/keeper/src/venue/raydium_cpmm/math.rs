//! What Raydium CPMM pays for `swap_base_input` on a given pool state, computed the way the
//! program computes it (its rounding included), so that a quote is exactly the output:
//!
//! 1. the input's Token-2022 transfer fee, if its mint has one, is withheld on the way in;
//! 2. the pool's fee comes off the rest, rounded up: the config's trade fee, plus the
//!    creator fee when the pool enables it and takes it from the input (the two are
//!    charged together and split afterwards);
//! 3. the constant product prices what is left against the reserves, which are the vault
//!    balances minus the protocol, fund and creator fees accrued in them, rounded down;
//! 4. a creator fee taken from the output comes off it, rounded up;
//! 5. the output's transfer fee, if any, is withheld on the way out.
//!
//! Fee rates are parts per million. Any overflow, a zero input after the transfer fee or a
//! zero output is "no quote" (`None`): the program refuses those swaps.

use super::state::{TransferFee, FEE_RATE_DENOMINATOR};

/// A pool's pricing of one direction, as read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CpmmPricing {
    /// Input-side reserve: the vault balance minus accrued fees.
    pub reserve_in: u64,
    /// Output-side reserve likewise.
    pub reserve_out: u64,
    /// The config's trade fee, ppm.
    pub trade_fee_rate: u64,
    /// The creator fee the pool charges (0 unless it enables it), ppm.
    pub creator_fee_rate: u64,
    /// Whether the creator fee comes off the input (else off the output).
    pub creator_fee_on_input: bool,
    /// The input mint's transfer fee in force.
    pub transfer_fee_in: TransferFee,
    /// The output mint's transfer fee in force.
    pub transfer_fee_out: TransferFee,
}

/// What a `swap_base_input` of a given amount does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CpmmSwap {
    /// What the recipient's token account receives.
    pub amount_received: u64,
    /// The pool's trade fee, base units of the input.
    pub trade_fee: u64,
    /// The creator fee, base units of the input or of the output.
    pub creator_fee: u64,
    /// Transfer fees withheld on the input and on the output.
    pub transfer_fees: (u64, u64),
}

fn ceil_mul_div(amount: u128, rate: u128, denominator: u128) -> Option<u128> {
    if denominator == 0 {
        return None;
    }
    Some(amount.checked_mul(rate)?.div_ceil(denominator))
}

fn floor_mul_div(amount: u128, rate: u128, denominator: u128) -> Option<u128> {
    if denominator == 0 {
        return None;
    }
    Some(amount.checked_mul(rate)? / denominator)
}

impl CpmmPricing {
    /// The swap of `amount_in` (see the module documentation), or `None` when the program
    /// would refuse it.
    pub fn swap_base_input(&self, amount_in: u64) -> Option<CpmmSwap> {
        let denominator = u128::from(FEE_RATE_DENOMINATOR);
        let fee_in = self.transfer_fee_in.fee(amount_in)?;
        let actual_in = u128::from(amount_in.saturating_sub(fee_in));
        if actual_in == 0 {
            return None;
        }
        let (trade_rate, creator_rate) = (
            u128::from(self.trade_fee_rate),
            u128::from(self.creator_fee_rate),
        );
        let (trade_fee, mut creator_fee, after_fees) = if self.creator_fee_on_input {
            let total_rate = trade_rate.checked_add(creator_rate)?;
            let total = ceil_mul_div(actual_in, total_rate, denominator)?;
            let creator = floor_mul_div(total, creator_rate, total_rate)?;
            (
                total.checked_sub(creator)?,
                creator,
                actual_in.checked_sub(total)?,
            )
        } else {
            let trade = ceil_mul_div(actual_in, trade_rate, denominator)?;
            (trade, 0, actual_in.checked_sub(trade)?)
        };
        let (r_in, r_out) = (u128::from(self.reserve_in), u128::from(self.reserve_out));
        let swapped =
            after_fees.checked_mul(r_out)? / r_in.checked_add(after_fees).filter(|d| *d > 0)?;
        let amount_out = if self.creator_fee_on_input {
            swapped
        } else {
            creator_fee = ceil_mul_div(swapped, creator_rate, denominator)?;
            swapped.checked_sub(creator_fee)?
        };
        let amount_out = u64::try_from(amount_out).ok()?;
        let fee_out = self.transfer_fee_out.fee(amount_out)?;
        let received = amount_out.checked_sub(fee_out).filter(|r| *r > 0)?;
        Some(CpmmSwap {
            amount_received: received,
            trade_fee: u64::try_from(trade_fee).ok()?,
            creator_fee: u64::try_from(creator_fee).ok()?,
            transfer_fees: (fee_in, fee_out),
        })
    }

    /// What `amount_in` buys, after every fee.
    pub fn amount_out(&self, amount_in: u64) -> Option<u64> {
        self.swap_base_input(amount_in).map(|s| s.amount_received)
    }

    /// The pool's own fees (trade and creator) on `amount_in`, in base units of the input
    /// (a creator fee taken from the output is converted at the pool's marginal price).
    pub fn fee(&self, amount_in: u64) -> Option<u64> {
        let swap = self.swap_base_input(amount_in)?;
        let creator_in_input = if self.creator_fee_on_input || swap.creator_fee == 0 {
            swap.creator_fee
        } else {
            u64::try_from(floor_mul_div(
                u128::from(swap.creator_fee),
                u128::from(self.reserve_in),
                u128::from(self.reserve_out),
            )?)
            .ok()?
        };
        swap.trade_fee.checked_add(creator_in_input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(trade: u64) -> CpmmPricing {
        CpmmPricing {
            reserve_in: 1_000_000_000,
            reserve_out: 2_000_000_000,
            trade_fee_rate: trade,
            creator_fee_on_input: true,
            ..CpmmPricing::default()
        }
    }

    #[test]
    fn the_trade_fee_rounds_up_and_the_output_down() {
        let p = pool(2_500);
        // 1,000,000 in: fee ceil(2,500) = 2,500; 997,500 * 2e9 / (1e9 + 997,500).
        let s = p.swap_base_input(1_000_000).unwrap();
        assert_eq!(s.trade_fee, 2_500);
        assert_eq!(
            u128::from(s.amount_received),
            997_500u128 * 2_000_000_000 / 1_000_997_500
        );
        // 1 unit in still pays a unit of fee and buys nothing: refused.
        assert_eq!(p.swap_base_input(1), None);
        assert_eq!(p.swap_base_input(0), None);
        assert_eq!(p.fee(1_000_001), Some(2_501));
    }

    #[test]
    fn a_zero_fee_config_refuses_swaps_like_the_program() {
        // With the creator fee on the input and no fee at all, the program's fee split
        // divides by zero and it refuses the swap.
        assert_eq!(pool(0).swap_base_input(1_000), None);
        let on_output = CpmmPricing {
            creator_fee_on_input: false,
            ..pool(0)
        };
        assert_eq!(on_output.amount_out(1_000), Some(1_999));
    }

    #[test]
    fn creator_and_transfer_fees_come_off_where_the_program_takes_them() {
        let base = pool(2_500);
        let on_input = CpmmPricing {
            creator_fee_rate: 500,
            ..base
        };
        let s = on_input.swap_base_input(1_000_000).unwrap();
        assert_eq!((s.trade_fee, s.creator_fee), (2_500, 500));
        let on_output = CpmmPricing {
            creator_fee_on_input: false,
            ..on_input
        };
        let t = on_output.swap_base_input(1_000_000).unwrap();
        let swapped = 997_500u128 * 2_000_000_000 / 1_000_997_500;
        assert_eq!(
            u128::from(t.creator_fee),
            (swapped * 500).div_ceil(1_000_000)
        );
        assert_eq!(
            u128::from(t.amount_received),
            swapped - u128::from(t.creator_fee)
        );

        let taxed = CpmmPricing {
            transfer_fee_in: TransferFee {
                epoch: 0,
                maximum_fee: u64::MAX,
                basis_points: 100,
            },
            transfer_fee_out: TransferFee {
                epoch: 0,
                maximum_fee: 7,
                basis_points: 100,
            },
            ..base
        };
        let u = taxed.swap_base_input(1_000_000).unwrap();
        assert_eq!(u.transfer_fees.0, 10_000);
        assert_eq!(u.trade_fee, (990_000u64 * 2_500).div_ceil(1_000_000));
        let out = base.amount_out(990_000).unwrap();
        assert_eq!(u.transfer_fees.1, 7);
        assert_eq!(u.amount_received, out - 7);
    }
}
