/**
 * Versioned (v0) transactions through a vault's address lookup table, and the instructions
 * that make such a table (create, extend, freeze: `set_lookup_table` takes only frozen ones).
 */
import {
  AddressLookupTableAccount,
  AddressLookupTableProgram,
  PublicKey,
  Signer,
  SYSVAR_INSTRUCTIONS_PUBKEY,
  SystemProgram,
  TransactionInstruction,
  TransactionMessage,
  VersionedTransaction,
} from "@solana/web3.js";
import type { VaultState } from "./accounts";
import type { Chain } from "./chain";
import { PROGRAM_ID, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "./constants";

/** Reads a lookup table account (null when it does not exist). */
export async function fetchLookupTable(
  chain: Chain,
  address: PublicKey,
): Promise<AddressLookupTableAccount | null> {
  const info = await chain.getAccountInfo(address);
  if (!info) return null;
  return new AddressLookupTableAccount({ key: address, state: AddressLookupTableAccount.deserialize(info.data) });
}

/** A v0 transaction of `instructions` paid by `payer`, its accounts compressed through
 * `lookupTables`, signed by `signers` (the payer's keypair among them). */
export async function versionedTransaction(
  chain: Chain,
  p: { payer: PublicKey; instructions: TransactionInstruction[]; lookupTables?: AddressLookupTableAccount[]; signers: Signer[] },
): Promise<VersionedTransaction> {
  const message = new TransactionMessage({
    payerKey: p.payer,
    recentBlockhash: await chain.latestBlockhash(),
    instructions: p.instructions,
  }).compileToV0Message(p.lookupTables ?? []);
  const tx = new VersionedTransaction(message);
  tx.sign(p.signers);
  return tx;
}

/** The addresses worth putting in a vault's lookup table: the programs, the vault and its
 * PDAs, and every asset's mint, reserve, escrow and price account. */
export function vaultTableAddresses(vault: PublicKey, state: VaultState, prices: PublicKey[] = []): PublicKey[] {
  const keys = [
    PROGRAM_ID,
    TOKEN_PROGRAM_ID,
    SystemProgram.programId,
    SYSVAR_INSTRUCTIONS_PUBKEY,
    vault,
    state.vaultAuthority,
    state.swapAuthority,
    state.shareMint,
    ...(state.assets.some((a) => a.tokenProgram === "token-2022") ? [TOKEN_2022_PROGRAM_ID] : []),
    ...state.assets.flatMap((a) => [a.mint, a.reserve, ...(a.escrow ? [a.escrow] : [])]),
    ...prices,
  ];
  const seen = new Set<string>();
  return keys.filter((k) => !seen.has(k.toBase58()) && seen.add(k.toBase58()));
}

/** The instructions that create a lookup table holding `addresses` and freeze it, grouped
 * by transaction (a table is usable from the slot after its last extension). */
export function frozenLookupTable(p: {
  authority: PublicKey;
  payer: PublicKey;
  recentSlot: bigint;
  addresses: PublicKey[];
}): { table: PublicKey; transactions: TransactionInstruction[][] } {
  const [create, table] = AddressLookupTableProgram.createLookupTable({
    authority: p.authority,
    payer: p.payer,
    recentSlot: p.recentSlot,
  });
  const transactions: TransactionInstruction[][] = [[create]];
  for (let i = 0; i < p.addresses.length; i += 20) {
    transactions.push([
      AddressLookupTableProgram.extendLookupTable({
        lookupTable: table,
        authority: p.authority,
        payer: p.payer,
        addresses: p.addresses.slice(i, i + 20),
      }),
    ]);
  }
  transactions.push([AddressLookupTableProgram.freezeLookupTable({ lookupTable: table, authority: p.authority })]);
  return { table, transactions };
}
