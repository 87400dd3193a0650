/** Deposit and withdraw: the program's own quotes (`@ballast/client`), the minimum accepted,
 * the transaction through the vault's lookup table, and what actually moved. */
import { associatedTokenAddress, BallastClient, DepositQuote, QuoteRefused, withTolerance, WithdrawQuote } from "@ballast/client";
import { PublicKey } from "@solana/web3.js";
import { useEffect, useState } from "react";
import { parseUnits, units } from "./format";
import { createAtaIdempotent, refusal, sendWithWallet } from "./tx";
import type { VaultView } from "./vault";
import type { PageWallet } from "./wallet";

interface Props {
  client: BallastClient;
  vault: PublicKey;
  prices: PublicKey[];
  view: VaultView;
  wallet: PageWallet | null;
  onDone: () => void;
}

type Outcome =
  | { ok: true; text: string; quoted: string; actual: string; signature: string; lookupTable: boolean }
  | { ok: false; name: string; text: string };

function quoteError(e: unknown): string {
  if (e instanceof QuoteRefused) return `the program would refuse it: ${e.code}`;
  return e instanceof Error ? e.message : String(e);
}

export function Trade(props: Props) {
  return (
    <section className="trade">
      <Deposit {...props} />
      <Withdraw {...props} />
    </section>
  );
}

function useBalances(client: BallastClient, accounts: PublicKey[], tick: unknown) {
  const [balances, setBalances] = useState<bigint[] | null>(null);
  const key = accounts.map((a) => a.toBase58()).join();
  useEffect(() => {
    let live = true;
    Promise.all(accounts.map((a) => client.tokenBalance(a))).then((b) => live && setBalances(b));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key, tick]);
  // Balances of other accounts (before a wallet connected, or another asset) are not these.
  return balances && balances.length === accounts.length && accounts.length > 0 ? balances : null;
}

/** A transaction in flight and its outcome: `run` reports a refusal by the program's name. */
function useAction() {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const run = async (send: () => Promise<Outcome>) => {
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome(await send());
    } catch (e) {
      setOutcome({ ok: false, ...refusal(e) });
    } finally {
      setBusy(false);
    }
  };
  return { busy, outcome, run };
}

function OutcomeLine({ outcome, testid }: { outcome: Outcome | null; testid: string }) {
  if (!outcome) return null;
  if (!outcome.ok) {
    return (
      <p className="refusal" data-testid={testid} data-error={outcome.name}>
        Refused: <strong>{outcome.name}</strong> — {outcome.text}
      </p>
    );
  }
  return (
    <p className="done" data-testid={testid} data-quoted={outcome.quoted} data-actual={outcome.actual} data-lookup-table={outcome.lookupTable ? "yes" : "no"}>
      {outcome.text} <span className="muted">({outcome.lookupTable ? "v0 through the vault's lookup table" : "v0"}, {outcome.signature.slice(0, 12)}…)</span>
    </p>
  );
}

function Deposit({ client, vault, prices, view, wallet, onDone }: Props) {
  const st = view.status.state;
  const [assetIndex, setAssetIndex] = useState(0);
  const [amountText, setAmountText] = useState("1");
  const [toleranceBps, setToleranceBps] = useState(50);
  const [quote, setQuote] = useState<DepositQuote | null>(null);
  const [quoteErr, setQuoteErr] = useState<string | null>(null);
  const { busy, outcome, run } = useAction();
  const asset = view.assets[assetIndex];
  const owner = wallet?.publicKey;
  const accounts = owner
    ? [associatedTokenAddress(owner, st.assets[assetIndex].mint, st.assets[assetIndex].tokenProgramId), associatedTokenAddress(owner, st.shareMint)]
    : [];
  const balances = useBalances(client, accounts, view.now);

  let amount: bigint | null = null;
  let amountErr: string | null = null;
  try {
    amount = parseUnits(amountText, asset.decimals);
  } catch (e) {
    amountErr = e instanceof Error ? e.message : String(e);
  }

  useEffect(() => {
    if (amount === null) return;
    client
      .quoteDeposit(vault, { assetIndex, amount, prices })
      .then((q) => {
        setQuote(q);
        setQuoteErr(null);
      })
      .catch((e) => {
        setQuote(null);
        setQuoteErr(quoteError(e));
      });
  }, [client, vault, prices, assetIndex, amount, view.now]);

  const short = balances && amount !== null && balances[0] < amount;

  const submit = () => {
    if (!wallet || amount === null) return;
    return run(async () => {
      const shares = associatedTokenAddress(wallet.publicKey, st.shareMint);
      const q = await client.quoteDeposit(vault, { assetIndex, amount, prices });
      const minSharesOut = withTolerance(q.sharesOut, toleranceBps);
      const ix = await client.deposit({ vault, user: wallet.publicKey, assetIndex, amount, minSharesOut, prices });
      // The deposit lands only on the configuration the page showed (ConfigChanged otherwise).
      const pin = await client.expectConfig({ vault, configSeq: st.configSeq });
      const before = await client.tokenBalance(shares);
      const sent = await sendWithWallet(client, wallet, vault, [createAtaIdempotent(wallet.publicKey, wallet.publicKey, st.shareMint), pin, ix]);
      const minted = (await client.tokenBalance(shares)) - before;
      onDone();
      return {
        ok: true,
        text: `Deposited ${units(amount, asset.decimals)} ${asset.name}: minted ${units(minted, 9)} shares (quoted ${units(q.sharesOut, 9)}).`,
        quoted: q.sharesOut.toString(),
        actual: minted.toString(),
        signature: sent.signature,
        lookupTable: sent.usedLookupTable,
      };
    });
  };

  return (
    <div className="panel" data-testid="deposit">
      <h2>Deposit</h2>
      <label>
        Asset{" "}
        <select data-testid="deposit-asset" value={assetIndex} onChange={(e) => setAssetIndex(Number(e.target.value))}>
          {view.assets.map((a) => (
            <option key={a.index} value={a.index}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Amount <input data-testid="deposit-amount" inputMode="decimal" value={amountText} onChange={(e) => setAmountText(e.target.value)} />
      </label>
      <label>
        Accept down to{" "}
        <input className="small" type="number" min={0} max={10_000} value={toleranceBps} onChange={(e) => setToleranceBps(Number(e.target.value))} /> bps less
      </label>
      {balances ? (
        <p className="muted">
          You hold {units(balances[0], asset.decimals)} {asset.name} and {units(balances[1], 9)} shares.
        </p>
      ) : null}
      {amountErr ? <p className="refusal">{amountErr}</p> : null}
      {quote ? (
        <p data-testid="deposit-quote" data-shares={quote.sharesOut.toString()} data-min={withTolerance(quote.sharesOut, toleranceBps).toString()}>
          You get <strong>{units(quote.sharesOut, 9)}</strong> shares (value credited ${(Number(quote.creditedValue) / 1e18).toFixed(2)} after the{" "}
          {st.entrySpreadBps} bps entry spread); you accept at least {units(withTolerance(quote.sharesOut, toleranceBps), 9)}.
        </p>
      ) : null}
      {quoteErr ? <p className="refusal">{quoteErr}</p> : null}
      {asset.priceAge > st.freshPriceSecs ? (
        <p className="refusal">
          {asset.name}'s price is {asset.priceAge} s old; the program takes prices at most {st.freshPriceSecs} s old.
        </p>
      ) : null}
      {short ? <p className="refusal">Insufficient balance: you hold {units(balances![0], asset.decimals)} {asset.name}.</p> : null}
      <button data-testid="deposit-send" disabled={!wallet || busy || amount === null || !!short} onClick={submit}>
        {busy ? "Depositing…" : wallet ? "Deposit" : "Connect a wallet to deposit"}
      </button>
      <OutcomeLine outcome={outcome} testid="deposit-outcome" />
    </div>
  );
}

function Withdraw({ client, vault, view, wallet, onDone }: Props) {
  const st = view.status.state;
  const [sharesText, setSharesText] = useState("");
  const [toleranceBps, setToleranceBps] = useState(50);
  const [quote, setQuote] = useState<WithdrawQuote | null>(null);
  const [quoteErr, setQuoteErr] = useState<string | null>(null);
  const { busy, outcome, run } = useAction();
  const owner = wallet?.publicKey;
  const assetAccounts = owner ? st.assets.map((a) => associatedTokenAddress(owner, a.mint, a.tokenProgramId)) : [];
  const accounts = owner ? [associatedTokenAddress(owner, st.shareMint), ...assetAccounts] : [];
  const balances = useBalances(client, accounts, view.now);
  const held = balances ? balances[0] : null;

  let shares: bigint | null = null;
  try {
    shares = sharesText ? parseUnits(sharesText, 9) : null;
  } catch {
    shares = null;
  }

  useEffect(() => {
    if (shares === null || shares === 0n) {
      setQuote(null);
      return;
    }
    client
      .quoteWithdraw(vault, { shares })
      .then((q) => {
        setQuote(q);
        setQuoteErr(null);
      })
      .catch((e) => {
        setQuote(null);
        setQuoteErr(quoteError(e));
      });
  }, [client, vault, shares, view.now]);

  const submit = () => {
    if (!wallet || shares === null) return;
    return run(async () => {
      const q = await client.quoteWithdraw(vault, { shares });
      const minAmountsOut = q.amounts.map((a) => withTolerance(a, toleranceBps));
      const infos = await client.chain.getMultipleAccountsInfo(assetAccounts);
      const creates = st.assets.flatMap((a, i) => (infos[i] ? [] : [createAtaIdempotent(wallet.publicKey, wallet.publicKey, a.mint, a.tokenProgramId)]));
      const ix = await client.withdraw({ vault, user: wallet.publicKey, shares, minAmountsOut });
      const before = await Promise.all(assetAccounts.map((a) => client.tokenBalance(a)));
      const sent = await sendWithWallet(client, wallet, vault, [...creates, ix]);
      const after = await Promise.all(assetAccounts.map((a) => client.tokenBalance(a)));
      const paid = after.map((b, i) => b - before[i]);
      setSharesText("");
      onDone();
      return {
        ok: true,
        text: `Withdrew ${units(shares, 9)} shares: paid ${paid.map((p, i) => `${units(p, st.assets[i].decimals)} ${view.assets[i].name}`).join(", ")} (quoted ${q.amounts
          .map((p, i) => units(p, st.assets[i].decimals))
          .join(", ")}).`,
        quoted: q.amounts.join(","),
        actual: paid.join(","),
        signature: sent.signature,
        lookupTable: sent.usedLookupTable,
      };
    });
  };

  return (
    <div className="panel" data-testid="withdraw">
      <h2>Withdraw</h2>
      <p className="muted">Withdrawals pay your part of every reserve, in kind; they need no price and are never paused.</p>
      <label>
        Shares <input data-testid="withdraw-shares" inputMode="decimal" value={sharesText} onChange={(e) => setSharesText(e.target.value)} />
      </label>{" "}
      <button data-testid="withdraw-all" disabled={held === null || held === 0n} onClick={() => held !== null && setSharesText(units(held, 9))}>
        All{held !== null ? ` (${units(held, 9)})` : ""}
      </button>
      <label>
        Accept down to{" "}
        <input className="small" type="number" min={0} max={10_000} value={toleranceBps} onChange={(e) => setToleranceBps(Number(e.target.value))} /> bps less
      </label>
      {quote ? (
        <div data-testid="withdraw-quote" data-amounts={quote.amounts.join(",")}>
          <p>You receive:</p>
          <ul>
            {quote.amounts.map((a, i) => (
              <li key={i}>
                {units(a, st.assets[i].decimals)} {view.assets[i].name} (at least {units(withTolerance(a, toleranceBps), st.assets[i].decimals)})
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {quoteErr ? <p className="refusal">{quoteErr}</p> : null}
      <button data-testid="withdraw-send" disabled={!wallet || busy || shares === null || shares === 0n} onClick={submit}>
        {busy ? "Withdrawing…" : wallet ? "Withdraw" : "Connect a wallet to withdraw"}
      </button>
      <OutcomeLine outcome={outcome} testid="withdraw-outcome" />
    </div>
  );
}
