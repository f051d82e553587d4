//! Keeps `docs/order-document.schema.json` — the published JSON Schema of
//! the order document `box-office render` reads — equal to what the code
//! generates, so the file a partner reads never drifts from the program.

use std::path::PathBuf;

use crate::domain::OrderDocument;

const BLESS: &str = "BOX_OFFICE_BLESS";

fn schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/order-document.schema.json")
}

fn generated() -> String {
    let mut text = serde_json::to_string_pretty(&OrderDocument::schema())
        .unwrap_or_else(|e| panic!("the schema serialises: {e}"));
    text.push('\n');
    text
}

#[test]
fn the_published_schema_matches_the_code() {
    let path = schema_path();
    let want = generated();
    if std::env::var_os(BLESS).is_some_and(|v| v == "1") {
        std::fs::write(&path, &want)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/order-document.schema.json is out of date with OrderDocument::schema(). \
         Regenerate it with\n    BOX_OFFICE_BLESS=1 cargo test --no-default-features --lib \
         tickets::schema_file\nand commit the file (and describe the change in docs/order-document.md)."
    );
}

#[test]
fn the_schema_describes_the_order_document() {
    let schema = OrderDocument::schema();
    let props = &schema["properties"];
    for key in ["format", "version", "order"] {
        assert!(props.get(key).is_some(), "{key} missing from the schema");
    }
}
