//! [`RpcChain`] against [`LocalNode`]: the SDK's RPC client, over HTTP JSON-RPC with the
//! real `solana-rpc-client`, reads the same accounts and clock as the embedded chain it
//! serves, lands transactions, maps refusals to the program's errors, refuses oversized
//! transactions as a client error, sends the same transaction twice without a double
//! execution, and airdrops through the faucet.

use std::sync::Arc;
use std::time::Duration;

use ballast::error::BallastError;
use ballast_sandbox::{DemoConfig, DemoMarket, DemoVault, EmbeddedChain, LocalNode, FOUR_ASSETS};
use ballast_sdk::chain::{send_instructions, sign, Chain};
use ballast_sdk::state::decode_token_account;
use ballast_sdk::{ix, Instruction, Keypair, Pubkey, RpcChain};
use ballast_sdk::{SdkError, Signer};

struct World {
    node: LocalNode,
    rpc: RpcChain,
    market: DemoMarket,
    vault: DemoVault,
}

fn world() -> World {
    let chain = Arc::new(EmbeddedChain::new().expect("embedded chain (run scripts/build-sbf.sh)"));
    let config = DemoConfig::default();
    let market = DemoMarket::create(&chain, &FOUR_ASSETS, &config).unwrap();
    let vault = DemoVault::create(&chain, &market, 1, &config).unwrap();
    let faucet = market.faucet(1_000);
    let node = LocalNode::start(chain, "127.0.0.1:0".parse().unwrap(), Some(faucet)).unwrap();
    let rpc = RpcChain::new(&node.url(), Duration::from_secs(10));
    World {
        node,
        rpc,
        market,
        vault,
    }
}

fn balance(chain: &EmbeddedChain, account: &Pubkey) -> u64 {
    chain.token_balance(account)
}

/// `wallet` deposits `amount` of SOL from its associated token account, its shares going
/// to its associated share account (created if missing).
fn deposit_ixs(w: &World, wallet: &Pubkey, amount: u64, min_shares: u64) -> Vec<Instruction> {
    let a = w.vault.accounts.assets[0];
    let token = ix::associated_token_address(wallet, &a.mint, &a.token_program);
    let shares_mint = w.vault.accounts.pdas.share_mint;
    let shares = ix::associated_token_address(wallet, &shares_mint, &anchor_spl::token::ID);
    vec![
        ix::create_associated_token_account_idempotent(
            wallet,
            wallet,
            &shares_mint,
            &anchor_spl::token::ID,
        ),
        ix::Deposit::new(
            &w.vault.accounts,
            wallet,
            &token,
            &shares,
            0,
            amount,
            min_shares,
        )
        .unwrap()
        .instruction(),
    ]
}

#[tokio::test]
async fn rpc_chain_reads_what_the_embedded_chain_holds() {
    let w = world();
    let chain = w.node.chain();
    let clock = w.rpc.get_clock().await.unwrap();
    assert_eq!(clock.unix_timestamp, chain.now());
    chain.warp(30);
    assert_eq!(
        w.rpc.get_clock().await.unwrap().unix_timestamp,
        clock.unix_timestamp + 30
    );

    let vault = w.vault.vault();
    let missing = Pubkey::new_unique();
    let got = w
        .rpc
        .get_multiple_accounts(&[vault, missing, w.market.assets[1].price_account])
        .await
        .unwrap();
    assert_eq!(got[0].as_ref(), chain.account(&vault).as_ref());
    assert!(got[1].is_none());
    assert_eq!(
        got[2].as_ref(),
        chain.account(&w.market.assets[1].price_account).as_ref()
    );
    assert_eq!(w.rpc.get_account(&missing).await.unwrap(), None);
    let blockhash = w.rpc.latest_blockhash().await.unwrap();
    assert_eq!(blockhash, chain.with_svm(|svm| svm.latest_blockhash()));
}

#[tokio::test]
async fn rpc_chain_lands_deposits_and_reports_refusals() {
    let w = world();
    let chain = w.node.chain();
    let wallet = Keypair::new();
    w.rpc
        .airdrop(&wallet.pubkey(), 2_000_000_000, Duration::from_secs(10))
        .await
        .unwrap();
    // The faucet gave lamports and $1,000 of each asset in associated token accounts; the
    // same airdrop again is a new airdrop.
    assert_eq!(
        chain.account(&wallet.pubkey()).unwrap().lamports,
        2_000_000_000
    );
    w.rpc
        .airdrop(&wallet.pubkey(), 2_000_000_000, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(
        chain.account(&wallet.pubkey()).unwrap().lamports,
        4_000_000_000
    );
    let sol = w.market.assets[0];
    let sol_account =
        ix::associated_token_address(&wallet.pubkey(), &sol.mint, &anchor_spl::token::ID);
    let funded = balance(chain, &sol_account);
    assert_eq!(funded, 2 * sol.spec.amount_for_usd(1_000));

    // A deposit asking for more shares than it can get: refused with the program's error,
    // nothing moved.
    let reserve = w.vault.accounts.assets[0].reserve;
    let reserve_before = balance(chain, &reserve);
    let greedy = deposit_ixs(&w, &wallet.pubkey(), 1_000_000_000, u64::MAX);
    let blockhash = w.rpc.latest_blockhash().await.unwrap();
    let greedy = sign(&wallet, &greedy, &[], None, blockhash).unwrap();
    let err = w.rpc.send_transaction(&greedy).await.unwrap_err();
    let rejection = err.rejection().unwrap_or_else(|| panic!("{err}"));
    assert!(
        rejection.is_ballast_error(BallastError::MinSharesOutNotMet),
        "{rejection}"
    );
    assert!(!rejection.logs.is_empty(), "preflight logs are carried");
    assert_eq!(
        rejection.to_string(),
        format!(
            "MinSharesOutNotMet (custom error {})",
            u32::from(BallastError::MinSharesOutNotMet)
        )
    );
    assert!(!err.is_transient());
    assert_eq!(balance(chain, &reserve), reserve_before);
    assert_eq!(balance(chain, &sol_account), funded);
    // Preflight only simulated it: sent again, it is judged again (not "already processed").
    let again = w.rpc.send_transaction(&greedy).await.unwrap_err();
    assert!(
        again
            .rejection()
            .is_some_and(|r| r.is_ballast_error(BallastError::MinSharesOutNotMet)),
        "{again}"
    );

    // The same deposit with a reachable bound lands; sending the signed transaction again
    // returns its signature without a second execution.
    let ixs = deposit_ixs(&w, &wallet.pubkey(), 1_000_000_000, 1);
    let blockhash = w.rpc.latest_blockhash().await.unwrap();
    let tx = sign(&wallet, &ixs, &[], None, blockhash).unwrap();
    // Both sends are in flight at once (two connections to the node).
    let (first, second) = tokio::join!(w.rpc.send_transaction(&tx), w.rpc.send_transaction(&tx));
    assert_eq!(first.unwrap().signature, second.unwrap().signature);
    let third = w.rpc.send_transaction(&tx).await.unwrap();
    assert_eq!(third.signature, tx.signatures[0]);
    assert_eq!(balance(chain, &reserve), reserve_before + 1_000_000_000);
    assert_eq!(balance(chain, &sol_account), funded - 1_000_000_000);
    let shares = ix::associated_token_address(
        &wallet.pubkey(),
        &w.vault.accounts.pdas.share_mint,
        &anchor_spl::token::ID,
    );
    let shares_account = w.rpc.get_account(&shares).await.unwrap().unwrap();
    assert!(
        decode_token_account(&shares, &shares_account)
            .unwrap()
            .amount
            > 0
    );
}

#[tokio::test]
async fn a_transaction_above_the_packet_size_is_a_client_error() {
    let w = world();
    let payer = Keypair::new();
    w.rpc
        .airdrop(&payer.pubkey(), 1_000_000_000, Duration::from_secs(10))
        .await
        .unwrap();
    // 40 memo-like no-op transfers to distinct accounts: far above 1,232 bytes.
    let ixs: Vec<Instruction> = (0..40)
        .map(|_| {
            anchor_lang::solana_program::system_instruction::transfer(
                &payer.pubkey(),
                &Pubkey::new_unique(),
                1_000_000,
            )
        })
        .collect();
    let before = w.node.chain().account(&payer.pubkey()).unwrap().lamports;
    let err = send_instructions(&w.rpc, &payer, &ixs, &[], None)
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::InvalidInput(_)), "{err}");
    assert!(err.to_string().contains("too large"), "{err}");
    assert!(!err.is_transient());
    assert_eq!(
        w.node.chain().account(&payer.pubkey()).unwrap().lamports,
        before
    );
}

#[tokio::test]
async fn a_stopped_node_is_a_transient_error() {
    let w = world();
    let url = w.node.url();
    drop(w.node);
    let rpc = RpcChain::new(&url, Duration::from_secs(5));
    let err = rpc.get_clock().await.unwrap_err();
    assert!(err.is_transient(), "{err}");
}

#[tokio::test]
async fn create_vault_over_rpc_finishes_a_setup_that_stopped_half_way() {
    use ballast_sdk::chain::send_instructions_with_tables;
    use ballast_sdk::ix::{NewAsset, VaultAccounts};
    use ballast_sdk::lookup;
    use ballast_sdk::setup::{create_vault, NewVault};
    use ballast_sdk::state::decode_vault;

    let w = world();
    let chain = w.node.chain();
    let manager = Keypair::new();
    w.rpc
        .airdrop(&manager.pubkey(), 10_000_000_000, Duration::from_secs(10))
        .await
        .unwrap();
    let spl = anchor_spl::token::ID;
    let assets: Vec<NewAsset> = w
        .market
        .assets
        .iter()
        .map(|a| NewAsset {
            mint: a.mint,
            token_program: spl,
            feed_id: a.feed_id,
            target_weight_bps: a.spec.weight_bps,
        })
        .collect();
    let prices = w.market.price_accounts();
    let new = |assets| NewVault {
        manager: &manager,
        vault_id: 42,
        assets,
        price_accounts: &prices,
        params: ballast_sandbox::market::DEMO_PARAMS,
        rules: DemoConfig::default().rebalance,
    };
    let lamports = || chain.account(&manager.pubkey()).unwrap().lamports;

    // What the client refuses costs nothing.
    let mut twice = assets.clone();
    twice[1].mint = twice[0].mint;
    let before = lamports();
    let err = create_vault(&w.rpc, new(&twice)).await.unwrap_err();
    assert!(matches!(err, SdkError::InvalidInput(_)), "{err}");
    assert!(err.to_string().contains("appears twice"), "{err}");
    assert_eq!(lamports(), before);

    // A run that stopped after creating the vault and publishing its table.
    let vault = ballast_sdk::pda::vault(&manager.pubkey(), 42);
    let mints: Vec<_> = assets.iter().map(|a| (a.mint, spl)).collect();
    let accounts = VaultAccounts::derive(vault, &mints, &prices);
    let table = lookup::create_table(&w.rpc, &manager, &lookup::vault_addresses(&accounts))
        .await
        .unwrap();
    let init = [
        ix::InitializeVault::new(
            &manager.pubkey(),
            42,
            &assets,
            ballast_sandbox::market::DEMO_PARAMS,
        )
        .instruction(),
        ix::SetLookupTable::new(&manager.pubkey(), &vault, &table).instruction(),
    ];
    let tables = lookup::vault_tables(
        &w.rpc,
        &VaultAccounts {
            lookup_table: Some(table),
            ..accounts.clone()
        },
    )
    .await
    .unwrap();
    assert_eq!(tables.len(), 1);
    send_instructions_with_tables(&w.rpc, &manager, &init, &[], Some(400_000), &tables)
        .await
        .unwrap();

    // Run again: it finishes (escrows, rules) without a second table or vault.
    let before = lamports();
    let done = create_vault(&w.rpc, new(&assets)).await.unwrap();
    assert!(done.resumed && !done.created_table && done.initialized.is_none());
    assert_eq!((done.vault, done.lookup_table), (vault, table));
    assert_eq!(done.escrows_created, assets.len());
    let escrow_rent = chain.with_svm(|svm| svm.minimum_balance_for_rent_exemption(165));
    let spent = before - lamports();
    assert!(
        spent <= escrow_rent * assets.len() as u64 + 100_000,
        "spent {spent}: more than the escrows and fees"
    );
    let state = decode_vault(&vault, &chain.account(&vault).unwrap()).unwrap();
    assert_eq!(state.lookup_table, table);
    assert_eq!(
        state.rebalance.policy,
        DemoConfig::default().rebalance.policy
    );
    // And once more: nothing left to create.
    let again = create_vault(&w.rpc, new(&assets)).await.unwrap();
    assert_eq!((again.escrows_created, again.created_table), (0, false));
}

#[tokio::test]
async fn a_blockhash_the_node_never_handed_out_or_that_expired_is_refused() {
    use solana_transaction_error::TransactionError;
    let w = world();
    let chain = w.node.chain();
    let payer = Keypair::new();
    w.rpc
        .airdrop(&payer.pubkey(), 1_000_000_000, Duration::from_secs(10))
        .await
        .unwrap();
    let to = Pubkey::new_unique();
    let transfer = [anchor_lang::solana_program::system_instruction::transfer(
        &payer.pubkey(),
        &to,
        5_000_000,
    )];
    let refused = |err: SdkError| {
        let rejection = err.rejection().unwrap_or_else(|| panic!("{err}")).clone();
        assert_eq!(
            rejection.error,
            TransactionError::BlockhashNotFound,
            "{rejection}"
        );
    };
    // The chain's own latest blockhash, never asked for over RPC: unknown to the node.
    let unknown = chain.with_svm(|svm| svm.latest_blockhash());
    refused(
        w.rpc
            .send_transaction(&sign(&payer, &transfer, &[], None, unknown).unwrap())
            .await
            .unwrap_err(),
    );
    assert!(chain.account(&to).is_none());

    // One handed out, then 151 slots later: expired.
    let handed = w.rpc.latest_blockhash().await.unwrap();
    for _ in 0..=ballast_sandbox::node::BLOCKHASH_VALIDITY_SLOTS {
        chain.advance_slot();
    }
    refused(
        w.rpc
            .send_transaction(&sign(&payer, &transfer, &[], None, handed).unwrap())
            .await
            .unwrap_err(),
    );
    assert!(chain.account(&to).is_none());

    // A fresh one lands.
    send_instructions(&w.rpc, &payer, &transfer, &[], None)
        .await
        .unwrap();
    assert_eq!(chain.account(&to).unwrap().lamports, 5_000_000);
}

#[tokio::test]
async fn lookup_tables_follow_a_validators_rules_for_recent_and_rooted_slots() {
    use ballast_sdk::chain::send_instructions_with_tables;
    use ballast_sdk::lookup;
    use ballast_sdk::AccountMeta;
    use solana_transaction_error::TransactionError;

    // The address lookup table program's instructions (bincode: a u32 tag, then fields).
    let create_lookup_table = |owner: Pubkey, slot: u64| {
        let (table, bump) = Pubkey::find_program_address(
            &[owner.as_ref(), &slot.to_le_bytes()],
            &lookup::PROGRAM_ID,
        );
        let mut data = 0u32.to_le_bytes().to_vec();
        data.extend_from_slice(&slot.to_le_bytes());
        data.push(bump);
        let accounts = vec![
            AccountMeta::new(table, false),
            AccountMeta::new_readonly(owner, false),
            AccountMeta::new(owner, true),
            AccountMeta::new_readonly(anchor_lang::system_program::ID, false),
        ];
        (
            Instruction::new_with_bytes(lookup::PROGRAM_ID, &data, accounts),
            table,
        )
    };
    let extend_lookup_table = |table: Pubkey, owner: Pubkey, address: Pubkey| {
        let mut data = 2u32.to_le_bytes().to_vec();
        data.extend_from_slice(&1u64.to_le_bytes());
        data.extend_from_slice(address.as_ref());
        let accounts = vec![
            AccountMeta::new(table, false),
            AccountMeta::new_readonly(owner, true),
            AccountMeta::new(owner, true),
            AccountMeta::new_readonly(anchor_lang::system_program::ID, false),
        ];
        Instruction::new_with_bytes(lookup::PROGRAM_ID, &data, accounts)
    };

    let w = world();
    let owner = Keypair::new();
    w.rpc
        .airdrop(&owner.pubkey(), 1_000_000_000, Duration::from_secs(10))
        .await
        .unwrap();

    // The clock's own slot is not in the bank's SlotHashes: refused by the table program.
    let clock_slot = w.rpc.get_clock().await.unwrap().slot;
    let (create, _) = create_lookup_table(owner.pubkey(), clock_slot);
    let err = send_instructions(&w.rpc, &owner, &[create], &[], None)
        .await
        .unwrap_err();
    let rejection = err.rejection().unwrap_or_else(|| panic!("{err}"));
    assert!(
        rejection
            .logs
            .iter()
            .any(|l| l.contains(&format!("{clock_slot} is not a recent slot"))),
        "{:?}",
        rejection.logs
    );

    // The newest SlotHashes entry is recent; the table serves only once that slot's
    // extension is rooted.
    let recent = lookup::recent_slot(&w.rpc).await.unwrap();
    assert!(recent < w.rpc.get_clock().await.unwrap().slot);
    let (create, table) = create_lookup_table(owner.pubkey(), recent);
    let member = Pubkey::new_unique();
    let extend = extend_lookup_table(table, owner.pubkey(), member);
    send_instructions(&w.rpc, &owner, &[create, extend], &[], None)
        .await
        .unwrap();
    let account = w.node.chain().account(&table).unwrap();
    let extended = lookup::last_extended_slot(&table, &account.data).unwrap();
    let tables = [lookup::decode_table(&table, &account.data).unwrap()];
    let transfer = [anchor_lang::solana_program::system_instruction::transfer(
        &owner.pubkey(),
        &member,
        5_000_000,
    )];
    let err = send_instructions_with_tables(&w.rpc, &owner, &transfer, &[], None, &tables)
        .await
        .unwrap_err();
    let rejection = err.rejection().unwrap_or_else(|| panic!("{err}"));
    assert_eq!(
        rejection.error,
        TransactionError::AddressLookupTableNotFound
    );
    assert!(
        rejection.logs.iter().any(|l| l.contains("not rooted yet")),
        "{:?}",
        rejection.logs
    );
    assert!(w.node.chain().account(&member).is_none());

    lookup::wait_until_rooted(&w.rpc, &table, Duration::from_secs(10))
        .await
        .unwrap();
    assert!(w.node.finalized_slot() > extended);
    assert!(w.rpc.finalized_slot().await.unwrap() > extended);
    send_instructions_with_tables(&w.rpc, &owner, &transfer, &[], None, &tables)
        .await
        .unwrap();
    assert_eq!(w.node.chain().account(&member).unwrap().lamports, 5_000_000);
}

/// One raw HTTP/1.1 request to the node; the whole response as text.
fn raw_http(url: &str, request: &str) -> String {
    use std::io::{Read, Write};
    let address = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[tokio::test]
async fn a_web_page_of_any_origin_may_call_the_node() {
    let w = world();
    // The browser's preflight before a cross-origin JSON POST.
    let preflight = raw_http(
        &w.node.url(),
        "OPTIONS / HTTP/1.1\r\nHost: x\r\nOrigin: http://127.0.0.1:4173\r\n\
         Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\n\
         Connection: close\r\n\r\n",
    );
    assert!(preflight.starts_with("HTTP/1.1 204"), "{preflight}");
    assert!(
        preflight.contains("Access-Control-Allow-Origin: *"),
        "{preflight}"
    );
    assert!(
        preflight.contains("Access-Control-Allow-Methods: POST"),
        "{preflight}"
    );
    assert!(
        preflight.contains("Access-Control-Allow-Headers: *"),
        "{preflight}"
    );
    // The request itself is answered with the header the browser checks.
    let body = r#"{"jsonrpc":"2.0","id":1,"method":"getHealth"}"#;
    let answer = raw_http(
        &w.node.url(),
        &format!(
            "POST / HTTP/1.1\r\nHost: x\r\nOrigin: http://127.0.0.1:4173\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        answer.contains("Access-Control-Allow-Origin: *"),
        "{answer}"
    );
    assert!(answer.contains(r#""result":"ok""#), "{answer}");
}

/// One JSON-RPC call over a raw HTTP request; the answer's `result` (or `error`).
fn rpc_call(url: &str, method: &str, params: serde_json::Value) -> serde_json::Value {
    let body = serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
        .to_string();
    let answer = raw_http(
        url,
        &format!(
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    let json = answer.split("\r\n\r\n").nth(1).expect("a body");
    serde_json::from_str(json).expect("JSON")
}

#[tokio::test]
async fn the_history_of_a_vault_is_its_landed_transactions_with_their_logs() {
    let w = world();
    let wallet = Keypair::new();
    w.rpc
        .airdrop(&wallet.pubkey(), 2_000_000_000, Duration::from_secs(10))
        .await
        .unwrap();
    let ixs = deposit_ixs(&w, &wallet.pubkey(), 1_000_000_000, 1);
    let first = send_instructions(&w.rpc, &wallet, &ixs, &[], None)
        .await
        .unwrap()
        .signature;
    let ixs = deposit_ixs(&w, &wallet.pubkey(), 500_000_000, 1);
    let second = send_instructions(&w.rpc, &wallet, &ixs, &[], None)
        .await
        .unwrap()
        .signature;
    let url = w.node.url();
    let vault = w.vault.vault().to_string();

    // Newest first; `limit` and `before` page through them.
    let all = rpc_call(&url, "getSignaturesForAddress", serde_json::json!([vault]));
    let listed: Vec<&str> = all["result"]
        .as_array()
        .expect("an array")
        .iter()
        .map(|s| s["signature"].as_str().expect("a signature"))
        .collect();
    let (first, second) = (first.to_string(), second.to_string());
    assert_eq!(&listed[..2], &[second.as_str(), first.as_str()], "{all}");
    let page = rpc_call(
        &url,
        "getSignaturesForAddress",
        serde_json::json!([vault, {"limit": 1, "before": second}]),
    );
    assert_eq!(page["result"][0]["signature"], first.as_str(), "{page}");
    assert_eq!(page["result"].as_array().map(Vec::len), Some(1), "{page}");
    // An address no transaction loaded has no history (the airdrop is no transaction).
    let none = rpc_call(
        &url,
        "getSignaturesForAddress",
        serde_json::json!([Pubkey::new_unique().to_string()]),
    );
    assert_eq!(none["result"], serde_json::json!([]), "{none}");

    // The transaction with its logs (the program's event among them) and its time.
    let tx = rpc_call(
        &url,
        "getTransaction",
        serde_json::json!([second, {"encoding": "base64", "maxSupportedTransactionVersion": 0}]),
    );
    let logs = tx["result"]["meta"]["logMessages"]
        .as_array()
        .expect("logs");
    assert!(
        logs.iter()
            .any(|l| l.as_str().is_some_and(|l| l.starts_with("Program data: "))),
        "{tx}"
    );
    assert_eq!(tx["result"]["meta"]["err"], serde_json::Value::Null, "{tx}");
    assert_eq!(tx["result"]["blockTime"], w.node.chain().now(), "{tx}");
    assert!(
        tx["result"]["meta"]["computeUnitsConsumed"]
            .as_u64()
            .unwrap()
            > 0
    );
    assert_eq!(tx["result"]["transaction"][1], "base64", "{tx}");
    // Only base64 is served; an unknown signature is null, as on a cluster.
    let json = rpc_call(&url, "getTransaction", serde_json::json!([second]));
    assert!(
        json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("base64"),
        "{json}"
    );
    let never = wallet.sign_message(b"never sent").to_string();
    let unknown = rpc_call(
        &url,
        "getTransaction",
        serde_json::json!([never, {"encoding": "base64"}]),
    );
    assert_eq!(unknown["result"], serde_json::Value::Null, "{unknown}");
}
