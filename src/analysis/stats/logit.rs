//! Logistic regression by iteratively reweighted least squares (Newton–Raphson on the
//! canonical logit link, which is the same as Fisher scoring) with a heteroskedasticity-
//! consistent HC1 sandwich covariance, and the linear-by-linear association test.
//!
//! The data enter by covariate pattern ([`Grouped`]): respondents with the same concern
//! score, cohort and group levels share one row holding the sums of w·y, w·(1−y), w²·y and
//! w²·(1−y), which is all the likelihood and the sandwich need, so a million respondents
//! cost one aggregation pass and then a few thousand rows per iteration. Rows are sparse
//! with a fixed number of slots (column index, value): intercept + concern + one dummy per
//! factor, however many levels the factors have. Per-chunk partial sums are added in chunk
//! order, so the result does not depend on thread scheduling (reports must be
//! byte-identical).
//!
//! Weights are probability (survey) weights in the estimating equations: the score is
//! Σ wᵢ(yᵢ − μᵢ)xᵢ, the bread H = Σ wᵢμᵢ(1−μᵢ)xᵢxᵢ', the meat Σ wᵢ²(yᵢ − μᵢ)²xᵢxᵢ', and
//! HC1 = n/(n−p)·H⁻¹·meat·H⁻¹ with n the number of rows (MacKinnon & White 1985). This is
//! statsmodels' `GLM(y, X, family=Binomial(), var_weights=w)` with
//! `sandwich_covariance.cov_white_simple(res, use_correction=True)`; note that statsmodels
//! 0.14–0.15 `fit(cov_type="HC1")` on GLM/Logit silently applies no n/(n−p) factor (it
//! returns HC0), which is why the tests name the function they compare with.

use nalgebra::{DMatrix, DVector};
use rayon::prelude::*;

use super::dist::chi2_sf;

/// Rows per parallel chunk of the accumulation pass.
const CHUNK: usize = 16_384;
/// Newton iterations before giving up (a separated design never converges).
pub const MAX_ITERATIONS: u32 = 50;
/// Convergence: every coefficient moved by at most `TOLERANCE · max(1, |β|)` in the last step.
pub const TOLERANCE: f64 = 1e-10;
/// |η| above this for some row means a fitted probability within e⁻³⁰ ≈ 1e−13 of 0 or 1:
/// the signature of complete or quasi-complete separation (Albert & Anderson 1984).
const ETA_LIMIT: f64 = 30.0;
/// A column whose share of variance not explained by the earlier columns (1 − R², the
/// squared Cholesky pivot over the diagonal of X'WX) is below this is collinear.
const COLLINEAR: f64 = 1e-10;

/// A design matrix as sparse rows: row i has `slots` entries `(cols[i·slots + s],
/// vals[i·slots + s])`; an unused slot has value 0 (its column index is ignored).
#[derive(Debug, Clone, Default)]
pub struct Design {
    /// Number of columns (parameters).
    pub p: usize,
    pub slots: usize,
    pub cols: Vec<u32>,
    pub vals: Vec<f64>,
}

impl Design {
    pub fn new(p: usize, slots: usize) -> Design {
        Design {
            p,
            slots,
            cols: Vec::new(),
            vals: Vec::new(),
        }
    }

    /// A dense design (tests, small data): every row lists all `p` columns.
    pub fn dense(rows: &[Vec<f64>]) -> Design {
        let p = rows.first().map_or(0, Vec::len);
        let mut d = Design::new(p, p);
        for r in rows {
            let entries: Vec<(u32, f64)> =
                r.iter().enumerate().map(|(j, &v)| (j as u32, v)).collect();
            d.push(&entries);
        }
        d
    }

    /// Appends a row; entries beyond `slots` are ignored, missing ones are zero.
    pub fn push(&mut self, entries: &[(u32, f64)]) {
        for s in 0..self.slots {
            let (c, v) = entries.get(s).copied().unwrap_or((0, 0.0));
            self.cols.push(c);
            self.vals.push(v);
        }
    }

    pub fn rows(&self) -> usize {
        self.cols.len().checked_div(self.slots).unwrap_or(0)
    }

    fn row(&self, i: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let a = i * self.slots;
        self.cols[a..a + self.slots]
            .iter()
            .zip(&self.vals[a..a + self.slots])
            .filter(|(_, &v)| v != 0.0)
            .map(|(&c, &v)| (c as usize, v))
    }
}

/// A converged fit.
#[derive(Debug, Clone, PartialEq)]
pub struct LogitFit {
    pub beta: Vec<f64>,
    /// HC1 standard errors.
    pub se: Vec<f64>,
    pub iterations: u32,
    /// Σ w·log-likelihood at β̂.
    pub log_likelihood: f64,
}

/// Why a model has no estimates.
#[derive(Debug, Clone, PartialEq)]
pub enum LogitError {
    /// Fewer rows than parameters, or no variation in the outcome.
    TooSmall(String),
    /// X'WX is not positive definite; the index is the first collinear column.
    Singular(Option<usize>),
    /// Coefficients diverge / fitted probabilities reach 0 or 1.
    Separation,
    NotConverged(u32),
}

impl std::fmt::Display for LogitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LogitError::TooSmall(why) => write!(f, "{why}"),
            LogitError::Singular(_) => write!(f, "X'WX is singular: a covariate is a linear combination of the others"),
            LogitError::Separation => write!(f, "complete or quasi-complete separation: fitted probabilities reach 0 or 1 and the coefficients diverge, so the maximum-likelihood estimates do not exist"),
            LogitError::NotConverged(it) => write!(f, "IRLS did not converge in {it} iterations"),
        }
    }
}

/// Partial sums of one pass: upper triangle of X'AX (row-major p×p), X'b, and a scalar.
#[derive(Clone)]
struct Pass {
    xax: Vec<f64>,
    xb: Vec<f64>,
    sum: f64,
    max_eta: f64,
}

impl Pass {
    fn new(p: usize) -> Pass {
        Pass {
            xax: vec![0.0; p * p],
            xb: vec![0.0; p],
            sum: 0.0,
            max_eta: 0.0,
        }
    }
    fn add(&mut self, o: &Pass) {
        for (a, b) in self.xax.iter_mut().zip(&o.xax) {
            *a += b;
        }
        for (a, b) in self.xb.iter_mut().zip(&o.xb) {
            *a += b;
        }
        self.sum += o.sum;
        self.max_eta = self.max_eta.max(o.max_eta);
    }
}

fn sigmoid(eta: f64) -> f64 {
    if eta >= 0.0 {
        1.0 / (1.0 + (-eta).exp())
    } else {
        let e = eta.exp();
        e / (1.0 + e)
    }
}

/// log(1 + e^x) without overflow.
fn log1pexp(x: f64) -> f64 {
    if x > 0.0 {
        x + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}

/// What one pass accumulates per covariate pattern, given η.
#[derive(Clone, Copy)]
enum Kind {
    /// A = (W₁+W₀)μ(1−μ), b = W₁ − (W₁+W₀)μ, sum = log-likelihood W₁η − (W₁+W₀)log(1+e^η).
    Newton,
    /// A = Σ over the pattern's rows of (wᵢ(yᵢ−μ))² = (1−μ)²Q₁ + μ²Q₀ (the sandwich's meat).
    Meat,
}

fn pass(g: &Grouped, beta: &[f64], kind: Kind) -> Pass {
    let x = &g.x;
    let p = x.p;
    let n = x.rows();
    let chunks: Vec<Pass> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            let mut acc = Pass::new(p);
            let mut entries: Vec<(usize, f64)> = Vec::with_capacity(x.slots);
            for i in c * CHUNK..((c + 1) * CHUNK).min(n) {
                entries.clear();
                entries.extend(x.row(i));
                let eta: f64 = entries.iter().map(|&(j, v)| beta[j] * v).sum();
                acc.max_eta = acc.max_eta.max(eta.abs());
                let mu = sigmoid(eta);
                let (w1, w0) = (g.w1[i], g.w0[i]);
                let (a, b) = match kind {
                    Kind::Newton => {
                        let wt = w1 + w0;
                        acc.sum += w1 * eta - wt * log1pexp(eta);
                        (wt * mu * (1.0 - mu), w1 - wt * mu)
                    }
                    Kind::Meat => {
                        let (r1, r0) = (1.0 - mu, mu);
                        (r1 * r1 * g.q1[i] + r0 * r0 * g.q0[i], 0.0)
                    }
                };
                for (k, &(j, vj)) in entries.iter().enumerate() {
                    acc.xb[j] += b * vj;
                    let av = a * vj;
                    for &(l, vl) in &entries[k..] {
                        // Upper triangle (a design never lists a column twice in one row).
                        let (r, c) = if j <= l { (j, l) } else { (l, j) };
                        acc.xax[r * p + c] += av * vl;
                    }
                }
            }
            acc
        })
        .collect();
    let mut total = Pass::new(p);
    for c in &chunks {
        total.add(c);
    }
    total
}

fn symmetric(p: usize, upper: &[f64]) -> DMatrix<f64> {
    DMatrix::from_fn(p, p, |r, c| {
        if r <= c {
            upper[r * p + c]
        } else {
            upper[c * p + r]
        }
    })
}

/// The first column whose 1 − R² on the earlier columns (the squared Cholesky pivot over
/// the diagonal) is negligible, found by factoring growing leading blocks (p is small), or
/// `None` when X'WX is positive definite with no such column.
fn collinear_column(h: &DMatrix<f64>) -> Option<usize> {
    let p = h.nrows();
    (1..=p)
        .find(|&k| {
            let d = h[(k - 1, k - 1)];
            let sub = h.view((0, 0), (k, k)).clone_owned();
            match sub.cholesky() {
                Some(ch) => {
                    let l = ch.l()[(k - 1, k - 1)];
                    d.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater)
                        || l * l / d < COLLINEAR
                }
                None => true,
            }
        })
        .map(|k| k - 1)
}

/// Respondents summarized by covariate pattern: row k of `x` is one distinct covariate
/// vector, with the sums over its respondents of w·y (`w1`), w·(1−y) (`w0`), w²·y (`q1`)
/// and w²·(1−y) (`q0`). Estimates, log-likelihood and the HC1 sandwich depend on the data
/// only through these sums, so a million respondents with a few thousand distinct
/// (concern, cohort, group) patterns fit in milliseconds per iteration.
#[derive(Debug, Clone, Default)]
pub struct Grouped {
    pub x: Design,
    pub w1: Vec<f64>,
    pub w0: Vec<f64>,
    pub q1: Vec<f64>,
    pub q0: Vec<f64>,
    /// Respondents (the n of HC1's n/(n−p)) and, of them, events.
    pub rows: usize,
    pub events: usize,
}

impl Grouped {
    /// Adds one respondent to pattern `k` (which must exist).
    pub fn add(&mut self, k: usize, y: bool, w: f64) {
        if y {
            self.w1[k] += w;
            self.q1[k] += w * w;
            self.events += 1;
        } else {
            self.w0[k] += w;
            self.q0[k] += w * w;
        }
        self.rows += 1;
    }

    /// Appends a pattern with no respondents yet; returns its index.
    pub fn push_pattern(&mut self, entries: &[(u32, f64)]) -> usize {
        self.x.push(entries);
        self.w1.push(0.0);
        self.w0.push(0.0);
        self.q1.push(0.0);
        self.q0.push(0.0);
        self.w1.len() - 1
    }
}

/// Fits P(y = 1) = 1/(1 + e^(−Xβ)) with one pattern per row (see [`fit_grouped`]).
pub fn fit(x: &Design, y: &[bool], w: &[f64]) -> Result<LogitFit, LogitError> {
    let n = x.rows();
    if y.len() != n || w.len() != n {
        return Err(LogitError::TooSmall(
            "design, outcome and weights differ in length".into(),
        ));
    }
    let mut g = Grouped {
        x: x.clone(),
        w1: vec![0.0; n],
        w0: vec![0.0; n],
        q1: vec![0.0; n],
        q0: vec![0.0; n],
        rows: 0,
        events: 0,
    };
    for (k, (&yk, &wk)) in y.iter().zip(w).enumerate() {
        g.add(k, yk, wk);
    }
    fit_grouped(&g)
}

/// Newton–Raphson with step halving, starting from β = 0 with the intercept column (column
/// 0) at the logit of the weighted mean. Stops when every |Δβⱼ| ≤ TOLERANCE·max(1, |βⱼ|),
/// at most MAX_ITERATIONS steps.
pub fn fit_grouped(g: &Grouped) -> Result<LogitFit, LogitError> {
    let n = g.rows;
    let p = g.x.p;
    if n <= p {
        return Err(LogitError::TooSmall(format!(
            "fewer respondents than parameters ({p})"
        )));
    }
    if g.events == 0 || g.events == n {
        return Err(LogitError::TooSmall(
            "the outcome does not vary (all respondents have the same value)".into(),
        ));
    }
    let swy: f64 = g.w1.iter().sum();
    let sw: f64 = swy + g.w0.iter().sum::<f64>();
    let mut beta = vec![0.0; p];
    if p > 0 {
        let m = swy / sw;
        beta[0] = (m / (1.0 - m)).ln();
    }
    let mut cur = pass(g, &beta, Kind::Newton);
    let mut iterations = 0;
    loop {
        if iterations >= MAX_ITERATIONS {
            return Err(if cur.max_eta > ETA_LIMIT {
                LogitError::Separation
            } else {
                LogitError::NotConverged(iterations)
            });
        }
        iterations += 1;
        let h = symmetric(p, &cur.xax);
        // With separation the weights μ(1−μ) of the separated rows vanish and X'WX
        // degenerates too: diverging η is the better diagnosis then.
        let singular = |col| {
            if cur.max_eta > ETA_LIMIT {
                LogitError::Separation
            } else {
                LogitError::Singular(col)
            }
        };
        if let Some(col) = collinear_column(&h) {
            return Err(singular(Some(col)));
        }
        let Some(ch) = h.cholesky() else {
            return Err(singular(None));
        };
        let delta = ch.solve(&DVector::from_column_slice(&cur.xb));
        // Step halving (a Newton step on the concave log-likelihood can overshoot far from
        // the optimum); up to 30 halvings.
        let mut step = 1.0;
        let mut next_beta;
        let mut next;
        let mut halvings = 0;
        loop {
            next_beta = beta
                .iter()
                .zip(delta.iter())
                .map(|(b, d)| b + step * d)
                .collect::<Vec<f64>>();
            next = pass(g, &next_beta, Kind::Newton);
            if next.sum >= cur.sum - 1e-12 * cur.sum.abs().max(1.0) || halvings >= 30 {
                break;
            }
            step *= 0.5;
            halvings += 1;
        }
        let done = next_beta
            .iter()
            .zip(&beta)
            .all(|(nb, b)| (nb - b).abs() <= TOLERANCE * nb.abs().max(1.0));
        beta = next_beta;
        cur = next;
        if !beta.iter().all(|b| b.is_finite()) {
            return Err(LogitError::Separation);
        }
        if done {
            break;
        }
    }
    if cur.max_eta > ETA_LIMIT {
        return Err(LogitError::Separation);
    }
    let h = symmetric(p, &cur.xax);
    let Some(h_inv) = h.cholesky().map(|c| c.inverse()) else {
        return Err(LogitError::Singular(None));
    };
    let meat = symmetric(p, &pass(g, &beta, Kind::Meat).xax);
    let cov = &h_inv * meat * &h_inv * (n as f64 / (n - p) as f64);
    let se: Vec<f64> = (0..p).map(|j| cov[(j, j)].max(0.0).sqrt()).collect();
    if !se.iter().all(|s| s.is_finite()) {
        return Err(LogitError::Singular(None));
    }
    Ok(LogitFit {
        beta,
        se,
        iterations,
        log_likelihood: cur.sum,
    })
}

/// The linear-by-linear association test (Agresti 2013, *Categorical Data Analysis*
/// §3.4.1; Agresti 2007 §2.6.3): M² = (N − 1)·r², r the Pearson correlation of the row and
/// column scores over the N observations of the table, df = 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinearTrend {
    pub m2: f64,
    pub r: f64,
    pub p: Option<f64>,
    pub n: u64,
}

/// M² on a table of counts with the given row and column scores. Err when N < 2 or either
/// score has no variance among the observations.
pub fn linear_by_linear(
    table: &[Vec<f64>],
    row_scores: &[f64],
    col_scores: &[f64],
) -> Result<LinearTrend, String> {
    let mut n = 0.0;
    let (mut su, mut sv) = (0.0, 0.0);
    for (i, row) in table.iter().enumerate() {
        for (j, &c) in row.iter().enumerate() {
            n += c;
            su += c * row_scores.get(i).copied().unwrap_or(0.0);
            sv += c * col_scores.get(j).copied().unwrap_or(0.0);
        }
    }
    if n < 2.0 {
        return Err("fewer than 2 observations".into());
    }
    let (mu, mv) = (su / n, sv / n);
    let (mut suu, mut svv, mut suv) = (0.0, 0.0, 0.0);
    for (i, row) in table.iter().enumerate() {
        let du = row_scores.get(i).copied().unwrap_or(0.0) - mu;
        for (j, &c) in row.iter().enumerate() {
            let dv = col_scores.get(j).copied().unwrap_or(0.0) - mv;
            suu += c * du * du;
            svv += c * dv * dv;
            suv += c * du * dv;
        }
    }
    if suu.is_nan() || suu <= 0.0 {
        return Err("only one cohort has answers".into());
    }
    if svv.is_nan() || svv <= 0.0 {
        return Err("every answer has the same score".into());
    }
    let r = (suv / (suu * svv).sqrt()).clamp(-1.0, 1.0);
    let m2 = (n - 1.0) * r * r;
    let p = chi2_sf(m2, 1.0);
    Ok(LinearTrend {
        m2,
        r,
        p,
        n: n as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixture of the statsmodels comparison, generated by the same integer formulas in
    /// Python (exact in both languages):
    ///
    /// ```python
    /// n = 300; i = np.arange(n)
    /// x = ((i*37) % 101)/10.0 - 5.0
    /// g = (i*7 + i//5) % 3
    /// u = ((i*2654435761) % 2**32)/2**32
    /// eta = 0.3 - 0.5*x + 0.8*(g == 1) - 0.4*(g == 2)
    /// y = (u < 1/(1 + np.exp(-eta)))*1.0
    /// w = 0.5 + ((i*7919) % 100)/50.0
    /// X = np.column_stack([np.ones(n), x, (g == 1)*1.0, (g == 2)*1.0])
    /// ```
    fn fixture() -> (Design, Vec<bool>, Vec<f64>) {
        let n = 300u64;
        let mut rows = Vec::new();
        let mut y = Vec::new();
        let mut w = Vec::new();
        for i in 0..n {
            let x = ((i * 37) % 101) as f64 / 10.0 - 5.0;
            let g = (i * 7 + i / 5) % 3;
            let u = ((i * 2_654_435_761) % (1u64 << 32)) as f64 / (1u64 << 32) as f64;
            let g1 = f64::from(u8::from(g == 1));
            let g2 = f64::from(u8::from(g == 2));
            let eta = 0.3 - 0.5 * x + 0.8 * g1 - 0.4 * g2;
            y.push(u < 1.0 / (1.0 + (-eta).exp()));
            w.push(0.5 + ((i * 7919) % 100) as f64 / 50.0);
            rows.push(vec![1.0, x, g1, g2]);
        }
        (Design::dense(&rows), y, w)
    }

    fn close(a: &[f64], b: &[f64], tol: f64) {
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() <= tol * y.abs().max(1e-3), "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn unweighted_fit_matches_statsmodels_hc1() {
        // statsmodels 0.15.0: r = sm.GLM(y, X, family=sm.families.Binomial()).fit(tol=1e-14);
        // sandwich_covariance.cov_white_simple(r, use_correction=True) (true HC1; the
        // `cov_type="HC1"` label gives the uncorrected 0.25155162772603745, … instead).
        let (x, y, _) = fixture();
        let ones = vec![1.0; y.len()];
        let f = fit(&x, &y, &ones).expect("fits");
        close(
            &f.beta,
            &[
                0.41355801414228155,
                -0.5667008090140128,
                0.647034736704879,
                -0.14973929819097614,
            ],
            1e-9,
        );
        close(
            &f.se,
            &[
                0.2532455972209122,
                0.06788010652954507,
                0.34953586376377943,
                0.37794436027517997,
            ],
            1e-9,
        );
        assert!(f.iterations >= 3 && f.iterations < 15, "{}", f.iterations);
    }

    #[test]
    fn weighted_fit_matches_statsmodels_var_weights_hc1() {
        // statsmodels 0.15.0: r = sm.GLM(y, X, family=sm.families.Binomial(),
        // var_weights=w).fit(tol=1e-14); cov_white_simple(r, use_correction=True).
        let (x, y, w) = fixture();
        let f = fit(&x, &y, &w).expect("fits");
        close(
            &f.beta,
            &[
                0.39136737453302767,
                -0.5432831215026761,
                0.5833173143111516,
                -0.18700142382633883,
            ],
            1e-9,
        );
        close(
            &f.se,
            &[
                0.2787687213861236,
                0.06923179217700978,
                0.36793214101044,
                0.42430719661680866,
            ],
            1e-9,
        );
    }

    #[test]
    fn sparse_rows_give_the_dense_answer() {
        let (dense, y, w) = fixture();
        let mut sparse = Design::new(4, 3);
        for i in 0..dense.rows() {
            let r: Vec<(u32, f64)> = dense.row(i).map(|(j, v)| (j as u32, v)).collect();
            sparse.push(&r);
        }
        let a = fit(&dense, &y, &w).expect("fits");
        let b = fit(&sparse, &y, &w).expect("fits");
        close(&a.beta, &b.beta, 1e-12);
        close(&a.se, &b.se, 1e-12);
    }

    #[test]
    fn complete_separation_is_an_error_not_a_number() {
        let rows: Vec<Vec<f64>> = (0..40).map(|i| vec![1.0, i as f64]).collect();
        let y: Vec<bool> = (0..40).map(|i| i >= 20).collect();
        let e = fit(&Design::dense(&rows), &y, &[1.0; 40]).expect_err("separated");
        assert!(matches!(e, LogitError::Separation), "{e:?}");
    }

    #[test]
    fn quasi_complete_separation_by_a_dummy_is_detected() {
        // Level 1 of the dummy has only events; the rest vary.
        let mut rows = Vec::new();
        let mut y = Vec::new();
        for i in 0..60 {
            let d = f64::from(u8::from(i % 3 == 0));
            rows.push(vec![1.0, (i % 7) as f64, d]);
            y.push(d == 1.0 || i % 2 == 0);
        }
        let e = fit(&Design::dense(&rows), &y, &[1.0; 60]).expect_err("separated");
        assert!(matches!(e, LogitError::Separation), "{e:?}");
    }

    #[test]
    fn collinear_columns_are_singular() {
        let rows: Vec<Vec<f64>> = (0..30)
            .map(|i| vec![1.0, (i % 5) as f64, 2.0 * (i % 5) as f64])
            .collect();
        let y: Vec<bool> = (0..30).map(|i| i % 3 == 0).collect();
        let e = fit(&Design::dense(&rows), &y, &[1.0; 30]).expect_err("singular");
        assert!(matches!(e, LogitError::Singular(Some(2))), "{e:?}");
    }

    #[test]
    fn too_small_or_constant_outcomes_are_refused() {
        let rows2: Vec<Vec<f64>> = (0..2).map(|i| vec![1.0, i as f64]).collect();
        assert!(matches!(
            fit(&Design::dense(&rows2), &[true, false], &[1.0; 2]),
            Err(LogitError::TooSmall(_))
        ));
        let rows3: Vec<Vec<f64>> = (0..10).map(|i| vec![1.0, i as f64]).collect();
        assert!(matches!(
            fit(&Design::dense(&rows3), &[true; 10], &[1.0; 10]),
            Err(LogitError::TooSmall(_))
        ));
    }

    #[test]
    fn linear_by_linear_matches_agrestis_alcohol_example() {
        // Agresti (2007), An Introduction to Categorical Data Analysis, Table 2.7 (maternal
        // alcohol consumption × infant malformation), scores 0, 0.5, 1.5, 4.0, 7.0: the book
        // gives r = 0.0142, M² = 6.57, P = 0.01. Full precision from numpy 1.26 / scipy:
        // r = np.corrcoef(xs, ys)[0, 1] = 0.014202067281578145, M² = 6.569932245990499,
        // stats.chi2.sf(M², 1) = 0.01037158991663126.
        let table = vec![
            vec![48.0, 17066.0],
            vec![38.0, 14464.0],
            vec![5.0, 788.0],
            vec![1.0, 126.0],
            vec![1.0, 37.0],
        ];
        let t = linear_by_linear(&table, &[0.0, 0.5, 1.5, 4.0, 7.0], &[1.0, 0.0]).expect("defined");
        assert_eq!(t.n, 32574);
        assert!((t.r - 0.014202067281578145).abs() < 1e-12);
        assert!((t.m2 - 6.569932245990499).abs() < 1e-9);
        assert!((t.p.expect("p") - 0.01037158991663126).abs() < 1e-9);
    }

    #[test]
    fn linear_by_linear_needs_variance_in_both_scores() {
        assert!(linear_by_linear(&[vec![3.0, 4.0]], &[1.0], &[0.0, 1.0]).is_err());
        assert!(
            linear_by_linear(&[vec![3.0, 0.0], vec![5.0, 0.0]], &[1.0, 2.0], &[0.0, 1.0]).is_err()
        );
        assert!(linear_by_linear(&[vec![1.0]], &[1.0], &[0.0]).is_err());
    }
}
