/**
 * The page: which node and vault, the wallet, the vault at a glance, deposit and withdraw.
 * It reads the vault every two seconds.
 */
import { BallastClient } from "@ballast/client";
import { Connection, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { BrowserChain, localCluster } from "./chain";
import { DEFAULT_RPC, loadConfig, PageConfig } from "./config";
import { Glance, History, Sample } from "./Glance";
import { loadHistory, VaultHistory } from "./history";
import { Trade } from "./Trade";
import { loadVault, VaultView } from "./vault";
import { connectStandard, developmentWallet, onWalletsChange, PageWallet, standardWallets } from "./wallet";

export function App() {
  const [config, setConfig] = useState<PageConfig | null>(null);
  useEffect(() => {
    loadConfig().then(setConfig);
  }, []);
  if (!config) return <p className="loading">Loading…</p>;
  return <Page key={config.rpc + config.vault} config={config} onConfig={setConfig} />;
}

function Page({ config, onConfig }: { config: PageConfig; onConfig: (c: PageConfig) => void }) {
  const connection = useMemo(() => new Connection(config.rpc, { commitment: "confirmed", disableRetryOnRateLimit: true }), [config.rpc]);
  const client = useMemo(() => new BallastClient(new BrowserChain(connection)), [connection]);
  const vault = useMemo(() => {
    try {
      return config.vault ? new PublicKey(config.vault) : null;
    } catch {
      return null;
    }
  }, [config.vault]);
  const prices = useMemo(() => config.prices.map((p) => new PublicKey(p)), [config.prices]);
  const [view, setView] = useState<VaultView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [local, setLocal] = useState<{ local: boolean; why: string } | null>(null);
  const [wallet, setWallet] = useState<PageWallet | null>(null);
  const [walletError, setWalletError] = useState<string | null>(null);
  const [history, setHistory] = useState<History>({ first: null, samples: [] });
  const [events, setEvents] = useState<{ history: VaultHistory | null; error: string | null }>({ history: null, error: null });
  const eventCache = useRef(new Map<string, never>());
  const [, setWalletsVersion] = useState(0);
  const firstRender = useRef(false);

  useEffect(() => onWalletsChange(() => setWalletsVersion((v) => v + 1)), []);

  useEffect(() => {
    localCluster(connection, config.rpc)
      .then(setLocal)
      .catch((e) => setLocal({ local: false, why: `cannot reach ${config.rpc}: ${e instanceof Error ? e.message : e}` }));
  }, [connection, config.rpc]);

  const refresh = useCallback(async () => {
    if (!vault) return;
    try {
      const v = await loadVault(client, vault, prices, config.names);
      setView(v);
      setError(null);
      setHistory((h) => record(h, v));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return;
    }
    try {
      const h = await loadHistory(config.rpc, vault, eventCache.current as unknown as Parameters<typeof loadHistory>[2]);
      setEvents({ history: h, error: null });
    } catch (e) {
      setEvents((old) => ({ history: old.history, error: e instanceof Error ? e.message : String(e) }));
    }
  }, [client, vault, prices, config.names, config.rpc]);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, 2_000);
    return () => clearInterval(timer);
  }, [refresh]);

  useEffect(() => {
    if (view && !firstRender.current) {
      firstRender.current = true;
      const w = window as unknown as { __ballastStart: number; __ballastFirstRender?: number };
      w.__ballastFirstRender = performance.now();
    }
  }, [view]);

  const useDevelopment = () => {
    setWalletError(null);
    if (!local?.local) {
      setWalletError(`The development wallet is refused here: ${local?.why ?? "the cluster is not known yet"}. Use a browser wallet.`);
      return;
    }
    setWallet(developmentWallet());
  };

  const chainId = local?.local ? "solana:localnet" : "solana:mainnet";
  const wallets = standardWallets();

  return (
    <div className="page">
      <header>
        <h1>Ballast</h1>
        <Settings config={config} onConfig={onConfig} />
        <p className="cluster" data-testid="cluster" data-local={local?.local ? "yes" : "no"}>
          {local === null ? "checking the cluster…" : local.local ? `local cluster (${local.why})` : `not local: ${local.why}`}
        </p>
      </header>

      <section className="wallet">
        <h2>Wallet</h2>
        {wallet ? (
          <WalletBox wallet={wallet} connection={connection} onDisconnect={() => setWallet(null)} />
        ) : (
          <div className="wallet-choices">
            {wallets.map((w) => (
              <button
                key={w.name}
                onClick={() =>
                  connectStandard(w, chainId)
                    .then(setWallet)
                    .catch((e) => setWalletError(e instanceof Error ? e.message : String(e)))
                }
              >
                {w.icon ? <img src={w.icon} alt="" width={16} height={16} /> : null} {w.name}
              </button>
            ))}
            {wallets.length === 0 ? <p className="muted">No Wallet Standard wallet in this browser.</p> : null}
            <button className="dev" data-testid="use-dev-wallet" onClick={useDevelopment}>
              Development wallet (local clusters only)
            </button>
          </div>
        )}
        {walletError ? (
          <p className="refusal" data-testid="wallet-error">
            {walletError}
          </p>
        ) : null}
      </section>

      {!vault ? <p className="refusal">No vault: give one above (or start the page beside `ballast node --info`).</p> : null}
      {error ? (
        <p className="refusal" data-testid="load-error">
          {error}
        </p>
      ) : null}
      {view && vault ? (
        <>
          <Glance view={view} history={history} events={events.history} eventsError={events.error} />
          <Trade client={client} vault={vault} prices={prices} view={view} wallet={wallet} onDone={refresh} />
        </>
      ) : null}
    </div>
  );
}

/** Adds a sample of NAV per share and the buy-and-hold value of the first sample's mix. */
function record(h: History, v: VaultView): History {
  const now = Number(v.now);
  const supply = v.status.effectiveSupply;
  if (supply === 0n) return h;
  const first = h.first ?? { balances: v.assets.map((a) => a.balance), decimals: v.assets.map((a) => a.decimals), supply };
  const hold =
    first.balances.reduce((acc, b, i) => acc + (Number(b) / 10 ** first.decimals[i]) * v.assets[i].price, 0) /
    (Number(first.supply) / 1e9);
  const sample: Sample = { t: now, navPerShare: Number(v.navPerShare) / 1e18, hold };
  const samples = h.samples.length && h.samples[h.samples.length - 1].t === now ? h.samples : [...h.samples, sample].slice(-600);
  return { first, samples };
}

function Settings({ config, onConfig }: { config: PageConfig; onConfig: (c: PageConfig) => void }) {
  const [rpc, setRpc] = useState(config.rpc);
  const [vault, setVault] = useState(config.vault);
  const [prices, setPrices] = useState(config.prices.join(","));
  return (
    <details className="settings">
      <summary>
        Node <code data-testid="rpc-url">{config.rpc}</code>
      </summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onConfig({ ...config, rpc: rpc || DEFAULT_RPC, vault, prices: prices.split(",").map((s) => s.trim()).filter(Boolean) });
        }}
      >
        <label>
          RPC URL <input value={rpc} onChange={(e) => setRpc(e.target.value)} />
        </label>
        <label>
          Vault <input value={vault} onChange={(e) => setVault(e.target.value)} />
        </label>
        <label>
          Price accounts (vault order, comma-separated) <input value={prices} onChange={(e) => setPrices(e.target.value)} />
        </label>
        <button type="submit">Show</button>
      </form>
    </details>
  );
}

function WalletBox({ wallet, connection, onDisconnect }: { wallet: PageWallet; connection: Connection; onDisconnect: () => void }) {
  const [sol, setSol] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const load = useCallback(() => connection.getBalance(wallet.publicKey).then((l) => setSol(l / LAMPORTS_PER_SOL)), [connection, wallet]);
  useEffect(() => {
    load();
  }, [load]);
  const fund = async () => {
    setBusy(true);
    setNote(null);
    try {
      const sig = await connection.requestAirdrop(wallet.publicKey, 2 * LAMPORTS_PER_SOL);
      for (let i = 0; i < 50; i++) {
        const s = (await connection.getSignatureStatuses([sig])).value[0];
        if (s?.confirmationStatus) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      setNote("Funded: 2 SOL and the faucet's tokens of every asset.");
      await load();
    } catch (e) {
      setNote(`The faucet refused: ${e instanceof Error ? e.message : e}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className={wallet.kind === "development" ? "wallet-box dev" : "wallet-box"}>
      {wallet.kind === "development" ? (
        <p className="dev-warning" data-testid="dev-warning">
          DEVELOPMENT WALLET: its key is kept in this page's storage. For local clusters only; never send it real funds.
        </p>
      ) : null}
      <p>
        {wallet.label}: <code data-testid="wallet-address">{wallet.publicKey.toBase58()}</code> · {sol === null ? "…" : sol.toFixed(3)} SOL
      </p>
      {wallet.kind === "development" ? (
        <button data-testid="fund" disabled={busy} onClick={fund}>
          {busy ? "Funding…" : "Fund from the node's faucet"}
        </button>
      ) : null}{" "}
      <button onClick={onDisconnect}>Disconnect</button>
      {note ? <p data-testid="fund-note">{note}</p> : null}
    </div>
  );
}
