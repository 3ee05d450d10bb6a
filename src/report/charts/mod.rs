//! The report's seven charts, drawn with plotters to SVG and PNG from a `Summary` alone: the
//! gap by cohort, each block's ρ against the equivalence band, stated vs. actual per data
//! type, tactic acceptance, the concern score distribution, the concern × disclosure heat
//! map, and the threshold sensitivity grid.
//! Each chart module (one file per chart) lays its chart out as a `Scene` (see `scene`),
//! which is replayed onto the SVG backend at 1× and onto an RGB bitmap at `PNG_SCALE`×
//! that is encoded to PNG in memory. Output is a pure function of the `Summary` and the
//! codebook's answer labels (`SurveyWords`): same inputs, byte-identical files.
//!
//! Values missing from the summary are marked, never skipped silently: with disclosure
//! control on (`min_cell` ≥ 2) a missing value is drawn as a grey hatched "suppressed"
//! marker, otherwise as a dashed "not defined" outline; the legend explains whichever
//! occurs. No chart draws one mark per respondent: a chart of individual answers could
//! single a respondent out.
//!
//! Layers, each using only those below it: the chart modules; `furniture` (title, legend,
//! caption, axes, missing-value marks); `layout` (palette, sizes, measures); `scene` (the
//! drawing primitives and their backends).

mod distribution;
mod equivalence;
pub(crate) mod furniture;
mod gap;
mod heatmap;
pub mod layout;
pub mod scene;
mod sensitivity;
mod stated;
mod tactics;

use crate::analysis::summary::Summary;
use crate::privacy::Published;
use crate::report::words::SurveyWords;

use furniture::Laid;

pub use scene::{ChartError, TextBox};

/// The PNG is rendered at this multiple of the SVG's size, for print resolution.
pub const PNG_SCALE: u32 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChartKind {
    GapByCohort,
    /// Each gap block's ρ with its 90% interval against ±`sesoi_rho`, by verdict.
    RhoEquivalence,
    StatedVsActual,
    TacticAcceptance,
    ConcernDistribution,
    ConcernDisclosureHeatmap,
    /// The paradoxical share and the risk difference over the grid of thresholds.
    ThresholdSensitivity,
}

impl ChartKind {
    pub const ALL: [ChartKind; 7] = [
        ChartKind::GapByCohort,
        ChartKind::RhoEquivalence,
        ChartKind::StatedVsActual,
        ChartKind::TacticAcceptance,
        ChartKind::ConcernDistribution,
        ChartKind::ConcernDisclosureHeatmap,
        ChartKind::ThresholdSensitivity,
    ];

    /// File name without extension, e.g. `charts/gap_by_cohort.svg`.
    pub fn file_stem(self) -> &'static str {
        match self {
            ChartKind::GapByCohort => "gap_by_cohort",
            ChartKind::RhoEquivalence => "rho_equivalence",
            ChartKind::StatedVsActual => "stated_vs_actual",
            ChartKind::TacticAcceptance => "tactic_acceptance",
            ChartKind::ConcernDistribution => "concern_distribution",
            ChartKind::ConcernDisclosureHeatmap => "concern_disclosure_heatmap",
            ChartKind::ThresholdSensitivity => "threshold_sensitivity",
        }
    }
}

/// One rendered chart.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderedChart {
    pub kind: ChartKind,
    pub title: String,
    /// Plain text, including the n the chart is based on.
    pub caption: String,
    pub svg: String,
    /// Encoded PNG bytes, `PNG_SCALE` × (`width` × `height`).
    pub png: Vec<u8>,
    /// Size of the SVG in CSS pixels (the PNG has `PNG_SCALE` times as many per side).
    pub width: u32,
    pub height: u32,
}

fn lay_out(summary: &Summary, words: &SurveyWords, kind: ChartKind) -> Option<Laid> {
    match kind {
        ChartKind::GapByCohort => gap::lay_out(summary),
        ChartKind::RhoEquivalence => equivalence::lay_out(summary),
        ChartKind::StatedVsActual => stated::lay_out(summary),
        ChartKind::TacticAcceptance => tactics::lay_out(summary, words),
        ChartKind::ConcernDistribution => distribution::lay_out(summary, words),
        ChartKind::ConcernDisclosureHeatmap => heatmap::lay_out(summary, words),
        ChartKind::ThresholdSensitivity => sensitivity::lay_out(summary),
    }
}

/// Renders one chart; Ok(None) when the summary has nothing to draw for it (e.g. no
/// behaviour data ⇒ no gap chart) — the caller notes that. Levels are named generically;
/// [`render_chart_with`] names them in the survey's own words.
pub fn render_chart(
    published: &Published,
    kind: ChartKind,
) -> Result<Option<RenderedChart>, ChartError> {
    render_chart_with(published, &SurveyWords::default(), kind)
}

/// Renders one chart, naming answer levels with the codebook's words where it has them.
pub fn render_chart_with(
    published: &Published,
    words: &SurveyWords,
    kind: ChartKind,
) -> Result<Option<RenderedChart>, ChartError> {
    let summary = published.summary();
    scene::ensure_fonts()?;
    let Some(laid) = lay_out(summary, words, kind) else {
        return Ok(None);
    };
    let svg = laid.scene.to_svg()?;
    let (png, _, _) = laid.scene.to_png(PNG_SCALE)?;
    Ok(Some(RenderedChart {
        kind,
        title: laid.title,
        caption: laid.caption,
        svg,
        png,
        width: laid.scene.width,
        height: laid.scene.height,
    }))
}

/// Renders every chart the summary has data for, in `ChartKind::ALL` order.
pub fn render_all(published: &Published) -> Result<Vec<RenderedChart>, ChartError> {
    render_all_with(published, &SurveyWords::default())
}

/// [`render_all`], naming answer levels with the codebook's words where it has them.
pub fn render_all_with(
    published: &Published,
    words: &SurveyWords,
) -> Result<Vec<RenderedChart>, ChartError> {
    let mut out = Vec::new();
    for kind in ChartKind::ALL {
        if let Some(c) = render_chart_with(published, words, kind)? {
            out.push(c);
        }
    }
    Ok(out)
}

/// The chart's scene (what it draws, before any backend), or None when it is not drawn —
/// for tests that check what is drawn where.
pub fn scene_of(summary: &Summary, kind: ChartKind) -> Result<Option<scene::Scene>, ChartError> {
    scene::ensure_fonts()?;
    Ok(lay_out(summary, &SurveyWords::default(), kind).map(|l| l.scene))
}

/// The boxes (in SVG pixels) of every text the chart places — for layout checks such as
/// "no two labels overlap" and "nothing is clipped". Empty when the chart is not drawn.
pub fn text_boxes(summary: &Summary, kind: ChartKind) -> Result<Vec<TextBox>, ChartError> {
    scene::ensure_fonts()?;
    Ok(lay_out(summary, &SurveyWords::default(), kind)
        .map(|l| l.scene.text_boxes())
        .unwrap_or_default())
}
