//! Paciolan: the complete-order answer.

use super::*;

#[derive(Debug, Clone)]
pub(crate) struct PacSeat {
    place: (Option<String>, Option<String>, Option<String>),
    sequence: Option<u32>,
    access_id: Option<String>,
    token: String,
    passes: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct PacEvent {
    name: Option<String>,
    price_level: Option<u32>,
    seats: Vec<PacSeat>,
}

#[derive(Debug, Clone)]
pub(crate) struct PacOffer {
    quantity: Option<u32>,
    codes: (Option<String>, Option<String>, Option<String>),
    event: Option<PacEvent>,
    price_type: Option<Option<String>>,
}

#[derive(Debug, Clone)]
pub(crate) struct PacError {
    kind: Option<String>,
    code: Option<String>,
    message: Option<String>,
    tokens: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct PacModel {
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

pub(crate) const PAC_STATUSES: &[&str] = &["PENDING", "COMPLETE", "ERROR"];

/// Tokens: the sandbox carts' (so failures match cart tickets), a few
/// others, and ones the page forbids (blank, and a repeat once trimmed).
pub(crate) static PAC_TOKENS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut t: Vec<String> = PACIOLAN_ORDERS
        .iter()
        .flat_map(|o| o.tickets.iter().map(|t| t.id.clone()))
        .take(8)
        .collect();
    t.extend(["T1", "T2", "T3", " T1", "", "  "].map(str::to_owned));
    t
});

/// A seat as the cart gives it: section, row, place.
pub(crate) type Place = (Option<String>, Option<String>, Option<String>);

/// Seats: the sandbox carts' places and others.
pub(crate) static PAC_PLACES: LazyLock<Vec<Place>> = LazyLock::new(|| {
    let mut p: Vec<_> = PACIOLAN_ORDERS
        .iter()
        .flat_map(|o| {
            o.tickets.iter().map(|t| {
                (
                    t.seat.section.clone(),
                    t.seat.row.clone(),
                    t.seat.place.clone(),
                )
            })
        })
        .take(8)
        .collect();
    p.push((Some("GA".into()), None, None));
    p.push((Some("GA".into()), Some(String::new()), Some(String::new())));
    p.push((None, None, None));
    p
});

pub(crate) fn pac_token() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(PAC_TOKENS.clone()),
        1 => "[A-Z0-9]{6,17}",
    ]
}

pub(crate) fn pac_seat() -> impl Strategy<Value = PacSeat> {
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

pub(crate) fn pac_offer() -> impl Strategy<Value = PacOffer> {
    (
        prop::option::of(0u32..5),
        (
            opt_text(),
            opt_text(),
            prop::option::of(Just("SINGLE".to_owned())),
        ),
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

pub(crate) fn pac_error() -> impl Strategy<Value = PacError> {
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

pub(crate) fn pac_model() -> impl Strategy<Value = PacModel> {
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
        let tokens_ok = self
            .offers
            .iter()
            .filter_map(|o| o.event.as_ref())
            .flat_map(|e| &e.seats)
            // A repeated token is Paciolan's mistake, not a reason to lose
            // the sale: only an empty one is refused.
            .all(|s| !s.token.trim().is_empty());
        self.process_id
            .as_ref()
            .is_some_and(|p| !p.trim().is_empty())
            && self
                .status
                .as_ref()
                .is_some_and(|s| PAC_STATUSES.contains(&s.as_str()))
            && tokens_ok
    }
}

/// `map::apply` of `r` onto `cart` obeys the page: the processId is kept;
/// PENDING changes nothing else; otherwise there is one valid ticket per
/// sold seat (its token, in the answer's order), the cart's tickets that an
/// error group names stay as failed, `paid` is the exact total, and the
/// status is COMPLETE → completed, nothing sold and no offers → failed,
/// else partial.
pub(crate) fn check_paciolan_apply(
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
    // Each seat's ticket id is its token; a token given again keeps its
    // seat as `token~n`.
    let mut times: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let seats: Vec<String> = r
        .seats()
        .map(|(_, s)| {
            let n = times.entry(s.token.as_str()).or_insert(0);
            *n += 1;
            if *n == 1 {
                s.token.clone()
            } else {
                format!("{}~{n}", s.token)
            }
        })
        .collect();
    let seats: Vec<&str> = seats.iter().map(String::as_str).collect();
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
        prop_assert_eq!(
            t.barcode.as_ref().map(|b| b.value.as_str()),
            Some(s.token.as_str())
        );
        prop_assert_eq!(
            t.barcode.as_ref().map(|b| b.symbology),
            Some(Symbology::QrCode)
        );
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
    prop_assert_eq!(
        o.errors.len(),
        r.errors.len() + usize::from(r.error.is_some())
    );
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
        if edits.is_empty() {
            let seats: usize = model
                .offers
                .iter()
                .filter_map(|o| o.event.as_ref())
                .map(|e| e.seats.len())
                .sum();
            prop_assert_eq!(r.seats().count(), seats);
            // `paid` is read exactly (exponent form included), or left out
            // when it is not a number; it never makes the answer unreadable.
            let want = model
                .paid
                .as_ref()
                .filter(|(_, quoted)| !quoted)
                .and_then(|(t, _)| Amount::from_json_number(t).ok());
            prop_assert_eq!(r.paid.as_ref().map(Amount::as_str), want.as_ref().map(Amount::as_str));
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
