//! Documents rewritten to show the images a run published: every contract
//! `Image` (an object with `src` and `alt`: a lead image, a thumbnail) gets
//! the published variants (`variants`, its `src` the JPEG fallback, its
//! `width`/`height` that file's pixels), and every `<img>` of a `body_html`
//! becomes a `<picture>` with the same variants ([`ban_tin::picture`] says
//! how). An image the run could not publish is left out: the `Image` goes
//! from its document, the `<img>` from its body (the run's warnings name
//! it). An image the run does not copy (another host) stays as it is.
//!
//! URLs are resolved exactly as [`crate::media::image_urls`] found them, so
//! the two passes agree on which image a `src` is.

use std::cell::RefCell;
use std::rc::Rc;

use ban_tin::model::{Image, ImageVariant};
use ban_tin::picture::{self, ImageRole};
use html5ever::serialize::{SerializeOpts, TraversalScope};
use html5ever::tendril::TendrilSink;
use html5ever::tree_builder::TreeBuilderOpts;
use html5ever::{local_name, ns, Attribute, LocalName, ParseOpts, QualName};
use markup5ever_rcdom::{Handle, Node, NodeData, RcDom, SerializableHandle};
use serde_json::{Map, Value};

use crate::media;

/// An image as published: the file an `<img src>` falls back to and every
/// variant (the fallback among them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedImage {
    pub fallback: ImageVariant,
    pub variants: Vec<ImageVariant>,
}

/// What becomes of an image found in a document.
pub enum Outcome<'a> {
    Published(&'a PublishedImage),
    /// It could not be published: it goes.
    LeftOut,
    /// Not the run's to copy: as it is.
    AsIs,
}

/// `document` (the text of the contract document at `path`) with its images
/// rewritten; `None` when nothing changed, so the text stays byte for byte.
/// `api_base` resolves an `Image.src` (as in [`media::image_urls`]);
/// `outcome` tells what became of each resolved URL.
pub fn rewrite_document<'a>(path: &str, document: &str, api_base: &str, outcome: &dyn Fn(&str) -> Outcome<'a>) -> Option<String> {
    let mut value: Value = serde_json::from_str(document).ok()?;
    let body_base = media::page_of(path).map(|page| format!("{}/", page.rsplit_once('/').map_or("", |(directory, _)| directory)));
    let mut changed = false;
    rewrite_value(&mut value, api_base, body_base.as_deref(), outcome, &mut changed);
    changed.then(|| serde_json::to_string(&value).ok()).flatten()
}

/// Rewrites what `value` holds; `true` when `value` itself is an image to
/// leave out.
fn rewrite_value<'a>(value: &mut Value, api_base: &str, body_base: Option<&str>, outcome: &dyn Fn(&str) -> Outcome<'a>, changed: &mut bool) -> bool {
    match value {
        Value::Array(items) => {
            let before = items.len();
            items.retain_mut(|item| !rewrite_value(item, api_base, body_base, outcome, changed));
            *changed |= items.len() != before;
            false
        }
        Value::Object(object) => {
            if let (Some(Value::String(src)), true) = (object.get("src"), object.contains_key("alt")) {
                let url = media::resolve(src.trim(), api_base);
                return match outcome(&url) {
                    Outcome::Published(image) => {
                        set_published(object, image);
                        *changed = true;
                        false
                    }
                    Outcome::LeftOut => {
                        *changed = true;
                        true
                    }
                    Outcome::AsIs => false,
                };
            }
            let mut gone = Vec::new();
            for (key, field) in object.iter_mut() {
                if key == "body_html" {
                    if let (Value::String(html), Some(base)) = (&*field, body_base) {
                        if let Some(rewritten) = rewrite_body(html, base, outcome) {
                            *field = Value::String(rewritten);
                            *changed = true;
                        }
                    }
                } else if rewrite_value(field, api_base, body_base, outcome, changed) {
                    gone.push(key.clone());
                }
            }
            for key in gone {
                object.remove(&key);
            }
            false
        }
        _ => false,
    }
}

/// An `Image` object pointed at its published files.
fn set_published(object: &mut Map<String, Value>, image: &PublishedImage) {
    object.insert("src".into(), Value::String(image.fallback.src.clone()));
    object.insert("width".into(), Value::from(image.fallback.width));
    object.insert("height".into(), Value::from(image.fallback.height));
    let variants: Vec<Value> = image
        .variants
        .iter()
        .map(|variant| {
            serde_json::json!({"src": variant.src, "type": variant.media_type, "width": variant.width, "height": variant.height})
        })
        .collect();
    if variants.len() > 1 {
        object.insert("variants".into(), Value::Array(variants));
    } else {
        object.remove("variants");
    }
}

/// `html` (a `body_html`, shown on a page in the folder `base`) with each
/// `<img>` as [`Outcome`] says; `None` when no image changed.
pub fn rewrite_body<'a>(html: &str, base: &str, outcome: &dyn Fn(&str) -> Outcome<'a>) -> Option<String> {
    if !html.to_ascii_lowercase().contains("<img") {
        return None;
    }
    let (_dom, body, images) = parse_images(html)?;
    let mut changed = false;
    for img in images {
        let Some(src) = attribute(&img, "src") else { continue };
        let url = media::resolve(src.trim(), base);
        let (replacement, target) = match outcome(&url) {
            Outcome::AsIs => continue,
            Outcome::LeftOut => (None, replaced_node(&img)),
            Outcome::Published(image) => (Some(picture_node(&img, image)), replaced_node(&img)),
        };
        replace(&target, replacement);
        changed = true;
    }
    changed.then(|| markup_of(body)).flatten()
}

/// `html` with every `<img>` whose `class` has the token `class_token`
/// (WordPress's `wp-image-{attachment id}`) showing `src` instead, its own
/// `srcset` and `sizes` gone; `None` when no image has it. WordPress puts a
/// post's featured image in its body as a smaller size of the same upload:
/// pointed at the same original, it is the same published image, and a
/// reader downloads it once.
pub fn point_images_at(html: &str, class_token: &str, src: &str) -> Option<String> {
    if !html.contains(class_token) {
        return None;
    }
    let (_dom, body, images) = parse_images(html)?;
    let mut changed = false;
    for img in images {
        let has_token = attribute(&img, "class").is_some_and(|class| class.split_ascii_whitespace().any(|token| token == class_token));
        if let (true, NodeData::Element { attrs, .. }) = (has_token, &img.data) {
            let mut attrs = attrs.borrow_mut();
            attrs.retain(|attr| !matches!(&*attr.name.local, "srcset" | "sizes"));
            for attr in attrs.iter_mut().filter(|attr| &*attr.name.local == "src") {
                attr.value = src.into();
            }
            changed = true;
        }
    }
    changed.then(|| markup_of(body)).flatten()
}

/// `html` parsed as the sanitiser's walks parse it (a document, scripting
/// off): the tree, its `body`, and every `img` in it in document order.
fn parse_images(html: &str) -> Option<(RcDom, Handle, Vec<Handle>)> {
    let options = ParseOpts { tree_builder: TreeBuilderOpts { scripting_enabled: false, ..Default::default() }, ..Default::default() };
    let dom = html5ever::parse_document(RcDom::default(), options).one(html);
    let body = find_element(&dom.document, "body")?;
    let mut images = Vec::new();
    collect_images(&body, &mut images);
    Some((dom, body, images))
}

/// The markup of what `body` holds.
fn markup_of(body: Handle) -> Option<String> {
    let mut out = Vec::new();
    let handle = SerializableHandle::from(body);
    html5ever::serialize(&mut out, &handle, SerializeOpts { traversal_scope: TraversalScope::ChildrenOnly(None), ..Default::default() }).ok()?;
    String::from_utf8(out).ok()
}

fn is_element(node: &Handle, name: &str) -> bool {
    matches!(&node.data, NodeData::Element { name: qual, .. } if qual.ns == ns!(html) && &*qual.local == name)
}

fn find_element(node: &Handle, name: &str) -> Option<Handle> {
    if is_element(node, name) {
        return Some(node.clone());
    }
    node.children.borrow().iter().find_map(|child| find_element(child, name))
}

/// Every `img` under `node`, in document order (an iterative walk: any depth).
fn collect_images(node: &Handle, out: &mut Vec<Handle>) {
    let mut stack = vec![node.clone()];
    while let Some(node) = stack.pop() {
        if is_element(&node, "img") {
            out.push(node.clone());
        }
        stack.extend(node.children.borrow().iter().rev().cloned());
    }
}

fn attribute(node: &Handle, name: &str) -> Option<String> {
    let NodeData::Element { attrs, .. } = &node.data else { return None };
    let value = attrs.borrow().iter().find(|attr| attr.name.ns == ns!() && &*attr.name.local == name).map(|attr| attr.value.to_string());
    value
}

/// The node an image's replacement takes the place of: its `<picture>`
/// when it is in one (the CMS's sources go with it), else the image.
fn replaced_node(img: &Handle) -> Handle {
    let parent = img.parent.take();
    let picture = parent.as_ref().and_then(|weak| weak.upgrade()).filter(|parent| is_element(parent, "picture"));
    img.parent.set(parent);
    picture.unwrap_or_else(|| img.clone())
}

/// Puts `replacement` where `node` is, or removes `node`.
fn replace(node: &Handle, replacement: Option<Handle>) {
    let parent = node.parent.take();
    let Some(parent) = parent.as_ref().and_then(|weak| weak.upgrade()) else { return };
    let mut children = parent.children.borrow_mut();
    if let Some(at) = children.iter().position(|child| Rc::ptr_eq(child, node)) {
        match replacement {
            Some(new) => {
                new.parent.set(Some(Rc::downgrade(&parent)));
                children[at] = new;
            }
            None => {
                children.remove(at);
            }
        }
    }
}

fn element(name: LocalName, attrs: Vec<(&str, String)>) -> Handle {
    let attrs = attrs
        .into_iter()
        .map(|(name, value)| Attribute { name: QualName::new(None, ns!(), LocalName::from(name)), value: value.into() })
        .collect();
    Node::new(NodeData::Element {
        name: QualName::new(None, ns!(html), name),
        attrs: RefCell::new(attrs),
        template_contents: RefCell::new(None),
        mathml_annotation_xml_integration_point: false,
    })
}

fn append(parent: &Handle, child: Handle) {
    child.parent.set(Some(Rc::downgrade(parent)));
    parent.children.borrow_mut().push(child);
}

/// `<picture>` with the published sources and the image, its `alt` (and
/// the attributes the sanitiser may keep, such as `title`) as the editor
/// wrote them; `src`, `srcset`, `sizes`, `width` and `height` are the
/// published files'.
fn picture_node(img: &Handle, published: &PublishedImage) -> Handle {
    let image = Image {
        src: published.fallback.src.clone(),
        alt: attribute(img, "alt").unwrap_or_default(),
        caption: None,
        width: Some(published.fallback.width),
        height: Some(published.fallback.height),
        variants: published.variants.clone(),
    };
    let markup = picture::picture(&image, |src| src.to_string());
    let sizes = picture::sizes(ImageRole::Body).to_string();
    let picture_element = element(local_name!("picture"), Vec::new());
    for (media_type, srcset) in &markup.sources {
        let source = element(local_name!("source"), vec![("type", media_type.clone()), ("srcset", srcset.clone()), ("sizes", sizes.clone())]);
        append(&picture_element, source);
    }
    let replaced = ["src", "srcset", "sizes", "width", "height"];
    let mut attrs: Vec<(&str, String)> = vec![("src", markup.src.clone())];
    if let Some(srcset) = &markup.srcset {
        attrs.push(("srcset", srcset.clone()));
        attrs.push(("sizes", sizes));
    }
    if let (Some(width), Some(height)) = (markup.width, markup.height) {
        attrs.push(("width", width.to_string()));
        attrs.push(("height", height.to_string()));
    }
    let new_img = element(local_name!("img"), attrs);
    if let (NodeData::Element { attrs: kept, .. }, NodeData::Element { attrs: old, .. }) = (&new_img.data, &img.data) {
        kept.borrow_mut().extend(old.borrow().iter().filter(|attr| !replaced.contains(&&*attr.name.local)).cloned());
    }
    append(&picture_element, new_img);
    picture_element
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variant(src: &str, media_type: &str, width: u32) -> ImageVariant {
        ImageVariant { src: src.into(), media_type: media_type.into(), width, height: width * 3 / 4 }
    }

    fn published() -> PublishedImage {
        let fallback = variant("/anh/bbbbbbbbbbbbbbbb-720.jpg", "image/jpeg", 720);
        PublishedImage {
            fallback: fallback.clone(),
            variants: vec![
                variant("/anh/aaaaaaaaaaaaaaaa-320.avif", "image/avif", 320),
                variant("/anh/cccccccccccccccc-720.avif", "image/avif", 720),
                variant("/anh/dddddddddddddddd-320.jpg", "image/jpeg", 320),
                fallback,
            ],
        }
    }

    #[test]
    fn images_of_a_document_point_at_the_published_files_or_go() {
        let image = published();
        let outcome = |url: &str| match url {
            "/api/media/a.jpg" => Outcome::Published(&image),
            "/api/media/bad.jpg" => Outcome::LeftOut,
            _ => Outcome::AsIs,
        };
        let document = r#"{"slug":"x","image":{"src":"media/a.jpg","alt":"Ảnh","caption":"C","width":4000,"height":3000},"related":[{"slug":"y","thumbnail":{"src":"media/bad.jpg","alt":""}},{"slug":"z","thumbnail":{"src":"https://cdn.vn/z.jpg","alt":""}}]}"#;
        let rewritten = rewrite_document("articles/x.json", document, "/api/", &outcome).expect("changed");
        let value: Value = serde_json::from_str(&rewritten).expect("JSON");
        assert_eq!(value["image"]["src"], "/anh/bbbbbbbbbbbbbbbb-720.jpg");
        assert_eq!(value["image"]["width"], 720);
        assert_eq!(value["image"]["height"], 540);
        assert_eq!(value["image"]["caption"], "C");
        assert_eq!(value["image"]["variants"].as_array().map(Vec::len), Some(4));
        assert_eq!(value["image"]["variants"][0]["type"], "image/avif");
        assert!(value["related"][0].get("thumbnail").is_none(), "{rewritten}");
        assert_eq!(value["related"][1]["thumbnail"]["src"], "https://cdn.vn/z.jpg");
        // The image still decodes as the contract says.
        let image: Image = serde_json::from_value(value["image"].clone()).expect("an image");
        assert_eq!(image.variants.len(), 4);
        // Nothing to do: the text as it was.
        assert_eq!(rewrite_document("articles/x.json", r#"{"image":{"src":"https://cdn.vn/a.jpg","alt":""}}"#, "/api/", &outcome), None);
    }

    #[test]
    fn body_images_become_pictures_resolved_against_their_page() {
        let image = published();
        let outcome = |url: &str| match url {
            "/bai-viet/../api/media/a.jpg" | "http://cms.vn/wp-content/uploads/a.jpg" => Outcome::Published(&image),
            "/api/media/gone.jpg" => Outcome::LeftOut,
            _ => Outcome::AsIs,
        };
        let html = r#"<p>Trước <img src="../api/media/a.jpg" alt="Cầu" title="t" class="aligncenter" width="4000" srcset="x.jpg 2x"> sau</p><figure><picture><source srcset="http://cms.vn/a.webp"><img src="http://cms.vn/wp-content/uploads/a.jpg" alt=""></picture><figcaption>Chú thích</figcaption></figure><img src="/api/media/gone.jpg" alt="x"><img src="https://cdn.vn/keep.jpg" alt="k">"#;
        let out = rewrite_body(html, "/bai-viet/", &outcome).expect("changed");
        assert_eq!(out.matches("<picture>").count(), 2, "{out}");
        assert!(out.contains(r#"<source type="image/avif" srcset="/anh/aaaaaaaaaaaaaaaa-320.avif 320w, /anh/cccccccccccccccc-720.avif 720w" sizes=""#), "{out}");
        assert!(out.contains(r#"src="/anh/bbbbbbbbbbbbbbbb-720.jpg""#), "{out}");
        assert!(out.contains(r#"alt="Cầu""#) && out.contains(r#"title="t""#) && out.contains(r#"width="720" height="540""#), "{out}");
        assert!(!out.contains("x.jpg 2x") && !out.contains("a.webp") && !out.contains("4000"), "{out}");
        assert!(!out.contains("gone.jpg"), "{out}");
        assert!(out.contains(r#"<img src="https://cdn.vn/keep.jpg" alt="k">"#), "{out}");
        assert!(out.contains("<figcaption>Chú thích</figcaption>"), "{out}");
        assert_eq!(rewrite_body("<p>Không có ảnh</p>", "/bai-viet/", &outcome), None);
        // WordPress's featured image in the body, at another size: the same original.
        let body = r#"<figure class="wp-block-image"><img src="http://cms.vn/a-1024x768.jpg" class="wp-image-9" srcset="http://cms.vn/a-300x225.jpg 300w" sizes="(max-width: 1024px) 100vw"></figure><img class="wp-image-90" src="http://cms.vn/b.jpg">"#;
        let pointed = point_images_at(body, "wp-image-9", "http://cms.vn/a-scaled.jpg").expect("changed");
        assert!(pointed.contains(r#"<img src="http://cms.vn/a-scaled.jpg" class="wp-image-9">"#), "{pointed}");
        assert!(pointed.contains(r#"src="http://cms.vn/b.jpg""#), "{pointed}");
        assert_eq!(point_images_at(body, "wp-image-7", "x"), None);
        assert_eq!(rewrite_body(r#"<img src="https://cdn.vn/keep.jpg">"#, "/bai-viet/", &outcome), None);
    }
}
