//! Which keys of a record hold an article's id, title, body, date, URL,
//! source and category: the field mapping shared by JSON Lines, JSON arrays
//! and CSV/TSV.
//!
//! Each field has a list of candidate paths, tried in order; the first one
//! present with a non-empty value wins. The defaults cover the names common
//! exports use (`headline`, `content`, `text`, `published_at`, `link`, …);
//! `--title-field` and friends replace a field's list with the user's path.
//! A path may be dotted to reach into nested objects (`meta.published`,
//! `author.name`); a key that itself contains a dot is found too.

use serde_json::{Map, Value};

use super::date::parse_date;

/// The article fields a record is mapped onto.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Unique key (a hash of the text when absent).
    Id,
    /// Headline.
    Title,
    /// Article text.
    Body,
    /// Publication date.
    Date,
    /// Link.
    Url,
    /// Outlet.
    Source,
    /// Section or category.
    Category,
    /// Tags or keywords.
    Tags,
}

impl Field {
    /// Every field, in display order.
    pub const ALL: [Field; 8] = [
        Field::Id,
        Field::Title,
        Field::Body,
        Field::Date,
        Field::Url,
        Field::Source,
        Field::Category,
        Field::Tags,
    ];

    /// The field's name (`id`, `title`, …).
    pub fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Title => "title",
            Field::Body => "body",
            Field::Date => "date",
            Field::Url => "url",
            Field::Source => "source",
            Field::Category => "category",
            Field::Tags => "tags",
        }
    }

    fn defaults(self) -> &'static [&'static str] {
        match self {
            Field::Id => &[
                "id",
                "_id",
                "guid",
                "uuid",
                "article_id",
                "post_id",
                "doc_id",
            ],
            Field::Title => &["title", "headline", "heading", "name", "subject"],
            Field::Body => &[
                "body",
                "content",
                "text",
                "article",
                "article_body",
                "articleBody",
                "full_text",
                "story",
                "description",
                "summary",
            ],
            Field::Date => &[
                "date",
                "published_at",
                "publishedAt",
                "published",
                "pubDate",
                "pub_date",
                "datePublished",
                "publish_date",
                "created_at",
                "createdAt",
                "timestamp",
                "time",
                "datetime",
            ],
            Field::Url => &["url", "link", "href", "permalink", "canonical_url", "uri"],
            Field::Source => &[
                "source",
                "site",
                "publisher",
                "outlet",
                "source_name",
                "domain",
                "website",
                "newspaper",
            ],
            Field::Category => &["category", "section", "categories", "topic", "department"],
            Field::Tags => &["tags", "keywords", "labels"],
        }
    }
}

/// Candidate paths per field (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldMap {
    paths: [Vec<String>; 8],
}

impl Default for FieldMap {
    fn default() -> FieldMap {
        FieldMap {
            paths: Field::ALL.map(|f| f.defaults().iter().map(|s| s.to_string()).collect()),
        }
    }
}

impl FieldMap {
    /// Reads `field` from `path` only (replacing the default names).
    pub fn set(&mut self, field: Field, path: &str) {
        self.paths[field as usize] = vec![path.trim().to_string()];
    }

    /// The paths tried for `field`, in order.
    pub fn paths(&self, field: Field) -> &[String] {
        &self.paths[field as usize]
    }

    /// The first value present for `field` in `record`.
    pub fn get<'a>(&self, record: &'a Map<String, Value>, field: Field) -> Option<&'a Value> {
        self.paths(field)
            .iter()
            .filter_map(|p| lookup(record, p))
            .find(|v| !is_empty(v))
    }
}

impl FieldMap {
    /// Takes the first value present for `field` out of `record` (leaving
    /// null), so a long body is moved, not copied.
    pub fn take(&self, record: &mut Map<String, Value>, field: Field) -> Option<Value> {
        let path = self
            .paths(field)
            .iter()
            .find(|p| lookup(record, p).is_some_and(|v| !is_empty(v)))?;
        lookup_mut(record, path).map(Value::take)
    }
}

fn lookup_mut<'a>(record: &'a mut Map<String, Value>, path: &str) -> Option<&'a mut Value> {
    if record.contains_key(path) {
        return record.get_mut(path);
    }
    let mut parts = path.split('.');
    let mut v = record.get_mut(parts.next()?)?;
    for part in parts {
        v = match v {
            Value::Object(m) => m.get_mut(part)?,
            Value::Array(items) => items.get_mut(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

/// A value as owned text (see [`text_of`]); a string is moved, not copied.
pub fn into_text(v: Value, sep: &str) -> Option<String> {
    match v {
        Value::String(s) => Some(s),
        other => text_of(&other, sep),
    }
}

/// The value at a dotted `path` (an exact key with dots is tried first).
pub fn lookup<'a>(record: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    if let Some(v) = record.get(path) {
        return Some(v);
    }
    let mut parts = path.split('.');
    let mut v = record.get(parts.next()?)?;
    for part in parts {
        v = match v {
            Value::Object(m) => m.get(part)?,
            Value::Array(items) => items.get(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// A value as text: strings as they are, numbers and booleans written out,
/// arrays of texts joined by `sep` (a body given as a list of paragraphs,
/// categories as a list), objects by their `name`/`title`/`text` key (an
/// author object); `None` for what has no text.
pub fn text_of(v: &Value, sep: &str) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(|x| text_of(x, sep)).collect();
            (!parts.is_empty()).then(|| parts.join(sep))
        }
        Value::Object(m) => ["name", "title", "text", "value", "#text"]
            .iter()
            .find_map(|k| m.get(*k).and_then(|x| text_of(x, sep))),
        Value::Null => None,
    }
}

/// A value where a date was expected that is not one (reported as a
/// `bad-date` warning; the article is kept without a date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotADate;

/// A date value: text in any format [`parse_date`] reads, or a number of
/// seconds (or milliseconds, when too large for seconds) since 1970.
/// `Err(NotADate)` when there is a value that is not a date.
pub fn date_of(v: &Value) -> Result<Option<i64>, NotADate> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => parse_date(s).map(Some).ok_or(NotADate),
        Value::Number(n) => {
            let secs = n
                .as_i64()
                .or_else(|| n.as_f64().map(|f| f as i64))
                .ok_or(NotADate)?;
            // 1e11 seconds is the year 5138: such a number is milliseconds
            Ok(Some(if secs.abs() >= 100_000_000_000 {
                secs / 1000
            } else {
                secs
            }))
        }
        Value::Object(_) => date_of(&Value::String(text_of(v, " ").ok_or(NotADate)?)),
        _ => Err(NotADate),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn common_names_are_found_without_a_mapping() {
        let m = FieldMap::default();
        let r = obj(
            json!({"headline": "سامسونغ", "content": "نص", "published_at": "2020-01-02", "link": "http://x"}),
        );
        assert_eq!(m.get(&r, Field::Title), Some(&json!("سامسونغ")));
        assert_eq!(m.get(&r, Field::Body), Some(&json!("نص")));
        assert_eq!(m.get(&r, Field::Url), Some(&json!("http://x")));
        assert!(m.get(&r, Field::Date).is_some());
    }

    #[test]
    fn dotted_paths_reach_nested_objects_and_array_items() {
        let r = obj(
            json!({"meta": {"when": "2019-05-01"}, "parts": [{"t": "أ"}, {"t": "ب"}], "a.b": 1}),
        );
        assert_eq!(lookup(&r, "meta.when"), Some(&json!("2019-05-01")));
        assert_eq!(lookup(&r, "parts.1.t"), Some(&json!("ب")));
        assert_eq!(lookup(&r, "a.b"), Some(&json!(1)));
        assert_eq!(lookup(&r, "meta.none"), None);
    }

    #[test]
    fn a_user_path_replaces_the_defaults() {
        let mut m = FieldMap::default();
        m.set(Field::Body, "story.text");
        let r = obj(json!({"body": "لا", "story": {"text": "نعم"}}));
        assert_eq!(m.get(&r, Field::Body), Some(&json!("نعم")));
    }

    #[test]
    fn empty_values_fall_through_to_the_next_name() {
        let r = obj(json!({"title": "  ", "headline": "عنوان"}));
        assert_eq!(
            FieldMap::default().get(&r, Field::Title),
            Some(&json!("عنوان"))
        );
    }

    #[test]
    fn lists_and_objects_become_text() {
        assert_eq!(
            text_of(&json!(["فقرة", "فقرة ثانية"]), "\n").unwrap(),
            "فقرة\nفقرة ثانية"
        );
        assert_eq!(
            text_of(&json!({"name": "الجزيرة"}), " ").unwrap(),
            "الجزيرة"
        );
        assert_eq!(text_of(&json!(12), " ").unwrap(), "12");
    }

    #[test]
    fn epoch_seconds_and_milliseconds_are_dates() {
        assert_eq!(date_of(&json!(1_500_000_000)), Ok(Some(1_500_000_000)));
        assert_eq!(
            date_of(&json!(1_500_000_000_000i64)),
            Ok(Some(1_500_000_000))
        );
        assert_eq!(date_of(&json!("yesterday-ish")), Err(NotADate));
        assert_eq!(date_of(&json!(null)), Ok(None));
    }
}
