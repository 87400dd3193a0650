/**
 * Error names for failed transactions: Ballast's own codes (from the IDL) and Anchor's
 * framework codes, read from a custom program error's code or from the program's logs.
 */
import { AnchorError, LangErrorCode } from "@anchor-lang/core";
import { RAW_IDL } from "./idl";

/** Ballast's errors by code: `{ name, msg }`. */
export const BALLAST_ERRORS: ReadonlyMap<number, { name: string; msg?: string }> = new Map(
  (RAW_IDL.errors ?? []).map((e) => [e.code, { name: e.name, msg: e.msg }]),
);

const LANG_ERRORS: ReadonlyMap<number, string> = new Map(
  Object.entries(LangErrorCode).map(([name, code]) => [code, name]),
);

/** The name of a custom program error code: Ballast's (6000 and up) or Anchor's. */
export function errorName(code: number): string | undefined {
  return BALLAST_ERRORS.get(code)?.name ?? LANG_ERRORS.get(code);
}

/** The code of one of Ballast's errors, by name. */
export function errorCode(name: string): number {
  for (const [code, e] of BALLAST_ERRORS) if (e.name === name) return code;
  const lang = (LangErrorCode as Record<string, number>)[name];
  if (lang === undefined) throw new Error(`no error named ${name}`);
  return lang;
}

/** The Anchor error a program logged (`Error Code: X. Error Number: N.`), if any. */
export function errorFromLogs(logs: string[]): { name: string; code: number } | undefined {
  const parsed = AnchorError.parse(logs);
  if (parsed) return { name: parsed.error.errorCode.code, code: parsed.error.errorCode.number };
  for (const line of logs) {
    const m = /Error Code: (\w+)\. Error Number: (\d+)\./.exec(line);
    if (m) return { name: m[1], code: Number(m[2]) };
  }
  return undefined;
}

/** A transaction the chain refused, with the error's name when a program named it. */
export class TransactionFailed extends Error {
  constructor(
    /** Ballast's or Anchor's error name (`"ShareMintMismatch"`), or the runtime's. */
    readonly errorName: string,
    /** The custom program error code, when there is one. */
    readonly code: number | undefined,
    /** Index of the failing instruction, when known. */
    readonly instructionIndex: number | undefined,
    /** The transaction's logs. */
    readonly logs: string[],
  ) {
    super(`transaction failed: ${errorName}${code === undefined ? "" : ` (${code})`}`);
    this.name = "TransactionFailed";
  }
}
