//! `generate`: one pass over the respondents that draws each one, writes their survey row
//! and behaviour, and forgets them, then the codebook and `truth.json` around it. Memory
//! does not grow with the number of respondents or events.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::behavior_rows::{behavior_value, push_pair_events, push_unnamed_events, wide_header};
use super::careless::Careless;
use super::codebook::codebook_text;
use super::folder::{check_folder, put_in_place, staging_folder, study_name_of, CsvOut};
use super::format::push_id;
use super::model::model;
use super::options::{io_err, SynthError, SynthOptions, SynthOutcome, WrittenFile};
use super::params::{DATA_TYPES, P_ORPHAN};
use super::respondent::{draw_known, draw_respondent, Respondent};
use super::survey_rows::{survey_header, write_survey_row};
use super::truth_file::{truth_json, StudyCounts};

/// Writes a synthetic study folder (see the module documentation); `progress` is called
/// with the number of respondents written so far, every 16,384 respondents and at the end.
pub fn generate(opts: &SynthOptions, progress: &dyn Fn(u64)) -> Result<SynthOutcome, SynthError> {
    if opts.respondents == 0 {
        return Err(SynthError::NoRespondents);
    }
    if let Some(rate) = opts.careless {
        if !(0.0..=1.0).contains(&rate) {
            return Err(SynthError::CarelessRate(rate));
        }
    }
    let state = check_folder(opts)?;
    let staged = staging_folder(&opts.out)?;
    let dir = staged.path().to_path_buf();
    let study_name = study_name_of(&opts.out);
    let m = model();
    let n = opts.respondents;
    let width = n.to_string().len().max(6);

    let mut files = Vec::new();
    let codebook_path = dir.join("codebook.toml");
    let codebook = codebook_text(&study_name, opts.events, opts.careless.is_some());
    std::fs::write(&codebook_path, codebook).map_err(io_err(&codebook_path))?;
    files.push(WrittenFile {
        path: codebook_path,
        rows: 0,
    });

    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let mut careless = opts.careless.map(|rate| Careless::new(rate, opts.seed));
    let header = survey_header(careless.is_some());
    let mut survey = CsvOut::create(dir.join("survey.csv"), &header)?;
    let mut behavior = if opts.events {
        CsvOut::create(
            dir.join("events.csv"),
            "respondent_id,timestamp,data_type,action\n",
        )?
    } else {
        CsvOut::create(dir.join("behavior.csv"), &wide_header())?
    };
    let mut counts = StudyCounts::default();
    let mut line = Vec::with_capacity(512);
    let mut block = Vec::with_capacity(1 << 14);
    for i in 1..=n {
        let mut r = draw_respondent(&mut rng, m);
        let extra = careless.as_mut().map(|c| c.draw(&mut r, i, width));
        write_survey_row(&mut line, &mut rng, &r, (i, width), extra.as_ref());
        survey.row(&line)?;
        count_respondent(&mut counts, &r);

        // Behaviour of this respondent, then possibly of an id the survey does not have.
        let orphan = rng.random_bool(P_ORPHAN).then(|| {
            counts.orphan_ids += 1;
            n + counts.orphan_ids
        });
        if r.has_behavior {
            write_behavior(
                &mut behavior,
                &mut block,
                &mut rng,
                (i, width),
                (r.known, r.shared),
                opts.events,
                &mut counts,
            )?;
        }
        if let Some(o) = orphan {
            // An id absent from the survey: made-up behaviour, not the model's.
            let k = draw_known(&mut rng, 0.6);
            let mut s = [false; 5];
            for x in s.iter_mut() {
                *x = rng.random_bool(0.5);
            }
            let before = behavior.rows;
            write_behavior(
                &mut behavior,
                &mut block,
                &mut rng,
                (o, width),
                (k, s),
                opts.events,
                &mut counts,
            )?;
            counts.orphan_rows += behavior.rows - before;
        }
        if i % 16_384 == 0 {
            progress(i);
        }
    }
    let survey_file = survey.finish()?;
    let behavior_file = behavior.finish()?;
    counts.survey_rows = survey_file.rows;
    counts.behavior_rows = behavior_file.rows;
    if counts.analysable_rows > 0 {
        counts.behavior_match_rate = (counts.analysable_rows - counts.analysable_without_behavior)
            as f64
            / counts.analysable_rows as f64;
    }
    let (survey_rows, behavior_rows) = (survey_file.rows, behavior_file.rows);
    files.push(survey_file);
    files.push(behavior_file);

    let truth_path = dir.join("truth.json");
    let json = truth_json(
        &study_name,
        opts,
        counts,
        careless.map(Careless::into_truth),
    );
    std::fs::write(&truth_path, json).map_err(io_err(&truth_path))?;
    files.push(WrittenFile {
        path: truth_path,
        rows: 0,
    });
    progress(n);
    put_in_place(staged, &opts.out, state)?;
    for f in &mut files {
        if let Some(name) = f.path.file_name() {
            f.path = opts.out.join(name);
        }
    }
    Ok(SynthOutcome {
        dir: opts.out.clone(),
        study_name,
        files,
        survey_rows,
        behavior_rows,
    })
}

/// Adds one survey row to the study's counts.
fn count_respondent(counts: &mut StudyCounts, r: &Respondent) {
    counts.rows_with_planted_errors += u64::from(r.row_error.is_some());
    counts.birth_year_missing += u64::from(r.birth_year.is_none());
    counts.respondents_without_behavior += u64::from(!r.has_behavior);
    if r.row_error.is_none() {
        counts.analysable_rows += 1;
        counts.analysable_unknown_cohort += u64::from(r.birth_year.is_none());
        counts.analysable_without_behavior += u64::from(!r.has_behavior);
    }
}

/// Writes the behaviour of one id — `(known, shared)` per data type — as events or as a
/// wide row, through the reused buffer `block`.
fn write_behavior(
    behavior: &mut CsvOut,
    block: &mut Vec<u8>,
    rng: &mut ChaCha8Rng,
    id: (u64, usize),
    (known, shared): ([bool; 5], [bool; 5]),
    events: bool,
    counts: &mut StudyCounts,
) -> Result<(), SynthError> {
    if events {
        for j in 0..5 {
            if !known[j] {
                continue;
            }
            block.clear();
            let k = push_pair_events(block, rng, id, DATA_TYPES[j].name, shared[j]);
            behavior.block(block, k)?;
        }
        block.clear();
        let k = push_unnamed_events(block, rng, id);
        behavior.block(block, k)?;
        counts.unnamed_type_events += k;
    } else {
        block.clear();
        push_id(block, id.0, id.1);
        for j in 0..5 {
            block.push(b',');
            behavior_value(block, rng, known[j], shared[j]);
        }
        block.push(b'\n');
        behavior.row(block)?;
    }
    Ok(())
}
