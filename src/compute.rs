//! Long work in Web Workers, one per core: Monte Carlo risk and the search
//! for the cheapest plans (the frontier). The workers run their own module
//! (`src/bin/btar-compute.rs`: the engine, no parsers, no Yew), loaded the
//! first time the user asks for either, so neither costs the first paint.
//!
//! The app splits the work into parts, one per worker (trials `[from, to)`,
//! or every `shards`-th variant), collects the parts as the workers send
//! them (with progress on the way) and asks one worker to sum them up. The
//! parts travel as JSON text the app passes on without reading, and the
//! summary comes back drawn (HTML with SVG charts), so the app's own module
//! carries none of this code. Trial `i` draws from its own seeded generator,
//! so the numbers do not depend on how many workers share the trials.
//!
//! Jobs are JSON text, `{"id": n, "job": …}`; replies come back as lists
//! of strings, `[id, kind, …]` (progress replies, then one final reply),
//! and `"ready"` once the worker listens.

use serde::{Deserialize, Serialize};

use crate::cost::frontier::{self, Measured, Plan};
use crate::domain::scenario::{Objectives, Scenario};
use crate::formats::scenario_file;
use crate::sim::report::{duration_text, usd};
use crate::sim::risk::{self, Risk, RiskParams, Trial};

/// A worker's first message: it listens from now on.
pub const READY: &str = "ready";

/// What the app asks a compute worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Job {
    /// Risk trials `[from, to)` of the scenario (scenario-file JSON).
    RiskTrials {
        scenario: String,
        params: RiskParams,
        from: u32,
        to: u32,
    },
    /// Every part's trials, in order, summed up against the scenario's
    /// objectives and drawn.
    RiskSummary {
        scenario: String,
        params: RiskParams,
        parts: Vec<String>,
    },
    /// The frontier's variants `shard, shard + shards, …`, measured.
    FrontierMeasure {
        scenario: String,
        shard: u32,
        shards: u32,
    },
    /// The measured parts: the plans no other beats, drawn.
    FrontierSummary {
        scenario: String,
        parts: Vec<String>,
    },
}

/// What a compute worker answers (sent as [`Reply::to_wire`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// `done` of this job's `of` trials or variants are finished.
    Progress { done: u32, of: u32 },
    /// One part's results (JSON), for the summary.
    Part { json: String },
    /// The risk summary, drawn (HTML with an SVG chart and tables).
    Risk { html: String },
    /// The frontier, drawn, and each listed plan, in the order of the
    /// table's rows.
    Frontier { html: String, plans: Vec<Pick> },
    /// Why the job could not be done (shown to the user as it is).
    Failed { message: String },
}

/// A plan of the frontier as the app applies or exports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    /// What differs from the scenario, in words (empty: the scenario).
    pub changes: String,
    /// The plan (scenario-file JSON).
    pub scenario: String,
}

/// A job with the id its replies will carry.
#[derive(Debug, Serialize, Deserialize)]
pub struct ToWorker {
    pub id: u32,
    pub job: Job,
}

/// Reads a scenario the app sent and checks it can be simulated.
fn valid(json: &str) -> Result<Scenario, String> {
    let s = scenario_file::from_json_lean(json).map_err(|e| e.to_string())?;
    let errors = crate::domain::validation::validate(&s).errors().count();
    if errors > 0 {
        return Err(format!(
            "the scenario has {errors} error(s); fix them before running this"
        ));
    }
    Ok(s)
}

/// The worker's answer to one job; `progress(done, of)` is called on the
/// way (every hundredth of the work).
pub fn handle(job: Job, progress: &mut dyn FnMut(u32, u32)) -> Reply {
    match run(job, progress) {
        Ok(r) => r,
        Err(message) => Reply::Failed { message },
    }
}

fn run(job: Job, progress: &mut dyn FnMut(u32, u32)) -> Result<Reply, String> {
    match job {
        Job::RiskTrials {
            scenario,
            params,
            from,
            to,
        } => {
            let s = valid(&scenario)?;
            params.check()?;
            risk::runnable(&s).map_err(|e| e.to_string())?;
            let to = to.min(risk::MAX_TRIALS);
            let of = to.saturating_sub(from);
            let step = (of / 100).max(1);
            let mut trials = Vec::with_capacity(of as usize);
            for i in from..to {
                trials.push(risk::trial(&s, &params, i));
                let done = i - from + 1;
                if done % step == 0 {
                    progress(done, of);
                }
            }
            Ok(Reply::Part {
                json: serde_json::to_string(&trials).map_err(|e| e.to_string())?,
            })
        }
        Job::RiskSummary {
            scenario,
            params,
            parts,
        } => {
            let s = valid(&scenario)?;
            let mut trials: Vec<Trial> = Vec::new();
            for p in &parts {
                let part: Vec<Trial> = serde_json::from_str(p)
                    .map_err(|e| format!("a worker's trials could not be read: {e}"))?;
                trials.extend(part);
            }
            if trials.is_empty() {
                return Err("no trials were run".into());
            }
            let r = risk::summarize(&s, &params, &s.objectives, &trials);
            Ok(Reply::Risk {
                html: risk_html(&r, &s.objectives),
            })
        }
        Job::FrontierMeasure {
            scenario,
            shard,
            shards,
        } => {
            let s = valid(&scenario)?;
            risk::frontier_runnable(&s)
                .map_err(|e| format!("the frontier varies this plan about a hundred times: {e}"))?;
            let variants = frontier::variants(&s, s.objectives.levers())?;
            let shards = shards.max(1) as usize;
            let mine: Vec<usize> = (shard as usize..variants.len()).step_by(shards).collect();
            let of = mine.len() as u32;
            let mut measured = Vec::with_capacity(mine.len());
            for (k, i) in mine.into_iter().enumerate() {
                if let Some(v) = variants.get(i) {
                    measured.extend(frontier::measure(i, &v.1, &s.objectives));
                }
                progress(k as u32 + 1, of);
            }
            Ok(Reply::Part {
                json: serde_json::to_string(&measured).map_err(|e| e.to_string())?,
            })
        }
        Job::FrontierSummary { scenario, parts } => {
            let s = valid(&scenario)?;
            let variants = frontier::variants(&s, s.objectives.levers())?;
            let mut measured: Vec<Measured> = Vec::new();
            for p in &parts {
                let part: Vec<Measured> = serde_json::from_str(p)
                    .map_err(|e| format!("a worker's plans could not be read: {e}"))?;
                measured.extend(part);
            }
            let plans = frontier::keep(&variants, &measured);
            if plans.is_empty() {
                return Err("no variant of this plan could be simulated".into());
            }
            let current = measured
                .iter()
                .find(|m| variants.get(m.index).is_some_and(|v| v.0.is_empty()));
            Ok(Reply::Frontier {
                html: frontier_html(&plans, current, &s.objectives, measured.len()),
                plans: plans
                    .iter()
                    .map(|p| Pick {
                        changes: p.changes.join("; "),
                        scenario: scenario_file::to_compact_json(&p.scenario),
                    })
                    .collect(),
            })
        }
    }
}

/// The worker's side of the wire: a job message in; progress messages and
/// the final answer out through `post`, each as [`Reply::to_wire`]. A
/// message that does not parse is answered as failed (id 0 when even the id
/// cannot be read), never a panic.
pub fn handle_message(text: &str, post: &mut dyn FnMut(Vec<String>)) {
    let (id, reply) = match serde_json::from_str::<ToWorker>(text) {
        Ok(ToWorker { id, job }) => {
            let mut progress = |done: u32, of: u32| post(Reply::Progress { done, of }.to_wire(id));
            (id, handle(job, &mut progress))
        }
        Err(e) => (
            0,
            Reply::Failed {
                message: format!("the worker could not read the job: {e}"),
            },
        ),
    };
    post(reply.to_wire(id));
}

impl Reply {
    /// A reply as the worker posts it: a list of strings (a JS array), `[id,
    /// kind, …]`. The app reads it with [`Reply::from_wire`] and no JSON
    /// reader, which keeps these types out of the app's module.
    pub fn to_wire(self, id: u32) -> Vec<String> {
        let mut v = vec![id.to_string()];
        match self {
            Reply::Progress { done, of } => {
                v.extend(["progress".into(), done.to_string(), of.to_string()])
            }
            Reply::Part { json } => v.extend(["part".into(), json]),
            Reply::Risk { html } => v.extend(["risk".into(), html]),
            Reply::Frontier { html, plans } => {
                v.extend(["frontier".into(), html]);
                for p in plans {
                    v.extend([p.changes, p.scenario]);
                }
            }
            Reply::Failed { message } => v.extend(["failed".into(), message]),
        }
        v
    }

    /// Reads what [`Reply::to_wire`] wrote; `None` for anything else.
    pub fn from_wire(mut v: Vec<String>) -> Option<(u32, Reply)> {
        if v.len() < 3 {
            return None;
        }
        let rest = v.split_off(2);
        let id = v[0].parse().ok()?;
        let mut rest = rest.into_iter();
        let mut next = || rest.next();
        let reply = match v[1].as_str() {
            "progress" => Reply::Progress {
                done: next()?.parse().ok()?,
                of: next()?.parse().ok()?,
            },
            "part" => Reply::Part { json: next()? },
            "risk" => Reply::Risk { html: next()? },
            "frontier" => {
                let html = next()?;
                let mut plans = Vec::new();
                while let (Some(changes), Some(scenario)) = (next(), next()) {
                    plans.push(Pick { changes, scenario });
                }
                Reply::Frontier { html, plans }
            }
            "failed" => Reply::Failed { message: next()? },
            _ => return None,
        };
        Some((id, reply))
    }
}

/// Text for HTML: `&`, `<`, `>` and quotes escaped.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn percent(p: f64) -> String {
    if p > 0.0 && p < 0.0001 {
        "< 0.01 %".into()
    } else {
        format!("{:.2} %", p * 100.0)
    }
}

/// Met, not met, or no objective, as a table cell.
fn judged(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => r#"<td class="met">met</td>"#,
        Some(false) => r#"<td class="not-met">NOT met</td>"#,
        None => r#"<td class="unset">no objective</td>"#,
    }
}

const CHART_W: f64 = 640.0;
const CHART_H: f64 = 240.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 44.0;

/// The chart's drawing area: x and y from the data's 0–1 to pixels.
fn px(fx: f64, fy: f64) -> (f64, f64) {
    (
        LEFT + fx.clamp(0.0, 1.0) * (CHART_W - LEFT - RIGHT),
        CHART_H - BOTTOM - fy.clamp(0.0, 1.0) * (CHART_H - TOP - BOTTOM),
    )
}

fn svg_open(id: &str, label: &str) -> String {
    format!(
        r#"<svg id="{id}" class="chart-svg" viewBox="0 0 {CHART_W} {CHART_H}" role="img" aria-label="{}"><line class="axis" x1="{LEFT}" y1="{b}" x2="{r}" y2="{b}"/><line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{b}"/>"#,
        esc(label),
        b = CHART_H - BOTTOM,
        r = CHART_W - RIGHT,
    )
}

fn text_at(x: f64, y: f64, anchor: &str, class: &str, t: &str) -> String {
    format!(
        r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" class="{class}">{}</text>"#,
        esc(t)
    )
}

/// How a tick label on the x axis sits on its tick: the last one ends there,
/// so it stays inside the chart.
fn x_anchor(f: f64) -> &'static str {
    if f >= 1.0 {
        "end"
    } else {
        "middle"
    }
}

/// An objective as a dashed line across the chart, with its name.
fn objective_line(vertical: bool, f: f64, label: &str) -> String {
    if !(0.0..=1.0).contains(&f) {
        return String::new();
    }
    let (x0, y0) = if vertical { px(f, 0.0) } else { px(0.0, f) };
    let (x1, y1) = if vertical { px(f, 1.0) } else { px(1.0, f) };
    // Labels near the right edge go on the line's left, inside the chart.
    let (tx, ty, anchor) = if vertical && f > 0.6 {
        (x0 - 4.0, TOP + 12.0, "end")
    } else if vertical {
        (x0 + 4.0, TOP + 12.0, "start")
    } else {
        (x1 - 4.0, y0 - 4.0, "end")
    };
    format!(
        r#"<line class="objective" x1="{x0:.1}" y1="{y0:.1}" x2="{x1:.1}" y2="{y1:.1}"/>{}"#,
        text_at(tx, ty, anchor, "objective-label", label)
    )
}

/// An x axis of data lost over `span` seconds: its ticks, its title, and
/// the RPO as a line across the chart.
fn loss_axis(title: &str, rpo: Option<i64>, span: f64) -> String {
    let mut h = String::new();
    for f in [0.0, 0.5, 1.0] {
        let (x, y) = px(f, 0.0);
        h.push_str(&text_at(
            x,
            y + 16.0,
            x_anchor(f),
            "tick",
            &duration_text((span * f) as i64),
        ));
    }
    h.push_str(&text_at(
        (CHART_W + LEFT) / 2.0,
        CHART_H - 6.0,
        "middle",
        "axis-title",
        title,
    ));
    if let Some(rpo) = rpo {
        h.push_str(&objective_line(
            true,
            rpo as f64 / span,
            &format!("RPO {}", duration_text(rpo)),
        ));
    }
    h
}

/// The risk summary: what was assumed, the histogram of data lost with the
/// RPO drawn on it, and the tables.
pub fn risk_html(r: &Risk, o: &Objectives) -> String {
    let p = &r.params;
    let mut h = String::new();
    let breach = o.breach_probability;
    let met = |x: Option<f64>| match (x, breach) {
        (Some(x), Some(b)) => Some(x <= b),
        _ => None,
    };
    let verdict = match (met(r.p_rpo_breach), met(r.p_rto_breach)) {
        (Some(false), _) | (_, Some(false)) => {
            "The chance of breaching an objective is above the tolerated probability."
        }
        (Some(true), Some(true) | None) | (None, Some(true)) => {
            "The chance of breaching each objective is within the tolerated probability."
        }
        (None, None) => {
            "Set RPO or RTO and a tolerated breach probability (under Objectives) to judge these figures."
        }
    };
    h.push_str(&format!(
        r#"<p id="risk-verdict" class="{}">{}</p>"#,
        match (met(r.p_rpo_breach), met(r.p_rto_breach)) {
            (Some(false), _) | (_, Some(false)) => "error",
            (None, None) => "hint",
            _ => "ok",
        },
        verdict
    ));
    // Histogram of data lost.
    let bucket = r.histogram.get(1).map_or(1, |b| b.0.max(1));
    // Wide enough for the RPO, so its line shows where the losses fall.
    let span = bucket
        .saturating_mul(r.histogram.len() as i64)
        .max(o.rpo_s.map_or(0, |x| x.saturating_add(x / 20)))
        .max(1) as f64;
    let most = r.histogram.iter().map(|b| b.1).max().unwrap_or(1).max(1) as f64;
    h.push_str(&svg_open(
        "risk-chart",
        &format!(
            "Histogram of data lost at a loss of the service's region over {} trials",
            r.trials
        ),
    ));
    let last = r.histogram.len().saturating_sub(1);
    for (i, (start, n)) in r.histogram.iter().enumerate() {
        let (x0, y0) = px(*start as f64 / span, f64::from(*n) / most);
        let (x1, y1) = px((*start + bucket) as f64 / span, 0.0);
        // The last bucket counts every loss from its start on.
        let (class, range) = if i == last {
            ("bar overflow", format!("{} or more", duration_text(*start)))
        } else {
            (
                "bar",
                format!(
                    "{} – {}",
                    duration_text(*start),
                    duration_text(start + bucket)
                ),
            )
        };
        h.push_str(&format!(
            r#"<rect class="{class}" x="{x0:.1}" y="{y0:.1}" width="{:.1}" height="{:.1}"><title>{range}: {n} trial(s)</title></rect>"#,
            (x1 - x0 - 1.0).max(0.5),
            (y1 - y0).max(0.0),
        ));
    }
    let (x, y) = px(0.0, 1.0);
    h.push_str(&text_at(
        x - 6.0,
        y + 10.0,
        "end",
        "tick",
        &format!("{most}"),
    ));
    h.push_str(&loss_axis("data lost (trials per bucket)", o.rpo_s, span));
    h.push_str("</svg>");
    let row = |name: &str, q: &risk::Percentiles| {
        format!(
            "<tr><th scope=\"row\">{name}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            duration_text(q.p50),
            duration_text(q.p95),
            duration_text(q.p99),
            duration_text(q.max)
        )
    };
    h.push_str(r#"<table class="data" id="risk-table"><thead><tr><th></th><th>p50</th><th>p95</th><th>p99</th><th>max</th></tr></thead><tbody>"#);
    h.push_str(&row("Data lost", &r.data_loss_s));
    match &r.restore_s {
        Some(q) => h.push_str(&row("Restore time", q)),
        None => h.push_str(
            r#"<tr><th scope="row">Restore time</th><td colspan="4">no restore in another region: no secondary held a copy</td></tr>"#,
        ),
    }
    h.push_str("</tbody></table>");
    h.push_str(r#"<p class="hint" id="risk-how-to-read">How to read this: p50 is the middle trial (half lost less), p95 the trial that 19 in 20 did better than, p99 99 in 100, max the worst. The verdict above judges the worst moment of one run of the timeline, so it can say an objective is not met while the chance of breaching it here, over many random losses, is within what you tolerate: the first says how bad it can get, the second how likely that is.</p>"#);
    h.push_str(r#"<table class="data" id="risk-odds"><tbody>"#);
    let tolerated = breach.map_or("no tolerated probability set".to_string(), |b| {
        format!("tolerated {}", percent(b))
    });
    for (id, name, x) in [
        ("p-rpo", "P(RPO breached)", r.p_rpo_breach),
        ("p-rto", "P(RTO breached)", r.p_rto_breach),
    ] {
        match x {
            Some(x) => h.push_str(&format!(
                r#"<tr id="{id}"><th scope="row">{name}</th><td>{}</td><td>{}</td>{}</tr>"#,
                percent(x),
                tolerated,
                judged(met(Some(x)))
            )),
            None => h.push_str(&format!(
                r#"<tr id="{id}"><th scope="row">{name}</th><td>–</td><td>objective not set</td>{}</tr>"#,
                judged(None)
            )),
        }
    }
    h.push_str(&format!(
        r#"<tr id="p-none"><th scope="row">P(no secondary holds a copy)</th><td>{}</td><td colspan="2">no restore in another region; everything since the span's start is counted as lost then</td></tr>"#,
        percent(r.p_no_usable_secondary)
    ));
    h.push_str(&format!(
        r#"<tr id="p-waited"><th scope="row">P(every secondary holding a copy is down)</th><td>{}</td><td colspan="2">the restore waits for the first to come back (counted in the restore time)</td></tr>"#,
        percent(r.p_waited)
    ));
    h.push_str(&format!(
        r#"<tr id="expected-loss"><th scope="row">Expected data lost per year</th><td>{}</td><td colspan="2">{} losses of the service's region a year × the mean loss</td></tr>"#,
        duration_text(r.expected_loss_s_per_year.round() as i64),
        r.service_region_outages_per_year
    ));
    h.push_str("</tbody></table>");
    h.push_str(&format!(
        r#"<p class="hint" id="risk-assumptions">{} trials, seed {}. Region outages: {} per region per year (at random moments: a Poisson process), lasting a median {} h (log-normal, σ {}: the larger σ, the more outages far longer or shorter than the median): <strong>assumptions</strong>, rounded up from the providers' public post-incident reports (no provider publishes a rate; see docs/simulation.md, “Risk over many outages”). Copy attempts fail at {}. The loss of the service's region falls at a random moment after the span's first tenth (the plan taken as already running), so the verdict's start-up figure, before the first copy lands, is not among these trials. The last bar of the histogram counts every loss from its start on. The same seed gives the same numbers here and in <code>btar risk</code>.</p>"#,
        r.trials,
        r.seed,
        p.outages_per_year,
        p.outage_median_hours,
        p.outage_sigma,
        p.copy_failure_rate
            .map_or("the scenario's rate".to_string(), percent)
    ));
    let own: Vec<String> = p
        .own
        .iter()
        .map(|o| {
            format!(
                "{}: {} a region a year, median {} h",
                match &o.place {
                    risk::Place::Provider(pr) => pr.display_name().to_string(),
                    risk::Place::Region(r) => r.clone(),
                },
                o.outages_per_year,
                o.outage_median_hours
            )
        })
        .collect();
    if !own.is_empty() {
        h.push_str(&format!(
            r#"<p class="hint" id="risk-own-outages">In place of the rate and median above: {}.</p>"#,
            esc(&own.join("; "))
        ));
    }
    h
}

/// The frontier: cost against worst data lost, the objectives drawn, and
/// the table with a button to apply or export each plan.
pub fn frontier_html(
    plans: &[Plan],
    current: Option<&Measured>,
    o: &Objectives,
    measured: usize,
) -> String {
    let mut h = String::new();
    // The scenario as it is, when other plans beat it (else it is listed).
    let beaten = current.filter(|_| plans.iter().all(|p| !p.changes.is_empty()));
    let cheapest_ok = plans.iter().position(|p| p.meets_objectives);
    h.push_str(&format!(
        r#"<p id="frontier-verdict" class="{}">{}</p>"#,
        if cheapest_ok.is_some() { "ok" } else { "error" },
        match cheapest_ok.and_then(|i| plans.get(i)) {
            Some(p) if p.changes.is_empty() => format!(
                "Your plan is the cheapest of {measured} measured variants that meets every objective set ({} a month).",
                usd(p.monthly_usd)
            ),
            Some(p) => format!(
                "The cheapest plan that meets every objective set costs {} a month: {}.",
                usd(p.monthly_usd),
                esc(&p.changes.join("; "))
            ),
            None => format!("None of the {measured} measured variants meets every objective set."),
        }
    ));
    if let Some(c) = beaten {
        h.push_str(&format!(
            r#"<p id="frontier-current">Your plan as it is: {} a month, loses up to {}{}; each plan below beats it on cost, data lost or both.</p>"#,
            usd(c.monthly_usd),
            duration_text(c.worst_data_loss_s),
            if c.meets_objectives { "" } else { " (objectives NOT all met)" }
        ));
    }
    let max_cost = plans
        .iter()
        .map(|p| p.monthly_usd)
        .chain(beaten.map(|c| c.monthly_usd))
        .chain(o.monthly_budget_usd)
        .fold(0.0_f64, f64::max)
        .max(0.01)
        * 1.1;
    let max_loss = plans
        .iter()
        .map(|p| p.worst_data_loss_s)
        .chain(beaten.map(|c| c.worst_data_loss_s))
        .chain(o.rpo_s)
        .max()
        .unwrap_or(1)
        .max(1) as f64
        * 1.1;
    h.push_str(&svg_open(
        "frontier-chart",
        "Monthly cross-region cost against worst data lost, one point per plan",
    ));
    let points: Vec<(f64, f64)> = plans
        .iter()
        .map(|p| {
            px(
                p.worst_data_loss_s as f64 / max_loss,
                p.monthly_usd / max_cost,
            )
        })
        .collect();
    if points.len() > 1 {
        let path: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect();
        h.push_str(&format!(
            r#"<polyline class="frontier-line" points="{}"/>"#,
            path.join(" ")
        ));
    }
    for (i, (p, (x, y))) in plans.iter().zip(&points).enumerate() {
        h.push_str(&format!(
            r#"<circle class="{}" cx="{x:.1}" cy="{y:.1}" r="5" data-plan="{i}"><title>{}: {} a month, loses up to {}</title></circle>"#,
            match (p.changes.is_empty(), p.meets_objectives) {
                (true, _) => "plan current",
                (false, true) => "plan meets",
                (false, false) => "plan",
            },
            if p.changes.is_empty() {
                "your plan".to_string()
            } else {
                esc(&p.changes.join("; "))
            },
            usd(p.monthly_usd),
            duration_text(p.worst_data_loss_s)
        ));
    }
    if let Some(c) = beaten {
        let (x, y) = px(
            c.worst_data_loss_s as f64 / max_loss,
            c.monthly_usd / max_cost,
        );
        h.push_str(&format!(
            r#"<circle class="plan current beaten" cx="{x:.1}" cy="{y:.1}" r="6"><title>your plan: {} a month, loses up to {}</title></circle>{}"#,
            usd(c.monthly_usd),
            duration_text(c.worst_data_loss_s),
            text_at(x + 9.0, y + 4.0, "start", "tick", "your plan")
        ));
    }
    for f in [0.0, 0.5, 1.0] {
        let (x, y) = px(0.0, f);
        h.push_str(&text_at(
            x - 6.0,
            y + 4.0,
            "end",
            "tick",
            &usd(max_cost * f),
        ));
    }
    h.push_str(&loss_axis(
        "worst data lost at a loss of the service's region → ; ↑ $ a month",
        o.rpo_s,
        max_loss,
    ));
    if let Some(b) = o.monthly_budget_usd {
        h.push_str(&objective_line(
            false,
            b / max_cost,
            &format!("budget {}", usd(b)),
        ));
    }
    h.push_str("</svg>");
    h.push_str(r#"<table class="data stack" id="frontier-table"><thead><tr><th>$ a month</th><th>Worst data lost</th><th>Restore</th><th>Objectives</th><th>Changes</th><th></th></tr></thead><tbody>"#);
    for (i, p) in plans.iter().enumerate() {
        h.push_str(&format!(
            r#"<tr data-plan="{i}"><td data-label="$ a month">{}</td><td data-label="Worst data lost">{}</td><td data-label="Restore">{}</td>{}<td data-label="Changes">{}</td><td>{}</td></tr>"#,
            usd(p.monthly_usd),
            duration_text(p.worst_data_loss_s),
            p.restore_s.map_or("no restore".to_string(), duration_text),
            if p.meets_objectives {
                r#"<td class="met">all met</td>"#
            } else {
                r#"<td class="not-met">NOT all met</td>"#
            },
            if p.changes.is_empty() {
                "your plan as it is".to_string()
            } else {
                esc(&p.changes.join("; "))
            },
            if p.changes.is_empty() {
                String::new()
            } else {
                format!(
                    r#"<button type="button" class="small" data-apply="{i}">Apply</button> <button type="button" class="secondary small" data-export="{i}">Export</button>"#
                )
            }
        ));
    }
    h.push_str("</tbody></table>");
    h.push_str(&format!(
        r#"<p class="hint">{measured} variants of this plan were simulated and billed (steady month of the cross-region part); listed are those no other beats on both cost and worst data lost. Apply one to make it the scenario (Undo takes it back); Export writes it in the platform's own format.</p>"#
    ));
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    fn ask(job: Job) -> (Vec<(u32, u32)>, Reply) {
        let text = serde_json::to_string(&ToWorker { id: 5, job }).expect("serialises");
        let mut posts = Vec::new();
        handle_message(&text, &mut |m| posts.push(m));
        let mut progress = Vec::new();
        let mut last = None;
        for m in posts {
            let (id, reply) = Reply::from_wire(m).expect("reads");
            assert_eq!(id, 5);
            match reply {
                Reply::Progress { done, of } => progress.push((done, of)),
                r => last = Some(r),
            }
        }
        (progress, last.expect("a final reply"))
    }

    fn scenario() -> (Scenario, String) {
        let mut s = presets::load("aws-guide-one-dr").expect("preset");
        s.simulation.days = 30;
        s.objectives.rpo_s = Some(26 * 3600);
        s.objectives.breach_probability = Some(0.05);
        let json = scenario_file::to_compact_json(&s);
        (s, json)
    }

    #[test]
    fn risk_in_parts_gives_the_numbers_of_one_run() {
        let (s, json) = scenario();
        let params = RiskParams {
            trials: 30,
            seed: 9,
            ..Default::default()
        };
        let mut parts = Vec::new();
        for (from, to) in [(0, 11), (11, 30)] {
            let (progress, reply) = ask(Job::RiskTrials {
                scenario: json.clone(),
                params: params.clone(),
                from,
                to,
            });
            assert_eq!(progress.last(), Some(&(to - from, to - from)));
            let Reply::Part { json } = reply else {
                panic!("{reply:?}")
            };
            parts.push(json);
        }
        let (_, reply) = ask(Job::RiskSummary {
            scenario: json.clone(),
            params: params.clone(),
            parts,
        });
        let Reply::Risk { html } = reply else {
            panic!("{reply:?}")
        };
        let whole = risk::run(&s, &params, &s.objectives, 1, &|_| true).expect("ran");
        assert!(
            html.contains(&format!(
                "<th scope=\"row\">Data lost</th><td>{}</td>",
                duration_text(whole.data_loss_s.p50)
            )),
            "{html}"
        );
        // Twenty buckets and the overflow, said to be one.
        assert_eq!(html.matches("<rect class=\"bar\"").count(), 20);
        assert_eq!(html.matches("<rect class=\"bar overflow\"").count(), 1);
        assert!(html.contains(" or more: "));
        assert!(html.contains("RPO 1 d 02 h 00 min"));
    }

    #[test]
    fn the_frontier_in_parts_is_the_frontier_of_one_run() {
        let (s, json) = scenario();
        let parts: Vec<String> = (0..3)
            .map(|shard| {
                let (progress, reply) = ask(Job::FrontierMeasure {
                    scenario: json.clone(),
                    shard,
                    shards: 3,
                });
                assert!(!progress.is_empty());
                match reply {
                    Reply::Part { json } => json,
                    r => panic!("{r:?}"),
                }
            })
            .collect();
        let (_, reply) = ask(Job::FrontierSummary {
            scenario: json,
            parts,
        });
        let Reply::Frontier { html, plans } = reply else {
            panic!("{reply:?}")
        };
        let whole = frontier::frontier(&s, &s.objectives).expect("frontier");
        assert_eq!(plans.len(), whole.len());
        for (pick, p) in plans.iter().zip(&whole) {
            assert_eq!(
                &scenario_file::from_json_lean(&pick.scenario).expect("reads"),
                &p.scenario
            );
            assert_eq!(pick.changes, p.changes.join("; "));
        }
        // One point per plan, and one for the scenario when others beat it.
        let beaten = whole.iter().all(|p| !p.changes.is_empty());
        assert_eq!(
            html.matches("<circle").count(),
            whole.len() + usize::from(beaten)
        );
        assert_eq!(html.contains("id=\"frontier-current\""), beaten);
        assert_eq!(
            html.matches("data-apply=").count(),
            whole.iter().filter(|p| !p.changes.is_empty()).count()
        );
    }

    #[test]
    fn bad_jobs_are_answered_not_fatal() {
        for junk in ["", "{", "{\"id\": 1}", "[]"] {
            let mut posts = Vec::new();
            handle_message(junk, &mut |m| posts.push(m));
            let (id, reply) = Reply::from_wire(posts.remove(0)).expect("answered");
            assert_eq!(id, 0);
            assert!(matches!(reply, Reply::Failed { .. }), "{junk}");
        }
        let (_, reply) = ask(Job::RiskSummary {
            scenario: scenario().1,
            params: RiskParams::default(),
            parts: vec!["[{\"at\": \"x\"}]".into()],
        });
        assert!(matches!(reply, Reply::Failed { .. }), "{reply:?}");
        let mut s = scenario().0;
        s.simulation.days = 0;
        let (_, reply) = ask(Job::FrontierMeasure {
            scenario: scenario_file::to_compact_json(&s),
            shard: 0,
            shards: 1,
        });
        assert!(
            matches!(&reply, Reply::Failed { message } if message.contains("error(s)")),
            "{reply:?}"
        );
    }

    #[test]
    fn replies_cross_the_wire_unchanged() {
        let picks = vec![
            Pick {
                changes: "a; b".into(),
                scenario: "{}".into(),
            },
            Pick {
                changes: String::new(),
                scenario: "{\"x\": 1}".into(),
            },
        ];
        for r in [
            Reply::Progress { done: 3, of: 9 },
            Reply::Part { json: "[]".into() },
            Reply::Risk { html: "<p>".into() },
            Reply::Frontier {
                html: "<svg>".into(),
                plans: picks,
            },
            Reply::Frontier {
                html: String::new(),
                plans: Vec::new(),
            },
            Reply::Failed {
                message: "no".into(),
            },
        ] {
            assert_eq!(Reply::from_wire(r.clone().to_wire(42)), Some((42, r)));
        }
        for junk in [
            vec![],
            vec!["1".into()],
            vec!["x".into(), "part".into(), "".into()],
            vec!["1".into(), "what".into(), "".into()],
            vec!["1".into(), "progress".into(), "a".into(), "2".into()],
        ] {
            assert_eq!(Reply::from_wire(junk), None);
        }
    }

    #[test]
    fn user_text_is_escaped() {
        assert_eq!(esc("<b a=\"x\">&'"), "&lt;b a=&quot;x&quot;&gt;&amp;&#39;");
    }
}
