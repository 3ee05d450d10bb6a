//! A gap block's verdict in words: whether concern predicts disclosure, has no meaningful
//! relation to it (the privacy paradox), a real but trivially small one, or whether the data
//! cannot tell — with the smallest correlation the block could have detected. Only the
//! "no meaningful relation" verdict calls a block paradoxical; an inconclusive block says
//! that its sample cannot tell a paradox from a real effect.

use crate::analysis::summary::{GapBlock, Verdict};
use crate::fmt::{count, num, p_value, NOT_AVAILABLE};

use super::prose::fin;

/// An equivalence margin as written in the codebook: "0.05", "0.025", "0.1".
pub fn margin(x: f64) -> String {
    let s = num(x, 3);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// "the smallest correlation detectable with 80% power is 0.23", when the block has one.
pub fn detectable_phrase(block: &GapBlock) -> Option<String> {
    fin(block.rho_mde).map(|r| {
        format!(
            "the smallest correlation detectable with 80% power is {}",
            num(r, 2)
        )
    })
}

/// The block's verdict in one sentence, starting with `who` ("In the Silent cohort
/// (n = 146)", "Overall"); `None` when the verdict is not available.
pub fn verdict_sentence(block: &GapBlock, who: &str) -> Option<String> {
    let e = block.equivalence.as_ref()?;
    let verdict = e.verdict?;
    let rho = fin(block.spearman_rho)?;
    let p = fin(block.spearman_p)?;
    let p_tost = fin(e.p_tost)?;
    let delta = margin(e.sesoi_rho);
    let rho_text = num(rho, 2);
    Some(match verdict {
        Verdict::Inconclusive => match detectable_phrase(block) {
            Some(d) => format!("{who} the data cannot tell a paradox from a real effect: {d}."),
            None => format!("{who} the data cannot tell a paradox from a real effect."),
        },
        Verdict::Predicts if rho < 0.0 => format!(
            "{who} concern predicts disclosure: the more concerned disclosed less (\u{3c1} = {rho_text}, {}).",
            p_value(p)
        ),
        Verdict::Predicts => format!(
            "{who} concern predicts disclosure, in the unexpected direction: the more concerned disclosed more (\u{3c1} = {rho_text}, {}).",
            p_value(p)
        ),
        Verdict::NoMeaningfulRelation => format!(
            "{who} concern has no meaningful relation to disclosure: \u{3c1} = {rho_text} lies within \u{b1}{delta} (equivalence test {}) \u{2014} the privacy paradox.",
            p_value(p_tost)
        ),
        Verdict::TriviallySmall => format!(
            "{who} the relation between concern and disclosure is real but trivially small: \u{3c1} = {rho_text} differs from 0 ({}) yet lies within \u{b1}{delta} (equivalence test {}).",
            p_value(p),
            p_value(p_tost)
        ),
    })
}

/// The verdict after a sentence that has quoted ρ and its p already: what the equivalence
/// test adds, and what the two tests say together. `None` when the verdict is not available.
pub fn verdict_after_spearman(block: &GapBlock) -> Option<String> {
    let e = block.equivalence.as_ref()?;
    let verdict = e.verdict?;
    let p_tost = p_value(fin(e.p_tost)?);
    let delta = margin(e.sesoi_rho);
    Some(match verdict {
        Verdict::Predicts => format!(
            "Tested against the smallest correlation of interest, \u{3c1} is not shown to lie within \u{b1}{delta} (equivalence test {p_tost}): concern predicts disclosure."
        ),
        Verdict::NoMeaningfulRelation => format!(
            "Tested against the smallest correlation of interest, \u{3c1} lies within \u{b1}{delta} (equivalence test {p_tost}) and does not differ from 0: concern has no meaningful relation to disclosure \u{2014} the privacy paradox."
        ),
        Verdict::TriviallySmall => format!(
            "Tested against the smallest correlation of interest, \u{3c1} lies within \u{b1}{delta} (equivalence test {p_tost}) although it differs from 0: the relation is real but trivially small."
        ),
        Verdict::Inconclusive => {
            let detectable = detectable_phrase(block)
                .map(|d| format!("; {d}"))
                .unwrap_or_default();
            format!(
                "\u{3c1} neither differs from 0 nor is shown to lie within \u{b1}{delta} (equivalence test {p_tost}): the data cannot tell a paradox from a real effect{detectable}."
            )
        }
    })
}

/// The cohorts whose verdict is "inconclusive", in one sentence: "In Silent (n = 146) and
/// Boomers (n = 545) the data cannot tell a paradox from a real effect: the smallest
/// correlations detectable with 80% power are 0.23 and 0.12." `None` when there is none.
pub fn inconclusive_sentence<'a>(blocks: impl Iterator<Item = &'a GapBlock>) -> Option<String> {
    let (names, mdes): (Vec<String>, Vec<Option<f64>>) = blocks
        .filter(|b| b.equivalence.as_ref().and_then(|e| e.verdict) == Some(Verdict::Inconclusive))
        .map(|b| {
            let name = b.cohort.as_deref().unwrap_or("unnamed cohort");
            let name = match b.n {
                Some(n) => format!("{name} (n = {})", count(n)),
                None => name.to_string(),
            };
            (name, fin(b.rho_mde))
        })
        .unzip();
    let and = |items: &[String]| match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    if names.is_empty() {
        return None;
    }
    let detectable: Option<Vec<String>> = mdes.iter().map(|m| m.map(|r| num(r, 2))).collect();
    let tail = match detectable {
        Some(d) if d.len() == 1 => format!(
            ": the smallest correlation detectable with 80% power is {}",
            d[0]
        ),
        Some(d) => format!(
            ": the smallest correlations detectable with 80% power are {}",
            and(&d)
        ),
        None => String::new(),
    };
    Some(format!(
        "In {} the data cannot tell a paradox from a real effect{tail}.",
        and(&names)
    ))
}

/// [`verdict_sentence`], or a sentence saying that the verdict is not available.
pub fn verdict_or_unavailable(block: &GapBlock, who: &str) -> String {
    verdict_sentence(block, who).unwrap_or_else(|| {
        format!("{who} the verdict on concern and disclosure is {NOT_AVAILABLE}.")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::summary::Equivalence;

    fn block(rho: f64, p: f64, p_tost: f64, verdict: Verdict) -> GapBlock {
        GapBlock {
            n: Some(146),
            spearman_rho: Some(rho),
            spearman_p: Some(p),
            rho_mde: Some(0.2330770465187042),
            equivalence: Some(Equivalence {
                sesoi_rho: 0.05,
                p_tost: Some(p_tost),
                sesoi_rd: 0.05,
                rd_ci90: None,
                rd_equivalent: None,
                verdict: Some(verdict),
            }),
            ..GapBlock::default()
        }
    }

    #[test]
    fn each_verdict_has_its_words() {
        let who = "In the Silent cohort (n = 146)";
        let s = |b: GapBlock| verdict_sentence(&b, who).unwrap_or_default();
        assert_eq!(
            s(block(-0.093, 0.26, 0.70, Verdict::Inconclusive)),
            "In the Silent cohort (n = 146) the data cannot tell a paradox from a real effect: the smallest correlation detectable with 80% power is 0.23."
        );
        let t = s(block(-0.1, 0.02, 0.87, Verdict::Predicts));
        assert!(
            t.contains("concern predicts disclosure: the more concerned disclosed less")
                && t.contains("\u{2212}0.10, p = 0.020"),
            "{t}"
        );
        let t = s(block(0.1, 0.02, 0.87, Verdict::Predicts));
        assert!(t.contains("unexpected direction"), "{t}");
        let t = s(block(0.001, 0.93, 0.001, Verdict::NoMeaningfulRelation));
        assert!(
            t.contains("no meaningful relation")
                && t.contains("\u{b1}0.05 (equivalence test p = 0.001)"),
            "{t}"
        );
        assert!(t.contains("the privacy paradox"), "{t}");
        let t = s(block(0.02, 0.003, 0.00002, Verdict::TriviallySmall));
        assert!(
            t.contains("real but trivially small") && t.contains("(equivalence test p < 0.001)"),
            "{t}"
        );
        let mut b = block(0.1, 0.5, 0.5, Verdict::Inconclusive);
        b.spearman_rho = None;
        assert_eq!(verdict_sentence(&b, who), None);
        assert!(verdict_or_unavailable(&b, who).contains(NOT_AVAILABLE));
        // Only the verdict "no meaningful relation" speaks of the paradox.
        for v in [
            Verdict::Inconclusive,
            Verdict::Predicts,
            Verdict::TriviallySmall,
        ] {
            assert!(!s(block(-0.05, 0.5, 0.5, v)).contains("paradox."), "{v:?}");
        }
    }

    #[test]
    fn inconclusive_cohorts_in_one_sentence() {
        let mut silent = block(-0.093, 0.26, 0.70, Verdict::Inconclusive);
        silent.cohort = Some("Silent".into());
        let mut boomers = block(-0.066, 0.12, 0.65, Verdict::Inconclusive);
        boomers.cohort = Some("Boomers".into());
        boomers.n = Some(545);
        boomers.rho_mde = Some(0.12018840152239625);
        let gen_x = block(-0.1, 0.02, 0.87, Verdict::Predicts);
        assert_eq!(
            inconclusive_sentence([&silent, &gen_x, &boomers].into_iter()).unwrap_or_default(),
            "In Silent (n = 146) and Boomers (n = 545) the data cannot tell a paradox from a real effect: the smallest correlations detectable with 80% power are 0.23 and 0.12."
        );
        assert_eq!(
            inconclusive_sentence([&silent].into_iter()).unwrap_or_default(),
            "In Silent (n = 146) the data cannot tell a paradox from a real effect: the smallest correlation detectable with 80% power is 0.23."
        );
        assert_eq!(inconclusive_sentence([&gen_x].into_iter()), None);
        let t = verdict_after_spearman(&silent).unwrap_or_default();
        assert!(
            t.contains("equivalence test p = 0.70") && t.ends_with("with 80% power is 0.23."),
            "{t}"
        );
    }

    #[test]
    fn margins_keep_their_digits() {
        assert_eq!(margin(0.05), "0.05");
        assert_eq!(margin(0.025), "0.025");
        assert_eq!(margin(0.1), "0.1");
    }
}
