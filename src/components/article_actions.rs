use leptos::prelude::*;

use crate::api;
use crate::browser;
use crate::components::ListenControl;
use crate::model::Article;
use crate::routes;
use crate::sanitize;
use crate::share;
use crate::text;

/// The action bar of an article: "Gửi Email | In trang | Lưu", plus
/// "Chia sẻ" where the Web Share API exists, else "Sao chép liên kết".
#[component]
pub fn ArticleActions(article: Article, #[prop(into)] site_name: Signal<String>) -> impl IntoView {
    let article_url = format!("{}{}", browser::origin(), routes::article_href(&article.slug));
    let mailto = share::article_mailto(&article.title, &article.lead, &article_url);
    let (status, set_status) = signal(String::new());

    let on_print = move |_| browser::print();

    let on_save = {
        let article = article.clone();
        let article_url = article_url.clone();
        move |_| {
            let Some(document) = browser::document() else { return };
            let body = sanitize::sanitize_to_html_string(&document, &article.body_html, &browser::origin());
            let image_url = article.image.as_ref().map(|image| absolute_url(&api::media_url(&image.src)));
            let html = share::saved_article_html(&share::SavedArticle {
                article: &article,
                site_name: &site_name.get_untracked(),
                source_url: &article_url,
                image_url: image_url.as_deref(),
                sanitized_body: &body,
            });
            if let Err(error) = browser::download(&share::saved_file_name(&article.slug), "text/html;charset=utf-8", &html) {
                web_sys::console::warn_2(&"Bản tin: saving the article failed".into(), &error);
            }
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
                            // A cancelled share sheet is not an error worth showing.
                            let _ = browser::share(&title, &url).await;
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

/// Media URLs may be root-relative; the saved file needs them absolute.
fn absolute_url(url: &str) -> String {
    if url.starts_with('/') && !url.starts_with("//") {
        format!("{}{url}", browser::origin())
    } else {
        url.to_string()
    }
}
