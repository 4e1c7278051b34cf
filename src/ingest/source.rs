//! Inputs of every format, cut into raw records and parsed into articles.
//!
//! Reading is split in two so that the expensive half runs in parallel:
//!
//! 1. [`read_input`] (one thread per input, streaming, bounded memory) opens
//!    a file, directory or standard input, detects its format and cuts it
//!    into [`RawRecord`]s: a JSON object's bytes, a CSV row, an HTML page, a
//!    WordPress post, or a rejection that says where and why;
//! 2. [`parse_record`] (any thread) turns one raw record into an
//!    [`Article`] or a [`RecordError`], applying the [`FieldMap`], HTML
//!    cleaning, Unicode hygiene and the size limits.

use std::fmt;
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::clean::{clean_text, truncate_text, MAX_BODY_BYTES, MAX_TITLE_BYTES};
use super::fields::{date_of, into_text, text_of, Field, FieldMap};
use super::{content_id, html, open_input_with, wxr, Article, RecordError, RecordWarning};

/// Largest single record read (a JSON line or object, a CSV row, an HTML
/// file, a WordPress post), in bytes: 64 MiB. A larger one is skipped
/// without being held in memory and reported as `too-large`.
pub const MAX_RECORD_BYTES: usize = 64 << 20;

/// The formats fahras reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per line (NDJSON).
    JsonLines,
    /// One JSON array of objects.
    JsonArray,
    /// Comma-separated values with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// A WordPress export (WXR XML).
    Wxr,
    /// One HTML page per file.
    Html,
    /// One plain-text article per file: the first line is the title.
    Text,
    /// One Markdown article per file (optional `---` front matter).
    Markdown,
}

impl Format {
    /// The names `--format` accepts.
    pub const NAMES: &'static str = "jsonl, json, csv, tsv, wxr, html, txt, md";

    /// The format's `--format` name.
    pub fn name(self) -> &'static str {
        match self {
            Format::JsonLines => "jsonl",
            Format::JsonArray => "json",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Wxr => "wxr",
            Format::Html => "html",
            Format::Text => "txt",
            Format::Markdown => "md",
        }
    }

    /// The format a file name's extension says (compression suffixes
    /// `.gz`, `.zst`, `.bz2` looked through), if any.
    ///
    /// ```
    /// use fahras::ingest::source::Format;
    /// assert_eq!(Format::from_extension("dump.ndjson.gz"), Some(Format::JsonLines));
    /// assert_eq!(Format::from_extension("site/export.xml"), Some(Format::Wxr));
    /// assert_eq!(Format::from_extension("notes"), None);
    /// ```
    pub fn from_extension(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        let mut stem = lower.as_str();
        for z in [".gz", ".zst", ".zstd", ".bz2"] {
            if let Some(s) = stem.strip_suffix(z) {
                stem = s;
                break;
            }
        }
        let ext = Path::new(stem).extension()?.to_str()?;
        Some(match ext {
            "jsonl" | "ndjson" | "jsonlines" => Format::JsonLines,
            "json" => Format::JsonArray, // checked against the content
            "csv" => Format::Csv,
            "tsv" | "tab" => Format::Tsv,
            "xml" | "wxr" => Format::Wxr,
            "html" | "htm" | "xhtml" => Format::Html,
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            _ => return None,
        })
    }

    /// The format the first bytes of an input show.
    ///
    /// ```
    /// use fahras::ingest::source::Format;
    /// assert_eq!(Format::sniff(b"  [{\"title\": 1}]"), Format::JsonArray);
    /// assert_eq!(Format::sniff(b"{\"title\": 1}\n"), Format::JsonLines);
    /// assert_eq!(Format::sniff(b"id\ttitle\tbody\n1\t2\t3\n"), Format::Tsv);
    /// assert_eq!(Format::sniff(b"<!DOCTYPE html><html>"), Format::Html);
    /// ```
    pub fn sniff(head: &[u8]) -> Format {
        let start = head
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(head.len());
        let head = &head[start..];
        match head.first() {
            Some(b'[') => return Format::JsonArray,
            Some(b'{') => return Format::JsonLines,
            _ => {}
        }
        if wxr::looks_like_wxr(head) {
            return Format::Wxr;
        }
        if html::looks_like_html(head) {
            return Format::Html;
        }
        let first_line = head.split(|&b| b == b'\n').next().unwrap_or_default();
        let tabs = first_line.iter().filter(|&&b| b == b'\t').count();
        let commas = first_line.iter().filter(|&&b| b == b',').count();
        if tabs >= 1 && first_line.len() < 1000 {
            Format::Tsv
        } else if commas >= 1 && first_line.len() < 1000 && looks_like_header(first_line, b',') {
            Format::Csv
        } else {
            Format::Text
        }
    }
}

/// A CSV header row names fields: short cells, one of them a known field name.
fn looks_like_header(line: &[u8], sep: u8) -> bool {
    let text = String::from_utf8_lossy(line).to_ascii_lowercase();
    let map = FieldMap::default();
    text.split(sep as char).all(|c| c.trim().len() < 64)
        && text.split(sep as char).any(|c| {
            let c = c.trim().trim_matches('"');
            Field::ALL
                .iter()
                .any(|&f| map.paths(f).iter().any(|p| p.eq_ignore_ascii_case(c)))
        })
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "jsonl" | "ndjson" | "jsonlines" => Format::JsonLines,
            "json" | "json-array" => Format::JsonArray,
            "csv" => Format::Csv,
            "tsv" => Format::Tsv,
            "wxr" | "wordpress" | "xml" => Format::Wxr,
            "html" | "htm" => Format::Html,
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            other => {
                return Err(format!(
                    "unknown format `{other}`: use one of {}",
                    Format::NAMES
                ))
            }
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One record of an input, not parsed yet.
#[derive(Debug, Clone)]
pub struct RawRecord {
    /// The file it came from (`-` for standard input).
    pub file: Arc<str>,
    /// 1-based line where it starts (1 for a whole file).
    pub line: u64,
    /// Bytes of the current input read so far (for progress).
    pub pos: u64,
    /// What was read.
    pub payload: Payload,
}

/// What a raw record holds.
#[derive(Debug, Clone)]
pub enum Payload {
    /// A JSON object's text (a JSON Lines line or an array element).
    Json(Vec<u8>),
    /// A CSV/TSV row with the header's names.
    Row(Arc<Vec<String>>, Vec<String>),
    /// A whole file's text: an HTML page, a text or Markdown article.
    Page(Format, String),
    /// A WordPress post.
    Post(Box<wxr::WxrItem>),
    /// Nothing to parse: the reader rejected it.
    Rejected(&'static str, String),
}

/// How inputs are read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The format (`None`: detected per input by extension and content).
    pub format: Option<Format>,
    /// The text encoding (`None`: detected per input).
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

/// Reads `input` (a file, a directory walked recursively, or `-` for
/// standard input) and hands each raw record to `emit`, which returns false
/// to stop. Errors that stop the whole input (it cannot be opened, the
/// stream breaks) are returned; everything about single records is emitted
/// as [`Payload::Rejected`].
pub fn read_input(
    input: &str,
    opts: &ReadOptions,
    emit: &mut dyn FnMut(RawRecord) -> bool,
) -> io::Result<()> {
    if input != "-" && Path::new(input).is_dir() {
        return read_dir(Path::new(input), opts, emit);
    }
    let reader = open_input_with(input, opts.encoding)?;
    read_stream(input, reader, opts.format, emit)
}

/// [`read_input`] over an opened, decoded stream named `name` (its format
/// given, or detected from the name and the first bytes).
pub fn read_stream(
    name: &str,
    mut reader: Box<dyn BufRead + Send>,
    format: Option<Format>,
    emit: &mut dyn FnMut(RawRecord) -> bool,
) -> io::Result<()> {
    let input = name;
    let format = match format {
        Some(f) => f,
        None => detect(input, &mut reader)?,
    };
    let file: Arc<str> = Arc::from(input);
    match format {
        Format::JsonLines => read_json_lines(file, reader, emit),
        Format::JsonArray => read_json_array(file, reader, emit),
        Format::Csv => read_table(file, reader, b',', emit),
        Format::Tsv => read_table(file, reader, b'\t', emit),
        Format::Wxr => read_wxr(file, reader, emit),
        Format::Html | Format::Text | Format::Markdown => {
            let (text, len) = read_capped(reader)?;
            let payload = match text {
                Some(t) => Payload::Page(format, t),
                None => too_large(len),
            };
            emit(RawRecord {
                file,
                line: 1,
                pos: len,
                payload,
            });
            Ok(())
        }
    }
}

/// The format of an opened input: its extension, checked against (or, with
/// none, taken from) its first bytes.
fn detect(input: &str, reader: &mut Box<dyn BufRead + Send>) -> io::Result<Format> {
    let head = reader.fill_buf()?;
    let sniffed = Format::sniff(&head[..head.len().min(64 << 10)]);
    Ok(match Format::from_extension(input) {
        // `.json` files are often JSON Lines in disguise
        Some(Format::JsonArray) | Some(Format::JsonLines) => match sniffed {
            Format::JsonArray => Format::JsonArray,
            _ => Format::JsonLines,
        },
        // an .xml that is not a WordPress export is not readable anyway;
        // say so through the WXR reader's error
        Some(f) => f,
        None => sniffed,
    })
}

fn too_large(len: u64) -> Payload {
    Payload::Rejected(
        "too-large",
        format!(
            "the record is {len} bytes, over the {} MiB limit; split it or raise MAX_RECORD_BYTES",
            MAX_RECORD_BYTES >> 20
        ),
    )
}

/// A whole input as text, or `None` (with its length) when it is larger than
/// [`MAX_RECORD_BYTES`] (read through, not kept).
fn read_capped(mut reader: impl Read) -> io::Result<(Option<String>, u64)> {
    let mut bytes = Vec::new();
    let n = (&mut reader)
        .take(MAX_RECORD_BYTES as u64 + 1)
        .read_to_end(&mut bytes)? as u64;
    if n > MAX_RECORD_BYTES as u64 {
        let rest = io::copy(&mut reader, &mut io::sink())?;
        return Ok((None, n + rest));
    }
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    Ok((Some(text), n))
}

fn read_json_lines(
    file: Arc<str>,
    mut reader: Box<dyn BufRead + Send>,
    emit: &mut dyn FnMut(RawRecord) -> bool,
) -> io::Result<()> {
    let mut line = 0u64;
    let mut pos = 0u64;
    loop {
        let mut bytes = Vec::new();
        let (n, complete) = read_line_capped(&mut reader, &mut bytes, MAX_RECORD_BYTES)?;
        if n == 0 {
            return Ok(());
        }
        line += 1;
        pos += n as u64;
        let payload = if !complete {
            too_large(n as u64)
        } else {
            while matches!(bytes.last(), Some(b'\n' | b'\r')) {
                bytes.pop();
            }
            if bytes.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            Payload::Json(bytes)
        };
        let rec = RawRecord {
            file: file.clone(),
            line,
            pos,
            payload,
        };
        if !emit(rec) {
            return Ok(());
        }
    }
}

/// Reads one line into `out`, keeping at most `max` bytes; returns the bytes
/// consumed and whether the whole line was kept.
fn read_line_capped(
    reader: &mut dyn BufRead,
    out: &mut Vec<u8>,
    max: usize,
) -> io::Result<(usize, bool)> {
    let mut consumed = 0;
    let mut complete = true;
    loop {
        let buf = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok((consumed, complete));
        }
        let (chunk, done) = match memchr_newline(buf) {
            Some(i) => (&buf[..=i], true),
            None => (buf, false),
        };
        if complete && out.len() + chunk.len() <= max {
            out.extend_from_slice(chunk);
        } else {
            complete = false;
            out.clear();
        }
        let len = chunk.len();
        reader.consume(len);
        consumed += len;
        if done {
            return Ok((consumed, complete));
        }
    }
}

fn memchr_newline(buf: &[u8]) -> Option<usize> {
    buf.iter().position(|&b| b == b'\n')
}

/// Cuts a JSON array into its elements without parsing them: tracks strings
/// (with escapes) and nesting, so memory holds one element at a time.
fn read_json_array(
    file: Arc<str>,
    mut reader: Box<dyn BufRead + Send>,
    emit: &mut dyn FnMut(RawRecord) -> bool,
) -> io::Result<()> {
    let mut line = 1u64;
    let mut pos = 0u64;
    let mut started = false; // the opening [ was seen
    let mut depth = 0usize; // nesting inside the current element
    let mut in_string = false;
    let mut escaped = false;
    let mut element: Vec<u8> = Vec::new();
    let mut element_line = 0u64;
    let mut element_len = 0u64;
    let mut oversized = false;
    let mut ended = false;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        let n = buf.len();
        let mut flush: Option<RawRecord> = None;
        let mut used = n;
        for (i, &b) in buf.iter().enumerate() {
            if b == b'\n' {
                line += 1;
            }
            if ended {
                continue;
            }
            if !started {
                match b {
                    b'[' => started = true,
                    b if b.is_ascii_whitespace() => {}
                    _ => {
                        emit(RawRecord {
                            file: file.clone(),
                            line,
                            pos,
                            payload: Payload::Rejected(
                                "bad-json",
                                "not a JSON array: the input must start with [".into(),
                            ),
                        });
                        return Ok(());
                    }
                }
                continue;
            }
            let in_element = depth > 0 || !element.is_empty() || oversized;
            if !in_element {
                match b {
                    b']' => {
                        ended = true;
                        continue;
                    }
                    b',' => continue,
                    b if b.is_ascii_whitespace() => continue,
                    _ => {
                        element_line = line;
                        element_len = 0;
                    }
                }
            }
            // inside an element
            let mut finished = false;
            if in_string {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_string = false;
                }
            } else {
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' if depth > 0 => {
                        depth -= 1;
                        finished = depth == 0;
                    }
                    b']' => {
                        // the array ends right after a scalar element
                        ended = true;
                        finished = true;
                    }
                    b',' if depth == 0 => finished = true,
                    _ => {}
                }
            }
            let part_of_element = !(finished && depth == 0 && (b == b',' || ended));
            if part_of_element {
                element_len += 1;
                if !oversized {
                    if element.len() < MAX_RECORD_BYTES {
                        element.push(b);
                    } else {
                        oversized = true;
                        element = Vec::new();
                    }
                }
            }
            if finished {
                let payload = if oversized {
                    too_large(element_len)
                } else {
                    Payload::Json(std::mem::take(&mut element))
                };
                oversized = false;
                element.clear();
                flush = Some(RawRecord {
                    file: file.clone(),
                    line: element_line,
                    pos: pos + i as u64 + 1,
                    payload,
                });
                used = i + 1;
                break;
            }
        }
        reader.consume(used);
        pos += used as u64;
        if let Some(rec) = flush {
            if !emit(rec) {
                return Ok(());
            }
        }
    }
    if started && (!ended || !element.is_empty() || oversized) {
        emit(RawRecord {
            file,
            line: if element_line > 0 { element_line } else { line },
            pos,
            payload: Payload::Rejected(
                "truncated",
                "the input ends inside the array (truncated file?); the elements before were read"
                    .into(),
            ),
        });
    }
    Ok(())
}

fn read_table(
    file: Arc<str>,
    reader: Box<dyn BufRead + Send>,
    sep: u8,
    emit: &mut dyn FnMut(RawRecord) -> bool,
) -> io::Result<()> {
    let mut rows = csv::ReaderBuilder::new()
        .delimiter(sep)
        .flexible(true)
        // TSV exports rarely quote, and Arabic text is full of quotes
        .quoting(sep != b'\t')
        .has_headers(false)
        .from_reader(reader);
    let mut record = csv::ByteRecord::new();
    let mut headers: Option<Arc<Vec<String>>> = None;
    loop {
        let ok = match rows.read_byte_record(&mut record) {
            Ok(ok) => ok,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                let pos = e.position().map_or(0, |p| p.byte());
                if let csv::ErrorKind::Io(_) = e.kind() {
                    return Err(io::Error::other(e.to_string()));
                }
                if !emit(RawRecord {
                    file: file.clone(),
                    line,
                    pos,
                    payload: Payload::Rejected("bad-row", e.to_string()),
                }) {
                    return Ok(());
                }
                continue;
            }
        };
        if !ok {
            return Ok(());
        }
        let line = record.position().map_or(0, |p| p.line());
        let pos = record.position().map_or(0, |p| p.byte());
        let cells: Vec<String> = record
            .iter()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let Some(h) = &headers else {
            headers = Some(Arc::new(
                cells
                    .iter()
                    .map(|c| c.trim().trim_start_matches('\u{FEFF}').to_string())
                    .collect(),
            ));
            continue;
        };
        let size: usize = cells.iter().map(String::len).sum();
        let payload = if size > MAX_RECORD_BYTES {
            too_large(size as u64)
        } else {
            Payload::Row(h.clone(), cells)
        };
        if !emit(RawRecord {
            file: file.clone(),
            line,
            pos,
            payload,
        }) {
            return Ok(());
        }
    }
}

fn read_wxr(
    file: Arc<str>,
    reader: Box<dyn BufRead + Send>,
    emit: &mut dyn FnMut(RawRecord) -> bool,
) -> io::Result<()> {
    let mut posts = wxr::WxrReader::new(reader);
    loop {
        match posts.next_item() {
            Ok(None) => return Ok(()),
            Ok(Some(item)) => {
                let rec = RawRecord {
                    file: file.clone(),
                    line: item.line,
                    pos: item.byte_offset,
                    payload: Payload::Post(Box::new(item)),
                };
                if !emit(rec) {
                    return Ok(());
                }
            }
            // a malformed item is reported and reading goes on; after an
            // error that ends the XML, the reader returns None
            Err(e) => {
                let rec = RawRecord {
                    file: file.clone(),
                    line: e.line,
                    pos: e.byte_offset,
                    payload: Payload::Rejected("bad-xml", e.message.clone()),
                };
                if !emit(rec) {
                    return Ok(());
                }
            }
        }
    }
}

/// Walks a directory (sorted, recursively) and emits each `.html`, `.htm`,
/// `.txt` and `.md` file (compressed ones too) as one record; other files
/// are reported as `unsupported-file`, unreadable ones as `unreadable`,
/// binary ones as `binary`.
fn read_dir(
    root: &Path,
    opts: &ReadOptions,
    emit: &mut dyn FnMut(RawRecord) -> bool,
) -> io::Result<()> {
    let mut stack: Vec<PathBuf> = vec![root.to_path_buf()];
    let mut pos = 0u64;
    while let Some(dir) = stack.pop() {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(&dir) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                let rec = RawRecord {
                    file: Arc::from(dir.to_string_lossy().as_ref()),
                    line: 0,
                    pos,
                    payload: Payload::Rejected("unreadable", e.to_string()),
                };
                if !emit(rec) {
                    return Ok(());
                }
                continue;
            }
        };
        entries.sort();
        // directories after files, in order: push them reversed
        let mut subdirs = Vec::new();
        for path in entries {
            let name = path.to_string_lossy().to_string();
            let file_name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            if file_name.starts_with('.') {
                continue; // .git, .DS_Store
            }
            if path.is_dir() {
                subdirs.push(path);
                continue;
            }
            let format = match opts.format.or_else(|| Format::from_extension(&name)) {
                Some(f @ (Format::Html | Format::Text | Format::Markdown)) => f,
                _ => {
                    let rec = RawRecord {
                        file: Arc::from(name.as_str()),
                        line: 0,
                        pos,
                        payload: Payload::Rejected(
                            "unsupported-file",
                            "not .html, .htm, .txt or .md: skipped (index it on its own to read another format)".into(),
                        ),
                    };
                    if !emit(rec) {
                        return Ok(());
                    }
                    continue;
                }
            };
            let payload = match open_input_with(&name, opts.encoding).and_then(read_capped) {
                Err(e) => Payload::Rejected("unreadable", e.to_string()),
                Ok((None, len)) => too_large(len),
                Ok((Some(text), len)) => {
                    pos += len;
                    if text.contains('\0') {
                        Payload::Rejected("binary", "the file holds NUL bytes: not text".into())
                    } else {
                        Payload::Page(format, text)
                    }
                }
            };
            // the path under the root is the record's id: stable across runs
            let rec = RawRecord {
                file: Arc::from(name.as_str()),
                line: 1,
                pos,
                payload,
            };
            if !emit(rec) {
                return Ok(());
            }
        }
        stack.extend(subdirs.into_iter().rev());
    }
    Ok(())
}

/// Parses one raw record into an article (see the module docs).
///
/// ```
/// use std::sync::Arc;
/// use fahras::ingest::fields::FieldMap;
/// use fahras::ingest::source::{parse_record, Payload, RawRecord};
/// let raw = RawRecord {
///     file: Arc::from("dump.jsonl"), line: 7, pos: 0,
///     payload: Payload::Json(br#"{"headline": "t", "content": "b", "published_at": "2017-01-21"}"#.to_vec()),
/// };
/// let (article, warning) = parse_record(&raw, &FieldMap::default()).unwrap();
/// assert_eq!((article.title.as_str(), article.body.as_str()), ("t", "b"));
/// assert!(article.date.is_some() && warning.is_none());
/// ```
pub fn parse_record(raw: &RawRecord, map: &FieldMap) -> super::Record {
    let err = |reason: &'static str, detail: String| RecordError {
        file: raw.file.to_string(),
        line: raw.line,
        reason,
        detail,
    };
    let mut warning: Option<&'static str> = None;
    let mut article = match &raw.payload {
        Payload::Rejected(reason, detail) => return Err(err(reason, detail.clone())),
        Payload::Json(bytes) => {
            let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
            if start.is_none_or(|i| bytes[i] != b'{') {
                return Err(err(
                    "bad-json",
                    "not a JSON object: each record must be one {...} article".into(),
                ));
            }
            let mut obj: Map<String, Value> = match serde_json::from_slice(bytes) {
                Ok(obj) => obj,
                Err(e) => match std::str::from_utf8(bytes) {
                    Ok(_) => return Err(err("bad-json", format!("not a JSON object: {e}"))),
                    Err(_) => {
                        // invalid UTF-8 inside strings: read it with U+FFFD
                        warning = Some("invalid-utf8");
                        serde_json::from_str(&String::from_utf8_lossy(bytes))
                            .map_err(|e| err("bad-json", format!("not a JSON object: {e}")))?
                    }
                },
            };
            from_object(&mut obj, map, &mut warning).map_err(|(r, d)| err(r, d))?
        }
        Payload::Row(headers, cells) => {
            let mut obj: Map<String, Value> = headers
                .iter()
                .zip(cells.iter())
                .map(|(h, c)| (h.clone(), Value::String(c.clone())))
                .collect();
            from_object(&mut obj, map, &mut warning).map_err(|(r, d)| err(r, d))?
        }
        Payload::Page(format, text) => {
            let mut a = match format {
                Format::Html => from_html(text, &mut warning),
                Format::Markdown => from_markdown(text, &mut warning),
                _ => from_text(text),
            };
            a.id = raw.file.to_string();
            a
        }
        Payload::Post(item) => {
            if let Some(kind) = item
                .post_type
                .as_deref()
                .filter(|k| !matches!(*k, "post" | "page"))
            {
                return Err(err(
                    "not-a-post",
                    format!("a WordPress `{kind}` item, not a post or page"),
                ));
            }
            if let Some(status) = item.status.as_deref().filter(|s| *s != "publish") {
                return Err(err(
                    "not-published",
                    format!("a WordPress post with status `{status}`"),
                ));
            }
            let date = item.date.as_deref().and_then(|d| {
                let parsed = super::date::parse_date(d);
                if parsed.is_none() {
                    warning = Some("bad-date");
                }
                parsed
            });
            Article {
                id: item
                    .link
                    .clone()
                    .or_else(|| item.post_id.as_ref().map(|p| format!("wp:{p}")))
                    .unwrap_or_default(),
                title: item.title.clone(),
                body: html::html_to_text(&item.content_html),
                url: item.link.clone(),
                date,
                source: item.site.clone(),
                category: (!item.categories.is_empty()).then(|| item.categories.join(", ")),
                tags: item.tags.clone(),
            }
        }
    };
    finish(&mut article, &mut warning);
    if article.title.is_empty() && article.body.is_empty() {
        return Err(err(
            "no-text",
            "the record has neither a title nor a body".into(),
        ));
    }
    if article.id.is_empty() {
        article.id = content_id(&article.title, &article.body);
    }
    Ok((
        article,
        warning.map(|reason| RecordWarning {
            line: raw.line,
            reason,
        }),
    ))
}

/// Cleans the text fields and applies the size limits.
fn finish(a: &mut Article, warning: &mut Option<&'static str>) {
    for text in [&mut a.title, &mut a.body] {
        if let std::borrow::Cow::Owned(clean) = clean_text(text) {
            *text = clean;
        }
        let trimmed = text.trim();
        if trimmed.len() != text.len() {
            *text = trimmed.to_string();
        }
    }
    // a title is one line
    if a.title.contains('\n') {
        a.title = a.title.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    if truncate_text(&mut a.title, MAX_TITLE_BYTES) | truncate_text(&mut a.body, MAX_BODY_BYTES) {
        *warning = Some("truncated");
    }
    let tidy = |s: &mut Option<String>| {
        if let Some(v) = s {
            let t = clean_text(v.trim()).trim().to_string();
            *s = (!t.is_empty()).then_some(t);
        }
    };
    tidy(&mut a.url);
    tidy(&mut a.source);
    tidy(&mut a.category);
    a.tags.retain(|t| !t.trim().is_empty());
}

/// An article from a JSON object or a table row, through the field map
/// (the values are moved out of `obj`).
fn from_object(
    obj: &mut Map<String, Value>,
    map: &FieldMap,
    warning: &mut Option<&'static str>,
) -> Result<Article, (&'static str, String)> {
    let id = match map.get(obj, Field::Id) {
        None => String::new(),
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Err((
                "bad-id",
                format!("the id must be a string or a number, found {other}"),
            ))
        }
    };
    let date = match map.get(obj, Field::Date).map(date_of) {
        None => None,
        Some(Ok(d)) => d,
        Some(Err(_)) => {
            *warning = Some("bad-date");
            None
        }
    };
    let tags = match map.get(obj, Field::Tags) {
        Some(Value::Array(items)) => items.iter().filter_map(|v| text_of(v, " ")).collect(),
        Some(v) => text_of(v, ",")
            .map(|t| {
                t.split([',', '،', ';'])
                    .map(|s| s.trim().to_string())
                    .collect()
            })
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let mut text = |f: Field, sep: &str| map.take(obj, f).and_then(|v| into_text(v, sep));
    let mut body = text(Field::Body, "\n").unwrap_or_default();
    if looks_like_markup(&body) {
        body = html::html_to_text(&body);
    }
    let title = text(Field::Title, " ").unwrap_or_default();
    let url = text(Field::Url, " ");
    let source = text(Field::Source, " ");
    let category = text(Field::Category, ", ");
    Ok(Article {
        id,
        title,
        body,
        url,
        date,
        source,
        category,
        tags,
    })
}

/// A body that is HTML rather than text (`<p>`, `<br>`, closing tags).
fn looks_like_markup(body: &str) -> bool {
    let head = &body.as_bytes()[..body.len().min(4096)];
    let lower = |n: &[u8]| head.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    lower(b"<p>") || lower(b"<p ") || lower(b"<br") || lower(b"</p>") || lower(b"</div>")
}

fn from_html(page: &str, warning: &mut Option<&'static str>) -> Article {
    let h = html::extract_article(page);
    let date = h.date.as_deref().and_then(|d| {
        let parsed = super::date::parse_date(d);
        if parsed.is_none() {
            *warning = Some("bad-date");
        }
        parsed
    });
    Article {
        id: String::new(),
        title: h.title,
        body: h.body,
        url: h.url,
        date,
        source: h.source,
        category: (!h.categories.is_empty()).then(|| h.categories.join(", ")),
        tags: Vec::new(),
    }
}

/// A text file: the first non-blank line is the title, the rest the body.
fn from_text(text: &str) -> Article {
    let text = text.trim_start_matches('\u{FEFF}');
    let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
    let title = lines.next().unwrap_or_default().trim().to_string();
    let body = lines.collect::<Vec<_>>().join("\n");
    Article {
        title,
        body,
        ..Article::default()
    }
}

/// A Markdown file: `---` front matter (title, date, url/link, source,
/// category/categories, tags) when present, else the first heading or line
/// is the title; the body loses the Markdown marks (#, **, links' targets).
fn from_markdown(text: &str, warning: &mut Option<&'static str>) -> Article {
    let text = text.trim_start_matches('\u{FEFF}');
    let mut meta: Vec<(String, String)> = Vec::new();
    let mut rest = text;
    if let Some(after) = text.trim_start().strip_prefix("---") {
        if let Some(end) = after.find("\n---") {
            for line in after[..end].lines() {
                if let Some((k, v)) = line.split_once(':') {
                    let v = v.trim().trim_matches(['"', '\'']).to_string();
                    meta.push((k.trim().to_ascii_lowercase(), v));
                }
            }
            rest = after[end + 4..].trim_start_matches(['-', '\r', '\n']);
        }
    }
    let get = |keys: &[&str]| {
        meta.iter()
            .find(|(k, v)| keys.contains(&k.as_str()) && !v.is_empty())
            .map(|(_, v)| v.clone())
    };
    let mut a = from_text(&strip_markdown(rest));
    if let Some(t) = get(&["title"]) {
        // the first line was body text, not a title
        a.body = format!("{}\n{}", a.title, a.body).trim().to_string();
        a.title = t;
    }
    if let Some(d) = get(&["date", "published", "published_at"]) {
        a.date = super::date::parse_date(&d);
        if a.date.is_none() {
            *warning = Some("bad-date");
        }
    }
    a.url = get(&["url", "link", "permalink"]);
    a.source = get(&["source", "site", "publisher"]);
    a.category =
        get(&["category", "categories", "section"]).map(|c| c.trim_matches(['[', ']']).to_string());
    a.tags = get(&["tags", "keywords"])
        .map(|t| {
            t.trim_matches(['[', ']'])
                .split(',')
                .map(|s| s.trim().trim_matches(['"', '\'']).to_string())
                .collect()
        })
        .unwrap_or_default();
    a
}

/// Markdown to plain text, line by line: heading marks, emphasis, images,
/// link targets, list bullets and quote marks are dropped.
fn strip_markdown(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for line in md.lines() {
        let mut l = line.trim();
        l = l.trim_start_matches('#').trim_start();
        l = l.trim_start_matches('>').trim_start();
        if let Some(r) = l.strip_prefix("- ").or_else(|| l.strip_prefix("* ")) {
            l = r;
        }
        if l.starts_with("```")
            || l.chars().all(|c| matches!(c, '-' | '=' | '*' | '_')) && !l.is_empty()
        {
            continue;
        }
        let mut s = String::with_capacity(l.len());
        let mut chars = l.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '*' | '_' | '`' => {}
                '!' if l[i + 1..].starts_with('[') => {}
                ']' if l[i + 1..].starts_with('(') => {
                    // skip the link target
                    for (_, c2) in chars.by_ref() {
                        if c2 == ')' {
                            break;
                        }
                    }
                }
                '[' => {}
                c => s.push(c),
            }
        }
        out.push_str(s.trim());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(input: &str, data: &[u8], format: Option<Format>) -> Vec<RawRecord> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(input);
        std::fs::write(&path, data).unwrap();
        let mut out = Vec::new();
        read_input(
            path.to_str().unwrap(),
            &ReadOptions {
                format,
                encoding: None,
            },
            &mut |r| {
                out.push(r);
                true
            },
        )
        .unwrap();
        out
    }

    fn articles(records: &[RawRecord]) -> Vec<super::super::Record> {
        records
            .iter()
            .map(|r| parse_record(r, &FieldMap::default()))
            .collect()
    }

    #[test]
    fn json_array_elements_are_cut_with_their_lines() {
        let data = "[\n {\"id\": 1, \"title\": \"أ [ب] {ج}\", \"body\": \"نص \\\" ]\"},\n {\"id\": 2, \"body\": \"ثان\"}\n]\n";
        let recs = collect("a.json", data.as_bytes(), None);
        assert_eq!(recs.len(), 2);
        assert_eq!((recs[0].line, recs[1].line), (2, 3));
        let parsed = articles(&recs);
        let a = &parsed[0].as_ref().unwrap().0;
        assert_eq!((a.id.as_str(), a.title.as_str()), ("1", "أ [ب] {ج}"));
        assert_eq!(a.body, "نص \" ]");
        assert_eq!(parsed[1].as_ref().unwrap().0.body, "ثان");
    }

    #[test]
    fn truncated_json_array_keeps_the_whole_elements_and_reports_the_rest() {
        let recs = collect("a.json", b"[{\"body\": \"one\"}, {\"body\": \"tw", None);
        let parsed = articles(&recs);
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].as_ref().unwrap().0.body, "one");
        assert_eq!(parsed[1].as_ref().unwrap_err().reason, "truncated");
    }

    #[test]
    fn scalar_array_elements_are_rejected_not_fatal() {
        let recs = collect("a.json", b"[1, {\"body\": \"x\"}, \"s\"]", None);
        let parsed = articles(&recs);
        assert_eq!(parsed.len(), 3);
        assert_eq!(parsed[0].as_ref().unwrap_err().reason, "bad-json");
        assert!(parsed[1].is_ok());
        assert_eq!(parsed[2].as_ref().unwrap_err().reason, "bad-json");
    }

    #[test]
    fn json_named_file_holding_lines_is_read_as_lines() {
        let recs = collect("a.json", b"{\"body\": \"x\"}\n{\"body\": \"y\"}\n", None);
        assert_eq!(recs.len(), 2);
    }

    #[test]
    fn csv_rows_map_through_the_header_with_quotes_and_newlines() {
        let data = "id,headline,content,published_at\n7,\"سامسونغ، وآبل\",\"سطر\nسطر ثان\",2021-03-04\n8,عنوان,نص,\n";
        let recs = collect("t.csv", data.as_bytes(), None);
        let parsed = articles(&recs);
        assert_eq!(parsed.len(), 2);
        let a = &parsed[0].as_ref().unwrap().0;
        assert_eq!((a.id.as_str(), a.title.as_str()), ("7", "سامسونغ، وآبل"));
        assert_eq!(a.body, "سطر\nسطر ثان");
        assert!(a.date.is_some());
        assert_eq!(recs[1].line, 4);
    }

    #[test]
    fn tsv_keeps_quotes_in_arabic_text() {
        let data = "id\ttitle\tbody\n1\tقال \"مرحبا\tنص \"مقتبس\"\n";
        let parsed = articles(&collect("t.tsv", data.as_bytes(), None));
        let a = &parsed[0].as_ref().unwrap().0;
        assert_eq!(a.title, "قال \"مرحبا");
        assert_eq!(a.body, "نص \"مقتبس\"");
    }

    #[test]
    fn text_file_first_line_is_the_title() {
        let parsed = articles(&collect(
            "x.txt",
            "\n\nعنوان الخبر\nالسطر الأول\nالثاني\n".as_bytes(),
            None,
        ));
        let a = &parsed[0].as_ref().unwrap().0;
        assert_eq!(a.title, "عنوان الخبر");
        assert_eq!(a.body, "السطر الأول\nالثاني");
        assert!(a.id.ends_with("x.txt"));
    }

    #[test]
    fn markdown_front_matter_and_marks() {
        let md = "---\ntitle: \"غوغل تطلق **بارد**\"\ndate: 2023-02-06\ntags: [ذكاء, بحث]\n---\n# مقدمة\nنص مع [رابط](http://x.y) و**تشديد**.\n";
        let parsed = articles(&collect("p.md", md.as_bytes(), None));
        let a = &parsed[0].as_ref().unwrap().0;
        assert_eq!(a.title, "غوغل تطلق **بارد**");
        assert!(a.body.contains("مقدمة\nنص مع رابط وتشديد."), "{}", a.body);
        assert!(a.date.is_some());
        assert_eq!(a.tags, vec!["ذكاء", "بحث"]);
    }

    #[test]
    fn oversized_line_is_skipped_without_holding_it() {
        let mut data = Vec::new();
        data.extend_from_slice(b"{\"body\": \"a\"}\n");
        let mut reader = io::Cursor::new(vec![b'x'; 1000]);
        let mut out = Vec::new();
        let (n, complete) = read_line_capped(&mut reader, &mut out, 100).unwrap();
        assert_eq!((n, complete, out.len()), (1000, false, 0));
        let recs = collect("a.jsonl", &data, None);
        assert_eq!(recs.len(), 1);
    }

    #[test]
    fn html_body_in_json_is_turned_into_text() {
        let recs = collect(
            "a.jsonl",
            b"{\"title\": \"t\", \"content\": \"<p>one</p><p>two &amp; three</p>\"}\n",
            None,
        );
        let a = articles(&recs).remove(0).unwrap().0;
        assert_eq!(a.body, "one\ntwo & three");
    }

    #[test]
    fn stored_text_is_cleaned_and_long_bodies_truncated_with_a_warning() {
        let body = format!("فيس\u{200F}بوك {}", "كلمة ".repeat(MAX_BODY_BYTES / 8));
        let line = serde_json::json!({"id": "x", "title": "\u{202B}عنوان\u{202C}", "body": body})
            .to_string();
        let recs = collect("a.jsonl", line.as_bytes(), None);
        let (a, w) = articles(&recs).remove(0).unwrap();
        assert_eq!(a.title, "عنوان");
        assert!(a.body.starts_with("فيسبوك "));
        assert!(a.body.len() <= MAX_BODY_BYTES);
        assert_eq!(w.unwrap().reason, "truncated");
    }

    #[test]
    fn directory_walk_reads_pages_and_reports_other_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("b/c")).unwrap();
        std::fs::write(dir.path().join("a.txt"), "عنوان\nنص").unwrap();
        std::fs::write(
            dir.path().join("b/c/p.html"),
            "<html><head><title>صفحة</title></head><body><p>نص الصفحة</p></body></html>",
        )
        .unwrap();
        std::fs::write(dir.path().join("b/img.png"), b"\x89PNG\0\0").unwrap();
        std::fs::write(dir.path().join("b/bin.txt"), b"ab\0cd").unwrap();
        let mut recs = Vec::new();
        read_input(
            dir.path().to_str().unwrap(),
            &ReadOptions::default(),
            &mut |r| {
                recs.push(r);
                true
            },
        )
        .unwrap();
        let parsed = articles(&recs);
        let reasons: Vec<&str> = parsed
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(|e| e.reason)
            .collect();
        assert_eq!(reasons, vec!["binary", "unsupported-file"]);
        let titles: Vec<String> = parsed
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(|(a, _)| a.title.clone())
            .collect();
        assert_eq!(titles, vec!["عنوان", "صفحة"]);
    }

    #[test]
    fn format_names_parse_and_unknown_ones_say_what_is_accepted() {
        assert_eq!("NDJSON".parse::<Format>(), Ok(Format::JsonLines));
        assert!("yaml"
            .parse::<Format>()
            .unwrap_err()
            .contains("jsonl, json, csv"));
    }
}
