//! Timestamps in transcripts: RFC 3339, Unix seconds, or a time of day (`10:02`, `10:02:31`).

/// Parses a timestamp into seconds: Unix time for RFC 3339 and plain numbers, seconds since
/// midnight for a bare time of day. `None` if it is none of those.
pub fn parse_timestamp(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(n) = s.parse::<f64>() {
        return n.is_finite().then_some(n);
    }
    if let Some(t) = time_of_day(s) {
        return Some(t);
    }
    rfc3339(s)
}

fn num(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn time_of_day(s: &str) -> Option<f64> {
    let parts: Vec<&str> = s.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let h = num(parts[0])?;
    let m = num(parts[1])?;
    let sec: f64 = match parts.get(2) {
        Some(p) => p
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite() && *v >= 0.0 && *v < 61.0)?,
        None => 0.0,
    };
    if h > 23 || m > 59 {
        return None;
    }
    Some((h * 3600 + m * 60) as f64 + sec)
}

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn rfc3339(s: &str) -> Option<f64> {
    let (date, rest) = s.split_at_checked(10)?;
    let mut d = date.split('-');
    let (y, mo, da) = (num(d.next()?)?, num(d.next()?)?, num(d.next()?)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&da) {
        return None;
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (time, offset) = match rest.find(['Z', 'z', '+', '-']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let tod = time_of_day(time)?;
    let off = match offset {
        "" | "Z" | "z" => 0,
        o => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            let hm = o[1..].replace(':', "");
            if hm.len() != 4 {
                return None;
            }
            sign * (num(&hm[..2])? * 3600 + num(&hm[2..])? * 60)
        }
    };
    Some((days_from_civil(y, mo, da) * 86_400) as f64 + tod - off as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(parse_timestamp("10:02"), Some(36_120.0));
        assert_eq!(parse_timestamp("1700000000"), Some(1_700_000_000.0));
        assert_eq!(parse_timestamp("1970-01-01T00:01:00Z"), Some(60.0));
        assert_eq!(
            parse_timestamp("2024-03-01T10:00:00+02:00"),
            Some(1_709_280_000.0)
        );
        assert_eq!(
            parse_timestamp("2024-03-01 08:00:30.5"),
            Some(1_709_280_030.5)
        );
        assert_eq!(parse_timestamp("yesterday"), None);
        assert_eq!(parse_timestamp("25:00"), None);
        assert_eq!(parse_timestamp("NaN"), None);
    }
}
