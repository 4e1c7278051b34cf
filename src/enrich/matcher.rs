//! Finding gazetteer aliases in an analyzed token stream.
//!
//! Aliases and documents are both analyzed with the exact analyzer
//! (normalized, unstemmed, stop words kept), so an alias is a sequence of
//! terms. The matcher is a trie over interned terms; the first term of a match
//! may carry proclitics (`لفيسبوك`, `وبجوجل`, `والفيس بوك`, `للجزيرة` for
//! `الجزيرة`), which are tried off one by one. The longest match wins and
//! matches do not overlap.

use rustc_hash::FxHashMap;

use crate::analysis::{Analyzer, Mode};

/// Index of an entity in its gazetteer.
pub type EntityIdx = u32;

/// One alias occurrence: entity and token range `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AliasMatch {
    /// The entity matched.
    pub entity: EntityIdx,
    /// First token of the match.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
}

/// A trie of aliases over interned terms.
#[derive(Debug, Clone)]
pub struct AliasMatcher {
    lexicon: std::sync::Arc<crate::analysis::Lexicon>,
    vocab: FxHashMap<Box<str>, u32>,
    edges: FxHashMap<(u32, u32), u32>,
    terminal: Vec<Option<EntityIdx>>,
    /// Aliases that analyzed to nothing or clashed (kept for reports).
    pub skipped_aliases: Vec<String>,
}

const ROOT: u32 = 0;

impl Default for AliasMatcher {
    fn default() -> Self {
        AliasMatcher::new()
    }
}

impl AliasMatcher {
    /// An empty matcher.
    pub fn new() -> AliasMatcher {
        AliasMatcher {
            lexicon: crate::analysis::builtin_lexicon(),
            vocab: FxHashMap::default(),
            edges: FxHashMap::default(),
            terminal: vec![None],
            skipped_aliases: Vec::new(),
        }
    }

    fn intern(&mut self, term: &str) -> u32 {
        let next = self.vocab.len() as u32;
        *self.vocab.entry(term.into()).or_insert(next)
    }

    /// Adds `alias` for `entity`. A later alias with the same terms replaces
    /// an earlier one (so a user's file overrides the built-in gazetteer).
    pub fn insert(&mut self, analyzer: &Analyzer, alias: &str, entity: EntityIdx) {
        debug_assert_eq!(analyzer.mode(), Mode::Exact);
        let terms: Vec<String> = analyzer
            .analyze_to_vec(alias)
            .into_iter()
            .map(|t| t.term)
            .collect();
        if terms.is_empty() {
            self.skipped_aliases.push(alias.to_string());
            return;
        }
        let terms: Vec<&str> = terms.iter().map(String::as_str).collect();
        self.insert_terms(&terms, entity);
    }

    /// Adds an alias already analyzed into `terms` (not empty).
    pub fn insert_terms(&mut self, terms: &[&str], entity: EntityIdx) {
        let mut node = ROOT;
        for t in terms {
            let id = self.intern(t);
            node = match self.edges.get(&(node, id)) {
                Some(&n) => n,
                None => {
                    let n = self.terminal.len() as u32;
                    self.terminal.push(None);
                    self.edges.insert((node, id), n);
                    n
                }
            };
        }
        self.terminal[node as usize] = Some(entity);
    }

    /// The entity whose alias is exactly `terms` (no clitics stripped).
    pub fn lookup(&self, terms: &[&str]) -> Option<EntityIdx> {
        let mut node = ROOT;
        for t in terms {
            node = *self.edges.get(&(node, self.term_id(t)?))?;
        }
        self.terminal[node as usize]
    }

    /// The interned id of `term`, if some alias uses it.
    #[inline]
    pub fn term_id(&self, term: &str) -> Option<u32> {
        self.vocab.get(term).copied()
    }

    /// The ids a document's first-of-match term can stand for: itself, or
    /// itself without proclitics (و ف, ب ك ل, ال; لل read as ال). Each id
    /// comes with whether it may only start a multi-word alias.
    fn first_term_ids(&self, term: &str, out: &mut Vec<(u32, bool)>) {
        out.clear();
        if let Some(id) = self.term_id(term) {
            out.push((id, false));
        }
        if !term.starts_with(['و', 'ف', 'ب', 'ك', 'ل', 'ا']) {
            return;
        }
        let letters = term.chars().count();
        if letters < 3 {
            return;
        }
        // A word of its own that only looks clitic-laden (كابل is not ك + ابل,
        // وابل not و + ابل, بديل not ب + ديل): the stem-exclusion list says so.
        // Such a word, or a 3-letter one (وال), is split only when the rest
        // starts a multi-word alias that the next words complete: واتش is
        // "watch", but وإتش تي سي is و + HTC, and وإل جي is و + LG.
        // (Checked only when a split finds an alias: most words find none.)
        let mut protected: Option<bool> = None;
        let mut push = |t: &str, out: &mut Vec<(u32, bool)>| {
            if t.chars().nth(1).is_none() {
                return; // one letter left
            }
            let Some(id) = self.term_id(t) else { return };
            if out.iter().any(|&(x, _)| x == id) {
                return;
            }
            let multi_only = letters < 4
                || *protected.get_or_insert_with(|| {
                    // a stack copy of the letters: this runs for every word
                    // whose split finds an alias
                    let mut buf = ['\0'; 48];
                    let n = letters.min(buf.len());
                    for (slot, c) in buf.iter_mut().zip(term.chars()) {
                        *slot = c;
                    }
                    crate::analysis::stem::is_protected(&buf[..n], &self.lexicon)
                });
            out.push((id, multi_only));
        };
        let mut rest = term;
        if let Some(r) = rest.strip_prefix(['و', 'ف']) {
            push(r, out);
            rest = r;
        }
        if let Some(c @ ('ب' | 'ك' | 'ل')) = rest.chars().next() {
            let r = &rest[c.len_utf8()..];
            if c == 'ل' {
                if let Some(rr) = r.strip_prefix('ل') {
                    // لل → ال (للجزيرة: ل + الجزيرة), spelled in a stack
                    // buffer
                    let mut buf = [0u8; 128];
                    let alef = "ا".as_bytes();
                    if alef.len() + r.len() <= buf.len() {
                        buf[..alef.len()].copy_from_slice(alef);
                        buf[alef.len()..alef.len() + r.len()].copy_from_slice(r.as_bytes());
                        if let Ok(w) = std::str::from_utf8(&buf[..alef.len() + r.len()]) {
                            push(w, out);
                        }
                    }
                    push(rr, out);
                }
            }
            // a lone ك (like) is rare before a name and starts many words
            if c != 'ك' {
                push(r, out);
            }
            rest = r;
        }
        if let Some(r) = rest.strip_prefix("ال") {
            if !r.is_empty() {
                push(r, out);
            }
        }
    }

    /// Finds the non-overlapping longest alias matches in `terms`.
    pub fn find(&self, terms: &[&str]) -> Vec<AliasMatch> {
        let mut out = Vec::new();
        let mut firsts = Vec::new();
        let mut i = 0;
        while i < terms.len() {
            self.first_term_ids(terms[i], &mut firsts);
            let mut best: Option<AliasMatch> = None;
            for &(first, multi_only) in &firsts {
                let Some(&start_node) = self.edges.get(&(ROOT, first)) else {
                    continue;
                };
                let mut node = start_node;
                let mut j = i + 1;
                loop {
                    if let Some(e) = self.terminal[node as usize] {
                        if best.is_none_or(|b| j > b.end) && !(multi_only && j == i + 1) {
                            best = Some(AliasMatch {
                                entity: e,
                                start: i,
                                end: j,
                            });
                        }
                    }
                    let Some(next) = terms.get(j).and_then(|t| self.term_id(t)) else {
                        break;
                    };
                    match self.edges.get(&(node, next)) {
                        Some(&n) => {
                            node = n;
                            j += 1;
                        }
                        None => break,
                    }
                }
            }
            match best {
                Some(m) => {
                    out.push(m);
                    i = m.end;
                }
                None => i += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> (AliasMatcher, Analyzer) {
        let a = Analyzer::builtin(Mode::Exact);
        let mut m = AliasMatcher::new();
        m.insert(&a, "فيسبوك", 0);
        m.insert(&a, "فيس بوك", 0);
        m.insert(&a, "Facebook", 0);
        m.insert(&a, "جوجل", 1);
        m.insert(&a, "الجزيرة", 2);
        m.insert(&a, "جي بي مورغان تشيس", 3);
        m.insert(&a, "جي بي مورغان", 3);
        (m, a)
    }

    fn find(text: &str) -> Vec<(u32, usize, usize)> {
        let (m, a) = matcher();
        let toks = a.analyze_to_vec(text);
        let terms: Vec<&str> = toks.iter().map(|t| t.term.as_str()).collect();
        m.find(&terms)
            .into_iter()
            .map(|x| (x.entity, x.start, x.end))
            .collect()
    }

    #[test]
    fn finds_aliases_glued_to_clitics() {
        assert_eq!(find("لفيسبوك"), [(0, 0, 1)]);
        assert_eq!(find("وبجوجل"), [(1, 0, 1)]);
        assert_eq!(find("والفيس بوك"), [(0, 0, 2)]);
        assert_eq!(find("للجزيرة وبالجزيرة"), [(2, 0, 1), (2, 1, 2)]);
        assert_eq!(find("لـFacebook"), [(0, 0, 1)]);
    }

    #[test]
    fn words_that_only_look_clitic_laden_are_not_split() {
        let a = Analyzer::builtin(Mode::Exact);
        let mut m = AliasMatcher::new();
        m.insert(&a, "ابل", 7);
        let terms = |t: &str| {
            a.analyze_to_vec(t)
                .into_iter()
                .map(|x| x.term)
                .collect::<Vec<_>>()
        };
        for w in ["كابل", "وابل", "بابل", "كآبل"] {
            let t = terms(w);
            let r: Vec<&str> = t.iter().map(|s| s.as_str()).collect();
            assert!(m.find(&r).is_empty(), "{w}");
        }
        let t = terms("لآبل ولآبل");
        let r: Vec<&str> = t.iter().map(|s| s.as_str()).collect();
        assert_eq!(m.find(&r).len(), 2);
    }

    #[test]
    fn protected_or_short_word_splits_only_into_a_multi_word_alias() {
        let a = Analyzer::builtin(Mode::Exact);
        let mut m = AliasMatcher::new();
        m.insert(&a, "إتش تي سي", 1); // HTC
        m.insert(&a, "إل جي", 2); // LG
        m.insert(&a, "ابل", 3);
        let find = |t: &str| {
            let toks = a.analyze_to_vec(t);
            let terms: Vec<&str> = toks.iter().map(|x| x.term.as_str()).collect();
            m.find(&terms).iter().map(|x| x.entity).collect::<Vec<_>>()
        };
        // واتش (watch) is protected, وال is three letters: still و + name
        assert_eq!(find("غالاكسي وإتش تي سي وإل جي"), [1, 2]);
        // but never into a one-word alias
        assert!(find("كابل").is_empty());
        assert!(find("ساعة واتش جديدة").is_empty());
        // short clitic-only words (ولل, فلل, بال, وال) end where they start
        for w in ["ولل", "فلل", "بال", "وال", "لل", "ول", "ولل جي", "فلل تي"]
        {
            let _ = find(w);
        }
    }

    #[test]
    fn longest_match_wins() {
        assert_eq!(find("بنك جي بي مورغان تشيس"), [(3, 1, 5)]);
        assert_eq!(find("جي بي مورغان"), [(3, 0, 3)]);
    }

    #[test]
    fn no_match_for_partial_aliases_or_other_words() {
        assert!(find("فيس وجه بوك").is_empty());
        assert!(find("جزيرة العرب").is_empty()); // الجزيرة needs its article
        assert!(find("جي بي").is_empty());
    }
}
