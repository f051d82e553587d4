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
    let mut chars: Vec<char> = line.trim_end().trim_end_matches(ELLIPSIS).chars().collect();
    loop {
        let mut s: String = chars.iter().collect::<String>().trim_end().to_owned();
        s.push(ELLIPSIS);
        if chars.is_empty() || unit_width(&s) <= width {
            return s;
        }
        chars.pop();
    }
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

    fn break_word(&self, word: &str, width: f32) -> Vec<String> {
        let mut out = Vec::new();
        let mut piece = String::new();
        for c in word.chars() {
            piece.push(c);
            if (self.unit_width)(&piece) > width && piece.chars().count() > 1 {
                piece.pop();
                out.push(std::mem::take(&mut piece));
                piece.push(c);
            }
        }
        out.push(piece);
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

    #[test]
    fn empty_text_gives_no_lines() {
        let f = fit("   ", rule(10.0, 6.0, 2), 100.0, &mono);
        assert!(f.lines.is_empty() && !f.truncated);
    }
}
