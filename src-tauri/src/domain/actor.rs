//! Who did something at the counter, and where: recorded with every
//! completion and every print, so a manager can answer "who sold this, who
//! printed that, at which till".

use serde::{Deserialize, Serialize};

/// An operator at a workstation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    /// The operator's id, when a signed-in operator acted.
    #[specta(type = Option<specta_typescript::Number>)]
    pub operator_id: Option<i64>,
    /// The operator's name as shown in logs; for a command-line run without
    /// a signed-in operator, the system user (`system user alice`).
    pub operator: String,
    /// The till's name (a setting, by default the computer's host name).
    pub workstation: String,
}

/// This till's name when nothing more specific is configured:
/// `BOX_OFFICE_WORKSTATION`, else the computer's host name.
pub fn workstation_name() -> String {
    std::env::var("BOX_OFFICE_WORKSTATION")
        .ok()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| {
            let host = gethostname::gethostname()
                .to_string_lossy()
                .trim()
                .to_owned();
            if host.is_empty() {
                "this computer".to_owned()
            } else {
                host
            }
        })
}

impl Actor {
    /// A command-line run with no operator signed in: the system user is
    /// recorded, so the record still says who.
    pub fn system(workstation: impl Into<String>) -> Actor {
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "unknown".to_owned());
        Actor {
            operator_id: None,
            operator: format!("system user {user}"),
            workstation: workstation.into(),
        }
    }
}
