//! Flyte placeholders in a container's command and arguments: `{{.inputs.x}}`,
//! `{{.outputPrefix}}` and the others Flyte fills in before it starts the container.
//!
//! Flyte's propeller renders them with one regular expression each
//! (flyteplugins `go/tasks/pluginmachinery/core/template/template.go`), all of the form
//! `(?i){{\s*[\.$]Name\s*}}`, and for inputs `(?i){{\s*[\.$]Inputs\.(?P<input_name>[^}\s]+)\s*}}`:
//! names are matched without regard to case, whitespace may stand inside the braces, and `$` may
//! replace the dot. The placeholders it knows are listed in [`Placeholder`].
//!
//! Flyte leaves any text that its expressions do not match as it is, so a misspelt placeholder
//! reaches the container unreplaced. These rules refuse such mistakes instead, but only where the
//! text is clearly meant for Flyte: a `{{` followed (after optional whitespace) by `.` or `$`.
//! Any other `{{` — `{{ foo }}`, a Jinja or Helm template, a JSON literal — is left alone, as
//! Flyte leaves it.
//!
//! ```
//! use podtask_rules::template::{placeholders, Placeholder};
//! let found = placeholders("--data {{.inputs.path}} --out {{ .outputPrefix }}").unwrap();
//! assert_eq!(found, vec![(7..23, Placeholder::Inputs("path")), (30..49, Placeholder::OutputPrefix)]);
//! ```

use std::fmt;
use std::ops::Range;

use crate::names::char_len_at;
use crate::suggest::did_you_mean;
use crate::{RuleError, Subject, Violation};

/// A placeholder Flyte fills in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Placeholder<'a> {
    /// `{{.input}}`: the path of the task's inputs (`inputs.pb`).
    Input,
    /// `{{.inputPrefix}}`: the directory that holds the inputs.
    InputPrefix,
    /// `{{.inputs.NAME}}`: the value of input `NAME`, written as text.
    Inputs(&'a str),
    /// `{{.outputPrefix}}`: where the task writes its outputs.
    OutputPrefix,
    /// `{{.rawOutputDataPrefix}}`: where the task writes large data (files, directories,
    /// dataframes); unique to each retry.
    RawOutputDataPrefix,
    /// `{{.checkpointOutputPrefix}}`: where this attempt writes its checkpoints.
    CheckpointOutputPrefix,
    /// `{{.prevCheckpointPrefix}}`: the checkpoints of the previous attempt (`""` on the first).
    PrevCheckpointPrefix,
    /// `{{.perRetryUniqueKey}}`: a key unique to each retry.
    PerRetryUniqueKey,
    /// `{{.taskTemplatePath}}`: where a copy of the task template is stored.
    TaskTemplatePath,
    /// `{{.namespace}}`: the Kubernetes namespace the task runs in.
    Namespace,
}

/// The placeholders without an argument, in the order of [`FIXED_NAMES`].
const FIXED: [Placeholder<'static>; 9] = [
    Placeholder::Input,
    Placeholder::InputPrefix,
    Placeholder::OutputPrefix,
    Placeholder::RawOutputDataPrefix,
    Placeholder::CheckpointOutputPrefix,
    Placeholder::PrevCheckpointPrefix,
    Placeholder::PerRetryUniqueKey,
    Placeholder::TaskTemplatePath,
    Placeholder::Namespace,
];

/// The names of the placeholders without an argument, spelt as flytekit writes them.
pub const FIXED_NAMES: [&str; 9] = [
    "input",
    "inputPrefix",
    "outputPrefix",
    "rawOutputDataPrefix",
    "checkpointOutputPrefix",
    "prevCheckpointPrefix",
    "perRetryUniqueKey",
    "taskTemplatePath",
    "namespace",
];

/// `kind` of a found input placeholder; fixed ones use their index in [`FIXED_NAMES`].
const KIND_INPUTS: usize = FIXED_NAMES.len();

impl<'a> Placeholder<'a> {
    /// The placeholder as flytekit writes it, e.g. `{{.inputs.x}}` or `{{.outputPrefix}}`.
    ///
    /// ```
    /// use podtask_rules::template::Placeholder;
    /// assert_eq!(Placeholder::Inputs("n").canonical(), "{{.inputs.n}}");
    /// assert_eq!(Placeholder::RawOutputDataPrefix.canonical(), "{{.rawOutputDataPrefix}}");
    /// ```
    pub fn canonical(&self) -> String {
        self.to_string()
    }

    /// The input a `{{.inputs.NAME}}` placeholder names.
    pub fn input_name(&self) -> Option<&'a str> {
        match self {
            Placeholder::Inputs(name) => Some(name),
            _ => None,
        }
    }
}

impl fmt::Display for Placeholder<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Placeholder::Inputs(name) => write!(f, "{{{{.inputs.{name}}}}}"),
            fixed => {
                let i = FIXED.iter().position(|p| p == fixed).unwrap_or(0);
                write!(f, "{{{{.{}}}}}", FIXED_NAMES[i])
            }
        }
    }
}

// The list of known placeholders, a literal so that `concat!` can use it.
macro_rules! known_list {
    () => {
        "Flyte fills {{.inputs.NAME}}, {{.input}}, {{.inputPrefix}}, {{.outputPrefix}}, {{.rawOutputDataPrefix}}, {{.checkpointOutputPrefix}}, {{.prevCheckpointPrefix}}, {{.perRetryUniqueKey}}, {{.taskTemplatePath}} and {{.namespace}}"
    };
}

/// The message for a `{{.` or `{{$` placeholder that does not end with `}}` after its name.
pub const UNCLOSED_MSG: &str = "unclosed placeholder: expected `}}` right after its name";
/// The message for a placeholder Flyte does not know.
pub const UNKNOWN_MSG: &str = concat!("unknown placeholder: ", known_list!());

/// The message for `{{.inputs.}}`.
pub const EMPTY_INPUT_NAME_MSG: &str = "empty input name: expected `{{.inputs.NAME}}`";
/// The message for `{{.inputs}}`.
pub const INPUTS_WITHOUT_NAME_MSG: &str =
    "`{{.inputs}}` needs the name of an input: `{{.inputs.NAME}}`";

/// Whitespace as Go's regular expressions read `\s`.
const fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r')
}

/// Whether `b[start..end]` equals `word`, ASCII case ignored.
const fn eq_fold(b: &[u8], start: usize, end: usize, word: &str) -> bool {
    let w = word.as_bytes();
    if end - start != w.len() {
        return false;
    }
    let mut k = 0;
    while k < w.len() {
        if !b[start + k].eq_ignore_ascii_case(&w[k]) {
            return false;
        }
        k += 1;
    }
    true
}

/// One placeholder found: its bytes, its kind, and for an input the bytes of the name.
#[derive(Clone, Copy)]
struct Found {
    start: usize,
    end: usize,
    kind: usize,
    name: (usize, usize),
}

/// The next placeholder at or after byte `from`, `None` if there is none, or the first mistake.
const fn next(b: &[u8], from: usize) -> Result<Option<Found>, Violation> {
    let n = b.len();
    let mut j = from;
    while j + 1 < n {
        if !(b[j] == b'{' && b[j + 1] == b'{') {
            j += 1;
            continue;
        }
        let mut k = j + 2;
        while k < n && is_space(b[k]) {
            k += 1;
        }
        if k >= n || !(b[k] == b'.' || b[k] == b'$') {
            // Not meant for Flyte: leave it, as Flyte does.
            j += 1;
            continue;
        }
        let word_start = k + 1;
        let mut w = word_start;
        while w < n && !is_space(b[w]) && b[w] != b'}' {
            w += 1;
        }
        let mut close = w;
        while close < n && is_space(b[close]) {
            close += 1;
        }
        let closed = close + 1 < n && b[close] == b'}' && b[close + 1] == b'}';
        let end = if closed { close + 2 } else { w };
        let is_inputs = w - word_start >= 7 && eq_fold(b, word_start, word_start + 7, "inputs.");
        let mut kind = KIND_INPUTS;
        if is_inputs {
            if w == word_start + 7 {
                return Err(Violation::new(EMPTY_INPUT_NAME_MSG, j, end));
            }
        } else {
            let mut i = 0;
            while i < FIXED_NAMES.len() && !eq_fold(b, word_start, w, FIXED_NAMES[i]) {
                i += 1;
            }
            if i == FIXED_NAMES.len() {
                if eq_fold(b, word_start, w, "inputs") {
                    return Err(Violation::new(INPUTS_WITHOUT_NAME_MSG, j, end));
                }
                return Err(Violation::new(UNKNOWN_MSG, j, end));
            }
            kind = i;
        }
        if !closed {
            // Up to the character where `}}` was expected.
            let stop = if close < n {
                close + char_len_at(b, close)
            } else {
                n
            };
            return Err(Violation::new(UNCLOSED_MSG, j, stop));
        }
        return Ok(Some(Found {
            start: j,
            end,
            kind,
            name: (word_start + 7, w),
        }));
    }
    Ok(None)
}

/// Checks every Flyte placeholder in `s`.
///
/// ```
/// use podtask_rules::template::{check_template, UNKNOWN_MSG};
/// const _: () = assert!(check_template("--in {{.input}} --x {{ $Inputs.x }}").is_ok());
/// const _: () = assert!(check_template("{{ not flyte }} {\"a\": {{1}}}").is_ok());
/// let v = check_template("run {{.inptus.x}}").unwrap_err();
/// assert_eq!((v.message, v.start, v.end), (UNKNOWN_MSG, 4, 17));
/// ```
///
/// A `const` that breaks the rule does not compile:
///
/// ```compile_fail
/// use podtask_rules::template::check_template;
/// const _: () = assert!(check_template("{{.outputprefix").is_ok());
/// ```
pub const fn check_template(s: &str) -> Result<(), Violation> {
    let b = s.as_bytes();
    let mut from = 0;
    loop {
        match next(b, from) {
            Ok(Some(found)) => from = found.end,
            Ok(None) => return Ok(()),
            Err(v) => return Err(v),
        }
    }
}

/// Every placeholder in `s` with its byte range, in order; or the first mistake, named as a
/// template, with a "did you mean" when a misspelt placeholder is near a known one.
///
/// ```
/// use podtask_rules::template::placeholders;
/// let e = placeholders("{{.inptus.x}}").unwrap_err();
/// assert_eq!(e.message(), "unknown placeholder `{{.inptus.x}}`");
/// assert_eq!(e.suggestion(), Some("{{.inputs.x}}"));
/// ```
pub fn placeholders<'a>(s: &'a str) -> Result<Vec<(Range<usize>, Placeholder<'a>)>, RuleError> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    loop {
        match next(b, from) {
            Ok(Some(found)) => {
                let placeholder = if found.kind == KIND_INPUTS {
                    Placeholder::Inputs(&s[found.name.0..found.name.1])
                } else {
                    FIXED[found.kind]
                };
                out.push((found.start..found.end, placeholder));
                from = found.end;
            }
            Ok(None) => return Ok(out),
            Err(v) => return Err(explain(s, v)),
        }
    }
}

/// A violation as a run-time error, naming the faulty placeholder and suggesting a near one.
fn explain(s: &str, v: Violation) -> RuleError {
    let error = v.into_error(Subject::Template, s);
    if v.message != UNKNOWN_MSG {
        return error;
    }
    let text = &s[error.range()];
    let range = error.range();
    let error = RuleError::new(
        Subject::Template,
        s,
        range.clone(),
        format!("unknown placeholder `{text}`"),
    );
    // The word after `{{.` and before whitespace or `}`.
    let word = text
        .trim_start_matches('{')
        .trim_start_matches([' ', '\t', '\n', '\x0c', '\r'])
        .get(1..)
        .unwrap_or("");
    let word = word
        .split(['}', ' ', '\t', '\n', '\x0c', '\r'])
        .next()
        .unwrap_or("");
    let suggestion = match word.split_once('.') {
        Some((head, name)) if !name.is_empty() => {
            did_you_mean(head, ["inputs"]).map(|_| Placeholder::Inputs(name).canonical())
        }
        _ => did_you_mean(word, FIXED_NAMES).map(|n| format!("{{{{.{n}}}}}")),
    };
    match suggestion {
        Some(suggestion) => error.with_suggestion(suggestion),
        // With no near placeholder to offer, list the ones there are.
        None => RuleError::new(
            Subject::Template,
            s,
            range,
            format!("unknown placeholder `{text}`; {}", known_list!()),
        ),
    }
}

/// The names of the inputs `s` refers to, each once, in the order they first appear.
///
/// ```
/// use podtask_rules::template::input_names;
/// assert_eq!(input_names("{{.inputs.a}} {{.inputs.b}} {{.inputs.a}}").unwrap(), ["a", "b"]);
/// ```
pub fn input_names(s: &str) -> Result<Vec<&str>, RuleError> {
    let mut names: Vec<&str> = Vec::new();
    for (_, p) in placeholders(s)? {
        if let Some(name) = p.input_name()
            && !names.contains(&name)
        {
            names.push(name);
        }
    }
    Ok(names)
}

/// Replaces each placeholder of `s` with what `f` gives for it; where `f` gives `None` the
/// placeholder stays as written. Text outside placeholders is kept byte for byte. The template
/// is checked first, so nothing is replaced in a template with a mistake.
///
/// ```
/// use podtask_rules::template::{substitute, Placeholder};
/// let out = substitute("--n {{.inputs.n}} --out {{.outputPrefix}}", |p| match p {
///     Placeholder::Inputs("n") => Some("3".to_string()),
///     _ => None,
/// });
/// assert_eq!(out.unwrap(), "--n 3 --out {{.outputPrefix}}");
/// ```
pub fn substitute(
    s: &str,
    mut f: impl FnMut(&Placeholder) -> Option<String>,
) -> Result<String, RuleError> {
    let found = placeholders(s)?;
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for (range, p) in found {
        out.push_str(&s[last..range.start]);
        match f(&p) {
            Some(value) => out.push_str(&value),
            None => out.push_str(&s[range.clone()]),
        }
        last = range.end;
    }
    out.push_str(&s[last..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const _: () = assert!(check_template("{{.input}}").is_ok());
    const _: () = assert!(check_template("{{.inputs.}}").is_err());

    fn err(s: &str) -> (&'static str, usize, usize) {
        let v = check_template(s).unwrap_err();
        (v.message, v.start, v.end)
    }

    fn found(s: &str) -> Vec<(Range<usize>, Placeholder<'_>)> {
        placeholders(s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn every_placeholder_flyte_fills() {
        use Placeholder::*;
        let cases = [
            ("{{.input}}", Input),
            ("{{.inputPrefix}}", InputPrefix),
            ("{{.inputs.x}}", Inputs("x")),
            ("{{.outputPrefix}}", OutputPrefix),
            ("{{.rawOutputDataPrefix}}", RawOutputDataPrefix),
            ("{{.checkpointOutputPrefix}}", CheckpointOutputPrefix),
            ("{{.prevCheckpointPrefix}}", PrevCheckpointPrefix),
            ("{{.perRetryUniqueKey}}", PerRetryUniqueKey),
            ("{{.taskTemplatePath}}", TaskTemplatePath),
            ("{{.namespace}}", Namespace),
        ];
        for (text, p) in cases {
            assert_eq!(found(text), vec![(0..text.len(), p)], "{text}");
            assert_eq!(p.canonical(), text);
        }
    }

    // Spellings Flyte's case-insensitive expressions accept, as in its template_test.go.
    #[test]
    fn case_whitespace_and_dollar() {
        use Placeholder::*;
        assert_eq!(found("{{ .Input }}"), vec![(0..12, Input)]);
        assert_eq!(found("{{$input}}"), vec![(0..10, Input)]);
        assert_eq!(found("{{.OUTPUTPREFIX}}"), vec![(0..17, OutputPrefix)]);
        assert_eq!(found("{{\t.outputprefix\n}}"), vec![(0..19, OutputPrefix)]);
        assert_eq!(found("{{ .Inputs.Arr }}"), vec![(0..17, Inputs("Arr"))]);
        assert_eq!(found("{{.inputs.a.b-c}}"), vec![(0..17, Inputs("a.b-c"))]);
        assert_eq!(found("{{.inputs.µ}}"), vec![(0..14, Inputs("µ"))]);
        // Extra braces stay around a placeholder, as Go's leftmost match leaves them.
        assert_eq!(found("{{{.input}}}"), vec![(1..11, Input)]);
        assert_eq!(
            found("a{{.input}}b{{.input}}"),
            vec![(1..11, Input), (12..22, Input)]
        );
    }

    #[test]
    fn text_not_meant_for_flyte_is_left_alone() {
        for s in [
            "",
            "plain",
            "{{ foo }}",
            "{{foo}}",
            "{\"a\": {\"b\": 1}}",
            "{{",
            "}}",
            "{{ ",
            "{{-x}}",
            "${HOME}",
            "{.input}",
        ] {
            assert_eq!(check_template(s), Ok(()), "{s:?}");
            assert_eq!(found(s), vec![], "{s:?}");
        }
    }

    #[test]
    fn mistakes_and_their_ranges() {
        assert_eq!(err("x {{.inptus.x}}"), (UNKNOWN_MSG, 2, 15));
        assert_eq!(err("{{.foo}}"), (UNKNOWN_MSG, 0, 8));
        assert_eq!(err("{{.}}"), (UNKNOWN_MSG, 0, 5));
        assert_eq!(err("{{."), (UNKNOWN_MSG, 0, 3));
        assert_eq!(err("{{.inputs.}}"), (EMPTY_INPUT_NAME_MSG, 0, 12));
        assert_eq!(err("{{.inputs. x}}"), (EMPTY_INPUT_NAME_MSG, 0, 10));
        assert_eq!(err("{{.inputs}}"), (INPUTS_WITHOUT_NAME_MSG, 0, 11));
        assert_eq!(err("{{.input"), (UNCLOSED_MSG, 0, 8));
        assert_eq!(err("{{.input}"), (UNCLOSED_MSG, 0, 9));
        assert_eq!(err("{{.input }"), (UNCLOSED_MSG, 0, 10));
        assert_eq!(err("{{.inputs.a b}}"), (UNCLOSED_MSG, 0, 13));
        assert_eq!(err("{{.input é}}"), (UNCLOSED_MSG, 0, 11));
        // The first mistake wins; good placeholders before it do not matter.
        assert_eq!(err("{{.input}} {{.output}}"), (UNKNOWN_MSG, 11, 22));
    }

    #[test]
    fn run_time_errors_suggest_the_nearest_placeholder() {
        let e = placeholders("--out {{.outptuPrefix}}").unwrap_err();
        assert_eq!(e.subject(), Subject::Template);
        assert_eq!(e.range(), 6..23);
        assert_eq!(e.message(), "unknown placeholder `{{.outptuPrefix}}`");
        assert_eq!(e.suggestion(), Some("{{.outputPrefix}}"));
        let e = placeholders("{{ .input.path }}").unwrap_err();
        assert_eq!(e.suggestion(), Some("{{.inputs.path}}"));
        let e = placeholders("{{$rawOutputPrefix}}").unwrap_err();
        assert_eq!(e.suggestion(), Some("{{.outputPrefix}}"));
        let e = placeholders("{{.checkpointPrefix}}").unwrap_err();
        assert_eq!(e.suggestion(), Some("{{.prevCheckpointPrefix}}"));
        let e = placeholders("{{.Imputs.x}}").unwrap_err();
        assert_eq!(e.suggestion(), Some("{{.inputs.x}}"));
        // Flyte fills no outputs into commands; "outputs" is too far from "inputs" to guess.
        let e = placeholders("{{.outputs.x}}").unwrap_err();
        assert_eq!(e.suggestion(), None);
        let e = placeholders("{{.zzz}}").unwrap_err();
        assert_eq!(e.suggestion(), None);
        assert_eq!(
            e.to_string(),
            format!(
                r#"invalid template "{{{{.zzz}}}}": unknown placeholder `{{{{.zzz}}}}`; {}"#,
                &UNKNOWN_MSG["unknown placeholder: ".len()..]
            )
        );
        let e = placeholders("a {{.inputs.}}").unwrap_err();
        assert_eq!(e.message(), EMPTY_INPUT_NAME_MSG);
        assert_eq!(e.range(), 2..14);
    }

    #[test]
    fn input_names_and_substitution() {
        let t = "{{.inputs.b}} {{.inputs.a}} {{.inputs.b}} {{.input}}";
        assert_eq!(input_names(t).unwrap(), ["b", "a"]);
        assert!(input_names("{{.inputs}}").is_err());
        let out = substitute(t, |p| p.input_name().map(str::to_uppercase)).unwrap();
        assert_eq!(out, "B A B {{.input}}");
        let out = substitute("x{{ $INPUT }}y", |_| Some("/in.pb".into())).unwrap();
        assert_eq!(out, "x/in.pby");
        assert!(substitute("{{.bad}}", |_| Some(String::new())).is_err());
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        fn piece() -> impl Strategy<Value = (String, Option<String>)> {
            prop_oneof![
                // Literal text: no braces, so it cannot form or break a placeholder.
                "[^{}]{0,12}".prop_map(|t| (t, None)),
                "[a-z_][a-z0-9_]{0,8}".prop_map(|n| (format!("{{{{.inputs.{n}}}}}"), Some(n))),
                proptest::sample::select(FIXED_NAMES.to_vec())
                    .prop_map(|n| (format!("{{{{ .{n} }}}}"), None)),
            ]
        }

        proptest! {
            #[test]
            fn substitution_replaces_exactly_the_placeholders(
                pieces in proptest::collection::vec(piece(), 0..8)
            ) {
                let template: String = pieces.iter().map(|(t, _)| t.as_str()).collect();
                let found = placeholders(&template).unwrap();
                let expected_inputs: Vec<&str> =
                    pieces.iter().filter_map(|(_, n)| n.as_deref()).collect();
                let got_inputs: Vec<&str> =
                    found.iter().filter_map(|(_, p)| p.input_name()).collect();
                prop_assert_eq!(got_inputs, expected_inputs);
                // Leaving every placeholder gives the template back.
                prop_assert_eq!(substitute(&template, |_| None).unwrap(), template.clone());
                // Replacing each with its canonical form and reading again finds the same ones.
                let canonical = substitute(&template, |p| Some(p.canonical())).unwrap();
                let again: Vec<Placeholder> =
                    placeholders(&canonical).unwrap().into_iter().map(|(_, p)| p).collect();
                let first: Vec<Placeholder> = found.into_iter().map(|(_, p)| p).collect();
                prop_assert_eq!(again, first);
            }

            #[test]
            fn errors_point_inside_the_input(s in "(\\PC|\\{|\\}|\\.){0,30}") {
                if let Err(v) = check_template(&s) {
                    prop_assert!(v.start <= v.end && v.end <= s.len());
                    prop_assert!(s.is_char_boundary(v.start) && s.is_char_boundary(v.end));
                }
            }
        }
    }
}
