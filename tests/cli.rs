//! The `newsx extract` command end to end: records, ordering, determinism,
//! bad inputs, exit codes, atomic output.

use crate::util::{assert_offsets, assert_schema, newsx, records, root, tempdir, write};
use newsx::record::Output;
use std::process::Command;

#[test]
fn extracts_the_bundled_corpus_with_provenance() {
    let out = newsx(&["extract", "corpus", "--jobs", "2"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_schema(&out.stdout);
    let recs = records(&out.stdout);
    let paths: Vec<&str> = recs.iter().map(|r| r.source().path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "records are sorted by source path");
    assert!(paths.contains(&"seeds/001_739f259c59475748.txt"));
    let rules = newsx::rules::load_embedded().unwrap();
    for r in &recs {
        let Output::Doc(r) = r else { panic!("unexpected error record {r:?}") };
        let source = std::fs::read(root().join("corpus").join(&r.source.path)).unwrap();
        assert_eq!(r.source.bytes, source.len() as u64);
        assert_eq!(r.doc_id, newsx::corpus::sha256_id(&source));
        assert_offsets(r, &source, std::str::from_utf8(&source).unwrap());
        for m in r.mentions() {
            assert!(rules.has_rule(&m.rule), "mention names unknown rule {}", m.rule);
        }
        assert_eq!(r.pipeline.rules, rules.fingerprint);
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("{} documents, 0 error records", recs.len())), "{stderr}");
}

#[test]
fn small_document_gives_exact_values() {
    let dir = tempdir();
    write(
        dir.path(),
        "a.txt",
        "Tehran, 23 July 2022 (TDI): Iran and Russia signed five memoranda of understanding in Moscow.\n".as_bytes(),
    );
    let out = newsx(&["extract", dir.path().to_str().unwrap()]);
    assert!(out.status.success());
    let recs = records(&out.stdout);
    let Output::Doc(r) = &recs[0] else { panic!() };
    assert_eq!(r.source.path, "a.txt");
    let published = r.published.as_ref().unwrap();
    assert_eq!((published.value.as_str(), published.from.as_str()), ("2022-07-23", "dateline"));
    let places: Vec<&str> = r.locations.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(places, vec!["Tehran", "Iran", "Russia", "Moscow"]);
    assert_eq!(r.agreements.len(), 1);
    assert_eq!((r.agreements[0].instrument.as_str(), r.agreements[0].count), ("mou", Some(5)));
    let m = &r.locations[3].mentions[0];
    assert_eq!((m.start, m.end, &*m.text, m.sentence, &*m.rule), (86, 92, "Moscow", 0, "place.city"));
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let dir = tempdir();
    // Enough documents to span several batches.
    let seeds: Vec<_> = std::fs::read_dir(root().join("corpus/seeds"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| std::fs::read(e.path()).unwrap())
        .collect();
    for i in 0..300 {
        let mut text = format!("copy {i}\n").into_bytes();
        text.extend_from_slice(&seeds[i % seeds.len()]);
        write(dir.path(), &format!("d{}/{i:04}.txt", i % 7), &text);
    }
    let one = newsx(&["extract", dir.path().to_str().unwrap(), "--jobs", "1"]);
    let two = newsx(&["extract", dir.path().to_str().unwrap(), "--jobs", "2"]);
    assert!(one.status.success() && two.status.success());
    assert_eq!(records(&one.stdout).len(), 300);
    assert!(one.stdout == two.stdout, "--jobs 1 and --jobs 2 differ");
}

#[test]
fn every_bad_input_becomes_one_error_record() {
    let dir = tempdir();
    let d = dir.path();
    write(d, "a_good.txt", b"Talks were held in Moscow.");
    write(d, "b_latin1.txt", b"Talks in Bogot\xe1 and Moscow ended \x93well\x94.");
    write(d, "c_binary.txt", b"\x7fELF\0\0\0binary");
    write(d, "d_empty.txt", b"");
    let unreadable = write(d, "e_unreadable.txt", b"secret Moscow");
    std::os::unix::fs::symlink("f_loop.txt", d.join("f_loop.txt")).unwrap();
    std::os::unix::fs::symlink("missing.txt", d.join("g_dangling.txt")).unwrap();
    write(d, "h_ignored.gold.json", b"{}");
    write(d, "i_big.txt", &vec![b'a'; 2000]);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&unreadable, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads anything; then the file is a document like any other.
    let root_reads = std::fs::read(&unreadable).is_ok();

    let out = newsx(&["extract", d.to_str().unwrap(), "--max-bytes", "1000"]);
    assert_eq!(out.status.code(), Some(1), "some inputs failed: exit 1");
    assert_schema(&out.stdout);
    let recs = records(&out.stdout);
    let summary: Vec<(String, Option<String>)> = recs
        .iter()
        .map(|r| match r {
            Output::Doc(d) => (d.source.path.clone(), None),
            Output::Error(e) => (e.source.path.clone(), Some(e.error.kind.clone())),
        })
        .collect();
    let unreadable_kind = if root_reads { None } else { Some("permission_denied".to_string()) };
    assert_eq!(
        summary,
        vec![
            ("a_good.txt".to_string(), None),
            ("b_latin1.txt".to_string(), None),
            ("c_binary.txt".to_string(), Some("binary".to_string())),
            ("d_empty.txt".to_string(), None),
            ("e_unreadable.txt".to_string(), unreadable_kind),
            ("f_loop.txt".to_string(), Some("symlink_loop".to_string())),
            ("g_dangling.txt".to_string(), Some("not_found".to_string())),
            ("i_big.txt".to_string(), Some("too_large".to_string())),
        ]
    );
    // Windows-1252: decoded with a warning, offsets still index the original bytes.
    let Output::Doc(latin) = &recs[1] else { panic!() };
    assert_eq!(latin.warnings.len(), 1);
    let source = std::fs::read(d.join("b_latin1.txt")).unwrap();
    let decoded: String = source.iter().map(|&b| encoding_rs::WINDOWS_1252.decode(&[b]).0.into_owned()).collect();
    assert_offsets(latin, &source, &decoded);
    let moscow = latin.locations.iter().find(|l| l.name == "Moscow").unwrap();
    assert_eq!(&source[moscow.mentions[0].start..moscow.mentions[0].end], b"Moscow");
    // The empty file is a document with empty lists.
    let Output::Doc(empty) = &recs[3] else { panic!() };
    assert_eq!(empty.value_count(), 0);
}

#[test]
fn all_good_inputs_exit_zero_and_bad_flags_exit_two() {
    let dir = tempdir();
    write(dir.path(), "a.txt", b"Talks were held in Moscow.");
    assert_eq!(newsx(&["extract", dir.path().to_str().unwrap()]).status.code(), Some(0));
    assert_eq!(newsx(&["extract", "--jobs", "many"]).status.code(), Some(2));
    let bad_rules = tempdir();
    write(bad_rules.path(), "x.toml", b"[[list]]\nid = \"x\"\nfield = \"people\"\nterms = [\"a\"]\nbogus = 1\n");
    let out = newsx(&["extract", dir.path().to_str().unwrap(), "--rules", bad_rules.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("x.toml:5: rule x: unknown field `bogus`"), "{stderr}");
    assert!(out.stdout.is_empty(), "nothing is written before rules are valid");
}

#[test]
fn output_file_is_written_whole_or_not_at_all() {
    let dir = tempdir();
    write(dir.path(), "in/a.txt", b"Talks were held in Moscow.");
    let target = dir.path().join("out.jsonl");
    let out = newsx(&["extract", dir.path().join("in").to_str().unwrap(), "-o", target.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let written = std::fs::read(&target).unwrap();
    assert_eq!(records(&written).len(), 1);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 2, "no temporary file left behind: {leftovers:?}");
    // An unwritable destination is a fatal error that names it.
    let out = newsx(&["extract", dir.path().join("in").to_str().unwrap(), "-o", "/nonexistent-dir/x.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent-dir/x.jsonl"));
}

#[test]
fn output_dash_is_standard_output() {
    let dir = tempdir();
    write(dir.path(), "in/a.txt", b"Talks were held in Moscow.");
    let out = Command::new(env!("CARGO_BIN_EXE_newsx"))
        .args(["extract", "in", "-o", "-"])
        .current_dir(dir.path())
        .output()
        .expect("run newsx");
    assert!(out.status.success());
    assert_eq!(records(&out.stdout).len(), 1);
    assert!(!dir.path().join("-").exists(), "`-o -` writes no file named '-'");
}

#[test]
fn sidecar_metadata_wins_and_is_carried() {
    let dir = tempdir();
    write(dir.path(), "a.txt", b"Tehran, 23 July 2022 (TDI): Talks were held in Moscow.");
    write(
        dir.path(),
        "a.meta.json",
        br#"{"published": "2022-07-25", "url": "https://example.org/a", "title": "Talks"}"#,
    );
    let out = newsx(&["extract", dir.path().to_str().unwrap()]);
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 1, "the sidecar is not an article");
    let Output::Doc(r) = &recs[0] else { panic!() };
    let p = r.published.as_ref().unwrap();
    assert_eq!((p.value.as_str(), p.from.as_str()), ("2022-07-25", "metadata"));
    assert_eq!(r.url.as_deref(), Some("https://example.org/a"));
    assert_eq!(r.title.as_deref(), Some("Talks"));
}
