//! Character encodings of SPSS system files: the encoding record (subtype 20) or the
//! header's character code (subtype 3) decide how every string of the file is decoded.
//! UTF-8, windows-1252, ISO-8859-1 and ASCII are supported; other code pages are refused
//! by name rather than decoded wrongly.

/// An encoding this reader can decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    Windows1252,
    Latin1,
}

impl Encoding {
    /// From the IANA-style name of the encoding record, e.g. "UTF-8", "windows-1252".
    pub(crate) fn from_name(name: &str) -> Option<Encoding> {
        let n: String = name
            .trim()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        match n.as_str() {
            "utf8" => Some(Encoding::Utf8),
            "windows1252" | "cp1252" | "ms1252" => Some(Encoding::Windows1252),
            "iso88591" | "latin1" | "l1" | "iso885911987" | "cp819" => Some(Encoding::Latin1),
            // Plain ASCII files routinely carry windows-1252 bytes (SPSS wrote the
            // Windows code page under this label), and 1252 is a superset of ASCII.
            "ascii" | "usascii" | "ansix341968" => Some(Encoding::Windows1252),
            _ => None,
        }
    }

    /// From the character code of the machine integer record (subtype 3): a Windows code
    /// page, or 2/3 for 7-/8-bit ASCII (GNU PSPP manual, "Machine Integer Info Record").
    pub(crate) fn from_code(code: i32) -> Option<Encoding> {
        match code {
            65001 => Some(Encoding::Utf8),
            2 | 3 | 1252 | 20127 => Some(Encoding::Windows1252),
            28591 => Some(Encoding::Latin1),
            _ => None,
        }
    }

    /// Decodes a fixed-width field. A UTF-8 sequence cut off by the field's end (SPSS
    /// truncates at a byte width) is dropped; any other invalid byte is an error naming it.
    pub(crate) fn decode(self, bytes: &[u8]) -> Result<String, String> {
        match self {
            Encoding::Utf8 => match std::str::from_utf8(bytes) {
                Ok(s) => Ok(s.to_owned()),
                Err(e) if e.error_len().is_none() => {
                    // Incomplete sequence at the very end: keep what precedes it.
                    Ok(String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned())
                }
                Err(e) => {
                    let at = e.valid_up_to();
                    Err(format!(
                        "invalid UTF-8 (byte 0x{:02x} at position {} of \"{}\")",
                        bytes[at],
                        at + 1,
                        String::from_utf8_lossy(bytes)
                    ))
                }
            },
            Encoding::Latin1 => Ok(bytes.iter().map(|&b| char::from(b)).collect()),
            Encoding::Windows1252 => Ok(bytes.iter().map(|&b| cp1252(b)).collect()),
        }
    }
}

/// windows-1252 as the WHATWG Encoding Standard defines it: 0x80–0x9F map to the
/// typographic characters below; the five undefined bytes map to the C1 controls.
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}',
        '\u{017D}', '\u{008F}', '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}',
        '\u{2022}', '\u{2013}', '\u{2014}', '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}',
        '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes() {
        assert_eq!(Encoding::from_name("UTF-8"), Some(Encoding::Utf8));
        assert_eq!(
            Encoding::from_name("windows-1252"),
            Some(Encoding::Windows1252)
        );
        assert_eq!(Encoding::from_name("ISO-8859-1"), Some(Encoding::Latin1));
        assert_eq!(Encoding::from_name("Shift_JIS"), None);
        assert_eq!(Encoding::from_code(65001), Some(Encoding::Utf8));
        assert_eq!(Encoding::from_code(1252), Some(Encoding::Windows1252));
        assert_eq!(Encoding::from_code(932), None);
    }

    #[test]
    fn decodes_each_encoding() {
        // "Zustimmung ü €" in windows-1252: ü = 0xFC, € = 0x80 (WHATWG index-windows-1252).
        let cp = b"Zustimmung \xfc \x80";
        assert_eq!(
            Encoding::Windows1252.decode(cp).as_deref(),
            Ok("Zustimmung ü €")
        );
        assert_eq!(
            Encoding::Latin1.decode(b"\xfc\x80").as_deref(),
            Ok("ü\u{80}")
        );
        assert_eq!(Encoding::Utf8.decode("ü".as_bytes()).as_deref(), Ok("ü"));
        // A field cut inside "ü" keeps the text before it.
        assert_eq!(Encoding::Utf8.decode(b"ab\xc3").as_deref(), Ok("ab"));
        // An invalid byte inside the field is an error naming it.
        let err = Encoding::Utf8.decode(b"a\xfcb").unwrap_err();
        assert!(err.contains("0xfc"), "{err}");
    }
}
