//! Reading article dumps: input opening (files, stdin, gzip), JSON Lines
//! records, ids and dates.
//!
//! A reader yields [`Record`]s: either an [`Article`] or a [`RecordError`]
//! that names the file and line and says why the record was rejected, so the
//! caller can count, report and go on (nothing is dropped silently).

pub mod boilerplate;
pub mod clean;
pub mod date;
pub mod fields;
pub mod html;
pub mod jsonl;
pub mod source;
pub mod wxr;

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
    /// Section or category as given by the source (several joined by ", ").
    pub category: Option<String>,
    /// Tags or keywords as given by the source.
    pub tags: Vec<String>,
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

/// Opens `path` for reading (`-` is standard input), decompressing and
/// decoding it by its content, whatever the file's name:
///
/// - gzip (`1f 8b`, concatenated members read through), zstd (`28 b5 2f fd`,
///   several frames read through) and bzip2 (`BZh`, several streams) are
///   decompressed;
/// - the text is then decoded to UTF-8 (see [`open_input_with`]): a UTF-8
///   byte-order mark is dropped, UTF-16 with a mark is converted, and text
///   that is not UTF-8 is read as Windows-1256, the legacy Arabic encoding.
pub fn open_input(path: &str) -> io::Result<Box<dyn BufRead + Send>> {
    open_input_with(path, None)
}

/// [`open_input`] with the text encoding given (`None`: detected). Invalid
/// bytes never stop the reading: they become U+FFFD.
///
/// ```
/// let enc = fahras::ingest::encoding_by_name("windows-1256").unwrap();
/// assert_eq!(enc.name(), "windows-1256");
/// assert!(fahras::ingest::encoding_by_name("arabic-9000").is_none());
/// ```
pub fn open_input_with(
    path: &str,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> io::Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> = if path == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(File::open(Path::new(path))?)
    };
    let decompressed = decompress(BufReader::with_capacity(1 << 16, raw))?;
    decode(decompressed, encoding)
}

/// The encoding a user names (`--encoding`): WHATWG labels such as `utf-8`,
/// `utf-16le`, `windows-1256`, `iso-8859-6`, `cp1256`.
pub fn encoding_by_name(name: &str) -> Option<&'static encoding_rs::Encoding> {
    encoding_rs::Encoding::for_label(name.trim().as_bytes())
}

fn decompress(mut reader: BufReader<Box<dyn Read + Send>>) -> io::Result<Box<dyn BufRead + Send>> {
    let head = reader.fill_buf()?;
    let buffered = |r: Box<dyn Read + Send>| -> Box<dyn BufRead + Send> {
        Box::new(BufReader::with_capacity(1 << 16, r))
    };
    Ok(if head.starts_with(&[0x1f, 0x8b]) {
        buffered(Box::new(flate2::bufread::MultiGzDecoder::new(reader)))
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        buffered(Box::new(ZstdFrames::new(reader)))
    } else if head.starts_with(b"BZh") {
        buffered(Box::new(bzip2::bufread::MultiBzDecoder::new(reader)))
    } else {
        Box::new(reader)
    })
}

/// Most bytes looked at to tell UTF-8 from a legacy encoding: what the
/// reader holds at the start (never waiting for more, so a pipe that is
/// still being written is read at once).
const SNIFF_BYTES: usize = 64 * 1024;

fn decode(
    mut reader: Box<dyn BufRead + Send>,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> io::Result<Box<dyn BufRead + Send>> {
    use encoding_rs::{UTF_16BE, UTF_16LE, UTF_8};
    let chosen = match encoding {
        Some(e) => Some(e),
        None => {
            // look at what is buffered, without consuming it
            let buffered = reader.fill_buf()?;
            let head = &buffered[..buffered.len().min(SNIFF_BYTES)];
            if head.starts_with(&[0xef, 0xbb, 0xbf]) {
                Some(UTF_8) // the decoder drops the mark
            } else if head.starts_with(&[0xff, 0xfe]) {
                Some(UTF_16LE)
            } else if head.starts_with(&[0xfe, 0xff]) {
                Some(UTF_16BE)
            } else if let Some(e) = utf16_without_mark(head) {
                Some(e)
            } else if looks_utf8(head) {
                None // plain UTF-8: read as it is, no conversion cost
            } else {
                Some(legacy_arabic(head))
            }
        }
    };
    Ok(match chosen {
        None => reader,
        Some(e) => Box::new(BufReader::with_capacity(
            1 << 16,
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(e))
                .bom_override(true)
                .build(reader),
        )),
    })
}

/// UTF-16 written without a byte-order mark, told by its zero bytes: ASCII
/// (`{`, `"`, digits) is `xx 00` in little-endian and `00 xx` in big-endian,
/// and Arabic (U+06xx) puts 0x06 in the same half. Text in UTF-8 or a legacy
/// encoding has no zero bytes at all.
fn utf16_without_mark(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let pairs = head.len() / 2;
    if pairs < 2 || !head.contains(&0) {
        return None;
    }
    let high = |b: u8| b == 0 || b == 0x06;
    let (mut le, mut be) = (0usize, 0usize);
    for p in head.chunks_exact(2) {
        le += usize::from(high(p[1]) && !high(p[0]));
        be += usize::from(high(p[0]) && !high(p[1]));
    }
    // most characters must show the pattern, and only one way round
    if le * 10 >= pairs * 6 && be * 10 < pairs {
        Some(encoding_rs::UTF_16LE)
    } else if be * 10 >= pairs * 6 && le * 10 < pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Windows-1256 or ISO-8859-6 for text that is not UTF-8: the one whose
/// reading of `head` has more Arabic letters and fewer misfits. The two
/// agree on the first letters (0xC1 is ء in both) but part ways from 0xDC:
/// ISO-8859-6 puts ه و ى ي at 0xE7–0xEA, where Windows-1256 has the French
/// letters ç è é ê — so ISO-8859-6 text read as Windows-1256 is full of
/// accented Latin letters inside Arabic words (في comes out as “لê”), while
/// Windows-1256 text read as ISO-8859-6 hits unassigned bytes (its ك, 0xDF).
fn legacy_arabic(head: &[u8]) -> &'static encoding_rs::Encoding {
    use encoding_rs::{ISO_8859_6, WINDOWS_1256};
    let score = |e: &'static encoding_rs::Encoding| -> i64 {
        let (text, _) = e.decode_without_bom_handling(head);
        text.chars()
            .map(|c| match c {
                '\u{0621}'..='\u{064A}' => 1,
                '\u{00C0}'..='\u{00FF}' | '\u{FFFD}' => -2,
                _ => 0,
            })
            .sum()
    };
    if score(ISO_8859_6) > score(WINDOWS_1256) {
        ISO_8859_6
    } else {
        WINDOWS_1256
    }
}

/// True when the sample `bytes` is UTF-8 (a character cut at its end is
/// allowed: the sample may stop anywhere).
fn looks_utf8(bytes: &[u8]) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && bytes.len() - e.valid_up_to() < 4,
    }
}

/// A zstd stream of one or more frames (`zstd` writes one; `cat a.zst b.zst`
/// gives two).
struct ZstdFrames<R: BufRead> {
    state: ZstdState<R>,
}

enum ZstdState<R: BufRead> {
    Between(R),
    In(Box<ruzstd::decoding::StreamingDecoder<R, ruzstd::decoding::FrameDecoder>>),
    Done,
}

impl<R: BufRead> ZstdFrames<R> {
    fn new(source: R) -> Self {
        ZstdFrames {
            state: ZstdState::Between(source),
        }
    }
}

impl<R: BufRead> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            match std::mem::replace(&mut self.state, ZstdState::Done) {
                ZstdState::Done => return Ok(0),
                ZstdState::Between(mut source) => {
                    if source.fill_buf()?.is_empty() {
                        return Ok(0);
                    }
                    let decoder = ruzstd::decoding::StreamingDecoder::new(source)
                        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
                    self.state = ZstdState::In(Box::new(decoder));
                }
                ZstdState::In(mut decoder) => {
                    let n = decoder.read(buf)?;
                    if n > 0 || buf.is_empty() {
                        self.state = ZstdState::In(decoder);
                        return Ok(n);
                    }
                    self.state = ZstdState::Between(decoder.into_inner());
                }
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const TEXT: &str =
        "{\"id\":\"a\",\"title\":\"جوجل تطلق خدمة\",\"body\":\"أعلنت شركة جوجل عن خدمة جديدة.\"}\n";

    fn read_back(bytes: &[u8], encoding: Option<&'static encoding_rs::Encoding>) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("input");
        std::fs::write(&path, bytes).unwrap();
        let mut out = String::new();
        open_input_with(path.to_str().unwrap(), encoding)
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn plain_utf8_passes_through() {
        assert_eq!(read_back(TEXT.as_bytes(), None), TEXT);
    }

    #[test]
    fn utf8_byte_order_mark_is_dropped() {
        let mut bytes = vec![0xef, 0xbb, 0xbf];
        bytes.extend_from_slice(TEXT.as_bytes());
        assert_eq!(read_back(&bytes, None), TEXT);
    }

    #[test]
    fn utf16_with_a_mark_is_converted() {
        let mut le = vec![0xff, 0xfe];
        le.extend(TEXT.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(read_back(&le, None), TEXT);
        let mut be = vec![0xfe, 0xff];
        be.extend(TEXT.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(read_back(&be, None), TEXT);
    }

    #[test]
    fn windows_1256_is_detected_when_the_text_is_not_utf8() {
        // جوجل in Windows-1256 is not valid UTF-8
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(TEXT);
        assert!(!unmappable);
        assert_eq!(read_back(&bytes, None), TEXT);
    }

    #[test]
    fn utf16_without_a_mark_is_detected_by_its_zero_bytes() {
        let text = "{\"title\":\"سامسونج تطلق هاتفاً\"}\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(read_back(&le, None), text);
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(read_back(&be, None), text);
    }

    #[test]
    fn iso_8859_6_is_told_from_windows_1256_by_its_letters() {
        // و and ي are 0xE8 and 0xEA in ISO-8859-6, which Windows-1256
        // reads as è and ê; ك is 0xDF in Windows-1256, unassigned in
        // ISO-8859-6
        let text = "{\"title\":\"المكتبة الرقمية تفتح أبوابها للمستخدمين\"}\n";
        let (bytes, _, unmappable) = encoding_rs::ISO_8859_6.encode(text);
        assert!(!unmappable);
        assert_eq!(read_back(&bytes, None), text);
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(text);
        assert_eq!(read_back(&bytes, None), text);
    }

    #[test]
    fn iso_8859_6_is_read_when_named() {
        let (bytes, _, unmappable) = encoding_rs::ISO_8859_6.encode("خدمة جديدة\n");
        assert!(!unmappable);
        let enc = encoding_by_name("iso-8859-6");
        assert_eq!(read_back(&bytes, enc), "خدمة جديدة\n");
    }

    #[test]
    fn invalid_bytes_become_replacement_characters_not_errors() {
        let bytes = b"{\"title\":\"ok\"}\n\xff\xfe\xfd\n".to_vec();
        let out = read_back(&bytes, encoding_by_name("utf-8"));
        assert!(out.starts_with("{\"title\":\"ok\"}\n"));
        assert!(out.contains('\u{FFFD}'));
    }

    #[test]
    fn gzip_zstd_and_bzip2_are_detected_by_content() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(TEXT.as_bytes()).unwrap();
        assert_eq!(read_back(&gz.finish().unwrap(), None), TEXT);

        let zst = ruzstd::encoding::compress_to_vec(
            TEXT.as_bytes(),
            ruzstd::encoding::CompressionLevel::Fastest,
        );
        assert_eq!(read_back(&zst, None), TEXT);

        let mut bz = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
        bz.write_all(TEXT.as_bytes()).unwrap();
        assert_eq!(read_back(&bz.finish().unwrap(), None), TEXT);
    }

    #[test]
    fn concatenated_zstd_frames_are_read_through() {
        let level = ruzstd::encoding::CompressionLevel::Fastest;
        let mut two = ruzstd::encoding::compress_to_vec(TEXT.as_bytes(), level);
        two.extend(ruzstd::encoding::compress_to_vec(TEXT.as_bytes(), level));
        assert_eq!(read_back(&two, None), format!("{TEXT}{TEXT}"));
    }

    #[test]
    fn compressed_legacy_encoding_is_decompressed_then_decoded() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(TEXT);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&bytes).unwrap();
        assert_eq!(read_back(&gz.finish().unwrap(), None), TEXT);
    }

    #[test]
    fn long_utf8_input_cut_mid_character_by_the_sample_stays_utf8() {
        // the 64 KiB sample ends inside a two-byte Arabic letter
        let mut text = "a".repeat(SNIFF_BYTES - 1);
        text.push_str(&"ج".repeat(10));
        assert_eq!(read_back(text.as_bytes(), None), text);
    }
}
