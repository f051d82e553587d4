//! Running the independent tools the ticket tests check PDFs with:
//! poppler (`pdftoppm`, `pdftotext`, `pdffonts`) and zxing-cpp through
//! `decode_barcodes.py`. A tool that is missing fails the test with the
//! command that installs it. Included by `tests/tickets_pdf.rs`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs a command, failing the test with `hint` when it cannot start.
pub(crate) fn run(cmd: &mut Command, hint: &str) -> std::process::Output {
    let program = cmd.get_program().to_string_lossy().into_owned();
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}. {hint}"));
    assert!(
        out.status.success(),
        "{program} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub(crate) const POPPLER: &str = "Install poppler-utils (apt-get install -y poppler-utils).";
pub(crate) const PYTHON_HINT: &str = "Create the test venv: ./dev setup \
    (or python3 -m venv tests/.venv && tests/.venv/bin/pip install -r tests/requirements.txt), \
    or point BOX_OFFICE_PYTHON at a Python with zxing-cpp and pillow.";

/// The Python that has zxing-cpp: `BOX_OFFICE_PYTHON`, else the test venv.
pub(crate) fn python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let py = std::env::var_os("BOX_OFFICE_PYTHON")
            .map(PathBuf::from)
            .unwrap_or_else(|| root().join("tests/.venv/bin/python"));
        assert!(py.exists(), "no Python at {}. {PYTHON_HINT}", py.display());
        run(
            Command::new(&py).args(["-c", "import zxingcpp, PIL"]),
            PYTHON_HINT,
        );
        py
    })
}

pub(crate) fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("cannot make a temporary directory: {e}"))
}

pub(crate) type Decoded = BTreeMap<String, Vec<BTreeMap<String, String>>>;

pub(crate) fn decode(images: &[PathBuf]) -> Decoded {
    let out = run(
        Command::new(python())
            .arg(root().join("tests/tools/decode_barcodes.py"))
            .args(images),
        PYTHON_HINT,
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("decoder output is not JSON: {e}"))
}

/// Rasterizes `pdf` at `dpi`, one greyscale PNG per page, in page order.
pub(crate) fn rasterize(pdf: &Path, dpi: u32, dir: &Path) -> Vec<PathBuf> {
    let stem = pdf
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = dir.join(format!("{stem}-{dpi}"));
    run(
        Command::new("pdftoppm")
            .args(["-r", &dpi.to_string(), "-gray", "-png"])
            .arg(pdf)
            .arg(&prefix),
        POPPLER,
    );
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    let start = format!("{stem}-{dpi}-");
    pages.retain(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(&start))
    });
    // pdftoppm numbers pages with as many digits as the last page needs.
    pages.sort_by_key(|p| {
        p.file_stem()
            .and_then(|s| {
                s.to_string_lossy()
                    .rsplit('-')
                    .next()
                    .and_then(|n| n.parse::<u32>().ok())
            })
            .unwrap_or(0)
    });
    pages
}

pub(crate) fn pdftotext(pdf: &[u8], args: &[&str]) -> String {
    let dir = tmp();
    let path = dir.path().join("t.pdf");
    std::fs::write(&path, pdf).unwrap_or_else(|e| panic!("{e}"));
    let out = run(
        Command::new("pdftotext").args(args).arg(&path).arg("-"),
        POPPLER,
    );
    String::from_utf8(out.stdout).unwrap_or_else(|e| panic!("pdftotext wrote non-UTF-8: {e}"))
}

/// Text as pdftotext gives it, with line breaks as spaces. Poppler reports
/// no-break spaces (in amounts: `1 234,56 ₽`) as plain spaces.
pub(crate) fn flat(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A page's width and height and its words with their boxes.
pub(crate) type WordPage = (f32, f32, Vec<(String, [f32; 4])>);

/// Word boxes from `pdftotext -bbox`, page by page.
pub(crate) fn word_boxes(pdf: &[u8]) -> Vec<WordPage> {
    let html = pdftotext(pdf, &["-bbox"]);
    let attr = |tag: &str, name: &str| -> f32 {
        tag.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(f32::NAN)
    };
    let mut pages = Vec::new();
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push((attr(line, "width"), attr(line, "height"), Vec::new()));
        } else if line.starts_with("<word ") {
            let word = line
                .split('>')
                .nth(1)
                .and_then(|w| w.split('<').next())
                .unwrap_or("")
                .to_owned();
            let b = [
                attr(line, "xMin"),
                attr(line, "yMin"),
                attr(line, "xMax"),
                attr(line, "yMax"),
            ];
            if let Some(p) = pages.last_mut() {
                p.2.push((word, b));
            }
        }
    }
    pages
}
