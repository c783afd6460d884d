//! Work the app does off its main thread, in a Web Worker with its own
//! WebAssembly module (`src/bin/btar-worker.rs`), loaded the first time it
//! is needed: reading the real formats a user imports and writing the
//! exports. The main module carries only these message types, so the
//! parsers and writers cost the first paint nothing.
//!
//! Messages are JSON text: `{"id": n, "request": …}` to the worker,
//! `{"id": n, "response": …}` back, and `"ready"` once the worker listens.
//! The enums are externally tagged and nothing is flattened, so the main
//! module's reader for them stays small.
//! Scenarios travel as scenario-file JSON text, read on each side by
//! [`scenario_file::from_json_lean`] on the main side, so the main module
//! reads them with the one plain deserializer it already has.

use serde::{Deserialize, Serialize};

use crate::domain::scenario::Scenario;
use crate::formats::{self, exports::Export, scenario_file, ImportDefaults};

impl Request {
    /// `providers`: the app's field of the regions of provider
    /// configurations a module's caller passes in (`aws.dr=us-west-2, …`).
    pub fn import(text: &str, origin: &str, base: &Scenario, providers: &str) -> Request {
        Request::Import {
            text: text.to_string(),
            origin: origin.to_string(),
            base: scenario_file::to_compact_json(base),
            providers: providers.to_string(),
        }
    }

    pub fn levers(s: &Scenario) -> Request {
        Request::Levers {
            scenario: scenario_file::to_compact_json(s),
        }
    }

    pub fn lag_report(s: &Scenario, period: crate::sim::lag::ReportPeriod) -> Request {
        Request::LagReport {
            scenario: scenario_file::to_compact_json(s),
            period: period.as_str().to_string(),
        }
    }

    /// Simulate and bill the scenario (the page's results of a plan too
    /// large to run on the main thread); progress is reported on the way.
    pub fn analyse(s: &Scenario) -> Request {
        Request::Analyse {
            scenario: scenario_file::to_compact_json(s),
        }
    }

    pub fn cost_csv(s: &Scenario) -> Request {
        Request::CostCsv {
            scenario: scenario_file::to_compact_json(s),
        }
    }

    /// The copy jobs in a state (all when `None`) created in `[from, to)`.
    pub fn copy_jobs_csv(
        s: &Scenario,
        state: Option<crate::sim::JobState>,
        from: i64,
        to: i64,
    ) -> Request {
        Request::CopyJobsCsv {
            scenario: scenario_file::to_compact_json(s),
            state: state.map(|x| x.as_str().to_string()),
            from,
            to,
        }
    }

    pub fn export(e: Export, s: &Scenario) -> Request {
        Request::Export {
            export: e.id().to_string(),
            scenario: scenario_file::to_compact_json(s),
            onto: None,
        }
    }

    /// The user's own file `onto` (the Terraform file or CloudFormation
    /// template the plan was imported from) with the scenario's changes
    /// written into it, and the unified diff of that change.
    pub fn export_onto(e: Export, s: &Scenario, onto: &Source) -> Request {
        Request::Export {
            export: e.id().to_string(),
            scenario: scenario_file::to_compact_json(s),
            onto: Some(onto.clone()),
        }
    }
}

/// Reads a scenario the worker sent back (the app's side: the plain reader
/// the app module already has).
pub fn read_scenario(json: &str) -> Result<Scenario, String> {
    scenario_file::from_json_lean(json).map_err(|e| e.to_string())
}

/// Reads a scenario the app sent (the worker's side: the tracking reader
/// its importers already carry, so the worker links one reader, not two).
#[allow(clippy::disallowed_methods)] // the formats worker's side
fn read_sent(json: &str) -> Result<Scenario, String> {
    scenario_file::from_json(json, &mut Vec::new()).map_err(|e| match e {
        formats::FormatError::TooLarge { size, limit } => format!(
            "the scenario is {size} bytes as JSON; scenarios are saved, shared and read up to {limit}: shorten its longest texts (names, unmodelled fields)"
        ),
        other => other.to_string(),
    })
}

/// A file a plan was imported from, kept to write the plan's later edits
/// back into it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// The file's name ("main.tf"), or "the pasted text".
    pub name: String,
    pub text: String,
    /// The scenario the import made of it (scenario-file JSON): the edits
    /// written into `text` are the differences from this one.
    pub was: String,
}

/// The worker's first message: it listens from now on.
pub const READY: &str = "ready";

/// What the app asks the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Request {
    /// Read `text` (from `origin`: "the pasted text" or a file name) as any
    /// format the planner reads, on top of the current scenario.
    Import {
        text: String,
        origin: String,
        /// The current scenario (scenario-file JSON).
        base: String,
        /// The regions of provider configurations a module's caller
        /// passes in, as the user typed them in the app's field:
        /// `PROVIDER=REGION` items (`aws.dr=us-west-2`) separated by commas
        /// or spaces, read here like `--provider-region`.
        #[serde(default)]
        providers: String,
    },
    /// Write the scenario (scenario-file JSON) as the export with this id;
    /// with `onto`, as that file edited (answered with `Edited`).
    Export {
        export: String,
        scenario: String,
        onto: Option<Source>,
    },
    /// A preset's scenario (only the default one is in the app's module).
    Preset { id: String },
    /// Compare the cost levers of the scenario (five more simulations).
    Levers { scenario: String },
    /// The Aiven lag report of the scenario for a period (hour … year).
    LagReport { scenario: String, period: String },
    /// The bill as CSV (month × region × category).
    CostCsv { scenario: String },
    /// The run and the bill of a valid scenario, with progress on the way.
    Analyse { scenario: String },
    /// Read job history files (name, text) and fit the simulator's figures
    /// to them, for the scenario (scenario-file JSON).
    Calibrate {
        files: Vec<(String, String)>,
        scenario: String,
    },
    /// The copy-job log as CSV, filtered as the table is.
    CopyJobsCsv {
        scenario: String,
        state: Option<String>,
        from: i64,
        to: i64,
    },
}

/// What the worker answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// The imported scenario and the notice that tells what it was.
    Imported {
        /// Scenario-file JSON.
        scenario: String,
        notice: String,
        /// The export (its id) that can write the scenario's changes back
        /// into the imported text: a Terraform file's `aws_backup_plan` or
        /// a CloudFormation template.
        onto: Option<String>,
    },
    /// The export's text.
    Exported { text: String },
    /// The user's file with the scenario's changes written into it, and
    /// the unified diff from the file as it was (empty: no change).
    Edited { text: String, diff: String },
    /// The lever comparison.
    Levers {
        rows: Vec<crate::cost::levers::LeverRow>,
    },
    /// The run and the bill the page shows (an answer to `Analyse`), as
    /// [`Packed`] bytes.
    Analysis { packed: Packed },
    /// What the job history shows, and the scenario with the fitted
    /// figures (scenario-file JSON; `None` when nothing could be fitted).
    Calibrated { packed: PackedCalibration },
    /// How far through the run the worker is (0 to 1); the answer follows.
    Progress { fraction: f64 },
    /// Why the request could not be done (shown to the user as it is).
    Failed { message: String },
}

/// A request with the id its answer will carry.
#[derive(Debug, Serialize, Deserialize)]
pub struct ToWorker {
    pub id: u32,
    pub request: Request,
}

/// An answer to the request with this id.
#[derive(Debug, Serialize, Deserialize)]
pub struct FromWorker {
    pub id: u32,
    pub response: Response,
}

impl FromWorker {
    /// The answer as the workers post it: postcard bytes (a `Uint8Array`),
    /// whose reader in the app's module is a fraction of a JSON one's.
    pub fn to_wire(&self) -> Vec<u8> {
        postcard::to_allocvec(self).unwrap_or_else(|e| {
            let failed = FromWorker {
                id: self.id,
                response: Response::Failed {
                    message: format!("the answer could not be written: {e}"),
                },
            };
            postcard::to_allocvec(&failed).unwrap_or_default()
        })
    }

    /// What [`to_wire`](Self::to_wire) wrote.
    pub fn from_wire(bytes: &[u8]) -> Result<FromWorker, String> {
        postcard::from_bytes(bytes)
            .map_err(|e| format!("the worker's answer could not be read: {e}"))
    }
}

impl Request {
    /// Whether it writes a scenario's changes into a user's file (the
    /// file-editing worker's part: the format-preserving editors).
    pub fn edits(&self) -> bool {
        matches!(self, Request::Export { onto: Some(_), .. })
    }

    /// Whether the request runs the simulator: those go to the compute
    /// worker, which has the engine; the formats worker has the parsers and
    /// writers only.
    pub fn simulates(&self) -> bool {
        matches!(
            self,
            Request::Levers { .. }
                | Request::Analyse { .. }
                | Request::LagReport { .. }
                | Request::CostCsv { .. }
                | Request::CopyJobsCsv { .. }
        )
    }
}

/// The answer to any request (both workers' parts; used natively).
pub fn handle(r: Request) -> Response {
    if r.edits() {
        handle_edit(r)
    } else if r.simulates() {
        handle_sim(r)
    } else {
        handle_formats(r)
    }
}

/// The file-editing worker's answer: a scenario's changes written into the
/// file it was imported from, with the diff.
pub fn handle_edit(r: Request) -> Response {
    match r {
        Request::Export {
            export,
            scenario,
            onto: Some(onto),
        } => match (Export::parse(&export), read_sent_lean(&scenario)) {
            (_, Err(message)) => Response::Failed { message },
            (Some(e), Ok(now)) => match edited(e, &now, &onto) {
                Ok((text, diff)) => Response::Edited { text, diff },
                Err(message) => Response::Failed { message },
            },
            (None, _) => Response::Failed {
                message: format!("'{export}' is not an export"),
            },
        },
        other => handle_elsewhere(&other),
    }
}

/// A scenario the app sent, read with the lean reader the engine's module
/// already has (the compute worker's side).
fn read_sent_lean(json: &str) -> Result<Scenario, String> {
    scenario_file::from_json_lean(json).map_err(|e| e.to_string())
}

/// The formats worker's answer: imports, exports and presets.
#[allow(clippy::disallowed_methods)] // the formats worker's side
pub fn handle_formats(r: Request) -> Response {
    match r {
        Request::Import {
            text,
            origin,
            base,
            providers,
        } => {
            let base = match read_sent(&base) {
                Ok(b) => b,
                Err(message) => return Response::Failed { message },
            };
            let provider_regions = match formats::terraform::provider_region_list(&providers) {
                Ok(p) => p,
                Err(why) => {
                    return Response::Failed {
                        message: format!(
                            "Nothing was imported from {origin}: the provider regions field: {why}"
                        ),
                    }
                }
            };
            let defaults = ImportDefaults {
                start: base.simulation.start,
                aws_region: None,
                tf_vars: Vec::new(),
                provider_regions,
            };
            match formats::import(&text, &defaults, Some(&base)) {
                Ok(i) => {
                    let mut notice = format!("Imported {} from {origin}.", i.kind.label());
                    if !i.warnings.is_empty() {
                        let list: Vec<String> = i
                            .warnings
                            .iter()
                            .take(5)
                            .map(|w| format!("{}: {}", w.field, w.message))
                            .collect();
                        notice.push_str(&format!(
                            " {} note(s): {}",
                            i.warnings.len(),
                            list.join("; ")
                        ));
                    }
                    Response::Imported {
                        scenario: scenario_file::to_compact_json(&i.scenario),
                        notice,
                        onto: onto_export(i.kind).map(|e| e.id().to_string()),
                    }
                }
                Err(e) => Response::Failed {
                    message: format!("Nothing was imported from {origin}: {e}"),
                },
            }
        }
        // Read with the worker's own reader (the lean one is the app's).
        Request::Preset { id } => match crate::presets::json(&id)
            .ok_or_else(|| format!("no preset named '{id}'"))
            .and_then(read_sent)
        {
            Ok(s) => Response::Imported {
                scenario: scenario_file::to_compact_json(&s),
                notice: crate::presets::title(&id).to_string(),
                onto: None,
            },
            Err(message) => Response::Failed { message },
        },
        Request::Export {
            export,
            scenario,
            onto: None,
        } => match (Export::parse(&export), read_sent(&scenario)) {
            (_, Err(message)) => Response::Failed { message },
            (Some(e), Ok(scenario)) => match e.render(&scenario) {
                Ok(text) => Response::Exported { text },
                Err(message) => Response::Failed { message },
            },
            (None, _) => Response::Failed {
                message: format!("'{export}' is not an export"),
            },
        },
        Request::Calibrate { files, scenario } => {
            calibrated(&files, &scenario).unwrap_or_else(|message| Response::Failed { message })
        }
        other => handle_elsewhere(&other),
    }
}

/// The export that writes a plan's changes back into the text it was
/// imported from, for the kinds of input that have one.
pub fn onto_export(kind: formats::InputKind) -> Option<Export> {
    match kind {
        formats::InputKind::Terraform(formats::terraform::TfResource::AwsBackupPlan) => {
            Some(Export::Terraform)
        }
        formats::InputKind::CloudFormation => Some(Export::CloudFormation),
        _ => None,
    }
}

/// `onto`'s text with the changes of `now` from the plan the text holds
/// (`onto.was`, what its import made) written into it, and the unified diff
/// of the change.
pub fn edited(e: Export, now: &Scenario, onto: &Source) -> Result<(String, String), String> {
    let edit = match e {
        Export::Terraform => formats::terraform_onto::onto,
        Export::CloudFormation => formats::cloudformation_onto::onto,
        other => {
            return Err(format!(
                "{} exports are written whole; only Terraform and CloudFormation are written into the file a plan came from",
                other.label()
            ))
        }
    };
    let was = read_sent_lean(&onto.was).map_err(|e| {
        format!(
            "the plan {} was imported as can no longer be read: {e}",
            onto.name
        )
    })?;
    let text = edit(&onto.text, &was, now).map_err(|why| format!("{}: {why}", onto.name))?;
    Ok((text.clone(), unified_diff(&onto.name, &onto.text, &text)))
}

/// The unified diff (three lines of context) from `old` to `new`, both
/// named `name` (`a/name`, `b/name`, as `git diff` writes them), in the
/// format `patch` and `git apply` read; empty when they are the same.
/// Lines are compared whole, line ends included, by Myers' algorithm
/// (`similar`), and grouped into hunks by `similar::group_diff_ops`.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    use similar::DiffTag;
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let mut found = similar::algorithms::Capture::new();
    // Capture's hook cannot fail.
    let Ok(()) =
        similar::algorithms::myers::diff(&mut found, &a[..], 0..a.len(), &b[..], 0..b.len());
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    // `-l,s`: a hunk's first line and its length; an empty side names the
    // line before it, and a length of one is left out (as diff writes it).
    let range = |start: usize, len: usize| match len {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        n => format!("{},{n}", start + 1),
    };
    let line = |out: &mut String, mark: char, l: &str| {
        out.push(mark);
        out.push_str(l);
        if !l.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
    };
    for hunk in similar::group_diff_ops(found.into_ops(), 3) {
        let (Some(first), Some(last)) = (hunk.first(), hunk.last()) else {
            continue;
        };
        let (o, n) = (first.old_range().start, first.new_range().start);
        let (o_end, n_end) = (last.old_range().end, last.new_range().end);
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(o, o_end - o),
            range(n, n_end - n)
        ));
        // Between two runs of equal lines, the removed lines come first,
        // then the added ones, whatever order the algorithm found them in.
        let (mut gone, mut came) = (Vec::new(), Vec::new());
        for op in &hunk {
            let (tag, olds, news) = op.as_tag_tuple();
            if tag == DiffTag::Equal {
                gone.drain(..)
                    .for_each(|i: usize| line(&mut out, '-', a[i]));
                came.drain(..)
                    .for_each(|i: usize| line(&mut out, '+', b[i]));
                olds.for_each(|i| line(&mut out, ' ', a[i]));
            } else {
                gone.extend(olds);
                came.extend(news);
            }
        }
        gone.into_iter().for_each(|i| line(&mut out, '-', a[i]));
        came.into_iter().for_each(|i| line(&mut out, '+', b[i]));
    }
    out
}

fn handle_elsewhere(r: &Request) -> Response {
    Response::Failed {
        message: format!(
            "this worker does not run {} requests",
            if r.edits() {
                "file-editing"
            } else if r.simulates() {
                "simulation"
            } else {
                "import and export"
            }
        ),
    }
}

/// A scenario the app sent, simulated (the compute worker's side).
fn simulated_sent(json: &str) -> Result<(Scenario, crate::sim::SimResult), String> {
    let s = read_sent_lean(json)?;
    let r = crate::sim::simulate(&s).map_err(|e| e.to_string())?;
    Ok((s, r))
}

/// The compute worker's answer to the requests that simulate: the lever
/// comparison, the lag report, the cost and copy-job CSVs.
pub fn handle_sim(r: Request) -> Response {
    handle_sim_reporting(r, &mut |_| {})
}

/// The page's analysis of a plan too large for its main thread: the run
/// (within [`crate::sim::engine::MAX_JOBS`]) and its bill.
fn analyse(json: &str, progress: &mut dyn FnMut(f64)) -> Result<Response, String> {
    let s = read_sent_lean(json)?;
    // The pipeline's first stages; the page adds the warnings and verdict.
    let (_, r, bill) = crate::analysis::run(&s, crate::sim::engine::MAX_JOBS, progress)
        .map_err(|e| e.to_string())?;
    Ok(Response::Analysis {
        packed: Packed::pack(&r, &bill)?,
    })
}

/// The job history read and fitted (the formats worker's side, without
/// the engine: the page has its own run's lag to set beside the observed).
#[allow(clippy::disallowed_methods)] // the formats worker's side
fn calibrated(files: &[(String, String)], scenario: &str) -> Result<Response, String> {
    use crate::calibrate::{self, history::History};
    let s = read_sent(scenario)?;
    let mut h = History::default();
    for (name, text) in files {
        h.read(name, text).map_err(|e| e.to_string())?;
    }
    if h.jobs.is_empty() && h.lag.is_empty() {
        return Err("the files hold no jobs".into());
    }
    let c = calibrate::fit(&h, Some(&s), None);
    let mut fitted = s.clone();
    let applied = calibrate::apply(&c, &mut fitted);
    let view = CalibrationView::of(&c, &h, &s, applied.clone());
    let scenario = (!applied.is_empty()).then(|| scenario_file::to_compact_json(&fitted));
    Ok(Response::Calibrated {
        packed: PackedCalibration::pack(&view, &scenario)?,
    })
}

/// A calibration's view and fitted scenario in postcard bytes, base64 in
/// the JSON envelope, as [`Packed`] carries a run: postcard's reader of
/// these types is a fraction of the size of a JSON one in the app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PackedCalibration(String);

impl PackedCalibration {
    pub fn pack(view: &CalibrationView, scenario: &Option<String>) -> Result<Self, String> {
        crate::packed::pack(&(view, scenario), "the calibration").map(PackedCalibration)
    }

    pub fn unpack(&self) -> Result<(CalibrationView, Option<String>), String> {
        crate::packed::unpack(&self.0, "the calibration")
    }
}

/// What the app shows of a calibration: words per route and rule, and
/// each route's observed durations with the two model lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationView {
    /// "1 000 distinct jobs from 1 050 records in 3 files; 8 still running".
    pub summary: String,
    pub routes: Vec<RouteView>,
    /// One line per backup rule.
    pub lines: Vec<String>,
    /// Observed lag per region: (region, samples, median, p95, max s).
    pub lag: Vec<(String, u32, f64, f64, f64)>,
    /// What "Use these figures" changes, each with what it rests on.
    pub applied: Vec<String>,
}

/// One copy route in the app's table and chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteView {
    /// "aws-us-east-1 → aws-us-west-2".
    pub route: String,
    /// Cells: jobs, throughput, setup, failure rate, observed median,
    /// simulated median with the scenario's figures, with the fitted ones.
    pub cells: [String; 7],
    /// (GB, minutes) of up to 400 completed copies.
    pub points: Vec<(f32, f32)>,
    /// (setup s, Mbit/s) of the scenario's figures and the fitted ones.
    pub before: Option<(f64, f64)>,
    pub after: Option<(f64, f64)>,
}

impl CalibrationView {
    pub fn of(
        c: &crate::calibrate::Calibration,
        h: &crate::calibrate::history::History,
        s: &Scenario,
        applied: Vec<String>,
    ) -> CalibrationView {
        use crate::sim::report::duration_text;
        let t = |s: f64| duration_text(s.round() as i64);
        let d = |x: Option<chrono::DateTime<chrono::Utc>>| {
            x.map_or("?".into(), |x| x.format("%Y-%m-%d").to_string())
        };
        let routes = c
            .routes
            .iter()
            .map(|r| {
                let sp = &r.speed;
                let fit =
                    |v: Option<f64>, iv: Option<[f64; 2]>, unit: &str, digits: usize| match (v, iv)
                    {
                        (Some(v), Some([a, b])) => {
                            format!("{v:.digits$} {unit} ({a:.digits$}–{b:.digits$})")
                        }
                        _ => sp.refused.clone().unwrap_or_else(|| "—".into()),
                    };
                let res = r.residuals.as_ref();
                let step = (r.speed.fitted_jobs / 400).max(1);
                let points = res.map_or(Vec::new(), |x| {
                    x.points
                        .iter()
                        .step_by(step)
                        .map(|p| (p[0] as f32, (p[1] / 60.0) as f32))
                        .collect()
                });
                RouteView {
                    route: format!("{} → {}", r.from, r.to),
                    cells: [
                        format!(
                            "{} ({} completed, {} failed, {} running), {} to {}",
                            r.counts.jobs,
                            r.counts.completed,
                            r.counts.failed,
                            r.counts.running,
                            d(r.counts.first),
                            d(r.counts.last)
                        ),
                        fit(
                            sp.throughput_mbit_s,
                            sp.throughput_mbit_s_interval,
                            "Mbit/s",
                            1,
                        ),
                        fit(sp.setup_s, sp.setup_s_interval, "s", 0),
                        match (r.failures.failure_rate, r.failures.failure_rate_interval) {
                            (Some(f), Some([a, b])) => {
                                format!("{:.1} % ({:.1}–{:.1} %)", f * 100.0, a * 100.0, b * 100.0)
                            }
                            _ => r.failures.failure_rate_refused.clone().unwrap_or_default(),
                        },
                        res.map_or("—".into(), |x| t(x.observed_median_s)),
                        res.map_or("—".into(), |x| {
                            format!(
                                "{} (error {})",
                                t(x.simulated_before_median_s),
                                t(x.abs_residual_before_s)
                            )
                        }),
                        res.and_then(|x| {
                            Some(format!(
                                "{} (error {})",
                                t(x.simulated_after_median_s?),
                                t(x.abs_residual_after_s?)
                            ))
                        })
                        .unwrap_or_else(|| "—".into()),
                    ],
                    points,
                    before: crate::calibrate::scenario_route(s, r.from, r.to),
                    after: sp.setup_s.zip(sp.throughput_mbit_s),
                }
            })
            .collect();
        let lines: Vec<String> = c
            .rules
            .iter()
            .map(|r| {
                let mut l = format!(
                    "Backups of rule {} in {}: {} jobs",
                    r.rule, r.region, r.counts.jobs
                );
                if let Some(m) = r.speed.throughput_mbit_s {
                    l += &format!(", {m:.0} Mbit/s");
                }
                if let Some(g) = r.daily_change_gb {
                    l += &format!(", daily change {g:.1} GB");
                }
                if let Some(s) = r.start_delay_s {
                    l += &format!(", starts {} into its window", t(s));
                }
                l
            })
            .collect();
        CalibrationView {
            summary: format!(
                "{} distinct jobs from {} records in {} file(s); {} still running, set aside",
                c.jobs,
                c.records,
                h.files.len(),
                c.running_set_aside
            ),
            routes,
            lines,
            lag: c
                .lag
                .iter()
                .map(|l| {
                    (
                        l.region.to_string(),
                        l.samples as u32,
                        l.observed_p50_s,
                        l.observed_p95_s,
                        l.observed_max_s,
                    )
                })
                .collect(),
            applied,
        }
    }
}

/// A run and its bill in postcard bytes, carried as bytes in the worker's
/// (postcard) answer: the main module reads them with postcard's small
/// reader, and a year of hourly backups (some 3 MB) is neither base64 nor
/// copied twice on the way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Packed(#[serde(with = "crate::packed::bytes")] Vec<u8>);

impl Packed {
    pub fn pack(
        sim: &crate::sim::SimResult,
        bill: &crate::cost::bill::Bill,
    ) -> Result<Packed, String> {
        postcard::to_allocvec(&(sim, bill))
            .map(Packed)
            .map_err(|e| format!("the results could not be packed: {e}"))
    }

    pub fn unpack(&self) -> Result<(crate::sim::SimResult, crate::cost::bill::Bill), String> {
        postcard::from_bytes(&self.0)
            .map_err(|e| format!("the results from the worker could not be read: {e}"))
    }
}

/// [`handle_sim`], telling `progress` how far a long run is.
pub fn handle_sim_reporting(r: Request, progress: &mut dyn FnMut(f64)) -> Response {
    match r {
        Request::Analyse { scenario } => {
            analyse(&scenario, progress).unwrap_or_else(|message| Response::Failed { message })
        }

        Request::Levers { scenario } => {
            match read_sent_lean(&scenario).and_then(|s| crate::cost::levers::compare(&s)) {
                Ok(rows) => Response::Levers { rows },
                Err(message) => Response::Failed { message },
            }
        }
        Request::LagReport { scenario, period } => {
            let Some(p) = crate::sim::lag::ReportPeriod::parse(&period) else {
                return Response::Failed {
                    message: format!("'{period}' is not a report period"),
                };
            };
            match simulated_sent(&scenario) {
                Ok((s, r)) => Response::Exported {
                    text: serde_json::to_string_pretty(&crate::sim::report::aiven_lag_report(
                        &r,
                        s.simulation.start,
                        p,
                        r.span_s,
                    ))
                    .unwrap_or_default(),
                },
                Err(message) => Response::Failed { message },
            }
        }
        Request::CostCsv { scenario } => match simulated_sent(&scenario) {
            Ok((s, r)) => Response::Exported {
                text: crate::cost::bill::bill(&s, &r).to_csv(&s),
            },
            Err(message) => Response::Failed { message },
        },
        Request::CopyJobsCsv {
            scenario,
            state,
            from,
            to,
        } => {
            let state = match state.as_deref() {
                None => None,
                Some(x) => match crate::sim::JobState::ALL
                    .into_iter()
                    .find(|s| s.as_str() == x)
                {
                    Some(s) => Some(s),
                    None => {
                        return Response::Failed {
                            message: format!("'{x}' is not a job state"),
                        }
                    }
                },
            };
            match simulated_sent(&scenario) {
                Ok((s, r)) => Response::Exported {
                    text: crate::sim::report::copy_jobs_csv(
                        r.copy_jobs_where(state, from, to),
                        s.simulation.start,
                    ),
                },
                Err(message) => Response::Failed { message },
            }
        }
        other => handle_elsewhere(&other),
    }
}

/// The worker's side of the wire: a request message in, the answer out.
/// A message that does not parse is answered as failed (id 0 when even the
/// id cannot be read), never a panic.
pub fn handle_message(text: &str) -> Vec<u8> {
    handle_message_with(text, handle)
}

/// The compute worker's side of the wire for the app's requests that
/// simulate: `post` gets each progress message and then the answer; `now`
/// is a clock in milliseconds (see [`PROGRESS_AFTER_MS`]).
pub fn handle_sim_message(text: &str, now: fn() -> f64, post: &mut dyn FnMut(Vec<u8>)) {
    match serde_json::from_str::<ToWorker>(text) {
        Ok(msg) => handle_sim_request(msg, now, post),
        Err(_) => post(handle_message_with(text, handle_sim)),
    }
}

/// A run reports its progress only once it has taken this long (ms), and
/// then at most once per [`PROGRESS_EVERY_MS`]: each report re-renders the
/// page, and a run of a tenth of a second is over before a bar could be
/// read (a year of hourly backups sent fifteen reports in 50 ms, about 40
/// ms of the page's time).
pub const PROGRESS_AFTER_MS: f64 = 100.0;
/// See [`PROGRESS_AFTER_MS`].
pub const PROGRESS_EVERY_MS: f64 = 100.0;

/// [`handle_sim_message`] on a message already read (the compute worker
/// reads each message once to tell the two protocols apart).
pub fn handle_sim_request(
    ToWorker { id, request }: ToWorker,
    now: fn() -> f64,
    post: &mut dyn FnMut(Vec<u8>),
) {
    let mut last = -1.0;
    let mut next_at = now() + PROGRESS_AFTER_MS;
    let response = handle_sim_reporting(request, &mut |fraction| {
        // A report every whole per cent at most, and not too often.
        let f = (fraction * 100.0).floor() / 100.0;
        if f <= last {
            return;
        }
        let t = now();
        if t >= next_at {
            next_at = t + PROGRESS_EVERY_MS;
            last = f;
            post(
                FromWorker {
                    id,
                    response: Response::Progress { fraction: f },
                }
                .to_wire(),
            );
        }
    });
    post(FromWorker { id, response }.to_wire());
}

/// [`handle_message`] with one worker's handler.
pub fn handle_message_with(text: &str, handler: fn(Request) -> Response) -> Vec<u8> {
    let answer = match serde_json::from_str::<ToWorker>(text) {
        Ok(ToWorker { id, request }) => FromWorker {
            id,
            response: handler(request),
        },
        Err(e) => FromWorker {
            id: 0,
            response: Response::Failed {
                message: format!("the worker could not read the request: {e}"),
            },
        },
    };
    answer.to_wire()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    fn ask(r: Request) -> Response {
        let text = serde_json::to_string(&ToWorker { id: 7, request: r }).expect("serialises");
        let back = FromWorker::from_wire(&handle_message(&text)).expect("answer parses");
        assert_eq!(back.id, 7);
        back.response
    }

    /// Every text and region the engine writes comes back as the engine's
    /// own: an Aiven service that changes its backup region, migrates,
    /// turns BTAR off and on, loses a region and forks.
    #[test]
    fn a_run_with_every_event_comes_back_whole() {
        use crate::domain::scenario::TimelineEvent;
        let mut s = presets::default_scenario();
        let day = |d: i64| s.simulation.start + chrono::Duration::days(d);
        let primary = s.primary_region().expect("region").cloud;
        let other = if primary == "aws-eu-west-1" {
            "aws-us-east-1"
        } else {
            "aws-eu-west-1"
        };
        let events = vec![
            TimelineEvent::Outage {
                at: day(2),
                region: primary.to_string(),
                hours: 30.0,
            },
            TimelineEvent::Fork {
                at: day(2) + chrono::Duration::hours(3),
                from_region: None,
                point_in_time: None,
                name: Some("dr".into()),
            },
            TimelineEvent::ChangeBackupRegion {
                at: day(4),
                from: None,
                to: other.to_string(),
            },
            TimelineEvent::DisableBtar { at: day(6) },
            TimelineEvent::EnableBtar {
                at: day(7),
                region: None,
            },
            TimelineEvent::Migrate {
                at: day(8),
                to: "google-europe-west1".into(),
            },
        ];
        s.events = events;
        s.simulation.days = 12;
        let r = crate::sim::simulate(&s).expect("runs");
        let Response::Analysis { packed } = ask(Request::analyse(&s)) else {
            panic!("no analysis")
        };
        let (sim, bill) = packed.unpack().expect("reads back");
        assert_eq!(sim, r);
        assert_eq!(bill, crate::cost::bill::bill(&s, &r));
        assert!(!r.outages.is_empty() && !r.forks.is_empty());
    }

    #[test]
    fn a_long_run_reports_its_progress_then_answers() {
        let mut s = presets::load("aws-guide-one-dr").expect("preset");
        s.simulation.days = 3000;
        let text = serde_json::to_string(&ToWorker {
            id: 9,
            request: Request::analyse(&s),
        })
        .expect("serialises");
        let mut posted: Vec<Response> = Vec::new();
        // A clock that moves 100 ms a reading: reports start after 100 ms,
        // then come at most every 100 ms.
        thread_local!(static T: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) });
        fn clock() -> f64 {
            T.with(|t| {
                t.set(t.get() + 100.0);
                t.get()
            })
        }
        let mut at = Vec::new();
        handle_sim_message(&text, clock, &mut |m| {
            let FromWorker { id, response } = FromWorker::from_wire(&m).expect("parses");
            assert_eq!(id, 9);
            posted.push(response);
            at.push(T.with(|t| t.get()));
        });
        at.pop();
        // The clock read 100 when the request came.
        assert!(
            at.first().is_some_and(|t| *t >= 100.0 + PROGRESS_AFTER_MS),
            "{at:?}"
        );
        assert!(
            at.windows(2).all(|w| w[1] - w[0] >= PROGRESS_EVERY_MS),
            "{at:?}"
        );
        assert!(matches!(posted.pop(), Some(Response::Analysis { .. })));
        let fractions: Vec<f64> = posted
            .iter()
            .map(|r| match r {
                Response::Progress { fraction } => *fraction,
                other => panic!("{other:?}"),
            })
            .collect();
        assert!(fractions.len() >= 2, "{fractions:?}");
        assert!(fractions.windows(2).all(|w| w[0] < w[1]), "{fractions:?}");
        assert!(fractions.iter().all(|f| (0.0..=1.0).contains(f)));
    }

    #[test]
    fn an_invalid_scenario_is_not_analysed() {
        let mut s = presets::default_scenario();
        s.simulation.days = 0;
        let Response::Failed { message } = ask(Request::analyse(&s)) else {
            panic!("analysed")
        };
        assert!(message.contains("error"), "{message}");
    }

    #[test]
    fn imports_and_exports_go_through_the_wire() {
        let base = presets::default_scenario();
        let plan = include_str!("../tests/fixtures/aws-guide-plan.json");
        let Response::Imported {
            scenario,
            notice,
            onto,
        } = ask(Request::import(plan, "plan.json", &base, ""))
        else {
            panic!("not imported")
        };
        assert!(
            notice.starts_with("Imported AWS Backup plan from plan.json"),
            "{notice}"
        );
        // A plan's JSON is written whole on export: no file to edit.
        assert_eq!(onto, None);
        let scenario = read_scenario(&scenario).expect("reads");
        let Response::Exported { text } = ask(Request::export(Export::AwsPlan, &scenario)) else {
            panic!("not exported")
        };
        assert!(text.contains("DailyWithDRCopy"));
        // The scenario crosses the wire unchanged.
        let Response::Exported { text } = ask(Request::export(Export::Scenario, &scenario)) else {
            panic!("not exported")
        };
        assert_eq!(read_scenario(&text).expect("reads back"), scenario);
    }

    /// The region of a provider a module's caller passes in, given with the
    /// import (the app's field), reaches the reader: the DR vault is in it
    /// and nothing is unknown; without it, the stand-in is said.
    #[test]
    fn provider_regions_travel_with_the_import() {
        let text = include_str!("../tests/fixtures/terraform-module-aliases/main.tf");
        let base = presets::load("aws-guide-one-dr").expect("preset");
        let Response::Imported {
            scenario, notice, ..
        } = ask(Request::import(text, "main.tf", &base, ""))
        else {
            panic!("not imported")
        };
        // The DR vault's region stands in, labelled with the provider.
        let unknowns = read_scenario(&scenario).expect("reads").unknowns;
        assert!(
            unknowns
                .iter()
                .any(|u| u.field.ends_with("DestinationBackupVaultArn")
                    && u.expression.contains("provider aws.dr's region")),
            "{notice}: {unknowns:?}"
        );
        // A bad value imports nothing, naming the field, the value and the
        // rule.
        let r = ask(Request::import(text, "main.tf", &base, "aws.dr=mars-1"));
        assert!(
            matches!(&r, Response::Failed { message }
                if message.contains("provider regions field")
                    && message.contains("'mars-1' is not an AWS region")),
            "{r:?}"
        );
        let Response::Imported { scenario, .. } = ask(Request::import(
            text,
            "main.tf",
            &base,
            " aws.dr=eu-west-1 ",
        )) else {
            panic!("not imported")
        };
        let s = read_scenario(&scenario).expect("reads");
        let crate::domain::scenario::Platform::Aws(a) = &s.platform else {
            panic!("not AWS")
        };
        assert!(
            a.plan.rules[0].copy_actions[0]
                .destination_backup_vault_arn
                .contains(":eu-west-1:"),
            "{:?}",
            a.plan.rules[0].copy_actions
        );
        assert!(s.unknowns.is_empty(), "{:?}", s.unknowns);
    }

    /// A Terraform file or CloudFormation template imported whole comes
    /// back as that file with the edit written into it, and the diff of
    /// that edit: one line out, one line in.
    #[test]
    fn an_imported_file_is_exported_as_itself_edited() {
        use crate::domain::scenario::Platform;
        for (name, text, export) in [
            (
                "main.tf",
                include_str!("../tests/fixtures/terraform-tokyo-osaka.tf"),
                Export::Terraform,
            ),
            (
                "backup.yaml",
                include_str!("../tests/fixtures/cloudformation-plan.yaml"),
                Export::CloudFormation,
            ),
        ] {
            let Response::Imported { scenario, onto, .. } = ask(Request::import(
                text,
                name,
                &presets::default_scenario(),
                "",
            )) else {
                panic!("{name} not imported")
            };
            assert_eq!(onto.as_deref(), Some(export.id()), "{name}");
            let source = Source {
                name: name.into(),
                text: text.into(),
                was: scenario.clone(),
            };
            let mut s = read_scenario(&scenario).expect("reads");
            let Response::Edited { text: same, diff } =
                ask(Request::export_onto(export, &s, &source))
            else {
                panic!("{name}: not edited")
            };
            assert_eq!(same, text, "{name}: no change is the file itself");
            assert_eq!(diff, "", "{name}");
            let Platform::Aws(a) = &mut s.platform else {
                panic!("{name}: not AWS")
            };
            a.plan.rules[0].start_window_minutes = Some(120);
            let Response::Edited { text: edited, diff } =
                ask(Request::export_onto(export, &s, &source))
            else {
                panic!("{name}: not edited")
            };
            let changed: Vec<&str> = diff
                .lines()
                .filter(|l| {
                    (l.starts_with('-') || l.starts_with('+'))
                        && !l.starts_with("---")
                        && !l.starts_with("+++")
                })
                .collect();
            assert_eq!(changed.len(), 2, "{name}: {diff}");
            assert!(
                changed[0].starts_with('-') && changed[0].contains("60"),
                "{diff}"
            );
            assert!(
                changed[1].starts_with('+') && changed[1].contains("120"),
                "{diff}"
            );
            assert!(
                diff.starts_with(&format!("--- a/{name}\n+++ b/{name}\n")),
                "{diff}"
            );
            assert_eq!(edited.lines().count(), text.lines().count());
        }
        // Other inputs have no file to write into.
        let Response::Imported { onto, .. } = ask(Request::import(
            include_str!("../tests/fixtures/aws-guide-plan.json"),
            "plan.json",
            &presets::default_scenario(),
            "",
        )) else {
            panic!("not imported")
        };
        assert_eq!(onto, None);
        // A change the file has no place for is refused, naming the file.
        let was = presets::load("aws-guide-one-dr").expect("preset");
        let mut s = was.clone();
        let Platform::Aws(a) = &mut s.platform else {
            panic!("not AWS")
        };
        a.plan.rules[0].start_window_minutes = Some(120);
        let r = ask(Request::export_onto(
            Export::Terraform,
            &s,
            &Source {
                name: "notes.tf".into(),
                text: "# nothing here".into(),
                was: scenario_file::to_compact_json(&was),
            },
        ));
        assert!(
            matches!(&r, Response::Failed { message } if message.starts_with("notes.tf")),
            "{r:?}"
        );
    }

    /// The diff is what GNU `diff -u` writes for the same texts (these
    /// expectations were written by it): hunks with three lines of context,
    /// two hunks for changes far apart, a missing last line end marked, an
    /// empty side counted from line 0, a length of one left out.
    #[test]
    fn the_diff_is_the_unified_format_diff_writes() {
        let d = |a: &str, b: &str| unified_diff("x", a, b);
        assert_eq!(
            d("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n", "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nM\n"),
            "--- a/x\n+++ b/x\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n@@ -10,4 +10,4 @@\n j\n k\n l\n-m\n+M\n"
        );
        assert_eq!(
            d("one\ntwo", "one\ntwo\nthree\n"),
            "--- a/x\n+++ b/x\n@@ -1,2 +1,3 @@\n one\n-two\n\\ No newline at end of file\n+two\n+three\n"
        );
        assert_eq!(
            d("x\n", "x\ny\n"),
            "--- a/x\n+++ b/x\n@@ -1 +1,2 @@\n x\n+y\n"
        );
        assert_eq!(
            d("", "x\ny\n"),
            "--- a/x\n+++ b/x\n@@ -0,0 +1,2 @@\n+x\n+y\n"
        );
        assert_eq!(d("same\n", "same\n"), "");
    }

    #[test]
    fn presets_are_answered_whole() {
        for p in presets::PRESETS {
            let Response::Imported {
                scenario, notice, ..
            } = ask(Request::Preset { id: p.id.into() })
            else {
                panic!("{}", p.id)
            };
            assert_eq!(read_scenario(&scenario).ok(), presets::load(p.id).ok());
            assert_eq!(notice, p.title);
        }
        let r = ask(Request::Preset { id: "nope".into() });
        assert!(matches!(r, Response::Failed { .. }), "{r:?}");
    }

    #[test]
    fn levers_and_the_lag_report_are_answered() {
        let s = presets::load("aws-guide-one-dr").expect("preset");
        let Response::Levers { rows } = ask(Request::levers(&s)) else {
            panic!("no levers")
        };
        assert_eq!(rows[0].name, "baseline");
        let aiven = presets::default_scenario();
        let Response::Exported { text } = ask(Request::lag_report(
            &aiven,
            crate::sim::lag::ReportPeriod::Day,
        )) else {
            panic!("no report")
        };
        assert!(text.contains("backup_to_another_region_lag"));
    }

    #[test]
    fn bad_requests_are_answered_not_fatal() {
        let r = ask(Request::import(
            "not a plan",
            "the pasted text",
            &presets::default_scenario(),
            "",
        ));
        assert!(
            matches!(r, Response::Failed { ref message } if message.starts_with("Nothing was imported from the pasted text")),
            "{r:?}"
        );
        let r = ask(Request::export(
            Export::AwsPlan,
            &presets::default_scenario(),
        ));
        assert!(matches!(r, Response::Failed { .. }));
        let r = ask(Request::Export {
            export: "scenario".into(),
            scenario: "{".into(),
            onto: None,
        });
        assert!(matches!(r, Response::Failed { .. }));
        for junk in [
            "",
            "{",
            "[]",
            "{\"id\": 1}",
            "{\"id\": 1, \"response\": {\"exported\": {\"text\": \"\"}}}",
        ] {
            let back = FromWorker::from_wire(&handle_message(junk)).expect("answered");
            assert!(matches!(back.response, Response::Failed { .. }), "{junk}");
        }
    }
}
