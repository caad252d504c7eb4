//! TEMPORARY STUB written by the lead so the crate compiles — the sanitiser
//! helper replaces this whole file. Renders the body as plain text only.

pub fn sanitize_body(document: &web_sys::Document, html: &str, _origin: &str) -> web_sys::DocumentFragment {
    let fragment = document.create_document_fragment();
    let _ = fragment.append_child(&document.create_text_node(html));
    fragment
}

pub fn sanitize_to_html_string(_document: &web_sys::Document, html: &str, _origin: &str) -> String {
    crate::share::escape_html(html)
}
