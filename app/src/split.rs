//! The split build's chunks (`cargo leptos build --split`): which files each lazily loaded
//! group of pages needs (`app/src/routes.rs`), read once from the manifest the build writes
//! beside them, so that a page names its group's files in its head and the browser fetches
//! them alongside the main bundle instead of after it. Leptos can do this itself, but only
//! for pages whose code is reached before the first part of the page is ready, which a page
//! that waits for its data is not; so Tandem names them from the route.

#[cfg(feature = "ssr")]
use leptos::prelude::*;

/// The chunks of each lazily loaded function, by the function's name as the build gave it.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug)]
pub struct SplitChunks {
    pkg: String,
    chunks: std::sync::Arc<std::collections::HashMap<String, Vec<String>>>,
}

#[cfg(feature = "ssr")]
impl SplitChunks {
    /// Reads the manifest of a split build; `None` for a build without `--split`.
    pub fn load(site_root: &str, pkg: &str, manifest: &str) -> Option<Self> {
        let path = std::path::Path::new(site_root).join(pkg).join(manifest);
        let chunks = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
        Some(Self { pkg: pkg.to_owned(), chunks: std::sync::Arc::new(chunks) })
    }

    /// The files the function `loader` (`member_page`, ...) needs, as paths on the site.
    /// The build names split points `{function}_{number}`.
    pub fn files_of(&self, loader: &str) -> Vec<String> {
        let mut files: Vec<String> = self
            .chunks
            .iter()
            .filter(|(split, _)| {
                split
                    .strip_prefix(loader)
                    .and_then(|rest| rest.strip_prefix('_'))
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            })
            .flat_map(|(_, files)| files.iter().map(|f| format!("/{}/{f}.wasm", self.pkg)))
            .collect();
        files.sort();
        files.dedup();
        files
    }
}

/// Names the files of a group of pages in the head (`<link rel="preload">`), on the server.
/// The links are registered with the head's metadata rather than rendered in the page, so
/// the page the browser hydrates is the same with or without them; in the browser this
/// does nothing.
pub fn preload_chunks(loader: &'static str) {
    #[cfg(feature = "ssr")]
    for href in use_context::<SplitChunks>().map(|s| s.files_of(loader)).unwrap_or_default() {
        // Rendering a head component to HTML registers it with the head (leptos_meta).
        // Low priority: the page paints first (its text and styles go ahead of the code).
        let _ = view! {
            <leptos_meta::Link rel="preload" href=href as_="fetch" type_="application/wasm" crossorigin="anonymous" fetchpriority="low" />
        }
        .to_html();
    }
    #[cfg(not(feature = "ssr"))]
    let _ = loader;
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn a_group_names_its_own_files_once() {
        let chunks = serde_json::from_str(
            r#"{"member_page_123":["chunk_1.aa","split_member_page_123.bb"],
                "staff_page_123":["chunk_1.aa","split_staff_page_123.cc"],
                "member_page_extra_9":["chunk_9.dd"]}"#,
        )
        .unwrap_or_default();
        let s = SplitChunks { pkg: "pkg".into(), chunks: std::sync::Arc::new(chunks) };
        assert_eq!(s.files_of("member_page"), ["/pkg/chunk_1.aa.wasm", "/pkg/split_member_page_123.bb.wasm"]);
        assert_eq!(s.files_of("staff_page"), ["/pkg/chunk_1.aa.wasm", "/pkg/split_staff_page_123.cc.wasm"]);
        assert!(s.files_of("public_page").is_empty());
    }
}
