//! The reference article at phone and desktop widths: screenshots for the
//! docs (written under target/, not docs/), no horizontal overflow, images
//! that load and fit.

use crate::support::REFERENCE_SLUG;

#[tokio::test]
async fn screenshots() {
    let dir = e2e::target_dir().join("e2e-screenshots");
    for (width, height) in [(375u32, 812u32), (1280, 900)] {
        let t = e2e::Harness::builder()
            .window_size(width, height)
            .start()
            .await;
        let page = &t.page;
        page.goto(&format!("/bai-viet/{REFERENCE_SLUG}")).await;
        page.wait_for("article.app-article h1.app-article__title")
            .await;
        page.wait_for("section.app-related").await;
        // Every image of the article has loaded.
        page.wait_until(
            "the article's images to load",
            "const imgs = Array.from(document.querySelectorAll('article.app-article img'));
             return imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0)",
            vec![],
        )
        .await;
        assert_eq!(page.viewport().await.0, u64::from(width), "viewport width");

        let png = page
            .screenshot(dir.join(format!("article-{width}.png")))
            .await;
        assert!(
            png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 1000,
            "{} bytes",
            png.len()
        );
        page.screenshot_full_page(dir.join(format!("article-{width}-full.png")))
            .await;

        let scroll_width = page
            .eval("document.documentElement.scrollWidth")
            .await
            .as_u64()
            .unwrap();
        if width == 375 {
            assert!(
                scroll_width <= 375,
                "horizontal overflow at 375 px: scrollWidth {scroll_width}"
            );
        }
        let images = page
            .exec_with(
                "return Array.from(document.querySelectorAll('article.app-article img'), i => ({
                     src: i.currentSrc || i.src,
                     natural: i.naturalWidth,
                     width: i.getBoundingClientRect().width,
                 }))",
                vec![],
            )
            .await;
        for image in images.as_array().unwrap() {
            assert!(
                image["natural"].as_u64().unwrap_or(0) > 0,
                "image did not load: {image}"
            );
            assert!(
                image["width"].as_f64().unwrap_or(f64::MAX) <= f64::from(width),
                "image wider than the {width} px viewport: {image}"
            );
        }
        t.close().await;
    }
}
