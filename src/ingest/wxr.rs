//! WordPress exports (WXR: RSS 2.0 with the `wp:`, `content:`, `excerpt:` and
//! `dc:` namespaces), read as a stream of posts.
//!
//! Exports of old news sites run to many gigabytes, so the file is never
//! loaded whole: events are pulled one at a time and only the text of the
//! fields we keep is gathered, which bounds memory by the largest `<item>`.
//! Elements are matched by their qualified names as written (`wp:post_id`),
//! since every real export uses these prefixes.
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
    /// U+FFFD written at `buf[at]` in place of `len` original bytes.
    subs: Vec<(usize, usize)>,
    next_sub: usize,
    /// Start of a UTF-8 sequence cut by the end of the inner chunk.
    carry: Vec<u8>,
    offset: u64,
    line: u64,
}

impl<R: BufRead> Source<R> {
    fn refill(&mut self) -> io::Result<()> {
        let Source { inner, buf, pos, subs, next_sub, carry, .. } = self;
        buf.clear();
        subs.clear();
        (*pos, *next_sub) = (0, 0);
        while buf.is_empty() {
            let chunk = match inner.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            let n = chunk.len();
            if n == 0 {
                if !carry.is_empty() {
                    subs.push((0, carry.len()));
                    buf.extend_from_slice(REPLACEMENT);
                    carry.clear();
                }
                return Ok(());
            }
            if carry.is_empty() {
                clean(chunk, buf, subs, carry);
            } else {
                let mut joined = std::mem::take(carry);
                joined.extend_from_slice(chunk);
                clean(&joined, buf, subs, carry);
            }
            inner.consume(n);
        }
        Ok(())
    }
}

/// Appends `data` to `buf` with invalid UTF-8 replaced; an incomplete sequence
/// at the end goes to `carry` to be completed by the next chunk.
fn clean(mut data: &[u8], buf: &mut Vec<u8>, subs: &mut Vec<(usize, usize)>, carry: &mut Vec<u8>) {
    loop {
        let e = match std::str::from_utf8(data) {
            Ok(_) => break,
            Err(e) => e,
        };
        let (good, rest) = data.split_at(e.valid_up_to());
        buf.extend_from_slice(good);
        match e.error_len() {
            Some(bad) => {
                subs.push((buf.len(), bad));
                buf.extend_from_slice(REPLACEMENT);
                data = rest.get(bad..).unwrap_or_default();
            }
            None => {
                carry.extend_from_slice(rest);
                return;
            }
        }
    }
    buf.extend_from_slice(data);
}

impl<R: BufRead> io::Read for Source<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(out.len());
        out[..n].copy_from_slice(&avail[..n]);
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
        let mut original = taken.len() as u64;
        while let Some(&(at, len)) = self.subs.get(self.next_sub) {
            if at >= end {
                break;
            }
            original = (original + len as u64).saturating_sub(REPLACEMENT.len() as u64);
            self.next_sub += 1;
        }
        self.offset += original;
        self.pos = end;
    }
}

/// Which item field an element's text goes to.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    Title,
    Link,
    Guid,
    PubDate,
    Creator,
    Content,
    Excerpt,
    PostId,
    PostDate,
    PostDateGmt,
    PostType,
    Status,
    Category,
    Tag,
    Other,
}

fn field_for(e: &BytesStart) -> Field {
    match e.name().0 {
        "title" => Field::Title,
        "link" => Field::Link,
        "guid" => Field::Guid,
        "pubDate" => Field::PubDate,
        "dc:creator" => Field::Creator,
        "content:encoded" => Field::Content,
        "excerpt:encoded" => Field::Excerpt,
        "wp:post_id" => Field::PostId,
        "wp:post_date" => Field::PostDate,
        "wp:post_date_gmt" => Field::PostDateGmt,
        "wp:post_type" => Field::PostType,
        "wp:status" => Field::Status,
        "category" => match e.try_get_attribute("domain").ok().flatten() {
            None => Field::Category,
            Some(a) if a.value == "category" => Field::Category,
            Some(a) if a.value == "post_tag" => Field::Tag,
            Some(_) => Field::Other,
        },
        _ => Field::Other,
    }
}

/// An item being read: its fields so far and the open elements inside it.
struct Draft {
    item: WxrItem,
    /// Names of the open elements inside the `<item>`.
    stack: Vec<String>,
    /// Field of the open direct child of `<item>`, and its text so far.
    field: Field,
    text: String,
    dates: [Option<String>; 3], // wp:post_date_gmt, pubDate, wp:post_date
    guid: Option<String>,
    problem: Option<String>,
}

fn set(slot: &mut Option<String>, v: String) {
    if slot.is_none() && !v.is_empty() {
        *slot = Some(v);
    }
}

impl Draft {
    fn close_field(&mut self) {
        let end = self.text.trim_end().len();
        self.text.truncate(end);
        let start = self.text.len() - self.text.trim_start().len();
        self.text.drain(..start);
        let v = std::mem::take(&mut self.text);
        let it = &mut self.item;
        match std::mem::replace(&mut self.field, Field::Other) {
            Field::Title if it.title.is_empty() => it.title = v,
            Field::Content if it.content_html.is_empty() => it.content_html = v,
            Field::Link => set(&mut it.link, v),
            Field::Guid => set(&mut self.guid, v),
            Field::PostDateGmt if !v.starts_with("0000-00-00") => set(&mut self.dates[0], v),
            Field::PubDate if !v.contains(" -0001 ") => set(&mut self.dates[1], v),
            Field::PostDate if !v.starts_with("0000-00-00") => set(&mut self.dates[2], v),
            Field::Creator => set(&mut it.creator, v),
            Field::Excerpt => set(&mut it.excerpt, v),
            Field::PostId => set(&mut it.post_id, v),
            Field::PostType => set(&mut it.post_type, v),
            Field::Status => set(&mut it.status, v),
            Field::Category if !v.is_empty() => it.categories.push(v),
            Field::Tag if !v.is_empty() => it.tags.push(v),
            _ => {}
        }
    }

    fn error(&self, what: &str) -> WxrError {
        let id = self.item.post_id.as_deref().map(|id| format!(" (wp:post_id {id})"));
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
        let [gmt, pub_date, local] = std::mem::take(&mut self.dates);
        self.item.date = gmt.or(pub_date).or(local);
        self.item.link = self.item.link.take().or(self.guid);
        self.item.site = site.clone();
        Ok(self.item)
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
    started: bool,
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
        WxrReader { xml, buf: Vec::new(), st: State::default() }
    }

    /// Next item, `Ok(None)` at the end. After an error that leaves the input
    /// unreadable (bad XML syntax, input ending early, not XML at all) the
    /// reader returns `Ok(None)` from then on: callers stop and report the
    /// error with its offset. A malformed item whose end can still be found is
    /// returned as an error and the next call goes on with the following item.
    pub fn next_item(&mut self) -> Result<Option<WxrItem>, WxrError> {
        if self.st.done {
            return Ok(None);
        }
        let result = self.read();
        if !matches!(result, Ok(Some(_)) | Err((_, false))) {
            self.st.done = true;
        }
        result.map_err(|(e, _)| e)
    }

    /// Like `next_item`, with errors flagged fatal or not.
    fn read(&mut self) -> Result<Option<WxrItem>, Failure> {
        let st = &mut self.st;
        if !st.started {
            st.started = true;
            let source = self.xml.get_mut();
            let not_xml = match source.fill_buf() {
                Ok(head) => {
                    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
                    let first = head.iter().find(|b| !b.is_ascii_whitespace());
                    first.is_some_and(|&b| b != b'<')
                }
                Err(e) => return Err(st.fatal(source, e.to_string())),
            };
            if not_xml {
                let what = "not XML (compressed or UTF-16 input must be decoded first)";
                return Err(st.fatal(source, what.into()));
            }
        }
        loop {
            let at = (self.xml.get_ref().offset, self.xml.get_ref().line);
            self.buf.clear();
            let event = match self.xml.read_event_into(&mut self.buf) {
                Ok(ev) => ev,
                Err(e) => {
                    let at_end = self.xml.get_mut().fill_buf().is_ok_and(|b| b.is_empty());
                    let ends = if at_end && st.draft.is_some() { "input ends inside this <item>: " } else { "" };
                    return Err(st.fatal(self.xml.get_ref(), format!("{ends}XML error: {e}")));
                }
            };
            let text = match event {
                Event::Start(e) if e.name().0 == "item" => {
                    st.seen_root = true;
                    let item = WxrItem { byte_offset: at.0, line: at.1, ..WxrItem::default() };
                    let draft = Draft {
                        item,
                        stack: Vec::new(),
                        field: Field::Other,
                        text: String::new(),
                        dates: Default::default(),
                        guid: None,
                        problem: None,
                    };
                    match st.draft.replace(draft) {
                        Some(old) => return Err((old.error("not closed before the next <item>"), false)),
                        None => continue,
                    }
                }
                Event::Start(e) => {
                    st.open(&e);
                    continue;
                }
                Event::Empty(e) if e.name().0 != "item" => {
                    st.open(&e);
                    match st.close(e.name().0) {
                        Some(done) => return done.map(Some).map_err(|e| (e, false)),
                        None => continue,
                    }
                }
                Event::End(e) => match st.close(e.name().0) {
                    Some(done) => return done.map(Some).map_err(|e| (e, false)),
                    None => continue,
                },
                Event::Text(t) => t.xml10_content().into_owned(),
                Event::CData(t) => t.xml10_content().into_owned(),
                Event::GeneralRef(r) => resolve_ref(&r),
                Event::Eof => {
                    let what = match (&st.draft, st.seen_root, st.outer.last()) {
                        (Some(_), ..) => "input ends inside this <item>".to_owned(),
                        (_, false, _) => "no XML element: not a WordPress export".to_owned(),
                        (_, _, Some(open)) => format!("input ends inside <{open}>: truncated export?"),
                        _ => return Ok(None),
                    };
                    return Err(st.fatal(self.xml.get_ref(), what));
                }
                _ => continue,
            };
            if let Some(d) = &mut st.draft {
                if !d.stack.is_empty() && d.field != Field::Other {
                    d.text.push_str(&text);
                }
            } else if let Some(site) = &mut st.site_text {
                site.push_str(&text);
            } else if st.outer.is_empty() && !text.trim().is_empty() {
                let what = "text outside the root element: not an XML export";
                return Err(st.fatal(self.xml.get_ref(), what.into()));
            }
        }
    }
}

impl State {
    /// An unrecoverable error found at `source`'s position; while an item is
    /// open it points at the item instead and says where in the item.
    fn fatal<R>(&self, source: &Source<R>, what: String) -> Failure {
        let (byte_offset, line) = (source.offset, source.line);
        let error = match &self.draft {
            Some(d) => d.error(&format!("at line {line} (byte {byte_offset}): {what}")),
            None => WxrError { byte_offset, line, message: what },
        };
        (error, true)
    }

    /// A start tag other than `<item>`.
    fn open(&mut self, e: &BytesStart) {
        let name = e.name().0;
        self.seen_root = true;
        if let Some(d) = &mut self.draft {
            if d.stack.is_empty() {
                d.field = field_for(e);
                d.text.clear();
            }
            d.stack.push(name.to_owned());
        } else {
            let in_channel = self.outer.last().is_some_and(|n| n == "channel");
            if name == "title" && in_channel && self.site.is_none() {
                self.site_text = Some(String::new());
            }
            self.outer.push(name.to_owned());
        }
    }

    /// An end tag; returns the item it completes, if any.
    fn close(&mut self, name: &str) -> Option<Result<WxrItem, WxrError>> {
        if let Some(d) = &mut self.draft {
            if name != "item" {
                if let Some(i) = d.stack.iter().rposition(|n| n == name) {
                    if i + 1 != d.stack.len() {
                        let what = format!("<{}> closed by </{name}>", d.stack[i + 1]);
                        d.problem.get_or_insert(what);
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
                ("item", None) => d.finish(&self.site),
                ("item", Some(open)) => Err(d.error(&format!("<{open}> not closed"))),
                _ => Err(d.error(&format!("</{name}> before </item>"))),
            });
        }
        if let Some(t) = self.site_text.take() {
            set(&mut self.site, t.trim().to_owned());
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

/// Resolves `&name;`: the XML entities, character references and a few HTML
/// entities that slip into exports; anything else is kept as written.
fn resolve_ref(name: &str) -> String {
    let c = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse().ok(),
        };
        code.and_then(char::from_u32).filter(|&c| c != '\0').unwrap_or('\u{FFFD}')
    } else {
        match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{A0}',
            "hellip" => '…',
            "ndash" => '–',
            "mdash" => '—',
            "laquo" => '«',
            "raquo" => '»',
            _ => return format!("&{name};"),
        }
    };
    c.to_string()
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
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let Some(rss) = find(head, b"<rss") else {
        return false;
    };
    let after = &head[rss..];
    (head[start..].starts_with(b"<?xml") && find(after, b"xmlns:wp=").is_some())
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
        read_all(input).into_iter().map(|r| r.expect("item")).collect()
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
        let got = items(FIXTURE.as_bytes());
        assert_eq!(got.len(), 4);
        let (byte_offset, line) = item_start(FIXTURE, 0);
        assert_eq!(line, 25);
        let content = "<p>كشفت <strong>سامسونغ</strong> عن هاتفها الجديد بشاشة أكبر وبطارية تدوم يومين.</p>\n<p>يصل الهاتف إلى الأسواق العربية الشهر المقبل.</p>";
        let expected = WxrItem {
            byte_offset,
            line,
            post_id: s("101"),
            title: "سامسونغ تطلق هاتفاً جديداً".into(),
            link: s("https://tech.example.org/2024/05/samsung-phone/"),
            date: s("2024-05-14 09:30:00"),
            creator: s("karim"),
            content_html: content.into(),
            excerpt: s("هاتف جديد من سامسونغ"),
            categories: vec!["تقنية".into(), "هواتف".into()],
            tags: vec!["سامسونغ".into()],
            post_type: s("post"),
            status: s("publish"),
            site: s("مدونة التقنية العربية"),
        };
        assert_eq!(got[0], expected);
    }

    #[test]
    fn decodes_entities_joins_text_with_cdata_and_falls_back_to_pub_date() {
        let got = &items(FIXTURE.as_bytes())[1];
        assert_eq!(got.title, "آبل & جوجل: شراكة في الذكاء الاصطناعي");
        assert_eq!(got.content_html, "<p>أعلنت الشركتان عن اتفاق.</p>\n<p>التفاصيل لاحقاً.</p>");
        assert_eq!(got.date, s("Wed, 22 May 2024 18:05:00 +0000")); // gmt date is zero
        assert_eq!(got.link, s("https://tech.example.org/?p=102")); // empty <link>: the guid
        assert_eq!((got.excerpt.clone(), got.creator.clone()), (None, s("layla")));
        assert_eq!((&got.categories[..], &got.tags[..]), (&["ذكاء اصطناعي".to_owned()][..], &["آبل".to_owned()][..]));
        assert_eq!((got.byte_offset, got.line), item_start(FIXTURE, 1));
    }

    #[test]
    fn reports_attachments_and_draft_pages_with_type_status_and_local_date() {
        let got = items(FIXTURE.as_bytes());
        let (attachment, page) = (&got[2], &got[3]);
        assert_eq!((attachment.post_type.as_deref(), attachment.status.as_deref()), (Some("attachment"), Some("inherit")));
        assert_eq!((attachment.title.as_str(), attachment.content_html.as_str()), ("صورة الهاتف", ""));
        assert_eq!(attachment.date, s("2024-05-14 09:25:00"));
        assert_eq!((page.post_type.as_deref(), page.status.as_deref()), (Some("page"), Some("draft")));
        // Zero GMT date and WordPress's "-0001" pubDate: the local date is used.
        assert_eq!(page.date, s("2024-06-01 10:00:00"));
        assert_eq!((page.post_id.as_deref(), page.title.as_str()), (Some("104"), "من نحن"));
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
    }

    #[test]
    fn truncated_input_yields_complete_items_then_an_error() {
        let cut = item_start(FIXTURE, 2).0 as usize + 700; // inside the attachment
        let got = read_all(&FIXTURE.as_bytes()[..cut]);
        assert_eq!(got.len(), 3);
        assert_eq!(read_all(FIXTURE.trim_end().as_bytes()).len(), 4); // the final newline is optional
        assert!(got[0].is_ok() && got[1].is_ok());
        let err = got[2].as_ref().expect_err("truncated item");
        assert_eq!((err.byte_offset, err.line), item_start(FIXTURE, 2));
        assert!(err.to_string().contains("input ends inside this <item>"), "{err}");
    }

    #[test]
    fn every_cut_of_the_export_gives_the_complete_items_and_an_error() {
        let full = FIXTURE.as_bytes();
        for cut in (0..FIXTURE.trim_end().len()).step_by(3) {
            let got = read_all(&full[..cut]);
            let complete = full[..cut].windows(7).filter(|w| w == b"</item>").count();
            assert_eq!(got.iter().filter(|r| r.is_ok()).count(), complete, "cut at {cut}");
            assert!(got.last().is_some_and(|r| r.is_err()), "cut at {cut}: no error");
        }
    }

    #[test]
    fn malformed_item_is_reported_and_reading_goes_on() {
        let bad = FIXTURE.replacen("<wp:post_id>102</wp:post_id>", "<wp:post_id>102</wp:post_id><b>", 1);
        let got = read_all(bad.as_bytes());
        assert_eq!(got.len(), 4);
        let err = got[1].as_ref().expect_err("bad item");
        assert_eq!((err.byte_offset, err.line), item_start(&bad, 1));
        assert!(err.message.contains("102") && err.message.contains("<b>"), "{err}");
        assert!(got[0].is_ok() && got[2].is_ok() && got[3].is_ok());
    }

    #[test]
    fn invalid_utf8_is_replaced_and_offsets_stay_on_the_original_bytes() {
        let mut bad = FIXTURE.as_bytes().to_vec();
        let at = FIXTURE.find("سامسونغ تطلق").expect("title");
        bad.splice(at..at, [0xFF, 0xC3, 0xE2, 0x82]);
        let got = items(&bad);
        assert_eq!(got[0].title, "\u{FFFD}\u{FFFD}\u{FFFD}سامسونغ تطلق هاتفاً جديداً");
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
            spliced.splice(at..at, junk.iter().copied());
            read_all(&spliced);
        }
        for junk in [&b"\x00\x01\x02"[..], b"<<<>>>&&&;", b"<![CDATA[", b"<rss><channel><item><title>", b"\x1f\x8b\x08\x00"] {
            assert!(read_all(junk).last().is_some_and(|r| r.is_err()), "{junk:?}");
        }
    }

    #[test]
    fn looks_like_wxr_accepts_exports_and_rejects_other_formats() {
        assert!(looks_like_wxr(FIXTURE.as_bytes()));
        assert!(looks_like_wxr(format!("\u{FEFF}\n{FIXTURE}").as_bytes()));
        assert!(looks_like_wxr(b"<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\">"));
        assert!(!looks_like_wxr(b"{\"title\": \"<rss xmlns:wp=\"}"));
        assert!(!looks_like_wxr(b"<!DOCTYPE html><html><body>rss</body></html>"));
        let plain = "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>";
        assert!(!looks_like_wxr(plain.as_bytes()));
        assert!(!looks_like_wxr(b""));
    }
}
