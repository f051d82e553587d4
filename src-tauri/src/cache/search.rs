//! Finding cached orders from whatever the counter was given, without the
//! network: a scanned or typed key (barcode, order number, code word,
//! ticket id, Paciolan token or access id, Vista transaction number) exact
//! or by its start; a phone number by its last digits whatever the
//! formatting; a customer's name or e-mail, or the event, through the
//! full-text index, case- and accent-insensitive, Cyrillic included.
//!
//! A key that matches exactly finds its order whatever the date (the
//! cashier scanned that very ticket); everything else honours the date and
//! event filters. Results are ranked: exact keys, then phone matches, then
//! keys that start with the text, then orders whose names have the typed
//! words whole, then those whose names only start with them, newest first
//! within each.

mod summary;

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::params;

use super::fold::{fold, normalise_key, phone_key, phone_tail};
use super::index::{KeyKind, day_tag};
use super::{Cache, CacheError};
pub use summary::{Found, MatchedBy, OrderSummary};
use summary::{Row, SUMMARY, matched_by, row};

/// Which sessions to look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Day {
    All,
    /// One day, in each venue's own calendar.
    On(NaiveDate),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub day: Day,
    /// Words the event's name contains (case and accents do not count).
    pub event: Option<String>,
}

impl Filter {
    pub fn all() -> Filter {
        Filter {
            day: Day::All,
            event: None,
        }
    }
}

/// A candidate: its rank (lower is better), its order within the rank,
/// and how it matched.
#[derive(Debug, Clone, Copy)]
struct Hit {
    rank: u8,
    order: usize,
    by: Option<(KeyKind, bool)>,
}

/// How many of the typed words are not whole words of the order's
/// customer or event name.
fn whole_word_misses(typed: &[String], s: &OrderSummary) -> usize {
    let text = fold(&format!(
        "{} {}",
        s.customer_name.as_deref().unwrap_or_default(),
        s.event_name.as_deref().unwrap_or_default()
    ));
    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).collect();
    typed
        .iter()
        .filter(|w| !words.contains(&w.as_str()))
        .count()
}

/// An FTS5 query: each word of `text` whole (or as a prefix), all
/// required, over the name, e-mail and event columns; plus the day's tag
/// when filtering.
fn fts_query(words: &[String], day: Option<&str>, prefix: bool) -> String {
    let star = if prefix { "*" } else { "" };
    let mut q: Vec<String> = words
        .iter()
        .map(|w| {
            format!(
                "{{names contacts event}} : \"{}\"{star}",
                w.replace('"', "")
            )
        })
        .collect();
    if let Some(d) = day {
        q.push(format!("tags : \"{}\"", day_tag(d)));
    }
    q.join(" AND ")
}

/// The words of a text as the index holds them.
fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

impl Cache {
    /// Orders matching `query` (anything a customer says or shows) under
    /// `filter`, at most `limit`. An empty query lists the filter's orders
    /// by session time.
    pub fn find(&self, query: &str, filter: &Filter, limit: usize) -> Result<Found, CacheError> {
        let q = query.trim();
        let day = match filter.day {
            Day::All => None,
            Day::On(d) => Some(d.format("%Y-%m-%d").to_string()),
        };
        let event = filter
            .event
            .as_deref()
            .map(fold)
            .filter(|e| !e.trim().is_empty());
        if q.is_empty() {
            return self.list(day.as_deref(), event.as_deref(), limit);
        }
        let conn = self.connection();
        let mut hits: HashMap<i64, Hit> = HashMap::new();
        let mut add = |rid: i64, hit: Hit| {
            hits.entry(rid)
                .and_modify(|h| {
                    if (hit.rank, hit.order) < (h.rank, h.order) {
                        *h = hit;
                    }
                })
                .or_insert(hit);
        };
        let key = normalise_key(q);
        let mut exact_hits = 0usize;
        if !key.is_empty() {
            let mut exact = conn.prepare_cached(
                "SELECT rid, kind FROM lookup_keys WHERE key = ?1 AND kind <> ?2",
            )?;
            for (i, r) in exact
                .query_map(params![key, KeyKind::Phone.code()], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
                })?
                .enumerate()
            {
                let (rid, kind) = r?;
                exact_hits += 1;
                add(
                    rid,
                    Hit {
                        rank: 0,
                        order: i,
                        by: KeyKind::from_code(kind).map(|k| (k, true)),
                    },
                );
            }
            if key.chars().count() >= 2 {
                let mut prefix = conn.prepare_cached(
                    "SELECT rid, kind FROM lookup_keys
                     WHERE key > ?1 AND key < ?1 || char(1114111) AND kind <> ?3
                     LIMIT ?2",
                )?;
                let rows = prefix.query_map(
                    params![key, (limit * 4) as i64, KeyKind::Phone.code()],
                    |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
                )?;
                for (i, r) in rows.enumerate() {
                    let (rid, kind) = r?;
                    add(
                        rid,
                        Hit {
                            rank: 2,
                            order: i,
                            by: KeyKind::from_code(kind).map(|k| (k, false)),
                        },
                    );
                }
            }
        }
        let phone_like = q
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c));
        if phone_like && let Some(rev) = phone_key(q) {
            let tail = phone_tail(&rev);
            let mut phone = conn.prepare_cached(
                "SELECT rid FROM lookup_keys
                 WHERE key >= ?1 AND key < ?1 || char(1114111) AND kind = ?3 LIMIT ?2",
            )?;
            for (i, r) in phone
                .query_map(
                    params![tail, (limit * 4) as i64, KeyKind::Phone.code()],
                    |r| r.get::<_, i64>(0),
                )?
                .enumerate()
            {
                add(
                    r?,
                    Hit {
                        rank: 1,
                        order: i,
                        by: Some((KeyKind::Phone, false)),
                    },
                );
            }
        }
        let ws = words(q);
        let mut fts_truncated = false;
        // A whole e-mail address found as a key needs no full-text search:
        // its words ("mail", "ru") are in a large share of a big cache, and
        // ranking those costs tens of milliseconds for nothing.
        let whole_email = q.contains('@') && exact_hits > 0;
        if !whole_email && ws.iter().any(|w| w.chars().any(char::is_alphabetic)) {
            // Whole words first, then words that only start with what was
            // typed, newest first within each. Scoring every match instead
            // (bm25) costs tens of milliseconds on a common name in a big
            // cache and orders same-named customers no better.
            let mut fts = conn.prepare_cached(
                "SELECT rowid FROM order_text WHERE order_text MATCH ?1
                 ORDER BY rowid DESC LIMIT ?2",
            )?;
            // One running position across both asks: an order the prefix
            // ask finds again keeps its earlier, better place (see `add`).
            let mut position = 0;
            for prefix in [false, true] {
                let rows: Vec<i64> = fts
                    .query_map(
                        params![fts_query(&ws, day.as_deref(), prefix), (limit + 1) as i64],
                        |r| r.get(0),
                    )?
                    .collect::<Result<_, _>>()?;
                fts_truncated |= rows.len() > limit;
                for rid in rows.into_iter().take(limit) {
                    position += 1;
                    add(
                        rid,
                        Hit {
                            rank: 3,
                            order: position,
                            by: None,
                        },
                    );
                }
                if fts_truncated {
                    break;
                }
            }
        }
        let mut stmt = conn.prepare_cached(&format!("{SUMMARY} WHERE o.rid = ?1"))?;
        let mut ranked: Vec<(Hit, usize, Row)> = Vec::with_capacity(hits.len());
        for (rid, hit) in hits {
            if let Some(found) = stmt.query_map([rid], row)?.next().transpose()? {
                let misses = if hit.rank == 3 {
                    whole_word_misses(&ws, &found.summary)
                } else {
                    0
                };
                ranked.push((hit, misses, found));
            }
        }
        // Within the full-text matches, a name that has the typed words as
        // whole words ("ёлкин" → Ёлкин) comes before one that only starts
        // with them (Ёлкина).
        ranked.sort_by_key(|(h, misses, r)| (h.rank, *misses, h.order, r.summary.id.clone()));
        let mut orders = Vec::new();
        let mut exact_orders = 0;
        let mut truncated = fts_truncated;
        for (hit, _, found) in ranked {
            let exact = hit.rank == 0;
            // An exact key is that very order: no filter hides it.
            if !exact {
                if day.is_some() && found.day != day {
                    continue;
                }
                if let Some(e) = &event
                    && !found
                        .event_key
                        .as_deref()
                        .is_some_and(|k| k.contains(e.as_str()))
                {
                    continue;
                }
            }
            if orders.len() == limit {
                truncated = true;
                break;
            }
            exact_orders += usize::from(exact);
            let mut s = found.summary;
            s.matched_by = Some(match hit.by {
                Some((kind, _)) => matched_by(kind, s.platform),
                None if s
                    .event_name
                    .as_deref()
                    .is_some_and(|n| ws.iter().all(|w| fold(n).contains(w.as_str()))) =>
                {
                    MatchedBy::Event
                }
                None if q.contains('@') => MatchedBy::Email,
                None => MatchedBy::Name,
            });
            orders.push(s);
        }
        Ok(Found {
            exact: exact_orders == 1,
            orders,
            truncated,
        })
    }

    fn list(
        &self,
        day: Option<&str>,
        event: Option<&str>,
        limit: usize,
    ) -> Result<Found, CacheError> {
        let conn = self.connection();
        let mut stmt = conn.prepare_cached(&format!(
            "{SUMMARY}
             WHERE (?1 IS NULL OR o.session_day = ?1)
               AND (?2 IS NULL OR instr(coalesce(o.event_key, ''), ?2) > 0)
             ORDER BY o.session_start IS NULL, o.session_start, o.platform, o.id
             LIMIT ?3"
        ))?;
        let mut orders: Vec<OrderSummary> = stmt
            .query_map(params![day, event, (limit + 1) as i64], row)?
            .map(|r| r.map(|r| r.summary))
            .collect::<Result<_, _>>()?;
        let truncated = orders.len() > limit;
        orders.truncate(limit);
        Ok(Found {
            orders,
            exact: false,
            truncated,
        })
    }

    /// The most recent orders by session time, for the command line's list.
    pub fn list_orders(&self, limit: usize) -> Result<Vec<OrderSummary>, CacheError> {
        Ok(self.list(None, None, limit)?.orders)
    }

    /// Orders matching `query` on every date.
    pub fn find_orders(&self, query: &str, limit: usize) -> Result<Vec<OrderSummary>, CacheError> {
        Ok(self.find(query, &Filter::all(), limit)?.orders)
    }
}

#[cfg(test)]
mod tests;
