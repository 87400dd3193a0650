//! The SDK against the compiled program on the embedded chain: PDAs and decoded state
//! agree with what the program created, and the builders of every instruction are accepted.

use ballast_sandbox::{DemoConfig, DemoMarket, DemoVault, EmbeddedChain, FOUR_ASSETS};
use ballast_sdk::chain::{send_instructions, Chain};
use ballast_sdk::state::{decode_mint, decode_price_update, decode_token_account, decode_vault};
use ballast_sdk::{ix, pda, SdkError, Signer};

#[test]
fn a_missing_program_is_a_clear_error() {
    let Err(err) = EmbeddedChain::with_programs_dir(std::path::Path::new("/nonexistent")) else {
        panic!("no programs there");
    };
    assert!(matches!(err, SdkError::ProgramMissing { .. }));
    let text = err.to_string();
    assert!(
        text.contains("/nonexistent/ballast.so") && text.contains("build-sbf.sh"),
        "{text}"
    );
    assert!(!text.contains('\n'));
}

#[tokio::test]
async fn pdas_state_and_builders_agree_with_the_program() {
    let chain = EmbeddedChain::new().expect("embedded chain (run scripts/build-sbf.sh)");
    let config = DemoConfig::default();
    let market = DemoMarket::create(&chain, &FOUR_ASSETS, &config).unwrap();
    // initialize_vault, create_escrow, deposit and configure_rebalance, from the builders.
    let v = DemoVault::create(&chain, &market, 9, &config).unwrap();
    let vault = v.vault();
    assert_eq!(vault, pda::vault(&v.manager.pubkey(), 9));

    let account = chain.get_account(&vault).await.unwrap().unwrap();
    let state = decode_vault(&vault, &account).unwrap();
    assert_eq!(state.manager, v.manager.pubkey());
    assert_eq!(state.vault_id, 9);
    assert_eq!(state.vault_authority, pda::authority(&vault));
    assert_eq!(state.swap_authority, pda::swap_authority(&vault));
    assert_eq!(state.share_mint, pda::share_mint(&vault));
    assert_eq!(state.assets().len(), FOUR_ASSETS.len());
    for (config, a) in state.assets().iter().zip(&market.assets) {
        assert_eq!(config.mint, a.mint);
        assert_eq!(config.reserve, pda::reserve(&vault, &a.mint));
        assert_eq!(config.escrow, pda::escrow(&vault, &a.mint));
        assert_eq!(config.feed_id, a.feed_id);
        let reserve = chain.account(&config.reserve).unwrap();
        let token = decode_token_account(&config.reserve, &reserve).unwrap();
        assert_eq!((token.mint, token.owner), (a.mint, state.vault_authority));
        assert!(token.amount > 0 && !token.frozen);
        let price = chain.account(&a.price_account).unwrap();
        let price = decode_price_update(&a.price_account, &price).unwrap();
        assert_eq!(price.feed_id, a.feed_id);
        assert!(price.fully_verified && price.owned_by_receiver);
    }
    assert_eq!(
        ix::VaultAccounts::from_state(vault, &state, &market.price_accounts()).unwrap(),
        v.accounts
    );
    let shares = chain.token_balance(&v.depositor_shares);
    let share_mint = chain.account(&state.share_mint).unwrap();
    assert_eq!(
        decode_mint(&state.share_mint, &share_mint).unwrap().supply,
        shares
    );

    // withdraw: half the shares back, in kind.
    let reserves_before = v.reserve_balances(&chain);
    let withdraw = ix::Withdraw::new(
        &v.accounts,
        &v.depositor.pubkey(),
        &v.depositor_shares,
        &v.depositor_tokens,
        shares / 2,
        vec![0; FOUR_ASSETS.len()],
        0,
    )
    .unwrap()
    .instruction();
    send_instructions(&chain, &v.depositor, &[withdraw], &[], None)
        .await
        .unwrap();
    assert_eq!(
        chain.token_balance(&v.depositor_shares),
        shares - shares / 2
    );
    for ((before, after), token) in reserves_before
        .iter()
        .zip(v.reserve_balances(&chain))
        .zip(&v.depositor_tokens)
    {
        let paid = chain.token_balance(token);
        assert!(paid > 0 && after == before - paid);
    }

    // A refusal carries the program's error.
    let again = ix::CreateEscrow::new(&v.accounts, 0, &chain.payer().pubkey())
        .unwrap()
        .instruction();
    let Err(SdkError::Rejected(rejection)) = chain.send(&[again], &[]) else {
        panic!("the escrow exists");
    };
    assert!(
        rejection.is_ballast_error(ballast::error::BallastError::EscrowAlreadyCreated),
        "{rejection}"
    );
    assert_eq!(
        rejection.to_string(),
        "EscrowAlreadyCreated (custom error 6071)"
    );
}
