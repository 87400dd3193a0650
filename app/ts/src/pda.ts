/** Program-derived addresses of Ballast, from the seeds in the IDL. */
import { PublicKey } from "@solana/web3.js";
import { ASSOCIATED_TOKEN_PROGRAM_ID, PROGRAM_ID, SEEDS, TOKEN_PROGRAM_ID } from "./constants";

const find = (seeds: Uint8Array[], program = PROGRAM_ID) =>
  PublicKey.findProgramAddressSync(seeds.map((s) => Buffer.from(s)), program)[0];

/** Little-endian u64 bytes. */
export function u64Bytes(value: bigint): Uint8Array {
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE(value);
  return out;
}

/** The vault `vaultId` of `manager`: `[VAULT_SEED, manager, vault_id (u64 LE)]`. */
export const vaultAddress = (manager: PublicKey, vaultId: bigint) =>
  find([SEEDS.vault, manager.toBytes(), u64Bytes(vaultId)]);
/** The vault authority (owner of the reserves, mint authority of the shares). */
export const authorityAddress = (vault: PublicKey) => find([SEEDS.authority, vault.toBytes()]);
/** The swap authority (token authority of the escrows only). */
export const swapAuthorityAddress = (vault: PublicKey) =>
  find([SEEDS.swapAuthority, vault.toBytes()]);
/** The share mint. */
export const shareMintAddress = (vault: PublicKey) => find([SEEDS.shareMint, vault.toBytes()]);
/** The reserve of `mint` in `vault`. */
export const reserveAddress = (vault: PublicKey, mint: PublicKey) =>
  find([SEEDS.reserve, vault.toBytes(), mint.toBytes()]);
/** The swap escrow of `mint` in `vault`. */
export const escrowAddress = (vault: PublicKey, mint: PublicKey) =>
  find([SEEDS.escrow, vault.toBytes(), mint.toBytes()]);
/** Queued change `id` of `vault` (its `PendingChange` account). */
export const changeAddress = (vault: PublicKey, id: bigint) =>
  find([SEEDS.change, vault.toBytes(), u64Bytes(id)]);

/** The associated token account of `owner` for `mint` (classic SPL Token by default). */
export const associatedTokenAddress = (
  owner: PublicKey,
  mint: PublicKey,
  tokenProgram: PublicKey = TOKEN_PROGRAM_ID,
) => find([owner.toBytes(), tokenProgram.toBytes(), mint.toBytes()], ASSOCIATED_TOKEN_PROGRAM_ID);

/** The vault-wide PDAs of one vault. */
export interface VaultPdas {
  vault: PublicKey;
  authority: PublicKey;
  swapAuthority: PublicKey;
  shareMint: PublicKey;
}

/** The PDAs of the vault at `vault`. */
export function vaultPdas(vault: PublicKey): VaultPdas {
  return {
    vault,
    authority: authorityAddress(vault),
    swapAuthority: swapAuthorityAddress(vault),
    shareMint: shareMintAddress(vault),
  };
}
