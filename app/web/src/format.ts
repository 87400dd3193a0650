/** Display helpers: Wads and base units as text. */
import { WAD } from "@ballast/client";

export const wadToNumber = (w: bigint) => Number(w) / Number(WAD);

export const usd = (x: number, digits = 2) =>
  "$" + x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const pct = (x: number, digits = 2) => (x * 100).toFixed(digits) + "%";

/** `amount` base units with `decimals` decimals, exactly (no float). */
export function units(amount: bigint, decimals: number): string {
  const neg = amount < 0n;
  const a = neg ? -amount : amount;
  const s = a.toString().padStart(decimals + 1, "0");
  const whole = s.slice(0, s.length - decimals);
  const frac = decimals ? s.slice(s.length - decimals).replace(/0+$/, "") : "";
  return (neg ? "-" : "") + whole + (frac ? "." + frac : "");
}

/** A decimal string as base units (throws on a malformed or too precise amount). */
export function parseUnits(text: string, decimals: number): bigint {
  const t = text.trim();
  if (!/^\d+(\.\d+)?$/.test(t)) throw new Error(`"${text}" is not an amount`);
  const [whole, frac = ""] = t.split(".");
  if (frac.length > decimals) throw new Error(`at most ${decimals} decimals`);
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, "0") || "0");
}

export const ago = (secs: number) => (secs < 120 ? `${secs} s` : secs < 7200 ? `${Math.round(secs / 60)} min` : `${Math.round(secs / 3600)} h`);

export const time = (ts: bigint | number) => new Date(Number(ts) * 1000).toISOString().replace("T", " ").slice(0, 19) + " UTC";
