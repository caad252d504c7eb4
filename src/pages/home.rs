use leptos::prelude::*;

use crate::api;
use crate::navigation;
use crate::components::{ArticleCard, Placeholder, PlaceholderKind};
use crate::model::Home;
use crate::pages::{announce_when_rendered, failure_view};
use crate::routes;
use crate::text;
use crate::SiteContext;

/// `/`: featured articles, then a section per category with its latest items.
#[component]
pub fn HomePage() -> impl IntoView {
    let site = SiteContext::current();
    site.current_category.set(Some(String::new()));
    let home = LocalResource::new(api::home);
    navigation::document_title(move || text::document_title(text::HOME, &site.name.get()));
    view! {
        <div class="app-home">
            <Suspense fallback=|| view! { <Placeholder kind=PlaceholderKind::Home /> }>
                {move || Suspend::new(async move {
                    match home.await {
                        Ok(home) => {
                            let description = site.tagline.get_untracked().unwrap_or_else(|| site.name.get_untracked());
                            announce_when_rendered(text::HOME.to_string(), description);
                            view! { <HomeContent home=home /> }.into_any()
                        }
                        Err(error) => failure_view(error, site, move || home.refetch()),
                    }
                })}
            </Suspense>
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
