//! The static search index of the published folder (`search/…`, the format
//! in docs/API.md): every article read by the checking pass goes into
//! `ban_tin::search::build::IndexBuilder`, with its body as the reader
//! sees it (the sanitiser's text, never the HTML).
//!
//! The builder runs on a thread of its own while the checking pass reads
//! and decodes the next documents (and extracts each body's text, which
//! balances the two threads), so indexing costs the run little wall time;
//! it keeps result fields and compact postings, never the articles' text.

use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

use ban_tin::model::{Article, Site};
use ban_tin::sanitize::host::text_of;
use ban_tin::search::build::{Document, IndexBuilder, IndexFiles};

use crate::content::{self, ContentError, ContentIndex};
use crate::source::Source;

/// Articles waiting for the builder: enough to smooth out a slow one.
const QUEUE: usize = 64;

/// Adds one article to `builder`; `body_text` is its body's text
/// ([`text_of`] its `body_html`).
pub fn add_article(builder: &mut IndexBuilder, article: &Article, body_text: &str) {
    builder.add(&Document {
        slug: &article.slug,
        title: &article.title,
        lead: &article.lead,
        body_text,
        published_at: article.published_at,
        category_slug: &article.category.slug,
        category_name: &article.category.name,
    });
}

/// The index files for what the checking pass read.
pub fn finish(builder: IndexBuilder, site: &Site) -> IndexFiles {
    let categories: Vec<(String, String)> =
        site.categories.iter().map(|category| (category.slug.clone(), category.name.clone())).collect();
    builder.finish(&categories)
}

/// How long the index took.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IndexTiming {
    /// Reading the articles into the builder (on its own thread, while the
    /// checking pass goes on).
    pub adding: Duration,
    /// Numbering, cutting and encoding every file.
    pub finishing: Duration,
}

/// The checking pass over `source` with the search index built alongside.
pub fn check_and_index(source: &dyn Source) -> Result<(ContentIndex, IndexFiles, IndexTiming), ContentError> {
    let (checked, builder, adding) = std::thread::scope(|scope| {
        let (sender, receiver) = sync_channel::<(Article, String)>(QUEUE);
        let worker = scope.spawn(move || {
            let mut builder = IndexBuilder::new();
            let mut busy = Duration::ZERO;
            for (article, body_text) in receiver {
                let started = Instant::now();
                add_article(&mut builder, &article, &body_text);
                busy += started.elapsed();
            }
            (builder, busy)
        });
        let checked = content::index_with(source, &mut |article| {
            let body_text = text_of(&article.body_html);
            // The builder only stops early by panicking; the join below says so.
            let _ = sender.send((article, body_text));
        });
        drop(sender);
        match worker.join() {
            Ok((builder, busy)) => (checked, Some(builder), busy),
            Err(_) => (checked, None, Duration::ZERO),
        }
    });
    let index = checked?;
    let builder = builder.ok_or_else(|| ContentError {
        location: "search index".into(),
        cause: "the index builder stopped unexpectedly".into(),
    })?;
    let started = Instant::now();
    let files = finish(builder, &index.site);
    Ok((index, files, IndexTiming { adding, finishing: started.elapsed() }))
}
