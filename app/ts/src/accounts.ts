/**
 * Decoding Ballast's accounts with the official client's coder, into plain typed objects:
 * u64/i64/u128 as bigint, policies, modes and token-program kinds decoded, unused slots
 * dropped.
 */
import { BorshCoder, convertIdlToCamelCase } from "@anchor-lang/core";
import { PublicKey } from "@solana/web3.js";
import { fromAnchorChange, Change, changeKindOf } from "./change";
import { RAW_IDL } from "./idl";
import {
  decodePolicy,
  decodeTokenProgramKind,
  decodeTradeTarget,
  Policy,
  TokenProgramKind,
  tokenProgramId,
  TradeTarget,
} from "./policy";

/** The official client's coder for Ballast (camelCase names, as `Program` uses). */
export const CODER = new BorshCoder(convertIdlToCamelCase(RAW_IDL));

const big = (x: { toString(): string }) => BigInt(x.toString());
const orNull = (key: PublicKey) => (key.equals(PublicKey.default) ? null : key);
/** A little-endian u128 stored as 16 bytes. */
const u128 = (bytes: number[]) => BigInt("0x" + Buffer.from(bytes).reverse().toString("hex"));

/** One asset of a vault. */
export interface AssetState {
  index: number;
  mint: PublicKey;
  reserve: PublicKey;
  /** The Pyth feed id (32 bytes). */
  feedId: Uint8Array;
  /** Target weight once the current ramp ends, bps. */
  targetWeightBps: number;
  /** Target weight at and before the ramp's start, bps. */
  rampFromBps: number;
  decimals: number;
  tokenProgram: TokenProgramKind;
  tokenProgramId: PublicKey;
  reserveBump: number;
  /** Its swap escrow, null until `create_escrow`. */
  escrow: PublicKey | null;
  escrowBump: number;
  /** Newest Pyth publish time the vault used for it. */
  lastPublishTime: bigint;
  /** The volatility estimate (`vol-band`): last price and annualised variance (Wads). */
  volatility: { lastPrice: bigint; variance: bigint; lastTime: bigint };
  /** Trade target of the current round, parts per billion of NAV. */
  roundTradeTarget: bigint;
}

/** The manager's rebalancing rules as stored (`RebalanceConfig`). */
export interface RebalanceConfig {
  /** Null while rebalancing is not configured (policy bytes all zero or not decodable). */
  policy: Policy | null;
  policyBytes: Uint8Array;
  tradeTarget: TradeTarget | null;
  dexAllowlist: PublicKey[];
  minNotionalMicroUsd: bigint;
  keeperRewardCapMicroUsd: bigint;
  cooldownSecs: number;
  auctionSecs: number;
  maxSlippageBps: number;
  auctionStartBps: number;
  maxSwapBps: number;
  keeperRewardBps: number;
}

/** A queued change as the vault lists it. */
export interface PendingSlot {
  id: bigint;
  executableAt: bigint;
  kind: Change["kind"];
}

/** A decoded vault. */
export interface VaultState {
  manager: PublicKey;
  shareMint: PublicKey;
  vaultAuthority: PublicKey;
  swapAuthority: PublicKey;
  vaultId: bigint;
  maxOracleAgeSecs: number;
  maxConfBps: number;
  freshPriceSecs: number;
  entrySpreadBps: number;
  bump: number;
  authorityBump: number;
  shareMintBump: number;
  swapAuthorityBump: number;
  roundOpenedTs: bigint;
  /** 0 before the first round. */
  roundEndsTs: bigint;
  roundRewardsMicroUsd: bigint;
  rebalance: RebalanceConfig;
  /** The used asset entries, in vault order. */
  assets: AssetState[];
  lookupTable: PublicKey | null;
  guardian: PublicKey | null;
  feeRecipient: PublicKey | null;
  feesSettledTs: bigint;
  feeSharesOwed: bigint;
  nextChangeId: bigint;
  rampStartTs: bigint;
  rampEndTs: bigint;
  pendingChanges: PendingSlot[];
  timelockSecs: number;
  managementFeeBps: number;
  /** `PAUSE_DEPOSITS | PAUSE_REBALANCES` bits. */
  paused: number;
  depositsPaused: boolean;
  rebalancesPaused: boolean;
  /** Counts the configuration's changes: what `expect_config` pins before a deposit. */
  configSeq: bigint;
}

/** Decodes a vault account's data (discriminator checked by the coder). */
export function decodeVault(data: Uint8Array): VaultState {
  const v = CODER.accounts.decode("vault", Buffer.from(data));
  const n: number = v.numAssets;
  const r = v.rebalance;
  const policyBytes = Uint8Array.from(r.policy as number[]);
  let policy: Policy | null = null;
  let tradeTarget: TradeTarget | null = null;
  try {
    policy = decodePolicy(policyBytes);
    tradeTarget = decodeTradeTarget(r.tradeTarget);
  } catch {
    policy = null;
  }
  const assets: AssetState[] = (v.assets as any[]).slice(0, n).map((a, index) => ({
    index,
    mint: a.mint,
    reserve: a.reserve,
    feedId: Uint8Array.from(a.feedId),
    targetWeightBps: a.targetWeightBps,
    rampFromBps: a.rampFromBps,
    decimals: a.decimals,
    tokenProgram: decodeTokenProgramKind(a.tokenProgram),
    tokenProgramId: tokenProgramId(decodeTokenProgramKind(a.tokenProgram)),
    reserveBump: a.reserveBump,
    escrow: orNull(a.escrow),
    escrowBump: a.escrowBump,
    lastPublishTime: big(a.lastPublishTime),
    volatility: {
      lastPrice: u128(v.volatility[index].lastPrice),
      variance: u128(v.volatility[index].variance),
      lastTime: big(v.volatility[index].lastTime),
    },
    roundTradeTarget: big(v.roundTradeTargets[index]),
  }));
  const paused: number = v.paused;
  return {
    manager: v.manager,
    shareMint: v.shareMint,
    vaultAuthority: v.vaultAuthority,
    swapAuthority: v.swapAuthority,
    vaultId: big(v.vaultId),
    maxOracleAgeSecs: v.maxOracleAgeSecs,
    maxConfBps: v.maxConfBps,
    freshPriceSecs: v.freshPriceSecs,
    entrySpreadBps: v.entrySpreadBps,
    bump: v.bump,
    authorityBump: v.authorityBump,
    shareMintBump: v.shareMintBump,
    swapAuthorityBump: v.swapAuthorityBump,
    roundOpenedTs: big(v.roundOpenedTs),
    roundEndsTs: big(v.roundEndsTs),
    roundRewardsMicroUsd: big(v.roundRewardsMicroUsd),
    rebalance: {
      policy,
      policyBytes,
      tradeTarget,
      dexAllowlist: (r.dexAllowlist as PublicKey[]).filter((d) => !d.equals(PublicKey.default)),
      minNotionalMicroUsd: big(r.minNotionalMicroUsd),
      keeperRewardCapMicroUsd: big(r.keeperRewardCapMicroUsd),
      cooldownSecs: r.cooldownSecs,
      auctionSecs: r.auctionSecs,
      maxSlippageBps: r.maxSlippageBps,
      auctionStartBps: r.auctionStartBps,
      maxSwapBps: r.maxSwapBps,
      keeperRewardBps: r.keeperRewardBps,
    },
    assets,
    lookupTable: orNull(v.lookupTable),
    guardian: orNull(v.guardian),
    feeRecipient: orNull(v.feeRecipient),
    feesSettledTs: big(v.feesSettledTs),
    feeSharesOwed: big(v.feeSharesOwed),
    nextChangeId: big(v.nextChangeId),
    rampStartTs: big(v.rampStartTs),
    rampEndTs: big(v.rampEndTs),
    pendingChanges: (v.pendingChanges as any[])
      .filter((s) => big(s.id) !== 0n)
      .map((s) => ({ id: big(s.id), executableAt: big(s.executableAt), kind: changeKindOf(s.kind) })),
    timelockSecs: v.timelockSecs,
    managementFeeBps: v.managementFeeBps,
    paused,
    depositsPaused: (paused & 1) !== 0,
    rebalancesPaused: (paused & 2) !== 0,
    configSeq: big(v.configSeq),
  };
}

/** A queued change's account (`PendingChange`). */
export interface PendingChangeState {
  vault: PublicKey;
  id: bigint;
  proposer: PublicKey;
  queuedAt: bigint;
  executableAt: bigint;
  change: Change;
}

/** Decodes a `PendingChange` account's data. */
export function decodePendingChange(data: Uint8Array): PendingChangeState {
  const c = CODER.accounts.decode("pendingChange", Buffer.from(data));
  return {
    vault: c.vault,
    id: big(c.id),
    proposer: c.proposer,
    queuedAt: big(c.queuedAt),
    executableAt: big(c.executableAt),
    change: fromAnchorChange(c.change),
  };
}

/** The base layout shared by SPL Token and Token-2022 accounts. */
export interface TokenAccountState {
  mint: PublicKey;
  owner: PublicKey;
  amount: bigint;
  /** Frozen by the mint's freeze authority. */
  frozen: boolean;
}

/** Decodes a token account's base layout (either token program). */
export function decodeTokenAccount(data: Uint8Array): TokenAccountState {
  const b = Buffer.from(data);
  if (b.length < 165) throw new Error("not a token account");
  return {
    mint: new PublicKey(b.subarray(0, 32)),
    owner: new PublicKey(b.subarray(32, 64)),
    amount: b.readBigUInt64LE(64),
    frozen: b[108] === 2,
  };
}

/** A mint's supply and decimals (either token program). */
export function decodeMint(data: Uint8Array): { supply: bigint; decimals: number } {
  const b = Buffer.from(data);
  if (b.length < 82) throw new Error("not a mint");
  return { supply: b.readBigUInt64LE(36), decimals: b[44] };
}
