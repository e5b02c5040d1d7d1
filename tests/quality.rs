//! The quality floor: F1 per field on the annotated `corpus/` may only rise.
//! `corpus/quality.json` records the floor; raise it in the commit that
//! improves quality.

use crate::util::{newsx, root};

#[test]
fn quality_does_not_drop_below_the_floor() {
    let out = newsx(&["eval", "--gold", "corpus", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let floor: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("corpus/quality.json")).unwrap()).unwrap();
    let mut below = Vec::new();
    for (field, min) in floor["f1"].as_object().unwrap() {
        let got = if field == "overall" { &report["overall"]["f1"] } else { &report["fields"][field]["f1"] };
        let (got, min) = (got.as_f64().unwrap(), min.as_f64().unwrap());
        if got + 1e-9 < min {
            below.push(format!("{field}: F1 {got:.3} < floor {min:.3}"));
        }
    }
    for key in ["roles_acc", "published_acc"] {
        let (got, min) = (report[key].as_f64().unwrap_or(0.0), floor[key].as_f64().unwrap());
        if got + 1e-9 < min {
            below.push(format!("{key}: {got:.3} < floor {min:.3}"));
        }
    }
    assert!(below.is_empty(), "quality dropped below the floor:\n{}", below.join("\n"));
}
