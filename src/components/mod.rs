//! Reusable pieces of the portal's pages. They take plain data (or signals
//! of plain data), never a resource, so browser tests can mount them alone.

mod article_actions;
mod article_body;
mod article_card;
mod article_view;
mod breadcrumbs;
mod error_notice;
mod listen_control;
mod not_found_notice;
mod pagination;
mod placeholder;
mod progress_bar;
mod reading_controls;
mod responsive_image;
mod search_form;
mod search_result;
mod site_footer;
mod site_header;
mod static_page_view;

pub use article_actions::ArticleActions;
pub use article_body::ArticleBody;
pub use article_card::ArticleCard;
pub use article_view::ArticleView;
pub use breadcrumbs::{Breadcrumbs, Crumb};
pub use error_notice::ErrorNotice;
pub use listen_control::ListenControl;
pub use not_found_notice::NotFoundNotice;
pub use pagination::Pagination;
pub use placeholder::{Placeholder, PlaceholderKind};
pub use progress_bar::ProgressBar;
pub use reading_controls::{apply_preferences, ReadingControls};
pub use responsive_image::ResponsiveImage;
pub use search_form::SearchForm;
pub use search_result::SearchResult;
pub use site_footer::SiteFooter;
pub use site_header::SiteHeader;
pub use static_page_view::StaticPageView;
