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

/// Greedy wrapping at `width`, as wire systems and `fold -s` do, of every
/// line wider than it; `eol` ends each line.
fn hard_wrap(text: &str, width: usize, eol: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut used = 0;
        for word in line.split(' ') {
            let n = word.chars().count();
            if used > 0 && used + 1 + n > width {
                out.push_str(eol);
                used = 0;
            } else if used > 0 {
                out.push(' ');
                used += 1;
            }
            out.push_str(word);
            used += n;
        }
        out.push_str(eol);
    }
    out
}

/// Plain-text archives and 1987 wire copy wrap their lines at a fixed width.
/// Each annotated set, wrapped at 64 columns (Unix line ends) and at 76
/// (Windows line ends), must score as it does on one line a paragraph: the
/// wraps are spaces to the rules (`text::unwrap_hard_breaks`).
#[test]
fn hard_wrapped_copies_score_as_the_originals() {
    let f1s = |dir: &std::path::Path| -> serde_json::Value {
        let out = newsx(&["eval", "--gold", dir.to_str().unwrap(), "--json"]);
        assert!(out.status.success(), "{}: {}", dir.display(), String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let mut worse = Vec::new();
    for set in ["seeds", "written"] {
        let src = root().join("corpus").join(set);
        let want = f1s(&src);
        for (width, eol) in [(64, "\n"), (76, "\r\n")] {
            let dir = tempfile::tempdir().unwrap();
            for entry in std::fs::read_dir(&src).unwrap().flatten() {
                let (path, name) = (entry.path(), entry.file_name());
                let text = std::fs::read_to_string(&path).unwrap();
                let copy = if name.to_string_lossy().ends_with(".txt") { hard_wrap(&text, width, eol) } else { text };
                std::fs::write(dir.path().join(name), copy).unwrap();
            }
            let got = f1s(dir.path());
            for (field, f1) in want["fields"].as_object().unwrap() {
                let (w, g) = (f1["f1"].as_f64().unwrap(), got["fields"][field]["f1"].as_f64().unwrap());
                // One value in a set may differ: a word cut at a wrap's
                // hyphen is two words there.
                if g + 0.03 < w {
                    worse.push(format!("{set} wrapped at {width}: {field}: F1 {g:.3} against {w:.3}"));
                }
            }
        }
    }
    assert!(worse.is_empty(), "hard-wrapped text scores lower:\n{}", worse.join("\n"));
}
