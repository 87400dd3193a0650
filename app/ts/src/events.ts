/**
 * Ballast's events (`Program data:` log lines) decoded by the official client's event parser,
 * with every u64/i64/u128 as a bigint and every `change` typed.
 */
import { BN, EventParser, IdlEvents } from "@anchor-lang/core";
import { PublicKey } from "@solana/web3.js";
import { CODER } from "./accounts";
import { Change, fromAnchorChange } from "./change";
import { PROGRAM_ID } from "./constants";
import type { Ballast } from "./idl";

/** `T` with every `BN` a bigint. */
export type Bigintify<T> = T extends BN
  ? bigint
  : T extends PublicKey
    ? PublicKey
    : T extends (infer U)[]
      ? Bigintify<U>[]
      : T extends object
        ? { [K in keyof T]: Bigintify<T[K]> }
        : T;

type Typed<T> = T extends { change: unknown } ? Omit<Bigintify<T>, "change"> & { change: Change } : Bigintify<T>;

/** Every event's data, by event name (`deposited`, `rebalanced`, ...). */
export type BallastEvents = { [K in keyof IdlEvents<Ballast>]: Typed<IdlEvents<Ballast>[K]> };

/** One decoded event. */
export type BallastEvent = { [K in keyof BallastEvents]: { name: K; data: BallastEvents[K] } }[keyof BallastEvents];

/** Deep conversion of the client's decoded values: `BN` to bigint. */
export function bigintify(value: unknown): unknown {
  if (BN.isBN(value)) return BigInt((value as BN).toString());
  if (value instanceof PublicKey || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map(bigintify);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bigintify(v)]));
  }
  return value;
}

/** Ballast's events in a transaction's logs, in order. */
export function parseEvents(logs: string[]): BallastEvent[] {
  const parser = new EventParser(PROGRAM_ID, CODER);
  const out: BallastEvent[] = [];
  for (const event of parser.parseLogs(logs)) {
    const raw = event.data as Record<string, unknown>;
    const data = bigintify(raw) as Record<string, unknown>;
    if ("change" in raw) data.change = fromAnchorChange(raw.change as Record<string, unknown>);
    out.push({ name: event.name, data } as BallastEvent);
  }
  return out;
}

/** The first event named `name` in `logs` (throws when there is none). */
export function findEvent<K extends keyof BallastEvents>(logs: string[], name: K): BallastEvents[K] {
  const event = parseEvents(logs).find((e) => e.name === name);
  if (!event) throw new Error(`no ${String(name)} event in the logs`);
  return event.data as BallastEvents[K];
}
