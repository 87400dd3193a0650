/**
 * Exact ports of the `ballast-math` functions a client needs to predict the program: the same
 * integer arithmetic on bigints, the same roundings, the same refusals (thrown as
 * {@link MathError} with the Rust variant's name). `test/vectors.json`, generated from Rust,
 * checks every function here.
 *
 * Units: values are `Wad`s (10^-18 USD, bigint); token amounts and share units are u64
 * bigints; bps are numbers.
 */

import { MAX_ENTRY_SPREAD_BPS, MAX_MANAGEMENT_FEE_BPS, SHARE_DECIMALS } from "./constants";

/** The name of a `ballast_math::MathError` variant. */
export type MathErrorName =
  | "Overflow"
  | "Underflow"
  | "DivisionByZero"
  | "NonPositivePrice"
  | "ExponentOutOfRange"
  | "DecimalsOutOfRange"
  | "ZeroShares"
  | "InvalidWeights"
  | "LengthMismatch"
  | "InvalidParameter"
  | "TooManyAssets";

/** A refusal of a math function, named as in Rust. */
export class MathError extends Error {
  constructor(readonly code: MathErrorName) {
    super(`ballast-math: ${code}`);
    this.name = "MathError";
  }
}

export const U64_MAX = (1n << 64n) - 1n;
export const U128_MAX = (1n << 128n) - 1n;
/** One USD (or one whole unit) as a Wad. */
export const WAD = 10n ** 18n;
/** Basis points in one whole. */
export const BPS = 10_000n;
/** One micro-USD in Wad units. */
export const MICRO_USD = 10n ** 12n;
/** Virtual share units in every share price (`ballast_math::shares::VIRTUAL_SHARES`). */
export const VIRTUAL_SHARES = 1_000_000n;
/** Virtual value in every share price, Wad (`ballast_math::shares::VIRTUAL_VALUE`). */
export const VIRTUAL_VALUE = 10n ** 15n;
/** Seconds in the management fee's year. */
export const SECONDS_PER_YEAR = 31_536_000n;
/** Largest exponent one fee settlement accrues (4, as a Wad). */
export const MAX_ACCRUAL_EXPONENT = 4n * WAD;
/** Supported price exponents and token decimals. */
export const MIN_EXPONENT = -18;
export const MAX_EXPONENT = 0;
export const MAX_DECIMALS = 18;

/** Rounding direction. */
export type Rounding = "down" | "up";
/** Which end of a price's confidence interval to value with. */
export type PriceSide = "low" | "mid" | "high";

/** A Pyth price as published: `price * 10^exponent` USD, confidence `conf`. */
export interface OraclePrice {
  price: bigint;
  conf: bigint;
  exponent: number;
}

const fitsU128 = (x: bigint) => {
  if (x < 0n || x > U128_MAX) throw new MathError("Overflow");
  return x;
};
const fitsU64 = (x: bigint) => {
  if (x < 0n || x > U64_MAX) throw new MathError("Overflow");
  return x;
};

/** `a * b / c` over u128 with a wide intermediate (`ballast_math::wide::mul_div`). */
export function mulDiv(a: bigint, b: bigint, c: bigint, rounding: Rounding): bigint {
  if (c === 0n) throw new MathError("DivisionByZero");
  const product = a * b;
  let quotient = product / c;
  fitsU128(quotient);
  if (rounding === "up" && product % c !== 0n) quotient = fitsU128(quotient + 1n);
  return quotient;
}

/** `a * b / c` for u64 operands, the result checked to fit in u64. */
export const mulDivU64 = (a: bigint, b: bigint, c: bigint, rounding: Rounding) =>
  fitsU64(mulDiv(a, b, c, rounding));

/** Checked Wad addition. */
export const wadAdd = (a: bigint, b: bigint) => fitsU128(a + b);

/** `10^n` for n <= 38. */
export function pow10(n: number): bigint {
  if (n > 38) throw new MathError("Overflow");
  return 10n ** BigInt(n);
}

/** Checks the sign of a price and its exponent range (`OraclePrice::validate`). */
export function validatePrice(p: OraclePrice): void {
  if (p.price <= 0n) throw new MathError("NonPositivePrice");
  if (p.exponent < MIN_EXPONENT || p.exponent > MAX_EXPONENT) {
    throw new MathError("ExponentOutOfRange");
  }
}

/** The price mantissa on `side` of the confidence interval. */
export function mantissa(p: OraclePrice, side: PriceSide): bigint {
  validatePrice(p);
  if (side === "mid") return p.price;
  if (side === "high") return fitsU128(p.price + p.conf);
  const low = p.price - p.conf;
  if (low <= 0n) throw new MathError("NonPositivePrice");
  return low;
}

/** `conf / price` in bps, rounded up. */
export function confBps(p: OraclePrice): bigint {
  validatePrice(p);
  return fitsU64(mulDiv(p.conf, BPS, p.price, "up"));
}

/** USD value (Wad) of `amount` base units of a token with `decimals` on `side` of `price`. */
export function tokenValue(
  amount: bigint,
  decimals: number,
  price: OraclePrice,
  side: PriceSide,
  rounding: Rounding,
): bigint {
  if (decimals > MAX_DECIMALS) throw new MathError("DecimalsOutOfRange");
  const m = mantissa(price, side);
  const power = 18 + price.exponent - decimals;
  const factor = pow10(Math.abs(power));
  if (power >= 0) return fitsU128(amount * m * factor);
  return mulDiv(amount, m, factor, rounding);
}

/** Base units of a token worth `value` on `side` of `price` (inverse of {@link tokenValue}). */
export function tokenAmount(
  value: bigint,
  decimals: number,
  price: OraclePrice,
  side: PriceSide,
  rounding: Rounding,
): bigint {
  if (decimals > MAX_DECIMALS) throw new MathError("DecimalsOutOfRange");
  const m = mantissa(price, side);
  const power = decimals - price.exponent - 18;
  const amount =
    power >= 0
      ? mulDiv(value, pow10(power), m, rounding)
      : mulDiv(value, 1n, fitsU128(m * pow10(-power)), rounding);
  return fitsU64(amount);
}

/** A Wad as micro-USD (u64). */
export const toMicroUsd = (value: bigint, rounding: Rounding) =>
  fitsU64(mulDiv(value, 1n, MICRO_USD, rounding));

const virtualSupply = (supply: bigint) => fitsU64(supply + VIRTUAL_SHARES);

/** The value a deposit is credited with after the entry spread, rounded down. */
export function afterEntrySpread(value: bigint, spreadBps: number): bigint {
  if (spreadBps > MAX_ENTRY_SPREAD_BPS) throw new MathError("InvalidParameter");
  const kept = BPS - BigInt(spreadBps);
  return mulDiv(value, kept * 10n ** 14n, WAD, "down");
}

/** Share units minted for `depositValue` into a vault worth `nav` with `supply` units. */
export function sharesForDeposit(depositValue: bigint, nav: bigint, supply: bigint): bigint {
  const vs = virtualSupply(supply);
  const vnav = wadAdd(nav, VIRTUAL_VALUE);
  const shares = fitsU64(mulDiv(depositValue, vs, vnav, "down"));
  fitsU64(supply + shares);
  if (shares === 0n) throw new MathError("ZeroShares");
  return shares;
}

/** Base units of one reserve paid for redeeming `shares` out of `supply`, rounded down. */
export function redemptionAmount(reserve: bigint, shares: bigint, supply: bigint): bigint {
  if (shares > supply) throw new MathError("Overflow");
  return mulDivU64(reserve, shares, virtualSupply(supply), "down");
}

/** NAV per whole share (10^9 units), Wad, virtual position included, rounded down. */
export function navPerShare(nav: bigint, supply: bigint): bigint {
  return mulDiv(wadAdd(nav, VIRTUAL_VALUE), pow10(SHARE_DECIMALS), virtualSupply(supply), "down");
}

/** `exp(x) - 1` for `0 <= x <= 4` (Wads), every term rounded down. */
export function expMinusOneDown(x: bigint): bigint {
  if (x > MAX_ACCRUAL_EXPONENT) throw new MathError("InvalidParameter");
  let sum = 0n;
  let term = x;
  let n = 1n;
  while (term > 0n) {
    sum = wadAdd(sum, term);
    n += 1n;
    term = mulDiv(term, x, n * WAD, "down");
  }
  return sum;
}

/** `fee_bps / 10_000 * dt / year` as a Wad, rounded down, capped at 4. */
export function accrualExponent(feeBps: number, dtSecs: bigint): bigint {
  if (feeBps > MAX_MANAGEMENT_FEE_BPS) throw new MathError("InvalidParameter");
  const numerator = BigInt(feeBps) * dtSecs;
  const denominator = BPS * SECONDS_PER_YEAR;
  let x: bigint;
  try {
    x = mulDiv(numerator, WAD, denominator, "down");
  } catch {
    x = MAX_ACCRUAL_EXPONENT;
  }
  return x < MAX_ACCRUAL_EXPONENT ? x : MAX_ACCRUAL_EXPONENT;
}

/** Fee shares accrued over `dtSecs` at `feeBps` a year on `supply` shares. */
export function accruedFeeShares(supply: bigint, feeBps: number, dtSecs: bigint): bigint {
  if (supply === 0n || feeBps === 0 || dtSecs === 0n) return 0n;
  const growth = expMinusOneDown(accrualExponent(feeBps, dtSecs));
  const minted = mulDiv(supply, growth, WAD, "down");
  const capped = minted > U64_MAX ? U64_MAX : minted;
  const headroom = U64_MAX - supply;
  return capped < headroom ? capped : headroom;
}

/** The fee state of a vault (`Vault::settle_fees`'s inputs). */
export interface FeeState {
  managementFeeBps: number;
  feeSharesOwed: bigint;
  feesSettledTs: bigint;
}

/** What settling the management fee at `now` gives (`Vault::settle_fees`). */
export interface FeeSettlement {
  /** The effective supply: the mint's, the shares owed and the newly accrued ones. */
  supply: bigint;
  /** Fee shares this settlement accrues. */
  accrued: bigint;
  /** Fee shares owed afterwards. */
  feeSharesOwed: bigint;
}

const satAddU64 = (a: bigint, b: bigint) => (a + b > U64_MAX ? U64_MAX : a + b);

/** Settles the management fee up to `now` on the mint's supply plus the shares owed. */
export function settleFees(state: FeeState, now: bigint, mintSupply: bigint): FeeSettlement {
  const supply = satAddU64(mintSupply, state.feeSharesOwed);
  const elapsed = now > state.feesSettledTs ? now - state.feesSettledTs : 0n;
  const accrued = accruedFeeShares(supply, state.managementFeeBps, elapsed);
  return {
    supply: satAddU64(supply, accrued),
    accrued,
    feeSharesOwed: satAddU64(state.feeSharesOwed, accrued),
  };
}

/** A round's auction: its start, its widest slippage and how long it takes to widen. */
export interface AuctionRules {
  auctionStartBps: number;
  maxSlippageBps: number;
  auctionSecs: number;
}

/** The slippage the auction allows at `now` in a round opened at `openedAt`, bps. */
export function auctionSlippageBps(rules: AuctionRules, openedAt: bigint, now: bigint): number {
  const { auctionStartBps: start, maxSlippageBps: max } = rules;
  if (start > max) throw new MathError("InvalidParameter");
  const elapsed = now > openedAt ? now - openedAt : 0n;
  const duration = BigInt(rules.auctionSecs);
  if (elapsed >= duration) return max;
  const widening = mulDivU64(BigInt(max - start), elapsed, duration, "down");
  const out = BigInt(start) + widening;
  if (widening > 0xffffn || out > 0xffffn) throw new MathError("Overflow");
  return Number(out);
}

/** The first time the auction allows `slippageBps` (null when it never does). */
export function auctionTimeFor(
  rules: AuctionRules,
  openedAt: bigint,
  slippageBps: number,
): bigint | null {
  if (slippageBps > rules.maxSlippageBps) return null;
  if (slippageBps <= rules.auctionStartBps || rules.auctionSecs === 0) return openedAt;
  const need = BigInt(slippageBps - rules.auctionStartBps);
  const span = BigInt(Math.abs(rules.maxSlippageBps - rules.auctionStartBps));
  let elapsed: bigint;
  try {
    elapsed = mulDivU64(need, BigInt(rules.auctionSecs), span, "up");
  } catch {
    return null;
  }
  const at = openedAt + elapsed;
  return at > (1n << 63n) - 1n ? null : at;
}

/** Target weights during a ramp (`ballast_math::ramp::weights_at`): each weight the linear
 * interpolation rounded down, the bps left over one each to the largest remainders. */
export function weightsAt(
  from: number[],
  to: number[],
  start: bigint,
  end: bigint,
  now: bigint,
): number[] {
  const n = from.length;
  if (to.length !== n) throw new MathError("LengthMismatch");
  if (n > 64) throw new MathError("TooManyAssets");
  const sumOf = (w: number[]) => w.reduce((a, b) => a + b, 0);
  if (sumOf(from) !== 10_000 || sumOf(to) !== 10_000) throw new MathError("InvalidWeights");
  if (end < start) throw new MathError("InvalidParameter");
  if (now >= end) return [...to];
  if (now <= start) return [...from];
  const elapsed = now - start;
  const duration = end - start;
  const out: number[] = [];
  const remainders: bigint[] = [];
  for (let i = 0; i < n; i++) {
    const f = BigInt(from[i]);
    const t = BigInt(to[i]);
    const scaled = f * duration + (t - f) * elapsed;
    out.push(Number(scaled / duration));
    remainders.push(scaled % duration);
  }
  let left = 10_000 - sumOf(out);
  while (left > 0) {
    let best = -1;
    for (let i = 0; i < n; i++) {
      if (remainders[i] > 0n && (best < 0 || remainders[i] > remainders[best])) best = i;
    }
    if (best < 0) throw new MathError("InvalidWeights");
    out[best] += 1;
    remainders[best] = 0n;
    left -= 1;
  }
  return out;
}
