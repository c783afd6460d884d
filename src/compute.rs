//! Long work in Web Workers, one per core: Monte Carlo risk and the search
//! for the cheapest plans (the frontier). The workers run their own module
//! (`src/bin/btar-compute.rs`: the engine, no parsers, no Yew), loaded the
//! first time the user asks for either, so neither costs the first paint.
//!
//! The app splits the work into parts, one per worker (trials `[from, to)`,
//! or every `shards`-th variant), collects the parts as the workers send
//! them (with progress on the way) and asks one worker to sum them up. The
//! parts travel as JSON text the app passes on without reading, and the
//! summary comes back typed and judged ([`RiskView`], [`FrontierView`], in
//! postcard bytes), for the app's components to draw. Trial `i` draws from its own seeded generator,
//! so the numbers do not depend on how many workers share the trials.
//!
//! Jobs are JSON text, `{"id": n, "job": …}`; replies come back as lists
//! of strings, `[id, kind, …]` (progress replies, then one final reply),
//! and `"ready"` once the worker listens.

use serde::{Deserialize, Serialize};

use crate::cost::frontier::{self, FrontierView, Measured};
use crate::domain::scenario::Scenario;
use crate::formats::scenario_file;
use crate::sim::risk::{self, RiskParams, RiskView, Trial};

/// The label of the risk field for outages of their own (errors name it).
pub const OWN_LABEL: &str = "Per provider or region, in place of the above";

/// A risk run's parameters as the page sends them: the outage figures of
/// their own still as typed (`own`), read in the worker, which keeps their
/// reader (and [`RiskParams`]' writer) out of the page's module; an error
/// in them names the field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskInputs {
    pub trials: u32,
    pub seed: u64,
    pub outages_per_year: f64,
    pub outage_median_hours: f64,
    pub outage_sigma: f64,
    pub own: String,
}

impl RiskInputs {
    #[allow(clippy::disallowed_methods)] // the compute workers' side
    pub fn params(&self) -> Result<RiskParams, String> {
        let p = RiskParams {
            trials: self.trials,
            seed: self.seed,
            outages_per_year: self.outages_per_year,
            outage_median_hours: self.outage_median_hours,
            outage_sigma: self.outage_sigma,
            copy_failure_rate: None,
            own: risk::parse_own(&self.own, self.outage_median_hours)
                .map_err(|e| format!("{OWN_LABEL}: {e}"))?,
        };
        p.check()?;
        Ok(p)
    }
}

/// A worker's first message: it listens from now on.
pub const READY: &str = "ready";

/// What the app asks a compute worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Job {
    /// Risk trials `[from, to)` of the scenario (scenario-file JSON).
    RiskTrials {
        scenario: String,
        params: RiskInputs,
        from: u32,
        to: u32,
    },
    /// Every part's trials, in order, summed up against the scenario's
    /// objectives and drawn.
    RiskSummary {
        scenario: String,
        params: RiskInputs,
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
    /// The risk summary: a [`RiskView`], packed.
    Risk { packed: String },
    /// The frontier: a [`FrontierView`], packed.
    Frontier { packed: String },
    /// Why the job could not be done (shown to the user as it is).
    Failed { message: String },
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
            let params = params.params()?;
            let s = valid(&scenario)?;
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
            let params = params.params()?;
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
                packed: crate::packed::pack(&RiskView::new(&r, &s.objectives), "the risk")?,
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
            let view = FrontierView::new(&plans, current, &s.objectives, measured.len());
            Ok(Reply::Frontier {
                packed: crate::packed::pack(&view, "the plans")?,
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
            Reply::Risk { packed } => v.extend(["risk".into(), packed]),
            Reply::Frontier { packed } => v.extend(["frontier".into(), packed]),
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
            "risk" => Reply::Risk { packed: next()? },
            "frontier" => Reply::Frontier { packed: next()? },
            "failed" => Reply::Failed { message: next()? },
            _ => return None,
        };
        Some((id, reply))
    }
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

    fn inputs(p: &RiskParams) -> RiskInputs {
        RiskInputs {
            trials: p.trials,
            seed: p.seed,
            outages_per_year: p.outages_per_year,
            outage_median_hours: p.outage_median_hours,
            outage_sigma: p.outage_sigma,
            own: String::new(),
        }
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
                params: inputs(&params),
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
            params: inputs(&params),
            parts,
        });
        let Reply::Risk { packed } = reply else {
            panic!("{reply:?}")
        };
        let view: RiskView = crate::packed::unpack(&packed, "the risk").expect("unpacks");
        let whole = risk::run(&s, &params, &s.objectives, 1, &|_| true).expect("ran");
        // The parts summed up are the one run, judged in btar-sim.
        assert_eq!(view, RiskView::new(&whole, &s.objectives));
        assert_eq!(view.histogram.len(), 21, "twenty buckets and the overflow");
        assert_eq!(view.rpo_s, Some(26 * 3600));
        assert_eq!(view.judged, risk::Judged::of(&whole, &s.objectives));
        assert!(view.judged.rpo.is_some());
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
        let Reply::Frontier { packed } = reply else {
            panic!("{reply:?}")
        };
        let view: FrontierView = crate::packed::unpack(&packed, "the plans").expect("unpacks");
        let whole = frontier::frontier(&s, &s.objectives).expect("frontier");
        assert_eq!(view.plans.len(), whole.len());
        for (pick, p) in view.plans.iter().zip(&whole) {
            assert_eq!(
                &scenario_file::from_json_lean(&pick.scenario).expect("reads"),
                &p.scenario
            );
            assert_eq!(pick.changes, p.changes);
            assert_eq!(pick.monthly_usd, p.monthly_usd);
        }
        // The scenario is shown beside the plans exactly when they all beat it.
        let beaten = whole.iter().all(|p| !p.changes.is_empty());
        assert_eq!(view.beaten.is_some(), beaten);
        assert_eq!(
            view.cheapest_meeting().map(|p| p.monthly_usd),
            whole
                .iter()
                .find(|p| p.meets_objectives)
                .map(|p| p.monthly_usd)
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
            params: inputs(&RiskParams::default()),
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
        for r in [
            Reply::Progress { done: 3, of: 9 },
            Reply::Part { json: "[]".into() },
            Reply::Risk {
                packed: "AAE=".into(),
            },
            Reply::Frontier {
                packed: String::new(),
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
}
