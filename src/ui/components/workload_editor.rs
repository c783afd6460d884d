//! The workload, the link assumptions and the simulated span.

use yew::prelude::*;

use super::fields::{DateTimeField, NumberField, OptNumberField, Range, SelectField};
use crate::domain::scenario::{Lever, Platform, ResourceType};
use crate::ui::state::AppContext;

#[function_component(WorkloadEditor)]
pub fn workload_editor() -> Html {
    let Some(ctx) = use_context::<AppContext>() else {
        return html! {};
    };
    let s = ctx.scenario();
    let (w, l, sim) = (s.workload, s.link, s.simulation);
    let o = s.objectives;
    // Hours in the editor, seconds in the scenario.
    let hours = |v: Option<i64>| v.map(|x| x as f64 / 3600.0);
    let secs = |v: Option<f64>| v.map(|h| (h * 3600.0).round().clamp(-1e15, 1e15) as i64);
    html! {
        <>
        <fieldset class="editor" id="objectives">
            <legend>{ "Objectives for a loss of the service's region" }</legend>
            <div class="grid2">
                <OptNumberField id="objective-rpo" integer={false} label="RPO: most data lost (hours)" value={hours(o.rpo_s)} field="objectives.rpo_s" placeholder="none"
                    on_change={ctx.edit(move |s, v: Option<f64>| s.objectives.rpo_s = secs(v))} />
                <OptNumberField id="objective-rto" integer={false} label="RTO: longest restore (hours)" value={hours(o.rto_s)} field="objectives.rto_s" placeholder="none"
                    on_change={ctx.edit(move |s, v: Option<f64>| s.objectives.rto_s = secs(v))} />
                <OptNumberField id="objective-budget" integer={false} label="Budget ($ a month, cross-region)" value={o.monthly_budget_usd} field="objectives.monthly_budget_usd" placeholder="none"
                    on_change={ctx.edit(|s, v: Option<f64>| s.objectives.monthly_budget_usd = v)} />
                <OptNumberField id="objective-breach" integer={false} label="Tolerated breach probability (0–1)" value={o.breach_probability} field="objectives.breach_probability" placeholder="none"
                    on_change={ctx.edit(|s, v: Option<f64>| s.objectives.breach_probability = v)} />
            </div>
            <fieldset class="levers" id="may-change">
                <legend>{ "The cheapest plans may change" }</legend>
                { for Lever::ALL.into_iter().map(|l| {
                    let id = format!("may-change-{}", l.id());
                    html! {
                        <div class="field checkbox">
                            <input id={id.clone()} type="checkbox" checked={o.levers().contains(l)}
                                onchange={ctx.edit(move |s, e: Event| {
                                    let on = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
                                    s.objectives.may_change = Some(s.objectives.levers().with(l, on));
                                })} />
                            <label for={id}>{ l.label() }</label>
                        </div>
                    }
                }) }
                <p class="hint">{ "Anything not ticked stays as it is in every plan offered." }</p>
            </fieldset>
        </fieldset>
        <fieldset class="editor">
            <legend>{ "Workload" }</legend>
            <div class="grid3">
                <NumberField id="data-gb" label="Data" unit="GB" value={w.data_gb} field="workload.data_gb"
                    on_change={ctx.edit(|s, v: f64| s.workload.data_gb = v)} />
                <NumberField id="write-gb" label="Writes" unit="GB/day" value={w.write_gb_per_day} field="workload.write_gb_per_day"
                    on_change={ctx.edit(|s, v: f64| { s.workload.write_gb_per_day = v; s.calibration.write_gb_per_day_source = None; })} />
                <NumberField id="growth" label="Growth" unit="%/month" value={w.growth_pct_per_month} field="workload.growth_pct_per_month"
                    on_change={ctx.edit(|s, v: f64| s.workload.growth_pct_per_month = v)} />
            </div>
            if matches!(s.platform, Platform::Aws(_)) {
                <SelectField id="resource-type" label="Resource type (decides incremental or full backups)" value={w.resource_type.id()} field="workload.resource_type"
                    options={ResourceType::ALL.iter().map(|r| (AttrValue::from(r.id()), AttrValue::from(format!("{}{}", r.label(), if r.incremental() { " — incremental" } else { " — full copies" })))).collect::<Vec<_>>()}
                    on_change={ctx.edit(|s, v: String| if let Some(r) = ResourceType::parse(&v) { s.workload.resource_type = r })} />
            }
        </fieldset>
        <fieldset class="editor">
            <legend>{ "Link and jobs" }<span class="assumption-tag" title="Defaults are assumptions; see the assumptions list">{ "assumptions" }</span></legend>
            <div class="grid3">
                <NumberField id="bandwidth" label="Copy bandwidth" unit="Mbit/s" value={l.bandwidth_mbps} field="link.bandwidth_mbps"
                    on_change={ctx.edit(|s, v: f64| s.link.bandwidth_mbps = v)} />
                <NumberField id="backup-throughput" label="Backup speed" unit="Mbit/s" value={l.backup_throughput_mbps} field="link.backup_throughput_mbps"
                    on_change={ctx.edit(|s, v: f64| { s.link.backup_throughput_mbps = v; s.calibration.backup_throughput_source = None; })} />
                <NumberField id="restore-throughput" label="Restore speed" unit="Mbit/s" value={l.restore_throughput_mbps} field="link.restore_throughput_mbps"
                    on_change={ctx.edit(|s, v: f64| s.link.restore_throughput_mbps = v)} />
                <NumberField id="failure-rate" label="Copy failure rate" unit="0–1" value={l.copy_failure_rate} field="link.copy_failure_rate"
                    on_change={ctx.edit(|s, v: f64| s.link.copy_failure_rate = v)} />
                <NumberField id="retry-delay" range={Range::U32} label="Retry after" unit="min" integer=true value={f64::from(l.retry_delay_minutes)} field="link.retry_delay_minutes"
                    on_change={ctx.edit(|s, v: f64| s.link.retry_delay_minutes = v as u32)} />
                <NumberField id="max-attempts" range={Range::U32} label="Attempts" integer=true value={f64::from(l.max_attempts)} field="link.max_attempts"
                    on_change={ctx.edit(|s, v: f64| s.link.max_attempts = v as u32)} />
            </div>
            if !s.calibration.is_empty() {
                <ul class="hint" id="fitted-figures">
                    { for s.calibration.routes.iter().map(|r| html! { <li>{ format!("Copies {} → {}: setup {:.0} s, {:.1} Mbit/s{}, in place of the figures above ({})", r.from, r.to, r.setup_s, r.bandwidth_mbps, r.copy_failure_rate.map_or(String::new(), |f| format!(", failure rate {:.1} %", f * 100.0)), r.source) }</li> }) }
                    { for [("Backup speed", &s.calibration.backup_throughput_source), ("Writes", &s.calibration.write_gb_per_day_source)].into_iter().filter_map(|(f, src)| src.as_ref().map(|src| html! { <li>{ format!("{f}: {src}") }</li> })) }
                </ul>
            }
        </fieldset>
        <fieldset class="editor">
            <legend>{ "Simulation" }</legend>
            // The start gets a row of its own: a date and time input needs
            // more width than a third of the column.
            <DateTimeField id="sim-start" label="Start" value={sim.start} field="simulation.start"
                on_change={ctx.edit(|s, v: chrono::DateTime<chrono::Utc>| s.simulation.start = v)} />
            <div class="grid2">
                <NumberField id="sim-days" range={Range::U32} label="Days" integer=true value={f64::from(sim.days)} field="simulation.days"
                    on_change={ctx.edit(|s, v: f64| s.simulation.days = v as u32)} />
                <NumberField id="sim-seed" range={Range::EXACT} label="Seed" integer=true value={sim.seed as f64} field="simulation.seed"
                    on_change={ctx.edit(|s, v: f64| s.simulation.seed = v as u64)} />
            </div>
        </fieldset>
        </>
    }
}
