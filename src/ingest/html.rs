//! Reading news articles out of scraped HTML pages.
//!
//! Archives of Arabic tech-news sites are often raw page dumps rather than
//! clean records, so this module turns one page into an [`HtmlArticle`]:
//! the headline, the article text without menus, share buttons, comments and
//! footers, and the metadata (date, canonical URL, site, sections) that the
//! page declares in `<meta>`, `<time>` and JSON-LD. [`html_to_text`] does the
//! plain-text part alone for fragments such as a WordPress post's content.
//!
//! Pages may be invalid, huge or hostile. Parsing is done by `html5ever`
//! (through `scraper`), every tree walk here uses an explicit stack, and
//! absurdly deep nesting and piles of unclosed `<b>`/`<font>` tags are
//! flattened before parsing (their text is kept), so no input can overflow
//! the stack or make the parser quadratic.

use std::borrow::Cow;
use std::collections::HashMap;

use scraper::{ElementRef, Html, Node};

/// What an HTML page yields.
///
/// Fields are raw page data: the date is left as written (parse it with
/// [`crate::ingest::date::parse_date`]) so that nothing is lost here.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlArticle {
    /// Headline: `og:title`, else `<title>`, else the first `<h1>`; trimmed,
    /// whitespace collapsed. Empty when the page has none, and when the page
    /// has no text and no headline but its `<title>` (a site's name).
    pub title: String,
    /// Main article text, one paragraph per line (`'\n'`-separated), without
    /// navigation, sharing, comments and other page furniture.
    pub body: String,
    /// Publication date as written in the page, from the first source that
    /// has one: `article:published_time`, `<time datetime>`, JSON-LD
    /// `datePublished`, `<meta name=date|pubdate|publish-date>`, then
    /// `itemprop=datePublished`.
    pub date: Option<String>,
    /// Canonical address: `<link rel=canonical>`, else `og:url`.
    pub url: Option<String>,
    /// Site name (`og:site_name`).
    pub source: Option<String>,
    /// Sections then tags (`article:section`, `article:tag`), deduplicated.
    pub categories: Vec<String>,
}

/// Nesting deeper than this (counted over elements that really nest) is
/// flattened before parsing. Browsers stop at a similar depth (Blink: 512);
/// without a cap html5ever's scope checks make `<div>`×100,000 quadratic.
const MAX_DEPTH: usize = 512;
/// Unclosed formatting elements (`<b>`, `<font>`, ...) beyond this many are
/// dropped: the parser reopens every one of them in each new block, so
/// `<p><b id=1>x</p><p><b id=2>x</p>`... would otherwise grow quadratically.
const MAX_FORMATTING: usize = 16;

/// Elements whose content is never article text. (Word lists are padded
/// with spaces for [`listed`].)
const SKIP_TAGS: &str = concat!(
    " script style noscript template iframe svg button select textarea object embed ",
    "canvas audio video head title dialog map ",
);
/// Page furniture elements, left out of a page's body (but kept by
/// [`html_to_text`], where a fragment's `<aside>` may be a pull quote).
const FURNITURE_TAGS: &str = " nav header footer aside form menu ";
/// Elements that end a line of text.
const BLOCK_TAGS: &str = concat!(
    " p div h1 h2 h3 h4 h5 h6 li blockquote pre tr br section article main ul ol dl dt ",
    "dd table figure figcaption address hr details summary center caption ",
);
/// Class/id words (whole tokens, split on `-`, `_`, spaces and camelCase)
/// that mark page furniture. Tokens, so `ads` keeps `threads`, `nav` keeps
/// `canvas`.
const BAD_TOKENS: &str = concat!(
    " ad ads nav header footer masthead tag tags author byline promo sponsored print ",
    "modal pagination pager toolbar hidden ",
);
/// Class/id substrings that mark page furniture even inside longer words
/// (`sharebuttons`, `commentlist`, `relatedposts`, `adsbygoogle`).
const BAD_SUBSTRINGS: &str = concat!(
    "share social comment related menu navbar navigation sidebar breadcrumb subscri ",
    "newsletter advert adsbygoogle banner widget popup cookie disqus outbrain taboola",
);
/// ARIA roles of page furniture.
const BAD_ROLES: &str =
    " navigation complementary banner contentinfo menu menubar toolbar dialog search ";

/// How much of a page a text walk leaves out.
#[derive(Clone, Copy, PartialEq)]
enum Filter {
    /// Only [`SKIP_TAGS`]: for fragments, whose caller chose the content.
    Tags,
    /// What cannot hold the article: as `Page`, but allowing forms (ASP.NET
    /// wraps whole pages in one) and layout wrappers like `content-sidebar-wrap`.
    Around,
    /// Also furniture tags, roles, hidden elements and class/id names.
    Page,
}

/// Extracts the article of a news page: title, body text and metadata.
///
/// Never fails: a page without an article gives empty or partial fields.
/// The body comes from the first container found among: the `<article>`
/// with most text, `itemprop=articleBody`, `<main>`/`role=main`, the element
/// whose `<p>` children hold most text, and finally `<body>`.
pub fn extract_article(html: &str) -> HtmlArticle {
    let doc = Html::parse_document(&limit_depth(html));
    let root = doc.root_element();
    let meta = Meta::collect(root);
    let container = main_container(root);

    let mut lines = text_lines(container, Filter::Page);
    if lines.is_empty() {
        // Text all inside, say, `<div class="has-sidebar">` or an ASP.NET
        // `<form>` would otherwise be lost; menus and footers stay out.
        lines = text_lines(container, Filter::Around);
    }
    // First non-empty text (or `attr`) of a `name` element in `scope`.
    let find_in = |scope: ElementRef<'_>, name: &str, attr: Option<&str>| {
        let mut found = scope
            .descendent_elements()
            .filter(|e| e.value().name() == name);
        found.find_map(|e| attr.map_or_else(|| text_of(e), |a| nonempty(e.value().attr(a)?)))
    };
    let headline = meta.get("og:title");
    let h1 = || find_in(container, "h1", None).or_else(|| find_in(root, "h1", None));
    let title = if lines.is_empty() && headline.is_none() {
        // No text and no headline: a `<title>` alone is the site's name
        // or an index page's, not a story's (the page is then `no-text`).
        h1().unwrap_or_default()
    } else {
        headline
            .or(meta.title.clone())
            .or_else(h1)
            .unwrap_or_default()
    };
    if !title.is_empty() && lines.first() == Some(&title) {
        lines.remove(0);
    }
    // A `<time>` in the article beats one in a sidebar.
    let time = [container, root]
        .into_iter()
        .find_map(|s| find_in(s, "time", Some("datetime")));
    let names = ["date", "pubdate", "publish-date", "publishdate"];
    let date = (meta.get("article:published_time").or(time))
        .or_else(|| meta.json_ld.iter().find_map(|s| json_ld_date(s)))
        .or_else(|| names.iter().find_map(|k| meta.get(k)))
        .or_else(|| meta.item_date.clone());
    let mut categories: Vec<String> = Vec::new();
    for value in meta.all("article:section").chain(meta.all("article:tag")) {
        if !categories.contains(&value) {
            categories.push(value);
        }
    }
    HtmlArticle {
        title,
        body: lines.join("\n"),
        date,
        url: meta.canonical.clone().or_else(|| meta.get("og:url")),
        source: meta.get("og:site_name"),
        categories,
    }
}

/// Plain text of an HTML fragment (e.g. a WordPress post's content): block
/// elements and `<br>` become line breaks, scripts/styles dropped, entities
/// decoded, whitespace collapsed within lines, empty lines dropped.
///
/// Unlike [`extract_article`] nothing is judged to be furniture: the caller
/// already chose the fragment.
pub fn html_to_text(fragment: &str) -> String {
    let doc = Html::parse_fragment(&limit_depth(fragment));
    text_lines(doc.root_element(), Filter::Tags).join("\n")
}

/// True when the bytes look like HTML (after optional BOM/whitespace: starts
/// with `<!doctype html`, `<html`, `<head`, `<meta`, or contains `<body`,
/// `<html` or `<p>` in the first 1 KB, case-insensitive).
///
/// Input sniffing uses this to send a file to [`extract_article`] rather than
/// to the JSON Lines reader, so text starting with `{` or `[` (JSON, whose
/// strings may well contain `<p>`) is never HTML.
pub fn looks_like_html(head: &[u8]) -> bool {
    let head = head
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(head)
        .trim_ascii_start();
    let lower = head[..head.len().min(1024)].to_ascii_lowercase();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    let starts = [&b"<!doctype html"[..], b"<html", b"<head", b"<meta"];
    !matches!(lower.first(), Some(b'{' | b'['))
        && (starts.iter().any(|p| lower.starts_with(p))
            || has(b"<body")
            || has(b"<html")
            || has(b"<p>"))
}

/// Metadata gathered in one pass over a page's elements.
#[derive(Default)]
struct Meta {
    /// `(lowercased property or name, content)` of every `<meta>`, in order.
    pairs: Vec<(String, String)>,
    title: Option<String>,
    canonical: Option<String>,
    item_date: Option<String>,
    json_ld: Vec<String>,
}

impl Meta {
    fn collect(root: ElementRef<'_>) -> Meta {
        let mut m = Meta::default();
        for e in root.descendent_elements() {
            let el = e.value();
            let attr = |a: &str| nonempty(el.attr(a)?);
            let item_date = el
                .attr("itemprop")
                .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"));
            if item_date && m.item_date.is_none() {
                m.item_date = attr("content").or(attr("datetime")).or_else(|| text_of(e));
            }
            match el.name() {
                "meta" => {
                    let key = el.attr("property").or(el.attr("name"));
                    if let (Some(key), Some(content)) = (key, attr("content")) {
                        m.pairs.push((key.trim().to_ascii_lowercase(), content));
                    }
                }
                "link" if m.canonical.is_none() => {
                    let mut rel = el.attr("rel").unwrap_or("").split_ascii_whitespace();
                    if rel.any(|r| r.eq_ignore_ascii_case("canonical")) {
                        m.canonical = attr("href");
                    }
                }
                // `&*` gives the namespace URL: an SVG `<title>` is no headline.
                "title" if m.title.is_none() && &*el.name.ns == "http://www.w3.org/1999/xhtml" => {
                    m.title = text_of(e);
                }
                "script" => {
                    let kind = el.attr("type").unwrap_or("").trim();
                    if kind.eq_ignore_ascii_case("application/ld+json") {
                        m.json_ld.push(e.text().collect());
                    }
                }
                _ => {}
            }
        }
        m
    }

    fn all<'m>(&'m self, key: &'m str) -> impl Iterator<Item = String> + 'm {
        let found = self.pairs.iter().filter(move |(k, _)| k == key);
        found.map(|(_, v)| v.clone())
    }

    fn get(&self, key: &str) -> Option<String> {
        self.all(key).next()
    }
}

/// `datePublished` from one JSON-LD script: a single object, an array, or an
/// `@graph`; an article-typed node wins over others (e.g. `WebPage`). Broken
/// JSON, common in the wild, falls back to a plain text search.
fn json_ld_date(script: &str) -> Option<String> {
    use serde_json::Value;
    let text = script
        .trim()
        .trim_start_matches("<!--")
        .trim_end_matches("-->");
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        let after = text[text.find("\"datePublished\"")? + 15..].trim_start();
        let after = after.strip_prefix(':')?.trim_start().strip_prefix('"')?;
        return nonempty(&after[..after.find('"')?].replace("\\/", "/"));
    };
    let mut fallback = None;
    let mut stack = vec![&value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(map) => {
                let date = map.get("datePublished");
                let date = date.and_then(|d| d.as_str().or_else(|| d.get(0)?.as_str()));
                if let Some(date) = date.and_then(nonempty) {
                    // `@type` may be a string or an array: its JSON text serves both.
                    let kind = map.get("@type").map(Value::to_string).unwrap_or_default();
                    if kind.contains("Article") || kind.contains("BlogPosting") {
                        return Some(date);
                    }
                    fallback.get_or_insert(date);
                }
                let children = map.values().filter(|c| c.is_object() || c.is_array());
                stack.extend(children.collect::<Vec<_>>().into_iter().rev());
            }
            _ => {}
        }
    }
    fallback
}

/// Whether an element is left out of the text under `filter`.
fn is_skipped(e: ElementRef<'_>, filter: Filter) -> bool {
    let el = e.value();
    let name = el.name();
    if listed(SKIP_TAGS, name) {
        return true;
    }
    if filter == Filter::Tags {
        return false;
    }
    let around = filter == Filter::Around;
    (listed(FURNITURE_TAGS, name) && !(around && name == "form"))
        || el.attrs().any(|(attr, value)| match attr {
            "hidden" => true,
            "style" => value
                .to_ascii_lowercase()
                .replace(' ', "")
                .contains("display:none"),
            "aria-hidden" => value.trim().eq_ignore_ascii_case("true"),
            "role" => listed(BAD_ROLES, &value.trim().to_ascii_lowercase()),
            "class" | "id" => furniture_name(value, around),
            _ => false,
        })
}

/// Whether a class or id names page furniture, by [`BAD_SUBSTRINGS`] or
/// [`BAD_TOKENS`]. Modifier classes (`has-sidebar`, `is-header-fixed`,
/// `hide_share`) and WordPress's post classes (`tag-ads`, `category-social`)
/// say what a page or post has, not what the element is: they are ignored.
/// `around` also ignores `sidebar` (see [`Filter::Around`]).
fn furniture_name(value: &str, around: bool) -> bool {
    const MODIFIERS: &str = " tag category has is no with hide show ";
    let mut names = value.split_ascii_whitespace();
    names.any(|name| {
        let first = name.split(['-', '_']).next().unwrap_or(name);
        if first.len() < name.len() && listed(MODIFIERS, &first.to_ascii_lowercase()) {
            return false;
        }
        // Lowercased, with camelCase humps split: `topAds` gives `top ads`.
        let mut words = String::with_capacity(name.len() + 8);
        for (i, c) in name.char_indices() {
            let hump = c.is_uppercase() && name[..i].ends_with(char::is_lowercase);
            words.extend(hump.then_some(' ').into_iter().chain(c.to_lowercase()));
        }
        let mut substrings = BAD_SUBSTRINGS
            .split(' ')
            .filter(|s| !(around && *s == "sidebar"));
        substrings.any(|s| words.contains(s))
            || words
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| listed(BAD_TOKENS, w))
    })
}

/// Whether `word` is in `list`, a space-separated word list with a space at
/// each end (so that one SIMD substring search does it: this is hot).
fn listed(list: &str, word: &str) -> bool {
    debug_assert!(list.starts_with(' ') && list.ends_with(' '));
    let (mut buf, n) = ([b' '; 32], word.len());
    if n == 0 || n > 30 {
        return false;
    }
    buf[1..=n].copy_from_slice(word.as_bytes());
    std::str::from_utf8(&buf[..n + 2]).is_ok_and(|needle| list.contains(needle))
}

/// Picks the element holding the article text (see [`extract_article`]).
fn main_container(root: ElementRef<'_>) -> ElementRef<'_> {
    let mut children = root.child_elements();
    let body = children
        .find(|e| e.value().name() == "body")
        .unwrap_or(root);
    // Outermost candidates of each kind, leaving out those in or around
    // furniture: a teaser `<article>` in an `<aside>`, WordPress comments
    // (`<article class="comment-body">`).
    let (mut articles, mut bodies, mut mains) = (Vec::new(), Vec::new(), Vec::new());
    let mut scores = HashMap::new();
    // (element, inside furniture, inside article/articleBody/main)
    let mut stack = vec![(body, false, [false; 3])];
    while let Some((e, in_bad, mut inside)) = stack.pop() {
        // `<body>` classes describe the page (`has-header-ad`), not furniture.
        let in_bad = in_bad || (e != body && is_skipped(e, Filter::Around));
        let el = e.value();
        let name = el.name();
        let is = |a: &str, v: &str| el.attr(a).is_some_and(|x| x.trim().eq_ignore_ascii_case(v));
        let kinds = [
            name == "article",
            is("itemprop", "articleBody"),
            name == "main" || is("role", "main"),
        ];
        for (k, list) in [&mut articles, &mut bodies, &mut mains]
            .into_iter()
            .enumerate()
        {
            if kinds[k] && !inside[k] && !in_bad {
                list.push(e);
                inside[k] = true;
            }
        }
        if name == "p" && !in_bad {
            // Readability-style: a paragraph scores for its parent, and half
            // for the grandparent, so text split over sibling wrappers wins.
            let len = text_len(e);
            if let Some(p) = e.parent().and_then(ElementRef::wrap) {
                scores.entry(p.id()).or_insert((0, p)).0 += 2 * len;
                if let Some(g) = p.parent().and_then(ElementRef::wrap) {
                    scores.entry(g.id()).or_insert((0, g)).0 += len;
                }
            }
            continue;
        }
        let children: Vec<_> = e.child_elements().collect();
        stack.extend(children.into_iter().rev().map(|c| (c, in_bad, inside)));
    }
    for list in [articles, bodies, mains] {
        let best = list
            .into_iter()
            .map(|e| (text_len(e), e))
            .filter(|(n, _)| *n > 0);
        // max_by_key keeps the last of equals; reversing keeps the first.
        if let Some((_, e)) = best.rev().max_by_key(|(n, _)| *n) {
            return e;
        }
    }
    // Highest score; ties go to the earliest-created element.
    let best = scores.into_values().filter(|(s, _)| *s > 0);
    best.min_by_key(|(s, e)| (std::cmp::Reverse(*s), e.id()))
        .map_or(body, |(_, e)| e)
}

/// Lines of text under `root` (not skipped itself), as described at
/// [`html_to_text`]. Walks with an explicit stack: depth costs heap, not stack.
fn text_lines(root: ElementRef<'_>, filter: Filter) -> Vec<String> {
    let mut out = Lines::default();
    let mut pre = 0usize;
    // (node, closing): a closing entry ends the element's line or cell.
    let mut stack = vec![(*root, false)];
    while let Some((node, closing)) = stack.pop() {
        match node.value() {
            Node::Text(t) => out.push(t, pre > 0),
            Node::Element(el) => {
                let name = el.name();
                if closing {
                    if name == "pre" {
                        pre -= 1;
                    }
                    if matches!(name, "td" | "th") {
                        out.space = true;
                    } else if listed(BLOCK_TAGS, name) {
                        out.end_line();
                    }
                    continue;
                }
                let e = ElementRef::wrap(node).unwrap_or(root);
                if node != *root && is_skipped(e, filter) {
                    // A skipped block still separates what surrounds it.
                    if listed(BLOCK_TAGS, name) || listed(FURNITURE_TAGS, name) {
                        out.end_line();
                    }
                    continue;
                }
                if listed(BLOCK_TAGS, name) {
                    out.end_line();
                }
                if name == "pre" {
                    pre += 1;
                }
                stack.push((node, true));
                stack.extend(node.children().rev().map(|c| (c, false)));
            }
            _ => {}
        }
    }
    out.end_line();
    out.lines
}

/// Line builder: collapses whitespace, trims, drops empty lines.
#[derive(Default)]
struct Lines {
    lines: Vec<String>,
    line: String,
    /// A space is owed before the next visible character.
    space: bool,
}

impl Lines {
    fn push(&mut self, text: &str, pre: bool) {
        for c in text.chars() {
            if pre && c == '\n' {
                self.end_line();
            } else if c.is_whitespace() {
                self.space = true;
            } else if is_invisible(c) && self.line.is_empty() {
                // Marks before any visible character are dropped.
            } else {
                if self.space && !self.line.is_empty() {
                    self.line.push(' ');
                }
                self.space = false;
                self.line.push(c);
            }
        }
    }

    fn end_line(&mut self) {
        let line = self
            .line
            .trim_end_matches(|c| char::is_whitespace(c) || is_invisible(c));
        if !line.is_empty() {
            self.lines.push(line.to_string());
        }
        self.line.clear();
        self.space = false;
    }
}

/// Zero-width and direction marks, common around Arabic text, that make a
/// line look non-empty without any visible character.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Trims and collapses runs of whitespace to one space; `None` if empty.
fn nonempty(s: &str) -> Option<String> {
    Some(s.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|s| !s.is_empty())
}

/// Whitespace-collapsed text of an element, if any.
fn text_of(e: ElementRef<'_>) -> Option<String> {
    nonempty(&e.text().collect::<String>())
}

/// Characters of article text under `e`, for comparing candidates.
fn text_len(e: ElementRef<'_>) -> usize {
    text_lines(e, Filter::Page)
        .iter()
        .map(|l| l.chars().count())
        .sum()
}

/// Flattens nesting deeper than [`MAX_DEPTH`] (or [`MAX_FORMATTING`]) by
/// dropping the excess start and end tags; text is kept. A cheap tokenizer
/// counts elements that really nest: void elements and those the parser
/// closes implicitly (`p`, `li`, `td`, ...) are not counted, so ordinary
/// pages are returned untouched.
fn limit_depth(html: &str) -> Cow<'_, str> {
    const VOID_OR_FLAT: &str = concat!(
        " area base br col embed hr img input link meta param source track wbr keygen ",
        "frame basefont bgsound image p li dt dd option tr td th tbody thead tfoot html ",
        "head body colgroup caption ",
    );
    const RAW_TEXT: &str = " script style textarea title xmp iframe noembed noframes noscript ";
    const FORMATTING: &str = " a b big code em font i nobr s small strike strong tt u ";
    let b = html.as_bytes();
    let find = |from: usize, pat: &[u8]| -> usize {
        let hay = &b[from.min(b.len())..];
        hay.windows(pat.len())
            .position(|w| w.eq_ignore_ascii_case(pat))
            .map_or(b.len(), |p| from + p)
    };
    let (mut out, mut copied, mut i) = (None::<String>, 0, 0);
    let (mut depth, mut open_formatting) = (0usize, 0usize);
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let start = i + off;
        let rest = &b[start + 1..];
        if rest.starts_with(b"!--") {
            i = (find(start + 4, b"-->") + 3).min(b.len());
            continue;
        }
        if matches!(rest.first(), Some(b'!' | b'?')) {
            i = (find(start, b">") + 1).min(b.len());
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            i = start + 1;
            continue;
        }
        let name_len = b[name_start..]
            .iter()
            .position(|c| !c.is_ascii_alphanumeric());
        let name_end = name_start + name_len.unwrap_or(b.len() - name_start);
        let name = html[name_start..name_end].to_ascii_lowercase();
        // The tag ends at the first `>` outside a quoted attribute value.
        let (mut j, mut quote) = (name_end, None);
        while j < b.len() && (quote.is_some() || b[j] != b'>') {
            match (quote, b[j]) {
                (None, b'"' | b'\'') if b[..j].trim_ascii_end().ends_with(b"=") => {
                    quote = Some(b[j])
                }
                (Some(q), c) if c == q => quote = None,
                _ => {}
            }
            j += 1;
        }
        let end = (j + 1).min(b.len());
        i = end;
        let (level, cap) = match listed(FORMATTING, &name) {
            true => (&mut open_formatting, MAX_FORMATTING),
            false => (&mut depth, MAX_DEPTH),
        };
        let drop = if listed(VOID_OR_FLAT, &name) {
            false
        } else if closing {
            let deep = *level > cap;
            *level = level.saturating_sub(1);
            deep
        } else if j > 0 && b.get(j - 1) == Some(&b'/') {
            false // `<x/>`: self-closing in SVG/MathML
        } else {
            *level += 1;
            *level > cap
        };
        if drop {
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            o.push_str(&html[copied..start]);
            copied = end;
        }
        if name == "plaintext" && !closing {
            break;
        }
        if listed(RAW_TEXT, &name) && !closing {
            i = find(end, format!("</{name}").as_bytes());
        }
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut o) => {
            o.push_str(&html[copied..]);
            Cow::Owned(o)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEWS_PAGE: &str = r#"<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>هاتف جديد بشاشة قابلة للطي | موقع تقنية اليوم</title>
<meta property="og:title" content="  شركة ناشئة سعودية تطلق هاتفاً
  بشاشة قابلة للطي ">
<meta property="og:site_name" content="تقنية اليوم">
<meta property="og:url" content="https://example.com/?p=42">
<meta property="article:published_time" content="2024-03-05T09:30:00+03:00">
<meta property="article:section" content="هواتف">
<meta property="article:tag" content="أندرويد"><meta property="article:tag" content="هواتف">
<link rel="canonical" href="https://example.com/news/foldable-phone">
<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2020-01-01"}</script>
<script>var dataLayer = [{"page": "خبر"}];</script><style>.share-buttons { float: left; }</style>
</head><body>
<header><div class="logo">تقنية اليوم</div></header>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/phones">هواتف</a></li></ul></nav>
<article class="post">
  <h1>شركة ناشئة سعودية تطلق هاتفاً بشاشة قابلة للطي</h1>
  <div class="share-buttons"><a>شارك على تويتر</a><a>شارك على فيسبوك</a></div>
  <div class="entry-content">
    <p>أعلنت شركة ناشئة من الرياض اليوم عن أول هاتف من تصميمها
       بشاشة قابلة للطي، ويصل إلى الأسواق الخليجية في الربع القادم.</p>
    <p>ويعمل الهاتف بنظام أندرويد، وتبلغ سعة بطاريته <strong>خمسة آلاف</strong> ملي أمبير.</p>
    <script>trackRead();</script><div class="ads-box">إعلان: اشترك الآن بنصف السعر</div>
    <p>وقال المدير التنفيذي إن الشركة تعمل على نسخة أرخص للطلاب.</p>
  </div>
  <div class="related-posts"><h3>أخبار ذات صلة</h3><p>ساعة ذكية جديدة تقيس ضغط الدم</p></div>
  <div class="post-tags"><a>أندرويد</a><a>هواتف</a></div>
  <section id="comments"><h3>3 تعليقات</h3><p>خبر رائع، متى يصل إلى مصر؟</p></section>
</article>
<aside class="sidebar"><p>الأكثر قراءة هذا الأسبوع</p></aside>
<footer><p>جميع الحقوق محفوظة © 2024</p></footer>
</body></html>"#;

    #[test]
    fn typical_arabic_news_page_yields_article_without_boilerplate() {
        let a = extract_article(NEWS_PAGE);
        assert_eq!(a.title, "شركة ناشئة سعودية تطلق هاتفاً بشاشة قابلة للطي");
        assert_eq!(a.date.as_deref(), Some("2024-03-05T09:30:00+03:00"));
        assert_eq!(
            a.url.as_deref(),
            Some("https://example.com/news/foldable-phone")
        );
        assert_eq!(a.source.as_deref(), Some("تقنية اليوم"));
        assert_eq!(a.categories, ["هواتف", "أندرويد"]);
        let expected = "أعلنت شركة ناشئة من الرياض اليوم عن أول هاتف من تصميمها بشاشة قابلة للطي، ويصل إلى الأسواق الخليجية في الربع القادم.\n\
            ويعمل الهاتف بنظام أندرويد، وتبلغ سعة بطاريته خمسة آلاف ملي أمبير.\n\
            وقال المدير التنفيذي إن الشركة تعمل على نسخة أرخص للطلاب.";
        assert_eq!(a.body, expected, "no title line, no boilerplate");
        let junk = [
            "شارك",
            "تعليقات",
            "جميع الحقوق",
            "الرئيسية",
            "إعلان",
            "ذات صلة",
            "track",
        ];
        assert!(junk.iter().all(|j| !a.body.contains(j)));
    }

    #[test]
    fn a_page_with_only_the_site_name_in_its_title_has_no_story() {
        let page = "<title>تك عربي</title><nav><a href=/>الرئيسية</a></nav><article></article>";
        assert_eq!(extract_article(page), HtmlArticle::default());
        // a headline without text is still a (title-only) story
        let page =
            "<meta property=og:title content=\"زين تطلق الجيل الخامس\"><title>تك عربي</title>";
        assert_eq!(extract_article(page).title, "زين تطلق الجيل الخامس");
    }

    #[test]
    fn title_falls_back_to_title_element_then_first_h1() {
        let page = "<title>\n  تحديث   أمني\tعاجل  </title><body><h1>عنوان آخر</h1>";
        assert_eq!(extract_article(page).title, "تحديث أمني عاجل");
        let page = "<svg><title>أيقونة</title></svg><h1> إطلاق  متصفح عربي </h1><p>نص الخبر.</p>";
        let a = extract_article(page);
        assert_eq!(
            (a.title.as_str(), a.body.as_str()),
            ("إطلاق متصفح عربي", "نص الخبر.")
        );
    }

    #[test]
    fn date_falls_back_to_time_then_json_ld_then_meta_names() {
        let date = |page: &str| extract_article(page).date;
        let time = r#"<meta name="pubdate" content="2021-01-01"><aside><time datetime="1999-09-09">قديم</time></aside>
            <article><p>خبر</p><time datetime="2023-11-20T08:00:00Z">٢٠ نوفمبر</time></article>"#;
        assert_eq!(date(time).as_deref(), Some("2023-11-20T08:00:00Z"));
        let array = r#"<script type="application/ld+json">[{"@type":"Organization","name":"تقنية"},
            {"@type":"NewsArticle","datePublished":"2022-06-01T10:00:00+02:00"}]</script><meta name="date" content="2000-01-01">"#;
        assert_eq!(date(array).as_deref(), Some("2022-06-01T10:00:00+02:00"));
        let graph = r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
            {"@type":"WebPage","datePublished":"2019-12-31"},
            {"@type":["Article","NewsArticle"],"datePublished":"2020-02-02T12:00:00Z"}]}</script>"#;
        assert_eq!(date(graph).as_deref(), Some("2020-02-02T12:00:00Z"));
        let broken =
            r#"<script type="application/ld+json">{"datePublished": "2018-05-05", }</script>"#;
        assert_eq!(date(broken).as_deref(), Some("2018-05-05"));
        let meta = r#"<meta name="publish-date" content="2017-07-07"><p>نص</p>"#;
        assert_eq!(date(meta).as_deref(), Some("2017-07-07"));
        let item = r#"<p>نشر في <span itemprop="datePublished">٧ يوليو ٢٠١٧</span></p>"#;
        assert_eq!(date(item).as_deref(), Some("٧ يوليو ٢٠١٧"));
        assert_eq!(date("<p>بلا تاريخ</p>"), None);
    }

    #[test]
    fn url_falls_back_to_og_url_and_other_metadata_is_optional() {
        let a = extract_article(r#"<meta property="og:url" content=" https://example.com/a ">"#);
        assert_eq!(a.url.as_deref(), Some("https://example.com/a"));
        assert_eq!((a.source, a.categories.len()), (None, 0));
    }

    #[test]
    fn page_without_article_uses_paragraph_density() {
        let page = r#"<body><div class="top"><p>مرحباً بك</p></div>
            <div id="wrap"><div class="col">
              <p>كشفت دراسة حديثة أن استخدام الذكاء الاصطناعي في المدارس العربية تضاعف خلال عامين.</p>
              <p>وشملت الدراسة ألف معلم من خمس دول، وأوصت بتدريب المعلمين على الأدوات الجديدة.</p>
            </div><div class="col"><p>اقرأ أيضاً</p></div></div>
            <div class="copyright"><p>حقوق النشر محفوظة لموقعنا</p></div></body>"#;
        let body = extract_article(page).body;
        assert!(body.starts_with("كشفت دراسة حديثة"), "{body}");
        assert!(
            body.ends_with("على الأدوات الجديدة.") && body.lines().count() == 2,
            "{body}"
        );
        // Paragraphs each wrapped in their own div still come out together.
        let p = |t: &str| format!("<div class=\"para\"><p>{t}</p></div>");
        let a = p("الفقرة الأولى من الخبر، وهي أطول قليلاً من غيرها.");
        let (b, c) = (
            p("والفقرة الثانية تكمل الخبر."),
            p("والثالثة تختمه بتعليق."),
        );
        let page = format!("<div>{a}{b}{c}</div><div><p>سطر جانبي قصير</p></div>");
        assert_eq!(extract_article(&page).body.lines().count(), 3);
    }

    #[test]
    fn container_order_is_article_then_article_body_then_main() {
        let body = |page: &str| extract_article(page).body;
        let page = r#"<div><p>نص طويل جداً خارج المتن لا يجب أن يختار لأنه ليس المتن</p></div>
            <div itemprop="articleBody">المتن الحقيقي<br>سطر ثانٍ</div>"#;
        assert_eq!(body(page), "المتن الحقيقي\nسطر ثانٍ");
        let page = r#"<div><p>نص جانبي طويل نسبياً</p></div><div role="main"><h2>قسم</h2>نص</div>"#;
        assert_eq!(body(page), "قسم\nنص");
        let page = r#"<aside><article><p>خبر جانبي طويل طويل طويل طويل طويل طويل طويل</p></article></aside>
            <article><p>قصير</p></article><article><p>الخبر الرئيسي</p></article>"#;
        assert_eq!(
            body(page),
            "الخبر الرئيسي",
            "longest article outside furniture"
        );
        let page = r#"<body class="is-header-layout-1 has-header-ad"><div class="content-sidebar-wrap has-mobile-share">
            <article class="post tag-share category-social">
            <p>الخبر داخل غلاف</p></article><aside class="sidebar"><p>جانبي</p></aside></div>
            <ol class="comment-list"><article class="comment-body"><p>تعليق طويل جداً جداً جداً جداً</p></article></ol>"#;
        assert_eq!(body(page), "الخبر داخل غلاف", "wrappers, post classes");
        let page =
            r#"<form id="aspnetForm"><div class="has-sidebar"><p>خبر داخل نموذج</p></div></form>"#;
        assert_eq!(
            body(page),
            "خبر داخل نموذج",
            "a page-wide wrapper does not empty it"
        );
    }

    #[test]
    fn boilerplate_class_names_match_whole_tokens_only() {
        let page = r#"<article>
            <div class="threads">نقاشات</div><div class="heads-up">تنبيه</div><canvas></canvas>
            <div class="canvas-wrap">رسم</div><div class="ad-slot">إعلان</div>
            <div class="topAds">إعلان علوي</div><div id="main-nav">قائمة</div>
            <div class="newsletter-signup">اشترك</div><div style="display: none">مخفي</div>
            <ul class="breadcrumbs"><li>الرئيسية</li></ul><div role="navigation">روابط</div></article>"#;
        assert_eq!(extract_article(page).body, "نقاشات\nتنبيه\nرسم");
    }

    #[test]
    fn html_to_text_handles_a_wordpress_fragment() {
        let fragment = "<p>أطلقت <strong>جوجل</strong> تحديثاً&nbsp;جديداً لمتصفح كروم.</p>\n\
            <p>السطر الأول<br>السطر الثاني<br/>\n</p><script>alert('x')</script>\
            <p>البحث &amp; الخرائط &lt;تجريبي&gt;</p><p>   </p><ul><li>نقطة ١</li><li>نقطة ٢</li></ul>\
            <table><tr><td>المعالج</td><td>٨ أنوية</td></tr></table><pre>fn main() {\n    run();\n}</pre>";
        let expected = "أطلقت جوجل تحديثاً جديداً لمتصفح كروم.\nالسطر الأول\nالسطر الثاني\n\
            البحث & الخرائط <تجريبي>\nنقطة ١\nنقطة ٢\nالمعالج ٨ أنوية\nfn main() {\nrun();\n}";
        assert_eq!(html_to_text(fragment), expected);
        assert_eq!(html_to_text("نص عادي بلا وسوم"), "نص عادي بلا وسوم");
        assert_eq!(
            html_to_text("\u{200F} <p>\u{200F}</p><p>\u{200F}نص\u{200F} </p>"),
            "نص"
        );
    }

    #[test]
    fn looks_like_html_accepts_pages_and_rejects_json_and_text() {
        let yes = [
            "\u{FEFF}  <!DOCTYPE html><html>",
            "\n<HTML lang=ar>",
            "<head><title>x",
            "<meta charset=utf-8>",
        ];
        for page in yes.iter().chain(&["<div>\n<BODY dir=rtl>", "<p>نص</p>"]) {
            assert!(looks_like_html(page.as_bytes()), "{page}");
        }
        let late = format!("{}<body>", " x".repeat(600));
        let no = [
            r#"{"title": "خبر", "body": "<p>نص</p>"}"#,
            r#"[{"body":"<body>"}]"#,
            "",
            "   ",
            &late,
        ];
        for text in no
            .iter()
            .chain(&["هذا نص عربي عادي عن التقنية وليس صفحة ويب"])
        {
            assert!(!looks_like_html(text.as_bytes()), "{text}");
        }
        assert!(!looks_like_html(b"\xff\xfe\x00<"));
    }

    #[test]
    fn junk_input_does_not_panic() {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let bytes: Vec<u8> = (0..20_000)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                b"<>/=\"'!-p a x\xd8\xa7\n"[(seed % 16) as usize]
            })
            .collect();
        let random = String::from_utf8_lossy(&bytes);
        let cases = "<<<>>>|</|<|<!--|<!|<p|<div class=\"a|<div class='a>|<script>|<title>|</p></div>|\
            <html><body><p>غير مغلق <b><i>|<a href='x>y</a>|<plaintext><p>نص|<table><td><p>خلية|\0\u{FEFF}";
        for input in cases.split('|').chain([&*random, ""]) {
            let _ = (
                extract_article(input),
                html_to_text(input),
                looks_like_html(input.as_bytes()),
            );
        }
        assert_eq!(extract_article(""), HtmlArticle::default());
    }

    #[test]
    fn deep_nesting_neither_overflows_nor_stalls() {
        let (start, n) = (std::time::Instant::now(), 100_000);
        for (open, close) in [
            ("<div>", "</div>"),
            ("<span>", "</div>"),
            ("<article><q>", "</q>"),
        ] {
            let page = format!("<body>{}عمق{}", open.repeat(n), close.repeat(n));
            assert_eq!(
                (extract_article(&page).body, html_to_text(&page)),
                ("عمق".into(), "عمق".into())
            );
        }
        // Unclosed `<b>`s that differ (so the parser cannot merge them) are
        // reopened in every paragraph: capped, that stays linear.
        let piled: String = (0..5_000)
            .map(|i| format!("<p><b id={i}>سطر</p>"))
            .collect();
        assert_eq!(extract_article(&piled).body.lines().count(), 5_000);
        assert!(start.elapsed().as_secs() < 60, "took {:?}", start.elapsed());
        // The walks themselves are iterative: a tree 100,000 deep, parsed
        // without the depth cap (spans nest in linear time), is fine too.
        let doc = Html::parse_document(&format!("{}عمق", "<span class=x>".repeat(n)));
        let root = doc.root_element();
        assert_eq!(text_lines(main_container(root), Filter::Page), ["عمق"]);
        assert!(Meta::collect(root).pairs.is_empty());
    }

    #[test]
    fn depth_cap_leaves_ordinary_pages_untouched() {
        let page = "<div><!-- <div><div> --><script>'<div>'</script><b title='a>b'>نص</b></div>";
        assert!(matches!(limit_depth(page), Cow::Borrowed(_)));
        let deep = "<div>".repeat(MAX_DEPTH + 10);
        assert_eq!(limit_depth(&deep).matches("<div>").count(), MAX_DEPTH);
    }

    #[test]
    fn ten_megabyte_page_is_handled() {
        let para =
            "<p>يتناول هذا المقال أحدث ما وصلت إليه تقنيات الحوسبة السحابية في المنطقة.</p>\n";
        let n = 10_000_000 / para.len();
        let page = format!(
            "<html><body><article>{}</article></body></html>",
            para.repeat(n)
        );
        assert_eq!(extract_article(&page).body.lines().count(), n);
    }
}
