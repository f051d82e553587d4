//! [`Pin`]: an operator's PIN, held in a [`Sensitive`] from the moment it is
//! read, and the Argon2id hashing that is the only thing ever stored.

use std::fmt;

use argon2::password_hash::{Error as HashError, PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, PasswordHash, Version};

use super::OperatorError;
use crate::secrets::Sensitive;

/// An operator's PIN: 4 to 12 digits. Its `Debug` is masked and it cannot be
/// serialised; the digits are wiped from memory when it is dropped.
#[derive(Clone)]
pub struct Pin(Sensitive<String>);

impl Pin {
    pub const MIN_DIGITS: usize = 4;
    pub const MAX_DIGITS: usize = 12;

    /// Checks the PIN's form. Takes the `String` so that the caller's copy
    /// ends up wiped with the `Pin`.
    pub fn new(digits: String) -> Result<Pin, OperatorError> {
        let pin = Pin(Sensitive::new(digits));
        let d = pin.0.expose();
        if (Self::MIN_DIGITS..=Self::MAX_DIGITS).contains(&d.len())
            && d.bytes().all(|b| b.is_ascii_digit())
        {
            Ok(pin)
        } else {
            Err(OperatorError::PinForm)
        }
    }

    /// Whether two entries agree (a new PIN typed twice).
    pub fn same_as(&self, other: &Pin) -> bool {
        self.0.expose() == other.0.expose()
    }

    /// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) with a fresh
    /// random salt.
    pub(crate) fn hash(&self) -> Result<String, OperatorError> {
        let hash = hasher()?
            .hash_password(self.0.expose().as_bytes())
            .map_err(OperatorError::Hashing)?;
        Ok(hash.to_string())
    }

    /// Whether this PIN is the one `phc` was made from. The parameters come
    /// from the stored string, so hashes made with older settings still work.
    pub(crate) fn check(&self, phc: &str) -> Result<Check, OperatorError> {
        let Ok(parsed) = PasswordHash::new(phc) else {
            return Ok(Check::Unreadable);
        };
        match hasher()?.verify_password(self.0.expose().as_bytes(), &parsed) {
            Ok(()) => Ok(Check::Right),
            Err(HashError::PasswordInvalid) => Ok(Check::Wrong),
            Err(e) => Err(OperatorError::Hashing(e)),
        }
    }
}

/// What checking a PIN against a stored hash found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Check {
    Right,
    Wrong,
    /// The stored hash is not a PHC string this program can read.
    Unreadable,
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(***)")
    }
}

/// Argon2id with the OWASP minimum for interactive sign-in: 19 MiB of
/// memory, 2 passes, 1 lane. About 50 ms on a till, which a cashier does not
/// notice and which makes guessing a stolen database's PINs slow.
fn hasher() -> Result<Argon2<'static>, OperatorError> {
    let params =
        Params::new(19 * 1024, 2, 1, None).map_err(|e| OperatorError::Hashing(e.into()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_4_to_12_digits_are_a_pin() {
        for ok in ["0000", "1357", "123456789012"] {
            assert!(Pin::new(ok.into()).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "123",
            "1234567890123",
            "12a4",
            " 1234",
            "１２３４",
            "12-34",
        ] {
            let err = Pin::new(bad.into()).unwrap_err();
            assert!(err.to_string().contains("4 to 12 digits"), "{bad}: {err}");
        }
    }

    #[test]
    fn hashes_with_argon2id_owasp_parameters_and_verifies() {
        let pin = Pin::new("73915046".into()).unwrap();
        let phc = pin.hash().unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(!phc.contains("73915046"));
        assert_eq!(pin.check(&phc).unwrap(), Check::Right);
        let other = Pin::new("73915047".into()).unwrap();
        assert_eq!(other.check(&phc).unwrap(), Check::Wrong);
        // A fresh salt each time: equal PINs do not give equal hashes.
        assert_ne!(phc, pin.hash().unwrap());
        assert_eq!(pin.check("not a phc string").unwrap(), Check::Unreadable);
    }

    #[test]
    fn debug_is_masked() {
        let pin = Pin::new("73915046".into()).unwrap();
        assert_eq!(format!("{pin:?}"), "Pin(***)");
        assert!(!format!("{:?}", Some(&pin)).contains("7391"));
    }
}
