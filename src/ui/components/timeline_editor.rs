//! Timeline events: outages, forks & restores (latest or a point in time),
//! backup-region changes, migrations, disable/enable; edited in a list and
//! shown on a horizontal timeline.

use chrono::{DateTime, Utc};
use yew::prelude::*;

use super::fields::{from_local_input, to_local_input, Messages, NumberField};
use super::region_picker::{PickerRule, RegionPicker};
use crate::domain::scenario::{Scenario, TimelineEvent};
use crate::domain::{catalog, clock};
use crate::ui::state::AppContext;
use crate::ui::time;

fn set_at(e: &mut TimelineEvent, t: DateTime<Utc>) {
    match e {
        TimelineEvent::Outage { at, .. }
        | TimelineEvent::Fork { at, .. }
        | TimelineEvent::ChangeBackupRegion { at, .. }
        | TimelineEvent::Migrate { at, .. }
        | TimelineEvent::DisableBtar { at }
        | TimelineEvent::EnableBtar { at, .. } => *at = t,
    }
}

fn label(e: &TimelineEvent) -> &'static str {
    match e {
        TimelineEvent::Outage { .. } => "Region outage",
        TimelineEvent::Fork { .. } => "Fork & restore",
        TimelineEvent::ChangeBackupRegion { .. } => "Change backup region",
        TimelineEvent::Migrate { .. } => "Migrate service",
        TimelineEvent::DisableBtar { .. } => "Disable BTAR",
        TimelineEvent::EnableBtar { .. } => "Enable BTAR",
    }
}

fn new_event(kind: &str, s: &Scenario) -> Option<TimelineEvent> {
    let at = clock::add_hours(
        s.simulation.start,
        i64::from(s.simulation.days.clamp(1, 3660)) * 12,
    );
    let primary = s
        .primary_region()
        .map(|r| r.cloud.to_string())
        .unwrap_or_default();
    let secondary = s.secondary_regions().first().cloned().unwrap_or_default();
    Some(match kind {
        "outage" => TimelineEvent::Outage {
            at,
            region: primary,
            hours: 6.0,
        },
        "fork" => TimelineEvent::Fork {
            at: clock::add_hours(at, 1),
            from_region: None,
            point_in_time: None,
            name: None,
        },
        "change_backup_region" => TimelineEvent::ChangeBackupRegion {
            at,
            from: None,
            to: secondary,
        },
        "migrate" => TimelineEvent::Migrate { at, to: primary },
        "disable_btar" => TimelineEvent::DisableBtar { at },
        "enable_btar" => TimelineEvent::EnableBtar { at, region: None },
        _ => return None,
    })
}

#[function_component(TimelineEditor)]
pub fn timeline_editor() -> Html {
    let Some(ctx) = use_context::<AppContext>() else {
        return html! {};
    };
    let all = use_state(|| false);
    let shown = if *all {
        usize::MAX
    } else {
        super::service_editor::SHOWN_ROWS
    };
    let s = ctx.scenario();
    let start = s.simulation.start;
    let span_s = (i64::from(s.simulation.days) * 86_400).max(1);
    let primary = s.primary_region();
    let secondary_rule = PickerRule {
        provider: primary.map(|r| r.provider),
        exclude: primary.map(|r| r.cloud.to_string()),
        ..Default::default()
    };
    let scoped = Scoped {
        any: PickerRule {
            only: Some(scenario_regions(s, true)),
            ..Default::default()
        },
        secondary: PickerRule {
            only: Some(scenario_regions(s, false)),
            ..secondary_rule.clone()
        },
    };
    let add = |kind: &'static str| {
        ctx.step(move |s: &mut Scenario, _: MouseEvent| {
            if let Some(e) = new_event(kind, s) {
                insert_in_order(&mut s.events, e);
            }
        })
    };
    let sort = ctx.step(|s: &mut Scenario, _: MouseEvent| s.events.sort_by_key(|e| e.at()));
    let pos = |t: DateTime<Utc>| strip_left(clock::seconds_between(start, t), span_s);
    html! {
        <fieldset class="editor timeline">
            <legend>{ "Timeline" }</legend>
            <div class="strip" role="img" aria-label="Events on the simulated span">
                { for s.events.iter().enumerate().take(MAX_MARKS).map(|(i, e)| {
                    let left = pos(e.at());
                    let width = match e { TimelineEvent::Outage { hours, .. } => strip_width(*hours, span_s, left), _ => 0.0 };
                    let style = format!("left:{left:.3}%;width:{width:.3}%");
                    html! { <span class={classes!("mark", e.kind())} style={style} title={format!("{}: {}", label(e), time::minute(e.at()))}>{ i + 1 }</span> }
                }) }
                <span class="strip-start">{ time::month_day(start) }</span>
                <span class="strip-end">{ time::month_day(s.simulation.end()) }</span>
            </div>
            <ol class="events">
                { for s.events.iter().enumerate().take(shown).map(|(i, e)| {
                    let ef = format!("events[{i}]");
                    let id = format!("event-{i}");
                    let on_at = ctx.edit(move |s: &mut Scenario, ev: InputEvent| {
                        let v = ev.target_unchecked_into::<web_sys::HtmlInputElement>().value();
                        if let (Some(t), Some(e)) = (from_local_input(&v), s.events.get_mut(i)) { set_at(e, t) }
                    });
                    let remove = ctx.step(move |s: &mut Scenario, _: MouseEvent| if i < s.events.len() { s.events.remove(i); });
                    html! {
                        <li class="event" id={id.clone()}>
                            <div class="row">
                                <strong>{ format!("{}. {}", i + 1, label(e)) }</strong>
                                <button type="button" class="secondary danger small" onclick={remove} aria-label={format!("Remove event {}", i + 1)}>{ "Remove" }</button>
                            </div>
                            <div class="field">
                                <label for={format!("{id}-at")}>{ "At (UTC)" }</label>
                                <input id={format!("{id}-at")} type="datetime-local" value={to_local_input(e.at())} oninput={on_at} />
                                <Messages field={format!("{ef}.at")} />
                            </div>
                            { event_fields(&ctx, i, e, &ef, &id, &secondary_rule, &scoped) }
                        </li>
                    }
                }) }
            </ol>
            { super::service_editor::more_toggle("events-more", s.events.len(), "events", &all) }
            <div class="row wrap">
                <button type="button" class="secondary" id="add-outage" onclick={add("outage")}>{ "+ Outage" }</button>
                <button type="button" class="secondary" id="add-fork" onclick={add("fork")}>{ "+ Fork & restore" }</button>
                <button type="button" class="secondary" id="add-change" onclick={add("change_backup_region")}>{ "+ Region change" }</button>
                <button type="button" class="secondary" id="add-migrate" onclick={add("migrate")}>{ "+ Migration" }</button>
                <button type="button" class="secondary" id="add-disable" onclick={add("disable_btar")}>{ "+ Disable" }</button>
                <button type="button" class="secondary" id="add-enable" onclick={add("enable_btar")}>{ "+ Enable" }</button>
                <button type="button" class="secondary" onclick={sort}>{ "Sort by time" }</button>
            </div>
        </fieldset>
    }
}

/// The most events drawn on the strip (past this it is a solid bar anyway).
const MAX_MARKS: usize = 400;

/// Left edge of an event on the strip, in percent of the span.
fn strip_left(offset_s: i64, span_s: i64) -> f64 {
    let pct = offset_s as f64 / span_s.max(1) as f64 * 100.0;
    if pct.is_nan() {
        0.0
    } else {
        pct.clamp(0.0, 100.0)
    }
}

/// Width of an outage on the strip, in percent: at least 0.4 % so a short
/// outage stays visible, never past the strip's right end (an outage in the
/// span's last moments gets what room is left).
fn strip_width(hours: f64, span_s: i64, left: f64) -> f64 {
    if !hours.is_finite() {
        return 0.0;
    }
    let room = (100.0 - left).max(0.0);
    (hours * 3600.0 / span_s.max(1) as f64 * 100.0)
        .max(0.4)
        .min(room)
}

/// Adds an event after every event at or before its time, so the list stays
/// in time order.
fn insert_in_order(events: &mut Vec<TimelineEvent>, e: TimelineEvent) {
    let at = e.at();
    let pos = events.partition_point(|x| x.at() <= at);
    events.insert(pos, e);
}

/// The recovery point the last run gave the fork at event index `i`.
fn fork_recovery_point(ctx: &AppContext, i: usize) -> Option<DateTime<Utc>> {
    let s = ctx.scenario();
    let k = s
        .events
        .iter()
        .take(i)
        .filter(|e| matches!(e, TimelineEvent::Fork { .. }))
        .count();
    let sim = ctx.derived.sim.as_ref()?;
    let ok = sim.forks.get(k)?.result.as_ref().ok()?;
    Some(clock::add_seconds(s.simulation.start, ok.recovery_point))
}

/// The regions a scenario involves, as catalog names: its secondary
/// locations (at the start and named by later region changes or enables)
/// and, with `all`, the service's region and migration targets too.
fn scenario_regions(s: &Scenario, all: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |name: &str| {
        if let Some(r) = catalog::region(name) {
            if !out.iter().any(|o| o == r.cloud) {
                out.push(r.cloud.to_string());
            }
        }
    };
    if all {
        if let Some(r) = s.primary_region() {
            push(r.cloud);
        }
    }
    for r in s.secondary_regions() {
        push(&r);
    }
    for e in &s.events {
        match e {
            TimelineEvent::ChangeBackupRegion { to, .. } => push(to),
            TimelineEvent::EnableBtar {
                region: Some(r), ..
            } => push(r),
            TimelineEvent::Migrate { to, .. } if all => push(to),
            _ => {}
        }
    }
    out
}

/// Pickers limited to the scenario's regions: `any` for outages, `secondary`
/// for the location a fork restores from.
struct Scoped {
    any: PickerRule,
    secondary: PickerRule,
}

fn event_fields(
    ctx: &AppContext,
    i: usize,
    e: &TimelineEvent,
    ef: &str,
    id: &str,
    secondary_rule: &PickerRule,
    scoped: &Scoped,
) -> Html {
    match e {
        TimelineEvent::Outage { region, hours, .. } => html! {
            <div class="grid2 wide-first">
                <RegionPicker id={format!("{id}-region")} label="Region down" value={region.clone()} field={format!("{ef}.region")} rule={scoped.any.clone()}
                    on_change={ctx.edit(move |s: &mut Scenario, v: String| if let Some(TimelineEvent::Outage { region, .. }) = s.events.get_mut(i) { *region = v })} />
                <NumberField id={format!("{id}-hours")} label="For" unit="hours" value={*hours} field={format!("{ef}.hours")}
                    on_change={ctx.edit(move |s: &mut Scenario, v: f64| if let Some(TimelineEvent::Outage { hours, .. }) = s.events.get_mut(i) { *hours = v })} />
            </div>
        },
        TimelineEvent::Fork {
            from_region,
            point_in_time,
            name,
            at,
        } => {
            let at = *at;
            let pit = point_in_time.is_some();
            // A point in time defaults to the newest point the secondary
            // holds for this fork (always restorable), from the last run.
            let newest = fork_recovery_point(ctx, i);
            html! {
                <>
                <div class="grid2">
                    <div class="field">
                        <label for={format!("{id}-name")}>{ "Fork name" }</label>
                        <input id={format!("{id}-name")} type="text" value={name.clone().unwrap_or_default()} placeholder="service-fork"
                            oninput={ctx.edit(move |s: &mut Scenario, ev: InputEvent| {
                                let v = ev.target_unchecked_into::<web_sys::HtmlInputElement>().value();
                                if let Some(TimelineEvent::Fork { name, .. }) = s.events.get_mut(i) { *name = (!v.trim().is_empty()).then_some(v) }
                            })} />
                        <Messages field={format!("{ef}.name")} />
                    </div>
                    <div class="field">
                        <label for={format!("{id}-target")}>{ "Restore to" }</label>
                        <select id={format!("{id}-target")} onchange={ctx.edit(move |s: &mut Scenario, ev: Event| {
                            let v = ev.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
                            if let Some(TimelineEvent::Fork { point_in_time, at, .. }) = s.events.get_mut(i) {
                                *point_in_time = (v == "pitr").then(|| newest.unwrap_or_else(|| clock::add_hours(*at, -1)));
                            }
                        })}>
                            <option value="latest" selected={!pit}>{ "Latest backup in the secondary" }</option>
                            <option value="pitr" selected={pit}>{ "A point in time" }</option>
                        </select>
                    </div>
                </div>
                if let Some(t) = point_in_time {
                    <div class="field">
                        <label for={format!("{id}-pitr")}>{ "Point in time (UTC)" }</label>
                        <input id={format!("{id}-pitr")} type="datetime-local" value={to_local_input(*t)}
                            oninput={ctx.edit(move |s: &mut Scenario, ev: InputEvent| {
                                let v = ev.target_unchecked_into::<web_sys::HtmlInputElement>().value();
                                if let (Some(t), Some(TimelineEvent::Fork { point_in_time, .. })) = (from_local_input(&v), s.events.get_mut(i)) { *point_in_time = Some(t) }
                            })} />
                        <Messages field={format!("{ef}.point_in_time")} />
                    </div>
                }
                <RegionPicker id={format!("{id}-from")} label="From the secondary location" value={from_region.clone().unwrap_or_default()} field={format!("{ef}.from_region")}
                    rule={scoped.secondary.clone()} unset="The current secondary location"
                    on_change={ctx.edit(move |s: &mut Scenario, v: String| if let Some(TimelineEvent::Fork { from_region, .. }) = s.events.get_mut(i) { *from_region = (!v.is_empty()).then_some(v) })} />
                <p class="hint">{ format!("Fork requested at {}", time::minute(at)) }</p>
                </>
            }
        }
        TimelineEvent::ChangeBackupRegion { to, .. } => html! {
            <RegionPicker id={format!("{id}-to")} label="New backup region" value={to.clone()} field={format!("{ef}.to")} rule={secondary_rule.clone()}
                on_change={ctx.edit(move |s: &mut Scenario, v: String| if let Some(TimelineEvent::ChangeBackupRegion { to, .. }) = s.events.get_mut(i) { *to = v })} />
        },
        TimelineEvent::Migrate { to, .. } => html! {
            <RegionPicker id={format!("{id}-to")} label="Move the service to" value={to.clone()} field={format!("{ef}.to")}
                on_change={ctx.edit(move |s: &mut Scenario, v: String| if let Some(TimelineEvent::Migrate { to, .. }) = s.events.get_mut(i) { *to = v })} />
        },
        TimelineEvent::DisableBtar { .. } => {
            html! { <p class="hint">{ "Copies stop; existing copies stay until they expire." }</p> }
        }
        TimelineEvent::EnableBtar { region, .. } => html! {
            <RegionPicker id={format!("{id}-region")} label="Backup region" value={region.clone().unwrap_or_default()} field={format!("{ef}.region")} rule={secondary_rule.clone()}
                unset="The region it had before it was disabled"
                on_change={ctx.edit(move |s: &mut Scenario, v: String| if let Some(TimelineEvent::EnableBtar { region, .. }) = s.events.get_mut(i) { *region = (!v.is_empty()).then_some(v) })} />
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    #[test]
    fn an_outage_at_the_end_of_the_span_fits_the_strip() {
        // The last 0.4 % of a 30-day span: no room for the minimum width.
        let span = 30 * 86_400;
        let left = strip_left(span - 3_600, span);
        let w = strip_width(6.0, span, left);
        assert!((0.0..=100.0 - left).contains(&w), "{left} {w}");
        assert_eq!(strip_width(6.0, span, 100.0), 0.0);
        assert_eq!(strip_width(f64::NAN, span, 0.0), 0.0);
        assert_eq!(strip_width(1e300, span, 50.0), 50.0);
        assert_eq!(strip_left(i64::MAX, 1), 100.0);
        assert_eq!(strip_left(i64::MIN, 0), 0.0);
        // A 7-day span with an outage from the 30-day default at day 25.
        let left = strip_left(25 * 86_400, 7 * 86_400);
        assert_eq!(strip_width(8.0, 7 * 86_400, left), 0.0);
    }

    #[test]
    fn new_events_land_in_time_order() {
        let mut s = presets::load("aws-guide-two-dr").expect("preset");
        s.events.clear();
        for kind in ["outage", "fork", "migrate", "outage"] {
            let e = new_event(kind, &s).expect("kind");
            insert_in_order(&mut s.events, e);
        }
        let times: Vec<_> = s.events.iter().map(TimelineEvent::at).collect();
        let mut sorted = times.clone();
        sorted.sort();
        assert_eq!(times, sorted);
        // The fork (an hour after the others) is last.
        assert!(matches!(s.events.last(), Some(TimelineEvent::Fork { .. })));
    }

    #[test]
    fn outages_and_forks_offer_the_scenarios_own_regions() {
        let mut s = presets::load("aws-guide-two-dr").expect("preset");
        s.events.push(TimelineEvent::Migrate {
            at: s.simulation.start,
            to: "aws-ca-central-1".into(),
        });
        let all = scenario_regions(&s, true);
        assert_eq!(
            all,
            [
                "aws-us-east-1",
                "aws-us-west-2",
                "aws-eu-west-1",
                "aws-ca-central-1"
            ]
        );
        // A fork restores from a secondary location only.
        assert_eq!(
            scenario_regions(&s, false),
            ["aws-us-west-2", "aws-eu-west-1"]
        );
    }
}
