use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::navigation;
use std::rc::Rc;
use std::sync::Arc;

use crate::components::{PlaceholderKind, StaticPageView};
use crate::pages::announce_when_rendered;
use crate::pages::document::{document_view, LoadDocument, ShowDocument};
use crate::text;
use crate::SiteContext;

/// `/trang/{slug}`: a static page (about the agency, contacts, the site
/// map, the RSS page, the English page).
#[component]
pub fn InformationPage() -> impl IntoView {
    let site = SiteContext::current();
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    Effect::new(move |_| site.current_category.set(None));
    let load: LoadDocument = Rc::new(move |slug: String| {
        Box::pin(async move {
            let page = api::static_page(slug).await?;
            let show: ShowDocument = Arc::new(move || {
                announce_when_rendered(page.title.clone(), page.title.clone());
                let title = page.title.clone();
                navigation::document_title(move || text::document_title(&title, &site.name.get()));
                view! { <StaticPageView page=page.clone() /> }.into_any()
            });
            Ok(show)
        })
    });
    view! {
        <div class="app-information-page">
            {document_view(slug.into(), load, PlaceholderKind::Article, None)}
        </div>
    }
}
