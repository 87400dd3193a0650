//! Anchor events (`emit!`) in a transaction's logs.

use base64::Engine;

/// The events of type `E` in `logs` (`Program data: <base64>` lines starting with `E`'s
/// discriminator), in order. Lines that do not decode are skipped.
pub fn decode_events<E>(logs: &[String]) -> Vec<E>
where
    E: anchor_lang::Event + anchor_lang::AnchorDeserialize,
{
    logs.iter()
        .filter_map(|line| line.strip_prefix("Program data: "))
        .filter_map(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok())
        .filter(|bytes| bytes.starts_with(E::DISCRIMINATOR))
        .filter_map(|bytes| E::deserialize(&mut &bytes[E::DISCRIMINATOR.len()..]).ok())
        .collect()
}
