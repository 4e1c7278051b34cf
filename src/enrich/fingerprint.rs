//! Near-duplicate fingerprints for story grouping (SimHash over shingles).
//!
//! The same story is often published by several outlets: a wire text
//! (وكالة الأنباء السعودية, رويترز) reprinted with a new headline, a sentence
//! added or dropped, a different spelling here and there. To show such a story
//! once, every article gets a 64-bit [SimHash] of its word 3-shingles, computed
//! on the *stemmed* token stream (stop words dropped, clitics stripped, hamza
//! and ta marbuta folded), so `أعلنت الشركة` and `وأعلنت الشركه` give the same
//! shingle. Two articles whose fingerprints differ in at most
//! [`MAX_DISTANCE`] bits are near-duplicates.
//!
//! Finding an article's copies in a whole index uses the pigeonhole principle:
//! the fingerprint is cut into [`BANDS`] = 7 bands (one of 10 bits, six of 9);
//! two fingerprints that differ in at most 6 bits agree on at least one band,
//! so a lookup of the seven band terms ([`band_terms`]) finds every candidate,
//! and [`distance`] confirms it.
//!
//! [SimHash]: https://en.wikipedia.org/wiki/SimHash
//!
//! ```
//! use fahras::enrich::fingerprint::{distance, simhash, MAX_DISTANCE};
//! // a 100-word story, a copy with one word changed, and another story
//! let story: Vec<String> = (0..100).map(|i| format!("كلمه{i}")).collect();
//! let mut copy = story.clone();
//! copy[50] = "تعديل".to_string();
//! let other: Vec<String> = (0..100).map(|i| format!("خبر{i}")).collect();
//! let fp = |words: &[String]| simhash(words.iter().map(String::as_str)).unwrap();
//! assert!(distance(fp(&story), fp(&copy)) <= MAX_DISTANCE);
//! assert!(distance(fp(&story), fp(&other)) > MAX_DISTANCE);
//! ```

/// Words per shingle.
pub const SHINGLE: usize = 3;

/// Articles with fewer shingles than this get no fingerprint: a handful of
/// words cannot tell a reprint from two different short notices.
pub const MIN_SHINGLES: usize = 12;

/// Largest Hamming distance between the fingerprints of two copies of one
/// story. Measured on the 41,872-article news archive (README, "Story
/// grouping"): pairs up to 7 bits apart were the same story reprinted with
/// edits; at 8 bits different stories of one template appear (the fourth and
/// the fifth relief flight to Aden, same wording). 6 keeps a margin.
pub const MAX_DISTANCE: u32 = 6;

/// Number of bands a fingerprint is cut into for lookup; with
/// [`MAX_DISTANCE`] = 6, at least one of the 7 bands matches exactly.
pub const BANDS: usize = MAX_DISTANCE as usize + 1;

/// The SimHash of a token stream, or `None` when it has fewer than
/// [`MIN_SHINGLES`] shingles.
pub fn simhash<'a>(terms: impl IntoIterator<Item = &'a str>) -> Option<u64> {
    let mut window = [0u64; SHINGLE];
    let mut seen = 0usize;
    let mut votes = BitVotes::default();
    for term in terms {
        window.rotate_left(1);
        window[SHINGLE - 1] = fnv1a(term.as_bytes());
        seen += 1;
        if seen < SHINGLE {
            continue;
        }
        // order matters: "a b c" and "c b a" are different shingles
        let h = mix(window[0] ^ window[1].rotate_left(21) ^ window[2].rotate_left(42));
        votes.add(h);
    }
    if seen + 1 < SHINGLE + MIN_SHINGLES {
        return None;
    }
    Some(votes.majority())
}

/// For each of 64 bits, how many of the added hashes have it set.
///
/// Counting bit by bit costs 64 additions a shingle; here each byte of a
/// hash adds one 64-bit word whose eight byte lanes are that byte's eight
/// bits (`SPREAD`), so a shingle costs 8 additions. A lane holds up to 255:
/// the lanes are emptied into the 32-bit counts every 255 hashes.
struct BitVotes {
    lanes: [u64; 8],
    in_lanes: u32,
    ones: [u32; 64],
    total: u32,
}

impl Default for BitVotes {
    fn default() -> Self {
        BitVotes {
            lanes: [0; 8],
            in_lanes: 0,
            ones: [0; 64],
            total: 0,
        }
    }
}

/// `SPREAD[b]` has byte `i` set to bit `i` of `b`.
const SPREAD: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut b = 0;
    while b < 256 {
        let mut i = 0;
        while i < 8 {
            t[b] |= (((b >> i) & 1) as u64) << (8 * i);
            i += 1;
        }
        b += 1;
    }
    t
};

impl BitVotes {
    fn add(&mut self, h: u64) {
        for (k, lane) in self.lanes.iter_mut().enumerate() {
            *lane += SPREAD[((h >> (8 * k)) & 0xff) as usize];
        }
        self.in_lanes += 1;
        self.total += 1;
        if self.in_lanes == 255 {
            self.flush();
        }
    }

    fn flush(&mut self) {
        for (k, lane) in self.lanes.iter_mut().enumerate() {
            for i in 0..8 {
                self.ones[8 * k + i] += ((*lane >> (8 * i)) & 0xff) as u32;
            }
            *lane = 0;
        }
        self.in_lanes = 0;
    }

    /// The bits set in more than half of the hashes.
    fn majority(mut self) -> u64 {
        self.flush();
        let total = self.total;
        self.ones
            .iter()
            .enumerate()
            .filter(|(_, &n)| 2 * n > total)
            .fold(0u64, |acc, (bit, _)| acc | 1 << bit)
    }
}

/// Number of differing bits between two fingerprints.
pub fn distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// The band terms of a fingerprint (`b0:3ef` … `b6:1ff`), indexed so the
/// copies of a story can be looked up (see the module docs). Band 0 holds
/// bits 0–9, band `i` ≥ 1 bits `10 + 9(i−1)` to `18 + 9(i−1)`.
pub fn band_terms(fp: u64) -> [String; BANDS] {
    std::array::from_fn(|i| {
        let (shift, width) = if i == 0 { (0, 10) } else { (1 + 9 * i, 9) };
        format!("b{i}:{:03x}", (fp >> shift) & ((1 << width) - 1))
    })
}

/// FNV-1a: a fast, stable hash of a term (stable across runs and versions, so
/// fingerprints in an index stay comparable).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// SplitMix64's finalizer: spreads FNV's output over all 64 bits, which
/// SimHash needs (each bit votes independently).
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Analyzer, Mode};

    fn fp(text: &str) -> Option<u64> {
        let terms = Analyzer::builtin(Mode::Stemmed).analyze_to_vec(text);
        simhash(terms.iter().map(|t| t.term.as_str()))
    }

    const STORY: &str =
        "أعلنت شركة أرامكو السعودية اليوم عن إطلاق مركز جديد للابتكار في مدينة الظهران \
        يهدف إلى دعم الشركات الناشئة في مجال الذكاء الاصطناعي والطاقة المتجددة، وقال رئيس الشركة إن \
        المركز سيستقبل أول دفعة من رواد الأعمال مطلع العام المقبل بتمويل يصل إلى مئة مليون ريال.";

    #[test]
    fn reprint_with_clitic_and_spelling_changes_is_near_duplicate() {
        let reprint = "وأعلنت شركة ارامكو السعودية اليوم عن إطلاق مركز جديد للإبتكار في مدينة الظهران \
            يهدف الى دعم الشركات الناشئة في مجال الذكاء الاصطناعي والطاقة المتجددة، وقال رئيس الشركه ان \
            المركز سيستقبل أول دفعة من رواد الأعمال مطلع العام المقبل بتمويل يصل إلى مئة مليون ريال.";
        let (a, b) = (fp(STORY).unwrap(), fp(reprint).unwrap());
        assert!(distance(a, b) <= MAX_DISTANCE, "{}", distance(a, b));
    }

    #[test]
    fn different_story_on_same_subject_is_not_near_duplicate() {
        let other = "كشفت شركة أرامكو السعودية عن نتائجها المالية للربع الثالث، إذ ارتفعت أرباحها \
            بنسبة عشرين في المئة مقارنة بالفترة نفسها من العام الماضي بفضل صعود أسعار النفط، وتوقع \
            محللون أن توزع الشركة أرباحا إضافية على المساهمين قبل نهاية السنة المالية الحالية.";
        let (a, b) = (fp(STORY).unwrap(), fp(other).unwrap());
        assert!(distance(a, b) > MAX_DISTANCE + 4, "{}", distance(a, b));
    }

    #[test]
    fn bit_votes_count_every_bit_past_the_lane_limit() {
        // 600 hashes (over two lane flushes): bit 0 in all, bit 63 in 400,
        // bit 5 in 200 → majority has bits 0 and 63
        let mut v = BitVotes::default();
        for i in 0..600u64 {
            let mut h = 1;
            if i < 400 {
                h |= 1 << 63;
            }
            if i >= 400 {
                h |= 1 << 5;
            }
            v.add(h);
        }
        assert_eq!(v.majority(), 1 | 1 << 63);
    }

    #[test]
    fn short_text_has_no_fingerprint() {
        assert_eq!(fp("أعلنت جوجل عن هاتف جديد"), None);
    }

    #[test]
    fn bands_cover_every_bit_once() {
        // flipping any single bit changes exactly one band
        let fp = 0x0123_4567_89ab_cdefu64;
        for bit in 0..64 {
            let (a, b) = (band_terms(fp), band_terms(fp ^ 1 << bit));
            assert_eq!(
                a.iter().zip(&b).filter(|(x, y)| x != y).count(),
                1,
                "bit {bit}"
            );
        }
        assert_eq!(band_terms(0)[0], "b0:000");
        assert_eq!(band_terms(u64::MAX)[6], "b6:1ff");
    }

    #[test]
    fn fingerprints_within_max_distance_share_a_band() {
        let a = 0xdead_beef_0bad_f00du64;
        // 6 bits in 6 different bands
        let b = a ^ (1 << 3) ^ (1 << 12) ^ (1 << 25) ^ (1 << 33) ^ (1 << 44) ^ (1 << 60);
        assert_eq!(distance(a, b), 6);
        let (ta, tb) = (band_terms(a), band_terms(b));
        assert!(ta.iter().zip(&tb).any(|(x, y)| x == y));
    }
}
