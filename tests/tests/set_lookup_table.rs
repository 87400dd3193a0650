//! `set_lookup_table`: only the manager publishes the vault's lookup table, and only an
//! account of the address lookup table program; nothing else of the vault changes.

use ballast::constants::ADDRESS_LOOKUP_TABLE_ID;
use ballast_tests::ix::SetLookupTableIx;
use ballast_tests::*;
use solana_account::Account;
use solana_signer::Signer;

/// An account owned by `owner` at a new address (the program checks only the owner).
fn account_owned_by(h: &mut Harness, owner: Pubkey) -> Pubkey {
    let key = Pubkey::new_unique();
    h.set_account(
        key,
        Account {
            lamports: 10_000_000,
            data: vec![0; 56],
            owner,
            executable: false,
            rent_epoch: 0,
        },
    );
    key
}

/// The vault's bytes with the lookup table field zeroed: everything else.
fn rest_of_vault(h: &Harness, vault: &Pubkey) -> Vec<u8> {
    let mut state = h.vault_state(vault);
    state.lookup_table = Pubkey::default();
    bytemuck::bytes_of(&state).to_vec()
}

#[test]
fn set_lookup_table_ok_records_the_table_and_nothing_else() {
    let mut h = Harness::new();
    let v = h.create_vault(&FOUR_ASSETS);
    assert_eq!(h.vault_state(&v.vault).lookup_table, Pubkey::default());
    let before = rest_of_vault(&h, &v.vault);
    let table = account_owned_by(&mut h, ADDRESS_LOOKUP_TABLE_ID);
    h.send_ok(
        &[SetLookupTableIx::new(&v, table).instruction()],
        &[&v.manager],
    );
    assert_eq!(h.vault_state(&v.vault).lookup_table, table);
    assert_eq!(rest_of_vault(&h, &v.vault), before);
    // A later table replaces it.
    let newer = account_owned_by(&mut h, ADDRESS_LOOKUP_TABLE_ID);
    h.send_ok(
        &[SetLookupTableIx::new(&v, newer).instruction()],
        &[&v.manager],
    );
    assert_eq!(h.vault_state(&v.vault).lookup_table, newer);
}

#[test]
fn set_lookup_table_refuses_a_stranger_and_a_table_of_another_program() {
    let mut h = Harness::new();
    let v = h.create_vault(&FOUR_ASSETS);
    let table = account_owned_by(&mut h, ADDRESS_LOOKUP_TABLE_ID);
    let before = h.account(&v.vault).unwrap();

    let stranger = h.funded_keypair();
    let mut ix = SetLookupTableIx::new(&v, table);
    ix.accounts.manager = stranger.pubkey();
    assert_ballast_error(
        h.send(&[ix.instruction()], &[&stranger]),
        BallastError::NotManager,
    );

    for owner in [
        anchor_lang::system_program::ID,
        ballast::ID,
        anchor_spl::token::ID,
    ] {
        let fake = account_owned_by(&mut h, owner);
        assert_ballast_error(
            h.send(
                &[SetLookupTableIx::new(&v, fake).instruction()],
                &[&v.manager],
            ),
            BallastError::InvalidLookupTable,
        );
    }
    // The manager's key as the table: an account of the system program.
    let manager_key = v.manager.pubkey();
    assert_ballast_error(
        h.send(
            &[SetLookupTableIx::new(&v, manager_key).instruction()],
            &[&v.manager],
        ),
        BallastError::InvalidLookupTable,
    );
    assert_eq!(h.account(&v.vault).unwrap(), before);
}
