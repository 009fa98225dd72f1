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
            if head.contains(&0) {
                return Err(DecodeError::Binary(head.len()));
            }
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
        };
    let (text, _) = encoding.decode_without_bom_handling(body);
    if encoding != UTF_8 && text.contains('\0') {
        return Err(DecodeError::Binary(SNIFF));
    }
    Ok(Decoded {
        text: normalise_newlines(text),
        encoding: encoding.name(),
    })
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
