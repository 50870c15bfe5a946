//! Issue 25: every photo a site holds becomes responsive WebP variants, a
//! stripped fallback and (for a lead image) a social card, processed once.
//! Sites built with the real binary and the broadsheet theme; the images
//! are made here (the `image` crate) and read back from the output.

use crate::common;

use common::TestSite;
use image::{ImageDecoder, ImageReader, Rgb, RgbImage};

/// A JPEG of `w` x `h`: a red top-left quadrant on a blue-green gradient,
/// so orientation and content can be seen.
pub(crate) fn photo(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        if x < w / 2 && y < h / 2 {
            Rgb([230, 20, 20])
        } else {
            Rgb([20, (x * 255 / w) as u8, (y * 255 / h) as u8])
        }
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&img)
        .unwrap();
    out
}

/// `jpeg` with an EXIF segment (APP1) put right after its start marker:
/// the camera's orientation, a maker and a GPS position, as a phone writes,
/// and the photographer's `credit` (Artist, Copyright) if given.
fn with_exif(jpeg: &[u8], orientation: u16, credit: Option<(&str, &str)>) -> Vec<u8> {
    const ASCII: u16 = 2;
    /// An entry's value: in the entry, or data placed after the IFD.
    type Value = Result<u32, Vec<u8>>;
    // IFD0's entries in tag order: (tag, type, count, value).
    let mut entries: Vec<(u16, u16, u32, Value)> = vec![
        (0x010f, ASCII, 8, Err(b"Camera1\0".to_vec())), // Make
        (0x0112, 3, 1, Ok(orientation as u32)),         // Orientation
    ];
    if let Some((artist, copyright)) = credit {
        let text = |s: &str| [s.as_bytes(), b"\0"].concat();
        entries.push((0x013b, ASCII, artist.len() as u32 + 1, Err(text(artist))));
        entries.push((
            0x8298,
            ASCII,
            copyright.len() as u32 + 1,
            Err(text(copyright)),
        ));
    }
    entries.push((0x8825, 4, 1, Err(Vec::new()))); // GPS IFD, placed last
    // TIFF, little-endian: IFD0 at 8, its data, then the GPS IFD.
    let data_at = 8 + 2 + entries.len() * 12 + 4;
    let mut ifd: Vec<u8> = (entries.len() as u16).to_le_bytes().to_vec();
    let mut data = Vec::new();
    for (tag, kind, count, value) in &entries {
        ifd.extend(tag.to_le_bytes());
        ifd.extend(kind.to_le_bytes());
        ifd.extend(count.to_le_bytes());
        let at = match value {
            Ok(v) => *v,
            Err(bytes) if bytes.is_empty() => 0, // the GPS IFD's offset, below
            Err(bytes) => {
                let at = (data_at + data.len()) as u32;
                data.extend(bytes);
                data.resize(data.len().next_multiple_of(2), 0);
                at
            }
        };
        ifd.extend(at.to_le_bytes());
    }
    ifd.extend(0u32.to_le_bytes());
    let gps_at = (data_at + data.len()) as u32;
    let gps_entry = ifd.len() - 4 - 4;
    ifd[gps_entry..gps_entry + 4].copy_from_slice(&gps_at.to_le_bytes());
    let mut tiff: Vec<u8> = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    tiff.extend(ifd);
    tiff.extend(data);
    // The GPS IFD: one entry, GPSLatitudeRef (tag 1), ASCII, 2 bytes, "N".
    tiff.extend(1u16.to_le_bytes());
    tiff.extend([1, 0, 2, 0, 2, 0, 0, 0]);
    tiff.extend(b"N\0\0\0");
    tiff.extend(0u32.to_le_bytes());
    let mut app1 = vec![0xff, 0xe1];
    app1.extend(((2 + 6 + tiff.len()) as u16).to_be_bytes());
    app1.extend(b"Exif\0\0");
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

fn dimensions(bytes: &[u8]) -> (u32, u32) {
    ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .unwrap()
        .into_dimensions()
        .unwrap()
}

/// The EXIF block an image file carries, if any, as a decoder reads it.
fn exif_of(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut decoder = ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .unwrap()
        .into_decoder()
        .unwrap();
    decoder.exif_metadata().unwrap()
}

/// The image files of the output whose path contains `part`.
fn images_named(site: &TestSite, part: &str) -> Vec<String> {
    let image = |f: &String| {
        [".jpg", ".png", ".webp", ".avif"]
            .iter()
            .any(|e| f.ends_with(e))
    };
    site.output_files()
        .into_iter()
        .filter(|f| f.contains(part) && image(f))
        .collect()
}

fn site() -> TestSite {
    TestSite::with_broadsheet("")
}

#[test]
fn variants_are_made_at_the_configured_widths_never_wider_than_the_original() {
    let site = site();
    site.write_bytes("content/world/wide.jpg", &photo(2000, 1000));
    site.write_bytes("content/world/small.jpg", &photo(1000, 500));
    site.article(
        "world/a.md",
        "Harbour",
        "2024-05-01",
        "",
        "![Cranes](wide.jpg)\n\n![A dock](small.jpg)",
    );
    site.build();
    for (w, h) in [(480, 240), (800, 400), (1200, 600), (1600, 800)] {
        let file = format!("world/wide-{w}.webp");
        assert_eq!(dimensions(&site.read_bytes(&file)), (w, h), "{file}");
    }
    assert!(!site.exists("world/wide-2000.webp"));
    // The fallback keeps the original format, at the widest variant's size.
    let fallback = site.read_bytes("world/wide.jpg");
    assert_eq!(&fallback[..3], &[0xff, 0xd8, 0xff]);
    assert_eq!(dimensions(&fallback), (1600, 800));
    // A narrower original gets its own width as the widest variant.
    assert_eq!(
        dimensions(&site.read_bytes("world/small-1000.webp")),
        (1000, 500)
    );
    assert!(site.exists("world/small-800.webp"));
    assert!(!site.exists("world/small-1200.webp"));
    assert_eq!(dimensions(&site.read_bytes("world/small.jpg")), (1000, 500));
}

#[test]
fn pages_get_picture_srcset_sizes_dimensions_and_loading_hints() {
    let site = site();
    site.write_bytes("content/world/lead.jpg", &photo(2000, 1000));
    site.write_bytes("content/world/body.jpg", &photo(1000, 500));
    site.article(
        "world/a.md",
        "Harbour",
        "2024-05-01",
        "image: lead.jpg\nextra: {image_alt: \"Cranes at dusk\"}",
        "Text.\n\n![A dock \"at night\"](body.jpg \"The dock\")",
    );
    site.build();
    let page = site.page("/world/a/");
    // The body image: a picture with WebP sources, lazy.
    assert!(
        page.contains(
            "<picture><source type=\"image/webp\" srcset=\"/world/body-480.webp 480w, \
             /world/body-800.webp 800w, /world/body-1000.webp 1000w\" sizes=\"(min-width: \
             46rem) 42rem, 100vw\"><img src=\"/world/body.jpg\" alt=\"A dock “at night”\" \
             title=\"The dock\" width=\"1000\" height=\"500\" loading=\"lazy\" \
             decoding=\"async\"></picture>"
        ),
        "{page}"
    );
    // The lead image: eager, high priority, with its real dimensions.
    let figure = page
        .split("story__figure")
        .nth(1)
        .expect("a lead figure")
        .split("</figure>")
        .next()
        .unwrap();
    assert!(figure.contains("srcset=\"/world/lead-480.webp 480w, /world/lead-800.webp 800w, /world/lead-1200.webp 1200w, /world/lead-1600.webp 1600w\""), "{figure}");
    assert!(figure.contains("width=\"1600\" height=\"800\""), "{figure}");
    assert!(figure.contains("fetchpriority=\"high\""), "{figure}");
    assert!(!figure.contains("loading=\"lazy\""), "{figure}");
    assert!(figure.contains("alt=\"Cranes at dusk\""), "{figure}");
    // Open Graph and Twitter share the 1200x630 card.
    let card_url = "https://news.example.com/world/lead-social.jpg";
    assert!(
        page.contains(&format!(
            "<meta property=\"og:image\" content=\"{card_url}\">"
        )),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "<meta name=\"twitter:image\" content=\"{card_url}\">"
        )),
        "{page}"
    );
    assert_eq!(
        dimensions(&site.read_bytes("world/lead-social.jpg")),
        (1200, 630)
    );
    // Lists show the lead image as a small picture too.
    let list = site.page("/world/");
    assert!(
        list.contains("srcset=\"/world/lead-480.webp 480w"),
        "{list}"
    );
    assert!(list.contains("width=\"1600\" height=\"800\""), "{list}");
}

#[test]
fn orientation_is_applied_and_no_metadata_reaches_the_output() {
    let site = site();
    // Stored landscape, shown portrait: EXIF orientation 6 (turn 90° clockwise).
    let camera = with_exif(&photo(1000, 600), 6, None);
    assert!(exif_of(&camera).is_some(), "the test photo must carry EXIF");
    site.write_bytes("content/world/turned.jpg", &camera);
    site.article(
        "world/a.md",
        "A",
        "2024-05-01",
        "image: turned.jpg\nextra: {image_alt: x}",
        "![Turned](turned.jpg)",
    );
    site.build();
    let fallback = site.read_bytes("world/turned.jpg");
    assert_eq!(
        dimensions(&fallback),
        (600, 1000),
        "shown as the camera held it"
    );
    // The stored top-left red quadrant is now at the top right.
    let img = image::load_from_memory(&fallback).unwrap().into_rgb8();
    let Rgb([r, g, _]) = *img.get_pixel(600 - 50, 50);
    assert!(
        r > 180 && g < 80,
        "top right should be red, is {:?}",
        img.get_pixel(550, 50)
    );
    let Rgb([r, ..]) = *img.get_pixel(50, 50);
    assert!(r < 100, "top left should not be red");
    assert!(
        site.page("/world/a/")
            .contains("width=\"600\" height=\"1000\"")
    );
    // No image in the output carries EXIF, GPS or the maker.
    let images = images_named(&site, "");
    assert!(images.len() >= 4, "{images:?}");
    for f in &images {
        let bytes = site.read_bytes(f);
        assert_eq!(exif_of(&bytes), None, "{f} carries EXIF");
        for needle in [&b"Exif\0\0"[..], b"Camera1", b"GPS"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{f} holds {needle:?}"
            );
        }
    }
}

#[test]
fn a_site_that_keeps_credit_lines_keeps_artist_and_copyright_and_nothing_else() {
    let site = TestSite::with_broadsheet("images:\n  keep_credit: true\n");
    let credit = ("Aigerim Sadykova", "(c) 2026 Calder Courier");
    site.write_bytes(
        "content/world/credited.jpg",
        &with_exif(&photo(1000, 600), 1, Some(credit)),
    );
    site.write_bytes("content/world/plain.png", &{
        let mut out = Vec::new();
        image::DynamicImage::ImageRgb8(RgbImage::new(700, 400))
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    });
    site.article(
        "world/a.md",
        "A",
        "2024-05-01",
        "image: credited.jpg\nextra: {image_alt: x}",
        "![Credited](credited.jpg)\n\n![Plain](plain.png)",
    );
    site.build();
    let made = images_named(&site, "credited");
    assert!(made.len() >= 4, "fallback, variants and card: {made:?}");
    for f in &made {
        let bytes = site.read_bytes(f);
        // Read back by the decoder: the file is well formed with its EXIF.
        let exif = exif_of(&bytes).unwrap_or_else(|| panic!("{f} lost the credit line"));
        for kept in [credit.0, credit.1] {
            assert!(
                exif.windows(kept.len()).any(|w| w == kept.as_bytes()),
                "{f} lacks {kept}"
            );
        }
        for gone in [&b"Camera1"[..], b"GPS", b"N\0\0\0"] {
            assert!(
                !bytes.windows(gone.len()).any(|w| w == gone),
                "{f} holds {gone:?}"
            );
        }
        image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{f}: {e}"));
    }
    // A photo without a credit line gets no EXIF at all.
    let plain = images_named(&site, "plain");
    assert!(plain.len() >= 2, "{plain:?}");
    for f in &plain {
        assert_eq!(exif_of(&site.read_bytes(f)), None, "{f}");
    }
}

/// Width and height an AVIF file declares (its `ispe` property).
fn avif_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    let at = bytes.windows(4).position(|w| w == b"ispe")? + 8;
    let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    Some((be(at), be(at + 4)))
}

#[test]
fn avif_variants_are_made_when_the_site_asks_and_offered_first() {
    let site = TestSite::with_broadsheet("images:\n  avif: true\n  widths: [480, 800]\n");
    site.write_bytes("content/world/a.jpg", &photo(1000, 600));
    site.article(
        "world/a.md",
        "A",
        "2024-05-01",
        "image: a.jpg\nextra: {image_alt: x}",
        "![A photo](a.jpg)",
    );
    site.build();
    for (w, h) in [(480, 288), (800, 480)] {
        let bytes = site.read_bytes(&format!("world/a-{w}.avif"));
        assert_eq!(&bytes[4..12], b"ftypavif", "an AVIF file");
        assert_eq!(avif_dimensions(&bytes), Some((w, h)));
        let webp = site.read_bytes(&format!("world/a-{w}.webp"));
        assert!(
            bytes.len() < webp.len() * 2,
            "AVIF {} bytes, WebP {}",
            bytes.len(),
            webp.len()
        );
    }
    let page = site.page("/world/a/");
    let avif =
        "<source type=\"image/avif\" srcset=\"/world/a-480.avif 480w, /world/a-800.avif 800w\"";
    // The lead image (theme) and the body image (Markdown) both offer it,
    // before WebP.
    assert_eq!(page.matches(avif).count(), 2, "{page}");
    let first_avif = page.find("image/avif").unwrap();
    assert!(first_avif < page.find("image/webp").unwrap());
    // Without the option no AVIF is made.
    let plain = TestSite::with_broadsheet("");
    plain.write_bytes("content/world/a.jpg", &photo(1000, 600));
    plain.article("world/a.md", "A", "2024-05-01", "", "![A photo](a.jpg)");
    plain.build();
    assert!(!plain.output_files().iter().any(|f| f.ends_with(".avif")));
    assert!(!plain.page("/world/a/").contains("image/avif"));
}

/// The `images:` line of `gazette build --timings`.
fn images_line(run: &common::Run) -> String {
    run.stderr
        .lines()
        .find(|l| l.trim_start().starts_with("images:"))
        .unwrap_or_else(|| panic!("no images line:\n{}", run.stderr))
        .trim()
        .to_string()
}

#[test]
fn a_rebuild_processes_nothing_and_an_edited_image_is_processed_again() {
    let site = site();
    site.write_bytes("content/world/a.jpg", &photo(900, 600));
    site.write_bytes("content/world/b.jpg", &photo(700, 500));
    site.article(
        "world/a.md",
        "A",
        "2024-05-01",
        "",
        "![A](a.jpg) ![B](b.jpg)",
    );
    let first = site.build_with(&["--timings"]).ok();
    assert_eq!(images_line(&first), "images: 2 processed, 0 from the cache");
    let cache = site.path(".output.state/images");
    assert!(
        cache.is_dir(),
        "the cache sits in the state folder beside the output"
    );
    let before = site.snapshot();
    let second = site.build_with(&["--timings"]).ok();
    assert_eq!(
        images_line(&second),
        "images: 0 processed, 2 from the cache"
    );
    assert_eq!(site.snapshot(), before, "the same output from the cache");
    // Output files are hard links of the cache's.
    use std::os::unix::fs::MetadataExt;
    assert!(
        std::fs::metadata(site.output().join("world/a-480.webp"))
            .unwrap()
            .nlink()
            >= 2
    );

    // An edit (same size or not) is seen and processed again.
    site.write_bytes("content/world/a.jpg", &photo(800, 600));
    let third = site.build_with(&["--timings"]).ok();
    assert_eq!(images_line(&third), "images: 1 processed, 1 from the cache");
    assert_eq!(dimensions(&site.read_bytes("world/a.jpg")), (800, 600));
    assert!(
        site.page("/world/a/")
            .contains("width=\"800\" height=\"600\"")
    );
    // The old entry, which no page uses any more, is pruned.
    let entries = |dir: &std::path::Path| {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_dir())
            .count()
    };
    assert_eq!(entries(&cache), 2);
    site.remove("content/world/b.jpg");
    site.article("world/a.md", "A", "2024-05-01", "", "![A](a.jpg)");
    site.build();
    assert_eq!(entries(&cache), 1);
    assert!(!site.exists("world/b-480.webp"));
}

#[test]
fn images_without_alt_text_are_warned_about_with_file_and_line() {
    let site = site();
    site.write_bytes("content/world/a.jpg", &photo(600, 400));
    site.article(
        "world/a.md",
        "A",
        "2024-05-01",
        "image: a.jpg",
        "First paragraph.\n\n![](a.jpg)\n\n![Described](a.jpg)",
    );
    let run = site.build();
    // Front matter: 5 lines and a blank one; the image is body line 3.
    run.stderr_has("content/world/a.md:9: this image has no alt text");
    run.stderr_has("content/world/a.md:4: the lead image a.jpg has no alt text");
    assert_eq!(
        run.stderr.matches("this image has no alt text").count(),
        1,
        "{}",
        run.stderr
    );
}

/// A PNG declaring `w` x `h` pixels, with only a sliver of image data.
fn png_declaring(w: u32, h: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend(kind);
        out.extend(data);
        let crc = crc32(&out[start..]);
        out.extend(crc.to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    // A few kilobytes of zeros, deflated: what a bomb inflates from.
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut z, &vec![0u8; 1 << 20]).unwrap();
    chunk(&mut out, b"IDAT", &z.finish().unwrap());
    chunk(&mut out, b"IEND", &[]);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn a_decompression_bomb_is_refused_by_name_within_a_memory_limit() {
    let site = site();
    site.write_bytes("content/world/bomb.png", &png_declaring(40_000, 40_000));
    site.write_bytes("content/world/fine.jpg", &photo(600, 400));
    site.article(
        "world/a.md",
        "A",
        "2024-05-01",
        "",
        "![Bomb](bomb.png) ![Fine](fine.jpg)",
    );
    // Peak memory measured by the kernel for the whole run.
    let out = std::process::Command::new("/usr/bin/time")
        .args(["-f", "maxrss_kb=%M"])
        .arg(env!("CARGO_BIN_EXE_gazette"))
        .arg("--root")
        .arg(site.root())
        .arg("build")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("content/world/bomb.png: the image declares 40000x40000 pixels (1600 megapixels), over the limit of 50 megapixels"),
        "{stderr}"
    );
    assert!(stderr.contains("images.max_megapixels"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let rss: u64 = stderr
        .split("maxrss_kb=")
        .nth(1)
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| panic!("no memory figure: {stderr}"));
    assert!(rss < 200_000, "peak memory {rss} KiB");
    assert!(!site.output().exists(), "a failed build writes no output");
}

#[test]
fn damaged_and_misnamed_images_are_named_in_warnings_and_copied_as_they_are() {
    let site = site();
    let good = photo(600, 400);
    let noise = b"\xff\xd8\xff\xe0 this is not a photo at all";
    site.write_bytes("content/world/cut.jpg", &good[..good.len() / 3]);
    site.write_bytes("content/world/noise.jpg", noise);
    site.write_bytes(
        "content/world/text.png",
        b"a note saved with the wrong name",
    );
    site.write_bytes("content/world/fine.jpg", &good);
    site.article(
        "world/a.md",
        "A",
        "2024-05-01",
        "",
        "![Fine](fine.jpg) ![Noise](noise.jpg)",
    );
    // The rest of the site is built: nothing else is lost.
    let run = site.build();
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr_has("warning: content/world/noise.jpg: the image is damaged or truncated");
    run.stderr_has("warning: content/world/text.png: this file is not a JPEG, PNG or WebP image");
    run.stderr_has("it is copied as it is, without smaller sizes");
    assert_eq!(site.read_bytes("world/noise.jpg"), noise);
    let page = site.page("/world/a/");
    assert!(
        page.contains("<img src=\"/world/noise.jpg\" alt=\"Noise\" />"),
        "{page}"
    );
    assert!(
        page.contains("srcset=\"/world/fine-480.webp 480w"),
        "{page}"
    );
    // A truncated JPEG is processed as far as the decoder can read it, or
    // named in a warning; either way, no panic and no hang.
    assert!(site.exists("world/cut.jpg"));
    assert!(run.elapsed.as_secs() < 60);
}

#[test]
fn limits_are_read_from_site_yaml() {
    let site = TestSite::with_broadsheet("images:\n  max_file_mb: 1\n  widths: [300]\n");
    site.write_bytes("content/world/a.jpg", &photo(700, 500));
    site.article("world/a.md", "A", "2024-05-01", "", "![A](a.jpg)");
    site.build();
    assert!(site.exists("world/a-300.webp"));
    assert!(!site.exists("world/a-480.webp"));
    let mut big = photo(700, 500);
    big.extend(vec![0u8; 1 << 20]);
    site.write_bytes("content/world/a.jpg", &big);
    let run = site.build_with(&[]).fails();
    run.stderr_has("content/world/a.jpg: the image file is 1.0");
    run.stderr_has("MiB, over the limit of 1 MiB");
    let bad = TestSite::with_broadsheet("images:\n  widths: []\n");
    bad.build_with(&[])
        .fails()
        .stderr_has("`images.widths` [] must list widths");
}

#[test]
fn the_image_function_gives_theme_authors_a_variant() {
    let site = site();
    site.write_bytes("content/world/a.jpg", &photo(2000, 1000));
    site.article("world/a.md", "A", "2024-05-01", "", "![A](a.jpg)");
    site.write(
        "templates/page.html",
        "{% set i = image(path=\"world/a.jpg\", width=700) %}[{{ i.url }} {{ i.width }}x{{ i.height }}]\
         {% set f = image(path=\"/world/a.jpg\") %}[{{ f.url }} {{ f.width }}x{{ f.height }}]",
    );
    site.raw("about.md", "---\ntitle: About\ntype: page\n---\nx\n");
    site.build();
    let about = site.page("/about/");
    assert!(about.contains("[/world/a-800.webp 800x400]"), "{about}");
    assert!(about.contains("[/world/a.jpg 1600x800]"), "{about}");
}

#[test]
fn the_example_site_serves_responsive_photos() {
    let site = TestSite::example();
    site.build();
    let page = site.page("/world/harbour-strike-ends/");
    assert!(
        page.contains("srcset=\"/world/harbour-480.webp 480w"),
        "{page}"
    );
    assert!(
        page.contains("og:image\" content=\"https://news.example.com/world/harbour-social.jpg")
    );
    for f in [
        "world/harbour.jpg",
        "culture/lanterns.jpg",
        "business/battery-plant.png",
    ] {
        assert_eq!(exif_of(&site.read_bytes(f)), None, "{f}");
    }
}
