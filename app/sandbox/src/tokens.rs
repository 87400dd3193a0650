//! Tokens and prices on an [`EmbeddedChain`]: mints (classic SPL Token, or Token-2022 with
//! extensions), token accounts sized for their mint's extensions, minting, freezing,
//! balances, and Pyth `PriceUpdateV2` accounts (encoded by `ballast_sdk::state`).
//!
//! The chain's payer is the mint and freeze authority of every mint created here.

use anchor_lang::prelude::Pubkey;
use anchor_spl::token_2022::spl_token_2022;
use anchor_spl::token_2022::spl_token_2022::extension::{
    BaseStateWithExtensions, ExtensionType, StateWithExtensions,
};
use ballast_sdk::state::{
    decode_mint, decode_token_account, encode_price_update, price_message, MintState,
    PriceFeedMessage, VerificationLevel,
};
use ballast_sdk::{SdkError, SdkResult};
use solana_account::Account;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::chain::EmbeddedChain;

fn invalid(what: &str, e: impl std::fmt::Display) -> SdkError {
    SdkError::InvalidInput(format!("{what}: {e}"))
}

impl EmbeddedChain {
    /// A system `create_account` of `space` bytes owned by `owner`, rent paid by the payer.
    fn create_account_ix(&self, new: &Pubkey, space: usize, owner: &Pubkey) -> Instruction {
        let lamports = self.lock().minimum_balance_for_rent_exemption(space);
        anchor_lang::solana_program::system_instruction::create_account(
            &self.payer().pubkey(),
            new,
            lamports,
            space as u64,
            owner,
        )
    }

    /// A new mint of `token_program` (SPL Token or Token-2022, no extensions) with the
    /// payer as mint and freeze authority.
    pub fn create_mint(&self, decimals: u8, token_program: &Pubkey) -> SdkResult<Pubkey> {
        let mint = Keypair::new();
        self.create_mint_with(&mint, decimals, token_program, &[], Vec::new())?;
        Ok(mint.pubkey())
    }

    /// Creates the mint `mint` of `token_program` with the payer as mint and freeze
    /// authority. For Token-2022 mints with extensions, `extensions` sizes the account and
    /// `init_extensions` initialises them (sent before the mint's own initialisation, as
    /// Token-2022 requires).
    pub fn create_mint_with(
        &self,
        mint: &Keypair,
        decimals: u8,
        token_program: &Pubkey,
        extensions: &[ExtensionType],
        init_extensions: Vec<Instruction>,
    ) -> SdkResult<()> {
        let space =
            ExtensionType::try_calculate_account_len::<spl_token_2022::state::Mint>(extensions)
                .map_err(|e| invalid("mint extensions", e))?;
        let payer = self.payer().pubkey();
        let mut ixs = vec![self.create_account_ix(&mint.pubkey(), space, token_program)];
        ixs.extend(init_extensions);
        ixs.push(
            spl_token_2022::instruction::initialize_mint2(
                token_program,
                &mint.pubkey(),
                &payer,
                Some(&payer),
                decimals,
            )
            .map_err(|e| invalid("initialize_mint2", e))?,
        );
        self.send(&ixs, &[mint])?;
        Ok(())
    }

    /// A new token account of `mint` owned by `owner`, under the mint's token program and
    /// sized for the account extensions the mint's extensions require.
    pub fn create_token_account(&self, mint: &Pubkey, owner: &Pubkey) -> SdkResult<Pubkey> {
        let program = self.mint(mint)?.token_program;
        let data = self
            .account(mint)
            .ok_or(SdkError::AccountNotFound(*mint))?
            .data;
        let required = if program == spl_token_2022::ID {
            let state = StateWithExtensions::<spl_token_2022::state::Mint>::unpack(&data)
                .map_err(|e| invalid("mint", e))?;
            let types = state
                .get_extension_types()
                .map_err(|e| invalid("mint extensions", e))?;
            ExtensionType::get_required_init_account_extensions(&types)
        } else {
            Vec::new()
        };
        let space =
            ExtensionType::try_calculate_account_len::<spl_token_2022::state::Account>(&required)
                .map_err(|e| invalid("account extensions", e))?;
        let account = Keypair::new();
        let ixs = [
            self.create_account_ix(&account.pubkey(), space, &program),
            spl_token_2022::instruction::initialize_account3(
                &program,
                &account.pubkey(),
                mint,
                owner,
            )
            .map_err(|e| invalid("initialize_account3", e))?,
        ];
        self.send(&ixs, &[&account])?;
        Ok(account.pubkey())
    }

    /// Mints `amount` of `mint` (authority: the payer) to `to`.
    pub fn mint_to(&self, mint: &Pubkey, to: &Pubkey, amount: u64) -> SdkResult<()> {
        let program = self.mint(mint)?.token_program;
        let ix = spl_token_2022::instruction::mint_to(
            &program,
            mint,
            to,
            &self.payer().pubkey(),
            &[],
            amount,
        )
        .map_err(|e| invalid("mint_to", e))?;
        self.send(&[ix], &[])?;
        Ok(())
    }

    /// Freezes `account` with the mint's freeze authority (the payer).
    pub fn freeze(&self, mint: &Pubkey, account: &Pubkey) -> SdkResult<()> {
        let program = self.mint(mint)?.token_program;
        let ix = spl_token_2022::instruction::freeze_account(
            &program,
            account,
            mint,
            &self.payer().pubkey(),
            &[],
        )
        .map_err(|e| invalid("freeze_account", e))?;
        self.send(&[ix], &[])?;
        Ok(())
    }

    /// The decoded mint at `mint`.
    pub fn mint(&self, mint: &Pubkey) -> SdkResult<MintState> {
        let account = self.account(mint).ok_or(SdkError::AccountNotFound(*mint))?;
        decode_mint(mint, &account)
    }

    /// Balance of a token account (0 if it does not exist).
    pub fn token_balance(&self, account: &Pubkey) -> u64 {
        self.account(account)
            .and_then(|a| decode_token_account(account, &a).ok())
            .map_or(0, |t| t.amount)
    }

    /// Writes a fully verified `PriceUpdateV2` owned by the Pyth receiver at `account`.
    pub fn set_price(
        &self,
        account: Pubkey,
        feed_id: [u8; 32],
        price: i64,
        conf: u64,
        exponent: i32,
        publish_time: i64,
    ) -> SdkResult<()> {
        let message = price_message(feed_id, price, conf, exponent, publish_time);
        self.set_price_update(
            account,
            message,
            VerificationLevel::Full,
            ballast::constants::PYTH_RECEIVER_ID,
        )
    }

    /// Writes any `PriceUpdateV2` at `account`: `message` at `verification_level`, owned by
    /// `owner` (the Pyth receiver, or another program to see it refused).
    pub fn set_price_update(
        &self,
        account: Pubkey,
        message: PriceFeedMessage,
        verification_level: VerificationLevel,
        owner: Pubkey,
    ) -> SdkResult<()> {
        let data = encode_price_update(message, verification_level);
        let lamports = self.lock().minimum_balance_for_rent_exemption(data.len());
        self.set_account(
            account,
            Account {
                lamports,
                data,
                owner,
                executable: false,
                rent_epoch: 0,
            },
        )
    }
}
