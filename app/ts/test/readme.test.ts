/**
 * The README's TypeScript quick start, run as written against a vault on the embedded chain
 * (its `Connection` answered by the chain, so `BallastClient.connect` takes the JSON-RPC
 * path), and a refusal through that path.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import ts from "typescript";
import * as web3 from "@solana/web3.js";
import * as ballast from "../src";
import { Fixture } from "./fixture";
import { rpcOver } from "./rpc";

/** The quick start: the first `ts` block of the README's integrators section. */
function quickStart(): string {
  const readme = readFileSync(path.resolve(__dirname, "..", "..", "..", "..", "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## For integrators"));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  assert.ok(block, "the README has a TypeScript quick start");
  return block[1];
}

/** Runs TypeScript `code` whose imports come from `modules`, with `scope` as its globals. */
async function run(code: string, modules: Record<string, Record<string, unknown>>, scope: Record<string, unknown>) {
  const names: Record<string, unknown> = {};
  const body = code.replace(/^import \{([^}]*)\} from "([^"]+)";$/gm, (_, list: string, from: string) => {
    for (const name of list.split(",").map((n) => n.trim())) names[name] = modules[from][name];
    return "";
  });
  const js = ts.transpileModule(`(async () => {${body}\n})()`, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None },
  }).outputText;
  const all = { ...names, ...scope };
  await new Function(...Object.keys(all), `return ${js.trim().replace(/;$/, "")};`)(...Object.values(all));
}

describe("the README's quick start", () => {
  const f = new Fixture();
  const user = f.chain.fundedKeypair();

  before(async () => {
    await f.createVault();
    await f.publishLookupTable();
    await f.give(user.publicKey, 0, 1_000_000_000n);
    f.chain.setTokenAccount({ mint: (await f.client.fetchVault(f.vault)).shareMint, owner: user.publicKey, amount: 0n });
  });

  it("deposits and reads the NAV, as written, over a JSON-RPC connection", async () => {
    const printed: unknown[][] = [];
    const connection = rpcOver(f.chain);
    await run(
      quickStart(),
      { "@solana/web3.js": { ...web3, Connection: function () { return connection; } }, "@ballast/client": ballast },
      { RPC_URL: "http://127.0.0.1:8899", vault: f.vault, prices: f.prices, user, console: { log: (...x: unknown[]) => printed.push(x) } },
    );
    assert.equal(printed.length, 1);
    const [shares, , nav] = printed[0] as [bigint, string, number];
    assert.ok(typeof shares === "bigint" && shares > 0n);
    // 100 USDC at 1 USD, valued at mid: the vault's NAV is 100 USD.
    assert.ok(Math.abs(nav - 100) < 1e-9, `NAV ${nav}`);
    assert.equal(await f.balance(ballast.associatedTokenAddress(user.publicKey, (await f.client.fetchVault(f.vault)).shareMint)), shares);
  });

  it("names a refusal that comes back from a JSON-RPC preflight", async () => {
    const client = ballast.BallastClient.connect(rpcOver(f.chain));
    const quote = await client.quoteDeposit(f.vault, { assetIndex: 0, amount: 1_000_000n, prices: f.prices });
    const ix = await client.deposit({
      vault: f.vault,
      user: user.publicKey,
      assetIndex: 0,
      amount: 1_000_000n,
      minSharesOut: quote.sharesOut + 1n,
      prices: f.prices,
    });
    await assert.rejects(client.send([ix], [user], { vault: f.vault }), (e: unknown) => {
      assert.ok(e instanceof ballast.TransactionFailed);
      assert.equal(e.errorName, "MinSharesOutNotMet");
      assert.equal(e.code, ballast.errorCode("MinSharesOutNotMet"));
      return true;
    });
  });
});
