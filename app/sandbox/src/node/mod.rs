//! [`LocalNode`]: an [`EmbeddedChain`] served over Solana's JSON-RPC on HTTP, so that the
//! clients of a real cluster (`solana-rpc-client`, hence `ballast_sdk::RpcChain`, the keeper
//! and the `ballast` CLI) can be run end to end on one machine without a validator.
//!
//! It answers the methods those clients use (other tools may need more; an unknown method
//! gets JSON-RPC's "method not found"): `getAccountInfo`, `getMultipleAccounts`,
//! `getBalance`, `getLatestBlockhash`, `isBlockhashValid`, `getSlot`, `getBlockHeight`,
//! `getVersion`, `getHealth`, `getGenesisHash`, `getMinimumBalanceForRentExemption`,
//! `sendTransaction`, `simulateTransaction`, `getSignatureStatuses`, `requestAirdrop`, and
//! the history of what landed: `getSignaturesForAddress` and `getTransaction` (base64).
//! Accounts are returned base64-encoded whatever encoding was asked (clients decode by the
//! encoding the answer names); transactions are accepted base64-encoded only.
//!
//! Like a cluster, it refuses a transaction above the 1,232-byte packet limit, answers a
//! failed preflight with error -32002 and the simulation's error and logs, lands a failed
//! transaction (and reports it in `getSignatureStatuses`) only with `skipPreflight`, and
//! accepts the same signed transaction twice without executing it twice. Its slot advances
//! every 400 ms, as a cluster's (address lookup tables need it).
//!
//! What agave's validator refuses and is cheap to model, it refuses too, so that the fast
//! tests catch the same mistakes:
//! - a transaction whose blockhash the node never handed out (`getLatestBlockhash`) or
//!   handed out more than 150 slots ago: `BlockhashNotFound` in preflight; with
//!   `skipPreflight` it is accepted and never lands, as a validator drops it (a durable
//!   nonce transaction is left to the runtime's nonce check);
//! - a lookup table derived from a slot that is not in `SlotHashes` (the clock's own slot,
//!   or one older than 512 slots), which the lookup table program itself refuses ("N is not
//!   a recent slot"): the chain records each slot in `SlotHashes` once it is left, as a
//!   bank holds only its ancestors there;
//! - a v0 transaction through a table whose last extension is not yet rooted:
//!   `AddressLookupTableNotFound`, where a validator's leader, which resolves lookups on its
//!   rooted bank, drops it until then. The node roots a slot [`ROOT_LAG_SLOTS`] slots after
//!   it (`getSlot` at `finalized` commitment; `getSignatureStatuses` says `confirmed`
//!   until then), where a validator roots about 32 slots behind.
//!
//! Unlike a validator, a transaction is confirmed as soon as it is processed and no fork
//! ever drops it; reads at any commitment answer the latest state; fees are LiteSVM's
//! (no priority fees, no rate limits); the unix time moves only when the owner of the chain
//! moves it ([`EmbeddedChain::set_time`]) and accounts may be rewritten by the owner at
//! any time (prices, pools); there is no leader schedule, gossip, TPU or vote.
//!
//! One thread accepts connections and one thread serves each connection (HTTP/1.1,
//! keep-alive); the chain's own lock orders the transactions.

use std::collections::HashMap;
use std::io::BufReader;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use anchor_lang::prelude::Pubkey;
use ballast_sdk::{SdkError, SdkResult};
use solana_hash::Hash;
use solana_signature::Signature;
use solana_transaction_error::TransactionError;

use crate::chain::EmbeddedChain;

mod http;
mod rpc;

/// Largest serialized transaction a cluster accepts (one network packet).
pub const PACKET_DATA_SIZE: usize = 1232;
/// How long an idle keep-alive connection is kept open.
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// How often the node advances the slot (a cluster's slot time).
const SLOT_TIME: Duration = Duration::from_millis(400);
/// How many slots the node's finalized (rooted) slot lags its current slot. A validator
/// roots about 32 slots behind; a few keep the tests quick while still failing a client
/// that uses a lookup table before its last extension is rooted.
pub const ROOT_LAG_SLOTS: u64 = 4;
/// Slots a blockhash stays valid after the node last handed it out (a cluster's 150
/// blocks: what `lastValidBlockHeight` adds).
pub const BLOCKHASH_VALIDITY_SLOTS: u64 = 150;

/// What `requestAirdrop` gives besides lamports (the `ballast node` faucet gives demo
/// tokens too). Called with the chain and the recipient.
pub type Faucet = Arc<dyn Fn(&EmbeddedChain, &Pubkey) -> SdkResult<()> + Send + Sync>;

/// A transaction the node processed.
struct Landed {
    slot: u64,
    result: Result<(), TransactionError>,
    /// What `getTransaction` and `getSignaturesForAddress` answer (none for an airdrop).
    history: Option<History>,
}

/// What the node keeps of a landed transaction for its history methods.
struct History {
    /// Order of landing (newest first in `getSignaturesForAddress`).
    seq: u64,
    /// The cluster's unix time when it landed.
    block_time: i64,
    logs: Vec<String>,
    units: u64,
    /// Every account it loaded: static keys and lookup-table addresses.
    keys: Vec<Pubkey>,
    /// The lookup-table addresses alone: writable, read-only.
    loaded: (Vec<Pubkey>, Vec<Pubkey>),
    tx: solana_transaction::versioned::VersionedTransaction,
}

/// What the node's threads share.
struct Shared {
    chain: Arc<EmbeddedChain>,
    landed: Mutex<HashMap<Signature, Landed>>,
    /// Every blockhash handed out by `getLatestBlockhash`, with the slot it was last handed
    /// out in (those past [`BLOCKHASH_VALIDITY_SLOTS`] are pruned as new ones are added).
    blockhashes: Mutex<HashMap<Hash, u64>>,
    faucet: Option<Faucet>,
    stop: AtomicBool,
}

/// A running node. Dropped, it stops accepting connections and joins its accept and slot
/// threads; an open keep-alive connection is closed at its next request.
pub struct LocalNode {
    address: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
    slots: Option<JoinHandle<()>>,
}

impl LocalNode {
    /// Serves `chain` on `bind` (port 0 picks a free port; see [`LocalNode::url`]).
    /// `faucet`, when given, runs after every `requestAirdrop`.
    pub fn start(
        chain: Arc<EmbeddedChain>,
        bind: SocketAddr,
        faucet: Option<Faucet>,
    ) -> SdkResult<Self> {
        let listener = TcpListener::bind(bind)
            .map_err(|e| SdkError::Transport(format!("cannot listen on {bind}: {e}")))?;
        let address = listener
            .local_addr()
            .map_err(|e| SdkError::Transport(format!("listener address: {e}")))?;
        let shared = Arc::new(Shared {
            chain,
            landed: Mutex::new(HashMap::new()),
            blockhashes: Mutex::new(HashMap::new()),
            faucet,
            stop: AtomicBool::new(false),
        });
        let accepting = Arc::clone(&shared);
        let thread_error = |e| SdkError::Transport(format!("cannot start a node thread: {e}"));
        let accept = std::thread::Builder::new()
            .name("ballast-node-accept".into())
            .spawn(move || accept_loop(&listener, &accepting))
            .map_err(thread_error)?;
        let ticking = Arc::clone(&shared);
        let slots = std::thread::Builder::new()
            .name("ballast-node-slots".into())
            .spawn(move || {
                while !ticking.stop.load(Ordering::SeqCst) {
                    std::thread::sleep(SLOT_TIME);
                    ticking.chain.advance_slot();
                }
            })
            .map_err(thread_error)?;
        Ok(LocalNode {
            address,
            shared,
            accept: Some(accept),
            slots: Some(slots),
        })
    }

    /// The node's URL (`http://ip:port`).
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The chain it serves.
    pub fn chain(&self) -> &Arc<EmbeddedChain> {
        &self.shared.chain
    }

    /// The slot the node treats as rooted (`getSlot` at `finalized` commitment): the
    /// current slot less [`ROOT_LAG_SLOTS`].
    pub fn finalized_slot(&self) -> u64 {
        rpc::finalized_slot(&self.shared.chain)
    }
}

impl Drop for LocalNode {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop with a connection of our own.
        let _ = TcpStream::connect_timeout(&self.address, Duration::from_secs(1));
        for handle in [self.accept.take(), self.slots.take()]
            .into_iter()
            .flatten()
        {
            let _ = handle.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        let shared = Arc::clone(shared);
        // A connection that cannot get a thread is dropped; the client sees it closed.
        let _ = std::thread::Builder::new()
            .name("ballast-node-conn".into())
            .spawn(move || serve_connection(stream, &shared));
    }
}

/// Serves HTTP/1.1 requests on one connection until the client closes it, asks to close,
/// sends something that is not HTTP, or stays idle for [`IDLE_TIMEOUT`].
fn serve_connection(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(IDLE_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    loop {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let request = match http::read_request(&mut reader) {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(status) => {
                let _ = http::write_response(
                    &mut writer,
                    status,
                    "text/plain",
                    status.as_bytes(),
                    true,
                );
                break;
            }
        };
        // The node may have stopped while this connection waited for a request.
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let (status, body) = if request.method == "OPTIONS" {
            // A browser's CORS preflight: the headers of every response answer it.
            ("204 No Content", Vec::new())
        } else if request.method != "POST" {
            (
                "405 Method Not Allowed",
                b"POST JSON-RPC requests\n".to_vec(),
            )
        } else {
            (
                "200 OK",
                rpc::handle_body(&request.body, shared).into_bytes(),
            )
        };
        let content_type = if status.starts_with("200") {
            "application/json"
        } else {
            "text/plain"
        };
        if http::write_response(&mut writer, status, content_type, &body, request.close).is_err()
            || request.close
        {
            break;
        }
    }
    let _ = writer.shutdown(Shutdown::Both);
}
