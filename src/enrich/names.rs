//! Typed names: unknown names that a cue word before them gives a type.
//!
//! The gazetteer cannot list every startup, app and gadget a story names.
//! But Arabic tech news usually says what a new name is, right before it:
//! `شركة Stower` (a company), `تطبيق SalientEye` (an app), `ساعة Neptune
//! Pine` (a device), `صحيفة «الرؤية»` (a paper). A name-like span — a
//! capitalized Latin run or a short quoted phrase, the same spans
//! [`candidates`](super::candidates) collects — whose cue word (from
//! `schema/names/cues.txt`) comes right before it, is recognized as an entity
//! of the cue's type, with the id `<prefix>/~<name>` (`org/~stower`,
//! `platform/~salienteye`). Once typed, every other mention of the same name
//! in the story counts too.
//!
//! A few words may stand between the cue and the name: one nationality word
//! (`الشركة الأمريكية Stower`) and the words of `[between]` (`شركة تحمل اسم
//! Stower`, `المنصة الجديدة «صحتي»`). Only spaces and quotation marks may
//! separate them: a comma or a full stop ends the cue.
//!
//! ```
//! use fahras::analysis::{Analyzer, Mode, TokenBuf};
//! use fahras::enrich::names::NameCues;
//!
//! let cues = NameCues::builtin();
//! let text = "أطلقت شركة Stower تطبيق «صحتي» الجديد. وقالت Stower إن";
//! let mut toks = TokenBuf::new();
//! Analyzer::builtin(Mode::Exact).analyze(text, &mut toks);
//! let names = cues.find(text, &toks, &vec![false; toks.len()]);
//! let typed: Vec<(Option<&str>, String)> = names.iter().map(|n| (n.kind, n.key(&toks))).collect();
//! assert_eq!(typed, [
//!     (Some("org"), "stower".to_string()),
//!     (Some("platform"), "صحتي".to_string()),
//!     (None, "stower".to_string()),
//! ]);
//! assert_eq!(fahras::enrich::names::id_for("org", "acme robotics"), "org/~acme-robotics");
//! ```

use rustc_hash::{FxHashMap, FxHashSet};

use super::candidates::{is_stop, name_spans, MAX_WORDS};
use super::persons::{clitic_forms, gap, gap_is_light, is_nisba, RulesError};
use crate::analysis::{Analyzer, Mode, TokenBuf};

/// The cue lists shipped in `schema/names/cues.txt`.
pub const BUILTIN_CUES: &str = include_str!("../../schema/names/cues.txt");

/// Id prefixes of the types a cue can give, by section of the cue file.
const KINDS: [(&str, &str); 4] = [
    ("organization", "org"),
    ("platform", "platform"),
    ("product", "product"),
    ("media", "media"),
];

/// How many `[between]` or nationality words may stand between a cue and
/// its name.
const MAX_BETWEEN: usize = 3;

/// Cue words and the type each gives.
#[derive(Debug, Clone)]
pub struct NameCues {
    /// Normalized cue (one or two words joined by a space) → id prefix.
    cues: FxHashMap<Box<str>, &'static str>,
    /// Cues marked `!`: not after ب or ل (بتطبيق, "by applying").
    not_after_bl: FxHashSet<Box<str>>,
    /// Feminine verbs that make a service's company the actor (`[company-verbs]`).
    company_verbs: FxHashSet<Box<str>>,
    between: FxHashSet<Box<str>>,
}

/// One name-like span of a text: where it is, and the type its cue gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameMention {
    /// The id prefix a cue right before this mention gives (`org`,
    /// `platform`, `product`, `media`), or `None` without a cue.
    pub kind: Option<&'static str>,
    /// Its tokens, `start..end`, in the text's exact analysis.
    pub tokens: (usize, usize),
    /// Its bytes in the text.
    pub bytes: (usize, usize),
}

impl NameMention {
    /// The normalized name, words joined by one space (`neptune pine`), from
    /// the exact analysis `toks` the mention was found in.
    pub fn key(&self, toks: &TokenBuf) -> String {
        let mut key = String::new();
        for j in self.tokens.0..self.tokens.1 {
            if j > self.tokens.0 {
                key.push(' ');
            }
            key.push_str(toks.get(j).map_or("", |t| t.term));
        }
        key
    }

    /// The name as written (`Neptune Pine`) in `text`.
    pub fn surface<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.bytes.0..self.bytes.1).unwrap_or("")
    }
}

/// The id of a typed name: `org` and `acme robotics` → `org/~acme-robotics`
/// (a `/` inside the name becomes `-` too, so the id stays two levels deep).
pub fn id_for(prefix: &str, key: &str) -> String {
    let mut id = String::with_capacity(prefix.len() + 2 + key.len());
    id.push_str(prefix);
    id.push_str("/~");
    id.extend(
        key.chars()
            .map(|c| if c == ' ' || c == '/' { '-' } else { c }),
    );
    id
}

/// True for the id of an entity recognized by rule rather than listed in the
/// gazetteer: a typed name or a recognized person (`org/~stower`,
/// `person/~اكرم-حسني`).
pub fn is_recognized_id(id: &str) -> bool {
    id.split_once('/')
        .is_some_and(|(_, rest)| rest.starts_with('~'))
}

/// The name-like spans of `text` (whose exact analysis is `toks`), untyped,
/// in order: quoted short phrases and capitalized Latin runs of at most
/// [`MAX_WORDS`] tokens and three letters or more (see
/// [`candidates`](super::candidates)). Spans that touch a token marked in
/// `taken` (matched by the gazetteer) are left out.
pub fn name_mentions(text: &str, toks: &TokenBuf, taken: &[bool]) -> Vec<NameMention> {
    let spans = name_spans(text);
    let mut out = Vec::new();
    if spans.is_empty() {
        return out;
    }
    let n = toks.len();
    let base = text.as_ptr() as usize;
    for span in spans {
        let from = span.as_ptr() as usize - base;
        let to = from + span.len();
        // the tokens inside the span: the first one ending after its start
        // (tokens are in text order), and those starting before its end
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if toks.get(mid).is_some_and(|t| t.offset_to > from) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        let first = lo;
        let mut last = first;
        while last < n && toks.get(last).is_some_and(|t| t.offset_from < to) {
            last += 1;
        }
        if last == first
            || last - first > MAX_WORDS
            || taken.get(first..last).is_none_or(|t| t.iter().any(|&x| x))
        {
            continue;
        }
        // a name has three letters or more (`HP`, `كي` are not)
        let letters: usize = (first..last)
            .map(|j| toks.get(j).map_or(0, |t| t.term.chars().count()))
            .sum();
        if letters < 3 {
            continue;
        }
        out.push(NameMention {
            kind: None,
            tokens: (first, last),
            bytes: (from, to),
        });
    }
    out
}

impl NameCues {
    /// The cues shipped in `schema/names/cues.txt`.
    pub fn builtin() -> NameCues {
        NameCues::parse(BUILTIN_CUES).expect("schema/names/cues.txt is valid (checked by tests)")
    }

    /// Reads a cue file: sections `[organization]`, `[platform]`,
    /// `[product]`, `[media]` of cues (one or two words a line) and
    /// `[between]` of words that may come between a cue and its name.
    pub fn parse(text: &str) -> Result<NameCues, RulesError> {
        let analyzer = Analyzer::builtin(Mode::Exact);
        let err = |line: usize, message: String| RulesError {
            file: "cues.txt".into(),
            line,
            message,
        };
        let mut cues = FxHashMap::default();
        let mut between = FxHashSet::default();
        let mut not_after_bl = FxHashSet::default();
        let mut company_verbs = FxHashSet::default();
        // None: before any section; Some(Some(prefix)): a type's cues;
        // Some(None): [between] or [company-verbs] (`verbs`)
        let mut section: Option<Option<&'static str>> = None;
        let mut verbs = false;
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if let Some(s) = line.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
                verbs = s == "company-verbs";
                section = match (s, KINDS.iter().find(|(name, _)| *name == s)) {
                    (_, Some(&(_, prefix))) => Some(Some(prefix)),
                    ("between" | "company-verbs", None) => Some(None),
                    (other, None) => {
                        return Err(err(
                            i + 1,
                            format!("unknown section [{other}]; use [organization], [platform], [product], [media], [between] or [company-verbs]"),
                        ))
                    }
                };
                continue;
            }
            let (line, strict) = match line.strip_suffix('!') {
                Some(l) => (l.trim_end(), true),
                None => (line, false),
            };
            let words: Vec<String> = analyzer
                .analyze_to_vec(line)
                .into_iter()
                .map(|t| t.term)
                .collect();
            if !(1..=2).contains(&words.len()) {
                return Err(err(i + 1, format!("`{line}`: a cue is one or two words")));
            }
            let key = words.join(" ").into_boxed_str();
            if strict {
                not_after_bl.insert(key.clone());
            }
            match section {
                Some(Some(prefix)) => {
                    cues.insert(key, prefix);
                }
                Some(None) if verbs => {
                    company_verbs.insert(key);
                }
                Some(None) => {
                    between.insert(key);
                }
                None => {
                    return Err(err(
                        i + 1,
                        "an entry before any section; start with [organization]".into(),
                    ))
                }
            }
        }
        Ok(NameCues {
            cues,
            not_after_bl,
            company_verbs,
            between,
        })
    }

    /// True for a feminine verb of a company acting (`قالت`, `وأعلنت`,
    /// `تطلق`; section `[company-verbs]`), with or without a leading و or ف.
    pub fn is_company_verb(&self, term: &str) -> bool {
        self.company_verbs.contains(term)
            || term
                .strip_prefix(['و', 'ف'])
                .is_some_and(|t| self.company_verbs.contains(t))
    }

    /// Number of cues.
    pub fn len(&self) -> usize {
        self.cues.len()
    }

    /// True when there is no cue.
    pub fn is_empty(&self) -> bool {
        self.cues.is_empty()
    }

    /// The name-like spans of `text` (whose exact analysis is `toks`), in
    /// order, each typed by the cue before it when there is one (see
    /// [`name_mentions`]). A span that holds only digits and stop words, or
    /// describes (a quoted phrase with a function word, one adjective), is
    /// not typed.
    pub fn find(&self, text: &str, toks: &TokenBuf, taken: &[bool]) -> Vec<NameMention> {
        let mut out = name_mentions(text, toks, taken);
        let term = |j: usize| toks.get(j).map_or("", |t| t.term);
        let mut scratch = TokenBuf::new();
        for m in &mut out {
            let (first, last) = m.tokens;
            let Some(kind) = self.cue_before(text, toks, first) else {
                continue;
            };
            // one stop-word test per word gives both: only fillers (digits,
            // stop words), or a description — a quoted phrase with an Arabic
            // function word in it (الهاتف "الأقوى في العالم"), or one
            // adjective, a word ending in ية without ال (منظمة «إرهابية»)
            let mut only_fillers = true;
            let mut described = last - first == 1 && is_adjective(term(first));
            for t in (first..last).map(term) {
                let stop = is_stop(t, &mut scratch);
                only_fillers &= stop || t.chars().all(char::is_numeric);
                described |= stop && !t.is_ascii();
            }
            if !(only_fillers || described) {
                m.kind = Some(kind);
            }
        }
        out
    }

    /// The type the cue before token `i` gives: the cue right before it, or
    /// before up to [`MAX_BETWEEN`] `[between]` or nationality words, with
    /// only spaces and quotation marks in the gaps.
    fn cue_before(&self, text: &str, toks: &TokenBuf, i: usize) -> Option<&'static str> {
        let term = |j: usize| toks.get(j).map_or("", |t| t.term);
        let mut j = i;
        for step in 0..=MAX_BETWEEN {
            // before the name, spaces and its opening quote; a closing «»
            // quote means the cue ended a quotation (`«حماية الجهاز» Device
            // Guard`: الجهاز belongs to the Arabic name)
            if j == 0 || !gap_is_light(text, toks, j) || gap(text, toks, j).contains('»') {
                return None;
            }
            let prev = term(j - 1);
            // a two-word cue (محرك البحث), then a one-word one
            if j >= 2 && gap_is_light(text, toks, j - 1) {
                let two = format!("{} {}", term(j - 2), prev);
                if let Some(&kind) = self.cues.get(two.as_str()) {
                    return Some(kind);
                }
            }
            if let Some(kind) = self.cue_word(prev) {
                return Some(kind);
            }
            let nationality = is_nisba(prev) && step == 0;
            if !(nationality || self.between.contains(prev)) {
                return None;
            }
            j -= 1;
        }
        None
    }

    /// The type a one-word cue gives, with or without a leading و ف ب ل
    /// (وتطبيق, لشركة).
    fn cue_word(&self, t: &str) -> Option<&'static str> {
        if let Some(&kind) = self.cues.get(t) {
            return Some(kind);
        }
        let (forms, after_al) = clitic_forms(t);
        // forms[2] is the word without ب or ل
        forms
            .iter()
            .enumerate()
            .filter_map(|(k, f)| f.filter(|f| k < 2 || !self.not_after_bl.contains(*f)))
            .chain(after_al)
            .find_map(|f| self.cues.get(f).copied())
            .or_else(|| {
                // للشركة → الشركة
                after_al.and_then(|r| self.cues.get(format!("ال{r}").as_str()).copied())
            })
    }
}

/// An indefinite feminine adjective: a word ending in ية (folded يه)
/// without the article ال (`ارهابيه`, `سعوديه`), five letters or more.
fn is_adjective(t: &str) -> bool {
    !t.starts_with("ال") && t.ends_with("يه") && t.chars().count() >= 5
}

/// A name typed in a story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TypedName {
    /// Id prefix (`org`).
    pub kind: &'static str,
    /// Normalized name (`neptune pine`).
    pub key: String,
    /// As first written (`Neptune Pine`).
    pub surface: String,
    /// Token index of the first mention, counting the title's tokens first.
    pub first: usize,
    /// Mentions, typed or not.
    pub count: u32,
    /// Whether the title mentions it.
    pub in_title: bool,
}

/// The typed names of a story from the name mentions of its title and body
/// (each with its text, exact analysis and how many tokens come before it):
/// a name typed anywhere in the story counts all its mentions, typed or not.
pub(crate) fn typed_names(fields: [(&[NameMention], &str, &TokenBuf, usize); 2]) -> Vec<TypedName> {
    let mut out: Vec<TypedName> = Vec::new();
    for (mentions, text, toks, offset) in fields {
        for m in mentions {
            let Some(kind) = m.kind else { continue };
            let key = m.key(toks);
            if !out.iter().any(|o| o.key == key) {
                out.push(TypedName {
                    kind,
                    key,
                    surface: m.surface(text).to_string(),
                    first: offset + m.tokens.0,
                    count: 0,
                    in_title: false,
                });
            }
        }
    }
    if out.is_empty() {
        return out;
    }
    for (k, (mentions, _, toks, offset)) in fields.into_iter().enumerate() {
        for m in mentions {
            let key = m.key(toks);
            if let Some(o) = out.iter_mut().find(|o| o.key == key) {
                o.count += 1;
                o.first = o.first.min(offset + m.tokens.0);
                o.in_title |= k == 0;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<(Option<&'static str>, String)> {
        let mut toks = TokenBuf::new();
        Analyzer::builtin(Mode::Exact).analyze(text, &mut toks);
        NameCues::builtin()
            .find(text, &toks, &vec![false; toks.len()])
            .into_iter()
            .map(|m| (m.kind, m.key(&toks)))
            .collect()
    }

    fn typed(text: &str) -> Vec<(&'static str, String)> {
        find(text)
            .into_iter()
            .filter_map(|(k, key)| k.map(|k| (k, key)))
            .collect()
    }

    #[test]
    fn builtin_cues_parse() {
        assert!(NameCues::builtin().len() > 50);
    }

    #[test]
    fn company_cue_with_clitic_types_a_latin_name() {
        // لشركة: ل + شركة (ة folded to ه)
        assert_eq!(
            typed("استحوذت جوجل على حصة لشركة Stower الناشئة"),
            [("org", "stower".to_string())]
        );
    }

    #[test]
    fn app_cue_types_a_quoted_arabic_name() {
        assert_eq!(
            typed("أطلقت الوزارة تطبيق «صحتي» للمواطنين"),
            [("platform", "صحتي".to_string())]
        );
    }

    #[test]
    fn device_cue_types_a_two_word_latin_name() {
        // ساعة Neptune Pine: a smartwatch
        assert_eq!(
            typed("وتعمل ساعة Neptune Pine بنظام أندرويد"),
            [("product", "neptune pine".to_string())]
        );
    }

    #[test]
    fn two_word_cue_and_between_words() {
        // محرك البحث, and شركة … تحمل اسم
        assert_eq!(
            typed("محرك البحث Qwant وشركة تحمل اسم Stower"),
            [
                ("platform", "qwant".to_string()),
                ("org", "stower".to_string())
            ]
        );
        // one nationality word: الشركة الأمريكية
        assert_eq!(
            typed("قالت الشركة الأمريكية Stower إن"),
            [("org", "stower".to_string())]
        );
    }

    #[test]
    fn quoted_description_is_not_a_name() {
        // الهاتف "الأقوى في العالم" ("the strongest in the world"): في is a
        // function word, so the quote describes the phone
        assert!(typed("الهاتف \"الأقوى في العالم\" متاح").is_empty());
    }

    #[test]
    fn quoted_adjective_is_not_a_name() {
        // منظمة «إرهابية»: "a terrorist organization"
        assert!(typed("صنفتها منظمة «إرهابية» أمس").is_empty());
        assert_eq!(
            typed("منظمة «كافي» الحقوقية"),
            [("org", "كافي".to_string())]
        );
    }

    #[test]
    fn applying_a_programme_is_not_an_app() {
        // بتطبيق "حماية الأجور": "by applying the wage protection programme"
        assert!(typed("التزام الوزارة بتطبيق “حماية الأجور” على").is_empty());
        assert_eq!(
            typed("وتطبيق «صحتي» متاح"),
            [("platform", "صحتي".to_string())]
        );
    }

    #[test]
    fn tv_cue_names_a_station() {
        assert_eq!(
            typed("أورد تلفزيون \"العربية\" خبرا"),
            [("media", "العربيه".to_string())]
        );
    }

    #[test]
    fn cue_inside_a_closed_quotation_does_not_type_what_follows() {
        // «حماية الجهاز» Device Guard: الجهاز is part of the Arabic name
        assert!(typed("ميزة «حماية الجهاز» Device Guard التي").is_empty());
    }

    #[test]
    fn punctuation_between_cue_and_name_ends_the_cue() {
        // "… مع شركة. Stower …": the name opens a new sentence
        assert_eq!(
            find("تعاقدت مع شركة. Stower تقول"),
            [(None, "stower".into())]
        );
        assert!(typed("تطبيق، Pinterest").is_empty());
    }

    #[test]
    fn technology_words_are_not_cues_and_acronyms_are_not_names() {
        // تقنية and نظام introduce standards, not names
        assert!(typed("تدعم تقنية Bluetooth ونظام Linux").is_empty());
        // SMS, GPS: fillers, never names
        assert!(typed("خدمة SMS وجهاز GPS").is_empty());
    }

    #[test]
    fn name_matched_by_the_gazetteer_is_skipped() {
        let text = "تطبيق Foo";
        let mut toks = TokenBuf::new();
        Analyzer::builtin(Mode::Exact).analyze(text, &mut toks);
        let taken = vec![false, true];
        assert!(NameCues::builtin().find(text, &toks, &taken).is_empty());
    }

    #[test]
    fn a_typed_name_counts_its_untyped_mentions() {
        let text = "أطلقت شركة Stower منتجا. وقالت Stower إن";
        let mut toks = TokenBuf::new();
        Analyzer::builtin(Mode::Exact).analyze(text, &mut toks);
        let m = NameCues::builtin().find(text, &toks, &vec![false; toks.len()]);
        let none = TokenBuf::new();
        let t = typed_names([(&[], "", &none, 0), (&m, text, &toks, 0)]);
        assert_eq!(t.len(), 1);
        assert_eq!(
            (t[0].kind, t[0].key.as_str(), t[0].count),
            ("org", "stower", 2)
        );
        assert_eq!((t[0].surface.as_str(), t[0].in_title), ("Stower", false));
    }

    #[test]
    fn ids_keep_two_levels() {
        assert_eq!(id_for("product", "ac/dc x"), "product/~ac-dc-x");
        assert!(is_recognized_id("org/~stower"));
        assert!(is_recognized_id("person/~اكرم-حسني"));
        assert!(!is_recognized_id("org/meta"));
    }

    #[test]
    fn company_verbs_are_read_with_a_conjunction() {
        let c = NameCues::builtin();
        // وقالت: و + قالت; أطلقت folds to اطلقت
        assert!(c.is_company_verb("وقالت") && c.is_company_verb("اطلقت"));
        assert!(c.is_company_verb("تطلق"));
        // masculine: a site, not a company
        assert!(!c.is_company_verb("قال") && !c.is_company_verb("يطلق"));
    }

    #[test]
    fn bad_cue_file_names_the_line() {
        let e = NameCues::parse("[organization]\nشركة\n[people]\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(NameCues::parse("شركة\n").is_err());
        assert!(NameCues::parse("[product]\nجهاز لوحي ذكي\n").is_err());
    }

    #[test]
    fn odd_input_does_not_panic() {
        for t in ["", "«", "شركة «", "تطبيق \"", "شركة A", "🙂 شركة Zz"] {
            let _ = find(t);
        }
    }
}
