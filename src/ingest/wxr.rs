//! WordPress exports (WXR: RSS 2.0 with the `wp:`, `content:`, `excerpt:` and
//! `dc:` namespaces), read as a stream of posts.
//!
//! Exports of old news sites run to many gigabytes, so the file is never
//! loaded whole: events are pulled one at a time and only the text of the
//! fields we keep is gathered, which bounds memory by the largest `<item>`.
//! Elements are matched by their qualified names as written (`wp:post_id`),
//! since every real export uses these prefixes. `<item>`s are taken wherever
//! they are nested under the `<rss>` root.
//!
//! Bytes that are not UTF-8 are replaced by U+FFFD before the XML parser sees
//! them (one bad byte must not cost a whole archive), while byte offsets and
//! lines are still counted on the original input so errors point at the file.

use std::fmt;
use std::io::{self, BufRead};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// One `<item>` of the export: a post, page, attachment, menu entry, ...
/// Fields are kept raw (HTML, dates as written) so that the caller decides how
/// to convert them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WxrItem {
    /// Where the `<item>` starts in the (decompressed) input, for error reports.
    pub byte_offset: u64,
    /// 1-based line where the `<item>` starts, for error reports.
    pub line: u64,
    /// `wp:post_id`: WordPress's own id, stable across re-exports.
    pub post_id: Option<String>,
    /// `<title>`, entities decoded and trimmed (may be empty).
    pub title: String,
    /// `<link>`, else `<guid>`: the address the post was published at.
    pub link: Option<String>,
    /// Raw date: `wp:post_date_gmt` unless empty or zero, else `pubDate`
    /// (unless it is WordPress's `-0001` rendering of "no date"), else
    /// `wp:post_date` (local time). Drafts often have no real GMT date.
    pub date: Option<String>,
    /// `dc:creator`: the author's login.
    pub creator: Option<String>,
    /// `content:encoded` as is (raw HTML); the caller converts it to text.
    pub content_html: String,
    /// `excerpt:encoded`, when not empty.
    pub excerpt: Option<String>,
    /// Texts of `<category domain="category">` (or with no domain).
    pub categories: Vec<String>,
    /// Texts of `<category domain="post_tag">`.
    pub tags: Vec<String>,
    /// `wp:post_type` (`post`, `page`, `attachment`, ...), so callers can keep posts only.
    pub post_type: Option<String>,
    /// `wp:status` (`publish`, `draft`, ...), so callers can skip unpublished items.
    pub status: Option<String>,
    /// The channel's `<title>` (the blog's name), repeated on each item so
    /// that every item can be filed under its site.
    pub site: Option<String>,
}

/// An error with where it happened, so that a bad spot in a huge export can be
/// found. Errors about one `<item>` point at the start of that item.
#[derive(Debug)]
pub struct WxrError {
    /// Byte offset in the (decompressed) input.
    pub byte_offset: u64,
    /// 1-based line.
    pub line: u64,
    /// What was wrong.
    pub message: String,
}

impl fmt::Display for WxrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (b, l, m) = (self.byte_offset, self.line, &self.message);
        write!(f, "line {l} (byte {b}): {m}")
    }
}

impl std::error::Error for WxrError {}

const REPLACEMENT: &[u8] = "\u{FFFD}".as_bytes();

/// Input adapter: hands the parser valid UTF-8 (bad bytes become U+FFFD) and
/// counts original bytes and newlines as the parser consumes them.
struct Source<R> {
    inner: R,
    /// Cleaned bytes of the current chunk, and how much of it was consumed.
    buf: Vec<u8>,
    pos: usize,
    /// U+FFFD written at `buf[at]` in place of `len` original bytes, in order.
    subs: Vec<(usize, usize)>,
    next_sub: usize,
    /// Start of a UTF-8 sequence cut by the end of the inner chunk.
    carry: Vec<u8>,
    offset: u64,
    line: u64,
}

impl<R: BufRead> Source<R> {
    fn refill(&mut self) -> io::Result<()> {
        self.buf.clear();
        self.subs.clear();
        (self.pos, self.next_sub) = (0, 0);
        while self.buf.is_empty() {
            let chunk = match self.inner.fill_buf() {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                chunk => chunk?,
            };
            let n = chunk.len();
            let mut data = std::mem::take(&mut self.carry);
            if n == 0 && data.is_empty() {
                break;
            }
            data.extend_from_slice(chunk);
            self.inner.consume(n);
            let mut rest = &data[..];
            while let Err(e) = std::str::from_utf8(rest) {
                let (good, bad) = rest.split_at(e.valid_up_to());
                self.buf.extend_from_slice(good);
                let Some(len) = e.error_len().or((n == 0).then_some(bad.len())) else {
                    self.carry.extend_from_slice(bad); // completed by the next chunk
                    break;
                };
                self.subs.push((self.buf.len(), len));
                self.buf.extend_from_slice(REPLACEMENT);
                rest = &bad[len..];
            }
            if self.carry.is_empty() {
                self.buf.extend_from_slice(rest);
            }
        }
        Ok(())
    }
}

impl<R: BufRead> io::Read for Source<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.fill_buf()?.len().min(out.len());
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Source<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos >= self.buf.len() {
            self.refill()?;
        }
        Ok(&self.buf[self.pos..])
    }

    fn consume(&mut self, amt: usize) {
        let end = self.pos.saturating_add(amt).min(self.buf.len());
        let taken = &self.buf[self.pos..end];
        self.line += taken.iter().filter(|&&b| b == b'\n').count() as u64;
        self.offset += taken.len() as u64;
        while let Some(&(_, len)) = self.subs.get(self.next_sub).filter(|s| s.0 < end) {
            self.offset = (self.offset + len as u64).saturating_sub(REPLACEMENT.len() as u64);
            self.next_sub += 1;
        }
        self.pos = end;
    }
}

/// Children of `<item>` whose text is kept, in the order of `Draft::values`.
#[rustfmt::skip]
const FIELDS: [&str; 12] = [
    "wp:post_id", "title", "link", "guid", "wp:post_date_gmt", "pubDate", "wp:post_date",
    "dc:creator", "content:encoded", "excerpt:encoded", "wp:post_type", "wp:status",
];
/// Field numbers past `FIELDS` for `<category>` by domain.
const CATEGORY: usize = FIELDS.len();
const TAG: usize = CATEGORY + 1;

fn field_for(e: &BytesStart) -> Option<usize> {
    let name = e.name().0;
    if name != "category" {
        return FIELDS.iter().position(|f| *f == name);
    }
    match e.try_get_attribute("domain") {
        Ok(None) => Some(CATEGORY),
        Ok(Some(a)) if a.value == "category" => Some(CATEGORY),
        Ok(Some(a)) if a.value == "post_tag" => Some(TAG),
        _ => None,
    }
}

/// An item being read: its fields so far and the open elements inside it.
#[derive(Default)]
struct Draft {
    item: WxrItem,
    /// First non-empty text of each of `FIELDS`.
    values: [Option<String>; FIELDS.len()],
    /// Names of the open elements inside the `<item>`.
    stack: Vec<String>,
    /// Field of the open child of `<item>`, and its text so far.
    field: Option<usize>,
    text: String,
    /// What is wrong with the item, if anything.
    problem: Option<String>,
}

impl Draft {
    fn close_field(&mut self) {
        let end = self.text.trim_end().len();
        self.text.truncate(end);
        let start = self.text.len() - self.text.trim_start().len();
        self.text.drain(..start);
        let v = std::mem::take(&mut self.text);
        match self.field.take() {
            _ if v.is_empty() => {}
            Some(CATEGORY) => self.item.categories.push(v),
            Some(TAG) => self.item.tags.push(v),
            Some(i) => {
                if let Some(slot) = self.values.get_mut(i) {
                    slot.get_or_insert(v);
                }
            }
            None => {}
        }
    }

    fn error(&self, what: &str) -> WxrError {
        let id = self.values[0]
            .as_deref()
            .map(|id| format!(" (wp:post_id {id})"));
        WxrError {
            byte_offset: self.item.byte_offset,
            line: self.item.line,
            message: format!("bad <item>{}: {what}", id.unwrap_or_default()),
        }
    }

    fn finish(mut self, site: &Option<String>) -> Result<WxrItem, WxrError> {
        if let Some(p) = &self.problem {
            return Err(self.error(p));
        }
        let [post_id, title, link, guid, gmt, pub_date, local, creator, content, excerpt, post_type, status] =
            std::mem::take(&mut self.values);
        let real = |d: &String| !d.starts_with("0000-00-00") && !d.contains(" -0001 ");
        Ok(WxrItem {
            post_id,
            title: title.unwrap_or_default(),
            link: link.or(guid),
            date: gmt
                .filter(real)
                .or(pub_date.filter(real))
                .or(local.filter(real)),
            creator,
            content_html: content.unwrap_or_default(),
            excerpt,
            post_type,
            status,
            site: site.clone(),
            ..self.item
        })
    }
}

/// Streams the items of a WXR export; see the module documentation.
pub struct WxrReader<R: BufRead> {
    xml: Reader<Source<R>>,
    buf: Vec<u8>,
    st: State,
}

/// Where the reader is in the document, apart from the parser itself.
#[derive(Default)]
struct State {
    /// Names of the open elements outside any item (`rss`, `channel`, ...).
    outer: Vec<String>,
    site: Option<String>,
    /// Text of the channel's `<title>` while it is being read.
    site_text: Option<String>,
    draft: Option<Draft>,
    seen_root: bool,
    done: bool,
}

/// An error and whether reading has to stop after it.
type Failure = (WxrError, bool);

impl<R: BufRead> WxrReader<R> {
    /// Wraps a (decompressed) export; nothing is read until the first item is asked for.
    pub fn new(input: R) -> Self {
        let source = Source {
            inner: input,
            buf: Vec::new(),
            pos: 0,
            subs: Vec::new(),
            next_sub: 0,
            carry: Vec::new(),
            offset: 0,
            line: 1,
        };
        let mut xml = Reader::from_reader(source);
        let config = xml.config_mut();
        // Nesting is checked here instead, so that a bad item can be skipped.
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
        config.allow_dangling_amp = true; // "Q&A" in a title is common and harmless
        let st = State::default();
        WxrReader {
            xml,
            buf: Vec::new(),
            st,
        }
    }

    /// Next item, `Ok(None)` at the end. After an error that leaves the input
    /// unreadable (bad XML syntax, input ending early, not a WordPress export)
    /// the reader returns `Ok(None)` from then on: callers stop and report the
    /// error with its offset. A malformed item whose end can still be found is
    /// returned as an error and the next call goes on with the following item.
    pub fn next_item(&mut self) -> Result<Option<WxrItem>, WxrError> {
        if self.st.done {
            return Ok(None);
        }
        let result = self.read();
        self.st.done = !matches!(result, Ok(Some(_)) | Err((_, false)));
        result.map_err(|(e, _)| e)
    }

    /// Like `next_item`, with errors flagged fatal or not.
    fn read(&mut self) -> Result<Option<WxrItem>, Failure> {
        let st = &mut self.st;
        loop {
            let at = self.xml.get_ref().here();
            self.buf.clear();
            let step = match self.xml.read_event_into(&mut self.buf) {
                Ok(Event::Start(e)) => st.open(&e, at),
                Ok(Event::Empty(e)) => st.open(&e, at).or_else(|| st.close(e.name().0)),
                Ok(Event::End(e)) => st.close(e.name().0),
                Ok(Event::Text(t)) => st.text(&t.xml10_content(), at),
                Ok(Event::CData(t)) => st.text(&t.xml10_content(), at),
                Ok(Event::GeneralRef(r)) => st.text(&resolve_ref(&r), at),
                Ok(Event::Eof) => return st.eof(self.xml.get_ref().here()),
                Ok(_) => None,
                Err(e) => {
                    let source = self.xml.get_mut();
                    let at_end = source.fill_buf().is_ok_and(|b| b.is_empty());
                    let why = if at_end {
                        "input ends early"
                    } else {
                        "bad XML"
                    };
                    Some(Err(st.fatal(source.here(), format!("{why}: {e}"))))
                }
            };
            if let Some(step) = step {
                return step.map(Some);
            }
        }
    }
}

/// What an event led to: nothing yet (`None`), an item, or an error.
type Step = Option<Result<WxrItem, Failure>>;

impl<R> Source<R> {
    /// (byte offset, line) of the next byte to parse.
    fn here(&self) -> (u64, u64) {
        (self.offset, self.line)
    }
}

impl State {
    /// An unrecoverable error found at `here`; while an item is open it
    /// points at the item instead and says where in the item.
    fn fatal(&self, (byte_offset, line): (u64, u64), what: String) -> Failure {
        let error = match &self.draft {
            Some(d) => d.error(&format!("at line {line} (byte {byte_offset}): {what}")),
            None => WxrError {
                byte_offset,
                line,
                message: what,
            },
        };
        (error, true)
    }

    /// Text, CDATA or a reference starting at `at`.
    fn text(&mut self, text: &str, at: (u64, u64)) -> Step {
        if let Some(d) = &mut self.draft {
            if !d.stack.is_empty() && d.field.is_some() {
                d.text.push_str(text);
            }
        } else if let Some(site) = &mut self.site_text {
            site.push_str(text);
        } else if self.outer.is_empty() && !text.trim().is_empty() {
            let what = "text outside the root element: not XML (decompress it first?)";
            return Some(Err(self.fatal(at, what.into())));
        }
        None
    }

    /// The end of the input, reached at `here`.
    fn eof(&self, here: (u64, u64)) -> Result<Option<WxrItem>, Failure> {
        let what = match (&self.draft, self.seen_root, self.outer.last()) {
            (Some(_), ..) => "input ends inside this <item>".to_owned(),
            (_, false, _) => "no <rss> element: not a WordPress export".to_owned(),
            (_, _, Some(open)) => format!("input ends inside <{open}>: truncated?"),
            _ => return Ok(None),
        };
        Err(self.fatal(here, what))
    }

    /// A start tag at `at`.
    fn open(&mut self, e: &BytesStart, at: (u64, u64)) -> Step {
        let name = e.name().0;
        if self.outer.is_empty() && self.draft.is_none() && name != "rss" {
            let what = format!("root element <{name}> is not <rss>: not a WordPress export");
            return Some(Err(self.fatal(at, what)));
        }
        self.seen_root = true;
        if name == "item" {
            let (byte_offset, line) = at;
            let item = WxrItem {
                byte_offset,
                line,
                ..WxrItem::default()
            };
            let old = self.draft.replace(Draft {
                item,
                ..Draft::default()
            })?;
            return Some(Err((old.error("no </item> before the next <item>"), false)));
        }
        if let Some(d) = &mut self.draft {
            if d.stack.is_empty() {
                d.field = field_for(e);
                d.text.clear();
            }
            d.stack.push(name.to_owned());
        } else {
            let in_channel = self.outer.last().is_some_and(|n| n == "channel");
            if name == "channel" {
                self.site = None; // exports may be concatenated
            } else if name == "title" && in_channel && self.site.is_none() {
                self.site_text = Some(String::new());
            }
            self.outer.push(name.to_owned());
        }
        None
    }

    /// An end tag; returns the item it completes, if any.
    fn close(&mut self, name: &str) -> Step {
        if let Some(d) = &mut self.draft {
            if name != "item" {
                if let Some(i) = d.stack.iter().rposition(|n| n == name) {
                    if let Some(open) = d.stack.get(i + 1) {
                        d.problem
                            .get_or_insert(format!("<{open}> closed by </{name}>"));
                    }
                    d.stack.truncate(i);
                    if i == 0 {
                        d.close_field();
                    }
                    return None;
                }
                if !self.outer.iter().any(|n| n == name) {
                    d.problem.get_or_insert(format!("stray </{name}>"));
                    return None;
                }
            }
            let d = self.draft.take()?;
            self.pop_outer(name);
            return Some(match (name, d.stack.last()) {
                ("item", None) => d.finish(&self.site).map_err(|e| (e, false)),
                ("item", Some(open)) => Err((d.error(&format!("<{open}> not closed")), false)),
                _ => Err((d.error(&format!("</{name}> before </item>")), false)),
            });
        }
        if name == "title" {
            if let Some(t) = self.site_text.take() {
                self.site = Some(t.trim().to_owned()).filter(|t| !t.is_empty());
            }
        }
        self.pop_outer(name);
        None
    }

    fn pop_outer(&mut self, name: &str) {
        if let Some(i) = self.outer.iter().rposition(|n| n == name) {
            self.outer.truncate(i);
        }
    }
}

/// Entities resolved besides character references: XML's own and a few HTML
/// ones that slip into exports; any other is kept as written.
#[rustfmt::skip]
const ENTITIES: [(&str, char); 11] = [
    ("amp", '&'), ("lt", '<'), ("gt", '>'), ("quot", '"'), ("apos", '\''), ("nbsp", '\u{A0}'),
    ("hellip", '…'), ("ndash", '–'), ("mdash", '—'), ("laquo", '«'), ("raquo", '»'),
];

fn resolve_ref(name: &str) -> String {
    let c = match name.strip_prefix('#') {
        Some(num) => match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse().ok(),
        }
        .and_then(char::from_u32)
        .filter(|&c| c != '\0')
        .or(Some('\u{FFFD}')),
        None => ENTITIES.iter().find(|e| e.0 == name).map(|e| e.1),
    };
    c.map_or_else(|| format!("&{name};"), String::from)
}

impl<R: BufRead> Iterator for WxrReader<R> {
    type Item = Result<WxrItem, WxrError>;

    /// Items and item errors; ends after the first unrecoverable error.
    fn next(&mut self) -> Option<Self::Item> {
        self.next_item().transpose()
    }
}

/// True when the first bytes look like a WXR export: `<?xml` then `<rss` with
/// `xmlns:wp=` within the first 4 KB, or `<rss` followed by
/// `wordpress.org/export`. Lets input detection pick this reader over others.
pub fn looks_like_wxr(head: &[u8]) -> bool {
    let head = &head[..head.len().min(4096)];
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let Some(after) = find(head, b"<rss").map(|i| &head[i..]) else {
        return false;
    };
    let text = head
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(head)
        .trim_ascii_start();
    (text.starts_with(b"<?xml") && find(after, b"xmlns:wp=").is_some())
        || find(after, b"wordpress.org/export").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Same text as `tests/fixtures/wordpress-export.xml`.
    const FIXTURE: &str = r##"<?xml version="1.0" encoding="UTF-8" ?>
<!-- This is a WordPress eXtended RSS file generated by WordPress as an export of your site. -->
<!-- generator="WordPress/6.5.3" created="2024-06-01 12:00" -->
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>مدونة التقنية العربية</title>
	<link>https://tech.example.org</link>
	<description>أخبار التقنية والهواتف</description>
	<pubDate>Sat, 01 Jun 2024 12:00:00 +0000</pubDate>
	<language>ar</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://tech.example.org</wp:base_site_url>
	<wp:base_blog_url>https://tech.example.org</wp:base_blog_url>
	<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[karim]]></wp:author_login><wp:author_display_name><![CDATA[كريم]]></wp:author_display_name></wp:author>
	<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename><![CDATA[tech]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[تقنية]]></wp:cat_name></wp:category>
	<generator>https://wordpress.org/?v=6.5.3</generator>
	<image><url>https://tech.example.org/logo.png</url><title>شعار المدونة</title><link>https://tech.example.org</link></image>

	<item>
		<title><![CDATA[سامسونغ تطلق هاتفاً جديداً]]></title>
		<link>https://tech.example.org/2024/05/samsung-phone/</link>
		<pubDate>Tue, 14 May 2024 09:30:00 +0000</pubDate>
		<dc:creator><![CDATA[karim]]></dc:creator>
		<guid isPermaLink="false">https://tech.example.org/?p=101</guid>
		<description></description>
		<content:encoded><![CDATA[<p>كشفت <strong>سامسونغ</strong> عن هاتفها الجديد بشاشة أكبر وبطارية تدوم يومين.</p>
<p>يصل الهاتف إلى الأسواق العربية الشهر المقبل.</p>]]></content:encoded>
		<excerpt:encoded><![CDATA[هاتف جديد من سامسونغ]]></excerpt:encoded>
		<wp:post_id>101</wp:post_id>
		<wp:post_date><![CDATA[2024-05-14 12:30:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[2024-05-14 09:30:00]]></wp:post_date_gmt>
		<wp:comment_status><![CDATA[open]]></wp:comment_status>
		<wp:post_name><![CDATA[samsung-phone]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<category domain="category" nicename="tech"><![CDATA[تقنية]]></category>
		<category domain="category" nicename="phones"><![CDATA[هواتف]]></category>
		<category domain="post_tag" nicename="samsung"><![CDATA[سامسونغ]]></category>
		<wp:postmeta><wp:meta_key><![CDATA[_edit_last]]></wp:meta_key><wp:meta_value><![CDATA[1]]></wp:meta_value></wp:postmeta>
		<wp:comment><wp:comment_id>7</wp:comment_id><wp:comment_author><![CDATA[سلمى]]></wp:comment_author><wp:comment_date_gmt><![CDATA[2024-05-15 08:00:00]]></wp:comment_date_gmt><wp:comment_content><![CDATA[متى يصل إلى مصر؟]]></wp:comment_content></wp:comment>
	</item>
	<item>
		<title>آبل &amp; جوجل: شراكة &#1601;&#x64A; الذكاء الاصطناعي</title>
		<link></link>
		<pubDate>Wed, 22 May 2024 18:05:00 +0000</pubDate>
		<dc:creator><![CDATA[layla]]></dc:creator>
		<guid isPermaLink="false">https://tech.example.org/?p=102</guid>
		<description></description>
		<content:encoded>&lt;p&gt;أعلنت الشركتان عن اتفاق.&lt;/p&gt;
<![CDATA[<p>التفاصيل لاحقاً.</p>]]></content:encoded>
		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
		<wp:post_id>102</wp:post_id>
		<wp:post_date><![CDATA[2024-05-22 21:05:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[0000-00-00 00:00:00]]></wp:post_date_gmt>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<category domain="category" nicename="ai"><![CDATA[ذكاء اصطناعي]]></category>
		<category domain="post_tag" nicename="apple">آبل</category>
		<category domain="post_format" nicename="post-format-aside"><![CDATA[Aside]]></category>
	</item>
	<item>
		<title><![CDATA[صورة الهاتف]]></title>
		<link>https://tech.example.org/2024/05/samsung-phone/phone-jpg/</link>
		<pubDate>Tue, 14 May 2024 09:25:00 +0000</pubDate>
		<dc:creator><![CDATA[karim]]></dc:creator>
		<guid isPermaLink="false">https://tech.example.org/wp-content/uploads/2024/05/phone.jpg</guid>
		<description></description>
		<content:encoded><![CDATA[]]></content:encoded>
		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
		<wp:post_id>103</wp:post_id>
		<wp:post_date><![CDATA[2024-05-14 12:25:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[2024-05-14 09:25:00]]></wp:post_date_gmt>
		<wp:status><![CDATA[inherit]]></wp:status>
		<wp:post_parent>101</wp:post_parent>
		<wp:post_type><![CDATA[attachment]]></wp:post_type>
		<wp:attachment_url><![CDATA[https://tech.example.org/wp-content/uploads/2024/05/phone.jpg]]></wp:attachment_url>
	</item>
	<item>
		<title><![CDATA[من نحن]]></title>
		<link>https://tech.example.org/?page_id=104</link>
		<pubDate>Mon, 30 Nov -0001 00:00:00 +0000</pubDate>
		<dc:creator><![CDATA[karim]]></dc:creator>
		<guid isPermaLink="false">https://tech.example.org/?page_id=104</guid>
		<description></description>
		<content:encoded><![CDATA[<p>مدونة مستقلة تتابع أخبار <em>التقنية</em> بالعربية.</p>]]></content:encoded>
		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
		<wp:post_id>104</wp:post_id>
		<wp:post_date><![CDATA[2024-06-01 10:00:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[0000-00-00 00:00:00]]></wp:post_date_gmt>
		<wp:status><![CDATA[draft]]></wp:status>
		<wp:post_type><![CDATA[page]]></wp:post_type>
	</item>
</channel>
</rss>
"##;

    fn read_all(input: &[u8]) -> Vec<Result<WxrItem, WxrError>> {
        WxrReader::new(input).take(1000).collect()
    }

    fn items(input: &[u8]) -> Vec<WxrItem> {
        read_all(input)
            .into_iter()
            .map(|r| r.expect("item"))
            .collect()
    }

    /// (byte offset, line) of the n-th `<item>` of `text`.
    fn item_start(text: &str, n: usize) -> (u64, u64) {
        let at = text.match_indices("<item>").nth(n).expect("item").0;
        (at as u64, text[..at].matches('\n').count() as u64 + 1)
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_owned())
    }

    #[test]
    fn reads_every_field_of_a_published_post() {
        let (byte_offset, line) = item_start(FIXTURE, 0);
        let expected = WxrItem {
            byte_offset,
            line,
            post_id: s("101"),
            title: "سامسونغ تطلق هاتفاً جديداً".into(),
            link: s("https://tech.example.org/2024/05/samsung-phone/"),
            date: s("2024-05-14 09:30:00"),
            creator: s("karim"),
            content_html: "<p>كشفت <strong>سامسونغ</strong> عن هاتفها الجديد بشاشة أكبر وبطارية تدوم يومين.</p>\n<p>يصل الهاتف إلى الأسواق العربية الشهر المقبل.</p>".into(),
            excerpt: s("هاتف جديد من سامسونغ"),
            categories: vec!["تقنية".into(), "هواتف".into()],
            tags: vec!["سامسونغ".into()],
            post_type: s("post"),
            status: s("publish"),
            site: s("مدونة التقنية العربية"),
        };
        let got = items(FIXTURE.as_bytes());
        assert_eq!((got.len(), line), (4, 25));
        assert_eq!(got[0], expected);
    }

    #[test]
    fn decodes_entities_joins_text_with_cdata_and_falls_back_to_pub_date() {
        let got = &items(FIXTURE.as_bytes())[1];
        assert_eq!(got.title, "آبل & جوجل: شراكة في الذكاء الاصطناعي");
        let content = "<p>أعلنت الشركتان عن اتفاق.</p>\n<p>التفاصيل لاحقاً.</p>";
        assert_eq!(got.content_html, content);
        assert_eq!(got.date, s("Wed, 22 May 2024 18:05:00 +0000")); // zero GMT date
        assert_eq!(got.link, s("https://tech.example.org/?p=102")); // empty <link>
        assert_eq!((&got.excerpt, &got.creator), (&None, &s("layla")));
        assert_eq!(
            (&got.categories[0], &got.tags[0]),
            (&"ذكاء اصطناعي".into(), &"آبل".into())
        );
        assert_eq!((got.categories.len(), got.tags.len()), (1, 1)); // post_format skipped
        assert_eq!((got.byte_offset, got.line), item_start(FIXTURE, 1));
    }

    #[test]
    fn reports_attachments_and_draft_pages_with_type_status_and_local_date() {
        let got = items(FIXTURE.as_bytes());
        let (file, page) = (&got[2], &got[3]);
        assert_eq!(
            (file.post_type.as_deref(), file.status.as_deref()),
            (Some("attachment"), Some("inherit"))
        );
        assert_eq!(
            (file.title.as_str(), file.content_html.as_str()),
            ("صورة الهاتف", "")
        );
        assert_eq!(file.date, s("2024-05-14 09:25:00"));
        assert_eq!(
            (page.post_type.as_deref(), page.status.as_deref()),
            (Some("page"), Some("draft"))
        );
        // Zero GMT date and WordPress's "-0001" pubDate: the local date is used.
        assert_eq!(page.date, s("2024-06-01 10:00:00"));
        assert_eq!(
            (page.post_id.as_deref(), page.title.as_str()),
            (Some("104"), "من نحن")
        );
        assert!(page.categories.is_empty() && page.tags.is_empty() && page.excerpt.is_none());
        assert_eq!((page.byte_offset, page.line), item_start(FIXTURE, 3));
    }

    #[test]
    fn small_read_buffers_give_the_same_items() {
        for capacity in [1, 2, 3, 7, 64] {
            let reader = io::BufReader::with_capacity(capacity, FIXTURE.as_bytes());
            let got: Vec<WxrItem> = WxrReader::new(reader).map(|r| r.expect("item")).collect();
            assert_eq!(got, items(FIXTURE.as_bytes()), "capacity {capacity}");
        }
        // A byte-order mark and CRLF line ends: same text, offsets on the raw bytes.
        let crlf = format!("\u{FEFF}{}", FIXTURE.replace('\n', "\r\n"));
        let (got, want) = (items(crlf.as_bytes()), items(FIXTURE.as_bytes()));
        assert_eq!((got[3].byte_offset, got[3].line), item_start(&crlf, 3));
        assert_eq!(
            (&got[0].title, &got[0].content_html),
            (&want[0].title, &want[0].content_html)
        );
    }

    #[test]
    fn truncated_input_yields_the_complete_items_then_an_error_at_the_cut_item() {
        let cut = item_start(FIXTURE, 2).0 as usize + 700; // inside the attachment
        let got = read_all(&FIXTURE.as_bytes()[..cut]);
        assert!(got.len() == 3 && got[0].is_ok() && got[1].is_ok());
        let err = got[2].as_ref().expect_err("truncated item");
        assert_eq!((err.byte_offset, err.line), item_start(FIXTURE, 2));
        assert!(
            err.message.contains("103") && err.message.contains("input ends"),
            "{err}"
        );
        // Every cut: the items closed before it, then an error (none at the end).
        for cut in (0..FIXTURE.len()).step_by(3) {
            let got = read_all(&FIXTURE.as_bytes()[..cut]);
            let complete = FIXTURE.as_bytes()[..cut]
                .windows(7)
                .filter(|w| w == b"</item>")
                .count();
            assert_eq!(
                got.iter().filter(|r| r.is_ok()).count(),
                complete,
                "cut at {cut}"
            );
            let ended = cut >= FIXTURE.trim_end().len();
            assert_eq!(
                got.last().is_some_and(|r| r.is_err()),
                !ended,
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn malformed_item_is_reported_and_reading_goes_on() {
        let bad = FIXTURE.replacen("102</wp:post_id>", "102</wp:post_id><b>", 1);
        let got = read_all(bad.as_bytes());
        let err = got[1].as_ref().expect_err("bad item");
        assert_eq!((err.byte_offset, err.line), item_start(&bad, 1));
        assert!(
            err.message.contains("102") && err.message.contains("<b>"),
            "{err}"
        );
        assert!(got.len() == 4 && got[0].is_ok() && got[2].is_ok() && got[3].is_ok());
    }

    #[test]
    fn invalid_utf8_is_replaced_and_offsets_stay_on_the_original_bytes() {
        let mut bad = FIXTURE.as_bytes().to_vec();
        let at = FIXTURE.find("سامسونغ تطلق").expect("title");
        bad.splice(at..at, [0xFF, 0xC3, 0xE2, 0x82]);
        let got = items(&bad);
        assert_eq!(
            got[0].title,
            "\u{FFFD}\u{FFFD}\u{FFFD}سامسونغ تطلق هاتفاً جديداً"
        );
        let (offset, line) = item_start(FIXTURE, 3);
        assert_eq!((got[3].byte_offset, got[3].line), (offset + 4, line));
    }

    #[test]
    fn junk_bytes_give_an_error_not_a_panic() {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for len in [1, 10, 100, 5000] {
            let junk: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            assert!(read_all(&junk).last().is_some_and(|r| r.is_err()));
            let mut spliced = FIXTURE.as_bytes().to_vec();
            let at = next() as usize % spliced.len();
            spliced.splice(at..at, junk);
            read_all(&spliced);
        }
        for junk in [
            &b"\x1f\x8b\x08\x00"[..],
            b"<<<>>>&&&;",
            b"<![CDATA[",
            b"<html><p>",
            b"<rss><item><title>",
        ] {
            assert!(
                read_all(junk).last().is_some_and(|r| r.is_err()),
                "{junk:?}"
            );
        }
    }

    #[test]
    fn looks_like_wxr_accepts_exports_and_rejects_other_formats() {
        assert!(looks_like_wxr(FIXTURE.as_bytes()));
        assert!(looks_like_wxr(format!("\u{FEFF}\n{FIXTURE}").as_bytes()));
        assert!(looks_like_wxr(
            b"<rss xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\">"
        ));
        assert!(!looks_like_wxr(b"{\"title\": \"<rss xmlns:wp=\"}"));
        assert!(!looks_like_wxr(
            b"<!DOCTYPE html><html><body>rss</body></html>"
        ));
        let plain = "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">";
        assert!(!looks_like_wxr(plain.as_bytes()) && !looks_like_wxr(b""));
    }
}
