//! The app shell Trunk builds (`dist/index.html`: stylesheets, the wasm
//! loader, the Content-Security-Policy, the boot shell) as the template of
//! every pre-rendered page.
//!
//! `index.html` marks three regions with comments that Trunk keeps:
//! - `<!-- page-head -->…<!-- /page-head -->`: the generic title and
//!   description, replaced by each page's head tags;
//! - `<!-- shell-only -->…<!-- /shell-only -->`: the preload script, which a
//!   page that carries its own JSON does not need;
//! - `<!-- page-body -->…<!-- /page-body -->`: the boot shell and its
//!   `<noscript>` note, replaced by the pre-rendered markup.
//!
//! Everything else (inline scripts included, so the CSP's hashes still
//! hold) is copied unchanged.

use ban_tin::head::{head_tags, PageHead};
use ban_tin::share::escape_html;

const MARKERS: [(&str, &str); 3] = [
    ("<!-- page-head -->", "<!-- /page-head -->"),
    ("<!-- shell-only -->", "<!-- /shell-only -->"),
    ("<!-- page-body -->", "<!-- /page-body -->"),
];

/// The shell cut at its marked regions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellTemplate {
    /// The text around the regions: 4 pieces for 3 regions.
    pieces: Vec<String>,
    /// The regions' own content, as in the shell.
    regions: Vec<String>,
}

/// Whether `html` is Trunk's shell (with the boot shell) rather than a
/// page the publisher wrote.
pub fn is_app_shell(html: &str) -> bool {
    MARKERS.iter().all(|(start, end)| html.contains(start) && html.contains(end)) && html.contains("class=\"app-boot\"")
}

impl ShellTemplate {
    pub fn parse(html: &str) -> Result<ShellTemplate, String> {
        let mut pieces = Vec::new();
        let mut regions = Vec::new();
        let mut rest = html;
        for (start, end) in MARKERS {
            let open = rest.find(start).ok_or_else(|| format!("marker {start} is missing"))?;
            let after_open = open + start.len();
            let close = rest[after_open..].find(end).ok_or_else(|| format!("marker {end} is missing"))? + after_open;
            pieces.push(rest[..open].to_string());
            regions.push(rest[after_open..close].to_string());
            rest = &rest[close + end.len()..];
        }
        pieces.push(rest.to_string());
        // An `app-shell.html` kept by an earlier run already names an origin.
        if let Some(start) = regions[0].find("<meta name=\"site-origin\"") {
            let end = regions[0][start..].find('>').map_or(regions[0].len(), |end| start + end + 1);
            let start = regions[0][..start].strip_suffix("\n    ").map_or(start, str::len);
            regions[0].replace_range(start..end, "");
        }
        Ok(ShellTemplate { pieces, regions })
    }

    /// The `content` of the shell's `<meta name="api-base">`, if any.
    pub fn api_base(&self) -> Option<String> {
        let head = &self.pieces[0];
        let start = head.find("<meta name=\"api-base\" content=\"")? + "<meta name=\"api-base\" content=\"".len();
        let end = head[start..].find('"')? + start;
        Some(head[start..end].to_string())
    }

    /// Points every page at another API base.
    pub fn set_api_base(&mut self, api_base: &str) {
        if let Some(current) = self.api_base() {
            let from = format!("<meta name=\"api-base\" content=\"{current}\"");
            let to = format!("<meta name=\"api-base\" content=\"{}\"", escape_html(api_base));
            self.pieces[0] = self.pieces[0].replacen(&from, &to, 1);
        }
    }

    fn origin_meta(origin: &str) -> String {
        format!("\n    <meta name=\"site-origin\" content=\"{}\" />", escape_html(origin))
    }

    /// A pre-rendered page: its head tags, no preload script, its markup.
    pub fn page(&self, origin: &str, head: &PageHead, body: &str) -> String {
        let mut out = String::with_capacity(self.pieces.iter().map(String::len).sum::<usize>() + body.len() + 2048);
        out.push_str(&self.pieces[0]);
        out.push_str(MARKERS[0].0);
        out.push_str(&Self::origin_meta(origin));
        out.push_str("\n    ");
        out.push_str(head_tags(head).replace('\n', "\n    ").trim_end());
        out.push_str("\n    ");
        out.push_str(MARKERS[0].1);
        out.push_str(&self.pieces[1]);
        out.push_str(&self.pieces[2]);
        out.push_str(body);
        out.push_str(&self.pieces[3]);
        out
    }

    /// The bare app shell for URLs without a pre-rendered file, told the
    /// site's origin like every page.
    pub fn app_shell(&self, origin: &str) -> String {
        let mut out = String::new();
        for (index, piece) in self.pieces.iter().enumerate() {
            out.push_str(piece);
            if let Some(region) = self.regions.get(index) {
                let (start, end) = MARKERS[index];
                out.push_str(start);
                if index == 0 {
                    out.push_str(&Self::origin_meta(origin));
                }
                out.push_str(region);
                out.push_str(end);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHELL: &str = "<head><!-- page-head --><title>T</title><!-- /page-head -->\
        <script>a</script><!-- shell-only --><script>p</script><!-- /shell-only --></head>\
        <body><!-- page-body --><div class=\"app-boot\" id=\"app-boot\"></div><!-- /page-body --><script>l</script></body>";

    #[test]
    fn cuts_the_shell_at_its_markers_and_keeps_everything_else() {
        assert!(is_app_shell(SHELL));
        let template = ShellTemplate::parse(SHELL).unwrap();
        let shell = template.app_shell("https://x.gov.vn");
        assert_eq!(shell.replace("\n    <meta name=\"site-origin\" content=\"https://x.gov.vn\" />", ""), SHELL);
        // Kept by an earlier run, the shell is the same template again.
        assert_eq!(ShellTemplate::parse(&shell).unwrap().app_shell("https://x.gov.vn"), shell);
        assert!(!is_app_shell(&shell.replace("class=\"app-boot\"", "")));
        assert!(ShellTemplate::parse("<head></head>").is_err());
        let mut with_base = ShellTemplate::parse(&SHELL.replace("<head>", "<head><meta name=\"api-base\" content=\"/api/\" />")).unwrap();
        assert_eq!(with_base.api_base().as_deref(), Some("/api/"));
        with_base.set_api_base("https://cms.example.gov.vn/api/");
        assert!(with_base.app_shell("https://x.gov.vn").contains("<meta name=\"api-base\" content=\"https://cms.example.gov.vn/api/\""));
    }
}
