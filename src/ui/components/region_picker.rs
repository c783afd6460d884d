//! Picks a region: search by name, grouped by provider and continent, with
//! the regions the platform's rules forbid shown disabled and the reason.

use yew::prelude::*;

use super::fields::Messages;
use crate::domain::catalog::{Provider, Region, REGIONS};

/// Which regions may be chosen, and why the others may not.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PickerRule {
    /// Only this provider (the service's, for secondary regions).
    pub provider: Option<Provider>,
    /// Not this region (the service's own, for secondary regions).
    pub exclude: Option<String>,
    /// Never this provider (Azure for Zilliz).
    pub forbid_provider: Option<(Provider, &'static str)>,
    /// Offer only these regions (catalog names), listed as "In this
    /// scenario": an outage or a fork concerns the scenario's own regions.
    pub only: Option<Vec<String>>,
}

impl PickerRule {
    /// Why `r` may not be chosen, if it may not.
    pub fn reason(&self, r: &Region) -> Option<String> {
        if let Some((p, why)) = self.forbid_provider {
            if r.provider == p {
                return Some(why.to_string());
            }
        }
        if let Some(p) = self.provider {
            if r.provider != p {
                return Some(format!("another provider than the service ({p})"));
            }
        }
        if self.exclude.as_deref() == Some(r.cloud) {
            return Some("the service's own region".into());
        }
        None
    }
}

#[derive(Properties, PartialEq)]
pub struct RegionPickerProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_change: Callback<String>,
    pub field: AttrValue,
    #[prop_or_default]
    pub rule: PickerRule,
    /// When set, the picker may be left empty, and this says what empty
    /// means ("the current secondary location"); it emits "" for it.
    #[prop_or_default]
    pub unset: Option<AttrValue>,
}

fn matches(r: &Region, q: &str) -> bool {
    q.is_empty()
        || r.cloud.contains(q)
        || r.id.contains(q)
        || r.name.to_ascii_lowercase().contains(q)
        || r.continent.display_name().to_ascii_lowercase().contains(q)
}

#[function_component(RegionPicker)]
pub fn region_picker(p: &RegionPickerProps) -> Html {
    let query = use_state(String::new);
    let q = query.trim().to_ascii_lowercase();
    let on_search = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            query.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            )
        })
    };
    let onchange = {
        let cb = p.on_change.clone();
        Callback::from(move |e: Event| {
            cb.emit(
                e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                    .value(),
            )
        })
    };
    let current = crate::domain::catalog::region(&p.value);
    let mut groups: Vec<(String, Vec<&'static Region>)> = Vec::new();
    let is_current = |r: &Region| Some(r.cloud) == current.map(|c| c.cloud);
    let offered = |r: &Region| match &p.rule.only {
        Some(names) => names.iter().any(|n| n == r.cloud),
        None => true,
    };
    // The current value is always listed, so the select shows what is set.
    for r in REGIONS
        .iter()
        .filter(|r| is_current(r) || (offered(r) && matches(r, &q)))
    {
        let g = match p.rule.only {
            Some(_) if offered(r) => "In this scenario".to_string(),
            Some(_) => "Set now, not used elsewhere in this scenario".to_string(),
            None => format!(
                "{} — {}",
                r.provider.display_name(),
                r.continent.display_name()
            ),
        };
        match groups.iter_mut().find(|(name, _)| *name == g) {
            Some((_, v)) => v.push(r),
            None => groups.push((g, vec![r])),
        }
    }
    let search_id = format!("{}-search", p.id);
    html! {
        <div class="field region-picker">
            <label for={p.id.clone()}>{ &p.label }</label>
            <input id={search_id.clone()} class="region-search" type="search" placeholder="search regions: name, city, continent"
                aria-label={format!("Search regions for {}", p.label)} value={(*query).clone()} oninput={on_search} />
            <select id={p.id.clone()} {onchange}>
                if let Some(unset) = &p.unset {
                    <option value="" selected={p.value.is_empty()}>{ unset }</option>
                }
                if current.is_none() && !(p.value.is_empty() && p.unset.is_some()) {
                    <option value={p.value.clone()} selected=true>{ format!("{} (unknown region)", p.value) }</option>
                }
                { for groups.into_iter().map(|(g, regions)| html! {
                    <optgroup label={g}>
                        { for regions.into_iter().map(|r| {
                            let reason = p.rule.reason(r);
                            let label = match &reason {
                                Some(why) => format!("{} — {} (not allowed: {why})", r.cloud, r.name),
                                None => format!("{} — {}", r.cloud, r.name),
                            };
                            html! { <option value={r.cloud} selected={is_current(r)} disabled={reason.is_some() && !is_current(r)} title={reason.clone()}>{ label }</option> }
                        }) }
                    </optgroup>
                }) }
            </select>
            <Messages field={p.field.clone()} />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::region;

    #[test]
    fn the_rule_gives_a_reason_for_each_forbidden_region() {
        let rule = PickerRule {
            provider: Some(Provider::Aws),
            exclude: Some("aws-eu-west-1".into()),
            forbid_provider: None,
            only: None,
        };
        assert_eq!(rule.reason(region("aws-eu-central-1").unwrap()), None);
        assert!(rule
            .reason(region("google-europe-west3").unwrap())
            .unwrap()
            .contains("another provider"));
        assert!(rule
            .reason(region("aws-eu-west-1").unwrap())
            .unwrap()
            .contains("own region"));
        let z = PickerRule {
            forbid_provider: Some((Provider::Azure, "Zilliz does not support Azure")),
            ..Default::default()
        };
        assert!(z.reason(region("azure-westeurope").unwrap()).is_some());
    }
}
