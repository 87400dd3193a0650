/**
 * Deposits and withdrawals as v0 transactions through the vault's lookup table, signed by
 * the page's wallet; refusals named as the program names them.
 */
import {
  ASSOCIATED_TOKEN_PROGRAM_ID,
  associatedTokenAddress,
  BALLAST_ERRORS,
  BallastClient,
  TOKEN_PROGRAM_ID,
  TransactionFailed,
} from "@ballast/client";
import { PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import type { PageWallet } from "./wallet";

/** The associated token program's `CreateIdempotent` for `owner`'s account of `mint`. */
export function createAtaIdempotent(
  payer: PublicKey,
  owner: PublicKey,
  mint: PublicKey,
  tokenProgram: PublicKey = TOKEN_PROGRAM_ID,
): TransactionInstruction {
  return new TransactionInstruction({
    programId: ASSOCIATED_TOKEN_PROGRAM_ID,
    keys: [
      { pubkey: payer, isSigner: true, isWritable: true },
      { pubkey: associatedTokenAddress(owner, mint, tokenProgram), isSigner: false, isWritable: true },
      { pubkey: owner, isSigner: false, isWritable: false },
      { pubkey: mint, isSigner: false, isWritable: false },
      { pubkey: SystemProgram.programId, isSigner: false, isWritable: false },
      { pubkey: tokenProgram, isSigner: false, isWritable: false },
    ],
    data: Buffer.from([1]),
  });
}

/** Signs `instructions` with `wallet` as one v0 transaction through the vault's table and sends it. */
export async function sendWithWallet(
  client: BallastClient,
  wallet: PageWallet,
  vault: PublicKey,
  instructions: TransactionInstruction[],
): Promise<{ signature: string; usedLookupTable: boolean }> {
  const tx = await client.transaction(instructions, [], { vault, payer: wallet.publicKey });
  const signed = await wallet.sign(tx);
  const sent = await client.chain.send(signed);
  return { signature: sent.signature, usedLookupTable: tx.message.addressTableLookups.length > 0 };
}

/** A refusal as a user reads it: the program's error name and message. */
export function refusal(e: unknown): { name: string; text: string } {
  if (e instanceof TransactionFailed) {
    const known = e.code !== undefined ? BALLAST_ERRORS.get(e.code) : undefined;
    const tokenFunds = e.logs.some((l) => /insufficient funds/i.test(l));
    if (!known && tokenFunds) return { name: "InsufficientFunds", text: "SPL Token: insufficient funds" };
    return { name: e.errorName, text: known?.msg ?? e.message };
  }
  const text = e instanceof Error ? e.message : String(e);
  return { name: "Error", text };
}
