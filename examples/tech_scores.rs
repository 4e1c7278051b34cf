//! Technology score of every ANT and Mowjaz article with its source label,
//! as TSV on stdout (id, source, labelled-tech 0/1, score), for choosing the
//! technology threshold (README, "Topics").
//!
//! cargo run --release --example tech_scores > scores.tsv

use fahras::analysis::{Analyzer, Mode, TokenBuf};
use fahras::enrich::topics::Taxonomy;
use fahras::enrich::Gazetteer;
use fahras::ingest::{jsonl::JsonLinesReader, open_input};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/");
    let gazetteer = Gazetteer::builtin()?;
    let taxonomy = Taxonomy::builtin()?;
    let stemmed = Analyzer::builtin(Mode::Stemmed);
    let (mut st, mut sb, mut buf) = (TokenBuf::new(), TokenBuf::new(), TokenBuf::new());
    for file in ["tech-news.jsonl", "news-general.jsonl.gz"] {
        let mut lines = JsonLinesReader::new(open_input(&format!("{data}{file}"))?);
        while let Some(line) = lines.next_line()? {
            let v: serde_json::Value = serde_json::from_slice(&line.bytes)?;
            let id = v["id"].as_str().unwrap_or_default();
            let src = id.split(':').next().unwrap_or_default();
            if src != "ant" && src != "mowjaz-val" {
                continue;
            }
            let cat = v["category"].as_str().unwrap_or_default();
            let tech = cat
                .split('|')
                .any(|c| c == "technology" || c == "تكنولوجيا");
            let (title, body) = (
                v["title"].as_str().unwrap_or_default(),
                v["body"].as_str().unwrap_or_default(),
            );
            let ents = gazetteer.extract(title, body, &mut buf);
            let ids: Vec<&str> = ents.iter().map(|e| e.id.as_str()).collect();
            stemmed.analyze(title, &mut st);
            stemmed.analyze(body, &mut sb);
            let t: Vec<&str> = st.terms().collect();
            let b: Vec<&str> = sb.terms().collect();
            let r = taxonomy.score(&t, &b, &ids);
            println!(
                "{id}\t{src}\t{}\t{:.3}\t{cat}",
                u8::from(tech),
                r.technology
            );
        }
    }
    Ok(())
}
