//! Generators shared by the pages.

use super::*;

/// Any short text, blank ones included.
pub(crate) fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z0-9 -]{1,10}",
        2 => "\\PC{0,8}",
        1 => Just(String::new()),
        1 => Just("  ".to_owned()),
        1 => Just("Кодовое слово «ЗВЕЗДА»".to_owned()),
    ]
}

pub(crate) fn opt_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(any_text())
}

/// An identifier: usually plain, sometimes blank or padded.
pub(crate) fn ident() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[A-Z]{2}-[0-9]{1,4}",
        1 => Just(String::new()),
        1 => Just(" \t".to_owned()),
        1 => "\\PC{1,6}",
    ]
}

/// A date-time as text and what it means, or text that is none.
pub(crate) fn date_time() -> impl Strategy<Value = (String, Option<DateTime<Utc>>)> {
    prop_oneof![
        6 => (0i64..4_102_444_800, -720i32..=840, any::<bool>()).prop_map(|(secs, minutes, z)| {
            let at = Utc.timestamp_opt(secs, 0).unwrap();
            let text = if z {
                at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
            } else {
                at.with_timezone(&FixedOffset::east_opt(minutes * 60).unwrap())
                    .to_rfc3339()
            };
            (text, Some(at))
        }),
        1 => prop::sample::select(vec![
            "", "yesterday", "2019-13-01T00:00:00Z", "2019-08-24", "14:15:22", "2019-08-24T25:00:00Z",
        ])
        .prop_map(|t| (t.to_owned(), None)),
    ]
}

/// A word from `words`, or one the page does not list.
pub(crate) fn word(
    words: &'static [&'static str],
    others: &'static [&'static str],
) -> BoxedStrategy<String> {
    prop_oneof![
        5 => prop::sample::select(words).prop_map(str::to_owned),
        1 => prop::sample::select(others).prop_map(str::to_owned),
    ]
    .boxed()
}

/// Decimal text in major units: JSON numbers of every size, the extremes
/// of an i64 of minor units, and exponents (JSON allows them, Box Office
/// does not).
pub(crate) fn decimal() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => ("-?", "0|[1-9][0-9]{0,6}", "(\\.[0-9]{1,5})?").prop_map(|(s, i, f)| format!("{s}{i}{f}")),
        2 => ("-?", "[1-9][0-9]{7,22}", "(\\.[0-9]{1,4})?").prop_map(|(s, i, f)| format!("{s}{i}{f}")),
        1 => prop::sample::select(vec![
            "92233720368547758.07", "92233720368547758.08", "-92233720368547758.08",
            "-92233720368547758.09", "9223372036854775807", "-9223372036854775808",
            "9223372036854775.807", "-0", "0.000", "1e2", "1.5E-3",
        ])
        .prop_map(str::to_owned),
    ]
}

/// The exact value of decimal text in minor units of a currency with
/// `exponent` decimals, worked out on the digits as text: `None` when it is
/// not `-?digits(.digits)?`, has more decimals than the currency, or does
/// not fit an i64. The oracle every money reader must agree with.
pub(crate) fn reference_minor(text: &str, exponent: u32) -> Option<i64> {
    let t = text.trim();
    let (negative, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    let frac = frac.unwrap_or("").trim_end_matches('0');
    let width = exponent as usize;
    if frac.len() > width {
        return None;
    }
    let all = format!("{int}{frac:0<width$}");
    let all = all.trim_start_matches('0');
    if all.len() > 20 {
        return None;
    }
    let magnitude: i128 = if all.is_empty() { 0 } else { all.parse().ok()? };
    i64::try_from(if negative { -magnitude } else { magnitude }).ok()
}

/// Whether Paciolan's amount reader takes this JSON number (no exponent).
pub(crate) fn amount_text_ok(t: &str) -> bool {
    !t.contains(['e', 'E'])
}
