//! One image, from its file's bytes to encoded variants: decode within the
//! limits, colour profile to sRGB, EXIF orientation applied, resize with a
//! SIMD resizer, encode WebP variants, a fallback in the original format and
//! (for a lead image) a 1200x630 social card. Nothing of the source's
//! metadata is carried over: the encoders are given pixels only, and at
//! most the credit line a site asks to keep ([`credit`]).
//!
//! Gazette's media stage (`src/media/`) calls it; the cache, the file names
//! and the pages are its business, not this crate's.

pub mod credit;

use std::io::Cursor;

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader};

use credit::Credit;

/// What to make, as site.yaml's `images:` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Widths of the WebP variants.
    pub widths: Vec<u32>,
    /// Lossy quality, 1 to 100.
    pub quality: u8,
    /// Largest image accepted, in millions of pixels.
    pub max_megapixels: u32,
    /// Keep the source's EXIF Artist and Copyright in every file made.
    pub keep_credit: bool,
    /// Make AVIF variants too, at the same widths.
    pub avif: bool,
}

/// rav1e's speed for AVIF variants, 1 (slowest, smallest) to 10. On the
/// example site's photos, 8 gives files a quarter smaller than WebP's, as
/// small as 6 does in less time; 9 takes half the time for files only 14%
/// smaller; 10 makes files larger than WebP's (docs/images.md).
const AVIF_SPEED: u8 = 8;

/// Width and height of the social card (Open Graph, Twitter).
pub const SOCIAL_SIZE: (u32, u32) = (1200, 630);

/// The formats Gazette processes; others (GIF, SVG, AVIF) are copied as is.
pub fn processed_extension(ext: &str) -> Option<Original> {
    match ext.to_ascii_lowercase().as_str() {
        "jpg" | "jpeg" => Some(Original::Jpeg),
        "png" => Some(Original::Png),
        "webp" => Some(Original::WebP),
        _ => None,
    }
}

/// The format of the source, which its fallback keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Original {
    Jpeg,
    Png,
    WebP,
}

/// What was made from one image: encoded files, largest first.
pub struct Made {
    /// Width and height of the fallback (the largest variant).
    pub width: u32,
    pub height: u32,
    /// WebP variants: (width, height, bytes), largest first.
    pub variants: Vec<(u32, u32, Vec<u8>)>,
    /// AVIF variants at the same widths, when asked for; else empty.
    pub avif_variants: Vec<(u32, u32, Vec<u8>)>,
    /// The fallback in the original format.
    pub fallback: Vec<u8>,
    /// The social card, when asked for.
    pub social: Option<Vec<u8>>,
    /// The credit line written into every file, when kept and present.
    pub credit: Option<Credit>,
}

/// Why an image could not be processed, said for the person who put it there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub message: String,
    pub help: String,
    /// Over a limit of site.yaml (a decompression bomb, a huge file): the
    /// build stops. Otherwise the file is no image Gazette can read (damaged,
    /// misnamed, a placeholder) and is copied as it is, with a warning.
    pub over_limit: bool,
}

fn refused(message: impl Into<String>, help: impl Into<String>) -> Refused {
    Refused {
        message: message.into(),
        help: help.into(),
        over_limit: false,
    }
}

fn over_limit(message: impl Into<String>, help: impl Into<String>) -> Refused {
    Refused {
        over_limit: true,
        ..refused(message, help)
    }
}

/// Pixels of the decoded image, 8 bits a channel, alpha only if it has some.
struct Pixels {
    width: u32,
    height: u32,
    alpha: bool,
    data: Vec<u8>,
}

impl Pixels {
    fn pixel_type(&self) -> PixelType {
        if self.alpha {
            PixelType::U8x4
        } else {
            PixelType::U8x3
        }
    }
}

/// Processes `bytes` (a file in format `original`) as `config` asks.
pub fn process(
    bytes: &[u8],
    original: Original,
    config: &Settings,
    social: bool,
) -> Result<Made, Refused> {
    let (pixels, credit) = decode(bytes, config)?;
    let exif = credit.as_ref().map(Credit::to_exif);
    let exif = exif.as_deref();
    let (full_width, full_height) = (pixels.width, pixels.height);
    let widths = variant_widths(&config.widths, pixels.width);
    let mut resizer = Resizer::new();
    let mut variants = Vec::with_capacity(widths.len());
    let mut avif_variants = Vec::new();
    let mut fallback = None;
    let mut social_card_bytes = None;
    // Largest first, each from the one before: one Lanczos pass over the
    // full photo (a 3000x2000 one costs more than all the others together),
    // then smaller ones from a source still wider than each result.
    let mut source = pixels;
    for &w in widths.iter().rev() {
        let h = scaled_height(full_width, full_height, w);
        let data = if (w, h) == (source.width, source.height) {
            source.data.clone()
        } else {
            resize(&mut resizer, &source, w, h)?
        };
        let small = Pixels {
            width: w,
            height: h,
            alpha: source.alpha,
            data,
        };
        if fallback.is_none() {
            fallback = Some((
                w,
                h,
                encode_original(&small, original, config.quality, exif)?,
            ));
            if social {
                // From the widest variant when it is at least the card's
                // width (less to resample), else from the original.
                let from = if small.width >= SOCIAL_SIZE.0 {
                    &small
                } else {
                    &source
                };
                social_card_bytes = Some(social_card(&mut resizer, from, config.quality, exif)?);
            }
        }
        variants.push((w, h, encode_webp(&small, config.quality, exif)?));
        if config.avif {
            avif_variants.push((w, h, encode_avif(&small, config.quality, exif)?));
        }
        source = small;
    }
    let (width, height, fallback) =
        fallback.ok_or_else(|| refused("the image has no pixels", "replace the file"))?;
    let social = social_card_bytes;
    Ok(Made {
        width,
        height,
        variants,
        avif_variants,
        fallback,
        social,
        credit,
    })
}

/// The configured widths narrower than `original`, and the original width
/// itself when some configured width is wider (so a 1000 px photo gets 480,
/// 800 and 1000): never an upscaled variant.
pub fn variant_widths(configured: &[u32], original: u32) -> Vec<u32> {
    let mut widths: Vec<u32> = configured
        .iter()
        .copied()
        .filter(|&w| w < original)
        .collect();
    if configured.iter().any(|&w| w >= original) || widths.is_empty() {
        widths.push(original);
    }
    widths.sort_unstable();
    widths.dedup();
    widths
}

/// Height at width `w` keeping the aspect ratio, at least one pixel.
pub fn scaled_height(width: u32, height: u32, w: u32) -> u32 {
    ((height as u64 * w as u64 + width as u64 / 2) / width as u64).max(1) as u32
}

/// Decodes within the limits, converts to sRGB and applies the orientation.
/// The pixels, and the credit line when the site keeps it.
fn decode(bytes: &[u8], config: &Settings) -> Result<(Pixels, Option<Credit>), Refused> {
    let max_pixels = config.max_megapixels as u64 * 1_000_000;
    let reader = || {
        ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| refused(format!("cannot read the image: {e}"), "replace the file"))
    };
    let mut reader_now = reader()?;
    let format = reader_now.format();
    if !matches!(
        format,
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)
    ) {
        return Err(refused(
            "this file is not a JPEG, PNG or WebP image (its content does not match its name)",
            "export the photo as JPEG, PNG or WebP, or give the file the right extension",
        ));
    }
    // The size the file declares, from its header alone, before anything
    // is allocated for the pixels: a bomb stops here.
    let (w, h) = reader_now.into_dimensions().map_err(corrupt)?;
    let declared = w as u64 * h as u64;
    if declared > max_pixels {
        return Err(over_limit(
            format!(
                "the image declares {w}x{h} pixels ({} megapixels), over the limit of {} \
                 megapixels",
                declared / 1_000_000,
                config.max_megapixels
            ),
            "resize the photo before adding it, or raise `images.max_megapixels` in site.yaml",
        ));
    }
    let mut limits = image::Limits::default();
    // The decoder may hold the image once more while converting: the
    // allocation limit is the pixel limit at 4 bytes a pixel, twice.
    limits.max_alloc = Some(max_pixels.saturating_mul(8).max(64 << 20));
    reader_now = reader()?;
    reader_now.limits(limits);
    let mut decoder = reader_now.into_decoder().map_err(corrupt)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let credit = match config.keep_credit {
        true => decoder
            .exif_metadata()
            .ok()
            .flatten()
            .and_then(|block| Credit::from_exif(&block)),
        false => None,
    };
    let image = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    let alpha = image.color().has_alpha();
    let mut image = if alpha {
        DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.into_rgb8())
    };
    if let Some(icc) = icc {
        to_srgb(&mut image, &icc);
    }
    image.apply_orientation(orientation);
    let pixels = Pixels {
        width: image.width(),
        height: image.height(),
        alpha,
        data: image.into_bytes(),
    };
    Ok((pixels, credit))
}

fn corrupt(e: image::ImageError) -> Refused {
    match e {
        image::ImageError::Limits(_) => over_limit(
            format!("the image needs more memory to decode than allowed ({e})"),
            "resize the photo before adding it, or raise `images.max_megapixels` in site.yaml",
        ),
        image::ImageError::Unsupported(_) => refused(
            format!("this kind of image is not supported: {e}"),
            "export the photo as an 8-bit JPEG, PNG or WebP",
        ),
        _ => refused(
            format!("the image is damaged or truncated: {e}"),
            "export the photo again from its original, or remove it",
        ),
    }
}

/// Converts pixels described by the ICC profile `icc` to sRGB, so that a
/// photo in Display P3 or Adobe RGB keeps its colours once its profile is
/// stripped. A profile that cannot be read leaves the pixels as they are
/// (most such files are sRGB with a damaged tag).
fn to_srgb(image: &mut DynamicImage, icc: &[u8]) {
    use moxcms::{ColorProfile, Layout, TransformOptions};
    let Ok(source) = ColorProfile::new_from_slice(icc) else {
        return;
    };
    let srgb = ColorProfile::new_srgb();
    let layout = if image.color().has_alpha() {
        Layout::Rgba
    } else {
        Layout::Rgb
    };
    let Ok(transform) =
        source.create_transform_8bit(layout, &srgb, layout, TransformOptions::default())
    else {
        return;
    };
    let buffer: &mut [u8] = match image {
        DynamicImage::ImageRgb8(b) => b,
        DynamicImage::ImageRgba8(b) => b,
        _ => return,
    };
    let mut out = vec![0u8; buffer.len()];
    if transform.transform(buffer, &mut out).is_ok() {
        buffer.copy_from_slice(&out);
    }
}

fn resize(resizer: &mut Resizer, src: &Pixels, w: u32, h: u32) -> Result<Vec<u8>, Refused> {
    resize_area(resizer, src, w, h, None)
}

/// Resizes `src` (or the `crop` (x, y, width, height) of it) to `w` x `h`.
fn resize_area(
    resizer: &mut Resizer,
    src: &Pixels,
    w: u32,
    h: u32,
    crop: Option<(f64, f64, f64, f64)>,
) -> Result<Vec<u8>, Refused> {
    let failed = |e: &dyn std::fmt::Display| refused(format!("cannot resize: {e}"), "");
    let view = ImageRef::new(src.width, src.height, &src.data, src.pixel_type())
        .map_err(|e| failed(&e))?;
    let mut dst = Image::new(w, h, src.pixel_type());
    let mut options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    if let Some((x, y, cw, ch)) = crop {
        options = options.crop(x, y, cw, ch);
    }
    resizer
        .resize(&view, &mut dst, &options)
        .map_err(|e| failed(&e))?;
    Ok(dst.into_vec())
}

/// The 1200x630 card: the centre of the image, cut to the card's shape,
/// scaled to its size (a smaller image gives a smaller card of that shape).
fn social_card(
    resizer: &mut Resizer,
    src: &Pixels,
    quality: u8,
    exif: Option<&[u8]>,
) -> Result<Vec<u8>, Refused> {
    let (cw, ch) = SOCIAL_SIZE;
    let (sw, sh) = (src.width as f64, src.height as f64);
    let target = cw as f64 / ch as f64;
    let (crop_w, crop_h) = if sw / sh > target {
        (sh * target, sh)
    } else {
        (sw, sw / target)
    };
    let scale = (cw as f64 / crop_w).min(1.0);
    let (w, h) = (
        ((crop_w * scale).round() as u32).max(1),
        ((crop_h * scale).round() as u32).max(1),
    );
    let crop = ((sw - crop_w) / 2.0, (sh - crop_h) / 2.0, crop_w, crop_h);
    let data = resize_area(resizer, src, w, h, Some(crop))?;
    let card = Pixels {
        width: w,
        height: h,
        alpha: src.alpha,
        data,
    };
    // JPEG: every social network reads it; WebP cards are not shown by all.
    encode_original(&card, Original::Jpeg, quality, exif)
}

/// `exif`: the only metadata written, if any (see [`credit`]).
fn encode_webp(p: &Pixels, quality: u8, exif: Option<&[u8]>) -> Result<Vec<u8>, Refused> {
    let encoder = if p.alpha {
        webp::Encoder::from_rgba(&p.data, p.width, p.height)
    } else {
        webp::Encoder::from_rgb(&p.data, p.width, p.height)
    };
    let mut config =
        webp::WebPConfig::new().map_err(|_| refused("cannot set up the WebP encoder", ""))?;
    config.quality = quality as f32;
    // Method 4 is libwebp's default; 2 is within 1-2% of its size at half
    // the time, which matters at a thousand photos.
    config.method = 2;
    let out = encoder
        .encode_advanced(&config)
        .map_err(|e| refused(format!("cannot encode WebP: {e:?}"), ""))?;
    Ok(match exif {
        Some(exif) => credit::webp_with_exif(&out, exif, p.width, p.height)
            .ok_or_else(|| refused("cannot add the credit line to the WebP file", ""))?,
        None => out.to_vec(),
    })
}

/// `exif`: the only metadata written, if any (see [`credit`]).
fn encode_avif(p: &Pixels, quality: u8, exif: Option<&[u8]>) -> Result<Vec<u8>, Refused> {
    let mut out = Vec::new();
    let mut encoder =
        image::codecs::avif::AvifEncoder::new_with_speed_quality(&mut out, AVIF_SPEED, quality);
    if let Some(exif) = exif {
        let _ = encoder.set_exif_metadata(exif.to_vec());
    }
    let color = if p.alpha {
        image::ExtendedColorType::Rgba8
    } else {
        image::ExtendedColorType::Rgb8
    };
    encoder
        .write_image(&p.data, p.width, p.height, color)
        .map_err(|e| refused(format!("cannot encode AVIF: {e}"), ""))?;
    Ok(out)
}

fn encode_original(
    p: &Pixels,
    format: Original,
    quality: u8,
    exif: Option<&[u8]>,
) -> Result<Vec<u8>, Refused> {
    let mut out = Vec::new();
    let color = if p.alpha {
        image::ExtendedColorType::Rgba8
    } else {
        image::ExtendedColorType::Rgb8
    };
    let failed = |e: image::ImageError| refused(format!("cannot encode: {e}"), "");
    match format {
        Original::Jpeg => {
            // JPEG has no alpha: flatten on white.
            let rgb;
            let data = if p.alpha {
                rgb = flatten(&p.data);
                &rgb
            } else {
                &p.data
            };
            let mut encoder =
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality.min(95));
            if let Some(exif) = exif {
                let _ = encoder.set_exif_metadata(exif.to_vec());
            }
            encoder
                .write_image(data, p.width, p.height, image::ExtendedColorType::Rgb8)
                .map_err(failed)?;
        }
        Original::Png => {
            let mut encoder = image::codecs::png::PngEncoder::new(&mut out);
            if let Some(exif) = exif {
                let _ = encoder.set_exif_metadata(exif.to_vec());
            }
            encoder
                .write_image(&p.data, p.width, p.height, color)
                .map_err(failed)?;
        }
        Original::WebP => return encode_webp(p, quality, exif),
    }
    Ok(out)
}

/// RGBA over white, as RGB.
fn flatten(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .flat_map(|px| {
            let a = px[3] as u32;
            let over = |c: u8| ((c as u32 * a + 255 * (255 - a) + 127) / 255) as u8;
            [over(px[0]), over(px[1]), over(px[2])]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_never_wider_than_the_original() {
        assert_eq!(
            variant_widths(&[480, 800, 1200, 1600], 3000),
            [480, 800, 1200, 1600]
        );
        assert_eq!(
            variant_widths(&[480, 800, 1200, 1600], 1000),
            [480, 800, 1000]
        );
        assert_eq!(variant_widths(&[480, 800], 300), [300]);
        assert_eq!(variant_widths(&[480, 800], 800), [480, 800]);
    }

    #[test]
    fn heights_keep_the_aspect_ratio() {
        assert_eq!(scaled_height(3000, 2000, 480), 320);
        assert_eq!(scaled_height(4000, 1, 480), 1);
    }

    #[test]
    fn alpha_is_flattened_on_white() {
        assert_eq!(
            flatten(&[0, 0, 0, 0, 10, 20, 30, 255]),
            [255, 255, 255, 10, 20, 30]
        );
    }
}
