/** The vault at a glance: NAV, weights against targets and bands, prices, keeper, history, governance. */
import { units } from "./format";
import { ago, pct, time, usd, wadToNumber } from "./format";
import type { VaultHistory } from "./history";
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
}

export function Glance({
  view,
  history,
  events,
  eventsError,
}: {
  view: VaultView;
  history: History;
  events: VaultHistory | null;
  eventsError: string | null;
}) {
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
      <NavChart samples={history.samples} points={events?.navPoints ?? []} />

      <h2>Rounds</h2>
      <Rounds view={view} events={events} />
      {eventsError ? <p className="muted">The node gave no history ({eventsError}).</p> : null}

      <h2>Deposits and withdrawals</h2>
      <ActivityList view={view} events={events} />

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

function NavChart({ samples, points }: { samples: Sample[]; points: { t: number; navPerShare: number }[] }) {
  if (samples.length < 2) return <p className="muted">Collecting: one point every 2 s while this page is open.</p>;
  const w = 600;
  const h = 160;
  // The vault's line: its deposits' NAV per share (events), then this page's samples.
  const vaultLine = [...points.filter((p) => p.t < samples[0].t), ...samples.map((s) => ({ t: s.t, navPerShare: s.navPerShare }))];
  const t0 = Math.min(vaultLine[0].t, samples[0].t);
  const t1 = Math.max(t0 + 1, samples[samples.length - 1].t);
  const ys = [...samples.map((s) => s.hold), ...vaultLine.map((p) => p.navPerShare)];
  // At least 1 % of the range shown, so that a rebalance's few bps of cost look as small as they are.
  const mid = (Math.min(...ys) + Math.max(...ys)) / 2;
  const lo = Math.min(Math.min(...ys), mid * 0.995);
  const hi = Math.max(Math.max(...ys), mid * 1.005);
  const pt = (t: number, y: number) => `${((t - t0) / (t1 - t0)) * w},${h - ((y - lo) / (hi - lo)) * (h - 10) - 5}`;
  const last = samples[samples.length - 1];
  return (
    <figure className="nav-chart">
      <svg viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="none" role="img" aria-label="NAV per share and buy-and-hold">
        <polyline points={samples.map((s) => pt(s.t, s.hold)).join(" ")} className="hold" />
        <polyline points={vaultLine.map((p) => pt(p.t, p.navPerShare)).join(" ")} className="vault" />
      </svg>
      <figcaption className="muted">
        {usd(lo, 6)} – {usd(hi, 6)} ·
        <span className="key vault" /> vault {usd(last.navPerShare, 6)} · <span className="key hold" /> buy-and-hold of the mix when this page opened {usd(last.hold, 6)} · the vault's line
        starts at its deposits' events ({vaultLine.length - samples.length} before this page opened), the rest are this page's samples
      </figcaption>
    </figure>
  );
}

function Rounds({ view, events }: { view: VaultView; events: VaultHistory | null }) {
  const st = view.status.state;
  const name = (i: number) => view.assets[i]?.name ?? String(i);
  const dec = (i: number) => view.assets[i]?.decimals ?? 0;
  const rounds = events ? [...events.rounds].reverse().slice(0, 5) : [];
  return (
    <div data-testid="rounds">
      {rounds.length > 0 ? (
        <ul className="rounds">
          {rounds.map((r) => (
            <li key={r.openedAt} data-testid="round" data-opened-at={r.openedAt} data-swaps={r.swaps.length}>
              round opened {time(r.openedAt)}: {r.swaps.length} swap{r.swaps.length === 1 ? "" : "s"}
              {r.swaps.length ? ": " : ""}
              {r.swaps
                .map(
                  (sw) =>
                    `${units(sw.amountIn, dec(sw.sell))} ${name(sw.sell)} → ${units(sw.amountOut, dec(sw.buy))} ${name(sw.buy)} (${sw.slippageBps} bps under the oracle, keeper ${units(sw.keeperReward, dec(sw.buy))})`,
                )
                .join("; ")}
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        {st.roundEndsTs === 0n
          ? `No round yet (vault created ${time(st.roundOpenedTs)}).`
          : `Last round opened ${time(st.roundOpenedTs)} (${ago(Number(view.now - st.roundOpenedTs))} ago), ${
              view.status.round.open ? `open until ${time(st.roundEndsTs)}` : `closed ${time(st.roundEndsTs)}`
            }; keeper rewards paid $${(Number(st.roundRewardsMicroUsd) / 1e6).toFixed(2)}. Cooldown ${st.rebalance.cooldownSecs} s, auction ${
              st.rebalance.auctionStartBps
            }→${st.rebalance.maxSlippageBps} bps over ${st.rebalance.auctionSecs} s.`}
      </p>

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

function ActivityList({ view, events }: { view: VaultView; events: VaultHistory | null }) {
  if (!events) return <p className="muted">Reading the vault's transactions…</p>;
  const recent = [...events.activity].reverse().slice(0, 8);
  if (recent.length === 0) return <p className="muted">None in the node's history ({events.transactions} transactions read).</p>;
  const asset = (i: number) => view.assets[i];
  return (
    <ul className="activity" data-testid="activity">
      {recent.map((a) => (
        <li key={a.signature} data-testid={`activity-${a.what}`} data-user={a.user} data-shares={a.shares.toString()}>
          {time(a.time)}: {a.user.slice(0, 4)}…{a.user.slice(-4)}{" "}
          {a.what === "deposit"
            ? `deposited ${units(a.amount ?? 0n, asset(a.assetIndex ?? 0)?.decimals ?? 0)} ${asset(a.assetIndex ?? 0)?.name ?? ""} for ${units(a.shares, 9)} shares`
            : `withdrew ${units(a.shares, 9)} shares for ${(a.amounts ?? []).map((x, i) => `${units(x, asset(i)?.decimals ?? 0)} ${asset(i)?.name ?? ""}`).join(", ")}`}
        </li>
      ))}
    </ul>
  );
}
