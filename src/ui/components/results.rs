//! What the run shows: lag, copy jobs, forks, cost and levers, the map, the
//! Aiven lag report, and the assumptions behind the numbers.

use std::rc::Rc;

use chrono::{DateTime, Utc};
use yew::prelude::*;

use crate::cost::bill::{Category, Role};
use crate::cost::levers::LeverRow;
use crate::offload::{Request, Response};
use crate::sim::lag::ReportPeriod;
use crate::sim::report::duration_text as fmt_duration;
use crate::sim::report::{usd, usd_places};
use crate::sim::{JobState, SimResult};
use crate::ui::charts::{
    self, backlog::BacklogData, cost_bars::MonthlyCost, lag::LagChartData, map::MapData,
    use_canvas, Chart,
};
use crate::ui::components::deferred::Deferred;
use crate::ui::state::AppContext;

fn ts(start: DateTime<Utc>, t: i64) -> String {
    crate::ui::time::minute(crate::domain::clock::add_seconds(start, t))
}

/// A time for a table cell: the same text as [`ts`], wrapping only between
/// the date and the time.
fn ts_cell(start: DateTime<Utc>, t: i64) -> Html {
    let text = ts(start, t);
    let (day, time) = text.split_once(' ').unwrap_or((text.as_str(), ""));
    html! { <><span class="nw">{ day }</span>{ " " }<span class="nw">{ time }</span></> }
}

#[derive(Properties)]
pub(crate) struct CanvasProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub height: u32,
    pub chart: Chart,
    /// What the chart shows at a pointer position (CSS px, canvas width):
    /// read out under the chart while the pointer or the arrow keys move
    /// along it. `None` outside the plot.
    #[prop_or_default]
    pub readout: Option<Callback<(f64, f64), Option<String>>>,
}

// The drawing function is fixed per chart; only the data, size and labels
// decide whether to redraw.
impl PartialEq for CanvasProps {
    fn eq(&self, o: &Self) -> bool {
        self.id == o.id && self.label == o.label && self.height == o.height && self.chart == o.chart
    }
}

#[function_component(ChartCanvas)]
pub(crate) fn chart_canvas(p: &CanvasProps) -> Html {
    let (node, error) = use_canvas(p.chart.clone(), p.height);
    // The pointer's x and what the chart shows there; cleared when the
    // data changes, since what it read out is then out of date.
    let cursor = use_state_eq(|| None::<(f64, String)>);
    {
        let cursor = cursor.clone();
        use_effect_with(p.chart.clone(), move |_| cursor.set(None));
    }
    let width = {
        let node = node.clone();
        move || {
            node.cast::<web_sys::HtmlElement>()
                .map_or(0.0, |c| f64::from(c.client_width()))
        }
    };
    // Shows the readout at the first x from `from`, stepping by `step`
    // pixels, that is inside the plot.
    let show_from = {
        let cursor = cursor.clone();
        let readout = p.readout.clone();
        move |from: f64, step: f64, w: f64| {
            let Some(readout) = readout.as_ref() else {
                return;
            };
            let hit = (0..400)
                .map(|k| from + f64::from(k) * step)
                .take_while(|x| (0.0..=w).contains(x))
                .find_map(|x| readout.emit((x, w)).map(|text| (x, text)));
            if hit.is_some() {
                cursor.set(hit);
            }
        }
    };
    let onmousemove = {
        let readout = p.readout.clone();
        let width = width.clone();
        let cursor = cursor.clone();
        Callback::from(move |e: MouseEvent| {
            let x = f64::from(e.offset_x());
            // Off the plot (over the axes), the readout goes away.
            let text = readout.as_ref().and_then(|r| r.emit((x, width())));
            cursor.set(text.map(|t| (x, t)));
        })
    };
    let onmouseleave = {
        let cursor = cursor.clone();
        Callback::from(move |_: MouseEvent| cursor.set(None))
    };
    // Arrow keys step a hundredth of the width, Home and End go to the ends
    // of the plot, Escape hides the readout.
    let onkeydown = {
        let cursor = cursor.clone();
        Callback::from(move |e: KeyboardEvent| {
            let w = width();
            let x = cursor.as_ref().map(|c| c.0);
            let (from, step) = match (e.key().as_str(), x) {
                ("ArrowLeft", Some(x)) => (x - w / 100.0, -1.0),
                ("ArrowRight", Some(x)) => (x + w / 100.0, 1.0),
                ("ArrowLeft" | "ArrowRight", None) => (w / 2.0, 1.0),
                ("Home", _) => (0.0, 1.0),
                ("End", _) => (w, -1.0),
                ("Escape", _) => {
                    cursor.set(None);
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            show_from(from.clamp(0.0, w), step, w);
        })
    };
    let id = p.id.clone();
    let save = {
        let node = node.clone();
        let id = id.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(c) = node.cast::<web_sys::HtmlCanvasElement>() {
                if let Ok(url) = c.to_data_url() {
                    crate::ui::components::io_panel::download_url(&url, &format!("{id}.png"));
                }
            }
        })
    };
    let interactive = p.readout.is_some();
    html! {
        <div class="chart-box">
            <div class="chart-frame">
                <canvas ref={node} id={id.clone()} role="img" aria-label={p.label.clone()} width="640" height={p.height.to_string()}
                    tabindex={interactive.then_some("0")} {onmousemove} {onmouseleave} {onkeydown}
                    aria-describedby={interactive.then(|| format!("{id}-readout"))}></canvas>
                if let Some((x, _)) = &*cursor {
                    <div class="chart-cursor" style={format!("left:{x}px")} aria-hidden="true"></div>
                }
            </div>
            if interactive {
                <p class="readout" id={format!("{id}-readout")} aria-live="polite">{
                    cursor.as_ref().map_or_else(
                        || "Point at the chart, or focus it and use the arrow keys, to read the values at a moment.".to_string(),
                        |c| c.1.clone(),
                    )
                }</p>
            }
            if let Some(e) = error { <p class="error">{ format!("The chart could not be drawn: {e}") }</p> }
            <button type="button" class="secondary small" onclick={save}>{ "Save chart as PNG" }</button>
        </div>
    }
}

/// The results in a few lines, first on a phone (where the full results
/// come after the editors): the worst lag, each fork's data lost, the
/// cross-region cost and any warning, with a link down to the rest.
#[function_component(ResultSummary)]
pub fn result_summary() -> Html {
    let Some(ctx) = use_context::<AppContext>() else {
        return html! {};
    };
    let d = &ctx.derived;
    let errors = ctx.error_count();
    let body = match (&d.sim, &d.bill) {
        (Some(r), Some(b)) if errors == 0 => {
            let worst = r.lag.iter().max_by_key(|l| l.summary.max_s);
            let warnings = d.warnings.len();
            html! {
                <ul>
                    // The figures against their objectives; the why is in the results.
                    { for d.verdict.iter().flat_map(|v| crate::sim::verdict::lines(v)).map(|l| html! { <li>{ l.split_once(". ").map_or(l.as_str(), |(a, _)| a).to_string() }</li> }) }
                    if let Some(l) = worst {
                        <li>{ format!("Worst lag {} ({}); p95 {}", fmt_duration(l.summary.max_s), l.region, fmt_duration(l.summary.p95_s)) }</li>
                    }
                    { for r.forks.iter().map(|f| match &f.result {
                        Ok(ok) => html! { <li>{ format!("Fork {}: {} of data lost, restored in {}", f.name, fmt_duration(ok.data_loss_s), fmt_duration(ok.restore_s)) }</li> },
                        Err(_) => html! { <li class="error">{ format!("Fork {}: fails (see Fork & restore)", f.name) }</li> },
                    }) }
                    <li>{ format!("Cross-region {} over {} days", usd(b.cross_region_usd), ctx.scenario().simulation.days) }</li>
                    if warnings > 0 {
                        <li class="warning">{ format!("{warnings} warning(s) in the results") }</li>
                    }
                </ul>
            }
        }
        _ => match (&d.analysing, &d.sim_error) {
            (Some(a), _) if errors == 0 => html! {
                <p class={if a.stopped.is_some() { "error" } else { "" }}>{ a.stopped.clone().unwrap_or_else(|| analysing_text(a)) }</p>
            },
            (_, Some(e)) if errors == 0 => html! { <p class="error">{ e.clone() }</p> },
            _ => {
                html! { <p class="error">{ format!("{errors} error(s) block the results: see the checks below.") }</p> }
            }
        },
    };
    html! {
        <section class="brief narrow-only" id="result-summary" aria-label="Results in brief">
            { body }
            <a href="#results">{ "All results ↓" }</a>
        </section>
    }
}

/// What a run in the simulation worker is doing, in words.
fn analysing_text(a: &crate::ui::state::Analysing) -> String {
    let jobs = a.jobs;
    match a.progress {
        None => format!("Simulating this plan (about {jobs} jobs) in the background…"),
        Some(p) => format!(
            "Simulating this plan (about {jobs} jobs) in the background: {:.0} % of the span…",
            p * 100.0
        ),
    }
}

/// A large plan's run in the simulation worker: its progress and Cancel,
/// or why it stopped and Run again. The editors stay usable meanwhile.
/// (Part of [`Results`]' view, not a component: it is a few elements.)
fn analysing_panel(
    a: &crate::ui::state::Analysing,
    command: &Callback<crate::ui::analysis::Command>,
) -> Html {
    use crate::ui::analysis::Command;
    let send = |c: Command| {
        let command = command.clone();
        Callback::from(move |_: MouseEvent| command.emit(c))
    };
    match &a.stopped {
        Some(why) => html! {
            <div class="placeholder" id="analysis-stopped">
                <p class="error" role="alert">{ why.clone() }</p>
                <button type="button" id="analysis-retry" onclick={send(Command::Retry)}>{ "Run again" }</button>
            </div>
        },
        None => html! {
            <div class="placeholder" id="analysis-running" aria-busy="true">
                <p role="status">{ analysing_text(a) }</p>
                <progress id="analysis-progress" max="100" value={format!("{:.0}", a.progress.unwrap_or(0.0) * 100.0)} />
                <p class="muted">{ format!("Plans of more than {} jobs run off the page's main thread so editing stays quick; an edit starts a new run.", crate::ui::state::INLINE_MAX_JOBS) }</p>
                <button type="button" class="secondary" id="analysis-cancel" onclick={send(Command::Cancel)}>{ "Cancel" }</button>
            </div>
        },
    }
}

#[function_component(Results)]
pub fn results() -> Html {
    let Some(ctx) = use_context::<AppContext>() else {
        return html! {};
    };
    let d = ctx.derived.clone();
    let errors = ctx.error_count();
    // Results only for what the editors show: a field whose text is not a
    // value blocks them like a validation error, so the header and the
    // results never disagree.
    let clean = ctx.state.drafts.is_empty() && errors == 0;
    // Risk and the cheapest plans keep their runs, results and inputs
    // whatever happens above them: the section stays mounted (keyed) while
    // a field error or a large plan's run replaces the results around it.
    let decide = html! { <super::decide::DecideSection key="decide" /> };
    // A large plan's run in the worker: its progress above the last
    // results, which stay (dimmed, out of reach) until the new ones replace
    // them in place.
    let running = d.analysing.as_ref().filter(|_| clean);
    let earlier = running
        .filter(|a| a.stopped.is_none())
        .and_then(|a| a.earlier.clone());
    let shown = match (
        ctx.state.drafts.is_empty().then(|| d.sim.clone()).flatten(),
        earlier,
    ) {
        (Some(r), _) => Some((d.clone(), r, false)),
        (None, Some(e)) => e.sim.clone().map(|r| (e, r, true)),
        (None, None) => None,
    };
    // The run's progress (or why it stopped), above whatever is shown.
    let status = html! {
        <div key="status" class="results-part">
            if let Some(a) = running {
                { analysing_panel(a, &ctx.analysis) }
            }
        </div>
    };
    let Some((d, r, stale)) = shown else {
        let main = if running.is_some() {
            Html::default()
        } else if let (Some(e), true) = (&d.sim_error, clean) {
            html! {
                <div class="placeholder" id="results-blocked">
                    <p class="error" id="sim-refused">{ e.clone() }</p>
                </div>
            }
        } else {
            html! {
                <div class="placeholder" id="results-blocked">
                    <p class="error">{ format!("Fix the {errors} error(s) in the scenario to see results; your edits are kept.") }</p>
                    <ul class="problems">
                        { for ctx.state.draft_errors().map(|(f, m)| html! {
                            <li class="error"><code>{ f }</code>{ format!(": {m}") }</li>
                        }) }
                        { for d.problems.errors().map(|p| html! {
                            <li class="error"><code>{ &p.field }</code>{ format!(": {}", p.message) }</li>
                        }) }
                    </ul>
                </div>
            }
        };
        return html! {
            <>
                { status }
                <div key="main" class="results-part">{ main }</div>
                { decide }
                <div key="rest" class="results-part"></div>
            </>
        };
    };
    let start = ctx.scenario().simulation.start;
    let warnings = &d.warnings;
    let aiven = matches!(
        ctx.scenario().platform,
        crate::domain::scenario::Platform::Aiven(_)
    );
    // Earlier results: dimmed once the run has gone on a moment, and out of
    // the pointer's reach until replaced (the stylesheet's `.stale`: not
    // `inert`, which would restyle every element below on each edit).
    let part = if stale {
        "results-part stale"
    } else {
        "results-part"
    };
    let days = r.span_s / 86_400;
    html! {
        <>
            { status }
            <div key="main" class={part} aria-busy={stale.then_some("true")}>
                if let Some(v) = &d.verdict {
                    <VerdictSection verdict={v.clone()} />
                }
                if stale {
                    <p class="meta" id="sim-meta-earlier">{ format!("Results of an earlier version of the scenario ({days} days, {} events), shown until this version's run ends.", r.events) }</p>
                } else {
                    <p class="meta" id="sim-meta">{ format!("Simulated {days} days ({} events) in {:.1} ms.", r.events, d.elapsed_ms) }</p>
                }
                if !warnings.is_empty() {
                    <ul class="result-warnings" id="result-warnings" role="status">
                        { for warnings.iter().map(|w| html! { <li class="warning">{ w.message() }</li> }) }
                    </ul>
                }
                <LagSection result={r.clone()} {start} />
                <ForkSection result={r.clone()} {start} />
            </div>
            // Risk and the cheapest plans: on request, below the charts
            // the scenario opens with.
            { decide }
            <div key="rest" class={part}>
                <Deferred min_height={2400}>
                    <CopySection result={r.clone()} {start} />
                    if let Some(bill) = d.bill.clone() {
                        <CostSection {bill} events={r.events} {days} />
                    }
                    <MapSection />
                    if aiven {
                        <ReportSection />
                    }
                    <section class="panel" id="assumptions">
                        <h3>{ "Assumptions behind these numbers" }</h3>
                        <ul class="assumptions">{ for r.assumptions.iter().map(|a| html! { <li id={format!("assumption-{}", a.id)}>{ a.text }</li> }) }</ul>
                    </section>
                </Deferred>
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct VerdictProps {
    verdict: Rc<crate::sim::verdict::Verdict>,
}

/// The answer first: each figure against its objective, met or not, and
/// why, in the words `btar simulate` prints.
#[function_component(VerdictSection)]
fn verdict_section(p: &VerdictProps) -> Html {
    let v = &p.verdict;
    let lines = crate::sim::verdict::lines(v);
    let verdict = match (v.checks.iter().any(|c| c.met.is_some()), v.all_met()) {
        (false, _) => "Set objectives (in the Objectives section) to judge these figures.",
        (true, true) => "Every objective set is met.",
        (true, false) => "Some objectives are NOT met.",
    };
    html! {
        <section class="panel" id="verdict" aria-label="Verdict">
            <h3>{ "If the service's region is lost" }</h3>
            <p id="verdict-summary" class={match (v.checks.iter().any(|c| c.met.is_some()), v.all_met()) { (false, _) => "hint", (true, true) => "ok", (true, false) => "error" }}>{ verdict }</p>
            <ul class="verdict">
                { for v.checks.iter().zip(lines).map(|(c, l)| html! {
                    <li class={match c.met { Some(true) => "met", Some(false) => "not-met", None => "unset" }} data-objective={c.objective.label()}>{ l }</li>
                }) }
            </ul>
        </section>
    }
}

#[derive(Properties)]
struct ResultProps {
    result: Rc<SimResult>,
    start: DateTime<Utc>,
}

/// The same run: each run is a new value, so the pointer tells.
impl PartialEq for ResultProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.result, &o.result) && self.start == o.start
    }
}

#[function_component(LagSection)]
fn lag_section(p: &ResultProps) -> Html {
    let data = use_memo((p.result.clone(), p.start), |(r, s)| {
        LagChartData::from_result(r, *s, 800)
    });
    let readout = {
        let (result, start, span_days) = (p.result.clone(), p.start, data.span_days);
        Callback::from(move |(x, width): (f64, f64)| {
            let t = (charts::time_at(x, width, span_days)? * 86_400.0).round() as i64;
            let lags: Vec<String> = result
                .lag
                .iter()
                .map(|l| {
                    let lag = l.at(t).map_or("not a target".into(), fmt_duration);
                    format!("{} {lag}", l.region)
                })
                .collect();
            let down: Vec<&str> = result
                .outages
                .iter()
                .filter(|(_, a, b)| (*a..*b).contains(&t))
                .map(|(r, _, _)| r.as_ref())
                .collect();
            let down = if down.is_empty() {
                String::new()
            } else {
                format!(" (down: {})", down.join(", "))
            };
            Some(format!("{}: lag {}{down}", ts(start, t), lags.join(", ")))
        })
    };
    html! {
        <section class="panel" id="lag">
            <h3>{ "Replication lag" }</h3>
            <div class="chart-with-table">
                <ChartCanvas id="lag-chart" label="Replication lag over time per secondary region; outages shaded" height={280} chart={Chart::new(data, charts::lag::draw)} readout={readout} />
                <table class="data stack" id="lag-table">
                    <caption>{ "Time-weighted lag" }</caption>
                    <thead><tr><th>{ "Region" }</th><th>{ "p50" }</th><th>{ "p95" }</th><th>{ "max" }</th></tr></thead>
                    <tbody>{ for p.result.lag.iter().map(|l| html! {
                        <tr><td data-label="Region" class="nw">{ &l.region }</td><td data-label="p50" elementtiming="lag-p50">{ fmt_duration(l.summary.p50_s) }</td><td data-label="p95">{ fmt_duration(l.summary.p95_s) }</td><td data-label="max">{ fmt_duration(l.summary.max_s) }</td></tr>
                    }) }</tbody>
                </table>
            </div>
            <p class="hint" id="lag-definition">{ "Lag is how far the newest point a secondary holds is behind the newest data the service has written (the clock while its region is up, the outage's start while it is down): the data a loss of the service's region at that moment would lose when restoring from that secondary, as a fork's \"data lost\" counts it. A secondary that holds nothing yet lags from the moment it became a backup location." }</p>
        </section>
    }
}

#[function_component(ForkSection)]
fn fork_section(p: &ResultProps) -> Html {
    let r = &p.result;
    if r.forks.is_empty() {
        return html! { <section class="panel" id="forks"><h3>{ "Fork & restore" }</h3><p class="hint">{ "Add a fork & restore to the timeline to see the recovery point, the data lost and the restore time." }</p></section> };
    }
    let start = p.start;
    html! {
        <section class="panel" id="forks">
            <h3>{ "Fork & restore" }</h3>
            <div class="table-scroll">
            <table class="data stack" id="fork-table">
                <thead><tr><th>{ "Fork" }</th><th>{ "Requested" }</th><th>{ "Recovery point" }</th><th>{ "Data lost" }</th><th>{ "Restore" }</th><th>{ "New service and its backups" }</th></tr></thead>
                <tbody>{ for r.forks.iter().enumerate().map(|(i, f)| match &f.result {
                    Ok(ok) => html! {
                        <tr id={format!("fork-{i}")}>
                            <td data-label="Fork">{ &f.name }</td><td data-label="Requested">{ ts_cell(start, f.at) }</td>
                            <td data-label="Recovery point" class="recovery-point">{ ts_cell(start, ok.recovery_point) }</td>
                            <td data-label="Data lost" class="data-lost">{ fmt_duration(ok.data_loss_s) }</td>
                            <td data-label="Restore">{ format!("{} (ready {})", fmt_duration(ok.restore_s), ts(start, ok.ready_at)) }</td>
                            <td data-label="New service">{ format!("{} on plan {}, {:.0} GB restored", ok.service_region, ok.plan, ok.restored_gb) }</td>
                        </tr>
                    },
                    Err(e) => html! {
                        <tr id={format!("fork-{i}")} class="fork-error">
                            <td data-label="Fork">{ &f.name }</td><td data-label="Requested">{ ts_cell(start, f.at) }</td>
                            <td data-label="Outcome" colspan="4" class="error">{ e.message(&|t| ts(start, t)) }</td>
                        </tr>
                    },
                }) }</tbody>
            </table>
            </div>
        </section>
    }
}

#[function_component(CopySection)]
fn copy_section(p: &ResultProps) -> Html {
    let state = use_state(|| None::<JobState>);
    let from_day = use_state(|| 0i64);
    let to_day = use_state(|| i64::MAX);
    let data = use_memo((p.result.clone(), p.start), |(r, s)| {
        BacklogData::from_result(r, *s, 800)
    });
    let r = &p.result;
    let start = p.start;
    let on_state = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            state.set(JobState::ALL.into_iter().find(|s| s.as_str() == v));
        })
    };
    // Seconds from the span's start to midnight UTC of a date input's day.
    let midnight = move |e: InputEvent| {
        let v = e
            .target_unchecked_into::<web_sys::HtmlInputElement>()
            .value();
        crate::ui::time::parse_date(&v)
            .map(|d| (d.and_time(chrono::NaiveTime::MIN).and_utc() - start).num_seconds())
    };
    let on_from = {
        let from_day = from_day.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(s) = midnight(e) {
                from_day.set(s.max(0));
            }
        })
    };
    let on_to = {
        let to_day = to_day.clone();
        Callback::from(move |e: InputEvent| {
            to_day.set(midnight(e).map_or(i64::MAX, |s| s + 86_400));
        })
    };
    // The log shows a page at a time ("Show more" adds one; the CSV has
    // every matching job): its box shows about eight rows, and each row
    // shown is some fifteen elements the browser lays out on every edit.
    const PAGE: usize = 50;
    let limit = use_state(|| PAGE);
    let rows: Vec<_> = r.copy_jobs_where(*state, *from_day, *to_day).collect();
    let shown = rows.len().min(*limit);
    let more = {
        let limit = limit.clone();
        Callback::from(move |_: MouseEvent| limit.set(*limit + PAGE))
    };
    let counts = r.copy_job_counts();
    html! {
        <section class="panel" id="copy-jobs">
            <h3>{ "Copy jobs" }</h3>
            <p class="counts">{ for counts.iter().filter(|(_, n)| *n > 0).map(|(s, n)| html! { <span class={classes!("state", s.as_str().to_ascii_lowercase())}>{ format!("{} {n}", s.as_str()) }</span> }) }</p>
            <ChartCanvas id="backlog-chart" label="Copy jobs queued or running over time" height={160} chart={Chart::new(data, charts::backlog::draw)} />
            <div class="row wrap filters">
                <div class="field">
                    <label for="job-state">{ "State" }</label>
                    <select id="job-state" onchange={on_state}>
                        <option value="" selected={state.is_none()}>{ "all" }</option>
                        { for JobState::ALL.iter().map(|s| html! { <option value={s.as_str()} selected={*state == Some(*s)}>{ s.as_str() }</option> }) }
                    </select>
                </div>
                <div class="field">
                    <label for="job-from">{ "Created on or after" }</label>
                    <input id="job-from" type="date" oninput={on_from} value={crate::ui::time::date(crate::domain::clock::add_seconds(start, *from_day))} />
                </div>
                <div class="field">
                    <label for="job-to">{ "Created on or before" }</label>
                    <input id="job-to" type="date" oninput={on_to} />
                </div>
            </div>
            <div class="table-scroll">
            <table class="data stack" id="copy-table">
                <thead><tr><th>{ "Job" }</th><th>{ "Rule" }</th><th>{ "Route" }</th><th>{ "Created" }</th><th>{ "Finished" }</th><th>{ "State" }</th><th>{ "Attempts" }</th><th>{ "GB" }</th><th>{ "Note" }</th></tr></thead>
                <tbody>{ for rows.iter().take(shown).map(|j| html! {
                    <tr>
                        <td data-label="Job" class="nw">{ format!("copy-job-{:06}", j.id) }</td><td data-label="Rule">{ j.series.to_string() }</td>
                        <td data-label="Route"><span class="nw">{ &j.from_region }</span>{ " → " }<span class="nw">{ &j.to_region }</span></td>
                        <td data-label="Created">{ ts_cell(start, j.created) }</td>
                        <td data-label="Finished">{ j.finished.map(|f| ts_cell(start, f)).unwrap_or_default() }</td>
                        <td data-label="State">{ j.state.as_str() }</td><td data-label="Attempts">{ j.attempts }</td><td data-label="GB">{ format!("{:.1}", j.size_gb) }</td><td data-label="Note">{ &j.message }</td>
                    </tr>
                }) }</tbody>
            </table>
            </div>
            <p class="row wrap">
                <span class="hint" id="copy-count">{ format!("{} job(s) match; showing {shown}.", rows.len()) }</span>
                if shown < rows.len() {
                    <button type="button" class="secondary small" id="copy-more" onclick={more}>{ format!("Show {} more", PAGE.min(rows.len() - shown)) }</button>
                }
                <CopyCsvButton state={*state} from_day={*from_day} to_day={*to_day} empty={rows.is_empty()} />
            </p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct CsvProps {
    state: Option<JobState>,
    from_day: i64,
    to_day: i64,
    empty: bool,
}

/// The copy log's CSV button: the only part of the log that reads the
/// app's context (the scenario, to ask the worker), so an edit re-renders
/// this button and not the log's rows.
#[function_component(CopyCsvButton)]
fn copy_csv_button(p: &CsvProps) -> Html {
    let ctx = use_context::<AppContext>();
    let download = {
        let (state, from_day, to_day) = (p.state, p.from_day, p.to_day);
        Callback::from(move |_: MouseEvent| {
            let Some(ctx) = &ctx else { return };
            // The worker writes the CSV from the same (deterministic) run.
            let req = Request::copy_jobs_csv(ctx.scenario(), state, from_day, to_day);
            let dispatch = ctx.dispatch.clone();
            crate::ui::worker::request(req, move |r| match r {
                Response::Exported { text } => crate::ui::components::io_panel::download_text(
                    &text,
                    "copy-jobs.csv",
                    "text/csv",
                ),
                Response::Failed { message } => {
                    dispatch.dispatch(crate::ui::state::Action::Notify(crate::ui::state::Notice {
                        text: format!("The copy-job CSV could not be made: {message}"),
                        error: true,
                    }))
                }
                _ => {}
            });
        })
    };
    html! {
        <button type="button" class="secondary small" id="copy-csv" onclick={download} disabled={p.empty}>{ "Download these jobs (CSV)" }</button>
    }
}

#[derive(Properties)]
struct CostProps {
    /// The bill shown (the current one, or an earlier one while a run goes).
    bill: Rc<crate::cost::bill::Bill>,
    /// How many events its run simulated.
    events: u64,
    /// How many days its run simulated.
    days: i64,
}

/// The same bill: each run bills anew, so the pointer tells.
impl PartialEq for CostProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.bill, &o.bill) && self.events == o.events && self.days == o.days
    }
}

#[function_component(CostSection)]
fn cost_section(p: &CostProps) -> Html {
    let Some(ctx) = use_context::<AppContext>() else {
        return html! {};
    };
    let b = p.bill.clone();
    let by_region = use_state(|| false);
    // The levers run five more simulations in the worker: at once for
    // scenarios that simulate quickly, on request for long ones; answers for
    // an earlier revision of the scenario are not shown.
    let requested = use_state(|| None::<(u64, Result<Vec<LeverRow>, String>)>);
    let revision = ctx.state.revision;
    let on_request = requested
        .as_ref()
        .filter(|(rev, _)| *rev == revision)
        .map(|(_, l)| l.clone());
    let comparing = use_state(|| None::<u64>);
    let compare = {
        let requested = requested.clone();
        let comparing = comparing.clone();
        let scenario = ctx.state.scenario.clone();
        Callback::from(move |_: ()| {
            comparing.set(Some(revision));
            let (requested, comparing) = (requested.clone(), comparing.clone());
            crate::ui::worker::request(Request::levers(&scenario), move |r| {
                requested.set(Some((
                    revision,
                    match r {
                        Response::Levers { rows } => Ok(rows),
                        Response::Failed { message } => Err(message),
                        _ => Err("unexpected answer".into()),
                    },
                )));
                comparing.set(None);
            });
        })
    };
    {
        let auto = ctx
            .derived
            .sim
            .as_ref()
            .is_some_and(|r| r.events <= crate::ui::state::AUTO_LEVERS_MAX_EVENTS);
        let compare = compare.clone();
        // After the results are painted: the worker (and its module's
        // download) never delays the first paint.
        use_effect_with(revision, move |_| {
            if auto {
                crate::ui::when_idle(move || compare.emit(()));
            }
        });
    }
    let busy = *comparing == Some(revision);
    let on_compare = compare.reform(|_: MouseEvent| ());
    let monthly = use_memo((b.clone(), *by_region), |(b, r)| {
        if *r {
            MonthlyCost::by_region(b)
        } else {
            MonthlyCost::by_category(b)
        }
    });
    let on_group = {
        let by_region = by_region.clone();
        Callback::from(move |e: Event| {
            by_region.set(
                e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                    .value()
                    == "region",
            )
        })
    };
    let mut regions: Vec<&'static str> = b.lines.iter().map(|l| l.region).collect();
    regions.sort_unstable();
    regions.dedup();
    html! {
        <section class="panel" id="cost">
            <h3>{ "Cost" }</h3>
            <p class="totals">
                <span id="cross-region-total">{ format!("Cross-region: {} over the {} days simulated", usd(b.cross_region_usd), p.days) }</span>
                <span id="steady-month">{ steady_text(&b) }</span>
                <span>{ format!("{} per protected GB-month", usd_places(b.cross_region_usd_per_protected_gb_month, 4)) }</span>
                <span class="muted">{ format!("Primary backups for reference: {}", usd(b.primary_usd)) }</span>
            </p>
            <div class="field inline">
                <label for="cost-group">{ "Stack each month by" }</label>
                <select id="cost-group" onchange={on_group}>
                    <option value="category" selected={!*by_region}>{ "category" }</option>
                    <option value="region" selected={*by_region}>{ "region" }</option>
                </select>
            </div>
            <ChartCanvas id="cost-chart" label={if *by_region { "Cross-region cost per month by region" } else { "Cross-region cost per month by category" }} height={240} chart={Chart::new(monthly, charts::cost_bars::draw)} />
            <div class="table-scroll">
            <table class="data stack" id="cost-table">
                <thead><tr><th>{ "Region" }</th><th>{ "Role" }</th>{ for Category::ALL.iter().map(|c| html! { <th>{ c.label() }</th> }) }<th>{ "Total" }</th></tr></thead>
                <tbody>{ for regions.iter().flat_map(|reg| [Role::CrossRegion, Role::Primary].into_iter().map(move |role| (*reg, role))).filter(|(reg, role)| b.sum(|l| l.region == *reg && l.role == *role) > 0.0 || b.lines.iter().any(|l| l.region == *reg && l.role == *role)).map(|(reg, role)| html! {
                    <tr>
                        <td data-label="Region" class="nw">{ reg }</td><td data-label="Role">{ if role == Role::Primary { "primary" } else { "cross-region" } }</td>
                        { for Category::ALL.iter().map(|c| html! { <td data-label={c.label()}>{ usd(b.sum(|l| l.region == reg && l.role == role && l.category == *c)) }</td> }) }
                        <td data-label="Total">{ usd(b.sum(|l| l.region == reg && l.role == role)) }</td>
                    </tr>
                }) }</tbody>
            </table>
            </div>
            <details class="unit-prices" id="unit-prices">
                <summary>{ "Unit prices and their sources" }</summary>
                <table class="data stack">
                    <thead><tr><th>{ "Region" }</th><th>{ "Line" }</th><th>{ "Unit price" }</th><th>{ "Source" }</th></tr></thead>
                    <tbody>{ for unit_prices(&b, ctx.scenario()).into_iter().map(|(region, category, price, source)| html! {
                        <tr>
                            <td data-label="Region" class="nw">{ region }</td>
                            <td data-label="Line">{ category.label() }</td>
                            <td data-label="Unit price" class="nw">{ format!("${price}/{}", if category == Category::Transfer { "GB" } else { "GB-month" }) }</td>
                            <td data-label="Source" class={classes!(source.assumption.then_some("assumption"))}>{ source.source }{ if source.assumption { " (includes assumptions)" } else { "" } }</td>
                        </tr>
                    }) }</tbody>
                </table>
            </details>
            <ul class="notes">
                { for b.notes.iter().map(|n| html! { <li>{ n }</li> }) }
                <li>{ "Unit prices and their sources: " }{ super::doc_link("docs/pricing.md") }{ "; every price can be overridden in the scenario's prices section." }</li>
            </ul>
            <h4>{ "Levers side by side" }</h4>
            { match on_request.as_ref() {
                Some(Ok(rows)) => html! {
                    <div class="table-scroll">
                    <table class="data stack" id="levers-table">
                        <thead><tr><th>{ "Lever" }</th><th>{ "$/month" }</th><th>{ "Δ $/month" }</th><th>{ "Worst lag" }</th><th>{ "Worst data loss" }</th></tr></thead>
                        <tbody>{ for rows.iter().map(|r| match &r.not_applicable {
                            Some(why) => html! { <tr class="na"><td data-label="Lever">{ &r.description }</td><td data-label="Outcome" colspan="4">{ format!("not applicable: {why}") }</td></tr> },
                            None => html! { <tr><td data-label="Lever">{ &r.description }</td><td data-label="$/month">{ usd(r.monthly_usd) }</td><td data-label="Δ $/month">{ format!("{}{}", if r.delta_usd >= 0.005 { "+" } else { "" }, usd(r.delta_usd)) }</td><td data-label="Worst lag" class="nw">{ fmt_duration(r.worst_lag_s) }</td><td data-label="Worst data loss" class="nw">{ fmt_duration(r.worst_data_loss_s) }</td></tr> },
                        }) }</tbody>
                    </table>
                    </div>
                },
                Some(Err(e)) => html! { <p class="error">{ e }</p> },
                None => html! {
                    <p>
                        <span class="hint">{ format!("This scenario simulates {} events; comparing the levers runs five more simulations. ", p.events) }</span>
                        if busy {
                            <span class="busy" id="levers-busy" role="status">{ "Comparing: running five simulations in the background…" }</span>
                        } else {
                            <button type="button" class="secondary" id="compare-levers" onclick={on_compare}>{ "Compare levers" }</button>
                        }
                    </p>
                },
            } }
        </section>
    }
}

/// Each region's unit price per bill line, with its provider's source, once.
fn unit_prices(
    b: &crate::cost::bill::Bill,
    scenario: &crate::domain::scenario::Scenario,
) -> Vec<(
    &'static str,
    Category,
    f64,
    crate::domain::catalog::PriceSource,
)> {
    let mut out: Vec<(
        &'static str,
        Category,
        f64,
        crate::domain::catalog::PriceSource,
    )> = Vec::new();
    for l in &b.lines {
        if out
            .iter()
            .any(|(r, c, p, _)| *r == l.region && *c == l.category && *p == l.unit_price)
        {
            continue;
        }
        out.push((
            l.region,
            l.category,
            l.unit_price,
            crate::cost::bill::line_source(scenario, l),
        ));
    }
    out
}

/// The steady-month headline: which months it is, or why there is none.
fn steady_text(b: &crate::cost::bill::Bill) -> String {
    use crate::cost::bill::Steady;
    match b.steady {
        Steady::Months { from, to, usd: v, retention_days } => {
            let months = if from == to { format!("month {from}") } else { format!("months {from}–{to}") };
            format!("{} a month once the {retention_days}-day retention has filled ({months})", usd(v))
        }
        Steady::NotReached { retention_days } => format!(
            "No steady month in this span: copies are kept {retention_days} days, so storage still grows; the last month cost {}",
            usd(b.steady_month_usd())
        ),
        Steady::Growing => format!(
            "No steady month: some copies are kept forever, so storage grows every month; the last month cost {}",
            usd(b.steady_month_usd())
        ),
        Steady::NoCopies => "No copy reached another region in this span.".to_string(),
    }
}

#[function_component(MapSection)]
fn map_section() -> Html {
    let Some(ctx) = use_context::<AppContext>() else {
        return html! {};
    };
    let data = use_memo(ctx.state.scenario.clone(), |s| MapData::from_scenario(s));
    let legend = data
        .points
        .iter()
        .map(|p| {
            format!(
                "{} ({})",
                p.cloud,
                match p.role {
                    0 => "primary",
                    1 => "secondary",
                    _ => "other",
                }
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        <section class="panel" id="map">
            <h3>{ "Regions and copy routes" }</h3>
            <ChartCanvas id="map-chart" label={format!("Schematic world map: {legend}")} height={240} chart={Chart::new(data, charts::map::draw)} />
            <p class="hint">{ format!("Schematic map. {legend}.") }</p>
        </section>
    }
}

#[function_component(ReportSection)]
fn report_section() -> Html {
    let period = use_state(|| ReportPeriod::Day);
    let on_period = {
        let period = period.clone();
        Callback::from(move |e: Event| {
            if let Some(v) = ReportPeriod::parse(
                &e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                    .value(),
            ) {
                period.set(v);
            }
        })
    };
    // Written in the worker (the report's JSON writer is not in this
    // module); kept with the revision and period it answers.
    let body = use_state(|| None::<(u64, ReportPeriod, String)>);
    let ctx = use_context::<AppContext>();
    let revision = ctx.as_ref().map_or(0, |c| c.state.revision);
    let scenario = ctx.map(|c| c.state.scenario.clone());
    {
        let (body, per) = (body.clone(), *period);
        use_effect_with((revision, per), move |_| {
            let Some(scenario) = scenario else {
                return;
            };
            crate::ui::when_idle(move || {
                crate::ui::worker::request(Request::lag_report(&scenario, per), move |r| {
                    let text = match r {
                        Response::Exported { text } => text,
                        Response::Failed { message } => message,
                        _ => String::new(),
                    };
                    body.set(Some((revision, per, text)));
                });
            });
        });
    }
    let shown = body
        .as_ref()
        .filter(|(rev, per, _)| *rev == revision && *per == *period)
        .map(|(_, _, t)| t.clone());
    html! {
        <section class="panel" id="lag-report">
            <h3>{ "Aiven lag report" }</h3>
            <p class="hint">{ "As POST /v1/project/{project}/service/{service}/backup_to_another_region/report would answer for the period ending at the end of the span (metric name and layout follow Aiven's service metrics: an assumption)." }</p>
            <div class="field">
                <label for="report-period">{ "period" }</label>
                <select id="report-period" onchange={on_period}>
                    { for ReportPeriod::ALL.iter().map(|x| html! { <option value={x.as_str()} selected={*x == *period}>{ x.as_str() }</option> }) }
                </select>
            </div>
            { match shown {
                Some(t) => html! { <pre class="code" id="report-json">{ t }</pre> },
                None => html! { <p class="busy" id="report-busy" role="status">{ "Writing the report…" }</p> },
            } }
        </section>
    }
}
