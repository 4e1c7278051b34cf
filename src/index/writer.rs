//! The parallel indexing pipeline.
//!
//! ```text
//!  reader thread            rayon (all cores)             tantivy indexing threads
//!  lines → batches  ──▶  parse JSON, dates, ids,  ──▶  Arabic analysis (tokenizer)
//!  (bounded queue)        build documents               + postings, under a memory budget
//! ```
//!
//! A reader thread cuts the input into batches of lines and hands them over a
//! bounded channel (so memory stays bounded whatever the input size); each
//! batch is parsed into documents in parallel with rayon; the documents go to
//! tantivy's `IndexWriter`, whose indexing threads run the fahras tokenizers
//! with reused buffers. Re-indexing an id replaces the old document. The writer
//! commits every `commit_every` documents and at the end; an interrupted run
//! keeps everything up to its last commit searchable.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crossbeam_channel::RecvTimeoutError;

use rayon::prelude::*;
use serde::Serialize;
use tantivy::schema::Facet;
use tantivy::{DateTime, Index, IndexWriter, TantivyDocument, Term};

use super::{open_or_create, Fields};
use crate::analysis::tokenizer::register_tokenizers_with;
use crate::analysis::{Analyzer, Handoff, Mode, TokenBuf};
use crate::enrich::candidates::find_candidates;
use crate::enrich::topics::{Taxonomy, TECHNOLOGY, TECH_THRESHOLD};
use crate::enrich::{fingerprint, Gazetteer};
use crate::error::{Error, Result};
use crate::ingest::jsonl::{parse_line, JsonLinesReader, RawLine};
use crate::ingest::{open_input_with, Article, RecordError};
use std::sync::Arc;

/// How an indexing run behaves.
#[derive(Debug, Clone)]
pub struct IndexConfig {
    /// Memory budget of tantivy's writer, in megabytes (all threads together).
    pub memory_mb: usize,
    /// Number of tantivy indexing threads (0: one per core, at most 8).
    pub threads: usize,
    /// Commit after this many documents.
    pub commit_every: u64,
    /// Stop at the first bad record instead of skipping it.
    pub strict: bool,
    /// A user's gazetteer file added on top of the built-in one.
    pub entities_file: Option<PathBuf>,
    /// Find entities, topics, candidate names and near-duplicate
    /// fingerprints in each story (on by default; off saves about a third of
    /// the indexing time, and leaves entity and topic filters, facets and
    /// story grouping empty).
    pub extract_entities: bool,
    /// The inputs' text encoding (`None`: detected per input, see
    /// [`open_input`](crate::ingest::open_input)).
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

impl Default for IndexConfig {
    fn default() -> Self {
        IndexConfig {
            memory_mb: 512,
            threads: 0,
            commit_every: 100_000,
            strict: false,
            entities_file: None,
            extract_entities: true,
            encoding: None,
        }
    }
}

/// Receives the progress of an indexing run. Every method has a default that
/// does nothing, so an observer implements only what it needs.
pub trait IndexObserver {
    /// Called after each batch: bytes read so far in the current input, its
    /// total size when known, and documents indexed so far in the run.
    fn on_progress(&mut self, _input: &str, _bytes: u64, _total: Option<u64>, _docs: u64) {}
    /// Called for each rejected record.
    fn on_rejected(&mut self, _error: &RecordError) {}
    /// Called after each commit with the number of documents committed so far.
    fn on_commit(&mut self, _docs: u64) {}
    /// Polled between batches: return true to stop (the run then commits what
    /// it has and ends).
    fn cancelled(&self) -> bool {
        false
    }
}

/// An observer that ignores everything.
pub struct Quiet;
impl IndexObserver for Quiet {}

/// What an indexing run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexSummary {
    /// Documents added or replaced.
    pub indexed: u64,
    /// Rejected records by reason.
    pub skipped: BTreeMap<String, u64>,
    /// Records indexed with a warning, by reason (e.g. `bad-date`).
    pub warnings: BTreeMap<String, u64>,
    /// Input bytes read (after decompression).
    pub bytes: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Input megabytes per second.
    pub mb_per_sec: f64,
    /// Number of commits made.
    pub commits: u64,
    /// True when the run was stopped before the end of its input.
    pub interrupted: bool,
    /// Documents in the index after the run.
    pub documents_in_index: u64,
}

impl IndexSummary {
    /// Total number of rejected records.
    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }
}

/// Lines per batch handed to rayon.
const BATCH_LINES: usize = 1024;
/// Approximate bytes per batch.
const BATCH_BYTES: usize = 4 << 20;
/// Lines buffered between the reader thread and the parser.
const QUEUE_LINES: usize = 8 * BATCH_LINES;
/// How often an idle run (waiting on a pipe) checks for Ctrl-C.
const IDLE_POLL: Duration = Duration::from_millis(100);
/// How long a batch waits for more lines before it is indexed as it is.
const FILL_WAIT: Duration = Duration::from_millis(20);

/// Writes articles into a fahras index.
pub struct Indexer {
    index: Index,
    fields: Fields,
    writer: IndexWriter,
    config: IndexConfig,
    summary: IndexSummary,
    since_commit: u64,
    started: Instant,
    dir: PathBuf,
    gazetteer: Arc<Gazetteer>,
    taxonomy: Arc<Taxonomy>,
    handoff: Arc<Handoff>,
}

impl Indexer {
    /// Opens (or creates) the index in `dir` for writing.
    pub fn open(dir: &Path, config: IndexConfig) -> Result<Indexer> {
        let (index, fields) = open_or_create(dir)?;
        // enrichment's analyses go to the indexing threads' tokenizer
        let handoff = Arc::new(Handoff::default());
        if config.extract_entities {
            register_tokenizers_with(&index, Some(handoff.clone()));
        }
        let threads = if config.threads == 0 {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
                .min(8)
        } else {
            config.threads
        };
        let min_mb = 16 * threads;
        if config.memory_mb < min_mb {
            return Err(Error::Invalid(format!(
                "--memory {} is too small for {threads} indexing threads: give at least {min_mb} MB",
                config.memory_mb
            )));
        }
        let writer = index
            .writer_with_num_threads(threads, config.memory_mb << 20)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => Error::Locked { path: dir.into() },
                other => Error::Tantivy(other),
            })?;
        let mut gazetteer = if config.extract_entities {
            Gazetteer::builtin().map_err(|e| Error::Invalid(e.to_string()))?
        } else {
            Gazetteer::from_entities(Vec::new())
        };
        if let Some(path) = &config.entities_file {
            gazetteer.add_file(path)?;
        }
        let taxonomy = Taxonomy::builtin().map_err(Error::Invalid)?;
        Ok(Indexer {
            gazetteer: Arc::new(gazetteer),
            taxonomy: Arc::new(taxonomy),
            handoff,
            index,
            fields,
            writer,
            config,
            summary: IndexSummary::default(),
            since_commit: 0,
            started: Instant::now(),
            dir: dir.into(),
        })
    }

    /// The index being written.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Adds one article (replacing any document with the same id).
    pub fn add_article(&mut self, article: &Article) -> Result<()> {
        let doc = self.document(article);
        self.writer
            .delete_term(Term::from_field_text(self.fields.id, &article.id));
        self.writer.add_document(doc)?;
        self.summary.indexed += 1;
        self.since_commit += 1;
        Ok(())
    }

    /// Deletes the documents with these ids; returns how many ids were given.
    pub fn delete_ids(&mut self, ids: &[String]) -> usize {
        for id in ids {
            self.writer
                .delete_term(Term::from_field_text(self.fields.id, id));
        }
        ids.len()
    }

    fn document(&self, a: &Article) -> TantivyDocument {
        let enrich = Enrichment {
            gazetteer: &self.gazetteer,
            taxonomy: self.config.extract_entities.then_some(&*self.taxonomy),
            handoff: self.config.extract_entities.then_some(&*self.handoff),
        };
        document_for(&self.fields, a, &enrich, &mut DocScratch::default())
    }

    /// The gazetteer used for entity extraction.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Reads a JSON Lines input (a path, or `-` for standard input; gzip is
    /// detected) and indexes its records.
    pub fn add_jsonl(&mut self, input: &str, observer: &mut dyn IndexObserver) -> Result<()> {
        let total = if input == "-" {
            None
        } else {
            std::fs::metadata(input).ok().map(|m| m.len())
        };
        let file = open_input_with(input, self.config.encoding).map_err(|e| Error::io(input, e))?;
        self.add_reader(input, file, total, observer)
    }

    /// Indexes the JSON Lines records read from `file`; `name` names it in
    /// errors and `total` is its size when known (for progress).
    pub fn add_reader(
        &mut self,
        name: &str,
        file: Box<dyn std::io::BufRead + Send>,
        total: Option<u64>,
        observer: &mut dyn IndexObserver,
    ) -> Result<()> {
        let input = name;
        let (tx, rx) = crossbeam_channel::bounded::<std::io::Result<(RawLine, u64)>>(QUEUE_LINES);
        let reader = std::thread::spawn(move || {
            let mut lines = JsonLinesReader::new(file);
            loop {
                match lines.next_line() {
                    Ok(None) => break,
                    Ok(Some(line)) => {
                        if tx.send(Ok((line, lines.bytes_read()))).is_err() {
                            break;
                        }
                    }
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        break;
                    }
                }
            }
        });
        let mut read_so_far = 0;
        let mut outcome = Ok(());
        let mut batch: Vec<RawLine> = Vec::with_capacity(BATCH_LINES);
        let mut end_of_input = false;
        while !end_of_input {
            // Wait for lines, checking for Ctrl-C while a slow input (a pipe)
            // has nothing to give; then take what keeps coming, up to a batch.
            batch.clear();
            let mut batch_bytes = 0;
            loop {
                let wait = if batch.is_empty() {
                    IDLE_POLL
                } else {
                    FILL_WAIT
                };
                match rx.recv_timeout(wait) {
                    Ok(Ok((line, bytes))) => {
                        batch_bytes += line.bytes.len();
                        read_so_far = bytes;
                        batch.push(line);
                        if batch.len() >= BATCH_LINES || batch_bytes >= BATCH_BYTES {
                            break;
                        }
                    }
                    Ok(Err(e)) => {
                        outcome = Err(Error::io(input, e));
                        end_of_input = true;
                        break;
                    }
                    Err(RecvTimeoutError::Timeout) => {
                        if !batch.is_empty() || observer.cancelled() {
                            break;
                        }
                    }
                    Err(RecvTimeoutError::Disconnected) => {
                        end_of_input = true;
                        break;
                    }
                }
            }
            self.summary.bytes = self.summary.bytes.max(read_so_far);
            if let Err(e) = self.index_batch(input, &batch, observer) {
                outcome = Err(e);
            }
            if outcome.is_err() {
                break;
            }
            if self.since_commit >= self.config.commit_every {
                self.commit()?;
                observer.on_commit(self.summary.indexed);
            }
            observer.on_progress(input, read_so_far, total, self.summary.indexed);
            if observer.cancelled() {
                self.summary.interrupted = true;
                break;
            }
        }
        drop(rx);
        if !self.summary.interrupted {
            // an interrupted reader may be blocked on a pipe: leave it
            let _ = reader.join();
        }
        outcome
    }

    /// Parses a batch of lines in parallel and adds the documents in input
    /// order (so the last of two records with one id wins).
    fn index_batch(
        &mut self,
        input: &str,
        batch: &[RawLine],
        observer: &mut dyn IndexObserver,
    ) -> Result<()> {
        let fields = self.fields;
        let enrich = Enrichment {
            gazetteer: &self.gazetteer,
            taxonomy: self.config.extract_entities.then_some(&*self.taxonomy),
            handoff: self.config.extract_entities.then_some(&*self.handoff),
        };
        let docs: Vec<_> = batch
            .par_iter()
            .map_init(DocScratch::default, |buf, raw| {
                let (a, w) = parse_line(input, raw)?;
                // A bug on one odd record must not end a long run: the
                // record is reported (file:line) and skipped like a bad one.
                let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    document_for(&fields, &a, &enrich, buf)
                }));
                match built {
                    Ok(doc) => Ok((a.id, doc, w)),
                    Err(panic) => {
                        *buf = DocScratch::default();
                        let what = panic
                            .downcast_ref::<&str>()
                            .map(|s| s.to_string())
                            .or_else(|| panic.downcast_ref::<String>().cloned())
                            .unwrap_or_default();
                        Err(RecordError {
                            file: input.to_string(),
                            line: raw.line,
                            reason: "internal-error",
                            detail: format!(
                                "fahras failed on this record ({what}); please report it with the record"
                            ),
                        })
                    }
                }
            })
            .collect();
        for rec in docs {
            match rec {
                Ok((id, doc, warning)) => {
                    if let Some(w) = warning {
                        *self
                            .summary
                            .warnings
                            .entry(w.reason.to_string())
                            .or_default() += 1;
                    }
                    self.writer
                        .delete_term(Term::from_field_text(self.fields.id, &id));
                    self.writer.add_document(doc)?;
                    self.summary.indexed += 1;
                    self.since_commit += 1;
                }
                Err(e) => {
                    *self
                        .summary
                        .skipped
                        .entry(e.reason.to_string())
                        .or_default() += 1;
                    observer.on_rejected(&e);
                    if self.config.strict {
                        return Err(Error::Strict(e));
                    }
                }
            }
        }
        Ok(())
    }

    /// Commits what was added so far: it becomes searchable and survives a crash.
    pub fn commit(&mut self) -> Result<()> {
        self.writer.commit()?;
        self.summary.commits += 1;
        self.since_commit = 0;
        Ok(())
    }

    /// Commits, waits for background merges and returns the run's summary.
    pub fn finish(mut self) -> Result<IndexSummary> {
        self.commit()?;
        self.writer.wait_merging_threads()?;
        let reader = self.index.reader()?;
        reader.reload()?;
        self.summary.documents_in_index = reader.searcher().num_docs();
        self.summary.seconds = self.started.elapsed().as_secs_f64();
        self.summary.mb_per_sec = if self.summary.seconds > 0.0 {
            self.summary.bytes as f64 / 1e6 / self.summary.seconds
        } else {
            0.0
        };
        let _ = &self.dir;
        Ok(self.summary)
    }
}

/// What enrichment a document gets.
pub struct Enrichment<'a> {
    /// Entities to look for (an empty gazetteer: none).
    pub gazetteer: &'a Gazetteer,
    /// Topics to score (`None`: none).
    pub taxonomy: Option<&'a Taxonomy>,
    /// Where to leave the analyses for the tokenizer (see [`Handoff`]);
    /// only when the index's tokenizer takes from the same handoff.
    pub handoff: Option<&'a Handoff>,
}

/// Reusable analysis buffers for [`document_for`], one per worker thread.
#[derive(Default)]
pub struct DocScratch {
    stemmed_title: TokenBuf,
    exact_title: TokenBuf,
    stemmed_body: TokenBuf,
    exact_body: TokenBuf,
}

/// Builds the tantivy document of an article, with its entities and topics.
pub fn document_for(
    f: &Fields,
    a: &Article,
    enrich: &Enrichment<'_>,
    s: &mut DocScratch,
) -> TantivyDocument {
    let mut mentions = Vec::new();
    let mut topics = None;
    let mut fingerprint = None;
    let mut candidates = Vec::new();
    if !enrich.gazetteer.is_empty() || enrich.taxonomy.is_some() {
        // one pass per text gives both the exact terms (entities) and the
        // stemmed terms (topic evidence)
        let analyzer = stemmed_analyzer();
        analyzer.analyze_both(&a.title, &mut s.stemmed_title, &mut s.exact_title);
        analyzer.analyze_both(&a.body, &mut s.stemmed_body, &mut s.exact_body);
        let et: Vec<&str> = s.exact_title.terms().collect();
        let eb: Vec<&str> = s.exact_body.terms().collect();
        mentions = enrich.gazetteer.extract_terms(&et, &eb);
        fingerprint = fingerprint::simhash(s.stemmed_body.terms());
        if !enrich.gazetteer.is_empty() {
            candidates = find_candidates(&a.title, enrich.gazetteer);
            for c in find_candidates(&a.body, enrich.gazetteer) {
                if !candidates.contains(&c) {
                    candidates.push(c);
                }
            }
        }
        if let Some(tax) = enrich.taxonomy {
            let st: Vec<&str> = s.stemmed_title.terms().collect();
            let sb: Vec<&str> = s.stemmed_body.terms().collect();
            let ids: Vec<&str> = mentions.iter().map(|m| m.id.as_str()).collect();
            topics = Some(tax.score(&st, &sb, &ids));
        }
        if let Some(h) = enrich.handoff {
            let take = |b: &mut TokenBuf| {
                let fresh = h.spare_like(b);
                std::mem::replace(b, fresh)
            };
            h.put(
                &a.title,
                take(&mut s.stemmed_title),
                take(&mut s.exact_title),
            );
            h.put(&a.body, take(&mut s.stemmed_body), take(&mut s.exact_body));
        }
    }
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, &a.id);
    if let Some(url) = &a.url {
        doc.add_text(f.url, url);
    }
    doc.add_text(f.title, &a.title);
    doc.add_text(f.title_exact, &a.title);
    doc.add_text(f.body, &a.body);
    doc.add_text(f.body_exact, &a.body);
    if let Some(ts) = a.date {
        doc.add_date(f.date, DateTime::from_timestamp_secs(ts));
    }
    if let Some(src) = &a.source {
        doc.add_facet(f.source, Facet::from_path([src.as_str()]));
        doc.add_text(f.source_name, src);
    }
    if let Some(cat) = &a.category {
        doc.add_text(f.category, cat);
    }
    let mut repeated = String::new();
    for m in &mentions {
        doc.add_facet(f.entity, Facet::from_path(m.id.split('/')));
        // salience 0..1 → term frequency 1..5, read by BM25 at query time
        repeat_into(
            &mut repeated,
            &m.id,
            1 + (m.salience * 4.0).round() as usize,
        );
        doc.add_text(f.entity_rank, &repeated);
    }
    if !mentions.is_empty() {
        doc.add_text(
            f.entities,
            serde_json::to_string(&mentions).unwrap_or_default(),
        );
    }
    for c in &candidates {
        doc.add_facet(f.candidate, Facet::from_path([c.as_str()]));
    }
    if let Some(fp) = fingerprint {
        doc.add_u64(f.fingerprint, fp);
        // one value of seven words: far cheaper to index than seven values
        doc.add_text(f.fingerprint_band, fingerprint::band_terms(fp).join(" "));
    }
    if let Some(t) = topics {
        doc.add_f64(f.tech_score, f64::from(t.technology));
        let mut tagged: Vec<(&str, f32)> =
            t.topics.iter().map(|x| (x.id.as_str(), x.score)).collect();
        if t.technology >= TECH_THRESHOLD {
            tagged.push((TECHNOLOGY, t.technology));
        }
        for (id, score) in tagged {
            doc.add_facet(f.topic, Facet::from_path([id]));
            // score → term frequency 1..5, read by BM25 at query time
            repeat_into(&mut repeated, id, 1 + ((score / 3.0) as usize).min(4));
            doc.add_text(f.topic_rank, &repeated);
        }
        doc.add_text(f.topics, serde_json::to_string(&t).unwrap_or_default());
    }
    doc
}

/// `word` `times` times, separated by spaces, into `out`: one field value
/// whose term frequency carries a weight.
fn repeat_into(out: &mut String, word: &str, times: usize) {
    out.clear();
    for i in 0..times {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// The stemmed analyzer the index's `arabic` tokenizer uses.
fn stemmed_analyzer() -> &'static Analyzer {
    static A: std::sync::OnceLock<Analyzer> = std::sync::OnceLock::new();
    A.get_or_init(|| Analyzer::builtin(Mode::Stemmed))
}
