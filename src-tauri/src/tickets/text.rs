//! Fitting text into a width: wrap at spaces, shrink when the lines allowed
//! are not enough, and as a last resort cut the last line with an ellipsis —
//! so a name never runs off a ticket, however long.
//!
//! Pure functions over a measuring function (width of a string set at 1 pt),
//! so the rules are tested without a font.

/// Text fitted to a width.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fitted {
    pub size: f32,
    pub lines: Vec<String>,
    /// Some text was cut (it did not fit even at the smallest size).
    pub truncated: bool,
}

/// How a piece of text may be fitted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct FitRule {
    pub size: f32,
    pub min_size: f32,
    pub max_lines: usize,
}

const STEP: f32 = 0.5;
const ELLIPSIS: char = '…';

/// Wraps `text` into lines no wider than `width` at `size`, shrinking down
/// to `rule.min_size` to keep within `rule.max_lines`.
pub(crate) fn fit(
    text: &str,
    rule: FitRule,
    width: f32,
    unit_width: &dyn Fn(&str) -> f32,
) -> Fitted {
    let words = Words::new(text, unit_width);
    let max_lines = rule.max_lines.max(1);
    let mut size = rule.size.max(rule.min_size);
    loop {
        let lines = words.wrap(width / size);
        if lines.len() <= max_lines {
            return Fitted {
                size,
                lines,
                truncated: false,
            };
        }
        if size - STEP < rule.min_size - f32::EPSILON {
            let mut lines = lines;
            lines.truncate(max_lines);
            if let Some(last) = lines.last_mut() {
                *last = ellipsize(last, width / size, unit_width);
            }
            return Fitted {
                size,
                lines,
                truncated: true,
            };
        }
        size -= STEP;
    }
}

/// Ends `line` with an ellipsis, dropping characters until it fits `width`
/// (a width at 1 pt).
pub(crate) fn ellipsize(line: &str, width: f32, unit_width: &dyn Fn(&str) -> f32) -> String {
    let kept = line.trim_end().trim_end_matches(ELLIPSIS);
    let ends = char_ends(kept);
    let with_ellipsis = |n: usize| {
        let mut s = kept[..byte_end(&ends, n)].trim_end().to_owned();
        s.push(ELLIPSIS);
        s
    };
    // The most characters that fit with the ellipsis; none leaves it alone.
    let n = longest(ends.len(), |n| unit_width(&with_ellipsis(n)) <= width);
    with_ellipsis(n)
}

/// Byte offset of the end of each character of `s`.
fn char_ends(s: &str) -> Vec<usize> {
    s.char_indices().map(|(i, c)| i + c.len_utf8()).collect()
}

/// Byte length of the first `n` characters, given their `ends`.
fn byte_end(ends: &[usize], n: usize) -> usize {
    n.checked_sub(1).map_or(0, |i| ends[i])
}

/// The largest `n` in `0..=max` for which `fits(n)` holds, where `fits(0)`
/// is taken to hold and `fits` holds up to some `n` and not beyond (text
/// only gets wider as characters are added). Gallops, then bisects, so a
/// run of `n` characters costs O(log n) measurements; trying every length
/// in turn was quadratic and, on a line of zero-width characters that all
/// fit, took minutes (found by the `render_input` fuzz target).
fn longest(max: usize, fits: impl Fn(usize) -> bool) -> usize {
    let mut good = 0;
    let mut bad = max + 1;
    let mut step = 1;
    while good + step <= max {
        if fits(good + step) {
            good += step;
            step *= 2;
        } else {
            bad = good + step;
            break;
        }
    }
    while bad - good > 1 {
        let mid = good + (bad - good) / 2;
        if fits(mid) {
            good = mid;
        } else {
            bad = mid;
        }
    }
    good
}

/// The words of a text with their widths at 1 pt, measured once.
struct Words<'a> {
    words: Vec<(&'a str, f32)>,
    space: f32,
    unit_width: &'a dyn Fn(&str) -> f32,
}

impl<'a> Words<'a> {
    fn new(text: &'a str, unit_width: &'a dyn Fn(&str) -> f32) -> Self {
        // Only ASCII spaces break lines: no-break spaces inside amounts
        // (`1 234,56 ₽`) and numbers must stay together.
        let words = text
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| (w, unit_width(w)))
            .collect();
        Words {
            words,
            space: unit_width(" "),
            unit_width,
        }
    }

    /// Greedy wrap; a word wider than a line is broken between characters.
    fn wrap(&self, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut cur = String::new();
        let mut cur_w = 0.0;
        for &(word, w) in &self.words {
            if !cur.is_empty() && cur_w + self.space + w <= width {
                cur.push(' ');
                cur.push_str(word);
                cur_w += self.space + w;
                continue;
            }
            if !cur.is_empty() {
                lines.push(std::mem::take(&mut cur));
            }
            if w <= width {
                cur.push_str(word);
                cur_w = w;
            } else {
                let mut pieces = self.break_word(word, width);
                let last = pieces.pop().unwrap_or_default();
                lines.extend(pieces);
                cur_w = (self.unit_width)(&last);
                cur = last;
            }
        }
        if !cur.is_empty() {
            lines.push(cur);
        }
        lines
    }

    /// Pieces of `word` as long as fit `width`, at least a character each.
    fn break_word(&self, word: &str, width: f32) -> Vec<String> {
        let ends = char_ends(word);
        let mut out = Vec::new();
        let (mut taken, mut from) = (0, 0);
        while taken < ends.len() {
            let left = &ends[taken..];
            let fits = |n: usize| (self.unit_width)(&word[from..left[n - 1]]) <= width;
            let n = longest(left.len(), fits).max(1);
            out.push(word[from..left[n - 1]].to_owned());
            taken += n;
            from = left[n - 1];
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character is 0.5 pt wide at 1 pt: 10 characters at 10 pt are 50 pt.
    fn mono(s: &str) -> f32 {
        s.chars().count() as f32 * 0.5
    }

    fn rule(size: f32, min_size: f32, max_lines: usize) -> FitRule {
        FitRule {
            size,
            min_size,
            max_lines,
        }
    }

    #[test]
    fn short_text_stays_on_one_line_at_full_size() {
        let f = fit("Амели", rule(10.0, 6.0, 2), 100.0, &mono);
        assert_eq!(f.lines, vec!["Амели"]);
        assert_eq!(f.size, 10.0);
        assert!(!f.truncated);
    }

    #[test]
    fn wraps_at_spaces_before_shrinking() {
        // 20 characters per line at 10 pt in 100 pt.
        let f = fit(
            "Ирония судьбы, или С лёгким паром!",
            rule(10.0, 6.0, 3),
            100.0,
            &mono,
        );
        assert_eq!(f.size, 10.0);
        assert_eq!(f.lines, vec!["Ирония судьбы, или С", "лёгким паром!"]);
    }

    #[test]
    fn shrinks_when_the_lines_allowed_are_not_enough() {
        let text = "Новогодний концерт «Щелкунчик» в Большом зале";
        let f = fit(text, rule(10.0, 6.0, 2), 100.0, &mono);
        assert!(f.size < 10.0 && f.size >= 6.0, "{}", f.size);
        assert!(f.lines.len() <= 2);
        assert_eq!(f.lines.join(" "), text);
        for l in &f.lines {
            assert!(mono(l) * f.size <= 100.0, "{l}");
        }
    }

    #[test]
    fn cuts_with_an_ellipsis_only_at_the_smallest_size() {
        let text = "Очень длинное название ".repeat(20);
        let f = fit(&text, rule(10.0, 6.0, 2), 100.0, &mono);
        assert!(f.truncated);
        assert_eq!(f.size, 6.0);
        assert_eq!(f.lines.len(), 2);
        assert!(f.lines[1].ends_with('…'));
        for l in &f.lines {
            assert!(mono(l) * f.size <= 100.0 + 1e-3, "{l}");
        }
    }

    #[test]
    fn breaks_a_word_longer_than_the_line() {
        let f = fit(
            "AF-1007-1/Партер/Ряд-1/Место-1/Бриллиантовая",
            rule(10.0, 10.0, 5),
            50.0,
            &mono,
        );
        assert!(f.lines.len() > 1);
        assert_eq!(
            f.lines.concat(),
            "AF-1007-1/Партер/Ряд-1/Место-1/Бриллиантовая"
        );
        for l in &f.lines {
            assert!(mono(l) * 10.0 <= 50.0, "{l}");
        }
    }

    #[test]
    fn no_break_spaces_keep_amounts_together() {
        let text = "Итого 1\u{202f}234,56\u{a0}₽";
        let f = fit(text, rule(10.0, 10.0, 3), 60.0, &mono);
        assert_eq!(f.lines, vec!["Итого", "1\u{202f}234,56\u{a0}₽"]);
    }

    /// Like `mono`, with zero-width characters (U+200B, U+0301) taking no
    /// room, and counting the characters measured.
    fn counting(measured: &std::cell::Cell<usize>) -> impl Fn(&str) -> f32 + '_ {
        move |s: &str| {
            measured.set(measured.get() + s.chars().count());
            s.chars()
                .filter(|c| !matches!(c, '\u{200b}' | '\u{301}'))
                .count() as f32
                * 0.5
        }
    }

    /// Fuzzing (`fuzz/`, target `render_input`): an event name of one word
    /// with thousands of zero-width characters took minutes to render, as
    /// every longer piece of the word, and every shorter candidate for the
    /// ellipsis, was measured from its start.
    #[test]
    fn zero_width_runs_are_measured_in_near_linear_time() {
        let word = format!("W{}{}", "\u{200b}".repeat(20_000), "W".repeat(40));
        let measured = std::cell::Cell::new(0);
        let measure = counting(&measured);
        let f = fit(&word, rule(10.0, 6.0, 2), 50.0, &measure);
        // 20 characters a line at 6 pt: the zero-width run stays on the first.
        assert_eq!(f.size, 6.0);
        assert!(f.truncated);
        assert!(f.lines[0].starts_with('W') && f.lines[0].ends_with('W'));
        assert!(f.lines[1].ends_with('…'));
        for l in &f.lines {
            assert!(measure(l) * f.size <= 50.0, "{l}");
        }
        // Quadratic measuring was about 20 000² / 2 = 2·10⁸ characters per
        // size step; now a few dozen passes over the text in all.
        let n = word.chars().count();
        assert!(measured.get() < 300 * n, "{} measured", measured.get());

        let line = format!("WWWWWWWWWWWW{}", "\u{301}".repeat(20_000));
        measured.set(0);
        assert_eq!(ellipsize(&line, 3.0, &measure), "WWWWW…");
        assert!(measured.get() < 40 * 20_000, "{} measured", measured.get());
    }

    /// The pieces and the ellipsis are those of trying every length in turn.
    #[test]
    fn breaking_and_ellipsizing_match_trying_every_length() {
        fn pieces_one_by_one(word: &str, width: f32) -> Vec<String> {
            let mut out = Vec::new();
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if mono(&piece) > width && piece.chars().count() > 1 {
                    piece.pop();
                    out.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            out.push(piece);
            out
        }
        fn ellipsis_one_by_one(line: &str, width: f32) -> String {
            let mut chars: Vec<char> = line.trim_end().trim_end_matches(ELLIPSIS).chars().collect();
            loop {
                let mut s: String = chars.iter().collect::<String>().trim_end().to_owned();
                s.push(ELLIPSIS);
                if chars.is_empty() || mono(&s) <= width {
                    return s;
                }
                chars.pop();
            }
        }
        let words = Words::new("", &mono);
        for text in [
            "AF-1007-1/Партер/Ряд-1",
            "x",
            "Щ y  z …",
            "ab cd ef gh ij kl mn",
        ] {
            for width in [0.0, 0.4, 0.5, 1.0, 1.7, 3.0, 100.0] {
                assert_eq!(
                    words.break_word(text, width),
                    pieces_one_by_one(text, width),
                    "{text} in {width}"
                );
                assert_eq!(
                    ellipsize(text, width, &mono),
                    ellipsis_one_by_one(text, width),
                    "{text} in {width}"
                );
            }
        }
    }

    #[test]
    fn empty_text_gives_no_lines() {
        let f = fit("   ", rule(10.0, 6.0, 2), 100.0, &mono);
        assert!(f.lines.is_empty() && !f.truncated);
    }
}
