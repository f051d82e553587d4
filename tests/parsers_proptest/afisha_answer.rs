//! Afisha: /order-info.

use super::*;

#[derive(Debug, Clone)]
pub(crate) struct AfMoney {
    value: String,
    code: String,
}

#[derive(Debug, Clone)]
pub(crate) struct AfTicket {
    id: String,
    barcode: Option<String>,
    barcode_type: Option<String>,
    vat: Option<String>,
    admission: Option<bool>,
    row: Option<String>,
    place: Option<String>,
    labels: (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ),
    pdf_url: Option<String>,
    organizer_info: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct AfSession {
    start: (String, Option<DateTime<Utc>>),
    end: Option<(String, Option<DateTime<Utc>>)>,
    kind: Option<String>,
    timezone: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct AfModel {
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

pub(crate) const AF_STATUSES: &[&str] = &[
    "UNDEFINED_ORDER_STATUS",
    "CREATED",
    "RESERVED",
    "CANCELLED",
    "BOOKED",
    "APPROVED",
];
pub(crate) const AF_ATTACHMENTS: &[&str] =
    &["UNDEFINED_ATTACHMENT_TYPE", "NONE", "ORDER", "TICKETS"];
pub(crate) const AF_BARCODES: &[&str] = &[
    "UNDEFINED_BARCODE_TYPE",
    "EAN_13",
    "QR_CODE",
    "CODE_128",
    "INTERLEAVED_2_OF_5",
    "PDF_417",
];
pub(crate) const AF_VATS: &[&str] = &[
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
pub(crate) const ZONES: &[&str] = &["Europe/Moscow", "Asia/Almaty", "UTC", "America/Los_Angeles"];

/// The page's order status words, as the counter reads them.
pub(crate) fn afisha_status(word: Option<&str>) -> OrderStatus {
    match word {
        Some("CREATED") => OrderStatus::Created,
        Some("RESERVED") => OrderStatus::Reserved,
        Some("CANCELLED") => OrderStatus::Cancelled,
        Some("BOOKED") => OrderStatus::Booked,
        Some("APPROVED") => OrderStatus::Completed,
        _ => OrderStatus::Unknown,
    }
}

pub(crate) fn afisha_symbology(word: Option<&str>) -> Option<Symbology> {
    match word? {
        "EAN_13" => Some(Symbology::Ean13),
        "QR_CODE" => Some(Symbology::QrCode),
        "CODE_128" => Some(Symbology::Code128),
        "INTERLEAVED_2_OF_5" => Some(Symbology::Interleaved2of5),
        "PDF_417" => Some(Symbology::Pdf417),
        _ => None,
    }
}

pub(crate) fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The oracle for Afisha money: an int64 written in decimal digits, with a
/// minus sign or none (not `+`), around which blanks are allowed.
pub(crate) fn reference_minor_units(value: &str) -> Option<i64> {
    let v = value.trim();
    if v.starts_with('+') {
        return None;
    }
    v.parse().ok()
}

pub(crate) fn af_money() -> impl Strategy<Value = AfMoney> {
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

pub(crate) fn af_ticket() -> impl Strategy<Value = AfTicket> {
    (
        prop_oneof![
            4 => prop::sample::select(vec![
                "AF-1001-1", "AF-1001-2", "AF-1007-1", "AF-1007-2", "AF-2001-1", "t1", "t2", "t3",
            ]).prop_map(str::to_owned),
            1 => ident(),
        ],
        prop::option::weighted(
            0.9,
            prop_oneof![
                "[0-9]{13}",
                "[A-Z0-9/ -]{1,20}",
                Just(" ".to_owned()),
                "\\PC{1,10}",
            ],
        ),
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
            |(
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
            )| {
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

pub(crate) fn af_session() -> impl Strategy<Value = AfSession> {
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

pub(crate) fn af_model() -> impl Strategy<Value = AfModel> {
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
pub(crate) fn check_afisha_order(
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
        prop_assert!(matches!(
            t.state,
            TicketState::Valid | TicketState::Refunded
        ));
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
