/**
 * A whole vault life on `target/deploy/ballast.so` in LiteSVM, every instruction built by
 * the official client through `BallastClient`: create, configure, publish a lookup table,
 * deposit (quotes checked against the program's events), open a round, wait out the auction
 * by moving the clock, rebalance through the test AMM, withdraw, govern (queue, execute,
 * cancel, pause, unpause), collect the management fee.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { Keypair, PublicKey } from "@solana/web3.js";
import {
  asForwardedAccounts,
  associatedTokenAddress,
  changeAddress,
  findEvent,
  mulDiv,
  PAUSE_DEPOSITS,
  settleFees,
  tokenAmount,
  tokenValue,
  withTolerance,
} from "../src";
import { AMM_ID, ammQuote, AmmPool } from "./amm";
import { assertRefused, Fixture } from "./fixture";

describe("a vault's life through the official client", () => {
  const f = new Fixture();
  const user = f.chain.fundedKeypair();
  const keeper = f.chain.fundedKeypair();
  let pool: AmmPool;
  let table: PublicKey;

  before(async () => {
    await f.createVault();
    pool = await f.createPool(0, 1, 10_000_000n);
  });

  it("initialize_vault stored the assets, the PDAs and the parameters", async () => {
    const v = await f.client.fetchVault(f.vault);
    assert.ok(v.manager.equals(f.manager.publicKey));
    assert.deepEqual(v.assets.map((a) => a.targetWeightBps), [5_000, 3_000, 2_000]);
    assert.deepEqual(v.assets.map((a) => a.mint.toBase58()), f.assets.map((a) => a.mint.toBase58()));
    assert.equal(v.assets[1].decimals, 9);
    assert.equal(v.assets[0].tokenProgram, "token");
    assert.equal(v.rebalance.policy, null);
    assert.equal(v.entrySpreadBps, 10);
    assert.equal(v.nextChangeId, 1n);
  });

  it("apply_change configures rebalancing and the fee at once while no shares exist; create_escrow makes the escrows", async () => {
    await f.configureRebalancing();
    const recipient = f.chain.setTokenAccount({ mint: (await f.client.fetchVault(f.vault)).shareMint, owner: f.manager.publicKey, amount: 0n });
    await f.apply({ kind: "feeRecipient", recipient });
    const applied = await f.apply({ kind: "managementFee", feeBps: 200 });
    assert.deepEqual(findEvent(applied.logs, "changeApplied").change, { kind: "managementFee", feeBps: 200 });
    const v = await f.client.fetchVault(f.vault);
    assert.deepEqual(v.rebalance.policy, { kind: "absolute-band", bandBps: 500 });
    assert.equal(v.rebalance.tradeTarget, "full");
    assert.ok(v.rebalance.dexAllowlist[0].equals(AMM_ID));
    assert.equal(v.managementFeeBps, 200);
    assert.ok(v.feeRecipient?.equals(recipient));
    assert.ok(v.assets.every((a) => a.escrow !== null));
  });

  it("set_lookup_table publishes a frozen table, and later transactions are v0 through it", async () => {
    table = await f.publishLookupTable();
    const v = await f.client.fetchVault(f.vault);
    assert.ok(v.lookupTable?.equals(table));
    const tables = await f.client.lookupTables(f.vault);
    assert.equal(tables.length, 1);
    assert.ok(tables[0].state.addresses.length >= 12 && tables[0].state.authority === undefined);
  });

  it("deposit mints exactly the quoted shares (entry spread included), in a v0 transaction", async () => {
    await f.give(user.publicKey, 0, 60_000_000_000n); // 60,000 USDC
    const amount = 50_000_000_000n;
    const quote = await f.client.quoteDeposit(f.vault, { assetIndex: 0, amount, prices: f.prices });
    const ix = await f.client.deposit({
      vault: f.vault,
      user: user.publicKey,
      assetIndex: 0,
      amount,
      minSharesOut: withTolerance(quote.sharesOut, 50),
      prices: f.prices,
    });
    f.chain.setTokenAccount({ mint: (await f.client.fetchVault(f.vault)).shareMint, owner: user.publicKey, amount: 0n });
    const sent = await f.send([ix], [user]);
    const lookups = sent.transaction.message.addressTableLookups;
    assert.equal(lookups.length, 1);
    assert.ok(lookups[0].accountKey.equals(table));
    assert.ok(lookups[0].readonlyIndexes.length + lookups[0].writableIndexes.length >= 8, "the vault's accounts come from the table");
    const event = findEvent(sent.logs, "deposited");
    assert.equal(event.sharesOut, quote.sharesOut);
    assert.equal(event.depositValue, quote.depositValue);
    assert.equal(event.creditedValue, quote.creditedValue);
    assert.equal(event.navBefore, quote.navBefore);
    assert.equal(event.supplyAfter, quote.supplyAfter);
    assert.equal(event.navPerShare, quote.navPerShare);
    assert.equal(typeof event.navPerShare, "bigint");
    assert.ok(quote.creditedValue < quote.depositValue, "the entry spread stays with the holders");
  });

  it("a later deposit, a month on, is priced on the supply with the management fee settled", async () => {
    f.advance(30n * 86_400n);
    await f.give(user.publicKey, 1, 100_000_000_000n); // 100 SOL
    const quote = await f.client.quoteDeposit(f.vault, { assetIndex: 1, amount: 100_000_000_000n, prices: f.prices });
    assert.ok(quote.feeSharesAccrued > 0n, "a month of a 2 % fee accrues shares");
    const ix = await f.client.deposit({
      vault: f.vault,
      user: user.publicKey,
      assetIndex: 1,
      amount: 100_000_000_000n,
      minSharesOut: quote.sharesOut,
      prices: f.prices,
    });
    const event = findEvent((await f.send([ix], [user])).logs, "deposited");
    assert.equal(event.sharesOut, quote.sharesOut);
    assert.equal(event.supplyAfter, quote.supplyAfter);
    const v = await f.client.fetchVault(f.vault);
    assert.equal(v.feeSharesOwed, quote.feeSharesAccrued);
  });

  it("status reads NAV, weights against targets, and a policy that calls for a round", async () => {
    const s = await f.client.status(f.vault, f.prices);
    assert.ok(s.nav && s.nav.low <= s.nav.mid && s.nav.mid <= s.nav.high);
    assert.deepEqual(s.assets.map((a) => a.targetBps), [5_000, 3_000, 2_000]);
    const weights = s.assets.map((a) => a.weightBps ?? 0);
    assert.ok(weights[0] > 7_000 && weights[2] === 0, `weights ${weights}`);
    assert.equal(s.round.open, false);
    assert.ok(s.navPerShare !== null && s.navPerShare > 0n);
  });

  it("open_round, then a rebalance through the test AMM once the auction has widened", async () => {
    const opened = await f.send([await f.client.openRound({ vault: f.vault, prices: f.prices })], [keeper]);
    const round = findEvent(opened.logs, "roundOpened");
    assert.equal(round.tradeTargets.length, 3);
    await assertRefused(
      f.client.openRound({ vault: f.vault, prices: f.prices }).then((ix) => f.send([ix], [keeper])),
      "RoundAlreadyOpen",
    );

    // Wait out the auction: the allowed slippage reaches its maximum after auction_secs.
    f.advance(120n);
    const s = await f.client.status(f.vault, f.prices);
    assert.equal(s.round.slippageBpsNow, 300);

    // Sell USDC for SOL: at most what USDC is above its trade target and SOL below its.
    const v = s.state;
    const nav = s.nav!.mid;
    const target = (i: number) => mulDiv(nav, v.assets[i].roundTradeTarget, 1_000_000_000n, "down");
    const usdc = f.assets[0];
    const excess = s.assets[0].value! - target(0);
    const deficit = target(1) - s.assets[1].value!;
    const value = ((excess < deficit ? excess : deficit) * 95n) / 100n;
    const amountIn = tokenAmount(value, usdc.decimals, usdc, "mid", "down");
    const [reserveIn, reserveOut] = [await f.balance(pool.vaultOf(usdc.mint)), await f.balance(pool.vaultOf(f.assets[1].mint))];
    const expectedOut = ammQuote(amountIn, reserveIn, reserveOut, pool.feeBps);

    const keeperSol = await f.give(keeper.publicKey, 1, 0n);
    const dexAccounts = asForwardedAccounts(
      pool.swapAccounts(v.swapAuthority, v.assets[0].escrow!, v.assets[1].escrow!, usdc.mint, true),
      v.swapAuthority,
    );
    const ix = await f.client.rebalance({
      vault: f.vault,
      keeper: keeper.publicKey,
      sellIndex: 0,
      buyIndex: 1,
      amountIn,
      dexProgram: AMM_ID,
      dexData: pool.swapData(amountIn, 1n),
      dexAccounts,
      keeperRewardAccount: keeperSol,
      prices: f.prices,
    });
    const reservesBefore = await f.client.reserves(v);
    const event = findEvent((await f.send([ix], [keeper])).logs, "rebalanced");
    assert.equal(event.amountIn, amountIn);
    assert.equal(event.amountOut, expectedOut);
    assert.ok(event.amountOut >= event.minAmountOut);
    assert.equal(event.slippageBps, 300);
    assert.equal(await f.balance(keeperSol), event.keeperReward);
    const reserves = await f.client.reserves(v);
    assert.equal(reserves[0], reservesBefore[0] - amountIn);
    assert.equal(reserves[1], reservesBefore[1] + expectedOut - event.keeperReward);
    assert.deepEqual(event.reservesAfter, [reserves[0], reserves[1]]);
    // The swap moved value between assets and lost at most the allowed slippage.
    const sold = tokenValue(amountIn, usdc.decimals, usdc, "mid", "down");
    const bought = tokenValue(event.amountOut, 9, f.assets[1], "mid", "down");
    assert.ok(bought * 10_000n >= sold * 9_700n);
  });

  it("withdraw pays exactly the quoted amounts of every asset, through the lookup table", async () => {
    const v = await f.client.fetchVault(f.vault);
    const userShares = associatedTokenAddress(user.publicKey, v.shareMint);
    const shares = (await f.balance(userShares)) / 2n;
    for (let i = 0; i < 3; i++) await f.give(user.publicKey, i, 0n);
    const quote = await f.client.quoteWithdraw(f.vault, { shares });
    const ix = await f.client.withdraw({
      vault: f.vault,
      user: user.publicKey,
      shares,
      minAmountsOut: quote.amounts.map((a) => withTolerance(a, 10)),
    });
    const before = await Promise.all(f.assets.map((a) => f.balance(associatedTokenAddress(user.publicKey, a.mint))));
    const event = findEvent((await f.send([ix], [user])).logs, "withdrawn");
    assert.deepEqual(event.amounts, quote.amounts);
    assert.equal(event.supplyAfter, quote.supplyAfter);
    const after = await Promise.all(f.assets.map((a) => f.balance(associatedTokenAddress(user.publicKey, a.mint))));
    assert.deepEqual(after.map((x, i) => x - before[i]), quote.amounts);
    assert.equal(await f.client.mintSupply(v.shareMint), event.supplyAfter - v.feeSharesOwed - quote.feeSharesAccrued);
  });

  it("queue_change finds its change account from the vault's next id; execute_change waits for the timelock", async () => {
    const v = await f.client.fetchVault(f.vault);
    const now = await f.chain.now();
    const change = { kind: "targetWeights" as const, weights: [4_000, 4_000, 2_000], rampStart: now + 3_600n, rampEnd: now + 3_600n + 86_400n };
    const queued = await f.send([await f.client.queueChange({ vault: f.vault, manager: f.manager.publicKey, change })], [f.manager]);
    const address = changeAddress(f.vault, v.nextChangeId);
    assert.equal(findEvent(queued.logs, "changeQueued").id, v.nextChangeId);
    const pending = await f.client.fetchPendingChanges(f.vault);
    assert.equal(pending.length, 1);
    assert.ok(pending[0].address.equals(address));
    assert.deepEqual(pending[0].change, change);

    const executor = f.chain.fundedKeypair();
    await assertRefused(
      f.client.executeChange({ executor: executor.publicKey, change: address }).then((ix) => f.send([ix], [executor])),
      "ChangeNotReady",
    );
    f.advance(3_600n + 43_200n);
    const executed = await f.send([await f.client.executeChange({ executor: executor.publicKey, change: address })], [executor]);
    assert.equal(findEvent(executed.logs, "changeExecuted").id, v.nextChangeId);
    assert.equal(await f.chain.getAccountInfo(address), null, "the executed change's account is closed");
    // Executed late, the ramp starts now and keeps its length: half way a half day on.
    assert.deepEqual((await f.client.status(f.vault)).assets.map((a) => a.targetBps), [5_000, 3_000, 2_000]);
    f.advance(43_200n);
    const s = await f.client.status(f.vault, f.prices);
    assert.deepEqual(s.assets.map((a) => a.targetBps), [4_500, 3_500, 2_000], "half way through the ramp");
  });

  it("cancel_change refunds the proposer; pause stops deposits at once and only a timelocked unpause lifts it", async () => {
    const guardian = Keypair.generate().publicKey;
    const id = (await f.client.fetchVault(f.vault)).nextChangeId;
    await f.send([await f.client.queueChange({ vault: f.vault, manager: f.manager.publicKey, change: { kind: "manager", newManager: guardian } })], [f.manager]);
    const cancel = await f.client.cancelChange({ manager: f.manager.publicKey, change: changeAddress(f.vault, id) });
    const rent = (await f.chain.getAccountInfo(changeAddress(f.vault, id)))!.lamports;
    const before = (await f.chain.getAccountInfo(f.manager.publicKey))!.lamports;
    assert.equal(findEvent((await f.send([cancel], [f.manager])).logs, "changeCancelled").id, id);
    const after = (await f.chain.getAccountInfo(f.manager.publicKey))!.lamports;
    assert.equal(after - before, rent - 5_000, "the rent back, less the transaction fee");
    assert.equal((await f.client.fetchVault(f.vault)).pendingChanges.length, 0);

    await f.send([await f.client.pause({ vault: f.vault, authority: f.manager.publicKey, flags: PAUSE_DEPOSITS })], [f.manager]);
    assert.equal((await f.client.fetchVault(f.vault)).depositsPaused, true);
    const deposit = () =>
      f.client
        .deposit({ vault: f.vault, user: user.publicKey, assetIndex: 0, amount: 1_000_000n, minSharesOut: 0n, prices: f.prices })
        .then((ix) => f.send([ix], [user]));
    await assertRefused(deposit(), "DepositsPaused");
    const unpauseId = (await f.client.fetchVault(f.vault)).nextChangeId;
    await f.send([await f.client.queueChange({ vault: f.vault, manager: f.manager.publicKey, change: { kind: "unpause", flags: PAUSE_DEPOSITS } })], [f.manager]);
    f.advance(3_600n);
    await f.send([await f.client.executeChange({ executor: keeper.publicKey, change: changeAddress(f.vault, unpauseId) })], [keeper]);
    await deposit();
  });

  it("collect_fees mints exactly the fee shares the quote math says are owed", async () => {
    f.advance(86_400n);
    const v = await f.client.fetchVault(f.vault);
    const supply = await f.client.mintSupply(v.shareMint);
    const owedNow = settleFees(v, await f.chain.now(), supply).feeSharesOwed;
    assert.ok(owedNow > v.feeSharesOwed);
    const sent = await f.send([await f.client.collectFees({ vault: f.vault })], [keeper]);
    assert.equal(findEvent(sent.logs, "feesCollected").shares, owedNow);
    assert.equal(await f.balance(v.feeRecipient!), owedNow);
    assert.equal((await f.client.fetchVault(f.vault)).feeSharesOwed, 0n);
  });
});
