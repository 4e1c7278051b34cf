//! People the gazetteer does not list, recognized by rule.
//!
//! Most people in a news story are named once — a reporter's byline, an
//! official quoted in one paragraph — and no gazetteer lists them. Arabic
//! news names people in a few fixed ways, which these rules read on the
//! exact-analyzed tokens (so hamza, ة/ه and ى/ي spellings need no variants):
//!
//! - a **given name** followed by a name-like word: `محمد توفيق`,
//!   `داليا أبوالعيش`, `طارق بن جازية`, `عبد الله السبع`
//!   ([`schema/persons/given-names.txt`](../../../schema/persons/given-names.txt));
//!   names that are also common words (`سعيد` "happy", `أمل` "hope") count
//!   only after a title;
//! - a **title** before one or two name-like words: `الفنان أكرم حسني`,
//!   `المخترع البريطاني كولين فورتزي` (one nationality word skipped), `السيد
//!   “جوني شيه”`, `كتب- محمد العمدة` (bylines)
//!   ([`schema/persons/rules.txt`](../../../schema/persons/rules.txt));
//! - a **byline line**: two name-like words opening a line and followed by
//!   a dash, `رغد عشميل – متابعات`.
//!
//! A name-like word is Arabic letters only, not a stop word, not a title or
//! a description (`صاحب`, `مدير`…), not already part of a gazetteer match,
//! and not cut from the name by punctuation. A name holds a given or first
//! name and one more word, or more through particles (`بن`, `أبو`, `آل`,
//! `عبد`, `دي`…). Once a full name is found, the story's later mentions of
//! its last word alone (`وأضاف سلامة`) count as mentions of it too.
//!
//! Recognized people get the id `person/~` followed by their normalized name
//! with `-` between words (`person/~محمد-توفيق`): stable across stories, so
//! they facet and filter like gazetteer entities.
//!
//! ```
//! use fahras::analysis::{Analyzer, Mode, TokenBuf};
//! use fahras::enrich::persons::PersonRules;
//! let rules = PersonRules::builtin();
//! let text = "وعلق الفنان أكرم حسني على الصورة، وقال أكرم إن الكتاب جميل";
//! let mut buf = TokenBuf::new();
//! Analyzer::builtin(Mode::Exact).analyze(text, &mut buf);
//! let taken = vec![false; buf.len()];
//! let people = rules.find(text, &buf, &taken);
//! assert_eq!(people.len(), 1);
//! assert_eq!(people[0].key, "اكرم حسني");
//! assert_eq!(people[0].surface, "أكرم حسني");
//! ```

use rustc_hash::{FxHashMap, FxHashSet};

use crate::analysis::{Analyzer, Mode, TokenBuf};

/// The given-name list shipped in `schema/persons/given-names.txt`.
pub const BUILTIN_GIVEN_NAMES: &str = include_str!("../../schema/persons/given-names.txt");

/// The titles, particles and non-names shipped in `schema/persons/rules.txt`.
pub const BUILTIN_RULES: &str = include_str!("../../schema/persons/rules.txt");

/// Id prefix of recognized people (`person/~محمد-توفيق`).
pub const RECOGNIZED_PREFIX: &str = "person/~";

/// How much a given name proves on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GivenName {
    /// A name and nothing else (`محمد`, `داليا`): starts a name by itself.
    Sure,
    /// Also a common word (`سعيد`, `أمل`): only after a title.
    NeedsTitle,
}

/// The person-name rules and their word lists.
#[derive(Debug, Clone)]
pub struct PersonRules {
    /// Given names, one or two normalized words joined by a space.
    given: FxHashMap<Box<str>, GivenName>,
    /// First words of the two-word given names (`عبد` of `عبد الله`).
    /// (The two-word given names by first word, then second word, so
    /// that a look-up allocates nothing.)
    given_heads: FxHashMap<Box<str>, FxHashMap<Box<str>, GivenName>>,
    /// Titles, one or two normalized words joined by a space.
    titles: FxHashSet<Box<str>>,
    /// First words of the two-word titles (`رجل` of `رجل الاعمال`).
    /// (The second words of the two-word titles, by first word.)
    title_heads: FxHashMap<Box<str>, FxHashSet<Box<str>>>,
    /// One-word titles written with ال, without it (`كاتب`), for `للكاتب`.
    titles_after_al: FxHashSet<Box<str>>,
    /// Every word that may open a title or a given name (one-word entries,
    /// first words, forms without ال): the quick test for each token.
    cues: FxHashSet<Box<str>>,
    particles: FxHashSet<Box<str>>,
    not_names: FxHashSet<Box<str>>,
    /// Nationality words (`المصري`), never taken as a third, family name.
    nationalities: FxHashSet<Box<str>>,
    analyzer: Analyzer,
}

/// One person found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    /// The normalized name, words joined by one space (`اكرم حسني`).
    pub key: String,
    /// The name as first written (`أكرم حسني`).
    pub surface: String,
    /// Index of the first token of the first mention.
    pub first: usize,
    /// Mentions: full name, or its last word alone after the full name.
    pub count: u32,
}

impl PersonName {
    /// The entity id of this person: `person/~` and the key with `-`
    /// between words.
    pub fn id(&self) -> String {
        id_for_key(&self.key)
    }
}

/// The id of a recognized person from a normalized name (`اكرم حسني` →
/// `person/~اكرم-حسني`).
pub fn id_for_key(key: &str) -> String {
    let mut id = String::from(RECOGNIZED_PREFIX);
    for (i, w) in key.split(' ').enumerate() {
        if i > 0 {
            id.push('-');
        }
        id.push_str(w);
    }
    id
}

/// A rule file could not be read: the line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct RulesError {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong and what to do.
    pub message: String,
}

impl PersonRules {
    /// The rules shipped in `schema/persons/`.
    pub fn builtin() -> PersonRules {
        PersonRules::parse(BUILTIN_GIVEN_NAMES, BUILTIN_RULES)
            .expect("the person lists in schema/persons/ are valid (checked by tests)")
    }

    /// Builds the rules from a given-name list (one name per line, ` ?`
    /// after names that are also common words) and a rules file with
    /// `[titles]`, `[particles]` and `[not-names]` sections.
    pub fn parse(given_names: &str, rules: &str) -> Result<PersonRules, RulesError> {
        let analyzer = Analyzer::builtin(Mode::Exact);
        let key = |s: &str| -> String {
            let toks = analyzer.analyze_to_vec(s);
            toks.iter()
                .map(|t| t.term.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut given = FxHashMap::default();
        for (i, line) in given_names.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let (name, kind) = match line.strip_suffix('?') {
                Some(n) => (n.trim(), GivenName::NeedsTitle),
                None => (line, GivenName::Sure),
            };
            let k = key(name);
            let words = k.split(' ').filter(|w| !w.is_empty()).count();
            if !(1..=2).contains(&words) {
                return Err(RulesError {
                    file: "given-names.txt".into(),
                    line: i + 1,
                    message: format!("`{name}`: a given name is one or two words"),
                });
            }
            // a name listed both ways is ambiguous
            let slot = given.entry(k.into_boxed_str()).or_insert(kind);
            if kind == GivenName::NeedsTitle {
                *slot = GivenName::NeedsTitle;
            }
        }
        let mut titles = FxHashSet::default();
        let mut particles = FxHashSet::default();
        let mut not_names = FxHashSet::default();
        let mut nationalities = FxHashSet::default();
        let mut section = "";
        for (i, line) in rules.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if let Some(s) = line.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
                section = match s {
                    "titles" | "particles" | "not-names" | "nationalities" => s,
                    other => {
                        return Err(RulesError {
                            file: "rules.txt".into(),
                            line: i + 1,
                            message: format!(
                            "unknown section [{other}]; use [titles], [particles], [not-names] or [nationalities]"
                        ),
                        })
                    }
                };
                continue;
            }
            let k = key(line).into_boxed_str();
            let set = match section {
                "titles" => &mut titles,
                "particles" => &mut particles,
                "not-names" => &mut not_names,
                "nationalities" => &mut nationalities,
                _ => {
                    return Err(RulesError {
                        file: "rules.txt".into(),
                        line: i + 1,
                        message: "an entry before any section; start with [titles]".into(),
                    })
                }
            };
            if k.is_empty() {
                continue;
            }
            set.insert(k);
        }
        let mut given_heads: FxHashMap<Box<str>, FxHashMap<Box<str>, GivenName>> =
            FxHashMap::default();
        for (k, &kind) in &given {
            if let Some((h, second)) = k.split_once(' ') {
                given_heads
                    .entry(h.into())
                    .or_default()
                    .insert(second.into(), kind);
            }
        }
        let mut title_heads: FxHashMap<Box<str>, FxHashSet<Box<str>>> = FxHashMap::default();
        for k in &titles {
            if let Some((h, second)) = k.split_once(' ') {
                title_heads
                    .entry(h.into())
                    .or_default()
                    .insert(second.into());
            }
        }
        let titles_after_al: FxHashSet<Box<str>> = titles
            .iter()
            .filter(|k| !k.contains(' '))
            .filter_map(|k| k.strip_prefix("ال"))
            .filter(|r| r.chars().count() >= 2)
            .map(Box::<str>::from)
            .collect();
        let cues: FxHashSet<Box<str>> = given
            .keys()
            .chain(titles.iter())
            .map(|k| Box::<str>::from(k.split(' ').next().unwrap_or("")))
            .chain(titles_after_al.iter().cloned())
            .collect();
        Ok(PersonRules {
            cues,
            given,
            given_heads,
            titles,
            title_heads,
            titles_after_al,
            particles,
            not_names,
            nationalities,
            analyzer,
        })
    }

    /// Number of given names known.
    pub fn given_names(&self) -> usize {
        self.given.len()
    }

    /// The people named in `text`, whose exact analysis is `toks`, in order
    /// of first mention. `taken[i]` marks tokens already matched by the
    /// gazetteer: a name never overlaps them.
    pub fn find(&self, text: &str, toks: &TokenBuf, taken: &[bool]) -> Vec<PersonName> {
        let n = toks.len();
        let term = |i: usize| toks.get(i).map_or("", |t| t.term);
        let mut out: Vec<PersonName> = Vec::new();
        let mut covered = vec![false; n];
        let mut i = 0;
        while i < n {
            match self.name_at(text, toks, taken, i) {
                Some((start, end)) => {
                    // a clitic glued to the given name is not part of the
                    // name: `وحمزة صالح` is حمزة صالح (Hamza Saleh)
                    let first = term(start);
                    let given = self
                        .given_form_at(toks, start)
                        .map_or(first, |(_, _, form)| form);
                    let clitic_chars = first.chars().count() - given.chars().count();
                    let key = std::iter::once(given)
                        .chain((start + 1..end).map(term))
                        .collect::<Vec<_>>()
                        .join(" ");
                    let (from, to) = (
                        toks.get(start).map_or(0, |t| {
                            skip_letters(text, t.offset_from, t.offset_to, clitic_chars)
                        }),
                        toks.get(end - 1).map_or(0, |t| t.offset_to),
                    );
                    covered[start..end].iter_mut().for_each(|c| *c = true);
                    // the rest of a lineage the name was cut from (`محمد بن
                    // نايف` | `بن عبدالعزيز ولي العهد`) is not a new name
                    let mut rest = end;
                    while rest + 1 < n
                        && matches!(term(rest), "بن" | "ابن" | "بنت")
                        && gap_is_space(text, toks, rest)
                    {
                        covered[rest..rest + 2].iter_mut().for_each(|c| *c = true);
                        rest += 2;
                    }
                    match out.iter_mut().find(|p| p.key == key) {
                        Some(p) => p.count += 1,
                        None => out.push(PersonName {
                            key,
                            surface: text[from..to].to_string(),
                            first: start,
                            count: 1,
                        }),
                    }
                    i = rest;
                }
                None => i += 1,
            }
        }
        merge_short_forms(&mut out);
        // later mentions of a found name's last word alone
        let mut by_last: FxHashMap<&str, usize> = FxHashMap::default();
        for (k, p) in out.iter().enumerate() {
            let last = p.key.rsplit(' ').next().unwrap_or("");
            if last.chars().count() >= 3 {
                by_last.insert(last, k);
            }
        }
        if !by_last.is_empty() {
            let mut extra = vec![0u32; out.len()];
            for j in 0..n {
                if covered[j] || taken[j] {
                    continue;
                }
                let t = term(j);
                let bare = t.strip_prefix(['و', 'ف', 'ب', 'ل']);
                let hit = by_last.get(t).or_else(|| bare.and_then(|b| by_last.get(b)));
                if let Some(&k) = hit {
                    let p = &out[k];
                    if j >= p.first + p.key.split(' ').count() {
                        extra[k] += 1;
                    }
                }
            }
            for (p, e) in out.iter_mut().zip(extra) {
                p.count += e;
            }
        }
        out
    }

    /// The name starting at token `i` (maybe after a title there), as a
    /// token range.
    fn name_at(
        &self,
        text: &str,
        toks: &TokenBuf,
        taken: &[bool],
        i: usize,
    ) -> Option<(usize, usize)> {
        let n = toks.len();
        let term = |j: usize| toks.get(j).map_or("", |t| t.term);
        if taken[i] {
            return None;
        }
        // most words are neither a title nor a given name: one look-up per
        // form of the word decides, before the rules below look closer (and
        // a word not in Arabic script, whose UTF-8 does not start with a
        // byte D8–DB, is in no list)
        if !matches!(term(i).as_bytes().first(), Some(0xD8..=0xDB)) {
            return None;
        }
        let (forms, after_al) = clitic_forms(term(i));
        let is_cue = |f: &str| self.cues.contains(f);
        let cue = forms.iter().flatten().any(|f| is_cue(f)) || after_al.is_some_and(is_cue);
        if !cue {
            return self.byline_at(text, toks, taken, i);
        }
        // 1. a title, then the name (one nationality word may come between)
        if let Some(tlen) = self.title_at(toks, i) {
            let mut s = i + tlen;
            // after a nationality word the name must open with a given name:
            // in `الدكتور الشمري هدية` the nisba is the name
            let mut after_nisba = false;
            if s + 1 < n && is_nisba(term(s)) && !taken[s] && gap_is_space(text, toks, s) {
                s += 1;
                after_nisba = true;
            }
            // a byline word (كتب, كتبت, بقلم) introduces a name only with a
            // dash or colon after it, or a given name: not in `كتبت مقالا`
            let byline_word = tlen == 1 && matches!(term(i), "كتب" | "كتبت" | "بقلم");
            let marked = gap(text, toks, s).contains([':', '-', '–', '—']);
            if s < n && !taken[s] && gap_is_light(text, toks, s) {
                let first_len = match self.given_at(toks, s) {
                    Some(_) if self.is_preposition_ala(text, toks, s) => 0,
                    Some((_, len)) => len,
                    None if !after_nisba
                        && (!byline_word || marked)
                        && self.is_name_word(term(s))
                        && !looks_like_a_word(term(s)) =>
                    {
                        1
                    }
                    None => 0,
                };
                if first_len > 0 {
                    let end = self.surname_end(text, toks, taken, s + first_len);
                    if end > s + first_len {
                        return Some((s, end));
                    }
                }
            }
            return None;
        }
        // inside a lineage or a longer name (`سلمان بن عبدالعزيز ولي العهد`,
        // `آل سعود`, `دي ماريا`, `أبو عبيدة`, `سان أنتونيو`) no name starts
        if i > 0 && {
            let before = term(i - 1);
            self.particles.contains(before) || matches!(before, "ال" | "ام" | "سان" | "سانت")
        } {
            return None;
        }
        // 2. a given name that is a name and nothing else
        if let Some((GivenName::Sure, len)) = self.given_at(toks, i) {
            if (i..i + len).all(|j| !taken[j]) {
                let end = self.surname_end(text, toks, taken, i + len);
                if end > i + len {
                    return Some((i, end));
                }
            }
        }
        self.byline_at(text, toks, taken, i)
    }

    /// 3. a byline: two name words opening a line, then a dash.
    fn byline_at(
        &self,
        text: &str,
        toks: &TokenBuf,
        taken: &[bool],
        i: usize,
    ) -> Option<(usize, usize)> {
        let n = toks.len();
        let term = |j: usize| toks.get(j).map_or("", |t| t.term);
        if line_starts_at(text, toks, i)
            && i + 2 < n
            && gap_is_space(text, toks, i + 1)
            && gap_has_dash(text, toks, i + 2)
            && !looks_like_a_word(term(i))
            && (i..i + 2).all(|j| !taken[j] && self.is_name_word(term(j)))
        {
            return Some((i, i + 2));
        }
        None
    }

    /// A word after a first name that reads as a verb, not a family name: a
    /// present tense (ي…: `الملك فهد يرجع`, `عباس يتعهد`) unless it is a given
    /// name itself (`محمد يوسف`), or a plural past (…وا: `هادي سقطوا`).
    fn looks_like_a_verb(&self, t: &str) -> bool {
        (t.starts_with('ي') && !self.given.contains_key(t)) || t.ends_with("وا")
    }

    /// Token `j` is written `على` ("on"), which the letter folding ى → ي
    /// makes the name `علي` (Ali): the press writes the name with ي.
    fn is_preposition_ala(&self, text: &str, toks: &TokenBuf, j: usize) -> bool {
        toks.get(j)
            .and_then(|t| text.get(t.offset_from..t.offset_to))
            .is_some_and(|w| w.ends_with("على"))
    }

    /// One past the last token of a name whose first name ends before
    /// `from`: one name word, or particle + word, then at most one more
    /// particle + word (`بن راشد آل مكتوم`).
    fn surname_end(&self, text: &str, toks: &TokenBuf, taken: &[bool], from: usize) -> usize {
        let n = toks.len();
        let term = |j: usize| toks.get(j).map_or("", |t| t.term);
        let ok = |j: usize| j < n && !taken[j] && gap_is_space(text, toks, j);
        let mut end = from;
        for round in 0..2 {
            // a second particle only for the family, آل: `محمد بن راشد آل
            // مكتوم`; `محمد بن نايف بن عبدالعزيز` stops at `محمد بن نايف`,
            // as the press shortens it, so both spellings are one person
            let particle = self.particles.contains(term(end)) && (round == 0 || term(end) == "ال");
            if ok(end) && particle && ok(end + 1) {
                if self.is_name_word(term(end + 1)) {
                    end += 2;
                    continue;
                }
                break;
            }
            if round == 0
                && ok(end)
                && self.is_name_word(term(end))
                && !is_glued_noun(term(end))
                && !self.looks_like_a_verb(term(end))
            {
                end += 1;
                // a family name in the nisba form after the father's name:
                // `سعيد صالح الكناني` (Saeed Saleh al-Kinani)
                if ok(end) && self.is_family_nisba(term(end)) {
                    end += 1;
                    break;
                }
                continue;
            }
            break;
        }
        end
    }

    /// A family name of the nisba form, ال…ي (`الكناني`, `الشمري`), that is
    /// a name word and no nationality (`المصري` "the Egyptian" follows a
    /// name as often as it is one).
    fn is_family_nisba(&self, t: &str) -> bool {
        t.starts_with("ال")
            && t.ends_with('ي')
            && t.chars().count() >= 5
            && self.is_name_word(t)
            && !self.nationalities.contains(t)
    }

    /// A title of one or two words at `i` (a leading و ف ب ل allowed, and
    /// لل for ال: `للكاتب`).
    fn title_at(&self, toks: &TokenBuf, i: usize) -> Option<usize> {
        let first = toks.get(i)?.term;
        let (forms, after_al) = clitic_forms(first);
        for head in forms.into_iter().flatten() {
            if let Some(seconds) = self.title_heads.get(head) {
                if toks.get(i + 1).is_some_and(|t| seconds.contains(t.term)) {
                    return Some(2);
                }
            }
            if self.titles.contains(head) {
                return Some(1);
            }
        }
        after_al
            .filter(|rest| self.titles_after_al.contains(*rest))
            .map(|_| 1)
    }

    /// A given name of one or two words at `i` (a leading و ف ب ل allowed).
    fn given_at(&self, toks: &TokenBuf, i: usize) -> Option<(GivenName, usize)> {
        self.given_form_at(toks, i).map(|(k, len, _)| (k, len))
    }

    /// [`Self::given_at`], with the first word's form that is the given name
    /// (`حمزه` of `وحمزه`).
    fn given_form_at<'t>(
        &self,
        toks: &'t TokenBuf,
        i: usize,
    ) -> Option<(GivenName, usize, &'t str)> {
        let first = toks.get(i)?.term;
        let (forms, _) = clitic_forms(first);
        for head in forms.into_iter().flatten() {
            if let Some(seconds) = self.given_heads.get(head) {
                if let Some(&k) = toks.get(i + 1).and_then(|t| seconds.get(t.term)) {
                    return Some((k, 2, head));
                }
            }
            if let Some(&k) = self.given.get(head) {
                return Some((k, 1, head));
            }
        }
        None
    }

    /// Arabic letters only, two or more, and not a stop word, title,
    /// particle or description.
    fn is_name_word(&self, t: &str) -> bool {
        t.chars().count() >= 2
            && t.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c))
            && !self.titles.contains(t)
            && !self.particles.contains(t)
            && !self.not_names.contains(t)
            && !self.is_stop(t)
    }

    fn is_stop(&self, t: &str) -> bool {
        // no stop word is longer than 32 letters: a stack buffer, no Vec
        let mut buf = ['\0'; 32];
        let mut n = 0;
        for c in t.chars() {
            if n == buf.len() {
                return false;
            }
            buf[n] = c;
            n += 1;
        }
        self.analyzer.lexicon().stopwords.contains(&buf[..n])
    }
}

/// The forms of `t` to look up, without allocating: `t`, `t` without a
/// leading و or ف, and that without a leading ب or ل — each only when three
/// letters or more are left (`د`, the doctor's abbreviation, is kept). The
/// second value is what follows a leading `لل` (ل + ال: `للكاتب` → `كاتب`),
/// to look up among the entries written with ال.
pub(super) fn clitic_forms(t: &str) -> ([Option<&str>; 3], Option<&str>) {
    // three Arabic letters are six bytes in UTF-8 (every list entry is Arabic)
    fn keep(f: &str) -> Option<&str> {
        (f.len() >= 6 || f == "د").then_some(f)
    }
    let bare = t.strip_prefix(['و', 'ف']).unwrap_or(t);
    let mut forms = [keep(t), None, None];
    if bare.len() != t.len() {
        forms[1] = keep(bare);
    }
    let after_al = bare.strip_prefix("لل").filter(|r| r.len() >= 4);
    if after_al.is_none() {
        if let Some(rest) = bare.strip_prefix(['ب', 'ل']) {
            forms[2] = keep(rest);
        }
    }
    (forms, after_al)
}

/// Folds a name written without the father's name into the full name of
/// the same story: `حمزة الراوي` is `حمزة صالح الراوي` (same first and last
/// word, fewer words). Its mentions count for the full name.
fn merge_short_forms(people: &mut Vec<PersonName>) {
    fn ends(k: &str) -> (&str, &str, usize) {
        let first = k.split(' ').next().unwrap_or("");
        let last = k.rsplit(' ').next().unwrap_or("");
        (first, last, k.split(' ').count())
    }
    let mut k = 0;
    while k < people.len() {
        let (first, last, words) = ends(&people[k].key);
        let longer = people.iter().position(|p| {
            let (f, l, w) = ends(&p.key);
            w > words && f == first && l == last
        });
        match longer {
            Some(j) => {
                let short = people.remove(k);
                let j = if j > k { j - 1 } else { j };
                let full = &mut people[j];
                full.count += short.count;
                if short.first < full.first {
                    full.first = short.first;
                }
            }
            None => k += 1,
        }
    }
}

/// The byte offset in `text[from..to]` after its first `letters` letters,
/// marks (diacritics, tatweel) after them skipped too: where a name starts
/// behind the clitic `و` of `وحمزة`.
fn skip_letters(text: &str, from: usize, to: usize, letters: usize) -> usize {
    if letters == 0 {
        return from;
    }
    let word = text.get(from..to).unwrap_or("");
    let mut seen = 0;
    for (at, c) in word.char_indices() {
        let mark = crate::analysis::normalize::is_dropped(c);
        if seen == letters && !mark {
            return from + at;
        }
        if !mark {
            seen += 1;
        }
    }
    to
}

/// A word a title is followed by that is not a name even when unknown: one
/// with the article ال (`الخبير التكنولوجي`), opening like a conjunction or
/// a present or future verb, و… / ي… / سي… (`وهو يرتدي`, `سيتواجد`), or a
/// preposition glued on, ل… / ب… (`النائب الثاني لرئيس مجلس`, `الإعلامي
/// بشرطة منطقة`). Given names that start so (`وليد`, `يوسف`, `بدر`, `لؤي`)
/// are in the list and never get here.
fn looks_like_a_word(t: &str) -> bool {
    t.starts_with("ال") || t.starts_with(['و', 'ي', 'ل', 'ب']) || t.starts_with("سي")
}

/// A word after a first name that cannot be a family name: one opening with
/// the conjunction و (`أحمد وتطلبها`, `توماس وغيره`: names are listed "A
/// وB", so و starts the next one), the article with a clitic before it
/// (`بالحرس`: "in the guard"), or a plural with the article (`الميليشيات`).
fn is_glued_noun(t: &str) -> bool {
    ["و", "بال", "فال", "كال", "لل"]
        .iter()
        .any(|p| t.starts_with(p))
        || (t.starts_with("ال") && t.ends_with("ات"))
}

/// A nationality or origin word (nisba): ال…ي or ال…يه, `البريطاني`,
/// `الأمريكية`.
pub(super) fn is_nisba(t: &str) -> bool {
    t.starts_with("ال") && (t.ends_with('ي') || t.ends_with("يه")) && t.chars().count() >= 5
}

/// The text between token `j - 1` and token `j` (from the start for 0).
pub(super) fn gap<'t>(text: &'t str, toks: &TokenBuf, j: usize) -> &'t str {
    let from = if j == 0 {
        0
    } else {
        toks.get(j - 1).map_or(0, |t| t.offset_to)
    };
    let to = toks.get(j).map_or(text.len(), |t| t.offset_from);
    text.get(from..to.max(from)).unwrap_or("")
}

/// Only spaces (no line break, no punctuation) before token `j`.
pub(super) fn gap_is_space(text: &str, toks: &TokenBuf, j: usize) -> bool {
    gap(text, toks, j)
        .chars()
        .all(|c| c == ' ' || c == '\u{a0}' || c == '\t')
}

/// Spaces, quotes, a dash or a colon before token `j`: what may come between
/// a title and a name (`السيد “جوني شيه”`, `كتب- محمد`).
pub(super) fn gap_is_light(text: &str, toks: &TokenBuf, j: usize) -> bool {
    gap(text, toks, j).chars().all(|c| {
        c.is_whitespace() && c != '\n'
            || matches!(c, '"' | '“' | '”' | '«' | '»' | '-' | '–' | '—' | ':')
    })
}

/// Token `i` opens a line (or the text).
fn line_starts_at(text: &str, toks: &TokenBuf, i: usize) -> bool {
    i == 0 || gap(text, toks, i).contains('\n')
}

/// A dash with spaces around it, on the same line, before token `j`.
fn gap_has_dash(text: &str, toks: &TokenBuf, j: usize) -> bool {
    let g = gap(text, toks, j);
    !g.contains('\n') && (g.contains(" – ") || g.contains(" - ") || g.contains(" — "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The people of `text`, whose tokens `taken(i)` says the gazetteer has.
    fn find_with(text: &str, taken: impl Fn(usize) -> bool) -> Vec<PersonName> {
        let mut buf = TokenBuf::new();
        Analyzer::builtin(Mode::Exact).analyze(text, &mut buf);
        let taken: Vec<bool> = (0..buf.len()).map(taken).collect();
        PersonRules::builtin().find(text, &buf, &taken)
    }

    fn people(text: &str) -> Vec<String> {
        find_with(text, |_| false)
            .into_iter()
            .map(|p| p.surface)
            .collect()
    }

    #[test]
    fn the_builtin_lists_parse() {
        assert!(PersonRules::builtin().given_names() > 300);
    }

    #[test]
    fn a_given_name_and_the_next_word_are_a_person() {
        // محمد (Muhammad) is a name and nothing else
        assert_eq!(people("وأوضح محمد سالم صاحب مركز الألعاب"), ["محمد سالم"]);
    }

    #[test]
    fn a_particle_carries_the_name_on() {
        // بن (son of) joins طارق to جازية
        assert_eq!(people("أفاد طارق بن جازية، مدير المعهد"), ["طارق بن جازية"]);
    }

    #[test]
    fn a_title_introduces_a_name_that_is_not_in_the_list() {
        // الفنان (the artist), المهندس (the engineer)
        assert_eq!(people("نشر الفنان أكرم حسني صورة"), ["أكرم حسني"]);
        assert_eq!(people("برئاسة المهندس محمد خليف عضو"), ["محمد خليف"]);
    }

    #[test]
    fn one_nationality_word_may_stand_between_title_and_name() {
        // البريطاني (the British)
        assert_eq!(
            people("ابتكر المخترع البريطاني كولين فورتزي طريقة"),
            ["كولين فورتزي"]
        );
    }

    #[test]
    fn quotes_and_a_byline_dash_may_follow_a_title() {
        assert_eq!(people("أكد السيد “جوني شيه” أن"), ["جوني شيه"]);
        assert_eq!(people("كتب- أحمد مسعد: تداول رواد"), ["أحمد مسعد"]);
    }

    #[test]
    fn a_line_opening_with_two_words_and_a_dash_is_a_byline() {
        assert_eq!(people("رغد عشميل – متابعات\nأطلق تطبيق"), ["رغد عشميل"]);
        // mid-sentence, a dash is not a byline
        assert!(people("قالت الشركة إن الخدمة – وهي جديدة").is_empty());
    }

    #[test]
    fn a_verb_after_a_name_ends_it() {
        // يرجع "returns" reads as a verb; يوسف is a given name, a father's
        assert!(people("جسر الملك فهد يرجع إلى عطل").is_empty());
        assert_eq!(people("قال محمد يوسف إن"), ["محمد يوسف"]);
    }

    #[test]
    fn a_byline_word_needs_a_dash_or_colon_before_an_unknown_name() {
        // كتبت مقالا: "she wrote an article"
        assert!(people("قبل سنوات كتبت مقالا انتقدت فيه").is_empty());
        assert_eq!(people("كتبت – إيناس الجبالي: أعلنت"), ["إيناس الجبالي"]);
    }

    #[test]
    fn a_foundation_is_not_its_founder() {
        // مؤسسة (foundation) folds to مؤسسه (its founder): no title
        assert!(people("جائزة مؤسسة سوكارنو التعليمية").is_empty());
    }

    #[test]
    fn a_name_that_is_also_a_word_needs_a_title() {
        // سعيد is "happy" as often as it is a name
        assert!(people("كان الطفل سعيد جدا").is_empty());
        assert_eq!(people("قال الدكتور سعيد حمدان"), ["سعيد حمدان"]);
    }

    #[test]
    fn punctuation_and_descriptions_end_a_name() {
        assert!(people("التقى محمد. وبعدها").is_empty());
        // مدير (director) describes, it does not name
        assert!(people("قال محمد مدير الشركة").is_empty());
    }

    #[test]
    fn the_last_name_alone_counts_as_a_later_mention() {
        let text = "قال الدكتور أحمد سلامة إن الظاهرة غير مؤذية. وأضاف سلامة أن";
        let found = find_with(text, |_| false);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].count, 2);
        assert_eq!(found[0].id(), "person/~احمد-سلامه");
    }

    #[test]
    fn a_clitic_before_the_given_name_is_not_part_of_the_name() {
        // وحمزة صالح: "and Hamza Saleh"
        let found = find_with("أسس سعيد صالح الكناني وحمزة صالح الراوي تطبيقا", |_| false);
        let last = found.last().expect("a person");
        assert_eq!(last.surface, "حمزة صالح الراوي");
        assert_eq!(last.id(), "person/~حمزه-صالح-الراوي");
    }

    #[test]
    fn a_family_name_in_nisba_form_completes_a_three_word_name() {
        // الراوي (al-Rawi) after حمزة صالح; المصري "the Egyptian" does not
        assert_eq!(people("أسس حمزة صالح الراوي تطبيقا"), ["حمزة صالح الراوي"]);
        assert_eq!(people("قال محمد صالح المصري إن"), ["محمد صالح"]);
    }

    #[test]
    fn a_name_without_the_fathers_name_is_the_full_name_of_the_story() {
        let text = "أسس حمزة صالح الراوي تطبيقا. وقال حمزة الراوي إن التطبيق مجاني";
        let found = find_with(text, |_| false);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].surface, "حمزة صالح الراوي");
        assert_eq!(found[0].count, 2);
    }

    #[test]
    fn no_name_starts_inside_a_longer_name() {
        // دي ماريا (Di María), سان أنتونيو (San Antonio): ماريا and أنطونيو
        // are given names, but not here
        assert!(people("سجل أنخيل دي ماريا هدفا")
            .iter()
            .all(|p| !p.starts_with("ماريا")));
        assert!(people("فريق سان أنطونيو سبيرز").is_empty());
    }

    #[test]
    fn gazetteer_matches_are_never_part_of_a_name() {
        // جوجل (Google), the third token, is the gazetteer's
        assert!(find_with("قال محمد جوجل", |i| i == 2).is_empty());
    }
}
