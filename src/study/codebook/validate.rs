//! Validating a codebook: everything that can be checked without the data (min < max,
//! label sets that exist, scales named in `[paradox]`, complete select-all questions …),
//! one check per section; the first problem found is reported. Checks that need the
//! data's header (a named column is missing) happen at import.

use std::collections::BTreeSet;

use super::options::{Expected, ScreeningSpec};
use super::types::{sesoi_problem, BehaviorFormat, Check, Codebook, CohortScheme, Threshold};

impl Codebook {
    /// Everything that can be checked without the data. Returns (codebook key, message).
    pub fn validate(&self) -> Result<(), (String, String)> {
        // The limits first: every later check (and everything after the codebook is read)
        // then works on a bounded codebook.
        self.check_limits()?;
        self.check_columns()?;
        self.check_roles()?;
        self.check_cohorts()?;
        self.check_label_collisions()?;
        self.check_label_columns()?;
        self.check_scales()?;
        self.check_data_types()?;
        self.check_tactics()?;
        self.check_paradox()?;
        self.check_disclosure_control()?;
        self.check_select_all()?;
        self.check_pii_allow()?;
        if let Some(sc) = &self.screening {
            self.check_screening(sc)?;
        }
        self.check_behavior()
    }

    /// `[columns]` and `[study]`: an id column, birth year or age (not both), a plausible
    /// survey year.
    fn check_columns(&self) -> Check {
        let err = |k: &str, m: String| Err((k.to_string(), m));
        if self.columns.id.trim().is_empty() {
            return err(
                "columns.id",
                "the respondent id column name is empty".into(),
            );
        }
        if self.columns.birth_year.is_some() && self.columns.age.is_some() {
            return err(
                "columns.age",
                "give either columns.birth_year or columns.age, not both".into(),
            );
        }
        if let Some(y) = self.study.survey_year {
            if !(1900..=2200).contains(&y) {
                return err(
                    "study.survey_year",
                    format!("survey_year {y} is not a plausible year"),
                );
            }
        }
        Ok(())
    }

    /// `[cohorts]`: what each scheme needs (the columns, the survey year, edges or an order).
    fn check_cohorts(&self) -> Check {
        let err = |k: &str, m: String| Err((k.to_string(), m));
        match self.cohorts.scheme {
            CohortScheme::Generation => {
                if self.columns.birth_year.is_none() && self.columns.age.is_none() {
                    return err(
                        "cohorts.scheme",
                        "scheme \"generation\" needs columns.birth_year or columns.age".into(),
                    );
                }
                if self.columns.age.is_some() && self.study.survey_year.is_none() {
                    return err(
                        "study.survey_year",
                        format!(
                            "generations from age (column \"{}\") need study.survey_year",
                            self.columns.age.as_deref().unwrap_or("")
                        ),
                    );
                }
            }
            CohortScheme::AgeBands => {
                let Some(edges) = &self.cohorts.edges else {
                    return err(
                        "cohorts.edges",
                        "scheme \"age_bands\" needs edges, e.g. [18, 25, 35, 45, 55, 65]".into(),
                    );
                };
                if edges.is_empty() || edges.windows(2).any(|w| w[0] >= w[1]) {
                    return err(
                        "cohorts.edges",
                        "edges must be a non-empty, strictly increasing list of ages".into(),
                    );
                }
                if self.columns.birth_year.is_none() && self.columns.age.is_none() {
                    return err(
                        "cohorts.scheme",
                        "scheme \"age_bands\" needs columns.birth_year or columns.age".into(),
                    );
                }
                if let Some(by) = &self.columns.birth_year {
                    if self.study.survey_year.is_none() {
                        return err(
                            "study.survey_year",
                            format!("age bands from birth year (column \"{by}\") need study.survey_year"),
                        );
                    }
                }
            }
            CohortScheme::Column => {
                if self.cohorts.column.is_none() {
                    return err(
                        "cohorts.column",
                        "scheme \"column\" needs cohorts.column".into(),
                    );
                }
                match &self.cohorts.order {
                    None => {
                        return err(
                            "cohorts.order",
                            "scheme \"column\" needs cohorts.order, the cohorts oldest or youngest first"
                                .into(),
                        )
                    }
                    Some(o) if o.is_empty() => {
                        return err("cohorts.order", "cohorts.order is empty".into())
                    }
                    Some(o) => {
                        // Values are matched to cohorts trimmed and ignoring case, so two
                        // entries equal that way would be one cohort listed twice.
                        for (i, a) in o.iter().enumerate() {
                            if let Some(j) = o[..i]
                                .iter()
                                .position(|b| b.trim().eq_ignore_ascii_case(a.trim()))
                            {
                                return err(
                                    "cohorts.order",
                                    format!(
                                        "entries {} (\"{}\") and {} (\"{a}\") name the same cohort (cohorts are matched trimmed and ignoring case)",
                                        j + 1,
                                        o[j],
                                        i + 1
                                    ),
                                );
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Every label set a column uses is defined.
    fn check_label_columns(&self) -> Check {
        let err = |k: &str, m: String| Err((k.to_string(), m));
        for (col, set) in &self.label_columns {
            if !self.labels.contains_key(set) {
                return err(
                    &format!("label_columns.{col}"),
                    format!(
                        "column \"{col}\" uses label set \"{set}\", which [labels] does not define"
                    ),
                );
            }
        }
        Ok(())
    }

    /// `[[scale]]`: distinct names, items, min < max, reverse items among the items.
    fn check_scales(&self) -> Check {
        let err = |k: &str, m: String| Err((k.to_string(), m));
        let mut names = BTreeSet::new();
        for (i, s) in self.scales.iter().enumerate() {
            let key = format!("scale[{i}] ({})", s.name);
            if !names.insert(&s.name) {
                return err(&key, format!("two scales are named \"{}\"", s.name));
            }
            if s.items.is_empty() {
                return err(&key, format!("scale \"{}\" has no items", s.name));
            }
            if s.min >= s.max {
                return err(
                    &format!("{key}.min"),
                    format!(
                        "scale \"{}\": min {} must be below max {}",
                        s.name, s.min, s.max
                    ),
                );
            }
            for r in &s.reverse {
                if !s.items.contains(r) {
                    return err(
                        &format!("{key}.reverse"),
                        format!("reverse item \"{r}\" is not one of the scale's items"),
                    );
                }
            }
        }
        Ok(())
    }

    /// `[[data_type]]`: distinct names, a stated or behaviour column, a valid stated
    /// range.
    fn check_data_types(&self) -> Check {
        let err = |k: &str, m: String| Err((k.to_string(), m));
        let mut names = BTreeSet::new();
        for (i, d) in self.data_types.iter().enumerate() {
            let key = format!("data_type[{i}] ({})", d.name);
            if !names.insert(&d.name) {
                return err(&key, format!("two data types are named \"{}\"", d.name));
            }
            if d.stated.is_none() && d.behavior.is_none() {
                return err(
                    &key,
                    format!("data type \"{}\" has neither stated nor behavior", d.name),
                );
            }
            match (d.stated_min, d.stated_max) {
                (Some(a), Some(b)) if a >= b => {
                    return err(
                        &format!("{key}.stated_min"),
                        format!("data type \"{}\": stated_min {a} must be below stated_max {b}", d.name),
                    )
                }
                (Some(_), None) | (None, Some(_)) => {
                    return err(
                        &format!("{key}.stated_max"),
                        format!("data type \"{}\": give both stated_min and stated_max, or neither (0/1 column)", d.name),
                    )
                }
                _ => {}
            }
            if let Some(m) = d.shared_min {
                if !m.is_finite() {
                    return err(
                        &format!("{key}.shared_min"),
                        "shared_min must be a number".into(),
                    );
                }
            }
        }
        Ok(())
    }

    /// `[[tactic]]`: distinct names, min < max.
    fn check_tactics(&self) -> Check {
        let err = |k: &str, m: String| Err((k.to_string(), m));
        let mut names = BTreeSet::new();
        for (i, t) in self.tactics.iter().enumerate() {
            let key = format!("tactic[{i}] ({})", t.name);
            if !names.insert(&t.name) {
                return err(&key, format!("two tactics are named \"{}\"", t.name));
            }
            if t.min >= t.max {
                return err(
                    &format!("{key}.min"),
                    format!(
                        "tactic \"{}\": min {} must be below max {}",
                        t.name, t.min, t.max
                    ),
                );
            }
        }
        Ok(())
    }

    /// `[paradox]`: the concern scale exists, its threshold lies on it, the disclosure
    /// threshold lies in 0..1, the smallest effects of interest strictly between 0 and 1.
    fn check_paradox(&self) -> Check {
        let err = |k: &str, m: String| Err((k.to_string(), m));
        if let Some(p) = &self.paradox {
            let Some(scale) = self.scales.iter().find(|s| s.name == p.concern_scale) else {
                return err(
                    "paradox.concern_scale",
                    format!(
                        "concern_scale \"{}\" is not a [[scale]] of this codebook",
                        p.concern_scale
                    ),
                );
            };
            match &p.concern_threshold {
                Threshold::Named(n) if n != "midpoint" => {
                    return err(
                        "paradox.concern_threshold",
                        format!("concern_threshold must be \"midpoint\" or a number, not \"{n}\""),
                    )
                }
                Threshold::Number(x) if !(*x >= scale.min as f64 && *x <= scale.max as f64) => {
                    return err(
                        "paradox.concern_threshold",
                        format!(
                            "concern_threshold {x} lies outside the scale \"{}\" ({}..{})",
                            scale.name, scale.min, scale.max
                        ),
                    )
                }
                _ => {}
            }
            if !(p.disclosure_threshold >= 0.0 && p.disclosure_threshold <= 1.0) {
                return err(
                    "paradox.disclosure_threshold",
                    format!(
                        "disclosure_threshold {} must lie in 0..1",
                        p.disclosure_threshold
                    ),
                );
            }
            for (key, value) in [("sesoi_rho", p.sesoi_rho), ("sesoi_rd", p.sesoi_rd)] {
                if let Some(m) = sesoi_problem(key, value) {
                    return err(&format!("paradox.{key}"), m);
                }
            }
        }
        Ok(())
    }

    /// `[pii_allow]`: every column allowed on purpose says why.
    fn check_pii_allow(&self) -> Check {
        for (col, reason) in &self.pii_allow {
            if reason.trim().is_empty() {
                return Err((
                    format!("pii_allow.{col}"),
                    format!("the reason for allowing column \"{col}\" is empty: say why the study needs it"),
                ));
            }
        }
        Ok(())
    }

    /// `[disclosure_control]`: a positive ε when differential privacy is asked for.
    fn check_disclosure_control(&self) -> Check {
        let err = |k: &str, m: String| Err((k.to_string(), m));
        if let Some(e) = self.disclosure_control.dp_epsilon {
            if !(e.is_finite() && e > 0.0) {
                return err(
                    "disclosure_control.dp_epsilon",
                    format!("dp_epsilon must be a positive number, not {e}"),
                );
            }
        }
        Ok(())
    }

    /// `[behavior]`: an event log needs at least one share action.
    fn check_behavior(&self) -> Check {
        let err = |k: &str, m: String| Err((k.to_string(), m));
        if self.behavior.format == BehaviorFormat::Events && self.behavior.share_actions.is_empty()
        {
            return err(
                "behavior.share_actions",
                "share_actions is empty: no event could ever count as sharing".into(),
            );
        }
        Ok(())
    }

    /// Select-all questions are complete, and every `"QUESTION:OPTION"` reference names an
    /// option of a comma-joined question.
    fn check_select_all(&self) -> Check {
        for (name, q) in &self.select_all {
            let key = format!("select_all.{name}");
            match (&q.column, q.columns.is_empty()) {
                (Some(_), false) | (None, true) => {
                    return Err((
                        key,
                        format!("select-all question \"{name}\" needs either `columns` (one column per option) or `column` (options joined by commas), not both or neither"),
                    ))
                }
                (Some(_), true) => {
                    if q.options.as_ref().is_none_or(|o| o.pairs().is_empty()) {
                        return Err((
                            format!("{key}.options"),
                            format!("select-all question \"{name}\" is one comma-joined column, so it needs its `options`"),
                        ));
                    }
                    if let Some(n) = &q.none {
                        if q.option_index(n).is_none() {
                            return Err((
                                format!("{key}.none"),
                                format!("\"none\" option \"{n}\" is not one of the question's options"),
                            ));
                        }
                    }
                }
                (None, false) => {
                    if q.options.is_some() {
                        return Err((
                            format!("{key}.options"),
                            format!("select-all question \"{name}\" has one column per option: list them in `columns`; `options` is for a comma-joined `column`"),
                        ));
                    }
                }
            }
        }
        let mut refs: Vec<(String, &str)> = Vec::new();
        for (i, d) in self.data_types.iter().enumerate() {
            if let Some(c) = &d.stated {
                refs.push((format!("data_type[{i}] ({}).stated", d.name), c));
            }
            if let Some(c) = &d.behavior {
                refs.push((format!("data_type[{i}] ({}).behavior", d.name), c));
            }
        }
        for (i, s) in self.scales.iter().enumerate() {
            for c in &s.items {
                refs.push((format!("scale[{i}] ({}).items", s.name), c));
            }
        }
        for (i, t) in self.tactics.iter().enumerate() {
            refs.push((format!("tactic[{i}] ({}).column", t.name), &t.column));
        }
        for (key, r) in refs {
            let Some((q, opt)) = r.split_once(':') else {
                continue;
            };
            let Some(spec) = self.select_all.get(q) else {
                continue;
            };
            if spec.column.is_none() {
                return Err((key, format!("\"{r}\": select-all question \"{q}\" has one column per option; name the option's column itself")));
            }
            if spec.option_index(opt).is_none() {
                return Err((
                    key,
                    format!("\"{r}\": \"{opt}\" is not an option of select-all question \"{q}\""),
                ));
            }
        }
        Ok(())
    }

    /// `[screening]`: at least one rule, a duration column name, a speeder fraction in
    /// (0, 1), a long enough scale for straightlining, complete attention checks.
    fn check_screening(&self, sc: &ScreeningSpec) -> Check {
        let err = |k: &str, m: String| Err((k.to_string(), m));
        if sc.duration.is_none() && !sc.straightlining && sc.attention.is_empty() {
            return err(
                "screening",
                "[screening] enables no rule: give duration, straightlining = true or [[screening.attention]]".into(),
            );
        }
        if let Some(d) = &sc.duration {
            if d.trim().is_empty() {
                return err(
                    "screening.duration",
                    "the duration column name is empty".into(),
                );
            }
        }
        if !(sc.speeder_fraction > 0.0 && sc.speeder_fraction < 1.0) {
            return err(
                "screening.speeder_fraction",
                format!(
                    "speeder_fraction {} must lie strictly between 0 and 1 (e.g. 0.3: faster than 30% of the median duration)",
                    sc.speeder_fraction
                ),
            );
        }
        if sc.straightlining && !self.scales.iter().any(|s| s.items.len() >= 4) {
            return err(
                "screening.straightlining",
                "straightlining needs a [[scale]] with at least 4 items (identical answers to 2 or 3 items are too common to flag); no scale has that many".into(),
            );
        }
        for (i, a) in sc.attention.iter().enumerate() {
            let key = format!("screening.attention[{i}].column");
            if a.column.trim().is_empty() {
                return err(&key, "the attention-check column name is empty".into());
            }
            if let Expected::Label(l) = &a.expected {
                if l.trim().is_empty() {
                    return err(
                        &format!("screening.attention[{i}].expected"),
                        format!("the expected answer of \"{}\" is empty", a.column),
                    );
                }
            }
        }
        Ok(())
    }
}
