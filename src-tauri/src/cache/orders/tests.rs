//! The cache's writes: upserts, the order that never moves backwards, and
//! batches with the same order more than once.

use super::*;
use crate::domain::{Barcode, Customer, Event, OrderIds, Symbology, Ticket};

pub(crate) fn order(id: &str, number: &str, code: &str, barcode: &str) -> Order {
    let mut o = Order::new(Platform::Afisha, id, OrderStatus::Completed);
    o.ids = OrderIds {
        order_number: Some(number.into()),
        code_word: Some(code.into()),
        ..OrderIds::default()
    };
    o.event = Some(Event {
        id: None,
        name: "Бриллиантовая рука".into(),
        rating: None,
        session: None,
    });
    o.customer = Some(Customer {
        first_name: Some("Анна".into()),
        last_name: Some("Щербакова".into()),
        email: Some("anna.shcherbakova@example.ru".into()),
        phone: Some("+7 (916) 555-12-34".into()),
    });
    let mut t = Ticket::new(format!("{id}-T1"));
    t.barcode = Some(Barcode {
        value: barcode.into(),
        symbology: Symbology::Ean13,
    });
    o.tickets.push(t);
    o
}

/// The one number `sql` selects.
fn count(c: &Cache, sql: &str) -> i64 {
    c.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn cache() -> (tempfile::TempDir, Cache) {
    let dir = tempfile::tempdir().unwrap();
    let c = Cache::open_in(dir.path()).unwrap();
    (dir, c)
}

#[test]
fn stores_and_reads_back_an_order_compressed() {
    let (_d, c) = cache();
    let o = order("A1", "1001-2002", "ЁЛКА", "4600000000017");
    c.put_order(&o, Some("afisha-main")).unwrap();
    assert_eq!(c.get_order(Platform::Afisha, "A1").unwrap(), Some(o));
    assert_eq!(c.get_order(Platform::Vista, "A1").unwrap(), None);
    let kind: String = c
        .connection()
        .query_row("SELECT typeof(document) FROM orders", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kind, "blob");
    assert_eq!(
        c.order_profile(Platform::Afisha, "A1").unwrap().as_deref(),
        Some("afisha-main")
    );
}

#[test]
fn a_cached_order_never_moves_backwards() {
    let (_d, c) = cache();
    let mut sold = order("A1", "1", "W", "4600000000017");
    c.put_order(&sold, None).unwrap();
    let mut older = sold.clone();
    older.status = OrderStatus::InProgress;
    older.tickets.clear();
    assert_eq!(
        c.put_order(&older, None).unwrap(),
        Stored::KeptCached(OrderStatus::Completed)
    );
    let kept = c.get_order(Platform::Afisha, "A1").unwrap().unwrap();
    assert_eq!(
        (kept.status, kept.tickets.len()),
        (OrderStatus::Completed, 1)
    );
    // The platform's newer word wins: a refund cancels the sold order.
    sold.status = OrderStatus::Cancelled;
    assert_eq!(c.put_order(&sold, None).unwrap(), Stored::Replaced);
    use OrderStatus as S;
    assert!(replaces(S::InProgress, S::Pending) && !replaces(S::Pending, S::InProgress));
    assert!(replaces(S::Failed, S::InProgress) && !replaces(S::Cancelled, S::Completed));
    assert!(replaces(S::Booked, S::Completed) && replaces(S::Completed, S::Partial));
}

#[test]
fn a_batch_is_written_whole_and_a_removed_connection_takes_its_orders() {
    let (_d, c) = cache();
    let batch: Vec<_> = (0..50)
        .map(|i| {
            let o = order(&format!("B{i}"), &format!("N{i}"), "W", &format!("X{i}"));
            (c.prepare(&o).unwrap(), Some("p1".to_owned()))
        })
        .collect();
    c.put_batch(&PreparedBatch::new(batch)).unwrap();
    c.put_order(&order("K", "NK", "W", "XK"), Some("p2"))
        .unwrap();
    assert_eq!(c.order_count().unwrap(), 51);
    assert_eq!(c.delete_orders_of("p1").unwrap(), 50);
    assert_eq!(c.order_count().unwrap(), 1);
    let keys = count(&c, "SELECT count(*) FROM lookup_keys");
    assert!(
        keys > 0 && keys < 10,
        "the removed orders' keys went too: {keys}"
    );
}

#[test]
fn an_order_twice_in_one_batch_keeps_only_the_later_copys_keys() {
    let (_d, c) = cache();
    let first = order("D1", "N1", "W", "4600000000017");
    let later = order("D1", "N1", "W", "4600000000024");
    let others: Vec<_> = (0..3)
        .map(|i| order(&format!("E{i}"), &format!("M{i}"), "W", &format!("Y{i}")))
        .collect();
    let batch: Vec<_> = [&others[0], &first, &others[1], &later, &others[2]]
        .into_iter()
        .map(|o| (c.prepare(o).unwrap(), None))
        .collect();
    let stored = c.put_batch(&PreparedBatch::new(batch)).unwrap();
    assert!(
        stored
            .iter()
            .all(|s| matches!(s, Stored::Written | Stored::Replaced))
    );
    assert_eq!(c.order_count().unwrap(), 4);
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM lookup_keys WHERE key = '4600000000017'"
        ),
        0,
        "the first copy's barcode went with it"
    );
    assert_eq!(c.find_orders("4600000000024", 5).unwrap().len(), 1);
    for o in &others {
        let b = &o.tickets[0].barcode.as_ref().unwrap().value;
        assert_eq!(c.find_orders(b, 5).unwrap().len(), 1, "{b}");
    }
    // Every key indexed is listed in its order's row, and the other way round.
    assert_eq!(
        count(&c, "SELECT count(*) FROM lookup_keys"),
        count(&c, "SELECT sum(json_array_length(key_list)) FROM orders")
    );
}

#[test]
fn a_batch_of_orders_each_given_twice_indexes_every_later_copy_and_nothing_else() {
    let (_d, c) = cache();
    // Already cached before the batch: its copy in the batch replaces it.
    c.put_order(&order("K0", "N0", "W", "4600000000000"), None)
        .unwrap();
    let rows: Vec<_> = (0..400)
        .flat_map(|i| {
            let (id, number) = (format!("K{i}"), format!("N{i}"));
            [
                order(&id, &number, "W", &format!("1{i:012}")),
                order(&id, &number, "W", &format!("2{i:012}")),
            ]
        })
        .map(|o| (c.prepare(&o).unwrap(), None))
        .collect();
    let stored = c.put_batch(&PreparedBatch::new(rows)).unwrap();
    assert!(
        stored
            .iter()
            .all(|s| matches!(s, Stored::Written | Stored::Replaced))
    );
    assert_eq!(c.order_count().unwrap(), 400);
    assert_eq!(
        count(&c, "SELECT count(*) FROM lookup_keys"),
        count(&c, "SELECT sum(json_array_length(key_list)) FROM orders")
    );
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM lookup_keys WHERE key LIKE '1%' OR key = '4600000000000'"
        ),
        0,
        "no first copy's barcode stays"
    );
    for i in [0, 1, 199, 399] {
        let later = format!("2{i:012}");
        assert_eq!(c.find_orders(&later, 5).unwrap().len(), 1, "{later}");
    }
}

#[test]
fn a_batch_s_keys_are_in_key_order_whatever_their_orders_order() {
    let (_d, c) = cache();
    let orders = [
        order("B", "N-20", "ZETA", "4600000000024"),
        order("A", "N-10", "ALPHA", "4600000000017"),
        order("C", "N-30", "ALPHA", "4600000000031"),
    ];
    let keys = BatchKeys::of(
        orders
            .iter()
            .map(|o| c.prepare(o).unwrap())
            .collect::<Vec<_>>()
            .iter(),
    );
    let listed = keys.listed();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(listed, sorted);
    // The code word shared by two orders is there once for each.
    assert_eq!(listed.iter().filter(|(k, _)| k == "ALPHA").count(), 2);
}

#[test]
fn an_import_replaces_only_as_its_rule_allows() {
    use crate::cache::{PreparedBatch, Refusal, Replace};
    let (_d, c) = cache();
    let sold = order("A7", "7", "W", "4600000000017");
    c.put_order(&sold, None).unwrap();
    let batch = |o: &crate::domain::Order| PreparedBatch::new(vec![(c.prepare(o).unwrap(), None)]);
    // Without a manager's word nothing cached is replaced.
    let same = batch(&sold);
    assert_eq!(
        c.put_batch_with(&same, Replace::Never).unwrap(),
        vec![Stored::Refused(Refusal::Exists)]
    );
    // With it, a sold order may be refreshed but never get other tickets.
    assert_eq!(
        c.put_batch_with(&same, Replace::KeepingTickets).unwrap(),
        vec![Stored::Replaced]
    );
    let mut other = sold.clone();
    other.tickets[0].id = "NEW-ID".into();
    assert_eq!(
        c.put_batch_with(&batch(&other), Replace::KeepingTickets)
            .unwrap(),
        vec![Stored::Refused(Refusal::TicketsWouldChange {
            sold: true,
            printed: false
        })]
    );
    let kept = c.get_order(Platform::Afisha, "A7").unwrap().unwrap();
    assert_eq!(kept.tickets[0].id, sold.tickets[0].id);
}
