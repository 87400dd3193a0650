/**
 * `@ballast/client/litesvm`: a {@link Chain} over the `litesvm` npm package (an embedded
 * chain that runs `target/deploy/ballast.so`), with what tests and demos need to set one up:
 * programs, mints, token accounts, Pyth prices and the clock. Kept out of the main entry so
 * a web bundle never pulls the native module.
 */
import { AccountInfo, Keypair, PublicKey, VersionedTransaction } from "@solana/web3.js";
import { address, getTransactionDecoder, lamports } from "@solana/kit";
import { Clock, FailedTransactionMetadata, LiteSVM } from "litesvm";
import { Chain, describeTransactionError, SentTransaction } from "./chain";
import { PROGRAM_ID, PYTH_RECEIVER_ID, TOKEN_PROGRAM_ID } from "./constants";
import { TransactionFailed } from "./errors";
import { associatedTokenAddress } from "./pda";
import { encodePriceUpdate, PriceUpdate } from "./pyth";

const addr = (key: PublicKey) => address(key.toBase58());

/** LiteSVM's fieldless `InstructionError`s, by number (its `InstructionErrorFieldless`). */
const INSTRUCTION_ERRORS = [
  "GenericError", "InvalidArgument", "InvalidInstructionData", "InvalidAccountData",
  "AccountDataTooSmall", "InsufficientFunds", "IncorrectProgramId", "MissingRequiredSignature",
  "AccountAlreadyInitialized", "UninitializedAccount", "UnbalancedInstruction",
  "ModifiedProgramId", "ExternalAccountLamportSpend", "ExternalAccountDataModified",
  "ReadonlyLamportChange", "ReadonlyDataModified", "DuplicateAccountIndex", "ExecutableModified",
  "RentEpochModified", "NotEnoughAccountKeys", "AccountDataSizeChanged", "AccountNotExecutable",
  "AccountBorrowFailed", "AccountBorrowOutstanding", "DuplicateAccountOutOfSync", "InvalidError",
  "ExecutableDataModified", "ExecutableLamportChange", "ExecutableAccountNotRentExempt",
  "UnsupportedProgramId", "CallDepth", "MissingAccount", "ReentrancyNotAllowed",
  "MaxSeedLengthExceeded", "InvalidSeeds", "InvalidRealloc", "ComputationalBudgetExceeded",
  "PrivilegeEscalation", "ProgramEnvironmentSetupFailure", "ProgramFailedToComplete",
  "ProgramFailedToCompile", "Immutable", "IncorrectAuthority", "AccountNotRentExempt",
  "InvalidAccountOwner", "ArithmeticOverflow", "UnsupportedSysvar", "IllegalOwner",
  "MaxAccountsDataAllocationsExceeded", "MaxAccountsExceeded", "MaxInstructionTraceLengthExceeded",
  "BuiltinProgramsMustConsumeComputeUnits", "BorshIoError",
];
/** LiteSVM's fieldless `TransactionError`s, by number (its `TransactionErrorFieldless`). */
const TRANSACTION_ERRORS = [
  "AccountInUse", "AccountLoadedTwice", "AccountNotFound", "ProgramAccountNotFound",
  "InsufficientFundsForFee", "InvalidAccountForFee", "AlreadyProcessed", "BlockhashNotFound",
  "CallChainTooDeep", "MissingSignatureForFee", "InvalidAccountIndex", "SignatureFailure",
  "InvalidProgramForExecution", "SanitizeFailure", "ClusterMaintenance",
  "AccountBorrowOutstanding", "WouldExceedMaxBlockCostLimit", "UnsupportedVersion",
  "InvalidWritableAccount", "WouldExceedMaxAccountCostLimit", "WouldExceedAccountDataBlockLimit",
  "TooManyAccountLocks", "AddressLookupTableNotFound", "InvalidAddressLookupTableOwner",
  "InvalidAddressLookupTableData", "InvalidAddressLookupTableIndex", "InvalidRentPayingAccount",
  "WouldExceedMaxVoteCostLimit", "WouldExceedAccountDataTotalLimit",
  "MaxLoadedAccountsDataSizeExceeded", "ResanitizationNeeded",
  "InvalidLoadedAccountsDataSizeLimit", "UnbalancedTransaction", "ProgramCacheHitMaxLimit",
  "CommitCancelled",
];

/** The runtime's error of a failed LiteSVM transaction, in the RPC's JSON shape. */
function rpcShapedError(failed: FailedTransactionMetadata): unknown {
  const err = failed.err() as unknown;
  if (typeof err === "number") return TRANSACTION_ERRORS[err] ?? `TransactionError(${err})`;
  const e = err as { index?: number; err?: () => unknown };
  if (typeof e.err === "function" && typeof e.index === "number") {
    const inner = e.err() as { code?: number } | number;
    if (typeof inner === "number") {
      return { InstructionError: [e.index, INSTRUCTION_ERRORS[inner] ?? `InstructionError(${inner})`] };
    }
    if (typeof inner.code === "number") return { InstructionError: [e.index, { Custom: inner.code }] };
    return { InstructionError: [e.index, String(inner)] };
  }
  return String(err);
}

/** A {@link Chain} over an embedded LiteSVM. */
export class LiteSvmChain implements Chain {
  /** A fresh embedded chain with `programs` loaded from their `.so` files (Ballast's is
   * `target/deploy/ballast.so`, at `PROGRAM_ID`). */
  static withPrograms(programs: { id: PublicKey; path: string }[]): LiteSvmChain {
    const svm = new LiteSVM();
    for (const p of programs) svm.addProgramFromFile(addr(p.id), p.path);
    return new LiteSvmChain(svm);
  }

  constructor(readonly svm: LiteSVM) {}

  async getAccountInfo(key: PublicKey): Promise<AccountInfo<Buffer> | null> {
    const account = this.svm.getAccount(addr(key));
    if (!account.exists) return null;
    return {
      data: Buffer.from(account.data),
      owner: new PublicKey(account.programAddress),
      lamports: Number(account.lamports),
      executable: account.executable,
      rentEpoch: 0,
    };
  }

  getMultipleAccountsInfo(keys: PublicKey[]) {
    return Promise.all(keys.map((k) => this.getAccountInfo(k)));
  }

  async latestBlockhash() {
    return this.svm.latestBlockhash();
  }

  async now() {
    return this.svm.getClock().unixTimestamp;
  }

  async send(tx: VersionedTransaction): Promise<SentTransaction> {
    const decoded = getTransactionDecoder().decode(tx.serialize());
    const result = this.svm.sendTransaction(decoded);
    // A new blockhash for the next transaction, so that sending the same one twice runs twice.
    this.svm.expireBlockhash();
    if (result instanceof FailedTransactionMetadata) {
      const logs = result.meta().logs();
      const { name, code, index } = describeTransactionError(rpcShapedError(result), logs);
      throw new TransactionFailed(name, code, index, logs);
    }
    return {
      signature: Buffer.from(result.signature()).toString("hex"),
      logs: result.logs(),
      computeUnits: result.computeUnitsConsumed(),
    };
  }

  // --- setting up an embedded chain ---

  /** Gives `key` lamports. */
  airdrop(key: PublicKey, amount: bigint) {
    this.svm.airdrop(addr(key), lamports(amount));
  }

  /** A funded new keypair. */
  fundedKeypair(amount = 100_000_000_000n): Keypair {
    const k = Keypair.generate();
    this.airdrop(k.publicKey, amount);
    return k;
  }

  /** Writes an account (rent-exempt unless `lamports` is given). */
  setAccount(key: PublicKey, p: { data: Uint8Array; owner: PublicKey; lamports?: bigint; executable?: boolean }) {
    const rent = this.svm.minimumBalanceForRentExemption(BigInt(p.data.length));
    this.svm.setAccount({
      address: addr(key),
      data: p.data,
      executable: p.executable ?? false,
      lamports: lamports(p.lamports ?? rent),
      programAddress: addr(p.owner),
      space: BigInt(p.data.length),
    });
  }

  /** Writes an SPL mint (82 bytes) with `supply`, `decimals` and a mint authority. */
  setMint(mint: PublicKey, p: { decimals: number; supply?: bigint; authority?: PublicKey; program?: PublicKey }) {
    const data = Buffer.alloc(82);
    if (p.authority) {
      data.writeUInt32LE(1, 0);
      data.set(p.authority.toBytes(), 4);
    }
    data.writeBigUInt64LE(p.supply ?? 0n, 36);
    data[44] = p.decimals;
    data[45] = 1;
    this.setAccount(mint, { data, owner: p.program ?? TOKEN_PROGRAM_ID });
  }

  /** Writes an initialized SPL token account of `mint` owned by `owner` holding `amount`
   * (at `owner`'s associated address unless `at` is given); returns its address. The mint's
   * supply is not changed. */
  setTokenAccount(p: { mint: PublicKey; owner: PublicKey; amount: bigint; at?: PublicKey; program?: PublicKey }) {
    const program = p.program ?? TOKEN_PROGRAM_ID;
    const key = p.at ?? associatedTokenAddress(p.owner, p.mint, program);
    const data = Buffer.alloc(165);
    data.set(p.mint.toBytes(), 0);
    data.set(p.owner.toBytes(), 32);
    data.writeBigUInt64LE(p.amount, 64);
    data[108] = 1;
    this.setAccount(key, { data, owner: program });
    return key;
  }

  /** Writes a Pyth `PriceUpdateV2` account (owned by the Pyth receiver) at `key`. */
  setPrice(key: PublicKey, update: PriceUpdate) {
    this.setAccount(key, { data: encodePriceUpdate(update), owner: PYTH_RECEIVER_ID });
  }

  /** Sets the cluster's unix time (and moves the slot forward by one). */
  setTime(unixTimestamp: bigint) {
    const c = this.svm.getClock();
    this.svm.setClock(new Clock(c.slot + 1n, c.epochStartTimestamp, c.epoch, c.leaderScheduleEpoch, unixTimestamp));
  }

  /** Moves the clock forward by `secs` seconds. */
  advance(secs: bigint) {
    this.setTime(this.svm.getClock().unixTimestamp + secs);
  }

  /** The newest slot of the SlotHashes sysvar (what a new lookup table must name). */
  recentSlot(): bigint {
    const [newest] = this.svm.getSlotHashes();
    if (!newest) throw new Error("the SlotHashes sysvar is empty");
    return newest.slot;
  }

  /** The current slot. */
  slot(): bigint {
    return this.svm.getClock().slot;
  }

  /** Moves to `slot` (lookup tables need a later slot than their last extension). */
  warpToSlot(slot: bigint) {
    this.svm.warpToSlot(slot);
  }

  /** Whether Ballast is loaded. */
  hasBallast(): boolean {
    return this.svm.getAccount(addr(PROGRAM_ID)).exists;
  }
}
