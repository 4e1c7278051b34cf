//! A light Arabic stemmer: strips stacked proclitics, then suffixes, with
//! length guards and a stem-exclusion list.
//!
//! It works on words already normalized by [`normalize`](super::normalize)
//! (so ة is ه, ى is ي, hamza alefs are ا) and never touches Latin words or
//! numbers (the tokenizer only calls it for Arabic-script tokens).
//!
//! Compared with Lucene's `ArabicStemmer` (one prefix from ال وال بال كال فال لل و,
//! then each of ها ان ات ون ين يه ية ه ة ي with a two-letter guard):
//!
//! - **Stacked proclitics**: a conjunction (و ف), then a preposition (ب ك ل),
//!   then the article ال — `وبالكتاب` → `كتاب`, `فللمستخدمين` → `مستخدم`,
//!   `وكالعادة` → `عاده`.
//! - **A lone preposition** ب ك ل is stripped only when at least four letters
//!   remain (`لشركة` → `شركه`, `بنسبة` → `نسبه`) or when what remains is a
//!   protected word (`بفيسبوك` → `فيسبوك`), so short native words (`بحث`,
//!   `كتب`) keep their first letter.
//! - **The article is not the article** when its alef carried a hamza in the
//!   original text: `إلغاء` (cancellation) is `ا`+`لغاء`, not `ال`+`غاء`.
//! - **Protected words** (`schema/stem-exclusions.txt`): a word that is, or
//!   ends in, a protected word after clitics comes out as that word:
//!   `واتساب` stays `واتساب` (not `اتساب`), `أمازون` stays `امازون` (not `اماز`),
//!   `لفيسبوك` → `فيسبوك`, `والكترونيه` → `الكترون`.
//! - **Suffixes with guards**: pronoun suffixes (ها with three letters left;
//!   هم هن كم نا هما كما with four), then one number/gender suffix: يه (three
//!   left), ات ون ين ان (four left), ه (four left, or three ending in ي:
//!   `ذكيه` → `ذكي`), ي (three left). A feminine plural ات on a three-letter
//!   stem becomes the singular ه so `شركات` meets `شركة`; a ت left before a
//!   pronoun is the ة of the noun (`منصتها` → `منصه`).

use super::lexicon::Lexicon;

const WAW: char = 'و';
const FEH: char = 'ف';
const BEH: char = 'ب';
const KAF: char = 'ك';
const LAM: char = 'ل';
const ALEF: char = 'ا';
const HEH: char = 'ه';
const YEH: char = 'ي';
const TEH: char = 'ت';

/// Suffixes checked when looking a protected word up (`فيسبوكه`, `وسائله`).
const PROTECTED_SUFFIXES: &[&[char]] = &[
    &[],
    &[HEH],
    &[YEH],
    &[YEH, HEH],
    &[ALEF, TEH],
    &[WAW, 'ن'],
    &[YEH, 'ن'],
    &[ALEF, 'ن'],
    &[HEH, ALEF],
];

/// A protected word found inside a longer form: the stem is the first `len`
/// letters of the form, plus ه when `heh` (`بطاقات` → `بطاقه`).
#[derive(Clone, Copy)]
struct Protected {
    len: usize,
    heh: bool,
}

/// `w.ends_with(s)` for the one-to-three-letter suffixes of this module,
/// as a plain loop: the slice method calls `memcmp`, which profiling showed
/// to cost more than the whole comparison on this hot path.
#[inline(always)]
fn has_suffix(w: &[char], s: &[char]) -> bool {
    if w.len() < s.len() {
        return false;
    }
    let tail = &w[w.len() - s.len()..];
    for i in 0..s.len() {
        if tail[i] != s[i] {
            return false;
        }
    }
    true
}

/// The result of stripping proclitics.
struct Proclitics {
    /// How many leading characters are clitics.
    len: usize,
    /// The protected word the rest reduces to, if any.
    protected: Option<Protected>,
}

/// Finds the protected word that `w` is, or ends in after one suffix
/// (`وسائله` → `وسائل`), or whose feminine plural it is (`بطاقات` → `بطاقه`).
#[inline]
fn protected(w: &[char], lex: &Lexicon) -> Option<Protected> {
    if w.len() < 2 {
        return None;
    }
    for suffix in PROTECTED_SUFFIXES {
        if w.len() > suffix.len() + 1 && has_suffix(w, suffix) {
            let base = &w[..w.len() - suffix.len()];
            if lex.stem_exclusions.contains(base) {
                return Some(Protected {
                    len: base.len(),
                    heh: false,
                });
            }
        }
    }
    // Xات as the plural of a protected Xه
    let n = w.len();
    if n > 3 && has_suffix(w, &[ALEF, TEH]) {
        let mut buf = [HEH; 32];
        if n - 1 <= buf.len() {
            buf[..n - 2].copy_from_slice(&w[..n - 2]);
            if lex.stem_exclusions.contains(&buf[..n - 1]) {
                return Some(Protected {
                    len: n - 2,
                    heh: true,
                });
            }
        }
    }
    None
}

/// True when `w` is a protected word, alone or with one suffix.
#[inline]
pub fn is_protected(w: &[char], lex: &Lexicon) -> bool {
    protected(w, lex).is_some()
}

/// Only strip when what remains is a protected word.
const ONLY_PROTECTED: usize = usize::MAX;

/// Finds the proclitics of `w`. `hamza_alef` has bit `i` set when the alef at
/// index `i` was written with a hamza or madda (أ إ آ) in the original text.
///
/// Each candidate split carries the number of letters that must remain:
/// two after the article; three after a lone و (`وشركة`); four after a lone
/// ف or a preposition ب / ل (ف starts many native words: `فريق`, `فكرة`);
/// a lone ك only before a protected word (`كتابة`, `كبيرة` are not ك + …).
/// A split that leaves a protected word wins over a longer one that does
/// not (`وبيتكوين` is و + `بيتكوين`, not و + ب + `يتكوين`).
fn strip_proclitics(w: &[char], lex: &Lexicon, hamza_alef: u64) -> Proclitics {
    let n = w.len();
    // (clitic length, letters that must remain), shortest first
    let mut candidates: [(usize, usize); 4] = [(0, 0); 4];
    let mut count = 0;
    let mut i = 0;
    if matches!(w[0], WAW | FEH) {
        i = 1;
        candidates[count] = (1, if w[0] == WAW { 3 } else { 4 });
        count += 1;
    }
    if i < n && matches!(w[i], BEH | KAF | LAM) {
        let min = if w[i] == KAF { ONLY_PROTECTED } else { 4 };
        candidates[count] = (i + 1, min);
        count += 1;
        // ل + ال is written لل: the article's alef is dropped (`للمستخدمين`);
        // but ل + a word starting with ل (`للبنان`) is tried too.
        if w[i] == LAM && i + 1 < n && w[i + 1] == LAM {
            candidates[count] = (i + 2, 2);
            count += 1;
            return try_candidates(w, lex, &candidates[..count]);
        }
        i += 1;
    }
    if i + 1 < n && w[i] == ALEF && w[i + 1] == LAM && hamza_alef & (1u64 << i.min(63)) == 0 {
        candidates[count] = (i + 2, 2);
        count += 1;
    }
    try_candidates(w, lex, &candidates[..count])
}

fn try_candidates(w: &[char], lex: &Lexicon, candidates: &[(usize, usize)]) -> Proclitics {
    let n = w.len();
    for &(len, _) in candidates.iter().rev() {
        if let Some(p) = protected(&w[len..], lex) {
            return Proclitics {
                len,
                protected: Some(p),
            };
        }
    }
    for &(len, min_rest) in candidates.iter().rev() {
        if min_rest != ONLY_PROTECTED && n - len >= min_rest {
            return Proclitics {
                len,
                protected: None,
            };
        }
    }
    Proclitics {
        len: 0,
        protected: None,
    }
}

/// Strips pronoun and number/gender suffixes from `w`; returns the stem length
/// and whether a final ه must be appended (feminine restoration).
fn strip_suffixes(w: &[char]) -> (usize, bool) {
    let mut end = w.len();
    let mut append_heh = false;

    // Pronoun suffixes.
    let ends = |end: usize, s: &[char]| has_suffix(&w[..end], s);
    const PRONOUNS_4: &[&[char]] = &[
        &[HEH, 'م', ALEF],
        &[KAF, 'م', ALEF],
        &[HEH, 'م'],
        &[HEH, 'ن'],
        &[KAF, 'م'],
        &['ن', ALEF],
    ];
    let mut pronoun = false;
    for s in PRONOUNS_4 {
        if ends(end, s) && end - s.len() >= 4 {
            end -= s.len();
            pronoun = true;
            break;
        }
    }
    if !pronoun && ends(end, &[HEH, ALEF]) && end >= 5 {
        end -= 2;
        pronoun = true;
    }
    if pronoun && end >= 4 && w[end - 1] == TEH && w[end - 2] != ALEF {
        // شركتها → شركت → شركه: the ت is the ta marbuta of the noun.
        return (end - 1, true);
    }

    // One number/gender suffix (ات/ون/ين/ان may be followed by a nisba ي).
    // `left(k)`: letters that remain once a k-letter suffix is removed.
    let left = |end: usize, k: usize| end - k;
    let mut plural = false;
    if ends(end, &[YEH, HEH]) && left(end, 2) >= 3 {
        end -= 2;
    } else if ends(end, &[ALEF, TEH]) && left(end, 2) >= 3 {
        // شركات → شركه: on a three-letter stem, ات is the plural of ة
        append_heh = left(end, 2) == 3;
        plural = !append_heh;
        end -= 2;
    } else if (ends(end, &[WAW, 'ن']) || ends(end, &[YEH, 'ن']) || ends(end, &[ALEF, 'ن']))
        && left(end, 2) >= 4
    {
        end -= 2;
        plural = true;
    } else if (ends(end, &[HEH]) && (left(end, 1) >= 4 || (left(end, 1) == 3 && w[end - 2] == YEH)))
        || (ends(end, &[YEH]) && left(end, 1) >= 3)
    {
        end -= 1; // ه of ة or of "his" (ذكيه → ذكي), or the nisba ي
    }
    if plural && ends(end, &[YEH]) && left(end, 1) >= 3 {
        end -= 1; // الكترونيات → الكتروني → الكترون
    }
    (end, append_heh)
}

/// Stems a normalized Arabic word, writing the stem to `out`.
///
/// `hamza_alef` marks (bit `i`) alefs that carried a hamza in the original
/// text; pass 0 when unknown.
///
/// ```
/// use fahras::analysis::{lexicon::Lexicon, stem::stem_into};
/// let lex = Lexicon::builtin();
/// let mut out = String::new();
/// let word: Vec<char> = "وبالكتاب".chars().collect();
/// stem_into(&word, &lex, 0, &mut out);
/// assert_eq!(out, "كتاب");
/// ```
pub fn stem_into(w: &[char], lex: &Lexicon, hamza_alef: u64, out: &mut String) {
    if w.len() < 3 {
        out.extend(w);
        return;
    }
    if let Some(p) = protected(w, lex) {
        push_protected(w, p, out);
        return;
    }
    let pro = strip_proclitics(w, lex, hamza_alef);
    let rest = &w[pro.len..];
    if let Some(p) = pro.protected {
        push_protected(rest, p, out);
        return;
    }
    let (end, append_heh) = strip_suffixes(rest);
    out.extend(&rest[..end]);
    if append_heh {
        out.push(HEH);
    }
}

fn push_protected(w: &[char], p: Protected, out: &mut String) {
    out.extend(&w[..p.len]);
    if p.heh {
        out.push(HEH);
    }
}

/// True when `w` consists only of proclitics (و ف, ب ك ل, ال, لل), as in the
/// Arabic part of `بـiPhone` or `والـiPhone`: such a fragment belongs to the
/// Latin word it is glued to and is not a token of its own.
pub fn is_only_proclitics(w: &[char]) -> bool {
    let mut i = 0;
    if i < w.len() && matches!(w[i], WAW | FEH) {
        i += 1;
    }
    if i < w.len() && w[i] == LAM && w.get(i + 1) == Some(&LAM) {
        return i + 2 == w.len();
    }
    if i < w.len() && matches!(w[i], BEH | KAF | LAM) {
        i += 1;
    }
    if i + 1 < w.len() && w[i] == ALEF && w[i + 1] == LAM {
        i += 2;
    }
    i == w.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::normalize::normalize;

    fn stem(word: &str) -> String {
        let lex = Lexicon::builtin();
        let w: Vec<char> = normalize(word).chars().collect();
        // hamza alef bits as the tokenizer computes them
        let mut bits = 0u64;
        for (i, c) in word
            .chars()
            .filter(|c| !crate::analysis::normalize::is_dropped(*c))
            .enumerate()
        {
            if matches!(c, 'أ' | 'إ' | 'آ') && i < 64 {
                bits |= 1 << i;
            }
        }
        let mut out = String::new();
        stem_into(&w, &lex, bits, &mut out);
        out
    }

    #[test]
    fn stacked_proclitics_are_stripped() {
        assert_eq!(stem("وبالكتاب"), "كتاب");
        assert_eq!(stem("فللمستخدمين"), "مستخدم");
        assert_eq!(stem("وكالعادة"), "عاده");
        assert_eq!(stem("والمكتبات"), "مكتب");
        assert_eq!(stem("بالمكتبة"), "مكتب");
        assert_eq!(stem("للمكتبة"), "مكتب");
    }

    #[test]
    fn lone_preposition_is_stripped_only_where_safe() {
        assert_eq!(stem("بفيسبوك"), "فيسبوك");
        assert_eq!(stem("لشركة"), "شركه");
        assert_eq!(stem("بنسبة"), "نسبه");
        // three letters would remain: the ب is the word's own
        assert_eq!(stem("بحث"), "بحث");
        assert_eq!(stem("كتب"), "كتب");
        // a lone ك is stripped only before a protected word
        assert_eq!(stem("كتابة"), "كتاب");
        assert_eq!(stem("كفيسبوك"), "فيسبوك");
        // a lone ف needs four letters left: فكرة is not ف + كرة
        assert_eq!(stem("فكرة"), "فكره");
        assert_eq!(stem("فالشركة"), "شركه");
    }

    #[test]
    fn conjunction_needs_three_letters_left() {
        assert_eq!(stem("وشركة"), "شركه");
        assert_eq!(stem("وقت"), "وقت");
        assert_eq!(stem("وقال"), "قال");
    }

    #[test]
    fn protected_words_survive() {
        assert_eq!(stem("واتساب"), "واتساب");
        assert_eq!(stem("أمازون"), "امازون");
        assert_eq!(stem("فيسبوك"), "فيسبوك");
        assert_eq!(stem("واشنطن"), "واشنطن");
        assert_eq!(stem("لواتساب"), "واتساب");
        assert_eq!(stem("والفيسبوك"), "فيسبوك");
    }

    #[test]
    fn hamza_alef_is_not_the_article() {
        // إلغاء: the alef carries a hamza, so ال is part of the word
        assert_eq!(stem("إلغاء"), "الغاء");
        // without the hamza we cannot tell, and treat it as the article
        assert_eq!(stem("الغاء"), "غاء");
    }

    #[test]
    fn feminine_and_plural_suffixes() {
        assert_eq!(stem("شركات"), "شركه");
        assert_eq!(stem("شركة"), "شركه");
        assert_eq!(stem("الخدمات"), "خدمه");
        assert_eq!(stem("تطبيقات"), "تطبيق");
        assert_eq!(stem("المستخدمون"), "مستخدم");
        assert_eq!(stem("مبرمجين"), "مبرمج");
    }

    #[test]
    fn nisba_adjectives_meet_their_feminine() {
        assert_eq!(stem("ذكي"), "ذكي");
        assert_eq!(stem("الذكية"), "ذكي");
        assert_eq!(stem("تقنية"), "تقن");
        assert_eq!(stem("تقني"), "تقن");
        assert_eq!(stem("التقنيات"), "تقن");
        assert_eq!(stem("العربية"), "عرب");
    }

    #[test]
    fn short_stems_are_guarded() {
        // ون/ين/ان need four letters left: قانون is not قان+ون
        assert_eq!(stem("قانون"), "قانون");
        assert_eq!(stem("مليون"), "مليون");
        assert_eq!(stem("إنسان"), "انسان");
        // هم needs four letters left: تفاهم is not تفا+هم
        assert_eq!(stem("تفاهم"), "تفاهم");
    }

    #[test]
    fn pronoun_suffixes() {
        assert_eq!(stem("تطبيقاتها"), "تطبيق");
        assert_eq!(stem("منصتها"), "منصه");
        assert_eq!(stem("مستخدميهم"), "مستخدم");
        assert_eq!(stem("كتابه"), "كتاب");
    }

    #[test]
    fn protected_word_wins_over_a_longer_clitic() {
        assert_eq!(stem("وبيتكوين"), "بيتكوين");
        assert_eq!(stem("فبرنامج"), "برنامج");
        assert_eq!(stem("والعاب"), "العاب");
        assert_eq!(stem("للبنان"), "لبنان");
    }

    #[test]
    fn plural_of_a_protected_feminine_word_meets_it() {
        assert_eq!(stem("بطاقات"), stem("بطاقة"));
        assert_eq!(stem("البطاقات"), "بطاقه");
    }

    #[test]
    fn proclitic_only_fragments() {
        let c = |s: &str| -> Vec<char> { s.chars().collect() };
        assert!(is_only_proclitics(&c("ب")));
        assert!(is_only_proclitics(&c("ال")));
        assert!(is_only_proclitics(&c("وبال")));
        assert!(is_only_proclitics(&c("لل")));
        assert!(!is_only_proclitics(&c("بنك")));
    }
}
