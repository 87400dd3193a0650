/**
 * Which node and vault the page shows: the query string (`?rpc=&vault=&prices=a,b,c&names=`)
 * first, else `node.json` beside the page (what `ballast node --info` writes; the page's
 * server hands it out), else the default RPC URL of `ballast node` with no vault yet.
 */
export interface PageConfig {
  rpc: string;
  vault: string;
  prices: string[];
  names: string[];
}

/** `ballast node`'s default address (`--bind 127.0.0.1:8899`). */
export const DEFAULT_RPC = "http://127.0.0.1:8899";

export async function loadConfig(): Promise<PageConfig> {
  const q = new URLSearchParams(location.search);
  const list = (key: string) => (q.get(key) ?? "").split(",").filter((s) => s.length > 0);
  let fromNode: Partial<PageConfig> = {};
  try {
    const res = await fetch("node.json", { cache: "no-store" });
    if (res.ok) {
      const info = (await res.json()) as { url?: string; vault?: string; price_accounts?: string[]; names?: string[] };
      fromNode = { rpc: info.url, vault: info.vault, prices: info.price_accounts, names: info.names };
    }
  } catch {
    // no node.json: the query string or the form says which vault
  }
  return {
    rpc: q.get("rpc") ?? fromNode.rpc ?? DEFAULT_RPC,
    vault: q.get("vault") ?? fromNode.vault ?? "",
    prices: q.has("prices") ? list("prices") : (fromNode.prices ?? []),
    names: q.has("names") ? list("names") : (fromNode.names ?? []),
  };
}
