//! Failure behaviour (issue #8): what newsx guarantees when the input, the
//! rules or the output go wrong. Each test here backs one sentence of the
//! README's "Failure behaviour" section.

use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use proptest::prelude::*;

use crate::util::{assert_offsets, assert_schema, newsx, records, root, tempdir, write};
use newsx::corpus::{self, Selection};
use newsx::record::Output;
use newsx::{rules, Pipeline};

// ---------------------------------------------------------------------------
// Input: arbitrary bytes, through the whole pipeline (walk, read, decode,
// extract, serialize), come out as one valid JSON line whose every mention
// slices the source to its text.

fn pipeline() -> &'static Pipeline {
    static P: std::sync::LazyLock<Pipeline> =
        std::sync::LazyLock::new(|| Pipeline::new(&rules::load_embedded().unwrap()).unwrap());
    &P
}

/// Runs the library pipeline over one file holding `bytes`, as `newsx extract
/// FILE` would, and returns the output bytes.
fn run_on_file(dir: &Path, bytes: &[u8]) -> Vec<u8> {
    let path = write(dir, "p.txt", bytes);
    let mut out = Vec::new();
    let roots = [path];
    let summary = pipeline().run(corpus::walk(&roots, &Selection::default()), 1 << 20, 1, &mut out).unwrap();
    assert_eq!(summary.documents + summary.errors, 1);
    out
}

/// The output of one input is one JSON line, and its mentions slice `bytes`.
fn assert_one_valid_record(out: &[u8], bytes: &[u8]) {
    let text = std::str::from_utf8(out).expect("output is UTF-8, whatever the input");
    assert!(text.ends_with('\n') && text.matches('\n').count() == 1, "one line: {text:?}");
    assert!(!text.bytes().any(|b| b < 0x20 && b != b'\n'), "control characters are escaped: {text:?}");
    assert_schema(out);
    let recs = records(out);
    match &recs[0] {
        Output::Doc(r) => {
            assert_eq!(r.source.bytes, bytes.len() as u64);
            let decoded = match std::str::from_utf8(bytes) {
                Ok(s) => s.to_string(),
                Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
            };
            assert_offsets(r, bytes, &decoded);
        }
        Output::Error(e) => {
            assert_eq!(e.error.kind, "binary", "only a NUL byte makes an error: {e:?}");
            assert!(bytes[..bytes.len().min(8192)].contains(&0));
        }
    }
}

/// Words that set off every extractor, so random inputs carry mentions.
const TRIGGERS: &[&str] = &[
    "Iran’s ambassador to Russia Kazem Jalali said ",
    "Russian President Vladimir Putin ",
    "signed five memoranda of understanding (MOUs) ",
    "the Islamic Republic News Agency (IRNA) ",
    "Tehran, 23 July 2022 (TDI): on Friday, December 6 to 7, 2025 ",
    "in Moscow, Zürich and São Paulo, ",
    "artificial intelligence and cybersecurity. ",
    "\n\n",
];

/// Capitalized runs mixing heads, titles, places and small words, where the
/// name, organization and role extractors cut and peel.
fn capitalized_run() -> impl Strategy<Value = String> {
    const WORDS: &[&str] = &[
        "Ministry",
        "President",
        "Company",
        "University",
        "Minister",
        "Deputy",
        "Agency",
        "Iran",
        "Russian",
        "Moscow",
        "of",
        "the",
        "and",
        "on",
        "for",
        "Jala",
        "Kazem",
        "Vladimir",
        "Al",
        "III",
        "Dr.",
        "Iran’s",
        "(IRNA)",
        "MOU",
        "5",
        "May",
    ];
    prop::collection::vec(prop::sample::select(WORDS), 1..10).prop_map(|w| w.join(" ") + " ")
}

fn utf8_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(TRIGGERS).prop_map(str::to_string),
        capitalized_run(),
        any::<String>().prop_map(|s| s.chars().take(24).collect()),
        "\\PC{0,16}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

fn raw_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        prop::sample::select(TRIGGERS).prop_map(|s| s.as_bytes().to_vec()),
        capitalized_run().prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..24),
        // Windows-1252 punctuation and letters that are invalid UTF-8 on their own.
        prop::collection::vec(prop::sample::select(&[0x93u8, 0x94, 0x96, 0xe9, 0xfc, 0x80, 0xff][..]), 1..4),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn random_utf8_through_the_pipeline_gives_valid_offsets(text in utf8_text()) {
        let dir = tempdir();
        let out = run_on_file(dir.path(), text.as_bytes());
        assert_one_valid_record(&out, text.as_bytes());
    }

    #[test]
    fn random_bytes_through_the_pipeline_give_valid_offsets(bytes in raw_bytes()) {
        let dir = tempdir();
        let out = run_on_file(dir.path(), &bytes);
        assert_one_valid_record(&out, &bytes);
    }
}

#[test]
fn windows_1252_mentions_index_the_original_bytes() {
    // A regression guard for the property above: it must see non-UTF-8 mentions.
    let bytes = b"Russian President Vladimir Putin met \x93partners\x94 in Moscow on 23 July 2022.";
    let dir = tempdir();
    let out = run_on_file(dir.path(), bytes);
    assert_one_valid_record(&out, bytes);
    let Output::Doc(r) = &records(&out)[0] else { panic!() };
    let moscow = &r.locations.iter().find(|l| l.name == "Moscow").unwrap().mentions[0];
    assert_eq!(&bytes[moscow.start..moscow.end], b"Moscow");
}

#[test]
fn regression_title_after_the_first_organization_head_does_not_panic() {
    // Orgs::trim sliced words[start..first_head] with start past first_head.
    for text in ["Ministry President Company", "Talks with Ministry President University officials."] {
        let doc = corpus::decode("r.txt".into(), text.as_bytes().to_vec(), corpus::DocMeta::default()).unwrap();
        let record = pipeline().process(&doc);
        assert_offsets(&record, text.as_bytes(), text);
    }
}

#[test]
fn regression_mention_at_the_end_of_a_text_of_64_bytes() {
    // CharIndex gave char offset 0 to the end of a non-ASCII text whose length
    // is a multiple of its 64-byte block (found by the fuzz target).
    for pad in 0..140 {
        let text = format!("Zürich:{} talks in Moscow", " ".repeat(pad));
        let doc = corpus::decode("r.txt".into(), text.clone().into_bytes(), corpus::DocMeta::default()).unwrap();
        let record = pipeline().process(&doc);
        assert_offsets(&record, text.as_bytes(), &text);
        assert!(record.mentions().any(|m| m.end == text.len()), "Moscow is found at the end");
    }
}

// ---------------------------------------------------------------------------
// Input: symbolic links are followed only with --follow; loops are error
// records either way.

/// root/ with a file, links to a file and to directories (inside and outside
/// the root), a self-loop, a loop to an ancestor and dangling links.
fn link_farm() -> tempfile::TempDir {
    use std::os::unix::fs::symlink;
    let dir = tempdir();
    let d = dir.path();
    write(d, "root/a.txt", b"Talks were held in Moscow.");
    write(d, "root/real_dir/b.txt", b"Talks were held in Tehran.");
    write(d, "outside/c.txt", b"Talks were held in Paris.");
    let r = d.join("root");
    symlink("a.txt", r.join("link.txt")).unwrap();
    symlink("real_dir", r.join("sub_link")).unwrap();
    symlink("../outside", r.join("outside_link")).unwrap();
    symlink("self.txt", r.join("self.txt")).unwrap();
    std::fs::create_dir(r.join("loop_dir")).unwrap();
    symlink("..", r.join("loop_dir/up")).unwrap();
    symlink("nothing.txt", r.join("dangling.txt")).unwrap();
    dir
}

fn paths_and_errors(stdout: &[u8]) -> Vec<(String, Option<String>)> {
    records(stdout)
        .iter()
        .map(|r| match r {
            Output::Doc(d) => (d.source.path.clone(), None),
            Output::Error(e) => (e.source.path.clone(), Some(e.error.kind.clone())),
        })
        .collect()
}

fn doc(path: &str) -> (String, Option<String>) {
    (path.to_string(), None)
}

fn err(path: &str, kind: &str) -> (String, Option<String>) {
    (path.to_string(), Some(kind.to_string()))
}

#[test]
fn symlinks_are_not_followed_by_default() {
    let dir = link_farm();
    let out = newsx(&["extract", dir.path().join("root").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "the loop and the dangling link are errors");
    assert_eq!(
        paths_and_errors(&out.stdout),
        vec![doc("a.txt"), err("dangling.txt", "not_found"), doc("real_dir/b.txt"), err("self.txt", "symlink_loop"),],
        "link.txt, sub_link/, outside_link/ and loop_dir/up are not followed"
    );
}

#[test]
fn follow_walks_links_and_reports_loops() {
    let dir = link_farm();
    let out = newsx(&["extract", dir.path().join("root").to_str().unwrap(), "--follow"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        paths_and_errors(&out.stdout),
        vec![
            doc("a.txt"),
            err("dangling.txt", "not_found"),
            doc("link.txt"),
            err("loop_dir/up", "symlink_loop"),
            doc("outside_link/c.txt"),
            doc("real_dir/b.txt"),
            err("self.txt", "symlink_loop"),
            doc("sub_link/b.txt"),
        ]
    );
}

// ---------------------------------------------------------------------------
// Rules: a broken rule set is fatal (exit 2) before any document is read, and
// the message names file:line, the rule id and what is wrong.

/// A copy of the repository's rules plus one file `zz_broken.toml`.
fn rules_with(broken: &str) -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            let dest = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &dest);
            } else {
                std::fs::copy(entry.path(), dest).unwrap();
            }
        }
    }
    let dir = tempdir();
    copy(&root().join("rules"), dir.path());
    write(dir.path(), "zz_broken.toml", broken.as_bytes());
    dir
}

/// Runs `extract` and `rules check` with the broken rules: both fail with
/// status 2 and `expect` in the message; `extract` writes nothing and leaves
/// the previous output file as it was.
fn assert_fatal_rules(broken: &str, expect: &str) {
    let rules = rules_with(broken);
    let work = tempdir();
    write(work.path(), "in/a.txt", b"Talks were held in Moscow.");
    let target = write(work.path(), "out.jsonl", b"previous run\n");
    let out = newsx(&[
        "extract",
        work.path().join("in").to_str().unwrap(),
        "--rules",
        rules.path().to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(expect), "expected {expect:?} in:\n{stderr}");
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read(&target).unwrap(), b"previous run\n");
    assert_eq!(dir_names(work.path()), vec!["in", "out.jsonl"], "no temporary file was made");

    let check = newsx(&["rules", "check", "--rules", rules.path().to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&check.stderr).contains(expect));
}

fn dir_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn broken_rules_invalid_regex_is_fatal() {
    assert_fatal_rules(
        "[[pattern]]\nid = \"test.bad-regex\"\nfield = \"people\"\nregex = '(?P<name>unclosed'\nexamples = [{ text = \"a\", match = \"a\" }]\n",
        "zz_broken.toml:2: rule test.bad-regex: invalid regex",
    );
}

#[test]
fn broken_rules_unknown_key_is_fatal() {
    assert_fatal_rules(
        "[[list]]\nid = \"test.unknown-key\"\nfield = \"locations\"\nterms = [\"zzyzx\"]\ncolour = \"red\"\nexamples = [{ text = \"in zzyzx\", match = \"zzyzx\" }]\n",
        "zz_broken.toml:5: rule test.unknown-key: unknown field `colour`",
    );
}

#[test]
fn broken_rules_duplicate_id_is_fatal() {
    let list = "[[list]]\nid = \"test.dup\"\nfield = \"shared\"\nterms = [\"zzyzx\"]\nexamples = [{ text = \"in zzyzx\", match = \"zzyzx\" }]\n";
    assert_fatal_rules(
        &format!("{list}\n{list}"),
        "zz_broken.toml:8: rule test.dup: duplicate rule id (first defined at ",
    );
}

#[test]
fn broken_rules_failing_example_is_fatal() {
    // No extractor reads this tag, so nothing can produce the example's match.
    assert_fatal_rules(
        "[[list]]\nid = \"test.fails\"\nfield = \"locations\"\ntag = \"read-by-nothing\"\nterms = [\"zzyzx\"]\nexamples = [{ text = \"we met in zzyzx.\", match = \"zzyzx\" }]\n",
        "zz_broken.toml:2: rule test.fails: expected a match \"zzyzx\"",
    );
}

#[test]
fn broken_rules_oversized_pattern_is_fatal() {
    assert_fatal_rules(
        "[[pattern]]\nid = \"test.huge\"\nfield = \"people\"\nregex = '(\\w{200}){200}'\nexamples = [{ text = \"a\", match = \"a\" }]\n",
        "zz_broken.toml:2: rule test.huge: invalid regex: Compiled regex exceeds size limit",
    );
}

// ---------------------------------------------------------------------------
// Output: `-o FILE` is replaced whole or not at all, even when the run is
// killed; a closed pipe ends the run quietly; records are valid JSON Lines
// whatever the file names and contents.

/// `n` article files (copies of the seed articles) under `dir`.
fn many_articles(dir: &Path, n: usize) {
    let seeds: Vec<Vec<u8>> = std::fs::read_dir(root().join("corpus/seeds"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| std::fs::read(e.path()).unwrap())
        .collect();
    for i in 0..n {
        write(dir, &format!("{i:05}.txt"), &seeds[i % seeds.len()]);
    }
}

/// Starts `newsx extract -o out.jsonl` over enough articles to run for many
/// seconds, waits until records are being written to its temporary file, and
/// sends `signal`. Returns the work directory and how the run ended.
fn interrupt_a_run(signal: &str) -> (tempfile::TempDir, std::process::ExitStatus) {
    let work = tempdir();
    // One batch of 64 articles fills the 64 KiB write buffer; 20 batches keep
    // the run going long after the first one is written.
    many_articles(&work.path().join("in"), 64 * 20);
    let target = write(work.path(), "out.jsonl", b"previous run\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsx"))
        .args(["extract", "in", "--jobs", "1", "-o", target.to_str().unwrap()])
        .current_dir(work.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        let writing = std::fs::read_dir(work.path())
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with(".out.jsonl.") && e.metadata().unwrap().len() > 0);
        if writing {
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the run ended ({status}) before it wrote anything");
        }
        assert!(started.elapsed() < Duration::from_secs(120), "no records written after 120 s");
        std::thread::sleep(Duration::from_millis(10));
    }
    let killed = Command::new("kill").args([&format!("-{signal}"), &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    (work, status)
}

fn assert_previous_output_intact(work: &Path) {
    assert_eq!(std::fs::read(work.join("out.jsonl")).unwrap(), b"previous run\n");
}

#[test]
fn sigint_leaves_previous_output_and_no_temporary_file() {
    let (work, status) = interrupt_a_run("INT");
    assert_eq!(status.signal(), Some(2), "the run was still going when interrupted: {status}");
    assert_previous_output_intact(work.path());
    assert_eq!(dir_names(work.path()), vec!["in", "out.jsonl"]);
}

#[test]
fn sigterm_leaves_previous_output_and_no_temporary_file() {
    let (work, status) = interrupt_a_run("TERM");
    assert_eq!(status.signal(), Some(15), "the run was still going when terminated: {status}");
    assert_previous_output_intact(work.path());
    assert_eq!(dir_names(work.path()), vec!["in", "out.jsonl"]);
}

#[test]
fn sigkill_leaves_previous_output_and_only_a_hidden_partial_file() {
    let (work, status) = interrupt_a_run("KILL");
    assert_eq!(status.signal(), Some(9), "the run was still going when killed: {status}");
    assert_previous_output_intact(work.path());
    // SIGKILL cannot be caught: the temporary file stays, hidden and named as partial.
    let names = dir_names(work.path());
    assert_eq!(names.len(), 3, "{names:?}");
    let temp = &names[0];
    assert!(temp.starts_with(".out.jsonl.") && temp.ends_with(".partial"), "{names:?}");
    assert_eq!(&names[1..], ["in", "out.jsonl"]);
}

#[test]
fn output_file_gets_ordinary_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let work = tempdir();
    write(work.path(), "in/a.txt", b"Talks were held in Moscow.");
    let target = work.path().join("out.jsonl");
    let out = newsx(&["extract", work.path().join("in").to_str().unwrap(), "-o", target.to_str().unwrap()]);
    assert!(out.status.success());
    // What `File::create` gives in the same place (0666 less the umask), not a temporary file's 0600.
    let plain = write(work.path(), "plain", b"");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&target), mode(&plain));
}

#[test]
fn closed_pipe_ends_quietly_with_status_zero() {
    let work = tempdir();
    // Far more output than a pipe buffer holds (64 KiB), so writes fail after the reader goes.
    many_articles(work.path(), 200);
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsx"))
        .args(["extract", work.path().to_str().unwrap(), "--jobs", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    // The reader is dropped here, as `head -1` exits after its line.
    assert!(first.starts_with("{\"schema\":1"), "{first}");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "quietly: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn odd_file_names_and_contents_stay_valid_json_lines() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let work = tempdir();
    let d = work.path();
    // Names with a newline, quotes, a backslash, a tab and a byte that is not UTF-8.
    let names: [&[u8]; 5] =
        [b"line\nbreak.txt", b"quote\"d.txt", b"back\\slash.txt", b"tab\there.txt", b"latin\xe9.txt"];
    for name in names {
        std::fs::write(d.join(OsStr::from_bytes(name)), b"Talks were held in Moscow.").unwrap();
    }
    // Contents: control characters, invalid UTF-8, a lone BOM, a binary file.
    write(d, "ctrl.txt", b"\x01\x02\x1b[31mMoscow\x7f\r\n\"quoted\" \\ Tehran\x0c");
    write(d, "invalid.txt", b"Bogot\xe1 \xff\xfe Moscow \xc3\x28");
    write(d, "bom.txt", b"\xef\xbb\xbf");
    write(d, "binary.txt", b"Moscow\0\0");
    let out = newsx(&["extract", d.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "the binary file is an error record");
    let text = std::str::from_utf8(&out.stdout).expect("output is UTF-8");
    assert!(!text.bytes().any(|b| b < 0x20 && b != b'\n'), "raw control characters in output");
    assert_schema(&out.stdout);
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 9, "one line per input:\n{text}");
    let paths: Vec<&str> = recs.iter().map(|r| r.source().path.as_str()).collect();
    assert!(paths.contains(&"line\nbreak.txt") && paths.contains(&"quote\"d.txt"), "{paths:?}");
    assert!(paths.contains(&"latin\u{fffd}.txt"), "a name that is not UTF-8 is shown lossily: {paths:?}");
    for r in &recs {
        if let Output::Doc(doc) = r {
            let source = std::fs::read(d.join(&doc.source.path)).unwrap_or_default();
            if !source.is_empty() {
                let decoded = match std::str::from_utf8(&source) {
                    Ok(s) => s.to_string(),
                    Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(&source).0.into_owned(),
                };
                assert_offsets(doc, &source, &decoded);
            }
        }
    }
}

#[test]
fn closed_stderr_does_not_change_the_status() {
    // `newsx extract … 2>&1 | head -1` can close stderr before the summary line.
    let work = tempdir();
    write(work.path(), "in/a.txt", b"Talks were held in Moscow.");
    let status_with_closed_stderr = |args: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsx"))
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stderr.take());
        child.wait().unwrap().code()
    };
    let input = work.path().join("in");
    assert_eq!(status_with_closed_stderr(&["extract", input.to_str().unwrap()]), Some(0), "summary line");
    let missing = work.path().join("missing.txt");
    assert_eq!(status_with_closed_stderr(&["extract", missing.to_str().unwrap()]), Some(1), "summary line");
    assert_eq!(status_with_closed_stderr(&["extract", "--rules", "/nonexistent"]), Some(2), "error message");
}
