//! The codebook's limits, in one place: how wide an answer range and how long each list of
//! the codebook may be, and how many levels a group column may have to be broken down.
//!
//! Every per-respondent column, every per-level table and every cell that disclosure control
//! weighs is sized by the codebook (a tactic's range sets the cells of each of its blocks,
//! the data types, tactics and items set the columns read from every row), so a codebook
//! that is read must keep all of them bounded: what paradox allocates then depends on the
//! number of respondents and on these numbers, never on luck. Each limit is generous for a
//! real study — the reason is given beside it — and a codebook beyond one is refused when it
//! is read (exit status 2, naming the key, the value and the limit). The README's codebook
//! section lists them for researchers.

/// The widest answer range of a `[[scale]]`, a `[[tactic]]` or a data type's stated column,
/// in points (`max − min`). 100 takes the widest answer format surveys use: a 0–100 slider
/// or feeling thermometer (101 codes); Likert (1–5, 1–7, 1–11), 0–10 ratings and bipolar
/// sliders up to −50..+50 fit far below it. A wider range is an amount (income, minutes),
/// not an answer code, and each of its codes is a cell of every tactic block (overall, per
/// cohort, per group level) that disclosure control must weigh.
pub const MAX_RANGE: i64 = 100;

/// The largest magnitude of a range's ends (`min`, `max`, `stated_min`, `stated_max`): answer
/// codes are stored as 16-bit integers, and ±1,000 leaves room for any coding scheme (SPSS
/// exports that code answers 101…105, say) while keeping every sum of codes exact.
pub const MAX_CODE: i64 = 1_000;

/// `[[scale]]` tables: a questionnaire with more than 50 multi-item scales is several studies.
pub const MAX_SCALES: usize = 50;

/// Items of one `[[scale]]`: the longest established instruments have a few dozen items per
/// scale; every item is a column read from every row and a term of the reliability sums.
pub const MAX_SCALE_ITEMS: usize = 100;

/// `[[data_type]]` tables: behaviour is held as one bit per data type and respondent in a
/// 64-bit word, so 64 is a hard limit (a study asks about a handful of data types).
pub const MAX_DATA_TYPES: usize = 64;

/// `[[tactic]]` tables: each is a block of up to `MAX_RANGE + 1` cells overall, per cohort
/// and per group level, so the count multiplies every other limit; studies rate a dozen.
pub const MAX_TACTICS: usize = 50;

/// Cohorts: entries of `[cohorts] order` and of `[cohorts] edges` (age bands). A cohort is
/// stored in one byte per respondent, and each is a block of every family; real schemes
/// have 5 to 15 cohorts.
pub const MAX_COHORTS: usize = 200;

/// `[columns] group` entries: every group column is broken down level by level in every
/// family and enters every model, so ten is generous (gender, country, education, …).
pub const MAX_GROUP_COLUMNS: usize = 10;

/// The most levels a group column may have (among the analysed respondents) to be broken
/// down. A column with more — a free-text answer, an id, an e-mail address — is reported
/// as not broken down (a note says how many levels it has) and left out of the models: its
/// per-level tables would be mostly suppressed cells, and their size would grow with the
/// number of respondents instead of with the codebook. Fifty takes countries of a region,
/// US states, or regions of a country.
pub const MAX_GROUP_LEVELS: usize = 50;

/// Entries of one `[labels.NAME]` set: a 0–100 slider labels at most 101 codes, a country
/// list about 250; a thousand leaves room for spellings in several languages.
pub const MAX_LABELS: usize = 1_000;

/// Short vocabularies compared with every cell or event: `[columns] missing` codes and
/// `[behavior] share_actions`. Exports use a handful of each.
pub const MAX_VOCABULARY: usize = 100;

/// `[[screening.attention]]` items: every one is a column read from every row; surveys
/// embed two to five.
pub const MAX_ATTENTION_CHECKS: usize = 50;

/// `[select_all.NAME]` questions; each appends its options as fields to every record read.
pub const MAX_SELECT_ALL_QUESTIONS: usize = 100;

/// Options of one select-all question (`columns`, or `options` of a comma-joined column):
/// a long checklist has a few dozen.
pub const MAX_SELECT_ALL_OPTIONS: usize = 200;
