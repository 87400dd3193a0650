/**
 * Pyth `PriceUpdateV2` accounts: the layout the Pyth receiver writes and Ballast reads. For
 * local chains and tests (write one with {@link encodePriceUpdate}), and to read the price a
 * vault will see ({@link decodePriceUpdate}).
 *
 * Layout: discriminator (8), write authority (32), verification level (1: 0 = partial with a
 * u8 signature count after it, 1 = full), then the message: feed id (32), price (i64), conf
 * (u64), exponent (i32), publish time (i64), previous publish time (i64), EMA price (i64),
 * EMA conf (u64); then the posted slot (u64).
 */
import { PublicKey } from "@solana/web3.js";
import { PRICE_UPDATE_V2_DISCRIMINATOR } from "./constants";
import type { OraclePrice } from "./math";

/** A Pyth price message and how it was verified. */
export interface PriceUpdate extends OraclePrice {
  feedId: Uint8Array;
  publishTime: bigint;
  /** Defaults to `publishTime - 1`. */
  prevPublishTime?: bigint;
  /** Defaults to the price. */
  emaPrice?: bigint;
  /** Defaults to the confidence. */
  emaConf?: bigint;
  /** Defaults to 1. */
  postedSlot?: bigint;
  /** Defaults to the default key. */
  writeAuthority?: PublicKey;
  /** `"full"` (the only level Ballast accepts, the default) or a partial signature count. */
  verification?: "full" | { partial: number };
}

/** The account data of a `PriceUpdateV2` holding `update`. */
export function encodePriceUpdate(update: PriceUpdate): Uint8Array {
  const verification = update.verification ?? "full";
  const head = verification === "full" ? [1] : [0, verification.partial];
  const out = Buffer.alloc(8 + 32 + head.length + 84 + 8);
  let at = 0;
  out.set(PRICE_UPDATE_V2_DISCRIMINATOR, at);
  at += 8;
  out.set((update.writeAuthority ?? PublicKey.default).toBytes(), at);
  at += 32;
  out.set(head, at);
  at += head.length;
  if (update.feedId.length !== 32) throw new Error("a feed id is 32 bytes");
  out.set(update.feedId, at);
  at += 32;
  at = out.writeBigInt64LE(update.price, at);
  at = out.writeBigUInt64LE(update.conf, at);
  at = out.writeInt32LE(update.exponent, at);
  at = out.writeBigInt64LE(update.publishTime, at);
  at = out.writeBigInt64LE(update.prevPublishTime ?? update.publishTime - 1n, at);
  at = out.writeBigInt64LE(update.emaPrice ?? update.price, at);
  at = out.writeBigUInt64LE(update.emaConf ?? update.conf, at);
  out.writeBigUInt64LE(update.postedSlot ?? 1n, at);
  return new Uint8Array(out);
}

/** Reads a `PriceUpdateV2` account's data (its owner is the caller's to check). */
export function decodePriceUpdate(data: Uint8Array): Required<PriceUpdate> {
  const b = Buffer.from(data);
  if (!b.subarray(0, 8).equals(Buffer.from(PRICE_UPDATE_V2_DISCRIMINATOR))) {
    throw new Error("not a PriceUpdateV2 account");
  }
  const writeAuthority = new PublicKey(b.subarray(8, 40));
  const full = b[40] === 1;
  const verification: "full" | { partial: number } = full ? "full" : { partial: b[41] };
  let at = full ? 41 : 42;
  const feedId = new Uint8Array(b.subarray(at, at + 32));
  at += 32;
  return {
    writeAuthority,
    verification,
    feedId,
    price: b.readBigInt64LE(at),
    conf: b.readBigUInt64LE(at + 8),
    exponent: b.readInt32LE(at + 16),
    publishTime: b.readBigInt64LE(at + 20),
    prevPublishTime: b.readBigInt64LE(at + 28),
    emaPrice: b.readBigInt64LE(at + 36),
    emaConf: b.readBigUInt64LE(at + 44),
    postedSlot: b.readBigUInt64LE(at + 52),
  };
}
