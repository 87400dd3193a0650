/**
 * One builder per instruction, on the official client (`program.methods.x(...)`): each
 * passes only what the IDL cannot resolve (signers, the vault, the accounts the program
 * matches against the vault's per-asset entries) and lets the client's resolver fill every
 * PDA, stored authority, share mint, fee recipient and program id; then it appends the
 * instruction's remaining accounts in the program's order (see each instruction's IDL doc).
 */
import { BN, Program } from "@anchor-lang/core";
import { AccountMeta, PublicKey, TransactionInstruction } from "@solana/web3.js";
import type { AssetState, VaultState } from "./accounts";
import { Change, toAnchorChange } from "./change";
import { TOKEN_2022_PROGRAM_ID } from "./constants";
import type { Ballast } from "./idl";
import { associatedTokenAddress, reserveAddress } from "./pda";

/** The official client's program for Ballast. */
export type BallastProgram = Program<Ballast>;

const bn = (x: bigint) => new BN(x.toString());
const meta = (pubkey: PublicKey, isWritable = false): AccountMeta => ({ pubkey, isSigner: false, isWritable });

function asset(state: VaultState, index: number): AssetState {
  const a = state.assets[index];
  if (!a) throw new Error(`asset ${index} is not in the vault (it has ${state.assets.length})`);
  return a;
}

function checkPrices(state: VaultState, prices: PublicKey[]) {
  if (prices.length !== state.assets.length) {
    throw new Error(`one price account per asset: ${state.assets.length} expected, ${prices.length} given`);
  }
}

/** `[reserve, price]` per asset (`deposit`, `open_round`, `rebalance`). */
export function reservePricePairs(
  state: VaultState,
  prices: PublicKey[],
  writable: (index: number) => boolean = () => false,
): AccountMeta[] {
  checkPrices(state, prices);
  return state.assets.flatMap((a, i) => [meta(a.reserve, writable(i)), meta(prices[i])]);
}

const uses2022 = (state: VaultState) => state.assets.some((a) => a.tokenProgram === "token-2022");

/** One asset of a new vault. */
export interface NewAsset {
  mint: PublicKey;
  /** The mint's token program (SPL Token or Token-2022). */
  tokenProgram: PublicKey;
  /** Pyth feed id of the asset's USD price (32 bytes). */
  feedId: Uint8Array;
  targetWeightBps: number;
}

/** A new vault's oracle limits, entry spread and timelock (`VaultParams`). */
export interface VaultParams {
  maxOracleAgeSecs: number;
  maxConfBps: number;
  freshPriceSecs: number;
  entrySpreadBps: number;
  timelockSecs: number;
}

/** `initialize_vault`: remaining accounts `[mint, reserve (writable)]` per asset. */
export function initializeVault(
  program: BallastProgram,
  p: { manager: PublicKey; vault: PublicKey; vaultId: bigint; params: VaultParams; assets: NewAsset[] },
): Promise<TransactionInstruction> {
  const needs2022 = p.assets.some((a) => a.tokenProgram.equals(TOKEN_2022_PROGRAM_ID));
  return program.methods
    .initializeVault({
      vaultId: bn(p.vaultId),
      params: p.params,
      assets: p.assets.map((a) => ({ feedId: Array.from(a.feedId), targetWeightBps: a.targetWeightBps })),
    })
    .accounts({ manager: p.manager, token2022Program: needs2022 ? TOKEN_2022_PROGRAM_ID : null })
    .remainingAccounts(p.assets.flatMap((a) => [meta(a.mint), meta(reserveAddress(p.vault, a.mint), true)]))
    .instruction();
}

/** `deposit`: the user's accounts default to its associated token accounts. */
export function deposit(
  program: BallastProgram,
  p: {
    vault: PublicKey;
    state: VaultState;
    user: PublicKey;
    assetIndex: number;
    amount: bigint;
    minSharesOut: bigint;
    prices: PublicKey[];
    userToken?: PublicKey;
    userShares?: PublicKey;
  },
): Promise<TransactionInstruction> {
  const a = asset(p.state, p.assetIndex);
  return program.methods
    .deposit({ assetIndex: p.assetIndex, amount: bn(p.amount), minSharesOut: bn(p.minSharesOut) })
    .accounts({
      user: p.user,
      vault: p.vault,
      userToken: p.userToken ?? associatedTokenAddress(p.user, a.mint, a.tokenProgramId),
      userShares: p.userShares ?? associatedTokenAddress(p.user, p.state.shareMint),
      assetMint: a.mint,
      assetTokenProgram: a.tokenProgramId,
    })
    .remainingAccounts(reservePricePairs(p.state, p.prices, (i) => i === p.assetIndex))
    .instruction();
}

/** `withdraw`: remaining accounts `[reserve, user token account, mint]` per asset. */
export function withdraw(
  program: BallastProgram,
  p: {
    vault: PublicKey;
    state: VaultState;
    user: PublicKey;
    shares: bigint;
    minAmountsOut?: bigint[];
    skipAssets?: number;
    userTokens?: PublicKey[];
    userShares?: PublicKey;
  },
): Promise<TransactionInstruction> {
  const n = p.state.assets.length;
  const minAmountsOut = p.minAmountsOut ?? new Array<bigint>(n).fill(0n);
  return program.methods
    .withdraw({ shares: bn(p.shares), minAmountsOut: minAmountsOut.map(bn), skipAssets: p.skipAssets ?? 0 })
    .accounts({
      user: p.user,
      vault: p.vault,
      userShares: p.userShares ?? associatedTokenAddress(p.user, p.state.shareMint),
      token2022Program: uses2022(p.state) ? TOKEN_2022_PROGRAM_ID : null,
    })
    .remainingAccounts(
      p.state.assets.flatMap((a, i) => [
        meta(a.reserve, true),
        meta(p.userTokens?.[i] ?? associatedTokenAddress(p.user, a.mint, a.tokenProgramId), true),
        meta(a.mint),
      ]),
    )
    .instruction();
}

/** `create_escrow`: the escrow PDA resolves from the mint. */
export function createEscrow(
  program: BallastProgram,
  p: { vault: PublicKey; state: VaultState; payer: PublicKey; assetIndex: number },
): Promise<TransactionInstruction> {
  const a = asset(p.state, p.assetIndex);
  return program.methods
    .createEscrow({ assetIndex: p.assetIndex })
    .accounts({ payer: p.payer, vault: p.vault, mint: a.mint, tokenProgram: a.tokenProgramId })
    .instruction();
}

/** `open_round`: remaining accounts `[reserve, price]` per asset. */
export function openRound(
  program: BallastProgram,
  p: { vault: PublicKey; state: VaultState; prices: PublicKey[] },
): Promise<TransactionInstruction> {
  return program.methods
    .openRound()
    .accounts({ vault: p.vault })
    .remainingAccounts(reservePricePairs(p.state, p.prices))
    .instruction();
}

/** `rebalance`: `[reserve, price]` per asset (the two traded reserves writable), then the
 * DEX instruction's accounts (`dexAccounts`, in the DEX's order). */
export function rebalance(
  program: BallastProgram,
  p: {
    vault: PublicKey;
    state: VaultState;
    keeper: PublicKey;
    sellIndex: number;
    buyIndex: number;
    amountIn: bigint;
    dexProgram: PublicKey;
    dexData: Uint8Array;
    dexAccounts: AccountMeta[];
    keeperRewardAccount: PublicKey;
    prices: PublicKey[];
  },
): Promise<TransactionInstruction> {
  const sell = asset(p.state, p.sellIndex);
  const buy = asset(p.state, p.buyIndex);
  if (!sell.escrow || !buy.escrow) throw new Error("create both assets' escrows first (create_escrow)");
  const needs2022 = sell.tokenProgram === "token-2022" || buy.tokenProgram === "token-2022";
  return program.methods
    .rebalance({
      sellIndex: p.sellIndex,
      buyIndex: p.buyIndex,
      amountIn: bn(p.amountIn),
      dexData: Buffer.from(p.dexData),
    })
    .accounts({
      keeper: p.keeper,
      vault: p.vault,
      sellEscrow: sell.escrow,
      buyEscrow: buy.escrow,
      sellMint: sell.mint,
      buyMint: buy.mint,
      keeperRewardAccount: p.keeperRewardAccount,
      token2022Program: needs2022 ? TOKEN_2022_PROGRAM_ID : null,
      dexProgram: p.dexProgram,
    })
    .remainingAccounts([
      ...reservePricePairs(p.state, p.prices, (i) => i === p.sellIndex || i === p.buyIndex),
      ...p.dexAccounts,
    ])
    .instruction();
}

/** `apply_change` (the manager signs; its key is passed, not resolved from the vault). */
export function applyChange(
  program: BallastProgram,
  p: { vault: PublicKey; manager: PublicKey; change: Change },
): Promise<TransactionInstruction> {
  return program.methods
    .applyChange(toAnchorChange(p.change) as never)
    .accountsPartial({ manager: p.manager, vault: p.vault })
    .instruction();
}

/** `queue_change`: the change account resolves from the vault's `next_change_id`. */
export function queueChange(
  program: BallastProgram,
  p: { vault: PublicKey; manager: PublicKey; change: Change },
): Promise<TransactionInstruction> {
  return program.methods
    .queueChange(toAnchorChange(p.change) as never)
    .accountsPartial({ manager: p.manager, vault: p.vault })
    .instruction();
}

/** `execute_change`: the vault and the proposer resolve from the change account; for an
 * `AddAsset`, pass the new mint and its token program (remaining `[mint, reserve, program]`). */
export function executeChange(
  program: BallastProgram,
  p: {
    executor: PublicKey;
    change: PublicKey;
    addAsset?: { vault: PublicKey; mint: PublicKey; tokenProgram: PublicKey };
  },
): Promise<TransactionInstruction> {
  const add = p.addAsset;
  return program.methods
    .executeChange()
    .accounts({ executor: p.executor, change: p.change })
    .remainingAccounts(
      add ? [meta(add.mint), meta(reserveAddress(add.vault, add.mint), true), meta(add.tokenProgram)] : [],
    )
    .instruction();
}

/** `cancel_change`: the vault and the proposer resolve from the change account. */
export function cancelChange(
  program: BallastProgram,
  p: { manager: PublicKey; change: PublicKey },
): Promise<TransactionInstruction> {
  return program.methods.cancelChange().accountsPartial({ manager: p.manager, change: p.change }).instruction();
}

/**
 * `discard_change`: anyone closes a change that cannot execute (voided by a handover, or
 * no longer valid for the vault); the vault and the proposer (refunded) resolve from the
 * change account. No signature.
 */
export function discardChange(program: BallastProgram, p: { change: PublicKey }): Promise<TransactionInstruction> {
  return program.methods.discardChange().accountsPartial({ change: p.change }).instruction();
}

/**
 * `expect_config`: fails with `ConfigChanged` unless the vault's `configSeq` is the one read.
 * Put it before a deposit in the same transaction, so that the deposit lands only on the
 * configuration the depositor saw (while a vault has no holders its manager may change
 * anything at once).
 */
export function expectConfig(
  program: BallastProgram,
  p: { vault: PublicKey; configSeq: bigint },
): Promise<TransactionInstruction> {
  return program.methods.expectConfig({ configSeq: bn(p.configSeq) }).accounts({ vault: p.vault }).instruction();
}

/** `pause`: the manager or the guardian signs. */
export function pause(
  program: BallastProgram,
  p: { vault: PublicKey; authority: PublicKey; flags: number },
): Promise<TransactionInstruction> {
  return program.methods
    .pause({ flags: p.flags })
    .accounts({ authority: p.authority, vault: p.vault })
    .instruction();
}

/** `collect_fees`: every other account resolves from the vault. */
export function collectFees(program: BallastProgram, p: { vault: PublicKey }): Promise<TransactionInstruction> {
  return program.methods.collectFees().accounts({ vault: p.vault }).instruction();
}

/** `remove_asset`: the reserve and escrow PDAs resolve from the mint. */
export function removeAsset(
  program: BallastProgram,
  p: { vault: PublicKey; state: VaultState; manager: PublicKey; assetIndex: number; price: PublicKey },
): Promise<TransactionInstruction> {
  const a = asset(p.state, p.assetIndex);
  return program.methods
    .removeAsset({ assetIndex: p.assetIndex })
    .accountsPartial({
      manager: p.manager,
      vault: p.vault,
      mint: a.mint,
      price: p.price,
      tokenProgram: a.tokenProgramId,
      ...(a.escrow ? {} : { escrow: null }),
    })
    .instruction();
}

/** `set_lookup_table`. */
export function setLookupTable(
  program: BallastProgram,
  p: { vault: PublicKey; manager: PublicKey; lookupTable: PublicKey },
): Promise<TransactionInstruction> {
  return program.methods
    .setLookupTable()
    .accountsPartial({ manager: p.manager, vault: p.vault, lookupTable: p.lookupTable })
    .instruction();
}
