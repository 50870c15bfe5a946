//! Photo-like test images for bench/images.sh: `bench_photos DIR N` writes
//! N JPEGs of 3000x2000 (`p01.jpg`...): smooth colour fields with fine
//! grain, which JPEG and WebP cannot compress away, as in a real photo.

use image::{Rgb, RgbImage};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("usage: bench_photos DIR N"));
    let n: u32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(20);
    std::fs::create_dir_all(&dir).unwrap();
    for k in 1..=n {
        let path = dir.join(format!("p{k:02}.jpg"));
        if path.exists() {
            continue;
        }
        let mut seed = k.wrapping_mul(2_654_435_761);
        let mut grain = move || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            (seed % 24) as f32 - 12.0
        };
        let f = k as f32;
        let img = RgbImage::from_fn(3000, 2000, |x, y| {
            let (x, y) = (x as f32 / 300.0, y as f32 / 300.0);
            let mut c = |a: f32, b: f32| {
                let v = 128.0
                    + 60.0 * (x * a + f).sin() * (y * b - f).cos()
                    + 40.0 * (x * y * 0.1 + a).sin();
                (v + grain()).clamp(0.0, 255.0) as u8
            };
            Rgb([c(1.1, 0.7), c(0.6, 1.3), c(0.9, 0.4)])
        });
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
            .encode_image(&img)
            .unwrap();
        std::fs::write(&path, out).unwrap();
    }
}
