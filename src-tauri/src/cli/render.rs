//! `box-office render ORDER.json -o OUT.pdf [--stock NAME] [--reprint N]`:
//! an order's tickets as a PDF without the window. Nothing rendered here is
//! on the print log, so every page says COPY — NOT VALID (in English and
//! Russian): valid tickets come only from `box-office print` (to a printer,
//! or `--pdf`), which records each copy.
//!
//! The input is an order document (`box-office orders export`), an Afisha
//! `/order-info` response or a Paciolan complete-order response; which one is
//! told by its shape. Refused tickets are listed on stderr and the others
//! still print. Exit codes: 0 the PDF was written, 1 bad input or nothing to
//! print (the reason is on stderr), 2 usage.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::Utc;
use clap::Args;

use crate::domain::Currency;
use crate::tickets::import::{self, ImportOptions, Source};
use crate::tickets::{RenderOptions, Reprint, Stamp, Stock, render_order_to};

#[derive(Debug, Clone, Args)]
pub struct RenderArgs {
    /// The order: an order document, an Afisha /order-info response or a
    /// Paciolan complete-order response (JSON); `-` reads standard input.
    #[arg(value_name = "ORDER.json")]
    pub input: PathBuf,

    /// Where to write the PDF.
    #[arg(short, long, value_name = "OUT.pdf")]
    pub output: PathBuf,

    /// Ticket stock: thermal-80, boca (2 × 5.5 in), a4 or letter.
    #[arg(
        long,
        value_name = "NAME",
        env = "BOX_OFFICE_STOCK",
        default_value = "thermal-80"
    )]
    pub stock: Stock,

    /// Mark every page as the N-th reprint (N ≥ 1), dated now.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub reprint: Option<u32>,

    /// Currency of a Paciolan response's amounts (ISO 4217, default USD).
    #[arg(long, value_name = "CODE")]
    pub currency: Option<Currency>,

    /// The venue's time zone (e.g. Europe/Moscow) for an Afisha response
    /// whose session gives none.
    #[arg(long, value_name = "ZONE")]
    pub time_zone: Option<String>,
}

/// Why `render` stopped.
#[derive(Debug, PartialEq, Eq)]
enum Failure {
    /// Exit 2: the arguments do not make sense together.
    Usage(String),
    /// Exit 1: the input is wrong, or prints nothing (the message says why).
    Input(String),
}

/// What was written.
#[derive(Debug, PartialEq, Eq)]
struct Written {
    pages: usize,
    source: Source,
    refused: Vec<String>,
}

pub fn run(args: RenderArgs) -> ExitCode {
    match execute(&args) {
        Ok(w) => {
            for r in &w.refused {
                eprintln!("box-office render: not printed: {r}");
            }
            println!(
                "{}: {} page{} on {} (read as a {}){}",
                args.output.display(),
                w.pages,
                if w.pages == 1 { "" } else { "s" },
                args.stock,
                w.source.name(),
                if w.refused.is_empty() {
                    String::new()
                } else {
                    format!("; {} ticket(s) refused, see above", w.refused.len())
                }
            );
            ExitCode::SUCCESS
        }
        Err(Failure::Input(m)) => {
            eprintln!("box-office render: {m}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(m)) => {
            eprintln!("box-office render: {m}");
            ExitCode::from(2)
        }
    }
}

fn read_input(path: &Path) -> Result<String, Failure> {
    let mut text = String::new();
    let read = if path == Path::new("-") {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|t| text = t)
    };
    read.map_err(|e| Failure::Input(format!("cannot read {}: {e}", path.display())))?;
    Ok(text)
}

fn execute(args: &RenderArgs) -> Result<Written, Failure> {
    let text = read_input(&args.input)?;
    let options = ImportOptions {
        currency: args.currency,
        time_zone: args.time_zone.clone(),
    };
    let imported =
        import::read_order(&text, &options).map_err(|e| Failure::Input(e.to_string()))?;
    if args.currency.is_some() && imported.source != Source::PaciolanCompleteOrder {
        return Err(Failure::Usage(format!(
            "--currency applies to Paciolan responses only; this is a {}, whose amounts name their currency",
            imported.source.name()
        )));
    }
    let render = RenderOptions {
        stock: args.stock,
        reprint: args.reprint.map(|number| Reprint {
            number,
            at: Utc::now(),
        }),
        stamp: Some(Stamp::Copy),
        tickets: None,
    };
    // The text is not needed once the order is read: dropped before the
    // tickets are laid out, so a large order is not held twice.
    drop(text);
    let order = imported.order;
    let rendered = write_atomically(&args.output, |out| {
        render_order_to(&order, &render, out).map_err(|e| Failure::Input(e.to_string()))
    })?;
    Ok(Written {
        pages: rendered.pages,
        source: imported.source,
        refused: rendered.refused.iter().map(|r| r.message()).collect(),
    })
}

/// Streams the PDF beside the target and renames it into place, so a
/// printer watching the folder never picks up half a PDF; on any failure the
/// partial file is removed.
fn write_atomically<T>(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> Result<T, Failure>,
) -> Result<T, Failure> {
    let fail = |e: std::io::Error| Failure::Input(format!("cannot write {}: {e}", path.display()));
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".part");
    let tmp = PathBuf::from(tmp);
    let file = std::fs::File::create(&tmp).map_err(fail)?;
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, file);
    let done = write(&mut out).and_then(|value| {
        use std::io::Write;
        out.flush().map_err(fail)?;
        std::fs::rename(&tmp, path).map_err(fail)?;
        Ok(value)
    });
    if done.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::OrderDocument;
    use crate::sandbox::catalogue::Catalogue;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        args: RenderArgs,
    }

    fn parse(argv: &[&str]) -> Result<RenderArgs, clap::Error> {
        Cli::try_parse_from(std::iter::once("render").chain(argv.iter().copied())).map(|c| c.args)
    }

    fn document(id: &str) -> String {
        let c = Catalogue::seeded(Utc::now());
        let o = c
            .orders
            .into_iter()
            .find(|o| o.order.id == id)
            .map(|o| o.order);
        OrderDocument::new(o.unwrap_or_else(|| panic!("{id}"))).to_json()
    }

    fn setup(text: &str) -> (tempfile::TempDir, String, String) {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("order.json");
        std::fs::write(&input, text).unwrap();
        let out = dir.path().join("out.pdf");
        let s = |p: PathBuf| p.to_string_lossy().into_owned();
        (dir, s(input), s(out))
    }

    #[test]
    fn arguments_and_their_defaults() {
        let a = parse(&["o.json", "-o", "t.pdf"]).unwrap();
        assert_eq!(a.stock, Stock::Thermal80);
        assert_eq!(a.reprint, None);
        let a = parse(&[
            "o.json",
            "--output",
            "t.pdf",
            "--stock",
            "boca",
            "--reprint",
            "2",
            "--currency",
            "EUR",
        ])
        .unwrap();
        assert_eq!((a.stock, a.reprint), (Stock::Boca, Some(2)));
        assert_eq!(a.currency.map(|c| c.code()), Some("EUR"));
        for bad in [
            &["o.json", "-o", "t.pdf", "--stock", "a5"][..],
            &["o.json", "-o", "t.pdf", "--reprint", "0"],
            &["o.json", "-o", "t.pdf", "--currency", "XYZ"],
            &["o.json"],
        ] {
            let e = parse(bad).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{bad:?}");
        }
    }

    #[test]
    fn writes_the_pdf_of_an_order_document() {
        let (_dir, input, out) = setup(&document("AF-1001"));
        let w = execute(&parse(&[&input, "-o", &out, "--stock", "a4", "--reprint", "1"]).unwrap())
            .unwrap();
        assert_eq!((w.pages, w.source), (2, Source::OrderDocument));
        assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
        assert!(!Path::new(&format!("{out}.part")).exists());
    }

    #[test]
    fn nothing_to_print_and_bad_input_exit_1() {
        let (_dir, input, out) = setup(&document("AF-1004"));
        let e = execute(&parse(&[&input, "-o", &out]).unwrap()).unwrap_err();
        assert!(
            matches!(&e, Failure::Input(m) if m.contains("МЕТЕЛЬ")),
            "{e:?}"
        );
        assert!(!Path::new(&out).exists());
        let (_dir, input, out) = setup("{\"tickets\": 5}");
        assert!(matches!(
            execute(&parse(&[&input, "-o", &out]).unwrap()),
            Err(Failure::Input(_))
        ));
        let e = execute(&parse(&["/nonexistent/o.json", "-o", &out]).unwrap()).unwrap_err();
        assert!(
            matches!(&e, Failure::Input(m) if m.contains("cannot read")),
            "{e:?}"
        );
    }

    #[test]
    fn refused_tickets_are_reported_and_the_rest_prints() {
        let c = Catalogue::seeded(Utc::now());
        let mut o = c
            .orders
            .into_iter()
            .find(|o| o.order.id == "AF-1001")
            .unwrap()
            .order;
        if let Some(b) = o.tickets[0].barcode.as_mut() {
            b.value = "4601234500125".into();
        }
        let (_dir, input, out) = setup(&OrderDocument::new(o).to_json());
        let w = execute(&parse(&[&input, "-o", &out]).unwrap()).unwrap();
        assert_eq!(w.pages, 1);
        assert!(
            w.refused[0].starts_with("ticket AF-1001-1: the EAN-13 barcode"),
            "{:?}",
            w.refused
        );
    }

    #[test]
    fn reads_platform_responses_and_checks_currency_use() {
        let pac = r#"{"processId": "p1", "status": "COMPLETE", "paid": 52.5, "offers": [
            {"event": {"name": "Noche", "priceLevel": 1, "seats": [
              {"section": "1:1", "row": "2", "seat": "1", "accessId": "431:BB19:BB01", "token": "TOKEN00000000001"}]},
             "priceType": {"name": "Adult"}}]}"#;
        let (_dir, input, out) = setup(pac);
        let w = execute(&parse(&[&input, "-o", &out, "--currency", "EUR"]).unwrap()).unwrap();
        assert_eq!((w.pages, w.source), (1, Source::PaciolanCompleteOrder));
        let afisha = r#"{"id": "A", "status": "APPROVED", "orderNumber": "1", "tickets": [
            {"id": "T1", "barcode": "AF1", "barcodeType": "QR_CODE", "row": "1", "place": "2"}]}"#;
        let (_dir, input, out) = setup(afisha);
        let w = execute(&parse(&[&input, "-o", &out]).unwrap()).unwrap();
        assert_eq!((w.pages, w.source), (1, Source::AfishaOrderInfo));
        let e = execute(&parse(&[&input, "-o", &out, "--currency", "USD"]).unwrap()).unwrap_err();
        assert!(matches!(e, Failure::Usage(_)), "{e:?}");
    }
}
