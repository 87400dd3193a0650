/**
 * The TypeScript ports against the vectors computed in Rust (`crates/ts-vectors`, from
 * `ballast-math` and the program's own types): every number, every refusal, every byte.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { PublicKey } from "@solana/web3.js";
import {
  accruedFeeShares,
  afterEntrySpread,
  auctionSlippageBps,
  auctionTimeFor,
  Change,
  CODER,
  decodePolicy,
  decodePriceUpdate,
  decodeTradeTarget,
  encodePolicy,
  encodePriceUpdate,
  encodeTradeTarget,
  fromAnchorChange,
  mulDiv,
  navOf,
  navPerShare,
  OraclePrice,
  Policy,
  policyToString,
  quoteDeposit,
  quoteWithdraw,
  redemptionAmount,
  sharesForDeposit,
  toAnchorChange,
  tokenValue,
  TradeTarget,
  validatePolicy,
  weightsAt,
} from "../src";

const ROOT = path.resolve(__dirname, "..", "..");
const V = JSON.parse(readFileSync(path.join(ROOT, "test", "vectors.json"), "utf8"));

type Case = Record<string, any>;
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const price = (p: Case): OraclePrice => ({ price: BigInt(p.price), conf: BigInt(p.conf), exponent: p.exponent });

/** Runs `f` and compares with the case: its `out` (through `show`) or its `error` name. */
function check(c: Case, f: () => unknown, show: (x: any) => unknown = (x) => String(x)) {
  if (c.error) {
    assert.throws(f, (e: any) => e.code === c.error, JSON.stringify(c));
  } else {
    assert.deepEqual(show(f()), c.out, JSON.stringify(c));
  }
}

describe("vectors from ballast-math", () => {
  it("mul_div", () => {
    for (const c of V.mul_div) check(c, () => mulDiv(BigInt(c.a), BigInt(c.b), BigInt(c.c), c.rounding));
  });
  it("token_value", () => {
    for (const c of V.token_value) {
      check(c, () => tokenValue(BigInt(c.amount), c.decimals, price(c.price), c.side, c.rounding));
    }
  });
  it("share math: entry spread, shares for a deposit, redemptions, NAV per share", () => {
    for (const c of V.after_entry_spread) check(c, () => afterEntrySpread(BigInt(c.value), c.spread_bps));
    for (const c of V.shares_for_deposit) {
      check(c, () => sharesForDeposit(BigInt(c.value), BigInt(c.nav), BigInt(c.supply)));
    }
    for (const c of V.redemption_amount) {
      check(c, () => redemptionAmount(BigInt(c.reserve), BigInt(c.shares), BigInt(c.supply)));
    }
    for (const c of V.nav_per_share) check(c, () => navPerShare(BigInt(c.nav), BigInt(c.supply)));
  });
  it("management fee accrual", () => {
    for (const c of V.accrued_fee_shares) {
      check(c, () => accruedFeeShares(BigInt(c.supply), c.fee_bps, BigInt(c.dt_secs)));
    }
  });
  it("auction slippage and the time a slippage clears", () => {
    for (const c of V.auction) {
      const rules = { auctionStartBps: c.auction_start_bps, maxSlippageBps: c.max_slippage_bps, auctionSecs: c.auction_secs };
      check(c.slippage_at_now, () => auctionSlippageBps(rules, BigInt(c.opened_at), BigInt(c.now)), (x) => x);
      const at = auctionTimeFor(rules, BigInt(c.opened_at), c.slippage_bps);
      assert.equal(at === null ? null : String(at), c.time_for_slippage, JSON.stringify(c));
    }
  });
  it("weight ramps", () => {
    for (const c of V.weights_at) {
      check(c, () => weightsAt(c.from, c.to, BigInt(c.start), BigInt(c.end), BigInt(c.now)), (x) => x);
    }
  });
});

const fees = (f: Case) => ({
  managementFeeBps: f.management_fee_bps,
  feeSharesOwed: BigInt(f.fee_shares_owed),
  feesSettledTs: BigInt(f.fees_settled_ts),
});
const assets = (list: Case[]) =>
  list.map((a) => ({ balance: BigInt(a.balance), decimals: a.decimals, price: price(a.price) }));

describe("quotes agree with the program's computation", () => {
  it("deposit: shares, with the entry spread and the fee settlement", () => {
    for (const c of V.deposit_quotes) {
      const run = () =>
        quoteDeposit({
          ...fees(c.fees),
          assets: assets(c.assets),
          assetIndex: c.asset_index,
          amount: BigInt(c.amount),
          entrySpreadBps: c.entry_spread_bps,
          mintSupply: BigInt(c.mint_supply),
          now: BigInt(c.fees.now),
        });
      check(c, run, (q) => ({
        nav_before: String(q.navBefore),
        deposit_value: String(q.depositValue),
        credited_value: String(q.creditedValue),
        supply_before: String(q.supplyBefore),
        fee_shares_accrued: String(q.feeSharesAccrued),
        shares_out: String(q.sharesOut),
        supply_after: String(q.supplyAfter),
        nav_per_share: String(q.navPerShare),
      }));
    }
  });
  it("withdraw: payouts per asset, skipped assets, refusals", () => {
    for (const c of V.withdraw_quotes) {
      const run = () =>
        quoteWithdraw({
          ...fees(c.fees),
          reserves: c.reserves.map(BigInt),
          shares: BigInt(c.shares),
          skipAssets: c.skip_assets,
          mintSupply: BigInt(c.mint_supply),
          now: BigInt(c.fees.now),
        });
      check(c, run, (q) => ({
        amounts: q.amounts.map(String),
        supply_before: String(q.supplyBefore),
        fee_shares_accrued: String(q.feeSharesAccrued),
        supply_after: String(q.supplyAfter),
      }));
    }
  });
  it("NAV at the low, mid and high prices", () => {
    for (const c of V.nav) {
      for (const side of ["low", "mid", "high"] as const) {
        check(c[side], () => navOf(assets(c.assets))[side]);
      }
    }
  });
});

/** The JSON form of the vectors' policies, typed. */
function policyOf(j: Case): Policy {
  return j.intervalSecs !== undefined ? ({ ...j, intervalSecs: BigInt(j.intervalSecs) } as Policy) : (j as Policy);
}

/** The JSON form of the vectors' changes, typed. */
function changeOf(j: Case): Change {
  const keys = (xs: string[]) => xs.map((x) => new PublicKey(x));
  switch (j.kind) {
    case "rebalance":
      return {
        kind: "rebalance",
        rules: {
          ...j.rules,
          policy: policyOf(j.rules.policy),
          dexAllowlist: keys(j.rules.dexAllowlist),
          minNotionalMicroUsd: BigInt(j.rules.minNotionalMicroUsd),
          keeperRewardCapMicroUsd: BigInt(j.rules.keeperRewardCapMicroUsd),
        },
      };
    case "targetWeights":
      return { ...j, rampStart: BigInt(j.rampStart), rampEnd: BigInt(j.rampEnd) } as Change;
    case "addAsset":
      return { kind: "addAsset", mint: new PublicKey(j.mint), feedId: new Uint8Array(Buffer.from(j.feedId, "hex")) };
    case "feeRecipient":
      return { kind: "feeRecipient", recipient: new PublicKey(j.recipient) };
    case "guardian":
      return { kind: "guardian", guardian: new PublicKey(j.guardian) };
    case "manager":
      return { kind: "manager", newManager: new PublicKey(j.newManager) };
    default:
      return j as Change;
  }
}

describe("encodings match the program's", () => {
  it("policies: Policy::to_bytes, from_bytes, validate and the text form", () => {
    for (const c of V.policies) {
      const p = policyOf(c.policy);
      assert.equal(hex(encodePolicy(p)), c.bytes);
      assert.equal(policyToString(p), c.text);
      if (c.valid) {
        validatePolicy(p);
        assert.deepEqual(decodePolicy(Buffer.from(c.bytes, "hex")), p);
      } else {
        assert.throws(() => validatePolicy(p), (e: any) => e.code === "InvalidParameter");
      }
    }
    for (const c of V.policy_bytes) {
      const bytes = Buffer.from(c.bytes, "hex");
      if (c.error) assert.throws(() => decodePolicy(bytes), (e: any) => e.code === c.error, c.bytes);
      else assert.deepEqual(decodePolicy(bytes), policyOf(c.policy), c.bytes);
    }
  });
  it("trade-target modes", () => {
    for (const c of V.trade_targets) {
      assert.equal(encodeTradeTarget(c.name as TradeTarget), c.byte);
      assert.equal(decodeTradeTarget(c.byte), c.name);
    }
    assert.throws(() => decodeTradeTarget(4), (e: any) => e.code === "InvalidParameter");
  });
  it("every Change variant: the official client's encoding is the program's Borsh", () => {
    const kinds = new Set<string>();
    for (const c of V.changes) {
      const change = changeOf(c.change);
      kinds.add(change.kind);
      const bytes = CODER.types.encode("change", toAnchorChange(change));
      assert.equal(hex(bytes), c.bytes, change.kind);
      assert.deepEqual(fromAnchorChange(CODER.types.decode("change", bytes)), change);
    }
    assert.equal(kinds.size, 11);
  });
  it("PriceUpdateV2 accounts as the Pyth receiver writes them", () => {
    for (const c of V.price_updates) {
      const update = {
        feedId: Buffer.from(c.feed_id, "hex"),
        price: BigInt(c.price),
        conf: BigInt(c.conf),
        exponent: c.exponent,
        publishTime: BigInt(c.publish_time),
      };
      const data = encodePriceUpdate(update);
      assert.equal(hex(data), c.bytes);
      const back = decodePriceUpdate(data);
      assert.equal(back.price, update.price);
      assert.equal(back.publishTime, update.publishTime);
      assert.equal(back.verification, "full");
    }
  });
});
