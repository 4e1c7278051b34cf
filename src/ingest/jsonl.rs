//! JSON Lines (NDJSON) dumps: one article object per line.
//!
//! Keys read: `id` (string or number; optional), `title`, `body`, and the
//! optional `url`, `date`, `source`, `category`. Unknown keys are ignored.
//! Reading lines ([`JsonLinesReader`]) is separate from parsing them
//! ([`parse_line`]) so that parsing can run in parallel.

use std::borrow::Cow;
use std::io::{self, BufRead};

use serde::Deserialize;
use serde_json::Value;

use super::date::parse_date;
use super::{content_id, Article, Record, RecordError, RecordWarning};

/// One raw line of a dump with its 1-based line number.
#[derive(Debug, Clone)]
pub struct RawLine {
    /// 1-based line number in the input.
    pub line: u64,
    /// The line's bytes, without the line terminator.
    pub bytes: Vec<u8>,
}

/// Reads the non-blank lines of a JSON Lines input in batches.
pub struct JsonLinesReader<R: BufRead> {
    inner: R,
    line: u64,
    bytes_read: u64,
}

impl<R: BufRead> JsonLinesReader<R> {
    /// Wraps an input (see [`open_input`](super::open_input)).
    pub fn new(inner: R) -> Self {
        JsonLinesReader {
            inner,
            line: 0,
            bytes_read: 0,
        }
    }

    /// Bytes consumed so far (after decompression).
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// Reads the next non-blank line, or `None` at the end of the input.
    pub fn next_line(&mut self) -> io::Result<Option<RawLine>> {
        loop {
            let mut bytes = Vec::new();
            let n = self.inner.read_until(b'\n', &mut bytes)?;
            if n == 0 {
                return Ok(None);
            }
            self.line += 1;
            self.bytes_read += n as u64;
            while matches!(bytes.last(), Some(b'\n' | b'\r')) {
                bytes.pop();
            }
            if bytes.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            return Ok(Some(RawLine {
                line: self.line,
                bytes,
            }));
        }
    }

    /// Appends up to `max_lines` lines or about `max_bytes` bytes to `out`;
    /// returns how many were added (0 at the end of the input).
    pub fn read_batch(
        &mut self,
        max_lines: usize,
        max_bytes: usize,
        out: &mut Vec<RawLine>,
    ) -> io::Result<usize> {
        let mut added = 0;
        let mut bytes = 0;
        while added < max_lines && bytes < max_bytes {
            match self.next_line()? {
                Some(l) => {
                    bytes += l.bytes.len();
                    out.push(l);
                    added += 1;
                }
                None => break,
            }
        }
        Ok(added)
    }
}

#[derive(Deserialize)]
struct RawArticle {
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    date: Option<Value>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    category: Option<String>,
}

/// Parses one JSON Lines record. `file` names the input in errors.
///
/// ```
/// use fahras::ingest::jsonl::{parse_line, RawLine};
/// let raw = RawLine { line: 7, bytes: br#"{"id": 3, "title": "t", "body": "b", "date": "21/01/2017"}"#.to_vec() };
/// let (article, warning) = parse_line("dump.jsonl", &raw).unwrap();
/// assert_eq!(article.id, "3");
/// assert!(article.date.is_some() && warning.is_none());
///
/// let bad = RawLine { line: 8, bytes: b"{not json".to_vec() };
/// let err = parse_line("dump.jsonl", &bad).unwrap_err();
/// assert_eq!((err.line, err.reason), (8, "bad-json"));
/// ```
pub fn parse_line(file: &str, raw: &RawLine) -> Record {
    let err = |reason: &'static str, detail: String| RecordError {
        file: file.to_string(),
        line: raw.line,
        reason,
        detail,
    };
    let mut warning = None;
    let text = String::from_utf8_lossy(&raw.bytes);
    if matches!(text, Cow::Owned(_)) {
        warning = Some(RecordWarning {
            line: raw.line,
            reason: "invalid-utf8",
        });
    }
    if !text.trim_start().starts_with('{') {
        return Err(err(
            "bad-json",
            "not a JSON object: each line must be one {...} article".into(),
        ));
    }
    let rec: RawArticle = serde_json::from_str(&text).map_err(|e| {
        let detail = if e.is_data() {
            format!("a field has the wrong type: {e}")
        } else {
            format!("not a JSON object: {e}")
        };
        err("bad-json", detail)
    })?;
    let title = rec.title.unwrap_or_default();
    let body = rec.body.unwrap_or_default();
    if title.trim().is_empty() && body.trim().is_empty() {
        return Err(err(
            "no-text",
            "the record has neither a title nor a body".into(),
        ));
    }
    let id = match rec.id {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        None | Some(Value::Null) | Some(Value::String(_)) => content_id(&title, &body),
        Some(other) => {
            return Err(err(
                "bad-id",
                format!("`id` must be a string or a number, found {other}"),
            ))
        }
    };
    let date = match rec.date {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => {
            let d = parse_date(&s);
            if d.is_none() {
                warning = Some(RecordWarning {
                    line: raw.line,
                    reason: "bad-date",
                });
            }
            d
        }
        Some(Value::Number(n)) => n.as_i64(), // seconds since the epoch
        Some(_) => {
            warning = Some(RecordWarning {
                line: raw.line,
                reason: "bad-date",
            });
            None
        }
    };
    let non_empty = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    Ok((
        Article {
            id,
            title: title.trim().to_string(),
            body,
            url: non_empty(rec.url),
            date,
            source: non_empty(rec.source),
            category: non_empty(rec.category),
            tags: Vec::new(),
        },
        warning,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Record {
        parse_line(
            "t.jsonl",
            &RawLine {
                line: 1,
                bytes: s.as_bytes().to_vec(),
            },
        )
    }

    #[test]
    fn missing_id_gets_a_stable_content_hash() {
        let a = parse(r#"{"title":"عنوان","body":"نص"}"#).unwrap().0;
        let b = parse(r#"{"title":"عنوان","body":"نص","source":"x"}"#)
            .unwrap()
            .0;
        assert_eq!(a.id, b.id);
        assert!(a.id.starts_with("h:"));
    }

    #[test]
    fn null_title_is_allowed_but_no_text_is_rejected() {
        assert!(parse(r#"{"id":"1","title":null,"body":"نص"}"#).is_ok());
        let e = parse(r#"{"id":"1","title":null,"body":"  "}"#).unwrap_err();
        assert_eq!(e.reason, "no-text");
    }

    #[test]
    fn unparsable_date_is_a_warning_not_a_rejection() {
        let (a, w) = parse(r#"{"id":"1","body":"x","date":"last week"}"#).unwrap();
        assert_eq!(a.date, None);
        assert_eq!(w.unwrap().reason, "bad-date");
    }

    #[test]
    fn wrong_types_and_broken_json_are_rejected_with_reason() {
        assert_eq!(
            parse(r#"{"id":"1","body":5}"#).unwrap_err().reason,
            "bad-json"
        );
        assert_eq!(
            parse(r#"{"id":[1],"body":"x"}"#).unwrap_err().reason,
            "bad-id"
        );
        assert_eq!(parse(r#"["a"]"#).unwrap_err().reason, "bad-json");
        assert_eq!(parse("{\"body\":\"x\"").unwrap_err().reason, "bad-json");
    }

    #[test]
    fn invalid_utf8_is_replaced_and_flagged() {
        let raw = RawLine {
            line: 3,
            bytes: b"{\"id\":\"1\",\"body\":\"a\xffb\"}".to_vec(),
        };
        let (a, w) = parse_line("t", &raw).unwrap();
        assert_eq!(a.body, "a\u{FFFD}b");
        assert_eq!(w.unwrap().reason, "invalid-utf8");
    }

    #[test]
    fn reader_skips_blank_lines_and_counts_lines() {
        let data = b"{\"a\":1}\n\n  \n{\"b\":2}\r\n";
        let mut r = JsonLinesReader::new(&data[..]);
        assert_eq!(r.next_line().unwrap().unwrap().line, 1);
        let l = r.next_line().unwrap().unwrap();
        assert_eq!((l.line, l.bytes.as_slice()), (4, &b"{\"b\":2}"[..]));
        assert!(r.next_line().unwrap().is_none());
    }
}
