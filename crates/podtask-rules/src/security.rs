//! Single values of a pod's security settings as the Kubernetes API server checks them: user and
//! group IDs, sysctl names and the kernel namespace a sysctl belongs to, and Windows user names
//! (`runAsUserName`).
//!
//! The rules follow `k8s.io/apimachinery/pkg/util/validation` (`IsValidUserID`,
//! `IsValidGroupID`), `pkg/apis/core/validation` (`IsValidSysctlName`,
//! `validateWindowsSecurityContextOptions`) and `k8s.io/component-helpers/node/util/sysctl`
//! (`GetNamespace`), with Kubernetes' own messages.
//!
//! ```
//! use podtask_rules::security::{self, SysctlNamespace};
//! assert!(security::is_valid_id(1000));
//! assert!(!security::is_valid_id(-1));
//! assert!(security::sysctl_name("net.ipv4.ip_local_port_range"));
//! assert!(!security::sysctl_name("Net.Core.somaxconn"));
//! assert_eq!(security::sysctl_namespace("net/core/somaxconn"), SysctlNamespace::Net);
//! assert_eq!(security::windows_user_name(r"DOMAIN\user"), Vec::<String>::new());
//! ```

/// The largest user or group ID Kubernetes accepts (`maxUserID`, `maxGroupID`: 2^31 - 1).
pub const MAX_ID: i64 = 2_147_483_647;

/// Kubernetes' message for a user or group ID out of range (`InclusiveRangeError(0, 2^31-1)`).
pub const ID_RANGE_MSG: &str = "must be between 0 and 2147483647, inclusive";

/// The longest sysctl name (`SysctlMaxLength`).
pub const SYSCTL_MAX_LENGTH: usize = 253;

/// Kubernetes' message for a sysctl name that is too long or does not match the grammar.
pub const SYSCTL_NAME_MSG: &str = r"must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$";

/// Whether `id` is a valid Linux user or group ID for Kubernetes: from 0 to 2^31 - 1.
pub const fn is_valid_id(id: i64) -> bool {
    0 <= id && id <= MAX_ID
}

/// Whether `name` is a sysctl name Kubernetes accepts (`IsValidSysctlName`): at most 253 bytes,
/// segments of lowercase letters, digits, `-` and `_` that start and end with a letter or digit,
/// separated by `.` or `/`.
pub const fn sysctl_name(name: &str) -> bool {
    let b = name.as_bytes();
    if b.is_empty() || b.len() > SYSCTL_MAX_LENGTH {
        return false;
    }
    let mut start = 0;
    let mut i = 0;
    while i <= b.len() {
        if i == b.len() || b[i] == b'.' || b[i] == b'/' {
            if i == start || !alnum(b[start]) || !alnum(b[i - 1]) {
                return false;
            }
            start = i + 1;
        } else if !(alnum(b[i]) || b[i] == b'-' || b[i] == b'_') {
            return false;
        }
        i += 1;
    }
    true
}

const fn alnum(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// The kernel namespace a sysctl belongs to, as Kubernetes knows it (`utilsysctl.Namespace`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SysctlNamespace {
    /// The IPC namespace: refused with `hostIPC`.
    Ipc,
    /// The network namespace: refused with `hostNetwork`.
    Net,
    /// Not known to be namespaced.
    Unknown,
}

/// The namespace of a sysctl (`GetNamespace`): the name is first written with `.` separators
/// (`net/ipv4/conf/eth0.1/forwarding` is `net.ipv4.conf.eth0/1.forwarding`) and cut at its
/// first `*`; then `kernel.sem`, `kernel.shmall`, `kernel.shmmax`, `kernel.shmmni`,
/// `kernel.shm_rmid_forced`, `kernel.shm`, `kernel.msgmax`, `kernel.msgmnb`, `kernel.msgmni`,
/// `kernel.msg` and `fs.mqueue.*` are IPC, `net.*` is network.
pub fn sysctl_namespace(name: &str) -> SysctlNamespace {
    const IPC: [&str; 10] = [
        "kernel.sem",
        "kernel.shmall",
        "kernel.shmmax",
        "kernel.shmmni",
        "kernel.shm_rmid_forced",
        "kernel.shm",
        "kernel.msgmax",
        "kernel.msgmnb",
        "kernel.msgmni",
        "kernel.msg",
    ];
    let normal = normalize_sysctl_name(name);
    let name = normal.split('*').next().unwrap_or_default();
    if IPC.contains(&name) {
        SysctlNamespace::Ipc
    } else if name.starts_with("net.") {
        SysctlNamespace::Net
    } else if name.starts_with("fs.mqueue.") {
        SysctlNamespace::Ipc
    } else {
        SysctlNamespace::Unknown
    }
}

/// A sysctl name written with `.` separators (`NormalizeName`): when the first separator is a
/// `/`, every `/` becomes `.` and every `.` becomes `/` (`net/ipv4/conf/eth0.1/forwarding` is
/// `net.ipv4.conf.eth0/1.forwarding`).
pub fn normalize_sysctl_name(name: &str) -> String {
    let slashes = matches!(name.find(['.', '/']), Some(i) if name.as_bytes()[i] == b'/');
    if !slashes {
        return name.to_owned();
    }
    name.chars()
        .map(|c| match c {
            '.' => '/',
            '/' => '.',
            c => c,
        })
        .collect()
}

/// The sysctls the kubelet allows without configuration (`SafeSysctlAllowlist`, 1.32 and
/// later; some need a recent kernel). Any other sysctl makes the kubelet refuse the pod
/// (`SysctlForbidden`) unless the node allows it with `--allowed-unsafe-sysctls`.
pub const SAFE_SYSCTLS: [&str; 12] = [
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
];

/// Whether the kubelet allows the sysctl `name` without configuration (see [`SAFE_SYSCTLS`]);
/// `name` may use `/` separators.
pub fn safe_sysctl(name: &str) -> bool {
    SAFE_SYSCTLS.contains(&normalize_sysctl_name(name).as_str())
}

/// The longest domain of a Windows user name, exclusive (`maxRunAsUserNameDomainLength`).
const MAX_DOMAIN_LENGTH: usize = 256;
/// The longest user part of a Windows user name (`maxRunAsUserNameUserLength`).
const MAX_USER_LENGTH: usize = 104;

/// What is wrong with a Windows `runAsUserName` (`[DOMAIN\]USER`), in Kubernetes' messages and
/// order; empty when nothing is. Kubernetes reports each message as its own error.
pub fn windows_user_name(name: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if name.is_empty() {
        problems.push("runAsUserName cannot be an empty string".to_owned());
        return problems;
    }
    if name.chars().any(|c| c.is_ascii_control()) {
        problems.push("runAsUserName cannot contain control characters".to_owned());
        return problems;
    }
    let mut parts = name.split('\\');
    let first = parts.next().unwrap_or_default();
    let (domain, user) = match (parts.next(), parts.next()) {
        (_, Some(_)) => {
            problems.push("runAsUserName cannot contain more than one backslash".to_owned());
            return problems;
        }
        (Some(user), None) => (Some(first), user),
        (None, None) => (None, first),
    };
    if let Some(domain) = domain {
        if domain.len() >= MAX_DOMAIN_LENGTH {
            problems.push(format!(
                "runAsUserName's Domain length must be under {MAX_DOMAIN_LENGTH} characters"
            ));
        }
        if !net_bios_domain(domain) && !dns_domain(domain) {
            problems.push(
                "runAsUserName's Domain doesn't match the NetBios nor the DNS format".to_owned(),
            );
        }
    }
    if user.is_empty() {
        problems.push("runAsUserName's User cannot be empty".to_owned());
    } else if user.len() > MAX_USER_LENGTH {
        problems.push(format!(
            "runAsUserName's User length must not be longer than {MAX_USER_LENGTH} characters"
        ));
    }
    if !user.is_empty() && user.chars().all(|c| c == '.' || c == ' ') {
        problems.push("runAsUserName's User cannot contain only periods or spaces".to_owned());
    }
    if user.chars().any(|c| "\"/\\:;|=,+*?<>@[]".contains(c)) {
        problems.push(
            r#"runAsUserName's User cannot contain the following characters: "/\:;|=,+*?<>@[]"#
                .to_owned(),
        );
    }
    problems
}

/// A NetBIOS domain: 1 to 15 characters, none of `\ / : * ? " < > |`, not starting with `.`.
fn net_bios_domain(domain: &str) -> bool {
    const BAD: &str = "\\/:*?\"<>|";
    let mut chars = domain.chars();
    match chars.next() {
        Some(c) if c != '.' && !BAD.contains(c) => {}
        _ => return false,
    }
    let rest: Vec<char> = chars.collect();
    rest.len() <= 14 && rest.iter().all(|c| !BAD.contains(*c))
}

/// A DNS domain: dot-separated labels of 1 to 63 ASCII letters, digits and `-`, each starting
/// and ending with a letter or digit.
fn dns_domain(domain: &str) -> bool {
    domain.split('.').all(|label| {
        let b = label.as_bytes();
        !b.is_empty()
            && b.len() <= 63
            && b[0].is_ascii_alphanumeric()
            && b[b.len() - 1].is_ascii_alphanumeric()
            && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id(0));
        assert!(is_valid_id(MAX_ID));
        assert!(!is_valid_id(MAX_ID + 1));
        assert!(!is_valid_id(-1));
        assert!(!is_valid_id(4_294_967_295));
    }

    #[test]
    fn sysctl_names() {
        for ok in [
            "net.ipv4.ip_local_port_range",
            "net/core/somaxconn",
            "net.ipv4.conf.eth0/1.forwarding",
            "1net.core",
            "net.core.some_max",
            "kernel.shm_rmid_forced",
            "a",
        ] {
            assert!(sysctl_name(ok), "{ok}");
        }
        let long = "a".repeat(254);
        for bad in [
            "",
            "Net.Core.somaxconn",
            "net..core",
            "net.core.somaxconn.",
            ".net.core",
            "net core",
            "net.-core",
            "net.core_",
            "net.*",
            long.as_str(),
        ] {
            assert!(!sysctl_name(bad), "{bad}");
        }
        assert!(sysctl_name(&"a".repeat(253)));
    }

    #[test]
    fn sysctl_namespaces() {
        use SysctlNamespace::{Ipc, Net, Unknown};
        for (name, ns) in [
            ("net.core.somaxconn", Net),
            ("net/ipv4/ip_forward", Net),
            ("net", Unknown),
            ("kernel.shm_rmid_forced", Ipc),
            ("kernel.shm", Ipc),
            ("kernel.shmfoo", Unknown),
            ("kernel.msgmax", Ipc),
            ("kernel.sem", Ipc),
            ("fs.mqueue.msg_max", Ipc),
            ("fs/mqueue/msg_max", Ipc),
            ("kernel.pid_max", Unknown),
            ("vm.swappiness", Unknown),
        ] {
            assert_eq!(sysctl_namespace(name), ns, "{name}");
        }
    }

    #[test]
    fn safe_sysctls() {
        assert!(safe_sysctl("net.ipv4.ip_local_port_range"));
        assert!(safe_sysctl("net/ipv4/tcp_syncookies"));
        assert!(safe_sysctl("kernel.shm_rmid_forced"));
        assert!(!safe_sysctl("net.core.somaxconn"));
        assert!(!safe_sysctl("kernel.msgmax"));
        assert_eq!(
            normalize_sysctl_name("net/ipv4/conf/eth0.1/forwarding"),
            "net.ipv4.conf.eth0/1.forwarding"
        );
        assert_eq!(normalize_sysctl_name("net.a/b"), "net.a/b");
    }

    #[test]
    fn windows_user_names() {
        assert!(windows_user_name("ContainerUser").is_empty());
        assert!(windows_user_name(r"NT AUTHORITY\NETWORK SERVICE").is_empty());
        assert!(windows_user_name(r"example.com\user").is_empty());
        assert_eq!(
            windows_user_name(r"bad\name\x"),
            ["runAsUserName cannot contain more than one backslash"]
        );
        assert_eq!(
            windows_user_name(""),
            ["runAsUserName cannot be an empty string"]
        );
        assert_eq!(
            windows_user_name("a\u{7}b"),
            ["runAsUserName cannot contain control characters"]
        );
        assert_eq!(
            windows_user_name(r"dom\"),
            ["runAsUserName's User cannot be empty"]
        );
        assert_eq!(
            windows_user_name(".."),
            ["runAsUserName's User cannot contain only periods or spaces"]
        );
        assert_eq!(
            windows_user_name("a@b"),
            [r#"runAsUserName's User cannot contain the following characters: "/\:;|=,+*?<>@[]"#]
        );
        assert_eq!(
            windows_user_name(&"u".repeat(105)),
            ["runAsUserName's User length must not be longer than 104 characters"]
        );
        assert_eq!(
            windows_user_name(r".bad-domain-that-is-long\user"),
            ["runAsUserName's Domain doesn't match the NetBios nor the DNS format"]
        );
    }
}
