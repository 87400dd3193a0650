//! Ballast end to end on agave's own validator: the SBPF v3 programs deployed and one
//! upgraded through the upgradeable loader over RPC, then the SDK's vault setup (a lookup
//! table included, which must be derived from a `SlotHashes` slot and rooted before use),
//! deposits, a refusal decoded by its error name, a keeper round and a withdrawal, all over
//! the validator's RPC. The round opens on a SOL drift and sells SOL; Ballast is upgraded
//! under the live vault; on the upgraded code the still-open round absorbs a USDC drift in
//! the keeper's second pass. The keeper waits out the auction in real seconds; a second
//! round is not run, as it would wait out the first one's window (`ROUND_WINDOW_SECS`, 300 s
//! of real time).
//!
//! The run prints what the loader said and how long each step took (`--nocapture`).

use std::time::{Duration, Instant};

use anchor_lang::prelude::Pubkey;
use ballast::error::BallastError;
use ballast_keeper::{Keeper, KeeperOptions, TestAmm, VaultOutcome, VaultReport, VaultTarget};
use ballast_sdk::chain::{Chain, Confirmed};
use ballast_sdk::ix::{self, NewAsset, VaultAccounts};
use ballast_sdk::setup::{create_vault, NewVault};
use ballast_sdk::state::{decode_token_account, decode_vault};
use ballast_sdk::{lookup, RpcChain, SdkError};
use ballast_validator_tests::deploy::{self, Deployment};
use ballast_validator_tests::genesis::{feed_id, Genesis, ASSETS};
use ballast_validator_tests::{market, program_bytes, sbpf_version, start, TestResult};
use solana_commitment_config::CommitmentConfig;
use solana_rpc_client::nonblocking::rpc_client::RpcClient;
use solana_signer::Signer;

/// Most keeper ticks of one round.
const MAX_TICKS: usize = 24;
/// The vault's id under its manager.
const VAULT_ID: u64 = 1;

#[test]
fn ballast_runs_on_agaves_validator() {
    let ballast_so = program_bytes("ballast").unwrap();
    let amm_so = program_bytes("ballast_test_amm").unwrap();
    // The validator starts and stops outside the tokio runtime (it runs its own).
    let running = start().unwrap();
    eprintln!("validator started in {:.1?}", running.started_in);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let url = running.validator.rpc_url();
    let outcome = runtime.block_on(scenario(&url, &running.genesis, &ballast_so, &amm_so));
    drop(runtime);
    drop(running);
    outcome.unwrap();
}

async fn scenario(url: &str, g: &Genesis, ballast_so: &[u8], amm_so: &[u8]) -> TestResult<()> {
    let begun = Instant::now();
    let raw = RpcClient::new_with_commitment(url.to_string(), CommitmentConfig::confirmed());
    let chain = RpcChain::new(url, Duration::from_secs(30));

    deploy_both(&raw, g, ballast_so, amm_so).await?;
    let step = Instant::now();
    market::create_pools(&chain, g).await?;
    eprintln!("pools created in {:.1?}", step.elapsed());

    let vault = setup_vault(&chain, g).await?;
    let alice = &g.alice.keypair;
    let shares = ix::associated_token_address(
        &alice.pubkey(),
        &accounts(&chain, g, &vault).await?.pdas.share_mint,
        &anchor_spl::token::ID,
    );

    // A deposit priced with an update published an hour ago: refused by name.
    let stale = accounts_with(&chain, &vault, g.stale_prices()).await?;
    let refused = match deposit(&chain, &stale, g, 0, 1_000).await {
        Ok(confirmed) => {
            return Err(format!(
                "a deposit at an hour-old price landed: {}",
                confirmed.signature
            )
            .into())
        }
        Err(e) => e,
    };
    let rejection = refused
        .rejection()
        .ok_or_else(|| format!("expected a refusal, got {refused}"))?;
    assert_eq!(rejection.error_name(), Some("OracleStale"), "{rejection}");
    assert!(rejection.is_ballast_error(BallastError::OracleStale));
    assert_eq!(balance(&chain, &shares).await?, 0);

    // Deposits at the target weights, then more SOL: SOL is out of its band.
    for (i, usd) in [(0, 10_000), (1, 7_500), (2, 7_500), (0, 15_000)] {
        deposit_and_check(&chain, g, &vault, &shares, i, usd).await?;
    }
    eprintln!("deposits done at {:.1?}", begun.elapsed());

    // Round 1: the keeper opens it and sells SOL; the reserve loses exactly what it sold.
    let keeper = Keeper::new(g.keeper.insecure_clone(), TestAmm, KeeperOptions::default());
    let sol_reserve = accounts(&chain, g, &vault).await?.assets[0].reserve;
    let sol_before = balance(&chain, &sol_reserve).await?;
    let first = keep_until_idle(&chain, g, &keeper, &vault).await?;
    assert_opened(&first, true)?;
    assert_sells(&first, 0)?;
    assert_eq!(
        balance(&chain, &sol_reserve).await?,
        sol_before - sold(&first)
    );

    // Ballast upgraded under the live vault, its round still open.
    upgrade_ballast(&raw, g, ballast_so).await?;

    // On the upgraded code, a large USDC deposit drifts the vault the other way: the keeper's
    // next pass opens no other round (the program would refuse it while round 1 is open) and
    // sells USDC towards the round's trade targets, fractions of the NAV fixed when it opened.
    // (A second round would wait out round 1's window, ROUND_WINDOW_SECS of real time.)
    deposit_and_check(&chain, g, &vault, &shares, 2, 10_000).await?;
    let within = keep_until_idle(&chain, g, &keeper, &vault).await?;
    assert_opened(&within, false)?;
    assert_sells(&within, 2)?;
    eprintln!("round 1's second pass done at {:.1?}", begun.elapsed());

    // Alice redeems everything, in kind: every asset comes back, no share is left.
    let held = balance(&chain, &shares).await?;
    let accounts = accounts(&chain, g, &vault).await?;
    let mut before = Vec::new();
    for token in &g.alice.tokens {
        before.push(balance(&chain, token).await?);
    }
    let withdraw = ix::Withdraw::new(
        &accounts,
        &alice.pubkey(),
        &shares,
        &g.alice.tokens,
        held,
        vec![1; ASSETS.len()],
        0,
    )?;
    lookup::send_vault_instructions(
        &chain,
        &accounts,
        alice,
        &[withdraw.instruction()],
        &[],
        Some(400_000),
    )
    .await?;
    assert_eq!(balance(&chain, &shares).await?, 0);
    for (token, was) in g.alice.tokens.iter().zip(before) {
        assert!(
            balance(&chain, token).await? > was,
            "nothing came back to {token}"
        );
    }
    eprintln!("scenario done in {:.1?}", begun.elapsed());
    Ok(())
}

/// Prints a deployment or an upgrade and what the loader logged.
fn show(what: &str, d: &Deployment) {
    eprintln!(
        "{what} {} ({} bytes, {} writes of {} bytes, {} resent) in {:.1?}; loader logs:",
        d.program, d.len, d.writes, d.chunk, d.resent, d.elapsed
    );
    for line in &d.logs {
        eprintln!("    {line}");
    }
}

/// Deploys both programs through the loader and checks what it logged.
async fn deploy_both(
    raw: &RpcClient,
    g: &Genesis,
    ballast_so: &[u8],
    amm_so: &[u8],
) -> TestResult<()> {
    // What the loader is given: SBPF v3 ELFs (the ELF header's flags).
    for (name, so) in [("ballast", ballast_so), ("ballast_test_amm", amm_so)] {
        assert_eq!(sbpf_version(so)?, 3, "{name}.so is not SBPF v3");
    }
    let authority = &g.authority;
    let amm = deploy::deploy(
        raw,
        authority,
        authority,
        &ballast_test_amm::ID,
        amm_so,
        amm_so.len(),
    )
    .await?;
    show("deployed", &amm);
    let ballast = deploy::deploy(
        raw,
        authority,
        authority,
        &ballast::ID,
        ballast_so,
        ballast_so.len(),
    )
    .await?;
    show("deployed", &ballast);
    assert!(has_line(
        &amm.logs,
        &format!("Deployed program {}", ballast_test_amm::ID)
    ));
    assert!(has_line(
        &ballast.logs,
        &format!("Deployed program {}", ballast::ID)
    ));
    for program in [ballast::ID, ballast_test_amm::ID] {
        assert!(raw.get_account(&program).await?.executable);
    }
    Ok(())
}

/// Upgrades Ballast (with the same bytes: the loader redeploys them) and checks that the
/// loader logged it and the program data records a later deployment slot.
async fn upgrade_ballast(raw: &RpcClient, g: &Genesis, ballast_so: &[u8]) -> TestResult<()> {
    let deployed_at = deploy::deployed_slot(raw, &ballast::ID).await?;
    let again = deploy::upgrade(raw, &g.authority, &g.authority, &ballast::ID, ballast_so).await?;
    show("upgraded", &again);
    assert!(has_line(
        &again.logs,
        &format!("Upgraded program {}", ballast::ID)
    ));
    assert!(deploy::deployed_slot(raw, &ballast::ID).await? > deployed_at);
    Ok(())
}

fn has_line(logs: &[String], needle: &str) -> bool {
    logs.iter().any(|l| l.contains(needle))
}

/// `setup::create_vault` over RPC: the lookup table (derived from the newest `SlotHashes`
/// entry, used only once rooted), the vault, its escrows and its rules.
async fn setup_vault(chain: &RpcChain, g: &Genesis) -> TestResult<Pubkey> {
    let step = Instant::now();
    let assets: Vec<NewAsset> = ASSETS
        .iter()
        .zip(&g.mints)
        .enumerate()
        .map(|(i, (a, mint))| NewAsset {
            mint: *mint,
            token_program: anchor_spl::token::ID,
            feed_id: feed_id(i),
            target_weight_bps: a.weight_bps,
        })
        .collect();
    let prices = fresh(chain, g).await?;
    let created = create_vault(
        chain,
        NewVault {
            manager: &g.authority,
            vault_id: VAULT_ID,
            assets: &assets,
            price_accounts: &prices,
            params: market::PARAMS,
            rules: market::rules(),
        },
    )
    .await?;
    assert!(created.created_table && !created.resumed);
    assert_eq!(created.escrows_created, ASSETS.len());
    let state = decode_vault(
        &created.vault,
        &ballast_sdk::chain::require_account(chain, &created.vault).await?,
    )?;
    assert_eq!(state.lookup_table, created.lookup_table);
    let table = ballast_sdk::chain::require_account(chain, &created.lookup_table).await?;
    let extended = lookup::last_extended_slot(&created.lookup_table, &table.data)?;
    assert!(chain.finalized_slot().await? > extended);
    eprintln!(
        "vault {} created (lookup table {} rooted) in {:.1?}",
        created.vault,
        created.lookup_table,
        step.elapsed()
    );
    Ok(created.vault)
}

/// The newest price set published by the chain's clock.
async fn fresh(chain: &RpcChain, g: &Genesis) -> TestResult<Vec<Pubkey>> {
    let now = chain.get_clock().await?.unix_timestamp;
    Ok(g.fresh_prices(now)
        .ok_or_else(|| format!("no price published by {now}"))?
        .to_vec())
}

async fn accounts_with(
    chain: &RpcChain,
    vault: &Pubkey,
    prices: &[Pubkey],
) -> TestResult<VaultAccounts> {
    let state = decode_vault(
        vault,
        &ballast_sdk::chain::require_account(chain, vault).await?,
    )?;
    Ok(VaultAccounts::from_state(*vault, &state, prices)?)
}

/// The vault's accounts with the freshest prices.
async fn accounts(chain: &RpcChain, g: &Genesis, vault: &Pubkey) -> TestResult<VaultAccounts> {
    accounts_with(chain, vault, &fresh(chain, g).await?).await
}

async fn balance(chain: &RpcChain, account: &Pubkey) -> TestResult<u64> {
    Ok(match chain.get_account(account).await? {
        Some(a) => decode_token_account(account, &a)?.amount,
        None => 0,
    })
}

/// Alice deposits `usd` dollars of asset `i` through the vault's lookup table.
async fn deposit(
    chain: &RpcChain,
    accounts: &VaultAccounts,
    g: &Genesis,
    i: usize,
    usd: u64,
) -> Result<Confirmed, SdkError> {
    let alice = &g.alice.keypair;
    let share_mint = accounts.pdas.share_mint;
    let shares = ix::associated_token_address(&alice.pubkey(), &share_mint, &anchor_spl::token::ID);
    let ixs = [
        ix::create_associated_token_account_idempotent(
            &alice.pubkey(),
            &alice.pubkey(),
            &share_mint,
            &anchor_spl::token::ID,
        ),
        ix::Deposit::new(
            accounts,
            &alice.pubkey(),
            &g.alice.tokens[i],
            &shares,
            i,
            ASSETS[i].amount_for_usd(usd),
            1,
        )?
        .instruction(),
    ];
    lookup::send_vault_instructions(chain, accounts, alice, &ixs, &[], Some(400_000)).await
}

/// Ticks the keeper with the freshest prices until it is idle, waiting (in real time) for
/// the auction whenever the venue's quote clears the vault's bound only later.
async fn keep_until_idle(
    chain: &RpcChain,
    g: &Genesis,
    keeper: &Keeper<TestAmm>,
    vault: &Pubkey,
) -> TestResult<Vec<VaultReport>> {
    let mut reports = Vec::new();
    for _ in 0..MAX_TICKS {
        let target = VaultTarget {
            vault: *vault,
            price_accounts: fresh(chain, g).await?,
        };
        let report = keeper.run_vault(chain, &target).await;
        eprintln!(
            "  keeper tick: opened {}, {} swaps, {:?}",
            report.opened.is_some(),
            report.executed.len(),
            report.outcome
        );
        let wait_until = match &report.outcome {
            VaultOutcome::Idle { .. } => {
                reports.push(report);
                return Ok(reports);
            }
            VaultOutcome::AuctionWait { clears_at, .. } => Some(*clears_at),
            VaultOutcome::SwapLimit | VaultOutcome::Unavailable { .. } => None,
            other => return Err(format!("keeper tick failed: {other:?}").into()),
        };
        reports.push(report);
        if let Some(until) = wait_until {
            while chain.get_clock().await?.unix_timestamp < until {
                tokio::time::sleep(Duration::from_millis(400)).await;
            }
        }
    }
    Err(format!("the keeper was not idle after {MAX_TICKS} ticks").into())
}

/// Whether the ticks opened a round is `opened`, and at least one swap landed.
fn assert_opened(reports: &[VaultReport], opened: bool) -> TestResult<()> {
    if reports.iter().any(|r| r.opened.is_some()) != opened {
        let what = if opened {
            "no round was"
        } else {
            "a round was"
        };
        return Err(format!("{what} opened: {reports:?}").into());
    }
    if reports.iter().all(|r| r.executed.is_empty()) {
        return Err(format!("the keeper made no swap: {reports:?}").into());
    }
    Ok(())
}

/// Every swap the ticks made sold asset `asset`.
fn assert_sells(reports: &[VaultReport], asset: usize) -> TestResult<()> {
    let sells: Vec<usize> = reports
        .iter()
        .flat_map(|r| &r.executed)
        .map(|e| e.swap.sell)
        .collect();
    if sells.iter().any(|&s| s != asset) {
        return Err(format!("expected only sales of asset {asset}, got {sells:?}").into());
    }
    Ok(())
}

/// What the ticks' swaps sold, in base units of the sold asset.
fn sold(reports: &[VaultReport]) -> u64 {
    reports
        .iter()
        .flat_map(|r| &r.executed)
        .map(|e| e.swap.amount_in)
        .sum()
}

/// Alice deposits `usd` dollars of asset `i` at the freshest prices; it must mint shares.
async fn deposit_and_check(
    chain: &RpcChain,
    g: &Genesis,
    vault: &Pubkey,
    shares: &Pubkey,
    i: usize,
    usd: u64,
) -> TestResult<()> {
    let before = balance(chain, shares).await?;
    let accounts = accounts(chain, g, vault).await?;
    deposit(chain, &accounts, g, i, usd).await?;
    let after = balance(chain, shares).await?;
    if after <= before {
        return Err(format!("a deposit of ${usd} of {} minted no shares", ASSETS[i].name).into());
    }
    Ok(())
}

#[test]
fn the_price_staircase_always_offers_a_fresh_price() {
    use ballast_validator_tests::genesis::{populate, PRICE_STEP_SECS};
    let mut config = solana_test_validator::TestValidatorGenesis::default();
    let g = populate(&mut config).unwrap();
    // Each set is fresh enough for a deposit until the next is published.
    assert!(PRICE_STEP_SECS < i64::from(market::PARAMS.fresh_price_secs));
    let start = g.publish_times[1];
    assert!(g.fresh_prices(start - 1).is_none());
    assert_eq!(g.fresh_prices(start), Some(&g.prices[1][..]));
    assert_eq!(
        g.fresh_prices(start + PRICE_STEP_SECS + 5),
        Some(&g.prices[2][..])
    );
    // The stale set is older than any age limit the program accepts.
    assert!(start - g.publish_times[0] > 300);
    assert_eq!(g.stale_prices(), &g.prices[0][..]);
}
