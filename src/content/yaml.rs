//! YAML parsed within a memory budget.
//!
//! YAML aliases (`*name`) repeat what an anchor (`&name`) holds, so a small
//! file can stand for a huge value: a 1 MB anchor referenced 3,000 times is
//! a 1 MB file that expands to 3 GB. The YAML library limits the *number*
//! of alias expansions, not their size, so this module builds the value
//! itself and counts the bytes it expands to, refusing a value past the
//! budget before it is allocated.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Value};

/// The largest front matter a file may hold, as written.
pub const MAX_TEXT: usize = 1 << 20;
/// The largest a front matter may grow to once its aliases are expanded:
/// generous for any real front matter (a long imported excerpt, a few
/// aliases), far below what could hurt a build of thousands of articles.
pub const MAX_EXPANDED: usize = 4 << 20;

/// What each value costs on top of its text: a repeated empty list still
/// takes memory.
const NODE_COST: usize = 16;

/// Parses `text` into a value, failing once the expanded value would pass
/// `budget` bytes (text of every scalar and key, plus a little per node).
pub fn from_str_bounded(text: &str, budget: usize) -> Result<Value, serde_yaml::Error> {
    let left = Cell::new(budget);
    Bounded { left: &left }.deserialize(serde_yaml::Deserializer::from_str(text))
}

/// Message of the error [`from_str_bounded`] gives past its budget.
pub const TOO_LARGE: &str = "the front matter expands to more than";

#[derive(Clone, Copy)]
struct Bounded<'a> {
    left: &'a Cell<usize>,
}

impl Bounded<'_> {
    fn spend<E: de::Error>(&self, bytes: usize) -> Result<(), E> {
        let cost = bytes.saturating_add(NODE_COST);
        match self.left.get().checked_sub(cost) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => Err(E::custom(format_args!(
                "{TOO_LARGE} {} MiB once its aliases (`*name`) are expanded",
                MAX_EXPANDED >> 20
            ))),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Bounded<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Bounded<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.spend(0)?;
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.spend(0)?;
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.spend(0)?;
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.spend(0)?;
        Ok(Value::Number(v.into()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.spend(v.len())?;
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.spend(v.len())?;
        Ok(Value::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.spend(0)?;
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.spend(0)?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.spend(0)?;
        let mut out = Mapping::new();
        while let Some(key) = map.next_key_seed(self)? {
            let value = map.next_value_seed(self)?;
            if out.contains_key(&key) {
                return Err(de::Error::custom(match &key {
                    Value::String(k) => format!("duplicate entry with key {k:?}"),
                    _ => "duplicate entry in YAML map".to_string(),
                }));
            }
            out.insert(key, value);
        }
        Ok(Value::Mapping(out))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use de::VariantAccess;
        let (tag, contents): (String, _) = data.variant()?;
        self.spend(tag.len())?;
        let value = contents.newtype_variant_seed(self)?;
        Ok(Value::Tagged(Box::new(TaggedValue {
            tag: Tag::new(tag),
            value,
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_the_yaml_library() {
        let text = "title: A\ndate: 2024-01-01\ntags: [a, b]\nn: 3\nf: 1.5\nok: true\nnone: ~\nextra: {x: &a [1, 2], y: *a}\nt: !custom v\n";
        let ours = from_str_bounded(text, MAX_EXPANDED).unwrap();
        let theirs: Value = serde_yaml::from_str(text).unwrap();
        assert_eq!(ours, theirs);
        let dup = from_str_bounded("a: 1\nb: 2\na: 3\n", MAX_EXPANDED).unwrap_err();
        assert!(
            dup.to_string().contains("duplicate entry with key \"a\""),
            "{dup}"
        );
    }

    #[test]
    fn refuses_a_large_expansion_of_a_small_text() {
        let anchor = "x".repeat(10_000);
        let mut text = format!("a: &a \"{anchor}\"\nb: [");
        text.push_str(&vec!["*a"; 500].join(", "));
        text.push_str("]\n");
        assert!(text.len() < 20_000);
        let err = from_str_bounded(&text, MAX_EXPANDED).unwrap_err();
        assert!(err.to_string().contains(TOO_LARGE), "{err}");
        // The same within budget.
        assert!(from_str_bounded(&text, 6_000_000).is_ok());
    }

    #[test]
    fn many_small_repetitions_count_too() {
        let mut text = String::from("a: &a []\nb: [");
        text.push_str(&vec!["*a"; 100_000].join(","));
        text.push_str("]\n");
        assert!(from_str_bounded(&text, 1 << 20).is_err());
    }
}
