//! `set_lookup_table`: only the manager publishes the vault's lookup table, and only a
//! frozen table of the address lookup table program (nobody can deactivate or close it,
//! so clients' withdrawals through it keep working); nothing else of the vault changes.

use ballast::constants::ADDRESS_LOOKUP_TABLE_ID;
use ballast_tests::ix;
use ballast_tests::*;
use solana_account::Account;
use solana_signer::Signer;

/// A lookup table's data (the program's bincode layout): state tag, deactivation slot,
/// last extended slot and index, the authority `Option`, padding, then two addresses.
fn table_data(state: u32, deactivation_slot: u64, authority: Option<Pubkey>) -> Vec<u8> {
    let mut data = vec![0u8; 56];
    data[0..4].copy_from_slice(&state.to_le_bytes());
    data[4..12].copy_from_slice(&deactivation_slot.to_le_bytes());
    if let Some(key) = authority {
        data[21] = 1;
        data[22..54].copy_from_slice(key.as_ref());
    }
    data.extend_from_slice(Pubkey::new_unique().as_ref());
    data.extend_from_slice(Pubkey::new_unique().as_ref());
    data
}

/// A frozen, active table: what the program accepts.
fn frozen() -> Vec<u8> {
    table_data(1, u64::MAX, None)
}

/// An account owned by `owner` holding `data`, at a new address.
fn account_owned_by(h: &mut Harness, owner: Pubkey, data: Vec<u8>) -> Pubkey {
    let key = Pubkey::new_unique();
    h.set_account(
        key,
        Account {
            lamports: 10_000_000,
            data,
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
    let table = account_owned_by(&mut h, ADDRESS_LOOKUP_TABLE_ID, frozen());
    h.send_ok(
        &[ix::set_lookup_table(&v, table).instruction()],
        &[&v.manager],
    );
    assert_eq!(h.vault_state(&v.vault).lookup_table, table);
    assert_eq!(rest_of_vault(&h, &v.vault), before);
    // A later table replaces it.
    let newer = account_owned_by(&mut h, ADDRESS_LOOKUP_TABLE_ID, frozen());
    h.send_ok(
        &[ix::set_lookup_table(&v, newer).instruction()],
        &[&v.manager],
    );
    assert_eq!(h.vault_state(&v.vault).lookup_table, newer);
}

#[test]
fn set_lookup_table_refuses_a_stranger_and_any_table_that_is_not_frozen() {
    let mut h = Harness::new();
    let v = h.create_vault(&FOUR_ASSETS);
    let table = account_owned_by(&mut h, ADDRESS_LOOKUP_TABLE_ID, frozen());
    let before = h.account(&v.vault).unwrap();
    let refused = |h: &mut Harness, table: Pubkey| {
        assert_ballast_error(
            h.send(
                &[ix::set_lookup_table(&v, table).instruction()],
                &[&v.manager],
            ),
            BallastError::InvalidLookupTable,
        );
    };

    let stranger = h.funded_keypair();
    let mut ix = ix::set_lookup_table(&v, table);
    ix.accounts.manager = stranger.pubkey();
    assert_ballast_error(
        h.send(&[ix.instruction()], &[&stranger]),
        BallastError::NotManager,
    );

    // A frozen table's bytes under another owner; the manager's own key.
    for owner in [
        anchor_lang::system_program::ID,
        ballast::ID,
        anchor_spl::token::ID,
    ] {
        let fake = account_owned_by(&mut h, owner, frozen());
        refused(&mut h, fake);
    }
    refused(&mut h, v.manager.pubkey());
    // Tables of the right program that someone could still deactivate (an authority), that
    // are being deactivated, that are not initialised, or that are too short.
    for data in [
        table_data(1, u64::MAX, Some(Pubkey::new_unique())),
        table_data(1, 7, None),
        table_data(0, u64::MAX, None),
        frozen()[..40].to_vec(),
    ] {
        let table = account_owned_by(&mut h, ADDRESS_LOOKUP_TABLE_ID, data);
        refused(&mut h, table);
    }
    assert_eq!(h.account(&v.vault).unwrap(), before);
}
