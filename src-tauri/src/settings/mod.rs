//! The till's settings: language, printer and stock, how long cached orders
//! are kept and whether contact details are, the idle lock, which till
//! starts (training or real), the workstation's name. One JSON file beside the database
//! (`settings.json`), written atomically, readable and editable by the IT
//! person who installs the till; a setting missing from the file takes its
//! default, so older files keep working.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::domain::actor::workstation_name;
use crate::tickets::Stock;

/// The file's name inside the data directory.
pub const FILE_NAME: &str = "settings.json";

/// The languages of the window (tickets follow the venue's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    En,
    Ru,
}

impl Language {
    /// The language of the system's locale (`LC_ALL`, `LC_MESSAGES`,
    /// `LANG`): Russian for `ru…`, English otherwise.
    pub fn from_system() -> Language {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.trim().is_empty())
            .unwrap_or_default();
        Language::from_locale(&locale)
    }

    pub fn from_locale(locale: &str) -> Language {
        if locale.to_ascii_lowercase().starts_with("ru") {
            Language::Ru
        } else {
            Language::En
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// `None`: follow the system's locale.
    pub language: Option<Language>,
    /// The CUPS queue tickets print to; `None` until one is chosen.
    pub printer: Option<String>,
    pub stock: Stock,
    /// Cached orders are purged this many days after their session ends.
    pub retention_days: u32,
    /// False: no customer e-mail or phone is kept in the cache.
    pub keep_contacts: bool,
    /// Sign the operator out after this many minutes without input.
    pub idle_lock_minutes: u32,
    /// Which till starts: training (`true`) or the real one (`false`), as a
    /// manager last switched it; unset, training while no platform
    /// connection is set up. Only the real till's file has it; the
    /// settings screen does not change it.
    pub training_mode: Option<bool>,
    /// This till's name in the journal and the print log.
    pub workstation: String,
    /// Site mode: printing an original while the site cannot be reached
    /// needs a manager's PIN.
    pub offline_originals_need_manager: bool,
    /// Site mode: how long, in hours, this counter's copy of the operators
    /// signs them in while the site cannot be reached.
    pub offline_sign_in_hours: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: None,
            printer: None,
            stock: Stock::default(),
            retention_days: 30,
            keep_contacts: true,
            idle_lock_minutes: 5,
            training_mode: None,
            workstation: workstation_name(),
            offline_originals_need_manager: false,
            offline_sign_in_hours: 12,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot read the settings file {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the settings file {path} is not valid ({detail}); fix it or delete it to start from the defaults"
    )]
    Invalid { path: PathBuf, detail: String },
    #[error("cannot save the settings in {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Rejected(String),
}

impl Settings {
    /// The window's language: the setting, else the system's.
    pub fn language(&self) -> Language {
        self.language.unwrap_or_else(Language::from_system)
    }

    pub fn path(data_dir: &Path) -> PathBuf {
        data_dir.join(FILE_NAME)
    }

    /// The settings in `data_dir`, or the defaults when there is no file.
    pub fn load(data_dir: &Path) -> Result<Settings, SettingsError> {
        let path = Settings::path(data_dir);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
            Err(source) => return Err(SettingsError::Read { path, source }),
        };
        let s: Settings = serde_json::from_str(&text).map_err(|e| SettingsError::Invalid {
            path: path.clone(),
            detail: e.to_string(),
        })?;
        s.check().map_err(|e| SettingsError::Invalid {
            path,
            detail: e.to_string(),
        })?;
        Ok(s.normalised())
    }

    /// Checks the values, then writes them atomically (a crash leaves the
    /// old file or the new one, never half of either).
    pub fn save(&self, data_dir: &Path) -> Result<Settings, SettingsError> {
        self.check()?;
        let s = self.clone().normalised();
        let path = Settings::path(data_dir);
        let tmp = data_dir.join(format!("{FILE_NAME}.part"));
        let write = |source| SettingsError::Write {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(data_dir).map_err(write)?;
        let text = serde_json::to_string_pretty(&s).map_err(|e| write(std::io::Error::other(e)))?;
        let mut f = std::fs::File::create(&tmp).map_err(write)?;
        f.write_all(text.as_bytes()).map_err(write)?;
        f.sync_all().map_err(write)?;
        std::fs::rename(&tmp, &path).map_err(write)?;
        Ok(s)
    }

    fn check(&self) -> Result<(), SettingsError> {
        let bad = |m: &str| Err(SettingsError::Rejected(m.to_owned()));
        if !(1..=3650).contains(&self.retention_days) {
            return bad("Keep cached orders for 1 to 3650 days after their session.");
        }
        if !(1..=240).contains(&self.idle_lock_minutes) {
            return bad("The idle lock is 1 to 240 minutes.");
        }
        if !(1..=168).contains(&self.offline_sign_in_hours) {
            return bad(
                "Signing in from this counter's copy of the operators lasts 1 to 168 hours.",
            );
        }
        if self.workstation.trim().chars().count() > 60 {
            return bad("A workstation name is at most 60 characters.");
        }
        if let Some(p) = &self.printer
            && (p.trim().is_empty() || p.contains(['/', '\\', '#', ' ']))
        {
            return bad("That is not a printer queue name (see the printer list).");
        }
        Ok(())
    }

    fn normalised(mut self) -> Settings {
        self.workstation = self.workstation.trim().to_owned();
        if self.workstation.is_empty() {
            self.workstation = workstation_name();
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_without_a_file_and_a_round_trip_with_one() {
        let dir = tempfile::tempdir().unwrap();
        let s = Settings::load(dir.path()).unwrap();
        assert_eq!(
            (s.retention_days, s.keep_contacts, s.idle_lock_minutes),
            (30, true, 5)
        );
        assert!(!s.workstation.is_empty());
        let mine = Settings {
            language: Some(Language::Ru),
            printer: Some("BoxOfficeTest".into()),
            stock: Stock::Boca,
            retention_days: 7,
            ..s
        };
        mine.save(dir.path()).unwrap();
        assert_eq!(Settings::load(dir.path()).unwrap(), mine);
        assert!(!dir.path().join("settings.json.part").exists());
    }

    #[test]
    fn the_system_locale_picks_russian_or_english() {
        assert_eq!(Language::from_locale("ru_RU.UTF-8"), Language::Ru);
        assert_eq!(Language::from_locale("en_US.UTF-8"), Language::En);
        assert_eq!(Language::from_locale("C"), Language::En);
    }

    #[test]
    fn older_files_take_defaults_and_wrong_values_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), r#"{"language": "ru"}"#).unwrap();
        let s = Settings::load(dir.path()).unwrap();
        assert_eq!((s.language, s.retention_days), (Some(Language::Ru), 30));
        let bad = Settings {
            retention_days: 0,
            ..Settings::default()
        };
        assert!(matches!(
            bad.save(dir.path()),
            Err(SettingsError::Rejected(_))
        ));
        std::fs::write(dir.path().join(FILE_NAME), "{not json").unwrap();
        let e = Settings::load(dir.path()).unwrap_err();
        assert!(e.to_string().contains("delete it"), "{e}");
    }
}
