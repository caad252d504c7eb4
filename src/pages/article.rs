use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api;
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
    let resource = LocalResource::new(move || api::article(slug.get()));

    view! {
        <div class="app-article-page">
            <Transition fallback=|| view! { <Placeholder kind=PlaceholderKind::Article /> }>
                {move || Suspend::new(async move {
                    match resource.await {
                        // A late answer for a slug the reader has already left is never shown.
                        Ok(article) if article.slug != slug.get_untracked() => {
                            view! { <Placeholder kind=PlaceholderKind::Article /> }.into_any()
                        }
                        Ok(article) => {
                            site.current_category.set(Some(article.category.slug.clone()));
                            let description: String = article.lead.chars().take(DESCRIPTION_CHARS).collect();
                            announce_when_rendered(article.title.clone(), description);
                            let title = article.title.clone();
                            view! {
                                <Title text=move || text::document_title(&title, &site.name.get()) />
                                <ArticleView article=article site_name=site.name />
                            }
                            .into_any()
                        }
                        Err(error) => failure_view(error, site, move || resource.refetch()),
                    }
                })}
            </Transition>
        </div>
    }
}
