/**
 * Quotes that agree exactly with the program: the shares a deposit mints (entry spread and
 * management-fee settlement included), what a withdrawal pays, and the NAV. Each follows the
 * program's instruction step by step with the ports of `math.ts`; `test/vectors.json`
 * (computed in Rust with `ballast-math` and the program's own `Vault::settle_fees`) checks
 * them, and the LiteSVM tests check them against the program's events.
 */
import {
  afterEntrySpread,
  FeeState,
  navPerShare,
  OraclePrice,
  redemptionAmount,
  settleFees,
  sharesForDeposit,
  tokenValue,
  wadAdd,
} from "./math";

/** One asset as a quote sees it: its reserve balance, decimals and current price. */
export interface QuoteAsset {
  balance: bigint;
  decimals: number;
  price: OraclePrice;
}

/** A refusal the program makes before or after its math (named as Ballast's error). */
export class QuoteRefused extends Error {
  constructor(readonly code: "ZeroAmount" | "InsufficientShares" | "WithdrawTooSmall" | "AssetIndexOutOfRange") {
    super(`the program would refuse: ${code}`);
    this.name = "QuoteRefused";
  }
}

/** What `deposit` needs to know. */
export interface DepositQuoteInput extends FeeState {
  assets: QuoteAsset[];
  assetIndex: number;
  amount: bigint;
  entrySpreadBps: number;
  /** The share mint's supply. */
  mintSupply: bigint;
  /** The cluster's unix time when the deposit executes. */
  now: bigint;
}

/** What `deposit` does (the numbers of its `Deposited` event). */
export interface DepositQuote {
  /** NAV before the deposit, holdings at price + conf rounded up (Wad). */
  navBefore: bigint;
  /** The deposit at price - conf, rounded down (Wad). */
  depositValue: bigint;
  /** `depositValue` less the entry spread, which the shares are priced for (Wad). */
  creditedValue: bigint;
  /** Effective supply the shares are priced on: mint supply, fee shares owed and accrued. */
  supplyBefore: bigint;
  /** Fee shares the deposit's settlement accrues. */
  feeSharesAccrued: bigint;
  sharesOut: bigint;
  supplyAfter: bigint;
  /** NAV per whole share after the deposit (Wad). */
  navPerShare: bigint;
}

/** The shares `deposit` mints, as the program computes them. */
export function quoteDeposit(input: DepositQuoteInput): DepositQuote {
  if (input.amount <= 0n) throw new QuoteRefused("ZeroAmount");
  const asset = input.assets[input.assetIndex];
  if (!asset) throw new QuoteRefused("AssetIndexOutOfRange");
  let navBefore = 0n;
  for (const a of input.assets) {
    navBefore = wadAdd(navBefore, tokenValue(a.balance, a.decimals, a.price, "high", "up"));
  }
  const depositValue = tokenValue(input.amount, asset.decimals, asset.price, "low", "down");
  const creditedValue = afterEntrySpread(depositValue, input.entrySpreadBps);
  const fees = settleFees(input, input.now, input.mintSupply);
  const sharesOut = sharesForDeposit(creditedValue, navBefore, fees.supply);
  const supplyAfter = fees.supply + sharesOut;
  return {
    navBefore,
    depositValue,
    creditedValue,
    supplyBefore: fees.supply,
    feeSharesAccrued: fees.accrued,
    sharesOut,
    supplyAfter,
    navPerShare: navPerShare(wadAdd(navBefore, depositValue), supplyAfter),
  };
}

/** What `withdraw` needs to know. */
export interface WithdrawQuoteInput extends FeeState {
  /** Every reserve's balance, in vault order. */
  reserves: bigint[];
  shares: bigint;
  /** Assets left behind (bit i = asset i). */
  skipAssets?: number;
  mintSupply: bigint;
  now: bigint;
}

/** What `withdraw` pays (the numbers of its `Withdrawn` event). */
export interface WithdrawQuote {
  /** Base units paid per asset, in vault order (0 for skipped assets). */
  amounts: bigint[];
  /** Effective supply the payouts are computed on. */
  supplyBefore: bigint;
  feeSharesAccrued: bigint;
  supplyAfter: bigint;
}

/** The payouts of `withdraw`, as the program computes them. */
export function quoteWithdraw(input: WithdrawQuoteInput): WithdrawQuote {
  if (input.shares <= 0n) throw new QuoteRefused("ZeroAmount");
  if (input.shares > input.mintSupply) throw new QuoteRefused("InsufficientShares");
  const fees = settleFees(input, input.now, input.mintSupply);
  const skip = input.skipAssets ?? 0;
  const amounts = input.reserves.map((reserve, i) =>
    (skip & (1 << i)) !== 0 ? 0n : redemptionAmount(reserve, input.shares, fees.supply),
  );
  if (amounts.every((a) => a === 0n)) throw new QuoteRefused("WithdrawTooSmall");
  return {
    amounts,
    supplyBefore: fees.supply,
    feeSharesAccrued: fees.accrued,
    supplyAfter: fees.supply - input.shares,
  };
}

/** The NAV (Wad) at each side of the prices: what the vault can count on (`low`, rounded
 * down), the published prices (`mid`, rounded down: how rounds value it) and the side
 * deposits are priced against (`high`, rounded up). */
export function navOf(assets: QuoteAsset[]): { low: bigint; mid: bigint; high: bigint } {
  const sum = (side: "low" | "mid" | "high", rounding: "down" | "up") =>
    assets.reduce((acc, a) => wadAdd(acc, tokenValue(a.balance, a.decimals, a.price, side, rounding)), 0n);
  return { low: sum("low", "down"), mid: sum("mid", "down"), high: sum("high", "up") };
}

/** `x` less `bps` basis points, rounded down: a minimum to accept (`min_shares_out`,
 * `min_amounts_out`) that tolerates prices moving between quote and execution. */
export const withTolerance = (x: bigint, bps: number) => (x * BigInt(10_000 - bps)) / 10_000n;
