//! The pure domain: the region catalog with its default prices, the scenario
//! type, AWS cron schedules and the validation of every platform rule.
//! Nothing here knows about the browser.

pub mod aws_fields;
pub mod catalog;
pub mod clock;
pub mod cron;
pub mod follow;
pub mod pricebook;
pub mod rules;
pub mod scenario;
pub mod tz;
pub mod validation;
