//! Command lines written for a POSIX shell. Every word a command carries is
//! quoted here, so nothing a scenario holds (a name, a key, a value) can end
//! a word, start another command or expand: `sh` gives the command exactly
//! the words it was written with.

use std::borrow::Cow;

/// One word for a POSIX shell: left bare when it holds only characters no
/// shell treats specially, else single-quoted (a `'` inside is written
/// `'\''`). An empty word is `''`.
pub fn quote(word: &str) -> Cow<'_, str> {
    let plain = |c: char| {
        c.is_ascii_alphanumeric()
            || matches!(c, '-' | '_' | '.' | '/' | ':' | ',' | '@' | '%' | '+')
    };
    // `=` is plain inside a word, but a first word `a=b` would be an
    // assignment: only the words after the first may keep it bare.
    if !word.is_empty() && word.chars().all(|c| plain(c) || c == '=') && !word.starts_with('=') {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(format!("'{}'", word.replace('\'', "'\\''")))
    }
}

/// A command written over several lines: the first line's words, then one
/// continuation line (`\` + newline, indented) for each group of words, every
/// word quoted. The first word of the command is the program's name and is
/// quoted too.
pub fn command(head: &[&str], groups: &[Vec<&str>]) -> String {
    let line = |words: &[&str]| words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ");
    std::iter::once(line(head))
        .chain(groups.iter().map(|g| format!("    {}", line(g))))
        .collect::<Vec<_>>()
        .join(" \\\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::aiven::shell_words;

    #[test]
    fn hostile_words_come_back_as_one_word_each() {
        for w in [
            "acme-prod; touch pwned #",
            "business-8 $(touch pwned)",
            "`id`",
            "it's",
            "a\nb",
            "",
            "=x",
            "x=1",
            "\\",
            "'",
            "\"$HOME\"",
            "*",
            "~root",
        ] {
            let cmd = command(&["avn", "service"], &[vec!["--project", w]]);
            assert_eq!(
                shell_words(&cmd).unwrap(),
                vec!["avn", "service", "--project", w],
                "{cmd}"
            );
        }
        assert_eq!(quote("business-8"), "business-8");
        assert_eq!(quote("a b"), "'a b'");
    }
}
