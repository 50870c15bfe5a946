//! Processed images in pages: the `<picture>` that replaces a Markdown
//! image in a body, and the value themes read for lead images and the
//! `image()` template function. Not the place for processing.

use std::borrow::Cow;

use tera::Value;

use super::{Image, Images};

impl Images {
    /// `html` (a rendered Markdown body, root links not yet prefixed) with
    /// each `<img>` of a processed image, as Markdown writes it, turned
    /// into a `<picture>`: WebP `srcset` and `sizes`, the fallback's
    /// `width` and `height`, lazy loading. Other images are left alone, and
    /// so is an `<img>` that already has a `width` (an author's own HTML).
    /// Borrowed when there is nothing to change.
    pub fn rewrite_body<'h>(&self, html: &'h str, base_path: &str) -> Cow<'h, str> {
        const OPEN: &str = "<img src=\"";
        if self.is_empty() || !html.contains(OPEN) {
            return Cow::Borrowed(html);
        }
        let mut out = String::with_capacity(html.len() + 512);
        let mut copied = 0;
        let mut from = 0;
        while let Some(found) = html[from..].find(OPEN) {
            let start = from + found;
            let src_start = start + OPEN.len();
            from = src_start;
            let Some(src_len) = html[src_start..].find('"') else {
                break;
            };
            let Some(tag_len) = html[start..].find('>') else {
                break;
            };
            let tag = &html[start..start + tag_len + 1];
            let src = &html[src_start..src_start + src_len];
            let Some(image) = super::output_of(src, "").and_then(|o| self.get(&o)) else {
                continue;
            };
            if tag.contains(" width=") {
                continue;
            }
            let attrs = tag
                .strip_suffix("/>")
                .or_else(|| tag.strip_suffix('>'))
                .unwrap_or(tag)
                .trim_end();
            out.push_str(&html[copied..start]);
            out.push_str("<picture>");
            let sizes = escape(&self.sizes);
            // The browser takes the first type it can show: AVIF, the smaller.
            for (kind, set) in [("avif", &image.avif), ("webp", &image.variants)] {
                if !set.is_empty() {
                    out.push_str(&format!(
                        "<source type=\"image/{kind}\" srcset=\"{}\" sizes=\"{sizes}\">",
                        srcset(set, base_path)
                    ));
                }
            }
            out.push_str(attrs);
            out.push_str(&format!(
                " width=\"{}\" height=\"{}\"",
                image.fallback.width, image.fallback.height
            ));
            // A shortcode's `<img>` may say these already: an attribute
            // twice is invalid HTML.
            for (name, value) in [("loading", "lazy"), ("decoding", "async")] {
                if !attrs.contains(&format!(" {name}=")) {
                    out.push_str(&format!(" {name}=\"{value}\""));
                }
            }
            out.push_str("></picture>");
            copied = start + tag.len();
            from = copied;
        }
        if copied == 0 {
            return Cow::Borrowed(html);
        }
        out.push_str(&html[copied..]);
        Cow::Owned(out)
    }

    /// The template value of the image at output path `output`, URLs under
    /// `base_path`: see [`Image::value`].
    pub fn value(&self, output: &str, base_path: &str) -> Option<Value> {
        Some(self.get(output)?.value(base_path, &self.sizes))
    }

    /// `{output path: value}` for the `image()` template function.
    pub fn all_values(&self, base_path: &str) -> Value {
        let mut map = tera::Map::new();
        for (path, image) in self.iter() {
            map.insert(path.clone().into(), image.value(base_path, &self.sizes));
        }
        Value::from(map)
    }
}

/// `/world/a-480.webp 480w, /world/a-800.webp 800w`.
fn srcset(variants: &[super::Variant], base_path: &str) -> String {
    variants
        .iter()
        .map(|v| format!("{base_path}/{} {}w", url_path(&v.path), v.width))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Image {
    /// What themes read (docs/templates.md): `{src, width, height, srcset,
    /// avif_srcset, sizes, type, social, variants: [{url, width, height}],
    /// avif_variants}`, URLs root-relative under `base_path`.
    pub fn value(&self, base_path: &str, sizes: &str) -> Value {
        let url = |p: &str| format!("{base_path}/{}", url_path(p));
        let variant = |v: &super::Variant| {
            let mut m = tera::Map::new();
            m.insert("url".into(), url(&v.path).into());
            m.insert("width".into(), v.width.into());
            m.insert("height".into(), v.height.into());
            Value::from(m)
        };
        let mut m = tera::Map::new();
        m.insert("src".into(), url(&self.fallback.path).into());
        m.insert("width".into(), self.fallback.width.into());
        m.insert("height".into(), self.fallback.height.into());
        m.insert("srcset".into(), srcset(&self.variants, base_path).into());
        m.insert("avif_srcset".into(), srcset(&self.avif, base_path).into());
        m.insert("sizes".into(), sizes.into());
        m.insert("type".into(), "image/webp".into());
        m.insert(
            "social".into(),
            self.social.as_ref().map_or(Value::none(), variant),
        );
        m.insert(
            "variants".into(),
            Value::from(self.variants.iter().map(variant).collect::<Vec<_>>()),
        );
        m.insert(
            "avif_variants".into(),
            Value::from(self.avif.iter().map(variant).collect::<Vec<_>>()),
        );
        Value::from(m)
    }
}

/// An output path as a URL path: each part percent-encoded as needed.
fn url_path(path: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(path, KEEP).to_string()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::super::{Image, Images, Variant};
    use std::sync::Arc;

    fn images() -> Images {
        let v = |path: &str, width, height| Variant {
            path: path.into(),
            width,
            height,
        };
        let mut images = Images {
            sizes: "100vw".into(),
            ..Default::default()
        };
        images.by_output.insert(
            "world/a.jpg".into(),
            Arc::new(Image {
                fallback: v("world/a.jpg", 800, 533),
                variants: vec![
                    v("world/a-480.webp", 480, 320),
                    v("world/a-800.webp", 800, 533),
                ],
                avif: Vec::new(),
                social: None,
            }),
        );
        images
    }

    #[test]
    fn markdown_images_become_pictures() {
        let html =
            "<p><img src=\"/world/a.jpg\" alt=\"A ship\" /> <img src=\"/b.gif\" alt=\"\" /></p>";
        let out = images().rewrite_body(html, "/news");
        assert_eq!(
            out,
            "<p><picture><source type=\"image/webp\" srcset=\"/news/world/a-480.webp 480w, \
             /news/world/a-800.webp 800w\" sizes=\"100vw\"><img src=\"/world/a.jpg\" \
             alt=\"A ship\" width=\"800\" height=\"533\" loading=\"lazy\" decoding=\"async\">\
             </picture> <img src=\"/b.gif\" alt=\"\" /></p>"
        );
    }

    #[test]
    fn avif_comes_first_when_the_site_makes_it() {
        let mut images = images();
        let a = images.by_output.get_mut("world/a.jpg").unwrap();
        Arc::make_mut(a).avif = vec![Variant {
            path: "world/a-480.avif".into(),
            width: 480,
            height: 320,
        }];
        let out = images.rewrite_body("<img src=\"/world/a.jpg\" alt=\"A\">", "");
        assert!(
            out.starts_with(
                "<picture><source type=\"image/avif\" srcset=\"/world/a-480.avif 480w\" \
                 sizes=\"100vw\"><source type=\"image/webp\""
            ),
            "{out}"
        );
    }

    #[test]
    fn attributes_the_img_has_are_not_written_twice() {
        let html =
            images().rewrite_body("<img src=\"/world/a.jpg\" alt=\"A\" loading=\"lazy\">", "");
        assert_eq!(html.matches("loading=").count(), 1, "{html}");
        assert_eq!(html.matches("decoding=\"async\"").count(), 1, "{html}");
    }

    #[test]
    fn an_authors_sized_img_is_left_alone() {
        let html = "<img src=\"/world/a.jpg\" width=\"10\">";
        assert_eq!(images().rewrite_body(html, ""), html);
    }
}
