/**
 * An embedded chain running `target/deploy/ballast.so` and the test AMM, with a market of
 * three assets (mints, Pyth price accounts), a manager, and helpers to make a vault.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { Keypair, PublicKey, Signer, TransactionInstruction } from "@solana/web3.js";
import {
  associatedTokenAddress,
  BallastClient,
  Change,
  decodeTokenAccount,
  frozenLookupTable,
  PROGRAM_ID,
  RebalanceRules,
  TOKEN_PROGRAM_ID,
  TransactionFailed,
  vaultAddress,
  vaultTableAddresses,
  versionedTransaction,
} from "../src";
import { LiteSvmChain } from "../src/litesvm";
import { AMM_ID, AmmPool } from "./amm";

/** Where the programs are built (`scripts/build-sbf.sh`). */
export const DEPLOY_DIR = process.env.BALLAST_DEPLOY_DIR ?? path.resolve(__dirname, "..", "..", "..", "..", "target", "deploy");
/** The clock at the start of every fixture. */
export const T0 = 1_750_000_000n;

/** One asset of the market: its mint and its Pyth price. */
export interface MarketAsset {
  symbol: string;
  mint: PublicKey;
  decimals: number;
  price: bigint;
  conf: bigint;
  exponent: number;
  feedId: Uint8Array;
  priceAccount: PublicKey;
  weightBps: number;
}

const MARKET = [
  { symbol: "USDC", decimals: 6, price: 100_000_000n, conf: 10_000n, weightBps: 5_000 },
  { symbol: "SOL", decimals: 9, price: 15_000_000_000n, conf: 1_500_000n, weightBps: 3_000 },
  { symbol: "BTC", decimals: 8, price: 6_000_000_000_000n, conf: 600_000_000n, weightBps: 2_000 },
];

/** Rebalancing rules for the tests: absolute band of 5 %, every asset to its target, the
 * test AMM allowed, the auction from 0 to 3 % over two minutes. */
export const RULES: RebalanceRules = {
  policy: { kind: "absolute-band", bandBps: 500 },
  tradeTarget: "full",
  dexAllowlist: [AMM_ID],
  maxSlippageBps: 300,
  auctionStartBps: 0,
  auctionSecs: 120,
  maxSwapBps: 10_000,
  minNotionalMicroUsd: 1_000_000n,
  cooldownSecs: 0,
  keeperRewardBps: 10,
  keeperRewardCapMicroUsd: 10_000_000n,
};

export class Fixture {
  readonly chain: LiteSvmChain;
  readonly client: BallastClient;
  readonly manager: Keypair;
  readonly assets: MarketAsset[];
  vault = PublicKey.default;

  constructor(count = 3) {
    this.chain = LiteSvmChain.withPrograms([
      { id: PROGRAM_ID, path: path.join(DEPLOY_DIR, "ballast.so") },
      { id: AMM_ID, path: path.join(DEPLOY_DIR, "ballast_test_amm.so") },
    ]);
    this.chain.setTime(T0);
    this.client = new BallastClient(this.chain);
    this.manager = this.chain.fundedKeypair();
    this.assets = MARKET.slice(0, count).map((m, i) => {
      const mint = Keypair.generate().publicKey;
      this.chain.setMint(mint, { decimals: m.decimals, authority: this.manager.publicKey });
      const weightBps = count === 3 ? m.weightBps : i === 0 ? 6_000 : 4_000;
      return { ...m, mint, exponent: -8, feedId: randomBytes(32), priceAccount: Keypair.generate().publicKey, weightBps };
    });
    this.publishPrices();
  }

  /** The price accounts, in vault order. */
  get prices(): PublicKey[] {
    return this.assets.map((a) => a.priceAccount);
  }

  /** Re-publishes every price at the chain's current time. */
  publishPrices() {
    const now = this.chain.svm.getClock().unixTimestamp;
    for (const a of this.assets) {
      this.chain.setPrice(a.priceAccount, { feedId: a.feedId, price: a.price, conf: a.conf, exponent: a.exponent, publishTime: now });
    }
  }

  /** Moves the clock forward and re-publishes the prices. */
  advance(secs: bigint) {
    this.chain.advance(secs);
    this.publishPrices();
  }

  /** Sends `instructions` through the client (v0, the vault's lookup table when it has one). */
  send(instructions: TransactionInstruction[], signers: Signer[]) {
    return this.client.send(instructions, signers, { vault: this.vault.equals(PublicKey.default) ? undefined : this.vault });
  }

  /** Gives `owner` `amount` more of asset `i` in its associated token account. */
  async give(owner: PublicKey, i: number, amount: bigint): Promise<PublicKey> {
    const mint = this.assets[i].mint;
    const at = associatedTokenAddress(owner, mint);
    const before = await this.client.tokenBalance(at);
    return this.chain.setTokenAccount({ mint, owner, amount: before + amount });
  }

  /** Creates the vault (id 1 of the manager) with the market's assets. */
  async createVault(params = { maxOracleAgeSecs: 120, maxConfBps: 100, freshPriceSecs: 30, entrySpreadBps: 10, timelockSecs: 3_600 }) {
    const vaultId = 1n;
    const ix = await this.client.initializeVault({
      manager: this.manager.publicKey,
      vaultId,
      params,
      assets: this.assets.map((a) => ({
        mint: a.mint,
        tokenProgram: TOKEN_PROGRAM_ID,
        feedId: a.feedId,
        targetWeightBps: a.weightBps,
      })),
    });
    await this.send([ix], [this.manager]);
    this.vault = vaultAddress(this.manager.publicKey, vaultId);
    return this.vault;
  }

  /** Applies `change` at once as the manager. */
  async apply(change: Change) {
    return this.send([await this.client.applyChange({ vault: this.vault, manager: this.manager.publicKey, change })], [this.manager]);
  }

  /** Configures rebalancing and creates every escrow. */
  async configureRebalancing(rules = RULES) {
    await this.apply({ kind: "rebalance", rules });
    for (let i = 0; i < this.assets.length; i++) {
      const ix = await this.client.createEscrow({ vault: this.vault, payer: this.manager.publicKey, assetIndex: i });
      await this.send([ix], [this.manager]);
    }
  }

  /** Creates a frozen lookup table with the vault's accounts and publishes it on the vault. */
  async publishLookupTable(): Promise<PublicKey> {
    const state = await this.client.fetchVault(this.vault);
    const { table, transactions } = frozenLookupTable({
      authority: this.manager.publicKey,
      payer: this.manager.publicKey,
      recentSlot: this.chain.recentSlot(),
      addresses: vaultTableAddresses(this.vault, state, this.prices),
    });
    for (const instructions of transactions) {
      const tx = await versionedTransaction(this.chain, { payer: this.manager.publicKey, instructions, signers: [this.manager] });
      await this.chain.send(tx);
      // Addresses become usable the slot after they are added.
      this.chain.warpToSlot(this.chain.slot() + 1n);
    }
    const ix = await this.client.setLookupTable({ vault: this.vault, manager: this.manager.publicKey, lookupTable: table });
    await this.send([ix], [this.manager]);
    return table;
  }

  /** Creates the AMM pool of assets `i` and `j` with `usd` dollars of each side at the
   * oracle prices. */
  async createPool(i: number, j: number, usd: bigint, feeBps = 30): Promise<AmmPool> {
    const pool = new AmmPool(this.assets[i].mint, this.assets[j].mint, feeBps);
    const lp = this.chain.fundedKeypair();
    const units = (k: number) => {
      const a = this.assets[k];
      return (usd * 10n ** BigInt(a.decimals) * 10n ** BigInt(-a.exponent)) / a.price;
    };
    const side = (mint: PublicKey) => (mint.equals(this.assets[i].mint) ? i : j);
    const [ka, kb] = [side(pool.mintA), side(pool.mintB)];
    const fromA = await this.give(lp.publicKey, ka, units(ka));
    const fromB = await this.give(lp.publicKey, kb, units(kb));
    await this.send([pool.createIx(lp.publicKey)], [lp]);
    await this.send([pool.addLiquidityIx(lp.publicKey, fromA, fromB, units(ka), units(kb))], [lp]);
    return pool;
  }

  /** A token account's balance. */
  async balance(account: PublicKey): Promise<bigint> {
    const info = await this.chain.getAccountInfo(account);
    return info ? decodeTokenAccount(info.data).amount : 0n;
  }
}

/** Asserts that `promise` fails with the program error `name`. */
export async function assertRefused(promise: Promise<unknown>, name: string) {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof TransactionFailed, `expected a failed transaction, got ${String(e)}`);
    assert.equal(e.errorName, name, e.logs.join("\n"));
    return true;
  });
}
