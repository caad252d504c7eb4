//! Bản tin: a client-side-rendered Leptos frontend for Vietnamese city portals.
//!
//! Crate map (see ARCHITECTURE.md):
//! - pure, host-tested: [`model`] (JSON contract), [`routes`] (URLs), [`format`]
//!   (Vietnamese dates in UTC+7), [`text`] (interface strings);
//! - boundary: `api` (the only module that fetches), `browser` (the only one
//!   that touches `window()`);
//! - views: `App` with the route table, `pages`, `components`.

pub mod format;
pub mod model;
pub mod routes;
pub mod text;
