//! Keeps an entity gold set (`tests/annotations/*.tsv`) in step with a
//! growing gazetteer: lists the mentions annotated with a `new` id (an entity
//! the gazetteer lacked when the set was annotated) whose text the gazetteer
//! now resolves to an entity, with that entity's id. An annotator reads each
//! line in context and switches the row's id where the referent is the same
//! (tests/annotations/README.md, "Ids switched at the end").
//!
//! cargo run --release --example gold_refresh -- GOLD.tsv [tech-news.jsonl]
//!
//! Output, one line per (gold id, gazetteer id) pair, TAB-separated: the
//! gold id, the gazetteer id, whether the gold id itself is now defined
//! (`same-id`) or another entity matched (`other-id`), and the first
//! mention's text.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use fahras::enrich::Gazetteer;
use fahras::eval::entities::read_gold;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let args: Vec<String> = std::env::args().skip(1).collect();
    let gold_path = PathBuf::from(
        args.first()
            .ok_or("usage: gold_refresh GOLD.tsv [ARTICLES]")?,
    );
    let articles = args
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/data/tech-news.jsonl"));
    let gold = read_gold(&gold_path)?;
    let wanted: BTreeSet<&str> = gold.articles.iter().map(String::as_str).collect();
    let mut fields: BTreeMap<(String, String), String> = BTreeMap::new();
    for line in std::fs::read_to_string(&articles)?.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let id = v["id"].as_str().unwrap_or_default();
        if wanted.contains(id) {
            for f in ["title", "body"] {
                let text = v[f].as_str().unwrap_or_default().to_string();
                fields.insert((id.to_string(), f.to_string()), text);
            }
        }
    }
    let gazetteer = Gazetteer::builtin()?;
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    for m in &gold.mentions {
        if !gold.new_ids.contains(&m.entity) {
            continue;
        }
        let Some(text) = fields.get(&(m.article.clone(), m.field.clone())) else {
            continue;
        };
        let surface: String = text.chars().skip(m.start).take(m.end - m.start).collect();
        let (found, how) = match gazetteer.resolve(&m.entity) {
            Some(e) if e.id == m.entity => (e, "same-id"),
            _ => match gazetteer.resolve(&surface) {
                Some(e) => (e, "other-id"),
                None => continue,
            },
        };
        if seen.insert((m.entity.clone(), found.id.clone())) {
            println!("{}\t{}\t{how}\t{surface}", m.entity, found.id);
        }
    }
    Ok(())
}
