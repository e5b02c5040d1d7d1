//! The quality floor: F1 per field on each annotated set under `corpus/` may
//! only rise. `corpus/quality.json` records a floor per set; raise it in the
//! commit that improves quality (`scripts/raise_floor.py SET`).

use crate::util::{newsx, root};

#[test]
fn quality_does_not_drop_below_the_floor() {
    let floors: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("corpus/quality.json")).unwrap()).unwrap();
    let sets = floors["sets"].as_object().expect("corpus/quality.json has a \"sets\" object");
    let mut below = Vec::new();
    for (set, floor) in sets {
        let dir = format!("corpus/{set}");
        let out = newsx(&["eval", "--gold", &dir, "--json"]);
        assert!(out.status.success(), "{dir}: {}", String::from_utf8_lossy(&out.stderr));
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for (field, min) in floor["f1"].as_object().unwrap() {
            let got = if field == "overall" { &report["overall"]["f1"] } else { &report["fields"][field]["f1"] };
            let (got, min) = (got.as_f64().unwrap(), min.as_f64().unwrap());
            if got + 1e-9 < min {
                below.push(format!("{set}: {field}: F1 {got:.3} < floor {min:.3}"));
            }
        }
        for key in ["roles_acc", "published_acc"] {
            let (got, min) = (report[key].as_f64().unwrap_or(0.0), floor[key].as_f64().unwrap());
            if got + 1e-9 < min {
                below.push(format!("{set}: {key}: {got:.3} < floor {min:.3}"));
            }
        }
    }
    assert!(below.is_empty(), "quality dropped below the floor:\n{}", below.join("\n"));
}

#[test]
fn every_annotated_set_has_a_floor() {
    let floors: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("corpus/quality.json")).unwrap()).unwrap();
    for entry in std::fs::read_dir(root().join("corpus")).unwrap().flatten() {
        let annotated = entry.path().is_dir()
            && std::fs::read_dir(entry.path())
                .unwrap()
                .flatten()
                .any(|f| f.file_name().to_string_lossy().ends_with(".gold.json"));
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(!annotated || floors["sets"].get(&name).is_some(), "corpus/{name} has gold files but no floor");
    }
}
