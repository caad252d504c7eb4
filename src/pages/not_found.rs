use leptos::prelude::*;

use crate::components::NotFoundNotice;
use crate::pages::announce_when_rendered;
use crate::text;
use crate::SiteContext;

/// Any URL the route table does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let site = SiteContext::current();
    site.current_category.set(None);
    announce_when_rendered(text::NOT_FOUND_TITLE.to_string(), text::NOT_FOUND_TITLE.to_string());
    view! { <NotFoundNotice site_name=site.name /> }
}
