//! What the cache indexes about an order so the counter finds it by
//! anything a customer can say or show: the row's columns (number, event,
//! session day in the venue's zone, customer, ticket count), the lookup
//! keys (ids, numbers, code words, barcodes, tokens, access ids, e-mail,
//! phone digits) and the words of the full-text index (names, e-mail,
//! event, plus a tag for the session's day so "today" filters inside the
//! index).

use chrono::{DateTime, Utc};

use super::fold::{fold, normalise_key, phone_key};
use super::{CacheError, codec};
use crate::domain::{Order, OrderStatus};

/// What a lookup key is, as stored and as reported back ("matched by").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyKind {
    Id,
    OrderNumber,
    CodeWord,
    Transaction,
    Process,
    Barcode,
    Ticket,
    AccessId,
    Email,
    Phone,
}

impl KeyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyKind::Id => "id",
            KeyKind::OrderNumber => "number",
            KeyKind::CodeWord => "word",
            KeyKind::Transaction => "txn",
            KeyKind::Process => "process",
            KeyKind::Barcode => "barcode",
            KeyKind::Ticket => "ticket",
            KeyKind::AccessId => "access",
            KeyKind::Email => "email",
            KeyKind::Phone => "phone",
        }
    }

    /// The kind as the keys' table stores it (migration 7 lists the same
    /// numbers). Stored data: never renumber.
    pub fn code(self) -> i64 {
        match self {
            KeyKind::Id => 1,
            KeyKind::OrderNumber => 2,
            KeyKind::CodeWord => 3,
            KeyKind::Transaction => 4,
            KeyKind::Process => 5,
            KeyKind::Barcode => 6,
            KeyKind::Ticket => 7,
            KeyKind::AccessId => 8,
            KeyKind::Email => 9,
            KeyKind::Phone => 10,
        }
    }

    pub fn from_code(code: i64) -> Option<KeyKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    const ALL: [KeyKind; 10] = [
        KeyKind::Id,
        KeyKind::OrderNumber,
        KeyKind::CodeWord,
        KeyKind::Transaction,
        KeyKind::Process,
        KeyKind::Barcode,
        KeyKind::Ticket,
        KeyKind::AccessId,
        KeyKind::Email,
        KeyKind::Phone,
    ];
}

/// An order ready to be written: its columns, compressed document, keys
/// and index text, all computed before the write transaction opens (so a
/// bulk import can prepare on one core while the other writes).
#[derive(Debug, Clone)]
pub struct Prepared {
    pub platform: &'static str,
    pub id: String,
    pub status: OrderStatus,
    pub status_word: String,
    pub number: String,
    pub event_name: Option<String>,
    pub event_key: Option<String>,
    pub session_start: Option<String>,
    pub session_end: Option<String>,
    pub session_day: Option<String>,
    pub time_zone: Option<String>,
    pub all_day: bool,
    pub customer_name: Option<String>,
    pub ticket_count: i64,
    pub document: Vec<u8>,
    pub keys: Vec<(String, KeyKind)>,
    /// `keys` as the row keeps them: a JSON array of `[key, kind]`.
    pub key_list: String,
    pub names: String,
    pub contacts: String,
    pub event: String,
    pub tags: String,
}

/// The FTS tag of a session day, `d20261125`: a word no name contains.
pub fn day_tag(day: &str) -> String {
    format!("d{}", day.replace('-', ""))
}

fn status_word(s: OrderStatus) -> String {
    // The serde name is the stable spelling.
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Removes the customer's e-mail and phone from `order` and from the
/// platform's raw answer kept with it, for tills set to keep no contact
/// details. A Paciolan cart still to be completed keeps them: the page
/// requires the buyer's phone and e-mail in the request.
pub fn without_contacts(order: &Order) -> Order {
    let mut o = order.clone();
    if matches!(o.status, OrderStatus::InProgress | OrderStatus::Pending) {
        return o;
    }
    if let Some(c) = o.customer.as_mut() {
        c.email = None;
        c.phone = None;
    }
    if let Some(raw) = &o.raw
        && let Ok(v) = raw.parse::<serde_json::Value>()
    {
        let scrubbed = scrub(v);
        o.raw = crate::domain::RawJson::from_serialize(&scrubbed).ok();
    }
    o
}

fn scrub(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    const CONTACT: &[&str] = &[
        "email",
        "phone",
        "phonenumber",
        "emailaddress",
        "number",
        "formattednumber",
    ];
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(k, _)| !CONTACT.contains(&k.to_ascii_lowercase().as_str()))
                .map(|(k, v)| (k, scrub(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(scrub).collect()),
        other => other,
    }
}

/// The keys as the order's row keeps them, for deleting exactly them when
/// the order is replaced or removed.
fn key_list(keys: &[(String, KeyKind)]) -> String {
    use serde_json::Value;
    let pairs = keys
        .iter()
        .map(|(k, kind)| {
            Value::Array(vec![
                Value::String(k.clone()),
                Value::String(kind.as_str().to_owned()),
            ])
        })
        .collect();
    Value::Array(pairs).to_string()
}

/// Everything the cache stores and indexes of `order`.
pub fn prepare(order: &Order) -> Result<Prepared, CacheError> {
    let session = order.session();
    let local_day = session.map(|s| s.local_start().format("%Y-%m-%d").to_string());
    let customer = order.customer.as_ref();
    let mut keys: Vec<(String, KeyKind)> = Vec::new();
    let mut key = |raw: &str, kind| {
        let k = normalise_key(raw);
        if !k.is_empty() {
            keys.push((k, kind));
        }
    };
    key(&order.id, KeyKind::Id);
    let ids = &order.ids;
    for (v, kind) in [
        (&ids.order_number, KeyKind::OrderNumber),
        (&ids.code_word, KeyKind::CodeWord),
        (&ids.process_id, KeyKind::Process),
        (&ids.listing_id, KeyKind::Id),
    ] {
        if let Some(v) = v {
            key(v, kind);
        }
    }
    // Paciolan joins several `season:transaction` numbers with commas.
    for t in ids.transaction_number.iter().flat_map(|t| t.split(',')) {
        key(t, KeyKind::Transaction);
        if let Some((_, number)) = t.split_once(':') {
            key(number, KeyKind::Transaction);
        }
    }
    if let Some(b) = &order.order_barcode {
        key(&b.value, KeyKind::Barcode);
    }
    for t in &order.tickets {
        key(&t.id, KeyKind::Ticket);
        if let Some(b) = &t.barcode {
            key(&b.value, KeyKind::Barcode);
        }
        if let Some(b) = &t.untyped_barcode {
            key(b, KeyKind::Barcode);
        }
        if let Some(a) = &t.access_id {
            key(a, KeyKind::AccessId);
        }
    }
    let email = customer
        .and_then(|c| c.email.as_deref())
        .filter(|e| !e.trim().is_empty());
    if let Some(e) = email {
        key(e.trim(), KeyKind::Email);
    }
    if let Some(p) = customer
        .and_then(|c| c.phone.as_deref())
        .and_then(phone_key)
    {
        keys.push((p, KeyKind::Phone));
    }
    keys.sort_unstable_by(|a, b| (&a.0, a.1.as_str()).cmp(&(&b.0, b.1.as_str())));
    keys.dedup();
    let key_list = key_list(&keys);

    let mut names: Vec<String> = customer.and_then(|c| c.full_name()).into_iter().collect();
    names.extend(order.tickets.iter().filter_map(|t| t.holder.clone()));
    let event_name = order
        .event
        .as_ref()
        .map(|e| e.name.clone())
        .filter(|n| !n.is_empty());
    let mut tags = vec![order.platform.as_str().to_owned()];
    if let Some(day) = &local_day {
        tags.push(day_tag(day));
    }
    Ok(Prepared {
        platform: order.platform.as_str(),
        id: order.id.clone(),
        status: order.status,
        status_word: status_word(order.status),
        number: order.display_number().to_owned(),
        event_key: event_name.as_deref().map(fold),
        event: event_name.as_deref().map(fold).unwrap_or_default(),
        event_name,
        session_start: session.map(|s| rfc3339(s.start)),
        session_end: session.and_then(|s| s.end).map(rfc3339),
        session_day: local_day,
        time_zone: session.map(|s| s.time_zone.clone()),
        all_day: session.is_some_and(|s| s.all_day),
        customer_name: customer.and_then(|c| c.full_name()),
        ticket_count: i64::try_from(order.tickets.len()).unwrap_or(i64::MAX),
        document: codec::encode(order)?,
        keys,
        key_list,
        names: fold(&names.join(" ")),
        contacts: email.map(fold).unwrap_or_default(),
        tags: tags.join(" "),
    })
}

#[cfg(test)]
mod tests {
    use super::KeyKind;

    #[test]
    fn every_kind_has_its_own_stored_number() {
        let mut codes: Vec<i64> = KeyKind::ALL.iter().map(|k| k.code()).collect();
        for k in KeyKind::ALL {
            assert_eq!(KeyKind::from_code(k.code()), Some(k));
        }
        codes.dedup();
        assert_eq!(
            codes,
            (1..=10).collect::<Vec<_>>(),
            "as migration 7 lists them"
        );
        assert_eq!(KeyKind::from_code(0), None);
    }
}
