//! JSON with exact numbers, and mutations of it.

use super::*;

/// serde_json's `Value` would pass a number through a float (`52.50` comes
/// out `52.5`); a number is held as a marked string and written back as the
/// exact text by [`write`].
pub(crate) const NUM: &str = "\u{1}num\u{1}";

pub(crate) fn number(text: &str) -> Value {
    Value::String(format!("{NUM}{text}{NUM}"))
}

/// The JSON text of `v`, with marked numbers written as they are.
pub(crate) fn write(v: &Value) -> String {
    let text = v.to_string();
    let marker = serde_json::to_string(NUM).unwrap();
    let marker = &marker[1..marker.len() - 1];
    let (open, close) = (format!("\"{marker}"), format!("{marker}\""));
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        let Some(end) = after.find(&close) else { break };
        out.push_str(&rest[..start]);
        out.push_str(&after[..end]);
        rest = &after[end + close.len()..];
    }
    out.push_str(rest);
    out
}

#[derive(Debug, Clone)]
pub(crate) enum Edit {
    /// Drop the n-th member or element (counted through the whole tree).
    Remove(usize),
    /// Put a value, often of another type, in place of the n-th one.
    Replace(usize, Value),
    /// Cut the text.
    Truncate(usize),
    /// Insert a byte of JSON's alphabet into the text.
    Insert(usize, u8),
    /// Delete a byte of the text.
    Delete(usize),
}

pub(crate) fn nodes(v: &Value) -> usize {
    match v {
        Value::Object(m) => m.values().map(|c| 1 + nodes(c)).sum(),
        Value::Array(a) => a.iter().map(|c| 1 + nodes(c)).sum(),
        _ => 0,
    }
}

pub(crate) fn edit_tree(v: &mut Value, n: &mut usize, edit: &Edit) -> bool {
    match v {
        Value::Object(m) => {
            let keys: Vec<String> = m.keys().cloned().collect();
            for k in keys {
                if *n == 0 {
                    match edit {
                        Edit::Remove(_) => {
                            m.remove(&k);
                        }
                        Edit::Replace(_, x) => {
                            m.insert(k, x.clone());
                        }
                        _ => {}
                    }
                    return true;
                }
                *n -= 1;
                if edit_tree(m.get_mut(&k).unwrap(), n, edit) {
                    return true;
                }
            }
            false
        }
        Value::Array(a) => {
            for i in 0..a.len() {
                if *n == 0 {
                    match edit {
                        Edit::Remove(_) => {
                            a.remove(i);
                        }
                        Edit::Replace(_, x) => a[i] = x.clone(),
                        _ => {}
                    }
                    return true;
                }
                *n -= 1;
                if edit_tree(&mut a[i], n, edit) {
                    return true;
                }
            }
            false
        }
        _ => false,
    }
}

/// The text of `model` after `edits`.
pub(crate) fn apply_edits(model: &Value, edits: &[Edit]) -> Vec<u8> {
    let mut v = model.clone();
    for e in edits {
        if let Edit::Remove(n) | Edit::Replace(n, _) = e {
            let count = nodes(&v);
            if count > 0 {
                edit_tree(&mut v, &mut (n % count), e);
            }
        }
    }
    let mut bytes = write(&v).into_bytes();
    for e in edits {
        match *e {
            Edit::Truncate(n) => bytes.truncate(n % (bytes.len() + 1)),
            Edit::Insert(n, b) => bytes.insert(n % (bytes.len() + 1), b),
            Edit::Delete(n) if !bytes.is_empty() => {
                bytes.remove(n % bytes.len());
            }
            _ => {}
        }
    }
    bytes
}

/// A value to put where another was: every JSON type, numbers of every
/// shape (including ones JSON or the readers refuse).
pub(crate) fn junk() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "-?[0-9]{1,21}(\\.[0-9]{0,5})?([eE][0-9])?".prop_map(|t| number(&t)),
        "\\PC{0,6}".prop_map(Value::String),
        Just(json!("")),
        Just(json!([])),
        Just(json!({})),
        prop::collection::vec(any::<i32>(), 0..3).prop_map(|v| json!(v)),
        Just(json!({"token": "T1"})),
    ]
}

pub(crate) fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => any::<usize>().prop_map(Edit::Remove),
        4 => (any::<usize>(), junk()).prop_map(|(n, v)| Edit::Replace(n, v)),
        1 => any::<usize>().prop_map(Edit::Truncate),
        1 => (any::<usize>(), prop::sample::select(b"{}[]\",:-.0123456789eE \\nul".to_vec()))
            .prop_map(|(n, b)| Edit::Insert(n, b)),
        1 => any::<usize>().prop_map(Edit::Delete),
    ]
}

/// No edits about half the time, else one to three.
pub(crate) fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop_oneof![
        1 => Just(Vec::new()),
        1 => prop::collection::vec(edit(), 1..4),
    ]
}

pub(crate) fn put(m: &mut Map<String, Value>, key: &str, v: Option<Value>, nulls: bool) {
    match v {
        Some(v) => {
            m.insert(key.to_owned(), v);
        }
        None if nulls => {
            m.insert(key.to_owned(), Value::Null);
        }
        None => {}
    }
}

pub(crate) fn text(s: &Option<String>) -> Option<Value> {
    s.clone().map(Value::String)
}
