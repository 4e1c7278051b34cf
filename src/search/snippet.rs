//! Snippets: the passage of a story's body that best matches the query, with
//! the matched surface words marked.
//!
//! Built on tantivy's `SnippetGenerator`, which re-analyzes the stored body
//! with the field's own (Arabic) tokenizer: since the tokenizer reports
//! offsets in the original text, the highlighted ranges cover the words as
//! written (`بالمكتبات`, `الذَّكَاء`), whatever form matched. When only the
//! title matched, the snippet is the beginning of the body.

use serde::Serialize;
use tantivy::query::Query;
use tantivy::schema::Value;
use tantivy::snippet::SnippetGenerator;
use tantivy::{Searcher, TantivyDocument};

use crate::index::Fields;

/// A passage with highlighted byte ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The passage text (whitespace runs collapsed to single spaces).
    pub text: String,
    /// Byte ranges of matched words within `text`.
    pub highlights: Vec<(usize, usize)>,
}

impl Snippet {
    /// Renders the snippet with `open`/`close` around each matched word.
    ///
    /// ```
    /// use fahras::search::Snippet;
    /// let s = Snippet { text: "في المكتبة".into(), highlights: vec![(5, 19)] };
    /// assert_eq!(s.marked("[", "]"), "في [المكتبة]");
    /// ```
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + 8 * self.highlights.len());
        let mut at = 0;
        for &(s, e) in &self.highlights {
            if s < at
                || e > self.text.len()
                || !self.text.is_char_boundary(s)
                || !self.text.is_char_boundary(e)
            {
                continue;
            }
            out.push_str(&self.text[at..s]);
            out.push_str(open);
            out.push_str(&self.text[s..e]);
            out.push_str(close);
            at = e;
        }
        out.push_str(&self.text[at..]);
        out
    }
}

/// Makes snippets for the hits of one query.
pub struct Snippets {
    generator: SnippetGenerator,
    body: tantivy::schema::Field,
    max_chars: usize,
}

impl Snippets {
    /// Prepares snippets of about `max_chars` characters for `query`.
    pub fn new(
        searcher: &Searcher,
        query: &dyn Query,
        fields: &Fields,
        max_chars: usize,
    ) -> tantivy::Result<Snippets> {
        let mut generator = SnippetGenerator::create(searcher, query, fields.body)?;
        generator.set_max_num_chars(max_chars);
        Ok(Snippets {
            generator,
            body: fields.body,
            max_chars,
        })
    }

    /// The snippet of one stored document.
    pub fn snippet(&self, doc: &TantivyDocument) -> Snippet {
        let body = doc
            .get_first(self.body)
            .and_then(|v| v.as_str())
            .unwrap_or("");
        let sn = self.generator.snippet(body);
        if sn.fragment().trim().is_empty() {
            return collapse(lead(body, self.max_chars), &[]);
        }
        // tantivy's fragment can be a few words only; widen it to about
        // `max_chars` of context around the matches.
        let range = widen(body, sn.fragment_range(), self.max_chars);
        let shift = sn.fragment_range().start - range.start;
        let ranges: Vec<(usize, usize)> = sn
            .highlighted()
            .iter()
            .map(|r| (r.start + shift, r.end + shift))
            .collect();
        collapse(&body[range], &ranges)
    }
}

/// Grows `range` within `text` to about `max_chars` characters, half before
/// and half after, cutting at whitespace.
fn widen(text: &str, range: std::ops::Range<usize>, max_chars: usize) -> std::ops::Range<usize> {
    let have = text[range.clone()].chars().count();
    if have >= max_chars {
        return range;
    }
    let room = max_chars - have;
    let before = room / 2;
    let mut start = range.start;
    let mut taken = 0;
    for (i, _) in text[..range.start].char_indices().rev() {
        if taken == before {
            break;
        }
        start = i;
        taken += 1;
    }
    let after = room - taken;
    let mut end = range.end;
    for (taken, (i, c)) in text[range.end..].char_indices().enumerate() {
        if taken == after {
            break;
        }
        end = range.end + i + c.len_utf8();
    }
    // cut at whitespace so no word is split
    if start > 0 && start < range.start {
        if let Some(ws) = text[start..range.start].find(char::is_whitespace) {
            start += ws;
        }
    }
    if end < text.len() && end > range.end {
        if let Some(ws) = text[range.end..end].rfind(char::is_whitespace) {
            end = range.end + ws;
        }
    }
    start..end
}

/// The first `max_chars` characters of `text`, cut at a word boundary.
fn lead(text: &str, max_chars: usize) -> &str {
    let text = text.trim_start();
    match text.char_indices().nth(max_chars) {
        None => text,
        Some((cut, _)) => {
            let head = &text[..cut];
            match head.rfind(char::is_whitespace) {
                Some(ws) if ws > 0 => &head[..ws],
                _ => head,
            }
        }
    }
}

/// Collapses whitespace runs (newlines, NBSP) to one space, moving the
/// highlight ranges along.
fn collapse(text: &str, ranges: &[(usize, usize)]) -> Snippet {
    let mut out = String::with_capacity(text.len());
    let mut map = vec![0usize; text.len() + 1];
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        map[i] = out.len();
        if c.is_whitespace() {
            if !in_space && !out.is_empty() {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    map[text.len()] = out.len();
    // fill offsets inside multi-byte chars (never used as starts, but safe)
    let trimmed_len = out.trim_end().len();
    out.truncate(trimmed_len);
    let highlights = ranges
        .iter()
        .map(|&(s, e)| {
            (
                map[s.min(text.len())].min(out.len()),
                map[e.min(text.len())].min(out.len()),
            )
        })
        .filter(|(s, e)| s < e)
        .collect();
    Snippet {
        text: out,
        highlights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_moves_highlights_with_the_text() {
        let text = "أ\n  ب\u{a0}ج";
        let b = text.find('ب').unwrap();
        let s = collapse(text, &[(b, b + 2)]);
        assert_eq!(s.text, "أ ب ج");
        assert_eq!(&s.text[s.highlights[0].0..s.highlights[0].1], "ب");
    }

    #[test]
    fn widen_adds_context_at_word_boundaries() {
        let text = "كلمة أولى ثم الدفع الإلكتروني ثم كلمة أخيرة";
        let s = text.find("الدفع").unwrap();
        let e = text.find(" ثم كلمة").unwrap();
        let r = widen(text, s..e, 30);
        let w = &text[r.clone()];
        assert!(w.contains("الدفع الإلكتروني"), "{w}");
        assert!(w.chars().count() <= 30 && w.chars().count() > 16, "{w}");
        assert!(!w.starts_with(' ') || w.trim_start() != w);
        assert_eq!(widen(text, 0..text.len(), 10), 0..text.len());
    }

    #[test]
    fn lead_cuts_at_a_word_boundary() {
        assert_eq!(lead("  كلمة أخرى ثالثة", 8), "كلمة");
        assert_eq!(lead("قصير", 50), "قصير");
    }
}
