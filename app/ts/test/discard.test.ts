/**
 * `discard_change` through the official client: a change that can still execute is refused
 * by name; after a handover voids what the previous manager queued, anyone discards it and
 * the proposer gets the rent back.
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
