/**
 * A JSON-RPC `Connection` stand-in served by an embedded chain: the methods `ConnectionChain`
 * calls, answering as a validator would (a refused transaction fails its preflight with a
 * `SendTransactionError`), so the production path runs in the tests.
 */
import { utils } from "@anchor-lang/core";
import { Connection, PublicKey, SendTransactionError, VersionedTransaction } from "@solana/web3.js";
import { SentTransaction, TransactionFailed } from "../src";
import { LiteSvmChain } from "../src/litesvm";

/** A `Connection` whose every answer comes from `chain`. */
export function rpcOver(chain: LiteSvmChain): Connection {
  const executed = new Map<string, SentTransaction>();
  const rpc = {
    rpcEndpoint: "litesvm://",
    getAccountInfo: (key: PublicKey) => chain.getAccountInfo(key),
    getMultipleAccountsInfo: (keys: PublicKey[]) => chain.getMultipleAccountsInfo(keys),
    getLatestBlockhash: async () => ({ blockhash: await chain.latestBlockhash(), lastValidBlockHeight: 1_000_000 }),
    sendRawTransaction: async (raw: Uint8Array) => {
      const tx = VersionedTransaction.deserialize(raw);
      const signature = utils.bytes.bs58.encode(tx.signatures[0]);
      try {
        executed.set(signature, await chain.send(tx));
        return signature;
      } catch (e) {
        if (!(e instanceof TransactionFailed)) throw e;
        const cause =
          e.code === undefined ? e.errorName : `custom program error: 0x${e.code.toString(16)}`;
        throw new SendTransactionError({
          action: "send",
          signature,
          transactionMessage: `Transaction simulation failed: Error processing Instruction ${e.instructionIndex ?? 0}: ${cause}`,
          logs: e.logs,
        });
      }
    },
    confirmTransaction: async () => ({ context: { slot: Number(chain.slot()) }, value: { err: null } }),
    getTransaction: async (signature: string) => {
      const sent = executed.get(signature);
      if (!sent) return null;
      return { meta: { err: null, logMessages: sent.logs, computeUnitsConsumed: Number(sent.computeUnits ?? 0n) } };
    },
  };
  return rpc as unknown as Connection;
}
