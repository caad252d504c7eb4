//! The reader's comfort settings (text size, colour theme): their steps,
//! how they are stored, and what `<html>` attribute applies them. Pure.
//!
//! Stored in `localStorage` as plain words; anything unreadable falls back
//! to the default, so a tampered or old value never breaks the page.

/// Keys in `localStorage`.
pub const TEXT_SIZE_KEY: &str = "ban-tin.text-size";
pub const THEME_KEY: &str = "ban-tin.theme";

/// Text size steps from 100% to 150%; CSS maps `data-text-size` to a scale.
pub const TEXT_SIZES: [u16; 5] = [100, 112, 125, 137, 150];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextSize(u16);

impl Default for TextSize {
    fn default() -> Self {
        TextSize(100)
    }
}

impl TextSize {
    pub fn percent(self) -> u16 {
        self.0
    }

    fn index(self) -> usize {
        TEXT_SIZES.iter().position(|size| *size == self.0).unwrap_or(0)
    }

    pub fn larger(self) -> Self {
        TextSize(TEXT_SIZES[(self.index() + 1).min(TEXT_SIZES.len() - 1)])
    }

    pub fn smaller(self) -> Self {
        TextSize(TEXT_SIZES[self.index().saturating_sub(1)])
    }

    pub fn is_largest(self) -> bool {
        self.index() == TEXT_SIZES.len() - 1
    }

    pub fn is_smallest(self) -> bool {
        self.index() == 0
    }

    /// Reads a stored value; anything but a known step is the default.
    pub fn parse(stored: Option<&str>) -> Self {
        stored
            .and_then(|text| text.trim().parse::<u16>().ok())
            .filter(|percent| TEXT_SIZES.contains(percent))
            .map(TextSize)
            .unwrap_or_default()
    }

    pub fn stored(self) -> String {
        self.0.to_string()
    }
}

/// Colour themes. `System` follows `prefers-color-scheme` and
/// `forced-colors` ([`effective_theme`]), also when they change while the
/// page is open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    System,
    Normal,
    HighContrast,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 4] = [Theme::System, Theme::Normal, Theme::HighContrast, Theme::Dark];

    pub fn parse(stored: Option<&str>) -> Self {
        match stored.map(str::trim) {
            Some("normal") => Theme::Normal,
            Some("high-contrast") => Theme::HighContrast,
            Some("dark") => Theme::Dark,
            _ => Theme::System,
        }
    }

    /// The stored word, also the value of `<html data-theme>`.
    pub fn stored(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Normal => "normal",
            Theme::HighContrast => "high-contrast",
            Theme::Dark => "dark",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => crate::text::THEME_SYSTEM,
            Theme::Normal => crate::text::THEME_NORMAL,
            Theme::HighContrast => crate::text::THEME_HIGH_CONTRAST,
            Theme::Dark => crate::text::THEME_DARK,
        }
    }
}

/// The theme `<html data-theme>` gets: the reader's choice, or for
/// `System` what the device asks for. Forced colours (Windows contrast
/// themes) come first: the high-contrast layout keeps its underlines and
/// borders, which forced colours need. `index.html`'s inline script makes
/// the same choice before the app runs.
pub fn effective_theme(chosen: Theme, prefers_dark: bool, forced_colors: bool) -> Theme {
    match chosen {
        Theme::System if forced_colors => Theme::HighContrast,
        Theme::System if prefers_dark => Theme::Dark,
        Theme::System => Theme::Normal,
        chosen => chosen,
    }
}

/// The media queries `System` follows.
pub const PREFERS_DARK_QUERY: &str = "(prefers-color-scheme: dark)";
pub const FORCED_COLORS_QUERY: &str = "(forced-colors: active)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_follows_the_device_and_a_choice_wins() {
        assert_eq!(effective_theme(Theme::System, false, false), Theme::Normal);
        assert_eq!(effective_theme(Theme::System, true, false), Theme::Dark);
        assert_eq!(effective_theme(Theme::System, true, true), Theme::HighContrast);
        assert_eq!(effective_theme(Theme::System, false, true), Theme::HighContrast);
        for chosen in [Theme::Normal, Theme::HighContrast, Theme::Dark] {
            for (dark, forced) in [(false, false), (true, false), (false, true), (true, true)] {
                assert_eq!(effective_theme(chosen, dark, forced), chosen);
            }
        }
    }

    #[test]
    fn text_size_steps_stay_between_100_and_150() {
        let mut size = TextSize::default();
        assert!(size.is_smallest());
        assert_eq!(size.smaller(), size);
        let mut seen = vec![size.percent()];
        while !size.is_largest() {
            size = size.larger();
            seen.push(size.percent());
        }
        assert_eq!(seen, TEXT_SIZES);
        assert_eq!(size.larger().percent(), 150);
        assert_eq!(size.smaller().percent(), 137);
    }

    #[test]
    fn stored_values_round_trip_and_junk_falls_back() {
        for size in TEXT_SIZES {
            assert_eq!(TextSize::parse(Some(&TextSize(size).stored())).percent(), size);
        }
        for junk in [None, Some(""), Some("999"), Some("abc"), Some("-1")] {
            assert_eq!(TextSize::parse(junk), TextSize::default(), "{junk:?}");
        }
        for theme in Theme::ALL {
            assert_eq!(Theme::parse(Some(theme.stored())), theme);
        }
        assert_eq!(Theme::parse(Some("<script>")), Theme::System);
    }
}
