//! One IPP exchange with CUPS: where a request goes (the scheduler for
//! CUPS-Get-Printers, `/printers/NAME` for a queue and its jobs), the POST
//! itself, and sorting what can go wrong on the way into the cases the
//! cashier must tell apart — CUPS not there, CUPS refusing, or an answer
//! lost after the request left.

use std::sync::atomic::Ordering;
use std::time::Instant;

use ipp::model::Operation;
use reqwest::header::CONTENT_TYPE;
use url::Url;

use super::wire::{self, Request, Response};
use super::{Cups, PrintError, no_such};

impl Cups {
    pub(super) fn request(&self, op: Operation) -> Result<Request, PrintError> {
        Request::new(op, self.next_request.fetch_add(1, Ordering::Relaxed))
    }

    /// The HTTP address of a queue (`…/printers/NAME`) and its `ipp://`
    /// printer-uri.
    pub(super) fn printer_address(&self, name: &str) -> Result<(Url, String), PrintError> {
        if !is_queue_name(name) {
            return Err(no_such(name));
        }
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| PrintError::BadAddress {
                value: self.base.to_string(),
                detail: "it cannot carry a printer path".to_owned(),
            })?
            .pop_if_empty()
            .extend(["printers", name]);
        let http: ipp::prelude::Uri = url.as_str().parse().map_err(|e| PrintError::BadAddress {
            value: url.to_string(),
            detail: format!("{e}"),
        })?;
        let uri = ipp::util::canonicalize_uri(&http).to_string();
        Ok((url, uri))
    }

    /// One IPP exchange: POSTs the request (and document) as
    /// `application/ipp` and reads the answer.
    pub(super) async fn call(
        &self,
        what: &'static str,
        url: Url,
        req: Request,
        document: &[u8],
    ) -> Result<Response, PrintError> {
        let started = Instant::now();
        let sent = self
            .http
            .post(url)
            .header(CONTENT_TYPE, "application/ipp")
            .body(req.encode(document))
            .send()
            .await;
        let resp = match sent {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(what, error = %e, "CUPS request failed");
                return Err(self.transport(&e));
            }
        };
        let status = resp.status();
        let body = resp.bytes().await.map_err(|e| PrintError::NoAnswer {
            address: self.base.to_string(),
            detail: format!("the answer broke off: {e}"),
        })?;
        if !status.is_success() {
            tracing::warn!(what, http = status.as_u16(), "CUPS refused over HTTP");
            return Err(PrintError::Refused {
                status: format!("HTTP {}", status.as_u16()),
                message: match status.as_u16() {
                    401 => "CUPS asks for a login for this".to_owned(),
                    403 => "CUPS does not allow this from this computer".to_owned(),
                    426 => "CUPS requires an encrypted connection (use https://)".to_owned(),
                    _ => status.canonical_reason().unwrap_or("HTTP error").to_owned(),
                },
            });
        }
        let answer = Response::parse(body)?;
        tracing::info!(
            what,
            status = %wire::status_name(answer.status),
            millis = started.elapsed().as_millis() as u64,
            "CUPS exchange"
        );
        Ok(answer)
    }

    fn transport(&self, e: &reqwest::Error) -> PrintError {
        let address = self.base.to_string();
        if e.is_connect() || e.is_builder() {
            let detail = if e.is_timeout() {
                "no connection in time".to_owned()
            } else if e.is_connect() {
                "nothing answers there".to_owned()
            } else {
                e.to_string()
            };
            PrintError::CupsUnavailable { address, detail }
        } else if e.is_timeout() {
            PrintError::NoAnswer {
                address,
                detail: "no answer in time".to_owned(),
            }
        } else {
            PrintError::NoAnswer {
                address,
                detail: e.to_string(),
            }
        }
    }
}

/// A CUPS address as a user may write it.
pub(super) fn base_address(value: &str) -> Result<Url, PrintError> {
    let bad = |detail: String| PrintError::BadAddress {
        value: value.to_owned(),
        detail,
    };
    let base = Url::parse(value.trim()).map_err(|e| bad(e.to_string()))?;
    if !matches!(base.scheme(), "http" | "https" | "ipp" | "ipps") || !base.has_host() {
        return Err(bad(
            "it must start with http:// or ipp:// and name a host".to_owned()
        ));
    }
    Ok(base)
}

/// An `ipp://` or `ipps://` address as the `http://` or `https://` URL
/// the requests are posted to, on IPP's port 631 unless one is given.
pub(super) fn over_http(url: Url) -> Url {
    let scheme = match url.scheme() {
        "ipp" => "http",
        "ipps" => "https",
        _ => return url,
    };
    let port = url.port().unwrap_or(631);
    let tail = url.as_str().split_once(':').map_or("", |(_, t)| t);
    let Ok(mut http) = Url::parse(&format!("{scheme}:{tail}")) else {
        // Left as it is, reqwest refuses the scheme as unreachable.
        return url;
    };
    match http.set_port(Some(port)) {
        Ok(()) => http,
        Err(()) => url,
    }
}

/// What CUPS accepts as a queue name (its `validate_name`): at most 127
/// bytes, no spaces, controls, `/ \ ? ' " #`. Checked before the name goes
/// into a URL path, where `..` would climb out of `/printers/`.
fn is_queue_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() < 128
        && name != "."
        && name != ".."
        && !name
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "/\\?'\"#".contains(c))
}

#[cfg(test)]
mod tests {
    use reqwest::Client;

    use super::*;

    fn cups(base: &str) -> Cups {
        Cups::new(Url::parse(base).unwrap(), Client::new())
    }

    #[test]
    fn queues_are_posted_to_their_http_path_and_named_by_an_ipp_uri() {
        let (url, uri) = cups("http://localhost:631")
            .printer_address("Boca")
            .unwrap();
        assert_eq!(url.as_str(), "http://localhost:631/printers/Boca");
        assert_eq!(uri, "ipp://localhost:631/printers/Boca");

        let (url, uri) = cups("ipp://print.local:631/")
            .printer_address("Касса")
            .unwrap();
        assert_eq!(
            url.as_str(),
            "http://print.local:631/printers/%D0%9A%D0%B0%D1%81%D1%81%D0%B0"
        );
        assert_eq!(
            uri,
            "ipp://print.local:631/printers/%D0%9A%D0%B0%D1%81%D1%81%D0%B0"
        );

        assert_eq!(
            cups("ipps://print.local").address().as_str(),
            "https://print.local:631/"
        );
        assert_eq!(
            cups("ipp://print.local:8631/cups/").address().as_str(),
            "http://print.local:8631/cups/"
        );
        assert_eq!(
            cups("http://print.local").address().as_str(),
            "http://print.local/"
        );
    }

    #[test]
    fn names_cups_cannot_have_are_no_such_printer() {
        let c = cups("http://localhost:631");
        for bad in ["", ".", "..", "../admin", "Kassa 2", "a#b", "a?b", "x\ty"] {
            assert_eq!(
                c.printer_address(bad).unwrap_err(),
                PrintError::NoSuchPrinter { name: bad.into() },
                "{bad:?}"
            );
        }
        assert!(c.printer_address("Boca_46-Lemur.2").is_ok());
    }

    #[test]
    fn addresses_are_checked() {
        assert_eq!(
            base_address(" http://localhost:631 ").unwrap().as_str(),
            "http://localhost:631/"
        );
        assert!(base_address("ipp://print.local").is_ok());
        for bad in ["localhost:631", "ftp://print.local", "631", "http://"] {
            let e = base_address(bad).unwrap_err();
            assert!(matches!(e, PrintError::BadAddress { .. }), "{bad}: {e:?}");
        }
    }
}
