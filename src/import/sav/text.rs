//! Character encodings of SPSS system files: the encoding record (subtype 20) or else the
//! character code of the machine integer record (subtype 3) decides how every name, label
//! and string value is decoded. Decoding is `encoding_rs` (the WHATWG Encoding Standard):
//! UTF-8, the Windows code pages, ISO-8859-x, KOI8, Shift_JIS, GBK, Big5, EUC-KR …;
//! EBCDIC and DEC Kanji are refused by name rather than decoded wrongly.

use encoding_rs::DecoderResult;

/// An encoding this reader can decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Encoding(&'static encoding_rs::Encoding);

impl Encoding {
    pub(crate) const WINDOWS_1252: Encoding = Encoding(encoding_rs::WINDOWS_1252);

    /// From the name in the encoding record, e.g. "UTF-8", "windows-1252", "CP1251".
    pub(crate) fn from_name(name: &str) -> Option<Encoding> {
        let name = name.trim();
        encoding_rs::Encoding::for_label(name.as_bytes())
            .or_else(|| {
                // SPSS also writes "CP1252"-style names, which WHATWG knows as
                // "windows-1252"; a bare code page number is read the same way.
                let digits = name
                    .strip_prefix("CP")
                    .or_else(|| name.strip_prefix("cp"))
                    .unwrap_or(name);
                digits
                    .parse::<i32>()
                    .ok()
                    .and_then(Encoding::from_code)
                    .map(|e| e.0)
            })
            .map(Encoding)
    }

    /// From the character code of the machine integer record: a Windows code page, or
    /// 2/3 for 7-/8-bit ASCII (GNU PSPP manual, "Machine Integer Info Record"). ASCII files
    /// routinely carry windows-1252 bytes, so 2, 3 and 20127 read as windows-1252 (a
    /// superset of ASCII).
    pub(crate) fn from_code(code: i32) -> Option<Encoding> {
        let label = match code {
            2 | 3 | 20127 | 1252 => "windows-1252",
            65001 => "utf-8",
            1250 | 1251 | 1253 | 1254 | 1255 | 1256 | 1257 | 1258 => {
                return encoding_rs::Encoding::for_label(format!("windows-{code}").as_bytes())
                    .map(Encoding)
            }
            874 => "windows-874",
            866 => "ibm866",
            932 => "shift_jis",
            936 => "gbk",
            949 => "euc-kr",
            950 => "big5",
            54936 => "gb18030",
            20932 | 51932 => "euc-jp",
            50220 => "iso-2022-jp",
            20866 => "koi8-r",
            21866 => "koi8-u",
            10000 => "macintosh",
            28591..=28606 => {
                return encoding_rs::Encoding::for_label(
                    format!("iso-8859-{}", code - 28590).as_bytes(),
                )
                .map(Encoding)
            }
            _ => return None,
        };
        encoding_rs::Encoding::for_label(label.as_bytes()).map(Encoding)
    }

    pub(crate) fn name(self) -> &'static str {
        self.0.name()
    }

    /// Decodes a fixed-width field. A multi-byte character cut off by the field's end (SPSS
    /// truncates at a byte width) is dropped; any other invalid byte is an error naming it.
    pub(crate) fn decode(self, bytes: &[u8]) -> Result<String, String> {
        if self.0 == encoding_rs::UTF_8 {
            // The common case without a decoder object.
            return match std::str::from_utf8(bytes) {
                Ok(s) => Ok(s.to_owned()),
                Err(e) if e.error_len().is_none() => {
                    Ok(String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned())
                }
                Err(e) => Err(invalid(self, bytes, e.valid_up_to())),
            };
        }
        let mut decoder = self.0.new_decoder_without_bom_handling();
        let capacity = decoder
            .max_utf8_buffer_length_without_replacement(bytes.len())
            .ok_or_else(|| "string too long to decode".to_string())?;
        let mut out = String::with_capacity(capacity);
        // `last = false`: an incomplete sequence at the end stays pending and is dropped.
        let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, false);
        match result {
            DecoderResult::InputEmpty => Ok(out),
            DecoderResult::Malformed(bad, extra) => {
                let at = read.saturating_sub(usize::from(bad) + usize::from(extra));
                Err(invalid(self, bytes, at))
            }
            DecoderResult::OutputFull => Err("string too long to decode".into()),
        }
    }
}

fn invalid(enc: Encoding, bytes: &[u8], at: usize) -> String {
    format!(
        "invalid {} (byte 0x{:02x} at position {} of \"{}\")",
        enc.name(),
        bytes.get(at).copied().unwrap_or(0),
        at + 1,
        String::from_utf8_lossy(bytes)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes() {
        let name = |s: &str| Encoding::from_name(s).map(Encoding::name);
        assert_eq!(name("UTF-8"), Some("UTF-8"));
        assert_eq!(name("windows-1252"), Some("windows-1252"));
        assert_eq!(name("CP1251"), Some("windows-1251"));
        assert_eq!(name("Shift_JIS"), Some("Shift_JIS"));
        assert_eq!(name("EBCDIC-US"), None);
        let code = |c: i32| Encoding::from_code(c).map(Encoding::name);
        assert_eq!(code(65001), Some("UTF-8"));
        assert_eq!(code(1252), Some("windows-1252"));
        assert_eq!(code(2), Some("windows-1252"));
        assert_eq!(code(1250), Some("windows-1250"));
        assert_eq!(code(28592), Some("ISO-8859-2"));
        assert_eq!(code(932), Some("Shift_JIS"));
        assert_eq!(code(1), None);
    }

    #[test]
    fn decodes_each_encoding() {
        // "Zustimmung ü €" in windows-1252: ü = 0xFC, € = 0x80 (WHATWG index-windows-1252).
        let cp = b"Zustimmung \xfc \x80";
        assert_eq!(
            Encoding::WINDOWS_1252.decode(cp).as_deref(),
            Ok("Zustimmung ü €")
        );
        // "Łódź" in windows-1250: Ł = 0xA3, ó = 0xF3, ź = 0x9F.
        let cp1250 = Encoding::from_code(1250).unwrap();
        assert_eq!(cp1250.decode(b"\xa3\xf3d\x9f").as_deref(), Ok("Łódź"));
        // "あ" in Shift_JIS is 0x82 0xA0 (the PSPP manual's MRSETS example); cut after the
        // first byte, the character is dropped.
        let sjis = Encoding::from_code(932).unwrap();
        assert_eq!(sjis.decode(b"a\x82\xa0").as_deref(), Ok("aあ"));
        assert_eq!(sjis.decode(b"a\x82").as_deref(), Ok("a"));
        let utf8 = Encoding::from_name("utf-8").unwrap();
        assert_eq!(utf8.decode("ü".as_bytes()).as_deref(), Ok("ü"));
        // A field cut inside "ü" keeps the text before it.
        assert_eq!(utf8.decode(b"ab\xc3").as_deref(), Ok("ab"));
        // An invalid byte inside the field is an error naming it.
        let err = utf8.decode(b"a\xfcb").unwrap_err();
        assert!(err.contains("0xfc"), "{err}");
        let err = sjis.decode(b"a\x82\x20b").unwrap_err();
        assert!(err.contains("Shift_JIS"), "{err}");
    }
}
