#![recursion_limit = "256"]
//! The browser entry point: wakes up the server-rendered page.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Each page's code is its own chunk: hydration waits for the page's chunk to arrive.
    leptos::mount::hydrate_lazy(app::App);
}
