//! Character-level normalization of Arabic (and mixed Arabic/Latin) text.
//!
//! Every rule is a small named step, readable one by one. On the hot path the
//! steps are fused into a single `match` over each character ([`fold_char`]),
//! so a word is normalized in one pass without allocating.
//!
//! The steps, in the order a reader should think of them:
//!
//! 1. **Presentation forms** (U+FB50–U+FDFF, U+FE70–U+FEFF), e.g. the lam-alef
//!    ligature ﻻ (U+FEFB), are decomposed to their base letters (ل + ا) by
//!    Unicode compatibility decomposition, then folded by the rules below.
//! 2. **Diacritics** — harakat and tanween (U+064B–U+065F), the superscript
//!    alef (U+0670) and the Quranic annotation marks (U+06D6–U+06ED) — are
//!    dropped: `الذَّكَاء` → `الذكاء`.
//! 3. **Tatweel** (U+0640, the kashida used to stretch words) is dropped:
//!    `تـقـنـية` → `تقنيه`.
//! 4. **Invisible format characters** inside a word (ZWNJ U+200C, ZWJ U+200D,
//!    the bidi marks U+200E/F, U+202A–E, U+2066–9, soft hyphen, BOM) are dropped
//!    from the term text; the segmenter does not split words at them.
//! 5. **Alef with hamza or madda** أ إ آ and alef wasla ٱ (and the rarer wavy
//!    hamza alefs ٲ ٳ ٵ) → bare alef ا, because writers add or omit the hamza
//!    freely: `الإنترنت` / `الانترنت`.
//! 6. **Alef maqsura** ى → ي: `على` / `علي`, `مستشفى` / `مستشفي`.
//! 7. **Ta marbuta** ة → ه: `شبكة` / `شبكه`.
//! 8. **Hamza on a seat** ؤ ئ → bare hamza ء. Writers disagree on the seat
//!    (`مسؤول` / `مسئول`, `شؤون` / `شئون`); folding both seats to ء makes those
//!    spellings meet while keeping the hamza, so `سؤال` (question) does not
//!    collapse onto `سال` (flowed). A decomposed hamza (U+0654/U+0655 after و or
//!    ي) is folded the same way.
//! 9. **Persian, Urdu and Maghrebi letters** that writers use in transliterated
//!    names are folded to the Arabic letter an Arabic writer would use:
//!    - ی (Farsi yeh U+06CC), ې, ۍ, ے (yeh barree) → ي — same letter, other form;
//!    - ک (keheh U+06A9) → ك — the Persian form of kaf;
//!    - ۀ ہ ە ھ (heh forms) → ه — `ۀ` is Persian heh + hamza, the rest Urdu/Kurdish
//!      forms of heh;
//!    - ڤ ڥ (veh) → ف — Arabic writes /v/ as ف: `ڤودافون` → `فودافون`;
//!    - پ (peh) → ب — Arabic writes /p/ as ب: `پيپسي` → `بيبسي`;
//!    - گ (gaf) → ج — /g/; ج is the most frequent rendering of /g/ in Arabic tech
//!      writing (`جوجل`, `جيجابايت`), so `گوگل` → `جوجل`;
//!    - چ (tcheh) → ج — the closest single Arabic letter, as in Gulf usage;
//!    - ژ (jeh) → ز;
//!    - ڨ (Tunisian/Algerian /g/, qaf with three dots) → ق, the letter it extends;
//!    - ڭ (Moroccan /g/, kaf with three dots) → ك, the letter it extends;
//!    - ٹ ڈ ڑ (Urdu retroflex) → ت د ر.
//! 10. **Digits**: Arabic-Indic (٠–٩) and Persian (۰–۹) digits → ASCII 0–9.
//! 11. **Latin** letters are lowercased (`iPhone` → `iphone`).

use unicode_normalization::UnicodeNormalization;

/// The script class of a normalized character, used to split a word where
/// Arabic meets Latin or digits (`بـiPhone` → `ب` | `iphone`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// An Arabic letter (after folding), including bare hamza ء.
    Arabic,
    /// A Latin (or other non-Arabic) letter.
    Latin,
    /// An ASCII digit (after folding Arabic-Indic and Persian digits).
    Digit,
    /// Anything else kept inside a word by the segmenter (`.` in `3.5`, `'`).
    Other,
}

/// Returns true for the characters that are dropped outright: Arabic
/// diacritics, tatweel and invisible format characters.
#[inline]
pub fn is_dropped(c: char) -> bool {
    matches!(c,
        '\u{064B}'..='\u{065F}' // harakat, tanween, shadda, sukun, hamza marks
        | '\u{0670}'            // superscript (dagger) alef
        | '\u{06D6}'..='\u{06ED}' // Quranic annotation marks
        | '\u{0640}'            // tatweel
        | '\u{00AD}'            // soft hyphen
        | '\u{200B}'..='\u{200F}' // ZW space, ZWNJ, ZWJ, LRM, RLM
        | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
        | '\u{2066}'..='\u{2069}' // bidi isolates
        | '\u{FEFF}'            // BOM / ZW no-break space
    )
}

/// Folds one Arabic-block character (U+0600–U+06FF) to its normalized form,
/// or `None` when the character is dropped.
#[inline]
fn fold_arabic(c: char) -> Option<char> {
    Some(match c {
        // 2-3. diacritics, tatweel
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}' => return None,
        // 5. alef with hamza / madda / wasla / wavy hamza → alef
        'أ' | 'إ' | 'آ' | 'ٱ' | '\u{0672}' | '\u{0673}' | '\u{0675}' => 'ا',
        // 6. alef maqsura → yeh
        'ى' => 'ي',
        // 7. ta marbuta → heh
        'ة' => 'ه',
        // 8. hamza on waw / yeh seat → bare hamza
        'ؤ' | 'ئ' => 'ء',
        // 9. Persian / Urdu / Maghrebi letters
        'ی' | 'ې' | 'ۍ' | 'ے' | 'ۓ' => 'ي',
        'ک' | 'ڭ' => 'ك',
        'ۀ' | 'ہ' | 'ە' | 'ھ' | 'ۂ' => 'ه',
        'ڤ' | 'ڥ' => 'ف',
        'پ' => 'ب',
        'گ' | 'چ' => 'ج',
        'ژ' => 'ز',
        'ڨ' => 'ق',
        'ٹ' => 'ت',
        'ڈ' => 'د',
        'ڑ' => 'ر',
        // 10. Arabic-Indic and Persian digits
        '٠'..='٩' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '۰'..='۹' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        other => other,
    })
}

/// True for code points in the Arabic presentation-form blocks that need a
/// compatibility decomposition (step 1).
#[inline]
fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// True for letters of the Arabic script after folding (U+0621–U+064A and the
/// extended Arabic letters that survive folding).
#[inline]
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{064A}' | '\u{0671}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}')
}

/// Normalizes one character and passes each resulting character, with its
/// script, to `emit`. Dropped characters emit nothing; a presentation form may
/// emit several letters (ﻻ → ل ا).
///
/// This is the fused single pass used by the tokenizer: no allocation.
#[inline]
pub fn fold_char(c: char, emit: &mut impl FnMut(char, Script)) {
    if c.is_ascii() {
        match c {
            'A'..='Z' => emit(c.to_ascii_lowercase(), Script::Latin),
            'a'..='z' => emit(c, Script::Latin),
            '0'..='9' => emit(c, Script::Digit),
            _ => emit(c, Script::Other),
        }
    } else if ('\u{0600}'..='\u{06FF}').contains(&c) {
        if let Some(f) = fold_arabic(c) {
            let script = if f.is_ascii_digit() {
                Script::Digit
            } else if is_arabic_letter(f) {
                Script::Arabic
            } else {
                Script::Other
            };
            emit(f, script);
        }
    } else if is_dropped(c) {
        // step 4: invisible format characters
    } else if is_presentation_form(c) {
        // step 1: decompose (rare path), then fold each part
        for d in std::iter::once(c).nfkc() {
            if d != c && !is_presentation_form(d) {
                fold_char(d, emit);
            }
        }
    } else if c.is_alphabetic() {
        if c.is_uppercase() {
            for l in c.to_lowercase() {
                emit(l, Script::Latin);
            }
        } else {
            emit(c, Script::Latin);
        }
    } else if c.is_numeric() {
        emit(c, Script::Digit);
    } else {
        emit(c, Script::Other);
    }
}

/// Normalizes a whole string with the rules above (a convenience for queries,
/// word lists and tests; the tokenizer uses [`fold_char`] directly).
///
/// ```
/// use fahras::analysis::normalize::normalize;
/// assert_eq!(normalize("الإنترنـت"), "الانترنت");
/// assert_eq!(normalize("مُسْتَشْفَى"), "مستشفي");
/// assert_eq!(normalize("٢٠١٩"), "2019");
/// ```
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if let Some(p) = prev {
            if is_decomposed_hamza_on_seat(p, c) {
                out.pop();
                out.push('ء');
                prev = Some('ء');
                continue;
            }
        }
        fold_char(c, &mut |f, _| {
            out.push(f);
            prev = Some(f);
        });
    }
    out
}

/// True when `c` is a combining hamza (U+0654 above, U+0655 below) written
/// after a waw or yeh seat — the decomposed spelling of ؤ / ئ (step 8).
#[inline]
pub fn is_decomposed_hamza_on_seat(prev_folded: char, c: char) -> bool {
    matches!(c, '\u{0654}' | '\u{0655}') && matches!(prev_folded, 'و' | 'ي')
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn presentation_forms_fold_to_base_letters() {
        // ﻻ lam-alef ligature, ﺑ initial beh, ﻛ initial kaf
        assert_eq!(normalize("\u{FEFB}"), "لا");
        assert_eq!(normalize("\u{FE91}\u{FEE8}\u{FEDC}"), "بنك");
        // lam-alef with hamza above: ﻷ → لا (hamza alef folds too)
        assert_eq!(normalize("\u{FEF7}"), "لا");
    }

    #[test]
    fn diacritics_are_dropped() {
        assert_eq!(normalize("الذَّكَاءُ الاصْطِنَاعِيُّ"), "الذكاء الاصطناعي");
        assert_eq!(normalize("هٰذا"), "هذا"); // superscript alef
        assert_eq!(normalize("كِتَابٌ"), "كتاب"); // tanween
        assert_eq!(normalize("الرَّحْمَٰنِ"), "الرحمن");
        assert_eq!(normalize("عَلَيْهِۖ"), "عليه"); // Quranic mark U+06D6
    }

    #[test]
    fn tatweel_is_dropped() {
        assert_eq!(normalize("تـقـنـيـة"), "تقنيه");
        assert_eq!(normalize("الـiPhone"), "الiphone");
    }

    #[test]
    fn format_characters_are_dropped() {
        assert_eq!(normalize("فيس\u{200C}بوك"), "فيسبوك");
        assert_eq!(normalize("\u{200F}جوجل\u{200E}"), "جوجل");
    }

    #[test]
    fn hamza_alef_forms_fold_to_bare_alef() {
        assert_eq!(normalize("أمازون"), "امازون");
        assert_eq!(normalize("إنترنت"), "انترنت");
        assert_eq!(normalize("آبل"), "ابل");
        assert_eq!(normalize("ٱلبيانات"), "البيانات");
    }

    #[test]
    fn alef_maqsura_folds_to_yeh() {
        assert_eq!(normalize("على"), "علي");
        assert_eq!(normalize("مستشفى"), "مستشفي");
    }

    #[test]
    fn ta_marbuta_folds_to_heh() {
        assert_eq!(normalize("شبكة"), "شبكه");
        assert_eq!(normalize("الخصوصية"), "الخصوصيه");
    }

    #[test]
    fn hamza_seats_fold_to_bare_hamza() {
        assert_eq!(normalize("مسؤول"), normalize("مسئول"));
        assert_eq!(normalize("شؤون"), "شءون");
        assert_eq!(normalize("رئيس"), "رءيس");
        assert_eq!(normalize("سؤال"), "سءال");
        // decomposed: waw + U+0654 is the same as ؤ
        assert_eq!(normalize("مسو\u{0654}ول"), normalize("مسؤول"));
        // bare hamza stays
        assert_eq!(normalize("سماء"), "سماء");
    }

    #[test]
    fn persian_letters_fold_to_arabic() {
        assert_eq!(normalize("ڤودافون"), "فودافون");
        assert_eq!(normalize("گوگل"), "جوجل");
        assert_eq!(normalize("پيپسي"), "بيبسي");
        assert_eq!(normalize("کیا"), "كيا"); // keheh + Farsi yeh
        assert_eq!(normalize("چات"), "جات");
        assert_eq!(normalize("ژ"), "ز");
        assert_eq!(normalize("ڨوقل"), "قوقل");
        assert_eq!(normalize("ہ"), "ه");
        assert_eq!(normalize("ۀ"), "ه");
    }

    #[test]
    fn arabic_indic_and_persian_digits_become_ascii() {
        assert_eq!(normalize("٢٠١٩"), "2019");
        assert_eq!(normalize("۱۴۰۲"), "1402");
        assert_eq!(normalize("٥G"), "5g");
    }

    #[test]
    fn latin_is_lowercased() {
        assert_eq!(normalize("iPhone"), "iphone");
        assert_eq!(normalize("GOOGLE"), "google");
        assert_eq!(normalize("ÉCOLE"), "école");
    }
}
