//! The browser app: Yew components and plotters charts. The only module that
//! touches the browser; it holds a scenario and what the engine derives from
//! it, and computes no domain facts of its own.

pub mod app;
pub mod charts;
pub mod components;
pub mod state;
pub mod storage;

/// Mounts the app on the page's `<body>`.
pub fn mount() {
    yew::Renderer::<app::App>::new().render();
}
