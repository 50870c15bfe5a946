//! A thin layer over quick-xml for the feed and sitemap writers: elements
//! with text (escaped by quick-xml), attributes, and nesting.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

/// An XML document being written into memory. Writing to a `Vec` cannot fail,
/// so the io results of quick-xml are dropped here, once.
pub struct Xml(Writer<Vec<u8>>);

impl Xml {
    /// A document, starting with the XML declaration. Elements are written
    /// one per line without indentation, so that fragments written apart
    /// ([`Xml::fragment`]) can be spliced in unchanged.
    pub fn new() -> Xml {
        let mut x = Xml::with_capacity(16 * 1024);
        let _ =
            x.0.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)));
        x
    }

    /// A piece of a document, to be inserted with [`Xml::raw`].
    pub fn fragment() -> Xml {
        Xml::with_capacity(1024)
    }

    fn with_capacity(bytes: usize) -> Xml {
        Xml(Writer::new_with_indent(Vec::with_capacity(bytes), b' ', 0))
    }

    /// Inserts a fragment written by [`Xml::fragment`] as is.
    pub fn raw(&mut self, fragment: &str) {
        let _ = self
            .0
            .write_event(Event::Text(BytesText::from_escaped(fragment)));
    }

    /// `<name attrs...>text</name>`
    pub fn text(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        let _ = self
            .0
            .create_element(name)
            .with_attributes(attrs.iter().copied())
            .write_text_content(BytesText::new(text));
    }

    /// `<name attrs.../>`
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let _ = self
            .0
            .create_element(name)
            .with_attributes(attrs.iter().copied())
            .write_empty();
    }

    /// `<name attrs...>` children written by `inner` `</name>`
    pub fn node(&mut self, name: &str, attrs: &[(&str, &str)], inner: impl FnOnce(&mut Xml)) {
        let _ = self.0.write_event(Event::Start(
            quick_xml::events::BytesStart::new(name).with_attributes(attrs.iter().copied()),
        ));
        inner(self);
        let _ = self
            .0
            .write_event(Event::End(quick_xml::events::BytesEnd::new(name)));
    }

    /// The fragment's text (quick-xml writes UTF-8 from `&str` input),
    /// without spare capacity: fragments are kept for the whole build.
    pub fn into_string(self) -> String {
        let mut bytes = self.0.into_inner();
        bytes.shrink_to_fit();
        String::from_utf8(bytes).unwrap_or_default()
    }

    pub fn finish(self) -> Vec<u8> {
        let mut bytes = self.0.into_inner();
        bytes.push(b'\n');
        bytes
    }
}
