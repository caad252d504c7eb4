use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::navigation;
use crate::components::{Placeholder, PlaceholderKind, StaticPageView};
use crate::pages::{announce_when_rendered, failure_view};
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
    let resource = LocalResource::new(move || {
        let requested = slug.get();
        async move { (requested.clone(), api::static_page(requested).await) }
    });

    view! {
        <div class="app-information-page">
            <Transition fallback=|| view! { <Placeholder kind=PlaceholderKind::Article /> }>
                {move || Suspend::new(async move {
                    let (requested, result) = resource.await;
                    match result {
                        _ if requested != slug.get_untracked() => {
                            view! { <Placeholder kind=PlaceholderKind::Article /> }.into_any()
                        }
                        Ok(page) => {
                            announce_when_rendered(page.title.clone(), page.title.clone());
                            let title = page.title.clone();
                            navigation::document_title(move || text::document_title(&title, &site.name.get()));
                            view! { <StaticPageView page=page /> }
                            .into_any()
                        }
                        Err(error) => failure_view(error, site, move || resource.refetch()),
                    }
                })}
            </Transition>
        </div>
    }
}
