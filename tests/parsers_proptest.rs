//! Property tests of the readers the fuzz targets in `fuzz/` exercise, in
//! the ordinary test suite so a regression fails CI: Vista's completion
//! answer, Paciolan's complete-order answer and cart, Afisha's /order-info
//! answer, the order document (and `render`'s reader of all inputs), and
//! money.
//!
//! Each input is built from the page's shape with random values and
//! omissions, then, in about half the cases, mutated: a member removed or
//! replaced by a value of another type, or the text cut, a byte inserted or
//! deleted. Unmutated inputs must be read exactly as the page says (accepted
//! or refused as predicted from the model); every input must be read without
//! a panic, and what is accepted must agree with its text, and map to an
//! order whose tickets and status follow the page.

use std::collections::HashSet;
use std::str::FromStr;
use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

use box_office::counter::order_from_cart;
use box_office::domain::{
    Currency, Money, Order, OrderDocument, OrderStatus, Platform, Symbology,
    TicketState,
};
use box_office::providers::afisha::{map as afisha_map, wire as afisha};
use box_office::providers::paciolan::{Amount, Cart, map as paciolan_map, response as paciolan};
use box_office::providers::vista::wire::{CompletionStatus, parse_completion, problem_message};
use box_office::sandbox::Catalogue;
use box_office::tickets::import::{ImportOptions, Source, read_order};

const CASES: u32 = 256;

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| Catalogue::seeded(Utc::now()));

fn seeded(platform: Platform) -> Vec<Order> {
    CATALOGUE
        .orders
        .iter()
        .map(|o| o.order.clone())
        .filter(|o| o.platform == platform)
        .collect()
}

static AFISHA_ORDERS: LazyLock<Vec<Order>> = LazyLock::new(|| seeded(Platform::Afisha));
static PACIOLAN_ORDERS: LazyLock<Vec<Order>> = LazyLock::new(|| seeded(Platform::Paciolan));

fn currency(code: &str) -> Currency {
    code.parse().expect("an ISO 4217 code")
}

// ---------------------------------------------------------------------------
// JSON with exact numbers, and mutations of it.

/// serde_json's `Value` would pass a number through a float (`52.50` comes
/// out `52.5`); a number is held as a marked string and written back as the
/// exact text by [`write`].
const NUM: &str = "\u{1}num\u{1}";

fn number(text: &str) -> Value {
    Value::String(format!("{NUM}{text}{NUM}"))
}

/// The JSON text of `v`, with marked numbers written as they are.
fn write(v: &Value) -> String {
    let text = v.to_string();
    let marker = serde_json::to_string(NUM).unwrap();
    let marker = &marker[1..marker.len() - 1];
    let (open, close) = (format!("\"{marker}"), format!("{marker}\""));
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        let Some(end) = after.find(&close) else { break };
        out.push_str(&rest[..start]);
        out.push_str(&after[..end]);
        rest = &after[end + close.len()..];
    }
    out.push_str(rest);
    out
}

#[derive(Debug, Clone)]
enum Edit {
    /// Drop the n-th member or element (counted through the whole tree).
    Remove(usize),
    /// Put a value, often of another type, in place of the n-th one.
    Replace(usize, Value),
    /// Cut the text.
    Truncate(usize),
    /// Insert a byte of JSON's alphabet into the text.
    Insert(usize, u8),
    /// Delete a byte of the text.
    Delete(usize),
}

fn nodes(v: &Value) -> usize {
    match v {
        Value::Object(m) => m.values().map(|c| 1 + nodes(c)).sum(),
        Value::Array(a) => a.iter().map(|c| 1 + nodes(c)).sum(),
        _ => 0,
    }
}

fn edit_tree(v: &mut Value, n: &mut usize, edit: &Edit) -> bool {
    match v {
        Value::Object(m) => {
            let keys: Vec<String> = m.keys().cloned().collect();
            for k in keys {
                if *n == 0 {
                    match edit {
                        Edit::Remove(_) => {
                            m.remove(&k);
                        }
                        Edit::Replace(_, x) => {
                            m.insert(k, x.clone());
                        }
                        _ => {}
                    }
                    return true;
                }
                *n -= 1;
                if edit_tree(m.get_mut(&k).unwrap(), n, edit) {
                    return true;
                }
            }
            false
        }
        Value::Array(a) => {
            for i in 0..a.len() {
                if *n == 0 {
                    match edit {
                        Edit::Remove(_) => {
                            a.remove(i);
                        }
                        Edit::Replace(_, x) => a[i] = x.clone(),
                        _ => {}
                    }
                    return true;
                }
                *n -= 1;
                if edit_tree(&mut a[i], n, edit) {
                    return true;
                }
            }
            false
        }
        _ => false,
    }
}

/// The text of `model` after `edits`.
fn apply_edits(model: &Value, edits: &[Edit]) -> Vec<u8> {
    let mut v = model.clone();
    for e in edits {
        if let Edit::Remove(n) | Edit::Replace(n, _) = e {
            let count = nodes(&v);
            if count > 0 {
                edit_tree(&mut v, &mut (n % count), e);
            }
        }
    }
    let mut bytes = write(&v).into_bytes();
    for e in edits {
        match *e {
            Edit::Truncate(n) => bytes.truncate(n % (bytes.len() + 1)),
            Edit::Insert(n, b) => bytes.insert(n % (bytes.len() + 1), b),
            Edit::Delete(n) if !bytes.is_empty() => {
                bytes.remove(n % bytes.len());
            }
            _ => {}
        }
    }
    bytes
}

/// A value to put where another was: every JSON type, numbers of every
/// shape (including ones JSON or the readers refuse).
fn junk() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "-?[0-9]{1,21}(\\.[0-9]{0,5})?([eE][0-9])?".prop_map(|t| number(&t)),
        "\\PC{0,6}".prop_map(Value::String),
        Just(json!("")),
        Just(json!([])),
        Just(json!({})),
        prop::collection::vec(any::<i32>(), 0..3).prop_map(|v| json!(v)),
        Just(json!({"token": "T1"})),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => any::<usize>().prop_map(Edit::Remove),
        4 => (any::<usize>(), junk()).prop_map(|(n, v)| Edit::Replace(n, v)),
        1 => any::<usize>().prop_map(Edit::Truncate),
        1 => (any::<usize>(), prop::sample::select(b"{}[]\",:-.0123456789eE \\nul".to_vec()))
            .prop_map(|(n, b)| Edit::Insert(n, b)),
        1 => any::<usize>().prop_map(Edit::Delete),
    ]
}

/// No edits about half the time, else one to three.
fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop_oneof![
        1 => Just(Vec::new()),
        1 => prop::collection::vec(edit(), 1..4),
    ]
}

fn put(m: &mut Map<String, Value>, key: &str, v: Option<Value>, nulls: bool) {
    match v {
        Some(v) => {
            m.insert(key.to_owned(), v);
        }
        None if nulls => {
            m.insert(key.to_owned(), Value::Null);
        }
        None => {}
    }
}

fn text(s: &Option<String>) -> Option<Value> {
    s.clone().map(Value::String)
}

// ---------------------------------------------------------------------------
// Generators shared by the pages.

/// Any short text, blank ones included.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z0-9 -]{1,10}",
        2 => "\\PC{0,8}",
        1 => Just(String::new()),
        1 => Just("  ".to_owned()),
        1 => Just("Кодовое слово «ЗВЕЗДА»".to_owned()),
    ]
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(any_text())
}

/// An identifier: usually plain, sometimes blank or padded.
fn ident() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[A-Z]{2}-[0-9]{1,4}",
        1 => Just(String::new()),
        1 => Just(" \t".to_owned()),
        1 => "\\PC{1,6}",
    ]
}

/// A date-time as text and what it means, or text that is none.
fn date_time() -> impl Strategy<Value = (String, Option<DateTime<Utc>>)> {
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
fn word(words: &'static [&'static str], others: &'static [&'static str]) -> BoxedStrategy<String> {
    prop_oneof![
        5 => prop::sample::select(words).prop_map(str::to_owned),
        1 => prop::sample::select(others).prop_map(str::to_owned),
    ]
    .boxed()
}

/// Decimal text in major units: JSON numbers of every size, the extremes
/// of an i64 of minor units, and exponents (JSON allows them, Box Office
/// does not).
fn decimal() -> impl Strategy<Value = String> {
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
fn reference_minor(text: &str, exponent: u32) -> Option<i64> {
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
fn amount_text_ok(t: &str) -> bool {
    !t.contains(['e', 'E'])
}

// ---------------------------------------------------------------------------
// Vista: the completion answer.

#[derive(Debug, Clone)]
struct VistaModel {
    order_id: Option<String>,
    order_type: Option<String>,
    status: Option<String>,
    transaction_number: Option<i64>,
    expires: Option<(String, Option<DateTime<Utc>>)>,
    nulls: bool,
    extra: bool,
}

const VISTA_TYPES: &[&str] = &["Standard", "GiftShop", "Subscription"];
const VISTA_STATUSES: &[&str] = &["Pending", "Completed", "Failed"];

impl VistaModel {
    fn json(&self) -> Value {
        let mut m = Map::new();
        put(&mut m, "orderId", text(&self.order_id), false);
        put(&mut m, "orderType", text(&self.order_type), false);
        put(&mut m, "status", text(&self.status), false);
        put(
            &mut m,
            "transactionNumber",
            self.transaction_number.map(Value::from),
            self.nulls,
        );
        put(
            &mut m,
            "updatedOrderExpiresAt",
            self.expires.clone().map(|(t, _)| Value::String(t)),
            self.nulls,
        );
        if self.extra {
            m.insert("links".into(), json!([{"rel": "self", "href": "/x"}]));
        }
        Value::Object(m)
    }

    /// What the page allows.
    fn valid(&self) -> bool {
        self.order_id.as_ref().is_some_and(|s| !s.trim().is_empty())
            && self
                .order_type
                .as_ref()
                .is_some_and(|w| VISTA_TYPES.contains(&w.as_str()))
            && self
                .status
                .as_ref()
                .is_some_and(|w| VISTA_STATUSES.contains(&w.as_str()))
            && self
                .transaction_number
                .is_none_or(|n| i32::try_from(n).is_ok())
            && self.expires.as_ref().is_none_or(|(_, at)| at.is_some())
    }
}

fn vista_model() -> impl Strategy<Value = VistaModel> {
    (
        prop::option::weighted(0.95, ident()),
        prop::option::weighted(0.95, word(VISTA_TYPES, &["Cinema", "standard", ""])),
        prop::option::weighted(0.95, word(VISTA_STATUSES, &["Done", "COMPLETED", "pending"])),
        prop::option::of(prop_oneof![
            4 => any::<i32>().prop_map(i64::from),
            1 => any::<i64>(),
            1 => Just(i64::from(i32::MAX) + 1),
        ]),
        prop::option::of(date_time()),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(order_id, order_type, status, transaction_number, expires, nulls, extra)| {
                VistaModel {
                    order_id,
                    order_type,
                    status,
                    transaction_number,
                    expires,
                    nulls,
                    extra,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn vista_completion_answers_are_read_as_the_page_says(
        model in vista_model(),
        edits in edits(),
    ) {
        let body = apply_edits(&model.json(), &edits);
        let parsed = parse_completion(&body);
        let _ = problem_message(&body, 500);
        if edits.is_empty() {
            prop_assert_eq!(parsed.is_ok(), model.valid(), "{:?}", parsed);
        }
        let Ok(c) = parsed else { return Ok(()) };
        prop_assert!(!c.order_id.trim().is_empty());
        let status = match c.status {
            CompletionStatus::Pending => "Pending",
            CompletionStatus::Completed => "Completed",
            CompletionStatus::Failed => "Failed",
        };
        if edits.is_empty() {
            prop_assert_eq!(Some(&c.order_id), model.order_id.as_ref());
            prop_assert_eq!(Some(c.order_type.as_str()), model.order_type.as_deref());
            prop_assert_eq!(Some(status), model.status.as_deref());
            prop_assert_eq!(c.transaction_number.map(i64::from), model.transaction_number);
            prop_assert_eq!(c.updated_order_expires_at, model.expires.clone().and_then(|(_, at)| at));
        }
        // Whatever the edits, the answer read says what its text says.
        if let Ok(Value::Object(v)) = serde_json::from_slice::<Value>(&body) {
            prop_assert_eq!(v.get("orderId").and_then(Value::as_str), Some(c.order_id.as_str()));
            prop_assert_eq!(v.get("orderType").and_then(Value::as_str), Some(c.order_type.as_str()));
            prop_assert_eq!(v.get("status").and_then(Value::as_str), Some(status));
            let n = v.get("transactionNumber").filter(|n| !n.is_null());
            prop_assert_eq!(n.and_then(Value::as_i64), c.transaction_number.map(i64::from));
            prop_assert_eq!(n.is_some(), c.transaction_number.is_some());
        }
    }

    #[test]
    fn vista_problems_read_title_and_detail(
        title in opt_text(),
        detail in opt_text(),
        status in 100u16..600,
    ) {
        let mut m = Map::new();
        put(&mut m, "title", text(&title), false);
        put(&mut m, "detail", text(&detail), false);
        let message = problem_message(Value::Object(m).to_string().as_bytes(), status);
        let expected = match (title, detail) {
            (Some(t), Some(d)) => format!("{t}: {d}"),
            (Some(t), None) => t,
            (None, Some(d)) => d,
            (None, None) => format!("HTTP {status}"),
        };
        prop_assert_eq!(message, expected);
    }
}

// ---------------------------------------------------------------------------
// Paciolan: the complete-order answer.

#[derive(Debug, Clone)]
struct PacSeat {
    place: (Option<String>, Option<String>, Option<String>),
    sequence: Option<u32>,
    access_id: Option<String>,
    token: String,
    passes: bool,
}

#[derive(Debug, Clone)]
struct PacEvent {
    name: Option<String>,
    price_level: Option<u32>,
    seats: Vec<PacSeat>,
}

#[derive(Debug, Clone)]
struct PacOffer {
    quantity: Option<u32>,
    codes: (Option<String>, Option<String>, Option<String>),
    event: Option<PacEvent>,
    price_type: Option<Option<String>>,
}

#[derive(Debug, Clone)]
struct PacError {
    kind: Option<String>,
    code: Option<String>,
    message: Option<String>,
    tokens: Vec<String>,
}

#[derive(Debug, Clone)]
struct PacModel {
    process_id: Option<String>,
    status: Option<String>,
    /// The `paid` number's text, and whether it is (wrongly) a string.
    paid: Option<(String, bool)>,
    offers: Vec<PacOffer>,
    transactions: Vec<(Option<String>, Option<String>)>,
    errors: Vec<PacError>,
    error: Option<PacError>,
    nulls: bool,
    extra: bool,
}

const PAC_STATUSES: &[&str] = &["PENDING", "COMPLETE", "ERROR"];

/// Tokens: the sandbox carts' (so failures match cart tickets), a few
/// others, and ones the page forbids (blank, and a repeat once trimmed).
static PAC_TOKENS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut t: Vec<String> = PACIOLAN_ORDERS
        .iter()
        .flat_map(|o| o.tickets.iter().map(|t| t.id.clone()))
        .take(8)
        .collect();
    t.extend(["T1", "T2", "T3", " T1", "", "  "].map(str::to_owned));
    t
});

/// Seats: the sandbox carts' places and others.
static PAC_PLACES: LazyLock<Vec<(Option<String>, Option<String>, Option<String>)>> =
    LazyLock::new(|| {
        let mut p: Vec<_> = PACIOLAN_ORDERS
            .iter()
            .flat_map(|o| {
                o.tickets
                    .iter()
                    .map(|t| (t.seat.section.clone(), t.seat.row.clone(), t.seat.place.clone()))
            })
            .take(8)
            .collect();
        p.push((Some("GA".into()), None, None));
        p.push((Some("GA".into()), Some(String::new()), Some(String::new())));
        p.push((None, None, None));
        p
    });

fn pac_token() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(PAC_TOKENS.clone()),
        1 => "[A-Z0-9]{6,17}",
    ]
}

fn pac_seat() -> impl Strategy<Value = PacSeat> {
    (
        prop_oneof![
            3 => prop::sample::select(PAC_PLACES.clone()),
            1 => (opt_text(), opt_text(), opt_text()),
        ],
        prop::option::of(0u32..100),
        prop::option::of(Just("431:BB19:BB01".to_owned())),
        pac_token(),
        any::<bool>(),
    )
        .prop_map(|(place, sequence, access_id, token, passes)| PacSeat {
            place,
            sequence,
            access_id,
            token,
            passes,
        })
}

fn pac_offer() -> impl Strategy<Value = PacOffer> {
    (
        prop::option::of(0u32..5),
        (opt_text(), opt_text(), prop::option::of(Just("SINGLE".to_owned()))),
        prop::option::weighted(
            0.8,
            (
                opt_text(),
                prop::option::of(0u32..10),
                prop::collection::vec(pac_seat(), 0..4),
            )
                .prop_map(|(name, price_level, seats)| PacEvent {
                    name,
                    price_level,
                    seats,
                }),
        ),
        prop::option::of(opt_text()),
    )
        .prop_map(|(quantity, codes, event, price_type)| PacOffer {
            quantity,
            codes,
            event,
            price_type,
        })
}

fn pac_error() -> impl Strategy<Value = PacError> {
    (
        prop::option::of(prop::sample::select(vec![
            "ORDER_INCOMPLETE",
            "AUTHORIZATION_FAILURE",
            "UNHANDLED_EXCEPTION",
        ])),
        prop::option::of(Just("BO-*".to_owned())),
        opt_text(),
        prop::collection::vec(pac_token(), 0..3),
    )
        .prop_map(|(kind, code, message, tokens)| PacError {
            kind: kind.map(str::to_owned),
            code,
            message,
            tokens,
        })
}

fn pac_model() -> impl Strategy<Value = PacModel> {
    (
        prop::option::weighted(0.95, ident()),
        prop::option::weighted(0.95, word(PAC_STATUSES, &["DONE", "Complete", "PARTIAL"])),
        prop::option::of((decimal(), prop::bool::weighted(0.1))),
        prop::collection::vec(pac_offer(), 0..4),
        prop::collection::vec((opt_text(), opt_text()), 0..3),
        prop::collection::vec(pac_error(), 0..3),
        prop::option::weighted(0.2, pac_error()),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(process_id, status, paid, offers, transactions, errors, error, nulls, extra)| {
                PacModel {
                    process_id,
                    status,
                    paid,
                    offers,
                    transactions,
                    errors,
                    error,
                    nulls,
                    extra,
                }
            },
        )
}

impl PacError {
    fn json(&self, nulls: bool) -> Value {
        let mut m = Map::new();
        put(&mut m, "type", text(&self.kind), nulls);
        put(&mut m, "appErrorCode", text(&self.code), nulls);
        put(&mut m, "developerMessage", text(&self.message), nulls);
        m.insert("tokens".into(), json!(self.tokens));
        Value::Object(m)
    }
}

impl PacModel {
    fn json(&self) -> Value {
        let n = self.nulls;
        let mut m = Map::new();
        put(&mut m, "processId", text(&self.process_id), false);
        put(&mut m, "status", text(&self.status), false);
        put(
            &mut m,
            "paid",
            self.paid.as_ref().map(|(t, quoted)| {
                if *quoted {
                    Value::String(t.clone())
                } else {
                    number(t)
                }
            }),
            n,
        );
        let offers: Vec<Value> = self
            .offers
            .iter()
            .map(|o| {
                let mut om = Map::new();
                put(&mut om, "quantity", o.quantity.map(Value::from), n);
                put(&mut om, "seasonCode", text(&o.codes.0), n);
                put(&mut om, "itemCode", text(&o.codes.1), n);
                put(&mut om, "basis", text(&o.codes.2), n);
                if let Some(e) = &o.event {
                    let seats: Vec<Value> = e
                        .seats
                        .iter()
                        .map(|s| {
                            let mut sm = Map::new();
                            put(&mut sm, "section", text(&s.place.0), n);
                            put(&mut sm, "row", text(&s.place.1), n);
                            put(&mut sm, "seat", text(&s.place.2), n);
                            put(&mut sm, "sequence", s.sequence.map(Value::from), n);
                            put(&mut sm, "accessId", text(&s.access_id), n);
                            sm.insert("token".into(), json!(s.token));
                            if s.passes {
                                sm.insert("mobileUrl".into(), json!("https://t/m.pdf"));
                                sm.insert("applePassUrl".into(), json!("https://t/x.pkpass"));
                                sm.insert("googlePassUrl".into(), json!("https://t/x.txt"));
                                sm.insert("ownerId".into(), json!("135792"));
                            }
                            Value::Object(sm)
                        })
                        .collect();
                    let mut em = Map::new();
                    put(&mut em, "name", text(&e.name), n);
                    put(&mut em, "priceLevel", e.price_level.map(Value::from), n);
                    em.insert("seats".into(), Value::Array(seats));
                    om.insert("event".into(), Value::Object(em));
                } else if n {
                    om.insert("event".into(), Value::Null);
                }
                if let Some(p) = &o.price_type {
                    let mut pm = Map::new();
                    put(&mut pm, "name", text(p), n);
                    om.insert("priceType".into(), Value::Object(pm));
                }
                Value::Object(om)
            })
            .collect();
        if !offers.is_empty() || n {
            m.insert("offers".into(), Value::Array(offers));
        }
        if !self.transactions.is_empty() {
            let t: Vec<Value> = self
                .transactions
                .iter()
                .map(|(season, tx)| {
                    let mut tm = Map::new();
                    put(&mut tm, "season", text(season), n);
                    put(&mut tm, "transaction", text(tx), n);
                    Value::Object(tm)
                })
                .collect();
            m.insert("transactions".into(), Value::Array(t));
        }
        if !self.errors.is_empty() {
            let e: Vec<Value> = self.errors.iter().map(|e| e.json(n)).collect();
            m.insert("errors".into(), Value::Array(e));
        }
        put(&mut m, "error", self.error.as_ref().map(|e| e.json(n)), n);
        if self.extra {
            m.insert("sellerIds".into(), json!(["654321"]));
            m.insert("cartId".into(), json!("7890987"));
        }
        Value::Object(m)
    }

    fn valid(&self) -> bool {
        let mut seen = HashSet::new();
        let tokens_ok = self
            .offers
            .iter()
            .filter_map(|o| o.event.as_ref())
            .flat_map(|e| &e.seats)
            .all(|s| !s.token.trim().is_empty() && seen.insert(s.token.trim().to_owned()));
        self.process_id
            .as_ref()
            .is_some_and(|p| !p.trim().is_empty())
            && self
                .status
                .as_ref()
                .is_some_and(|s| PAC_STATUSES.contains(&s.as_str()))
            && self
                .paid
                .as_ref()
                .is_none_or(|(t, quoted)| !quoted && amount_text_ok(t))
            && tokens_ok
    }
}

/// `map::apply` of `r` onto `cart` obeys the page: the processId is kept;
/// PENDING changes nothing else; otherwise there is one valid ticket per
/// sold seat (its token, in the answer's order), the cart's tickets that an
/// error group names stay as failed, `paid` is the exact total, and the
/// status is COMPLETE → completed, nothing sold and no offers → failed,
/// else partial.
fn check_paciolan_apply(
    cart: &Order,
    r: &paciolan::Response,
    currency: Currency,
) -> Result<(), TestCaseError> {
    let applied = paciolan_map::apply(cart, r, currency);
    let paid_minor = r
        .paid
        .as_ref()
        .map(|p| reference_minor(p.as_str(), currency.exponent()));
    if r.status != paciolan::Status::Pending && cart.sum.is_none() && paid_minor == Some(None) {
        prop_assert!(applied.is_err(), "paid {:?} in {}", r.paid, currency);
        return Ok(());
    }
    let o = applied.map_err(|e| TestCaseError::fail(format!("refused: {e}")))?;
    prop_assert_eq!(o.ids.process_id.as_deref(), Some(r.process_id.as_str()));
    prop_assert_eq!(o.platform, cart.platform);
    let word = match r.status {
        paciolan::Status::Pending => "PENDING",
        paciolan::Status::Complete => "COMPLETE",
        paciolan::Status::Error => "ERROR",
    };
    prop_assert_eq!(o.platform_status.as_deref(), Some(word));
    if r.status == paciolan::Status::Pending {
        prop_assert_eq!(o.status, OrderStatus::Pending);
        prop_assert_eq!(&o.tickets, &cart.tickets);
        return Ok(());
    }
    let seats: Vec<&str> = r.seats().map(|(_, s)| s.token.as_str()).collect();
    let failed_tokens: Vec<&str> = r
        .errors
        .iter()
        .flat_map(|e| e.tokens.iter().map(String::as_str))
        .collect();
    let failed: Vec<&str> = cart
        .tickets
        .iter()
        .filter(|t| failed_tokens.contains(&t.id.as_str()))
        .map(|t| t.id.as_str())
        .collect();
    let valid: Vec<&str> = o
        .tickets
        .iter()
        .filter(|t| t.state == TicketState::Valid)
        .map(|t| t.id.as_str())
        .collect();
    prop_assert_eq!(&valid, &seats);
    let not_valid: Vec<&str> = o
        .tickets
        .iter()
        .filter(|t| t.state != TicketState::Valid)
        .map(|t| t.id.as_str())
        .collect();
    prop_assert_eq!(&not_valid, &failed);
    prop_assert!(
        o.tickets
            .iter()
            .all(|t| matches!(t.state, TicketState::Valid | TicketState::Failed))
    );
    for (t, (_, s)) in o.tickets.iter().zip(r.seats()) {
        prop_assert_eq!(t.barcode.as_ref().map(|b| b.value.as_str()), Some(s.token.as_str()));
        prop_assert_eq!(t.barcode.as_ref().map(|b| b.symbology), Some(Symbology::QrCode));
        prop_assert_eq!(&t.access_id, &s.access_id);
    }
    let items = r.offers.iter().filter(|of| of.event.is_none()).count();
    prop_assert_eq!(o.items.len(), items);
    let sold = !seats.is_empty() || items > 0;
    let status = match (r.status, r.errors.is_empty()) {
        (paciolan::Status::Complete, true) => OrderStatus::Completed,
        _ if !sold && r.offers.is_empty() => OrderStatus::Failed,
        _ => OrderStatus::Partial,
    };
    prop_assert_eq!(o.status, status);
    prop_assert_eq!(o.errors.len(), r.errors.len() + usize::from(r.error.is_some()));
    match (&cart.sum, paid_minor) {
        (None, Some(Some(minor))) => {
            let total = o.sum.as_ref().and_then(|s| s.total);
            prop_assert_eq!(total, Some(Money::new(minor, currency)));
        }
        (None, None) => prop_assert!(o.sum.is_none()),
        (Some(sum), _) => prop_assert_eq!(o.sum.as_ref(), Some(sum)),
        (None, Some(None)) => unreachable!("refused above"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn paciolan_answers_map_to_one_ticket_per_sold_seat(
        model in pac_model(),
        edits in edits(),
    ) {
        let body = apply_edits(&model.json(), &edits);
        let parsed = paciolan::parse(&body);
        if edits.is_empty() {
            prop_assert_eq!(parsed.is_ok(), model.valid(), "{:?}", parsed);
        }
        let Ok(r) = parsed else { return Ok(()) };
        prop_assert!(!r.process_id.trim().is_empty());
        let mut seen = HashSet::new();
        prop_assert!(r.seats().all(|(_, s)| seen.insert(s.token.trim())));
        if edits.is_empty() {
            let seats: usize = model
                .offers
                .iter()
                .filter_map(|o| o.event.as_ref())
                .map(|e| e.seats.len())
                .sum();
            prop_assert_eq!(r.seats().count(), seats);
            prop_assert_eq!(r.paid.as_ref().map(Amount::as_str), model.paid.as_ref().map(|(t, _)| t.as_str()));
        }
        // The seats read are the seats written, whatever the edits.
        if let Ok(v) = serde_json::from_slice::<Value>(&body) {
            let written: usize = v["offers"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|o| o["event"]["seats"].as_array())
                .map(Vec::len)
                .sum();
            prop_assert_eq!(r.seats().count(), written);
        }
        let empty = Order::new(Platform::Paciolan, r.process_id.trim(), OrderStatus::InProgress);
        for code in ["USD", "JPY", "KWD"] {
            let c = currency(code);
            check_paciolan_apply(&empty, &r, c)?;
            for cart in PACIOLAN_ORDERS.iter() {
                check_paciolan_apply(cart, &r, c)?;
            }
        }
        // `render` reads an answer exactly as a completion does.
        if let Ok(text) = std::str::from_utf8(&body)
            && let Ok(Value::Object(v)) = serde_json::from_str::<Value>(text)
            && !v.contains_key("format")
        {
            let imported = read_order(text, &ImportOptions::default());
            let direct = paciolan_map::apply(&empty, &r, currency("USD"));
            match (imported, direct) {
                (Ok(i), Ok(d)) => {
                    prop_assert_eq!(i.source, Source::PaciolanCompleteOrder);
                    prop_assert_eq!(i.order, d);
                }
                (Err(_), Err(_)) => {}
                (i, d) => prop_assert!(false, "render: {:?}, completion: {:?}", i, d),
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Afisha: /order-info.

#[derive(Debug, Clone)]
struct AfMoney {
    value: String,
    code: String,
}

#[derive(Debug, Clone)]
struct AfTicket {
    id: String,
    barcode: Option<String>,
    barcode_type: Option<String>,
    vat: Option<String>,
    admission: Option<bool>,
    row: Option<String>,
    place: Option<String>,
    labels: (Option<String>, Option<String>, Option<String>, Option<String>),
    pdf_url: Option<String>,
    organizer_info: Option<String>,
}

#[derive(Debug, Clone)]
struct AfSession {
    start: (String, Option<DateTime<Utc>>),
    end: Option<(String, Option<DateTime<Utc>>)>,
    kind: Option<String>,
    timezone: Option<String>,
}

#[derive(Debug, Clone)]
struct AfModel {
    id: Option<String>,
    order_number: Option<String>,
    status: Option<String>,
    sum: Option<[Option<AfMoney>; 3]>,
    session: Option<AfSession>,
    code_word: Option<String>,
    tickets: Vec<AfTicket>,
    attachment: Option<String>,
    barcode: Option<String>,
    organizer_info: Option<String>,
    nulls: bool,
}

const AF_STATUSES: &[&str] = &[
    "UNDEFINED_ORDER_STATUS",
    "CREATED",
    "RESERVED",
    "CANCELLED",
    "BOOKED",
    "APPROVED",
];
const AF_ATTACHMENTS: &[&str] = &["UNDEFINED_ATTACHMENT_TYPE", "NONE", "ORDER", "TICKETS"];
const AF_BARCODES: &[&str] = &[
    "UNDEFINED_BARCODE_TYPE",
    "EAN_13",
    "QR_CODE",
    "CODE_128",
    "INTERLEAVED_2_OF_5",
    "PDF_417",
];
const AF_VATS: &[&str] = &[
    "UNDEFINED_VAT",
    "VAT_NONE",
    "VAT_0",
    "VAT_10",
    "VAT_12",
    "VAT_18",
    "VAT_10_110",
    "VAT_12_112",
    "VAT_18_118",
];
const ZONES: &[&str] = &["Europe/Moscow", "Asia/Almaty", "UTC", "America/Los_Angeles"];

/// The page's order status words, as the counter reads them.
fn afisha_status(word: Option<&str>) -> OrderStatus {
    match word {
        Some("CREATED") => OrderStatus::Created,
        Some("RESERVED") => OrderStatus::Reserved,
        Some("CANCELLED") => OrderStatus::Cancelled,
        Some("BOOKED") => OrderStatus::Booked,
        Some("APPROVED") => OrderStatus::Completed,
        _ => OrderStatus::Unknown,
    }
}

fn afisha_symbology(word: Option<&str>) -> Option<Symbology> {
    match word? {
        "EAN_13" => Some(Symbology::Ean13),
        "QR_CODE" => Some(Symbology::QrCode),
        "CODE_128" => Some(Symbology::Code128),
        "INTERLEAVED_2_OF_5" => Some(Symbology::Interleaved2of5),
        "PDF_417" => Some(Symbology::Pdf417),
        _ => None,
    }
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The oracle for Afisha money: an int64 written in decimal digits, with a
/// minus sign or none (not `+`), around which blanks are allowed.
fn reference_minor_units(value: &str) -> Option<i64> {
    let v = value.trim();
    if v.starts_with('+') {
        return None;
    }
    v.parse().ok()
}

fn af_money() -> impl Strategy<Value = AfMoney> {
    (
        prop_oneof![
            6 => any::<i64>().prop_map(|n| n.to_string()),
            1 => any::<u64>().prop_map(|n| n.to_string()),
            1 => prop::sample::select(vec!["12.5", "1e3", "", " 150000 ", "+5", "-", "١٢"]).prop_map(str::to_owned),
        ],
        prop_oneof![
            6 => prop::sample::select(vec!["RUB", "USD", "KZT", "JPY"]),
            1 => prop::sample::select(vec!["XXY", "rub", ""]),
        ],
    )
        .prop_map(|(value, code)| AfMoney {
            value,
            code: code.to_owned(),
        })
}

fn af_ticket() -> impl Strategy<Value = AfTicket> {
    (
        prop_oneof![
            4 => prop::sample::select(vec![
                "AF-1001-1", "AF-1001-2", "AF-1007-1", "AF-1007-2", "AF-2001-1", "t1", "t2", "t3",
            ]).prop_map(str::to_owned),
            1 => ident(),
        ],
        prop::option::weighted(0.9, prop_oneof![
            "[0-9]{13}",
            "[A-Z0-9/ -]{1,20}",
            Just(" ".to_owned()),
            "\\PC{1,10}",
        ]),
        prop::option::weighted(0.9, word(AF_BARCODES, &["AZTEC", "qr_code", ""])),
        prop::option::of(word(AF_VATS, &["VAT_20", ""])),
        prop::option::of(any::<bool>()),
        opt_text(),
        opt_text(),
        (opt_text(), opt_text(), opt_text(), opt_text()),
        opt_text(),
        opt_text(),
    )
        .prop_map(
            |(id, barcode, barcode_type, vat, admission, row, place, labels, pdf_url, organizer_info)| {
                AfTicket {
                    id,
                    barcode,
                    barcode_type,
                    vat,
                    admission,
                    row,
                    place,
                    labels,
                    pdf_url,
                    organizer_info,
                }
            },
        )
}

fn af_session() -> impl Strategy<Value = AfSession> {
    (
        date_time(),
        prop::option::of(date_time()),
        prop::option::of(word(&["ON_TIME", "ALL_DAY"], &["SOMETIMES"])),
        prop::option::weighted(
            0.8,
            prop_oneof![
                5 => prop::sample::select(ZONES).prop_map(str::to_owned),
                1 => prop::sample::select(vec!["Mars/Olympus_Mons", "", "Europe/Moskva", " Europe/Moscow"]).prop_map(str::to_owned),
            ],
        ),
    )
        .prop_map(|(start, end, kind, timezone)| AfSession {
            start,
            end,
            kind,
            timezone,
        })
}

fn af_model() -> impl Strategy<Value = AfModel> {
    (
        (
            prop::option::weighted(
                0.9,
                prop_oneof![
                    3 => prop::sample::select(vec!["AF-1001", "AF-1007", "AF-2001"]).prop_map(str::to_owned),
                    2 => ident(),
                ],
            ),
            prop::option::of(prop_oneof![
                Just("1001-5521".to_owned()),
                "[0-9]{4}-[0-9]{4}",
                Just(String::new()),
            ]),
            prop::option::weighted(0.9, word(AF_STATUSES, &["PAID", "approved"])),
        ),
        prop::option::of(prop::array::uniform3(prop::option::of(af_money()))),
        prop::option::weighted(0.8, af_session()),
        opt_text(),
        prop::collection::vec(af_ticket(), 0..4),
        prop::option::weighted(0.9, word(AF_ATTACHMENTS, &["PDF", "tickets"])),
        opt_text(),
        opt_text(),
        any::<bool>(),
    )
        .prop_map(
            |((id, order_number, status), sum, session, code_word, tickets, attachment, barcode, organizer_info, nulls)| {
                AfModel {
                    id,
                    order_number,
                    status,
                    sum,
                    session,
                    code_word,
                    tickets,
                    attachment,
                    barcode,
                    organizer_info,
                    nulls,
                }
            },
        )
}

impl AfModel {
    fn json(&self) -> Value {
        let n = self.nulls;
        let mut m = Map::new();
        put(&mut m, "id", text(&self.id), n);
        put(&mut m, "orderNumber", text(&self.order_number), n);
        put(&mut m, "status", text(&self.status), n);
        let money = |x: &Option<AfMoney>| {
            x.as_ref()
                .map(|x| json!({"value": x.value, "currencyCode": x.code}))
        };
        if let Some([price, fee, total]) = &self.sum {
            let mut s = Map::new();
            put(&mut s, "price", money(price), n);
            put(&mut s, "fee", money(fee), n);
            put(&mut s, "total", money(total), n);
            m.insert("sum".into(), Value::Object(s));
        }
        if let Some(s) = &self.session {
            let mut sm = Map::new();
            sm.insert("sessionStart".into(), json!(s.start.0));
            put(&mut sm, "sessionEnd", s.end.as_ref().map(|e| json!(e.0)), n);
            put(&mut sm, "type", text(&s.kind), n);
            put(&mut sm, "timezone", text(&s.timezone), n);
            m.insert("sessionTime".into(), Value::Object(sm));
        }
        put(&mut m, "codeWord", text(&self.code_word), n);
        let tickets: Vec<Value> = self
            .tickets
            .iter()
            .map(|t| {
                let mut tm = Map::new();
                tm.insert("id".into(), json!(t.id));
                put(&mut tm, "barcode", text(&t.barcode), n);
                put(&mut tm, "barcodeType", text(&t.barcode_type), n);
                put(&mut tm, "vat", text(&t.vat), n);
                put(&mut tm, "admission", t.admission.map(Value::Bool), false);
                put(&mut tm, "row", text(&t.row), n);
                put(&mut tm, "place", text(&t.place), n);
                put(&mut tm, "levelId", text(&t.labels.0), n);
                put(&mut tm, "levelName", text(&t.labels.1), n);
                put(&mut tm, "categoryId", text(&t.labels.2), n);
                put(&mut tm, "categoryName", text(&t.labels.3), n);
                put(&mut tm, "pdfUrl", text(&t.pdf_url), n);
                put(&mut tm, "organizerInfo", text(&t.organizer_info), n);
                Value::Object(tm)
            })
            .collect();
        if !tickets.is_empty() || n {
            m.insert("tickets".into(), Value::Array(tickets));
        }
        put(&mut m, "attachmentType", text(&self.attachment), n);
        put(&mut m, "barcode", text(&self.barcode), n);
        put(&mut m, "organizerInfo", text(&self.organizer_info), n);
        m.insert("specificFields".into(), json!({}));
        Value::Object(m)
    }

    /// What `wire::parse` must accept.
    fn readable(&self) -> bool {
        let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
        let mut seen = HashSet::new();
        (!blank(&self.id) || !blank(&self.order_number))
            && self
                .status
                .as_ref()
                .is_none_or(|s| AF_STATUSES.contains(&s.as_str()))
            && self
                .attachment
                .as_ref()
                .is_none_or(|s| AF_ATTACHMENTS.contains(&s.as_str()))
            && self.session.as_ref().is_none_or(|s| {
                s.start.1.is_some()
                    && s.end.as_ref().is_none_or(|e| e.1.is_some())
                    && s.kind
                        .as_ref()
                        .is_none_or(|k| k == "ON_TIME" || k == "ALL_DAY")
                    && s.timezone
                        .as_ref()
                        .is_none_or(|z| ZONES.contains(&z.as_str()))
            })
            && self
                .tickets
                .iter()
                .all(|t| !t.id.trim().is_empty() && seen.insert(t.id.clone()))
    }

    /// Whether `to_order` (no known order) must accept what was read.
    fn mappable(&self, venue_zone: Option<&str>) -> bool {
        let money_ok = |m: &Option<AfMoney>| {
            m.as_ref().is_none_or(|m| {
                reference_minor_units(&m.value).is_some()
                    && ["RUB", "USD", "KZT", "JPY"].contains(&m.code.as_str())
            })
        };
        self.sum.as_ref().is_none_or(|s| s.iter().all(money_ok))
            && self
                .session
                .as_ref()
                .is_none_or(|s| non_empty(&s.timezone).is_some() || venue_zone.is_some())
    }
}

/// The structure every mapped Afisha order has: the page's status; when
/// the answer lists tickets (or is a TICKETS answer), one ticket per answered
/// ticket in its order, then only `known`'s unlisted tickets, none valid;
/// otherwise `known`'s tickets as they were.
fn check_afisha_order(
    o: &Order,
    info: &afisha::OrderInfo,
    known: Option<&Order>,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(o.platform, Platform::Afisha);
    let word = info.status.map(|s| s.word());
    prop_assert_eq!(o.status, afisha_status(word));
    prop_assert_eq!(o.platform_status.as_deref(), word);
    let lists = !info.tickets.is_empty()
        || !matches!(
            info.attachment_type,
            Some(afisha::AttachmentType::None | afisha::AttachmentType::Order)
        );
    if !lists {
        let before = known.map(|k| k.tickets.clone()).unwrap_or_default();
        prop_assert_eq!(&o.tickets, &before);
        return Ok(());
    }
    let n = info.tickets.len();
    prop_assert!(o.tickets.len() >= n);
    for (t, answered) in o.tickets.iter().zip(&info.tickets) {
        prop_assert_eq!(&t.id, &answered.id);
        prop_assert!(matches!(t.state, TicketState::Valid | TicketState::Refunded));
        let value = non_empty(&answered.barcode);
        // A barcode is printed only with a symbology the page names; an
        // untyped value is kept aside, never guessed.
        match (&t.barcode, &t.untyped_barcode) {
            (Some(b), None) => prop_assert_eq!(Some(&b.value), value.as_ref()),
            (None, Some(u)) => prop_assert_eq!(Some(u), value.as_ref()),
            (None, None) => prop_assert!(value.is_none()),
            (Some(_), Some(_)) => prop_assert!(false, "both a barcode and an untyped one"),
        }
        if answered.admission {
            prop_assert!(t.seat.row.is_none() && t.seat.place.is_none());
        }
    }
    for gone in &o.tickets[n..] {
        let known_ids: Vec<&str> = known
            .iter()
            .flat_map(|k| &k.tickets)
            .map(|t| t.id.as_str())
            .collect();
        prop_assert!(known_ids.contains(&gone.id.as_str()));
        prop_assert!(!info.tickets.iter().any(|t| t.id == gone.id));
        prop_assert_ne!(gone.state, TicketState::Valid);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn afisha_answers_map_to_the_tickets_and_status_they_give(
        model in af_model(),
        edits in edits(),
        venue_zone in prop::option::of(prop::sample::select(vec!["Asia/Yekaterinburg", "Europe/Moscow"])),
    ) {
        let body = apply_edits(&model.json(), &edits);
        let parsed = afisha::parse(&body);
        if edits.is_empty() {
            prop_assert_eq!(parsed.is_ok(), model.readable(), "{:?}", parsed);
        }
        let Ok(info) = parsed else { return Ok(()) };
        let mapped = afisha_map::to_order(&info, None, &body, venue_zone);
        if edits.is_empty() {
            prop_assert_eq!(mapped.is_ok(), model.mappable(venue_zone), "{:?}", mapped);
        }
        if let Ok(o) = &mapped {
            check_afisha_order(o, &info, None)?;
            let expected_id = non_empty(&info.id).or_else(|| non_empty(&info.order_number));
            prop_assert_eq!(Some(&o.id), expected_id.as_ref());
            prop_assert!(o.tickets.iter().all(|t| t.state == TicketState::Valid));
            if edits.is_empty() {
                for (t, m) in o.tickets.iter().zip(&model.tickets) {
                    let symbology = afisha_symbology(m.barcode_type.as_deref());
                    let value = non_empty(&m.barcode);
                    prop_assert_eq!(t.barcode.as_ref().map(|b| b.symbology), value.as_ref().and(symbology));
                    prop_assert_eq!(t.untyped_barcode.is_some(), value.is_some() && symbology.is_none());
                    if m.admission != Some(true) {
                        prop_assert_eq!(&t.seat.row, &non_empty(&m.row));
                        prop_assert_eq!(&t.seat.place, &non_empty(&m.place));
                    }
                }
                if let Some([price, fee, total]) = &model.sum {
                    let sum = o.sum.as_ref().expect("a sum");
                    for (got, want) in [(sum.price, price), (sum.fee, fee), (sum.total, total)] {
                        let want = want.as_ref().map(|w| {
                            Money::new(reference_minor_units(&w.value).unwrap(), currency(&w.code))
                        });
                        prop_assert_eq!(got, want);
                    }
                }
                if let Some(s) = &model.session {
                    let session = o.session().expect("a session");
                    prop_assert_eq!(Some(session.start), s.start.1);
                    let zone = non_empty(&s.timezone).or(venue_zone.map(str::to_owned));
                    prop_assert_eq!(Some(&session.time_zone), zone.as_ref());
                }
            }
            if let Some(b) = &o.order_barcode {
                let ascii = b.value.chars().all(|c| (' '..='~').contains(&c));
                prop_assert_eq!(b.symbology, if ascii { Symbology::Code128 } else { Symbology::QrCode });
            }
        }
        for known in AFISHA_ORDERS.iter() {
            if let Ok(o) = afisha_map::to_order(&info, Some(known), &body, venue_zone) {
                check_afisha_order(&o, &info, Some(known))?;
                prop_assert_eq!(&o.id, &known.id);
            }
        }
        // `render` reads an answer exactly as the counter does.
        if let Ok(text) = std::str::from_utf8(&body)
            && let Ok(v) = serde_json::from_str::<Value>(text)
            && box_office::tickets::import::detect(&v) == Some(Source::AfishaOrderInfo)
        {
            let options = ImportOptions {
                currency: None,
                time_zone: venue_zone.map(str::to_owned),
            };
            match (read_order(text, &options), &mapped) {
                (Ok(i), Ok(o)) => {
                    prop_assert_eq!(i.source, Source::AfishaOrderInfo);
                    prop_assert_eq!(&i.order, o);
                }
                (Err(_), Err(_)) => {}
                (i, o) => prop_assert!(false, "render: {:?}, counter: {:?}", i, o),
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Order documents, through `render`'s reader.

fn order_document() -> impl Strategy<Value = (usize, Vec<Edit>, Option<(String, String)>)> {
    (
        any::<usize>(),
        edits(),
        prop::option::of((
            prop_oneof![
                3 => prop::sample::select(ZONES).prop_map(str::to_owned),
                1 => prop::sample::select(vec!["Mars/Olympus_Mons", ""]).prop_map(str::to_owned),
            ],
            date_time().prop_map(|(t, _)| t),
        )),
    )
}

/// The order with its raw platform JSON read as a tree (the document's
/// text may be laid out anew, and numbers `50.00` come back `50.0`).
fn comparable(o: &Order) -> (Order, Option<Value>) {
    let mut o = o.clone();
    let raw = o.raw.take().map(|r| serde_json::from_str(r.text()).unwrap());
    (o, raw)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn order_documents_read_back_the_order_they_hold(
        (pick, edits, session) in order_document(),
    ) {
        let orders = &CATALOGUE.orders;
        let mut order = orders[pick % orders.len()].order.clone();
        let written = OrderDocument::new(order.clone()).to_json();
        let mut model: Value = serde_json::from_str(&written).unwrap();
        // A session moved to another zone and time, which may be none.
        let mut readable = true;
        if let Some((zone, start)) = &session
            && let Some(s) = model.pointer_mut("/order/event/session").filter(|s| s.is_object())
        {
            s["timeZone"] = json!(zone);
            s["start"] = json!(start);
            let at = start.parse::<DateTime<Utc>>();
            readable = zone.parse::<chrono_tz::Tz>().is_ok() && at.is_ok();
            let s = order.event.as_mut().and_then(|e| e.session.as_mut()).unwrap();
            s.time_zone = zone.clone();
            if let Ok(at) = at {
                s.start = at;
            }
        }
        let body = apply_edits(&model, &edits);
        let text = String::from_utf8_lossy(&body);
        let imported = read_order(&text, &ImportOptions::default());
        if edits.is_empty() {
            if readable {
                let i = imported.as_ref().map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(i.source, Source::OrderDocument);
                prop_assert_eq!(comparable(&i.order), comparable(&order));
            } else {
                prop_assert!(imported.is_err());
            }
            if session.is_none() {
                let exact = read_order(&written, &ImportOptions::default())
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(&exact.order, &order);
            }
        }
        let Ok(i) = imported else { return Ok(()) };
        if i.source != Source::OrderDocument {
            return Ok(());
        }
        let doc = OrderDocument::from_json(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&doc.order, &i.order);
        // What was read is written and read back unchanged.
        let again = OrderDocument::new(i.order.clone()).to_json();
        let back = OrderDocument::from_json(&again)
            .map_err(|e| TestCaseError::fail(format!("{e}: {again}")))?;
        prop_assert_eq!(back.order, i.order);
    }
}

// ---------------------------------------------------------------------------
// Paciolan: the cart (the complete-order request, `complete --input`).

#[derive(Debug, Clone)]
struct CartModel {
    listing: (String, String, Option<String>, Option<String>),
    tokens: Vec<(String, Option<String>, Option<String>)>,
    names: (String, Option<String>, String),
    phone: (String, Option<String>, Option<String>, String),
    address: Option<(String, [Option<String>; 3], [String; 4])>,
    email: (String, Option<bool>),
    settlement: (String, String),
    callback: Option<String>,
    nulls: bool,
}

fn cart_model() -> impl Strategy<Value = CartModel> {
    (
        (any_text(), any_text(), prop::option::of(decimal()), prop::option::of(decimal())),
        prop::collection::vec(
            (any_text(), prop::option::of(decimal()), prop::option::of(decimal())),
            0..4,
        ),
        (any_text(), opt_text(), any_text()),
        ("[0-9]{0,11}", opt_text(), opt_text(), any_text()),
        prop::option::of((
            any_text(),
            prop::array::uniform3(opt_text()),
            prop::array::uniform4(any_text()),
        )),
        (any_text(), prop::option::of(any::<bool>())),
        (decimal(), decimal()),
        prop::option::of(Just("https://example.invalid/cb".to_owned())),
        any::<bool>(),
    )
        .prop_map(
            |(listing, tokens, names, phone, address, email, settlement, callback, nulls)| CartModel {
                listing,
                tokens,
                names,
                phone,
                address,
                email,
                settlement,
                callback,
                nulls,
            },
        )
}

impl CartModel {
    fn json(&self) -> Value {
        let n = self.nulls;
        let amount = |a: &Option<String>| a.as_deref().map(number);
        let mut listing = Map::new();
        listing.insert("externalListingId".into(), json!(self.listing.0));
        listing.insert("externalOrderId".into(), json!(self.listing.1));
        put(&mut listing, "totalPrice", amount(&self.listing.2), n);
        put(&mut listing, "totalFees", amount(&self.listing.3), n);
        let tokens: Vec<Value> = self
            .tokens
            .iter()
            .map(|(token, price, fees)| {
                let mut t = Map::new();
                t.insert("token".into(), json!(token));
                put(&mut t, "individualPrice", amount(price), n);
                put(&mut t, "individualFees", amount(fees), n);
                Value::Object(t)
            })
            .collect();
        listing.insert("tokens".into(), Value::Array(tokens));
        let mut phone = Map::new();
        phone.insert("number".into(), json!(self.phone.0));
        put(&mut phone, "formattedNumber", text(&self.phone.1), n);
        put(&mut phone, "extension", text(&self.phone.2), n);
        phone.insert("countryCode".into(), json!(self.phone.3));
        let mut buyer = Map::new();
        buyer.insert("firstName".into(), json!(self.names.0));
        put(&mut buyer, "middleInitial", text(&self.names.1), n);
        buyer.insert("lastName".into(), json!(self.names.2));
        buyer.insert("phoneNumber".into(), Value::Object(phone));
        if let Some((line1, more, [locality, region, postal, country])) = &self.address {
            let mut a = Map::new();
            a.insert("address1".into(), json!(line1));
            for (k, v) in ["address2", "address3", "address4"].iter().zip(more) {
                put(&mut a, k, text(v), n);
            }
            a.insert("locality".into(), json!(locality));
            a.insert("region".into(), json!(region));
            a.insert("postalCode".into(), json!(postal));
            a.insert("countryCode".into(), json!(country));
            buyer.insert("address".into(), Value::Object(a));
        }
        let mut email = Map::new();
        email.insert("email".into(), json!(self.email.0));
        put(&mut email, "optIn", self.email.1.map(Value::Bool), n);
        buyer.insert("emailAddress".into(), Value::Object(email));
        let mut m = Map::new();
        m.insert("listing".into(), Value::Object(listing));
        m.insert("buyer".into(), Value::Object(buyer));
        m.insert(
            "settlement".into(),
            json!({
                "totalAmountPaid": number(&self.settlement.0),
                "amountToSeller": number(&self.settlement.1),
            }),
        );
        put(&mut m, "asyncCallbackUrl", text(&self.callback), false);
        Value::Object(m)
    }

    fn amounts(&self) -> Vec<&str> {
        let mut a: Vec<&str> = [&self.listing.2, &self.listing.3]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        for (_, p, f) in &self.tokens {
            a.extend([p, f].into_iter().flatten().map(String::as_str));
        }
        a.extend([self.settlement.0.as_str(), self.settlement.1.as_str()]);
        a
    }
}

/// Every amount of an accepted cart in `currency` is exactly what its
/// digits say, and written back reads the same.
fn check_amount(a: &Amount, currency: Currency) -> Result<Option<Money>, TestCaseError> {
    let m = a.to_money(currency);
    let expected = reference_minor(a.as_str(), currency.exponent());
    prop_assert_eq!(m.as_ref().ok().map(|m| m.minor), expected, "{:?} in {}", a, currency);
    if let Ok(m) = m {
        prop_assert_eq!(Amount::from_money(m).to_money(currency), Ok(m));
    }
    Ok(m.ok())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn paciolan_carts_round_trip_and_price_their_tickets(
        model in cart_model(),
        edits in edits(),
    ) {
        let body = apply_edits(&model.json(), &edits);
        let text = String::from_utf8_lossy(&body);
        let parsed = serde_json::from_str::<Cart>(&text);
        if edits.is_empty() {
            let valid = model.amounts().iter().all(|a| amount_text_ok(a));
            prop_assert_eq!(parsed.is_ok(), valid, "{:?}", parsed);
        }
        let Ok(cart) = parsed else { return Ok(()) };
        if edits.is_empty() {
            // The exact text of every amount is kept.
            let mut kept: Vec<&str> = [&cart.listing.total_price, &cart.listing.total_fees]
                .into_iter()
                .flatten()
                .map(Amount::as_str)
                .collect();
            for t in &cart.listing.tokens {
                kept.extend([&t.individual_price, &t.individual_fees].into_iter().flatten().map(Amount::as_str));
            }
            kept.extend([cart.settlement.total_amount_paid.as_str(), cart.settlement.amount_to_seller.as_str()]);
            prop_assert_eq!(kept, model.amounts());
            prop_assert_eq!(&cart.listing.external_order_id, &model.listing.1);
            prop_assert_eq!(&cart.buyer.middle_initial, &model.names.1);
            prop_assert_eq!(cart.buyer.address.is_some(), model.address.is_some());
        }
        let compact = serde_json::to_string(&cart).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let again: Cart = serde_json::from_str(&compact).map_err(|e| TestCaseError::fail(format!("{e}: {compact}")))?;
        prop_assert_eq!(&again, &cart);
        prop_assert_eq!(serde_json::to_string(&again).unwrap(), compact.clone());
        let pretty = serde_json::to_string_pretty(&cart).unwrap();
        prop_assert_eq!(serde_json::from_str::<Cart>(&pretty).ok().as_ref(), Some(&cart));
        prop_assert!(!compact.contains("asyncCallbackUrl"));

        for code in ["USD", "JPY", "KWD"] {
            let c = currency(code);
            for a in [&cart.listing.total_price, &cart.listing.total_fees].into_iter().flatten() {
                check_amount(a, c)?;
            }
            check_amount(&cart.settlement.total_amount_paid, c)?;
            check_amount(&cart.settlement.amount_to_seller, c)?;
            let o = order_from_cart(&cart.listing.external_order_id, &text, c)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(o.platform, Platform::Paciolan);
            prop_assert_eq!(o.status, OrderStatus::InProgress);
            prop_assert_eq!(o.ids.order_number.as_ref(), Some(&cart.listing.external_order_id));
            prop_assert_eq!(o.ids.listing_id.as_ref(), Some(&cart.listing.external_listing_id));
            prop_assert_eq!(o.tickets.len(), cart.listing.tokens.len());
            for (t, token) in o.tickets.iter().zip(&cart.listing.tokens) {
                prop_assert_eq!(&t.id, &token.token);
                let price = match &token.individual_price { Some(a) => check_amount(a, c)?, None => None };
                let fee = match &token.individual_fees { Some(a) => check_amount(a, c)?, None => None };
                let cost = t.cost.as_ref().expect("a cart ticket has a cost");
                prop_assert_eq!((cost.price, cost.fee), (price, fee));
                let sum = price
                    .zip(fee)
                    .and_then(|(p, f)| p.minor.checked_add(f.minor))
                    .map(|minor| Money::new(minor, c));
                prop_assert_eq!(cost.total, sum);
            }
        }
    }

    #[test]
    fn the_sandbox_carts_round_trip(pick in any::<usize>()) {
        let carts: Vec<&Cart> = CATALOGUE.orders.iter().filter_map(|o| o.cart.as_ref()).collect();
        let cart = carts[pick % carts.len()];
        let text = serde_json::to_string(cart).unwrap();
        prop_assert_eq!(&serde_json::from_str::<Cart>(&text).unwrap(), cart);
        let o = order_from_cart(&cart.listing.external_order_id, &text, currency("USD"))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(o.tickets.len(), cart.listing.tokens.len());
    }
}

// ---------------------------------------------------------------------------
// Money.

static CURRENCIES: LazyLock<Vec<Currency>> = LazyLock::new(|| {
    ["RUB", "USD", "JPY", "KWD", "CLF", "XAU", "KZT", "EUR"]
        .map(currency)
        .to_vec()
});

fn any_currency() -> impl Strategy<Value = Currency> {
    prop::sample::select(CURRENCIES.clone())
}

/// Minor units of every size, the extremes most often.
fn minor() -> impl Strategy<Value = i64> {
    prop_oneof![
        4 => any::<i64>(),
        2 => -100_000i64..100_000,
        1 => prop::sample::select(vec![i64::MIN, i64::MIN + 1, -1, 0, 1, i64::MAX - 1, i64::MAX]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn money_round_trips_in_minor_units(m in minor(), c in any_currency()) {
        let money = Money::new(m, c);
        let text = money.to_major_decimal();
        prop_assert_eq!(reference_minor(&text, c.exponent()), Some(m), "{}", text);
        prop_assert_eq!(Money::from_major_decimal(&text, c), Ok(money));
        let amount = Amount::from_str(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(amount.to_money(c), Ok(money));
        prop_assert_eq!(Amount::from_money(money).as_str(), text.as_str());
        // As a Paciolan JSON number, and back.
        let a: Amount = serde_json::from_str(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), text.clone());
        // As Afisha's minor-unit string.
        prop_assert_eq!(Money::from_minor_str(&m.to_string(), c.code()), Ok(money));
        prop_assert_eq!(Money::from_minor_str(&format!(" {m}\t"), c.code()), Ok(money));
        // As the order document writes it.
        let json = serde_json::to_string(&money).unwrap();
        prop_assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), money);
        for locale in ["ru-RU", "en-US", "de-DE"] {
            let shown = money.format(locale);
            prop_assert!(shown.starts_with('-') == (m < 0), "{}", shown);
        }
        prop_assert_eq!(money.to_string(), format!("{text} {c}"));
    }

    #[test]
    fn decimal_text_reads_to_exactly_its_value(
        t in prop_oneof![
            4 => decimal(),
            1 => "[ -]?[0-9.]{0,8}[ a-z]?",
            1 => "\\PC{0,10}",
        ],
        c in any_currency(),
    ) {
        let expected = reference_minor(&t, c.exponent());
        let got = Money::from_major_decimal(&t, c);
        prop_assert_eq!(got.as_ref().ok().map(|m| m.minor), expected, "{:?} in {}", t, c);
        if let Ok(m) = got {
            prop_assert_eq!(m.currency, c);
        }
        if let Ok(a) = Amount::from_str(&t) {
            prop_assert_eq!(a.to_money(c).ok().map(|m| m.minor), expected);
        }
        if let Ok(a) = serde_json::from_str::<Amount>(&t) {
            let json = serde_json::to_string(&a).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(serde_json::from_str::<Amount>(&json).ok(), Some(a));
        }
    }

    #[test]
    fn minor_unit_strings_read_exactly(
        t in prop_oneof![
            3 => minor().prop_map(|m| m.to_string()),
            1 => "[ +-]?[0-9]{0,21}[ .e]?",
            1 => "\\PC{0,8}",
        ],
        code in prop::sample::select(vec!["RUB", "USD", "JPY", "KWD", "XXY", ""]),
    ) {
        let got = Money::from_minor_str(&t, code);
        let known = code.parse::<Currency>().is_ok();
        let expected = reference_minor_units(&t).filter(|_| known);
        prop_assert_eq!(got.as_ref().ok().map(|m| m.minor), expected, "{:?} {}", t, code);
    }
}
