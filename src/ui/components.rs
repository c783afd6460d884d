//! The app's components, one per file.

pub mod calibrate_panel;
pub mod decide;
pub mod deferred;
pub mod fields;
pub mod io_panel;
pub mod region_picker;
pub mod results;
pub mod service_editor;
pub mod timeline_editor;
pub mod workload_editor;

/// A link to one of the project's documents (`docs/…`, copied beside the
/// app by the build), opened in a new tab, written as its path.
pub fn doc_link(path: &'static str) -> yew::Html {
    yew::html! { <a href={path} target="_blank" rel="noopener" class="doc-link">{ path }</a> }
}
