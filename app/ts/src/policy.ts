/**
 * The vault's bare bytes, typed: trigger policies (`ballast_math::policy::Policy`, stored as
 * 32 bytes), trade-target modes (one byte) and token-program kinds (one byte).
 */
import { PublicKey } from "@solana/web3.js";
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "./constants";
import { MathError } from "./math";

/** A trigger policy with its parameters (see `ballast_math::policy` for the rules). */
export type Policy =
  | { kind: "calendar"; intervalSecs: bigint }
  | { kind: "absolute-band"; bandBps: number }
  | { kind: "relative-band"; bandBps: number }
  | { kind: "five-twenty-five"; absBps: number; relBps: number }
  | { kind: "hybrid"; intervalSecs: bigint; bandBps: number; relBps: number }
  | { kind: "vol-band"; kBps: number; floorBps: number; capBps: number; halfLifeSecs: number };

/** Length of a policy's encoding. */
export const POLICY_LEN = 32;
/** Longest calendar interval: ten 365-day years. */
export const MAX_INTERVAL_SECS = 315_360_000n;
/** Largest vol-band multiplier (k = 100). */
export const MAX_VOL_K_BPS = 1_000_000;

const TAGS = {
  calendar: 1,
  "absolute-band": 2,
  "relative-band": 3,
  "five-twenty-five": 4,
  hybrid: 5,
  "vol-band": 6,
} as const;

/** The classic 5/25 rule. */
export const FIVE_TWENTY_FIVE: Policy = { kind: "five-twenty-five", absBps: 500, relBps: 2_500 };

function parts(p: Policy): { interval: bigint; params: [number, number, number, number] } {
  switch (p.kind) {
    case "calendar":
      return { interval: p.intervalSecs, params: [0, 0, 0, 0] };
    case "absolute-band":
    case "relative-band":
      return { interval: 0n, params: [p.bandBps, 0, 0, 0] };
    case "five-twenty-five":
      return { interval: 0n, params: [p.absBps, p.relBps, 0, 0] };
    case "hybrid":
      return { interval: p.intervalSecs, params: [p.bandBps, p.relBps, 0, 0] };
    case "vol-band":
      return { interval: 0n, params: [p.kBps, p.floorBps, p.capBps, p.halfLifeSecs] };
  }
}

/** `Policy::to_bytes`: tag, 7 zero bytes, the interval (u64 LE), four u32 LE parameters. */
export function encodePolicy(p: Policy): Uint8Array {
  const out = Buffer.alloc(POLICY_LEN);
  const { interval, params } = parts(p);
  out[0] = TAGS[p.kind];
  out.writeBigUInt64LE(interval, 8);
  params.forEach((v, i) => out.writeUInt32LE(v, 16 + 4 * i));
  return new Uint8Array(out);
}

/** Checks every parameter against its range (`Policy::validate`: `InvalidParameter`). */
export function validatePolicy(p: Policy): void {
  const bps = (x: number) => x >= 1 && x <= 10_000;
  const interval = (x: bigint) => x >= 1n && x <= MAX_INTERVAL_SECS;
  let ok: boolean;
  switch (p.kind) {
    case "calendar":
      ok = interval(p.intervalSecs);
      break;
    case "absolute-band":
    case "relative-band":
      ok = bps(p.bandBps);
      break;
    case "five-twenty-five":
      ok = bps(p.absBps) && bps(p.relBps);
      break;
    case "hybrid":
      ok = interval(p.intervalSecs) && bps(p.bandBps) && (p.relBps === 0 || bps(p.relBps));
      break;
    case "vol-band":
      ok =
        p.kBps >= 1 &&
        p.kBps <= MAX_VOL_K_BPS &&
        bps(p.capBps) &&
        p.floorBps <= p.capBps &&
        p.halfLifeSecs > 0;
      break;
  }
  if (!ok) throw new MathError("InvalidParameter");
}

/** `Policy::from_bytes`: refuses an unknown tag, non-zero unused bytes and bad ranges. */
export function decodePolicy(bytes: Uint8Array): Policy {
  if (bytes.length !== POLICY_LEN) throw new MathError("InvalidParameter");
  const b = Buffer.from(bytes);
  const interval = b.readBigUInt64LE(8);
  const p = [0, 1, 2, 3].map((i) => b.readUInt32LE(16 + 4 * i));
  if (b.subarray(1, 8).some((x) => x !== 0)) throw new MathError("InvalidParameter");
  let policy: Policy;
  switch (b[0]) {
    case 1:
      policy = { kind: "calendar", intervalSecs: interval };
      break;
    case 2:
      policy = { kind: "absolute-band", bandBps: p[0] };
      break;
    case 3:
      policy = { kind: "relative-band", bandBps: p[0] };
      break;
    case 4:
      policy = { kind: "five-twenty-five", absBps: p[0], relBps: p[1] };
      break;
    case 5:
      policy = { kind: "hybrid", intervalSecs: interval, bandBps: p[0], relBps: p[1] };
      break;
    case 6:
      policy = { kind: "vol-band", kBps: p[0], floorBps: p[1], capBps: p[2], halfLifeSecs: p[3] };
      break;
    default:
      throw new MathError("InvalidParameter");
  }
  if (!Buffer.from(encodePolicy(policy)).equals(b)) throw new MathError("InvalidParameter");
  validatePolicy(policy);
  return policy;
}

/** The canonical text form (`Display for Policy`), e.g. `five-twenty-five:abs_bps=500,rel_bps=2500`. */
export function policyToString(p: Policy): string {
  switch (p.kind) {
    case "calendar":
      return `calendar:interval=${p.intervalSecs}`;
    case "absolute-band":
    case "relative-band":
      return `${p.kind}:band_bps=${p.bandBps}`;
    case "five-twenty-five":
      return `five-twenty-five:abs_bps=${p.absBps},rel_bps=${p.relBps}`;
    case "hybrid":
      return `hybrid:interval=${p.intervalSecs},band_bps=${p.bandBps},rel_bps=${p.relBps}`;
    case "vol-band":
      return `vol-band:k_bps=${p.kBps},floor_bps=${p.floorBps},cap_bps=${p.capBps},half_life=${p.halfLifeSecs}`;
  }
}

/** Where a triggered rebalance trades each asset to (`ballast_math::target::TradeTarget`). */
export type TradeTarget = "out-of-band-to-target" | "to-band-edge" | "halfway" | "full";
/** Every mode, in encoding order (the index is the byte). */
export const TRADE_TARGETS: readonly TradeTarget[] = [
  "out-of-band-to-target",
  "to-band-edge",
  "halfway",
  "full",
];

/** The mode's byte. */
export const encodeTradeTarget = (mode: TradeTarget): number => TRADE_TARGETS.indexOf(mode);

/** The mode of a byte (`InvalidParameter` for unknown bytes). */
export function decodeTradeTarget(byte: number): TradeTarget {
  const mode = TRADE_TARGETS[byte];
  if (mode === undefined) throw new MathError("InvalidParameter");
  return mode;
}

/** Which SPL token program owns an asset (`TokenProgramKind`, one byte in `AssetConfig`). */
export type TokenProgramKind = "token" | "token-2022";

/** The kind of a stored byte (1: Token-2022, anything else SPL Token, as the program reads it). */
export const decodeTokenProgramKind = (byte: number): TokenProgramKind =>
  byte === 1 ? "token-2022" : "token";

/** The program id of a kind. */
export const tokenProgramId = (kind: TokenProgramKind): PublicKey =>
  kind === "token-2022" ? TOKEN_2022_PROGRAM_ID : TOKEN_PROGRAM_ID;
