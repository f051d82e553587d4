//! What can go wrong with the site, sorted by what the counter does about
//! it: the site cannot be reached (work on locally, replay later), the site
//! refused something (say why), or the site's records do not add up (stop
//! and tell the manager).

use crate::cache::CacheError;
use crate::secrets::SecretError;

#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("the site's database at {address} cannot be reached ({detail})")]
    Unreachable { address: String, detail: String },
    #[error("the site's database refused the connection: {0}")]
    Refused(String),
    #[error("the site's database answered an error: {0}")]
    Database(String),
    #[error(
        "the site's database has schema {found}, newer than this Box Office knows ({known}): install the newer Box Office on this counter"
    )]
    TooNew { found: i32, known: i32 },
    #[error(
        "the site's database has schema {found}, older than this Box Office needs ({known}): run `box-office site migrate` as the site's owner"
    )]
    TooOld { found: i32, known: i32 },
    #[error("this counter has not joined a site")]
    NotJoined,
    #[error(
        "the site's print log does not lead to what this counter saw before (entry #{seq}): it was rewritten; run `box-office printlog verify` and call support"
    )]
    ChainRewritten { seq: u64 },
    #[error("site entry #{seq} does not match its hash: the site's print log was changed")]
    ChainBroken { seq: u64 },
    #[error(
        "already printed as an original at counter {counter} ({at}, by {operator}): printing it again is a reprint, which a manager authorises"
    )]
    PrintedElsewhere {
        counter: String,
        operator: String,
        at: String,
    },
    #[error("not printed yet anywhere at the site: print it as the original")]
    NotPrintedAtSite,
    #[error(
        "{counter} is completing this order right now (by {operator}, {state}): it carries on there"
    )]
    CompletingElsewhere {
        counter: String,
        operator: String,
        state: String,
    },
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error(transparent)]
    Secret(#[from] SecretError),
}

impl From<rusqlite::Error> for SiteError {
    fn from(e: rusqlite::Error) -> Self {
        SiteError::Cache(CacheError::Sqlite(e))
    }
}

impl SiteError {
    /// The site could not be asked: the counter works on by itself.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, SiteError::Unreachable { .. })
    }

    /// The site cannot be used now (unreachable, or refusing this counter's
    /// connection, or its password is not in the keyring): the counter
    /// works on by itself and says so.
    pub fn cuts_off(&self) -> bool {
        matches!(
            self,
            SiteError::Unreachable { .. } | SiteError::Refused(_) | SiteError::Secret(_)
        )
    }
}
