/**
 * What the client needs of a chain, and its implementation over a JSON-RPC `Connection`
 * (see `litesvm.ts` for the embedded one).
 */
import {
  AccountInfo,
  Commitment,
  Connection,
  PublicKey,
  SendTransactionError,
  SYSVAR_CLOCK_PUBKEY,
  VersionedTransaction,
} from "@solana/web3.js";
import { errorFromLogs, errorName, TransactionFailed } from "./errors";

/** A transaction the chain executed. */
export interface SentTransaction {
  signature: string;
  logs: string[];
  /** Compute units consumed, when the chain reports them. */
  computeUnits?: bigint;
}

/** A chain: account reads, a blockhash, sending, and the cluster clock. */
export interface Chain {
  getAccountInfo(address: PublicKey): Promise<AccountInfo<Buffer> | null>;
  getMultipleAccountsInfo(addresses: PublicKey[]): Promise<(AccountInfo<Buffer> | null)[]>;
  latestBlockhash(): Promise<string>;
  /** Executes a signed transaction; throws {@link TransactionFailed} when it fails. */
  send(tx: VersionedTransaction): Promise<SentTransaction>;
  /** The cluster's unix time (the Clock sysvar). */
  now(): Promise<bigint>;
}

/** The unix time in a Clock sysvar account's data. */
export const clockUnixTimestamp = (data: Uint8Array) => Buffer.from(data).readBigInt64LE(32);

/** The name and code of a runtime transaction error (`{ InstructionError: [i, { Custom: n }] }`). */
export function describeTransactionError(
  err: unknown,
  logs: string[],
): { name: string; code?: number; index?: number } {
  const logged = errorFromLogs(logs);
  const ix = (err as { InstructionError?: [number, unknown] })?.InstructionError;
  if (ix) {
    const [index, inner] = ix;
    const custom = (inner as { Custom?: number })?.Custom;
    if (typeof custom === "number") {
      return { name: errorName(custom) ?? logged?.name ?? `Custom(${custom})`, code: custom, index };
    }
    return { name: logged?.name ?? (typeof inner === "string" ? inner : JSON.stringify(inner)), index };
  }
  return { name: logged?.name ?? (typeof err === "string" ? err : JSON.stringify(err)) };
}

/** A {@link Chain} over a JSON-RPC connection. */
export class ConnectionChain implements Chain {
  constructor(
    readonly connection: Connection,
    readonly commitment: Commitment = "confirmed",
  ) {}

  getAccountInfo(address: PublicKey) {
    return this.connection.getAccountInfo(address, this.commitment);
  }

  getMultipleAccountsInfo(addresses: PublicKey[]) {
    return this.connection.getMultipleAccountsInfo(addresses, this.commitment);
  }

  async latestBlockhash() {
    return (await this.connection.getLatestBlockhash(this.commitment)).blockhash;
  }

  async now() {
    const clock = await this.connection.getAccountInfo(SYSVAR_CLOCK_PUBKEY, this.commitment);
    if (!clock) throw new Error("no Clock sysvar");
    return clockUnixTimestamp(clock.data);
  }

  async send(tx: VersionedTransaction): Promise<SentTransaction> {
    let signature: string;
    try {
      signature = await this.connection.sendRawTransaction(tx.serialize(), {
        preflightCommitment: this.commitment,
      });
    } catch (e) {
      if (e instanceof SendTransactionError) {
        // Preflight refused it: "... Error processing Instruction 0: custom program error: 0x1770".
        const logs = e.logs ?? (await e.getLogs(this.connection).catch(() => [])) ?? [];
        const message = e.transactionError.message;
        const custom = /custom program error: 0x([0-9a-f]+)/i.exec(message);
        const index = Number(/Instruction (\d+)/.exec(message)?.[1] ?? 0);
        const err = custom ? { InstructionError: [index, { Custom: parseInt(custom[1], 16) }] } : message;
        const described = describeTransactionError(err, logs);
        throw new TransactionFailed(described.name, described.code, described.index, logs);
      }
      throw e;
    }
    const latest = await this.connection.getLatestBlockhash(this.commitment);
    await this.connection.confirmTransaction({ signature, ...latest }, this.commitment);
    const executed = await this.connection.getTransaction(signature, {
      commitment: "confirmed",
      maxSupportedTransactionVersion: 0,
    });
    const logs = executed?.meta?.logMessages ?? [];
    if (executed?.meta?.err) {
      const { name, code, index } = describeTransactionError(executed.meta.err, logs);
      throw new TransactionFailed(name, code, index, logs);
    }
    const units = executed?.meta?.computeUnitsConsumed;
    return { signature, logs, computeUnits: units === undefined ? undefined : BigInt(units) };
  }
}

/** The connection the official client's account resolver reads through (it needs only
 * `getAccountInfo`), for a chain that is not a `Connection`. */
export function resolverConnection(chain: Chain): Connection {
  if (chain instanceof ConnectionChain) return chain.connection;
  return {
    getAccountInfo: (address: PublicKey) => chain.getAccountInfo(address),
    getMultipleAccountsInfo: (addresses: PublicKey[]) => chain.getMultipleAccountsInfo(addresses),
  } as unknown as Connection;
}
