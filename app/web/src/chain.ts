/**
 * The page's chain: `@ballast/client`'s `Chain` over JSON-RPC as a browser can use it. It
 * sends with the node's preflight (a refused transaction comes back with the program's
 * error and logs, named by `describeTransactionError`) and confirms by polling
 * `getSignatureStatuses` (no websocket, which `ballast node` does not serve).
 */
import {
  Chain,
  clockUnixTimestamp,
  describeTransactionError,
  SentTransaction,
  TransactionFailed,
} from "@ballast/client";
import { Connection, PublicKey, SendTransactionError, SYSVAR_CLOCK_PUBKEY, VersionedTransaction } from "@solana/web3.js";

/** Genesis hashes of the public clusters: a development wallet is refused on them. */
const PUBLIC_GENESIS: Record<string, string> = {
  "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d": "mainnet-beta",
  EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG: "devnet",
  "4uhcVJyU9pJkvQyS88uRDiswHXSCkY3zQawwpjk2NsNY": "testnet",
};

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** Whether `rpcUrl` is a local cluster: its host is this machine and its genesis hash is
 * not a public cluster's. Why not, when it is not. */
export async function localCluster(connection: Connection, rpcUrl: string): Promise<{ local: boolean; why: string }> {
  let host: string;
  try {
    host = new URL(rpcUrl).hostname;
  } catch {
    return { local: false, why: `${rpcUrl} is not a URL` };
  }
  if (!LOCAL_HOSTS.has(host)) return { local: false, why: `${host} is not this machine` };
  const genesis = await connection.getGenesisHash();
  const cluster = PUBLIC_GENESIS[genesis];
  if (cluster) return { local: false, why: `the node serves ${cluster} (genesis ${genesis})` };
  return { local: true, why: `${host}, genesis ${genesis.slice(0, 8)}…` };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A {@link Chain} for a browser. */
export class BrowserChain implements Chain {
  constructor(readonly connection: Connection) {}

  getAccountInfo(address: PublicKey) {
    return this.connection.getAccountInfo(address, "confirmed");
  }

  getMultipleAccountsInfo(addresses: PublicKey[]) {
    return this.connection.getMultipleAccountsInfo(addresses, "confirmed");
  }

  async latestBlockhash() {
    return (await this.connection.getLatestBlockhash("confirmed")).blockhash;
  }

  async now() {
    const clock = await this.connection.getAccountInfo(SYSVAR_CLOCK_PUBKEY, "confirmed");
    if (!clock) throw new Error("the node has no Clock sysvar");
    return clockUnixTimestamp(clock.data);
  }

  async send(tx: VersionedTransaction): Promise<SentTransaction> {
    let signature: string;
    try {
      signature = await this.connection.sendRawTransaction(tx.serialize(), { preflightCommitment: "confirmed" });
    } catch (e) {
      if (e instanceof SendTransactionError) {
        const logs = e.logs ?? [];
        const message = e.transactionError.message;
        const custom = /custom program error: 0x([0-9a-f]+)/i.exec(message);
        const index = Number(/Instruction (\d+)/.exec(message)?.[1] ?? 0);
        const err = custom ? { InstructionError: [index, { Custom: parseInt(custom[1], 16) }] } : message;
        const d = describeTransactionError(err, logs);
        throw new TransactionFailed(d.name, d.code, d.index, logs);
      }
      throw e;
    }
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { value } = await this.connection.getSignatureStatuses([signature]);
      const status = value[0];
      if (status?.err) {
        const d = describeTransactionError(status.err, []);
        throw new TransactionFailed(d.name, d.code, d.index, []);
      }
      if (status && (status.confirmationStatus === "confirmed" || status.confirmationStatus === "finalized")) break;
      if (Date.now() > deadline) throw new Error(`transaction ${signature} not confirmed in 30 s`);
      await sleep(300);
    }
    return { signature, logs: [] };
  }
}
