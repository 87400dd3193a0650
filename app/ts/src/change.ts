/**
 * Governance changes (`state::Change`): a typed form with bigints, policies and mode names,
 * and its conversion to and from the official client's form of the IDL's `Change` enum.
 */
import { BN } from "@anchor-lang/core";
import { PublicKey } from "@solana/web3.js";
import { decodePolicy, decodeTradeTarget, encodePolicy, encodeTradeTarget, Policy, TradeTarget } from "./policy";

/** The manager's rebalancing rules as a change carries them (`RebalanceRules`). */
export interface RebalanceRules {
  policy: Policy;
  tradeTarget: TradeTarget;
  /** DEX programs keepers may route through (1..=4). */
  dexAllowlist: PublicKey[];
  /** Largest output shortfall versus the conservative oracle value, bps (1..=1000). */
  maxSlippageBps: number;
  /** Allowed shortfall when a round opens, bps (at most `maxSlippageBps`). */
  auctionStartBps: number;
  /** Seconds over which the allowed shortfall widens (0..=300). */
  auctionSecs: number;
  /** Largest notional of one swap, bps of NAV. */
  maxSwapBps: number;
  /** Smallest notional of one swap, micro-USD. */
  minNotionalMicroUsd: bigint;
  /** Seconds between the openings of two rounds. */
  cooldownSecs: number;
  /** Keeper reward, bps of a swap's output, paid out of the surplus only. */
  keeperRewardBps: number;
  /** Keeper reward cap per round, micro-USD. */
  keeperRewardCapMicroUsd: bigint;
}

/** A change of the vault's configuration (see `apply_change`, `queue_change`). */
export type Change =
  | { kind: "rebalance"; rules: RebalanceRules }
  | { kind: "oracleLimits"; maxOracleAgeSecs: number; maxConfBps: number; freshPriceSecs: number }
  | { kind: "entrySpread"; entrySpreadBps: number }
  | { kind: "targetWeights"; weights: number[]; rampStart: bigint; rampEnd: bigint }
  | { kind: "managementFee"; feeBps: number }
  | { kind: "feeRecipient"; recipient: PublicKey }
  | { kind: "guardian"; guardian: PublicKey }
  | { kind: "manager"; newManager: PublicKey }
  | { kind: "timelock"; timelockSecs: number }
  | { kind: "addAsset"; mint: PublicKey; feedId: Uint8Array }
  | { kind: "unpause"; flags: number };

/** The kinds, in the order of `ChangeKind` (its u8 is the index plus one). */
export const CHANGE_KINDS: readonly Change["kind"][] = [
  "rebalance",
  "oracleLimits",
  "entrySpread",
  "targetWeights",
  "managementFee",
  "feeRecipient",
  "guardian",
  "manager",
  "timelock",
  "addAsset",
  "unpause",
];

/** The kind of a `PendingSlot::kind` byte. */
export function changeKindOf(byte: number): Change["kind"] {
  const kind = CHANGE_KINDS[byte - 1];
  if (kind === undefined) throw new Error(`unknown change kind ${byte}`);
  return kind;
}

const bn = (x: bigint) => new BN(x.toString());
const big = (x: { toString(): string }) => BigInt(x.toString());

/** The official client's form of a change (the `Change` enum of the IDL): pass it to
 * `program.methods.applyChange(...)` / `queueChange(...)`. */
export function toAnchorChange(change: Change): Record<string, unknown> {
  switch (change.kind) {
    case "rebalance": {
      const r = change.rules;
      return {
        rebalance: {
          0: {
            policy: Array.from(encodePolicy(r.policy)),
            tradeTarget: encodeTradeTarget(r.tradeTarget),
            dexAllowlist: r.dexAllowlist,
            maxSlippageBps: r.maxSlippageBps,
            auctionStartBps: r.auctionStartBps,
            auctionSecs: r.auctionSecs,
            maxSwapBps: r.maxSwapBps,
            minNotionalMicroUsd: bn(r.minNotionalMicroUsd),
            cooldownSecs: r.cooldownSecs,
            keeperRewardBps: r.keeperRewardBps,
            keeperRewardCapMicroUsd: bn(r.keeperRewardCapMicroUsd),
          },
        },
      };
    }
    case "targetWeights":
      return {
        targetWeights: {
          weights: change.weights,
          rampStart: bn(change.rampStart),
          rampEnd: bn(change.rampEnd),
        },
      };
    case "addAsset":
      return { addAsset: { mint: change.mint, feedId: Array.from(change.feedId) } };
    default: {
      const { kind, ...fields } = change;
      return { [kind]: fields };
    }
  }
}

/** A change as the official client decodes it (events, `PendingChange`), typed. */
export function fromAnchorChange(decoded: Record<string, any>): Change {
  const [kind] = Object.keys(decoded) as Change["kind"][];
  const v = decoded[kind];
  switch (kind) {
    case "rebalance": {
      const r = v[0] ?? v["0"];
      return {
        kind,
        rules: {
          policy: decodePolicy(Uint8Array.from(r.policy)),
          tradeTarget: decodeTradeTarget(r.tradeTarget),
          dexAllowlist: r.dexAllowlist,
          maxSlippageBps: r.maxSlippageBps,
          auctionStartBps: r.auctionStartBps,
          auctionSecs: r.auctionSecs,
          maxSwapBps: r.maxSwapBps,
          minNotionalMicroUsd: big(r.minNotionalMicroUsd),
          cooldownSecs: r.cooldownSecs,
          keeperRewardBps: r.keeperRewardBps,
          keeperRewardCapMicroUsd: big(r.keeperRewardCapMicroUsd),
        },
      };
    }
    case "oracleLimits":
      return {
        kind,
        maxOracleAgeSecs: v.maxOracleAgeSecs,
        maxConfBps: v.maxConfBps,
        freshPriceSecs: v.freshPriceSecs,
      };
    case "entrySpread":
      return { kind, entrySpreadBps: v.entrySpreadBps };
    case "targetWeights":
      return { kind, weights: v.weights, rampStart: big(v.rampStart), rampEnd: big(v.rampEnd) };
    case "managementFee":
      return { kind, feeBps: v.feeBps };
    case "feeRecipient":
      return { kind, recipient: v.recipient };
    case "guardian":
      return { kind, guardian: v.guardian };
    case "manager":
      return { kind, newManager: v.newManager };
    case "timelock":
      return { kind, timelockSecs: v.timelockSecs };
    case "addAsset":
      return { kind, mint: v.mint, feedId: Uint8Array.from(v.feedId) };
    case "unpause":
      return { kind, flags: v.flags };
    default:
      throw new Error(`unknown change ${String(kind)}`);
  }
}
