//! The contract's JSON Schemas (`docs/schema/`), embedded at build time.

use std::sync::OnceLock;

use jsonschema::Validator;
use serde_json::Value;

pub const SITE: &str = include_str!("../../../docs/schema/site.schema.json");
pub const HOME: &str = include_str!("../../../docs/schema/home.schema.json");
pub const CATEGORY_PAGE: &str = include_str!("../../../docs/schema/category-page.schema.json");
pub const ARTICLE: &str = include_str!("../../../docs/schema/article.schema.json");
pub const STATIC_PAGE: &str = include_str!("../../../docs/schema/page.schema.json");

/// Which document a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Site,
    Home,
    CategoryPage,
    Article,
    /// `pages/{slug}.json`.
    StaticPage,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Site, Kind::Home, Kind::CategoryPage, Kind::Article, Kind::StaticPage];

    pub fn schema_text(self) -> &'static str {
        match self {
            Kind::Site => SITE,
            Kind::Home => HOME,
            Kind::CategoryPage => CATEGORY_PAGE,
            Kind::Article => ARTICLE,
            Kind::StaticPage => STATIC_PAGE,
        }
    }

    /// The compiled validator (formats are checked too, not only annotated).
    pub fn validator(self) -> &'static Validator {
        static VALIDATORS: OnceLock<[Validator; Kind::ALL.len()]> = OnceLock::new();
        let all = VALIDATORS.get_or_init(|| Kind::ALL.map(compile));
        &all[self as usize]
    }
}

fn compile(kind: Kind) -> Validator {
    let schema: Value = serde_json::from_str(kind.schema_text()).expect("an embedded schema is JSON");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|error| panic!("the embedded {kind:?} schema does not compile: {error}"))
}

/// The schema's complaints about `value`, at most `limit`, as "path: message".
pub fn errors(kind: Kind, value: &Value, limit: usize) -> Vec<String> {
    kind.validator()
        .iter_errors(value)
        .take(limit)
        .map(|error| {
            let path = error.instance_path().to_string();
            let path = if path.is_empty() { "/".to_string() } else { path };
            format!("{path}: {error}")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_compile_and_share_their_definitions() {
        let defs: Vec<Value> = Kind::ALL
            .iter()
            .map(|kind| {
                kind.validator();
                let value: Value = serde_json::from_str(kind.schema_text()).unwrap();
                value["$defs"].clone()
            })
            .collect();
        for other in &defs[1..] {
            assert_eq!(other, &defs[0], "$defs differ between schema files");
        }
    }
}
