//! Argument parsing and dispatch. Everything here is printing and wiring;
//! the work is done by the library.

mod demo;
mod print;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};
use fahras::analysis::{Analyzer, Mode};
use fahras::index::{IndexConfig, IndexObserver, Indexer};
use fahras::ingest::fields::{Field, FieldMap};
use fahras::ingest::source::Format;
use fahras::ingest::RecordError;
use fahras::search::{parse_date_bound, Ranking, SearchEngine, SearchRequest};

/// fahras (فهرس): search Arabic technology-news archives.
///
/// Index a dump of articles, then search it with Arabic-aware matching:
/// clitics (والمكتبات ~ مكتبة), hamza and alef variants, ة/ه, ى/ي,
/// diacritics, tatweel, Persian letters and Arabic-Indic digits all meet.
#[derive(Parser)]
#[command(name = "fahras", version, propagate_version = true)]
#[command(
    after_help = "Start with `fahras demo` to index the bundled sample archive and see example searches.\n\
Exit status: 0 success (search: hits found), 1 search found nothing, 2 error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Index article dumps into an index directory (created if needed).
    ///
    /// Inputs, detected by content and extension (--format overrides):
    ///   JSON Lines / NDJSON, JSON arrays, CSV and TSV with a header row,
    ///   WordPress exports (WXR XML), single HTML/text/Markdown files, and
    ///   directories of .html/.htm/.txt/.md files (walked recursively);
    ///   any of them gzip, zstd or bzip2 compressed, or `-` for stdin.
    /// Fields: id, title, body, date, url, source, category, tags are found
    ///   under common names (headline, content, text, published_at, link…);
    ///   --title-field PATH and friends name others, dotted for nested
    ///   objects (--date-field meta.published).
    /// Text: the encoding is detected per input (UTF-8 with or without BOM,
    ///   UTF-16, Windows-1256, ISO-8859-6; --encoding overrides); stored
    ///   text is NFC with control and bidi characters removed; HTML loses
    ///   scripts, menus, share buttons and comments; lines a source repeats
    ///   on many pages (footers, share prompts) are learned and removed
    ///   (--report-boilerplate shows them, --keep-boilerplate keeps them).
    /// Re-runs add only what is new or changed (by id and content hash);
    ///   exact duplicates under another id are reported and skipped; --full
    ///   rebuilds. Commits every --commit-every documents / --commit-secs
    ///   seconds; Ctrl-C commits and summarizes; after a crash, run the same
    ///   command again to finish the job.
    /// Bad records are reported as FILE:LINE with a reason, counted in the
    ///   summary, written to --errors FILE, and skipped (--strict stops).
    ///
    /// Examples:
    ///   fahras index --index news.idx dump-2019.jsonl dump-2020.jsonl.gz
    ///   fahras index --index news.idx site-export.xml scraped-pages/
    ///   fahras index --index news.idx --title-field headline.main --body-field story.text feed.json
    ///   zcat dump.csv.gz | fahras index --index news.idx --format csv --errors bad.jsonl -
    #[command(verbatim_doc_comment)]
    Index(IndexArgs),
    /// Search an index. Words are optional and ranked; "quoted phrases",
    /// +required and -excluded words are supported; OR is accepted.
    ///
    /// Examples:
    ///   fahras search --index news.idx بالمكتبات الرقمية
    ///   fahras search --index news.idx '+فيسبوك "الدفع الإلكتروني" -تويتر' --since 2018
    ///   fahras search --index news.idx --json -n 50 الخصوصية > hits.jsonl
    ///   fahras search --index news.idx --entity facebook --topic privacy
    ///   fahras search --index news.idx البنوك --boost-entity فيسبوك --explain
    ///
    /// Ranking: text relevance (BM25) + entity salience + topic score +
    /// recency, weighted as in schema/ranking.toml (change them with
    /// --ranking FILE or DIR/ranking.toml; --explain shows each part).
    /// Copies of one story from several outlets are shown once, with
    /// "also in: …" (--no-group lists them separately).
    #[command(verbatim_doc_comment)]
    Search(SearchArgs),
    /// Show how a text is analyzed: each token with its byte offsets.
    ///
    /// Example: fahras analyze "وبالمكتبات على الإنترنت بـiPhone"
    #[command(verbatim_doc_comment)]
    Analyze(AnalyzeArgs),
    /// Measure retrieval quality: nDCG@10, MAP, P@10, Recall@100, MRR.
    ///
    /// Runs every query of --queries (TSV: qid<TAB>query, optional header)
    /// against --index and scores the ranking with --qrels (TREC format);
    /// or scores an existing TREC run file given with --run.
    #[command(verbatim_doc_comment)]
    Eval(EvalArgs),
    /// Index the bundled sample archive (50 articles) and run example searches.
    Demo(DemoArgs),
    /// The entities most written about among matching stories, with counts
    /// (people the gazetteer lacks but the person rules found have ids
    /// person/~name; names a cue word typed, as in "شركة Stower", have ids
    /// org/~name, platform/~…, product/~…, media/~…).
    ///
    /// Examples:
    ///   fahras entities --index news.idx --top 20
    ///   fahras entities --index news.idx الخصوصية --since 2018 --until 2018
    ///   fahras entities --index news.idx --entity فيسبوك --json
    ///   fahras entities --index news.idx --candidates --top 50
    #[command(verbatim_doc_comment)]
    Entities(EntitiesArgs),
    /// The topics of matching stories, with counts (`technology`: the tech stories).
    ///
    /// Examples:
    ///   fahras topics --index news.idx
    ///   fahras topics --index news.idx --entity فيسبوك --since 2018 --json
    #[command(verbatim_doc_comment)]
    Topics(EntitiesArgs),
    /// What an index holds: stories, size, date range, sources, enrichment.
    ///
    /// Example: fahras stats --index news.idx --json
    #[command(verbatim_doc_comment)]
    Stats(StatsArgs),
    /// Delete stories by id (as shown by `search --json`).
    ///
    /// Example: fahras delete --index news.idx 12345 https://example.com/a
    #[command(verbatim_doc_comment)]
    Delete(DeleteArgs),
}

#[derive(Args)]
struct DeleteArgs {
    /// Index directory.
    #[arg(long, short = 'i', value_name = "DIR")]
    index: PathBuf,
    /// Ids of the stories to delete.
    #[arg(required = true, value_name = "ID")]
    ids: Vec<String>,
    /// Print the result as JSON on stdout.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct StatsArgs {
    /// Index directory.
    #[arg(long, short = 'i', value_name = "DIR")]
    index: PathBuf,
    /// One JSON object on stdout.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct EntitiesArgs {
    /// Index directory.
    #[arg(long, short = 'i', value_name = "DIR")]
    index: PathBuf,
    /// Only stories matching this query (optional).
    #[arg(value_name = "QUERY")]
    query: Vec<String>,
    /// How many to list.
    #[arg(long, default_value_t = 20)]
    top: usize,
    #[command(flatten)]
    filters: FilterArgs,
    /// One JSON object per line.
    #[arg(long)]
    json: bool,
    /// List instead the names the gazetteer does not know (Latin-script
    /// names and short quoted names), most frequent first: the candidates to
    /// add with --entities FILE. (`fahras entities` only.)
    #[arg(long)]
    candidates: bool,
}

#[derive(Args)]
struct IndexArgs {
    /// Index directory (created if it does not exist).
    #[arg(long, short = 'i', value_name = "DIR")]
    index: PathBuf,
    /// Files or directories to read (`-` for standard input).
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
    /// Input format: jsonl, json, csv, tsv, wxr, html, txt, md (default:
    /// detected per input from its extension and first bytes).
    #[arg(long, value_name = "FORMAT")]
    format: Option<String>,
    /// Key holding the id (JSON/CSV; dotted path for nested objects).
    #[arg(long, value_name = "PATH")]
    id_field: Option<String>,
    /// Key holding the title.
    #[arg(long, value_name = "PATH")]
    title_field: Option<String>,
    /// Key holding the body (HTML in it is turned into text).
    #[arg(long, value_name = "PATH")]
    body_field: Option<String>,
    /// Key holding the date.
    #[arg(long, value_name = "PATH")]
    date_field: Option<String>,
    /// Key holding the URL.
    #[arg(long, value_name = "PATH")]
    url_field: Option<String>,
    /// Key holding the source (outlet).
    #[arg(long, value_name = "PATH")]
    source_field: Option<String>,
    /// Key holding the category.
    #[arg(long, value_name = "PATH")]
    category_field: Option<String>,
    /// Rebuild the index from these inputs (delete every document first).
    #[arg(long)]
    full: bool,
    /// Keep lines a site repeats on many pages (footers, share prompts,
    /// comment counters) in the indexed bodies; by default they are learned
    /// per source from the inputs (a first pass over a sample of each
    /// file's records; not stdin) and removed from the stored and indexed
    /// bodies.
    #[arg(long)]
    keep_boilerplate: bool,
    /// Print the boilerplate lines learned per source (with --json: in the
    /// summary, under "boilerplate").
    #[arg(long, conflicts_with = "keep_boilerplate")]
    report_boilerplate: bool,
    /// Index articles whose title and text equal another's under a different
    /// id (default: report them as `duplicate` and skip them).
    #[arg(long)]
    keep_duplicates: bool,
    /// Write every rejected record (file, line, reason, detail) to FILE as
    /// JSON Lines.
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
    /// Also commit every T seconds while indexing (default: by count only).
    #[arg(long, value_name = "T")]
    commit_secs: Option<u64>,
    /// Writer memory budget in MB (all indexing threads together).
    #[arg(long, default_value_t = 512, value_name = "MB")]
    memory: usize,
    /// Indexing threads (default: one per core, at most 8).
    #[arg(long, default_value_t = 0, value_name = "N")]
    threads: usize,
    /// Commit (make searchable and crash-safe) every N documents.
    #[arg(long, default_value_t = 100_000, value_name = "N")]
    commit_every: u64,
    /// Stop at the first malformed record (exit 2) instead of skipping it.
    #[arg(long)]
    strict: bool,
    /// Your own gazetteer (TSV: id, type, name_ar, name_en, aliases) on top of the built-in one.
    #[arg(long, value_name = "FILE")]
    entities: Option<PathBuf>,
    /// Skip enrichment: no entities, topics, candidate names or story
    /// fingerprints (about a third faster; --entity/--topic filters, `fahras
    /// entities`/`topics` and story grouping then find nothing).
    #[arg(long, conflicts_with = "entities")]
    no_entities: bool,
    /// Text encoding of the inputs: utf-8, utf-16le, utf-16be, windows-1256,
    /// iso-8859-6… (default: detected per input — a byte-order mark, else
    /// UTF-16 by its zero bytes, else UTF-8, else Windows-1256 or
    /// ISO-8859-6, whichever reads as Arabic).
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
    /// Print the final summary as JSON on stdout.
    #[arg(long)]
    json: bool,
    /// No progress bar and no per-record messages.
    #[arg(long, short = 'q')]
    quiet: bool,
}

#[derive(Args)]
struct SearchArgs {
    /// Index directory.
    #[arg(long, short = 'i', value_name = "DIR")]
    index: PathBuf,
    /// The query (several words may be given without quotes); optional with --entity.
    #[arg(value_name = "QUERY")]
    query: Vec<String>,
    /// Number of hits to show.
    #[arg(short = 'n', long, default_value_t = 10)]
    limit: usize,
    /// One JSON object per hit on stdout (id, score, title, date, source, url, snippet…).
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    filters: FilterArgs,
    /// Prefer stories about this entity, without requiring it (repeatable).
    #[arg(long, value_name = "ENTITY")]
    boost_entity: Vec<String>,
    /// Prefer stories with this topic, without requiring it (repeatable).
    #[arg(long, value_name = "TOPIC")]
    boost_topic: Vec<String>,
    /// Your own gazetteer file, to read entity names as the index did.
    #[arg(long, value_name = "FILE")]
    entities: Option<PathBuf>,
    /// Show how each score is made: text, entities, topics, recency.
    #[arg(long)]
    explain: bool,
    /// List copies of one story (the same text from several outlets) as
    /// hits of their own instead of "also in" under the best one.
    #[arg(long)]
    no_group: bool,
    #[command(flatten, next_help_heading = "Ranking")]
    ranking: RankingArgs,
}

/// Filters shared by `search`, `entities` and `topics`.
#[derive(Args)]
struct FilterArgs {
    /// Only stories published on or after DATE (YYYY, YYYY-MM, YYYY-MM-DD, DD/MM/YYYY).
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Only stories published on or before DATE (a day, month or year is included whole).
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    /// Only stories from this source (exact name; repeat for several).
    #[arg(long, value_name = "NAME")]
    source: Vec<String>,
    /// Only stories about this entity: an id (org/facebook) or any name in any
    /// script (فيسبوك, فيس بوك, Facebook), or the full name of a person or
    /// a typed name the index recognized (محمد توفيق, Zumurrud Labs: see
    /// `fahras entities`); repeat for several (all required).
    #[arg(long, value_name = "ENTITY")]
    entity: Vec<String>,
    /// Only stories with this topic: an id (privacy, ai, technology…) or its
    /// Arabic or English label; repeat for several (all required).
    #[arg(long, value_name = "TOPIC")]
    topic: Vec<String>,
}

impl FilterArgs {
    /// A request for `query` with these filters, names resolved by `engine`.
    fn request(
        &self,
        engine: &SearchEngine,
        query: String,
    ) -> Result<SearchRequest, Box<dyn std::error::Error>> {
        let mut req = SearchRequest::new(query);
        req.since = self
            .since
            .as_deref()
            .map(|s| parse_date_bound(s, false))
            .transpose()?;
        req.until = self
            .until
            .as_deref()
            .map(|s| parse_date_bound(s, true))
            .transpose()?;
        req.sources = self.source.clone();
        req.entities = engine.resolve_entities(&self.entity)?;
        req.topics = engine.resolve_topics(&self.topic)?;
        Ok(req)
    }
}

/// Ranking weights (see `fahras::search::Ranking` and schema/ranking.toml).
#[derive(Args, Clone)]
struct RankingArgs {
    /// Read the weights from this TOML file (keys as in schema/ranking.toml;
    /// default: DIR/ranking.toml when the index has one, else the built-in
    /// weights). The flags below override single weights.
    #[arg(long, value_name = "FILE")]
    ranking: Option<PathBuf>,
    /// Weight of title matches relative to body matches [default: 0.5].
    #[arg(long, value_name = "W")]
    title_boost: Option<f32>,
    /// Weight of exact-form (unstemmed) matches added to stem matches [default: 0.15].
    #[arg(long, value_name = "W")]
    exact_boost: Option<f32>,
    /// Weight of the bonus for query words close together [default: 1].
    #[arg(long, value_name = "W")]
    phrase_boost: Option<f32>,
    /// How far apart (in words) query words may be for the closeness bonus [default: 3].
    #[arg(long, value_name = "N")]
    phrase_slop: Option<u32>,
    /// Weight of entities (named in the query, --entity, --boost-entity) [default: 1].
    #[arg(long, alias = "entity-boost", value_name = "W")]
    entity_weight: Option<f32>,
    /// Weight of topics (--topic, --boost-topic) [default: 1].
    #[arg(long, value_name = "W")]
    topic_weight: Option<f32>,
    /// Score gained by a story from the newest day of the index, halving
    /// every --recency-half-life days; 0 ranks without recency [default: 1].
    #[arg(long, value_name = "W")]
    recency_weight: Option<f32>,
    /// Days after which the recency gain halves [default: 90].
    #[arg(long, value_name = "DAYS")]
    recency_half_life: Option<f32>,
}

impl RankingArgs {
    /// The weights for a search of `index`: file, then flags.
    fn resolve(&self, index: &Path) -> Result<Ranking, Box<dyn std::error::Error>> {
        let in_index = index.join("ranking.toml");
        let mut r = match &self.ranking {
            Some(path) => Ranking::load(path)?,
            None if in_index.is_file() => Ranking::load(&in_index)?,
            None => Ranking::default(),
        };
        let set = |slot: &mut f32, v: Option<f32>| {
            if let Some(v) = v {
                *slot = v;
            }
        };
        set(&mut r.title_boost, self.title_boost);
        set(&mut r.exact_boost, self.exact_boost);
        set(&mut r.phrase_boost, self.phrase_boost);
        set(&mut r.entity_weight, self.entity_weight);
        set(&mut r.topic_weight, self.topic_weight);
        set(&mut r.recency_weight, self.recency_weight);
        set(&mut r.recency_half_life_days, self.recency_half_life);
        if let Some(n) = self.phrase_slop {
            r.phrase_slop = n;
        }
        r.validate().map_err(|e| format!("ranking flags: {e}"))?;
        Ok(r)
    }
}

#[derive(Args)]
struct AnalyzeArgs {
    /// Text to analyze (several arguments are joined with spaces).
    #[arg(required = true, value_name = "TEXT")]
    text: Vec<String>,
    /// Show the exact (normalized, unstemmed, stop words kept) analysis.
    #[arg(long)]
    exact: bool,
    /// One JSON object per token.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct EvalArgs {
    /// Index to search (not needed with --run).
    #[arg(long, short = 'i', value_name = "DIR", required_unless_present = "run")]
    index: Option<PathBuf>,
    /// Queries: qid<TAB>query per line (a `qid<TAB>query` header is skipped).
    #[arg(long, value_name = "FILE", required_unless_present = "run")]
    queries: Option<PathBuf>,
    /// Relevance judgments in TREC format: qid 0 docid grade.
    #[arg(long, value_name = "FILE")]
    qrels: PathBuf,
    /// Score this TREC run file instead of searching (to compare other engines).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["index", "queries"])]
    run: Option<PathBuf>,
    /// Write fahras's ranking as a TREC run file.
    #[arg(long, value_name = "FILE")]
    run_out: Option<PathBuf>,
    /// Hits retrieved per query.
    #[arg(long, default_value_t = 1000)]
    depth: usize,
    /// Print the metrics as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten, next_help_heading = "Ranking")]
    ranking: RankingArgs,
}

#[derive(Args)]
struct DemoArgs {
    /// Keep the demo index in DIR (default: a fresh temporary directory).
    #[arg(long, short = 'i', value_name = "DIR")]
    index: Option<PathBuf>,
}

/// Runs the command line; returns the process exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Index(a) => run_index(a),
        Command::Search(a) => run_search(a),
        Command::Analyze(a) => run_analyze(a),
        Command::Eval(a) => run_eval(a),
        Command::Demo(a) => demo::run(a.index),
        Command::Entities(a) => run_entities(a),
        Command::Topics(a) => run_topics(a),
        Command::Stats(a) => run_stats(a),
        Command::Delete(a) => run_delete(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("fahras: error: {e}");
            ExitCode::from(2)
        }
    }
}

type CliResult = Result<ExitCode, Box<dyn std::error::Error>>;

/// Shows progress and rejected records on stderr, and stops on Ctrl-C.
struct CliObserver {
    bar: Option<indicatif::ProgressBar>,
    errors: Option<(PathBuf, std::io::BufWriter<std::fs::File>)>,
    errors_failed: Option<String>,
    quiet: bool,
    shown: u64,
    stop: Arc<AtomicBool>,
    current: String,
}

/// How many rejected records are printed one by one.
const SHOW_REJECTED: u64 = 20;

impl IndexObserver for CliObserver {
    fn on_progress(&mut self, input: &str, bytes: u64, total: Option<u64>, docs: u64) {
        let Some(bar) = &self.bar else { return };
        if self.current != input {
            self.current = input.to_string();
            bar.set_position(0);
            bar.set_length(total.unwrap_or(0));
            bar.set_prefix(input.to_string());
        }
        // compressed input: bytes read are larger than the file; keep the bar sane
        if let Some(t) = total {
            bar.set_length(t.max(bytes));
        }
        bar.set_position(bytes);
        bar.set_message(format!("{docs} docs"));
    }

    fn on_rejected(&mut self, e: &RecordError) {
        if let Some((path, out)) = &mut self.errors {
            use std::io::Write;
            let line = serde_json::to_string(e).unwrap_or_default();
            if let Err(err) = writeln!(out, "{line}") {
                self.errors_failed = Some(format!("{}: {err}", path.display()));
                self.errors = None;
            }
        }
        self.shown += 1;
        if self.quiet || self.shown > SHOW_REJECTED {
            return;
        }
        let msg = format!("fahras: skipped {e}");
        match &self.bar {
            Some(bar) => bar.println(msg),
            None => eprintln!("{msg}"),
        }
    }

    fn cancelled(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

fn run_index(a: IndexArgs) -> CliResult {
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        // First Ctrl-C: finish the batch, commit, summarize. Second: leave now
        // (the last commit stays searchable).
        let _ = ctrlc::set_handler(move || {
            if stop.swap(true, Ordering::SeqCst) {
                eprintln!("\nfahras: stopped; the index holds everything up to its last commit");
                std::process::exit(130);
            }
            eprintln!(
                "\nfahras: interrupted; committing what is indexed (Ctrl-C again to quit now)"
            );
        });
    }
    let encoding = match a.encoding.as_deref() {
        None => None,
        Some(name) => Some(fahras::ingest::encoding_by_name(name).ok_or_else(|| {
            format!(
                "unknown encoding `{name}`: use a name such as utf-8, utf-16le, windows-1256 or iso-8859-6"
            )
        })?),
    };
    let format = match a.format.as_deref() {
        None => None,
        Some(f) => Some(f.parse::<Format>()?),
    };
    let mut fields = FieldMap::default();
    for (field, path) in [
        (Field::Id, &a.id_field),
        (Field::Title, &a.title_field),
        (Field::Body, &a.body_field),
        (Field::Date, &a.date_field),
        (Field::Url, &a.url_field),
        (Field::Source, &a.source_field),
        (Field::Category, &a.category_field),
    ] {
        if let Some(p) = path {
            fields.set(field, p);
        }
    }
    let errors = match &a.errors {
        None => None,
        Some(path) => {
            let file = std::fs::File::create(path)
                .map_err(|e| format!("{}: cannot write the error file: {e}", path.display()))?;
            Some((path.clone(), std::io::BufWriter::new(file)))
        }
    };
    let config = IndexConfig {
        memory_mb: a.memory,
        threads: a.threads,
        commit_every: a.commit_every.max(1),
        commit_interval: a
            .commit_secs
            .map(|s| std::time::Duration::from_secs(s.max(1))),
        strict: a.strict,
        entities_file: a.entities,
        extract_entities: !a.no_entities,
        encoding,
        format,
        fields,
        full: a.full,
        keep_duplicates: a.keep_duplicates,
    };
    let mut indexer = Indexer::open(&a.index, config)?;
    let bar = (!a.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{prefix} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {msg} ({eta})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar
    });
    let mut obs = CliObserver {
        bar,
        errors,
        errors_failed: None,
        quiet: a.quiet,
        shown: 0,
        stop,
        current: String::new(),
    };
    let mut learned = Vec::new();
    if !a.keep_boilerplate {
        learned = indexer
            .learn_boilerplate(&a.inputs, &mut obs)?
            .lines()
            .to_vec();
        if a.report_boilerplate && !a.json {
            print::boilerplate(&learned);
        }
    }
    for input in &a.inputs {
        if obs.cancelled() {
            break;
        }
        if let Err(e) = indexer.add_input(input, &mut obs) {
            if let Some(bar) = &obs.bar {
                bar.finish_and_clear();
            }
            // keep what was indexed before the error
            let summary = indexer.finish()?;
            eprintln!(
                "fahras: {} documents committed before the error",
                summary.indexed
            );
            return Err(e.into());
        }
        if obs.cancelled() {
            break;
        }
    }
    if let Some(bar) = &obs.bar {
        bar.finish_and_clear();
    }
    let summary = indexer.finish()?;
    if let Some((path, out)) = &mut obs.errors {
        use std::io::Write;
        out.flush()
            .map_err(|e| format!("{}: cannot write the error file: {e}", path.display()))?;
    }
    if let Some(failed) = &obs.errors_failed {
        eprintln!("fahras: warning: the error file stopped being written: {failed}");
    }
    if obs.shown > SHOW_REJECTED && !a.quiet {
        eprintln!(
            "fahras: … and {} more skipped records",
            obs.shown - SHOW_REJECTED
        );
    }
    if a.json {
        let mut out = serde_json::to_value(&summary)?;
        if a.report_boilerplate {
            out["boilerplate"] = serde_json::to_value(&learned)?;
        }
        println!("{out}");
    } else {
        print::index_summary(&summary, &a.index);
    }
    Ok(ExitCode::SUCCESS)
}

fn run_delete(a: DeleteArgs) -> CliResult {
    let report = fahras::index::delete(&a.index, &a.ids)?;
    if a.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!(
            "deleted {} of {} ids from {}; {} documents remain",
            report.deleted,
            a.ids.len(),
            a.index.display(),
            report.documents_in_index
        );
        if !report.missing.is_empty() {
            eprintln!("fahras: not in the index: {}", report.missing.join(", "));
        }
    }
    Ok(if report.missing.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn run_search(a: SearchArgs) -> CliResult {
    let query = a.query.join(" ");
    if query.trim().is_empty() && a.filters.entity.is_empty() && a.filters.topic.is_empty() {
        return Err(
            "the query is empty: give one or more words to search for, or --entity / --topic"
                .into(),
        );
    }
    let mut engine = SearchEngine::open(&a.index)?.with_ranking(a.ranking.resolve(&a.index)?);
    if let Some(path) = &a.entities {
        let mut g = engine.gazetteer().clone();
        g.add_file(path)?;
        engine = engine.with_gazetteer(g);
    }
    let mut req = a.filters.request(&engine, query)?;
    req.limit = a.limit.max(1);
    req.boost_entities = engine.resolve_entities(&a.boost_entity)?;
    req.boost_topics = engine.resolve_topics(&a.boost_topic)?;
    req.group = !a.no_group;
    req.explain = a.explain;
    let results = engine.search(&req)?;
    for n in &results.notices {
        eprintln!("fahras: note: {n}");
    }
    if a.json {
        print::hits_json(&results)?;
    } else {
        print::hits_text(&results, std::io::stdout().is_terminal());
    }
    Ok(if results.hits.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_stats(a: StatsArgs) -> CliResult {
    let engine = SearchEngine::open(&a.index)?;
    let st = engine.stats(&a.index)?;
    if a.json {
        println!("{}", serde_json::to_string(&st)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}", a.index.display());
    println!(
        "  stories         {} ({} deleted, not yet merged away)",
        st.documents, st.deleted
    );
    println!("  segments        {}", st.segments);
    println!("  size on disk    {:.1} MB", st.bytes_on_disk as f64 / 1e6);
    if let (Some(o), Some(n)) = (&st.oldest, &st.newest) {
        println!("  dates           {o} to {n}");
    }
    println!("  with entities   {}", st.with_entities);
    println!("  technology      {}", st.technology_stories);
    println!("  fingerprinted   {}", st.with_fingerprint);
    println!("  sources         {}", st.sources.len());
    for (name, n) in st.sources.iter().take(10) {
        println!("    {n:>8}  {name}");
    }
    if st.sources.len() > 10 {
        println!(
            "    … {} more (--json lists them all)",
            st.sources.len() - 10
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn run_topics(a: EntitiesArgs) -> CliResult {
    if a.candidates {
        return Err("--candidates lists unknown names: use it with `fahras entities`".into());
    }
    let engine = SearchEngine::open(&a.index)?;
    let req = a.filters.request(&engine, a.query.join(" "))?;
    let (mut counts, total) = engine.topic_counts(&req)?;
    counts.truncate(a.top.max(1));
    if a.json {
        print::json_lines(&counts)?;
    } else {
        for c in &counts {
            println!(
                "{:>6}  {:<16} {} / {}",
                c.stories, c.id, c.label_ar, c.label_en
            );
        }
        println!("({total} matching stories)");
    }
    Ok(ExitCode::SUCCESS)
}

fn run_entities(a: EntitiesArgs) -> CliResult {
    let engine = SearchEngine::open(&a.index)?;
    let req = a.filters.request(&engine, a.query.join(" "))?;
    if a.candidates {
        let (counts, total) = engine.candidate_counts(&req, a.top.max(1))?;
        if a.json {
            print::json_lines(&counts)?;
        } else {
            for c in &counts {
                println!("{:>6}  {}", c.stories, c.name);
            }
            println!("({total} matching stories; add names with --entities FILE, format in schema/entities/)");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let (counts, total) = engine.entity_counts(&req, a.top.max(1))?;
    if a.json {
        print::json_lines(&counts)?;
    } else {
        for c in &counts {
            println!("{:>6}  {:<32} {}", c.stories, c.id, c.name);
        }
        println!("({total} matching stories)");
    }
    Ok(ExitCode::SUCCESS)
}

fn run_analyze(a: AnalyzeArgs) -> CliResult {
    let text = a.text.join(" ");
    let mode = if a.exact { Mode::Exact } else { Mode::Stemmed };
    let tokens = Analyzer::builtin(mode).analyze_to_vec(&text);
    print::tokens(&text, &tokens, a.json)?;
    Ok(ExitCode::SUCCESS)
}

fn run_eval(a: EvalArgs) -> CliResult {
    let qrels = fahras::eval::read_qrels(&a.qrels)?;
    let run = if let Some(run) = &a.run {
        fahras::eval::read_run(run)?
    } else {
        let (Some(index), Some(queries)) = (&a.index, &a.queries) else {
            return Err("--index and --queries are needed unless --run is given".into());
        };
        let engine = SearchEngine::open(index)?.with_ranking(a.ranking.resolve(index)?);
        let queries = fahras::eval::read_queries(queries)?;
        let mut out = a
            .run_out
            .as_ref()
            .map(|p| {
                std::fs::File::create(p)
                    .map(std::io::BufWriter::new)
                    .map_err(|e| format!("{}: {e}", p.display()))
            })
            .transpose()?;
        let mut run = fahras::eval::Run::new();
        for (qid, q) in &queries {
            let mut req = SearchRequest::new(q.clone());
            req.limit = a.depth.max(1);
            req.snippets = false;
            // judged lists count every relevant copy: no grouping
            req.group = false;
            let res = engine.search(&req)?;
            let hits: Vec<(String, f32)> = res.hits.into_iter().map(|h| (h.id, h.score)).collect();
            if let Some(w) = out.as_mut() {
                fahras::eval::write_run(w, qid, &hits, "fahras")?;
            }
            run.insert(qid.clone(), hits.into_iter().map(|(d, _)| d).collect());
        }
        run
    };
    let m = fahras::eval::evaluate(&qrels, &run);
    if a.json {
        println!("{}", serde_json::to_string(&m)?);
    } else {
        println!("{m}");
    }
    Ok(ExitCode::SUCCESS)
}
