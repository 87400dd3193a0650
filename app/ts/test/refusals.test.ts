/**
 * Refusals, each decoded to its error name: Ballast's own (from the IDL's error codes) and
 * Anchor's framework ones, read from the failed transaction on the embedded chain.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { BN } from "@anchor-lang/core";
import { Keypair, PublicKey, SystemProgram } from "@solana/web3.js";
import {
  ADDRESS_LOOKUP_TABLE_ID,
  associatedTokenAddress,
  builders,
  changeAddress,
  errorCode,
  errorName,
  TOKEN_PROGRAM_ID,
  toAnchorChange,
  VaultState,
} from "../src";
import { LiteSvmChain } from "../src/litesvm";
import { AMM_ID } from "./amm";
import { assertRefused, Fixture } from "./fixture";

describe("refusals decode to their error names", () => {
  const f = new Fixture();
  const user = f.chain.fundedKeypair();
  const stranger = f.chain.fundedKeypair();
  let v: VaultState;
  const deposit = (p: Partial<Parameters<typeof builders.deposit>[1]> = {}) =>
    builders
      .deposit(f.client.program, {
        vault: f.vault,
        state: v,
        user: user.publicKey,
        assetIndex: 0,
        amount: 1_000_000_000n,
        minSharesOut: 0n,
        prices: f.prices,
        ...p,
      })
      .then((ix) => f.send([ix], [user]));

  const other = new Fixture(2);

  before(async () => {
    await other.createVault();
    await f.createVault();
    await f.configureRebalancing();
    v = await f.client.fetchVault(f.vault);
    await f.give(user.publicKey, 0, 100_000_000_000n);
    f.chain.setTokenAccount({ mint: v.shareMint, owner: user.publicKey, amount: 0n });
  });

  it("maps codes both ways", () => {
    assert.equal(errorName(errorCode("ShareMintMismatch")), "ShareMintMismatch");
    assert.equal(errorName(6000), "TooFewAssets");
    assert.equal(errorName(2006), "ConstraintSeeds");
  });

  it("open_round before rebalancing is configured: RebalanceNotConfigured", async () => {
    const ix = await other.client.openRound({ vault: other.vault, prices: other.prices });
    await assertRefused(other.send([ix], [other.manager]), "RebalanceNotConfigured");
  });

  it("deposit: ZeroAmount, MinSharesOutNotMet, AssetAccountsMismatch", async () => {
    await assertRefused(deposit({ amount: 0n }), "ZeroAmount");
    const quote = await f.client.quoteDeposit(f.vault, { assetIndex: 0, amount: 1_000_000_000n, prices: f.prices });
    await assertRefused(deposit({ minSharesOut: quote.sharesOut + 1n }), "MinSharesOutNotMet");
    await deposit({ minSharesOut: quote.sharesOut });
    const short = await builders.deposit(f.client.program, { vault: f.vault, state: v, user: user.publicKey, assetIndex: 0, amount: 1n, minSharesOut: 0n, prices: f.prices });
    short.keys.pop();
    await assertRefused(f.send([short], [user]), "AssetAccountsMismatch");
  });

  it("deposit with a bad price: OracleStale, OracleFeedMismatch, OracleWrongOwner", async () => {
    f.chain.advance(31n); // past fresh_price_secs, prices not republished
    await assertRefused(deposit(), "OracleStale");
    f.publishPrices();
    await assertRefused(deposit({ prices: [f.prices[1], f.prices[0], f.prices[2]] }), "OracleFeedMismatch");
    const fake = Keypair.generate().publicKey;
    const data = (await f.chain.getAccountInfo(f.prices[0]))!.data;
    f.chain.setAccount(fake, { data, owner: SystemProgram.programId });
    await assertRefused(deposit({ prices: [fake, f.prices[1], f.prices[2]] }), "OracleWrongOwner");
  });

  it("deposit with another vault's share mint: ShareMintMismatch (has_one, Ballast's own code)", async () => {
    const otherMint = (await other.client.fetchVault(other.vault)).shareMint;
    const a = v.assets[0];
    const ix = await f.client.program.methods
      .deposit({ assetIndex: 0, amount: new BN(1_000_000), minSharesOut: new BN(0) })
      .accountsPartial({
        user: user.publicKey,
        vault: f.vault,
        shareMint: otherMint,
        userToken: associatedTokenAddress(user.publicKey, a.mint),
        userShares: associatedTokenAddress(user.publicKey, v.shareMint),
        assetMint: a.mint,
        assetTokenProgram: TOKEN_PROGRAM_ID,
      })
      .remainingAccounts(builders.reservePricePairs(v, f.prices, (i) => i === 0))
      .instruction();
    await assertRefused(f.send([ix], [user]), "ShareMintMismatch");
  });

  it("withdraw: InsufficientShares, DestinationIsReserve", async () => {
    const shares = await f.balance(associatedTokenAddress(user.publicKey, v.shareMint));
    const withdraw = (p: Partial<Parameters<typeof builders.withdraw>[1]>) =>
      builders.withdraw(f.client.program, { vault: f.vault, state: v, user: user.publicKey, shares, ...p }).then((ix) => f.send([ix], [user]));
    await assertRefused(withdraw({ shares: shares * 10n }), "InsufficientShares");
    for (let i = 1; i < 3; i++) await f.give(user.publicKey, i, 0n);
    const userTokens = v.assets.map((a) => associatedTokenAddress(user.publicKey, a.mint));
    userTokens[1] = v.assets[1].reserve;
    await assertRefused(withdraw({ shares: 1_000n, userTokens }), "DestinationIsReserve");
  });

  it("governance: NotManager, ChangeNeedsTimelock, NotManagerOrGuardian, ExecutorNotNewManager", async () => {
    const asStranger = await f.client.program.methods
      .applyChange(toAnchorChange({ kind: "entrySpread", entrySpreadBps: 50 }) as never)
      .accountsPartial({ manager: stranger.publicKey, vault: f.vault })
      .instruction();
    await assertRefused(f.send([asStranger], [stranger]), "NotManager");
    const raise = await f.client.applyChange({ vault: f.vault, manager: f.manager.publicKey, change: { kind: "timelock", timelockSecs: 3_600 } });
    await f.send([raise], [f.manager]); // not looser: at once
    await assertRefused(
      f.client.applyChange({ vault: f.vault, manager: f.manager.publicKey, change: { kind: "entrySpread", entrySpreadBps: 0 } }).then((ix) => f.send([ix], [f.manager])),
      "ChangeNeedsTimelock",
    );
    await assertRefused(f.client.pause({ vault: f.vault, authority: stranger.publicKey, flags: 1 }).then((ix) => f.send([ix], [stranger])), "NotManagerOrGuardian");
    const id = (await f.client.fetchVault(f.vault)).nextChangeId;
    await f.send([await f.client.queueChange({ vault: f.vault, manager: f.manager.publicKey, change: { kind: "manager", newManager: user.publicKey } })], [f.manager]);
    f.advance(3_600n);
    await assertRefused(
      f.client.executeChange({ executor: stranger.publicKey, change: changeAddress(f.vault, id) }).then((ix) => f.send([ix], [stranger])),
      "ExecutorNotNewManager",
    );
    await f.send([await f.client.cancelChange({ manager: f.manager.publicKey, change: changeAddress(f.vault, id) })], [f.manager]);
  });

  it("rebalance: DexNotAllowed, SwapSellsUnderweight; create_escrow: EscrowAlreadyCreated and Anchor's ConstraintSeeds", async () => {
    await f.send([await f.client.openRound({ vault: f.vault, prices: f.prices })], [user]);
    f.advance(120n);
    const keeperAccount = await f.give(stranger.publicKey, 1, 0n);
    const swap = (p: { sell: number; buy: number; dex: PublicKey }) =>
      f.client
        .rebalance({
          vault: f.vault,
          keeper: stranger.publicKey,
          sellIndex: p.sell,
          buyIndex: p.buy,
          amountIn: 100_000_000n,
          dexProgram: p.dex,
          dexData: new Uint8Array(0),
          dexAccounts: [],
          keeperRewardAccount: p.buy === 1 ? keeperAccount : f.chain.setTokenAccount({ mint: v.assets[p.buy].mint, owner: stranger.publicKey, amount: 0n }),
          prices: f.prices,
        })
        .then((ix) => f.send([ix], [stranger]));
    await assertRefused(swap({ sell: 0, buy: 1, dex: Keypair.generate().publicKey }), "DexNotAllowed");
    await assertRefused(swap({ sell: 1, buy: 0, dex: AMM_ID }), "SwapSellsUnderweight");

    await assertRefused(f.client.createEscrow({ vault: f.vault, payer: user.publicKey, assetIndex: 0 }).then((ix) => f.send([ix], [user])), "EscrowAlreadyCreated");
    const wrong = await f.client.program.methods
      .createEscrow({ assetIndex: 0 })
      .accountsPartial({ payer: user.publicKey, vault: f.vault, mint: v.assets[0].mint, tokenProgram: TOKEN_PROGRAM_ID, escrow: Keypair.generate().publicKey })
      .instruction();
    await assertRefused(f.send([wrong], [user]), "ConstraintSeeds");
  });

  it("set_lookup_table with a table that is not frozen: InvalidLookupTable", async () => {
    const table = Keypair.generate().publicKey;
    const data = Buffer.alloc(56);
    data.writeUInt32LE(1, 0);
    data.writeBigUInt64LE(0xffff_ffff_ffff_ffffn, 4);
    data[21] = 1; // an authority: anyone holding it could still change the table
    f.manager.publicKey.toBuffer().copy(data, 22);
    f.chain.setAccount(table, { data, owner: ADDRESS_LOOKUP_TABLE_ID });
    await assertRefused(
      f.client.setLookupTable({ vault: f.vault, manager: f.manager.publicKey, lookupTable: table }).then((ix) => f.send([ix], [f.manager])),
      "InvalidLookupTable",
    );
  });

  it("initialize_vault with weights that do not sum to 10,000: WeightsDoNotSum", async () => {
    const g = new Fixture(2);
    const ix = await g.client.initializeVault({
      manager: g.manager.publicKey,
      vaultId: 1n,
      params: { maxOracleAgeSecs: 120, maxConfBps: 100, freshPriceSecs: 30, entrySpreadBps: 0, timelockSecs: 3_600 },
      assets: g.assets.map((a) => ({ mint: a.mint, tokenProgram: TOKEN_PROGRAM_ID, feedId: a.feedId, targetWeightBps: 4_000 })),
    });
    await assertRefused(g.send([ix], [g.manager]), "WeightsDoNotSum");
    assert.ok(g.chain instanceof LiteSvmChain);
  });
});
