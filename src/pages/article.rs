use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::navigation;
use std::rc::Rc;
use std::sync::Arc;

use crate::components::{ArticleView, PlaceholderKind};
use crate::pages::announce_when_rendered;
use crate::pages::document::{document_view, LoadDocument, ShowDocument};
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
    let load: LoadDocument = Rc::new(move |slug: String| {
        Box::pin(async move {
            let article = api::article(slug).await?;
            let show: ShowDocument = Arc::new(move || {
                site.current_category.set(Some(article.category.slug.clone()));
                let description: String = article.lead.chars().take(DESCRIPTION_CHARS).collect();
                announce_when_rendered(article.title.clone(), description);
                let title = article.title.clone();
                navigation::document_title(move || text::document_title(&title, &site.name.get()));
                view! { <ArticleView article=article.clone() site_name=site.name /> }.into_any()
            });
            Ok(show)
        })
    });
    view! {
        <div class="app-article-page">
            {document_view(slug.into(), load, PlaceholderKind::Article, None)}
        </div>
    }
}
