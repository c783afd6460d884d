//! What cross-region backup costs: unit prices per region and pair
//! ([`prices`]), the month × region × category bill of a simulated run
//! ([`bill`]) and the levers compared side by side ([`levers`]).
//!
//! Billing month: **30 days** (720 hours) from the start of the simulated
//! span. Storage is billed in the region that holds a recovery point, per
//! GB-month in its tier; transfer per GB of each completed copy at the source
//! provider's rate for the pair; cold storage keeps a 90-day minimum.

pub mod bill;
pub mod frontier;
pub mod levers;
pub mod monthly;
pub mod prices;

pub use prices::*;
