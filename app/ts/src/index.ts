/**
 * `@ballast/client`: TypeScript for Ballast on the official Anchor client.
 *
 * - `BallastClient` (client.ts): reads, quotes, status, one builder per instruction, v0
 *   transactions through the vault's lookup table, over a `Chain` (`ConnectionChain` for
 *   JSON-RPC; `LiteSvmChain` from `@ballast/client/litesvm` for an embedded chain);
 * - `IDL` and the `Ballast` type (the committed IDL), `PROGRAM_ID` and the program's
 *   constants; PDA helpers;
 * - policies, trade-target modes and changes typed and encoded; vault, change and event
 *   decoding with bigints; error names;
 * - the exact math of the quotes (math.ts) and Pyth price accounts (pyth.ts).
 */
export * from "./accounts";
export * as builders from "./builders";
export type { BallastProgram, NewAsset, VaultParams } from "./builders";
export * from "./change";
export * from "./chain";
export * from "./client";
export * from "./constants";
export * from "./errors";
export * from "./events";
export * from "./idl";
export * from "./math";
export * from "./pda";
export * from "./policy";
export * from "./pyth";
export * from "./quotes";
export * from "./transactions";
