//! The image cache: a folder where every original processed so far has a
//! record, `<sha256 of the original>.json`, and its variants' files,
//! `files/<variant name>`. A record names [`ENCODER_VERSION`]: one written
//! under other settings is a miss, and so is one whose files are missing
//! or of another size. Every file is written to a temporary name and
//! renamed, the record last, so a killed run never leaves a half file
//! that a later run trusts. The only I/O of `images`.

use std::fs;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::decode::{self, Sniffed};
use super::{encode, svg, ImageError, Limits, Processed, Variant, ENCODER_VERSION};

/// A folder of processed images (see the module's documentation).
pub struct ImageCache {
    dir: PathBuf,
    files: PathBuf,
    encoded: AtomicUsize,
}

/// What `<sha256>.json` holds.
#[derive(Serialize, Deserialize)]
struct Record {
    encoder: String,
    /// The original's upright size, so a lower pixel limit still refuses it.
    width: u32,
    height: u32,
    variants: Vec<RecordVariant>,
}

#[derive(Serialize, Deserialize)]
struct RecordVariant {
    name: String,
    media_type: String,
    width: u32,
    height: u32,
    bytes: u64,
}

/// Temporary names are unique within the process (threads) and across
/// processes (the pid).
static TEMPORARY: AtomicUsize = AtomicUsize::new(0);

impl ImageCache {
    /// Opens (creating it if needed) the cache folder `dir`, and removes
    /// the temporary files of killed runs (older than an hour: a run
    /// under way may be writing the newer ones).
    pub fn open(dir: &Path) -> Result<ImageCache, String> {
        let files = dir.join("files");
        fs::create_dir_all(&files).map_err(|e| format!("{}: {}", files.display(), e))?;
        for folder in [dir, files.as_path()] {
            let Ok(entries) = fs::read_dir(folder) else { continue };
            for entry in entries.flatten() {
                let stale = entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|modified| modified.elapsed().ok())
                    .is_some_and(|age| age > std::time::Duration::from_secs(3600));
                if stale && entry.file_name().to_string_lossy().starts_with(".tmp-") {
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
        Ok(ImageCache {
            dir: dir.to_path_buf(),
            files,
            encoded: AtomicUsize::new(0),
        })
    }

    /// Processes `original` (or finds it done): the variants' files are in
    /// the cache folder, named `Variant::name`.
    pub fn process(&self, original: &[u8], limits: &Limits) -> Result<Processed, ImageError> {
        if original.len() as u64 > limits.max_bytes {
            return Err(ImageError::TooManyBytes {
                bytes: original.len() as u64,
                max_bytes: limits.max_bytes,
            });
        }
        self.process_hashed(original, &hex(&Sha256::digest(original)), limits)
    }

    /// Where a variant's bytes are.
    pub fn file(&self, variant_name: &str) -> PathBuf {
        self.files.join(variant_name)
    }

    /// How many originals this value decoded and encoded (cache misses
    /// that produced variants): a republish counts 0.
    pub fn encoded_count(&self) -> usize {
        self.encoded.load(Ordering::Relaxed)
    }

    /// Keeps a file made elsewhere (the emblem's PNG preview) in the cache
    /// folder under the naming rule of the variants,
    /// `<16 hex of its SHA-256>-<width>.<extension>`, and returns the name.
    pub fn keep_file(&self, bytes: &[u8], width: u32, extension: &str) -> Result<String, ImageError> {
        if extension.is_empty() || !extension.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(ImageError::Io(format!("{:?} is not a file extension", extension)));
        }
        let name = format!("{}-{}.{}", &hex(&Sha256::digest(bytes))[..16], width, extension);
        self.put(&name, bytes)?;
        Ok(name)
    }

    /// The original whose bytes hash to `sha256` (64 lower-hex chars), if
    /// this folder holds it complete under the current settings: its record
    /// and every file. `Ok(None)` for anything less (a miss); an error when
    /// the original is larger than `limits` now allow.
    pub fn lookup(&self, sha256: &str, limits: &Limits) -> Result<Option<Processed>, ImageError> {
        // The hash may come from a state file: never a path.
        if sha256.len() != 64 || !sha256.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Ok(None);
        }
        let Ok(json) = fs::read(self.record_path(sha256)) else {
            return Ok(None);
        };
        let Ok(record) = serde_json::from_slice::<Record>(&json) else {
            return Ok(None);
        };
        if record.encoder != ENCODER_VERSION || record.variants.is_empty() {
            return Ok(None);
        }
        if u64::from(record.width) * u64::from(record.height) > limits.max_pixels {
            return Err(ImageError::TooManyPixels {
                width: record.width,
                height: record.height,
            });
        }
        let mut variants = Vec::with_capacity(record.variants.len());
        for v in record.variants {
            let Some(media_type) = static_media_type(&v.media_type) else {
                return Ok(None);
            };
            if v.name.contains(['/', '\\']) || v.name.starts_with('.') {
                return Ok(None);
            }
            let on_disk = fs::metadata(self.file(&v.name)).map(|m| m.len()).ok();
            if on_disk != Some(v.bytes) {
                return Ok(None);
            }
            variants.push(Variant {
                name: v.name,
                media_type,
                width: v.width,
                height: v.height,
                bytes: v.bytes,
            });
        }
        Ok(Some(Processed {
            original_sha256: sha256.to_string(),
            variants,
        }))
    }

    fn process_hashed(&self, original: &[u8], sha256: &str, limits: &Limits) -> Result<Processed, ImageError> {
        if let Some(done) = self.lookup(sha256, limits)? {
            return Ok(done);
        }
        let format = match decode::sniff(original)? {
            Sniffed::Svg => return self.pass_svg(original, sha256),
            Sniffed::Raster(format) => format,
        };
        // A decoder's or encoder's bug on one hostile file is that file's
        // error, not the run's end (where panics unwind: not in release).
        let encoded = catch_unwind(AssertUnwindSafe(|| {
            let decoded = decode::decode(original, format, limits)?;
            let files = encode::encode_ladder(&decoded.pixels, decoded.has_alpha)?;
            Ok::<_, ImageError>((decoded.pixels.width(), decoded.pixels.height(), files))
        }))
        .map_err(|_| ImageError::Corrupt("the decoder or an encoder failed on this file".into()))??;
        let (width, height, files) = encoded;

        let mut variants = Vec::with_capacity(files.len());
        for file in files {
            let name = format!(
                "{}-{}.{}",
                &hex(&Sha256::digest(&file.bytes))[..16],
                file.width,
                file.extension
            );
            self.put(&name, &file.bytes)?;
            variants.push(Variant {
                name,
                media_type: file.media_type,
                width: file.width,
                height: file.height,
                bytes: file.bytes.len() as u64,
            });
        }
        let processed = Processed {
            original_sha256: sha256.to_string(),
            variants,
        };
        self.write_record(&processed, width, height)?;
        self.encoded.fetch_add(1, Ordering::Relaxed);
        Ok(processed)
    }

    /// The record, written last: its files are all in place before it.
    fn write_record(&self, processed: &Processed, width: u32, height: u32) -> Result<(), ImageError> {
        let record = Record {
            encoder: ENCODER_VERSION.to_string(),
            width,
            height,
            variants: processed
                .variants
                .iter()
                .map(|v| RecordVariant {
                    name: v.name.clone(),
                    media_type: v.media_type.to_string(),
                    width: v.width,
                    height: v.height,
                    bytes: v.bytes,
                })
                .collect(),
        };
        let json = serde_json::to_vec_pretty(&record).map_err(|e| ImageError::Io(e.to_string()))?;
        write_atomically(&self.dir, &self.record_path(&processed.original_sha256), &json)
    }

    /// An SVG is its own one variant; there is nothing to encode. It has
    /// a record all the same (with no pixels: 0 × 0), so `lookup` finds it.
    fn pass_svg(&self, original: &[u8], sha256: &str) -> Result<Processed, ImageError> {
        let name = format!("{}.svg", &sha256[..16]);
        self.put(&name, original)?;
        let (width, height) = svg::dimensions(original);
        let processed = Processed {
            original_sha256: sha256.to_string(),
            variants: vec![Variant {
                name,
                media_type: "image/svg+xml",
                width,
                height,
                bytes: original.len() as u64,
            }],
        };
        self.write_record(&processed, 0, 0)?;
        Ok(processed)
    }

    fn record_path(&self, sha256: &str) -> PathBuf {
        self.dir.join(format!("{}.json", sha256))
    }

    /// Writes a variant's file unless it is there already: the name holds
    /// the hash of the bytes, so a file of that name and size is the same.
    fn put(&self, name: &str, bytes: &[u8]) -> Result<(), ImageError> {
        let path = self.file(name);
        if fs::metadata(&path)
            .map(|m| m.len() == bytes.len() as u64)
            .unwrap_or(false)
        {
            return Ok(());
        }
        write_atomically(&self.files, &path, bytes)
    }
}

fn static_media_type(media_type: &str) -> Option<&'static str> {
    ["image/avif", "image/webp", "image/jpeg", "image/png", "image/svg+xml"]
        .into_iter()
        .find(|t| *t == media_type)
}

/// Writes `bytes` to a temporary file in `dir`, then renames it to `path`.
fn write_atomically(dir: &Path, path: &Path, bytes: &[u8]) -> Result<(), ImageError> {
    let temporary = dir.join(format!(
        ".tmp-{}-{}",
        std::process::id(),
        TEMPORARY.fetch_add(1, Ordering::Relaxed)
    ));
    let io = |e: std::io::Error, p: &Path| ImageError::Io(format!("{}: {}", p.display(), e));
    let written = fs::File::create(&temporary)
        .and_then(|mut f| f.write_all(bytes))
        .map_err(|e| io(e, &temporary))
        .and_then(|()| fs::rename(&temporary, path).map_err(|e| io(e, path)));
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{:02x}", b)).collect()
}

/// Processes many originals on `threads` threads (0 = one per core),
/// results in input order. The same bytes twice are processed once.
pub fn process_all(
    cache: &ImageCache,
    originals: &[Vec<u8>],
    limits: &Limits,
    threads: usize,
) -> Vec<Result<Processed, ImageError>> {
    // Hashes first (and the bytes limit), so duplicates are found before
    // any work and each original is hashed once.
    let hashes: Vec<Result<String, ImageError>> = originals
        .iter()
        .map(|original| {
            if original.len() as u64 > limits.max_bytes {
                Err(ImageError::TooManyBytes {
                    bytes: original.len() as u64,
                    max_bytes: limits.max_bytes,
                })
            } else {
                Ok(hex(&Sha256::digest(original)))
            }
        })
        .collect();
    let mut first_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut work = Vec::new();
    for (i, hash) in hashes.iter().enumerate() {
        if let Ok(hash) = hash {
            if !first_of.contains_key(hash.as_str()) {
                first_of.insert(hash, i);
                work.push(i);
            }
        }
    }

    let threads = if threads == 0 {
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    } else {
        threads
    };
    let done: Mutex<Vec<Option<Result<Processed, ImageError>>>> = Mutex::new(vec![None; originals.len()]);
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads.min(work.len()) {
            scope.spawn(|| {
                while let Some(&i) = work.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let Ok(hash) = &hashes[i] else { continue };
                    let result = cache.process_hashed(&originals[i], hash, limits);
                    if let Ok(mut done) = done.lock() {
                        done[i] = Some(result);
                    }
                }
            });
        }
    });
    let done = done.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    hashes
        .iter()
        .enumerate()
        .map(|(i, hash)| {
            let hash = hash.as_ref().map_err(Clone::clone)?;
            let first = first_of.get(hash.as_str()).copied().unwrap_or(i);
            done[first]
                .clone()
                .unwrap_or_else(|| Err(ImageError::Io("the image was not processed".into())))
        })
        .collect()
}
