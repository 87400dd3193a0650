/**
 * Everything the page shows of a vault, read in one go through `@ballast/client`: its
 * status (NAV at the oracle mid prices, NAV per share net of the fee's owed shares, weights
 * against the targets of the moment), each asset's band, price and price age, and what a
 * keeper would do now and why (the keeper's order of checks: configured, paused, prices,
 * round, cooldown, the policy's trigger), with the policy's bands exact on Wads as
 * `ballast_math::policy` computes them.
 */
import { BallastClient, Change, mulDiv, Policy, policyToString, PriceUpdate, VaultStatus, WAD } from "@ballast/client";
import { PublicKey } from "@solana/web3.js";

/** One asset as shown. */
export interface AssetView {
  index: number;
  name: string;
  mint: PublicKey;
  decimals: number;
  balance: bigint;
  /** Value at the mid price, Wad. */
  value: bigint;
  /** Current weight, Wad fraction of NAV (rounded down, as the program). */
  weight: bigint;
  /** Target weight now, bps. */
  targetBps: number;
  /** Band half-width, Wad fraction of NAV. */
  band: bigint;
  outside: boolean;
  price: number;
  priceAge: number;
  publishTime: bigint;
}

export interface VaultView {
  status: VaultStatus;
  now: bigint;
  nav: bigint;
  navPerShare: bigint;
  policy: string;
  assets: AssetView[];
  /** A keeper's decision now: `due` when it would open a round or swap, and why. */
  keeper: { due: boolean; why: string };
  /** The queued changes, each said in words, with the time it becomes executable. */
  changes: { id: bigint; executableAt: bigint; what: string }[];
}

const short = (k: { toBase58(): string }) => k.toBase58().slice(0, 4) + "…" + k.toBase58().slice(-4);
const bps = (x: number) => `${(x / 100).toFixed(2)}%`;

/** A queued change in words. */
export function describeChange(c: Change, names: string[]): string {
  switch (c.kind) {
    case "rebalance":
      return `rebalancing rules: ${policyToString(c.rules.policy)} (${c.rules.tradeTarget}), max slippage ${c.rules.maxSlippageBps} bps, swaps at most ${bps(c.rules.maxSwapBps)} of NAV, ${c.rules.dexAllowlist.length} DEX(es), keeper reward ${c.rules.keeperRewardBps} bps`;
    case "oracleLimits":
      return `oracle limits: prices at most ${c.maxOracleAgeSecs} s old for rounds, ${c.freshPriceSecs} s for deposits, confidence at most ${c.maxConfBps} bps`;
    case "entrySpread":
      return `entry spread ${c.entrySpreadBps} bps`;
    case "targetWeights":
      return `target weights ${c.weights.map((w, i) => `${names[i] ?? i} ${bps(w)}`).join(", ")}, ramped ${new Date(Number(c.rampStart) * 1000).toISOString().slice(0, 16)} → ${new Date(Number(c.rampEnd) * 1000).toISOString().slice(0, 16)} UTC`;
    case "managementFee":
      return `management fee ${c.feeBps} bps a year`;
    case "feeRecipient":
      return `fee recipient ${short(c.recipient)}`;
    case "guardian":
      return `guardian ${short(c.guardian)}`;
    case "manager":
      return `hand the vault to ${short(c.newManager)}`;
    case "timelock":
      return `timelock ${c.timelockSecs} s`;
    case "addAsset":
      return `add asset ${short(c.mint)}`;
    case "unpause":
      return `unpause (flags ${c.flags})`;
  }
}

const BPS_WAD = 10n ** 14n;

/** `sqrt(x)` of a Wad, rounded down (`wad_sqrt`). */
function wadSqrt(x: bigint): bigint {
  const n = x * WAD;
  if (n < 2n) return n;
  let r = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (r * r > n) r -= 1n;
  while ((r + 1n) * (r + 1n) <= n) r += 1n;
  return r;
}

/** `Policy::band`: half-width of an asset's band, Wad fraction of NAV. */
export function band(p: Policy, targetBps: number, variance: bigint): bigint {
  const relative = (relBps: number) => BigInt(targetBps) * BigInt(relBps) * 10_000_000_000n;
  switch (p.kind) {
    case "calendar":
      return 0n;
    case "absolute-band":
      return BigInt(p.bandBps) * BPS_WAD;
    case "relative-band":
      return relative(p.bandBps);
    case "five-twenty-five": {
      const a = BigInt(p.absBps) * BPS_WAD;
      const r = relative(p.relBps);
      return a < r ? a : r;
    }
    case "hybrid": {
      const a = BigInt(p.bandBps) * BPS_WAD;
      if (p.relBps === 0) return a;
      const r = relative(p.relBps);
      return a < r ? a : r;
    }
    case "vol-band": {
      const raw = mulDiv(wadSqrt(variance), BigInt(p.kBps) * BPS_WAD, WAD, "down");
      const floor = BigInt(p.floorBps) * BPS_WAD;
      const cap = BigInt(p.capBps) * BPS_WAD;
      const b = raw > floor ? raw : floor;
      return b < cap ? b : cap;
    }
  }
}

const priceNumber = (p: PriceUpdate) => Number(p.price) * 10 ** p.exponent;

/** Reads the vault and computes the view. */
export async function loadVault(
  client: BallastClient,
  vault: PublicKey,
  priceAccounts: PublicKey[],
  names: string[],
): Promise<VaultView> {
  const [status, prices] = await Promise.all([client.status(vault, priceAccounts), client.prices(priceAccounts)]);
  const pending = status.state.pendingChanges.length > 0 ? await client.fetchPendingChanges(vault) : [];
  const state = status.state;
  const now = status.now;
  const nav = status.nav?.mid ?? 0n;
  const policy = state.rebalance.policy;
  const assets: AssetView[] = status.assets.map((a, i) => {
    const value = a.value ?? 0n;
    const weight = nav > 0n ? mulDiv(value, WAD, nav, "down") : 0n;
    const b = policy ? band(policy, a.targetBps, state.assets[i].volatility.variance) : 0n;
    const target = BigInt(a.targetBps) * BPS_WAD;
    const dev = weight > target ? weight - target : target - weight;
    return {
      index: i,
      name: names[i] ?? a.mint.toBase58().slice(0, 4) + "…",
      mint: a.mint,
      decimals: state.assets[i].decimals,
      balance: a.balance,
      value,
      weight,
      targetBps: a.targetBps,
      band: b,
      outside: policy !== null && policy.kind !== "calendar" && dev > b,
      price: priceNumber(prices[i]),
      priceAge: Number(now - prices[i].publishTime),
      publishTime: prices[i].publishTime,
    };
  });
  return {
    status,
    now,
    nav,
    navPerShare: status.navPerShare ?? 0n,
    policy: policy ? policyToString(policy) : "not configured",
    assets,
    keeper: keeperNow(status, assets, policy),
    changes: pending.map((c) => ({ id: c.id, executableAt: c.executableAt, what: describeChange(c.change, names) })),
  };
}

/** What a keeper would do now, in its order of checks (`ballast_keeper::decide`). */
function keeperNow(status: VaultStatus, assets: AssetView[], policy: Policy | null): { due: boolean; why: string } {
  const state = status.state;
  const now = status.now;
  if (!policy) return { due: false, why: "not due: rebalancing not configured" };
  if (state.rebalancesPaused) return { due: false, why: "not due: rebalancing paused" };
  const open = status.round.open;
  const limit = open ? state.freshPriceSecs : state.maxOracleAgeSecs;
  for (const a of assets) {
    if (a.priceAge > limit) {
      return { due: false, why: `oracle of ${a.name} unusable: ${a.priceAge} s old, the limit is ${limit} s` };
    }
  }
  if (status.nav === null || status.nav.mid === 0n) return { due: false, why: "not due: vault is empty" };
  const outside = assets.filter((a) => a.outside);
  if (open) {
    const until = `round open until ${new Date(Number(state.roundEndsTs) * 1000).toISOString().slice(11, 19)} UTC`;
    // The keeper does not chase what a venue's cost left once every asset is inside its band.
    if (outside.length === 0) return { due: false, why: `not due: ${until}, every asset is inside its band` };
    return { due: true, why: `${until}: swaps to make, the auction allows ${status.round.slippageBpsNow ?? 0} bps now` };
  }
  const cooldownEnds = state.roundEndsTs !== 0n ? state.roundOpenedTs + BigInt(state.rebalance.cooldownSecs) : now;
  const calendar =
    policy.kind === "calendar" || policy.kind === "hybrid" ? now - state.roundOpenedTs >= policy.intervalSecs : true;
  const fires = policy.kind === "calendar" ? calendar : calendar && outside.length > 0;
  if (fires && now < cooldownEnds) {
    return { due: false, why: `cooldown until ${new Date(Number(cooldownEnds) * 1000).toISOString().slice(11, 19)} UTC` };
  }
  if (!fires) {
    if (!calendar) return { due: false, why: "not due: the calendar interval has not passed" };
    return { due: false, why: "not due: every asset is inside its band" };
  }
  if (policy.kind === "calendar") return { due: true, why: "a round is due: the calendar interval passed" };
  const list = outside
    .map((a) => `${a.name} ${((Number(a.weight) / 1e18) * 100).toFixed(2)}% vs ${(a.targetBps / 100).toFixed(2)}% ± ${((Number(a.band) / 1e18) * 100).toFixed(2)}%`)
    .join(", ");
  return { due: true, why: `a round is due: ${list} ${outside.length === 1 ? "is outside its band" : "are outside their bands"}` };
}
