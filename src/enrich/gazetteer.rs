//! The entity gazetteer: companies, products, platforms, people, places,
//! agencies and media, with every way writers spell them.
//!
//! Entries live in `schema/entities/*.tsv` (compiled in) and in any file a
//! user adds with `--entities FILE`. One entity per line, tab-separated:
//!
//! ```text
//! id <TAB> type <TAB> name_ar <TAB> name_en <TAB> alias | alias | …
//! org/facebook <TAB> organization <TAB> فيسبوك <TAB> Facebook <TAB> فيس بوك | فايسبوك
//! ```
//!
//! `#` starts a comment line. The Arabic and English names are aliases too.
//! Aliases are matched after the same normalization as documents, so hamza,
//! ة/ه, ى/ي, diacritics, tatweel and Latin case need no separate entries.
//!
//! An alias written `=LG` is case-sensitive: it matches the word `LG` written
//! exactly so (also glued to a clitic, `ولـLG`), never `lg` or `Lg`. It is
//! how two-letter brand names (LG, HP, EA, GM) are listed: in any case they
//! would be too often something else (`hp` horsepower, `ea`).

use std::fmt;

use serde::Serialize;

/// The longest case-sensitive alias, in bytes (`=LG` … `=ABCDE`).
pub const CASE_SENSITIVE_MAX: usize = 5;

/// The word of a case-sensitive alias (`=LG` → `LG`), or `None` for an
/// ordinary alias. A case-sensitive alias is one Latin word of 2 to
/// [`CASE_SENSITIVE_MAX`] ASCII letters or digits with a capital letter.
///
/// ```
/// use fahras::enrich::gazetteer::case_sensitive;
/// assert_eq!(case_sensitive("=LG"), Some("LG"));
/// assert_eq!(case_sensitive("LG Electronics"), None);
/// ```
pub fn case_sensitive(alias: &str) -> Option<&str> {
    alias.strip_prefix('=').map(str::trim)
}

/// Why `word` (an alias after its `=`) cannot be a case-sensitive alias.
fn case_sensitive_problem(word: &str) -> Option<String> {
    let ok = (2..=CASE_SENSITIVE_MAX).contains(&word.len())
        && word.chars().all(|c| c.is_ascii_alphanumeric())
        && word.chars().any(|c| c.is_ascii_uppercase());
    (!ok).then(|| {
        format!(
            "`={word}`: a case-sensitive alias is one Latin word of 2 to {CASE_SENSITIVE_MAX} \
             letters or digits with a capital letter, written as it must appear (=LG, =HP)"
        )
    })
}

/// The built-in gazetteer files, as (name, text).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "schema/entities/global-tech.tsv",
        include_str!("../../schema/entities/global-tech.tsv"),
    ),
    (
        "schema/entities/tech-more.tsv",
        include_str!("../../schema/entities/tech-more.tsv"),
    ),
    (
        "schema/entities/arab-region.tsv",
        include_str!("../../schema/entities/arab-region.tsv"),
    ),
    (
        "schema/entities/world.tsv",
        include_str!("../../schema/entities/world.tsv"),
    ),
];

/// What kind of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    /// A company, bank or other organization (`org/…`).
    Organization,
    /// A product or product line (`product/…`).
    Product,
    /// An app, online service, network or operating system (`platform/…`).
    Platform,
    /// A person (`person/…`).
    Person,
    /// A country, city or region (`place/…`).
    Place,
    /// A regulator, ministry or other public body (`agency/…`).
    Agency,
    /// A news outlet or agency (`media/…`).
    Media,
}

impl EntityType {
    /// Parses the `type` column.
    pub fn parse(s: &str) -> Option<EntityType> {
        Some(match s.trim() {
            "organization" | "org" => EntityType::Organization,
            "product" => EntityType::Product,
            "platform" => EntityType::Platform,
            "person" => EntityType::Person,
            "place" => EntityType::Place,
            "agency" => EntityType::Agency,
            "media" => EntityType::Media,
            _ => return None,
        })
    }
}

/// One gazetteer entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entity {
    /// Canonical id, e.g. `org/facebook`.
    pub id: String,
    /// What it is.
    pub kind: EntityType,
    /// Arabic display name.
    pub name_ar: String,
    /// English display name.
    pub name_en: String,
    /// Every spelling, names included.
    pub aliases: Vec<String>,
}

/// A gazetteer line that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct GazetteerError {
    /// The file.
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong and what to do.
    pub message: String,
}

impl fmt::Display for GazetteerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for GazetteerError {}

/// Parses gazetteer text (`file` names it in errors).
///
/// ```
/// use fahras::enrich::gazetteer::parse_entities;
/// let text = "org/google\torganization\tجوجل\tGoogle\tغوغل | قوقل\n";
/// let e = parse_entities("mine.tsv", text).unwrap();
/// assert_eq!(e[0].aliases, ["جوجل", "Google", "غوغل", "قوقل"]);
/// assert!(parse_entities("mine.tsv", "org/x\tthing\ta\tb\t\n").unwrap_err().to_string().starts_with("mine.tsv:1:"));
/// ```
pub fn parse_entities(file: &str, text: &str) -> Result<Vec<Entity>, GazetteerError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let err = |message: String| GazetteerError {
            file: file.to_string(),
            line: i + 1,
            message,
        };
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 4 || cols.len() > 5 {
            return Err(err(format!(
                "expected 5 tab-separated columns (id, type, name_ar, name_en, aliases), found {}",
                cols.len()
            )));
        }
        let id = cols[0].trim();
        if !id.contains('/') || id.contains(char::is_whitespace) {
            return Err(err(format!("`{id}` is not an id like `org/facebook`")));
        }
        let kind = EntityType::parse(cols[1]).ok_or_else(|| {
            err(format!(
                "unknown type `{}`: use organization, product, platform, person, place, agency or media",
                cols[1].trim()
            ))
        })?;
        let (name_ar, name_en) = (cols[2].trim(), cols[3].trim());
        let mut aliases: Vec<String> = Vec::new();
        for a in [name_ar, name_en]
            .into_iter()
            .chain(cols.get(4).map_or("", |c| *c).split('|'))
        {
            let a = a.trim();
            if let Some(problem) = case_sensitive(a).and_then(case_sensitive_problem) {
                return Err(err(problem));
            }
            if !a.is_empty() && !aliases.iter().any(|x| x == a) {
                aliases.push(a.to_string());
            }
        }
        if aliases.is_empty() {
            return Err(err("the entity has no name and no alias".into()));
        }
        out.push(Entity {
            id: id.to_string(),
            kind,
            name_ar: name_ar.to_string(),
            name_en: name_en.to_string(),
            aliases,
        });
    }
    Ok(out)
}
