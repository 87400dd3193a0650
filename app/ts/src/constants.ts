/**
 * The program's `#[constant]`s, read from the IDL (so they can never disagree with it):
 * program ids, PDA seeds, limits and pause flags.
 */
import { PublicKey } from "@solana/web3.js";
import { RAW_IDL } from "./idl";

function constant(name: string): string {
  const found = RAW_IDL.constants?.find((c) => c.name === name);
  if (!found) throw new Error(`the IDL has no constant ${name}`);
  return found.value;
}
const bytes = (name: string) => Uint8Array.from(JSON.parse(constant(name)) as number[]);
const num = (name: string) => Number(constant(name));
const big = (name: string) => BigInt(constant(name));
const key = (name: string) => new PublicKey(constant(name));

/** The Ballast program. */
export const PROGRAM_ID = new PublicKey(RAW_IDL.address);
/** SPL Token. */
export const TOKEN_PROGRAM_ID = new PublicKey("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
/** SPL Token-2022. */
export const TOKEN_2022_PROGRAM_ID = new PublicKey("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");
/** The associated token account program. */
export const ASSOCIATED_TOKEN_PROGRAM_ID = new PublicKey("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");
/** The Pyth receiver, owner of every `PriceUpdateV2` account Ballast accepts. */
export const PYTH_RECEIVER_ID = key("PYTH_RECEIVER_ID");
/** The instructions sysvar (`rebalance` reads it). */
export const INSTRUCTIONS_SYSVAR_ID = key("INSTRUCTIONS_SYSVAR_ID");
/** The address lookup table program. */
export const ADDRESS_LOOKUP_TABLE_ID = key("ADDRESS_LOOKUP_TABLE_ID");

/** PDA seeds (see `pda.ts`). */
export const SEEDS = {
  vault: bytes("VAULT_SEED"),
  authority: bytes("AUTHORITY_SEED"),
  shareMint: bytes("SHARE_MINT_SEED"),
  reserve: bytes("RESERVE_SEED"),
  swapAuthority: bytes("SWAP_AUTHORITY_SEED"),
  escrow: bytes("ESCROW_SEED"),
  change: bytes("CHANGE_SEED"),
} as const;

/** Most assets of one vault. */
export const MAX_ASSETS = num("MAX_ASSETS");
/** Fewest assets of one vault. */
export const MIN_ASSETS = num("MIN_ASSETS");
/** Most changes queued at once. */
export const MAX_PENDING_CHANGES = num("MAX_PENDING_CHANGES");
/** DEX programs one vault can allowlist. */
export const MAX_DEXES = num("MAX_DEXES");
/** Decimals of every share mint. */
export const SHARE_DECIMALS = num("SHARE_DECIMALS");
/** Pause flag: deposits. */
export const PAUSE_DEPOSITS = num("PAUSE_DEPOSITS");
/** Pause flag: `open_round` and `rebalance`. */
export const PAUSE_REBALANCES = num("PAUSE_REBALANCES");
/** Every pause flag. */
export const PAUSE_ALL = num("PAUSE_ALL");
/** Shortest and longest timelock, seconds. */
export const MIN_TIMELOCK_SECS = num("MIN_TIMELOCK_SECS");
export const MAX_TIMELOCK_SECS = num("MAX_TIMELOCK_SECS");
/** Shortest weight ramp, seconds. */
export const MIN_RAMP_SECS = big("MIN_RAMP_SECS");
/** How long a round stays open, seconds. */
export const ROUND_WINDOW_SECS = big("ROUND_WINDOW_SECS");
/** Largest management fee, bps a year. */
export const MAX_MANAGEMENT_FEE_BPS = num("MAX_MANAGEMENT_FEE_BPS");
/** Largest entry spread, bps. */
export const MAX_ENTRY_SPREAD_BPS = num("MAX_ENTRY_SPREAD_BPS");
/** Largest `max_slippage_bps` a manager may set. */
export const MAX_SLIPPAGE_LIMIT_BPS = num("MAX_SLIPPAGE_LIMIT_BPS");
/** Largest keeper reward, bps of a swap's output. */
export const MAX_KEEPER_REWARD_BPS = num("MAX_KEEPER_REWARD_BPS");
/** Longest cooldown between rounds, seconds. */
export const MAX_COOLDOWN_SECS = num("MAX_COOLDOWN_SECS");
/** Largest `max_oracle_age_secs`. */
export const MAX_ORACLE_AGE_LIMIT_SECS = num("MAX_ORACLE_AGE_LIMIT_SECS");
/** Largest `fresh_price_secs`. */
export const MAX_FRESH_PRICE_SECS = num("MAX_FRESH_PRICE_SECS");
/** Clock skew tolerated between a price's publish time and the cluster clock, seconds. */
export const MAX_CLOCK_SKEW_SECS = big("MAX_CLOCK_SKEW_SECS");
/** Most value `remove_asset` burns as dust, micro-USD. */
export const MAX_REMOVAL_DUST_MICRO_USD = big("MAX_REMOVAL_DUST_MICRO_USD");
/** Anchor discriminator of Pyth's `PriceUpdateV2` account. */
export const PRICE_UPDATE_V2_DISCRIMINATOR = bytes("PRICE_UPDATE_V2_DISCRIMINATOR");
