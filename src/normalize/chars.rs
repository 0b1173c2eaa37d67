//! Per-character classification and mappings used by every normalization view.

/// Characters that carry no meaning for matching and are dropped from every view: zero-width
/// spaces and joiners, the soft hyphen, the BOM, bidi controls and variation selectors. People
/// (and spam filters' adversaries) insert them inside words.
pub(crate) fn is_ignorable(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}')
}

/// Typographic punctuation folded to the ASCII form a phrase is written with.
pub(crate) fn map_punct(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{0060}'
        | '\u{00B4}' | '\u{02BC}' | '\u{02B9}' | '\u{FF07}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' | '\u{FF02}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        _ => c,
    }
}

/// Russian `ё` is written as `е` in most everyday text; both spellings must match.
pub(crate) fn map_yo(c: char) -> char {
    match c {
        'ё' => 'е',
        'Ё' => 'Е',
        _ => c,
    }
}

/// Combining diacritics of Latin letters (U+0300–U+036F). These are the marks that
/// Vietnamese typed without diacritics omits.
pub(crate) fn is_latin_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Any combining mark (general category M). None comes before U+0300, so most text is
/// answered without the table lookup.
#[inline]
pub(crate) fn is_mark(c: char) -> bool {
    c >= '\u{0300}' && unicode_normalization::char::is_combining_mark(c)
}

pub(crate) fn is_thai(c: char) -> bool {
    ('\u{0E00}'..='\u{0E7F}').contains(&c)
}

pub(crate) fn is_thai_letter(c: char) -> bool {
    is_thai(c) && !is_mark(c) && !('\u{0E50}'..='\u{0E59}').contains(&c) && c != '\u{0E46}'
}

pub(crate) fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{052F}').contains(&c)
}

pub(crate) fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (('\u{00C0}'..='\u{024F}').contains(&c) && c != '\u{00D7}' && c != '\u{00F7}')
        || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

/// Latin letters with no canonical decomposition whose plain form is typed when diacritics are
/// left out (Vietnamese `đ` is typed `d`).
pub(crate) fn fold_latin_extra(c: char) -> char {
    match c {
        'đ' => 'd',
        'ł' => 'l',
        'ø' => 'o',
        'ı' => 'i',
        'ħ' => 'h',
        _ => c,
    }
}

/// Leetspeak digits and symbols read as the letter they stand for (`sh1t`, `$hit`, `@ss`).
pub(crate) const fn leet(c: char) -> char {
    match c {
        '0' => 'o',
        '1' | '!' | '|' => 'i',
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' | '+' => 't',
        '8' => 'b',
        '9' => 'g',
        _ => c,
    }
}

/// Cyrillic letters that look like Latin ones, mapped to a shared form so that a word typed with
/// a mix of both scripts (`xуй` with a Latin x, `fuсk` with a Cyrillic с) still matches.
pub(crate) fn lookalike(c: char) -> char {
    match c {
        'а' => 'a',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'к' => 'k',
        'м' => 'm',
        'т' => 't',
        'і' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        _ => c,
    }
}

/// Characters used to mask letters of a swear word (`f*ck`, `f#ck`).
pub(crate) const fn is_mask(c: char) -> bool {
    matches!(c, '*' | '#' | '•' | '∗' | '⁎' | '✱' | '×')
}

/// Characters people put between the letters of a word to dodge filters (`f.u.c.k`, `f u c k`).
pub(crate) const fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '.' | '-' | '_' | ',' | '·' | '~' | '/' | '\\' | '\t'
    )
}

/// Letters and digits of any script, plus combining marks: what a word is made of.
pub(crate) fn is_word_char(c: char) -> bool {
    is_letter_fast(c) || c.is_alphanumeric() || is_mark(c)
}

/// `char::is_alphanumeric` with the scripts tactful reads answered by range first: the standard
/// library's table lookup is slow for most non-ASCII letters, and the normalizer asks per char.
#[inline]
pub(crate) fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    is_letter_fast(c) || c.is_alphanumeric()
}

/// Letters of Latin (with diacritics), Cyrillic and Thai known without a table lookup.
#[inline]
fn is_letter_fast(c: char) -> bool {
    matches!(c, 'À'..='ÿ' if c != '×' && c != '÷')
        || ('\u{0100}'..='\u{024F}').contains(&c)
        || ('\u{1E00}'..='\u{1EFF}').contains(&c)
        || ('\u{0400}'..='\u{0481}').contains(&c)
        || ('\u{048A}'..='\u{052F}').contains(&c)
        || ('\u{0E01}'..='\u{0E30}').contains(&c)
        || ('\u{0E32}'..='\u{0E33}').contains(&c)
        || ('\u{0E40}'..='\u{0E46}').contains(&c)
        || ('\u{0E50}'..='\u{0E59}').contains(&c)
}

/// The script a letter belongs to, for the look-alike guard and language detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Script {
    Latin,
    Cyrillic,
    Thai,
    Other,
}

pub(crate) fn script_of(c: char) -> Script {
    if is_latin_letter(c) {
        Script::Latin
    } else if is_cyrillic(c) {
        Script::Cyrillic
    } else if is_thai(c) {
        Script::Thai
    } else {
        Script::Other
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_combining_mark_comes_before_u0300() {
        let first = (0..=u32::from(char::MAX))
            .filter_map(char::from_u32)
            .find(|&c| unicode_normalization::char::is_combining_mark(c));
        assert_eq!(first, Some('\u{0300}'));
    }
}
