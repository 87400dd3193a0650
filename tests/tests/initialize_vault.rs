//! `initialize_vault` against the compiled program.

use anchor_lang::prelude::AccountMeta;
use ballast::state::Vault;
use ballast_tests::ix::{self, InitializeVault};
use ballast_tests::*;
use solana_signer::Signer;

/// Two classic assets at 50/50.
const TWO_ASSETS: [AssetSpec; 2] = [AssetSpec::usd(9, 5_000, 150), AssetSpec::usd(6, 5_000, 1)];

/// A vault fixture whose mints exist but whose vault is not created yet.
fn prepared(h: &mut Harness, specs: &[AssetSpec]) -> VaultFixture {
    h.prepare_vault(specs, 1)
}

fn try_init(
    h: &mut Harness,
    v: &VaultFixture,
    edit: impl FnOnce(&mut InitializeVault),
) -> Result<Sent, Failed> {
    let mut ix = ix::initialize_vault(v);
    edit(&mut ix);
    let manager = v.manager.insecure_clone();
    h.send(&[ix.instruction()], &[&manager])
}

#[test]
fn initialize_vault_ok_stores_the_configuration() {
    let mut h = Harness::new();
    let v = h.create_vault(&FOUR_ASSETS);
    let vault: Vault = h.vault_state(&v.vault);
    assert_eq!(vault.manager, v.manager.pubkey());
    assert_eq!(vault.share_mint, v.share_mint);
    assert_eq!(vault.num_assets, 4);
    assert_eq!(vault.max_oracle_age_secs, MAX_ORACLE_AGE_SECS);
    for (stored, asset) in vault.assets().iter().zip(&v.assets) {
        assert_eq!(stored.mint, asset.mint);
        assert_eq!(stored.reserve, asset.reserve);
        assert_eq!(stored.feed_id, asset.feed_id);
        assert_eq!(stored.decimals, asset.decimals);
        assert_eq!(stored.target_weight_bps, asset.spec.weight_bps);
        // The reserve exists, is empty, and belongs to the vault authority.
        let reserve = h.account(&asset.reserve).expect("reserve created");
        assert_eq!(reserve.owner, spl_token_id());
        assert_eq!(&reserve.data[0..32], asset.mint.as_ref());
        assert_eq!(&reserve.data[32..64], v.authority.as_ref());
        assert_eq!(h.token_balance(&asset.reserve), 0);
    }
    let share_mint = h.account(&v.share_mint).expect("share mint");
    assert_eq!(share_mint.data[44], ballast::constants::SHARE_DECIMALS);
    assert_eq!(
        &share_mint.data[4..36],
        v.authority.as_ref(),
        "mint authority is the vault authority"
    );
    assert_eq!(
        &share_mint.data[46..50],
        &[0, 0, 0, 0],
        "no freeze authority"
    );
}

fn spl_token_id() -> Pubkey {
    TokenKind::Token.id()
}

#[test]
fn initialize_vault_ok_with_16_assets_and_token_2022() {
    let mut h = Harness::new();
    let mut specs = n_assets(16);
    specs[3].kind = TokenKind::Token2022;
    let v = h.create_vault(&specs);
    let vault: Vault = h.vault_state(&v.vault);
    assert_eq!(vault.num_assets, 16);
    assert_eq!(
        h.account(&v.assets[3].reserve).unwrap().owner,
        TokenKind::Token2022.id()
    );
}

#[test]
fn initialize_vault_ok_with_a_metadata_pointer_mint() {
    let mut h = Harness::new();
    let mut v = prepared(&mut h, &TWO_ASSETS);
    let mint = h.create_mint_with_extension(6, MintExtension::MetadataPointer);
    v.set_mint(1, mint, TokenKind::Token2022);
    try_init(&mut h, &v, |_| {}).expect("metadata pointer is accepted");
}

#[test]
fn initialize_vault_refuses_weights_not_summing_to_10000() {
    let mut h = Harness::new();
    let v = prepared(&mut h, &FOUR_ASSETS);
    let r = try_init(&mut h, &v, |ix| ix.args.assets[0].target_weight_bps += 1);
    assert_ballast_error(r, BallastError::WeightsDoNotSum);
    assert!(h.account(&v.vault).is_none());
    let r = try_init(&mut h, &v, |ix| {
        ix.args.assets[3].target_weight_bps = 0;
        ix.args.assets[0].target_weight_bps += 1_000;
    });
    assert_ballast_error(r, BallastError::ZeroWeight);
}

#[test]
fn initialize_vault_refuses_duplicate_mints() {
    let mut h = Harness::new();
    let mut v = prepared(&mut h, &FOUR_ASSETS);
    let first = v.assets[0].clone();
    v.set_mint(2, first.mint, first.kind);
    let r = try_init(&mut h, &v, |_| {});
    assert_ballast_error(r, BallastError::DuplicateMint);
    // The share mint cannot be an asset either (asset 1's mint replaced in the accounts).
    let v = prepared(&mut h, &FOUR_ASSETS);
    let share_mint = v.share_mint;
    let r = try_init(&mut h, &v, |ix| {
        ix.remaining[2] = AccountMeta::new_readonly(share_mint, false);
    });
    assert_ballast_error(r, BallastError::DuplicateMint);
}

#[test]
fn initialize_vault_refuses_too_many_and_too_few_assets() {
    let mut h = Harness::new();
    let v = prepared(&mut h, &n_assets(17));
    let r = try_init(&mut h, &v, |_| {});
    assert_ballast_error(r, BallastError::TooManyAssets);
    let mut one = prepared(&mut h, &FOUR_ASSETS[..1]);
    one.assets[0].spec.weight_bps = 10_000;
    let r = try_init(&mut h, &one, |_| {});
    assert_ballast_error(r, BallastError::TooFewAssets);
}

#[test]
fn initialize_vault_refuses_bad_oracle_limits() {
    let mut h = Harness::new();
    let v = prepared(&mut h, &FOUR_ASSETS);
    for edit in [
        |ix: &mut InitializeVault| ix.args.params.max_conf_bps = 0,
        |ix: &mut InitializeVault| ix.args.params.max_conf_bps = 10_000,
        |ix: &mut InitializeVault| ix.args.params.max_oracle_age_secs = 0,
        |ix: &mut InitializeVault| ix.args.params.max_oracle_age_secs = 301,
    ] {
        let r = try_init(&mut h, &v, edit);
        assert_ballast_error(r, BallastError::InvalidOracleConfig);
    }
}

#[test]
fn initialize_vault_refuses_a_reserve_that_is_not_the_pda() {
    let mut h = Harness::new();
    let v = prepared(&mut h, &FOUR_ASSETS);
    // Asset 1's reserve (remaining accounts: [mint, reserve] per asset).
    let r = try_init(&mut h, &v, |ix| {
        ix.remaining[3] = AccountMeta::new(Pubkey::new_unique(), false);
    });
    assert_ballast_error(r, BallastError::ReserveAddressMismatch);
}

#[test]
fn initialize_vault_refuses_a_mismatched_account_list() {
    let mut h = Harness::new();
    let v = prepared(&mut h, &FOUR_ASSETS);
    let r = try_init(&mut h, &v, |ix| {
        ix.remaining.pop();
    });
    assert_ballast_error(r, BallastError::AssetAccountsMismatch);
}

#[test]
fn initialize_vault_refuses_a_non_mint() {
    let mut h = Harness::new();
    let mut v = prepared(&mut h, &FOUR_ASSETS);
    let not_a_mint = h.payer().pubkey();
    v.set_mint(0, not_a_mint, TokenKind::Token);
    let r = try_init(&mut h, &v, |_| {});
    assert_ballast_error(r, BallastError::InvalidMint);
}

#[test]
fn initialize_vault_refuses_token_2022_extensions_that_move_or_change_amounts() {
    for extension in [
        MintExtension::TransferFee,
        MintExtension::TransferHook,
        MintExtension::PermanentDelegate,
        MintExtension::NonTransferable,
        MintExtension::Pausable,
        MintExtension::ConfidentialTransfer,
        MintExtension::DefaultAccountStateFrozen,
        MintExtension::MintCloseAuthority,
        MintExtension::InterestBearing,
    ] {
        let mut h = Harness::new();
        let mut v = prepared(&mut h, &TWO_ASSETS);
        let mint = h.create_mint_with_extension(6, extension);
        v.set_mint(1, mint, TokenKind::Token2022);
        let r = try_init(&mut h, &v, |_| {});
        let failed = r.as_ref().expect_err("refused");
        assert!(
            failed
                .logs
                .iter()
                .any(|l| l.contains("refused Token-2022 mint extension")),
            "{extension:?}: log names the extension"
        );
        assert_ballast_error(r, BallastError::UnsupportedMintExtension);
        assert!(
            h.account(&v.vault).is_none(),
            "{extension:?}: no vault created"
        );
    }
}

#[test]
fn initialize_vault_survives_a_prefunded_reserve_address() {
    let mut h = Harness::new();
    let v = prepared(&mut h, &FOUR_ASSETS);
    // A griefer sends lamports to a reserve PDA before the vault exists.
    h.chain
        .airdrop(&v.assets[2].reserve, 1_000_000)
        .expect("airdrop");
    try_init(&mut h, &v, |_| {}).expect("created anyway");
    assert_eq!(h.token_balance(&v.assets[2].reserve), 0);
    assert_eq!(
        h.account(&v.assets[2].reserve).unwrap().owner,
        spl_token_id()
    );
}

#[test]
fn initialize_vault_requires_the_manager_signature() {
    let mut h = Harness::new();
    let v = prepared(&mut h, &FOUR_ASSETS);
    let ix = ballast_tests::ix::unsign(ix::initialize_vault(&v).instruction(), &v.manager.pubkey());
    let r = h.send(&[ix], &[]);
    assert_anchor_error(r, anchor_lang::error::ErrorCode::AccountNotSigner);
}
