/**
 * A client for `programs/ballast-test-amm` (the local constant-product venue), written from
 * its Rust client: pool addresses, `create_pool`, `add_liquidity`, `swap` and its quote.
 */
import { createHash } from "node:crypto";
import { AccountMeta, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import { TOKEN_PROGRAM_ID } from "../src";

export const AMM_ID = new PublicKey("GVdhEPc7QNzDUEGypXRzxQMoqAH1diqxFwMKmMKTcXJa");

const discriminator = (name: string) => createHash("sha256").update(`global:${name}`).digest().subarray(0, 8);
const find = (seeds: Buffer[]) => PublicKey.findProgramAddressSync(seeds, AMM_ID)[0];
const u64 = (x: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(x);
  return b;
};
const w = (pubkey: PublicKey): AccountMeta => ({ pubkey, isSigner: false, isWritable: true });
const r = (pubkey: PublicKey): AccountMeta => ({ pubkey, isSigner: false, isWritable: false });

/** One pool of the AMM (mints in pool order: the smaller key first). */
export class AmmPool {
  readonly mintA: PublicKey;
  readonly mintB: PublicKey;
  readonly pool: PublicKey;
  readonly authority: PublicKey;
  readonly vaultA: PublicKey;
  readonly vaultB: PublicKey;

  constructor(x: PublicKey, y: PublicKey, readonly feeBps: number) {
    [this.mintA, this.mintB] = Buffer.compare(x.toBuffer(), y.toBuffer()) < 0 ? [x, y] : [y, x];
    this.pool = find([Buffer.from("pool"), this.mintA.toBuffer(), this.mintB.toBuffer()]);
    this.authority = find([Buffer.from("authority"), this.pool.toBuffer()]);
    this.vaultA = find([Buffer.from("vault"), this.pool.toBuffer(), this.mintA.toBuffer()]);
    this.vaultB = find([Buffer.from("vault"), this.pool.toBuffer(), this.mintB.toBuffer()]);
  }

  /** The pool's vault of `mint`. */
  vaultOf(mint: PublicKey) {
    return mint.equals(this.mintA) ? this.vaultA : this.vaultB;
  }

  createIx(payer: PublicKey): TransactionInstruction {
    const fee = Buffer.alloc(2);
    fee.writeUInt16LE(this.feeBps);
    return new TransactionInstruction({
      programId: AMM_ID,
      keys: [
        { pubkey: payer, isSigner: true, isWritable: true },
        w(this.pool),
        r(this.authority),
        r(this.mintA),
        r(this.mintB),
        w(this.vaultA),
        w(this.vaultB),
        r(TOKEN_PROGRAM_ID),
        r(TOKEN_PROGRAM_ID),
        r(SystemProgram.programId),
      ],
      data: Buffer.concat([discriminator("create_pool"), fee]),
    });
  }

  addLiquidityIx(provider: PublicKey, fromA: PublicKey, fromB: PublicKey, amountA: bigint, amountB: bigint) {
    return new TransactionInstruction({
      programId: AMM_ID,
      keys: [
        { pubkey: provider, isSigner: true, isWritable: false },
        r(this.pool),
        r(this.mintA),
        r(this.mintB),
        w(this.vaultA),
        w(this.vaultB),
        w(fromA),
        w(fromB),
        r(TOKEN_PROGRAM_ID),
        r(TOKEN_PROGRAM_ID),
      ],
      data: Buffer.concat([discriminator("add_liquidity"), u64(amountA), u64(amountB)]),
    });
  }

  /** The `swap` data. */
  swapData(amountIn: bigint, minAmountOut: bigint): Buffer {
    return Buffer.concat([discriminator("swap"), u64(amountIn), u64(minAmountOut)]);
  }

  /** The `swap` accounts: `user` sells `mintIn` from `source` into `destination`. A vault's
   * swap authority is passed as a non-signer: Ballast signs for it in the CPI. */
  swapAccounts(user: PublicKey, source: PublicKey, destination: PublicKey, mintIn: PublicKey, userSigns: boolean) {
    const mintOut = mintIn.equals(this.mintA) ? this.mintB : this.mintA;
    return [
      r(this.pool),
      r(this.authority),
      { pubkey: user, isSigner: userSigns, isWritable: false },
      w(source),
      w(destination),
      w(this.vaultOf(mintIn)),
      w(this.vaultOf(mintOut)),
      r(mintIn),
      r(mintOut),
      r(TOKEN_PROGRAM_ID),
      r(TOKEN_PROGRAM_ID),
    ];
  }
}

/** The AMM's output for `amountIn` (`ballast_test_amm::quote_swap`): fee rounded up, output
 * rounded down. */
export function ammQuote(amountIn: bigint, reserveIn: bigint, reserveOut: bigint, feeBps: number): bigint {
  const fee = (amountIn * BigInt(feeBps) + 9_999n) / 10_000n;
  const x = amountIn - fee;
  return (reserveOut * x) / (reserveIn + x);
}
