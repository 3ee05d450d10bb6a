//! The drawing layer under the charts: a `Scene` is a flat list of primitives (rectangles,
//! lines, polygons, circles, text) in logical pixels, laid out by the chart modules and then
//! replayed onto a plotters backend — once onto the SVG backend at 1× and once onto an RGB
//! bitmap at 2×, which is encoded to PNG in memory. Laying out ourselves (instead of through
//! plotters' `ChartBuilder`) keeps every text box known, so overlap can be tested, and keeps
//! the SVG and the PNG exactly the same picture.
//!
//! Text is measured with the bundled DejaVu Sans through plotters' ab_glyph support, so no
//! system font is ever looked up and the layout is the same on every machine.

use std::sync::OnceLock;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontFamily, FontStyle, FontTransform, RGBColor};

/// Why a chart could not be drawn.
#[derive(thiserror::Error, Debug)]
pub enum ChartError {
    #[error("the bundled DejaVu Sans font could not be loaded")]
    Font,
    #[error("drawing a chart failed: {0}")]
    Draw(String),
    #[error("encoding a chart as PNG failed: {0}")]
    Png(String),
}

/// The family name the fonts are registered under; the SVG backend writes it verbatim as
/// `font-family`, so viewers without DejaVu Sans fall back to their sans-serif.
pub const FONT_FAMILY: &str = "DejaVu Sans, sans-serif";

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Registers the bundled fonts once per process.
pub fn ensure_fonts() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = REGISTERED.get_or_init(|| {
        plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, REGULAR).is_ok()
            && plotters::style::register_font(FONT_FAMILY, FontStyle::Bold, BOLD).is_ok()
    });
    if *ok {
        Ok(())
    } else {
        Err(ChartError::Font)
    }
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour(pub u8, pub u8, pub u8);

impl Colour {
    /// From `0xRRGGBB`.
    pub const fn hex(v: u32) -> Colour {
        Colour((v >> 16) as u8, (v >> 8) as u8, v as u8)
    }
    fn rgb(self) -> RGBColor {
        RGBColor(self.0, self.1, self.2)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HAlign {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VAlign {
    Top,
    Center,
    Bottom,
}

/// One piece of text with its anchor; `rotated` turns it 90° counter-clockwise (y-axis
/// titles), the anchor then refers to the rotated box.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub x: f64,
    pub y: f64,
    pub text: String,
    pub size: f64,
    pub bold: bool,
    pub h: HAlign,
    pub v: VAlign,
    pub rotated: bool,
    pub colour: Colour,
}

/// The box a text occupies in logical pixels (SVG coordinates).
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    pub text: String,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl TextBox {
    /// True when the two boxes share interior area (touching edges do not count).
    pub fn intersects(&self, other: &TextBox) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }
}

/// A straight line from one point to another, in its colour.
pub type Segment = ((f64, f64), (f64, f64), Colour);

#[derive(Debug, Clone, PartialEq)]
enum Prim {
    Rect {
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        fill: Option<Colour>,
        stroke: Option<(Colour, f64)>,
    },
    Path {
        points: Vec<(f64, f64)>,
        colour: Colour,
        width: f64,
    },
    Polygon {
        points: Vec<(f64, f64)>,
        fill: Colour,
    },
    Circle {
        x: f64,
        y: f64,
        r: f64,
        fill: Colour,
        stroke: Option<(Colour, f64)>,
    },
    Text(Text),
}

/// A chart laid out in logical pixels, ready to be drawn on any backend.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    pub width: u32,
    pub height: u32,
    prims: Vec<Prim>,
}

/// Text measurement at a fine scale: ab_glyph's layout estimate truncates to whole pixels,
/// so measuring at 16× and dividing keeps sub-pixel precision.
const MEASURE_SCALE: f64 = 16.0;

/// Width of `text` in logical pixels at plotters font size `size`.
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    let font = FontDesc::new(FontFamily::Name(FONT_FAMILY), size * MEASURE_SCALE, style);
    match font.box_size(text) {
        Ok((w, _)) => f64::from(w) / MEASURE_SCALE,
        // Fallback if the font is unavailable: the usual 0.6 em per character estimate.
        Err(_) => text.chars().count() as f64 * size * 0.6,
    }
}

/// Height reserved for a line of text at plotters size `size` (the ab_glyph pixel scale,
/// which covers ascender to descender).
pub fn text_height(size: f64) -> f64 {
    size
}

impl Text {
    /// Box in logical pixels, from the measured advance width and the font's pixel height.
    pub fn bounds(&self) -> TextBox {
        let w = text_width(&self.text, self.size, self.bold);
        let h = text_height(self.size);
        // Along the reading direction and across it.
        let (along, across) = (w, h);
        let (bw, bh) = if self.rotated {
            (across, along)
        } else {
            (along, across)
        };
        // For rotated text (90° counter-clockwise) the horizontal anchor of the text runs
        // along the screen's y axis (start at the bottom) and the vertical anchor along x.
        let (x0, y0) = if self.rotated {
            let y0 = match self.h {
                HAlign::Left => self.y - bh,
                HAlign::Center => self.y - bh / 2.0,
                HAlign::Right => self.y,
            };
            let x0 = match self.v {
                VAlign::Top => self.x,
                VAlign::Center => self.x - bw / 2.0,
                VAlign::Bottom => self.x - bw,
            };
            (x0, y0)
        } else {
            let x0 = match self.h {
                HAlign::Left => self.x,
                HAlign::Center => self.x - bw / 2.0,
                HAlign::Right => self.x - bw,
            };
            let y0 = match self.v {
                VAlign::Top => self.y,
                VAlign::Center => self.y - bh / 2.0,
                VAlign::Bottom => self.y - bh,
            };
            (x0, y0)
        };
        TextBox {
            text: self.text.clone(),
            x0,
            y0,
            x1: x0 + bw,
            y1: y0 + bh,
        }
    }
}

impl Scene {
    pub fn new(width: u32, height: u32) -> Scene {
        Scene {
            width,
            height,
            prims: Vec::new(),
        }
    }

    pub fn rect(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, fill: Colour) {
        self.prims.push(Prim::Rect {
            x0: x0.min(x1),
            y0: y0.min(y1),
            x1: x0.max(x1),
            y1: y0.max(y1),
            fill: Some(fill),
            stroke: None,
        });
    }

    pub fn outline(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, colour: Colour, width: f64) {
        self.prims.push(Prim::Rect {
            x0: x0.min(x1),
            y0: y0.min(y1),
            x1: x0.max(x1),
            y1: y0.max(y1),
            fill: None,
            stroke: Some((colour, width)),
        });
    }

    pub fn line(&mut self, a: (f64, f64), b: (f64, f64), colour: Colour, width: f64) {
        self.prims.push(Prim::Path {
            points: vec![a, b],
            colour,
            width,
        });
    }

    pub fn path(&mut self, points: Vec<(f64, f64)>, colour: Colour, width: f64) {
        if points.len() >= 2 {
            self.prims.push(Prim::Path {
                points,
                colour,
                width,
            });
        }
    }

    /// A dashed straight line: dashes are cut here so both backends draw the same pattern.
    pub fn dashed(&mut self, a: (f64, f64), b: (f64, f64), colour: Colour, width: f64) {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len = (dx * dx + dy * dy).sqrt();
        if len <= 0.0 {
            return;
        }
        let (dash, gap) = (6.0, 4.0);
        let mut t = 0.0;
        while t < len {
            let e = (t + dash).min(len);
            self.line(
                (a.0 + dx * t / len, a.1 + dy * t / len),
                (a.0 + dx * e / len, a.1 + dy * e / len),
                colour,
                width,
            );
            t += dash + gap;
        }
    }

    pub fn polygon(&mut self, points: Vec<(f64, f64)>, fill: Colour) {
        self.prims.push(Prim::Polygon { points, fill });
    }

    pub fn circle(&mut self, x: f64, y: f64, r: f64, fill: Colour, stroke: Option<(Colour, f64)>) {
        self.prims.push(Prim::Circle {
            x,
            y,
            r,
            fill,
            stroke,
        });
    }

    /// A rectangle filled with `fill` and crossed by 45° hatch lines, the marker for a
    /// suppressed value. Hatch segments are clipped to the rectangle here.
    pub fn hatched(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, fill: Colour, hatch: Colour) {
        let (x0, x1) = (x0.min(x1), x0.max(x1));
        let (y0, y1) = (y0.min(y1), y0.max(y1));
        self.rect(x0, y0, x1, y1, fill);
        let step = 5.0;
        // Lines x - y = c for c from (x0 - y1) to (x1 - y0), i.e. "/" hatching.
        let mut c = x0 - y1 + step;
        while c < x1 - y0 {
            // Intersect x = y + c with the rectangle.
            let ya = y0.max(x0 - c);
            let yb = y1.min(x1 - c);
            if yb > ya {
                self.line((yb + c, yb), (ya + c, ya), hatch, 1.0);
            }
            c += step;
        }
        self.outline(x0, y0, x1, y1, hatch, 1.0);
    }

    pub fn text(&mut self, t: Text) {
        self.prims.push(Prim::Text(t));
    }

    /// Convenience for unrotated text.
    #[allow(clippy::too_many_arguments)]
    pub fn label(
        &mut self,
        x: f64,
        y: f64,
        text: impl Into<String>,
        size: f64,
        h: HAlign,
        v: VAlign,
        colour: Colour,
    ) {
        self.text(Text {
            x,
            y,
            text: text.into(),
            size,
            bold: false,
            h,
            v,
            rotated: false,
            colour,
        });
    }

    /// Boxes of every text placed, in drawing order.
    /// Every straight line segment as ((x0, y0), (x1, y1), colour): for tests that check
    /// where a chart draws a line (a dashed line is many segments).
    pub fn segments(&self) -> Vec<Segment> {
        self.prims
            .iter()
            .filter_map(|p| match p {
                Prim::Path { points, colour, .. } if points.len() == 2 => {
                    Some((points[0], points[1], *colour))
                }
                _ => None,
            })
            .collect()
    }

    pub fn text_boxes(&self) -> Vec<TextBox> {
        self.prims
            .iter()
            .filter_map(|p| match p {
                Prim::Text(t) => Some(t.bounds()),
                _ => None,
            })
            .collect()
    }

    /// Draws the scene on `root` with every coordinate multiplied by `scale`.
    pub fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, plotters::coord::Shift>,
        scale: f64,
    ) -> Result<(), ChartError> {
        let px = |v: f64| (v * scale).round() as i32;
        let pt = |(x, y): (f64, f64)| (px(x), px(y));
        let w = |v: f64| ((v * scale).round() as u32).max(1);
        let err = |e: DrawingAreaErrorKind<DB::ErrorType>| ChartError::Draw(e.to_string());
        root.fill(&WHITE).map_err(err)?;
        for p in &self.prims {
            match p {
                Prim::Rect {
                    x0,
                    y0,
                    x1,
                    y1,
                    fill,
                    stroke,
                } => {
                    if let Some(f) = fill {
                        root.draw(&Rectangle::new(
                            [pt((*x0, *y0)), pt((*x1, *y1))],
                            f.rgb().filled(),
                        ))
                        .map_err(err)?;
                    }
                    if let Some((c, sw)) = stroke {
                        root.draw(&Rectangle::new(
                            [pt((*x0, *y0)), pt((*x1, *y1))],
                            c.rgb().stroke_width(w(*sw)),
                        ))
                        .map_err(err)?;
                    }
                }
                Prim::Path {
                    points,
                    colour,
                    width,
                } => {
                    let pts: Vec<(i32, i32)> = points.iter().map(|&p| pt(p)).collect();
                    root.draw(&PathElement::new(pts, colour.rgb().stroke_width(w(*width))))
                        .map_err(err)?;
                }
                Prim::Polygon { points, fill } => {
                    let pts: Vec<(i32, i32)> = points.iter().map(|&p| pt(p)).collect();
                    root.draw(&Polygon::new(pts, fill.rgb().filled()))
                        .map_err(err)?;
                }
                Prim::Circle {
                    x,
                    y,
                    r,
                    fill,
                    stroke,
                } => {
                    root.draw(&Circle::new(pt((*x, *y)), w(*r), fill.rgb().filled()))
                        .map_err(err)?;
                    if let Some((c, sw)) = stroke {
                        root.draw(&Circle::new(
                            pt((*x, *y)),
                            w(*r),
                            c.rgb().stroke_width(w(*sw)),
                        ))
                        .map_err(err)?;
                    }
                }
                Prim::Text(t) => {
                    let style = if t.bold {
                        FontStyle::Bold
                    } else {
                        FontStyle::Normal
                    };
                    let h = match t.h {
                        HAlign::Left => HPos::Left,
                        HAlign::Center => HPos::Center,
                        HAlign::Right => HPos::Right,
                    };
                    let v = match t.v {
                        VAlign::Top => VPos::Top,
                        VAlign::Center => VPos::Center,
                        VAlign::Bottom => VPos::Bottom,
                    };
                    let mut font =
                        FontDesc::new(FontFamily::Name(FONT_FAMILY), t.size * scale, style);
                    if t.rotated {
                        font = font.transform(FontTransform::Rotate270);
                    }
                    let colour = t.colour.rgb();
                    let ts = TextStyle::from(font).color(&colour).pos(Pos::new(h, v));
                    root.draw_text(&t.text, &ts, pt((t.x, t.y))).map_err(err)?;
                }
            }
        }
        root.present().map_err(err)?;
        Ok(())
    }

    /// The scene as an SVG document at 1×.
    pub fn to_svg(&self) -> Result<String, ChartError> {
        let mut out = String::new();
        {
            let root =
                SVGBackend::with_string(&mut out, (self.width, self.height)).into_drawing_area();
            self.draw(&root, 1.0)?;
        }
        Ok(out)
    }

    /// The scene as PNG bytes at `scale`× (RGB, 8 bit, default compression, no time or text
    /// chunks: deterministic).
    pub fn to_png(&self, scale: u32) -> Result<(Vec<u8>, u32, u32), ChartError> {
        let (w, h) = (self.width * scale, self.height * scale);
        let mut buf = vec![255u8; (w as usize) * (h as usize) * 3];
        {
            let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
            self.draw(&root, f64::from(scale))?;
        }
        let mut png_bytes = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut png_bytes, w, h);
            enc.set_color(png::ColorType::Rgb);
            enc.set_depth(png::BitDepth::Eight);
            // pHYs: the SVG's CSS pixels are 96 per inch, so the scaled PNG prints at the
            // same physical size (192 dpi at 2×).
            let ppm = (96.0 * f64::from(scale) / 0.0254).round() as u32;
            enc.set_pixel_dims(Some(png::PixelDimensions {
                xppu: ppm,
                yppu: ppm,
                unit: png::Unit::Meter,
            }));
            let mut writer = enc
                .write_header()
                .map_err(|e| ChartError::Png(e.to_string()))?;
            writer
                .write_image_data(&buf)
                .map_err(|e| ChartError::Png(e.to_string()))?;
            writer
                .finish()
                .map_err(|e| ChartError::Png(e.to_string()))?;
        }
        Ok((png_bytes, w, h))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_measured_with_the_bundled_font() {
        ensure_fonts().unwrap();
        // Reference: DejaVuSans.ttf hmtx advances of "Share of respondents (%)" sum to 26174
        // font units (read with a small Python parser of the cmap/hmtx tables); ab_glyph
        // scales by size / (ascender − descender) = 15 / (1901 + 483) → 164.685 px. ab_glyph
        // also applies the font's kern table, which the reference leaves out: allow 1%.
        let w = text_width("Share of respondents (%)", 15.0, false);
        assert!((w - 164.685).abs() < 1.65, "{w}");
        // The old 0.6 em-per-character guess would be far off for this string.
        assert!((w - 24.0 * 15.0 * 0.6).abs() > 40.0);
    }

    #[test]
    fn boxes_intersect_only_when_they_share_area() {
        let b = |x0, y0, x1, y1| TextBox {
            text: String::new(),
            x0,
            y0,
            x1,
            y1,
        };
        assert!(b(0.0, 0.0, 10.0, 10.0).intersects(&b(5.0, 5.0, 15.0, 15.0)));
        assert!(!b(0.0, 0.0, 10.0, 10.0).intersects(&b(10.0, 0.0, 20.0, 10.0)));
        assert!(!b(0.0, 0.0, 10.0, 10.0).intersects(&b(0.0, 11.0, 10.0, 20.0)));
    }

    #[test]
    fn rotated_text_boxes_stand_upright() {
        ensure_fonts().unwrap();
        let t = Text {
            x: 20.0,
            y: 200.0,
            text: "Share of respondents (%)".into(),
            size: 15.0,
            bold: false,
            h: HAlign::Center,
            v: VAlign::Center,
            rotated: true,
            colour: Colour(0, 0, 0),
        };
        let b = t.bounds();
        assert!((b.x1 - b.x0 - 15.0).abs() < 1e-9);
        assert!((b.y1 - b.y0 - text_width(&t.text, 15.0, false)).abs() < 1e-9);
        assert!(((b.y0 + b.y1) / 2.0 - 200.0).abs() < 1e-9);
    }

    #[test]
    fn hatching_stays_inside_its_box() {
        let mut s = Scene::new(100, 100);
        s.hatched(
            10.0,
            20.0,
            40.0,
            30.0,
            Colour(200, 200, 200),
            Colour(100, 100, 100),
        );
        for p in &s.prims {
            if let Prim::Path { points, .. } = p {
                for (x, y) in points {
                    assert!(
                        (10.0..=40.0).contains(x) && (20.0..=30.0).contains(y),
                        "{x},{y}"
                    );
                }
            }
        }
    }
}
