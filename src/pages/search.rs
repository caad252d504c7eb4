use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::components::{ErrorNotice, Pagination, PlaceholderKind, SearchResult};
use crate::pages::document::{document_view, DocumentFuture, LoadDocument, ShowDocument, ShowFailure};
use crate::model::{ApiError, ArticleSummary};
use crate::navigation;
use crate::routes::{self, ListPages, SearchParams};
use crate::search::{self, Filters, Query, RESULTS_PER_PAGE};
use crate::text;
use crate::{AppNavigation, SiteContext};

/// One page of results.
#[derive(Clone, Debug)]
struct Results {
    total: usize,
    /// The index kept only the best matches of a word: `total` is a minimum.
    at_least: bool,
    page: u32,
    total_pages: u32,
    items: Vec<ArticleSummary>,
}

/// What a search page shows below its form.
enum Outcome {
    /// No words yet: a prompt to type some.
    Prompt,
    /// The dates cannot be read: why.
    BadFilters(&'static str),
    /// A page of results (or none: a page past the end, an unknown category).
    Results(Results),
}

fn no_results() -> Results {
    Results { total: 0, at_least: false, page: 1, total_pages: 1, items: Vec::new() }
}

/// Why the form's dates cannot be used, if they cannot.
fn filters_of(params: &SearchParams) -> Result<Filters, &'static str> {
    let date = |value: &Option<String>| match value {
        None => Ok(None),
        Some(text) => search::parse_vn_date(text).map(Some).ok_or(text::SEARCH_BAD_DATE),
    };
    Ok(Filters { category: params.category.clone(), from: date(&params.from)?, to: date(&params.to)? })
}

fn pages_for(total: usize) -> u32 {
    u32::try_from(total.div_ceil(RESULTS_PER_PAGE)).unwrap_or(u32::MAX).max(1)
}

/// A search against the static index the publishing step wrote: the
/// manifest, then the shards (and filter files) the query needs, at once,
/// then the document chunks of the page, at once.
async fn search_static(params: &SearchParams, filters: &Filters, page: u32) -> Result<Results, ApiError> {
    let manifest = api::search_file(&search::manifest_path(), |bytes| search::decode_manifest(&api::as_text(bytes))).await?;
    let query = Query::parse(&params.query);
    let plan = search::plan(&manifest, &query, filters);
    let shards = futures::future::join_all(plan.shards.iter().map(|&number| async move {
        api::search_file(&search::shard_path(number), search::decode_shard).await.map(|shard| (number, shard))
    }));
    let category = async {
        match &plan.category {
            Some(slug) => api::search_file(&search::category_path(slug), search::decode_category_docs).await.map(Some),
            None => Ok(None),
        }
    };
    let days = async {
        if plan.days {
            api::search_file(&search::days_path(), search::decode_days).await.map(Some)
        } else {
            Ok(None)
        }
    };
    let (shards, category, days) = futures::future::join3(shards, category, days).await;
    let shards: HashMap<_, _> = shards.into_iter().collect::<Result<_, _>>()?;
    let category = match category {
        // A category the index does not know has no results.
        Err(ApiError::NotFound) => return Ok(no_results()),
        other => other?,
    };
    let days = days?;
    let hits = timed_evaluation(|| search::evaluate(&manifest, &query, filters, &shards, category.as_ref(), days.as_ref()));
    let total_pages = pages_for(hits.total);
    if page > total_pages {
        return Err(ApiError::NotFound);
    }
    let start = (page as usize - 1) * RESULTS_PER_PAGE;
    let shown: Vec<u32> = hits.docs.iter().skip(start).take(RESULTS_PER_PAGE).copied().collect();
    let chunks = futures::future::join_all(search::chunks_for(&manifest, &shown).into_iter().map(|number| {
        let manifest = &manifest;
        async move {
            api::search_file(&search::doc_chunk_path(number), |bytes| {
                search::decode_doc_chunk(manifest, number, &api::as_text(bytes))
            })
            .await
        }
    }))
    .await;
    let mut documents: HashMap<u32, ArticleSummary> = HashMap::new();
    for chunk in chunks {
        documents.extend(chunk?);
    }
    let items = shown.iter().filter_map(|doc| documents.remove(doc)).collect();
    Ok(Results { total: hits.total, at_least: hits.lower_bound, page, total_pages, items })
}

/// The name of the query's evaluation (intersecting, filtering, ranking;
/// no network) in the browser's performance timeline, where the bench and
/// the browser's own profiler read it.
const EVALUATION_MEASURE: &str = "ban-tin:search-evaluate";

/// Runs `evaluate` between two User Timing marks, named [`EVALUATION_MEASURE`].
fn timed_evaluation<T>(evaluate: impl FnOnce() -> T) -> T {
    const START: &str = "ban-tin:search-evaluate-start";
    let performance = web_sys::window().and_then(|window| window.performance());
    if let Some(performance) = &performance {
        let _ = performance.mark(START);
    }
    let result = evaluate();
    if let Some(performance) = &performance {
        let _ = performance.measure_with_start_mark(EVALUATION_MEASURE, START);
        performance.clear_marks_with_mark_name(START);
    }
    result
}

/// A search the backend answers (`"search": "server"` in `site.json`).
async fn search_on_server(params: &SearchParams, page: u32) -> Result<Results, ApiError> {
    let list = api::server_search(routes::search_api_path(params, page)).await?;
    let total = list.total_items as usize;
    Ok(Results { total, at_least: false, page: list.page.max(1), total_pages: list.total_pages.max(1), items: list.items })
}

/// `/tim-kiem?q=…&chuyen-muc=…&tu=…&den=…&trang=N`: search over every
/// article, accent-insensitive, from the static index (or the backend).
#[component]
pub fn SearchPage() -> impl IntoView {
    let site = SiteContext::current();
    let query_map = use_query_map();
    let params = Memo::new(move |_| query_map.with(|map| SearchParams::from_query(|name| map.get(name))));
    let page = Memo::new(move |_| routes::parse_page_query(query_map.read().get(routes::PAGE_QUERY).as_deref()));
    let status = RwSignal::new(String::new());
    Effect::new(move |_| {
        site.current_category.set(None);
        site.search_query.set(params.get().query);
    });
    on_cleanup(move || site.search_query.set(String::new()));

    let server = Memo::new(move |_| site.site.with(|site| site.as_ref().is_some_and(|site| site.search_on_server())));
    // The key names the search asked for: an answer for words or a page
    // the reader has left is never shown.
    let key = Signal::derive(move || {
        let page = page.get().map_or_else(String::new, |page| page.to_string());
        format!("{} {page}", params.get().href(1))
    });
    let load: LoadDocument = Rc::new(move |_key: String| {
        let (params, page) = (params.get_untracked(), page.get_untracked());
        // Tracked (see `document_view`): site.json may arrive after the page
        // and say that the backend searches.
        let server = server.get();
        Box::pin(async move {
            // With `split`, the first call fetches the search module; if it
            // cannot, the page says so like any failed request ("Thử lại").
            #[cfg(feature = "split")]
            let answer = search_answer(params, page, server, status).await?;
            #[cfg(not(feature = "split"))]
            let answer = search_answer(params, page, server, status)?;
            answer.await
        })
    });
    let on_failure: ShowFailure = Arc::new(move |error, retry| {
        status.set(String::new());
        announce(text::ERROR_TITLE.to_string());
        view! { <ErrorNotice error=error on_retry=move || retry() nested=true /> }.into_any()
    });

    let title = move || {
        let query = params.with(|params| params.query.clone());
        if query.is_empty() {
            text::SEARCH_TITLE.to_string()
        } else {
            format!("{}: {query}", text::SEARCH_TITLE)
        }
    };

    navigation::document_title(move || text::document_title(&title(), &site.name.get()));
    view! {
        <div class="app-search-page">
            <h1 class="app-search-page__title" tabindex="-1">{text::SEARCH_TITLE}</h1>
            {move || view! { <SearchPageForm params=params.get() /> }}
            <p class="app-search-page__status" role="status">{move || status.get()}</p>
            {document_view(key, load, PlaceholderKind::List, Some(on_failure))}
        </div>
    }
}

/// The search module (with the `split` feature) that could not be fetched:
/// a failed request like any other, and "Thử lại" fetches it again (the
/// loader keeps no failure).
#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for ApiError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ApiError::Network
    }
}

/// The search of `params` (the static index or the backend) and the view
/// of its outcome: everything the search page does that other pages do not.
/// With the `split` feature this and all it alone calls (the index's
/// decoding, the evaluation, the results) go into a wasm module of their
/// own, fetched by the first search (`tools/split-wasm.mjs`).
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(search, wasm_split_path = ::leptos::wasm_split, preload(preload_search_answer), fallible)
)]
fn search_answer(params: SearchParams, page: Option<u32>, server: bool, status: RwSignal<String>) -> Result<DocumentFuture, ApiError> {
    Ok(Box::pin(async move {
        let outcome = if params.query.trim().is_empty() {
            Outcome::Prompt
        } else {
            match (page, filters_of(&params)) {
                (None, _) => Outcome::Results(no_results()),
                (_, Err(message)) => Outcome::BadFilters(message),
                (Some(page), Ok(filters)) => {
                    let results = if server {
                        search_on_server(&params, page).await
                    } else {
                        search_static(&params, &filters, page).await
                    };
                    match results {
                        Ok(results) => Outcome::Results(results),
                        Err(ApiError::NotFound) => Outcome::Results(no_results()),
                        Err(error) => return Err(error),
                    }
                }
            }
        };
        let show: ShowDocument = Arc::new(move || match &outcome {
            Outcome::Prompt => {
                status.set(String::new());
                announce(text::SEARCH_TITLE.to_string());
                view! { <p class="app-search-page__hint">{text::SEARCH_PROMPT}</p> }.into_any()
            }
            Outcome::BadFilters(message) => {
                status.set(String::new());
                announce(message.to_string());
                view! { <p class="app-search-page__error">{*message}</p> }.into_any()
            }
            Outcome::Results(results) => {
                let count = text::search_count(results.total, &params.query, results.at_least);
                status.set(count.clone());
                announce(count);
                results_view(results.clone(), params.clone()).into_any()
            }
        });
        Ok(show)
    }))
}

/// Starts fetching the search page's code (with the `split` feature), so a
/// search typed now does not wait for it; a failure is left to the search,
/// which offers "Thử lại".
pub fn prefetch_search_code() {
    #[cfg(feature = "split")]
    leptos::task::spawn_local(async {
        let _ = preload_search_answer().await;
    });
}

/// Tells `navigation` the page is there, with what to announce.
fn announce(message: String) {
    request_animation_frame(move || navigation::page_ready(&message, text::SEARCH_TITLE));
}

fn results_view(results: Results, params: SearchParams) -> impl IntoView {
    if results.items.is_empty() {
        let filters = params.has_filters().then(|| view! { <li>{text::SEARCH_SUGGEST_FILTERS}</li> });
        return view! {
            <div class="app-search-page__nothing">
                <p>{text::SEARCH_SUGGESTIONS}</p>
                <ul class="app-search-page__suggestions">
                    <li>{text::SEARCH_SUGGEST_SPELLING}</li>
                    <li>{text::SEARCH_SUGGEST_FEWER}</li>
                    {filters}
                </ul>
            </div>
        }
        .into_any();
    }
    let query = Query::parse(&params.query);
    let items = results
        .items
        .into_iter()
        .map(|summary| {
            let query = query.clone();
            view! { <li class="app-search-page__item"><SearchResult summary=summary query=query /></li> }
        })
        .collect_view();
    view! {
        <ul class="app-search-page__list">{items}</ul>
        <Pagination pages=ListPages::Search(params) page=results.page total_pages=results.total_pages />
    }
    .into_any()
}

/// The search form of the page: the words, a category and a date range.
#[component]
fn SearchPageForm(params: SearchParams) -> impl IntoView {
    let site = SiteContext::current();
    let query_ref = NodeRef::<leptos::html::Input>::new();
    let category_ref = NodeRef::<leptos::html::Select>::new();
    let from_ref = NodeRef::<leptos::html::Input>::new();
    let to_ref = NodeRef::<leptos::html::Input>::new();
    let submit = move |event: leptos::ev::SubmitEvent| {
        let value = |input: Option<web_sys::HtmlInputElement>| input.map(|input| input.value()).unwrap_or_default();
        let chosen = SearchParams::from_query(|name| match name {
            routes::SEARCH_QUERY => Some(value(query_ref.get_untracked())),
            routes::SEARCH_CATEGORY => category_ref.get_untracked().map(|select| select.value()),
            routes::SEARCH_FROM => Some(value(from_ref.get_untracked())),
            routes::SEARCH_TO => Some(value(to_ref.get_untracked())),
            _ => None,
        });
        if AppNavigation::go(&chosen.href(1)) {
            event.prevent_default();
        }
    };
    let selected = params.category.clone();
    let categories = move || {
        let categories = site.site.with(|site| site.as_ref().map(|site| site.categories.clone()).unwrap_or_default());
        categories
            .into_iter()
            .map(|category| {
                let is_selected = selected.as_deref() == Some(category.slug.as_str());
                view! { <option value=category.slug.clone() selected=is_selected>{category.name}</option> }
            })
            .collect_view()
    };
    view! {
        <form class="app-search-page__form" role="search" action=routes::SEARCH_PATH method="get" on:submit=submit>
            <div class="app-search-page__field app-search-page__field--query">
                <label for="app-search-page-query">{text::SEARCH_FIELD_LABEL}</label>
                <input
                    id="app-search-page-query"
                    type="search"
                    name=routes::SEARCH_QUERY
                    value=params.query.clone()
                    autocomplete="off"
                    enterkeyhint="search"
                    node_ref=query_ref
                />
            </div>
            <div class="app-search-page__field">
                <label for="app-search-page-category">{text::SEARCH_CATEGORY_LABEL}</label>
                <select id="app-search-page-category" name=routes::SEARCH_CATEGORY node_ref=category_ref>
                    <option value="">{text::SEARCH_ALL_CATEGORIES}</option>
                    {categories}
                </select>
            </div>
            <div class="app-search-page__dates">
                {date_field("app-search-page-from", text::SEARCH_FROM_LABEL, routes::SEARCH_FROM, params.from.clone(), from_ref)}
                {date_field("app-search-page-to", text::SEARCH_TO_LABEL, routes::SEARCH_TO, params.to.clone(), to_ref)}
            </div>
            <div class="app-search-page__actions">
                <button type="submit" class="app-button">{text::SEARCH}</button>
            </div>
        </form>
    }
}

/// One end of the date range: a `dd/mm/yyyy` text field with its label.
fn date_field(
    id: &'static str,
    label: &'static str,
    name: &'static str,
    value: Option<String>,
    node_ref: NodeRef<leptos::html::Input>,
) -> impl IntoView {
    view! {
        <div class="app-search-page__field">
            <label for=id>{label}</label>
            <input
                id=id
                type="text"
                inputmode="numeric"
                name=name
                placeholder=text::SEARCH_DATE_HINT
                value=value.unwrap_or_default()
                node_ref=node_ref
            />
        </div>
    }
}
