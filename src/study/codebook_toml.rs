//! Writing `codebook.toml` text for people to read and edit: the one writer that
//! `paradox synth` and `codebook --draft` share.
//!
//! A codebook written by the program is read by a researcher before the parser sees it, so
//! it is written line by line, with comments where a reader needs them, rather than
//! serialized from a struct (which would lose the comments and the order). The builder
//! knows only TOML's shapes — comments, tables, arrays of tables, keys with string, string
//! array or number values, and a comment at the end of a line — and quotes every string
//! the same way, with the `toml` crate's own writer, so that whatever a column name or an
//! answer holds, the parser reads back exactly that text.
//!
//! Keys and table paths are written as given: pass a bare key (`name`, `labels.agree5`),
//! or [`quote`] a key that comes from data (a column name, an answer text).

use std::fmt::Display;

/// A TOML string for `s`: a basic string (`"…"`) when it needs no escapes, else whatever
/// form the `toml` crate picks to hold it exactly (a literal string for text with double
/// quotes or backslashes, escapes for control characters).
pub fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Codebook text built line by line; every method writes one line (or ends the last one)
/// and returns the builder, so lines chain: `w.string("id", col).note("guessed")`.
#[derive(Debug, Default, Clone)]
pub struct CodebookToml {
    text: String,
}

impl CodebookToml {
    pub fn new() -> CodebookToml {
        CodebookToml::default()
    }

    fn line(&mut self, parts: &[&str]) -> &mut Self {
        for p in parts {
            self.text.push_str(p);
        }
        self.text.push('\n');
        self
    }

    /// `# text` on a line of its own.
    pub fn comment(&mut self, text: &str) -> &mut Self {
        self.line(&["# ", text])
    }

    /// An empty line (between tables).
    pub fn blank(&mut self) -> &mut Self {
        self.line(&[])
    }

    /// `[path]`.
    pub fn table(&mut self, path: &str) -> &mut Self {
        self.line(&["[", path, "]"])
    }

    /// `[[path]]`: one more element of an array of tables.
    pub fn array_table(&mut self, path: &str) -> &mut Self {
        self.line(&["[[", path, "]]"])
    }

    /// `key = "value"`.
    pub fn string(&mut self, key: &str, value: &str) -> &mut Self {
        self.line(&[key, " = ", &quote(value)])
    }

    /// `key = ["a", "b"]`.
    pub fn strings<I, S>(&mut self, key: &str, values: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let items: Vec<String> = values.into_iter().map(|v| quote(v.as_ref())).collect();
        self.line(&[key, " = [", &items.join(", "), "]"])
    }

    /// `key = value` for a number or a boolean, written as it displays (`1`, `0.5`, `false`).
    pub fn value(&mut self, key: &str, value: impl Display) -> &mut Self {
        self.line(&[key, " = ", &value.to_string()])
    }

    /// Ends the line just written with `  # text` (a guess's reason, a hint).
    pub fn note(&mut self, text: &str) -> &mut Self {
        if self.text.ends_with('\n') {
            self.text.pop();
        }
        self.line(&["  # ", text])
    }

    pub fn into_string(self) -> String {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_notes() {
        let mut w = CodebookToml::new();
        w.comment("written by a test")
            .blank()
            .table("study")
            .string("name", "s")
            .note("guessed")
            .value("survey_year", 2025)
            .strings("missing", ["", "NA"])
            .array_table("screening.attention")
            .value("exclude", false)
            .string(&quote("Very acceptable"), "x");
        assert_eq!(
            w.into_string(),
            "# written by a test\n\n[study]\nname = \"s\"  # guessed\nsurvey_year = 2025\n\
             missing = [\"\", \"NA\"]\n[[screening.attention]]\nexclude = false\n\
             \"Very acceptable\" = \"x\"\n"
        );
    }

    #[test]
    fn strings_read_back_exactly() {
        for s in [
            "plain",
            "say \"no\"",
            "back\\slash",
            "tab\there",
            "two\nlines",
            "it's",
        ] {
            let text = format!("k = {}\n", quote(s));
            let v: toml::Table = toml::from_str(&text).unwrap_or_default();
            assert_eq!(v.get("k").and_then(|v| v.as_str()), Some(s), "{text}");
        }
    }
}
