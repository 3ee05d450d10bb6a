//! Filter expressions typed after `f`: `concern > 5`, `cohort = "Gen Z"`, `paradoxical`,
//! `not paradoxical`, `country in (DE, US)`, `disclosure >= 0.5`, combined with `and`.
//! [`parse`] turns one into an [`analysis::Filter`](crate::analysis::Filter) (names and
//! levels as the codebook and the data spell them, ignoring case) or says where it stopped
//! and what it expected; [`to_expression`] writes a filter back as an expression, so the
//! picker's checkboxes and the typed line stay one thing.

use std::collections::BTreeSet;

use crate::analysis::{Comparison, Filter, ScoreCondition};
use crate::study::Study;

/// Why an expression was not understood: where (a character position, from 0) and what
/// was expected there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub at: usize,
    pub message: String,
}

impl std::fmt::Display for ExprError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at column {}: {}", self.at + 1, self.message)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Quoted(String),
    Op(Comparison),
    Open,
    Close,
    Comma,
}

fn lex(text: &str) -> Result<Vec<(usize, Tok)>, ExprError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at = i;
        match c {
            c if c.is_whitespace() => i += 1,
            '(' | ')' | ',' => {
                out.push((
                    at,
                    match c {
                        '(' => Tok::Open,
                        ')' => Tok::Close,
                        _ => Tok::Comma,
                    },
                ));
                i += 1;
            }
            '<' | '>' | '=' | '≤' | '≥' => {
                let eq = chars.get(i + 1) == Some(&'=');
                let op = match (c, eq) {
                    ('<', true) | ('≤', _) => Comparison::Le,
                    ('>', true) | ('≥', _) => Comparison::Ge,
                    ('<', false) => Comparison::Lt,
                    ('>', false) => Comparison::Gt,
                    _ => Comparison::Eq,
                };
                i += if eq && c != '≤' && c != '≥' { 2 } else { 1 };
                out.push((at, Tok::Op(op)));
            }
            '"' | '\'' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&d| d == c)
                    .ok_or(ExprError {
                        at,
                        message: format!("this quote is not closed (expected a closing {c})"),
                    })?;
                out.push((at, Tok::Quoted(chars[i + 1..i + 1 + end].iter().collect())));
                i += end + 2;
            }
            _ => {
                let len = chars[i..]
                    .iter()
                    .position(|&d| d.is_whitespace() || "()<>=,\"'≤≥".contains(d))
                    .unwrap_or(chars.len() - i);
                out.push((at, Tok::Word(chars[i..i + len].iter().collect())));
                i += len;
            }
        }
    }
    Ok(out)
}

struct Parser<'a> {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    end: usize,
    study: &'a Study,
}

fn describe(t: Option<&Tok>) -> String {
    match t {
        None => "the end".into(),
        Some(Tok::Word(w)) => format!("\"{w}\""),
        Some(Tok::Quoted(w)) => format!("\"{w}\""),
        Some(Tok::Op(op)) => format!("\"{}\"", op.symbol()),
        Some(Tok::Open) => "\"(\"".into(),
        Some(Tok::Close) => "\")\"".into(),
        Some(Tok::Comma) => "\",\"".into(),
    }
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(_, t)| t)
    }
    fn at(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |(a, _)| *a)
    }
    fn fail<T>(&self, expected: &str) -> Result<T, ExprError> {
        Err(ExprError {
            at: self.at(),
            message: format!("expected {expected}, found {}", describe(self.peek())),
        })
    }
    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).map(|(_, t)| t.clone());
        self.pos += 1;
        t
    }
    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(x)) if x.eq_ignore_ascii_case(w))
    }
    /// A value: a word or a quoted text.
    fn value(&mut self, what: &str) -> Result<(usize, String), ExprError> {
        let at = self.at();
        match self.peek() {
            Some(Tok::Word(w)) | Some(Tok::Quoted(w)) => {
                let w = w.clone();
                self.pos += 1;
                Ok((at, w))
            }
            _ => self.fail(what),
        }
    }
    /// `= value` or `in (value, …)`: the values with their positions.
    fn levels(&mut self, name: &str) -> Result<Vec<(usize, String)>, ExprError> {
        if self.peek() == Some(&Tok::Op(Comparison::Eq)) {
            self.pos += 1;
            return Ok(vec![self.value(&format!("a {name} after \"=\""))?]);
        }
        if !self.is_word("in") {
            return self.fail(&format!("\"=\" or \"in\" after \"{name}\""));
        }
        self.pos += 1;
        if self.next() != Some(Tok::Open) {
            self.pos -= 1;
            return self.fail("\"(\" after \"in\"");
        }
        let mut out = vec![self.value(&format!("a {name}"))?];
        loop {
            match self.next() {
                Some(Tok::Comma) => out.push(self.value(&format!("a {name} after \",\""))?),
                Some(Tok::Close) => return Ok(out),
                _ => {
                    self.pos -= 1;
                    return self.fail("\",\" or \")\"");
                }
            }
        }
    }
    fn number(&mut self, name: &str) -> Result<f64, ExprError> {
        let at = self.at();
        match self.peek() {
            Some(Tok::Word(w)) => match w.parse::<f64>() {
                Ok(x) if x.is_finite() => {
                    self.pos += 1;
                    Ok(x)
                }
                _ => Err(ExprError {
                    at,
                    message: format!("expected a number to compare {name} with, found \"{w}\""),
                }),
            },
            _ => self.fail(&format!("a number to compare {name} with")),
        }
    }
}

/// Picks `wanted` among `names` ignoring case; the error lists them.
fn level(names: &[String], (at, wanted): &(usize, String), what: &str) -> Result<usize, ExprError> {
    names
        .iter()
        .position(|n| n.eq_ignore_ascii_case(wanted) || n.to_lowercase() == wanted.to_lowercase())
        .ok_or_else(|| ExprError {
            at: *at,
            message: format!(
                "\"{wanted}\" is not a {what}; expected one of: {}",
                names.join(", ")
            ),
        })
}

/// Keeps the levels both sets allow (`a = x and a in (x, y)`); an empty result can match
/// nobody, which is an error rather than "no restriction".
fn narrow<T: Ord + Copy>(
    set: &mut BTreeSet<T>,
    new: BTreeSet<T>,
    at: usize,
    name: &str,
) -> Result<(), ExprError> {
    if set.is_empty() {
        *set = new;
        return Ok(());
    }
    *set = set.intersection(&new).copied().collect();
    if set.is_empty() {
        return Err(ExprError {
            at,
            message: format!("no respondent can meet both conditions on {name}"),
        });
    }
    Ok(())
}

/// The filter `text` describes, starting from `base` (which keeps its careless-respondent
/// setting). An empty text is no restriction.
pub fn parse(text: &str, study: &Study, base: &Filter) -> Result<Filter, ExprError> {
    let mut filter = Filter {
        exclude_flagged: base.exclude_flagged,
        ..Filter::default()
    };
    let toks = lex(text)?;
    let mut p = Parser {
        toks,
        pos: 0,
        end: text.chars().count(),
        study,
    };
    if p.peek().is_none() {
        return Ok(filter);
    }
    loop {
        condition(&mut p, &mut filter)?;
        match p.peek() {
            None => return Ok(filter),
            Some(_) if p.is_word("and") => {
                p.pos += 1;
            }
            Some(_) => return p.fail("\"and\" or the end"),
        }
    }
}

fn condition(p: &mut Parser<'_>, filter: &mut Filter) -> Result<(), ExprError> {
    let study = p.study;
    let negated = p.is_word("not");
    if negated {
        p.pos += 1;
    }
    let at = p.at();
    let name = match p.next() {
        Some(Tok::Word(w)) | Some(Tok::Quoted(w)) => w,
        _ => {
            p.pos -= 1;
            return p.fail("a column (cohort, a group, a scale, disclosure or paradoxical)");
        }
    };
    let lower = name.to_lowercase();
    let is = |n: &str| n.to_lowercase() == lower;
    if lower == "paradoxical" {
        let want = if p.peek() == Some(&Tok::Op(Comparison::Eq)) {
            p.pos += 1;
            let v = p.value("yes or no after \"paradoxical =\"")?;
            match v.1.to_lowercase().as_str() {
                "yes" | "true" | "1" => true,
                "no" | "false" | "0" => false,
                _ => {
                    return Err(ExprError {
                        at: v.0,
                        message: format!("expected yes or no, found \"{}\"", v.1),
                    })
                }
            }
        } else {
            true
        };
        filter
            .scores
            .push(ScoreCondition::Paradoxical(want != negated));
        return Ok(());
    }
    if negated {
        return Err(ExprError {
            at,
            message: "\"not\" goes only before paradoxical".into(),
        });
    }
    if lower == "cohort" {
        let values = p.levels("cohort")?;
        let set = values
            .iter()
            .map(|v| level(&study.cohort_names, v, "cohort"))
            .collect::<Result<BTreeSet<usize>, _>>()?;
        return narrow(&mut filter.cohorts, set, at, "cohort");
    }
    if let Some(g) = study.groups.iter().position(|f| is(&f.name)) {
        let values = p.levels(&study.groups[g].name)?;
        let set = values
            .iter()
            .map(|v| level(&study.groups[g].levels, v, &study.groups[g].name).map(|l| l as u32))
            .collect::<Result<BTreeSet<u32>, _>>()?;
        let name = study.groups[g].name.clone();
        return narrow(filter.groups.entry(g).or_default(), set, at, &name);
    }
    let scale = study.codebook.scales.iter().position(|s| is(&s.name));
    if scale.is_some() || lower == "disclosure" {
        let op = match p.next() {
            Some(Tok::Op(op)) => op,
            _ => {
                p.pos -= 1;
                return p.fail(&format!("a comparison (<, <=, =, >=, >) after \"{name}\""));
            }
        };
        let value = p.number(&name)?;
        filter.scores.push(match scale {
            Some(scale) => ScoreCondition::Scale { scale, op, value },
            None => ScoreCondition::Disclosure { op, value },
        });
        return Ok(());
    }
    let mut known = vec!["cohort".to_string()];
    known.extend(study.groups.iter().map(|f| f.name.clone()));
    known.extend(study.codebook.scales.iter().map(|s| s.name.clone()));
    known.extend(["disclosure".into(), "paradoxical".into()]);
    Err(ExprError {
        at,
        message: format!(
            "\"{name}\" is not a column; expected one of: {}",
            known.join(", ")
        ),
    })
}

/// `value` as a token: bare when it is one word, quoted otherwise.
fn quote(value: &str) -> String {
    let bare = !value.is_empty()
        && !value
            .chars()
            .any(|c| c.is_whitespace() || "()<>=,\"'≤≥".contains(c))
        && !["and", "in", "not"].contains(&value.to_lowercase().as_str());
    if bare {
        value.to_string()
    } else {
        format!("\"{value}\"")
    }
}

fn levels_expr(name: &str, values: Vec<String>) -> String {
    let values: Vec<String> = values.iter().map(|v| quote(v)).collect();
    match values.as_slice() {
        [one] => format!("{name} = {one}"),
        _ => format!("{name} in ({})", values.join(", ")),
    }
}

/// The filter as an expression [`parse`] reads back to the same filter (the careless-
/// respondent setting aside, which `x` sets).
pub fn to_expression(filter: &Filter, study: &Study) -> String {
    let mut parts = Vec::new();
    if !filter.cohorts.is_empty() {
        let names = filter
            .cohorts
            .iter()
            .filter_map(|&c| study.cohort_names.get(c).cloned())
            .collect();
        parts.push(levels_expr("cohort", names));
    }
    for (&g, levels) in &filter.groups {
        let Some(f) = study.groups.get(g).filter(|_| !levels.is_empty()) else {
            continue;
        };
        let names = levels
            .iter()
            .filter_map(|&l| f.levels.get(l as usize).cloned())
            .collect();
        parts.push(levels_expr(&quote(&f.name), names));
    }
    parts.extend(filter.scores.iter().map(|c| c.describe(study)));
    parts.join(" and ")
}
