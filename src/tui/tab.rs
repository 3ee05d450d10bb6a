//! The dashboard's tabs: their order, titles and the names exports use.

/// The eight tabs, in key order `1`–`8`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Overview,
    Gap,
    DataTypes,
    Tactics,
    Respondents,
    Quality,
    /// Adjusted models, computed only while the tab is open.
    Models,
    /// Threshold sensitivity and group breakdowns; groups computed only while the tab is open.
    Robustness,
}

impl Tab {
    pub const ALL: [Tab; 8] = [
        Tab::Overview,
        Tab::Gap,
        Tab::DataTypes,
        Tab::Tactics,
        Tab::Respondents,
        Tab::Quality,
        Tab::Models,
        Tab::Robustness,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Gap => "Gap",
            Tab::DataTypes => "Data types",
            Tab::Tactics => "Tactics",
            Tab::Respondents => "Respondents",
            Tab::Quality => "Quality",
            Tab::Models => "Models",
            Tab::Robustness => "Robustness",
        }
    }

    /// The short name of the tab bar on narrow terminals.
    pub fn short(self) -> &'static str {
        match self {
            Tab::Overview => "Over",
            Tab::Gap => "Gap",
            Tab::DataTypes => "Types",
            Tab::Tactics => "Tact",
            Tab::Respondents => "Resp",
            Tab::Quality => "Qual",
            Tab::Models => "Models",
            Tab::Robustness => "Robust",
        }
    }

    /// A file-name-safe name, used by exports.
    pub fn slug(self) -> &'static str {
        match self {
            Tab::Overview => "overview",
            Tab::Gap => "gap",
            Tab::DataTypes => "data_types",
            Tab::Tactics => "tactics",
            Tab::Respondents => "respondents",
            Tab::Quality => "quality",
            Tab::Models => "models",
            Tab::Robustness => "robustness",
        }
    }

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|&t| t == self).unwrap_or(0)
    }

    pub fn from_index(i: usize) -> Tab {
        Tab::ALL.get(i).copied().unwrap_or_default()
    }
}
