//! Single-thread time of each enrichment step over an archive (to find what
//! enrichment costs; README "Speed").
//!
//! cargo run --release --example enrich_profile -- ARCHIVE.jsonl[.gz]

use std::time::{Duration, Instant};

use fahras::analysis::{Analyzer, Mode, TokenBuf};
use fahras::enrich::fingerprint::simhash;
use fahras::enrich::topics::Taxonomy;
use fahras::enrich::Gazetteer;
use fahras::ingest::{jsonl::JsonLinesReader, open_input};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: enrich_profile ARCHIVE")?;
    let mut docs = Vec::new();
    let mut lines = JsonLinesReader::new(open_input(&path)?);
    while let Some(line) = lines.next_line()? {
        let v: serde_json::Value = serde_json::from_slice(&line.bytes)?;
        let text = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        docs.push((text("title"), text("body")));
    }
    let t = Instant::now();
    let gazetteer = Gazetteer::builtin()?;
    let taxonomy = Taxonomy::builtin()?;
    println!("load gazetteer + taxonomy: {:?}", t.elapsed());
    let analyzer = Analyzer::builtin(Mode::Stemmed);
    let (mut st, mut et, mut sb, mut eb) = (
        TokenBuf::new(),
        TokenBuf::new(),
        TokenBuf::new(),
        TokenBuf::new(),
    );
    let cues = fahras::enrich::names::NameCues::builtin();
    let mut time = [Duration::ZERO; 7];
    let names = [
        "analysis (stemmed+exact)",
        "stemmed only",
        "entities (gazetteer only)",
        "+ people, typed names, candidates",
        "topics",
        "fingerprint",
        "(typed names alone)",
    ];
    for (title, body) in &docs {
        let t0 = Instant::now();
        analyzer.analyze_both(title, &mut st, &mut et);
        analyzer.analyze_both(body, &mut sb, &mut eb);
        let t1 = Instant::now();
        analyzer.analyze(body, &mut sb);
        analyzer.analyze(title, &mut st);
        let t2 = Instant::now();
        let e1: Vec<&str> = et.terms().collect();
        let e2: Vec<&str> = eb.terms().collect();
        let _ = gazetteer.extract_terms(&e1, &e2);
        let t2b = Instant::now();
        let m = gazetteer.extract_story(title, &et, body, &eb).entities;
        let t3 = Instant::now();
        let s1: Vec<&str> = st.terms().collect();
        let s2: Vec<&str> = sb.terms().collect();
        let ids: Vec<&str> = m.iter().map(|x| x.id.as_str()).collect();
        let _ = taxonomy.score(&s1, &s2, &ids);
        let t4 = Instant::now();
        let _ = simhash(sb.terms());
        let t5 = Instant::now();
        let _ = cues.find(title, &et, &vec![false; et.len()]);
        let _ = cues.find(body, &eb, &vec![false; eb.len()]);
        let t6 = Instant::now();
        for (k, (a, b)) in [
            (t0, t1),
            (t1, t2),
            (t2, t2b),
            (t2b, t3),
            (t3, t4),
            (t4, t5),
            (t5, t6),
        ]
        .iter()
        .enumerate()
        {
            time[k] += *b - *a;
        }
    }
    for (n, t) in names.iter().zip(time) {
        println!("{n:<34} {:>8.3} s", t.as_secs_f64());
    }
    Ok(())
}
