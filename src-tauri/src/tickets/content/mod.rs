//! What a ticket and an order form say, in the order's language: the event,
//! venue and session time in the venue's zone, the seat, level and category,
//! money formatted for the currency and locale, VAT, the numbers a gate or a
//! cashier looks for, and the organizer. The result is a list of blocks; the
//! layout decides where they go.

use chrono_tz::Tz;

use crate::domain::{Barcode, Cost, Money, Order, Platform, Seat, Ticket, Vat, format};

use super::fonts::{Weight, printable};
use super::labels::{Labels, labels};
use super::layout::{Block, Role};
use super::{Reprint, Stamp};

/// The order-wide facts every page of an order repeats.
pub(crate) struct Context<'a> {
    pub order: &'a Order,
    pub labels: &'static Labels,
    pub locale: &'a str,
    banner: Option<String>,
    stamp: Option<Stamp>,
}

impl<'a> Context<'a> {
    #[cfg(test)]
    pub fn new(order: &'a Order, reprint: Option<&Reprint>) -> Self {
        Context::stamped(order, reprint, None)
    }

    /// Every page of a training print or a copy carries `stamp`.
    pub fn stamped(order: &'a Order, reprint: Option<&Reprint>, stamp: Option<Stamp>) -> Self {
        let locale = order.locale();
        let labels = labels(locale);
        let banner = reprint.map(|r| {
            let at = r.at.with_timezone(&zone(order));
            let mark = format!("REPRINT {} · {}", r.number, format::timestamp(&at, locale));
            match labels.reprint_word {
                Some(word) => format!("{word} · {mark}"),
                None => mark,
            }
        });
        Context {
            order,
            labels,
            locale,
            banner,
            stamp,
        }
    }

    fn money(&self, m: &Money) -> String {
        m.format(self.locale)
    }

    /// `Заказ 1002-7710 — продолжение`, atop continuation pages; a reprint
    /// repeats its mark there, so every page of it shows it.
    pub fn continued(&self) -> String {
        let head = format!(
            "{} {} — {}",
            self.labels.order,
            self.order.display_number(),
            self.labels.continued
        );
        let head = match self.stamp {
            Some(s) => format!("{} · {head}", s.both()),
            None => head,
        };
        match &self.banner {
            Some(mark) => format!("{head} · {}", printable(mark)),
            None => head,
        }
    }
}

/// The venue's zone: the session's, else UTC.
fn zone(order: &Order) -> Tz {
    order.session().map_or(Tz::UTC, |s| s.zone())
}

fn text(s: &str, role: Role, weight: Weight, max_lines: usize) -> Block {
    Block::Text {
        text: printable(s),
        role,
        weight,
        max_lines,
    }
}

/// A label and its value, kept on one line (`Ряд 5`, `Цена 450,00 ₽`):
/// lines break only between the ` · `-separated parts.
fn labelled(label: &str, value: &str) -> String {
    format!("{label}\u{a0}{value}")
}

fn vat_label(v: Vat, locale: &str) -> String {
    v.label(locale).replace(' ', "\u{a0}")
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// Banner, title, venue and session time: the top of every form. A
/// training print or a copy says so first, in English and in Russian.
fn header(cx: &Context<'_>, out: &mut Vec<Block>) {
    if let Some(s) = cx.stamp {
        let (en, ru) = s.words();
        out.push(Block::Banner(en.to_owned()));
        out.push(Block::Banner(ru.to_owned()));
    }
    if let Some(b) = &cx.banner {
        out.push(Block::Banner(printable(b)));
    }
    let o = cx.order;
    if let Some(e) = &o.event {
        let title = match non_empty(e.rating.as_deref()) {
            // No-break spaces keep the rating on the title's last line.
            Some(r) if !e.name.trim().is_empty() => format!("{}\u{a0}·\u{a0}{r}", e.name.trim()),
            _ => e.name.trim().to_owned(),
        };
        if !title.is_empty() {
            out.push(text(&title, Role::Title, Weight::Bold, 3));
        }
    }
    if let Some(v) = &o.venue {
        let place = [non_empty(Some(&v.name)), non_empty(v.hall_name.as_deref())]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
        if !place.is_empty() {
            out.push(text(&place, Role::Body, Weight::Regular, 2));
        }
        if let Some(a) = non_empty(v.address.as_deref()) {
            out.push(text(a, Role::Small, Weight::Regular, 1));
        }
    }
    if let Some(s) = o.session() {
        let when = format::session(s, cx.locale);
        out.push(text(&when, Role::Body, Weight::Bold, 2));
    }
}

/// `Ряд 5 · Место 11`, `Section 1:1 · Row 2 · Seat 101` or `Входной`.
pub(crate) fn seat_text(l: &Labels, seat: &Seat) -> String {
    let mut parts = Vec::new();
    if let Some(s) = non_empty(seat.section.as_deref()) {
        parts.push(labelled(l.section, s));
    }
    if seat.admission {
        parts.push(l.general_admission.to_owned());
        return parts.join(" · ");
    }
    if let Some(r) = non_empty(seat.row.as_deref()) {
        parts.push(labelled(l.row, r));
    }
    if let Some(p) = non_empty(seat.place.as_deref()) {
        parts.push(labelled(l.place, p));
    }
    if parts.is_empty() {
        l.unassigned.to_owned()
    } else {
        parts.join(" · ")
    }
}

/// `Уровень: Партер · Категория: Стандарт · Детский`.
fn level_text(l: &Labels, t: &Ticket) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(n) = non_empty(t.level.as_ref().and_then(|x| x.name.as_deref())) {
        parts.push(format!("{}: {n}", l.level));
    }
    if let Some(n) = non_empty(t.category.as_ref().and_then(|x| x.name.as_deref())) {
        parts.push(format!("{}: {n}", l.category));
    }
    if let Some(p) = t.price_type.as_deref().and_then(|p| l.price_type(p)) {
        parts.push(p);
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// `Цена 450,00 ₽ · Сбор 45,00 ₽ · Итого 495,00 ₽ · Без НДС`; a zero fee is
/// left out.
fn price_text(cx: &Context<'_>, cost: Option<&Cost>, vat: Option<String>) -> Option<String> {
    let l = cx.labels;
    let mut parts = Vec::new();
    if let Some(c) = cost {
        if let Some(p) = &c.price {
            parts.push(labelled(l.price, &cx.money(p)));
        }
        if let Some(f) = c.fee.as_ref().filter(|f| f.minor != 0) {
            parts.push(labelled(l.fee, &cx.money(f)));
        }
        if let Some(t) = &c.total {
            parts.push(labelled(l.total, &cx.money(t)));
        }
    }
    parts.extend(vat);
    (!parts.is_empty()).then(|| parts.join(" · "))
}

fn person(cx: &Context<'_>, t: Option<&Ticket>) -> Option<String> {
    if let Some(h) = non_empty(t.and_then(|t| t.holder.as_deref())) {
        return Some(format!("{}: {h}", cx.labels.visitor));
    }
    let name = cx.order.customer.as_ref()?.full_name()?;
    Some(format!("{}: {name}", cx.labels.customer))
}

fn organizer<'o>(order: &'o Order, t: Option<&'o Ticket>) -> Option<&'o str> {
    non_empty(t.and_then(|t| t.organizer_info.as_deref()))
        .or_else(|| non_empty(order.organizer_info.as_deref()))
}

/// Transaction and access id lines, printed as text where the platform has
/// them (Paciolan's access id is what its gate staff look up by hand).
fn platform_ids(cx: &Context<'_>, t: Option<&Ticket>, out: &mut Vec<Block>) {
    let o = cx.order;
    if let Some(tx) = non_empty(o.ids.transaction_number.as_deref())
        && o.ids.order_number.as_deref() != Some(tx)
        && o.platform == Platform::Paciolan
    {
        out.push(text(
            &labelled(cx.labels.transaction, tx),
            Role::Small,
            Weight::Regular,
            1,
        ));
    }
    if let Some(a) = non_empty(t.and_then(|t| t.access_id.as_deref())) {
        out.push(text(
            &format!("{}: {a}", cx.labels.access_id),
            Role::Body,
            Weight::Bold,
            1,
        ));
    }
}

fn footer(cx: &Context<'_>, t: Option<&Ticket>, out: &mut Vec<Block>) {
    if let Some(c) = non_empty(cx.order.partner_comment.as_deref()) {
        out.push(text(c, Role::Small, Weight::Regular, 2));
    }
    if let Some(org) = organizer(cx.order, t) {
        out.push(text(org, Role::Small, Weight::Regular, 3));
    }
    // Again at the foot, so a torn-off half still says it.
    if let Some(s) = cx.stamp {
        out.push(Block::Banner(s.both()));
    }
}

/// The blocks of one ticket, carrying `code`.
pub(crate) fn ticket(cx: &Context<'_>, t: &Ticket, code: Barcode) -> Vec<Block> {
    let l = cx.labels;
    let mut out = Vec::with_capacity(16);
    header(cx, &mut out);
    out.push(Block::Gap(2.0));
    out.push(text(&seat_text(l, &t.seat), Role::Big, Weight::Bold, 2));
    if let Some(s) = level_text(l, t) {
        out.push(text(&s, Role::Body, Weight::Regular, 2));
    }
    let vat = t.vat.map(|v| vat_label(v, cx.locale));
    if let Some(s) = price_text(cx, t.cost.as_ref(), vat) {
        out.push(text(&s, Role::Body, Weight::Regular, 2));
    }
    if let Some(p) = person(cx, Some(t)) {
        out.push(text(&p, Role::Body, Weight::Regular, 1));
    }
    let ids = format!(
        "{} · {}",
        labelled(l.order, cx.order.display_number()),
        labelled(l.ticket, &t.id)
    );
    out.push(text(&ids, Role::Small, Weight::Regular, 2));
    platform_ids(cx, Some(t), &mut out);
    out.push(Block::Code(code));
    footer(cx, Some(t), &mut out);
    out
}

/// The blocks of an order form: one barcode for the order and a list of the
/// seats it admits.
pub(crate) fn order_form(cx: &Context<'_>, tickets: &[&Ticket], code: Barcode) -> Vec<Block> {
    let l = cx.labels;
    let o = cx.order;
    let mut out = Vec::with_capacity(tickets.len() + 16);
    if cx.banner.is_none() {
        out.push(text(l.order_form, Role::Small, Weight::Bold, 1));
    }
    header(cx, &mut out);
    if cx.banner.is_some() {
        out.push(text(l.order_form, Role::Small, Weight::Bold, 1));
    }
    out.push(text(
        &labelled(l.order, o.display_number()),
        Role::Big,
        Weight::Bold,
        2,
    ));
    if let Some(p) = person(cx, None) {
        out.push(text(&p, Role::Body, Weight::Regular, 1));
    }
    platform_ids(cx, None, &mut out);
    out.push(Block::Code(code));
    out.push(Block::Rule);
    out.push(text(
        &format!("{} ({})", l.seats, tickets.len()),
        Role::Body,
        Weight::Bold,
        1,
    ));
    let vats: Vec<Vat> = dedup(tickets.iter().filter_map(|t| t.vat));
    for t in tickets {
        let mut parts = vec![seat_text(l, &t.seat)];
        let names: Vec<&str> = [
            t.level.as_ref().and_then(|x| x.name.as_deref()),
            t.category.as_ref().and_then(|x| x.name.as_deref()),
        ]
        .into_iter()
        .filter_map(non_empty)
        .collect();
        if !names.is_empty() {
            parts.push(names.join(", "));
        }
        if let Some(total) = t.cost.as_ref().and_then(|c| c.total.as_ref()) {
            parts.push(cx.money(total));
        }
        if vats.len() > 1 {
            parts.extend(t.vat.map(|v| vat_label(v, cx.locale)));
        }
        parts.push(labelled(l.ticket, &t.id));
        out.push(text(&parts.join(" — "), Role::Body, Weight::Regular, 2));
    }
    out.push(Block::Rule);
    let vat = (vats.len() == 1).then(|| vat_label(vats[0], cx.locale));
    if let Some(s) = price_text(cx, order_cost(o, tickets).as_ref(), vat) {
        out.push(text(&s, Role::Body, Weight::Bold, 2));
    }
    footer(cx, None, &mut out);
    out
}

fn dedup(vats: impl Iterator<Item = Vat>) -> Vec<Vat> {
    let mut out: Vec<Vat> = Vec::new();
    for v in vats {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// The printed tickets' own costs added up (a partly sold order's sum may
/// include tickets that failed); the order's sum when a ticket has none.
fn order_cost(o: &Order, tickets: &[&Ticket]) -> Option<Cost> {
    let add = |pick: fn(&Cost) -> Option<Money>| -> Option<Money> {
        let mut it = tickets.iter().map(|t| t.cost.as_ref().and_then(pick));
        let first = it.next()??;
        it.try_fold(first, |acc, m| acc.checked_add(m?).ok())
    };
    match (add(|c| c.price), add(|c| c.total)) {
        (Some(price), Some(total)) => Some(Cost {
            price: Some(price),
            fee: add(|c| c.fee),
            total: Some(total),
        }),
        _ => o.sum.clone(),
    }
}

#[cfg(test)]
mod tests;
