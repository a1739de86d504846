//! The site's code and styles (`/pkg`): served as the build wrote them, never compressed
//! per request. `cargo leptos build --release --precompress` writes a Brotli (quality 11)
//! and a gzip copy beside every file, and the file server picks the one the browser
//! accepts. With hashed file names (`hash-files`), a file's name changes with its content,
//! so browsers may keep it for a year without asking again; each response carries a
//! validator, so a browser that does ask gets `304 Not Modified`.

use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::path::{Component, Path, PathBuf};

/// Cache-Control for files whose names carry their content's hash.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cache-Control for files with plain names (a development build): check each time.
pub const REVALIDATE: &str = "public, no-cache";

#[derive(Clone)]
pub struct Pkg {
    pub dir: PathBuf,
    pub hashed: bool,
}

/// The service for `/pkg`.
pub fn service(pkg: Pkg) -> axum::Router {
    let files = tower_http::services::ServeDir::new(&pkg.dir).precompressed_br().precompressed_gzip();
    axum::Router::new().fallback_service(files).layer(axum::middleware::from_fn_with_state(pkg, caching))
}

/// A weak validator for the file behind a path: its length and modification time (every
/// encoding of one file shares it, as weak comparison allows).
fn etag(dir: &Path, path: &str) -> Option<String> {
    let rel = Path::new(path.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let meta = std::fs::metadata(dir.join(rel)).ok()?;
    let modified = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(format!("W/\"{:x}-{:x}\"", meta.len(), modified.as_nanos()))
}

fn matches(if_none_match: &str, tag: &str) -> bool {
    let bare = tag.trim_start_matches("W/");
    if_none_match.trim() == "*" || if_none_match.split(',').any(|t| t.trim().trim_start_matches("W/") == bare)
}

async fn caching(State(pkg): State<Pkg>, req: Request, next: Next) -> Response {
    let tag = etag(&pkg.dir, req.uri().path());
    let cache = HeaderValue::from_static(if pkg.hashed { IMMUTABLE } else { REVALIDATE });
    let asked = req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_owned);
    if let (Some(tag), Some(asked)) = (&tag, asked)
        && matches(&asked, tag)
    {
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        if let Ok(v) = HeaderValue::from_str(tag) {
            res.headers_mut().insert(header::ETAG, v);
        }
        res.headers_mut().insert(header::CACHE_CONTROL, cache);
        return res;
    }
    let mut res: Response<Body> = next.run(req).await;
    if res.status().is_success() {
        let h = res.headers_mut();
        if let Some(v) = tag.and_then(|t| HeaderValue::from_str(&t).ok()) {
            h.insert(header::ETAG, v);
        }
        h.insert(header::CACHE_CONTROL, cache);
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validators_compare_weakly_and_paths_stay_inside() {
        assert!(matches("W/\"a-1\"", "W/\"a-1\""));
        assert!(matches("\"x\", \"a-1\"", "W/\"a-1\""));
        assert!(!matches("W/\"a-2\"", "W/\"a-1\""));
        let dir = std::env::temp_dir();
        assert!(etag(&dir, "/../etc/passwd").is_none());
    }
}
