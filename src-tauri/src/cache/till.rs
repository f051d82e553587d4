//! Which till a database belongs to. Training has a database of its own in
//! a folder of its own; a database is claimed by the first kind of till to
//! open it, and the other kind refuses it, so a training session can never
//! open the real till's orders, operators or print log, nor the real till
//! training's.

use chrono::Utc;
use rusqlite::OptionalExtension;

use super::{Cache, CacheError};

/// The two kinds of till.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TillKind {
    Real,
    Training,
}

impl TillKind {
    fn as_str(self) -> &'static str {
        match self {
            TillKind::Real => "real",
            TillKind::Training => "training",
        }
    }
}

impl Cache {
    /// Claims the database for `kind`, or refuses it when the other kind
    /// owns it.
    pub fn claim(&self, kind: TillKind) -> Result<(), CacheError> {
        let conn = self.connection();
        conn.execute(
            "INSERT INTO till (id, kind, claimed_at) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO NOTHING",
            [kind.as_str(), &Utc::now().to_rfc3339()],
        )?;
        let owner: Option<String> = conn
            .query_row("SELECT kind FROM till WHERE id = 1", [], |r| r.get(0))
            .optional()?;
        match owner.as_deref() {
            Some(k) if k == kind.as_str() => Ok(()),
            other => Err(CacheError::OtherTill {
                path: self.path().to_owned(),
                owner: other.unwrap_or("unknown").to_owned(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_belongs_to_the_first_kind_of_till_that_opens_it() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open_in(dir.path()).unwrap();
        c.claim(TillKind::Training).unwrap();
        c.claim(TillKind::Training).unwrap();
        let e = c.claim(TillKind::Real).unwrap_err();
        assert!(e.to_string().contains("training"), "{e}");
    }
}
