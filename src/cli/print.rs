//! Human and JSON output of the CLI.

use std::io::Write;
use std::path::Path;

use fahras::analysis::OwnedToken;
use fahras::index::IndexSummary;
use fahras::search::{SearchResults, Snippet};

/// Prints the summary of an indexing run on stdout.
pub fn index_summary(s: &IndexSummary, dir: &Path) {
    let status = if s.interrupted { " (interrupted)" } else { "" };
    println!(
        "indexed {} documents in {:.2} s ({:.1} MB/s){status}; {} documents in {}",
        s.indexed,
        s.seconds,
        s.mb_per_sec,
        s.documents_in_index,
        dir.display()
    );
    if s.boilerplate_lines_removed > 0 {
        println!(
            "removed {} boilerplate lines (see --report-boilerplate)",
            s.boilerplate_lines_removed
        );
    }
    if s.replaced > 0 || s.unchanged > 0 {
        println!(
            "of these, {} replaced an older version; {} records were already indexed unchanged",
            s.replaced, s.unchanged
        );
    }
    if !s.skipped.is_empty() {
        let reasons: Vec<String> = s.skipped.iter().map(|(r, n)| format!("{r}: {n}")).collect();
        println!(
            "skipped {} records ({})",
            s.skipped_total(),
            reasons.join(", ")
        );
    }
    if !s.warnings.is_empty() {
        let reasons: Vec<String> = s
            .warnings
            .iter()
            .map(|(r, n)| format!("{r}: {n}"))
            .collect();
        println!("indexed with warnings: {}", reasons.join(", "));
    }
}

/// Prints the boilerplate lines learned per source.
pub fn boilerplate(lines: &[fahras::ingest::boilerplate::BoilerplateLine]) {
    if lines.is_empty() {
        println!("no boilerplate learned (no line repeats on enough pages of one source)");
        return;
    }
    println!("boilerplate removed from bodies (source: pages with the line / pages read):");
    let mut last = None;
    for l in lines {
        if last != Some(l.source.as_str()) {
            let name = if l.source.is_empty() {
                "(no source)"
            } else {
                &l.source
            };
            println!("{name}:");
            last = Some(l.source.as_str());
        }
        println!("  {:>6}/{:<6} {}", l.pages, l.source_pages, l.line);
    }
}

/// Prints hits for a person; `color` marks matches with ANSI bold yellow,
/// otherwise with [brackets].
pub fn hits_text(r: &SearchResults, color: bool) {
    let mut out = std::io::stdout().lock();
    if r.hits.is_empty() {
        let _ = writeln!(out, "no stories found");
        return;
    }
    let (open, close) = if color {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    for h in &r.hits {
        let title = if h.title.is_empty() {
            "(no title)"
        } else {
            &h.title
        };
        let _ = writeln!(out, "{:>2}. {title}  ({:.2})", h.rank, h.score);
        let mut meta = Vec::new();
        if let Some(d) = &h.date {
            meta.push(d.clone());
        }
        if let Some(s) = &h.source {
            meta.push(s.clone());
        }
        meta.push(h.url.clone().unwrap_or_else(|| h.id.clone()));
        let _ = writeln!(out, "    {}", meta.join(" · "));
        let sn = Snippet {
            text: h.snippet.clone(),
            highlights: h.highlights.clone(),
        };
        if !sn.text.is_empty() {
            let _ = writeln!(out, "    {}", sn.marked(open, close));
        }
        if !h.also_in.is_empty() {
            const SHOWN: usize = 4;
            let mut copies: Vec<String> = h
                .also_in
                .iter()
                .take(SHOWN)
                .map(|c| match &c.source {
                    Some(src) => format!("{src} ({})", c.id),
                    None => c.id.clone(),
                })
                .collect();
            if h.also_in.len() > SHOWN {
                copies.push(format!(
                    "{} more (--json lists them)",
                    h.also_in.len() - SHOWN
                ));
            }
            let _ = writeln!(out, "    also in: {}", copies.join(", "));
        }
        if let Some(p) = &h.explain {
            let age = p
                .age_days
                .map_or(String::new(), |a| format!(" (age {a:.0} d)"));
            let _ = writeln!(
                out,
                "    score {:.3} = text {:.3} + entities {:.3} + topics {:.3} + recency {:.3}{age}",
                h.score, p.text, p.entities, p.topics, p.recency
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "{} of {} matching stories", r.hits.len(), r.total);
}

/// Prints one JSON object per hit.
pub fn hits_json(r: &SearchResults) -> serde_json::Result<()> {
    json_lines(&r.hits)
}

/// Prints one JSON object per item (JSON Lines) on stdout.
pub fn json_lines<T: serde::Serialize>(items: &[T]) -> serde_json::Result<()> {
    let mut out = std::io::stdout().lock();
    for item in items {
        let _ = writeln!(out, "{}", serde_json::to_string(item)?);
    }
    Ok(())
}

/// Prints analyzed tokens.
pub fn tokens(text: &str, tokens: &[OwnedToken], json: bool) -> serde_json::Result<()> {
    let mut out = std::io::stdout().lock();
    for t in tokens {
        if json {
            let v = serde_json::json!({
                "term": t.term,
                "surface": &text[t.offset_from..t.offset_to],
                "offset_from": t.offset_from,
                "offset_to": t.offset_to,
                "position": t.position,
            });
            let _ = writeln!(out, "{}", serde_json::to_string(&v)?);
        } else {
            let _ = writeln!(
                out,
                "{:<6}{:<20}{:<20}{}..{}",
                t.position,
                t.term,
                &text[t.offset_from..t.offset_to],
                t.offset_from,
                t.offset_to
            );
        }
    }
    Ok(())
}
