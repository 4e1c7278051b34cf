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
use crate::enrich::topics::{Taxonomy, TECHNOLOGY, TECH_THRESHOLD};
use crate::enrich::{fingerprint, Gazetteer};
use crate::error::{Error, Result};
use crate::ingest::boilerplate::{page_keys, Boilerplate, Learner};
use crate::ingest::fields::FieldMap;
use crate::ingest::source::{
    parse_record, read_input, read_stream, Format, Payload, RawRecord, ReadOptions,
};
use crate::ingest::{Article, RecordError};
use rustc_hash::FxHashMap;
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
    /// Commit at least this often while documents keep coming (`None`: only
    /// by count and at the end).
    pub commit_interval: Option<Duration>,
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
    /// The inputs' format (`None`: detected per input, see
    /// [`Format`]).
    pub format: Option<Format>,
    /// Which keys hold the id, title, body… (JSON and CSV/TSV inputs).
    pub fields: FieldMap,
    /// Rebuild: delete every document of the index first, instead of adding
    /// only what is new or changed.
    pub full: bool,
    /// Index an article whose title and text equal another's under a
    /// different id (by default it is reported as `duplicate` and skipped).
    pub keep_duplicates: bool,
}

/// Records parsed at each sampling rate while learning boilerplate (see
/// [`Indexer::learn_boilerplate`]): every record of the first 2,000, every
/// second of the next 4,000, every fourth of the next 8,000, and so on.
/// A site's repeated lines show in any sample of its pages; thinning the
/// sample keeps the extra pass short on a huge dump while still reaching
/// sources that appear only at its end. On the 41,872-article news archive
/// it parses 8,700 records and finds 11 lines (5,000 found 13, the other
/// two bylines, at twice the parsing).
pub const BOILERPLATE_LEVEL: u64 = 2_000;

impl Default for IndexConfig {
    fn default() -> Self {
        IndexConfig {
            memory_mb: 512,
            threads: 0,
            commit_every: 100_000,
            commit_interval: None,
            strict: false,
            entities_file: None,
            extract_entities: true,
            encoding: None,
            format: None,
            fields: FieldMap::default(),
            full: false,
            keep_duplicates: false,
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
    /// Of `indexed`, documents that replaced an older version (same id,
    /// other text).
    pub replaced: u64,
    /// Records already in the index with the same id and text: skipped.
    pub unchanged: u64,
    /// Boilerplate lines removed from bodies (see
    /// [`Indexer::learn_boilerplate`]).
    pub boilerplate_lines_removed: u64,
    /// Rejected records by reason (`duplicate`: the same title and text as
    /// an article with another id).
    pub skipped: BTreeMap<String, u64>,
    /// Records indexed with a warning, by reason (e.g. `bad-date`,
    /// `truncated`).
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

/// Records per batch handed to rayon.
const BATCH_RECORDS: usize = 1024;
/// Approximate bytes per batch.
const BATCH_BYTES: usize = 4 << 20;
/// Records buffered between the reader thread and the parser.
const QUEUE_RECORDS: usize = 8 * BATCH_RECORDS;
/// How often an idle run (waiting on a pipe) checks for Ctrl-C.
const IDLE_POLL: Duration = Duration::from_millis(100);
/// How long a batch waits for more records before it is indexed as it is.
const FILL_WAIT: Duration = Duration::from_millis(20);

/// What the index already holds, for incremental runs: the content hash of
/// each id, and the id of each content hash.
#[derive(Default)]
struct Known {
    by_id: FxHashMap<u64, u64>,
    by_hash: FxHashMap<u64, Box<str>>,
}

fn id_key(id: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(id.as_bytes())
}

/// The hash a stored article's text is known by: its title and body, with
/// every run of whitespace (Unicode spaces included) read as one space and
/// the ends trimmed — so the
/// same story exported to CSV (line breaks kept) and to HTML (paragraphs
/// re-joined), or re-scraped with other spacing, is the same content.
///
/// ```
/// use fahras::index::writer::content_hash;
/// assert_eq!(content_hash("عنوان", "سطر أول\r\n\n  سطر ثان "), content_hash("عنوان", "سطر أول سطر ثان"));
/// assert_ne!(content_hash("عنوان", "نص"), content_hash("عنوان نص", ""));
/// ```
pub fn content_hash(title: &str, body: &str) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    hash_collapsed(&mut h, title.as_bytes());
    h.update(&[0]);
    hash_collapsed(&mut h, body.as_bytes());
    h.digest()
}

/// Feeds `text` to `h` with whitespace runs as one space, ends trimmed;
/// stretches whose spacing is already single spaces go in one piece.
/// Whitespace is ASCII whitespace and the Unicode spaces scraped pages carry
/// (no-break space U+00A0, U+2000–U+200A, U+202F, U+205F, U+3000): one site
/// writes `الربيعي أن` with a no-break space where its copy has a space.
fn hash_collapsed(h: &mut xxhash_rust::xxh3::Xxh3, text: &[u8]) {
    let n = text.len();
    let mut i = 0;
    while i < n {
        match space_len(text, i) {
            0 => break,
            k => i += k,
        }
    }
    let mut start = i;
    while i < n {
        let k = space_len(text, i);
        if k == 0 {
            i += 1;
            continue;
        }
        let run = i;
        let single = k == 1 && text[i] == b' ';
        i += k;
        let mut more = false;
        while i < n {
            match space_len(text, i) {
                0 => break,
                k => {
                    i += k;
                    more = true;
                }
            }
        }
        if i == n {
            h.update(&text[start..run]); // trailing whitespace dropped
            return;
        }
        if single && !more {
            continue; // a single space: part of the stretch
        }
        h.update(&text[start..run]);
        h.update(b" ");
        start = i;
    }
    h.update(&text[start..n]);
}

/// Byte length of the whitespace character at `text[i]`, 0 if it is not
/// one (see [`hash_collapsed`]). `i` may point inside a character: its
/// continuation bytes are never whitespace.
#[inline]
fn space_len(text: &[u8], i: usize) -> usize {
    match text[i] {
        b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => 1,
        0xC2 if text.get(i + 1) == Some(&0xA0) => 2,
        0xE2 => match (text.get(i + 1), text.get(i + 2)) {
            (Some(0x80), Some(0x80..=0x8A | 0xAF)) | (Some(0x81), Some(0x9F)) => 3,
            _ => 0,
        },
        0xE3 if text.get(i + 1) == Some(&0x80) && text.get(i + 2) == Some(&0x80) => 3,
        _ => 0,
    }
}

/// Writes articles into a fahras index.
pub struct Indexer {
    index: Index,
    fields: Fields,
    writer: IndexWriter,
    config: IndexConfig,
    summary: IndexSummary,
    since_commit: u64,
    last_commit: Instant,
    started: Instant,
    gazetteer: Arc<Gazetteer>,
    taxonomy: Arc<Taxonomy>,
    handoff: Arc<Handoff>,
    known: Known,
    boilerplate: Boilerplate,
}

impl Indexer {
    /// Opens (or creates) the index in `dir` for writing. Another writer on
    /// the same index is an [`Error::Locked`]; searches keep working.
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
                tantivy::TantivyError::IoError(io) => {
                    Error::io(dir, std::io::Error::new(io.kind(), io.to_string()))
                }
                other => Error::Tantivy(other),
            })?;
        let known = if config.full {
            writer.delete_all_documents()?;
            Known::default()
        } else {
            read_known(&index, &fields)?
        };
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
            last_commit: Instant::now(),
            started: Instant::now(),
            known,
            boilerplate: Boilerplate::default(),
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
        let key = id_key(&article.id);
        let hash = content_hash(&article.title, &article.body);
        self.known.by_id.insert(key, hash);
        self.known.by_hash.insert(hash, article.id.as_str().into());
        self.summary.indexed += 1;
        self.since_commit += 1;
        Ok(())
    }

    /// Deletes the documents with these ids; returns how many ids were given.
    pub fn delete_ids(&mut self, ids: &[String]) -> usize {
        for id in ids {
            self.writer
                .delete_term(Term::from_field_text(self.fields.id, id));
            if let Some(h) = self.known.by_id.remove(&id_key(id)) {
                self.known.by_hash.remove(&h);
            }
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

    /// Learns the boilerplate lines of each source (see
    /// [`crate::ingest::boilerplate`]) from a sample of each input's records
    /// ([`BOILERPLATE_LEVEL`]; standard input is skipped: it can be read
    /// only once); later [`Indexer::add_input`] calls remove them from
    /// bodies. Returns what was learned.
    pub fn learn_boilerplate(
        &mut self,
        inputs: &[String],
        observer: &mut dyn IndexObserver,
    ) -> Result<&Boilerplate> {
        let mut learner = Learner::default();
        for input in inputs.iter().filter(|i| *i != "-") {
            let opts = ReadOptions {
                format: self.config.format,
                encoding: self.config.encoding,
            };
            let (tx, rx) = crossbeam_channel::bounded::<RawRecord>(QUEUE_RECORDS);
            let name = input.clone();
            let reader = std::thread::spawn(move || {
                let (mut seen, mut taken, mut stride) = (0u64, 0u64, 1u64);
                let _ = read_input(&name, &opts, &mut |rec| {
                    seen += 1;
                    if seen % stride != 0 {
                        return true;
                    }
                    taken += 1;
                    if taken % BOILERPLATE_LEVEL == 0 {
                        stride *= 2;
                    }
                    tx.send(rec).is_ok()
                });
            });
            let map = &self.config.fields;
            let mut batch = Vec::with_capacity(BATCH_RECORDS);
            let label = format!("learning boilerplate: {input}");
            loop {
                batch.clear();
                batch.extend(rx.recv().ok());
                batch.extend(rx.try_iter().take(BATCH_RECORDS - 1));
                if batch.is_empty() {
                    break;
                }
                let pages: Vec<_> = batch
                    .par_iter()
                    .filter_map(|raw| {
                        let (a, _) = parse_record(raw, map).ok()?;
                        let keys = page_keys(&a.body);
                        (!keys.is_empty()).then(|| (a.source.unwrap_or_default(), keys, a.body))
                    })
                    .collect();
                for (source, keys, body) in &pages {
                    learner.observe(source, keys, body);
                }
                let pos = batch.last().map_or(0, |r| r.pos);
                observer.on_progress(&label, pos, None, 0);
                if observer.cancelled() {
                    break;
                }
            }
            drop(rx);
            let _ = reader.join();
        }
        self.boilerplate = learner.finish();
        Ok(&self.boilerplate)
    }

    /// Reads an input of any format (a file, a directory of pages, or `-`
    /// for standard input; see [`read_input`]) and indexes its records.
    pub fn add_input(&mut self, input: &str, observer: &mut dyn IndexObserver) -> Result<()> {
        let total = if input == "-" {
            None
        } else {
            std::fs::metadata(input)
                .ok()
                .filter(|m| m.is_file())
                .map(|m| m.len())
        };
        if input != "-" && !Path::new(input).exists() {
            return Err(Error::io(
                input,
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or directory"),
            ));
        }
        let opts = ReadOptions {
            format: self.config.format,
            encoding: self.config.encoding,
        };
        let name = input.to_string();
        self.run_reader(input, total, observer, move |emit| {
            read_input(&name, &opts, emit)
        })
    }

    /// [`Indexer::add_input`] under its former name (any format is read).
    pub fn add_jsonl(&mut self, input: &str, observer: &mut dyn IndexObserver) -> Result<()> {
        self.add_input(input, observer)
    }

    /// Indexes the records read from `file` (decoded text in any format:
    /// detected from `name` and the content unless configured); `name`
    /// names it in errors and `total` is its size when known (for progress).
    pub fn add_reader(
        &mut self,
        name: &str,
        file: Box<dyn std::io::BufRead + Send>,
        total: Option<u64>,
        observer: &mut dyn IndexObserver,
    ) -> Result<()> {
        let format = self.config.format;
        let owned = name.to_string();
        self.run_reader(name, total, observer, move |emit| {
            read_stream(&owned, file, format, emit)
        })
    }

    fn run_reader<F>(
        &mut self,
        input: &str,
        total: Option<u64>,
        observer: &mut dyn IndexObserver,
        read: F,
    ) -> Result<()>
    where
        F: FnOnce(&mut dyn FnMut(RawRecord) -> bool) -> std::io::Result<()> + Send + 'static,
    {
        let (tx, rx) = crossbeam_channel::bounded::<std::io::Result<RawRecord>>(QUEUE_RECORDS);
        let reader = std::thread::spawn(move || {
            let sent = read(&mut |rec| tx.send(Ok(rec)).is_ok());
            if let Err(e) = sent {
                let _ = tx.send(Err(e));
            }
        });
        let mut read_so_far = 0;
        let mut outcome = Ok(());
        let mut batch: Vec<RawRecord> = Vec::with_capacity(BATCH_RECORDS);
        let mut end_of_input = false;
        while !end_of_input {
            // Wait for records, checking for Ctrl-C while a slow input (a
            // pipe) has nothing to give; then take what keeps coming, up to
            // a batch.
            batch.clear();
            let mut batch_bytes = 0;
            loop {
                let wait = if batch.is_empty() {
                    IDLE_POLL
                } else {
                    FILL_WAIT
                };
                match rx.recv_timeout(wait) {
                    Ok(Ok(rec)) => {
                        batch_bytes += payload_len(&rec.payload);
                        read_so_far = rec.pos;
                        batch.push(rec);
                        if batch.len() >= BATCH_RECORDS || batch_bytes >= BATCH_BYTES {
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
            if let Err(e) = self.index_batch(&batch, observer) {
                outcome = Err(e);
                break;
            }
            let due = self
                .config
                .commit_interval
                .is_some_and(|t| self.since_commit > 0 && self.last_commit.elapsed() >= t);
            if self.since_commit >= self.config.commit_every || due {
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

    /// Parses a batch of records in parallel and adds the documents in input
    /// order (so the last of two records with one id wins).
    fn index_batch(&mut self, batch: &[RawRecord], observer: &mut dyn IndexObserver) -> Result<()> {
        let fields = self.fields;
        let enrich = Enrichment {
            gazetteer: &self.gazetteer,
            taxonomy: self.config.extract_entities.then_some(&*self.taxonomy),
            handoff: self.config.extract_entities.then_some(&*self.handoff),
        };
        let known = &self.known;
        let map = &self.config.fields;
        let boilerplate = &self.boilerplate;
        let docs: Vec<_> = batch
            .par_iter()
            .map_init(DocScratch::default, |buf, raw| {
                let (mut a, w) = parse_record(raw, map)?;
                let stripped = if boilerplate.is_empty() {
                    0
                } else {
                    boilerplate.strip(a.source.as_deref().unwrap_or_default(), &mut a.body)
                };
                let hash = content_hash(&a.title, &a.body);
                if known.by_id.get(&id_key(&a.id)) == Some(&hash) {
                    return Ok(Built::Unchanged);
                }
                // A bug on one odd record must not end a long run: the
                // record is reported (file:line) and skipped like a bad one.
                let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    let mut doc = document_for(&fields, &a, &enrich, buf);
                    doc.add_u64(fields.content_hash, hash);
                    doc
                }));
                match built {
                    Ok(doc) => Ok(Built::Doc {
                        stripped,
                        article: Box::new(a),
                        doc,
                        hash,
                        warning: w,
                        line: raw.line,
                        file: raw.file.clone(),
                    }),
                    Err(panic) => {
                        *buf = DocScratch::default();
                        let what = panic
                            .downcast_ref::<&str>()
                            .map(|s| s.to_string())
                            .or_else(|| panic.downcast_ref::<String>().cloned())
                            .unwrap_or_default();
                        Err(RecordError {
                            file: raw.file.to_string(),
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
            let rejected = match rec {
                Ok(Built::Unchanged) => {
                    self.summary.unchanged += 1;
                    None
                }
                Ok(Built::Doc {
                    stripped,
                    article,
                    doc,
                    hash,
                    warning,
                    line,
                    file,
                }) => {
                    let key = id_key(&article.id);
                    let previous = self.known.by_id.get(&key).copied();
                    let twin = self.known.by_hash.get(&hash).filter(|other| {
                        !self.config.keep_duplicates && &***other != article.id.as_str()
                    });
                    if previous == Some(hash) || twin.is_some() {
                        // an earlier record of this batch already has it
                        if let Some(h) = enrich.handoff {
                            // the analyses left for this document go unused
                            let _ = h.take(&article.title);
                            let _ = h.take(&article.body);
                        }
                    }
                    if previous == Some(hash) {
                        self.summary.unchanged += 1;
                        None
                    } else if let Some(other) = twin {
                        Some(RecordError {
                            file: file.to_string(),
                            line,
                            reason: "duplicate",
                            detail: format!(
                                "the same title and text as the article `{other}` (id `{}`)",
                                article.id
                            ),
                        })
                    } else {
                        if let Some(w) = warning {
                            *self
                                .summary
                                .warnings
                                .entry(w.reason.to_string())
                                .or_default() += 1;
                        }
                        if let Some(old) = previous {
                            self.writer
                                .delete_term(Term::from_field_text(self.fields.id, &article.id));
                            self.known.by_hash.remove(&old);
                            self.summary.replaced += 1;
                        }
                        self.writer.add_document(doc)?;
                        self.summary.boilerplate_lines_removed += stripped as u64;
                        self.known.by_id.insert(key, hash);
                        self.known.by_hash.insert(hash, article.id.into_boxed_str());
                        self.summary.indexed += 1;
                        self.since_commit += 1;
                        None
                    }
                }
                Err(e) => Some(e),
            };
            if let Some(e) = rejected {
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
        Ok(())
    }

    /// Commits what was added so far: it becomes searchable and survives a crash.
    pub fn commit(&mut self) -> Result<()> {
        self.writer.commit()?;
        self.summary.commits += 1;
        self.since_commit = 0;
        self.last_commit = Instant::now();
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
        Ok(self.summary)
    }
}

/// A parsed record, ready to add (or known already).
enum Built {
    Unchanged,
    Doc {
        stripped: usize,
        article: Box<Article>,
        doc: TantivyDocument,
        hash: u64,
        warning: Option<crate::ingest::RecordWarning>,
        line: u64,
        file: Arc<str>,
    },
}

fn payload_len(p: &Payload) -> usize {
    match p {
        Payload::Json(b) => b.len(),
        Payload::Row(_, cells) => cells.iter().map(String::len).sum(),
        Payload::Page(_, t) => t.len(),
        Payload::Post(item) => item.content_html.len(),
        Payload::Rejected(..) => 0,
    }
}

/// The ids and content hashes of the documents an index holds.
fn read_known(index: &Index, fields: &Fields) -> Result<Known> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let mut known = Known::default();
    let id_name = index.schema().get_field_name(fields.id).to_string();
    let hash_name = index
        .schema()
        .get_field_name(fields.content_hash)
        .to_string();
    let mut id = String::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let (Some(ids), Ok(hashes)) = (fast.str(&id_name)?, fast.u64(&hash_name)) else {
            continue;
        };
        let alive = segment.alive_bitset();
        for doc in 0..segment.max_doc() {
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                continue;
            }
            let Some(hash) = hashes.first(doc) else {
                continue;
            };
            let Some(ord) = ids.term_ords(doc).next() else {
                continue;
            };
            id.clear();
            if ids
                .ord_to_str(ord, &mut id)
                .map_err(|e| Error::io("index", e))?
            {
                known.by_id.insert(id_key(&id), hash);
                known.by_hash.insert(hash, id.as_str().into());
            }
        }
    }
    Ok(known)
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
        let story =
            enrich
                .gazetteer
                .extract_story(&a.title, &s.exact_title, &a.body, &s.exact_body);
        mentions = story.entities;
        fingerprint = fingerprint::simhash(s.stemmed_body.terms());
        if !enrich.gazetteer.is_empty() {
            candidates = story.candidates;
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
    for tag in &a.tags {
        doc.add_text(f.tags, tag);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The obvious way: split on whitespace, join with one space.
    fn collapsed_hash_by_splitting(title: &str, body: &str) -> u64 {
        let space = |c: char| {
            matches!(
                c,
                ' ' | '\t'
                    | '\n'
                    | '\r'
                    | '\u{b}'
                    | '\u{c}'
                    | '\u{a0}'
                    | '\u{202f}'
                    | '\u{205f}'
                    | '\u{3000}'
            ) || ('\u{2000}'..='\u{200a}').contains(&c)
        };
        let join = |t: &str| {
            t.split(space)
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(join(title).as_bytes());
        h.update(&[0]);
        h.update(join(body).as_bytes());
        h.digest()
    }

    #[test]
    fn content_hash_reads_any_spacing_as_single_spaces() {
        let texts = [
            "",
            " ",
            "نص",
            " نص ",
            "سطر أول\nسطر ثان",
            "سطر أول\r\n\r\nسطر ثان\n",
            "a  b\tc \n d",
            "\t\tفيسبوك  تطلق   خدمة\n",
            "الربيعي\u{a0}أن",
            "\u{a0} نص\u{3000}",
            "a\u{2009}\u{202f}b",
        ];
        for t in texts {
            for b in texts {
                assert_eq!(
                    content_hash(t, b),
                    collapsed_hash_by_splitting(t, b),
                    "{t:?} / {b:?}"
                );
            }
        }
        assert_eq!(
            content_hash("جوجل", "خبر\n\nمهم"),
            content_hash(" جوجل ", "خبر مهم")
        );
    }
}
