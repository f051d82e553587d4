//! The zstd dictionary cached orders are compressed with. Every document
//! has the same shape (the same field names, platform words, currencies,
//! time zones), and each is small, so on its own zstd spends most of its
//! time building entropy tables for a few kilobytes and still leaves the
//! field names in every row. A dictionary trained on documents of that
//! shape gives the compressor both ready-made: a generated order takes a
//! quarter of the room and 40 % of the time (docs/benchmarks.md).
//!
//! The dictionary is `assets/order-documents.dict`, embedded in the binary.
//! A zstd frame names the dictionary it needs by id, so documents written
//! without one (schema 7 and before) still read. Like a migration, a
//! released dictionary never changes: rows compressed with it must stay
//! readable. A better one would be added beside it with its own id. The
//! file was made by the ignored test `writes_the_dictionary` (below), from
//! the training sandbox's repertoire and the generated population.

use std::num::NonZeroU32;
use std::sync::LazyLock;

use zstd::dict::{DecoderDictionary, EncoderDictionary};

/// The dictionary's bytes, as zstd's trainer wrote them.
const DICTIONARY: &[u8] = include_bytes!("../../../assets/order-documents.dict");

/// zstd's fastest useful level: imports write tens of thousands of orders a
/// second, and reading back is fast at any level.
pub(super) const LEVEL: i32 = 1;

static ENCODER: LazyLock<EncoderDictionary<'static>> =
    LazyLock::new(|| EncoderDictionary::copy(DICTIONARY, LEVEL));
static DECODER: LazyLock<DecoderDictionary<'static>> =
    LazyLock::new(|| DecoderDictionary::copy(DICTIONARY));

/// The id frames compressed with the dictionary carry.
pub(super) fn id() -> Option<NonZeroU32> {
    zstd::zstd_safe::get_dict_id_from_dict(DICTIONARY)
}

pub(super) fn encoder() -> &'static EncoderDictionary<'static> {
    &ENCODER
}

pub(super) fn decoder() -> &'static DecoderDictionary<'static> {
    &DECODER
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// The documents the dictionary learns from: every order of the
    /// training sandbox (the three platforms' answers kept with them) and
    /// a sample of the generated population, serialised as the cache
    /// stores them. Fixed dates and seeds, so the samples are the same on
    /// every run.
    fn samples() -> Vec<Vec<u8>> {
        let now = chrono::Utc
            .with_ymd_and_hms(2026, 12, 1, 12, 0, 0)
            .single()
            .expect("a valid time");
        let catalogue = crate::sandbox::Catalogue::seeded(now);
        let seeded = catalogue.orders.iter().map(|s| s.order.clone());
        let generated = crate::sandbox::population::orders(20_261_201, 0, 6_000, now);
        // The repertoire is small beside the population: repeated, so its
        // answers weigh about as much as the generated orders.
        std::iter::repeat_n(seeded.collect::<Vec<_>>(), 40)
            .flatten()
            .chain(generated)
            .map(|o| serde_json::to_vec(&o).expect("an order serialises"))
            .collect()
    }

    /// Writes `assets/order-documents.dict`. Never run it for a released
    /// dictionary (see the module's documentation):
    /// `cargo test --lib writes_the_dictionary -- --ignored`.
    #[test]
    #[ignore = "makes a new dictionary; released ones never change"]
    fn writes_the_dictionary() {
        let dict = zstd::dict::from_samples(&samples(), 32 * 1024).expect("zstd trains");
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../assets/order-documents.dict"
        );
        std::fs::write(path, &dict).expect("the dictionary is written");
    }

    #[test]
    fn the_dictionary_loads_and_has_an_id() {
        assert!(id().is_some());
        let mut c =
            zstd::bulk::Compressor::with_prepared_dictionary(encoder()).expect("a compressor");
        let frame = c
            .compress(b"{\"platform\":\"afisha\"}")
            .expect("compressed");
        assert_eq!(zstd::zstd_safe::get_dict_id_from_frame(&frame), id());
    }

    #[test]
    fn documents_of_the_cache_s_shape_take_a_fraction_of_the_room() {
        let now = chrono::Utc
            .with_ymd_and_hms(2027, 3, 14, 9, 0, 0)
            .single()
            .expect("a valid time");
        // Orders the dictionary did not learn from: another seed and day.
        let docs: Vec<Vec<u8>> = crate::sandbox::population::orders(7, 0, 200, now)
            .map(|o| serde_json::to_vec(&o).expect("an order serialises"))
            .collect();
        let mut with = zstd::bulk::Compressor::with_prepared_dictionary(encoder()).expect("ok");
        let mut without = zstd::bulk::Compressor::new(LEVEL).expect("ok");
        let size = |c: &mut zstd::bulk::Compressor<'_>| -> usize {
            docs.iter()
                .map(|d| c.compress(d).expect("compressed").len())
                .sum()
        };
        let (with, without) = (size(&mut with), size(&mut without));
        assert!(
            with * 3 < without,
            "with the dictionary {with} bytes, without {without}"
        );
    }
}
