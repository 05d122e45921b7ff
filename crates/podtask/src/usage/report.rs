//! A run's usage against the task's requests and limits: findings, the report `run` prints,
//! the JSON of `run --usage-json` and the log line of `execute`.

use std::fmt::Write as _;

use podtask_rules::Quantity;
use podtask_rules::resource::ResourceName;
use serde_json::{Map, Value, json};

use super::Usage;
use crate::model::Resources;

/// How much a finding asks of the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Level {
    /// On Kubernetes this run would fail or suffer (OOMKilled, evicted, throttled).
    Warning,
    /// The task asks for much more, or less, than it used: a setting to change.
    Advice,
    /// A figure against the task's setting, or a setting that is missing.
    Note,
}

impl Level {
    /// `warning`, `advice` or `note`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Warning => "warning",
            Level::Advice => "advice",
            Level::Note => "note",
        }
    }
}

/// One sentence about one resource of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Finding {
    /// How much it asks of the reader.
    pub level: Level,
    /// `memory` or `cpu`.
    pub resource: &'static str,
    /// The sentence, with the figures and, where there is one, the setting to write.
    pub message: String,
}

/// One request or limit: as written, and its value (cores for CPU, bytes for memory).
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    /// The quantity as the task writes it (`"500m"`, `"2Gi"`).
    pub text: String,
    /// Its value: cores for CPU, bytes for memory.
    pub value: f64,
}

/// A task's CPU and memory requests and limits, as the primary container gets them.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct Limits {
    /// The CPU request.
    pub cpu_request: Option<Amount>,
    /// The CPU limit.
    pub cpu_limit: Option<Amount>,
    /// The memory request.
    pub memory_request: Option<Amount>,
    /// The memory limit.
    pub memory_limit: Option<Amount>,
}

impl Limits {
    /// The CPU and memory entries of `resources` (GPU, storage and ephemeral storage are not
    /// measured).
    pub fn of(resources: &Resources) -> Limits {
        let find = |entries: &[crate::ResourceEntry], name: ResourceName| {
            amount(name, &entries.iter().find(|e| e.name == name)?.value)
        };
        Limits {
            cpu_request: find(&resources.requests, ResourceName::Cpu),
            cpu_limit: find(&resources.limits, ResourceName::Cpu),
            memory_request: find(&resources.requests, ResourceName::Memory),
            memory_limit: find(&resources.limits, ResourceName::Memory),
        }
    }

    /// The requests and limits of `task`'s primary container: the task's own, and for one the
    /// task leaves out, what its pod spec's primary container sets (the merge keeps those).
    pub fn for_task(task: &crate::Task) -> Limits {
        let mut limits = Limits::of(task.resources());
        let Some(pod) = task.pod() else {
            return limits;
        };
        let Ok(spec) = pod.pod_spec() else {
            return limits;
        };
        let primary = pod.primary_container_name();
        let Some(resources) = spec
            .get("containers")
            .and_then(Value::as_array)
            .and_then(|all| {
                all.iter()
                    .find(|c| c.get("name").and_then(Value::as_str) == Some(primary))
            })
            .and_then(|c| c.get("resources"))
        else {
            return limits;
        };
        for (slot, list, name, key) in [
            (
                &mut limits.cpu_request,
                "requests",
                ResourceName::Cpu,
                "cpu",
            ),
            (&mut limits.cpu_limit, "limits", ResourceName::Cpu, "cpu"),
            (
                &mut limits.memory_request,
                "requests",
                ResourceName::Memory,
                "memory",
            ),
            (
                &mut limits.memory_limit,
                "limits",
                ResourceName::Memory,
                "memory",
            ),
        ] {
            if slot.is_none() {
                let text = resources.get(list).and_then(|l| l.get(key));
                *slot = text.and_then(Value::as_str).and_then(|t| amount(name, t));
            }
        }
        limits
    }
}

/// A CPU or memory quantity as written and its value (cores, bytes); `None` for one that does
/// not parse, and for 0, for which Kubernetes sets no quota.
fn amount(name: ResourceName, text: &str) -> Option<Amount> {
    let q = Quantity::parse(text).ok()?;
    let value = match name {
        ResourceName::Cpu => q.milli_value()? as f64 / 1000.0,
        _ => q.value()? as f64,
    };
    (value > 0.0).then(|| Amount {
        text: text.to_owned(),
        value,
    })
}

/// Above this share of the memory limit, a run has too little headroom.
pub const MEMORY_HEADROOM: f64 = 0.9;
/// Below this share of the memory (or CPU) request, the request is worth lowering.
pub const OVER_REQUESTED: f64 = 0.5;
/// Memory requests with less than this to spare are not worth lowering (bytes).
pub const MEMORY_SLACK: f64 = 128.0 * MIB;
/// Above this share of the CPU limit, the run would be throttled on Kubernetes.
pub const CPU_THROTTLED: f64 = 0.95;
/// Above this share of the CPU request, the request is worth raising.
pub const CPU_ABOVE_REQUEST: f64 = 1.1;
/// Suggested settings leave this much room above what the run used.
pub const MARGIN: f64 = 1.2;

const MIB: f64 = 1024.0 * 1024.0;
const GIB: f64 = 1024.0 * MIB;

/// What `usage` says against `limits`, warnings first.
///
/// Memory is judged by the peak of the process that ran the task, or of a process it started
/// when that is higher; CPU by the average over the run (a bursty task can be throttled on
/// Kubernetes, whose quota is per 100 ms, while its average stays below the limit). A request
/// that is not set defaults to the limit, as Kubernetes defaults it; a limit of 0 is no limit.
pub fn findings(usage: &Usage, limits: &Limits) -> Vec<Finding> {
    let mut out = Vec::new();
    memory(usage, limits, &mut out);
    cpu(usage, limits, &mut out);
    out.sort_by_key(|f| f.level);
    out
}

fn push(out: &mut Vec<Finding>, level: Level, resource: &'static str, message: String) {
    out.push(Finding {
        level,
        resource,
        message,
    });
}

fn memory(usage: &Usage, limits: &Limits, out: &mut Vec<Finding>) {
    let Some(own) = usage.peak_rss_bytes else {
        push(
            out,
            Level::Note,
            "memory",
            "peak memory is not measured on this system".to_owned(),
        );
        return;
    };
    // A process the task starts begins with the task's own high-water mark, so the larger of
    // the two peaks is the figure: adding them would count the task's memory twice.
    let children = usage.children_peak_rss_bytes.unwrap_or(0);
    let peak = own.max(children) as f64;
    let shown = if children > own {
        format!(
            "peak memory {} (in a process the task started; {} in the task's own)",
            bytes(peak),
            bytes(own as f64)
        )
    } else {
        format!("peak memory {}", bytes(peak))
    };
    let suggest = suggest_memory(peak);
    let request = limits
        .memory_request
        .as_ref()
        .or(limits.memory_limit.as_ref());
    match &limits.memory_limit {
        Some(l) if peak > l.value => push(
            out,
            Level::Warning,
            "memory",
            format!(
                "{shown} is above the memory limit {}: on Kubernetes this run would be \
                 OOMKilled; consider limits(memory = \"{suggest}\")",
                l.text
            ),
        ),
        Some(l) if peak > MEMORY_HEADROOM * l.value => push(
            out,
            Level::Warning,
            "memory",
            format!(
                "{shown} is {:.0}% of the memory limit {}: a little more input and on \
                 Kubernetes it would be OOMKilled; consider limits(memory = \"{suggest}\")",
                100.0 * peak / l.value,
                l.text
            ),
        ),
        Some(_) => {}
        None => push(
            out,
            Level::Note,
            "memory",
            "no memory limit: the task ran unlimited, and on Kubernetes may use all of a \
             node's memory (or its namespace's default limit)"
                .to_owned(),
        ),
    }
    match (request, &limits.memory_request) {
        (None, _) => push(
            out,
            Level::Advice,
            "memory",
            format!(
                "{shown} with no memory request: the scheduler reserves nothing for it; \
                 consider requests(memory = \"{suggest}\")"
            ),
        ),
        (Some(r), Some(_)) if peak > r.value => push(
            out,
            Level::Warning,
            "memory",
            format!(
                "{shown} is above the memory request {}: under memory pressure the node \
                 evicts such pods first; consider requests(memory = \"{suggest}\")",
                r.text
            ),
        ),
        (Some(r), explicit)
            if peak < OVER_REQUESTED * r.value && r.value - peak >= MEMORY_SLACK =>
        {
            push(
                out,
                Level::Advice,
                "memory",
                format!(
                    "{shown} of {} {}: consider requests(memory = \"{suggest}\")",
                    r.text,
                    if explicit.is_some() {
                        "requested"
                    } else {
                        "requested (the limit, as the request defaults to it)"
                    }
                ),
            )
        }
        (Some(r), _) => push(
            out,
            Level::Note,
            "memory",
            format!("{shown} of {} requested", r.text),
        ),
    }
}

fn cpu(usage: &Usage, limits: &Limits, out: &mut Vec<Finding>) {
    let Some(cpu) = usage.cpu() else {
        push(
            out,
            Level::Note,
            "cpu",
            "CPU time is not measured on this system".to_owned(),
        );
        return;
    };
    let Some(avg) = usage.average_cpus() else {
        push(
            out,
            Level::Note,
            "cpu",
            format!(
                "CPU time {:.3} s; the run was too short to judge its CPU use",
                cpu.as_secs_f64()
            ),
        );
        return;
    };
    let suggest = suggest_cpu(avg);
    let request = limits.cpu_request.as_ref().or(limits.cpu_limit.as_ref());
    if let Some(l) = &limits.cpu_limit
        && avg > CPU_THROTTLED * l.value
    {
        let (place, slower) = if avg > l.value {
            (
                "above",
                format!(" and take about {:.1}× as long", avg / l.value),
            )
        } else {
            ("near", String::new())
        };
        push(
            out,
            Level::Warning,
            "cpu",
            format!(
                "used {} CPUs on average, {place} the CPU limit {}: on Kubernetes it would be \
                 throttled{slower}; consider limits(cpu = \"{suggest}\")",
                cores(avg),
                l.text
            ),
        );
    }
    match request {
        None => push(
            out,
            Level::Advice,
            "cpu",
            format!(
                "used {} CPUs on average with no CPU request: on a busy node it gets almost \
                 none; consider requests(cpu = \"{suggest}\")",
                cores(avg)
            ),
        ),
        Some(r) if avg > CPU_ABOVE_REQUEST * r.value => push(
            out,
            Level::Advice,
            "cpu",
            format!(
                "used {} CPUs on average, more than the {} requested: on a busy node it gets \
                 only its request; consider requests(cpu = \"{suggest}\")",
                cores(avg),
                r.text
            ),
        ),
        Some(r) if avg < OVER_REQUESTED * r.value => push(
            out,
            Level::Advice,
            "cpu",
            format!(
                "used {} of {} requested CPUs on average{}: consider requests(cpu = \"{suggest}\")",
                cores(avg),
                r.text,
                if limits.cpu_request.is_some() {
                    ""
                } else {
                    " (the limit, as the request defaults to it)"
                }
            ),
        ),
        Some(r) => push(
            out,
            Level::Note,
            "cpu",
            format!(
                "used {} of {} requested CPUs on average",
                cores(avg),
                r.text
            ),
        ),
    }
}

/// A memory setting with [`MARGIN`] above `peak`: a multiple of 64Mi up to 1Gi, of 256Mi above.
fn suggest_memory(peak: f64) -> String {
    let want = (peak * MARGIN).max(64.0 * MIB);
    if want <= GIB {
        let n = (want / (64.0 * MIB)).ceil() as u64 * 64;
        return format!("{n}Mi");
    }
    let quarters = (want / (GIB / 4.0)).ceil() as u64;
    if quarters.is_multiple_of(4) {
        format!("{}Gi", quarters / 4)
    } else {
        format!("{}Mi", quarters * 256)
    }
}

/// A CPU setting with [`MARGIN`] above `avg`, in steps of 100m.
fn suggest_cpu(avg: f64) -> String {
    let milli = ((avg * MARGIN * 10.0).ceil() as u64).max(1) * 100;
    if milli.is_multiple_of(1000) {
        format!("{}", milli / 1000)
    } else {
        format!("{milli}m")
    }
}

/// `310 MiB`, `2.3 GiB`: binary units, at most one decimal.
pub(crate) fn bytes(b: f64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = b;
    let mut i = 0;
    while v >= 1024.0 && i + 1 < units.len() {
        v /= 1024.0;
        i += 1;
    }
    if i == 0 {
        return format!("{v:.0} B");
    }
    // One decimal, left out when it is 0: `310 MiB`, `2.3 GiB`, `256.4 MiB` (just above a
    // limit of 256Mi reads so).
    let text = format!("{v:.1}");
    let text = text.strip_suffix(".0").unwrap_or(&text);
    format!("{text} {}", units[i])
}

/// `0.4`, `1.96`, `12`: cores with two significant decimals at most.
fn cores(c: f64) -> String {
    if c >= 10.0 {
        return format!("{c:.0}");
    }
    let s = format!("{c:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn secs(d: Option<std::time::Duration>) -> String {
    d.map_or_else(
        || "not measured".to_owned(),
        |d| format!("{:.2} s", d.as_secs_f64()),
    )
}

/// The report `run` prints on standard error: a line of figures, then each finding.
pub fn report_text(task: &str, usage: &Usage, limits: &Limits) -> String {
    let mut s = format!("task {task} used: wall {:.2} s", usage.wall.as_secs_f64());
    match usage.cpu() {
        Some(_) => {
            let _ = write!(s, ", CPU {}", secs(usage.cpu()));
            if let Some(avg) = usage.average_cpus() {
                let n = cores(avg);
                let unit = if n == "1" { "core" } else { "cores" };
                let _ = write!(s, " ({n} {unit} on average)");
            }
        }
        None => s.push_str(", CPU not measured on this system"),
    }
    match usage.peak_rss_bytes {
        Some(p) => {
            let _ = write!(s, ", peak memory {}", bytes(p as f64));
        }
        None => s.push_str(", peak memory not measured on this system"),
    }
    s.push('\n');
    for f in findings(usage, limits) {
        let _ = writeln!(s, "  {}: {}", f.level.as_str(), f.message);
    }
    s
}

fn seconds_value(d: Option<std::time::Duration>) -> Value {
    d.map_or(Value::Null, |d| json!(d.as_secs_f64()))
}

/// The JSON `run --usage-json` writes (schema `podtask.usage/v1`, docs/usage.md).
/// `enforced` says whether the run was under `--enforce-limits`; `over_memory_limit` whether
/// its peak went over the memory limit.
pub fn usage_json(task: &str, usage: &Usage, limits: &Limits, enforced: bool) -> Value {
    let amounts = |cpu: &Option<Amount>, memory: &Option<Amount>| {
        let mut m = Map::new();
        if let Some(a) = cpu {
            m.insert("cpu".to_owned(), Value::String(a.text.clone()));
        }
        if let Some(a) = memory {
            m.insert("memory".to_owned(), Value::String(a.text.clone()));
        }
        Value::Object(m)
    };
    let peak = usage
        .peak_rss_bytes
        .map(|own| own.max(usage.children_peak_rss_bytes.unwrap_or(0)));
    let over = match (&limits.memory_limit, peak) {
        (Some(l), Some(p)) => Value::Bool(p as f64 > l.value),
        _ => Value::Null,
    };
    let findings: Vec<Value> = findings(usage, limits)
        .into_iter()
        .map(|f| json!({"level": f.level.as_str(), "resource": f.resource, "message": f.message}))
        .collect();
    json!({
        "schema": "podtask.usage/v1",
        "task": task,
        "measured": usage.cpu().is_some(),
        "wall_seconds": usage.wall.as_secs_f64(),
        "cpu_seconds": seconds_value(usage.cpu()),
        "user_cpu_seconds": seconds_value(usage.user_cpu),
        "system_cpu_seconds": seconds_value(usage.system_cpu),
        "average_cpus": usage.average_cpus(),
        "peak_rss_bytes": usage.peak_rss_bytes,
        "children_peak_rss_bytes": usage.children_peak_rss_bytes,
        "requests": amounts(&limits.cpu_request, &limits.memory_request),
        "limits": amounts(&limits.cpu_limit, &limits.memory_limit),
        "enforced": enforced,
        "over_memory_limit": over,
        "findings": findings,
    })
}

/// The one line `execute` logs at the end of a run: `podtask usage: task=NAME key=value ...`,
/// figures not measured left out, then each warning as `warning="..."`.
pub fn log_line(task: &str, usage: &Usage, limits: &Limits) -> String {
    let mut s = format!(
        "podtask usage: task={task} wall_seconds={:.3}",
        usage.wall.as_secs_f64()
    );
    let mut secs = |key: &str, d: Option<std::time::Duration>| {
        if let Some(d) = d {
            let _ = write!(s, " {key}={:.3}", d.as_secs_f64());
        }
    };
    secs("cpu_seconds", usage.cpu());
    secs("user_cpu_seconds", usage.user_cpu);
    secs("system_cpu_seconds", usage.system_cpu);
    secs("read_inputs_seconds", usage.read_inputs);
    secs("write_outputs_seconds", usage.write_outputs);
    if let Some(avg) = usage.average_cpus() {
        let _ = write!(s, " average_cpus={avg:.2}");
    }
    if let Some(p) = usage.peak_rss_bytes {
        let _ = write!(s, " peak_rss_bytes={p}");
    }
    if let Some(p) = usage.children_peak_rss_bytes {
        let _ = write!(s, " children_peak_rss_bytes={p}");
    }
    if usage.cpu().is_none() {
        s.push_str(" cpu_and_memory=not_measured_on_this_system");
    }
    for f in findings(usage, limits) {
        if f.level == Level::Warning {
            let _ = write!(s, " warning={}", Value::String(f.message));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn amount(text: &str, value: f64) -> Option<Amount> {
        Some(Amount {
            text: text.to_owned(),
            value,
        })
    }

    fn usage(peak_mib: f64, cpu_s: f64, wall_s: f64) -> Usage {
        Usage {
            wall: Duration::from_secs_f64(wall_s),
            user_cpu: Some(Duration::from_secs_f64(cpu_s)),
            system_cpu: Some(Duration::ZERO),
            peak_rss_bytes: Some((peak_mib * MIB) as u64),
            children_peak_rss_bytes: Some(0),
            ..Usage::default()
        }
    }

    fn messages(u: &Usage, l: &Limits, level: Level) -> Vec<String> {
        resource_messages(u, l, level, "")
    }

    /// The messages of one level, of one resource (any with "").
    fn resource_messages(u: &Usage, l: &Limits, level: Level, resource: &str) -> Vec<String> {
        findings(u, l)
            .into_iter()
            .filter(|f| f.level == level && (resource.is_empty() || f.resource == resource))
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn memory_over_the_limit_would_be_oom_killed() {
        let l = Limits {
            memory_request: amount("1Gi", GIB),
            memory_limit: amount("2Gi", 2.0 * GIB),
            ..Limits::default()
        };
        let w = messages(&usage(2.3 * 1024.0, 1.0, 1.0), &l, Level::Warning);
        assert!(
            w.iter().any(|m| m.starts_with(
                "peak memory 2.3 GiB is above the memory limit 2Gi: on Kubernetes this run \
                 would be OOMKilled; consider limits(memory = \"3Gi\")"
            )),
            "{w:?}"
        );
        // Above the request too.
        assert!(w.iter().any(|m| m.contains("above the memory request 1Gi")));
    }

    #[test]
    fn memory_thresholds() {
        let l = Limits {
            memory_request: amount("1Gi", GIB),
            memory_limit: amount("1Gi", GIB),
            ..Limits::default()
        };
        // 95% of the limit: too little headroom; at 85% nothing to warn of.
        let w = messages(&usage(0.95 * 1024.0, 1.0, 1.0), &l, Level::Warning);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("95% of the memory limit 1Gi"), "{w:?}");
        assert!(messages(&usage(0.85 * 1024.0, 1.0, 1.0), &l, Level::Warning).is_empty());
        // Far below the request: lower it.
        let l = Limits {
            memory_request: amount("16Gi", 16.0 * GIB),
            ..Limits::default()
        };
        let a = resource_messages(&usage(310.0, 1.0, 1.0), &l, Level::Advice, "memory");
        assert_eq!(
            a,
            ["peak memory 310 MiB of 16Gi requested: consider requests(memory = \"384Mi\")"]
        );
        let n = messages(&usage(310.0, 1.0, 1.0), &l, Level::Note);
        assert!(n.iter().any(|m| m.starts_with("no memory limit")), "{n:?}");
        // Below half of the request but within the slack: fine as it is.
        let l = Limits {
            memory_request: amount("200Mi", 200.0 * MIB),
            ..Limits::default()
        };
        assert!(resource_messages(&usage(90.0, 1.0, 1.0), &l, Level::Advice, "memory").is_empty());
    }

    #[test]
    fn cpu_thresholds() {
        let l = Limits {
            cpu_request: amount("4", 4.0),
            ..Limits::default()
        };
        assert_eq!(
            resource_messages(&usage(10.0, 0.8, 2.0), &l, Level::Advice, "cpu"),
            ["used 0.4 of 4 requested CPUs on average: consider requests(cpu = \"500m\")"]
        );
        assert_eq!(
            messages(&usage(10.0, 6.0, 2.0), &l, Level::Note)
                .into_iter()
                .filter(|m| m.starts_with("used"))
                .collect::<Vec<_>>(),
            ["used 3 of 4 requested CPUs on average"]
        );
        let l = Limits {
            cpu_request: amount("1", 1.0),
            cpu_limit: amount("2", 2.0),
            ..Limits::default()
        };
        let w = messages(&usage(10.0, 6.0, 2.0), &l, Level::Warning);
        assert_eq!(
            w,
            [
                "used 3 CPUs on average, above the CPU limit 2: on Kubernetes it would be \
                 throttled and take about 1.5× as long; consider limits(cpu = \"3600m\")"
            ]
        );
        let a = resource_messages(&usage(10.0, 6.0, 2.0), &l, Level::Advice, "cpu");
        assert!(a[0].contains("more than the 1 requested"), "{a:?}");
        // 1.95 of a limit of 2 is near the limit; 1.8 is not.
        assert_eq!(
            messages(&usage(10.0, 3.9, 2.0), &l, Level::Warning).len(),
            1
        );
        assert!(messages(&usage(10.0, 3.6, 2.0), &l, Level::Warning).is_empty());
    }

    #[test]
    fn requests_default_to_limits() {
        let l = Limits {
            cpu_limit: amount("8", 8.0),
            memory_limit: amount("8Gi", 8.0 * GIB),
            ..Limits::default()
        };
        let a = messages(&usage(100.0, 1.0, 1.0), &l, Level::Advice);
        assert!(
            a.iter()
                .any(|m| m.contains("of 8 requested CPUs on average (the limit")
                    && m.ends_with("consider requests(cpu = \"1200m\")")),
            "{a:?}"
        );
        assert!(
            a.iter()
                .any(|m| m.contains("(the limit, as the request defaults to it)")
                    && m.ends_with("consider requests(memory = \"128Mi\")"))
        );
    }

    #[test]
    fn unmeasured_figures_are_said_not_zeroed() {
        let u = Usage {
            wall: Duration::from_secs(1),
            ..Usage::default()
        };
        let l = Limits::default();
        let text = report_text("t", &u, &l);
        assert!(text.contains("CPU not measured on this system"), "{text}");
        assert!(
            text.contains("peak memory not measured on this system"),
            "{text}"
        );
        let j = usage_json("t", &u, &l, false);
        assert_eq!(j["peak_rss_bytes"], Value::Null);
        assert_eq!(j["measured"], false);
        assert!(log_line("t", &u, &l).ends_with("cpu_and_memory=not_measured_on_this_system"));
    }

    #[test]
    fn json_has_the_documented_fields() {
        let l = Limits {
            cpu_request: amount("500m", 0.5),
            memory_limit: amount("1Gi", GIB),
            ..Limits::default()
        };
        let j = usage_json("t", &usage(100.0, 0.5, 1.0), &l, true);
        assert_eq!(j["schema"], "podtask.usage/v1");
        assert_eq!(j["peak_rss_bytes"], json!((100.0 * MIB) as u64));
        assert_eq!(j["cpu_seconds"], json!(0.5));
        assert_eq!(j["wall_seconds"], json!(1.0));
        assert_eq!(j["requests"], json!({"cpu": "500m"}));
        assert_eq!(j["limits"], json!({"memory": "1Gi"}));
        assert_eq!(j["over_memory_limit"], false);
        assert_eq!(j["enforced"], true);
    }

    #[test]
    fn suggestions_are_round_quantities() {
        assert_eq!(suggest_memory(310.0 * MIB), "384Mi");
        assert_eq!(suggest_memory(10.0 * MIB), "64Mi");
        assert_eq!(suggest_memory(2.3 * GIB), "3Gi");
        assert_eq!(suggest_memory(2.0 * GIB), "2560Mi");
        assert_eq!(suggest_cpu(0.4), "500m");
        assert_eq!(suggest_cpu(0.0), "100m");
        assert_eq!(suggest_cpu(2.5), "3");
        assert_eq!(bytes(900.0), "900 B");
        assert_eq!(bytes(2.3 * GIB), "2.3 GiB");
        assert_eq!(bytes(256.4 * MIB), "256.4 MiB");
        assert_eq!(bytes(310.0 * MIB), "310 MiB");
        assert_eq!(cores(0.4), "0.4");
        assert_eq!(cores(1.96), "1.96");
        assert_eq!(cores(12.3), "12");
        assert_eq!(cores(10.0), "10");
        assert_eq!(cores(2.0), "2");
    }

    #[test]
    fn log_line_is_one_line_of_figures() {
        let l = Limits {
            memory_limit: amount("64Mi", 64.0 * MIB),
            ..Limits::default()
        };
        let mut u = usage(100.0, 0.5, 1.0);
        u.read_inputs = Some(Duration::from_millis(3));
        let line = log_line("t", &u, &l);
        assert!(!line.contains('\n'));
        assert!(line.starts_with("podtask usage: task=t wall_seconds=1.000 cpu_seconds=0.500 "));
        assert!(line.contains(" read_inputs_seconds=0.003"), "{line}");
        assert!(line.contains(&format!(" peak_rss_bytes={}", (100.0 * MIB) as u64)));
        assert!(line.contains(" warning=\"peak memory 100 MiB is above the memory limit 64Mi"));
    }

    #[test]
    fn a_started_process_is_not_counted_twice() {
        let l = Limits {
            memory_limit: amount("256Mi", 256.0 * MIB),
            ..Limits::default()
        };
        // The task's process peaked at 200 MiB and started one that peaked at 210 MiB (its
        // own 10 MiB over the 200 it began with): 210 MiB, within the limit.
        let mut u = usage(200.0, 1.0, 1.0);
        u.children_peak_rss_bytes = Some((210.0 * MIB) as u64);
        assert!(messages(&u, &l, Level::Warning).is_empty());
        let m = resource_messages(&u, &l, Level::Note, "memory");
        assert!(
            m.iter().any(|m| m.starts_with(
                "peak memory 210 MiB (in a process the task started; 200 MiB in the task's own)"
            )),
            "{m:?}"
        );
        assert_eq!(usage_json("t", &u, &l, false)["over_memory_limit"], false);
    }

    #[test]
    fn a_limit_of_zero_is_no_limit() {
        use crate::{ResourceEntry, Resources};
        const LIMITS: &[ResourceEntry] = &[
            ResourceEntry::new_const(ResourceName::Cpu, "0"),
            ResourceEntry::new_const(ResourceName::Memory, "0"),
        ];
        let l = Limits::of(&Resources::new_const(&[], LIMITS));
        assert_eq!(l, Limits::default());
    }
}
