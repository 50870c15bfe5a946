//! The credit line a site may keep (`images.keep_credit`): the photo's
//! EXIF Artist and Copyright, read from the source and written alone into
//! every file made from it. Everything else the camera wrote (GPS position,
//! serial numbers, dates, XMP, IPTC) stays stripped.

/// Who took the photo and who holds its rights, as the source says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Credit {
    pub artist: Option<String>,
    pub copyright: Option<String>,
}

/// Longest value kept: a credit line, not a caption.
const MAX_CHARS: usize = 200;

impl Credit {
    /// Reads Artist and Copyright from an EXIF block (a TIFF structure,
    /// with or without the `Exif\0\0` prefix JPEG files put before it).
    /// Damaged or hostile blocks give no credit, never an error.
    pub fn from_exif(block: &[u8]) -> Option<Credit> {
        let tiff = block.strip_prefix(b"Exif\0\0").unwrap_or(block);
        let exif = exif::Reader::new().read_raw(tiff.to_vec()).ok()?;
        let text = |tag| {
            let field = exif.get_field(tag, exif::In::PRIMARY)?;
            let exif::Value::Ascii(parts) = &field.value else {
                return None;
            };
            let joined = parts
                .iter()
                .map(|p| String::from_utf8_lossy(p))
                .collect::<Vec<_>>()
                .join(" ");
            clean(&joined)
        };
        let credit = Credit {
            artist: text(exif::Tag::Artist),
            copyright: text(exif::Tag::Copyright),
        };
        (credit != Credit::default()).then_some(credit)
    }

    /// An EXIF block (TIFF, little-endian) holding only IFD0 with the
    /// Artist and Copyright tags, for the encoders.
    pub fn to_exif(&self) -> Vec<u8> {
        const ASCII: u16 = 2;
        // In ascending tag order, as TIFF requires.
        let tags: Vec<(u16, &str)> = [(0x013B, &self.artist), (0x8298, &self.copyright)]
            .into_iter()
            .filter_map(|(tag, value)| Some((tag, value.as_deref()?)))
            .collect();
        let entries_end = 8 + 2 + 12 * tags.len() + 4;
        let mut head = Vec::with_capacity(entries_end);
        let mut values = Vec::new();
        head.extend_from_slice(b"II*\0");
        head.extend_from_slice(&8u32.to_le_bytes());
        head.extend_from_slice(&(tags.len() as u16).to_le_bytes());
        for (tag, value) in tags {
            let mut bytes = value.as_bytes().to_vec();
            bytes.push(0);
            head.extend_from_slice(&tag.to_le_bytes());
            head.extend_from_slice(&ASCII.to_le_bytes());
            head.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
            if bytes.len() <= 4 {
                bytes.resize(4, 0);
                head.extend_from_slice(&bytes);
            } else {
                let offset = (entries_end + values.len()) as u32;
                head.extend_from_slice(&offset.to_le_bytes());
                values.extend_from_slice(&bytes);
                if values.len() % 2 == 1 {
                    values.push(0); // offsets stay even
                }
            }
        }
        head.extend_from_slice(&0u32.to_le_bytes()); // no next IFD
        head.extend_from_slice(&values);
        head
    }
}

/// The value without control characters or surrounding blanks, cut at
/// [`MAX_CHARS`]; None when nothing is left.
fn clean(raw: &str) -> Option<String> {
    let kept: String = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_CHARS)
        .collect();
    (!kept.is_empty()).then_some(kept)
}

/// Puts `exif` into a WebP file as libwebp wrote it (a simple `VP8 ` or
/// `VP8L` file, or an extended one with `VP8X`): an `EXIF` chunk at the
/// end, and the `VP8X` header that announces it. None if the file is not
/// one libwebp writes.
pub fn webp_with_exif(webp: &[u8], exif: &[u8], width: u32, height: u32) -> Option<Vec<u8>> {
    const EXIF_FLAG: u8 = 0x08;
    const ALPHA_FLAG: u8 = 0x10;
    if webp.len() < 20 || &webp[0..4] != b"RIFF" || &webp[8..12] != b"WEBP" {
        return None;
    }
    let chunks = &webp[12..];
    let mut body = Vec::with_capacity(webp.len() + exif.len() + 32);
    match &chunks[0..4] {
        b"VP8X" => {
            body.extend_from_slice(chunks);
            *body.get_mut(8)? |= EXIF_FLAG;
        }
        b"VP8 " | b"VP8L" => {
            let alpha = &chunks[0..4] == b"VP8L";
            body.extend_from_slice(b"VP8X");
            body.extend_from_slice(&10u32.to_le_bytes());
            body.push(EXIF_FLAG | if alpha { ALPHA_FLAG } else { 0 });
            body.extend_from_slice(&[0, 0, 0]);
            body.extend_from_slice(&width.saturating_sub(1).to_le_bytes()[..3]);
            body.extend_from_slice(&height.saturating_sub(1).to_le_bytes()[..3]);
            body.extend_from_slice(chunks);
        }
        _ => return None,
    }
    body.extend_from_slice(b"EXIF");
    body.extend_from_slice(&(exif.len() as u32).to_le_bytes());
    body.extend_from_slice(exif);
    if exif.len() % 2 == 1 {
        body.push(0);
    }
    let mut out = Vec::with_capacity(body.len() + 12);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&((body.len() + 4) as u32).to_le_bytes());
    out.extend_from_slice(b"WEBP");
    out.extend_from_slice(&body);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_credit_written_is_read_back() {
        let credit = Credit {
            artist: Some("Aigerim Sadykova / Calder Courier".into()),
            copyright: Some("© 2026 Calder Courier".into()),
        };
        assert_eq!(Credit::from_exif(&credit.to_exif()), Some(credit.clone()));
        let short = Credit {
            artist: Some("AP".into()),
            copyright: None,
        };
        assert_eq!(Credit::from_exif(&short.to_exif()), Some(short));
    }

    #[test]
    fn damaged_blocks_and_control_characters_give_a_clean_credit_or_none() {
        assert_eq!(Credit::from_exif(b"Exif\0\0II*\0\xff\xff"), None);
        assert_eq!(Credit::from_exif(b""), None);
        assert_eq!(clean("  Jo\u{0}hn \n Doe "), Some("Jo hn Doe".into()));
        assert_eq!(clean("\u{7}\t"), None);
        assert_eq!(clean(&"x".repeat(500)).unwrap().len(), MAX_CHARS);
    }
}
