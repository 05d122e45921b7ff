//! Reading MessagePack into JSON: flytekit writes dataclasses and dicts as a MessagePack
//! `Binary` (since flytekit 1.14), and a Rust task must read them.

use serde_json::{Map, Number, Value};

/// Containers nested deeper than this are refused rather than risk the stack.
const MAX_DEPTH: usize = 128;

/// The JSON value of one MessagePack value filling `bytes`.
pub(crate) fn decode(bytes: &[u8]) -> Result<Value, String> {
    let mut r = Reader { bytes, pos: 0 };
    let v = r.value(0)?;
    if r.pos != bytes.len() {
        return Err(format!(
            "MessagePack: {} bytes left after the value",
            bytes.len() - r.pos
        ));
    }
    Ok(v)
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| format!("MessagePack: truncated at byte {}", self.pos))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn uint(&mut self, n: usize) -> Result<u64, String> {
        Ok(self
            .take(n)?
            .iter()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
    }

    fn len(&mut self, n: usize) -> Result<usize, String> {
        let len = self.uint(n)?;
        usize::try_from(len).map_err(|_| format!("MessagePack: length {len} too large"))
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err(format!("MessagePack: nested deeper than {MAX_DEPTH}"));
        }
        let at = self.pos;
        let b = self.take(1)?[0];
        #[allow(clippy::cast_possible_wrap)]
        let v = match b {
            0x00..=0x7f => Value::from(b),
            0xe0..=0xff => Value::from(b as i8),
            0x80..=0x8f => return self.map(usize::from(b & 0x0f), depth),
            0x90..=0x9f => return self.array(usize::from(b & 0x0f), depth),
            0xa0..=0xbf => return self.string(usize::from(b & 0x1f)),
            0xc0 => Value::Null,
            0xc2 => Value::Bool(false),
            0xc3 => Value::Bool(true),
            0xca => {
                let bits = u32::try_from(self.uint(4)?).unwrap_or(0);
                float(f64::from(f32::from_bits(bits)))?
            }
            0xcb => float(f64::from_bits(self.uint(8)?))?,
            0xcc => Value::from(self.uint(1)?),
            0xcd => Value::from(self.uint(2)?),
            0xce => Value::from(self.uint(4)?),
            0xcf => Value::from(self.uint(8)?),
            0xd0 => Value::from(self.uint(1)? as u8 as i8),
            0xd1 => Value::from(self.uint(2)? as u16 as i16),
            0xd2 => Value::from(self.uint(4)? as u32 as i32),
            0xd3 => Value::from(self.uint(8)? as i64),
            0xd9 => {
                let n = self.len(1)?;
                return self.string(n);
            }
            0xda => {
                let n = self.len(2)?;
                return self.string(n);
            }
            0xdb => {
                let n = self.len(4)?;
                return self.string(n);
            }
            0xdc => {
                let n = self.len(2)?;
                return self.array(n, depth);
            }
            0xdd => {
                let n = self.len(4)?;
                return self.array(n, depth);
            }
            0xde => {
                let n = self.len(2)?;
                return self.map(n, depth);
            }
            0xdf => {
                let n = self.len(4)?;
                return self.map(n, depth);
            }
            other => {
                return Err(format!(
                    "MessagePack: byte {at}: type 0x{other:02x} (bytes or an extension) has no \
                     JSON form"
                ));
            }
        };
        Ok(v)
    }

    fn string(&mut self, n: usize) -> Result<Value, String> {
        let at = self.pos;
        let s = std::str::from_utf8(self.take(n)?)
            .map_err(|_| format!("MessagePack: byte {at}: a string that is not UTF-8"))?;
        Ok(Value::String(s.to_owned()))
    }

    fn array(&mut self, n: usize, depth: usize) -> Result<Value, String> {
        // Each element takes at least a byte: a bogus length fails before allocating.
        let mut items = Vec::with_capacity(n.min(self.bytes.len() - self.pos));
        for _ in 0..n {
            items.push(self.value(depth + 1)?);
        }
        Ok(Value::Array(items))
    }

    fn map(&mut self, n: usize, depth: usize) -> Result<Value, String> {
        let mut m = Map::new();
        for _ in 0..n {
            let at = self.pos;
            let key = match self.value(depth + 1)? {
                Value::String(s) => s,
                other => {
                    return Err(format!(
                        "MessagePack: byte {at}: a map key that is not a string ({other})"
                    ));
                }
            };
            let v = self.value(depth + 1)?;
            m.insert(key, v);
        }
        Ok(Value::Object(m))
    }
}

fn float(f: f64) -> Result<Value, String> {
    Number::from_f64(f)
        .map(Value::Number)
        .ok_or_else(|| format!("MessagePack: the float {f} has no JSON form"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_what_python_msgpack_writes() {
        // msgpack.dumps({"a": 1, "b": [True, None, -3, 1.5], "c": "hé"})
        let bytes = [
            0x83, 0xa1, b'a', 0x01, 0xa1, b'b', 0x94, 0xc3, 0xc0, 0xfd, 0xcb, 0x3f, 0xf8, 0, 0, 0,
            0, 0, 0, 0xa1, b'c', 0xa3, b'h', 0xc3, 0xa9,
        ];
        assert_eq!(
            decode(&bytes).unwrap(),
            json!({"a": 1, "b": [true, null, -3, 1.5], "c": "hé"})
        );
        assert_eq!(
            decode(&[0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]).unwrap(),
            json!(u64::MAX)
        );
        assert_eq!(
            decode(&[0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0]).unwrap(),
            json!(i64::MIN)
        );
    }

    #[test]
    fn refuses_malformed_input() {
        assert!(decode(&[0x92, 0x01]).unwrap_err().contains("truncated"));
        assert!(decode(&[0x01, 0x02]).unwrap_err().contains("left after"));
        assert!(
            decode(&[0x81, 0x01, 0x01])
                .unwrap_err()
                .contains("not a string")
        );
        assert!(decode(&[0xc4, 0x00]).unwrap_err().contains("no JSON form"));
        assert!(
            decode(&[0xdd, 0xff, 0xff, 0xff, 0xff])
                .unwrap_err()
                .contains("truncated")
        );
        let deep = vec![0x91; 1000];
        assert!(decode(&deep).unwrap_err().contains("deeper"));
    }
}
