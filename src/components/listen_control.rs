use leptos::prelude::*;

use crate::browser;
use crate::text;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Listening {
    Idle,
    Speaking,
    Paused,
}

/// "Nghe đọc bài": reads the title, lead and body aloud with a Vietnamese
/// voice. Absent without the Web Speech API; without a Vietnamese voice the
/// button is disabled and its tooltip says why (an English voice reading
/// Vietnamese would be unintelligible).
#[component]
pub fn ListenControl(title: String, lead: String) -> impl IntoView {
    // Pre-rendered on the host, where no browser can be asked, as the
    // disabled button most browsers get at first: same place, same size.
    if !browser::speech_available() && cfg!(target_arch = "wasm32") {
        return None;
    }
    let has_voice = RwSignal::new(browser::vietnamese_voice().is_some());
    browser::on_voices_changed(move || has_voice.set(browser::vietnamese_voice().is_some()));
    let state = RwSignal::new(Listening::Idle);
    on_cleanup(browser::stop_speech);

    let start = move |_| {
        let Some(voice) = browser::vietnamese_voice() else { return };
        let mut chunks = vec![title.clone(), lead.clone()];
        chunks.extend(browser::text_blocks(".app-article__body"));
        state.set(Listening::Speaking);
        browser::speak(chunks, &voice, move || state.set(Listening::Idle));
    };
    let pause_or_resume = move |_| match state.get_untracked() {
        Listening::Speaking => {
            browser::pause_speech();
            state.set(Listening::Paused);
        }
        Listening::Paused => {
            browser::resume_speech();
            state.set(Listening::Speaking);
        }
        Listening::Idle => {}
    };
    let stop = move |_| {
        browser::stop_speech();
        state.set(Listening::Idle);
    };

    Some(view! {
        <div class="app-listen app-needs-app">
            <Show
                when=move || state.get() != Listening::Idle
                fallback=move || {
                    let start = start.clone();
                    view! {
                        <button
                            type="button"
                            class="app-article-actions__action app-listen__start"
                            disabled=move || !has_voice.get()
                            title=move || if has_voice.get() { text::LISTEN } else { text::LISTEN_NO_VOICE }
                            on:click=start
                        >
                            {text::LISTEN}
                        </button>
                    }
                }
            >
                <button type="button" class="app-article-actions__action app-listen__pause" on:click=pause_or_resume>
                    {move || if state.get() == Listening::Paused { text::LISTEN_RESUME } else { text::LISTEN_PAUSE }}
                </button>
                <button type="button" class="app-article-actions__action app-listen__stop" on:click=stop>
                    {text::LISTEN_STOP}
                </button>
            </Show>
        </div>
    })
}
