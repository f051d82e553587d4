//! The repertoire table in `docs/sandbox.md`, generated from the catalogue
//! so trainers never read about an order that is not there. A test fails
//! when the committed table drifts; `BOX_OFFICE_BLESS=1` rewrites it.

use super::Catalogue;

const START: &str = "<!-- catalogue:start -->";
const END: &str = "<!-- catalogue:end -->";

pub fn table(c: &Catalogue) -> String {
    let mut out = String::from(
        "| platform | order (type this) | code word | event | tickets | what it shows |\n\
         | --- | --- | --- | --- | --- | --- |\n",
    );
    for s in &c.orders {
        let o = &s.order;
        let symbologies: Vec<&str> = {
            let mut v: Vec<&str> = o
                .tickets
                .iter()
                .filter_map(|t| t.barcode.as_ref().map(|b| b.symbology.as_str()))
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let tickets = if symbologies.is_empty() {
            o.tickets.len().to_string()
        } else {
            format!("{} ({})", o.tickets.len(), symbologies.join(", "))
        };
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} | {} |\n",
            o.platform.display_name(),
            o.display_number(),
            o.ids.code_word.as_deref().unwrap_or(""),
            o.event.as_ref().map(|e| e.name.as_str()).unwrap_or(""),
            tickets,
            s.note,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_list_exactly_the_seeded_orders() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/sandbox.md");
        let doc = std::fs::read_to_string(&path).expect("docs/sandbox.md exists");
        let (Some(a), Some(b)) = (doc.find(START), doc.find(END)) else {
            panic!("docs/sandbox.md lacks the {START} / {END} markers");
        };
        let fresh = table(&Catalogue::seeded(chrono::Utc::now()));
        let current = doc[a + START.len()..b].trim();
        if std::env::var_os("BOX_OFFICE_BLESS").is_some() {
            let new = format!(
                "{}{START}\n{fresh}{END}{}",
                &doc[..a],
                &doc[b + END.len()..]
            );
            std::fs::write(&path, new).unwrap();
            return;
        }
        assert!(
            current == fresh.trim(),
            "docs/sandbox.md is out of date with the catalogue; run BOX_OFFICE_BLESS=1 cargo test docs_list"
        );
    }
}
