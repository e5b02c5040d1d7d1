//! Inputs and outputs beyond plain files: JSON Lines on standard input,
//! gzip files and JSON Lines bundles in a walk, the SQLite database, and the
//! progress bar's silence off a terminal.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use flate2::write::GzEncoder;
use flate2::Compression;
use rusqlite::Connection;

use crate::util::{assert_schema, newsx, records, root, tempdir, write};
use newsx::record::Output;

/// Runs `newsx` with `input` on its standard input.
fn newsx_stdin(args: &[&str], input: &[u8]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsx"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run newsx");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    // Written from a thread: newsx answers while it reads, and both pipes are bounded.
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("newsx output");
    feeder.join().unwrap().expect("write stdin");
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// (path, line, error kind) of each record, in output order.
fn sources(recs: &[Output]) -> Vec<(String, Option<u64>, Option<String>)> {
    recs.iter()
        .map(|r| match r {
            Output::Doc(d) => (d.source.path.clone(), d.source.line, None),
            Output::Error(e) => (e.source.path.clone(), e.source.line, Some(e.error.kind.clone())),
        })
        .collect()
}

fn src(path: &str, line: Option<u64>, kind: Option<&str>) -> (String, Option<u64>, Option<String>) {
    (path.to_string(), line, kind.map(str::to_string))
}

const ARTICLE: &str = "Tehran, 23 July 2022 (TDI): Iran and Russia signed five memoranda of understanding in Moscow.";

#[test]
fn stdin_json_lines_become_records_in_input_order() {
    let input = [
        r#"{"id": "a-1", "text": "Tehran, 23 July 2022 (TDI): Iran and Russia signed five memoranda of understanding in Moscow.", "published": "2022-07-25", "url": "https://example.org/a", "title": "MoUs", "lang": "en"}"#,
        r#"{"id": "a-2", "text": "#,
        "",
        r#"{"id": 3, "text": "Gespräche in Zürich und Moscow."}"#,
        r#"{"text": "No id here."}"#,
        "{\"id\": \"a-5\", \"text\": \"Talks in Moscow.\"}\r",
    ]
    .join("\n");
    let out = newsx_stdin(&["extract", "-"], input.as_bytes());
    assert_eq!(out.status.code(), Some(1), "bad lines are error records: exit 1");
    assert_schema(&out.stdout);
    let recs = records(&out.stdout);
    assert_eq!(
        sources(&recs),
        vec![
            src("a-1", None, None),
            src("-", Some(2), Some("bad_json")),
            src("3", None, None),
            src("-", Some(5), Some("bad_json")),
            src("a-5", None, None),
        ]
    );
    let Output::Doc(a1) = &recs[0] else { panic!() };
    // The supplied date wins over the dateline; url and title are carried.
    let published = a1.published.as_ref().unwrap();
    assert_eq!((published.value.as_str(), published.from.as_str()), ("2022-07-25", "metadata"));
    assert_eq!((a1.url.as_deref(), a1.title.as_deref()), (Some("https://example.org/a"), Some("MoUs")));
    assert_eq!(a1.doc_id, newsx::corpus::sha256_id(ARTICLE.as_bytes()));
    assert_eq!(a1.source.bytes, ARTICLE.len() as u64);
    assert_eq!((a1.agreements[0].instrument.as_str(), a1.agreements[0].count), ("mou", Some(5)));
    // Offsets index the UTF-8 of `text`.
    let Output::Doc(d3) = &recs[2] else { panic!() };
    let text = "Gespräche in Zürich und Moscow.";
    let moscow = &d3.locations.iter().find(|l| l.name == "Moscow").unwrap().mentions[0];
    assert_eq!((moscow.start, moscow.end, moscow.char_start, moscow.char_end), (26, 32, 24, 30));
    assert_eq!(&text[moscow.start..moscow.end], "Moscow");
    let Output::Error(e) = &recs[3] else { panic!() };
    assert!(e.error.message.starts_with("stdin:5: missing `id`"), "{}", e.error.message);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("3 documents, 2 error records"), "{stderr}");

    // `--stdin` is the same as `-`.
    let flag = newsx_stdin(&["extract", "--stdin"], input.as_bytes());
    assert!(flag.stdout == out.stdout, "--stdin and - differ");
}

#[test]
fn walk_takes_gzip_files_and_bundles_in_file_then_line_order() {
    let dir = tempdir();
    let d = dir.path();
    write(d, "a.txt", b"Talks were held in Moscow.");
    write(d, "b.txt.gz", &gzip(ARTICLE.as_bytes()));
    let bundle = [
        r#"{"id": "x", "text": "Talks in Tehran."}"#,
        r#"{"id": "y", "text": 5}"#,
        "",
        r#"{"id": "z", "text": "Iran and Russia signed two contracts in Moscow.", "published": "2025-01-02"}"#,
    ]
    .join("\n");
    write(d, "c/bundle.jsonl.gz", &gzip(bundle.as_bytes()));
    write(d, "d.jsonl", b"{\"id\": \"w\", \"text\": \"Talks in Kazan.\"}\n");
    write(d, "e.md", b"Not an article.");
    write(d, "f.txt.gz", b"this is not gzip");

    let out = newsx(&["extract", d.to_str().unwrap(), "--ext", "txt,jsonl"]);
    assert_eq!(out.status.code(), Some(1));
    assert_schema(&out.stdout);
    let recs = records(&out.stdout);
    assert_eq!(
        sources(&recs),
        vec![
            src("a.txt", None, None),
            src("b.txt.gz", None, None),
            src("c/bundle.jsonl.gz", Some(1), None),
            src("c/bundle.jsonl.gz", Some(2), Some("bad_json")),
            src("c/bundle.jsonl.gz", Some(4), None),
            src("d.jsonl", Some(1), None),
            src("f.txt.gz", None, Some("bad_gzip")),
        ]
    );
    // A gzip file is its decompressed text: same id, size and offsets as plain.
    let Output::Doc(b) = &recs[1] else { panic!() };
    assert_eq!(b.doc_id, newsx::corpus::sha256_id(ARTICLE.as_bytes()));
    assert_eq!(b.source.bytes, ARTICLE.len() as u64);
    let moscow = &b.locations.iter().find(|l| l.name == "Moscow").unwrap().mentions[0];
    assert_eq!(&ARTICLE[moscow.start..moscow.end], "Moscow");
    // A bundled document: its own text, its own supplied date.
    let Output::Doc(z) = &recs[4] else { panic!() };
    assert_eq!(z.source.bytes, 47);
    assert_eq!(z.published.as_ref().map(|p| p.value.as_str()), Some("2025-01-02"));
    assert_eq!((z.agreements[0].instrument.as_str(), z.agreements[0].count), ("contract", Some(2)));

    // The default `--ext txt` still takes gzip text, and no bundles.
    let out = newsx(&["extract", d.to_str().unwrap()]);
    let paths: Vec<String> = records(&out.stdout).iter().map(|r| r.source().path.clone()).collect();
    assert_eq!(paths, vec!["a.txt", "b.txt.gz", "f.txt.gz"]);
}

#[test]
fn broken_gzip_bundle_keeps_its_good_lines_and_names_where_it_broke() {
    let dir = tempdir();
    // Lines that do not compress away, so the cut falls well inside the stream.
    let mut bundle = String::new();
    let mut state: u64 = 7;
    for i in 0..400 {
        let words: Vec<String> = (0..12)
            .map(|_| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                format!("w{:x}", state >> 40)
            })
            .collect();
        bundle.push_str(&format!("{{\"id\": \"{i}\", \"text\": \"Talks in Moscow: {}.\"}}\n", words.join(" ")));
    }
    let gz = gzip(bundle.as_bytes());
    write(dir.path(), "cut.jsonl.gz", &gz[..gz.len() / 2]);
    let out = newsx(&["extract", dir.path().to_str().unwrap(), "--ext", "jsonl"]);
    assert_eq!(out.status.code(), Some(1));
    assert_schema(&out.stdout);
    let recs = sources(&records(&out.stdout));
    let good = recs.len() - 1;
    assert!(good > 50 && good < 400, "about half the lines come through: {good}");
    for (i, r) in recs[..good].iter().enumerate() {
        assert_eq!(*r, src("cut.jsonl.gz", Some(i as u64 + 1), None));
    }
    assert_eq!(recs[good], src("cut.jsonl.gz", Some(good as u64 + 1), Some("bad_gzip")));
}

#[test]
fn long_line_is_an_error_record_and_the_stream_goes_on() {
    let long = format!(r#"{{"id": "long", "text": "{}"}}"#, "a".repeat(300));
    let input =
        format!("{}\n{long}\n{}\n", r#"{"id": "s1", "text": "Talks in Moscow."}"#, r#"{"id": "s2", "text": "Talks."}"#);
    let out = newsx_stdin(&["extract", "-", "--max-bytes", "100"], input.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out.stdout);
    assert_eq!(
        sources(&recs),
        vec![src("s1", None, None), src("-", Some(2), Some("too_large")), src("s2", None, None)]
    );
    assert_eq!(recs[1].source().bytes, long.len() as u64);
}

#[test]
fn bundles_give_the_same_bytes_for_any_thread_count() {
    let dir = tempdir();
    // Several batches' worth of lines, some of them bad, across two bundles.
    for (name, n) in [("a.jsonl", 200), ("b.jsonl.gz", 150)] {
        let mut lines = String::new();
        for i in 0..n {
            if i % 37 == 5 {
                lines.push_str("{broken\n");
            } else {
                lines.push_str(&format!("{{\"id\": \"{i}\", \"text\": \"{ARTICLE} Copy {i}.\"}}\n"));
            }
        }
        let bytes = if name.ends_with(".gz") { gzip(lines.as_bytes()) } else { lines.into_bytes() };
        write(dir.path(), name, &bytes);
    }
    let d = dir.path().to_str().unwrap();
    let one = newsx(&["extract", d, "--ext", "jsonl", "--jobs", "1"]);
    let two = newsx(&["extract", d, "--ext", "jsonl", "--jobs", "2"]);
    assert_eq!(records(&one.stdout).len(), 350);
    assert!(one.stdout == two.stdout, "--jobs 1 and --jobs 2 differ");
}

/// Row counts of every table, in a fixed order.
fn table_counts(db: &Connection) -> Vec<(&'static str, i64)> {
    ["documents", "people", "organizations", "locations", "dates", "agreements", "domains", "mentions", "errors"]
        .into_iter()
        .map(|t| (t, db.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap()))
        .collect()
}

/// What the tables should hold for these JSON Lines records.
fn expected_counts(recs: &[Output]) -> Vec<(&'static str, i64)> {
    let docs: Vec<&newsx::record::Record> =
        recs.iter().filter_map(|r| if let Output::Doc(d) = r { Some(&**d) } else { None }).collect();
    let sum = |f: &dyn Fn(&newsx::record::Record) -> usize| docs.iter().map(|d| f(d) as i64).sum::<i64>();
    vec![
        ("documents", docs.len() as i64),
        ("people", sum(&|d| d.people.len())),
        ("organizations", sum(&|d| d.organizations.len())),
        ("locations", sum(&|d| d.locations.len())),
        ("dates", sum(&|d| d.dates.len())),
        ("agreements", sum(&|d| d.agreements.len())),
        ("domains", sum(&|d| d.domains.len())),
        ("mentions", sum(&|d| d.mentions().count())),
        ("errors", (recs.len() - docs.len()) as i64),
    ]
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn sqlite_load_twice_duplicates_nothing() {
    let dir = tempdir();
    let input = dir.path().join("in");
    copy_dir(&root().join("corpus/seeds"), &input);
    let bundle = format!(
        "{}\n{}\n",
        r#"{"id": "n1", "text": "Tehran, 6 December 2025 (IRNA): Iran and Russia signed five memoranda of understanding in Moscow."}"#,
        "not json"
    );
    write(&input, "z.jsonl.gz", &gzip(bundle.as_bytes()));
    let db_path = dir.path().join("out.db");
    let jsonl = dir.path().join("out.jsonl");
    let run = |extra: &[&str]| {
        let mut args =
            vec!["extract", input.to_str().unwrap(), "--ext", "txt,jsonl", "--sqlite", db_path.to_str().unwrap()];
        args.extend_from_slice(extra);
        let out = newsx(&args);
        assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
        out
    };

    let first = run(&["-o", jsonl.to_str().unwrap()]);
    assert!(first.stdout.is_empty(), "with -o, records go to the file");
    let recs = records(&std::fs::read(&jsonl).unwrap());
    assert_eq!(recs.len(), 7);
    let expected = expected_counts(&recs);
    assert!(expected.iter().all(|(_, n)| *n > 0), "every table gets rows: {expected:?}");
    let db = Connection::open(&db_path).unwrap();
    assert_eq!(table_counts(&db), expected);
    let people_ids = |db: &Connection| -> String {
        db.query_row("SELECT group_concat(id) FROM (SELECT id FROM people ORDER BY id)", [], |r| r.get(0)).unwrap()
    };
    let ids_before = people_ids(&db);
    let Output::Doc(n1) = &recs[5] else { panic!("{:?}", recs[5]) };
    let bundled: (String, i64) = db
        .query_row("SELECT path, line FROM documents WHERE doc_id = ?1", [&n1.doc_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(bundled, ("z.jsonl.gz".to_string(), 1));
    let error: (String, i64, String) =
        db.query_row("SELECT path, line, kind FROM errors", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
    assert_eq!(error, ("z.jsonl.gz".to_string(), 2, "bad_json".to_string()));
    drop(db);

    // Without -o, nothing on stdout; the same input again changes nothing.
    let second = run(&[]);
    assert!(second.stdout.is_empty());
    let db = Connection::open(&db_path).unwrap();
    assert_eq!(table_counts(&db), expected);
    assert_eq!(people_ids(&db), ids_before, "unchanged records keep their rows");
    drop(db);

    // A changed rule set replaces the rows of every document, still once each.
    let rules = dir.path().join("rules");
    copy_dir(&root().join("rules"), &rules);
    let mut places = std::fs::OpenOptions::new().append(true).open(rules.join("places.toml")).unwrap();
    writeln!(places, "# a change that only moves the fingerprint").unwrap();
    run(&["--rules", rules.to_str().unwrap(), "-o", jsonl.to_str().unwrap()]);
    let recs = records(&std::fs::read(&jsonl).unwrap());
    let Output::Doc(first_doc) = &recs[0] else { panic!() };
    let db = Connection::open(&db_path).unwrap();
    assert_eq!(table_counts(&db), expected);
    assert_ne!(people_ids(&db), ids_before, "rows of the old rule set were replaced");
    let fingerprints: Vec<String> = db
        .prepare("SELECT DISTINCT rules FROM documents")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(fingerprints, vec![first_doc.pipeline.rules.clone()]);
    let fk: i64 = db.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 0, "no row points at a missing document");
}

/// The example queries of the README, run on documents whose answers are known.
#[test]
fn sqlite_readme_queries_answer_exactly() {
    let dir = tempdir();
    let input = dir.path().join("in");
    write(
        &input,
        "a.txt",
        b"Tehran, 6 December 2025 (IRNA): Iran and Russia signed five memoranda of understanding on artificial \
          intelligence in Moscow. Mehdi Safarinia, head of Pardis Technology Park, attended.\n",
    );
    write(
        &input,
        "b.txt",
        b"Tehran, 23 July 2024 (TDI): Iran and Russia signed two memoranda of understanding on cybersecurity.\n",
    );
    write(
        &input,
        "c.txt",
        b"Beijing, 3 March 2025 (Xinhua): China and Russia signed three memoranda of understanding on cybersecurity.\n",
    );
    let db_path = dir.path().join("news.db");
    let out = newsx(&["extract", input.to_str().unwrap(), "--sqlite", db_path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let db = Connection::open(&db_path).unwrap();
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let rows = |sql: &str| -> Vec<Vec<String>> {
        assert!(readme.contains(sql), "README shows this query as it is tested:\n{sql}");
        let mut stmt = db.prepare(sql).unwrap();
        let n = stmt.column_count();
        stmt.query_map([], |r| {
            (0..n)
                .map(|i| {
                    r.get_ref(i).map(|v| match v {
                        rusqlite::types::ValueRef::Null => "NULL".to_string(),
                        rusqlite::types::ValueRef::Integer(i) => i.to_string(),
                        other => String::from_utf8_lossy(other.as_bytes().unwrap()).into_owned(),
                    })
                })
                .collect()
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    assert_eq!(rows(MOUS_BY_IRAN_IN_2025), vec![row(&["a.txt", "2025-12-06", "5", "five memoranda of understanding"])]);
    assert_eq!(
        rows(PEOPLE_PER_ORGANIZATION),
        vec![row(&["Pardis Technology Park", "Mehdi Safarinia", "head of Pardis Technology Park", "1"])]
    );
    assert_eq!(
        rows(DOCUMENTS_PER_DOMAIN_PER_MONTH),
        vec![
            row(&["2024-07", "cybersecurity", "1"]),
            row(&["2025-03", "cybersecurity", "1"]),
            row(&["2025-12", "artificial intelligence", "1"]),
        ]
    );
}

const MOUS_BY_IRAN_IN_2025: &str = "\
SELECT d.path, coalesce(a.date, d.published) AS signed, a.count, a.text
FROM agreements a JOIN documents d ON d.id = a.document
WHERE a.instrument = 'mou'
  AND EXISTS (SELECT 1 FROM json_each(a.parties) WHERE value = 'Iran')
  AND coalesce(a.date, d.published) LIKE '2025%'
ORDER BY signed, d.path;";

const PEOPLE_PER_ORGANIZATION: &str = "\
SELECT o.name AS organization, p.name AS person, p.role, count(DISTINCT p.document) AS documents
FROM people p JOIN organizations o ON o.document = p.document
WHERE p.affiliation = o.name OR instr(p.role, o.name) > 0
GROUP BY organization, person, p.role
ORDER BY organization, documents DESC, person;";

const DOCUMENTS_PER_DOMAIN_PER_MONTH: &str = "\
SELECT substr(d.published, 1, 7) AS month, m.name AS domain, count(DISTINCT d.id) AS documents
FROM domains m JOIN documents d ON d.id = m.document
WHERE d.published IS NOT NULL
GROUP BY month, domain
ORDER BY month, documents DESC, domain;";

#[test]
fn sqlite_error_rows_follow_their_inputs() {
    let dir = tempdir();
    let input = dir.path().join("in");
    let bad = write(&input, "a.txt.gz", b"not gzip yet");
    let db_path = dir.path().join("news.db");
    let args = ["extract", input.to_str().unwrap(), "--sqlite", db_path.to_str().unwrap()];
    assert_eq!(newsx(&args).status.code(), Some(1));
    assert_eq!(newsx(&args).status.code(), Some(1));
    let count = |sql: &str| -> i64 { Connection::open(&db_path).unwrap().query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM errors WHERE path = 'a.txt.gz' AND kind = 'bad_gzip'"), 1);
    std::fs::write(&bad, gzip(b"Talks in Moscow.")).unwrap();
    assert_eq!(newsx(&args).status.code(), Some(0));
    assert_eq!(count("SELECT count(*) FROM errors"), 0, "the input reads now");
    assert_eq!(count("SELECT count(*) FROM documents WHERE path = 'a.txt.gz'"), 1);
}

#[test]
fn a_database_of_another_layout_or_no_database_is_refused() {
    let dir = tempdir();
    let db_path = dir.path().join("other.db");
    Connection::open(&db_path).unwrap().pragma_update(None, "user_version", 7).unwrap();
    let out = newsx(&["extract", "corpus", "--sqlite", db_path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("other.db: database layout version 7; this newsx writes version 1"), "{stderr}");
    // Not a database at all: said once, with the file's name.
    let text = write(dir.path(), "notes.txt", b"Not a database, but long enough to have a header's worth of bytes.");
    let out = newsx(&["extract", "corpus", "--sqlite", text.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected = format!("error: cannot open the database: {}: file is not a database\n", text.display());
    assert!(stderr.ends_with(&expected), "{stderr}");
}

#[test]
fn no_progress_bar_off_a_terminal() {
    let dir = tempdir();
    write(dir.path(), "a.txt", b"Talks were held in Moscow.");
    let out = newsx(&["extract", dir.path().to_str().unwrap()]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "only the summary line: {stderr:?}");
    assert!(stderr.starts_with("newsx: 1 documents, 0 error records"), "{stderr:?}");
    let quiet = newsx(&["extract", dir.path().to_str().unwrap(), "--quiet"]);
    assert!(quiet.stderr.is_empty());
}

/// What `newsx args` shows on a terminal (a pseudo-terminal from util-linux
/// `script`), escape sequences removed.
fn on_a_terminal(args: &str) -> String {
    let command = format!("{} {args}", env!("CARGO_BIN_EXE_newsx"));
    let out = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(root())
        .stdin(Stdio::null())
        .output()
        .expect("run script (util-linux)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let screen = String::from_utf8_lossy(&out.stdout).replace('\r', "\n");
    let escapes = regex::Regex::new(r"\x1b\[[0-9;?]*[A-Za-z]").unwrap();
    escapes.replace_all(&screen, "").into_owned()
}

#[test]
fn progress_bar_on_a_terminal_unless_quiet() {
    let dir = tempdir();
    let target = dir.path().join("out.jsonl");
    let screen = on_a_terminal(&format!("extract corpus/seeds -o {}", target.display()));
    assert!(screen.contains(" documents, 0 B"), "a bar was drawn: {screen:?}");
    let last = screen.lines().rfind(|l| !l.trim().is_empty()).unwrap_or_default();
    assert!(last.starts_with("newsx: 5 documents, 0 error records"), "the bar is cleared before the summary: {last:?}");
    assert_eq!(records(&std::fs::read(&target).unwrap()).len(), 5);
    let quiet = on_a_terminal(&format!("extract corpus/seeds --quiet -o {}", target.display()));
    assert_eq!(quiet.trim(), "", "nothing with --quiet");
}

/// `-o` on something that is not a regular file (here a named pipe, as
/// `/dev/null` is a device) writes into it; renaming a file over it, as for
/// an ordinary output, would replace the pipe or device with a file.
#[test]
fn output_to_a_named_pipe_writes_into_the_pipe() {
    let dir = tempdir();
    let fifo = dir.path().join("records.pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("run mkfifo (coreutils)");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let out = newsx(&["extract", "corpus/seeds", "--quiet", "-o", fifo.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Checked before joining: a reader left waiting on a replaced pipe
    // would never return.
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo(), "still a pipe");
    assert_eq!(records(&reader.join().unwrap()).len(), 5);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("records.pipe")], "no temporary file");
}
