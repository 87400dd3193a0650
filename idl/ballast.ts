/**
 * Program IDL in camelCase format in order to be used in JS/TS.
 *
 * Note that this is only a type helper and is not the actual IDL. The original
 * IDL can be found at `idl/ballast.json`.
 */
export type Ballast = {
  "address": "3oogXRPgxzFvw6bW7azXvUDaikRqrwQ8YS36TLCDjgfc",
  "metadata": {
    "name": "ballast",
    "version": "0.1.0",
    "spec": "0.1.0",
    "description": "Ballast: a permissionless portfolio-rebalancing vault"
  },
  "instructions": [
    {
      "name": "applyChange",
      "docs": [
        "Manager: makes a change that can only reduce the holders' risk (or any change while",
        "no shares exist), at once.",
        "",
        "Remaining accounts: none."
      ],
      "discriminator": [
        248,
        177,
        9,
        41,
        50,
        98,
        255,
        50
      ],
      "accounts": [
        {
          "name": "manager",
          "docs": [
            "The vault's manager."
          ],
          "signer": true,
          "relations": [
            "vault"
          ]
        },
        {
          "name": "vault",
          "docs": [
            "The vault."
          ],
          "writable": true
        },
        {
          "name": "shareMint",
          "docs": [
            "The vault's share mint (`has_one`); its supply settles the fee before a fee change."
          ],
          "relations": [
            "vault"
          ]
        },
        {
          "name": "tokenProgram",
          "docs": [
            "SPL Token (the share mint's program)."
          ],
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        }
      ],
      "args": [
        {
          "name": "change",
          "type": {
            "defined": {
              "name": "change"
            }
          }
        }
      ]
    },
    {
      "name": "cancelChange",
      "docs": [
        "Manager: cancels a queued change.",
        "",
        "Remaining accounts: none."
      ],
      "discriminator": [
        100,
        30,
        4,
        148,
        3,
        244,
        243,
        168
      ],
      "accounts": [
        {
          "name": "manager",
          "docs": [
            "The vault's manager."
          ],
          "signer": true,
          "relations": [
            "vault"
          ]
        },
        {
          "name": "vault",
          "docs": [
            "The vault."
          ],
          "writable": true,
          "relations": [
            "change"
          ]
        },
        {
          "name": "change",
          "docs": [
            "The queued change (of this vault), closed here."
          ],
          "writable": true
        },
        {
          "name": "proposer",
          "docs": [
            "Who queued the change (its stored `proposer`): receives the rent back."
          ],
          "writable": true,
          "relations": [
            "change"
          ]
        }
      ],
      "args": []
    },
    {
      "name": "collectFees",
      "docs": [
        "Anyone: mints the management fee's accrued shares to the fee recipient.",
        "",
        "Remaining accounts: none."
      ],
      "discriminator": [
        164,
        152,
        207,
        99,
        30,
        186,
        19,
        182
      ],
      "accounts": [
        {
          "name": "vault",
          "docs": [
            "The vault."
          ],
          "writable": true
        },
        {
          "name": "vaultAuthority",
          "docs": [
            "The vault authority PDA (`has_one`): mints the shares."
          ],
          "relations": [
            "vault"
          ]
        },
        {
          "name": "shareMint",
          "docs": [
            "The vault's share mint (`has_one`)."
          ],
          "writable": true,
          "relations": [
            "vault"
          ]
        },
        {
          "name": "feeRecipient",
          "docs": [
            "The vault's fee recipient (`has_one`), a share token account (checked)."
          ],
          "writable": true,
          "relations": [
            "vault"
          ]
        },
        {
          "name": "tokenProgram",
          "docs": [
            "SPL Token."
          ],
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        }
      ],
      "args": []
    },
    {
      "name": "createEscrow",
      "docs": [
        "Anyone: creates an asset's swap escrow (needed before the asset can be rebalanced).",
        "",
        "Remaining accounts: none."
      ],
      "discriminator": [
        253,
        215,
        165,
        116,
        36,
        108,
        68,
        80
      ],
      "accounts": [
        {
          "name": "payer",
          "docs": [
            "Anyone: pays the escrow's rent."
          ],
          "writable": true,
          "signer": true
        },
        {
          "name": "vault",
          "docs": [
            "The vault."
          ],
          "writable": true
        },
        {
          "name": "swapAuthority",
          "docs": [
            "The swap authority PDA `[SWAP_AUTHORITY_SEED, vault]` (`has_one` on the vault): the",
            "escrow's token authority."
          ],
          "relations": [
            "vault"
          ]
        },
        {
          "name": "mint",
          "docs": [
            "The asset's mint, matched against the vault in the handler."
          ]
        },
        {
          "name": "escrow",
          "docs": [
            "The escrow PDA `[ESCROW_SEED, vault, mint]`, not yet created (seeds checked here,",
            "for clients that resolve it from the IDL, and again in the handler)."
          ],
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  101,
                  115,
                  99,
                  114,
                  111,
                  119
                ]
              },
              {
                "kind": "account",
                "path": "vault"
              },
              {
                "kind": "account",
                "path": "mint"
              }
            ]
          }
        },
        {
          "name": "tokenProgram",
          "docs": [
            "The asset's token program, matched against the vault in the handler."
          ]
        },
        {
          "name": "systemProgram",
          "docs": [
            "The system program."
          ],
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "createEscrowArgs"
            }
          }
        }
      ]
    },
    {
      "name": "deposit",
      "docs": [
        "Deposits one vault asset and mints shares priced at the oracle NAV.",
        "",
        "Remaining accounts: for each vault asset in order, `[reserve, price]`: the vault's",
        "reserve (writable for the deposited asset) and the `PriceUpdateV2` account of the",
        "asset's Pyth feed."
      ],
      "discriminator": [
        242,
        35,
        198,
        137,
        82,
        225,
        242,
        182
      ],
      "accounts": [
        {
          "name": "user",
          "docs": [
            "The depositor: owner (or delegate) of `user_token`."
          ],
          "signer": true
        },
        {
          "name": "vault",
          "docs": [
            "The vault (writable: it records the newest price publish time per asset)."
          ],
          "writable": true
        },
        {
          "name": "vaultAuthority",
          "docs": [
            "The vault authority PDA `[AUTHORITY_SEED, vault]` (`has_one` on the vault); mints",
            "the shares."
          ],
          "relations": [
            "vault"
          ]
        },
        {
          "name": "shareMint",
          "docs": [
            "The vault's share mint (`has_one` on the vault); supply read from its bytes."
          ],
          "writable": true,
          "relations": [
            "vault"
          ]
        },
        {
          "name": "userToken",
          "docs": [
            "The depositor's token account of the asset; owner program and mint checked in the",
            "handler, authority checked by the token program."
          ],
          "writable": true
        },
        {
          "name": "userShares",
          "docs": [
            "The depositor's share token account; mint checked in the handler."
          ],
          "writable": true
        },
        {
          "name": "assetMint",
          "docs": [
            "The deposited asset's mint; matched against the vault's asset in the handler."
          ]
        },
        {
          "name": "assetTokenProgram",
          "docs": [
            "The asset's token program (SPL Token or Token-2022); matched against the vault's",
            "asset in the handler."
          ]
        },
        {
          "name": "tokenProgram",
          "docs": [
            "SPL Token: the share mint's program."
          ],
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "depositArgs"
            }
          }
        }
      ]
    },
    {
      "name": "discardChange",
      "docs": [
        "Anyone: closes a queued change that cannot execute (voided by a handover, or not",
        "valid for the vault as it is now), rent to its proposer.",
        "",
        "Remaining accounts: none."
      ],
      "discriminator": [
        109,
        237,
        104,
        76,
        66,
        8,
        33,
        38
      ],
      "accounts": [
        {
          "name": "vault",
          "docs": [
            "The vault."
          ],
          "writable": true,
          "relations": [
            "change"
          ]
        },
        {
          "name": "change",
          "docs": [
            "The change (of this vault), closed here."
          ],
          "writable": true
        },
        {
          "name": "proposer",
          "docs": [
            "Who queued the change (its stored `proposer`): receives the rent back."
          ],
          "writable": true,
          "relations": [
            "change"
          ]
        }
      ],
      "args": []
    },
    {
      "name": "executeChange",
      "docs": [
        "Anyone (the new manager for a handover): executes a queued change whose time came.",
        "",
        "Remaining accounts: for an `AddAsset` change, `[mint, reserve, token program]`: the",
        "new asset's mint, its reserve (writable, the PDA `[RESERVE_SEED, vault, mint]`, not yet",
        "created) and the mint's token program; none for any other change."
      ],
      "discriminator": [
        104,
        53,
        136,
        238,
        82,
        222,
        200,
        42
      ],
      "accounts": [
        {
          "name": "executor",
          "docs": [
            "Anyone (the new manager itself for a handover); pays a new asset's reserve."
          ],
          "writable": true,
          "signer": true
        },
        {
          "name": "vault",
          "docs": [
            "The vault."
          ],
          "writable": true,
          "relations": [
            "change"
          ]
        },
        {
          "name": "shareMint",
          "docs": [
            "The vault's share mint (`has_one`): settles the fee before a fee change."
          ],
          "relations": [
            "vault"
          ]
        },
        {
          "name": "vaultAuthority",
          "docs": [
            "The vault authority PDA (`has_one`): owner of a new asset's reserve."
          ],
          "relations": [
            "vault"
          ]
        },
        {
          "name": "change",
          "docs": [
            "The queued change (of this vault), closed here."
          ],
          "writable": true
        },
        {
          "name": "proposer",
          "docs": [
            "Who queued the change (its stored `proposer`): receives the rent back."
          ],
          "writable": true,
          "relations": [
            "change"
          ]
        },
        {
          "name": "tokenProgram",
          "docs": [
            "SPL Token (the share mint's program)."
          ],
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        },
        {
          "name": "systemProgram",
          "docs": [
            "The system program."
          ],
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": []
    },
    {
      "name": "expectConfig",
      "docs": [
        "Anyone: fails unless the vault's `config_seq` is the given one (put before a deposit",
        "to pin the configuration the depositor checked).",
        "",
        "Remaining accounts: none."
      ],
      "discriminator": [
        157,
        224,
        132,
        98,
        237,
        252,
        49,
        47
      ],
      "accounts": [
        {
          "name": "vault",
          "docs": [
            "The vault (read only)."
          ]
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "expectConfigArgs"
            }
          }
        }
      ]
    },
    {
      "name": "initializeVault",
      "docs": [
        "Creates a vault with 2..=16 assets, its share mint and one reserve per asset.",
        "",
        "Remaining accounts: for each asset in order, `[mint, reserve]`: the reserve writable,",
        "the PDA `[RESERVE_SEED, vault, mint]`, not yet created."
      ],
      "discriminator": [
        48,
        191,
        163,
        44,
        71,
        129,
        63,
        164
      ],
      "accounts": [
        {
          "name": "manager",
          "docs": [
            "Creates and pays for the vault; becomes its manager."
          ],
          "writable": true,
          "signer": true
        },
        {
          "name": "vault",
          "docs": [
            "The new vault."
          ],
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  118,
                  97,
                  117,
                  108,
                  116
                ]
              },
              {
                "kind": "account",
                "path": "manager"
              },
              {
                "kind": "arg",
                "path": "args.vault_id"
              }
            ]
          }
        },
        {
          "name": "vaultAuthority",
          "docs": [
            "PDA without data that owns the reserves and mints the shares; only its address is",
            "used (seeds checked here)."
          ],
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  97,
                  117,
                  116,
                  104,
                  111,
                  114,
                  105,
                  116,
                  121
                ]
              },
              {
                "kind": "account",
                "path": "vault"
              }
            ]
          }
        },
        {
          "name": "swapAuthority",
          "docs": [
            "PDA without data that owns the swap escrows and nothing else; only its address is",
            "used (seeds checked here)."
          ],
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  119,
                  97,
                  112,
                  95,
                  97,
                  117,
                  116,
                  104,
                  111,
                  114,
                  105,
                  116,
                  121
                ]
              },
              {
                "kind": "account",
                "path": "vault"
              }
            ]
          }
        },
        {
          "name": "shareMint",
          "docs": [
            "The vault's share mint, created here: classic SPL Token, 9 decimals, minted only by",
            "the vault authority, no freeze authority."
          ],
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  104,
                  97,
                  114,
                  101,
                  115
                ]
              },
              {
                "kind": "account",
                "path": "vault"
              }
            ]
          }
        },
        {
          "name": "tokenProgram",
          "docs": [
            "SPL Token: the share mint's program and that of classic-token assets."
          ],
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        },
        {
          "name": "token2022Program",
          "docs": [
            "SPL Token-2022, needed only when an asset is a Token-2022 mint; its id is checked",
            "before use."
          ],
          "optional": true
        },
        {
          "name": "systemProgram",
          "docs": [
            "The system program."
          ],
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "initializeVaultArgs"
            }
          }
        }
      ]
    },
    {
      "name": "openRound",
      "docs": [
        "Anyone: opens a rebalance round when the policy says one is due, fixing its trade",
        "targets and starting the swap auction.",
        "",
        "Remaining accounts: for each vault asset in order, `[reserve, price]`: the vault's",
        "reserve and the `PriceUpdateV2` account of the asset's Pyth feed."
      ],
      "discriminator": [
        66,
        235,
        123,
        240,
        8,
        35,
        185,
        159
      ],
      "accounts": [
        {
          "name": "vault",
          "docs": [
            "The vault."
          ],
          "writable": true
        }
      ],
      "args": []
    },
    {
      "name": "pause",
      "docs": [
        "Manager or guardian: pauses deposits and/or rebalances at once (never withdrawals).",
        "",
        "Remaining accounts: none."
      ],
      "discriminator": [
        211,
        22,
        221,
        251,
        74,
        121,
        193,
        47
      ],
      "accounts": [
        {
          "name": "authority",
          "docs": [
            "The manager or the guardian."
          ],
          "signer": true
        },
        {
          "name": "vault",
          "docs": [
            "The vault."
          ],
          "writable": true
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "pauseArgs"
            }
          }
        }
      ]
    },
    {
      "name": "queueChange",
      "docs": [
        "Manager: queues a change; it may execute after the vault's timelock.",
        "",
        "Remaining accounts: none."
      ],
      "discriminator": [
        86,
        150,
        134,
        232,
        202,
        133,
        157,
        253
      ],
      "accounts": [
        {
          "name": "manager",
          "docs": [
            "The vault's manager; pays the change account's rent (refunded when it closes)."
          ],
          "writable": true,
          "signer": true,
          "relations": [
            "vault"
          ]
        },
        {
          "name": "vault",
          "docs": [
            "The vault."
          ],
          "writable": true
        },
        {
          "name": "change",
          "docs": [
            "The new change account: PDA `[CHANGE_SEED, vault, vault.next_change_id (u64 LE)]`."
          ],
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  99,
                  104,
                  97,
                  110,
                  103,
                  101
                ]
              },
              {
                "kind": "account",
                "path": "vault"
              },
              {
                "kind": "account",
                "path": "vault.next_change_id",
                "account": "vault"
              }
            ]
          }
        },
        {
          "name": "systemProgram",
          "docs": [
            "The system program."
          ],
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "change",
          "type": {
            "defined": {
              "name": "change"
            }
          }
        }
      ]
    },
    {
      "name": "rebalance",
      "docs": [
        "Anyone: one swap of the open round between two reserves through an allowlisted DEX,",
        "its output checked against oracle prices at the auction's level.",
        "",
        "Remaining accounts: for each vault asset in order, `[reserve, price]` (the sold and",
        "bought reserves writable, each price the `PriceUpdateV2` account of the asset's Pyth",
        "feed); then the DEX instruction's accounts in the DEX's own order (the program signs",
        "for the swap authority among them)."
      ],
      "discriminator": [
        108,
        158,
        77,
        9,
        210,
        52,
        88,
        62
      ],
      "accounts": [
        {
          "name": "keeper",
          "docs": [
            "Anyone: the keeper that fills the round."
          ],
          "signer": true
        },
        {
          "name": "vault",
          "docs": [
            "The vault."
          ],
          "writable": true
        },
        {
          "name": "vaultAuthority",
          "docs": [
            "The vault authority PDA `[AUTHORITY_SEED, vault]` (`has_one` on the vault); moves",
            "the sold amount from the reserve to the escrow."
          ],
          "relations": [
            "vault"
          ]
        },
        {
          "name": "swapAuthority",
          "docs": [
            "The swap authority PDA `[SWAP_AUTHORITY_SEED, vault]` (`has_one` on the vault): the",
            "only signer the DEX sees."
          ],
          "relations": [
            "vault"
          ]
        },
        {
          "name": "sellEscrow",
          "docs": [
            "The sold asset's escrow (matched against the vault in the handler)."
          ],
          "writable": true
        },
        {
          "name": "buyEscrow",
          "docs": [
            "The bought asset's escrow (matched against the vault in the handler)."
          ],
          "writable": true
        },
        {
          "name": "sellMint",
          "docs": [
            "The sold asset's mint (matched against the vault in the handler)."
          ]
        },
        {
          "name": "buyMint",
          "docs": [
            "The bought asset's mint (matched against the vault in the handler)."
          ]
        },
        {
          "name": "keeperRewardAccount",
          "docs": [
            "Any token account of the bought asset but the vault's own; receives the keeper",
            "reward."
          ],
          "writable": true
        },
        {
          "name": "tokenProgram",
          "docs": [
            "SPL Token."
          ],
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        },
        {
          "name": "token2022Program",
          "docs": [
            "SPL Token-2022, required when a traded asset needs it; id checked."
          ],
          "optional": true
        },
        {
          "name": "dexProgram",
          "docs": [
            "The DEX to route through; must be on the vault's allowlist."
          ]
        },
        {
          "name": "instructions",
          "docs": [
            "The instructions sysvar (address checked): read to refuse a transaction whose other",
            "instructions write the venue's accounts."
          ],
          "address": "Sysvar1nstructions1111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "rebalanceArgs"
            }
          }
        }
      ]
    },
    {
      "name": "removeAsset",
      "docs": [
        "Manager: removes an asset whose target ramped to 0 and whose reserve is empty.",
        "",
        "Remaining accounts: none."
      ],
      "discriminator": [
        139,
        243,
        2,
        142,
        50,
        197,
        54,
        181
      ],
      "accounts": [
        {
          "name": "manager",
          "docs": [
            "The vault's manager; receives the closed accounts' rent."
          ],
          "writable": true,
          "signer": true,
          "relations": [
            "vault"
          ]
        },
        {
          "name": "vault",
          "docs": [
            "The vault."
          ],
          "writable": true
        },
        {
          "name": "vaultAuthority",
          "docs": [
            "The vault authority PDA (`has_one`): owner of the reserve."
          ],
          "relations": [
            "vault"
          ]
        },
        {
          "name": "swapAuthority",
          "docs": [
            "The swap authority PDA (`has_one`): owner of the escrow."
          ],
          "relations": [
            "vault"
          ]
        },
        {
          "name": "reserve",
          "docs": [
            "The asset's reserve, the PDA `[RESERVE_SEED, vault, mint]` (seeds checked here, for",
            "clients that resolve it from the IDL; matched against the vault), closed here."
          ],
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  114,
                  101,
                  115,
                  101,
                  114,
                  118,
                  101
                ]
              },
              {
                "kind": "account",
                "path": "vault"
              },
              {
                "kind": "account",
                "path": "mint"
              }
            ]
          }
        },
        {
          "name": "escrow",
          "docs": [
            "The asset's escrow, the PDA `[ESCROW_SEED, vault, mint]` (seeds checked here; matched",
            "against the vault), closed here; absent (`None`) when it was never created."
          ],
          "writable": true,
          "optional": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  101,
                  115,
                  99,
                  114,
                  111,
                  119
                ]
              },
              {
                "kind": "account",
                "path": "vault"
              },
              {
                "kind": "account",
                "path": "mint"
              }
            ]
          }
        },
        {
          "name": "mint",
          "docs": [
            "The asset's mint (matched against the vault; writable to burn dust)."
          ],
          "writable": true
        },
        {
          "name": "price",
          "docs": [
            "The asset's `PriceUpdateV2` account (every check of `deposit`): values dust above",
            "the priceless bound; not read otherwise (the feed may have stopped)."
          ]
        },
        {
          "name": "tokenProgram",
          "docs": [
            "The asset's token program (matched against the vault)."
          ]
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "removeAssetArgs"
            }
          }
        }
      ]
    },
    {
      "name": "setLookupTable",
      "docs": [
        "Manager: publishes the vault's frozen address lookup table for clients.",
        "",
        "Remaining accounts: none."
      ],
      "discriminator": [
        235,
        249,
        109,
        59,
        171,
        208,
        117,
        65
      ],
      "accounts": [
        {
          "name": "manager",
          "docs": [
            "The vault's manager."
          ],
          "signer": true,
          "relations": [
            "vault"
          ]
        },
        {
          "name": "vault",
          "docs": [
            "The vault."
          ],
          "writable": true
        },
        {
          "name": "lookupTable",
          "docs": [
            "The vault's new address lookup table: owned by the address lookup table program and",
            "frozen (see the handler). Its addresses are a client's business: a table missing some",
            "of the vault's accounts only makes the transactions that use it larger, and a client",
            "resolves each account by value, so a table cannot substitute one account for another."
          ]
        }
      ],
      "args": []
    },
    {
      "name": "withdraw",
      "docs": [
        "Burns shares for the pro-rata part of every reserve, in kind.",
        "",
        "Remaining accounts: for each vault asset in order, `[reserve, user token, mint]`: the",
        "vault's reserve (writable), the redeemer's token account of the asset (writable) and",
        "the asset's mint."
      ],
      "discriminator": [
        183,
        18,
        70,
        156,
        148,
        109,
        161,
        34
      ],
      "accounts": [
        {
          "name": "user",
          "docs": [
            "The redeemer: owner (or delegate) of `user_shares`."
          ],
          "signer": true
        },
        {
          "name": "vault",
          "docs": [
            "The vault (writable: withdrawing settles the management fee)."
          ],
          "writable": true
        },
        {
          "name": "vaultAuthority",
          "docs": [
            "The vault authority PDA `[AUTHORITY_SEED, vault]` (`has_one` on the vault); signs",
            "the reserve transfers."
          ],
          "relations": [
            "vault"
          ]
        },
        {
          "name": "shareMint",
          "docs": [
            "The vault's share mint (`has_one` on the vault)."
          ],
          "writable": true,
          "relations": [
            "vault"
          ]
        },
        {
          "name": "userShares",
          "docs": [
            "The redeemer's share account; mint checked in the handler, authority by the token",
            "program."
          ],
          "writable": true
        },
        {
          "name": "tokenProgram",
          "docs": [
            "SPL Token: the share mint's program and that of classic-token assets."
          ],
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        },
        {
          "name": "token2022Program",
          "docs": [
            "SPL Token-2022, required when the vault holds a Token-2022 asset; id checked."
          ],
          "optional": true
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "withdrawArgs"
            }
          }
        }
      ]
    }
  ],
  "accounts": [
    {
      "name": "pendingChange",
      "discriminator": [
        232,
        183,
        176,
        196,
        15,
        195,
        115,
        147
      ]
    },
    {
      "name": "vault",
      "discriminator": [
        211,
        8,
        232,
        43,
        2,
        152,
        117,
        119
      ]
    }
  ],
  "events": [
    {
      "name": "assetRemoved",
      "discriminator": [
        100,
        213,
        14,
        53,
        106,
        252,
        170,
        140
      ]
    },
    {
      "name": "changeApplied",
      "discriminator": [
        226,
        1,
        224,
        100,
        192,
        110,
        58,
        24
      ]
    },
    {
      "name": "changeCancelled",
      "discriminator": [
        139,
        179,
        97,
        81,
        214,
        21,
        119,
        93
      ]
    },
    {
      "name": "changeDiscarded",
      "discriminator": [
        217,
        50,
        230,
        94,
        150,
        101,
        130,
        139
      ]
    },
    {
      "name": "changeExecuted",
      "discriminator": [
        50,
        115,
        8,
        12,
        139,
        8,
        191,
        26
      ]
    },
    {
      "name": "changeQueued",
      "discriminator": [
        232,
        143,
        80,
        230,
        125,
        117,
        169,
        213
      ]
    },
    {
      "name": "deposited",
      "discriminator": [
        111,
        141,
        26,
        45,
        161,
        35,
        100,
        57
      ]
    },
    {
      "name": "escrowCreated",
      "discriminator": [
        70,
        127,
        105,
        102,
        92,
        97,
        7,
        173
      ]
    },
    {
      "name": "feesCollected",
      "discriminator": [
        233,
        23,
        117,
        225,
        107,
        178,
        254,
        8
      ]
    },
    {
      "name": "lookupTableSet",
      "discriminator": [
        37,
        0,
        74,
        11,
        76,
        159,
        230,
        206
      ]
    },
    {
      "name": "pauseChanged",
      "discriminator": [
        238,
        188,
        213,
        78,
        134,
        209,
        178,
        218
      ]
    },
    {
      "name": "rebalanced",
      "discriminator": [
        74,
        101,
        57,
        244,
        181,
        179,
        52,
        182
      ]
    },
    {
      "name": "roundOpened",
      "discriminator": [
        99,
        173,
        228,
        72,
        142,
        57,
        109,
        178
      ]
    },
    {
      "name": "vaultInitialized",
      "discriminator": [
        180,
        43,
        207,
        2,
        18,
        71,
        3,
        75
      ]
    },
    {
      "name": "withdrawn",
      "discriminator": [
        20,
        89,
        223,
        198,
        194,
        124,
        219,
        13
      ]
    }
  ],
  "errors": [
    {
      "code": 6000,
      "name": "tooFewAssets",
      "msg": "A vault needs at least 2 assets"
    },
    {
      "code": 6001,
      "name": "tooManyAssets",
      "msg": "A vault holds at most MAX_ASSETS (16) assets"
    },
    {
      "code": 6002,
      "name": "assetAccountsMismatch",
      "msg": "Remaining accounts do not match the vault's assets (count or order)"
    },
    {
      "code": 6003,
      "name": "zeroWeight",
      "msg": "Every asset needs a non-zero target weight"
    },
    {
      "code": 6004,
      "name": "weightsDoNotSum",
      "msg": "Target weights must sum to exactly 10000 bps"
    },
    {
      "code": 6005,
      "name": "duplicateMint",
      "msg": "The same mint appears twice (or is the share mint)"
    },
    {
      "code": 6006,
      "name": "invalidOracleConfig",
      "msg": "Oracle limits out of range: max_oracle_age_secs 1..=300, fresh_price_secs 1..=60 and at most max_oracle_age_secs, max_conf_bps 1..=9999"
    },
    {
      "code": 6007,
      "name": "invalidMint",
      "msg": "Mint is not an initialized SPL Token or Token-2022 mint"
    },
    {
      "code": 6008,
      "name": "mintDecimalsUnsupported",
      "msg": "Mint decimals above 18 are not supported"
    },
    {
      "code": 6009,
      "name": "unsupportedMintExtension",
      "msg": "Token-2022 mint has an extension the vault refuses (see the program log)"
    },
    {
      "code": 6010,
      "name": "reserveAddressMismatch",
      "msg": "Reserve account is not the PDA [reserve, vault, mint]"
    },
    {
      "code": 6011,
      "name": "missingToken2022Program",
      "msg": "Token-2022 program account missing or wrong"
    },
    {
      "code": 6012,
      "name": "assetIndexOutOfRange",
      "msg": "Asset index outside the vault's assets"
    },
    {
      "code": 6013,
      "name": "mintMismatch",
      "msg": "Mint is not the vault's mint for this asset"
    },
    {
      "code": 6014,
      "name": "reserveMismatch",
      "msg": "Reserve is not the vault's reserve for this asset"
    },
    {
      "code": 6015,
      "name": "shareMintMismatch",
      "msg": "Share mint is not this vault's share mint"
    },
    {
      "code": 6016,
      "name": "vaultAuthorityMismatch",
      "msg": "Vault authority is not this vault's authority PDA"
    },
    {
      "code": 6017,
      "name": "tokenProgramMismatch",
      "msg": "Token program does not match the asset's token program"
    },
    {
      "code": 6018,
      "name": "invalidTokenAccount",
      "msg": "Token account is not an initialized account of the expected token program"
    },
    {
      "code": 6019,
      "name": "userTokenMintMismatch",
      "msg": "User token account holds another mint than the asset"
    },
    {
      "code": 6020,
      "name": "userShareAccountMismatch",
      "msg": "User share account holds another mint than the vault's shares"
    },
    {
      "code": 6021,
      "name": "accountNotWritable",
      "msg": "Account must be writable"
    },
    {
      "code": 6022,
      "name": "oracleWrongOwner",
      "msg": "Price account is not owned by the Pyth receiver program"
    },
    {
      "code": 6023,
      "name": "oracleInvalidAccount",
      "msg": "Price account is not a PriceUpdateV2"
    },
    {
      "code": 6024,
      "name": "oracleNotFullyVerified",
      "msg": "Price update is only partially verified"
    },
    {
      "code": 6025,
      "name": "oracleFeedMismatch",
      "msg": "Price feed id is not the asset's feed"
    },
    {
      "code": 6026,
      "name": "oracleStale",
      "msg": "Price is older than the vault allows (fresh_price_secs for deposits and swaps, max_oracle_age_secs for open_round)"
    },
    {
      "code": 6027,
      "name": "oracleConfidenceTooWide",
      "msg": "Price confidence interval is wider than max_conf_bps"
    },
    {
      "code": 6028,
      "name": "oracleNonPositivePrice",
      "msg": "Price is zero or negative"
    },
    {
      "code": 6029,
      "name": "oracleExponentOutOfRange",
      "msg": "Price exponent outside the supported range [-18, 0]"
    },
    {
      "code": 6030,
      "name": "oracleFromTheFuture",
      "msg": "Price publish time is ahead of the cluster clock"
    },
    {
      "code": 6031,
      "name": "oracleOlderThanLastUsed",
      "msg": "Price is older than one the vault already used for this asset"
    },
    {
      "code": 6032,
      "name": "reserveFrozen",
      "msg": "A vault reserve is frozen: deposits are refused, withdrawals must skip it"
    },
    {
      "code": 6033,
      "name": "destinationIsReserve",
      "msg": "The withdrawal destination is the vault's own reserve"
    },
    {
      "code": 6034,
      "name": "zeroAmount",
      "msg": "Amount must be greater than zero"
    },
    {
      "code": 6035,
      "name": "mathOverflow",
      "msg": "Arithmetic overflow"
    },
    {
      "code": 6036,
      "name": "invalidMathInput",
      "msg": "Invalid input to the vault math"
    },
    {
      "code": 6037,
      "name": "zeroShares",
      "msg": "Deposit would mint zero shares"
    },
    {
      "code": 6038,
      "name": "minSharesOutNotMet",
      "msg": "Deposit would mint fewer shares than min_shares_out"
    },
    {
      "code": 6039,
      "name": "minAmountsLengthMismatch",
      "msg": "min_amounts_out needs one entry per vault asset"
    },
    {
      "code": 6040,
      "name": "minAmountOutNotMet",
      "msg": "Withdrawal would pay less than min_amounts_out for an asset"
    },
    {
      "code": 6041,
      "name": "insufficientShares",
      "msg": "More shares than the supply"
    },
    {
      "code": 6042,
      "name": "withdrawTooSmall",
      "msg": "Withdrawal would pay out nothing"
    },
    {
      "code": 6043,
      "name": "transferAmountMismatch",
      "msg": "A token transfer moved another amount than asked"
    },
    {
      "code": 6044,
      "name": "notManager",
      "msg": "Signer is not the vault's manager"
    },
    {
      "code": 6045,
      "name": "invalidPolicy",
      "msg": "Policy bytes do not decode to a valid ballast-math policy"
    },
    {
      "code": 6046,
      "name": "invalidTradeTarget",
      "msg": "Unknown trade-target mode"
    },
    {
      "code": 6047,
      "name": "invalidRebalanceLimits",
      "msg": "Rebalance limits out of range (slippage 1..=1000 bps, auction start <= slippage, auction <= 300 s, swap cap 1..=10000 bps, minimum swap > 0, reward <= 100 bps, cooldown <= 30 days)"
    },
    {
      "code": 6048,
      "name": "invalidDexProgram",
      "msg": "A DEX allowlist entry is a token, system or Ballast program, or the list is empty"
    },
    {
      "code": 6049,
      "name": "rebalanceNotConfigured",
      "msg": "The manager has not configured rebalancing"
    },
    {
      "code": 6050,
      "name": "notTriggered",
      "msg": "The policy says no rebalance is due"
    },
    {
      "code": 6051,
      "name": "cooldownActive",
      "msg": "The rebalance cooldown has not passed"
    },
    {
      "code": 6052,
      "name": "dexNotAllowed",
      "msg": "The DEX program is not on the vault's allowlist"
    },
    {
      "code": 6053,
      "name": "reserveWritableForDex",
      "msg": "A vault reserve, another asset's escrow or the vault was passed writable to the DEX"
    },
    {
      "code": 6054,
      "name": "escrowMismatch",
      "msg": "Escrow is not the vault's escrow for this asset"
    },
    {
      "code": 6055,
      "name": "swapAuthorityMismatch",
      "msg": "Swap authority is not this vault's swap authority PDA"
    },
    {
      "code": 6056,
      "name": "swapSellsUnderweight",
      "msg": "The swap sells an asset that is not over its target"
    },
    {
      "code": 6057,
      "name": "swapBuysOverweight",
      "msg": "The swap buys an asset that is not under its target"
    },
    {
      "code": 6058,
      "name": "swapOvershoots",
      "msg": "The swap would push an asset past its trade target"
    },
    {
      "code": 6059,
      "name": "swapAboveCap",
      "msg": "The swap's notional is above the per-swap cap"
    },
    {
      "code": 6060,
      "name": "swapBelowMinimum",
      "msg": "The swap's notional is below the minimum"
    },
    {
      "code": 6061,
      "name": "swapSameAsset",
      "msg": "The swap sells and buys the same asset"
    },
    {
      "code": 6062,
      "name": "swapBoundUnsatisfiable",
      "msg": "Oracle confidence too wide for any swap to meet the output bound"
    },
    {
      "code": 6063,
      "name": "swapSpentTooMuch",
      "msg": "The DEX took more than amount_in from the escrow"
    },
    {
      "code": 6064,
      "name": "swapOutputBelowMinimum",
      "msg": "The swap delivered less than the oracle-bounded minimum output"
    },
    {
      "code": 6065,
      "name": "escrowAuthorityChanged",
      "msg": "The DEX changed the owner of an escrow"
    },
    {
      "code": 6066,
      "name": "escrowDelegateSet",
      "msg": "The DEX left a delegate on an escrow"
    },
    {
      "code": 6067,
      "name": "escrowCloseAuthoritySet",
      "msg": "The DEX left a close authority on an escrow"
    },
    {
      "code": 6068,
      "name": "keeperAccountMintMismatch",
      "msg": "Keeper reward account holds another mint than the bought asset"
    },
    {
      "code": 6069,
      "name": "escrowReallocated",
      "msg": "The DEX changed the size of an escrow"
    },
    {
      "code": 6070,
      "name": "keeperAccountIsVaultAccount",
      "msg": "The keeper reward account is the bought asset's reserve or escrow"
    },
    {
      "code": 6071,
      "name": "escrowAlreadyCreated",
      "msg": "This asset's escrow already exists"
    },
    {
      "code": 6072,
      "name": "escrowNotCreated",
      "msg": "This asset's escrow has not been created (create_escrow)"
    },
    {
      "code": 6073,
      "name": "invalidLookupTable",
      "msg": "The lookup table is not a frozen table of the address lookup table program"
    },
    {
      "code": 6074,
      "name": "roundAlreadyOpen",
      "msg": "A rebalance round is already open"
    },
    {
      "code": 6075,
      "name": "noOpenRound",
      "msg": "No rebalance round is open: call open_round first"
    },
    {
      "code": 6076,
      "name": "rebalanceByCpi",
      "msg": "rebalance must be a top-level instruction, not a CPI"
    },
    {
      "code": 6077,
      "name": "venueWrittenInTransaction",
      "msg": "Another instruction of this transaction writes an account the DEX trades with"
    },
    {
      "code": 6078,
      "name": "invalidEntrySpread",
      "msg": "Entry spread above 100 bps"
    },
    {
      "code": 6079,
      "name": "notInstructionsSysvar",
      "msg": "Account is not the instructions sysvar"
    },
    {
      "code": 6080,
      "name": "changeNeedsTimelock",
      "msg": "This change can cost holders: queue it (queue_change) and execute it after the timelock"
    },
    {
      "code": 6081,
      "name": "changeNotReady",
      "msg": "The change's timelock has not passed"
    },
    {
      "code": 6082,
      "name": "pendingQueueFull",
      "msg": "Too many changes queued: execute or cancel one first"
    },
    {
      "code": 6083,
      "name": "changeNotPending",
      "msg": "The change is not among the vault's pending changes"
    },
    {
      "code": 6084,
      "name": "changeNoLongerValid",
      "msg": "The change no longer fits the vault (it changed since the change was queued): anyone may discard it"
    },
    {
      "code": 6085,
      "name": "invalidRamp",
      "msg": "A ramp must last at least MIN_RAMP_SECS and start no earlier than the change may execute"
    },
    {
      "code": 6086,
      "name": "feeAboveCap",
      "msg": "Management fee above its cap (500 bps a year)"
    },
    {
      "code": 6087,
      "name": "feeRecipientNotSet",
      "msg": "A management fee needs a fee recipient (a share token account)"
    },
    {
      "code": 6088,
      "name": "feeRecipientMismatch",
      "msg": "The fee recipient is not the vault's fee recipient or not a share token account"
    },
    {
      "code": 6089,
      "name": "invalidManager",
      "msg": "The new manager cannot be the default key"
    },
    {
      "code": 6090,
      "name": "executorNotNewManager",
      "msg": "Only the proposed new manager can accept the handover"
    },
    {
      "code": 6091,
      "name": "invalidTimelock",
      "msg": "Timelock outside MIN_TIMELOCK_SECS..=MAX_TIMELOCK_SECS (1 hour to 30 days)"
    },
    {
      "code": 6092,
      "name": "invalidPauseFlags",
      "msg": "Pause flags must be a non-empty subset of PAUSE_DEPOSITS | PAUSE_REBALANCES"
    },
    {
      "code": 6093,
      "name": "notManagerOrGuardian",
      "msg": "Only the manager or the guardian can pause"
    },
    {
      "code": 6094,
      "name": "depositsPaused",
      "msg": "Deposits are paused"
    },
    {
      "code": 6095,
      "name": "rebalancesPaused",
      "msg": "Rebalancing is paused"
    },
    {
      "code": 6096,
      "name": "targetNotZero",
      "msg": "An asset can be removed only once its target weight has ramped to 0"
    },
    {
      "code": 6097,
      "name": "reserveNotEmpty",
      "msg": "The asset's reserve or escrow holds more than dust: rebalance it out first"
    },
    {
      "code": 6098,
      "name": "roundInProgress",
      "msg": "Not while a rebalance round is open"
    },
    {
      "code": 6099,
      "name": "pendingChangesExist",
      "msg": "Not while changes are queued: execute or cancel them first"
    },
    {
      "code": 6100,
      "name": "changeStillValid",
      "msg": "The change can still execute: only the manager cancels it"
    },
    {
      "code": 6101,
      "name": "configChanged",
      "msg": "The vault's configuration changed since it was read (config_seq): read it again"
    }
  ],
  "types": [
    {
      "name": "assetConfig",
      "docs": [
        "One asset of a vault. Fixed size, stored inline in [`Vault::assets`]."
      ],
      "serialization": "bytemuck",
      "repr": {
        "kind": "c"
      },
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "mint",
            "docs": [
              "SPL mint of the asset (SPL Token or Token-2022)."
            ],
            "type": "pubkey"
          },
          {
            "name": "reserve",
            "docs": [
              "Reserve token account holding the vault's balance of this asset: the PDA",
              "`[RESERVE_SEED, vault, mint]`, owned (as token authority) by the vault authority."
            ],
            "type": "pubkey"
          },
          {
            "name": "feedId",
            "docs": [
              "Pyth price feed id (32 bytes) giving the USD price of one whole token."
            ],
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "targetWeightBps",
            "docs": [
              "Target weight in basis points once the current ramp ends (`Vault::ramp_end_ts`); the",
              "weights of a vault sum to exactly 10_000 (an asset being added or removed may have 0)."
            ],
            "type": "u16"
          },
          {
            "name": "decimals",
            "docs": [
              "Decimals of the mint (at most 18), copied at initialisation."
            ],
            "type": "u8"
          },
          {
            "name": "tokenProgram",
            "docs": [
              "[`TokenProgramKind`] of the mint, as its u8 discriminant."
            ],
            "type": "u8"
          },
          {
            "name": "reserveBump",
            "docs": [
              "Bump of the reserve PDA."
            ],
            "type": "u8"
          },
          {
            "name": "escrowBump",
            "docs": [
              "Bump of the escrow PDA."
            ],
            "type": "u8"
          },
          {
            "name": "rampFromBps",
            "docs": [
              "Target weight in basis points at and before `Vault::ramp_start_ts`: the ramp moves",
              "the target linearly from here to `target_weight_bps` (equal when no ramp runs)."
            ],
            "type": "u16"
          },
          {
            "name": "escrow",
            "docs": [
              "Swap escrow of this asset: token account PDA `[ESCROW_SEED, vault, mint]` owned by the",
              "swap authority, empty between rebalances. A rebalance moves the sold amount here,",
              "lets the DEX trade from and to the escrows, then sweeps them back into the reserves."
            ],
            "type": "pubkey"
          },
          {
            "name": "lastPublishTime",
            "docs": [
              "Newest Pyth publish time the vault has used for this asset: prices older than it are",
              "refused, so a caller cannot choose a favourable older price of the staleness window."
            ],
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "assetInit",
      "docs": [
        "Per-asset configuration given by the manager."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "feedId",
            "docs": [
              "Pyth feed id of the asset's USD price."
            ],
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "targetWeightBps",
            "docs": [
              "Target weight in bps (all weights sum to 10_000)."
            ],
            "type": "u16"
          }
        ]
      }
    },
    {
      "name": "assetRemoved",
      "docs": [
        "Emitted by `remove_asset`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "vault",
            "docs": [
              "The vault."
            ],
            "type": "pubkey"
          },
          {
            "name": "assetIndex",
            "docs": [
              "The removed asset's former index (later assets moved down by one)."
            ],
            "type": "u8"
          },
          {
            "name": "mint",
            "docs": [
              "Its mint."
            ],
            "type": "pubkey"
          },
          {
            "name": "burned",
            "docs": [
              "Base units of dust burned from its reserve and escrow."
            ],
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "change",
      "docs": [
        "A change of the vault's configuration (see `apply_change` and `queue_change` for which",
        "apply at once and which wait for the timelock)."
      ],
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "rebalance",
            "fields": [
              {
                "defined": {
                  "name": "rebalanceRules"
                }
              }
            ]
          },
          {
            "name": "oracleLimits",
            "fields": [
              {
                "name": "maxOracleAgeSecs",
                "docs": [
                  "Oldest price `open_round` accepts, seconds (1..=300)."
                ],
                "type": "u32"
              },
              {
                "name": "maxConfBps",
                "docs": [
                  "Widest confidence, bps of price (1..=9999)."
                ],
                "type": "u16"
              },
              {
                "name": "freshPriceSecs",
                "docs": [
                  "Oldest price a deposit or swap may use, seconds (1..=60, <= `max_oracle_age_secs`)."
                ],
                "type": "u16"
              }
            ]
          },
          {
            "name": "entrySpread",
            "fields": [
              {
                "name": "entrySpreadBps",
                "docs": [
                  "The spread, bps."
                ],
                "type": "u16"
              }
            ]
          },
          {
            "name": "targetWeights",
            "fields": [
              {
                "name": "weights",
                "docs": [
                  "One weight per asset, bps, summing to 10,000 (0 allowed: an asset ramped out)."
                ],
                "type": {
                  "vec": "u16"
                }
              },
              {
                "name": "rampStart",
                "docs": [
                  "When the ramp starts (at or after the change's executable time)."
                ],
                "type": "i64"
              },
              {
                "name": "rampEnd",
                "docs": [
                  "When the targets reach `weights`."
                ],
                "type": "i64"
              }
            ]
          },
          {
            "name": "managementFee",
            "fields": [
              {
                "name": "feeBps",
                "docs": [
                  "The fee, bps a year."
                ],
                "type": "u16"
              }
            ]
          },
          {
            "name": "feeRecipient",
            "fields": [
              {
                "name": "recipient",
                "docs": [
                  "A token account of the vault's share mint."
                ],
                "type": "pubkey"
              }
            ]
          },
          {
            "name": "guardian",
            "fields": [
              {
                "name": "guardian",
                "docs": [
                  "The guardian."
                ],
                "type": "pubkey"
              }
            ]
          },
          {
            "name": "manager",
            "fields": [
              {
                "name": "newManager",
                "docs": [
                  "The new manager."
                ],
                "type": "pubkey"
              }
            ]
          },
          {
            "name": "timelock",
            "fields": [
              {
                "name": "timelockSecs",
                "docs": [
                  "The timelock, seconds."
                ],
                "type": "u32"
              }
            ]
          },
          {
            "name": "addAsset",
            "fields": [
              {
                "name": "mint",
                "docs": [
                  "Its mint."
                ],
                "type": "pubkey"
              },
              {
                "name": "feedId",
                "docs": [
                  "Its Pyth feed id."
                ],
                "type": {
                  "array": [
                    "u8",
                    32
                  ]
                }
              }
            ]
          },
          {
            "name": "unpause",
            "fields": [
              {
                "name": "flags",
                "docs": [
                  "`PAUSE_DEPOSITS | PAUSE_REBALANCES` bits to lift."
                ],
                "type": "u8"
              }
            ]
          }
        ]
      }
    },
    {
      "name": "changeApplied",
      "docs": [
        "Emitted by `apply_change`: a change made at once."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "vault",
            "docs": [
              "The vault."
            ],
            "type": "pubkey"
          },
          {
            "name": "change",
            "docs": [
              "The change."
            ],
            "type": {
              "defined": {
                "name": "change"
              }
            }
          }
        ]
      }
    },
    {
      "name": "changeCancelled",
      "docs": [
        "Emitted by `cancel_change`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "vault",
            "docs": [
              "The vault."
            ],
            "type": "pubkey"
          },
          {
            "name": "id",
            "docs": [
              "The change's id."
            ],
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "changeDiscarded",
      "docs": [
        "Emitted by `discard_change`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "vault",
            "docs": [
              "The vault."
            ],
            "type": "pubkey"
          },
          {
            "name": "id",
            "docs": [
              "The change's id."
            ],
            "type": "u64"
          },
          {
            "name": "voided",
            "docs": [
              "Whether a handover had voided it (else it no longer fitted the vault)."
            ],
            "type": "bool"
          }
        ]
      }
    },
    {
      "name": "changeExecuted",
      "docs": [
        "Emitted by `execute_change`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "vault",
            "docs": [
              "The vault."
            ],
            "type": "pubkey"
          },
          {
            "name": "id",
            "docs": [
              "The change's id."
            ],
            "type": "u64"
          },
          {
            "name": "change",
            "docs": [
              "The change."
            ],
            "type": {
              "defined": {
                "name": "change"
              }
            }
          }
        ]
      }
    },
    {
      "name": "changeQueued",
      "docs": [
        "Emitted by `queue_change`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "vault",
            "docs": [
              "The vault."
            ],
            "type": "pubkey"
          },
          {
            "name": "id",
            "docs": [
              "The change's id (its `PendingChange` account's seed)."
            ],
            "type": "u64"
          },
          {
            "name": "executableAt",
            "docs": [
              "When anyone may execute it."
            ],
            "type": "i64"
          },
          {
            "name": "change",
            "docs": [
              "The change."
            ],
            "type": {
              "defined": {
                "name": "change"
              }
            }
          }
        ]
      }
    },
    {
      "name": "createEscrowArgs",
      "docs": [
        "Arguments of `create_escrow`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "assetIndex",
            "docs": [
              "Index of the asset whose escrow to create."
            ],
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "depositArgs",
      "docs": [
        "Arguments of `deposit`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "assetIndex",
            "docs": [
              "Index of the deposited asset in the vault."
            ],
            "type": "u8"
          },
          {
            "name": "amount",
            "docs": [
              "Base units to deposit."
            ],
            "type": "u64"
          },
          {
            "name": "minSharesOut",
            "docs": [
              "Fewest share units the depositor accepts."
            ],
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "deposited",
      "docs": [
        "Emitted by `deposit`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "vault",
            "docs": [
              "The vault."
            ],
            "type": "pubkey"
          },
          {
            "name": "user",
            "docs": [
              "The depositor (signer)."
            ],
            "type": "pubkey"
          },
          {
            "name": "assetIndex",
            "docs": [
              "Index of the deposited asset."
            ],
            "type": "u8"
          },
          {
            "name": "amount",
            "docs": [
              "Base units deposited."
            ],
            "type": "u64"
          },
          {
            "name": "depositValue",
            "docs": [
              "Value of the deposit at the low side of its price's confidence interval."
            ],
            "type": "u128"
          },
          {
            "name": "creditedValue",
            "docs": [
              "Value the shares were priced for: `deposit_value` less the entry spread, which stays",
              "with the holders."
            ],
            "type": "u128"
          },
          {
            "name": "prices",
            "docs": [
              "Price of every asset, in vault order (the deposited asset valued at price - conf,",
              "holdings at price + conf)."
            ],
            "type": {
              "vec": {
                "defined": {
                  "name": "priceUsed"
                }
              }
            }
          },
          {
            "name": "navBefore",
            "docs": [
              "NAV before the deposit (holdings at the high side of their intervals)."
            ],
            "type": "u128"
          },
          {
            "name": "sharesOut",
            "docs": [
              "Share units minted."
            ],
            "type": "u64"
          },
          {
            "name": "supplyAfter",
            "docs": [
              "Share supply after the deposit."
            ],
            "type": "u64"
          },
          {
            "name": "navPerShare",
            "docs": [
              "NAV per whole share after the deposit (same valuation)."
            ],
            "type": "u128"
          }
        ]
      }
    },
    {
      "name": "escrowCreated",
      "docs": [
        "Emitted by `create_escrow`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "vault",
            "docs": [
              "The vault."
            ],
            "type": "pubkey"
          },
          {
            "name": "assetIndex",
            "docs": [
              "The asset's index."
            ],
            "type": "u8"
          },
          {
            "name": "escrow",
            "docs": [
              "The new escrow."
            ],
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "expectConfigArgs",
      "docs": [
        "Arguments of `expect_config`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "configSeq",
            "docs": [
              "The vault's `config_seq` as the caller read it."
            ],
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "feesCollected",
      "docs": [
        "Emitted by `collect_fees`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "vault",
            "docs": [
              "The vault."
            ],
            "type": "pubkey"
          },
          {
            "name": "recipient",
            "docs": [
              "The share account credited."
            ],
            "type": "pubkey"
          },
          {
            "name": "shares",
            "docs": [
              "Share units minted."
            ],
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "initializeVaultArgs",
      "docs": [
        "Arguments of `initialize_vault`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "vaultId",
            "docs": [
              "Manager-chosen id, part of the vault's PDA seeds."
            ],
            "type": "u64"
          },
          {
            "name": "params",
            "docs": [
              "Oracle limits, entry spread and timelock."
            ],
            "type": {
              "defined": {
                "name": "vaultParams"
              }
            }
          },
          {
            "name": "assets",
            "docs": [
              "The assets, in vault order (2..=16)."
            ],
            "type": {
              "vec": {
                "defined": {
                  "name": "assetInit"
                }
              }
            }
          }
        ]
      }
    },
    {
      "name": "lookupTableSet",
      "docs": [
        "Emitted by `set_lookup_table`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "vault",
            "docs": [
              "The vault."
            ],
            "type": "pubkey"
          },
          {
            "name": "lookupTable",
            "docs": [
              "The vault's frozen lookup table."
            ],
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "pauseArgs",
      "docs": [
        "Arguments of `pause`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "flags",
            "docs": [
              "What to pause: `PAUSE_DEPOSITS` (1), `PAUSE_REBALANCES` (2) or both."
            ],
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "pauseChanged",
      "docs": [
        "Emitted by `pause`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "vault",
            "docs": [
              "The vault."
            ],
            "type": "pubkey"
          },
          {
            "name": "by",
            "docs": [
              "Who paused (the manager or the guardian)."
            ],
            "type": "pubkey"
          },
          {
            "name": "paused",
            "docs": [
              "The pause flags now (`PAUSE_DEPOSITS | PAUSE_REBALANCES` bits)."
            ],
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "pendingChange",
      "docs": [
        "A queued change: PDA `[CHANGE_SEED, vault, id (u64 LE)]`, created by `queue_change`,",
        "closed (rent to `proposer`) by `execute_change` or `cancel_change`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "vault",
            "docs": [
              "The vault it changes."
            ],
            "type": "pubkey"
          },
          {
            "name": "id",
            "docs": [
              "Its id (the PDA seed; also in the vault's `pending_changes`)."
            ],
            "type": "u64"
          },
          {
            "name": "proposer",
            "docs": [
              "Who queued it and paid its rent (refunded when it closes)."
            ],
            "type": "pubkey"
          },
          {
            "name": "queuedAt",
            "docs": [
              "When it was queued."
            ],
            "type": "i64"
          },
          {
            "name": "executableAt",
            "docs": [
              "When anyone may execute it (`queued_at + timelock_secs`)."
            ],
            "type": "i64"
          },
          {
            "name": "change",
            "docs": [
              "The change."
            ],
            "type": {
              "defined": {
                "name": "change"
              }
            }
          }
        ]
      }
    },
    {
      "name": "pendingSlot",
      "docs": [
        "A queued change as the vault shows it (details in its `PendingChange` account)."
      ],
      "serialization": "bytemuck",
      "repr": {
        "kind": "c"
      },
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "id",
            "docs": [
              "The change's id (0: free slot)."
            ],
            "type": "u64"
          },
          {
            "name": "executableAt",
            "docs": [
              "When anyone may execute it."
            ],
            "type": "i64"
          },
          {
            "name": "kind",
            "docs": [
              "Its kind (`ChangeKind` as u8)."
            ],
            "type": "u8"
          },
          {
            "name": "padding",
            "docs": [
              "Reserved, zero."
            ],
            "type": {
              "array": [
                "u8",
                7
              ]
            }
          }
        ]
      }
    },
    {
      "name": "priceUsed",
      "docs": [
        "A Pyth price as used by an instruction."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "price",
            "docs": [
              "Price mantissa."
            ],
            "type": "i64"
          },
          {
            "name": "conf",
            "docs": [
              "Confidence mantissa."
            ],
            "type": "u64"
          },
          {
            "name": "exponent",
            "docs": [
              "Decimal exponent."
            ],
            "type": "i32"
          }
        ]
      }
    },
    {
      "name": "rebalanceArgs",
      "docs": [
        "Arguments of `rebalance`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "sellIndex",
            "docs": [
              "Index of the asset to sell."
            ],
            "type": "u8"
          },
          {
            "name": "buyIndex",
            "docs": [
              "Index of the asset to buy."
            ],
            "type": "u8"
          },
          {
            "name": "amountIn",
            "docs": [
              "Base units of the sold asset handed to the DEX."
            ],
            "type": "u64"
          },
          {
            "name": "dexData",
            "docs": [
              "Instruction data for the DEX program, passed through unchanged."
            ],
            "type": "bytes"
          }
        ]
      }
    },
    {
      "name": "rebalanceConfig",
      "docs": [
        "The manager's rebalancing rules (set by `configure_rebalance`)."
      ],
      "serialization": "bytemuck",
      "repr": {
        "kind": "c"
      },
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "policy",
            "docs": [
              "Trigger policy in `ballast_math::policy::Policy` byte encoding; all zero means",
              "rebalancing is not configured."
            ],
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "dexAllowlist",
            "docs": [
              "DEX programs a rebalance may call; unused slots are the default (all-zero) key."
            ],
            "type": {
              "array": [
                "pubkey",
                4
              ]
            }
          },
          {
            "name": "minNotionalMicroUsd",
            "docs": [
              "Smallest swap notional, in micro-USD (10^-6 USD)."
            ],
            "type": "u64"
          },
          {
            "name": "keeperRewardCapMicroUsd",
            "docs": [
              "Largest keeper reward of one rebalance round, in micro-USD (valued at the bought",
              "asset's high price, so the cap is never exceeded)."
            ],
            "type": "u64"
          },
          {
            "name": "cooldownSecs",
            "docs": [
              "Seconds that must pass between the openings of two rounds."
            ],
            "type": "u32"
          },
          {
            "name": "auctionSecs",
            "docs": [
              "Seconds over which the auction's allowed shortfall widens from `auction_start_bps`",
              "to `max_slippage_bps` after a round opens (0: the maximum at once)."
            ],
            "type": "u32"
          },
          {
            "name": "maxSlippageBps",
            "docs": [
              "Largest shortfall of a swap's output versus the conservative oracle value, in bps,",
              "reached `auction_secs` after the round opened. Everything the vault gives up on a",
              "swap (venue costs, keeper reward, whatever a keeper takes by ordering) fits in it."
            ],
            "type": "u16"
          },
          {
            "name": "auctionStartBps",
            "docs": [
              "The auction's allowed shortfall when a round opens, bps (at most `max_slippage_bps`)."
            ],
            "type": "u16"
          },
          {
            "name": "maxSwapBps",
            "docs": [
              "Largest notional of one swap, in bps of NAV."
            ],
            "type": "u16"
          },
          {
            "name": "keeperRewardBps",
            "docs": [
              "Keeper reward, in bps of the swap's output, paid in the bought asset out of the",
              "output's surplus above the bound only."
            ],
            "type": "u16"
          },
          {
            "name": "tradeTarget",
            "docs": [
              "Trade-target mode (`ballast_math::target::TradeTarget` as u8)."
            ],
            "type": "u8"
          },
          {
            "name": "padding",
            "docs": [
              "Reserved, zero."
            ],
            "type": {
              "array": [
                "u8",
                7
              ]
            }
          }
        ]
      }
    },
    {
      "name": "rebalanceRules",
      "docs": [
        "The manager's rebalancing rules, as a change carries them."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "policy",
            "docs": [
              "Trigger policy in `ballast_math::policy::Policy::to_bytes` encoding."
            ],
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "tradeTarget",
            "docs": [
              "Trade-target mode (`ballast_math::target::TradeTarget::to_u8`)."
            ],
            "type": "u8"
          },
          {
            "name": "dexAllowlist",
            "docs": [
              "DEX programs keepers may route through (1..=4)."
            ],
            "type": {
              "vec": "pubkey"
            }
          },
          {
            "name": "maxSlippageBps",
            "docs": [
              "Largest output shortfall versus the conservative oracle value, bps (1..=1000),",
              "reached `auction_secs` after a round opens."
            ],
            "type": "u16"
          },
          {
            "name": "auctionStartBps",
            "docs": [
              "Allowed shortfall when a round opens, bps (at most `max_slippage_bps`)."
            ],
            "type": "u16"
          },
          {
            "name": "auctionSecs",
            "docs": [
              "Seconds over which the allowed shortfall widens (0..=300; 0: the maximum at once)."
            ],
            "type": "u32"
          },
          {
            "name": "maxSwapBps",
            "docs": [
              "Largest notional of one swap, bps of NAV (1..=10_000)."
            ],
            "type": "u16"
          },
          {
            "name": "minNotionalMicroUsd",
            "docs": [
              "Smallest notional of one swap, micro-USD (> 0)."
            ],
            "type": "u64"
          },
          {
            "name": "cooldownSecs",
            "docs": [
              "Seconds between the openings of two rounds (<= 30 days)."
            ],
            "type": "u32"
          },
          {
            "name": "keeperRewardBps",
            "docs": [
              "Keeper reward, bps of the swap's output (<= 100), paid out of the surplus only."
            ],
            "type": "u16"
          },
          {
            "name": "keeperRewardCapMicroUsd",
            "docs": [
              "Keeper reward cap per round, micro-USD."
            ],
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "rebalanced",
      "docs": [
        "Emitted by `rebalance`. Weights and values follow from `prices` and the reserves."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "vault",
            "docs": [
              "The vault."
            ],
            "type": "pubkey"
          },
          {
            "name": "keeper",
            "docs": [
              "Who called it."
            ],
            "type": "pubkey"
          },
          {
            "name": "dexProgram",
            "docs": [
              "The DEX program used."
            ],
            "type": "pubkey"
          },
          {
            "name": "sellIndex",
            "docs": [
              "Sold asset index."
            ],
            "type": "u8"
          },
          {
            "name": "buyIndex",
            "docs": [
              "Bought asset index."
            ],
            "type": "u8"
          },
          {
            "name": "amountIn",
            "docs": [
              "Base units of the sold asset spent by the DEX."
            ],
            "type": "u64"
          },
          {
            "name": "amountOut",
            "docs": [
              "Base units of the bought asset received from the DEX (before the keeper reward)."
            ],
            "type": "u64"
          },
          {
            "name": "minAmountOut",
            "docs": [
              "The oracle-bounded minimum the output had to reach at the auction's slippage."
            ],
            "type": "u64"
          },
          {
            "name": "slippageBps",
            "docs": [
              "The auction's allowed slippage at the time of the swap (bps)."
            ],
            "type": "u16"
          },
          {
            "name": "keeperReward",
            "docs": [
              "Keeper reward, in base units of the bought asset (out of `amount_out - min_amount_out`)."
            ],
            "type": "u64"
          },
          {
            "name": "prices",
            "docs": [
              "Oracle prices of every asset, in vault order."
            ],
            "type": {
              "vec": {
                "defined": {
                  "name": "priceUsed"
                }
              }
            }
          },
          {
            "name": "reservesAfter",
            "docs": [
              "Sold and bought reserves after the swap and the reward, base units."
            ],
            "type": {
              "array": [
                "u64",
                2
              ]
            }
          }
        ]
      }
    },
    {
      "name": "removeAssetArgs",
      "docs": [
        "Arguments of `remove_asset`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "assetIndex",
            "docs": [
              "Index of the asset to remove; later assets move down by one."
            ],
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "roundOpened",
      "docs": [
        "Emitted by `open_round`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "vault",
            "docs": [
              "The vault."
            ],
            "type": "pubkey"
          },
          {
            "name": "openedAt",
            "docs": [
              "Unix time the round opened: the cooldown and the auction run from it."
            ],
            "type": "i64"
          },
          {
            "name": "endsAt",
            "docs": [
              "Unix time the round closes."
            ],
            "type": "i64"
          },
          {
            "name": "tradeTargets",
            "docs": [
              "Trade target of every asset in parts per billion of NAV, in vault order."
            ],
            "type": {
              "vec": "u64"
            }
          },
          {
            "name": "prices",
            "docs": [
              "Oracle prices of every asset, in vault order."
            ],
            "type": {
              "vec": {
                "defined": {
                  "name": "priceUsed"
                }
              }
            }
          }
        ]
      }
    },
    {
      "name": "vault",
      "docs": [
        "A Ballast vault: a pooled portfolio of 2..=16 assets held in reserves owned by the vault",
        "authority PDA, with shares minted by the share mint PDA.",
        "",
        "PDA: `[VAULT_SEED, manager, vault_id (u64 LE)]`. Zero-copy, so that reading it costs no",
        "deserialisation however many assets it holds."
      ],
      "serialization": "bytemuck",
      "repr": {
        "kind": "c"
      },
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "manager",
            "docs": [
              "Who created the vault and will govern it."
            ],
            "type": "pubkey"
          },
          {
            "name": "shareMint",
            "docs": [
              "Share mint: PDA `[SHARE_MINT_SEED, vault]`, classic SPL Token, 9 decimals, mint",
              "authority the vault authority, no freeze authority."
            ],
            "type": "pubkey"
          },
          {
            "name": "vaultAuthority",
            "docs": [
              "The vault authority PDA `[AUTHORITY_SEED, vault]` (owner of every reserve, mint",
              "authority of the shares), stored so that instructions check it with `has_one` instead",
              "of re-deriving it (1,500 CU saved each time)."
            ],
            "type": "pubkey"
          },
          {
            "name": "vaultId",
            "docs": [
              "Manager-chosen id distinguishing the manager's vaults (part of the PDA seeds)."
            ],
            "type": "u64"
          },
          {
            "name": "maxOracleAgeSecs",
            "docs": [
              "Oldest price `open_round` accepts, in seconds before the cluster time (1..=300). Only",
              "the trigger and the round's trade targets are read at such prices; nothing of value",
              "changes hands at them."
            ],
            "type": "u32"
          },
          {
            "name": "maxConfBps",
            "docs": [
              "Widest accepted oracle confidence interval, as conf / price in basis points."
            ],
            "type": "u16"
          },
          {
            "name": "freshPriceSecs",
            "docs": [
              "Oldest price a deposit or a swap may be valued at, in seconds before the cluster time",
              "(1..=60, at most `max_oracle_age_secs`). A depositor posts a fresh Pyth update in the",
              "same transaction anyway; a short window bounds what choosing among recent prices can",
              "gain (see the README's bound)."
            ],
            "type": "u16"
          },
          {
            "name": "entrySpreadBps",
            "docs": [
              "Entry spread, bps (0..=100): a deposit is credited with its value less this share,",
              "which stays in the vault for the holders already there."
            ],
            "type": "u16"
          },
          {
            "name": "numAssets",
            "docs": [
              "Number of used entries of [`Vault::assets`]."
            ],
            "type": "u8"
          },
          {
            "name": "bump",
            "docs": [
              "Bump of the vault PDA."
            ],
            "type": "u8"
          },
          {
            "name": "authorityBump",
            "docs": [
              "Bump of the vault authority PDA `[AUTHORITY_SEED, vault]`."
            ],
            "type": "u8"
          },
          {
            "name": "shareMintBump",
            "docs": [
              "Bump of the share mint PDA."
            ],
            "type": "u8"
          },
          {
            "name": "swapAuthorityBump",
            "docs": [
              "Bump of the swap authority PDA."
            ],
            "type": "u8"
          },
          {
            "name": "padding",
            "docs": [
              "Reserved, zero."
            ],
            "type": {
              "array": [
                "u8",
                1
              ]
            }
          },
          {
            "name": "swapAuthority",
            "docs": [
              "The swap authority PDA `[SWAP_AUTHORITY_SEED, vault]`: token authority of the",
              "escrows and nothing else, the only signer a DEX ever sees."
            ],
            "type": "pubkey"
          },
          {
            "name": "roundOpenedTs",
            "docs": [
              "Unix time the last rebalance round opened (the vault's creation before the first):",
              "the cooldown and the auction run from it."
            ],
            "type": "i64"
          },
          {
            "name": "roundEndsTs",
            "docs": [
              "Unix time until which the current round stays open (`open_round` sets it",
              "`ROUND_WINDOW_SECS` ahead; 0 before the first round): swaps toward the round's trade",
              "targets are accepted until then."
            ],
            "type": "i64"
          },
          {
            "name": "roundRewardsMicroUsd",
            "docs": [
              "Keeper rewards paid in the current round, micro-USD (valued at each bought asset's",
              "high price), counted against `keeper_reward_cap_micro_usd`."
            ],
            "type": "u64"
          },
          {
            "name": "rebalance",
            "docs": [
              "How keepers may rebalance; all zero until the manager configures it."
            ],
            "type": {
              "defined": {
                "name": "rebalanceConfig"
              }
            }
          },
          {
            "name": "volatility",
            "docs": [
              "Per-asset volatility estimates (used by the `vol-band` policy), updated at each",
              "rebalance from the oracle prices it reads."
            ],
            "type": {
              "array": [
                {
                  "defined": {
                    "name": "volSlot"
                  }
                },
                16
              ]
            }
          },
          {
            "name": "roundTradeTargets",
            "docs": [
              "Trade targets of the current round as parts per billion of NAV",
              "(`ballast_math::round::FRACTION_SCALE`), fixed when the round opens so that its later",
              "swaps aim at the same point even once an asset is back inside its band."
            ],
            "type": {
              "array": [
                "u64",
                16
              ]
            }
          },
          {
            "name": "assets",
            "docs": [
              "The assets; entries at and after `num_assets` are zero."
            ],
            "type": {
              "array": [
                {
                  "defined": {
                    "name": "assetConfig"
                  }
                },
                16
              ]
            }
          },
          {
            "name": "lookupTable",
            "docs": [
              "Frozen address lookup table holding the vault's accounts, published by the manager",
              "(`set_lookup_table`) so that clients fit the transactions of large vaults in a packet;",
              "the default key until set. A hint for clients: Ballast never reads the table."
            ],
            "type": "pubkey"
          },
          {
            "name": "guardian",
            "docs": [
              "May pause deposits and rebalances at once (never unpause, never anything else); the",
              "default key when the manager named none."
            ],
            "type": "pubkey"
          },
          {
            "name": "feeRecipient",
            "docs": [
              "Share token account the management fee's shares are minted to (`collect_fees`); the",
              "default key until the manager sets one."
            ],
            "type": "pubkey"
          },
          {
            "name": "feesSettledTs",
            "docs": [
              "Unix time the management fee was last settled (every deposit and withdrawal settles)."
            ],
            "type": "i64"
          },
          {
            "name": "feeSharesOwed",
            "docs": [
              "Fee shares accrued and not yet minted: counted in the supply by every share price",
              "and redemption, minted to `fee_recipient` by `collect_fees`."
            ],
            "type": "u64"
          },
          {
            "name": "nextChangeId",
            "docs": [
              "Id the next queued change gets (the `PendingChange` account's seed)."
            ],
            "type": "u64"
          },
          {
            "name": "rampStartTs",
            "docs": [
              "When the current target-weight ramp starts (see `AssetConfig::ramp_from_bps`)."
            ],
            "type": "i64"
          },
          {
            "name": "rampEndTs",
            "docs": [
              "When the current target-weight ramp ends: from then on the targets are",
              "`AssetConfig::target_weight_bps`."
            ],
            "type": "i64"
          },
          {
            "name": "pendingChanges",
            "docs": [
              "The queued changes, each with its own `PendingChange` account; id 0 marks a free slot."
            ],
            "type": {
              "array": [
                {
                  "defined": {
                    "name": "pendingSlot"
                  }
                },
                4
              ]
            }
          },
          {
            "name": "timelockSecs",
            "docs": [
              "Seconds a queued change waits before anyone may execute it",
              "(`MIN_TIMELOCK_SECS..=MAX_TIMELOCK_SECS`)."
            ],
            "type": "u32"
          },
          {
            "name": "managementFeeBps",
            "docs": [
              "Annual management fee, bps (at most `ballast_math::fees::MAX_MANAGEMENT_FEE_BPS`)."
            ],
            "type": "u16"
          },
          {
            "name": "paused",
            "docs": [
              "What is paused: `PAUSE_DEPOSITS | PAUSE_REBALANCES` bits. Withdrawals never pause."
            ],
            "type": "u8"
          },
          {
            "name": "paddingEnd",
            "docs": [
              "Reserved, zero."
            ],
            "type": {
              "array": [
                "u8",
                1
              ]
            }
          },
          {
            "name": "configSeq",
            "docs": [
              "Counts the changes of the vault's configuration (every applied or executed change,",
              "every asset added or removed). A depositor pins the configuration it checked by",
              "sending `expect_config` with this number before its deposit, in the same transaction."
            ],
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "vaultInitialized",
      "docs": [
        "Emitted by `initialize_vault`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "vault",
            "docs": [
              "The new vault."
            ],
            "type": "pubkey"
          },
          {
            "name": "manager",
            "docs": [
              "Its manager."
            ],
            "type": "pubkey"
          },
          {
            "name": "shareMint",
            "docs": [
              "Its share mint."
            ],
            "type": "pubkey"
          },
          {
            "name": "mints",
            "docs": [
              "Asset mints in vault order."
            ],
            "type": {
              "vec": "pubkey"
            }
          },
          {
            "name": "targetWeightsBps",
            "docs": [
              "Target weights in bps, same order."
            ],
            "type": {
              "vec": "u16"
            }
          },
          {
            "name": "maxOracleAgeSecs",
            "docs": [
              "Oracle staleness limit (seconds)."
            ],
            "type": "u32"
          },
          {
            "name": "maxConfBps",
            "docs": [
              "Oracle confidence limit (bps of price)."
            ],
            "type": "u16"
          },
          {
            "name": "freshPriceSecs",
            "docs": [
              "Price window of deposits and swaps (seconds)."
            ],
            "type": "u16"
          },
          {
            "name": "entrySpreadBps",
            "docs": [
              "Entry spread (bps)."
            ],
            "type": "u16"
          }
        ]
      }
    },
    {
      "name": "vaultParams",
      "docs": [
        "Oracle limits, entry spread and timelock of a vault (`initialize_vault`'s arguments;",
        "`Change::OracleLimits`, `Change::EntrySpread` and `Change::Timelock` change them later)."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "maxOracleAgeSecs",
            "docs": [
              "Oldest price `open_round` accepts, seconds (1..=300)."
            ],
            "type": "u32"
          },
          {
            "name": "maxConfBps",
            "docs": [
              "Widest accepted oracle confidence, bps of price (1..=9999)."
            ],
            "type": "u16"
          },
          {
            "name": "freshPriceSecs",
            "docs": [
              "Oldest price a deposit or swap may use, seconds (1..=60, at most",
              "`max_oracle_age_secs`)."
            ],
            "type": "u16"
          },
          {
            "name": "entrySpreadBps",
            "docs": [
              "Entry spread kept for the holders on each deposit, bps (0..=100)."
            ],
            "type": "u16"
          },
          {
            "name": "timelockSecs",
            "docs": [
              "Seconds a queued change waits before it may execute (3,600..=2,592,000)."
            ],
            "type": "u32"
          }
        ]
      }
    },
    {
      "name": "volSlot",
      "docs": [
        "`ballast_math::volatility::VolState` stored with byte arrays for its u128 fields, so the",
        "layout is the same on the host (u128 aligned to 16) and on SBF (aligned to 8)."
      ],
      "serialization": "bytemuck",
      "repr": {
        "kind": "c"
      },
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "lastPrice",
            "docs": [
              "Last price seen (Wad, little endian)."
            ],
            "type": {
              "array": [
                "u8",
                16
              ]
            }
          },
          {
            "name": "variance",
            "docs": [
              "Annualised variance (Wad, little endian)."
            ],
            "type": {
              "array": [
                "u8",
                16
              ]
            }
          },
          {
            "name": "lastTime",
            "docs": [
              "Unix time of `last_price`."
            ],
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "withdrawArgs",
      "docs": [
        "Arguments of `withdraw`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "shares",
            "docs": [
              "Share units to burn."
            ],
            "type": "u64"
          },
          {
            "name": "minAmountsOut",
            "docs": [
              "Fewest base units accepted per asset, in vault order (one entry per asset)."
            ],
            "type": {
              "vec": "u64"
            }
          },
          {
            "name": "skipAssets",
            "docs": [
              "Assets to leave behind (bit `i` = asset `i`), forfeiting their part to the remaining",
              "holders: the way out when a reserve is frozen by its mint's freeze authority."
            ],
            "type": "u16"
          }
        ]
      }
    },
    {
      "name": "withdrawn",
      "docs": [
        "Emitted by `withdraw`. No oracle is read, so no prices: NAV per share follows from",
        "`reserves_after` and `supply_after` at any price an indexer chooses."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "vault",
            "docs": [
              "The vault."
            ],
            "type": "pubkey"
          },
          {
            "name": "user",
            "docs": [
              "The redeemer (signer)."
            ],
            "type": "pubkey"
          },
          {
            "name": "shares",
            "docs": [
              "Share units burned."
            ],
            "type": "u64"
          },
          {
            "name": "amounts",
            "docs": [
              "Base units paid per asset, in vault order."
            ],
            "type": {
              "vec": "u64"
            }
          },
          {
            "name": "reservesAfter",
            "docs": [
              "Reserve balances after the withdrawal, in vault order."
            ],
            "type": {
              "vec": "u64"
            }
          },
          {
            "name": "supplyAfter",
            "docs": [
              "Share supply after the withdrawal."
            ],
            "type": "u64"
          }
        ]
      }
    }
  ],
  "constants": [
    {
      "name": "addressLookupTableId",
      "docs": [
        "The address lookup table program, owner of every lookup table."
      ],
      "type": "pubkey",
      "value": "AddressLookupTab1e1111111111111111111111111"
    },
    {
      "name": "authoritySeed",
      "docs": [
        "Seeds of the vault authority PDA (owner of every reserve, mint authority of the shares):",
        "`[AUTHORITY_SEED, vault]`."
      ],
      "type": "bytes",
      "value": "[97, 117, 116, 104, 111, 114, 105, 116, 121]"
    },
    {
      "name": "changeSeed",
      "docs": [
        "Seeds of each queued change: `[CHANGE_SEED, vault, id (u64 LE)]`."
      ],
      "type": "bytes",
      "value": "[99, 104, 97, 110, 103, 101]"
    },
    {
      "name": "escrowSeed",
      "docs": [
        "Seeds of each swap escrow token account: `[ESCROW_SEED, vault, mint]`."
      ],
      "type": "bytes",
      "value": "[101, 115, 99, 114, 111, 119]"
    },
    {
      "name": "instructionsSysvarId",
      "docs": [
        "The instructions sysvar: the transaction's top-level instructions, read by `rebalance`."
      ],
      "type": "pubkey",
      "value": "Sysvar1nstructions1111111111111111111111111"
    },
    {
      "name": "maxAssets",
      "docs": [
        "Most assets one vault can hold (`constants::MAX_ASSETS`)."
      ],
      "type": "u8",
      "value": "16"
    },
    {
      "name": "maxClockSkewSecs",
      "docs": [
        "Clock skew tolerated between a price's publish time and the cluster clock, seconds."
      ],
      "type": "i64",
      "value": "10"
    },
    {
      "name": "maxCooldownSecs",
      "docs": [
        "Longest cooldown a manager may set (30 days)."
      ],
      "type": "u32",
      "value": "2592000"
    },
    {
      "name": "maxDexes",
      "docs": [
        "Number of DEX programs a vault can allowlist (`state::MAX_DEXES`)."
      ],
      "type": "u8",
      "value": "4"
    },
    {
      "name": "maxEntrySpreadBps",
      "docs": [
        "Largest entry spread a manager may set (1 %; `ballast_math::shares::MAX_ENTRY_SPREAD_BPS`)."
      ],
      "type": "u16",
      "value": "100"
    },
    {
      "name": "maxFreshPriceSecs",
      "docs": [
        "Longest price window a manager may give deposits and swaps (`Vault::fresh_price_secs`):",
        "one minute. A depositor or keeper posts a fresh Pyth update in its own transaction, so a",
        "few seconds is the normal setting."
      ],
      "type": "u16",
      "value": "60"
    },
    {
      "name": "maxKeeperRewardBps",
      "docs": [
        "Largest keeper reward a manager may set (1% of a swap's output)."
      ],
      "type": "u16",
      "value": "100"
    },
    {
      "name": "maxManagementFeeBps",
      "docs": [
        "Largest management fee a manager may set (`ballast_math::fees::MAX_MANAGEMENT_FEE_BPS`)."
      ],
      "type": "u16",
      "value": "500"
    },
    {
      "name": "maxOracleAgeLimitSecs",
      "docs": [
        "Longest oracle staleness a manager may configure (five minutes). Anyone can post any",
        "recent verified Pyth update, so the age limit bounds how stale a price a depositor can",
        "bring (each asset's publish time may also never go backwards)."
      ],
      "type": "u32",
      "value": "300"
    },
    {
      "name": "maxPendingChanges",
      "docs": [
        "Most changes a vault can have queued at once (`state::MAX_PENDING_CHANGES`)."
      ],
      "type": "u8",
      "value": "4"
    },
    {
      "name": "maxRemovalDustMicroUsd",
      "docs": [
        "Largest value `remove_asset` burns from a reserve or escrow it closes (1 USD, in",
        "micro-USD): dust that anyone could send to block the removal."
      ],
      "type": "u64",
      "value": "1000000"
    },
    {
      "name": "maxSlippageLimitBps",
      "docs": [
        "Widest slippage a manager may allow (10%)."
      ],
      "type": "u16",
      "value": "1000"
    },
    {
      "name": "maxTimelockSecs",
      "docs": [
        "Longest timelock a vault may have (30 days)."
      ],
      "type": "u32",
      "value": "2592000"
    },
    {
      "name": "minAssets",
      "docs": [
        "Fewest assets a vault can hold (`constants::MIN_ASSETS`)."
      ],
      "type": "u8",
      "value": "2"
    },
    {
      "name": "minRampSecs",
      "docs": [
        "Shortest ramp of new target weights (one hour): a change of weights never becomes one",
        "large trade at a single moment."
      ],
      "type": "i64",
      "value": "3600"
    },
    {
      "name": "minTimelockSecs",
      "docs": [
        "Shortest timelock a vault may have: one hour for holders to see a queued change coming",
        "and leave (a withdrawal is one transaction and is never paused)."
      ],
      "type": "u32",
      "value": "3600"
    },
    {
      "name": "pauseAll",
      "docs": [
        "Every pause flag."
      ],
      "type": "u8",
      "value": "3"
    },
    {
      "name": "pauseDeposits",
      "docs": [
        "Pause flag: deposits."
      ],
      "type": "u8",
      "value": "1"
    },
    {
      "name": "pauseRebalances",
      "docs": [
        "Pause flag: `open_round` and `rebalance`."
      ],
      "type": "u8",
      "value": "2"
    },
    {
      "name": "pricelessDustFraction",
      "docs": [
        "Dust `remove_asset` burns without reading a price: at most one part in this many of a",
        "whole token (`10^decimals / 1_000_000` base units, rounded down), so that one base unit",
        "sent to the reserve of an asset whose feed stopped cannot block the removal."
      ],
      "type": "u64",
      "value": "1000000"
    },
    {
      "name": "priceUpdateV2Discriminator",
      "docs": [
        "Anchor discriminator of `PriceUpdateV2`."
      ],
      "type": {
        "array": [
          "u8",
          8
        ]
      },
      "value": "[34, 241, 35, 99, 157, 126, 244, 205]"
    },
    {
      "name": "pythReceiverId",
      "docs": [
        "The Pyth Solana Receiver program, owner of every `PriceUpdateV2` account. This is the id",
        "of `pyth-solana-receiver-sdk` 2.0.0 without its `pro-compatible` feature: the receiver",
        "that posts the Pyth Core price feeds used on Solana mainnet and devnet."
      ],
      "type": "pubkey",
      "value": "rec5EKMGg6MxZYaMdyBfgwp4d5rB9T1VQH5pJv5LtFJ"
    },
    {
      "name": "reserveSeed",
      "docs": [
        "Seeds of each reserve token account: `[RESERVE_SEED, vault, mint]`."
      ],
      "type": "bytes",
      "value": "[114, 101, 115, 101, 114, 118, 101]"
    },
    {
      "name": "roundWindowSecs",
      "docs": [
        "How long a rebalance round stays open after `open_round`, for the up to n - 1 swaps",
        "that bring every asset to its trade target (`ballast_math::round::ROUND_WINDOW_SECS`)."
      ],
      "type": "i64",
      "value": "300"
    },
    {
      "name": "shareDecimals",
      "docs": [
        "Decimals of the share mint (see `ballast_math::shares` for the unit and the",
        "inflation-attack defence it goes with)."
      ],
      "type": "u8",
      "value": "9"
    },
    {
      "name": "shareMintSeed",
      "docs": [
        "Seeds of the share mint: `[SHARE_MINT_SEED, vault]`."
      ],
      "type": "bytes",
      "value": "[115, 104, 97, 114, 101, 115]"
    },
    {
      "name": "swapAuthoritySeed",
      "docs": [
        "Seeds of the swap authority PDA (token authority of the escrows only):",
        "`[SWAP_AUTHORITY_SEED, vault]`."
      ],
      "type": "bytes",
      "value": "[115, 119, 97, 112, 95, 97, 117, 116, 104, 111, 114, 105, 116, 121]"
    },
    {
      "name": "vaultSeed",
      "docs": [
        "Seeds of the vault account: `[VAULT_SEED, manager, vault_id (u64 LE)]`."
      ],
      "type": "bytes",
      "value": "[118, 97, 117, 108, 116]"
    }
  ]
};
