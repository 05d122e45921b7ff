//! `package --output FILE`: the gzipped tar of `admin.TaskSpec`s `flytectl register files
//! --archive` reads, as `pyflyte package` writes it, the same bytes every time.

mod common;
use common::run;

use std::ffi::OsString;
use std::fs;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use podtask::SerializeSettings;
use podtask::flyteidl::{admin, core};
use prost::Message;

const LONG_NAME: &str = "package.pkg_tasks.a_module_path_long_enough_that_the_file_name_of_its_spec_does_not_fit_a_ustar_header.run";
const DOC: &str = "Trains the model.\n\nReads `n` rows and writes **one** checkpoint.";

mod pkg_tasks {
    use podtask::task;

    /// Trains the model.
    ///
    /// Reads `n` rows and writes **one** checkpoint.
    #[task(container(image = "busybox:1.36"))]
    fn train(n: i64) {
        let _ = n;
    }

    #[task(container(image = "busybox:1.36", command = ["echo"]))]
    fn cmd(n: i64) {
        let _ = n;
    }

    #[task(
        name = "package.pkg_tasks.a_module_path_long_enough_that_the_file_name_of_its_spec_does_not_fit_a_ustar_header.run",
        container(image = "busybox:1.36")
    )]
    fn run(n: i64) {
        let _ = n;
    }
}

fn scratch(test: &str) -> PathBuf {
    let dir = common::scratch("pkg", test);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// One member of a tar, with the header fields a package fixes.
#[derive(Debug)]
struct Member {
    name: String,
    mode: u64,
    uid: u64,
    gid: u64,
    mtime: u64,
    data: Vec<u8>,
}

fn octal(field: &[u8]) -> u64 {
    let text = std::str::from_utf8(field).unwrap();
    let digits = text.trim_end_matches(['\0', ' ']);
    u64::from_str_radix(digits, 8).unwrap()
}

/// Reads a ustar archive strictly: checksums, magic, regular files only, zero blocks at the end.
fn read_tar(tar: &[u8]) -> Vec<Member> {
    assert_eq!(tar.len() % 10240, 0, "not a whole number of 10 KiB records");
    let mut members = Vec::new();
    let mut at = 0;
    loop {
        let h = &tar[at..at + 512];
        if h.iter().all(|&b| b == 0) {
            assert!(
                tar[at..].iter().all(|&b| b == 0),
                "data after the end blocks"
            );
            assert!(tar.len() - at >= 1024, "fewer than two end blocks");
            return members;
        }
        let mut blank = h.to_vec();
        blank[148..156].fill(b' ');
        let sum: u64 = blank.iter().map(|&b| u64::from(b)).sum();
        assert_eq!(octal(&h[148..156]), sum, "header checksum");
        assert_eq!(&h[257..265], b"ustar\x0000");
        assert_eq!(h[156], b'0', "not a regular file");
        assert!(h[345..500].iter().all(|&b| b == 0), "a name prefix");
        let name_end = h[..100].iter().position(|&b| b == 0).unwrap_or(100);
        let size = usize::try_from(octal(&h[124..136])).unwrap();
        let data = tar[at + 512..at + 512 + size].to_vec();
        members.push(Member {
            name: String::from_utf8(h[..name_end].to_vec()).unwrap(),
            mode: octal(&h[100..108]),
            uid: octal(&h[108..116]),
            gid: octal(&h[116..124]),
            mtime: octal(&h[136..148]),
            data,
        });
        at += 512 + size.div_ceil(512) * 512;
    }
}

fn unpack(path: &PathBuf) -> Vec<Member> {
    let mut tar = Vec::new();
    flate2::read::GzDecoder::new(fs::File::open(path).unwrap())
        .read_to_end(&mut tar)
        .unwrap();
    read_tar(&tar)
}

fn settings() -> SerializeSettings {
    let mut s = SerializeSettings::default();
    s.entrypoint = Some("/usr/local/bin/tasks".to_owned());
    s
}

#[test]
fn package_holds_one_task_spec_per_task_the_same_bytes_every_time() {
    let dir = scratch("same");
    let (a, b) = (dir.join("a.tgz"), dir.join("b.tar.gz"));
    for out in [&a, &b] {
        let (code, stdout, err) = run(&[
            "package",
            "--output",
            out.to_str().unwrap(),
            "--entrypoint",
            "/usr/local/bin/tasks",
        ]);
        assert_eq!(code, ExitCode::SUCCESS, "{err}");
        assert_eq!(stdout, format!("wrote 3 task specs to {}\n", out.display()));
    }
    let bytes = fs::read(&a).unwrap();
    assert_eq!(bytes, fs::read(&b).unwrap());
    // gzip: no file name, time zero.
    assert_eq!(&bytes[..4], [0x1f, 0x8b, 8, 0]);
    assert_eq!(&bytes[4..8], [0, 0, 0, 0]);

    let members = unpack(&a);
    let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
    let long_entry = format!("00_{}_1.pb", &LONG_NAME[..100 - 3 - 5]);
    assert_eq!(
        names,
        [
            long_entry.as_str(),
            "01_package.pkg_tasks.cmd_1.pb",
            "02_package.pkg_tasks.train_1.pb"
        ]
    );
    let tasks = podtask::registry().tasks();
    assert_eq!(tasks.len(), members.len());
    assert_eq!(tasks[0].as_ref().unwrap().name(), LONG_NAME);
    for (member, task) in members.iter().zip(tasks) {
        let task = task.unwrap();
        assert_eq!(
            (member.mode, member.uid, member.gid, member.mtime),
            (0o644, 0, 0, 0)
        );
        let spec = admin::TaskSpec::decode(member.data.as_slice()).unwrap();
        let mut expected = podtask::template(&task, &settings()).unwrap();
        let id = expected.id.as_mut().unwrap();
        // Left to `flytectl register files -p/-d`, as `pyflyte package` leaves them.
        id.project.clear();
        id.domain.clear();
        assert_eq!(id.version.len(), podtask::VERSION_HEX_DIGITS);
        assert_eq!(spec.template.as_ref(), Some(&expected), "{}", member.name);
        assert_eq!(spec.encode_to_vec(), member.data);
    }
    let train = admin::TaskSpec::decode(members[2].data.as_slice()).unwrap();
    let description = train.description.unwrap();
    assert_eq!(description.short_description, "Trains the model.");
    let long = description.long_description.unwrap();
    assert_eq!(
        long.content,
        Some(admin::description::Content::Value(DOC.to_owned()))
    );
    assert_eq!(long.format, admin::DescriptionFormat::Markdown as i32);
    let cmd = admin::TaskSpec::decode(members[1].data.as_slice()).unwrap();
    assert_eq!(cmd.description, None);
    assert_eq!(cmd.template.unwrap().r#type, "raw-container");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn package_keeps_a_project_domain_and_version_given() {
    let dir = scratch("given");
    let out = dir.join("p.tgz");
    let (code, _, err) = run(&[
        "package",
        "-o",
        out.to_str().unwrap(),
        "--entrypoint",
        "/usr/local/bin/tasks",
        "--project",
        "ml",
        "--domain",
        "production",
        "--version",
        "git-1a2b3c",
    ]);
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    for member in unpack(&out) {
        let spec = admin::TaskSpec::decode(member.data.as_slice()).unwrap();
        let id = spec.template.unwrap().id.unwrap();
        assert_eq!(
            (id.project.as_str(), id.domain.as_str(), id.version.as_str()),
            ("ml", "production", "git-1a2b3c")
        );
        assert_eq!(id.resource_type, core::ResourceType::Task as i32);
    }
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn package_writes_nothing_on_error() {
    let dir = scratch("error");
    // flytectl gunzips only .tgz and .tar.gz archives.
    let zip = dir.join("p.zip");
    let (code, out, err) = run(&["package", "--output", zip.to_str().unwrap()]);
    assert_eq!(code, ExitCode::FAILURE);
    assert_eq!(out, "");
    assert!(
        err.contains("expected a file name ending in .tgz or .tar.gz"),
        "{err}"
    );
    assert!(!zip.exists());

    // A failing package leaves the archive that was there as it was, and no temporary file.
    let old = dir.join("p.tgz");
    fs::write(&old, b"old").unwrap();
    let (code, _, err) = run(&[
        "package",
        "--output",
        old.to_str().unwrap(),
        "--image",
        "Not An Image",
    ]);
    assert_eq!(code, ExitCode::FAILURE);
    assert!(err.starts_with("error: --image: "), "{err}");
    assert_eq!(fs::read(&old).unwrap(), b"old");
    let left: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, [OsString::from("p.tgz")]);

    // A directory that does not exist.
    let missing = dir.join("no/such/dir/p.tgz");
    let (code, _, err) = run(&[
        "package",
        "--output",
        missing.to_str().unwrap(),
        "--entrypoint",
        "/usr/local/bin/tasks",
    ]);
    assert_eq!(code, ExitCode::FAILURE);
    assert!(
        err.starts_with(&format!("error: cannot write {}", missing.display())),
        "{err}"
    );
    fs::remove_dir_all(&dir).unwrap();
}
