//! What every chart of `compare` shares: the canvas with its title and legend, the caption
//! at the bottom, legend keys, axis ticks, and rendering a laid-out scene to SVG and PNG.
//! Drawn with the report's scene, palette, sizes, title, caption and whiskers
//! (`report::charts::scene`, `layout`, `furniture`), so both commands' charts look alike.

use crate::report::charts::furniture;
use crate::report::charts::layout::{
    line_step, wrap, BLACK, INK, LABEL_SIZE, MARGIN, SMALL_SIZE, WHITE, WIDTH,
};
use crate::report::charts::scene::{text_width, Colour, HAlign, Scene, VAlign};
use crate::report::charts::{ChartError, PNG_SCALE};

/// One rendered chart of the comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// File name without extension, e.g. `forest-rho`.
    pub stem: String,
    pub title: String,
    pub caption: String,
    pub svg: String,
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// A chart laid out, not yet drawn.
pub struct Laid {
    pub stem: String,
    pub title: String,
    pub caption: String,
    pub scene: Scene,
}

impl Laid {
    pub fn render(self) -> Result<Chart, ChartError> {
        crate::report::charts::scene::ensure_fonts()?;
        let svg = self.scene.to_svg()?;
        let (png, _, _) = self.scene.to_png(PNG_SCALE)?;
        Ok(Chart {
            stem: self.stem,
            title: self.title,
            caption: self.caption,
            svg,
            png,
            width: self.scene.width,
            height: self.scene.height,
        })
    }
}

/// What a legend entry looks like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Key {
    Fill(Colour),
    /// A square (a study's estimate).
    Square(Colour),
    /// A hollow square (an expected value).
    HollowSquare,
    /// A filled diamond (a pooled estimate).
    Diamond(Colour),
    /// A thick line (an interval drawn as a bar).
    Bar(Colour),
    Whisker,
}

const KEY_W: f64 = 22.0;

fn draw_key(scene: &mut Scene, key: Key, x: f64, mid: f64) {
    match key {
        Key::Fill(c) => scene.rect(x, mid - 6.0, x + KEY_W, mid + 6.0, c),
        Key::Square(c) => scene.rect(x + 6.0, mid - 5.0, x + 16.0, mid + 5.0, c),
        Key::HollowSquare => hollow_square(scene, x + KEY_W / 2.0, mid),
        Key::Diamond(c) => diamond(scene, x + 2.0, x + KEY_W - 2.0, mid, 6.0, c),
        Key::Bar(c) => scene.rect(x, mid - 2.0, x + KEY_W, mid + 2.0, c),
        Key::Whisker => whisker(scene, x + 2.0, x + KEY_W - 2.0, mid, BLACK),
    }
}

/// A diamond from `x0` to `x1` through its centre `cx`'s row at `y`, `h` high each way.
pub fn diamond(scene: &mut Scene, x0: f64, x1: f64, y: f64, h: f64, c: Colour) {
    let cx = (x0 + x1) / 2.0;
    diamond_at(scene, x0, cx, x1, y, h, c);
}

/// A diamond with its widest point at `mid` (the estimate), ends at `x0` and `x1`.
pub fn diamond_at(scene: &mut Scene, x0: f64, mid: f64, x1: f64, y: f64, h: f64, c: Colour) {
    scene.polygon(vec![(x0, y), (mid, y - h), (x1, y), (mid, y + h)], c);
}

/// A hollow square centred on (`x`, `y`): black outline, white inside.
pub fn hollow_square(scene: &mut Scene, x: f64, y: f64) {
    scene.rect(x - 5.0, y - 5.0, x + 5.0, y + 5.0, BLACK);
    scene.rect(x - 3.0, y - 3.0, x + 3.0, y + 3.0, WHITE);
}

/// A horizontal whisker with end caps (the report's).
pub(crate) use crate::report::charts::furniture::whisker_h as whisker;

fn legend(scene: &mut Scene, y: f64, keys: &[(Key, String)]) -> f64 {
    let size = LABEL_SIZE - 1.0;
    let row_h = line_step(size) + 4.0;
    let right = f64::from(scene.width) - MARGIN;
    let (mut cx, mut cy) = (MARGIN, y);
    for (key, label) in keys {
        let w = KEY_W + 6.0 + text_width(label, size, false);
        if cx > MARGIN && cx + w > right {
            cx = MARGIN;
            cy += row_h;
        }
        let mid = cy + row_h / 2.0;
        draw_key(scene, *key, cx, mid);
        scene.label(
            cx + KEY_W + 6.0,
            mid,
            label.clone(),
            size,
            HAlign::Left,
            VAlign::Center,
            INK,
        );
        cx += w + 18.0;
    }
    if keys.is_empty() {
        cy
    } else {
        cy + row_h + 6.0
    }
}

fn header(scene: &mut Scene, title_text: &str, keys: &[(Key, String)]) -> f64 {
    let y = furniture::title(scene, title_text);
    legend(scene, y, keys)
}

/// Opens a canvas of the chart width tall enough for the title, legend, `body` pixels and
/// the caption; draws title and legend; returns the canvas and the y where the body starts.
pub fn open(title_text: &str, keys: &[(Key, String)], body: f64, caption: &str) -> (Scene, f64) {
    let head = header(&mut Scene::new(WIDTH, 100), title_text, keys);
    let lines = wrap(caption, SMALL_SIZE, f64::from(WIDTH) - 2.0 * MARGIN).len() as f64;
    let cap = lines * line_step(SMALL_SIZE) + MARGIN;
    let height = (head + body + cap + 8.0).ceil() as u32;
    let mut scene = Scene::new(WIDTH, height);
    scene.rect(0.0, 0.0, f64::from(WIDTH), f64::from(height), WHITE);
    let y = header(&mut scene, title_text, keys);
    (scene, y)
}

/// Draws the caption at the bottom and hands the chart over.
pub fn finish(mut scene: Scene, stem: String, title_text: String, caption: String) -> Laid {
    furniture::caption(&mut scene, &caption);
    Laid {
        stem,
        title: title_text,
        caption,
        scene,
    }
}
