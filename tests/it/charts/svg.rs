//! Reading a chart's SVG as a reader would see it — the text of every `<text>`, the
//! colours used, the grey markers of suppressed cells — and the palette rule the colours
//! must follow.

use std::collections::BTreeSet;

use quick_xml::events::Event;
use quick_xml::Reader;

/// The text content of every `<text>` element, entities resolved.
pub fn svg_texts(svg: &str) -> Vec<String> {
    let mut reader = Reader::from_str(svg);
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.name().as_ref() == b"text" => current = Some(String::new()),
            Ok(Event::End(e)) if e.name().as_ref() == b"text" => {
                // plotters puts the content on its own line; SVG collapses that whitespace.
                out.extend(current.take().map(|t| t.trim().to_string()))
            }
            Ok(Event::Text(t)) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t.decode().expect("utf-8 text"));
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(c) = current.as_mut() {
                    let name = r.decode().expect("utf-8 entity");
                    c.push(match name.as_ref() {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("unexpected entity {other}"),
                    });
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("SVG is not well-formed XML: {e}"),
        }
    }
    out
}

/// Every `fill` and `stroke` colour used in the SVG (attribute values starting with '#').
pub fn svg_colours(svg: &str) -> BTreeSet<String> {
    let mut reader = Reader::from_str(svg);
    let mut out = BTreeSet::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                for a in e.attributes() {
                    let a = a.expect("attribute");
                    if matches!(a.key.as_ref(), b"fill" | b"stroke") {
                        let v = String::from_utf8(a.value.to_vec()).expect("utf-8");
                        if v != "none" {
                            out.insert(v.to_uppercase());
                        }
                    }
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("SVG is not well-formed XML: {e}"),
        }
    }
    out
}

/// Number of `<rect>` elements filled with the suppressed-marker grey.
pub fn suppressed_markers(svg: &str) -> usize {
    svg.split("<rect")
        .skip(1)
        .filter(|r| {
            r.split('>')
                .next()
                .is_some_and(|a| a.contains("fill=\"#DCDCDC\""))
        })
        .count()
}

pub fn hex(c: &str) -> (u8, u8, u8) {
    let v = u32::from_str_radix(c.trim_start_matches('#'), 16).expect("hex colour");
    ((v >> 16) as u8, (v >> 8) as u8, v as u8)
}

/// Okabe–Ito (Okabe & Ito 2008), any grey, or a tint of Okabe–Ito blue towards white.
pub fn colour_allowed(c: &str) -> bool {
    const OKABE_ITO: [&str; 8] = [
        "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000",
    ];
    if OKABE_ITO.contains(&c) {
        return true;
    }
    let (r, g, b) = hex(c);
    if r == g && g == b {
        return true;
    }
    // Tint of #0072B2: r = 255·(1−t), g = 255 − 141·t, b = 255 − 77·t.
    let t = (255.0 - f64::from(r)) / 255.0;
    let close = |got: u8, want: f64| (f64::from(got) - want).abs() <= 1.0;
    if close(g, 255.0 - 141.0 * t) && close(b, 255.0 - 77.0 * t) {
        return true;
    }
    // Tint of #D55E00 (the negative side of the diverging threshold-sensitivity scale):
    // r = 255 − 42·t, g = 255 − 161·t, b = 255·(1−t).
    let t = (255.0 - f64::from(b)) / 255.0;
    close(r, 255.0 - 42.0 * t) && close(g, 255.0 - 161.0 * t)
}
