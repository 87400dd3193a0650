/**
 * The committed IDL (`idl/ballast.json`, generated from the program by `scripts/idl.sh`) and
 * the TypeScript type Anchor generates for it (`idl/ballast.ts`); the build copies both into
 * `src/idl/`.
 */
import type { Idl } from "@anchor-lang/core";
import type { Ballast } from "./idl/ballast";
import idlJson from "./idl/ballast.json";

export type { Ballast };

/** The IDL as the official client takes it: `new Program<Ballast>(IDL, provider)`. */
export const IDL = idlJson as unknown as Ballast;

/** The IDL as plain data (snake_case names, as committed), for reading its constants. */
export const RAW_IDL = idlJson as unknown as Idl;
