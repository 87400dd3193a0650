/**
 * Governance through the official client. `discard_change`: a change that can still execute
 * is refused by name; after a handover voids what the previous manager queued, anyone
 * discards it and the proposer gets the rent back. `expect_config`: a deposit pinned to the
 * configuration its sender read is refused when the manager changed it in between.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { changeAddress, findEvent, PAUSE_DEPOSITS } from "../src";
import { assertRefused, Fixture } from "./fixture";

describe("discard_change", () => {
  it("refuses a change that can still execute and closes one a handover voided", async () => {
    const f = new Fixture();
    await f.createVault();
    const stranger = f.chain.fundedKeypair();
    const heir = f.chain.fundedKeypair();
    const queue = async (change: Parameters<typeof f.client.queueChange>[0]["change"]) => {
      const id = (await f.client.fetchVault(f.vault)).nextChangeId;
      await f.send([await f.client.queueChange({ vault: f.vault, manager: f.manager.publicKey, change })], [f.manager]);
      return changeAddress(f.vault, id);
    };
    const unpause = await queue({ kind: "unpause", flags: PAUSE_DEPOSITS });
    const handover = await queue({ kind: "manager", newManager: heir.publicKey });

    await assertRefused(
      f.client.discardChange({ change: unpause }).then((ix) => f.send([ix], [stranger])),
      "ChangeStillValid",
    );
    f.advance(3_600n);
    await f.send([await f.client.executeChange({ executor: heir.publicKey, change: handover })], [heir]);
    const v = await f.client.fetchVault(f.vault);
    assert.ok(v.manager.equals(heir.publicKey));
    assert.equal(v.pendingChanges.length, 0, "the handover voided the queue");

    const rent = (await f.chain.getAccountInfo(unpause))!.lamports;
    const before = (await f.chain.getAccountInfo(f.manager.publicKey))!.lamports;
    const sent = await f.send([await f.client.discardChange({ change: unpause })], [stranger]);
    assert.equal(findEvent(sent.logs, "changeDiscarded").voided, true);
    assert.equal(await f.chain.getAccountInfo(unpause), null, "closed");
    const after = (await f.chain.getAccountInfo(f.manager.publicKey))!.lamports;
    assert.equal(after - before, rent, "the rent back to whoever queued it");
  });
});

describe("expect_config", () => {
  it("pins the configuration a depositor read: a change in between refuses the deposit by name", async () => {
    const f = new Fixture();
    await f.createVault();
    const user = f.chain.fundedKeypair();
    await f.give(user.publicKey, 0, 10_000_000n);
    f.chain.setTokenAccount({ mint: (await f.client.fetchVault(f.vault)).shareMint, owner: user.publicKey, amount: 0n });
    const read = (await f.client.fetchVault(f.vault)).configSeq;
    const deposit = (pin: bigint) =>
      Promise.all([
        f.client.expectConfig({ vault: f.vault, configSeq: pin }),
        f.client.deposit({ vault: f.vault, user: user.publicKey, assetIndex: 0, amount: 1_000_000n, minSharesOut: 0n, prices: f.prices }),
      ]).then((ixs) => f.send(ixs, [user]));
    // No holders yet: the manager's change applies at once, between the read and the deposit.
    await f.apply({ kind: "timelock", timelockSecs: 7_200 });
    const now = (await f.client.fetchVault(f.vault)).configSeq;
    assert.equal(now, read + 1n);
    await assertRefused(deposit(read), "ConfigChanged");
    await deposit(now);
    assert.ok((await f.client.fetchVault(f.vault)).configSeq === now, "a deposit changes no configuration");
  });
});
