//! The pipeline: inputs → documents → extractions → records → sink.
//!
//! A bounded pipeline: the calling thread walks the inputs and hands them to
//! worker threads, which read, extract and serialize each one; the calling
//! thread hands the records back in input order to a [`RecordSink`] (JSON
//! Lines, SQLite). A fixed number of inputs is in
//! flight at any time, so memory does not grow with the corpus, and output
//! bytes do not depend on the thread count.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{mpsc, Mutex};
use std::thread;
use std::time::Instant;

use crate::corpus::{self, Document, Encoding, Input, ReadError};
use crate::extract::{Doc, Early, Extraction, Extractor, Found};
use crate::record::{self, ErrorInfo, ErrorRecord, Mention, Output, Record, Source};
use crate::rules::{Example, RuleError, RuleSet};
use crate::sink::{Entry, RecordSink};
use crate::text::{self, CharIndex};

/// Inputs read or extracted but not yet written, per worker thread: room
/// for a worker to hand over [`HAND_OVER`] lines and keep working.
const IN_FLIGHT_PER_JOB: usize = 32;

/// Lines a worker hands to the writing thread at once, when more input is
/// waiting (less when none is). Each hand-over may wake a thread: 16 rather
/// than 4 made a two-worker run 5% faster.
const HAND_OVER: usize = 16;

/// Default cap on one input file.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Counts reported at the end of a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub documents: u64,
    pub errors: u64,
    pub values: u64,
    pub bytes: u64,
    pub seconds: f64,
}

impl Summary {
    pub fn mb_per_second(&self) -> f64 {
        if self.seconds > 0.0 {
            self.bytes as f64 / 1e6 / self.seconds
        } else {
            0.0
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "newsx: {} documents, {} error records, {} values, {:.1} MB in {:.2} s ({:.1} MB/s)",
            self.documents,
            self.errors,
            self.values,
            self.bytes as f64 / 1e6,
            self.seconds,
            self.mb_per_second()
        )
    }
}

/// One input's output line, with what the summary counts.
struct Line {
    /// Only for a sink that wants records.
    output: Option<Output<'static>>,
    bytes: Vec<u8>,
    is_err: bool,
    values: u64,
    /// The input's size.
    input_bytes: u64,
    /// The document's size (0 for an error record).
    source_bytes: u64,
}

/// A compiled rule set plus what a run needs to turn documents into records.
pub struct Pipeline {
    extractor: Extractor,
    version: String,
}

impl Pipeline {
    pub fn new(rules: &RuleSet) -> Result<Pipeline, RuleError> {
        Pipeline::with_early(rules, Extractor::early(&rules.lists))
    }

    /// [`Pipeline::new`], with what [`Extractor::early`] started from the
    /// same rules' lists while they loaded ([`crate::rules::load_embedded_with`]).
    pub fn with_early(rules: &RuleSet, early: Early) -> Result<Pipeline, RuleError> {
        Ok(Pipeline { extractor: Extractor::with_early(rules, early)?, version: env!("CARGO_PKG_VERSION").to_string() })
    }

    pub fn extractor(&self) -> &Extractor {
        &self.extractor
    }

    /// Extracts one decoded document into its record, which borrows from both.
    pub fn process<'a>(&'a self, doc: &'a Document) -> Record<'a> {
        // Rules read a hard-wrapped text with its wraps as spaces; the
        // record's mention texts still come from the source itself.
        let flat = text::unwrap_hard_breaks(&doc.text);
        let view = Doc::new(flat.as_deref().unwrap_or(&doc.text), doc.meta.published.as_deref());
        let ex = self.extractor.extract(&view);
        self.build(doc, &view, ex)
    }

    /// Reads and extracts one input; failures become error records.
    pub fn process_input(&self, input: &Input, max_bytes: u64) -> Output<'static> {
        self.with_output(input, max_bytes, |output| output.into_owned())
    }

    /// Reads and extracts one input and hands its output to `f` while the
    /// document lives, for the record borrows from it; failures become error
    /// records.
    fn with_output<R>(&self, input: &Input, max_bytes: u64, f: impl FnOnce(Output<'_>) -> R) -> R {
        match corpus::read(input, max_bytes) {
            // A bug in an extractor must cost one document, not a long run:
            // its panic (still printed on stderr) becomes an `internal` error record.
            Ok(doc) => match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.process(&doc))) {
                Ok(record) => f(Output::Doc(Box::new(record))),
                Err(panic) => {
                    let what = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    let message = format!("{}: extraction failed, a bug in newsx: {what}", input.rel());
                    f(error_output(input, &ReadError { kind: "internal", message }))
                }
            },
            Err(err) => f(error_output(input, &err)),
        }
    }

    /// Runs over `inputs` with `jobs` worker threads, handing one record per
    /// input to `out` (any `io::Write` takes JSON Lines), in input order. Stops at the first write error (a closed
    /// pipe, a full disk).
    ///
    /// The calling thread walks the inputs and writes; the workers read,
    /// extract and serialize. At most [`IN_FLIGHT_PER_JOB`] × `jobs` inputs are
    /// between the two at any time, so memory does not grow with the corpus,
    /// and a slow document holds back only that many others.
    pub fn run<I, S>(&self, inputs: I, max_bytes: u64, jobs: usize, out: &mut S) -> io::Result<Summary>
    where
        I: IntoIterator<Item = Input>,
        S: RecordSink + ?Sized,
    {
        let started = Instant::now();
        let jobs = jobs.max(1);
        let records = out.wants_records();
        let window = IN_FLIGHT_PER_JOB * jobs;
        let mut summary = Summary::default();
        let (work_tx, work_rx) = mpsc::sync_channel::<(u64, Input)>(window);
        let work_rx = Mutex::new(work_rx);
        let (done_tx, done_rx) = mpsc::sync_channel::<Vec<(u64, thread::Result<Line>)>>(window);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .thread_name(|i| format!("newsx-worker-{i}"))
            .build()
            .map_err(|e| io::Error::other(format!("cannot start {jobs} worker threads: {e}")))?;
        // The calling thread walks and writes; the pool's threads each run one
        // worker loop.
        let result = pool.in_place_scope(|scope| -> io::Result<()> {
            // Owned here so that leaving early (a write error, a panic) drops it,
            // which unblocks any worker waiting to hand over a line.
            let done_rx = done_rx;
            for _ in 0..jobs {
                let (work_rx, done_tx) = (&work_rx, done_tx.clone());
                scope.spawn(move |_| {
                    // Lines are handed over a few at a time: a hand-over can
                    // wake the writing thread, and waking it for every
                    // document cost a twentieth of a run. A worker hands over
                    // what it holds before it can wait for anything.
                    let mut done: Vec<(u64, thread::Result<Line>)> = Vec::with_capacity(HAND_OVER);
                    loop {
                        // Without waiting: the lock is free and an input is queued.
                        let ready = match work_rx.try_lock() {
                            Ok(rx) => rx.try_recv().map_err(|e| e == mpsc::TryRecvError::Disconnected),
                            Err(_) => Err(false),
                        };
                        let (seq, input) = match ready {
                            Ok(item) => item,
                            Err(over) => {
                                if !done.is_empty() && done_tx.send(std::mem::take(&mut done)).is_err() {
                                    return;
                                }
                                if over {
                                    return;
                                }
                                // The lock is held only to take the next input.
                                let Ok(Ok(item)) = work_rx.lock().map(|rx| rx.recv()) else { return };
                                item
                            }
                        };
                        let line = panic::catch_unwind(AssertUnwindSafe(|| self.line(&input, max_bytes, records)));
                        done.push((seq, line));
                        if done.len() >= HAND_OVER && done_tx.send(std::mem::take(&mut done)).is_err() {
                            return;
                        }
                    }
                });
            }
            drop(done_tx);
            let mut inputs = inputs.into_iter();
            let (mut sent, mut written) = (0u64, 0u64);
            // Lines that arrived before an earlier one, by sequence number.
            let mut pending: BTreeMap<u64, Line> = BTreeMap::new();
            let mut work_tx = Some(work_tx);
            loop {
                // Keep the workers fed up to the window.
                while sent - written < window as u64 {
                    let Some(tx) = &work_tx else { break };
                    match inputs.next() {
                        Some(input) => {
                            // A send fails only when every worker is gone, which
                            // the receive below reports.
                            let _ = tx.send((sent, input));
                            sent += 1;
                        }
                        None => work_tx = None,
                    }
                }
                if written == sent {
                    break;
                }
                let Ok(lines) = done_rx.recv() else {
                    return Err(io::Error::other("worker threads stopped before the input was done"));
                };
                for (seq, line) in lines {
                    match line {
                        Ok(line) => pending.insert(seq, line),
                        // A bug in an extractor: fail as loudly as a single thread would.
                        Err(payload) => panic::resume_unwind(payload),
                    };
                }
                while let Some(line) = pending.remove(&written) {
                    out.record(&Entry {
                        line: &line.bytes,
                        output: line.output.as_ref(),
                        is_error: line.is_err,
                        bytes: line.input_bytes,
                    })?;
                    if line.is_err {
                        summary.errors += 1;
                    } else {
                        summary.documents += 1;
                    }
                    summary.values += line.values;
                    summary.bytes += line.source_bytes;
                    written += 1;
                    // Records reach a reader (a pipe's, a database's) a window at a time.
                    if written % window as u64 == 0 {
                        out.end_batch()?;
                    }
                }
            }
            Ok(())
        });
        // On a write error the workers stop at their next send: `done_rx` is gone.
        result?;
        out.end_batch()?;
        summary.seconds = started.elapsed().as_secs_f64();
        Ok(summary)
    }

    /// Reads, extracts and serializes one input: its JSON line, newline
    /// included, and its record if `records`.
    fn line(&self, input: &Input, max_bytes: u64, records: bool) -> Line {
        self.with_output(input, max_bytes, |output| {
            let (is_err, values, source_bytes, mentions) = match &output {
                Output::Doc(r) => (false, r.value_count() as u64, r.source.bytes, r.mentions().count()),
                Output::Error(_) => (true, 0, 0, 0),
            };
            // A line takes about 150 bytes a mention: sized for that, the buffer
            // is rarely grown, where `to_vec`'s 128 bytes took seven reallocations
            // and copies for a typical record.
            let mut bytes = Vec::with_capacity(512 + 160 * mentions);
            output.write_json(&mut bytes);
            bytes.push(b'\n');
            let input_bytes = output.source().bytes;
            let output = records.then(|| output.into_owned());
            Line { output, bytes, is_err, values, input_bytes, source_bytes }
        })
    }

    /// Turns an extraction into a record: byte spans become source and char
    /// offsets, sentence indexes and rule names, once, here. The extraction's
    /// values move into the record rather than being copied.
    fn build<'a>(&'a self, doc: &'a Document, view: &Doc<'_>, ex: Extraction) -> Record<'a> {
        let chars = CharIndex::new(&doc.text);
        let mention = |f: &Found| -> Mention {
            let (char_start, char_end) = chars.char_span(f.span);
            // Windows-1252 is one byte per char: source offsets are char offsets.
            let (start, end) = match doc.encoding {
                Encoding::Utf8 => (f.span.start, f.span.end),
                Encoding::Windows1252 => (char_start, char_end),
            };
            Mention {
                start,
                end,
                char_start,
                char_end,
                text: Cow::Borrowed(&doc.text[f.span.range()]),
                sentence: view.sentences.index_of(f.span.start),
                rule: Cow::Borrowed(self.extractor.rule_name(f.rule)),
            }
        };
        let mentions = |fs: &[Found]| fs.iter().map(mention).collect::<Vec<_>>();
        Record {
            schema: record::SCHEMA,
            doc_id: doc.doc_id.clone(),
            source: Source { path: doc.rel.clone(), bytes: doc.bytes, line: doc.line },
            url: doc.meta.url.clone(),
            title: doc.meta.title.clone(),
            warnings: doc.warnings.clone(),
            published: ex.published.map(|p| record::Published {
                value: p.value,
                from: p.from.to_string(),
                mentions: mentions(&p.mentions),
            }),
            people: ex
                .people
                .into_iter()
                .map(|p| record::Person {
                    name: p.name,
                    role: p.role,
                    affiliation: p.affiliation,
                    mentions: mentions(&p.mentions),
                })
                .collect(),
            organizations: ex
                .orgs
                .into_iter()
                .map(|o| record::Organization { name: o.name, aliases: o.aliases, mentions: mentions(&o.mentions) })
                .collect(),
            locations: ex
                .places
                .into_iter()
                .map(|p| record::Location { name: p.name, kind: p.kind, mentions: mentions(&p.mentions) })
                .collect(),
            dates: ex
                .dates
                .into_iter()
                .map(|d| record::DateValue { value: d.value, text: d.text, mentions: mentions(&d.mentions) })
                .collect(),
            agreements: ex
                .agreements
                .into_iter()
                .map(|a| record::Agreement {
                    instrument: a.instrument,
                    count: a.count,
                    text: a.text,
                    parties: a.parties,
                    date: a.date,
                    location: a.location,
                    domains: a.domains,
                    mentions: mentions(&a.mentions),
                })
                .collect(),
            domains: ex
                .domains
                .into_iter()
                .map(|d| record::Domain { name: d.name, mentions: mentions(&d.mentions) })
                .collect(),
            pipeline: record::PipelineInfo {
                version: self.version.clone(),
                rules: self.extractor.fingerprint().to_string(),
            },
        }
    }
}

fn error_output(input: &Input, err: &ReadError) -> Output<'static> {
    let bytes = match input {
        Input::File(f) => std::fs::symlink_metadata(&f.path).map(|m| m.len()).unwrap_or(0),
        Input::Line(l) => l.bytes,
    };
    Output::Error(ErrorRecord {
        schema: record::SCHEMA,
        source: Source { path: input.rel().to_string(), bytes, line: input.line() },
        error: ErrorInfo { kind: err.kind.to_string(), message: err.message.clone() },
    })
}

/// One value of a record, flattened for rule examples: (rule, mention text, value).
pub fn flatten(record: &Record) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    if let Some(p) = &record.published {
        if p.mentions.is_empty() {
            // A date given from outside has no evidence in the text.
            out.push(("published.metadata".to_string(), String::new(), p.value.clone()));
        }
    }
    let mut push = |ms: &[Mention], value: &str| {
        for m in ms {
            out.push((m.rule.to_string(), m.text.to_string(), value.to_string()));
        }
    };
    if let Some(p) = &record.published {
        push(&p.mentions, &p.value);
    }
    for v in &record.people {
        push(&v.mentions, &v.name);
    }
    for v in &record.organizations {
        push(&v.mentions, &v.name);
    }
    for v in &record.locations {
        push(&v.mentions, &v.name);
    }
    for v in &record.dates {
        push(&v.mentions, &v.value);
    }
    for v in &record.agreements {
        let count = v.count.map(|c| c.to_string()).unwrap_or_else(|| "null".into());
        push(&v.mentions, &format!("{}:{}", v.instrument, count));
    }
    for v in &record.domains {
        push(&v.mentions, &v.name);
    }
    out
}

/// A rule example that did not come out as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    pub origin: String,
    pub text: String,
    pub problem: String,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: rule {}: {}\n    in: {:?}", self.origin, self.rule, self.problem, self.text)
    }
}

/// Runs every rule's examples (and, as nlprule does, each again behind a
/// one-byte shift, to catch offset bugs). Returns every failure.
pub fn run_examples(rules: &RuleSet, pipeline: &Pipeline) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    for (rule, origin, ex) in rules.examples() {
        for shift in ["", " "] {
            let text = format!("{shift}{}", ex.text);
            if let Some(problem) = check_example(rules, pipeline, rule, ex, &text) {
                failures.push(ExampleFailure {
                    rule: rule.to_string(),
                    origin: origin.to_string(),
                    text: text.clone(),
                    problem,
                });
                break;
            }
        }
    }
    failures
}

fn check_example(rules: &RuleSet, pipeline: &Pipeline, rule: &str, ex: &Example, text: &str) -> Option<String> {
    // A veto pattern produces no values: its examples say what it matches.
    if let Some(p) = rules.patterns.iter().find(|p| p.id == rule && p.tag == "veto") {
        let hits: Vec<&str> = p.regex.find_iter(text).map(|m| &text[m]).collect();
        return match &ex.expect {
            Some(e) if !hits.contains(&e.as_str()) => {
                Some(format!("expected the veto to match {e:?}; it matched {hits:?}"))
            }
            None if !hits.is_empty() => Some(format!("counter-example matched: {hits:?}")),
            _ => None,
        };
    }
    let meta = corpus::DocMeta { published: ex.published.clone(), ..Default::default() };
    let doc = match corpus::decode("example".into(), text.as_bytes().to_vec(), meta) {
        Ok(d) => d,
        Err(e) => return Some(format!("cannot decode: {}", e.message)),
    };
    let record = pipeline.process(&doc);
    let got = flatten(&record);
    // A list or pattern that no extractor reports under its own id (titles,
    // head words, trigger verbs) shows in the values it makes possible: its
    // examples are checked against every mention.
    let produces = pipeline.extractor().produces(rule) || rule == "published.metadata";
    let by_rule: Vec<&(String, String, String)> = got.iter().filter(|(r, _, _)| !produces || r == rule).collect();
    let all = || got.iter().map(|(r, t, v)| format!("{r}: {t:?} → {v:?}")).collect::<Vec<_>>().join("; ");
    match &ex.expect {
        Some(expect) => {
            let hit = by_rule.iter().find(|(_, t, _)| t == expect);
            match (hit, &ex.value) {
                (None, _) => Some(format!("expected a match {expect:?}; got [{}]", all())),
                (Some((_, _, v)), Some(value)) if v != value => {
                    Some(format!("match {expect:?} has value {v:?}, expected {value:?}"))
                }
                _ => None,
            }
        }
        None => {
            if by_rule.is_empty() {
                None
            } else {
                Some(format!("counter-example matched: {:?}", by_rule.iter().map(|(_, t, _)| t).collect::<Vec<_>>()))
            }
        }
    }
}
