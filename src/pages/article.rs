use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::navigation;
use crate::components::{ArticleView, Placeholder, PlaceholderKind};
use crate::pages::{announce_when_rendered, failure_view};
use crate::text;
use crate::SiteContext;

/// The longest meta description search engines show in full.
const DESCRIPTION_CHARS: usize = 160;

/// `/bai-viet/{slug}`: one article.
#[component]
pub fn ArticlePage() -> impl IntoView {
    let site = SiteContext::current();
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    // The answer comes with the slug it was asked for, so a late answer for a
    // page the reader has left is never shown. (`api` refuses a document that
    // names another article: that is a bad document, with "Thử lại".)
    let resource = LocalResource::new(move || {
        let requested = slug.get();
        async move { (requested.clone(), api::article(requested).await) }
    });

    view! {
        <div class="app-article-page">
            <Transition fallback=|| view! { <Placeholder kind=PlaceholderKind::Article /> }>
                {move || Suspend::new(async move {
                    let (requested, result) = resource.await;
                    match result {
                        // A late answer for a slug the reader has already left is never shown.
                        _ if requested != slug.get_untracked() => {
                            view! { <Placeholder kind=PlaceholderKind::Article /> }.into_any()
                        }
                        Ok(article) => {
                            site.current_category.set(Some(article.category.slug.clone()));
                            let description: String = article.lead.chars().take(DESCRIPTION_CHARS).collect();
                            announce_when_rendered(article.title.clone(), description);
                            let title = article.title.clone();
                            navigation::document_title(move || text::document_title(&title, &site.name.get()));
                            view! { <ArticleView article=article site_name=site.name /> }
                            .into_any()
                        }
                        Err(error) => failure_view(error, site, move || resource.refetch()),
                    }
                })}
            </Transition>
        </div>
    }
}
