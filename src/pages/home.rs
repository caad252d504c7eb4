use leptos::prelude::*;

use crate::api;
use crate::navigation;
use std::rc::Rc;
use std::sync::Arc;

use crate::components::{ArticleCard, PlaceholderKind};
use crate::model::Home;
use crate::pages::announce_when_rendered;
use crate::pages::document::{document_view, LoadDocument, ShowDocument};
use crate::routes;
use crate::text;
use crate::SiteContext;

/// `/`: featured articles, then a section per category with its latest items.
#[component]
pub fn HomePage() -> impl IntoView {
    let site = SiteContext::current();
    site.current_category.set(Some(String::new()));
    navigation::document_title(move || text::document_title(text::HOME, &site.name.get()));
    let load: LoadDocument = Rc::new(move |_key: String| {
        Box::pin(async move {
            let home = api::home().await?;
            let show: ShowDocument = Arc::new(move || {
                let description = site.tagline.get_untracked().unwrap_or_else(|| site.name.get_untracked());
                announce_when_rendered(text::HOME.to_string(), description);
                view! { <HomeContent home=home.clone() /> }.into_any()
            });
            Ok(show)
        })
    });
    // One document, whatever the URL's query: the key never changes.
    view! {
        <div class="app-home">
            {document_view(Signal::stored(String::new()), load, PlaceholderKind::Home, None)}
        </div>
    }
}

#[component]
pub fn HomeContent(home: Home) -> impl IntoView {
    let mut featured = home.featured.into_iter();
    let lead_story = featured.next().map(|summary| view! { <ArticleCard summary=summary heading_level=2 /> });
    let other_stories = featured
        .map(|summary| view! { <li class="app-featured__item"><ArticleCard summary=summary heading_level=2 show_lead=false /></li> })
        .collect_view();
    let sections = home
        .sections
        .into_iter()
        .filter(|section| !section.items.is_empty())
        .map(|section| {
            let href = routes::category_href(&section.category.slug, 1);
            let items = section
                .items
                .into_iter()
                .map(|summary| view! { <li class="app-home-section__item"><ArticleCard summary=summary heading_level=3 show_lead=false /></li> })
                .collect_view();
            view! {
                <section class="app-home-section">
                    <h2 class="app-home-section__title"><a href=href.clone()>{section.category.name.clone()}</a></h2>
                    <ul class="app-home-section__list">{items}</ul>
                    <p class="app-home-section__more">
                        <a href=href aria-label=text::see_all_label(&section.category.name)>{text::SEE_ALL}</a>
                    </p>
                </section>
            }
        })
        .collect_view();
    view! {
        <section class="app-featured" aria-labelledby="app-featured-title">
            <h1 class="app-featured__title" id="app-featured-title" tabindex="-1">{text::FEATURED}</h1>
            <div class="app-featured__lead">{lead_story}</div>
            <ul class="app-featured__list">{other_stories}</ul>
        </section>
        <div class="app-home__sections">{sections}</div>
    }
}
