//! Byte tests eight at a time, over the bytes of a `u64` ("SWAR"), for the
//! scans that run over every byte of every document (tokenizers, sentence
//! ends, JSON escaping): one test per byte was a large share of their cost.

/// 1 in every byte.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// Bit 7 of every byte.
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte whose low seven bits, `low` (`x & !HIGH`), lie
/// in `first..=last`: a byte plus a bias sets its high bit exactly when it is
/// at least `first` (or past `last`), without a carry into the next byte.
fn within(low: u64, first: u8, last: u8) -> u64 {
    (low + ONES * (0x80 - u64::from(first))) & !(low + ONES * (0x7f - u64::from(last))) & HIGH
}

/// The high bit of each byte of `x` that is an ASCII letter or digit; clear
/// elsewhere.
pub(crate) fn alphanumerics(x: u64) -> u64 {
    let low = x & !HIGH;
    // `!x`: a byte of a multi-byte char is no ASCII letter, whatever its low bits.
    (within(low, b'0', b'9') | within(low | (ONES * 0x20), b'a', b'z')) & !x & HIGH
}

/// The high bit of each byte of `x` that is an ASCII capital; clear elsewhere.
pub(crate) fn capitals(x: u64) -> u64 {
    within(x & !HIGH, b'A', b'Z') & !x
}

/// One bit per byte, from bit 7 of each byte of `m` (bit `k` from byte `k`).
fn byte_bits(m: u64) -> u64 {
    ((m >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// Where each of the 64 bytes of `block` is an ASCII letter or digit: one
/// bit per byte (bit `k` for byte `k`), so that a word's end is a count of
/// trailing ones.
pub(crate) fn alphanumeric_bits(block: &[u8; 64]) -> u64 {
    let mut bits = 0;
    for (k, chunk) in block.chunks_exact(8).enumerate() {
        bits |= byte_bits(alphanumerics(u64::from_le_bytes(chunk.try_into().expect("eight bytes")))) << (8 * k);
    }
    bits
}

/// How many bytes at the start of `bytes` are ASCII letters or digits.
pub(crate) fn alphanumeric_len(bytes: &[u8]) -> usize {
    let mut n = 0;
    while let Some(chunk) = bytes.get(n..n + 8) {
        let others = !alphanumerics(u64::from_le_bytes(chunk.try_into().expect("eight bytes"))) & HIGH;
        if others != 0 {
            return n + (others.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n + bytes[n..].iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(bytes.len() - n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphanumerics_marks_those_bytes() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut word = [b'a'; 8];
                word[at] = b;
                let want = if b.is_ascii_alphanumeric() { 0x80 << (8 * at) } else { 0 };
                let others = !(0x80 << (8 * at)) & HIGH;
                assert_eq!(alphanumerics(u64::from_le_bytes(word)), want | others, "{b:#x} at {at}");
            }
        }
    }

    #[test]
    fn capitals_marks_those_bytes() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut word = [b'a'; 8];
                word[at] = b;
                let want = if b.is_ascii_uppercase() { 0x80 << (8 * at) } else { 0 };
                assert_eq!(capitals(u64::from_le_bytes(word)), want, "{b:#x} at {at}");
            }
        }
    }

    #[test]
    fn alphanumeric_bits_marks_those_bytes() {
        for b in 0..=255u8 {
            for at in [0, 7, 8, 31, 56, 63] {
                let mut block = [b'a'; 64];
                block[at] = b;
                let want = if b.is_ascii_alphanumeric() { u64::MAX } else { !(1 << at) };
                assert_eq!(alphanumeric_bits(&block), want, "{b:#x} at {at}");
            }
        }
    }

    #[test]
    fn alphanumeric_len_ends_where_a_byte_is_none() {
        for b in 0..=255u8 {
            for len in 0..20 {
                for at in 0..=len {
                    let mut bytes = vec![b'x'; len];
                    if at < len {
                        bytes[at] = b;
                    }
                    for s in 0..=len {
                        let want = bytes[s..].iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(len - s);
                        assert_eq!(alphanumeric_len(&bytes[s..]), want, "{b:#x} at {at} of {len}, from {s}");
                    }
                }
            }
        }
    }
}
