//! Keeping a scenario whole when its service moves: after the service's
//! region changes (on Aiven, possibly to another cloud provider), the
//! secondary locations and the timeline events that named the old regions
//! follow, so the scenario does not turn invalid or quietly test regions it
//! no longer uses.

use super::catalog::{self, Region};
use super::scenario::{canonical, Platform, Scenario, TimelineEvent};

/// One change made to follow the service, for the notice.
#[derive(Debug, Clone, PartialEq)]
pub struct Followed {
    /// Scenario path of the changed field.
    pub field: String,
    pub from: String,
    pub to: String,
}

/// The region of `provider` nearest to `to`, other than `to` itself and
/// `taken`: where a secondary location goes when the service moves.
pub fn nearest_secondary(to: &Region, taken: &[String]) -> Option<&'static Region> {
    catalog::regions_of(to.provider)
        .filter(|r| r.cloud != to.cloud && !taken.iter().any(|t| t == r.cloud))
        .min_by(|a, b| a.distance_km(to).total_cmp(&b.distance_km(to)))
}

/// After the service moved from `old` (a catalog name) to the scenario's
/// current primary region, moves what depended on the old one:
///
/// - a secondary location on another provider than the service's (Aiven
///   copies within one provider), or in the service's new region, goes to
///   the nearest free region of the service's provider;
/// - outages of the old service region become outages of the new one;
///   outages, forks, region changes and enables that named a moved
///   secondary name its replacement.
///
/// Returns what changed, empty if nothing had to.
pub fn follow_primary(s: &mut Scenario, old: &str) -> Vec<Followed> {
    let (Some(new), Some(old)) = (s.primary_region(), catalog::region(old)) else {
        return Vec::new();
    };
    if new.cloud == old.cloud {
        return Vec::new();
    }
    let mut out = Vec::new();
    // (old name, new name) of each moved secondary.
    let mut moved: Vec<(String, String)> = vec![(old.cloud.to_string(), new.cloud.to_string())];
    if let Platform::Aiven(a) = &mut s.platform {
        let mut taken: Vec<String> = a
            .additional_backup_regions
            .iter()
            .map(|r| canonical(r))
            .collect();
        for (i, r) in a.additional_backup_regions.iter_mut().enumerate() {
            let fits = catalog::region(r)
                .is_some_and(|x| x.provider == new.provider && x.cloud != new.cloud);
            if fits {
                continue;
            }
            if let Some(to) = nearest_secondary(new, &taken) {
                out.push(Followed {
                    field: format!("platform.aiven.additional_backup_regions[{i}]"),
                    from: r.clone(),
                    to: to.cloud.to_string(),
                });
                moved.push((canonical(r), to.cloud.to_string()));
                taken.push(to.cloud.to_string());
                *r = to.cloud.to_string();
            }
        }
    }
    let map = |name: &str| -> Option<String> {
        let c = canonical(name);
        moved
            .iter()
            .find(|(from, _)| *from == c)
            .map(|(_, to)| to.clone())
    };
    for (i, e) in s.events.iter_mut().enumerate() {
        let mut follow = |field: &str, value: &mut String, allow_primary: bool| {
            if let Some(to) = map(value) {
                // The old service region maps to the new one only where the
                // event may name the service's region (an outage).
                if !allow_primary && to == new.cloud {
                    return;
                }
                out.push(Followed {
                    field: format!("events[{i}].{field}"),
                    from: value.clone(),
                    to: to.clone(),
                });
                *value = to;
            }
        };
        match e {
            TimelineEvent::Outage { region, .. } => follow("region", region, true),
            TimelineEvent::Fork {
                from_region: Some(r),
                ..
            } => follow("from_region", r, false),
            TimelineEvent::ChangeBackupRegion { from, to, .. } => {
                if let Some(f) = from {
                    follow("from", f, false);
                }
                follow("to", to, false);
            }
            TimelineEvent::EnableBtar {
                region: Some(r), ..
            } => follow("region", r, false),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validation::validate;
    use crate::presets;

    fn aiven_cloud(s: &mut Scenario, to: &str) -> String {
        let Platform::Aiven(a) = &mut s.platform else {
            panic!("not aiven")
        };
        std::mem::replace(&mut a.cloud, to.to_string())
    }

    #[test]
    fn a_move_to_another_provider_takes_the_secondary_and_events_along() {
        let mut s = presets::default_scenario();
        assert!(validate(&s).is_valid());
        let old = aiven_cloud(&mut s, "google-europe-west1");
        // The old provider's secondary is now an error…
        assert!(!validate(&s).is_valid());
        let changes = follow_primary(&mut s, &old);
        assert!(!changes.is_empty());
        // …and after following, every region is Google's and it validates.
        let problems = validate(&s);
        assert!(problems.is_valid(), "{problems:?}");
        for r in s.secondary_regions() {
            assert!(r.starts_with("google-"), "{r}");
        }
        for e in &s.events {
            if let TimelineEvent::Outage { region, .. } = e {
                assert!(region.starts_with("google-"), "{region}");
            }
        }
        assert!(changes.iter().any(|c| c
            .field
            .starts_with("platform.aiven.additional_backup_regions")));
    }

    #[test]
    fn a_move_within_a_provider_keeps_a_fitting_secondary() {
        let mut s = presets::default_scenario();
        let before = s.secondary_regions();
        let old = aiven_cloud(&mut s, "aws-eu-west-2");
        follow_primary(&mut s, &old);
        assert_eq!(s.secondary_regions(), before);
        // Moving onto the secondary's own region moves the secondary away.
        let mut s = presets::default_scenario();
        let sec = s.secondary_regions()[0].clone();
        let old = aiven_cloud(&mut s, &sec);
        let c = follow_primary(&mut s, &old);
        assert_ne!(s.secondary_regions()[0], sec, "{c:?}");
        assert!(validate(&s).is_valid(), "{:?}", validate(&s));
    }

    #[test]
    fn nothing_to_follow_without_a_move() {
        let mut s = presets::default_scenario();
        let same = match &s.platform {
            Platform::Aiven(a) => a.cloud.clone(),
            _ => panic!("not aiven"),
        };
        assert!(follow_primary(&mut s, &same).is_empty());
        assert!(follow_primary(&mut s, "not-a-region").is_empty());
    }
}
