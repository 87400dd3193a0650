/**
 * The vault's history from its events: the signatures of the transactions that loaded the
 * vault (`getSignaturesForAddress`), each transaction's logs (`getTransaction`, base64), and
 * Ballast's events in them (`@ballast/client`'s `parseEvents`). Transactions already read
 * are kept, so a refresh reads only the new ones.
 */
import { BallastEvent, parseEvents } from "@ballast/client";
import { PublicKey } from "@solana/web3.js";

export interface Swap {
  time: number;
  sell: number;
  buy: number;
  amountIn: bigint;
  amountOut: bigint;
  slippageBps: number;
  keeperReward: bigint;
}

export interface Round {
  openedAt: number;
  endsAt: number;
  swaps: Swap[];
}

export interface Activity {
  time: number;
  signature: string;
  what: "deposit" | "withdrawal";
  user: string;
  assetIndex?: number;
  amount?: bigint;
  shares: bigint;
  amounts?: bigint[];
}

export interface VaultHistory {
  rounds: Round[];
  activity: Activity[];
  /** NAV per whole share (USD) after each deposit, from its `Deposited` event. */
  navPoints: { t: number; navPerShare: number }[];
  /** How many of the vault's transactions were read. */
  transactions: number;
}

type Read = { signature: string; time: number; events: BallastEvent[] };

async function call(url: string, method: string, params: unknown[]) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/** Reads the vault's history (the newest `limit` transactions), reusing `cache`. */
export async function loadHistory(url: string, vault: PublicKey, cache: Map<string, Read>, limit = 200): Promise<VaultHistory> {
  const sigs = (await call(url, "getSignaturesForAddress", [vault.toBase58(), { limit, commitment: "confirmed" }])) as {
    signature: string;
    err: unknown;
    blockTime: number | null;
  }[];
  const fresh = sigs.filter((s) => s.err === null && !cache.has(s.signature));
  await Promise.all(
    fresh.map(async (s) => {
      const tx = (await call(url, "getTransaction", [s.signature, { encoding: "base64", maxSupportedTransactionVersion: 0, commitment: "confirmed" }])) as {
        blockTime: number | null;
        meta: { logMessages: string[] | null } | null;
      } | null;
      const logs = tx?.meta?.logMessages ?? [];
      let events: BallastEvent[] = [];
      try {
        events = parseEvents(logs);
      } catch {
        events = [];
      }
      cache.set(s.signature, { signature: s.signature, time: tx?.blockTime ?? s.blockTime ?? 0, events });
    }),
  );
  const ours = (e: BallastEvent) => (e.data as { vault?: PublicKey }).vault?.equals(vault) ?? false;
  const reads = sigs
    .map((s) => cache.get(s.signature))
    .filter((r): r is Read => r !== undefined)
    .sort((a, b) => a.time - b.time);
  const rounds: Round[] = [];
  const activity: Activity[] = [];
  const navPoints: VaultHistory["navPoints"] = [];
  for (const r of reads) {
    for (const e of r.events.filter(ours)) {
      if (e.name === "roundOpened") {
        rounds.push({ openedAt: Number(e.data.openedAt), endsAt: Number(e.data.endsAt), swaps: [] });
      } else if (e.name === "rebalanced") {
        const d = e.data;
        const swap: Swap = {
          time: r.time,
          sell: d.sellIndex,
          buy: d.buyIndex,
          amountIn: d.amountIn,
          amountOut: d.amountOut,
          slippageBps: d.slippageBps,
          keeperReward: d.keeperReward,
        };
        const round = [...rounds].reverse().find((x) => x.openedAt <= r.time);
        if (round) round.swaps.push(swap);
      } else if (e.name === "deposited") {
        const d = e.data;
        activity.push({ time: r.time, signature: r.signature, what: "deposit", user: d.user.toBase58(), assetIndex: d.assetIndex, amount: d.amount, shares: d.sharesOut });
        navPoints.push({ t: r.time, navPerShare: Number(d.navPerShare) / 1e18 });
      } else if (e.name === "withdrawn") {
        const d = e.data;
        activity.push({ time: r.time, signature: r.signature, what: "withdrawal", user: d.user.toBase58(), shares: d.shares, amounts: d.amounts });
      }
    }
  }
  return { rounds, activity, navPoints, transactions: reads.length };
}
