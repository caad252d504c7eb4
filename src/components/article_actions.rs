use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::api;
use crate::browser;
use crate::components::ListenControl;
use crate::model::Article;
use crate::picture;
use crate::routes;
use crate::sanitize;
use crate::share;
use crate::text;

/// The action bar of an article: "Gửi Email | In trang | Lưu", plus
/// "Chia sẻ" where the Web Share API exists, else "Sao chép liên kết".
///
/// Nothing fails silently: a share sheet that fails for any reason but the
/// reader's cancel falls back to copying the link, and the status line says
/// what happened; so it does when copying or saving fails.
#[component]
pub fn ArticleActions(article: Article, #[prop(into)] site_name: Signal<String>) -> impl IntoView {
    let article_url = format!("{}{}", browser::origin(), routes::article_href(&article.slug));
    let mailto = share::article_mailto(&article.title, &article.lead, &article_url);
    let (status, set_status) = signal(String::new());

    let on_print = move |_| browser::print();

    // A save that fails says so in the status line, not only in the console.
    // The lead image goes inside the file (`picture::saved_variant`, fetched
    // now) when it is small enough, so the copy shows it offline; else, or
    // when the fetch fails, the file links it.
    let on_save = {
        let article = article.clone();
        let article_url = article_url.clone();
        move |_| {
            let article = article.clone();
            let article_url = article_url.clone();
            let site_name = site_name.get_untracked();
            leptos::task::spawn_local(async move {
                let embedded = embedded_lead_image(&article).await;
                let saved = saved_html(&article, &article_url, &site_name, embedded.as_ref()).and_then(|html| {
                    browser::download(&share::saved_file_name(&article.slug), "text/html;charset=utf-8", &html)
                });
                match saved {
                    Ok(()) => set_status.update(|status| {
                        if status == text::SAVE_FAILED {
                            status.clear();
                        }
                    }),
                    Err(error) => {
                        web_sys::console::warn_2(&"Bản tin: saving the article failed".into(), &error);
                        set_status.set(text::SAVE_FAILED.to_string());
                    }
                }
            });
        }
    };

    let can_share = browser::can_share();
    let share_control = {
        let title = article.title.clone();
        let url = article_url.clone();
        if can_share {
            view! {
                <button
                    type="button"
                    class="app-article-actions__action app-article-actions__share app-needs-app"
                    on:click=move |_| {
                        let title = title.clone();
                        let url = url.clone();
                        leptos::task::spawn_local(async move {
                            let Err(error) = browser::share(&title, &url).await else { return };
                            // The reader closing the sheet is not an error worth showing;
                            // any other failure falls back to copying the link, and says so.
                            if share::share_failure_is_cancel(error_name(&error).as_deref()) {
                                return;
                            }
                            let warning = JsValue::from_str("Bản tin: sharing failed; copying the link instead");
                            web_sys::console::warn_2(&warning, &error);
                            let message = match browser::copy_to_clipboard(&url).await {
                                Ok(()) => text::SHARE_FAILED_LINK_COPIED,
                                Err(_) => text::SHARE_FAILED_COPY_FAILED,
                            };
                            set_status.set(message.to_string());
                        });
                    }
                >
                    {text::SHARE}
                </button>
            }
            .into_any()
        } else {
            view! {
                <button
                    type="button"
                    class="app-article-actions__action app-article-actions__copy app-needs-app"
                    on:click=move |_| {
                        let url = url.clone();
                        leptos::task::spawn_local(async move {
                            let message = match browser::copy_to_clipboard(&url).await {
                                Ok(()) => text::LINK_COPIED,
                                Err(_) => text::COPY_FAILED,
                            };
                            set_status.set(message.to_string());
                        });
                    }
                >
                    {text::COPY_LINK}
                </button>
            }
            .into_any()
        }
    };

    view! {
        <div class="app-article-actions" role="group" aria-label=text::ACTIONS_LABEL>
            <a class="app-article-actions__action app-article-actions__email" href=mailto title=text::SEND_EMAIL_HINT>
                {text::SEND_EMAIL}
            </a>
            <span class="app-article-actions__separator app-needs-app" aria-hidden="true">"|"</span>
            <button type="button" class="app-article-actions__action app-article-actions__print app-needs-app" title=text::PRINT_HINT on:click=on_print>
                {text::PRINT}
            </button>
            <span class="app-article-actions__separator app-needs-app" aria-hidden="true">"|"</span>
            <button type="button" class="app-article-actions__action app-article-actions__save app-needs-app" title=text::SAVE_HINT on:click=on_save>
                {text::SAVE}
            </button>
            <span class="app-article-actions__separator app-needs-app" aria-hidden="true">"|"</span>
            {share_control}
            <ListenControl title=article.title.clone() lead=article.lead.clone() />
            // Nothing at all while empty: a pre-rendered empty text would be a space.
            <span class="app-article-actions__status" role="status">
                {move || Some(status.get()).filter(|message| !message.is_empty())}
            </span>
        </div>
    }
}

/// The lead image as a `data:` URL with its pixel size, when the article
/// has a [`picture::saved_variant`] that downloads as a JPEG of at most
/// [`picture::SAVED_IMAGE_MAX_BYTES`].
async fn embedded_lead_image(article: &Article) -> Option<(String, u32, u32)> {
    let variant = article.image.as_ref().and_then(picture::saved_variant)?;
    match api::media_bytes(&api::media_url(&variant.src)).await {
        Ok(bytes) => picture::saved_image_data_url(&bytes).map(|url| (url, variant.width, variant.height)),
        Err(error) => {
            let line = format!("Bản tin: the saved copy links its image instead: {}", error.describe());
            web_sys::console::warn_1(&line.into());
            None
        }
    }
}

/// The saved file of `article`: its body through the sanitiser with
/// absolute links, and the lead image `embedded`, else linked absolutely.
fn saved_html(
    article: &Article,
    article_url: &str,
    site_name: &str,
    embedded: Option<&(String, u32, u32)>,
) -> Result<String, JsValue> {
    let document = browser::document().ok_or_else(|| JsValue::from_str("no document"))?;
    let body = sanitize::sanitize_to_saved_html_string(&document, &article.body_html, &browser::origin(), article_url);
    let linked_url = article.image.as_ref().and_then(|image| share::absolute_url(article_url, &api::media_url(&image.src)));
    let image = match (embedded, &article.image) {
        (Some((url, width, height)), _) => Some(share::SavedImage { url, width: Some(*width), height: Some(*height) }),
        (None, Some(image)) => linked_url.as_deref().map(|url| share::SavedImage { url, width: image.width, height: image.height }),
        (None, None) => None,
    };
    Ok(share::saved_article_html(&share::SavedArticle {
        article,
        site_name,
        source_url: article_url,
        image,
        sanitized_body: &body,
    }))
}

/// The `name` of a rejection (a `DOMException`'s or an `Error`'s), if it has one.
fn error_name(error: &JsValue) -> Option<String> {
    if !error.is_object() {
        return None;
    }
    js_sys::Reflect::get(error, &"name".into()).ok()?.as_string()
}
