use leptos::prelude::*;

use crate::text;

/// One step of a breadcrumb trail; the last one is the current page and has no link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crumb {
    pub label: String,
    pub href: Option<String>,
}

impl Crumb {
    pub fn link(label: impl Into<String>, href: impl Into<String>) -> Self {
        Crumb { label: label.into(), href: Some(href.into()) }
    }

    pub fn current(label: impl Into<String>) -> Self {
        Crumb { label: label.into(), href: None }
    }
}

/// "Trang chủ › {category} › …" as an ordered list in a labelled nav.
#[component]
pub fn Breadcrumbs(trail: Vec<Crumb>) -> impl IntoView {
    let items = trail
        .into_iter()
        .map(|crumb| match crumb.href {
            Some(href) => view! {
                <li class="app-breadcrumbs__item">
                    <a class="app-breadcrumbs__link" href=href>{crumb.label}</a>
                </li>
            }
            .into_any(),
            None => view! {
                <li class="app-breadcrumbs__item" aria-current="page">{crumb.label}</li>
            }
            .into_any(),
        })
        .collect_view();
    view! {
        <nav class="app-breadcrumbs" aria-label=text::BREADCRUMB_LABEL>
            <ol class="app-breadcrumbs__list">{items}</ol>
        </nav>
    }
}
