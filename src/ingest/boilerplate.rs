//! Boilerplate lines learned per source from the archive itself.
//!
//! Sites repeat lines on many of their pages: footers (المصدر: وكالات),
//! comment counters (“3 تعليقات”, التعليقات معطلة), share prompts (شارك على
//! فيسبوك), bylines, subscription prompts. Such a line says nothing about
//! the story, yet it would match queries and pull every page of the site
//! into the results. A [`Learner`] counts, per source, on how many pages each
//! short line occurs; [`Learner::finish`] keeps the lines found on at least
//! [`MIN_PAGES`] pages and [`MIN_SHARE`] of the source's pages, and
//! [`Boilerplate::strip`] removes them from a body.
//!
//! Lines are compared after trimming, collapsing spaces and writing every
//! run of digits as 0, so “3 تعليقات” and “12 تعليقات” are one line.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

/// A line must occur on at least this many pages of a source.
pub const MIN_PAGES: u32 = 10;
/// … and on at least this share of the source's pages.
pub const MIN_SHARE: f64 = 0.03;
/// Longer lines are story text, never boilerplate (in characters).
pub const MAX_LINE_CHARS: usize = 200;
/// Most distinct lines counted per source; past it, lines seen once are
/// forgotten (memory stays bounded on a huge archive).
const MAX_LINES_PER_SOURCE: usize = 200_000;

/// The key of a line (see the module docs), or `None` for a line that can't
/// be boilerplate (empty or too long).
pub fn line_key(line: &str) -> Option<u64> {
    let line = line.trim();
    if line.is_empty() || line.chars().nth(MAX_LINE_CHARS).is_some() {
        return None;
    }
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let (mut space, mut digit) = (false, false);
    let mut buf = [0u8; 4];
    for c in line.chars() {
        if c.is_whitespace() {
            space = true;
            digit = false;
            continue;
        }
        if space {
            h.update(b" ");
            space = false;
        }
        if c.is_numeric() {
            // a run of digits (3, 12, ١٢) is one 0
            if !digit {
                h.update(b"0");
            }
            digit = true;
            continue;
        }
        digit = false;
        h.update(c.encode_utf8(&mut buf).as_bytes());
    }
    Some(h.digest())
}

/// The distinct line keys of a body (what [`Learner::observe`] counts).
pub fn page_keys(body: &str) -> Vec<u64> {
    let mut keys: Vec<u64> = body.lines().filter_map(line_key).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

#[derive(Default)]
struct SourceCounts {
    pages: u32,
    lines: FxHashMap<u64, u32>,
    samples: FxHashMap<u64, String>,
}

/// Counts lines per source (see the module docs).
#[derive(Default)]
pub struct Learner {
    sources: FxHashMap<String, SourceCounts>,
}

impl Learner {
    /// Counts the lines of one page of `source` (`keys` from [`page_keys`]);
    /// `body` gives the text of lines seen for the first time, for reports.
    pub fn observe(&mut self, source: &str, keys: &[u64], body: &str) {
        let s = self.sources.entry(source.to_string()).or_default();
        s.pages += 1;
        let mut new_lines = false;
        for k in keys {
            let n = s.lines.entry(*k).or_default();
            *n += 1;
            new_lines |= *n == 2;
        }
        if new_lines {
            // keep the wording of lines seen twice (candidates), once
            for line in body.lines() {
                if let Some(k) = line_key(line) {
                    if s.lines.get(&k) == Some(&2) && !s.samples.contains_key(&k) {
                        s.samples.insert(k, line.trim().to_string());
                    }
                }
            }
        }
        if s.lines.len() > MAX_LINES_PER_SOURCE {
            s.lines.retain(|_, n| *n > 1);
            s.samples.retain(|k, _| s.lines.contains_key(k));
        }
    }

    /// The boilerplate found.
    pub fn finish(self) -> Boilerplate {
        let mut by_source = FxHashMap::default();
        let mut report = Vec::new();
        for (source, s) in self.sources {
            let needed = MIN_PAGES.max((f64::from(s.pages) * MIN_SHARE).ceil() as u32);
            let mut keys = FxHashSet::default();
            for (k, n) in &s.lines {
                if *n >= needed {
                    keys.insert(*k);
                    report.push(BoilerplateLine {
                        source: source.clone(),
                        line: s.samples.get(k).cloned().unwrap_or_default(),
                        pages: *n,
                        source_pages: s.pages,
                    });
                }
            }
            if !keys.is_empty() {
                by_source.insert(source, keys);
            }
        }
        report.sort_by(|a, b| {
            (
                a.source.as_str(),
                std::cmp::Reverse(a.pages),
                a.line.as_str(),
            )
                .cmp(&(
                    b.source.as_str(),
                    std::cmp::Reverse(b.pages),
                    b.line.as_str(),
                ))
        });
        Boilerplate { by_source, report }
    }
}

/// One learned boilerplate line, for `--report-boilerplate`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoilerplateLine {
    /// The source it was learned for.
    pub source: String,
    /// The line as first seen.
    pub line: String,
    /// Pages of the source it is on.
    pub pages: u32,
    /// Pages of the source seen while learning.
    pub source_pages: u32,
}

/// Lines to remove, per source.
#[derive(Debug, Default)]
pub struct Boilerplate {
    by_source: FxHashMap<String, FxHashSet<u64>>,
    report: Vec<BoilerplateLine>,
}

impl Boilerplate {
    /// True when nothing was learned.
    pub fn is_empty(&self) -> bool {
        self.by_source.is_empty()
    }

    /// The learned lines, by source and frequency.
    pub fn lines(&self) -> &[BoilerplateLine] {
        &self.report
    }

    /// Removes the boilerplate lines of `source` from `body`; returns how
    /// many lines it removed.
    ///
    /// ```
    /// use fahras::ingest::boilerplate::{page_keys, Learner};
    /// let mut learner = Learner::default();
    /// for i in 0..20 {
    ///     let body = format!("خبر رقم {i} عن الهواتف {}\n{} تعليقات", "ن".repeat(i), i + 1);
    ///     learner.observe("موقع", &page_keys(&body), &body);
    /// }
    /// let bp = learner.finish();
    /// let mut body = String::from("نص جديد\n7 تعليقات");
    /// assert_eq!(bp.strip("موقع", &mut body), 1);
    /// assert_eq!(body, "نص جديد");
    /// ```
    pub fn strip(&self, source: &str, body: &mut String) -> usize {
        let Some(keys) = self.by_source.get(source) else {
            return 0;
        };
        let mut removed = 0;
        let mut kept = String::with_capacity(body.len());
        for line in body.lines() {
            if line_key(line).is_some_and(|k| keys.contains(&k)) {
                removed += 1;
            } else {
                if !kept.is_empty() {
                    kept.push('\n');
                }
                kept.push_str(line);
            }
        }
        if removed > 0 {
            *body = kept;
        }
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learn(pages: &[(&str, String)]) -> Boilerplate {
        let mut l = Learner::default();
        for (source, body) in pages {
            l.observe(source, &page_keys(body), body);
        }
        l.finish()
    }

    #[test]
    fn footer_and_comment_counter_repeated_by_a_site_are_learned_and_removed() {
        let pages: Vec<(&str, String)> = (0..40)
            .map(|i| {
                (
                    "تك",
                    format!(
                        "قصة رقم {i} عن {}\nالمصدر: وكالات\n{} تعليقات\nشارك على فيسبوك",
                        "شركة ".repeat(i % 7 + 1),
                        i % 9
                    ),
                )
            })
            .collect();
        let bp = learn(&pages);
        let lines: Vec<&str> = bp.lines().iter().map(|l| l.line.as_str()).collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines.contains(&"المصدر: وكالات"));
        assert!(lines.contains(&"شارك على فيسبوك"));
        let mut body = "جوجل تطلق هاتفاً\nالمصدر: وكالات\n25 تعليقات".to_string();
        assert_eq!(bp.strip("تك", &mut body), 2);
        assert_eq!(body, "جوجل تطلق هاتفاً");
    }

    #[test]
    fn a_line_is_boilerplate_only_for_the_site_that_repeats_it() {
        let mut pages: Vec<(&str, String)> = (0..20)
            .map(|i| ("أ", format!("نص {}\nاشترك في النشرة", "ك".repeat(i + 1))))
            .collect();
        pages.push(("ب", "نص\nاشترك في النشرة".to_string()));
        let bp = learn(&pages);
        let mut body = "خبر\nاشترك في النشرة".to_string();
        assert_eq!(bp.strip("ب", &mut body), 0);
        assert_eq!(bp.strip("أ", &mut body), 1);
    }

    #[test]
    fn rare_lines_and_long_lines_are_never_boilerplate() {
        let long = "كلمة ".repeat(60);
        let pages: Vec<(&str, String)> = (0..100)
            .map(|i| ("س", format!("{long}\nسطر {}", "ص".repeat(i % 50 + 1))))
            .collect();
        // each short line is on 2 of 100 pages: under MIN_PAGES
        assert!(learn(&pages).is_empty());
    }
}
