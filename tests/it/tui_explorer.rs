//! The dashboard as an explorer, driven through its event loop (`tui::run`) on ratatui's
//! TestBackend with scripted keys: the column cursor and sort (`l` `]` sorts the
//! paradoxical first, off the UI thread), search in any column with `n` and the match
//! highlighted, expression filters after `f` checked against the library's own selection,
//! and the frequency view `F` of a labelled item.

use std::collections::VecDeque;
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use paradox::tui::{self, ui, App};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;

use crate::tui_fixture;

const WAIT: Duration = Duration::from_secs(30);

fn app() -> App {
    let mut app = App::new(tui_fixture::study()).unwrap_or_else(|e| panic!("app: {e}"));
    assert!(app.wait_for_analysis(WAIT), "first analysis did not arrive");
    app
}

/// Keys typed one after the other; a script that runs out quits (Ctrl-C), so a broken
/// binding fails instead of hanging.
struct Script(VecDeque<Event>);

impl tui::EventSource for Script {
    fn next_event(&mut self, _timeout: Duration) -> std::io::Result<Option<Event>> {
        Ok(Some(self.0.pop_front().unwrap_or(Event::Key(
            KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
        ))))
    }
}

fn code(c: KeyCode) -> Event {
    Event::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

/// `text` as keys; `\n` is Enter.
fn keys(text: &str) -> Vec<Event> {
    text.chars()
        .map(|c| match c {
            '\n' => code(KeyCode::Enter),
            c => code(KeyCode::Char(c)),
        })
        .collect()
}

/// Runs the event loop on `events` at 100×30, then waits for what the keys started (an
/// analysis, a sort).
fn run(app: &mut App, events: Vec<Event>) {
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap_or_else(|e| match e {});
    let mut script = Script(events.into());
    if let Err(e) = tui::run(&mut term, app, &mut script) {
        panic!("event loop: {e}");
    }
    assert!(
        app.wait_for_analysis(WAIT),
        "the work the keys started finished"
    );
    app.should_quit = false;
}

fn draw(app: &mut App, w: u16, h: u16) -> Buffer {
    app.size = (w, h);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| match e {});
    if let Err(e) = term.draw(|f| ui::render(app, f)) {
        match e {}
    }
    term.backend().buffer().clone()
}

fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf.cell((x, y)).map(|c| c.symbol()).unwrap_or(" "));
        }
        out.push('\n');
    }
    out
}

/// The Respondents rows in display order, as (id, paradoxical, country).
fn shown(app: &App) -> Vec<(String, Option<bool>, Option<String>)> {
    let Some(a) = app.analysis.as_ref() else {
        return Vec::new();
    };
    let country = &app.study.groups[0];
    app.respondents
        .order
        .iter()
        .map(|&i| {
            let r = a.rows.row(&app.study, i);
            let c = country.codes[r.index].map(|l| country.levels[l as usize].clone());
            (r.id, r.paradoxical, c)
        })
        .collect()
}

#[test]
fn l_then_close_bracket_sorts_the_paradoxical_first_and_the_header_says_so_in_full() {
    let mut app = app();
    let mut events = keys("5");
    events.extend(keys("l]"));
    run(&mut app, events);
    assert_eq!(app.respondents.sort, Some(1), "two keys: l ]");
    assert!(app.respondents.descending);
    let rows = shown(&app);
    let flags: Vec<Option<bool>> = rows.iter().map(|r| r.1).collect();
    let yes = flags.iter().filter(|f| **f == Some(true)).count();
    let no = flags.iter().filter(|f| **f == Some(false)).count();
    assert!(yes > 0 && no > 0, "both kinds in the fixture");
    assert!(flags[..yes].iter().all(|f| *f == Some(true)), "yes first");
    assert!(
        flags[yes..yes + no].iter().all(|f| *f == Some(false)),
        "then no"
    );
    assert!(
        flags[yes + no..].iter().all(Option::is_none),
        "missing last"
    );
    // Ties keep the file order.
    let ids: Vec<usize> = rows[..yes]
        .iter()
        .map(|r| r.0[1..].parse().unwrap_or(0))
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "ties in file order");
    // The header names the column and the direction in full, at 80 columns too.
    for w in [100, 80] {
        let s = text(&draw(&mut app, w, 24));
        assert!(s.contains("sorted by paradoxical ↓ descending"), "{s}");
        assert!(s.contains("paradoxical↓"), "the arrow is not cut: {s}");
    }
    // `[` on the same column: ascending, the missing still last.
    run(&mut app, keys("["));
    let flags: Vec<Option<bool>> = shown(&app).iter().map(|r| r.1).collect();
    assert_eq!(flags[0], Some(false));
    assert!(flags.last().is_some_and(Option::is_none));
}

#[test]
fn search_finds_a_group_value_steps_with_n_and_highlights_it() {
    let mut app = app();
    let mut events = keys("5/fr\n");
    events.extend(keys("n"));
    run(&mut app, events);
    let rows = shown(&app);
    let fr: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.2.as_deref() == Some("FR") || r.0.to_lowercase().contains("fr"))
        .map(|(i, _)| i)
        .collect();
    assert!(fr.len() > 2, "the fixture has French respondents");
    assert_eq!(
        app.respondents.selected, fr[1],
        "Enter found the first FR row, n the second"
    );
    run(&mut app, keys("N"));
    assert_eq!(app.respondents.selected, fr[0], "N goes back");
    // The match is highlighted in the country column: its cells carry the match style.
    let buf = draw(&mut app, 100, 30);
    let matched = paradox::tui::theme::with_palette(app.palette, paradox::tui::theme::matched);
    let hits: Vec<String> = (0..buf.area.height)
        .flat_map(|y| (0..buf.area.width).map(move |x| (x, y)))
        .filter_map(|p| buf.cell(p))
        .filter(|c| c.style().bg == matched.bg && matched.bg.is_some())
        .map(|c| c.symbol().to_string())
        .collect();
    let joined = hits.concat();
    assert!(joined.contains("FR"), "highlighted cells: {joined:?}");
    assert!(!joined.contains("DE"), "only the match is highlighted");
}

/// The fixture's concern score of study row `r`, computed here from the items: the mean of
/// the answered items after reverse coding concern_4 on 1–7 (x' = 8 − x), missing unless at
/// least ⌈4/2⌉ = 2 items are answered.
fn concern_by_hand(study: &paradox::study::Study, r: usize) -> Option<f64> {
    let items = &study.scales[0].items;
    let answered: Vec<f64> = items
        .iter()
        .enumerate()
        .filter_map(|(k, col)| {
            col[r].map(|x| {
                let x = f64::from(x);
                if k == 3 {
                    8.0 - x
                } else {
                    x
                }
            })
        })
        .collect();
    (answered.len() >= 2).then(|| answered.iter().sum::<f64>() / answered.len() as f64)
}

#[test]
fn a_typed_filter_selects_exactly_the_respondents_the_library_selects() {
    use paradox::analysis::{AnalysisOptions, Comparison, Filter, ScoreCondition};
    let mut app = app();
    let mut events = keys("f");
    events.extend(keys("concern > 5 and cohort = \"Gen Z\"\n"));
    run(&mut app, events);
    let study = &app.study;
    let gen_z = study
        .cohort_names
        .iter()
        .position(|c| c == "Gen Z")
        .unwrap_or(usize::MAX);
    let expected = Filter {
        cohorts: [gen_z].into(),
        scores: vec![ScoreCondition::Scale {
            scale: 0,
            op: Comparison::Gt,
            value: 5.0,
        }],
        ..Filter::default()
    };
    assert_eq!(app.filter, expected);
    // The respondents, chosen here from the raw columns.
    let by_hand: Vec<usize> = (0..study.len())
        .filter(|&r| study.cohort[r] == Some(gen_z as u8))
        .filter(|&r| concern_by_hand(study, r).is_some_and(|c| c > 5.0))
        .collect();
    assert!(by_hand.len() > 10, "a real selection: {}", by_hand.len());
    let Some(a) = app.analysis.as_ref() else {
        panic!("no analysis")
    };
    let on_screen: Vec<usize> = (0..a.rows.len()).map(|i| a.rows.study_row(i)).collect();
    assert_eq!(on_screen, by_hand, "the same respondents");
    assert_eq!(a.summary.study.analysed, by_hand.len() as u64);
    // Their weighted mean concern, by hand.
    let w = study.weight.as_deref().unwrap_or(&[]);
    let (sw, swx) = by_hand.iter().fold((0.0, 0.0), |(sw, swx), &r| {
        let x = concern_by_hand(study, r).unwrap_or(f64::NAN);
        (sw + w[r], swx + w[r] * x)
    });
    let mean = a.summary.scales[0].mean.unwrap_or(f64::NAN);
    assert!((mean - swx / sw).abs() < 1e-9, "{mean} vs {}", swx / sw);
    // And the library's summary of the same filter agrees figure for figure.
    let lib = paradox::analysis::summarize(
        study,
        &expected,
        &AnalysisOptions {
            use_weights: true,
            by_group: false,
            models: false,
        },
    );
    assert_eq!(lib.study.analysed, a.summary.study.analysed);
    assert_eq!(lib.gap.overall, a.summary.gap.overall);
    assert_eq!(lib.scales[0].mean, a.summary.scales[0].mean);
    // The status line says which filter is active.
    let s = text(&draw(&mut app, 120, 30));
    let status = s.lines().last().unwrap_or("");
    assert!(
        status.contains("filter: cohort: Gen Z; concern > 5"),
        "{status}"
    );
}

#[test]
fn levels_in_a_list_and_paradoxical_parse_and_a_bad_expression_says_where_and_what() {
    let mut app = app();
    let mut events = keys("f");
    events.extend(keys("country in (de, FR) and paradoxical\n"));
    run(&mut app, events);
    assert_eq!(app.filter.groups.get(&0).map(|s| s.len()), Some(2));
    assert_eq!(
        app.filter.scores,
        [paradox::analysis::ScoreCondition::Paradoxical(true)]
    );
    let Some(a) = app.analysis.as_ref() else {
        panic!("no analysis")
    };
    assert!((0..a.rows.len()).all(|i| a.rows.paradoxical(i) == Some(true)));
    // An invalid expression is never applied: the overlay stays and says what it expected.
    let before = app.filter.clone();
    let mut events = keys("f");
    // Ctrl-U clears the line first.
    events.push(Event::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    events.extend(keys("concern >\n"));
    run(&mut app, events);
    assert_eq!(app.filter, before);
    let err = app
        .picker
        .error
        .clone()
        .unwrap_or_else(|| panic!("an error"));
    assert_eq!(err.at, 9, "at the end of 'concern >'");
    assert!(err.message.contains("expected a number"), "{}", err.message);
    let s = text(&draw(&mut app, 100, 30));
    assert!(s.contains("at column 10: expected a number"), "{s}");
    // Unknown names list what would do.
    let e = paradox::tui::expr::parse("income > 3", &app.study, &Default::default());
    let e = e.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        e.starts_with("at column 1: \"income\" is not a column"),
        "{e}"
    );
    assert!(
        e.contains("cohort, country, concern, disclosure, paradoxical"),
        "{e}"
    );
    let e = paradox::tui::expr::parse("cohort = Zoomers", &app.study, &Default::default());
    let e = e.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        e.contains("at column 10: \"Zoomers\" is not a cohort"),
        "{e}"
    );
}

#[test]
fn picked_levels_show_their_counts_and_write_the_expression() {
    let mut app = app();
    // f, Tab to the list, the second cohort checked.
    let mut events = keys("f");
    events.push(code(KeyCode::Tab));
    events.extend(keys("j "));
    run(&mut app, events);
    assert_eq!(app.picker.text, "cohort = Boomers");
    let boomers = app.study.cohort.iter().filter(|c| **c == Some(1)).count();
    let s = text(&draw(&mut app, 100, 30));
    let line = s
        .lines()
        .find(|l| l.contains("[x] Boomers"))
        .unwrap_or_default();
    assert!(line.contains(&boomers.to_string()), "{line}");
    // Back to the expression: typing extends it.
    let mut events = vec![code(KeyCode::Tab)];
    events.extend(keys(" and disclosure >= 0.5\n"));
    run(&mut app, events);
    assert_eq!(app.filter.cohorts.len(), 1);
    assert_eq!(app.filter.scores.len(), 1);
}

#[test]
fn the_frequency_view_of_a_labelled_item_shows_its_labels_counts_and_marks() {
    use paradox::import::{load_study, LoadOptions};
    let dir = crate::util::fixture("mini");
    let study = load_study(Some(&dir), &LoadOptions::default())
        .unwrap_or_else(|e| panic!("the mini study loads: {e}"));
    let mut app = App::new(study).unwrap_or_else(|e| panic!("{e}"));
    assert!(app.wait_for_analysis(WAIT));
    // F opens on the first item; j steps to c1, whose answers are labelled (agree5).
    run(&mut app, keys("F"));
    let at = app
        .freq
        .items
        .iter()
        .position(|(n, _)| n == "c1")
        .unwrap_or_else(|| panic!("c1 is listed"));
    run(&mut app, keys(&"j".repeat(at)));
    // By hand from survey.csv: c1's answers of the analysed respondents, text → code by
    // the codebook's agree5 set (case and spaces ignored, as the import does), weighted.
    let csv = std::fs::read_to_string(dir.join("survey.csv")).unwrap_or_default();
    let analysed: Vec<String> = app
        .analysis
        .as_ref()
        .map(|a| {
            (0..a.rows.len())
                .map(|i| a.rows.id(&app.study, i).to_string())
                .collect()
        })
        .unwrap_or_default();
    let words = [
        "strongly disagree",
        "disagree",
        "neutral",
        "agree",
        "strongly agree",
    ];
    let mut count = [0u64; 6];
    let mut weight = [0.0f64; 6];
    let mut total = 0.0;
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(';').collect();
        if !analysed.iter().any(|id| id == f[0]) {
            continue;
        }
        let w: f64 = f[2].parse().unwrap_or(1.0);
        let v = f[4].trim().to_lowercase();
        let code = words
            .iter()
            .position(|x| *x == v)
            .map(|k| k + 1)
            .or_else(|| v.parse::<usize>().ok())
            .unwrap_or(0);
        count[code] += 1;
        weight[code] += w;
        total += w;
    }
    let rows = app.freq.rows.clone();
    for (code, word) in [
        "Strongly disagree",
        "Disagree",
        "Neutral",
        "Agree",
        "Strongly agree",
    ]
    .iter()
    .enumerate()
    .map(|(k, w)| (k + 1, w))
    {
        let label = format!("{code} = {word}");
        let row = rows.iter().find(|r| r.label == label);
        match row {
            Some(r) => {
                assert_eq!(r.count, count[code], "{label}");
                assert!((r.share - weight[code] / total).abs() < 1e-12, "{label}");
                // min_cell = 3 in the mini codebook: 1 or 2 answers are not published.
                // Also when the complement n − count is 1 or 2 (it would reveal the count).
                let n = analysed.len() as u64;
                let small = |k: u64| (1..3).contains(&k);
                assert_eq!(
                    r.suppressed,
                    small(r.count) || small(n - r.count),
                    "{label}"
                );
            }
            None => assert_eq!(count[code], 0, "{label} is listed when answered"),
        }
    }
    let s = text(&draw(&mut app, 100, 30));
    assert!(s.contains("c1: counts"), "{s}");
    assert!(s.contains("= Strongly agree"), "{s}");
    assert!(s.contains('†'), "{s}");
    // On Respondents, F counts the cursor's column: l moves to paradoxical.
    run(&mut app, vec![code(KeyCode::Esc)]);
    run(&mut app, keys("5lF"));
    assert_eq!(app.freq.items[app.freq.selected].0, "paradoxical");
    let n: u64 = app.freq.rows.iter().map(|r| r.count).sum();
    assert_eq!(n, analysed.len() as u64);
}
