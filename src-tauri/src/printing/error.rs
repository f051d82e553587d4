//! The one error type of printing. Each message tells the cashier what is
//! wrong with the printer or the print service and what to do; none of them
//! means "printed", and only [`PrintError::NoAnswer`] leaves open that a job
//! may exist anyway.

/// Why a printer could not be listed, checked or given a job.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrintError {
    /// Nothing answers at the CUPS address: nothing was sent.
    #[error(
        "the print service (CUPS) at {address} cannot be reached ({detail}); nothing was \
         printed. Start it (sudo systemctl start cups, or sudo cupsd where there is no \
         systemd), or correct BOX_OFFICE_CUPS_URL, then try again"
    )]
    CupsUnavailable { address: String, detail: String },

    /// The request went out but no answer came back: a job may exist.
    #[error(
        "the print service (CUPS) at {address} took the request but its answer was lost \
         ({detail}); if tickets were being sent they may still print, so look at the printer \
         and its queue (lpstat -o) before printing again"
    )]
    NoAnswer { address: String, detail: String },

    /// BOX_OFFICE_CUPS_URL (or the address given) is not a usable address.
    #[error(
        "“{value}” is not a print service address ({detail}): give one like \
         http://localhost:631 in BOX_OFFICE_CUPS_URL, or unset it to use the local CUPS"
    )]
    BadAddress { value: String, detail: String },

    #[error(
        "there is no printer “{name}” in the print service: choose one that exists \
         (`box-office printers` and Settings list them) or ask a manager to add it"
    )]
    NoSuchPrinter { name: String },

    #[error(
        "printer “{name}” is stopped ({message}); nothing was sent to it. Fix the printer \
         (paper, ribbon, cover, cable), have its queue resumed (cupsenable {name}), then \
         print again"
    )]
    PrinterStopped { name: String, message: String },

    #[error(
        "printer “{name}” is not accepting jobs; nothing was sent to it. Choose another \
         printer, or have a manager let it accept jobs again (cupsaccept {name})"
    )]
    NotAccepting { name: String },

    /// An IPP error status, named as IPP names it.
    #[error(
        "the print service refused the request ({status}: {message}); try again, and if it \
         repeats ask a manager to check the printer's setup (docs/printing.md)"
    )]
    Refused { status: String, message: String },

    /// An answer that is not readable IPP or lacks what IPP requires.
    #[error(
        "the print service sent an answer Box Office cannot read ({detail}); check that \
         BOX_OFFICE_CUPS_URL points at CUPS, and look at the printer's queue (lpstat -o) \
         before printing again"
    )]
    Protocol { detail: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_what_to_do() {
        let m = PrintError::CupsUnavailable {
            address: "http://localhost:631/".into(),
            detail: "the connection could not be made".into(),
        }
        .to_string();
        assert!(
            m.contains("http://localhost:631/") && m.contains("cupsd"),
            "{m}"
        );

        let m = PrintError::NoSuchPrinter {
            name: "Boca".into(),
        }
        .to_string();
        assert!(
            m.contains("“Boca”") && m.contains("box-office printers"),
            "{m}"
        );

        let m = PrintError::PrinterStopped {
            name: "Boca".into(),
            message: "Paper out".into(),
        }
        .to_string();
        assert!(
            m.contains("Paper out") && m.contains("cupsenable Boca"),
            "{m}"
        );

        let m = PrintError::Refused {
            status: "client-error-document-format-not-supported".into(),
            message: "Unsupported document-format".into(),
        }
        .to_string();
        assert!(
            m.contains("client-error-document-format-not-supported"),
            "{m}"
        );
    }
}
