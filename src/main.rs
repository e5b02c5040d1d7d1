//! The `newsx` command: parses flags, calls the library, maps outcomes to
//! exit codes (0 all inputs became documents, 1 some became error records,
//! 2 fatal: bad flags, bad rules, unwritable output).

// Records are built on the worker threads and freed on the writing thread;
// jemalloc handles that hand-over, and the many small strings, in fewer
// instructions than glibc's malloc: 10% more MB/s for 7 MB more peak memory
// (README, Speed).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};

use newsx::corpus::{self, Selection};
use newsx::extract::Extractor;
use newsx::pipeline::{self, DEFAULT_MAX_BYTES};
use newsx::progress::Progress;
use newsx::rules::{self, RuleSet};
use newsx::sink::{self, sqlite::Db, Jsonl, Sink};
use newsx::{eval, Pipeline};

const EXIT_HELP: &str = "Exit status: 0 when every input became a document; 1 when some inputs became error \
records (all others are still written); 2 on a fatal error (bad flags, bad rules, unwritable output), \
with a message saying what and where.";

#[derive(Parser)]
#[command(name = "newsx", version, about = "Structured, traceable records from dumps of news articles.", after_help = EXIT_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract people, organizations, locations, dates, agreements and domains
    /// from article files, bundles or standard input, as JSON Lines (one record
    /// per document) or into a SQLite database.
    #[command(after_help = EXIT_HELP)]
    Extract(ExtractArgs),
    /// Score extractions against gold annotations (NAME.txt + NAME.gold.json):
    /// precision, recall and F1 per field.
    Eval(EvalArgs),
    /// Check or test the rule files.
    #[command(subcommand)]
    Rules(RulesCommand),
}

#[derive(Args)]
struct RuleArgs {
    /// Rule directory to use instead of the rules built into the binary.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
}

#[derive(Args)]
struct ExtractArgs {
    /// Files or directories (walked recursively, in sorted order) [default:
    /// corpus]. `-` reads JSON Lines documents from standard input:
    /// {"id": …, "text": …, "published"?: …, "url"?: …, "title"?: …}.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Read JSON Lines documents from standard input (the same as the path `-`).
    #[arg(long, conflicts_with = "paths")]
    stdin: bool,
    /// Write records to FILE (atomically: complete or not at all) instead of
    /// stdout. `-` is stdout, which with --sqlite writes both.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Write results into this SQLite database, created or updated in place
    /// (upserts by doc_id: a re-run never duplicates). JSON Lines are then
    /// written only with -o.
    #[arg(long, value_name = "FILE")]
    sqlite: Option<PathBuf>,
    #[command(flatten)]
    rules: RuleArgs,
    /// Worker threads (default: all cores). Output is identical for any value.
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
    /// Comma-separated extensions of article files in directories; each also
    /// matches its gzip form (`txt` takes a.txt and a.txt.gz). `jsonl` files
    /// are bundles of one document per line.
    #[arg(long, value_name = "LIST", default_value = "txt", value_delimiter = ',')]
    ext: Vec<String>,
    /// Inputs larger than this many bytes become error records.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// Follow symbolic links while walking directories.
    #[arg(long)]
    follow: bool,
    /// No progress bar and no summary line on stderr.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Args)]
struct EvalArgs {
    /// Directory of NAME.txt + NAME.gold.json pairs.
    #[arg(long, value_name = "DIR")]
    gold: PathBuf,
    /// Score this JSON Lines file of records instead of extracting the gold
    /// directory's articles.
    #[arg(long, value_name = "FILE")]
    pred: Option<PathBuf>,
    #[command(flatten)]
    rules: RuleArgs,
    /// Print one JSON object instead of tables.
    #[arg(long)]
    json: bool,
    /// Also list, per document and field, missed gold entries and spurious predictions.
    #[arg(long)]
    per_doc: bool,
}

#[derive(Subcommand)]
enum RulesCommand {
    /// Validate the rule files; report file:line for every problem.
    Check(RuleArgs),
    /// Run every rule's examples and counter-examples; list every failure.
    Test(RuleArgs),
    /// List every rule id with where it is defined.
    List(RuleArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            note(format_args!("newsx: error: {err:#}"));
            ExitCode::from(2)
        }
    }
}

/// Writes a line to standard error, ignoring failure: a closed stderr
/// (`newsx extract … 2>&1 | head -1`) must not turn a finished run into a
/// panic, and there is nowhere left to report it.
fn note(line: impl std::fmt::Display) {
    writeln!(io::stderr(), "{line}").ok();
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
}

fn load_rules(args: &RuleArgs) -> Result<RuleSet> {
    Ok(match &args.rules {
        Some(dir) => rules::load_dir(dir)?,
        None => rules::load_embedded()?,
    })
}

/// Loads and compiles the rules and runs every rule's own examples: a rule
/// whose example fails is as broken as one whose regex does not compile, and
/// either must stop the run before any document is read. The built-in rules
/// are skipped: `cargo test` ran their examples on the very files embedded in
/// this binary, and the run would cost a tenth of a second at every start.
/// `rules check` asks for them whatever the rules.
fn load_pipeline(args: &RuleArgs, check_builtin: bool) -> Result<(RuleSet, Pipeline)> {
    // The largest word-list automaton starts building from the lists while
    // the patterns compile.
    let (rules, early) = match &args.rules {
        Some(dir) => rules::load_dir_with(dir, Extractor::early)?,
        None => rules::load_embedded_with(Extractor::early)?,
    };
    let pipeline = Pipeline::with_early(&rules, early)?;
    if args.rules.is_none() && !check_builtin {
        return Ok((rules, pipeline));
    }
    let failures = pipeline::run_examples(&rules, &pipeline);
    if !failures.is_empty() {
        let list: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
        bail!("{} rule example(s) fail; fix the rule or its example:\n{}", failures.len(), list.join("\n"));
    }
    Ok((rules, pipeline))
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Extract(args) => extract(args),
        Command::Eval(args) => evaluate(args),
        Command::Rules(cmd) => rules_cmd(cmd),
    }
}

fn extract(args: ExtractArgs) -> Result<ExitCode> {
    let (rules, pipeline) = load_pipeline(&args.rules, false)?;
    // The rule set's hundreds of thousands of strings are freed on a thread
    // of their own (here, if none starts): a tenth of the start-up's
    // critical path otherwise.
    let _ = std::thread::Builder::new().name("newsx-free-rules".into()).spawn(move || drop(rules));
    let jobs = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
    let exts: Vec<String> =
        args.ext.iter().map(|e| e.trim().trim_start_matches('.').to_string()).filter(|e| !e.is_empty()).collect();
    let selection = Selection { exts, follow: args.follow };
    let paths = match (args.stdin, args.paths.is_empty()) {
        (true, _) => vec![PathBuf::from(corpus::STDIN_PATH)],
        (false, true) => vec![PathBuf::from("corpus")],
        (false, false) => args.paths,
    };
    // `-o -` is standard output, asked for by name (with --sqlite, as well).
    let to_stdout = args.output.as_deref() == Some(Path::new("-"));
    let output = args.output.filter(|_| !to_stdout);
    if output.is_some() {
        remove_partial_output_on_signal().context("cannot install signal handlers")?;
    }
    let db = match &args.sqlite {
        Some(path) => Some(Db::open(path).context("cannot open the database")?),
        None => None,
    };
    let jsonl = match (&db, &output) {
        (Some(_), None) if !to_stdout => None,
        (_, output) => Some(Jsonl::open(output.as_deref()).with_context(|| {
            format!("cannot create output {}", output.as_deref().unwrap_or("-".as_ref()).display())
        })?),
    };
    let show_progress = !args.quiet && io::stderr().is_terminal();
    let mut sink = Progress::new(Sink::new(jsonl, db), show_progress, &paths, &selection);
    let inputs = corpus::inputs(&paths, &selection, args.max_bytes);
    let summary = pipeline.run(inputs, args.max_bytes, jobs, &mut sink).context("writing records")?;
    sink.finish().finish().context("finishing output")?;
    // Tens of megabytes of automata, freed by the exit anyway: dropping them
    // piece by piece would cost a noticeable share of a short run.
    std::mem::forget(pipeline);
    if !args.quiet {
        note(&summary);
    }
    Ok(if summary.errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// On SIGINT, SIGTERM or SIGHUP, removes the temporary file of the unfinished
/// `-o` output (the previous file under that name stays as it was), then dies
/// of the same signal, so that a shell or a scheduler sees the usual status.
fn remove_partial_output_on_signal() -> Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let _held = sink::remove_pending();
            signal_hook::low_level::emulate_default_handler(signal).ok();
            // Not reached: the default action of these signals ends the process.
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

fn evaluate(args: EvalArgs) -> Result<ExitCode> {
    let gold = eval::load_gold_dir(&args.gold)?;
    let records: Vec<serde_json::Value> = match &args.pred {
        Some(path) => sink::read_jsonl(path).with_context(|| format!("reading predictions {}", path.display()))?,
        None => {
            let (_, pipeline) = load_pipeline(&args.rules, false)?;
            let mut out = Vec::new();
            for g in &gold {
                let input = corpus::Input::file(g.name.clone(), g.txt_path.clone());
                let output = pipeline.process_input(&input, DEFAULT_MAX_BYTES);
                out.push(serde_json::to_value(&output)?);
            }
            out
        }
    };
    let report = eval::score(&gold, &records)?;
    let mut stdout = io::stdout().lock();
    if args.json {
        let mut value = report.to_json();
        if args.per_doc {
            value["per_doc"] = serde_json::Value::String(report.render_per_doc());
        }
        writeln!(stdout, "{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        write!(stdout, "{}", report.render_table())?;
        if args.per_doc {
            write!(stdout, "\n{}", report.render_per_doc())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn rules_cmd(cmd: RulesCommand) -> Result<ExitCode> {
    // Written with `?`, not println!, so that a closed pipe ends quietly.
    let mut out = io::stdout().lock();
    match cmd {
        RulesCommand::Check(args) => {
            let (rules, _) = load_pipeline(&args, true)?;
            writeln!(out, "ok: {} rules, {}", rules.rule_ids().len(), rules.fingerprint)?;
            Ok(ExitCode::SUCCESS)
        }
        RulesCommand::Test(args) => {
            let rules = load_rules(&args)?;
            let pipeline = Pipeline::new(&rules)?;
            let failures = pipeline::run_examples(&rules, &pipeline);
            let total = rules.examples().len();
            for f in &failures {
                writeln!(out, "FAIL {f}")?;
            }
            writeln!(out, "{} passed, {} failed", total - failures.len(), failures.len())?;
            Ok(if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        RulesCommand::List(args) => {
            let rules = load_rules(&args)?;
            for id in rules.rule_ids() {
                let origin = rules.origin(id).map(|o| o.to_string()).unwrap_or_default();
                writeln!(out, "{id}\t{origin}")?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
