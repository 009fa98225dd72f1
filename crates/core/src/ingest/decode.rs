//! Bytes to text: BOMs, an HTML page's declared charset, UTF-8, else Windows-1252.
//!
//! Line endings are normalised to `\n` here so that no later stage sees `\r`.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use std::borrow::Cow;

/// Why a file could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("file is empty")]
    Empty,
    #[error("file looks binary (NUL bytes in its first {0} bytes), not text")]
    Binary(usize),
    #[error(
        "file does not read as text: {0} of its first {1} characters are control characters or undecodable bytes"
    )]
    NotText(usize, usize),
}

/// The text of a file and the encoding it was read with.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

const SNIFF: usize = 8192;

/// Decodes `bytes`; `html` says whether to look for a declared `<meta charset>`.
pub fn decode(bytes: &[u8], html: bool) -> Result<Decoded, DecodeError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::Empty);
    }
    let (encoding, body): (&'static Encoding, &[u8]) =
        if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
            (enc, &bytes[bom_len..])
        } else {
            let head = &bytes[..bytes.len().min(SNIFF)];
            if let Some(enc) = utf16_without_bom(head) {
                (enc, bytes)
            } else if head.contains(&0) {
                return Err(DecodeError::Binary(head.len()));
            } else {
                let declared = if html { declared_charset(head) } else { None };
                let enc = match declared {
                    // A page that declares UTF-8 but is not is far more often Windows-1252 than
                    // anything else; one that declares UTF-16 without a BOM is mislabelled ASCII.
                    Some(enc) if enc == UTF_8 || enc == UTF_16LE || enc == UTF_16BE => {
                        guess_utf8_or_1252(bytes)
                    }
                    Some(enc) => enc,
                    None => guess_utf8_or_1252(bytes),
                };
                (enc, bytes)
            }
        };
    let (text, _) = encoding.decode_without_bom_handling(body);
    if encoding != UTF_8 && text.contains('\0') {
        return Err(DecodeError::Binary(SNIFF));
    }
    if text.chars().all(char::is_whitespace) {
        return Err(DecodeError::Empty);
    }
    if let Some((bad, of)) = not_text(&text) {
        return Err(DecodeError::NotText(bad, of));
    }
    Ok(Decoded {
        text: normalise_newlines(text),
        encoding: encoding.name(),
    })
}

/// UTF-16 recognised by its zero bytes when there is no BOM: text in Latin script has a
/// zero high byte in most code units, so zeros fill one of the two byte positions and
/// almost never the other.
fn utf16_without_bom(head: &[u8]) -> Option<&'static Encoding> {
    let units = head.len() / 2;
    if units < 4 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        even += (pair[0] == 0) as usize;
        odd += (pair[1] == 0) as usize;
    }
    let mostly = |zeros: usize| zeros * 10 >= units * 3;
    let hardly = |zeros: usize, other: usize| zeros * 20 <= other;
    if mostly(odd) && hardly(even, odd) {
        Some(UTF_16LE)
    } else if mostly(even) && hardly(odd, even) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Characters in the first part of a text that no writer types: control characters other
/// than tabs and line breaks, and bytes that did not decode. Random bytes read as
/// Windows-1252 are one in eight of them; a real article a handful at most. `Some((bad,
/// of))` when the text is implausible.
fn not_text(text: &str) -> Option<(usize, usize)> {
    let (mut bad, mut of) = (0usize, 0usize);
    for c in text.chars().take(SNIFF) {
        of += 1;
        bad += ((c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c')) || c == '\u{FFFD}')
            as usize;
    }
    (bad >= 3 && bad * 50 > of).then_some((bad, of))
}

/// UTF-8 when the bytes are UTF-8 (or nearly: a few stray bytes in a UTF-8 file are read
/// as replacement characters rather than turning every accent into mojibake), else
/// Windows-1252.
fn guess_utf8_or_1252(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid_multibyte += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                valid_multibyte += std::str::from_utf8(good)
                    .map(|s| s.chars().filter(|c| !c.is_ascii()).count())
                    .unwrap_or(0);
                invalid += 1;
                let skip = e.error_len().unwrap_or(bad.len()).max(1);
                rest = &bad[skip.min(bad.len())..];
            }
        }
    }
    if valid_multibyte > invalid * 4 {
        UTF_8
    } else {
        WINDOWS_1252
    }
}

/// The charset an HTML page declares in its first bytes (`<meta charset=…>` or
/// `http-equiv` content type).
fn declared_charset(head: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = head.find("charset=")?;
    let rest = head[at + "charset=".len()..].trim_start_matches(['"', '\'', ' ']);
    let label: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    Encoding::for_label(label.as_bytes())
}

fn normalise_newlines(text: Cow<'_, str>) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_and_line_endings() {
        let d = decode(b"\xEF\xBB\xBFTitle\r\nBody\r\n", false).unwrap();
        assert_eq!(d.text, "Title\nBody\n");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Kyiv ’".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let d = decode(&utf16, false).unwrap();
        assert_eq!(d.text, "Kyiv ’");
        assert_eq!(d.encoding, "UTF-16LE");
    }

    /// UTF-16 without a BOM, in either byte order, is recognised by where its zero bytes
    /// fall, whatever the script's share of ASCII.
    #[test]
    fn utf16_without_bom_is_text() {
        for text in [
            "Security guarantees for Ukraine",
            "Zelensky said: “no ceasefire without guarantees”.\nSecond line.",
            "Київ and Kyiv: talks resume on Monday in Geneva",
        ] {
            let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
            let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
            assert_eq!(decode(&le, false).unwrap().text, text);
            assert_eq!(decode(&le, false).unwrap().encoding, "UTF-16LE");
            assert_eq!(decode(&be, false).unwrap().text, text);
            assert_eq!(decode(&be, false).unwrap().encoding, "UTF-16BE");
        }
        // Zeros everywhere are not UTF-16.
        assert!(matches!(
            decode(&[0u8; 64], false),
            Err(DecodeError::Binary(_))
        ));
    }

    /// Bytes that are not text, and text that is only white space, are not articles.
    #[test]
    fn noise_and_blank_unicode_are_not_text() {
        // A fixed pseudo-random byte string with no NUL: every byte 1..=255 in a scrambled
        // order, as random data without zero bytes would be.
        let noise: Vec<u8> = (0..2048u32)
            .map(|i| ((i * 167 + 13) % 255 + 1) as u8)
            .collect();
        assert!(
            matches!(decode(&noise, false), Err(DecodeError::NotText(..))),
            "{:?}",
            decode(&noise, false).map(|d| d.encoding)
        );
        for blank in ["\u{2003}\u{3000}\n\u{00A0}", "\u{feff}\u{2028} \u{2029}"] {
            assert_eq!(
                decode(blank.as_bytes(), false).unwrap_err(),
                DecodeError::Empty
            );
        }
        // A real text with a stray control character or two is still text.
        let d = decode(
            "Talks\u{7} resume in Geneva on Monday\u{1b} morning.".as_bytes(),
            false,
        );
        assert!(d.is_ok(), "{d:?}");
    }

    #[test]
    fn declared_charset_wins_for_html() {
        let page =
            b"<html><head><meta charset=\"iso-8859-15\"></head><body>Espa\xF1a \xA4</body></html>";
        let d = decode(page, true).unwrap();
        assert!(d.text.contains("España €"), "{}", d.text);
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252() {
        let d = decode(b"Caf\xE9 \x93quoted\x94", false).unwrap();
        assert_eq!(d.text, "Café “quoted”");
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn empty_and_binary_are_errors() {
        assert_eq!(decode(b"  \n", false).unwrap_err(), DecodeError::Empty);
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0", false),
            Err(DecodeError::Binary(_))
        ));
    }
}
