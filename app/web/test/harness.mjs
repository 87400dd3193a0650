// What the browser tests share: the `ballast` binary, a `ballast node` child process, the
// page's server, Debian's Chromium through playwright-core, JSON-RPC reads.
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const repo = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
export const shots = join(repo, "target", "web-screenshots");
export const metricsFile = join(repo, "target", "web-metrics.json");

/** `$BALLAST_BIN`, else target/debug/ballast (what scripts/test.sh builds), else target/release/ballast. */
export function ballastBin() {
  const candidates = [process.env.BALLAST_BIN, join(repo, "target", "debug", "ballast"), join(repo, "target", "release", "ballast")];
  const found = candidates.find((c) => c && existsSync(c));
  if (!found) throw new Error("no ballast binary: run `cargo build --locked -p ballast-cli` (or set BALLAST_BIN)");
  return found;
}

/** Runs `ballast args...`; its stdout. */
export function ballast(args) {
  return execFileSync(ballastBin(), args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts `ballast node` on a free port with `extra` options; resolves with its `--info`. */
export async function startNode(extra) {
  const dir = mkdtempSync(join(tmpdir(), "ballast-web-node-"));
  const info = join(dir, "node.json");
  const child = spawn(ballastBin(), ["node", "--bind", "127.0.0.1:0", "--info", info, ...extra], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (existsSync(info)) {
      const text = readFileSync(info, "utf8");
      if (text.endsWith("}")) {
        const node = JSON.parse(text);
        return { ...node, infoFile: info, stop: () => (child.kill(), rmSync(dir, { recursive: true, force: true })) };
      }
    }
    if (child.exitCode !== null) throw new Error(`ballast node exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error("ballast node did not start in 120 s");
    await sleep(100);
  }
}

/** One JSON-RPC call. */
export async function rpc(url, method, params = []) {
  const res = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

/** Chromium from Debian, headless, with a fresh empty profile. */
export async function launchBrowser() {
  const profile = mkdtempSync(join(tmpdir(), "ballast-web-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1100, height: 900 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
  return { context, close: async () => (await context.close(), rmSync(profile, { recursive: true, force: true })) };
}

export function screenshotsDir() {
  mkdirSync(shots, { recursive: true });
  return shots;
}
