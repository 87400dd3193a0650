/**
 * The committed IDL as an integrator meets it: what each instruction leaves to the caller,
 * the official client's resolver filling in everything else on a live vault, docs that say
 * the remaining accounts, and the constants.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { BN, Program } from "@anchor-lang/core";
import { Keypair, PublicKey, SystemProgram } from "@solana/web3.js";
import {
  associatedTokenAddress,
  authorityAddress,
  changeAddress,
  escrowAddress,
  IDL,
  INSTRUCTIONS_SYSVAR_ID,
  MAX_ASSETS,
  PROGRAM_ID,
  PYTH_RECEIVER_ID,
  RAW_IDL,
  reserveAddress,
  resolverConnection,
  SEEDS,
  shareMintAddress,
  swapAuthorityAddress,
  TOKEN_PROGRAM_ID,
  toAnchorChange,
  type Ballast,
} from "../src";
import { Fixture } from "./fixture";

/** What an integrator passes to each instruction: the accounts the IDL cannot resolve
 * (neither a fixed address, nor seeds, nor a relation to a stored key). */
const CALLER_PROVIDES: Record<string, string[]> = {
  initialize_vault: ["manager", "token_2022_program"],
  deposit: ["user", "vault", "user_token", "user_shares", "asset_mint", "asset_token_program"],
  withdraw: ["user", "vault", "user_shares", "token_2022_program"],
  create_escrow: ["payer", "vault", "mint", "token_program"],
  open_round: ["vault"],
  rebalance: ["keeper", "vault", "sell_escrow", "buy_escrow", "sell_mint", "buy_mint", "keeper_reward_account", "token_2022_program", "dex_program"],
  apply_change: ["vault"],
  queue_change: ["vault"],
  execute_change: ["executor", "change"],
  cancel_change: ["change"],
  discard_change: ["change"],
  expect_config: ["vault"],
  pause: ["authority", "vault"],
  collect_fees: ["vault"],
  remove_asset: ["vault", "mint", "price", "token_program"],
  set_lookup_table: ["vault", "lookup_table"],
};

describe("the committed IDL", () => {
  it("leaves the caller only the accounts it must choose", () => {
    assert.deepEqual(Object.keys(CALLER_PROVIDES).sort(), RAW_IDL.instructions.map((ix) => ix.name).sort());
    for (const ix of RAW_IDL.instructions) {
      const open = ix.accounts
        .filter((a) => !("accounts" in a) && !a.address && !a.pda && !(a.relations && a.relations.length))
        .map((a) => a.name);
      assert.deepEqual(open, CALLER_PROVIDES[ix.name], ix.name);
    }
  });

  it("states every instruction's remaining accounts and documents every account", () => {
    for (const ix of RAW_IDL.instructions) {
      assert.ok(ix.docs?.some((d) => d.startsWith("Remaining accounts:")), `${ix.name} docs`);
      for (const a of ix.accounts) {
        const docs = ("docs" in a && a.docs) || [];
        assert.ok(docs.length > 0 && /^[A-Z`]/.test(docs[0]), `${ix.name}.${a.name}: ${docs[0]}`);
        assert.ok(!docs.some((d) => d.startsWith("CHECK")), `${ix.name}.${a.name}`);
      }
    }
  });

  it("carries the seeds, limits and program ids as constants", () => {
    assert.equal(MAX_ASSETS, 16);
    assert.equal(Buffer.from(SEEDS.reserve).toString(), "reserve");
    assert.equal(Buffer.from(SEEDS.change).toString(), "change");
    assert.equal(PYTH_RECEIVER_ID.toBase58(), "rec5EKMGg6MxZYaMdyBfgwp4d5rB9T1VQH5pJv5LtFJ");
    assert.equal(INSTRUCTIONS_SYSVAR_ID.toBase58(), "Sysvar1nstructions1111111111111111111111111");
    const names = (RAW_IDL.constants ?? []).map((c) => c.name);
    for (const n of ["VAULT_SEED", "ESCROW_SEED", "PAUSE_ALL", "MIN_TIMELOCK_SECS", "MAX_TIMELOCK_SECS", "MAX_MANAGEMENT_FEE_BPS", "ADDRESS_LOOKUP_TABLE_ID"]) {
      assert.ok(names.includes(n), n);
    }
  });

  it("ships the types file Anchor generates, identical to the one compiled in", () => {
    const root = path.resolve(__dirname, "..", "..", "..", "..");
    const committed = readFileSync(path.join(root, "idl", "ballast.ts"), "utf8");
    assert.match(committed, /^\/\*\*[\s\S]*export type Ballast = \{/);
    assert.equal(readFileSync(path.resolve(__dirname, "..", "..", "src", "idl", "ballast.ts"), "utf8"), committed);
  });
});

describe("the official client resolves every PDA and stored account by itself", () => {
  const f = new Fixture(2);
  let program: Program<Ballast>;
  const user = Keypair.generate().publicKey;

  before(async () => {
    await f.createVault();
    await f.configureRebalancing();
    // A client whose wallet is the manager: signers default to it, as in a dApp.
    program = new Program<Ballast>(IDL, { connection: resolverConnection(f.chain), publicKey: f.manager.publicKey });
  });

  const key = (x: PublicKey | undefined) => x?.toBase58();

  it("initialize_vault: the vault from the manager and the vault id, its authorities and share mint", async () => {
    const keys = await program.methods
      .initializeVault({ vaultId: new BN(7), params: { maxOracleAgeSecs: 60, maxConfBps: 100, freshPriceSecs: 30, entrySpreadBps: 0, timelockSecs: 3_600 }, assets: [] })
      .accounts({ manager: f.manager.publicKey, token2022Program: null })
      .pubkeys();
    const vault = PublicKey.findProgramAddressSync([Buffer.from("vault"), f.manager.publicKey.toBuffer(), new BN(7).toArrayLike(Buffer, "le", 8)], PROGRAM_ID)[0];
    assert.equal(key(keys.vault), vault.toBase58());
    assert.equal(key(keys.vaultAuthority), authorityAddress(vault).toBase58());
    assert.equal(key(keys.swapAuthority), swapAuthorityAddress(vault).toBase58());
    assert.equal(key(keys.shareMint), shareMintAddress(vault).toBase58());
    assert.equal(key(keys.tokenProgram), TOKEN_PROGRAM_ID.toBase58());
    assert.equal(key(keys.systemProgram), SystemProgram.programId.toBase58());
  });

  it("deposit, withdraw, collect_fees: the vault authority, share mint and fee recipient from the vault", async () => {
    const v = await f.client.fetchVault(f.vault);
    const a = v.assets[0];
    const dep = await program.methods
      .deposit({ assetIndex: 0, amount: new BN(1), minSharesOut: new BN(0) })
      .accounts({ user, vault: f.vault, userToken: user, userShares: user, assetMint: a.mint, assetTokenProgram: TOKEN_PROGRAM_ID })
      .pubkeys();
    assert.equal(key(dep.vaultAuthority), v.vaultAuthority.toBase58());
    assert.equal(key(dep.shareMint), v.shareMint.toBase58());
    assert.equal(key(dep.tokenProgram), TOKEN_PROGRAM_ID.toBase58());
    const wd = await program.methods
      .withdraw({ shares: new BN(1), minAmountsOut: [], skipAssets: 0 })
      .accounts({ user, vault: f.vault, userShares: user, token2022Program: null })
      .pubkeys();
    assert.equal(key(wd.vaultAuthority), v.vaultAuthority.toBase58());
    assert.equal(key(wd.shareMint), v.shareMint.toBase58());
    const recipient = associatedTokenAddress(f.manager.publicKey, v.shareMint);
    await f.apply({ kind: "feeRecipient", recipient });
    const fees = await program.methods.collectFees().accounts({ vault: f.vault }).pubkeys();
    assert.equal(key(fees.feeRecipient), recipient.toBase58());
    assert.equal(key(fees.shareMint), v.shareMint.toBase58());
  });

  it("create_escrow and remove_asset: escrow and reserve PDAs from the mint, the swap authority from the vault", async () => {
    const v = await f.client.fetchVault(f.vault);
    const mint = v.assets[1].mint;
    const esc = await program.methods
      .createEscrow({ assetIndex: 1 })
      .accounts({ payer: user, vault: f.vault, mint, tokenProgram: TOKEN_PROGRAM_ID })
      .pubkeys();
    assert.equal(key(esc.escrow), escrowAddress(f.vault, mint).toBase58());
    assert.equal(key(esc.swapAuthority), v.swapAuthority.toBase58());
    const rm = await program.methods
      .removeAsset({ assetIndex: 1 })
      .accounts({ vault: f.vault, mint, price: f.prices[1], tokenProgram: TOKEN_PROGRAM_ID })
      .pubkeys();
    assert.equal(key(rm.reserve), reserveAddress(f.vault, mint).toBase58());
    assert.equal(key(rm.escrow), escrowAddress(f.vault, mint).toBase58());
    assert.equal(key(rm.manager), f.manager.publicKey.toBase58());
    assert.equal(key(rm.vaultAuthority), v.vaultAuthority.toBase58());
  });

  it("rebalance: both authorities and the instructions sysvar", async () => {
    const v = await f.client.fetchVault(f.vault);
    const keys = await program.methods
      .rebalance({ sellIndex: 0, buyIndex: 1, amountIn: new BN(1), dexData: Buffer.alloc(0) })
      .accounts({
        keeper: user,
        vault: f.vault,
        sellEscrow: v.assets[0].escrow!,
        buyEscrow: v.assets[1].escrow!,
        sellMint: v.assets[0].mint,
        buyMint: v.assets[1].mint,
        keeperRewardAccount: user,
        token2022Program: null,
        dexProgram: user,
      })
      .pubkeys();
    assert.equal(key(keys.vaultAuthority), v.vaultAuthority.toBase58());
    assert.equal(key(keys.swapAuthority), v.swapAuthority.toBase58());
    assert.equal(key(keys.instructions), INSTRUCTIONS_SYSVAR_ID.toBase58());
  });

  it("queue_change: the change PDA from the vault's next change id; execute and cancel: the vault and the proposer from the change", async () => {
    const v = await f.client.fetchVault(f.vault);
    const change = toAnchorChange({ kind: "entrySpread", entrySpreadBps: 20 }) as never;
    const queued = await program.methods.queueChange(change).accounts({ vault: f.vault }).pubkeys();
    assert.equal(key(queued.change), changeAddress(f.vault, v.nextChangeId).toBase58());
    assert.equal(key(queued.manager), f.manager.publicKey.toBase58());
    await f.send([await program.methods.queueChange(change).accounts({ vault: f.vault }).instruction()], [f.manager]);

    const address = changeAddress(f.vault, v.nextChangeId);
    const exec = await program.methods.executeChange().accounts({ executor: user, change: address }).pubkeys();
    assert.equal(key(exec.vault), f.vault.toBase58());
    assert.equal(key(exec.proposer), f.manager.publicKey.toBase58());
    assert.equal(key(exec.shareMint), v.shareMint.toBase58());
    assert.equal(key(exec.vaultAuthority), v.vaultAuthority.toBase58());
    const cancel = await program.methods.cancelChange().accounts({ change: address }).pubkeys();
    assert.equal(key(cancel.vault), f.vault.toBase58());
    assert.equal(key(cancel.proposer), f.manager.publicKey.toBase58());
    assert.equal(key(cancel.manager), f.manager.publicKey.toBase58());
  });

  it("apply_change, pause, set_lookup_table, open_round: the rest from the vault and the wallet", async () => {
    const v = await f.client.fetchVault(f.vault);
    const apply = await program.methods
      .applyChange(toAnchorChange({ kind: "entrySpread", entrySpreadBps: 30 }) as never)
      .accounts({ vault: f.vault })
      .pubkeys();
    assert.equal(key(apply.shareMint), v.shareMint.toBase58());
    assert.equal(key(apply.manager), f.manager.publicKey.toBase58());
    const table = await program.methods.setLookupTable().accounts({ vault: f.vault, lookupTable: user }).pubkeys();
    assert.equal(key(table.manager), f.manager.publicKey.toBase58());
    const pause = await program.methods.pause({ flags: 1 }).accounts({ authority: f.manager.publicKey, vault: f.vault }).pubkeys();
    assert.equal(key(pause.vault), f.vault.toBase58());
    const round = await program.methods.openRound().accounts({ vault: f.vault }).pubkeys();
    assert.deepEqual(Object.keys(round), ["vault"]);
  });
});
