//! Respondent ids as text, the same in every file they are read from (survey, wide
//! behaviour, event log). An id is compared in Unicode NFC: "José" typed with a combining
//! accent (NFD, as macOS file names and some exports write it) in one file is the same id
//! as "José" with a precomposed é in another. An id holding a control or invisible format
//! character (general categories Cc and Cf: NUL, zero-width space and joiners, a byte-order
//! mark inside, bidi marks …) is a row error: such a character cannot be seen in any
//! listing, so two ids that look the same would silently differ.
//!
//! Nearly every id is printable ASCII, which is already NFC and has no such character, so
//! that is checked first (one pass over a few bytes) and only other ids are normalized.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The id as it is compared: `raw` (already trimmed) in NFC, or the reason its row is
/// rejected.
pub(super) fn clean_id(raw: &str) -> Result<Cow<'_, str>, String> {
    if is_plain(raw.as_bytes()) {
        return Ok(Cow::Borrowed(raw));
    }
    if let Some((k, c)) = raw.chars().enumerate().find(|&(_, c)| hidden(c)) {
        return Err(format!(
            "the respondent id holds {}, {} that no listing shows (character {} of the id, shown as <U+{:04X}>); remove it from the id",
            describe(c),
            if c.is_control() { "a control character" } else { "an invisible format character" },
            k + 1,
            c as u32
        ));
    }
    Ok(match is_nfc_quick(raw.chars()) {
        IsNormalized::Yes => Cow::Borrowed(raw),
        _ => Cow::Owned(raw.nfc().collect()),
    })
}

/// [`clean_id`] of an id read as bytes (the event log, trimmed of ASCII whitespace only);
/// other whitespace is trimmed here, as the survey's ids are. Bytes that are not UTF-8 are
/// left as they are: such an id matches no survey id.
pub(super) fn clean_id_bytes(raw: &[u8]) -> Result<Cow<'_, [u8]>, String> {
    if is_plain(raw) {
        return Ok(Cow::Borrowed(raw));
    }
    let Ok(text) = std::str::from_utf8(raw) else {
        return Ok(Cow::Borrowed(raw));
    };
    Ok(match clean_id(text.trim())? {
        Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
        Cow::Owned(s) => Cow::Owned(s.into_bytes()),
    })
}

/// The id as a listing shows it: every control or invisible character as `<U+XXXX>`.
pub(super) fn shown(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 8);
    for c in raw.chars() {
        if hidden(c) {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Printable ASCII only: NFC already, and free of control characters.
#[inline]
fn is_plain(bytes: &[u8]) -> bool {
    bytes.iter().all(|&b| (0x20..0x7f).contains(&b))
}

/// A control (Cc) or format (Cf) character.
fn hidden(c: char) -> bool {
    let c = c as u32;
    HIDDEN.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
}

/// Characters that make an id a row error, as code point ranges: the control characters
/// (general category Cc) and the invisible format characters (Cf, Unicode 15.1) that steer
/// layout. The scale-out scripts refuse the same ranges.
pub(crate) const HIDDEN: [(u32, u32); 23] = [
    (0x0000, 0x001F),
    (0x007F, 0x009F),
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
];

/// Unicode white space (the White_Space property, `char::is_whitespace`) as code point
/// ranges: what is trimmed from an id (`str::trim` here; the scale-out scripts trim these).
pub(crate) const UNICODE_WS: [(u32, u32); 10] = [
    (0x09, 0x0D),
    (0x20, 0x20),
    (0x85, 0x85),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
];

/// The character by its code point, with its name for those met in real exports.
fn describe(c: char) -> String {
    let name = match c {
        '\0' => "NULL",
        '\t' => "CHARACTER TABULATION",
        '\n' => "LINE FEED",
        '\r' => "CARRIAGE RETURN",
        '\u{AD}' => "SOFT HYPHEN",
        '\u{61C}' => "ARABIC LETTER MARK",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2060}' => "WORD JOINER",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE (a byte-order mark)",
        _ => "",
    };
    if name.is_empty() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} {name}", c as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tables name exactly the characters the standard library classifies: white
    /// space, and control characters among the hidden ones (the Cf ranges are Unicode
    /// 15.1's list, checked in the tests of `clean_id`).
    #[test]
    fn tables_agree_with_the_standard_library() {
        let within =
            |t: &[(u32, u32)], c: char| t.iter().any(|&(lo, hi)| (lo..=hi).contains(&(c as u32)));
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(within(&UNICODE_WS, c), c.is_whitespace(), "{:#x}", c as u32);
            if c.is_control() {
                assert!(within(&HIDDEN, c), "{:#x}", c as u32);
            }
        }
        assert!(hidden('\u{200B}') && hidden('\u{FEFF}') && !hidden('a') && !hidden(' '));
    }

    #[test]
    fn ascii_ids_pass_as_they_are() {
        assert!(matches!(clean_id("R000123"), Ok(Cow::Borrowed("R000123"))));
        assert!(matches!(clean_id("a b-c_9"), Ok(Cow::Borrowed(_))));
    }

    #[test]
    fn nfd_becomes_nfc() {
        let nfd = "Jose\u{301}-7";
        let nfc = "Jos\u{e9}-7";
        assert_eq!(clean_id(nfd).unwrap(), nfc);
        assert!(matches!(clean_id(nfc), Ok(Cow::Borrowed(_))));
        assert_eq!(&*clean_id_bytes(nfd.as_bytes()).unwrap(), nfc.as_bytes());
        assert_eq!(&*clean_id_bytes(b"\xff\xfe").unwrap(), b"\xff\xfe");
        assert_eq!(&*clean_id_bytes("R1\u{a0}".as_bytes()).unwrap(), b"R1");
    }

    #[test]
    fn control_and_invisible_characters_are_refused_by_name() {
        for (id, what) in [
            ("R1\0", "U+0000 NULL"),
            ("R\u{200B}1", "U+200B ZERO WIDTH SPACE"),
            ("R1\u{200D}", "U+200D ZERO WIDTH JOINER"),
            ("R\u{FEFF}1", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
            ("\u{202E}1R", "U+202E RIGHT-TO-LEFT OVERRIDE"),
            ("R\u{E0041}", "U+E0041"),
            ("R\u{7f}", "U+007F"),
        ] {
            let e = clean_id(id).unwrap_err();
            assert!(e.contains(what), "{id:?}: {e}");
        }
        assert_eq!(shown("R\u{200B}1\0"), "R<U+200B>1<U+0000>");
        assert!(clean_id_bytes("R\u{200B}1".as_bytes()).is_err());
    }
}
