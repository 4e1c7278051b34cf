//! Reading article dumps: input opening (files, stdin, gzip), JSON Lines
//! records, ids and dates.
//!
//! A reader yields [`Record`]s: either an [`Article`] or a [`RecordError`]
//! that names the file and line and says why the record was rejected, so the
//! caller can count, report and go on (nothing is dropped silently).

pub mod date;
pub mod jsonl;

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use serde::Serialize;

pub use jsonl::JsonLinesReader;

/// One news article, as read from a dump.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Article {
    /// Unique key. When the record has none, a stable hash of its content.
    pub id: String,
    /// Headline (may be empty).
    pub title: String,
    /// Article text.
    pub body: String,
    /// Link to the article.
    pub url: Option<String>,
    /// Publication time, seconds since the Unix epoch (UTC).
    pub date: Option<i64>,
    /// Site or outlet.
    pub source: Option<String>,
    /// Section or category as given by the source.
    pub category: Option<String>,
}

/// Why a record was rejected, with where it was.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordError {
    /// The input file (`-` for standard input).
    pub file: String,
    /// 1-based line number.
    pub line: u64,
    /// A short machine-friendly reason (`bad-json`, `no-text`, …).
    pub reason: &'static str,
    /// What exactly was wrong.
    pub detail: String,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {} ({})",
            self.file, self.line, self.detail, self.reason
        )
    }
}

/// Something a reader noticed but did not reject the record for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordWarning {
    /// 1-based line number.
    pub line: u64,
    /// A short machine-friendly reason (`bad-date`, …).
    pub reason: &'static str,
}

/// One record from a dump: an article (with any warnings) or a rejection.
pub type Record = Result<(Article, Option<RecordWarning>), RecordError>;

/// Opens `path` for reading (`-` is standard input), decompressing gzip when
/// the content starts with the gzip magic bytes (whatever the file's name).
/// Concatenated gzip members are read through.
pub fn open_input(path: &str) -> io::Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> = if path == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(File::open(Path::new(path))?)
    };
    let mut reader = BufReader::with_capacity(1 << 16, raw);
    let head = reader.fill_buf()?;
    if head.len() >= 2 && head[0] == 0x1f && head[1] == 0x8b {
        Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(reader),
        )))
    } else {
        Ok(Box::new(reader))
    }
}

/// A stable id for an article that has none: a 64-bit FNV-1a hash of its
/// title and body, as 16 hex digits prefixed with `h:`. The same content
/// always gets the same id, so re-indexing it replaces rather than duplicates.
///
/// ```
/// use fahras::ingest::content_id;
/// assert_eq!(content_id("عنوان", "نص"), content_id("عنوان", "نص"));
/// assert_ne!(content_id("عنوان", "نص"), content_id("عنوان", "نص آخر"));
/// assert!(content_id("a", "b").starts_with("h:"));
/// ```
pub fn content_id(title: &str, body: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in title.bytes().chain([0u8]).chain(body.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("h:{h:016x}")
}
