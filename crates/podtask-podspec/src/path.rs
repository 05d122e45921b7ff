//! Where in a pod spec a problem is: a path of object keys and array indices.

use std::fmt;

/// One step of a [`JsonPath`]: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    /// The value under this key of an object.
    Key(String),
    /// The element at this index of an array.
    Index(usize),
}

impl From<&str> for Segment {
    fn from(key: &str) -> Self {
        Segment::Key(key.to_owned())
    }
}

impl From<String> for Segment {
    fn from(key: String) -> Self {
        Segment::Key(key)
    }
}

impl From<usize> for Segment {
    fn from(index: usize) -> Self {
        Segment::Index(index)
    }
}

/// A path from the root of a pod spec to one value in it, printed the way Kubernetes prints
/// field paths: `containers[1].resources.requests.cpu`. A key that is not a plain field name
/// (`kubernetes.io/hostname`, `nvidia.com/gpu`) is printed in brackets, as Kubernetes prints map
/// keys: `nodeSelector[kubernetes.io/hostname]`.
///
/// ```
/// use podtask_podspec::JsonPath;
/// let p = JsonPath::root().key("containers").index(1).key("resources").key("limits").key("nvidia.com/gpu");
/// assert_eq!(p.to_string(), "containers[1].resources.limits[nvidia.com/gpu]");
/// assert_eq!(JsonPath::root().to_string(), "");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JsonPath(pub Vec<Segment>);

impl JsonPath {
    /// The path of the whole spec.
    pub fn root() -> Self {
        JsonPath(Vec::new())
    }

    /// This path extended by an object key.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.0.push(Segment::Key(key.into()));
        self
    }

    /// This path extended by an array index.
    pub fn index(mut self, index: usize) -> Self {
        self.0.push(Segment::Index(index));
        self
    }

    /// The steps of the path, from the root.
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// Whether this is the path of the whole spec.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `self` is `other` or lies inside it.
    pub fn starts_with(&self, other: &JsonPath) -> bool {
        self.0.starts_with(&other.0)
    }

    /// The path of the value that holds this one; the root has none.
    pub fn parent(&self) -> Option<JsonPath> {
        let (_, rest) = self.0.split_last()?;
        Some(JsonPath(rest.to_vec()))
    }

    /// The last key of the path, if it ends with a key.
    pub fn last_key(&self) -> Option<&str> {
        match self.0.last() {
            Some(Segment::Key(k)) => Some(k),
            _ => None,
        }
    }
}

impl FromIterator<Segment> for JsonPath {
    fn from_iter<I: IntoIterator<Item = Segment>>(iter: I) -> Self {
        JsonPath(iter.into_iter().collect())
    }
}

impl From<Vec<Segment>> for JsonPath {
    fn from(segments: Vec<Segment>) -> Self {
        JsonPath(segments)
    }
}

/// A key printed after a dot: a field name as Kubernetes' API types spell them.
fn is_field_name(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(k) if is_field_name(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(k)?;
                }
                Segment::Key(k) => write!(f, "[{k}]")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_follows_kubernetes_field_paths() {
        let p = JsonPath::root()
            .key("containers")
            .index(1)
            .key("resources")
            .key("requests")
            .key("cpu");
        assert_eq!(p.to_string(), "containers[1].resources.requests.cpu");
        let p = JsonPath::root()
            .key("nodeSelector")
            .key("kubernetes.io/hostname");
        assert_eq!(p.to_string(), "nodeSelector[kubernetes.io/hostname]");
        assert_eq!(JsonPath::root().index(0).to_string(), "[0]");
        assert_eq!(JsonPath::root().key("").to_string(), "[]");
        assert_eq!(
            JsonPath::root().key("hugepages-2Mi").to_string(),
            "[hugepages-2Mi]"
        );
    }

    #[test]
    fn prefixes_and_parents() {
        let p = JsonPath::root().key("volumes").index(2).key("name");
        assert!(p.starts_with(&JsonPath::root().key("volumes")));
        assert!(!p.starts_with(&JsonPath::root().key("containers")));
        assert_eq!(p.parent(), Some(JsonPath::root().key("volumes").index(2)));
        assert_eq!(p.last_key(), Some("name"));
        assert_eq!(JsonPath::root().parent(), None);
        let q: JsonPath = vec![Segment::from("a"), Segment::from(3)].into();
        assert_eq!(q.to_string(), "a[3]");
    }
}
