/**
 * `BallastClient`: the official Anchor client for Ballast over any {@link Chain} (a JSON-RPC
 * connection or an embedded LiteSVM), with reads that decode, quotes that match the program,
 * a status summary, one builder per instruction, and v0 transactions through the vault's
 * lookup table.
 */
import { Program } from "@anchor-lang/core";
import {
  AccountMeta,
  AddressLookupTableAccount,
  Connection,
  PublicKey,
  Signer,
  TransactionInstruction,
  VersionedTransaction,
} from "@solana/web3.js";
import { decodeMint, decodePendingChange, decodeTokenAccount, decodeVault, PendingChangeState, VaultState } from "./accounts";
import * as build from "./builders";
import type { Change } from "./change";
import { Chain, ConnectionChain, resolverConnection, SentTransaction } from "./chain";
import { parseEvents } from "./events";
import { IDL, type Ballast } from "./idl";
import { auctionSlippageBps, navPerShare as navPerShareOf, settleFees, tokenValue, weightsAt } from "./math";
import { changeAddress, vaultAddress } from "./pda";
import { decodePriceUpdate } from "./pyth";
import { navOf, quoteDeposit, quoteWithdraw, DepositQuote, QuoteAsset, WithdrawQuote } from "./quotes";
import { fetchLookupTable, versionedTransaction } from "./transactions";

/** A vault at a glance (for a dashboard). */
export interface VaultStatus {
  vault: PublicKey;
  now: bigint;
  state: VaultState;
  /** The share mint's supply and the effective supply after settling the fee now. */
  mintSupply: bigint;
  effectiveSupply: bigint;
  /** NAV (Wad) at the low, mid and high sides of the prices; null without prices. */
  nav: { low: bigint; mid: bigint; high: bigint } | null;
  /** NAV per whole share at the mid prices (Wad); null without prices. */
  navPerShare: bigint | null;
  assets: {
    mint: PublicKey;
    balance: bigint;
    /** Value at the mid price (Wad); null without prices. */
    value: bigint | null;
    /** Weight now, bps of the mid NAV (a display figure); null without prices. */
    weightBps: number | null;
    /** Target weight now (a weight ramp moves it), bps. */
    targetBps: number;
  }[];
  round: { open: boolean; openedAt: bigint; endsAt: bigint; slippageBpsNow: number | null };
  pendingChanges: VaultState["pendingChanges"];
}

/** The official client for Ballast over a chain. */
export class BallastClient {
  /** The official client's program (use it directly for anything this class lacks). */
  readonly program: Program<Ballast>;

  constructor(
    readonly chain: Chain,
    opts: { wallet?: PublicKey } = {},
  ) {
    this.program = new Program<Ballast>(IDL, {
      connection: resolverConnection(chain),
      publicKey: opts.wallet,
    });
  }

  /** A client over a JSON-RPC connection. */
  static connect(connection: Connection, opts: { wallet?: PublicKey } = {}): BallastClient {
    return new BallastClient(new ConnectionChain(connection), opts);
  }

  /** The vault `vaultId` of `manager`. */
  static vaultAddress = vaultAddress;

  // --- reads ---

  private async account(address: PublicKey, what: string) {
    const info = await this.chain.getAccountInfo(address);
    if (!info) throw new Error(`${what} ${address.toBase58()} does not exist`);
    return info;
  }

  /** The vault, decoded. */
  async fetchVault(vault: PublicKey): Promise<VaultState> {
    return decodeVault((await this.account(vault, "vault")).data);
  }

  /** A queued change's account, decoded. */
  async fetchPendingChange(address: PublicKey): Promise<PendingChangeState> {
    return decodePendingChange((await this.account(address, "change")).data);
  }

  /** The accounts of every change the vault has queued. */
  async fetchPendingChanges(vault: PublicKey): Promise<(PendingChangeState & { address: PublicKey })[]> {
    const state = await this.fetchVault(vault);
    const addresses = state.pendingChanges.map((s) => changeAddress(vault, s.id));
    return Promise.all(addresses.map(async (a) => ({ address: a, ...(await this.fetchPendingChange(a)) })));
  }

  /** A token account's balance (0 when it does not exist). */
  async tokenBalance(address: PublicKey): Promise<bigint> {
    const info = await this.chain.getAccountInfo(address);
    return info ? decodeTokenAccount(info.data).amount : 0n;
  }

  /** A mint's supply. */
  async mintSupply(mint: PublicKey): Promise<bigint> {
    return decodeMint((await this.account(mint, "mint")).data).supply;
  }

  /** Each asset's reserve balance, in vault order. */
  async reserves(state: VaultState): Promise<bigint[]> {
    const infos = await this.chain.getMultipleAccountsInfo(state.assets.map((a) => a.reserve));
    return infos.map((info) => (info ? decodeTokenAccount(info.data).amount : 0n));
  }

  /** The prices in `priceAccounts` (one per asset), as the program reads them. */
  async prices(priceAccounts: PublicKey[]) {
    const infos = await this.chain.getMultipleAccountsInfo(priceAccounts);
    return infos.map((info, i) => {
      if (!info) throw new Error(`price account ${priceAccounts[i].toBase58()} does not exist`);
      return decodePriceUpdate(info.data);
    });
  }

  private async quoteAssets(state: VaultState, priceAccounts: PublicKey[]): Promise<QuoteAsset[]> {
    const [balances, prices] = await Promise.all([this.reserves(state), this.prices(priceAccounts)]);
    return state.assets.map((a, i) => ({ balance: balances[i], decimals: a.decimals, price: prices[i] }));
  }

  // --- quotes ---

  /** The shares a deposit would mint now (or at `now`), exactly as the program computes them. */
  async quoteDeposit(
    vault: PublicKey,
    p: { assetIndex: number; amount: bigint; prices: PublicKey[]; now?: bigint },
  ): Promise<DepositQuote> {
    const state = await this.fetchVault(vault);
    const [assets, mintSupply, now] = await Promise.all([
      this.quoteAssets(state, p.prices),
      this.mintSupply(state.shareMint),
      p.now ?? this.chain.now(),
    ]);
    return quoteDeposit({ ...state, assets, assetIndex: p.assetIndex, amount: p.amount, mintSupply, now });
  }

  /** What redeeming `shares` would pay now (or at `now`). */
  async quoteWithdraw(
    vault: PublicKey,
    p: { shares: bigint; skipAssets?: number; now?: bigint },
  ): Promise<WithdrawQuote> {
    const state = await this.fetchVault(vault);
    const [reserves, mintSupply, now] = await Promise.all([
      this.reserves(state),
      this.mintSupply(state.shareMint),
      p.now ?? this.chain.now(),
    ]);
    return quoteWithdraw({ ...state, reserves, shares: p.shares, skipAssets: p.skipAssets, mintSupply, now });
  }

  /** The NAV (Wad) at the low, mid and high sides of the prices in `priceAccounts`, and the
   * NAV per whole share at mid (on the supply with the management fee settled now). */
  async nav(vault: PublicKey, priceAccounts: PublicKey[]) {
    const s = await this.status(vault, priceAccounts);
    return { ...s.nav!, navPerShare: s.navPerShare! };
  }

  /** The vault at a glance: NAV, weights against the targets of the moment, round, queue. */
  async status(vault: PublicKey, priceAccounts?: PublicKey[]): Promise<VaultStatus> {
    const state = await this.fetchVault(vault);
    const [balances, mintSupply, now] = await Promise.all([
      this.reserves(state),
      this.mintSupply(state.shareMint),
      this.chain.now(),
    ]);
    const prices = priceAccounts ? await this.prices(priceAccounts) : null;
    const supply = settleFees(state, now, mintSupply).supply;
    const assets = prices ? state.assets.map((a, i) => ({ balance: balances[i], decimals: a.decimals, price: prices[i] })) : null;
    const nav = assets ? navOf(assets) : null;
    const values = assets ? assets.map((a) => tokenValue(a.balance, a.decimals, a.price, "mid", "down")) : null;
    const targets =
      now >= state.rampEndTs
        ? state.assets.map((a) => a.targetWeightBps)
        : weightsAt(
            state.assets.map((a) => a.rampFromBps),
            state.assets.map((a) => a.targetWeightBps),
            state.rampStartTs,
            state.rampEndTs,
            now,
          );
    const open = now < state.roundEndsTs;
    return {
      vault,
      now,
      state,
      mintSupply,
      effectiveSupply: supply,
      nav,
      navPerShare: nav ? navPerShareOf(nav.mid, supply) : null,
      assets: state.assets.map((a, i) => ({
        mint: a.mint,
        balance: balances[i],
        value: values ? values[i] : null,
        weightBps: values && nav && nav.mid > 0n ? Number((values[i] * 10_000n) / nav.mid) : null,
        targetBps: targets[i],
      })),
      round: {
        open,
        openedAt: state.roundOpenedTs,
        endsAt: state.roundEndsTs,
        slippageBpsNow: open && state.rebalance.policy ? auctionSlippageBps(state.rebalance, state.roundOpenedTs, now) : null,
      },
      pendingChanges: state.pendingChanges,
    };
  }

  // --- instructions (see builders.ts; each resolves the vault's accounts itself) ---

  initializeVault(p: Omit<Parameters<typeof build.initializeVault>[1], "vault">) {
    return build.initializeVault(this.program, { ...p, vault: vaultAddress(p.manager, p.vaultId) });
  }
  async deposit(p: Omit<Parameters<typeof build.deposit>[1], "state">) {
    return build.deposit(this.program, { ...p, state: await this.fetchVault(p.vault) });
  }
  async withdraw(p: Omit<Parameters<typeof build.withdraw>[1], "state">) {
    return build.withdraw(this.program, { ...p, state: await this.fetchVault(p.vault) });
  }
  async createEscrow(p: Omit<Parameters<typeof build.createEscrow>[1], "state">) {
    return build.createEscrow(this.program, { ...p, state: await this.fetchVault(p.vault) });
  }
  async openRound(p: Omit<Parameters<typeof build.openRound>[1], "state">) {
    return build.openRound(this.program, { ...p, state: await this.fetchVault(p.vault) });
  }
  async rebalance(p: Omit<Parameters<typeof build.rebalance>[1], "state">) {
    return build.rebalance(this.program, { ...p, state: await this.fetchVault(p.vault) });
  }
  applyChange(p: { vault: PublicKey; manager: PublicKey; change: Change }) {
    return build.applyChange(this.program, p);
  }
  queueChange(p: { vault: PublicKey; manager: PublicKey; change: Change }) {
    return build.queueChange(this.program, p);
  }
  /** Executes the queued change at `change`; an `AddAsset` gets its accounts from the change. */
  async executeChange(p: { executor: PublicKey; change: PublicKey }) {
    const pending = await this.fetchPendingChange(p.change);
    let addAsset: { vault: PublicKey; mint: PublicKey; tokenProgram: PublicKey } | undefined;
    if (pending.change.kind === "addAsset") {
      const mint = await this.account(pending.change.mint, "mint");
      addAsset = { vault: pending.vault, mint: pending.change.mint, tokenProgram: mint.owner };
    }
    return build.executeChange(this.program, { ...p, addAsset });
  }
  cancelChange(p: { manager: PublicKey; change: PublicKey }) {
    return build.cancelChange(this.program, p);
  }
  discardChange(p: { change: PublicKey }) {
    return build.discardChange(this.program, p);
  }
  expectConfig(p: { vault: PublicKey; configSeq: bigint }) {
    return build.expectConfig(this.program, p);
  }
  pause(p: { vault: PublicKey; authority: PublicKey; flags: number }) {
    return build.pause(this.program, p);
  }
  collectFees(p: { vault: PublicKey }) {
    return build.collectFees(this.program, p);
  }
  async removeAsset(p: Omit<Parameters<typeof build.removeAsset>[1], "state">) {
    return build.removeAsset(this.program, { ...p, state: await this.fetchVault(p.vault) });
  }
  setLookupTable(p: { vault: PublicKey; manager: PublicKey; lookupTable: PublicKey }) {
    return build.setLookupTable(this.program, p);
  }

  // --- transactions ---

  /** The lookup tables to compile a vault's transactions with: its published one, if any. */
  async lookupTables(vault?: PublicKey): Promise<AddressLookupTableAccount[]> {
    if (!vault) return [];
    const table = (await this.fetchVault(vault)).lookupTable;
    const account = table ? await fetchLookupTable(this.chain, table) : null;
    return account ? [account] : [];
  }

  /** Sends `instructions` as one v0 transaction (through the vault's lookup table when
   * `vault` is given and it has one), paid by the first signer; returns the logs, the
   * compute units and the decoded events. Throws `TransactionFailed` with the error's name. */
  async send(
    instructions: TransactionInstruction[],
    signers: Signer[],
    opts: { vault?: PublicKey; payer?: PublicKey; lookupTables?: AddressLookupTableAccount[] } = {},
  ): Promise<SentTransaction & { events: ReturnType<typeof parseEvents>; transaction: VersionedTransaction }> {
    const transaction = await this.transaction(instructions, signers, opts);
    const sent = await this.chain.send(transaction);
    return { ...sent, events: parseEvents(sent.logs), transaction };
  }

  /** The v0 transaction {@link send} sends, paid by the first signer unless `payer` is given;
   * with no signers and a `payer`, an unsigned one for a wallet to sign (then `chain.send`). */
  async transaction(
    instructions: TransactionInstruction[],
    signers: Signer[],
    opts: { vault?: PublicKey; payer?: PublicKey; lookupTables?: AddressLookupTableAccount[] } = {},
  ): Promise<VersionedTransaction> {
    const payer = opts.payer ?? signers[0]?.publicKey;
    if (!payer) throw new Error("no payer");
    const lookupTables = opts.lookupTables ?? (await this.lookupTables(opts.vault));
    return versionedTransaction(this.chain, { payer, instructions, lookupTables, signers });
  }
}

/** The AMM-style accounts a `rebalance` forwards, for a DEX whose swap takes the vault's swap
 * authority as the user: mark it a non-signer (the program signs for it in the CPI). */
export function asForwardedAccounts(metas: AccountMeta[], swapAuthority: PublicKey): AccountMeta[] {
  return metas.map((m) => (m.pubkey.equals(swapAuthority) ? { ...m, isSigner: false } : m));
}
