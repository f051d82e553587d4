//! Small constructors that keep the seeded orders readable: a session at a
//! local wall-clock time in its zone, a money amount, a ticket.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::domain::{
    Barcode, Cost, Event, Label, Money, Passes, Seat, Session, Symbology, Ticket, TicketState, Vat,
    Venue,
};

/// A session `days` after `now`'s date, starting at `hh:mm` local time in
/// `zone` and lasting `minutes`.
pub fn session(
    now: DateTime<Utc>,
    zone: &str,
    days: i64,
    hh: u32,
    mm: u32,
    minutes: i64,
) -> Session {
    let tz: Tz = zone.parse().unwrap_or(Tz::UTC);
    let date = now.with_timezone(&tz).date_naive() + Duration::days(days);
    let time = NaiveTime::from_hms_opt(hh, mm, 0).unwrap_or_default();
    // A wall-clock time skipped by a DST change falls back to the hour after.
    let start = tz
        .from_local_datetime(&date.and_time(time))
        .earliest()
        .unwrap_or_else(|| tz.from_utc_datetime(&date.and_time(time)))
        .with_timezone(&Utc);
    Session {
        id: Some(format!("S-{}-{hh:02}{mm:02}", date.format("%Y%m%d"))),
        start,
        end: Some(start + Duration::minutes(minutes)),
        time_zone: zone.to_owned(),
        all_day: false,
    }
}

pub fn event(id: &str, name: &str, rating: Option<&str>, session: Session) -> Event {
    Event {
        id: Some(id.to_owned()),
        name: name.to_owned(),
        rating: rating.map(str::to_owned),
        session: Some(session),
    }
}

pub fn venue(id: &str, name: &str, hall: &str, address: &str, locale: &str) -> Venue {
    Venue {
        id: Some(id.to_owned()),
        name: name.to_owned(),
        hall_id: Some(format!("{id}-{}", hall.len())),
        hall_name: Some(hall.to_owned()),
        address: Some(address.to_owned()),
        locale: locale.to_owned(),
    }
}

pub fn money(minor: i64, code: &str) -> Money {
    // XXX is ISO 4217's "no currency": a typo in the seed shows, not panics.
    let currency = code
        .parse()
        .unwrap_or_else(|_| iso_currency::Currency::XXX.into());
    Money::new(minor, currency)
}

/// A cost with price and fee; the total is their sum.
pub fn cost(price: i64, fee: i64, code: &str) -> Cost {
    Cost {
        price: Some(money(price, code)),
        fee: Some(money(fee, code)),
        total: Some(money(price + fee, code)),
    }
}

/// The sum of the costs of `tickets`, as the order total.
pub fn sum(tickets: &[Ticket], code: &str) -> Cost {
    let add = |f: fn(&Cost) -> Option<Money>| {
        tickets
            .iter()
            .filter_map(|t| t.cost.as_ref().and_then(f))
            .map(|m| m.minor)
            .sum::<i64>()
    };
    let price = add(|c| c.price);
    let fee = add(|c| c.fee);
    cost(price, fee, code)
}

/// What varies between the seeded tickets; everything else is defaulted.
pub struct TicketSpec<'a> {
    pub id: &'a str,
    pub barcode: Option<(&'a str, Symbology)>,
    pub row: Option<&'a str>,
    pub place: Option<&'a str>,
    pub level: &'a str,
    pub category: &'a str,
    pub price: i64,
    pub fee: i64,
    pub currency: &'a str,
    pub vat: Option<Vat>,
}

pub fn ticket(spec: TicketSpec<'_>) -> Ticket {
    let admission = spec.row.is_none() && spec.place.is_none();
    Ticket {
        id: spec.id.to_owned(),
        barcode: spec.barcode.map(|(value, symbology)| Barcode {
            value: value.to_owned(),
            symbology,
        }),
        seat: Seat {
            // The hall's own seat id, distinct from the ticket id, as the
            // partner's `/order-info` request asks for it in `seatId`.
            id: spec
                .row
                .zip(spec.place)
                .map(|(r, p)| format!("seat-{r}-{p}")),
            admission,
            section: None,
            row: spec.row.map(str::to_owned),
            place: spec.place.map(str::to_owned),
        },
        level: Some(Label {
            id: Some(format!("L-{}", spec.level.chars().count())),
            name: Some(spec.level.to_owned()),
            description: None,
        }),
        category: Some(Label {
            id: Some(format!("C-{}", spec.category.chars().count())),
            name: Some(spec.category.to_owned()),
            description: None,
        }),
        price_type: Some("REGULAR".to_owned()),
        cost: Some(cost(spec.price, spec.fee, spec.currency)),
        vat: spec.vat,
        holder: None,
        access_id: None,
        passes: Passes::default(),
        organizer_info: None,
        state: TicketState::Valid,
        untyped_barcode: None,
    }
}

/// A valid EAN-13 from its first twelve digits (the check digit is computed,
/// so the seeded barcodes scan).
pub fn ean13(first12: &str) -> String {
    let sum: u32 = first12
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    format!("{first12}{}", (10 - sum % 10) % 10)
}

#[cfg(test)]
mod tests {
    #[test]
    fn ean13_check_digit() {
        assert_eq!(super::ean13("400638133393"), "4006381333931");
        assert_eq!(super::ean13("460000000001"), "4600000000015");
    }
}
