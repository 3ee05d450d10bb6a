//! The report as a browser shows it: report.html rendered by headless Chromium must be a
//! real page (many colours, a good part of it not white). Needs Chromium, so it is ignored
//! by plain `cargo test` and run by `.ci/run`.

use std::path::Path;

use super::{opts, tmp, write_fixture};

/// Renders report.html in headless Chromium and checks the screenshot is a real page.
#[test]
#[ignore = "needs chromium: run by .ci/run"]
fn report_html_renders_in_headless_chromium() {
    let chromium = crate::util::tools::chromium();
    let t = tmp();
    let o = opts(t.path());
    write_fixture(&o);
    let html = o.out_dir.join("report.html");
    let shot = t.path().join("shot.png");
    let profile = t.path().join("profile");
    let run = std::process::Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1200,3000")
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap_or_else(|e| panic!("running {}: {e}", chromium.display()));
    assert!(
        run.status.success(),
        "chromium exited with {}:\n{}",
        run.status,
        String::from_utf8_lossy(&run.stderr)
    );
    let file = std::fs::File::open(&shot).unwrap_or_else(|e| panic!("{}: {e}", shot.display()));
    let decoder = png::Decoder::new(std::io::BufReader::new(file));
    let mut reader = decoder.read_info().unwrap_or_else(|e| panic!("png: {e}"));
    let mut buf = vec![0; reader.output_buffer_size().unwrap_or(0)];
    let info = reader
        .next_frame(&mut buf)
        .unwrap_or_else(|e| panic!("png: {e}"));
    assert_eq!((info.width, info.height), (1200, 3000));
    let bpp = info.color_type.samples()
        * if info.bit_depth == png::BitDepth::Sixteen {
            2
        } else {
            1
        };
    let pixels = &buf[..info.buffer_size()];
    let mut colours = std::collections::BTreeSet::new();
    let mut non_white = 0usize;
    for px in pixels.chunks(bpp) {
        if px.iter().take(3).any(|&c| c < 250) {
            non_white += 1;
        }
        if colours.len() < 1000 {
            colours.insert(px.to_vec());
        }
    }
    assert!(
        colours.len() > 20,
        "screenshot has only {} colours",
        colours.len()
    );
    // Text, tables and charts cover a real part of the page.
    let total = pixels.len() / bpp;
    assert!(
        non_white * 50 > total,
        "page is almost blank: {non_white} of {total} pixels"
    );
    if let Ok(dir) = std::env::var("PARADOX_KEEP_SCREENSHOT") {
        let _ = std::fs::copy(&shot, Path::new(&dir).join("report_shot.png"));
        let _ = std::fs::copy(&html, Path::new(&dir).join("report_shot.html"));
    }
}
