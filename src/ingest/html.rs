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
//! absurdly deep nesting is flattened before parsing (see [`MAX_DEPTH`]), so
//! no input can overflow the stack or make the parser quadratic.

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
    /// whitespace collapsed. Empty when the page has none.
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
pub const MAX_DEPTH: usize = 512;

/// Elements whose content is never article text.
const SKIP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "svg", "button", "select", "textarea",
    "object", "embed", "canvas", "audio", "video", "head", "title", "dialog", "map",
];
/// Page furniture elements, left out of a page's body (but kept by
/// [`html_to_text`], where a fragment's `<aside>` may be a pull quote).
const FURNITURE_TAGS: &[&str] = &["nav", "header", "footer", "aside", "form", "menu"];
/// Elements that end a line of text.
const BLOCK_TAGS: &[&str] = &[
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr", "br",
    "section", "article", "main", "ul", "ol", "dl", "dt", "dd", "table", "figure", "figcaption",
    "address", "hr", "details", "summary", "center", "caption",
];
/// Class/id words (whole tokens, split on `-`, `_`, spaces and camelCase)
/// that mark page furniture. Tokens, so `ads` keeps `threads`, `nav` keeps
/// `canvas`.
const BAD_TOKENS: &[&str] = &[
    "ad", "ads", "nav", "header", "footer", "masthead", "tag", "tags", "author", "byline", "promo",
    "sponsored", "print", "modal", "pagination", "pager", "toolbar", "hidden",
];
/// Class/id substrings that mark page furniture even inside longer words
/// (`sharebuttons`, `commentlist`, `relatedposts`, `adsbygoogle`).
const BAD_SUBSTRINGS: &[&str] = &[
    "share", "social", "comment", "related", "menu", "navbar", "navigation", "sidebar",
    "breadcrumb", "subscri", "newsletter", "advert", "adsbygoogle", "banner", "widget", "popup",
    "cookie", "disqus", "outbrain", "taboola",
];
/// ARIA roles of page furniture.
const BAD_ROLES: &[&str] = &[
    "navigation", "complementary", "banner", "contentinfo", "menu", "menubar", "toolbar",
    "dialog", "search",
];

/// How much of a page a text walk leaves out.
#[derive(Clone, Copy, PartialEq)]
enum Filter {
    /// Only [`SKIP_TAGS`]: for fragments and as a last resort.
    Tags,
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
        // A whole page wrapped in, say, `<div class="has-sidebar">` or an
        // ASP.NET `<form>` would otherwise yield nothing.
        lines = text_lines(root, Filter::Tags);
    }
    let find_in = |scope: ElementRef<'_>, name: &str, attr: Option<&str>| {
        scope.descendent_elements().find_map(|e| {
            let el = e.value();
            if el.name() != name {
                return None;
            }
            let value = match attr {
                Some(a) => collapse(el.attr(a)?),
                None => collapse(&e.text().collect::<String>()),
            };
            (!value.is_empty()).then_some(value)
        })
    };
    let title = meta
        .get("og:title")
        .or(meta.title.clone())
        .or_else(|| find_in(container, "h1", None))
        .or_else(|| find_in(root, "h1", None))
        .unwrap_or_default();
    if !title.is_empty() && lines.first() == Some(&title) {
        lines.remove(0);
    }
    let time = || find_in(container, "time", Some("datetime")).or_else(|| find_in(root, "time", Some("datetime")));
    let date = meta
        .get("article:published_time")
        .or_else(time)
        .or_else(|| meta.json_ld.iter().find_map(|s| json_ld_date(s)))
        .or_else(|| ["date", "pubdate", "publish-date", "publishdate"].iter().find_map(|k| meta.get(k)))
        .or(meta.item_date);
    let mut categories: Vec<String> = Vec::new();
    for key in ["article:section", "article:tag"] {
        for value in meta.all(key) {
            if !categories.contains(&value) {
                categories.push(value);
            }
        }
    }
    HtmlArticle {
        title,
        body: lines.join("\n"),
        date,
        url: meta.canonical.or_else(|| meta.get("og:url")),
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
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let lower = head[start..head.len().min(start + 1024)].to_ascii_lowercase();
    if matches!(lower.first(), Some(b'{' | b'[')) {
        return false;
    }
    let starts = [&b"<!doctype html"[..], b"<html", b"<head", b"<meta"];
    let contains = [&b"<body"[..], b"<html", b"<p>"];
    starts.iter().any(|p| lower.starts_with(p))
        || contains.iter().any(|n| lower.windows(n.len()).any(|w| w == *n))
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
            let attr = |a: &str| el.attr(a).map(collapse).filter(|v| !v.is_empty());
            let item_date = el.attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("datePublished"));
            if item_date && m.item_date.is_none() {
                m.item_date = attr("content").or(attr("datetime")).or_else(|| {
                    Some(collapse(&e.text().collect::<String>())).filter(|t| !t.is_empty())
                });
            }
            match el.name() {
                "meta" => {
                    let key = el.attr("property").or(el.attr("name"));
                    if let (Some(key), Some(content)) = (key, attr("content")) {
                        m.pairs.push((key.trim().to_ascii_lowercase(), content));
                    }
                }
                "link" if m.canonical.is_none() => {
                    let rel = el.attr("rel").unwrap_or("");
                    if rel.split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("canonical")) {
                        m.canonical = attr("href");
                    }
                }
                // `&*` gives the namespace URL: an SVG `<title>` is no headline.
                "title" if m.title.is_none() && &*el.name.ns == "http://www.w3.org/1999/xhtml" => {
                    m.title = Some(collapse(&e.text().collect::<String>())).filter(|t| !t.is_empty());
                }
                "script" => {
                    let kind = el.attr("type").unwrap_or("");
                    if kind.trim().eq_ignore_ascii_case("application/ld+json") {
                        m.json_ld.push(e.text().collect());
                    }
                }
                _ => {}
            }
        }
        m
    }

    fn all<'m>(&'m self, key: &'m str) -> impl Iterator<Item = String> + 'm {
        self.pairs.iter().filter(move |(k, _)| k == key).map(|(_, v)| v.clone())
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
    let text = script.trim().trim_start_matches("<!--").trim_end_matches("-->");
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        let after = &text[text.find("\"datePublished\"")? + 15..];
        let after = after.trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
        return Some(after[..after.find('"')?].replace("\\/", "/")).filter(|d| !d.trim().is_empty());
    };
    let mut fallback = None;
    let mut stack = vec![&value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(map) => {
                let date = match map.get("datePublished") {
                    Some(Value::String(s)) => Some(s.trim()),
                    Some(Value::Array(a)) => a.iter().find_map(Value::as_str),
                    _ => None,
                }
                .filter(|s| !s.is_empty());
                if let Some(date) = date {
                    let types = match map.get("@type") {
                        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
                        Some(Value::String(s)) => vec![s.as_str()],
                        _ => vec![],
                    };
                    if types.iter().any(|t| t.contains("Article") || t.contains("BlogPosting")) {
                        return Some(date.to_string());
                    }
                    fallback.get_or_insert_with(|| date.to_string());
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
    if SKIP_TAGS.contains(&name) {
        return true;
    }
    if filter == Filter::Tags {
        return false;
    }
    if FURNITURE_TAGS.contains(&name) || el.attr("hidden").is_some() {
        return true;
    }
    let attr_lower = |a: &str| el.attr(a).unwrap_or("").to_ascii_lowercase();
    let style = attr_lower("style").replace(' ', "");
    if style.contains("display:none") || attr_lower("aria-hidden") == "true" {
        return true;
    }
    if BAD_ROLES.contains(&attr_lower("role").trim()) {
        return true;
    }
    [el.attr("class"), el.attr("id")].into_iter().flatten().any(|value| {
        let lower = value.to_ascii_lowercase();
        BAD_SUBSTRINGS.iter().any(|s| lower.contains(s))
            || words(value).any(|w| BAD_TOKENS.contains(&w.to_ascii_lowercase().as_str()))
    })
}

/// Words of a class or id: split on non-alphanumerics and camelCase humps.
fn words(value: &str) -> impl Iterator<Item = &str> {
    value.split(|c: char| !c.is_alphanumeric()).flat_map(|part| {
        let bounds: Vec<usize> = part
            .char_indices()
            .zip(part.chars().skip(1))
            .filter(|((_, a), b)| a.is_lowercase() && b.is_uppercase())
            .map(|((i, a), _)| i + a.len_utf8())
            .collect();
        let starts = std::iter::once(0).chain(bounds.clone());
        let ends = bounds.into_iter().chain(std::iter::once(part.len()));
        starts.zip(ends).map(move |(s, e)| &part[s..e])
    })
}

/// Picks the element holding the article text (see [`extract_article`]).
fn main_container(root: ElementRef<'_>) -> ElementRef<'_> {
    let body = root.child_elements().find(|e| e.value().name() == "body").unwrap_or(root);
    // Outermost candidates of each kind, skipping those inside furniture
    // tags (a teaser `<article>` in an `<aside>`); class names are not held
    // against ancestors, as wrappers like `content-with-sidebar` are common.
    let (mut articles, mut bodies, mut mains) = (Vec::new(), Vec::new(), Vec::new());
    let mut scores = HashMap::new();
    // (element, inside furniture tag, inside skipped, inside article/articleBody/main)
    let mut stack = vec![(body, false, false, [false; 3])];
    while let Some((e, in_furniture, in_skip, mut inside)) = stack.pop() {
        let el = e.value();
        let name = el.name();
        let is_role_main = el.attr("role").is_some_and(|r| r.trim().eq_ignore_ascii_case("main"));
        let is_body = el.attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("articleBody"));
        let kinds = [name == "article", is_body, name == "main" || is_role_main];
        for (k, list) in [&mut articles, &mut bodies, &mut mains].into_iter().enumerate() {
            if kinds[k] && !inside[k] && !in_furniture {
                list.push(e);
                inside[k] = true;
            }
        }
        let in_furniture = in_furniture || (name != "form" && FURNITURE_TAGS.contains(&name));
        let in_skip = in_skip || is_skipped(e, Filter::Page);
        if name == "p" && !in_skip {
            // Readability-style: a paragraph scores for its parent, and half
            // for the grandparent, so text split over sibling wrappers wins.
            let len: usize = text_lines(e, Filter::Page).iter().map(|l| l.chars().count()).sum();
            let parent = e.parent().and_then(ElementRef::wrap);
            if let Some(p) = parent {
                *scores.entry(p.id()).or_insert((0, p)).0 += 2 * len;
                if let Some(g) = p.parent().and_then(ElementRef::wrap) {
                    scores.entry(g.id()).or_insert((0, g)).0 += len;
                }
            }
            continue;
        }
        let children: Vec<_> = e.child_elements().collect();
        stack.extend(children.into_iter().rev().map(|c| (c, in_furniture, in_skip, inside)));
    }
    let text_len = |e: &ElementRef<'_>| text_lines(*e, Filter::Page).iter().map(|l| l.len()).sum::<usize>();
    for list in [articles, bodies, mains] {
        let best = list.into_iter().map(|e| (text_len(&e), e)).filter(|(n, _)| *n > 0);
        // max_by_key keeps the last of equals; reversing keeps the first.
        if let Some((_, e)) = best.rev().max_by_key(|(n, _)| *n) {
            return e;
        }
    }
    let mut scored: Vec<_> = scores.into_values().filter(|(s, _)| *s > 0).collect();
    scored.sort_by_key(|(s, e)| (std::cmp::Reverse(*s), e.id().to_index_hint()));
    scored.first().map_or(body, |(_, e)| *e)
}

/// Gives node ids a stable order for tie-breaking (ids grow in parse order).
trait IndexHint {
    fn to_index_hint(self) -> String;
}
impl<T: std::fmt::Debug> IndexHint for T {
    fn to_index_hint(self) -> String {
        format!("{self:?}")
    }
}
