//! Compute units in a transaction's logs: every `Program <id> invoke [depth]` opens an
//! invocation and its `Program <id> consumed N of M compute units` line says what it spent,
//! its CPIs included.

use anchor_lang::prelude::Pubkey;

/// `(invocation depth, program id, units)` of every "Program X consumed N of M" line, the
/// depth 1 for a top-level instruction and 2 for a program it invoked.
pub fn consumed(logs: &[String]) -> impl Iterator<Item = (usize, &str, u64)> + '_ {
    let mut stack: Vec<usize> = Vec::new();
    logs.iter().filter_map(move |line| {
        let rest = line.strip_prefix("Program ")?;
        let mut words = rest.split(' ');
        let id = words.next()?;
        match words.next()? {
            "invoke" => {
                let depth = words
                    .next()?
                    .trim_matches(|c| c == '[' || c == ']')
                    .parse()
                    .ok()?;
                stack.push(depth);
                None
            }
            "consumed" => Some((*stack.last()?, id, words.next()?.parse().ok()?)),
            "success" | "failed:" => {
                stack.pop();
                None
            }
            _ => None,
        }
    })
}

/// Units `program` consumed at any depth (its own instructions and CPIs into it).
pub fn program_units(logs: &[String], program: &Pubkey) -> u64 {
    let program = program.to_string();
    consumed(logs)
        .filter(|(_, id, _)| *id == program)
        .map(|(_, _, units)| units)
        .sum()
}

/// Units `program` consumed at invocation depth `depth` (1: called by the transaction;
/// 2: called by a program).
pub fn program_units_at(logs: &[String], program: &Pubkey, depth: usize) -> u64 {
    let program = program.to_string();
    consumed(logs)
        .filter(|(d, id, _)| *d == depth && *id == program)
        .map(|(_, _, units)| units)
        .sum()
}

/// Units every program invoked at depth `depth` consumed.
pub fn units_at_depth(logs: &[String], depth: usize) -> u64 {
    consumed(logs)
        .filter(|(d, _, _)| *d == depth)
        .map(|(_, _, units)| units)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_attributed_to_the_depth_they_were_spent_at() {
        let (a, b) = (Pubkey::new_unique(), Pubkey::new_unique());
        let logs: Vec<String> = [
            format!("Program {a} invoke [1]"),
            format!("Program {b} invoke [2]"),
            format!("Program {b} consumed 100 of 1000 compute units"),
            format!("Program {b} success"),
            format!("Program {a} consumed 500 of 1100 compute units"),
            format!("Program {a} success"),
            format!("Program {b} invoke [1]"),
            format!("Program {b} consumed 7 of 600 compute units"),
            format!("Program {b} failed: custom program error: 0x1"),
        ]
        .into_iter()
        .collect();
        assert_eq!(program_units(&logs, &a), 500);
        assert_eq!(program_units(&logs, &b), 107);
        assert_eq!(program_units_at(&logs, &b, 1), 7);
        assert_eq!(program_units_at(&logs, &b, 2), 100);
        assert_eq!(units_at_depth(&logs, 1), 507);
    }
}
