//! The images a run publishes: every image a document shows that lies under
//! the API base or on a host the run copies from ([`MediaScope`]), read or
//! downloaded once ([`Downloads`]), processed into the published variants
//! ([`images`]: metadata stripped, a ladder of widths, a modern format and
//! a JPEG fallback, cached by the hash of the original) and published under
//! [`IMAGES_FOLDER`] with content-hashed names. The originals themselves are
//! never published: they may carry the photographer's GPS position.
//!
//! One image never stops a run: a missing, unreadable or refused image is
//! left out of the documents that show it, with a warning naming the
//! document and the URL. A fault of the source itself (an API answering
//! 500 for a file under its base) stops the run, as for a document.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use ban_tin::model::ImageVariant;

use crate::document_images::PublishedImage;
use crate::downloads::{Downloads, Fetched, Known};
use crate::images::{ImageCache, Limits, Processed};
use crate::media::{original_of, MediaScope, Original};
use crate::source::{Source, SourceError};

/// The published folder's folder of images (`/anh/…`: "ảnh", images).
pub const IMAGES_FOLDER: &str = "anh";

/// The width the fallback `<img src>` is chosen for: the article column
/// on a phone at 2× or a desktop at 1× (the ladder's 760), which is also
/// what a browser without `srcset` gets.
const FALLBACK_WIDTH: u32 = 760;

/// An image left out of the documents that show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageWarning {
    /// The first document (by path) that shows it, and how many others do.
    pub document: String,
    pub others: usize,
    pub url: String,
    pub cause: String,
}

impl std::fmt::Display for ImageWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.document)?;
        if self.others > 0 {
            write!(f, " (and {} other documents)", self.others)?;
        }
        write!(f, ": image {}: {}; left out", self.url, self.cause)
    }
}

/// What the run made of the images its documents show.
#[derive(Debug, Default)]
pub struct PublishedImages {
    /// Each URL (as [`crate::media::image_urls`] resolved it) the run
    /// copies: its published image, or `None` when it was left out. A URL
    /// not here is not the run's to copy.
    pub outcomes: HashMap<String, Option<PublishedImage>>,
    /// The files to publish under [`IMAGES_FOLDER`] (variant names).
    pub files: BTreeSet<String>,
    pub warnings: Vec<ImageWarning>,
    /// Originals processed (cache misses) in this run.
    pub encoded: usize,
    /// Downloads answered "not modified" or skipped for an unreachable CMS.
    pub unchanged_downloads: usize,
}

/// Where a run reads originals from and how it processes them.
pub struct ImageSources<'a> {
    pub scope: &'a MediaScope,
    /// The source of the files under the API base.
    pub source: &'a dyn Source,
    pub cache: &'a ImageCache,
    pub downloads: &'a Downloads,
    pub limits: &'a Limits,
    pub threads: usize,
}

/// The published image of `processed`, its files under `/anh/`.
pub fn published_image(processed: &Processed) -> Option<PublishedImage> {
    let variants: Vec<ImageVariant> = processed
        .variants
        .iter()
        .map(|variant| ImageVariant {
            src: format!("/{IMAGES_FOLDER}/{}", variant.name),
            media_type: variant.media_type.to_string(),
            width: variant.width,
            height: variant.height,
        })
        .collect();
    let jpegs = || variants.iter().filter(|variant| variant.media_type == "image/jpeg");
    let fallback = jpegs()
        .filter(|variant| variant.width <= FALLBACK_WIDTH)
        .max_by_key(|variant| variant.width)
        .or_else(|| jpegs().min_by_key(|variant| variant.width))
        .or_else(|| variants.first())?
        .clone();
    Some(PublishedImage { fallback, variants })
}

/// Reads, downloads and processes every image of `found` (each document's
/// path and the URLs it shows).
pub fn publish_images(found: &[(String, Vec<String>)], sources: &ImageSources<'_>) -> Result<PublishedImages, SourceError> {
    // Each original once, with the URLs that name it and their documents.
    let mut shown_by: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (document, urls) in found {
        for url in urls {
            shown_by.entry(url.clone()).or_default().push(document);
        }
    }
    let mut originals: BTreeMap<Original, Vec<String>> = BTreeMap::new();
    for url in shown_by.keys() {
        if let Some(original) = original_of(url, sources.scope) {
            originals.entry(original).or_default().push(url.clone());
        }
    }
    let work: Vec<(&Original, &Vec<String>)> = originals.iter().collect();
    let results: Vec<Mutex<Option<Outcome>>> = work.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let unchanged = AtomicUsize::new(0);
    let threads = match sources.threads {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    };
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, work.len().max(1)) {
            scope.spawn(|| loop {
                let at = next.fetch_add(1, Ordering::Relaxed);
                let Some((original, _)) = work.get(at) else { break };
                let outcome = process_one(original, sources, &unchanged);
                if let Ok(mut slot) = results[at].lock() {
                    *slot = Some(outcome);
                }
            });
        }
    });
    let mut published = PublishedImages { unchanged_downloads: unchanged.into_inner(), ..Default::default() };
    for ((_, urls), result) in work.into_iter().zip(results) {
        let result = result.into_inner().ok().flatten().unwrap_or_else(|| Ok(Err("not processed".into())))?;
        let image = result.and_then(|processed| published_image(&processed).ok_or_else(|| "no variant".to_string()));
        for url in urls {
            match &image {
                Ok(image) => {
                    published.files.extend(image.variants.iter().chain([&image.fallback]).filter_map(|variant| {
                        variant.src.strip_prefix(&format!("/{IMAGES_FOLDER}/")).map(str::to_string)
                    }));
                    published.outcomes.insert(url.clone(), Some(image.clone()));
                }
                Err(cause) => {
                    let documents = shown_by.get(url).map(Vec::as_slice).unwrap_or_default();
                    published.warnings.push(ImageWarning {
                        document: documents.first().map_or_else(String::new, |document| document.to_string()),
                        others: documents.len().saturating_sub(1),
                        url: url.clone(),
                        cause: cause.clone(),
                    });
                    published.outcomes.insert(url.clone(), None);
                }
            }
        }
    }
    published.encoded = sources.cache.encoded_count();
    if let Err(error) = sources.downloads.save() {
        published.warnings.push(ImageWarning { document: String::new(), others: 0, url: String::new(), cause: error });
    }
    Ok(published)
}

/// What became of one original: `Err` stops the run (the source failed),
/// `Ok(Err)` leaves the image out.
type Outcome = Result<Result<Processed, String>, SourceError>;

/// One original, read or downloaded and processed (see [`Outcome`]).
fn process_one(original: &Original, sources: &ImageSources<'_>, unchanged: &AtomicUsize) -> Outcome {
    match original {
        Original::ApiFile(file) => Ok(match sources.source.get_bytes(file)? {
            Some(bytes) => sources.cache.process(&bytes, sources.limits).map_err(|error| error.to_string()),
            None => Err(format!("missing from the source ({})", sources.source.location(file))),
        }),
        Original::Remote(url) => {
            let fetched = sources.downloads.get(url, &|sha256| matches!(sources.cache.lookup(sha256, sources.limits), Ok(Some(_))));
            Ok(match fetched {
                Err(cause) => Err(format!("download failed: {cause}")),
                Ok(None) => Err("the CMS has no such file (404)".into()),
                Ok(Some(Fetched::Unchanged { sha256 } | Fetched::Stale { sha256, .. })) => {
                    unchanged.fetch_add(1, Ordering::Relaxed);
                    match sources.cache.lookup(&sha256, sources.limits) {
                        Ok(Some(processed)) => Ok(processed),
                        Ok(None) => Err("the cached image is gone".to_string()),
                        Err(error) => Err(error.to_string()),
                    }
                }
                Ok(Some(Fetched::Bytes { bytes, etag, last_modified })) => {
                    let processed = sources.cache.process(&bytes, sources.limits).map_err(|error| error.to_string());
                    if let Ok(processed) = &processed {
                        sources.downloads.remember(url, Known { sha256: processed.original_sha256.clone(), etag, last_modified, used: 0 });
                    }
                    processed
                }
            })
        }
    }
}
