//! Parsing the mixed date formats found in news dumps.
//!
//! Accepted (all give a UTC timestamp in seconds):
//!
//! | form | example | read as |
//! |---|---|---|
//! | ISO 8601 with zone | `2017-01-21T10:05:00+01:00`, `2019-03-14T09:30:00Z` | that instant |
//! | ISO 8601 without zone | `2020-01-05T18:00:00`, `2020-01-05T18:00` | UTC |
//! | SQL-style | `2015-07-21 13:45:10` | UTC |
//! | date only | `2015-07-21` | midnight UTC |
//! | day first | `21/01/2017`, `21-01-2017`, `21.01.2017` | midnight UTC |
//! | compact time | `2017-01-22T185600` (seen in the ANT corpus) | UTC |
//! | RSS (RFC 2822) | `Wed, 22 May 2024 18:05:00 +0000`, `22 May 2024` | that instant |
//!
//! Fractional seconds are ignored. Arabic-Indic digits are accepted.

/// Parses a date in one of the accepted forms to seconds since the Unix epoch
/// (UTC). Returns `None` for anything else, including impossible dates.
///
/// ```
/// use fahras::ingest::date::parse_date;
/// assert_eq!(parse_date("1970-01-02"), Some(86_400));
/// assert_eq!(parse_date("02/01/1970"), Some(86_400));
/// assert_eq!(parse_date("1970-01-02T01:00:00+01:00"), Some(86_400));
/// assert_eq!(parse_date("Fri, 02 Jan 1970 01:00:00 +0100"), Some(86_400));
/// assert_eq!(parse_date("yesterday"), None);
/// ```
pub fn parse_date(s: &str) -> Option<i64> {
    let s: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '٠'..='٩' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            _ => c,
        })
        .collect();
    if s.as_bytes()
        .first()
        .is_some_and(|c| c.is_ascii_alphabetic())
        || s.split_whitespace()
            .nth(1)
            .is_some_and(|w| w.chars().all(|c| c.is_ascii_alphabetic()))
    {
        return parse_rfc2822(&s);
    }
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        if part.is_empty() || !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    // Day-first: DD/MM/YYYY (also with - or .)
    if b.len() >= 10 && matches!(b[2], b'/' | b'-' | b'.') && b[5] == b[2] {
        let (d, m, y) = (num(0..2)?, num(3..5)?, num(6..10)?);
        if b.len() > 10 && !b[10].is_ascii_whitespace() {
            return None;
        }
        return to_epoch(y, m, d, 0, 0, 0, 0);
    }
    // Year-first: YYYY-MM-DD[ T]...
    if b.len() < 10 {
        return None;
    }
    let year_first = (b[4] == b'-' && b[7] == b'-') || (b[4] == b'/' && b[7] == b'/');
    if !year_first {
        return None;
    }
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if b.len() == 10 {
        return to_epoch(y, m, d, 0, 0, 0, 0);
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let rest = &s[11..];
    // time part ends at the zone designator
    let zone_at = rest
        .char_indices()
        .find(|&(_, c)| matches!(c, 'Z' | 'z' | '+' | '-'))
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    let (time, zone) = rest.split_at(zone_at);
    let time = time.trim();
    let time = time.split('.').next().unwrap_or("");
    let digits_only = time.bytes().all(|c| c.is_ascii_digit());
    let (h, mi, se) = if digits_only && (time.len() == 6 || time.len() == 4) {
        // compact: HHMMSS or HHMM
        let p = |r: std::ops::Range<usize>| time.get(r).and_then(|x| x.parse::<i64>().ok());
        (
            p(0..2)?,
            p(2..4)?,
            if time.len() == 6 { p(4..6)? } else { 0 },
        )
    } else {
        let mut it = time.split(':');
        let h = it.next()?.parse::<i64>().ok()?;
        let mi = it.next()?.parse::<i64>().ok()?;
        let se = match it.next() {
            Some(x) => x.parse::<i64>().ok()?,
            None => 0,
        };
        if it.next().is_some() {
            return None;
        }
        (h, mi, se)
    };
    let offset = parse_zone(zone.trim())?;
    to_epoch(y, m, d, h, mi, se, offset)
}

/// RSS and e-mail dates (RFC 2822): `Wed, 22 May 2024 18:05:00 +0000`, the
/// weekday optional, seconds optional, the zone numeric or GMT/UTC/Z.
fn parse_rfc2822(s: &str) -> Option<i64> {
    let mut words = s.split_whitespace().peekable();
    if words.peek()?.ends_with(',')
        || words.peek()?.len() == 3 && words.peek()?.chars().all(|c| c.is_ascii_alphabetic())
    {
        words.next(); // weekday
    }
    let d: i64 = words.next()?.parse().ok()?;
    let month = words.next()?.to_ascii_lowercase();
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let m = MONTHS.iter().position(|x| month.starts_with(x))? as i64 + 1;
    let y: i64 = words.next()?.parse().ok()?;
    let (mut h, mut mi, mut se) = (0, 0, 0);
    if let Some(time) = words.next() {
        let mut it = time.split(':');
        h = it.next()?.parse().ok()?;
        mi = it.next()?.parse().ok()?;
        se = it.next().map_or(Some(0), |x| x.parse().ok())?;
    }
    let offset = match words.next() {
        None => 0,
        Some(z) if ["gmt", "utc", "ut", "z"].contains(&z.to_ascii_lowercase().as_str()) => 0,
        Some(z) => parse_zone(z)?,
    };
    if y < 1000 {
        return None; // WordPress writes "-0001" for "no date"
    }
    to_epoch(y, m, d, h, mi, se, offset)
}

/// Parses `Z`, `+01:00`, `+0100`, `+01` or an empty zone into seconds east of UTC.
fn parse_zone(z: &str) -> Option<i64> {
    if z.is_empty() || z.eq_ignore_ascii_case("z") {
        return Some(0);
    }
    let sign = match z.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = z[1..].chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        2 => (digits.parse::<i64>().ok()?, 0),
        4 => (
            digits[..2].parse::<i64>().ok()?,
            digits[2..].parse::<i64>().ok()?,
        ),
        _ => return None,
    };
    if h > 14 || m > 59 {
        return None;
    }
    Some(sign * (h * 3600 + m * 60))
}

fn to_epoch(y: i64, m: i64, d: i64, h: i64, mi: i64, s: i64, offset: i64) -> Option<i64> {
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(y, m, d) * 86_400 + h * 3600 + mi * 60 + s - offset)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Formats seconds since the epoch as `YYYY-MM-DD` (UTC).
pub fn format_day(ts: i64) -> String {
    let z = ts.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY_2017_01_21: i64 = 1_484_956_800; // 2017-01-21T00:00:00Z

    #[test]
    fn iso_with_zone() {
        assert_eq!(
            parse_date("2017-01-21T01:00:00+01:00"),
            Some(DAY_2017_01_21)
        );
        assert_eq!(parse_date("2017-01-21T00:00:00Z"), Some(DAY_2017_01_21));
        assert_eq!(parse_date("2017-01-20T19:00:00-0500"), Some(DAY_2017_01_21));
        assert_eq!(parse_date("2017-01-21T00:00:00.250Z"), Some(DAY_2017_01_21));
    }

    #[test]
    fn iso_without_zone_is_utc() {
        assert_eq!(parse_date("2017-01-21T00:00:00"), Some(DAY_2017_01_21));
        assert_eq!(parse_date("2017-01-21T00:00"), Some(DAY_2017_01_21));
    }

    #[test]
    fn sql_style_and_date_only() {
        assert_eq!(parse_date("2017-01-21 00:00:00"), Some(DAY_2017_01_21));
        assert_eq!(parse_date("2017-01-21"), Some(DAY_2017_01_21));
        assert_eq!(parse_date(" 2017-01-21 "), Some(DAY_2017_01_21));
    }

    #[test]
    fn day_first() {
        assert_eq!(parse_date("21/01/2017"), Some(DAY_2017_01_21));
        assert_eq!(parse_date("21-01-2017"), Some(DAY_2017_01_21));
        assert_eq!(parse_date("٢١/٠١/٢٠١٧"), Some(DAY_2017_01_21));
    }

    #[test]
    fn compact_time_from_ant() {
        assert_eq!(parse_date("2017-01-21T000000"), Some(DAY_2017_01_21));
        assert_eq!(
            parse_date("2017-01-22T185600"),
            Some(DAY_2017_01_21 + 86_400 + 18 * 3600 + 56 * 60)
        );
    }

    #[test]
    fn rejects_garbage_and_impossible_dates() {
        for s in [
            "",
            "2017",
            "2017-13-01",
            "2017-02-30",
            "31/02/2017",
            "2017-01-21T25:00:00",
            "abc",
            "2017-01-21Tfoo",
            "٢",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
        assert_eq!(parse_date("2016-02-29"), Some(1_456_704_000));
    }

    #[test]
    fn format_day_round_trips() {
        assert_eq!(format_day(DAY_2017_01_21 + 3600), "2017-01-21");
        assert_eq!(format_day(0), "1970-01-01");
        assert_eq!(format_day(-86_400), "1969-12-31");
    }
}
