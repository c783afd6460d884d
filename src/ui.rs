//! The browser app: Yew components and plotters charts. The only module that
//! touches the browser; it holds a scenario and what the engine derives from
//! it, and computes no domain facts of its own.

pub mod app;
pub mod charts;
pub mod components;
pub mod state;
pub mod storage;

/// Mounts the app on the page's `<body>`, replacing the loading shell that
/// `index.html` paints before the WebAssembly is ready.
pub fn mount() {
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    yew::Renderer::<app::App>::new().render();
}
