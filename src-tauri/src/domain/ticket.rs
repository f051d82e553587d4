//! A ticket as it is printed and scanned: its barcode, its seat (or general
//! admission), its price breakdown and VAT, and whether it may still be printed.
//!
//! The vocabulary follows the widest of the three platforms (Afisha's
//! `SoldTicket` plus Paciolan's seat tokens and passes); names are the
//! provider-neutral ones, and the platform spellings live in `providers`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::money::Cost;

/// The barcode symbologies the platforms ask for (Afisha's `BarcodeType`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, specta::Type,
)]
pub enum Symbology {
    #[serde(rename = "EAN_13")]
    Ean13,
    #[serde(rename = "QR_CODE")]
    QrCode,
    #[serde(rename = "CODE_128")]
    Code128,
    #[serde(rename = "INTERLEAVED_2_OF_5")]
    Interleaved2of5,
    #[serde(rename = "PDF_417")]
    Pdf417,
}

impl Symbology {
    pub const ALL: [Symbology; 5] = [
        Symbology::Ean13,
        Symbology::QrCode,
        Symbology::Code128,
        Symbology::Interleaved2of5,
        Symbology::Pdf417,
    ];

    /// The platform's spelling (`EAN_13`), also used in the order document.
    pub fn as_str(self) -> &'static str {
        match self {
            Symbology::Ean13 => "EAN_13",
            Symbology::QrCode => "QR_CODE",
            Symbology::Code128 => "CODE_128",
            Symbology::Interleaved2of5 => "INTERLEAVED_2_OF_5",
            Symbology::Pdf417 => "PDF_417",
        }
    }

    /// Two-dimensional codes hold any text; linear ones are restricted.
    pub fn is_two_dimensional(self) -> bool {
        matches!(self, Symbology::QrCode | Symbology::Pdf417)
    }
}

/// A value to encode and the symbology to encode it in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, specta::Type)]
pub struct Barcode {
    pub value: String,
    pub symbology: Symbology,
}

/// VAT rates as Afisha names them (`VAT_10_110` is the 10/110 calculated rate
/// used for prepayments).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, specta::Type)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Vat {
    VatNone,
    #[serde(rename = "VAT_0")]
    Vat0,
    #[serde(rename = "VAT_10")]
    Vat10,
    #[serde(rename = "VAT_12")]
    Vat12,
    #[serde(rename = "VAT_18")]
    Vat18,
    #[serde(rename = "VAT_10_110")]
    Vat10of110,
    #[serde(rename = "VAT_12_112")]
    Vat12of112,
    #[serde(rename = "VAT_18_118")]
    Vat18of118,
}

impl Vat {
    /// What is printed on the ticket, in the venue's language.
    pub fn label(self, locale: &str) -> &'static str {
        let ru = locale.starts_with("ru");
        match (self, ru) {
            (Vat::VatNone, true) => "Без НДС",
            (Vat::VatNone, false) => "No VAT",
            (Vat::Vat0, true) => "НДС 0%",
            (Vat::Vat0, false) => "VAT 0%",
            (Vat::Vat10, true) => "НДС 10%",
            (Vat::Vat10, false) => "VAT 10%",
            (Vat::Vat12, true) => "НДС 12%",
            (Vat::Vat12, false) => "VAT 12%",
            (Vat::Vat18, true) => "НДС 18%",
            (Vat::Vat18, false) => "VAT 18%",
            (Vat::Vat10of110, true) => "НДС 10/110",
            (Vat::Vat10of110, false) => "VAT 10/110",
            (Vat::Vat12of112, true) => "НДС 12/112",
            (Vat::Vat12of112, false) => "VAT 12/112",
            (Vat::Vat18of118, true) => "НДС 18/118",
            (Vat::Vat18of118, false) => "VAT 18/118",
        }
    }
}

/// A level (seating area) or a price category, with what the platform calls it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Label {
    pub id: Option<String>,
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Where the holder sits. Admission tickets (no seat binding) carry no row or place.
#[derive(
    Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub struct Seat {
    /// The platform's id of the seat itself (Afisha's `seatId`), which is
    /// not the ticket's id; sent back to the platform where it asks for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// True for a level without seats (general admission).
    pub admission: bool,
    /// Paciolan's `level:section`.
    pub section: Option<String>,
    pub row: Option<String>,
    pub place: Option<String>,
}

/// Links to the platform's own renderings of the ticket, kept for the customer.
#[derive(
    Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub struct Passes {
    pub pdf_url: Option<String>,
    pub mobile_url: Option<String>,
    pub apple_pass_url: Option<String>,
    pub google_pass_url: Option<String>,
}

/// Whether a ticket may be printed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub enum TicketState {
    /// Sold and printable.
    #[default]
    Valid,
    /// Returned to the customer (an Afisha cancel item); never printed.
    Refunded,
    /// The platform did not complete it (a Paciolan 207 error group); never printed.
    Failed,
    /// The platform no longer lists it in a sold order (an Afisha APPROVED
    /// answer without it); never printed, kept so the cashier sees why.
    Withdrawn,
}

/// One admission: a seat or a place in a general-admission level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Ticket {
    /// The platform's ticket id (Paciolan: the seat token).
    pub id: String,
    pub barcode: Option<Barcode>,
    pub seat: Seat,
    pub level: Option<Label>,
    pub category: Option<Label>,
    /// REGULAR, CHILD, PERSON_WITH_SPECIAL_NEEDS, or Paciolan's price type name.
    pub price_type: Option<String>,
    pub cost: Option<Cost>,
    pub vat: Option<Vat>,
    /// The named visitor, where the platform names one.
    pub holder: Option<String>,
    /// Paciolan's access id (what a gate scanner reads with the token).
    pub access_id: Option<String>,
    pub passes: Passes,
    pub organizer_info: Option<String>,
    pub state: TicketState,
    /// A barcode the platform sent without saying how to encode it (Afisha
    /// `barcodeType` absent or `UNDEFINED_BARCODE_TYPE`). Guessing could print
    /// a code the venue's gates cannot read, so this ticket is refused on its
    /// own while the others print.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub untyped_barcode: Option<String>,
}

impl Ticket {
    /// A ticket with only its id; platforms fill the rest.
    pub fn new(id: impl Into<String>) -> Ticket {
        Ticket {
            id: id.into(),
            barcode: None,
            seat: Seat::default(),
            level: None,
            category: None,
            price_type: None,
            cost: None,
            vat: None,
            holder: None,
            access_id: None,
            passes: Passes::default(),
            organizer_info: None,
            state: TicketState::Valid,
            untyped_barcode: None,
        }
    }

    pub fn is_printable(&self) -> bool {
        self.state == TicketState::Valid
    }

    /// "Row 5, seat 12" or "General admission", for lists and receipts.
    pub fn seat_label(&self) -> String {
        if self.seat.admission {
            return "General admission".to_owned();
        }
        let mut parts = Vec::new();
        if let Some(section) = &self.seat.section {
            parts.push(format!("Section {section}"));
        }
        if let Some(row) = &self.seat.row {
            parts.push(format!("Row {row}"));
        }
        if let Some(place) = &self.seat.place {
            parts.push(format!("Seat {place}"));
        }
        if parts.is_empty() {
            "Unassigned".to_owned()
        } else {
            parts.join(", ")
        }
    }
}
