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
