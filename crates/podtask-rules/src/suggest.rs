//! "Did you mean": the nearest valid word to a misspelt one.
//!
//! Distances are counted in characters as the optimal string alignment variant of the
//! Damerau–Levenshtein distance: an insertion, a deletion, a substitution or a swap of two
//! neighbouring characters each cost one, so `inptus` is one step from `inputs`.

/// The number of single-character edits (insert, delete, substitute, or swap two neighbours)
/// that turn `a` into `b`. Case matters here; [`did_you_mean`] ignores it.
///
/// ```
/// use podtask_rules::suggest::edit_distance;
/// assert_eq!(edit_distance("memroy", "memory"), 1);
/// assert_eq!(edit_distance("cpu", "gpu"), 1);
/// assert_eq!(edit_distance("kitten", "sitting"), 3);
/// assert_eq!(edit_distance("", "abc"), 3);
/// ```
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    distance(&a, &b)
}

fn distance(a: &[char], b: &[char]) -> usize {
    // Three rolling rows: the swap step looks two rows back.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate nearest to `word`, compared without regard to case, if it is close enough to
/// be a likely typo: at most `max(1, len / 3)` edits away, where `len` counts the characters of
/// `word`. Of equally near candidates the first wins, so the answer never depends on anything
/// but the order of `candidates`.
///
/// ```
/// use podtask_rules::suggest::did_you_mean;
/// let keys = ["cpu", "gpu", "memory", "storage", "ephemeral_storage"];
/// assert_eq!(did_you_mean("memroy", keys), Some("memory"));
/// assert_eq!(did_you_mean("CPU", keys), Some("cpu"));
/// assert_eq!(did_you_mean("xpu", keys), Some("cpu")); // cpu and gpu tie: the first wins
/// assert_eq!(did_you_mean("network", keys), None);
/// ```
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    let limit = (word.len() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let lowered: Vec<char> = candidate.chars().flat_map(char::to_lowercase).collect();
        // Strings whose lengths differ by more than the limit cannot be within it.
        if lowered.len().abs_diff(word.len()) > limit {
            continue;
        }
        let d = distance(&word, &lowered);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("inptus", "inputs"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("abc", "ca"), 3);
        assert_eq!(edit_distance("flaw", "lawn"), 2);
        assert_eq!(edit_distance("µs", "us"), 1);
        assert_eq!(edit_distance("Memory", "memory"), 1);
    }

    #[test]
    fn suggestions_are_near_and_case_blind() {
        let names = ["input", "inputs", "outputPrefix", "rawOutputDataPrefix"];
        assert_eq!(did_you_mean("inptus", names), Some("inputs"));
        assert_eq!(did_you_mean("outputprefix", names), Some("outputPrefix"));
        assert_eq!(did_you_mean("OUTPUTPREFX", names), Some("outputPrefix"));
        assert_eq!(
            did_you_mean("rawOutptDataPrefix", names),
            Some("rawOutputDataPrefix")
        );
        // Dropping a word is nearer than misspelling it.
        assert_eq!(did_you_mean("rawOutputPrefix", names), Some("outputPrefix"));
        assert_eq!(did_you_mean("zzz", names), None);
        assert_eq!(did_you_mean("", names), None);
        assert_eq!(did_you_mean("x", std::iter::empty()), None);
    }

    #[test]
    fn short_words_allow_one_edit_only() {
        assert_eq!(did_you_mean("mm", ["m", "ms"]), Some("m"));
        assert_eq!(did_you_mean("hx", ["h"]), Some("h"));
        assert_eq!(did_you_mean("abc", ["xyz"]), None);
        assert_eq!(did_you_mean("abcd", ["abxy"]), None);
    }

    #[test]
    fn ties_go_to_the_first_candidate() {
        assert_eq!(did_you_mean("bat", ["cat", "hat"]), Some("cat"));
        assert_eq!(did_you_mean("bat", ["hat", "cat"]), Some("hat"));
        // A nearer later candidate still wins over an earlier farther one.
        assert_eq!(did_you_mean("memory", ["memoir", "memory"]), Some("memory"));
    }
}
