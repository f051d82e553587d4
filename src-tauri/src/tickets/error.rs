//! The one error type of the ticket renderer. Every message is written for a
//! cashier at the counter: what is wrong, in the order's own terms (order
//! number, ticket id, the barcode value), and what to do next.

use crate::domain::{OrderStatus, Symbology};

use super::stock::Stock;

impl TicketError {
    pub(crate) fn write(e: std::io::Error) -> TicketError {
        TicketError::Write {
            detail: e.to_string(),
        }
    }
}

/// Why an order, a form or a ticket was not printed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TicketError {
    /// The order is fine, but nothing is to be printed for it.
    #[error("{reason}")]
    NothingToPrint { reason: NoPrintReason },

    /// A barcode the platform sent cannot be printed as it is.
    #[error("the {} barcode “{value}” {problem}", symbology_name(*symbology))]
    Barcode {
        symbology: Symbology,
        value: String,
        problem: BarcodeProblem,
    },

    /// A ticket that must carry the platform's barcode has none.
    #[error(
        "the ticket has no barcode from {platform}, so a gate could not scan it: look the order \
         up again, and if the barcode is still missing ask {platform} support to reissue the ticket"
    )]
    MissingBarcode { platform: String },

    /// The platform sent a barcode without saying which symbology it is.
    #[error(
        "{platform} sent the barcode “{value}” without saying how to encode it (its barcode \
         type is missing or undefined), and guessing could print a code the gates cannot read: \
         look the order up again, and if it stays so ask {platform} support to reissue the ticket"
    )]
    UntypedBarcode { platform: String, value: String },

    /// Two tickets of one order carry the same code: the gate would let one
    /// of them in. The first prints; the others wait for the platform.
    #[error(
        "{platform} gave this ticket the same code as ticket {first}, so a gate would let only          one of them in: it is not printed; ask {platform} support to reissue it, quoting the          order"
    )]
    RepeatedCode { platform: String, first: String },

    /// An order form (Afisha attachment type ORDER) must name the organizer.
    #[error(
        "order {order} is printed as one order form, which must carry the organizer's details, \
         but {platform} sent none: look the order up again, and if they are still missing ask \
         {platform} support"
    )]
    MissingOrganizerInfo { order: String, platform: String },

    /// The PDF could not be written where it was going (a full disk, a
    /// folder that went away).
    #[error(
        "the tickets' PDF could not be written ({detail}): free some space or choose another place, and try again"
    )]
    Write { detail: String },

    /// Every printable ticket was refused; the reasons are listed.
    #[error(
        "no ticket of order {order} could be printed: {}",
        list_refused(refused)
    )]
    AllRefused {
        order: String,
        refused: Vec<RefusedTicket>,
    },

    /// Reprints are counted from 1 (the first print is not a reprint).
    #[error("reprint numbers start at 1; the first print of an order is not a reprint")]
    InvalidReprint,

    /// A platform's JSON given to `render` is not what its page specifies.
    #[error("this is not a valid {format}: {detail}")]
    BadInput {
        format: &'static str,
        detail: String,
    },

    /// A stock name that is not one of the supported ones.
    #[error("“{0}” is not a ticket stock (thermal-80, boca, a4 or letter)")]
    UnknownStock(String),
}

/// A ticket that was left out of the PDF, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedTicket {
    pub ticket_id: String,
    pub error: TicketError,
}

impl RefusedTicket {
    /// One line for the cashier: `ticket AF-1012-1: the EAN-13 barcode …`.
    pub fn message(&self) -> String {
        format!("ticket {}: {}", self.ticket_id, self.error)
    }
}

impl std::fmt::Display for RefusedTicket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

fn list_refused(refused: &[RefusedTicket]) -> String {
    refused
        .iter()
        .map(RefusedTicket::message)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why an order prints nothing at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoPrintReason {
    /// Afisha attachment type NONE: the order is collected without paper.
    #[error(
        "nothing to print: order {order_number} is collected without a printed form; {}",
        collect_hint(code_word.as_deref(), order_number)
    )]
    NoAttachment {
        order_number: String,
        code_word: Option<String>,
    },
    /// The order is not sold (not Completed or Partial).
    #[error("nothing to print: order {order} is {} — {}", status_word(*status, platform_status.as_deref()), status_advice(*status))]
    NotSold {
        order: String,
        status: OrderStatus,
        platform_status: Option<String>,
    },
    /// The order holds no tickets (for example a concessions-only order).
    #[error("nothing to print: order {order} has no tickets (a concessions-only order has none)")]
    NoTickets { order: String },
    /// Every ticket was refunded or failed at the platform.
    #[error(
        "nothing to print: every ticket of order {order} was refunded ({refunded}) or failed at \
         the platform ({failed}); such tickets are never printed"
    )]
    NoPrintableTickets {
        order: String,
        refunded: usize,
        failed: usize,
    },
}

fn collect_hint(code_word: Option<&str>, order_number: &str) -> String {
    match code_word {
        Some(w) if !w.trim().is_empty() => format!(
            "the customer collects it by the code word “{w}” or the order number {order_number}"
        ),
        _ => format!("the customer collects it by the order number {order_number}"),
    }
}

fn status_word(status: OrderStatus, platform: Option<&str>) -> String {
    let ours = match status {
        OrderStatus::Created => "created but not held",
        OrderStatus::Reserved => "reserved, not paid",
        OrderStatus::Booked => "booked for payment at the counter",
        OrderStatus::InProgress => "in progress, not completed",
        OrderStatus::Pending => "still being completed by the platform",
        OrderStatus::Completed => "sold",
        OrderStatus::Partial => "partly sold",
        OrderStatus::Failed => "failed at the platform",
        OrderStatus::Cancelled => "cancelled",
        OrderStatus::Unknown => "in a state the platform did not name",
    };
    match platform {
        Some(p) if !p.is_empty() => format!("{ours} ({p})"),
        _ => ours.to_owned(),
    }
}

fn status_advice(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::Booked => "take the payment and complete the order, then print",
        OrderStatus::Created | OrderStatus::Reserved | OrderStatus::InProgress => {
            "complete the sale first, then print"
        }
        OrderStatus::Pending => {
            "wait for the platform to finish, look the order up again, then print"
        }
        OrderStatus::Failed => "the sale did not go through; tell the customer and sell again",
        OrderStatus::Cancelled => "its tickets are void; do not admit on it",
        OrderStatus::Unknown => "look the order up again before printing",
        OrderStatus::Completed | OrderStatus::Partial => "print it",
    }
}

/// What is wrong with a barcode value, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BarcodeProblem {
    #[error(
        "is empty: look the order up again, and if it stays empty ask the platform to reissue the ticket"
    )]
    Empty,
    #[error(
        "has a wrong check digit ({found}; its first twelve digits call for {expected}), so it \
         would not scan: ask the platform to reissue the ticket"
    )]
    WrongCheckDigit { expected: char, found: char },
    #[error(
        "has {found} digits, but an EAN-13 has exactly 13: ask the platform to reissue the ticket"
    )]
    WrongLength { found: usize },
    #[error(
        "contains “{ch}”, but this symbology holds digits only: ask the platform to reissue the ticket"
    )]
    NotDigit { ch: char },
    #[error(
        "has an odd number of digits ({found}); Interleaved 2 of 5 encodes digits in pairs and \
         padding would print a different number: ask the platform to reissue the ticket"
    )]
    OddDigits { found: usize },
    #[error(
        "contains “{ch}”, which Code 128 cannot hold (printable ASCII only): ask the platform to \
         reissue the ticket"
    )]
    Unencodable { ch: char },
    #[error(
        "is too long for this symbology ({found} {unit}; at most {limit}): ask the platform to reissue the ticket"
    )]
    TooLong {
        found: usize,
        limit: usize,
        unit: &'static str,
    },
    #[error(
        "does not fit the {stock} stock at a size gates can scan: print this order on A4 or Letter"
    )]
    TooWide { stock: Stock },
}

/// The name a cashier knows a symbology by.
pub fn symbology_name(s: Symbology) -> &'static str {
    match s {
        Symbology::Ean13 => "EAN-13",
        Symbology::QrCode => "QR",
        Symbology::Code128 => "Code 128",
        Symbology::Interleaved2of5 => "Interleaved 2 of 5",
        Symbology::Pdf417 => "PDF417",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_order_and_the_way_out() {
        let e = TicketError::NothingToPrint {
            reason: NoPrintReason::NoAttachment {
                order_number: "1004-3300".into(),
                code_word: Some("МЕТЕЛЬ".into()),
            },
        };
        let m = e.to_string();
        assert!(m.contains("1004-3300") && m.contains("“МЕТЕЛЬ”"), "{m}");

        let e = TicketError::NothingToPrint {
            reason: NoPrintReason::NotSold {
                order: "1008-2020".into(),
                status: OrderStatus::Booked,
                platform_status: Some("BOOKED".into()),
            },
        };
        let m = e.to_string();
        assert!(
            m.contains("BOOKED") && m.contains("take the payment"),
            "{m}"
        );

        let r = RefusedTicket {
            ticket_id: "AF-1012-1".into(),
            error: TicketError::Barcode {
                symbology: Symbology::Ean13,
                value: "4601234500125".into(),
                problem: BarcodeProblem::WrongCheckDigit {
                    expected: '8',
                    found: '5',
                },
            },
        };
        let m = r.message();
        assert!(
            m.starts_with("ticket AF-1012-1: the EAN-13 barcode “4601234500125”"),
            "{m}"
        );
        assert!(m.contains("reissue"), "{m}");
    }
}
