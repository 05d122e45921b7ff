//! Where `execute` reads its inputs and writes its outputs: local paths (and `file://` URLs),
//! and with the `remote` feature any store `object_store` reaches (`s3://`, `gs://`,
//! `abfs://`, ...).
//!
//! A local file is written atomically: under a temporary name in the same directory, synced,
//! then renamed into place, so a reader sees the whole file or none. An object store's `put`
//! is atomic in itself.

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A read or write that failed, naming the location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError {
    /// The path or URL.
    pub location: String,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for StoreError {}

fn err(location: impl Into<String>, message: impl fmt::Display) -> StoreError {
    StoreError {
        location: location.into(),
        message: message.to_string(),
    }
}

/// A location: a local path, or a URL of a remote store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Location {
    Local(PathBuf),
    Remote(String),
}

/// Reads a location as Flyte gives it: a path, `file:///path`, or `scheme://bucket/key`.
pub(crate) fn parse(location: &str) -> Location {
    if let Some(path) = location.strip_prefix("file://") {
        return Location::Local(PathBuf::from(path));
    }
    match location.split_once("://") {
        Some((scheme, _))
            if !scheme.is_empty() && scheme.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            Location::Remote(location.to_owned())
        }
        _ => Location::Local(PathBuf::from(location)),
    }
}

/// `name` under the prefix `prefix` (a directory or a URL prefix).
pub(crate) fn join(prefix: &str, name: &str) -> String {
    if prefix.ends_with('/') {
        format!("{prefix}{name}")
    } else {
        format!("{prefix}/{name}")
    }
}

/// The bytes at `location`.
pub fn read(location: &str) -> Result<Vec<u8>, StoreError> {
    match parse(location) {
        Location::Local(path) => fs::read(&path).map_err(|e| err(location, e)),
        Location::Remote(url) => remote::read(&url),
    }
}

/// Writes `bytes` as `location`, atomically; a local file's directory is created if missing.
pub fn write(location: &str, bytes: &[u8]) -> Result<(), StoreError> {
    match parse(location) {
        Location::Local(path) => {
            write_local_atomic(&path, |f| f.write_all(bytes)).map_err(|e| err(location, e))
        }
        Location::Remote(url) => remote::write(&url, bytes),
    }
}

/// Writes the file `path` through `fill`, atomically: `fill` writes a temporary file in the
/// same directory, which is synced and renamed to `path` only if `fill` succeeds. On any
/// failure the temporary file is removed and `path` is left as it was.
pub fn write_local_atomic(
    path: &Path,
    fill: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| std::io::Error::other("the path names no file"))?;
    fs::create_dir_all(&dir)?;
    let tmp = dir.join(format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        unique_suffix()
    ));
    let result = (|| {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        fill(&mut file)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Distinct for each call in this process (and, through the clock, across processes of one
/// pid).
fn unique_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{nanos:x}{n}")
}

#[cfg(feature = "remote")]
mod remote {
    use object_store::path::Path as ObjectPath;
    use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

    use super::{StoreError, err};

    fn open(url: &str) -> Result<(Box<dyn ObjectStore>, ObjectPath), StoreError> {
        let parsed = url::Url::parse(url).map_err(|e| err(url, e))?;
        // Credentials and regions come from the environment, as the cloud SDKs take them.
        let options: Vec<(String, String)> = std::env::vars()
            .map(|(k, v)| (k.to_ascii_lowercase(), v))
            .collect();
        object_store::parse_url_opts(&parsed, options).map_err(|e| err(url, e))
    }

    fn runtime(url: &str) -> Result<tokio::runtime::Runtime, StoreError> {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| err(url, e))
    }

    pub(super) fn read(url: &str) -> Result<Vec<u8>, StoreError> {
        let (store, path) = open(url)?;
        runtime(url)?.block_on(async {
            let got = store.get(&path).await.map_err(|e| err(url, e))?;
            let bytes = got.bytes().await.map_err(|e| err(url, e))?;
            Ok(bytes.to_vec())
        })
    }

    pub(super) fn write(url: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let (store, path) = open(url)?;
        runtime(url)?.block_on(async {
            store
                .put(&path, PutPayload::from(bytes.to_vec()))
                .await
                .map(|_| ())
                .map_err(|e| err(url, e))
        })
    }
}

#[cfg(not(feature = "remote"))]
mod remote {
    use super::{StoreError, err};

    const WHY: &str = "remote stores need podtask's `remote` feature (object_store); this \
                       binary was built without it";

    pub(super) fn read(url: &str) -> Result<Vec<u8>, StoreError> {
        Err(err(url, WHY))
    }

    pub(super) fn write(url: &str, _: &[u8]) -> Result<(), StoreError> {
        Err(err(url, WHY))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations() {
        assert_eq!(parse("/a/b"), Location::Local(PathBuf::from("/a/b")));
        assert_eq!(parse("file:///a/b"), Location::Local(PathBuf::from("/a/b")));
        assert_eq!(parse("rel/x"), Location::Local(PathBuf::from("rel/x")));
        assert_eq!(
            parse("s3://bucket/k"),
            Location::Remote("s3://bucket/k".to_owned())
        );
        assert_eq!(join("s3://b/p", "outputs.pb"), "s3://b/p/outputs.pb");
        assert_eq!(join("/tmp/x/", "error.pb"), "/tmp/x/error.pb");
    }
}

/// The object-store path, against object_store's local file system backend (`file://` URLs
/// given to it directly: `read` and `write` keep those for the atomic local path).
#[cfg(all(test, feature = "remote"))]
mod remote_tests {
    #[test]
    fn writes_and_reads_through_object_store() {
        let dir = std::env::temp_dir().join(format!("podtask-remote-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("file://{}/out/outputs.pb", dir.display());
        super::remote::write(&url, b"literal map").unwrap();
        assert_eq!(
            std::fs::read(dir.join("out/outputs.pb")).unwrap(),
            b"literal map"
        );
        assert_eq!(super::remote::read(&url).unwrap(), b"literal map");
        let missing = format!("file://{}/nothing.pb", dir.display());
        let e = super::remote::read(&missing).unwrap_err();
        assert_eq!(e.location, missing);
        let e = super::remote::read("s3://").unwrap_err();
        assert_eq!(e.location, "s3://");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
