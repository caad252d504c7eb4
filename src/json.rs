//! Reading JSON text into the contract's types: the app's one JSON decoder,
//! the same in the browser and on the host (publishing, tests).
//!
//! A serde `Deserializer` over the text for what the contract holds
//! (`docs/API.md`): objects, lists, strings, whole numbers, `true`, `false`
//! and `null`. It exists for the wasm's size (docs/PERFORMANCE.md, "Size
//! diet"): `serde_json` links float parsing and printing, and the browser's
//! `JSON.parse` walked by `serde-wasm-bindgen` links float printing through
//! its error messages and crosses into JavaScript for every value; this
//! reader has no float code at all.
//!
//! What it refuses, with the line and column: anything that is not JSON
//! (`serde_json`'s grammar: no trailing commas, no comments, no leading
//! zeros, no byte order mark), a value of the wrong shape, a number with a
//! fraction or an exponent, or out of range, where the contract wants a
//! whole number (an unknown field may hold any number: it is skipped), and
//! values nested deeper than [`MAX_DEPTH`], so no document can exhaust the
//! stack. A lone surrogate escape (`"\ud800"`) is read as U+FFFD, as the
//! browser's own decoding does, instead of refusing the whole document.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Expected, MapAccess, SeqAccess, Unexpected, Visitor};

/// How deep lists and objects may nest (`serde_json`'s limit too).
pub const MAX_DEPTH: u32 = 128;

/// Reads `text` as one JSON value of type `T`; the error says what is wrong
/// and where (`… at line 3 column 14`).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let mut reader = Reader { text, at: 0, depth: 0 };
    let value = T::deserialize(&mut reader).and_then(|value| {
        reader.skip_whitespace();
        match reader.peek() {
            None => Ok(value),
            Some(_) => Err(reader.error("trailing characters after the value")),
        }
    });
    value.map_err(|error| error.describe(text, reader.at))
}

/// Why a document could not be read. Serde's own errors (a missing field, a
/// wrong type) carry no position; [`from_str`] adds where the reader stopped.
#[derive(Debug)]
pub struct Error {
    message: String,
    at: Option<usize>,
}

impl Error {
    fn describe(self, text: &str, stopped_at: usize) -> String {
        let at = self.at.unwrap_or(stopped_at).min(text.len());
        let before = &text.as_bytes()[..at];
        let line = before.iter().filter(|byte| **byte == b'\n').count() + 1;
        let line_start = before.iter().rposition(|byte| *byte == b'\n').map_or(0, |newline| newline + 1);
        let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        format!("{} at line {line} column {column}", self.message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error { message: message.to_string(), at: None }
    }

    // serde's defaults print the unexpected value with `Unexpected`'s
    // `Display`, whose float arm would link core's float printing (≈ 10 kB
    // of code). This reader never hands out a float, so none needs printing.
    fn invalid_type(unexpected: Unexpected, expected: &dyn Expected) -> Self {
        Error::custom(format_args!("invalid type: {}, expected {expected}", describe(unexpected)))
    }

    fn invalid_value(unexpected: Unexpected, expected: &dyn Expected) -> Self {
        Error::custom(format_args!("invalid value: {}, expected {expected}", describe(unexpected)))
    }
}

/// `Unexpected` in words, without printing floats.
fn describe(unexpected: Unexpected) -> String {
    match unexpected {
        Unexpected::Bool(value) => format!("boolean `{value}`"),
        Unexpected::Unsigned(value) => format!("integer `{value}`"),
        Unexpected::Signed(value) => format!("integer `{value}`"),
        Unexpected::Str(value) => format!("string \"{value}\""),
        Unexpected::Char(value) => format!("character `{value}`"),
        Unexpected::Unit => "null".to_string(),
        Unexpected::Seq => "a list".to_string(),
        Unexpected::Map => "an object".to_string(),
        Unexpected::Float(_) => "a number with a fraction".to_string(),
        _ => "another kind of value".to_string(),
    }
}

/// A number as the reader found it.
enum Number {
    Unsigned(u64),
    Negative(i64),
    /// A fraction, an exponent, or a whole number beyond 64 bits: valid
    /// JSON, but never a value of the contract.
    NotWhole,
}

struct Reader<'de> {
    text: &'de str,
    /// Byte offset of the next character to read.
    at: usize,
    /// Lists and objects open around `at`.
    depth: u32,
}

impl<'de> Reader<'de> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn error(&self, message: &str) -> Error {
        Error { message: message.to_string(), at: Some(self.at) }
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// Past `literal` (`true`, `false`, `null`), which the next byte begins.
    fn literal(&mut self, literal: &str) -> Result<(), Error> {
        if self.text.as_bytes()[self.at..].starts_with(literal.as_bytes()) {
            self.at += literal.len();
            Ok(())
        } else {
            Err(self.error("expected a JSON value"))
        }
    }

    /// Past `byte`, after any whitespace.
    fn expect(&mut self, byte: u8, message: &str) -> Result<(), Error> {
        self.skip_whitespace();
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.error(message))
        }
    }

    fn open(&mut self) -> Result<(), Error> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error("lists and objects nested too deep"));
        }
        self.depth += 1;
        self.at += 1;
        Ok(())
    }

    /// A string whose opening quote is the next byte: borrowed from the
    /// text when it has no escapes.
    fn string(&mut self) -> Result<Cow<'de, str>, Error> {
        self.at += 1;
        let source = self.text;
        let bytes = source.as_bytes();
        let mut owned: Option<String> = None;
        let mut run_start = self.at;
        loop {
            let Some(&byte) = bytes.get(self.at) else {
                return Err(self.error("unterminated string"));
            };
            match byte {
                b'"' => {
                    // Runs end at ASCII bytes, so they are whole UTF-8 sequences.
                    let run = &source[run_start..self.at];
                    self.at += 1;
                    return Ok(match owned {
                        None => Cow::Borrowed(run),
                        Some(mut text) => {
                            text.push_str(run);
                            Cow::Owned(text)
                        }
                    });
                }
                b'\\' => {
                    let run = &source[run_start..self.at];
                    self.at += 1;
                    let escaped = self.escape()?;
                    let text = owned.get_or_insert_with(String::new);
                    text.push_str(run);
                    text.push(escaped);
                    run_start = self.at;
                }
                0x00..=0x1f => return Err(self.error("control character in a string")),
                _ => self.at += 1,
            }
        }
    }

    /// The character of the escape after a backslash.
    fn escape(&mut self) -> Result<char, Error> {
        let Some(byte) = self.peek() else {
            return Err(self.error("unterminated string"));
        };
        self.at += 1;
        Ok(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                match unit {
                    0xd800..=0xdbff => {
                        // A pair only if a low surrogate escape follows.
                        let rest = &self.text.as_bytes()[self.at..];
                        if rest.starts_with(b"\\u") {
                            let mark = self.at;
                            self.at += 2;
                            let low = self.hex4()?;
                            if (0xdc00..=0xdfff).contains(&low) {
                                let scalar = 0x10000 + ((u32::from(unit) - 0xd800) << 10) + (u32::from(low) - 0xdc00);
                                return Ok(char::from_u32(scalar).unwrap_or('\u{fffd}'));
                            }
                            self.at = mark;
                        }
                        '\u{fffd}'
                    }
                    unit => char::from_u32(u32::from(unit)).unwrap_or('\u{fffd}'),
                }
            }
            _ => {
                self.at -= 1;
                return Err(self.error("invalid escape in a string"));
            }
        })
    }

    fn hex4(&mut self) -> Result<u16, Error> {
        let mut unit = 0u16;
        for _ in 0..4 {
            let digit = match self.peek() {
                Some(byte @ b'0'..=b'9') => byte - b'0',
                Some(byte @ b'a'..=b'f') => byte - b'a' + 10,
                Some(byte @ b'A'..=b'F') => byte - b'A' + 10,
                _ => return Err(self.error("invalid \\u escape in a string")),
            };
            unit = unit * 16 + u16::from(digit);
            self.at += 1;
        }
        Ok(unit)
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
        self.at - start
    }

    /// A number, checked against JSON's grammar whatever its value.
    fn number(&mut self) -> Result<Number, Error> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let int_start = self.at;
        match self.digits() {
            0 => return Err(self.error("expected a digit")),
            n if n > 1 && self.text.as_bytes()[int_start] == b'0' => {
                self.at = int_start + 1;
                return Err(self.error("a number may not start with 0"));
            }
            _ => {}
        }
        let int_end = self.at;
        let mut whole = true;
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err(self.error("expected a digit after the decimal point"));
            }
            whole = false;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("expected a digit in the exponent"));
            }
            whole = false;
        }
        if !whole {
            return Ok(Number::NotWhole);
        }
        let magnitude = self.text.as_bytes()[int_start..int_end]
            .iter()
            .try_fold(0u64, |value, digit| value.checked_mul(10)?.checked_add(u64::from(digit - b'0')));
        Ok(match (magnitude, negative) {
            (Some(value), false) => Number::Unsigned(value),
            (Some(value), true) if value <= 1 << 63 => Number::Negative(0i64.wrapping_sub_unsigned(value)),
            _ => Number::NotWhole,
        })
    }

    /// Past one value of any kind, which nothing reads (an unknown field).
    fn skip_value(&mut self) -> Result<(), Error> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'n') => self.literal("null"),
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'"') => self.string().map(drop),
            Some(b'-' | b'0'..=b'9') => self.number().map(drop),
            Some(b'[') => {
                self.open()?;
                let mut list = Items { reader: self, close: b']', first: true };
                while list.next()? {
                    list.reader.skip_value()?;
                }
                self.depth -= 1;
                Ok(())
            }
            Some(b'{') => {
                self.open()?;
                let mut object = Items { reader: self, close: b'}', first: true };
                while object.next()? {
                    object.key()?;
                    object.reader.skip_value()?;
                }
                self.depth -= 1;
                Ok(())
            }
            Some(_) => Err(self.error("expected a JSON value")),
            None => Err(self.error("unexpected end of the document")),
        }
    }
}

/// The items of an open list or object, separated by commas.
struct Items<'a, 'de> {
    reader: &'a mut Reader<'de>,
    /// `]` or `}`.
    close: u8,
    first: bool,
}

impl<'de> Items<'_, 'de> {
    /// Whether another item follows (past its comma); past the closing
    /// bracket when none does.
    fn next(&mut self) -> Result<bool, Error> {
        self.reader.skip_whitespace();
        if self.reader.peek() == Some(self.close) {
            self.reader.at += 1;
            return Ok(false);
        }
        if !self.first {
            let message = if self.close == b']' { "expected `,` or `]`" } else { "expected `,` or `}`" };
            self.reader.expect(b',', message)?;
            self.reader.skip_whitespace();
            if self.reader.peek() == Some(self.close) {
                return Err(self.reader.error("trailing comma"));
            }
        }
        self.first = false;
        Ok(true)
    }

    /// An object's key and its colon.
    fn key(&mut self) -> Result<Cow<'de, str>, Error> {
        self.reader.skip_whitespace();
        if self.reader.peek() != Some(b'"') {
            return Err(self.reader.error("expected a key in quotes"));
        }
        let key = self.reader.string()?;
        self.reader.expect(b':', "expected `:` after the key")?;
        Ok(key)
    }
}

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        if self.next()? {
            seed.deserialize(&mut *self.reader).map(Some)
        } else {
            // Past the closing bracket: the list is read.
            self.close = 0;
            Ok(None)
        }
    }
}

impl<'de> MapAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        if !self.next()? {
            self.close = 0;
            return Ok(None);
        }
        match self.key()? {
            Cow::Borrowed(key) => seed.deserialize(de::value::BorrowedStrDeserializer::new(key)).map(Some),
            Cow::Owned(key) => seed.deserialize(de::value::StringDeserializer::new(key)).map(Some),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(&mut *self.reader)
    }
}

impl<'de> Items<'_, 'de> {
    /// After the visitor: a list or object it stopped reading early (a
    /// tuple's visitor reads as many items as it wants) must end here.
    fn finish(mut self) -> Result<(), Error> {
        if self.close != 0 && self.next()? {
            return Err(self.reader.error(if self.close == b']' { "too many items in the list" } else { "expected `}`" }));
        }
        self.reader.depth -= 1;
        Ok(())
    }
}

/// The next value's first token: a whole scalar, or the opening bracket of
/// a list or object (consumed, with the depth checked).
enum Token<'de> {
    Null,
    Bool(bool),
    Str(Cow<'de, str>),
    Unsigned(u64),
    Negative(i64),
    List,
    Object,
}

impl<'de> Reader<'de> {
    // One plain function reads every token; the generic methods below, of
    // which there is a copy per visitor type, only dispatch on it.
    fn token(&mut self) -> Result<Token<'de>, Error> {
        self.skip_whitespace();
        Ok(match self.peek() {
            Some(b'n') => self.literal("null").map(|()| Token::Null)?,
            Some(b't') => self.literal("true").map(|()| Token::Bool(true))?,
            Some(b'f') => self.literal("false").map(|()| Token::Bool(false))?,
            Some(b'"') => Token::Str(self.string()?),
            Some(b'-' | b'0'..=b'9') => {
                let start = self.at;
                match self.number()? {
                    Number::Unsigned(value) => Token::Unsigned(value),
                    Number::Negative(value) => Token::Negative(value),
                    Number::NotWhole => {
                        self.at = start;
                        return Err(self.error("expected a whole number (no fraction, no exponent, at most 64 bits)"));
                    }
                }
            }
            Some(b'[') => self.open().map(|()| Token::List)?,
            Some(b'{') => self.open().map(|()| Token::Object)?,
            Some(_) => return Err(self.error("expected a JSON value")),
            None => return Err(self.error("unexpected end of the document")),
        })
    }

    /// The error for a token of the wrong kind, where the token began.
    fn wrong(&self, token: Token<'de>, expected: &dyn Expected) -> Error {
        let unexpected = match &token {
            Token::Null => Unexpected::Unit,
            Token::Bool(value) => Unexpected::Bool(*value),
            Token::Str(text) => Unexpected::Str(text),
            Token::Unsigned(value) => Unexpected::Unsigned(*value),
            Token::Negative(value) => Unexpected::Signed(*value),
            Token::List => Unexpected::Seq,
            Token::Object => Unexpected::Map,
        };
        let mut error = <Error as de::Error>::invalid_type(unexpected, expected);
        error.at = Some(self.at);
        error
    }

    fn list<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        let mut list = Items { reader: self, close: b']', first: true };
        let value = visitor.visit_seq(&mut list)?;
        list.finish()?;
        Ok(value)
    }

    fn object<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        let mut object = Items { reader: self, close: b'}', first: true };
        let value = visitor.visit_map(&mut object)?;
        object.finish()?;
        Ok(value)
    }
}

/// The number methods: a whole number goes to the visitor, which checks
/// its range (`u32` refuses 2^32).
macro_rules! whole_numbers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.token()? {
                Token::Unsigned(value) => visitor.visit_u64(value),
                Token::Negative(value) => visitor.visit_i64(value),
                token => Err(self.wrong(token, &visitor)),
            }
        }
    )*};
}

// Each `deserialize_*` a contract type calls accepts only its own kind of
// token, so the visitor's other `visit_*` methods are never instantiated
// (this is most of the reader's code size: one copy per visitor type).
impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Null => visitor.visit_unit(),
            Token::Bool(value) => visitor.visit_bool(value),
            Token::Str(Cow::Borrowed(text)) => visitor.visit_borrowed_str(text),
            Token::Str(Cow::Owned(text)) => visitor.visit_string(text),
            Token::Unsigned(value) => visitor.visit_u64(value),
            Token::Negative(value) => visitor.visit_i64(value),
            Token::List => self.list(visitor),
            Token::Object => self.object(visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Bool(value) => visitor.visit_bool(value),
            token => Err(self.wrong(token, &visitor)),
        }
    }

    whole_numbers! { deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Str(Cow::Borrowed(text)) => visitor.visit_borrowed_str(text),
            Token::Str(Cow::Owned(text)) => visitor.visit_string(text),
            token => Err(self.wrong(token, &visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Null => visitor.visit_unit(),
            token => Err(self.wrong(token, &visitor)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.skip_whitespace();
        if self.peek() == Some(b'n') {
            self.literal("null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::List => self.list(visitor),
            token => Err(self.wrong(token, &visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _name: &'static str, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Object => self.object(visitor),
            token => Err(self.wrong(token, &visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.skip_value()?;
        visitor.visit_unit()
    }

    // Kinds the contract does not have: read as whatever the text holds,
    // which the visitor refuses unless it fits.
    serde::forward_to_deserialize_any! {
        i128 u128 f32 f64 char bytes byte_buf unit_struct enum
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::Value;

    fn read(text: &str) -> Result<Value, String> {
        from_str::<Value>(text)
    }

    /// Valid JSON without fractions: the same value as `serde_json` reads.
    #[test]
    fn reads_what_serde_json_reads() {
        for text in [
            "null",
            " true ",
            "false",
            "0",
            "42",
            "-17",
            "18446744073709551615",
            "-9223372036854775808",
            r#""""#,
            r#""Thi đua khen thưởng""#,
            r#""a\"b\\c\/d\b\f\n\r\t""#,
            r#""\u00e0\u1ea1 \uD83D\uDE00 \u0000""#,
            "[]",
            "[ 1 , [2, [3]], {}, \"x\" ]",
            "{}",
            r#"{"a": 1, "b": [true, null], "c": {"d": "e"}, "": ""}"#,
            "\n\t\r {\"key\"\n:\n\"value\"\n}\n",
        ] {
            let expected: Value = serde_json::from_str(text).unwrap();
            assert_eq!(read(text), Ok(expected), "{text:?}");
        }
    }

    /// What is not JSON is refused, as `serde_json` refuses it.
    #[test]
    fn refuses_what_is_not_json() {
        for text in [
            "",
            "   ",
            "nul",
            "True",
            "[1,]",
            "[,1]",
            "[1 2]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{a: 1}",
            "{\"a\":1",
            "[1",
            "\"open",
            "\"bad \\x escape\"",
            "\"bad \\u12g4\"",
            "\"tab\tinside\"",
            "01",
            "-",
            "1.",
            ".5",
            "+1",
            "1e",
            "// comment\n1",
            "\u{feff}{}",
            "{} {}",
            "[1] x",
            "'single'",
        ] {
            assert!(serde_json::from_str::<Value>(text).is_err(), "serde_json takes {text:?}");
            assert!(read(text).is_err(), "{text:?} should be refused");
        }
    }

    #[test]
    fn numbers_are_whole_numbers() {
        for text in ["1.0", "1.5", "-2.25", "1e3", "1E-2", "18446744073709551616", "-9223372036854775809"] {
            assert!(serde_json::from_str::<Value>(text).is_ok(), "{text:?} is JSON");
            let error = read(text).unwrap_err();
            assert!(error.starts_with("expected a whole number"), "{text:?}: {error}");
        }
        assert!(from_str::<u32>("4294967295").is_ok());
        // serde_json reads `-0` as the float −0.0; a count reads it as 0.
        assert_eq!(from_str::<i64>("-0"), Ok(0));
        assert!(from_str::<u32>("4294967296").unwrap_err().starts_with("invalid value: integer `4294967296`, expected u32"));
        assert!(from_str::<u32>("-1").unwrap_err().starts_with("invalid value: integer `-1`, expected u32"));
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Page {
        page: u32,
        title: String,
        #[serde(default)]
        lead: Option<String>,
    }

    #[test]
    fn unknown_fields_of_any_kind_are_skipped() {
        let text = r#"{"page": 2, "lat": 21.0285, "big": 1e400, "deep": [[{"x": [1.5, "y", null]}]], "title": "T", "more": {"a": -0.0}}"#;
        assert_eq!(from_str::<Page>(text), Ok(Page { page: 2, title: "T".into(), lead: None }));
        // Skipped values must still be JSON.
        assert!(from_str::<Page>(r#"{"page": 2, "title": "T", "junk": [1,]}"#).is_err());
        assert!(from_str::<Page>(r#"{"page": 2, "title": "T", "junk": 01}"#).is_err());
    }

    #[test]
    fn errors_say_what_and_where() {
        let error = from_str::<Page>("{\n  \"page\": \"two\",\n  \"title\": \"T\"\n}").unwrap_err();
        assert_eq!(error, "invalid type: string \"two\", expected u32 at line 2 column 16");
        let error = from_str::<Page>("{\"page\": 1}").unwrap_err();
        assert_eq!(error, "missing field `title` at line 1 column 12");
        let error = from_str::<Page>("{\"page\": 1, \"title\": \"Đà Nẵng\" x}").unwrap_err();
        assert_eq!(error, "expected `,` or `}` at line 1 column 32");
        let error = from_str::<Page>("{\"page\": 1.5, \"title\": \"T\"}").unwrap_err();
        assert!(error.starts_with("expected a whole number") && error.ends_with("at line 1 column 10"), "{error}");
        let error = from_str::<(u32, u32)>("[1, 2, 3]").unwrap_err();
        assert!(error.starts_with("too many items in the list"), "{error}");
        assert!(from_str::<(u32, u32, u32)>("[1, 2]").unwrap_err().starts_with("invalid length 2"));
    }

    #[test]
    fn nesting_is_bounded() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(read(&nested(MAX_DEPTH as usize)).is_ok());
        assert!(read(&nested(MAX_DEPTH as usize + 1)).unwrap_err().starts_with("lists and objects nested too deep"));
        assert!(read(&"[".repeat(100_000)).is_err());
        // Also where nothing reads the value.
        let ignored = format!("{{\"page\": 1, \"title\": \"T\", \"x\": {}}}", nested(100_000));
        assert!(from_str::<Page>(&ignored).unwrap_err().starts_with("lists and objects nested too deep"));
        let ignored = format!("{{\"page\": 1, \"title\": \"T\", \"x\": {}}}", nested(MAX_DEPTH as usize - 1));
        assert!(from_str::<Page>(&ignored).is_ok());
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        assert_eq!(from_str::<String>(r#""a\ud800b""#), Ok("a\u{fffd}b".to_string()));
        assert_eq!(from_str::<String>(r#""\udc00""#), Ok("\u{fffd}".to_string()));
        assert_eq!(from_str::<String>(r#""\ud800\u0041""#), Ok("\u{fffd}A".to_string()));
        assert_eq!(from_str::<String>(r#""\ud83d\ude00""#), Ok("😀".to_string()));
    }

    #[test]
    fn strings_without_escapes_are_borrowed() {
        #[derive(Deserialize)]
        struct Borrowing<'a> {
            #[serde(borrow)]
            text: Cow<'a, str>,
        }
        let text = r#"{"text": "Ủy ban nhân dân"}"#;
        let mut reader = Reader { text, at: 0, depth: 0 };
        let value = Borrowing::deserialize(&mut reader).unwrap();
        assert!(matches!(value.text, Cow::Borrowed("Ủy ban nhân dân")));
    }

    /// Every document of the sample content reads as `serde_json` reads it.
    #[test]
    fn the_sample_content_reads_alike() {
        fn walk(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, files);
                } else if path.extension().is_some_and(|extension| extension == "json") {
                    files.push(path);
                }
            }
        }
        let mut files = Vec::new();
        // The app's crate, or a tool that includes this module by path.
        let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .map(|dir| dir.join("content/api"))
            .find(|dir| dir.is_dir())
            .expect("the sample content beside the workspace");
        walk(&content, &mut files);
        assert!(files.len() > 100, "{} files", files.len());
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let expected: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(read(&text).as_ref(), Ok(&expected), "{}", file.display());
        }
    }
}
