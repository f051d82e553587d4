//! IPP messages as bytes. The `ipp` crate encodes requests and parses
//! answers; this file adds only what Box Office needs on top: the
//! operation attributes it sends, reading an answer's status and groups, and
//! the IPP names of status codes for messages.

use std::io::Cursor;

use bytes::Bytes;
use ipp::attribute::{IppAttribute, IppAttributeGroup, IppAttributeName, IppAttributes};
use ipp::model::{DelimiterTag, IppVersion, Operation, StatusCode};
use ipp::parser::IppParser;
use ipp::reader::IppReader;
use ipp::request::IppRequestResponse;
use ipp::value::{IPP_NAME_LENGTH, IppValue};

use super::error::PrintError;

/// An IPP request under construction: the operation attributes CUPS needs,
/// in the order RFC 8011 requires (the crate puts charset, language,
/// printer-uri and job-id first when encoding).
pub(super) struct Request(IppRequestResponse);

impl Request {
    pub(super) fn new(op: Operation, request_id: i32) -> Result<Request, PrintError> {
        let mut req = IppRequestResponse::new(IppVersion::v1_1(), op, None).map_err(encoding)?;
        req.header_mut().request_id = request_id;
        Ok(Request(req))
    }

    fn add(mut self, name: IppAttributeName, value: IppValue) -> Request {
        self.0.attributes_mut().add(
            DelimiterTag::OperationAttributes,
            IppAttribute::new(name, value),
        );
        self
    }

    pub(super) fn printer_uri(self, uri: &str) -> Result<Request, PrintError> {
        let v = IppValue::new_uri(uri).map_err(encoding)?;
        Ok(self.add(IppAttributeName::PRINTER_URI, v))
    }

    pub(super) fn job_id(self, id: i32) -> Request {
        self.add(IppAttributeName::JOB_ID, IppValue::Integer(id))
    }

    pub(super) fn requesting_user(self, user: &str) -> Result<Request, PrintError> {
        let v = name_value(user)?;
        Ok(self.add(IppAttributeName::REQUESTING_USER_NAME, v))
    }

    pub(super) fn job_name(self, name: &str) -> Result<Request, PrintError> {
        let v = name_value(name)?;
        Ok(self.add(IppAttributeName::JOB_NAME, v))
    }

    pub(super) fn document_format(self, mime: &str) -> Result<Request, PrintError> {
        let v = IppValue::new_mime_media_type(mime).map_err(encoding)?;
        Ok(self.add(IppAttributeName::DOCUMENT_FORMAT, v))
    }

    /// Asks only for what Box Office reads, which keeps CUPS's answers small.
    pub(super) fn requested(self, names: &[&str]) -> Result<Request, PrintError> {
        let words = names
            .iter()
            .map(|n| IppValue::new_keyword(*n))
            .collect::<Result<Vec<_>, _>>()
            .map_err(encoding)?;
        Ok(self.add(
            IppAttributeName::REQUESTED_ATTRIBUTES,
            IppValue::Array(words),
        ))
    }

    /// The message followed by the document, as the HTTP body.
    pub(super) fn encode(&self, document: &[u8]) -> Vec<u8> {
        let head = self.0.to_bytes();
        let mut body = Vec::with_capacity(head.len() + document.len());
        body.extend_from_slice(&head);
        body.extend_from_slice(document);
        body
    }
}

/// Names and job names are at most 255 bytes in IPP; a longer one (a long
/// film title in a job name) is cut at a character boundary, not refused.
fn name_value(s: &str) -> Result<IppValue, PrintError> {
    let mut end = s.len().min(IPP_NAME_LENGTH);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    IppValue::new_name_without_language(&s[..end]).map_err(encoding)
}

fn encoding(e: ipp::parser::IppParseError) -> PrintError {
    PrintError::Protocol {
        detail: format!("the request could not be encoded: {e}"),
    }
}

/// A parsed IPP answer.
#[derive(Debug)]
pub(super) struct Response {
    pub(super) status: i16,
    attributes: IppAttributes,
}

impl Response {
    pub(super) fn parse(body: Bytes) -> Result<Response, PrintError> {
        let parser = IppParser::new(IppReader::new(Cursor::new(body)));
        let (header, attributes, _) = parser.parse_parts().map_err(|e| PrintError::Protocol {
            detail: format!("not an IPP message: {e}"),
        })?;
        Ok(Response {
            status: header.operation_or_status,
            attributes,
        })
    }

    /// successful-ok and its variants (0x0000–0x00FF).
    pub(super) fn is_success(&self) -> bool {
        (0..0x0100).contains(&self.status)
    }

    pub(super) fn is(&self, code: StatusCode) -> bool {
        self.status == code as i16
    }

    pub(super) fn groups(&self, tag: DelimiterTag) -> impl Iterator<Item = &IppAttributeGroup> {
        self.attributes.groups_of(tag)
    }

    /// The status as IPP names it, with CUPS's explanation when it gave one.
    pub(super) fn refusal(&self) -> PrintError {
        let message = self
            .groups(DelimiterTag::OperationAttributes)
            .find_map(|g| text(g, "status-message"))
            .unwrap_or_else(|| "no explanation given".to_owned());
        PrintError::Refused {
            status: status_name(self.status),
            message,
        }
    }
}

/// The keyword RFC 8011 gives a status code, e.g.
/// `client-error-document-format-not-supported`.
pub(super) fn status_name(code: i16) -> String {
    // The prelude brings the crate's FromPrimitive (for `from_i16`).
    use StatusCode::*;
    use ipp::prelude::*;
    let name = match StatusCode::from_i16(code) {
        Some(SuccessfulOk) => "successful-ok",
        Some(SuccessfulOkIgnoredOrSubstitutedAttributes) => {
            "successful-ok-ignored-or-substituted-attributes"
        }
        Some(SuccessfulOkConflictingAttributes) => "successful-ok-conflicting-attributes",
        Some(ClientErrorBadRequest) => "client-error-bad-request",
        Some(ClientErrorForbidden) => "client-error-forbidden",
        Some(ClientErrorNotAuthenticated) => "client-error-not-authenticated",
        Some(ClientErrorNotAuthorized) => "client-error-not-authorized",
        Some(ClientErrorNotPossible) => "client-error-not-possible",
        Some(ClientErrorTimeout) => "client-error-timeout",
        Some(ClientErrorNotFound) => "client-error-not-found",
        Some(ClientErrorGone) => "client-error-gone",
        Some(ClientErrorRequestEntityTooLong) => "client-error-request-entity-too-large",
        Some(ClientErrorRequestValueTooLong) => "client-error-request-value-too-long",
        Some(ClientErrorDocumentFormatNotSupported) => "client-error-document-format-not-supported",
        Some(ClientErrorAttributesOrValuesNotSupported) => {
            "client-error-attributes-or-values-not-supported"
        }
        Some(ClientErrorUriSchemeNotSupported) => "client-error-uri-scheme-not-supported",
        Some(ClientErrorCharsetNotSupported) => "client-error-charset-not-supported",
        Some(ClientErrorConflictingAttributes) => "client-error-conflicting-attributes",
        Some(ClientErrorCompressionNotSupported) => "client-error-compression-not-supported",
        Some(ClientErrorCompressionError) => "client-error-compression-error",
        Some(ClientErrorDocumentFormatError) => "client-error-document-format-error",
        Some(ClientErrorDocumentAccessError) => "client-error-document-access-error",
        Some(ServerErrorInternalError) => "server-error-internal-error",
        Some(ServerErrorOperationNotSupported) => "server-error-operation-not-supported",
        Some(ServerErrorServiceUnavailable) => "server-error-service-unavailable",
        Some(ServerErrorVersionNotSupported) => "server-error-version-not-supported",
        Some(ServerErrorDeviceError) => "server-error-device-error",
        Some(ServerErrorTemporaryError) => "server-error-temporary-error",
        Some(ServerErrorNotAcceptingJobs) => "server-error-not-accepting-jobs",
        Some(ServerErrorBusy) => "server-error-busy",
        Some(ServerErrorJobCanceled) => "server-error-job-canceled",
        Some(ServerErrorMultipleDocumentJobsNotSupported) => {
            "server-error-multiple-document-jobs-not-supported"
        }
        Some(UnknownStatusCode) | None => return format!("ipp-status-0x{:04x}", code as u16),
    };
    name.to_owned()
}

fn value<'a>(g: &'a IppAttributeGroup, name: &str) -> Option<&'a IppValue> {
    g.get(name).map(IppAttribute::value)
}

/// A text, name, keyword or URI value, without its language tag.
pub(super) fn text(g: &IppAttributeGroup, name: &str) -> Option<String> {
    match value(g, name)? {
        IppValue::TextWithLanguage { text, .. } => Some(text.to_string()),
        IppValue::NameWithLanguage { name, .. } => Some(name.to_string()),
        IppValue::NoValue => None,
        IppValue::Array(_) | IppValue::Collection(_) => None,
        v => Some(v.to_string()),
    }
}

/// A keyword or a set of keywords (`printer-state-reasons`), without the
/// `none` that stands for the empty set.
pub(super) fn keywords(g: &IppAttributeGroup, name: &str) -> Vec<String> {
    let words: Vec<String> = match value(g, name) {
        Some(IppValue::Array(items)) => items.iter().map(ToString::to_string).collect(),
        Some(IppValue::NoValue) | None => Vec::new(),
        Some(v) => vec![v.to_string()],
    };
    words.into_iter().filter(|w| w != "none").collect()
}

pub(super) fn enum_value(g: &IppAttributeGroup, name: &str) -> Option<i32> {
    match value(g, name)? {
        IppValue::Enum(n) | IppValue::Integer(n) => Some(*n),
        _ => None,
    }
}

pub(super) fn boolean(g: &IppAttributeGroup, name: &str) -> Option<bool> {
    match value(g, name)? {
        IppValue::Boolean(b) => Some(*b),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reparse(bytes: Vec<u8>) -> IppRequestResponse {
        IppParser::new(IppReader::new(Cursor::new(bytes)))
            .parse()
            .unwrap()
    }

    #[test]
    fn print_job_carries_the_target_first_then_user_name_and_format_then_the_pdf() {
        let pdf = b"%PDF-1.7 tickets".to_vec();
        let req = Request::new(Operation::PrintJob, 7)
            .unwrap()
            .requesting_user("kassa-2")
            .unwrap()
            .job_name("Order 1001-5521")
            .unwrap()
            .document_format("application/pdf")
            .unwrap()
            .printer_uri("ipp://localhost:631/printers/Boca")
            .unwrap();
        let bytes = req.encode(&pdf);
        assert!(bytes.ends_with(&pdf), "the document follows the attributes");

        let back = reparse(bytes);
        assert_eq!(
            back.header().operation_or_status,
            Operation::PrintJob as i16
        );
        assert_eq!(back.header().request_id, 7);
        let group = back
            .attributes()
            .first_of(DelimiterTag::OperationAttributes)
            .unwrap();
        let names: Vec<&str> = group
            .attributes()
            .iter()
            .map(|a| a.name().as_str())
            .collect();
        assert_eq!(
            names,
            [
                "attributes-charset",
                "attributes-natural-language",
                "printer-uri",
                "requesting-user-name",
                "job-name",
                "document-format"
            ]
        );
        assert_eq!(
            text(group, "printer-uri").as_deref(),
            Some("ipp://localhost:631/printers/Boca")
        );
        assert_eq!(
            text(group, "document-format").as_deref(),
            Some("application/pdf")
        );
        assert_eq!(text(group, "job-name").as_deref(), Some("Order 1001-5521"));
    }

    #[test]
    fn job_id_follows_printer_uri_as_rfc_8011_requires() {
        let req = Request::new(Operation::CancelJob, 1)
            .unwrap()
            .requesting_user("kassa-2")
            .unwrap()
            .job_id(42)
            .printer_uri("ipp://localhost:631/printers/Boca")
            .unwrap();
        let back = reparse(req.encode(&[]));
        let group = back
            .attributes()
            .first_of(DelimiterTag::OperationAttributes)
            .unwrap();
        let names: Vec<&str> = group
            .attributes()
            .iter()
            .map(|a| a.name().as_str())
            .collect();
        assert_eq!(names[2..4], ["printer-uri", "job-id"]);
        assert_eq!(enum_value(group, "job-id"), Some(42));
    }

    #[test]
    fn long_names_are_cut_on_a_character_boundary() {
        let title = "Бриллиантовая рука ".repeat(20);
        let req = Request::new(Operation::PrintJob, 1)
            .unwrap()
            .job_name(&title)
            .unwrap();
        let back = reparse(req.encode(&[]));
        let group = back
            .attributes()
            .first_of(DelimiterTag::OperationAttributes)
            .unwrap();
        let name = text(group, "job-name").unwrap();
        assert!(name.len() <= 255 && title.starts_with(&name), "{name}");
    }

    #[test]
    fn requested_attributes_are_a_set_of_keywords() {
        let req = Request::new(Operation::CupsGetPrinters, 1)
            .unwrap()
            .requested(&["printer-name", "printer-state"])
            .unwrap();
        let back = reparse(req.encode(&[]));
        let group = back
            .attributes()
            .first_of(DelimiterTag::OperationAttributes)
            .unwrap();
        assert_eq!(
            keywords(group, "requested-attributes"),
            ["printer-name", "printer-state"]
        );
    }

    /// An answer as CUPS writes it, built with the crate's own encoder.
    fn answer(status: StatusCode, printer: Vec<IppAttribute>) -> Bytes {
        let mut r = IppRequestResponse::new_response(IppVersion::v1_1(), status, 3).unwrap();
        r.attributes_mut().add(
            DelimiterTag::OperationAttributes,
            IppAttribute::new(
                IppAttributeName::STATUS_MESSAGE,
                IppValue::new_text_without_language("The printer or class does not exist.")
                    .unwrap(),
            ),
        );
        for a in printer {
            r.attributes_mut().add(DelimiterTag::PrinterAttributes, a);
        }
        r.to_bytes()
    }

    #[test]
    fn answers_give_their_status_groups_and_values() {
        let body = answer(
            StatusCode::SuccessfulOk,
            vec![
                IppAttribute::new(IppAttributeName::PRINTER_STATE, IppValue::Enum(5)),
                IppAttribute::new(
                    IppAttributeName::PRINTER_STATE_REASONS,
                    IppValue::Array(vec![
                        IppValue::new_keyword("paused").unwrap(),
                        IppValue::new_keyword("media-empty-error").unwrap(),
                    ]),
                ),
                IppAttribute::new(
                    IppAttributeName::PRINTER_IS_ACCEPTING_JOBS,
                    IppValue::Boolean(true),
                ),
                IppAttribute::new(
                    IppAttributeName::PRINTER_INFO,
                    IppValue::new_text_with_language("ru", "Касса 2").unwrap(),
                ),
            ],
        );
        let r = Response::parse(body).unwrap();
        assert!(r.is_success());
        let g = r.groups(DelimiterTag::PrinterAttributes).next().unwrap();
        assert_eq!(enum_value(g, "printer-state"), Some(5));
        assert_eq!(
            keywords(g, "printer-state-reasons"),
            ["paused", "media-empty-error"]
        );
        assert_eq!(boolean(g, "printer-is-accepting-jobs"), Some(true));
        assert_eq!(text(g, "printer-info").as_deref(), Some("Касса 2"));
        assert_eq!(text(g, "printer-location"), None);

        let none = Response::parse(answer(
            StatusCode::SuccessfulOk,
            vec![IppAttribute::new(
                IppAttributeName::PRINTER_STATE_REASONS,
                IppValue::new_keyword("none").unwrap(),
            )],
        ))
        .unwrap();
        let g = none.groups(DelimiterTag::PrinterAttributes).next().unwrap();
        assert!(keywords(g, "printer-state-reasons").is_empty());
    }

    #[test]
    fn refusals_are_named_as_ipp_names_them() {
        let r = Response::parse(answer(StatusCode::ClientErrorNotFound, vec![])).unwrap();
        assert!(!r.is_success() && r.is(StatusCode::ClientErrorNotFound));
        assert_eq!(
            r.refusal(),
            PrintError::Refused {
                status: "client-error-not-found".into(),
                message: "The printer or class does not exist.".into()
            }
        );
        assert_eq!(
            status_name(0x040A),
            "client-error-document-format-not-supported"
        );
        assert_eq!(status_name(0x0506), "server-error-not-accepting-jobs");
        assert_eq!(status_name(0x0600), "ipp-status-0x0600");
    }

    #[test]
    fn what_is_not_ipp_is_a_protocol_error() {
        for junk in [
            &b""[..],
            b"<html>Not Found</html>",
            &[1, 1, 0, 0, 0, 0, 0, 1, 0x7f],
        ] {
            let e = Response::parse(Bytes::copy_from_slice(junk)).unwrap_err();
            assert!(matches!(e, PrintError::Protocol { .. }), "{junk:?}: {e:?}");
        }
    }
}
