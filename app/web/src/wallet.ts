/**
 * Wallets: any Wallet Standard browser wallet that can sign Solana transactions, and the
 * development wallet — a key kept in this page's storage and funded by the node's faucet,
 * for local clusters only (the page refuses it elsewhere: see `localCluster`).
 */
import { Keypair, PublicKey, VersionedTransaction } from "@solana/web3.js";
import { getWallets } from "@wallet-standard/app";
import type { Wallet, WalletAccount } from "@wallet-standard/base";

/** What the page needs of a wallet. */
export interface PageWallet {
  kind: "development" | "standard";
  label: string;
  publicKey: PublicKey;
  sign(tx: VersionedTransaction): Promise<VersionedTransaction>;
}

const DEV_KEY = "ballast.developmentWallet";

/** The development wallet: created on first use, kept in `localStorage`. */
export function developmentWallet(): PageWallet {
  let keypair: Keypair;
  const saved = localStorage.getItem(DEV_KEY);
  if (saved) {
    keypair = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(saved) as number[]));
  } else {
    keypair = Keypair.generate();
    localStorage.setItem(DEV_KEY, JSON.stringify(Array.from(keypair.secretKey)));
  }
  return {
    kind: "development",
    label: "Development wallet",
    publicKey: keypair.publicKey,
    sign: async (tx) => {
      tx.sign([keypair]);
      return tx;
    },
  };
}

type ConnectFeature = { "standard:connect": { connect(): Promise<{ accounts: readonly WalletAccount[] }> } };
type SignFeature = {
  "solana:signTransaction": {
    signTransaction(...inputs: { account: WalletAccount; transaction: Uint8Array; chain?: string }[]): Promise<
      { signedTransaction: Uint8Array }[]
    >;
  };
};

/** The browser's Wallet Standard wallets that can connect and sign Solana transactions. */
export function standardWallets(): Wallet[] {
  return getWallets()
    .get()
    .filter((w) => "standard:connect" in w.features && "solana:signTransaction" in w.features);
}

/** Calls `onChange` whenever a wallet registers or leaves; returns the unsubscriber. */
export function onWalletsChange(onChange: () => void): () => void {
  const wallets = getWallets();
  const offRegister = wallets.on("register", onChange);
  const offUnregister = wallets.on("unregister", onChange);
  return () => {
    offRegister();
    offUnregister();
  };
}

/** Connects `wallet` and uses its first Solana account. */
export async function connectStandard(wallet: Wallet, chain: string): Promise<PageWallet> {
  const features = wallet.features as unknown as ConnectFeature & SignFeature;
  const { accounts } = await features["standard:connect"].connect();
  const account = accounts.find((a) => a.chains.some((c) => c.startsWith("solana:"))) ?? accounts[0];
  if (!account) throw new Error(`${wallet.name} gave no account`);
  return {
    kind: "standard",
    label: wallet.name,
    publicKey: new PublicKey(account.publicKey),
    sign: async (tx) => {
      const [out] = await features["solana:signTransaction"].signTransaction({
        account,
        transaction: tx.serialize(),
        chain,
      });
      return VersionedTransaction.deserialize(out.signedTransaction);
    },
  };
}
