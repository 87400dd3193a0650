// The page in Debian's Chromium against a `ballast node` the test starts: the composition
// equals `ballast status --json`; a development-wallet deposit mints the quoted shares;
// after the market moved and a keeper round the weights are back inside their bands; a
// withdrawal pays the quoted amounts; a deposit on stale prices shows the program's error
// by name. Screenshots of each step go to target/web-screenshots/, the time to the first
// rendered composition to target/web-metrics.json.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { after, before, describe, it } from "node:test";
import { Keypair, PublicKey, VersionedTransaction } from "@solana/web3.js";
import { serve } from "../serve.mjs";
import { ballast, launchBrowser, metricsFile, rpc, screenshotsDir, startNode } from "./harness.mjs";

const TOKEN = new PublicKey("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
const ATA = new PublicKey("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");
const ata = (owner, mint) =>
  PublicKey.findProgramAddressSync([new PublicKey(owner).toBytes(), TOKEN.toBytes(), new PublicKey(mint).toBytes()], ATA)[0].toBase58();

/** A token account's balance read over JSON-RPC (0 when it does not exist). */
async function tokenBalance(url, account) {
  const { value } = await rpc(url, "getAccountInfo", [account, { encoding: "base64" }]);
  if (!value) return 0n;
  return Buffer.from(value.data[0], "base64").readBigUInt64LE(64);
}

const WAD = 1e18;
const dir = screenshotsDir();
const shot = (page, name) => page.screenshot({ path: join(dir, name), fullPage: true });

/** The composition as the page shows it (its rows' data attributes). */
async function composition(page) {
  return page.$$eval("[data-testid^=\"asset-\"]", (rows) =>
    rows.map((r) => ({
      mint: r.dataset.mint,
      reserve: BigInt(r.dataset.reserve),
      decimals: Number(r.dataset.decimals),
      value: Number(r.dataset.value),
      weight: Number(r.dataset.weight),
      target: Number(r.dataset.targetBps) / 10_000,
      band: Number(r.dataset.band),
      outside: r.dataset.outside === "yes",
      price: Number(r.dataset.price),
      age: Number(r.dataset.age),
    })),
  );
}

/** `amount` base units as `ballast status` prints them (all decimals). */
const units = (amount, decimals) => {
  const s = amount.toString().padStart(decimals + 1, "0");
  return decimals ? `${s.slice(0, -decimals)}.${s.slice(-decimals)}` : s;
};

describe("the web page against ballast node", { timeout: 600_000 }, () => {
  let node;
  let server;
  let browser;
  let page;
  let pageUrl;
  let wallet;
  const metrics = {};

  before(async () => {
    // SOL 40 % above the demo vault's prices: its weight leaves the 5-point band.
    node = await startNode(["--day-secs", "0", "--drift-bps", "4000"]);
    server = await serve(0, node.infoFile);
    pageUrl = `http://127.0.0.1:${server.address().port}/`;
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    // The page's own errors, for whoever reads a failure.
    page.on("pageerror", (e) => console.error(`page error: ${e.stack ?? e.message}`));
    page.on("console", (m) => m.type() === "error" && console.error(`page console: ${m.text()}`));
  });

  after(async () => {
    // The production bundle the test served (dist/assets: the scripts and the style sheet).
    const assets = new URL("../dist/assets/", import.meta.url);
    const files = readdirSync(assets).map((f) => readFileSync(new URL(f, assets)));
    metrics.bundle_bytes = files.reduce((n, b) => n + b.length, 0);
    metrics.bundle_gzip_bytes = files.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
    writeFileSync(metricsFile, JSON.stringify(metrics, null, 2) + "\n");
    console.log(
      `first render ${metrics.first_render_ms} ms; bundle ${metrics.bundle_bytes} bytes, ${metrics.bundle_gzip_bytes} gzipped (${metricsFile})`,
    );
    await browser?.close();
    server?.close();
    node?.stop();
  });

  it("shows the composition `ballast status --json` gives", async () => {
    await page.goto(pageUrl);
    await page.waitForSelector("[data-testid=asset-3]", { timeout: 30_000 });
    metrics.first_render_ms = Math.round(await page.evaluate(() => window.__ballastFirstRender));
    metrics.first_render_what = "navigation start to the first composition rendered (performance.now() in the page), against ballast node on 127.0.0.1";
    const shown = await composition(page);
    const status = JSON.parse(ballast(["status", "--url", node.url, "--vault", node.vault, "--price-accounts", node.price_accounts.join(","), "--json"]));
    assert.equal(shown.length, status.assets.length);
    status.assets.forEach((a, i) => {
      const s = shown[i];
      assert.equal(s.mint, a.asset, `asset ${i} mint`);
      assert.equal(units(s.reserve, s.decimals), a.reserve, `asset ${i} reserve`);
      assert.ok(Math.abs(s.value / WAD - a.value_usd) < 1e-6, `asset ${i} value ${s.value / WAD} vs ${a.value_usd}`);
      assert.ok(Math.abs(s.weight / WAD - a.weight) < 1e-9, `asset ${i} weight ${s.weight / WAD} vs ${a.weight}`);
      assert.equal(s.target, a.target, `asset ${i} target`);
      assert.equal(s.band / WAD, a.band, `asset ${i} band`);
      assert.equal(s.price, a.price, `asset ${i} price`);
      assert.ok(Math.abs(s.age - a.oracle_age_secs) <= 2, `asset ${i} oracle age ${s.age} vs ${a.oracle_age_secs}`);
    });
    const nav = Number(await page.getAttribute("[data-testid=nav]", "data-raw")) / WAD;
    assert.ok(Math.abs(nav - status.nav_usd) < 1e-6, `NAV ${nav} vs ${status.nav_usd}`);
    const nps = Number(await page.getAttribute("[data-testid=nav-per-share]", "data-raw")) / WAD;
    assert.ok(Math.abs(nps - status.nav_per_share_usd) < 1e-12, `NAV per share ${nps} vs ${status.nav_per_share_usd}`);
    // The market moved: SOL is out of its band and a keeper would open a round.
    assert.ok(shown[0].outside, "SOL outside its band after the 40 % move");
    assert.equal(await page.getAttribute("[data-testid=keeper]", "data-due"), "yes");
    assert.match(status.keeper_decision, /round is due/);
    await shot(page, "1-composition.png");
  });

  it("deposits through the development wallet and mints the quoted shares", async () => {
    await page.click("[data-testid=use-dev-wallet]");
    await page.waitForSelector("[data-testid=dev-warning]");
    wallet = await page.textContent("[data-testid=wallet-address]");
    await page.click("[data-testid=fund]");
    await page.waitForSelector("[data-testid=fund-note]", { timeout: 30_000 });
    assert.match(await page.textContent("[data-testid=fund-note]"), /Funded/);
    await page.selectOption("[data-testid=deposit-asset]", "3"); // USDC
    await page.fill("[data-testid=deposit-amount]", "1000");
    await page.waitForSelector("[data-testid=deposit-quote]");
    await page.click("[data-testid=deposit-send]");
    const outcome = await page.waitForSelector("[data-testid=deposit-outcome]", { timeout: 60_000 });
    const error = await outcome.getAttribute("data-error");
    assert.equal(error, null, `deposit refused: ${await outcome.textContent()}`);
    const quoted = BigInt(await outcome.getAttribute("data-quoted"));
    const minted = BigInt(await outcome.getAttribute("data-actual"));
    assert.ok(quoted > 0n);
    assert.equal(minted, quoted, "minted the quoted shares");
    assert.equal(await outcome.getAttribute("data-lookup-table"), "yes", "a v0 transaction through the vault's lookup table");
    // The chain agrees: the wallet's share account holds exactly that (it held none before).
    const shareMint = await page.getAttribute("[data-testid=glance]", "data-share-mint");
    assert.equal(await tokenBalance(node.url, ata(wallet, shareMint)), minted);
    // The vault's history (its Deposited event, read back through the node) lists it.
    const listed = await page.waitForSelector(`[data-testid=activity-deposit][data-user="${wallet}"]`, { timeout: 20_000 });
    assert.equal(BigInt(await listed.getAttribute("data-shares")), minted);
    metrics.deposit = { asset: "USDC", amount: "1000", quoted_shares: quoted.toString(), minted_shares: minted.toString() };
    await shot(page, "2-deposit.png");
  });

  it("after the market moved and a keeper round, shows every weight inside its band", async () => {
    const keeperDir = mkdtempSync(join(tmpdir(), "ballast-web-keeper-"));
    try {
      const key = join(keeperDir, "keeper.json");
      ballast(["keygen", "-o", key]);
      ballast(["airdrop", "--url", node.url, "-k", key, "--sol", "2"]);
      const out = ballast(["keeper", "run", "--url", node.url, "--vault", node.vault, "--price-accounts", node.price_accounts.join(","), "-k", key, "--ticks", "15", "--interval", "4"]);
      assert.match(out, /open/i, out);
    } finally {
      rmSync(keeperDir, { recursive: true, force: true });
    }
    // The page reads the vault every 2 s.
    await page.waitForFunction(() => [...document.querySelectorAll("[data-testid^=\"asset-\"]")].every((r) => r.dataset.outside === "no"), null, { timeout: 20_000 });
    const shown = await composition(page);
    for (const a of shown) {
      assert.ok(Math.abs(a.weight / WAD - a.target) <= a.band / WAD, `${a.mint}: ${a.weight / WAD} vs ${a.target} ± ${a.band / WAD}`);
    }
    assert.equal(await page.getAttribute("[data-testid=keeper]", "data-due"), "no");
    assert.match(await page.textContent("[data-testid=rounds]"), /Last round opened/);
    // The round from the vault's events: when it opened (as `ballast status` says) and its swaps.
    const status = JSON.parse(ballast(["status", "--url", node.url, "--vault", node.vault, "--price-accounts", node.price_accounts.join(","), "--json"]));
    const round = await page.waitForSelector(`[data-testid=round][data-opened-at="${status.last_rebalance_ts}"]`, { timeout: 20_000 });
    assert.ok(Number(await round.getAttribute("data-swaps")) >= 1, await round.textContent());
    assert.match(await round.textContent(), /SOL → /, "the round sold SOL, the asset above its band");
    await shot(page, "3-after-keeper-round.png");
    // The README's picture (docs/web.png is a copy): the top of the page, small enough to commit.
    await page.screenshot({ path: join(dir, "web.png"), fullPage: true, clip: { x: 0, y: 0, width: 1100, height: 1060 } });
  });

  it("withdraws every share and pays the quoted amounts", async () => {
    const mints = node.mints;
    const before = await Promise.all(mints.map((m) => tokenBalance(node.url, ata(wallet, m))));
    await page.click("[data-testid=withdraw-all]");
    await page.waitForSelector("[data-testid=withdraw-quote]");
    await page.click("[data-testid=withdraw-send]");
    const outcome = await page.waitForSelector("[data-testid=withdraw-outcome]", { timeout: 60_000 });
    assert.equal(await outcome.getAttribute("data-error"), null, `withdrawal refused: ${await outcome.textContent()}`);
    const quoted = (await outcome.getAttribute("data-quoted")).split(",").map(BigInt);
    const paid = (await outcome.getAttribute("data-actual")).split(",").map(BigInt);
    assert.deepEqual(paid, quoted, "paid the quoted amounts");
    assert.ok(paid.some((p) => p > 0n));
    const afterBalances = await Promise.all(mints.map((m) => tokenBalance(node.url, ata(wallet, m))));
    afterBalances.forEach((b, i) => assert.equal(b - before[i], paid[i], `asset ${i} arrived on chain`));
    assert.equal(await outcome.getAttribute("data-lookup-table"), "yes");
    const listed = await page.waitForSelector(`[data-testid=activity-withdrawal][data-user="${wallet}"]`, { timeout: 20_000 });
    assert.equal(BigInt(await listed.getAttribute("data-shares")), BigInt(metrics.deposit.minted_shares), "every share the deposit minted");
    metrics.withdrawal = { quoted: quoted.map(String), paid: paid.map(String) };
    await shot(page, "4-withdraw.png");
  });

  it("deposits through a Wallet Standard wallet", async () => {
    // A browser wallet as extensions register one (Wallet Standard's register events), whose
    // signing is done here, in the test, with a key the page never sees.
    const key = Keypair.generate();
    let signed = 0;
    await page.exposeFunction("__testWalletSign", (bytes) => {
      const tx = VersionedTransaction.deserialize(Uint8Array.from(bytes));
      tx.sign([key]);
      signed += 1;
      return Array.from(tx.serialize());
    });
    await page.addInitScript((publicKey) => {
      const account = { address: publicKey.address, publicKey: Uint8Array.from(publicKey.bytes), chains: ["solana:localnet"], features: ["solana:signTransaction"] };
      const wallet = {
        version: "1.0.0",
        name: "Test Wallet",
        icon: "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=",
        chains: ["solana:localnet"],
        accounts: [account],
        features: {
          "standard:connect": { version: "1.0.0", connect: async () => ({ accounts: [account] }) },
          "standard:events": { version: "1.0.0", on: () => () => {} },
          "solana:signTransaction": {
            version: "1.0.0",
            supportedTransactionVersions: ["legacy", 0],
            signTransaction: (...inputs) =>
              Promise.all(inputs.map(async (i) => ({ signedTransaction: Uint8Array.from(await window.__testWalletSign(Array.from(i.transaction))) }))),
          },
        },
      };
      window.addEventListener("wallet-standard:app-ready", (e) => e.detail.register(wallet));
      window.dispatchEvent(new CustomEvent("wallet-standard:register-wallet", { detail: ({ register }) => register(wallet) }));
    }, { address: key.publicKey.toBase58(), bytes: Array.from(key.publicKey.toBytes()) });
    // The node's faucet funds it (SOL and every asset), as any client may ask.
    const airdrop = await rpc(node.url, "requestAirdrop", [key.publicKey.toBase58(), 2_000_000_000]);
    assert.equal(typeof airdrop, "string");
    await page.goto(pageUrl);
    await page.waitForSelector('[data-testid="asset-3"]', { timeout: 30_000 });
    await page.click("text=Test Wallet");
    assert.equal(await page.textContent("[data-testid=wallet-address]"), key.publicKey.toBase58());
    assert.equal(await page.$("[data-testid=dev-warning]"), null, "a browser wallet is not marked as the development wallet");
    await page.selectOption("[data-testid=deposit-asset]", "3");
    await page.fill("[data-testid=deposit-amount]", "100");
    await page.waitForSelector("[data-testid=deposit-quote]");
    await page.click("[data-testid=deposit-send]");
    const outcome = await page.waitForSelector("[data-testid=deposit-outcome]", { timeout: 60_000 });
    assert.equal(await outcome.getAttribute("data-error"), null, `deposit refused: ${await outcome.textContent()}`);
    const minted = BigInt(await outcome.getAttribute("data-actual"));
    assert.equal(minted, BigInt(await outcome.getAttribute("data-quoted")), "minted the quoted shares");
    assert.equal(signed, 1, "the wallet signed the one transaction");
    const shareMint = await page.getAttribute("[data-testid=glance]", "data-share-mint");
    assert.equal(await tokenBalance(node.url, ata(key.publicKey.toBase58(), shareMint)), minted);
    await shot(page, "5-wallet-standard.png");
  });

  it("fits a phone-sized screen", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than a 390 px screen`);
    await shot(page, "6-phone.png");
    await page.setViewportSize({ width: 1100, height: 900 });
  });

  it("refuses the development wallet on any cluster but a local one", async () => {
    // Two clusters that are not local, answered by the test (Playwright intercepts the
    // page's JSON-RPC): devnet by its URL, and a node on this machine serving mainnet's
    // genesis hash.
    const genesis = { devnet: "EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG", mainnet: "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d" };
    const cases = [
      { rpc: "https://api.devnet.solana.com/", genesis: genesis.devnet, why: /api\.devnet\.solana\.com is not this machine/ },
      { rpc: "http://127.0.0.1:9/", genesis: genesis.mainnet, why: /serves mainnet-beta/ },
    ];
    for (const c of cases) {
      await page.route(`${c.rpc}**`, (route) => {
        const body = JSON.parse(route.request().postData() ?? "{}");
        const result = body.method === "getGenesisHash" ? c.genesis : null;
        route.fulfill({ status: 200, contentType: "application/json", headers: { "Access-Control-Allow-Origin": "*" }, body: JSON.stringify({ jsonrpc: "2.0", id: body.id, result }) });
      });
      await page.goto(`${pageUrl}?${new URLSearchParams({ rpc: c.rpc, vault: node.vault, prices: node.price_accounts.join(",") })}`);
      await page.waitForSelector("[data-testid=cluster][data-local=no]");
      await page.waitForFunction(() => !/checking/.test(document.querySelector("[data-testid=cluster]").textContent));
      await page.click("[data-testid=use-dev-wallet]");
      const refused = await page.textContent("[data-testid=wallet-error]");
      assert.match(refused, /development wallet is refused here/);
      assert.match(refused, c.why);
      assert.equal(await page.$("[data-testid=dev-warning]"), null, "no development wallet connected");
      await page.unroute(`${c.rpc}**`);
    }
    await shot(page, "7-dev-wallet-refused.png");
  });

  it("shows a queued weight change and when it takes effect, and a pause of deposits", async () => {
    // A vault of the test's own on the node (the demo vault's manager key stays in the node):
    // init, a deposit (so that the change must wait the timelock), a queued weight change.
    const keys = mkdtempSync(join(tmpdir(), "ballast-web-manager-"));
    try {
      const manager = join(keys, "manager.json");
      const prices = node.price_accounts.join(",");
      ballast(["keygen", "-o", manager]);
      ballast(["airdrop", "--url", node.url, "-k", manager, "--sol", "5"]);
      const init = ballast(["init", "--url", node.url, "-k", manager, "--mints", node.mints.join(","), "--price-accounts", prices, "--weights", "0.4,0.3,0.2,0.1"]);
      const vault = /^vault (\w+)$/m.exec(init)?.[1];
      assert.ok(vault, init);
      ballast(["deposit", "--url", node.url, "-k", manager, "--vault", vault, "--price-accounts", prices, "--asset", "3", "--amount", "100"]);
      ballast(["propose", "weights", "--url", node.url, "--vault", vault, "-k", manager, "--weights", "0.5,0.2,0.2,0.1", "--ramp", "7d"]);
      const status = JSON.parse(ballast(["status", "--url", node.url, "--vault", vault, "--price-accounts", prices, "--json"]));
      const [queued] = status.governance.pending;
      assert.equal(queued.kind, "target weights");
      const q = new URLSearchParams({ vault, prices, names: node.names.join(",") });
      await page.goto(`${pageUrl}?${q}`);
      const change = await page.waitForSelector(`[data-testid=change-${queued.id}]`, { timeout: 30_000 });
      assert.equal(Number(await change.getAttribute("data-executable-at")), queued.executable_at);
      assert.match(await change.textContent(), /target weights SOL 50\.00%, BTC 20\.00%, ETH 20\.00%, USDC 10\.00%/);
      await shot(page, "8-queued-change.png");

      // The manager pauses deposits: the page says so, and a deposit shows the program's refusal.
      ballast(["pause", "--url", node.url, "--vault", vault, "-k", manager, "--deposits"]);
      await page.waitForSelector("text=Paused: deposits", { timeout: 20_000 });
      await page.click("[data-testid=use-dev-wallet]"); // funded by the faucet in the deposit test
      await page.selectOption("[data-testid=deposit-asset]", "3");
      // More than the wallet holds: the page says so and does not send.
      await page.fill("[data-testid=deposit-amount]", "100000000");
      await page.waitForSelector("text=Insufficient balance");
      assert.equal(await page.isDisabled("[data-testid=deposit-send]"), true);
      await page.fill("[data-testid=deposit-amount]", "10");
      await page.waitForFunction(() => !document.querySelector("[data-testid=deposit-send]").disabled);
      await page.click("[data-testid=deposit-send]");
      const outcome = await page.waitForSelector("[data-testid=deposit-outcome]", { timeout: 60_000 });
      assert.equal(await outcome.getAttribute("data-error"), "DepositsPaused");
      assert.match(await outcome.textContent(), /DepositsPaused/);
      await shot(page, "9-deposits-paused.png");
    } finally {
      rmSync(keys, { recursive: true, force: true });
    }
  });

  it("names the program's error for a deposit on stale prices", async () => {
    // A second node that stops publishing prices after a second: they go stale 10 s later.
    const stale = await startNode(["--day-secs", "0", "--prices-for-secs", "1"]);
    try {
      const q = new URLSearchParams({ rpc: stale.url, vault: stale.vault, prices: stale.price_accounts.join(","), names: stale.names.join(",") });
      await page.goto(`${pageUrl}?${q}`);
      await page.waitForSelector("[data-testid=asset-3]", { timeout: 30_000 });
      await page.click("[data-testid=use-dev-wallet]");
      await page.click("[data-testid=fund]");
      await page.waitForSelector("[data-testid=fund-note]", { timeout: 30_000 });
      await page.waitForFunction(() => Number(document.querySelector("[data-testid=asset-3]").dataset.age) > 11, null, { timeout: 30_000 });
      await page.selectOption("[data-testid=deposit-asset]", "3");
      await page.fill("[data-testid=deposit-amount]", "100");
      await page.click("[data-testid=deposit-send]");
      const outcome = await page.waitForSelector("[data-testid=deposit-outcome]", { timeout: 60_000 });
      assert.equal(await outcome.getAttribute("data-error"), "OracleStale");
      assert.match(await outcome.textContent(), /OracleStale/);
      await shot(page, "10-stale-price.png");
    } finally {
      stale.stop();
    }
  });
});
