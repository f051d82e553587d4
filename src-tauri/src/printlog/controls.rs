//! The till's controls, recorded in the print log's chain beside the prints:
//! a switch into or out of training, a completion set aside or sent again, a
//! connection removed, orders purged or replaced by an import. Each says
//! who asked, which manager authorised it, at which till, why, and what it
//! touched (the Request-ID of a completion, how many orders), and is as
//! tamper-evident as a print.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::chain::Entry;
use super::{PrintLog, PrintLogError};
use crate::domain::Platform;
use crate::operators::{ManagerApproval, Operator, db_time, parse_db_time};

/// The name recorded when the till acted on its own (the daily purge, the
/// end of a training session noticed at start).
pub const THE_TILL: &str = "Box Office (automatic)";

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum ControlAction {
    /// A manager switched the till into training.
    TrainingStarted,
    /// The till is real again after training.
    TrainingEnded,
    /// A completion that needed attention was set aside after a person
    /// checked with the platform that nothing was sold.
    CompletionSetAside,
    /// A completion that needed attention was sent again, same Request-ID.
    CompletionSentAgain,
    /// A platform connection and its secrets were removed.
    ConnectionRemoved,
    /// Cached orders past retention were removed.
    OrdersPurged,
    /// An import replaced cached orders.
    OrdersReplaced,
}

impl ControlAction {
    pub const ALL: [ControlAction; 7] = [
        ControlAction::TrainingStarted,
        ControlAction::TrainingEnded,
        ControlAction::CompletionSetAside,
        ControlAction::CompletionSentAgain,
        ControlAction::ConnectionRemoved,
        ControlAction::OrdersPurged,
        ControlAction::OrdersReplaced,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ControlAction::TrainingStarted => "training-started",
            ControlAction::TrainingEnded => "training-ended",
            ControlAction::CompletionSetAside => "completion-set-aside",
            ControlAction::CompletionSentAgain => "completion-sent-again",
            ControlAction::ConnectionRemoved => "connection-removed",
            ControlAction::OrdersPurged => "orders-purged",
            ControlAction::OrdersReplaced => "orders-replaced",
        }
    }

    fn parse(s: &str) -> Option<ControlAction> {
        ControlAction::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// A control about to be recorded.
#[derive(Debug, Clone)]
pub struct Control<'a> {
    pub action: ControlAction,
    /// Who asked; `None` when the till acted on its own.
    pub operator: Option<&'a Operator>,
    /// The manager whose PIN authorised it.
    pub authorised_by: Option<&'a ManagerApproval>,
    pub workstation: &'a str,
    /// The order it concerns, if one.
    pub order: Option<(Platform, &'a str, &'a str)>,
    /// The reason as the person wrote it.
    pub reason: Option<&'a str>,
    /// What it touched: a Request-ID and journal number, a connection's
    /// name, how many orders went and which stayed.
    pub detail: Option<String>,
    pub at: DateTime<Utc>,
}

/// A recorded control, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ControlRecord {
    #[specta(type = specta_typescript::Number)]
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub action: ControlAction,
    #[specta(type = Option<specta_typescript::Number>)]
    pub operator_id: Option<i64>,
    pub operator_name: String,
    pub authorised_by_name: Option<String>,
    pub workstation: String,
    pub platform: Option<Platform>,
    pub order_id: Option<String>,
    pub order_number: Option<String>,
    pub reason: Option<String>,
    pub detail: Option<String>,
}

impl PrintLog<'_> {
    /// Appends a control to the chain.
    pub fn append_control(&self, c: &Control<'_>) -> Result<u64, PrintLogError> {
        let workstation = c.workstation.trim();
        if workstation.is_empty() {
            return Err(PrintLogError::Missing("the workstation's name"));
        }
        let manager = c.authorised_by.map(ManagerApproval::manager);
        let entry = Entry {
            kind: "control".into(),
            platform: c.order.map(|(p, _, _)| p.as_str().to_owned()),
            order_id: c.order.map(|(_, id, _)| id.to_owned()),
            order_number: c.order.map(|(_, _, n)| n.to_owned()),
            operator_id: c.operator.map(|o| o.id),
            operator_name: Some(
                c.operator
                    .map_or_else(|| THE_TILL.to_owned(), |o| o.name.clone()),
            ),
            authorised_by_id: manager.map(|m| m.id),
            authorised_by_name: manager.map(|m| m.name.clone()),
            workstation: Some(workstation.to_owned()),
            reason_note: c
                .reason
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_owned),
            outcome: Some(c.action.as_str().to_owned()),
            detail: c.detail.clone(),
            at: db_time(c.at),
            ..Entry::default()
        };
        self.append(entry, |_| Ok(()))
    }

    /// The controls recorded, newest first (at most `limit`).
    pub fn controls(&self, limit: u32) -> Result<Vec<ControlRecord>, PrintLogError> {
        let conn = self.cache.connection();
        let mut stmt = conn.prepare(
            "SELECT seq, at, outcome, operator_id, operator_name, authorised_by_name,
                    workstation, platform, order_id, order_number, reason_note, detail
             FROM print_log WHERE kind = 'control' ORDER BY seq DESC LIMIT ?1",
        )?;
        let mut rows = stmt.query([i64::from(limit)])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let seq = r.get::<_, i64>(0)?.unsigned_abs();
            let bad = |what| PrintLogError::Unreadable { seq, what };
            let at: String = r.get(1)?;
            let action: String = r.get(2)?;
            let platform: Option<String> = r.get(7)?;
            out.push(ControlRecord {
                seq,
                at: parse_db_time(&at).ok_or_else(|| bad("time"))?,
                action: ControlAction::parse(&action).ok_or_else(|| bad("action"))?,
                operator_id: r.get(3)?,
                operator_name: r.get(4)?,
                authorised_by_name: r.get(5)?,
                workstation: r.get(6)?,
                platform: match platform {
                    Some(p) => Some(p.parse().map_err(|_| bad("platform"))?),
                    None => None,
                },
                order_id: r.get(8)?,
                order_number: r.get(9)?,
                reason: r.get(10)?,
                detail: r.get(11)?,
            });
        }
        Ok(out)
    }

    /// The newest control of one of `actions`, if any.
    pub fn last_control(
        &self,
        actions: &[ControlAction],
    ) -> Result<Option<ControlRecord>, PrintLogError> {
        // Controls are a handful a day: reading them all is cheap.
        Ok(self
            .controls(u32::MAX)?
            .into_iter()
            .find(|c| actions.contains(&c.action)))
    }
}
