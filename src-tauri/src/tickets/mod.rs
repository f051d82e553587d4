//! The ticket renderer: an order in, print-ready PDF tickets out.
//!
//! [`render_order`] decides what an order prints — a page per ticket, one
//! order form, or nothing and why — and lays it out for a [`Stock`]: an
//! 80 mm thermal roll, Boca-style 2 × 5.5 in ticket stock, A4 or US Letter.
//! Barcodes (EAN-13, QR, Code 128, Interleaved 2 of 5, PDF417) are vector
//! shapes on the 203 dpi dot grid with their quiet zones; text is DejaVu
//! Sans, embedded as a subset. A ticket whose barcode cannot be printed is
//! refused on its own, with a message for the cashier, while the others
//! print.
//!
//! Plain Rust with no window types: the app, the CLI (`box-office render`)
//! and the benchmarks call the same function. [`import`] reads the platform
//! JSON the CLI accepts besides the order document.

mod barcode;
mod content;
mod error;
mod fonts;
pub mod import;
mod labels;
mod layout;
mod pdf;
mod stock;
mod text;

#[cfg(test)]
mod schema_file;

use chrono::{DateTime, Utc};

use crate::domain::{AttachmentType, Barcode, Order, Platform, Symbology, Ticket, TicketState};

pub use error::{BarcodeProblem, NoPrintReason, RefusedTicket, TicketError, symbology_name};
pub use stock::Stock;

/// How to render.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderOptions {
    pub stock: Stock,
    /// Set when the order has been printed before: every page carries a
    /// "REPRINT n" mark with the time of the reprint.
    pub reprint: Option<Reprint>,
    /// Set when what is printed is not a valid ticket: every page carries
    /// it across, in English and Russian, at the top and at the foot.
    pub stamp: Option<Stamp>,
    /// Only these tickets (by id); `None` prints every printable ticket.
    /// An order form always covers the whole order.
    pub tickets: Option<Vec<String>>,
}

/// What makes a print not a valid ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamp {
    /// Printed in training.
    Training,
    /// Rendered outside the print log (`box-office render`).
    Copy,
}

impl Stamp {
    /// The words, in English and in Russian.
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            Stamp::Training => ("TRAINING — NOT VALID", "УЧЕБНЫЙ — НЕДЕЙСТВИТЕЛЕН"),
            Stamp::Copy => ("COPY — NOT VALID", "КОПИЯ — НЕДЕЙСТВИТЕЛЬНА"),
        }
    }

    /// Both on one line.
    pub fn both(self) -> String {
        let (en, ru) = self.words();
        format!("{en} · {ru}")
    }
}

/// The n-th reprint of an order (the first print is not a reprint: n ≥ 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reprint {
    pub number: u32,
    pub at: DateTime<Utc>,
}

/// A rendered order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// Tickets left out, each with a message for the cashier.
    pub refused: Vec<RefusedTicket>,
}

/// What [`render_order_to`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub pages: usize,
    /// Tickets left out, each with a message for the cashier.
    pub refused: Vec<RefusedTicket>,
}

/// Renders the order's printable tickets (or its order form) as one PDF.
///
/// Errors when nothing at all can be printed: an order that is not sold, an
/// Afisha order collected without paper (attachment type NONE), an order
/// whose tickets were all returned, an order form that cannot be made, or an
/// order whose every ticket was refused. When only some tickets are refused
/// the others print and [`Rendered::refused`] lists the rest.
pub fn render_order(order: &Order, options: &RenderOptions) -> Result<Rendered, TicketError> {
    let mut pdf = Vec::with_capacity(12 * 1024 + order.tickets.len() * 1024);
    let written = render_order_to(order, options, &mut pdf)?;
    Ok(Rendered {
        pdf,
        pages: written.pages,
        refused: written.refused,
    })
}

/// [`render_order`], writing the PDF to `out` page by page as each is laid
/// out, so memory stays flat however many tickets the order has. Nothing is
/// written when nothing can be printed.
pub fn render_order_to<W: std::io::Write>(
    order: &Order,
    options: &RenderOptions,
    out: W,
) -> Result<Written, TicketError> {
    if options.reprint.is_some_and(|r| r.number == 0) {
        return Err(TicketError::InvalidReprint);
    }
    check_printable(order)?;
    let cx = content::Context::stamped(order, options.reprint.as_ref(), options.stamp);
    let template = options.stock.template();
    let title = format!("{} {}", cx.labels.order, order.display_number());
    let mut pdf = Lazy {
        out: Some(out),
        writer: None,
        title: &title,
        pages: 0,
    };
    let refused = match form_of(order) {
        AttachmentType::Order => {
            for page in order_form(order, &cx, &template)? {
                pdf.page(&page)?;
            }
            Vec::new()
        }
        _ => ticket_pages(order, &cx, &template, options.tickets.as_deref(), &mut pdf)?,
    };
    let pages = pdf.pages;
    if let Some(writer) = pdf.writer {
        writer.finish().map_err(TicketError::write)?;
    }
    Ok(Written { pages, refused })
}

/// The PDF writer, started at the first page.
struct Lazy<'t, W: std::io::Write> {
    out: Option<W>,
    writer: Option<pdf::Writer<W>>,
    title: &'t str,
    pages: usize,
}

impl<W: std::io::Write> Lazy<'_, W> {
    fn page(&mut self, page: &layout::Page) -> Result<(), TicketError> {
        if self.writer.is_none()
            && let Some(out) = self.out.take()
        {
            self.writer = Some(pdf::Writer::new(out, self.title).map_err(TicketError::write)?);
        }
        if let Some(w) = self.writer.as_mut() {
            w.page(page).map_err(TicketError::write)?;
            self.pages += 1;
        }
        Ok(())
    }
}

/// What an order prints as. Only Afisha chooses; Vista and Paciolan orders
/// always print a page per ticket.
fn form_of(order: &Order) -> AttachmentType {
    match order.platform {
        Platform::Afisha => order.attachment,
        Platform::Vista | Platform::Paciolan => AttachmentType::Tickets,
    }
}

fn nothing(reason: NoPrintReason) -> TicketError {
    TicketError::NothingToPrint { reason }
}

/// Refuses an order that prints nothing at all, saying why.
pub fn check_printable(order: &Order) -> Result<(), TicketError> {
    let number = order.display_number().to_owned();
    if !order.status.is_printable() {
        return Err(nothing(NoPrintReason::NotSold {
            order: number,
            status: order.status,
            platform_status: order.platform_status.clone(),
        }));
    }
    if form_of(order) == AttachmentType::None {
        return Err(nothing(NoPrintReason::NoAttachment {
            order_number: number,
            code_word: order.ids.code_word.clone(),
        }));
    }
    if order.tickets.is_empty() {
        return Err(nothing(NoPrintReason::NoTickets { order: number }));
    }
    if order.printable_tickets().next().is_none() {
        let count = |s: TicketState| order.tickets.iter().filter(|t| t.state == s).count();
        return Err(nothing(NoPrintReason::NoPrintableTickets {
            order: number,
            refunded: count(TicketState::Refunded),
            failed: count(TicketState::Failed),
        }));
    }
    Ok(())
}

fn barcode_error(b: &Barcode, problem: BarcodeProblem) -> TicketError {
    TicketError::Barcode {
        symbology: b.symbology,
        value: b.value.clone(),
        problem,
    }
}

/// The code a ticket carries: the platform's barcode, or for Paciolan (whose
/// tickets come without one) the seat token as a QR code — the token is
/// unique per seat, while one access id may cover several seats.
fn ticket_code(order: &Order, t: &Ticket) -> Result<Barcode, TicketError> {
    own_code(order, t)
}

/// The value a ticket's code carries, without building it.
fn code_value<'a>(order: &Order, t: &'a Ticket) -> Option<&'a str> {
    match (&t.barcode, order.platform) {
        (Some(b), _) => Some(&b.value),
        (None, Platform::Paciolan) => Some(&t.id),
        (None, _) => None,
    }
}

/// The printable ticket before `t` that carries the same code, if any.
fn repeated_code<'o>(order: &'o Order, t: &Ticket) -> Option<&'o Ticket> {
    let value = code_value(order, t)?;
    order
        .printable_tickets()
        .take_while(|o| o.id != t.id)
        .find(|o| code_value(order, o) == Some(value))
}

fn repeated_error(order: &Order, first: &Ticket) -> TicketError {
    TicketError::RepeatedCode {
        platform: order.platform.display_name().to_owned(),
        first: first.id.clone(),
    }
}

fn own_code(order: &Order, t: &Ticket) -> Result<Barcode, TicketError> {
    match (&t.barcode, order.platform) {
        (Some(b), _) => Ok(b.clone()),
        (None, Platform::Paciolan) if !t.id.trim().is_empty() => Ok(Barcode {
            value: t.id.clone(),
            symbology: Symbology::QrCode,
        }),
        (None, p) => Err(match &t.untyped_barcode {
            Some(value) => TicketError::UntypedBarcode {
                platform: p.display_name().to_owned(),
                value: value.clone(),
            },
            None => TicketError::MissingBarcode {
                platform: p.display_name().to_owned(),
            },
        }),
    }
}

/// Why ticket `t` of `order` cannot be printed, if it cannot: no barcode,
/// one the platform did not type, or one its symbology cannot encode. The
/// order screen shows it beside the ticket before anyone presses Print.
pub fn ticket_problem(order: &Order, t: &Ticket) -> Option<TicketError> {
    let code = match ticket_code(order, t) {
        Ok(c) => c,
        Err(e) => return Some(e),
    };
    if let Some(first) = repeated_code(order, t) {
        return Some(repeated_error(order, first));
    }
    barcode::check(&code).err().map(|p| barcode_error(&code, p))
}

fn ticket_pages<W: std::io::Write>(
    order: &Order,
    cx: &content::Context<'_>,
    template: &stock::Template,
    only: Option<&[String]>,
    pdf: &mut Lazy<'_, W>,
) -> Result<Vec<RefusedTicket>, TicketError> {
    let mut refused = Vec::new();
    // The first ticket to carry each code; any later one with it is refused.
    let mut first_with: std::collections::HashMap<&str, &Ticket> = std::collections::HashMap::new();
    for t in order.printable_tickets() {
        if let Some(v) = code_value(order, t) {
            first_with.entry(v).or_insert(t);
        }
    }
    let wanted = |t: &&Ticket| only.is_none_or(|ids| ids.contains(&t.id));
    for t in order.printable_tickets().filter(wanted) {
        let first = code_value(order, t)
            .and_then(|v| first_with.get(v))
            .filter(|f| f.id != t.id);
        let page = match first {
            Some(f) => Err(repeated_error(order, f)),
            None => ticket_code(order, t),
        }
        .and_then(|code| {
            barcode::check(&code).map_err(|p| barcode_error(&code, p))?;
            let blocks = content::ticket(cx, t, code.clone());
            layout::ticket(&blocks, template).map_err(|p| barcode_error(&code, p))
        });
        match page {
            // Written now and dropped: only the page being laid out is held.
            Ok(p) => pdf.page(&p)?,
            Err(error) => refused.push(RefusedTicket {
                ticket_id: t.id.clone(),
                error,
            }),
        }
    }
    if pdf.pages == 0 {
        return Err(TicketError::AllRefused {
            order: order.display_number().to_owned(),
            refused,
        });
    }
    Ok(refused)
}

/// Afisha ORDER: one form with the order barcode, or the order number in
/// Code 128 when the platform gives no barcode.
fn order_form(
    order: &Order,
    cx: &content::Context<'_>,
    template: &stock::Template,
) -> Result<Vec<layout::Page>, TicketError> {
    let tickets: Vec<&Ticket> = order.printable_tickets().collect();
    let has_organizer = order
        .organizer_info
        .as_deref()
        .is_some_and(|s| !s.trim().is_empty())
        || tickets.iter().any(|t| {
            t.organizer_info
                .as_deref()
                .is_some_and(|s| !s.trim().is_empty())
        });
    if !has_organizer {
        return Err(TicketError::MissingOrganizerInfo {
            order: order.display_number().to_owned(),
            platform: order.platform.display_name().to_owned(),
        });
    }
    let code = order.order_barcode.clone().unwrap_or_else(|| Barcode {
        value: order.display_number().to_owned(),
        symbology: Symbology::Code128,
    });
    barcode::check(&code).map_err(|p| barcode_error(&code, p))?;
    let blocks = content::order_form(cx, &tickets, code.clone());
    layout::form(&blocks, template, &cx.continued()).map_err(|p| barcode_error(&code, p))
}

#[cfg(test)]
mod tests;
