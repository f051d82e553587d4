//! Looking an order up at the counter: the cache answers at once, whatever
//! the network is doing; the date filter's "today" is this till's today.

use chrono::{Local, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Counter, CounterError};
use crate::cache::{Day, Filter, Found};

/// The date filter as the counter chooses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LookupFilter {
    /// `today`, `all`, or a day as `YYYY-MM-DD`.
    pub date: String,
    /// Words of the event's name.
    pub event: Option<String>,
}

impl LookupFilter {
    pub fn all() -> LookupFilter {
        LookupFilter {
            date: "all".to_owned(),
            event: None,
        }
    }

    fn resolve(&self, today: NaiveDate) -> Result<Filter, CounterError> {
        let day = match self.date.trim() {
            "" | "all" => Day::All,
            "today" => Day::On(today),
            d => Day::On(NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                CounterError::InvalidInput(format!(
                    "“{d}” is not a date: use today, all, or YYYY-MM-DD"
                ))
            })?),
        };
        Ok(Filter {
            day,
            event: self.event.clone().filter(|e| !e.trim().is_empty()),
        })
    }
}

impl Counter {
    /// Orders matching what was typed or scanned. Never waits on a
    /// platform: it reads the cache only.
    pub fn lookup(
        &self,
        query: &str,
        filter: &LookupFilter,
        limit: usize,
    ) -> Result<Found, CounterError> {
        let filter = filter.resolve(Local::now().date_naive())?;
        Ok(self.cache.find(query, &filter, limit)?)
    }

    /// The cached orders by session time, at most `limit`.
    pub fn list_orders(
        &self,
        limit: usize,
    ) -> Result<Vec<crate::cache::OrderSummary>, CounterError> {
        Ok(self.cache.list_orders(limit)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_resolve_or_are_refused_in_words() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let f = |d: &str| LookupFilter {
            date: d.into(),
            event: None,
        };
        assert_eq!(f("today").resolve(today).unwrap().day, Day::On(today));
        assert_eq!(f("all").resolve(today).unwrap().day, Day::All);
        assert_eq!(
            f("2026-12-31").resolve(today).unwrap().day,
            Day::On(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap())
        );
        assert!(
            f("tomorrow")
                .resolve(today)
                .unwrap_err()
                .to_string()
                .contains("not a date")
        );
    }
}
