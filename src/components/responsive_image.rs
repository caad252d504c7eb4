//! `ResponsiveImage`: a contract image rendered with its variants (`picture`'s rules).

use leptos::prelude::*;

use crate::api;
use crate::model::Image;
use crate::picture::{self, ImageRole};

/// A contract image as `<picture>`: one `<source>` per modern format (AVIF,
/// WebP) and the `<img>` with its JPEG or PNG `srcset`, all with the role's
/// `sizes`, so the browser picks the file; a bare `<img>` when the image
/// has no variants. `class` goes on the `<img>` (the stylesheets size it);
/// `<picture class="app-picture">` takes no box of its own
/// (`display: contents`), so the `<img>` stays the figure's or the card's
/// grid item.
///
/// The lead photo is fetched first (`fetchpriority="high"`, never lazy):
/// it is the article page's largest paint. Every other role loads lazily.
/// All decode off the main thread (`decoding="async"`), as before.
#[component]
pub fn ResponsiveImage(image: Image, role: ImageRole, class: &'static str, #[prop(into)] alt: String) -> impl IntoView {
    let picture = picture::picture(&image, api::media_url);
    let (assumed_width, assumed_height) = role.assumed_size();
    let sizes = picture::sizes(role);
    let lead = role == ImageRole::Lead;
    let img_sizes = picture.srcset.is_some().then_some(sizes);
    let img = view! {
        <img
            class=class
            src=picture.src
            srcset=picture.srcset
            sizes=img_sizes
            alt=alt
            width=picture.width.unwrap_or(assumed_width)
            height=picture.height.unwrap_or(assumed_height)
            fetchpriority=lead.then_some("high")
            loading=(!lead).then_some("lazy")
            decoding="async"
        />
    };
    if picture.sources.is_empty() {
        return img.into_any();
    }
    let sources = picture
        .sources
        .into_iter()
        .map(|(media_type, srcset)| view! { <source type=media_type srcset=srcset sizes=sizes /> })
        .collect_view();
    view! { <picture class="app-picture">{sources}{img}</picture> }.into_any()
}
