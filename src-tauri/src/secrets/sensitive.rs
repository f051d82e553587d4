//! [`Sensitive`]: a value that must not leak. Its `Debug` prints a mask, it
//! has no `Display`, it refuses to serialise, and its memory is wiped when it
//! is dropped. Reading it takes an explicit `expose()`, which is easy to find
//! in review.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroize;

pub struct Sensitive<T: Zeroize>(T);

impl<T: Zeroize> Sensitive<T> {
    pub fn new(value: T) -> Self {
        Sensitive(value)
    }

    /// The secret itself. Call only where it is handed to its one consumer
    /// (an HTTP header, the keyring).
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T: Zeroize> Drop for Sensitive<T> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl<T: Zeroize + Clone> Clone for Sensitive<T> {
    fn clone(&self) -> Self {
        Sensitive(self.0.clone())
    }
}

impl<T: Zeroize> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sensitive(***)")
    }
}

impl<T: Zeroize> Serialize for Sensitive<T> {
    fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom(
            "a secret cannot be serialised; it lives only in the OS keyring",
        ))
    }
}

/// Read once, from where a person typed it (the window's PIN pad, a
/// connection's token field); it can never be written back.
impl<'de> Deserialize<'de> for Sensitive<String> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Sensitive)
    }
}

impl From<String> for Sensitive<String> {
    fn from(s: String) -> Self {
        Sensitive(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_masked_and_serialising_fails() {
        let s = Sensitive::new("hunter2".to_owned());
        assert_eq!(format!("{s:?}"), "Sensitive(***)");
        assert!(!format!("{:?}", Some(&s)).contains("hunter2"));
        let err = serde_json::to_string(&s).unwrap_err();
        assert!(err.to_string().contains("cannot be serialised"));
        #[derive(Serialize)]
        struct Wrapper {
            token: Sensitive<String>,
        }
        assert!(serde_json::to_string(&Wrapper { token: s.clone() }).is_err());
        assert_eq!(s.expose(), "hunter2");
    }
}
