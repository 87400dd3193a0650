/** The vault at a glance: NAV, weights against targets and bands, prices, keeper, history, governance. */
import { units } from "./format";
import { ago, pct, time, usd, wadToNumber } from "./format";
import type { VaultView } from "./vault";

export interface Sample {
  t: number;
  navPerShare: number;
  hold: number;
}

/** What the page saw since it opened (the node serves no transaction history). */
export interface History {
  first: { balances: bigint[]; decimals: number[]; supply: bigint } | null;
  samples: Sample[];
  rounds: { openedAt: number; endsAt: number }[];
}

export function Glance({ view, history }: { view: VaultView; history: History }) {
  const s = view.status;
  return (
    <section className="glance" data-testid="glance" data-share-mint={s.state.shareMint.toBase58()}>
      <div className="figures">
        <Figure label="NAV" value={usd(wadToNumber(view.nav))} testid="nav" raw={view.nav.toString()} />
        <Figure label="NAV per share" value={usd(wadToNumber(view.navPerShare), 6)} testid="nav-per-share" raw={view.navPerShare.toString()} />
        <Figure label="Shares" value={units(s.mintSupply, 9)} testid="supply" raw={s.mintSupply.toString()} />
      </div>
      <p className="muted" data-testid="policy">
        Policy {view.policy} ({s.state.rebalance.tradeTarget ?? "-"}); max slippage {s.state.rebalance.maxSlippageBps} bps, swaps at most{" "}
        {s.state.rebalance.maxSwapBps / 100}% of NAV.
      </p>
      <p className={view.keeper.due ? "keeper due" : "keeper"} data-testid="keeper" data-due={view.keeper.due ? "yes" : "no"}>
        <strong>Keeper now:</strong> {view.keeper.why}
      </p>
      {s.state.depositsPaused || s.state.rebalancesPaused ? (
        <p className="refusal">
          Paused: {[s.state.depositsPaused ? "deposits" : "", s.state.rebalancesPaused ? "rebalances" : ""].filter(Boolean).join(" and ")}
        </p>
      ) : null}

      <h2>Composition</h2>
      <WeightChart view={view} />
      <div className="table-wrap">
        <table data-testid="composition">
          <thead>
            <tr>
              <th>asset</th>
              <th>reserve</th>
              <th>value</th>
              <th>weight</th>
              <th>target ± band</th>
              <th>oracle price</th>
              <th>age</th>
            </tr>
          </thead>
          <tbody>
            {view.assets.map((a) => (
              <tr
                key={a.index}
                data-testid={`asset-${a.index}`}
                data-name={a.name}
                data-mint={a.mint.toBase58()}
                data-reserve={a.balance.toString()}
                data-decimals={a.decimals}
                data-value={a.value.toString()}
                data-weight={a.weight.toString()}
                data-target-bps={a.targetBps}
                data-band={a.band.toString()}
                data-outside={a.outside ? "yes" : "no"}
                data-price={a.price}
                data-age={a.priceAge}
                className={a.outside ? "outside" : ""}
              >
                <td>{a.name}</td>
                <td className="num">{units(a.balance, a.decimals)}</td>
                <td className="num">{usd(wadToNumber(a.value))}</td>
                <td className="num">{pct(wadToNumber(a.weight))}</td>
                <td className="num">
                  {pct(a.targetBps / 10_000)} ± {pct(wadToNumber(a.band))}
                </td>
                <td className="num">{a.price.toLocaleString("en-US", { maximumFractionDigits: 4 })}</td>
                <td className={a.priceAge > s.state.freshPriceSecs ? "num stale" : "num"}>{ago(a.priceAge)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        Deposits take prices at most {s.state.freshPriceSecs} s old; rounds open on prices at most {s.state.maxOracleAgeSecs} s old. Entry spread{" "}
        {s.state.entrySpreadBps} bps, management fee {s.state.managementFeeBps} bps a year.
      </p>

      <h2>NAV per share against buy-and-hold</h2>
      <NavChart samples={history.samples} />

      <h2>Rounds</h2>
      <Rounds view={view} history={history} />

      <h2>Governance</h2>
      <Governance view={view} />
    </section>
  );
}

function Figure({ label, value, testid, raw }: { label: string; value: string; testid: string; raw?: string }) {
  return (
    <div className="figure">
      <span className="label">{label}</span>
      <span className="value" data-testid={testid} data-raw={raw}>
        {value}
      </span>
    </div>
  );
}

/** Per asset: the band around the target (shaded), the target (line) and the weight (bar). */
function WeightChart({ view }: { view: VaultView }) {
  const max = Math.max(0.1, ...view.assets.map((a) => Math.max(wadToNumber(a.weight), a.targetBps / 10_000 + wadToNumber(a.band)))) * 1.1;
  const x = (f: number) => `${(f / max) * 100}%`;
  return (
    <div className="weights" role="img" aria-label="current weight against target and band per asset">
      {view.assets.map((a) => {
        const t = a.targetBps / 10_000;
        const b = wadToNumber(a.band);
        return (
          <div className="weight-row" key={a.index}>
            <span className="weight-name">{a.name}</span>
            <div className="weight-track">
              <div className="band" style={{ left: x(Math.max(0, t - b)), width: x(Math.min(t, b) + b) }} />
              <div className={a.outside ? "bar outside" : "bar"} style={{ width: x(wadToNumber(a.weight)) }} />
              <div className="target" style={{ left: x(t) }} />
            </div>
            <span className="weight-figure">{pct(wadToNumber(a.weight), 1)}</span>
          </div>
        );
      })}
      <p className="legend muted">bar: weight now · line: target · shaded: band (no trade inside it)</p>
    </div>
  );
}

function NavChart({ samples }: { samples: Sample[] }) {
  if (samples.length < 2) return <p className="muted">Collecting: one point every 2 s while this page is open.</p>;
  const w = 600;
  const h = 160;
  const t0 = samples[0].t;
  const t1 = Math.max(t0 + 1, samples[samples.length - 1].t);
  const ys = samples.flatMap((s) => [s.navPerShare, s.hold]);
  // At least 1 % of the range shown, so that a rebalance's few bps of cost look as small as they are.
  const mid = (Math.min(...ys) + Math.max(...ys)) / 2;
  const lo = Math.min(Math.min(...ys), mid * 0.995);
  const hi = Math.max(Math.max(...ys), mid * 1.005);
  const pt = (t: number, y: number) => `${((t - t0) / (t1 - t0)) * w},${h - ((y - lo) / (hi - lo)) * (h - 10) - 5}`;
  const line = (f: (s: Sample) => number) => samples.map((s) => pt(s.t, f(s))).join(" ");
  const last = samples[samples.length - 1];
  return (
    <figure className="nav-chart">
      <svg viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="none" role="img" aria-label="NAV per share and buy-and-hold">
        <polyline points={line((s) => s.hold)} className="hold" />
        <polyline points={line((s) => s.navPerShare)} className="vault" />
      </svg>
      <figcaption className="muted">
        {usd(lo, 6)} – {usd(hi, 6)} ·
        <span className="key vault" /> vault {usd(last.navPerShare, 6)} · <span className="key hold" /> buy-and-hold of the first mix {usd(last.hold, 6)} · since this page
        opened ({samples.length} points; the node serves no transaction history)
      </figcaption>
    </figure>
  );
}

function Rounds({ view, history }: { view: VaultView; history: History }) {
  const st = view.status.state;
  return (
    <div data-testid="rounds">
      <p>
        {st.roundEndsTs === 0n
          ? `No round yet (vault created ${time(st.roundOpenedTs)}).`
          : `Last round opened ${time(st.roundOpenedTs)} (${ago(Number(view.now - st.roundOpenedTs))} ago), ${
              view.status.round.open ? `open until ${time(st.roundEndsTs)}` : `closed ${time(st.roundEndsTs)}`
            }; keeper rewards paid $${(Number(st.roundRewardsMicroUsd) / 1e6).toFixed(2)}. Cooldown ${st.rebalance.cooldownSecs} s, auction ${
              st.rebalance.auctionStartBps
            }→${st.rebalance.maxSlippageBps} bps over ${st.rebalance.auctionSecs} s.`}
      </p>
      {history.rounds.length > 1 ? (
        <ul>
          {history.rounds.map((r) => (
            <li key={r.openedAt}>{time(r.openedAt)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function Governance({ view }: { view: VaultView }) {
  const st = view.status.state;
  const ramp = view.now < st.rampEndTs;
  return (
    <div data-testid="governance">
      <p>
        Manager <code>{st.manager.toBase58()}</code>, timelock {ago(st.timelockSecs)}.
      </p>
      {ramp ? (
        <p>
          Weights ramp from {st.assets.map((a) => pct(a.rampFromBps / 10_000, 1)).join(" / ")} to{" "}
          {st.assets.map((a) => pct(a.targetWeightBps / 10_000, 1)).join(" / ")}, {time(st.rampStartTs)} → {time(st.rampEndTs)}.
        </p>
      ) : null}
      {view.changes.length === 0 ? (
        <p className="muted">No queued change.</p>
      ) : (
        <ul>
          {view.changes.map((c) => (
            <li key={c.id.toString()} data-testid={`change-${c.id}`} data-executable-at={c.executableAt.toString()}>
              change {c.id.toString()}: {c.what}; executable {time(c.executableAt)}
              {c.executableAt <= view.now ? " (now)" : ` (in ${ago(Number(c.executableAt - view.now))})`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
