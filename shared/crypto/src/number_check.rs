//! A serde `Serializer` that writes nothing and only checks that every number in a value has
//! an exact RFC 8785 form.
//!
//! The canonicalizer cannot do this itself: it rejects a NaN only at the top level (inside an
//! array or object serde_json writes `null`), and it converts every integer to a double, which
//! rounds integers beyond 2^53 without an error.

use std::fmt::Display;

use serde::Serialize;
use serde::ser;

/// Largest integer magnitude that an IEEE-754 double represents exactly (2^53 − 1).
pub(crate) const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// The reason a value failed the check.
#[derive(Debug)]
pub(crate) enum NumberCheckError {
    /// A float was NaN or infinite.
    NonFinite,
    /// An integer was outside ±(2^53 − 1); the value is its decimal text.
    OutOfRange(String),
    /// The value's own `Serialize` implementation failed.
    Custom(String),
}

impl Display for NumberCheckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NonFinite => f.write_str("non-finite number"),
            Self::OutOfRange(value) => write!(f, "integer {value} out of range"),
            Self::Custom(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for NumberCheckError {}

impl ser::Error for NumberCheckError {
    fn custom<T: Display>(message: T) -> Self {
        Self::Custom(message.to_string())
    }
}

/// Walks `value` and fails on the first NaN, infinity or integer beyond ±(2^53 − 1).
pub(crate) fn check_numbers<T: Serialize + ?Sized>(value: &T) -> Result<(), NumberCheckError> {
    value.serialize(NumberCheck)
}

fn check_integer(magnitude: u128, text: impl Display) -> Result<(), NumberCheckError> {
    if magnitude > u128::from(MAX_SAFE_INTEGER) {
        return Err(NumberCheckError::OutOfRange(text.to_string()));
    }
    Ok(())
}

fn check_float(value: f64) -> Result<(), NumberCheckError> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(NumberCheckError::NonFinite)
    }
}

#[derive(Clone, Copy)]
struct NumberCheck;

/// Generates the `Serializer` methods for types that contain no number.
macro_rules! accept {
    ($($method:ident($($argument:ty),*);)*) => {
        $(fn $method(self, $(_: $argument),*) -> Result<(), NumberCheckError> { Ok(()) })*
    };
}

impl ser::Serializer for NumberCheck {
    type Ok = ();
    type Error = NumberCheckError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    accept! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_char(char);
        serialize_str(&str);
        serialize_bytes(&[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_i64(self, value: i64) -> Result<(), NumberCheckError> {
        check_integer(u128::from(value.unsigned_abs()), value)
    }

    fn serialize_i128(self, value: i128) -> Result<(), NumberCheckError> {
        check_integer(value.unsigned_abs(), value)
    }

    fn serialize_u64(self, value: u64) -> Result<(), NumberCheckError> {
        check_integer(u128::from(value), value)
    }

    fn serialize_u128(self, value: u128) -> Result<(), NumberCheckError> {
        check_integer(value, value)
    }

    fn serialize_f32(self, value: f32) -> Result<(), NumberCheckError> {
        check_float(f64::from(value))
    }

    fn serialize_f64(self, value: f64) -> Result<(), NumberCheckError> {
        check_float(value)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), NumberCheckError> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), NumberCheckError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        value: &T,
    ) -> Result<(), NumberCheckError> {
        value.serialize(self)
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self, NumberCheckError> {
        Ok(self)
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self, NumberCheckError> {
        Ok(self)
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self, NumberCheckError> {
        Ok(self)
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self, NumberCheckError> {
        Ok(self)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self, NumberCheckError> {
        Ok(self)
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, NumberCheckError> {
        Ok(self)
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self, NumberCheckError> {
        Ok(self)
    }
}

/// Generates a compound-serializer impl whose every element is checked recursively.
macro_rules! compound {
    ($trait:ident, $method:ident $(, $key:ty)?) => {
        impl ser::$trait for NumberCheck {
            type Ok = ();
            type Error = NumberCheckError;

            fn $method<T: Serialize + ?Sized>(
                &mut self,
                $(_key: $key,)?
                value: &T,
            ) -> Result<(), NumberCheckError> {
                value.serialize(NumberCheck)
            }

            fn end(self) -> Result<(), NumberCheckError> {
                Ok(())
            }
        }
    };
}

compound!(SerializeSeq, serialize_element);
compound!(SerializeTuple, serialize_element);
compound!(SerializeTupleStruct, serialize_field);
compound!(SerializeTupleVariant, serialize_field);
compound!(SerializeStruct, serialize_field, &'static str);
compound!(SerializeStructVariant, serialize_field, &'static str);

impl ser::SerializeMap for NumberCheck {
    type Ok = ();
    type Error = NumberCheckError;

    /// Keys are not checked: serde_json writes every map key as a JSON string.
    fn serialize_key<T: Serialize + ?Sized>(&mut self, _key: &T) -> Result<(), NumberCheckError> {
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), NumberCheckError> {
        value.serialize(NumberCheck)
    }

    fn end(self) -> Result<(), NumberCheckError> {
        Ok(())
    }
}
