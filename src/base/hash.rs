//! The content hash of Gazette: one function, so that every hash that is
//! stored or compared (the output manifest, asset fingerprints, template and
//! renderer identities) is the same hash.
//!
//! Not for hashing in maps (std's hasher does that) nor for anything that
//! must resist an attacker: XXH3 is fast, not cryptographic.

/// A fast content hash that is stable across runs, platforms and versions
/// (the manifest outlives the binary that wrote it): XXH3, 64 bits.
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}
