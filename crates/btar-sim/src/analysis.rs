//! The one analysis pipeline: validate → simulate → bill → warnings →
//! verdict. The app (on its main thread or, for a large plan, with the run
//! and the bill made in its simulation worker), the workers and every
//! command go through it, so a figure is computed one way everywhere.

use btar_core::domain::scenario::{Objectives, Scenario};
use btar_core::domain::validation::{validate, Problems};

use crate::cost::bill::{bill, Bill};
use crate::sim::diagnose::{warnings, Warning};
use crate::sim::engine::{Engine, SimError};
use crate::sim::verdict::{verdict, Verdict};
use crate::sim::{SimResult, SimTime};

/// Everything the pipeline makes of a valid scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The validation's findings (warnings only: errors stop the pipeline).
    pub problems: Problems,
    pub sim: SimResult,
    pub bill: Bill,
    pub warnings: Vec<Warning>,
    pub verdict: Verdict,
}

/// Why the pipeline stopped.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnalysisError {
    /// The scenario breaks a platform rule; the problems name each.
    #[error("the scenario has {} error(s); fix them before simulating", .0.errors().count())]
    Invalid(Problems),
    /// A valid scenario the engine cannot run: past the caller's work
    /// limit ([`SimError::TooLarge`]) or not supported.
    #[error("{error}")]
    NotRun { problems: Problems, error: SimError },
}

impl AnalysisError {
    /// The validation's findings, whichever stage stopped.
    pub fn problems(&self) -> &Problems {
        match self {
            AnalysisError::Invalid(p) | AnalysisError::NotRun { problems: p, .. } => p,
        }
    }
}

/// How the verdict writes a moment of the span (an ISO timestamp on the
/// command line, the page's own format in the app).
pub type When<'a> = &'a dyn Fn(SimTime) -> String;

/// Runs the whole pipeline on `s`, within `limit` jobs, judging against
/// `objectives` (the scenario's own, or a command's flags).
pub fn analyse(
    s: &Scenario,
    limit: u64,
    objectives: &Objectives,
    when: When,
) -> Result<Analysis, AnalysisError> {
    analyse_reporting(s, limit, objectives, when, &mut |_| {})
}

/// [`analyse`], telling `progress` how far through the span the run is.
pub fn analyse_reporting(
    s: &Scenario,
    limit: u64,
    objectives: &Objectives,
    when: When,
    progress: &mut dyn FnMut(f64),
) -> Result<Analysis, AnalysisError> {
    let (problems, sim, bill) = run(s, limit, progress)?;
    Ok(finish(s, problems, sim, bill, objectives, when))
}

/// The first stages: validate, simulate (within `limit` jobs) and bill.
/// The app's simulation worker stops here and sends the run and the bill;
/// the page [`finish`]es them.
pub fn run(
    s: &Scenario,
    limit: u64,
    progress: &mut dyn FnMut(f64),
) -> Result<(Problems, SimResult, Bill), AnalysisError> {
    let problems = validate(s);
    if !problems.is_valid() {
        return Err(AnalysisError::Invalid(problems));
    }
    let engine = match Engine::within(s, limit) {
        Ok(e) => e,
        Err(error) => return Err(AnalysisError::NotRun { problems, error }),
    };
    let sim = engine.run_reporting(progress);
    let b = bill(s, &sim);
    Ok((problems, sim, b))
}

/// The last stages, on a run and its bill: warnings and the verdict.
pub fn finish(
    s: &Scenario,
    problems: Problems,
    sim: SimResult,
    bill: Bill,
    objectives: &Objectives,
    when: When,
) -> Analysis {
    let warnings = warnings(&sim);
    let verdict = verdict(s, &sim, &bill, objectives, when);
    Analysis {
        problems,
        sim,
        bill,
        warnings,
        verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::engine::MAX_JOBS;

    #[test]
    fn a_valid_plan_goes_through_every_stage() {
        let s = btar_core::presets::load("aws-guide-one-dr").expect("preset");
        let a = analyse(&s, MAX_JOBS, &s.objectives, &|t| t.to_string()).expect("analysed");
        // The same figures as the stages run one by one.
        let r = crate::sim::simulate(&s).expect("runs");
        let b = bill(&s, &r);
        assert_eq!(a.sim, r);
        assert_eq!(a.bill, b);
        assert_eq!(a.warnings, warnings(&r));
        assert_eq!(
            a.verdict,
            verdict(&s, &r, &b, &s.objectives, &|t| t.to_string())
        );
        // The AWS guide plan's steady month, worked by hand in docs/simulation.md.
        assert!(
            (a.verdict.monthly_usd - 375.45).abs() < 0.005,
            "{}",
            a.verdict.monthly_usd
        );
    }

    #[test]
    fn an_invalid_plan_stops_with_its_problems_and_a_large_one_with_its_size() {
        let mut s = btar_core::presets::load("aws-guide-one-dr").expect("preset");
        s.simulation.days = 0;
        let e = analyse(&s, MAX_JOBS, &s.objectives, &|t| t.to_string()).expect_err("invalid");
        assert!(matches!(&e, AnalysisError::Invalid(p) if p.errors().count() == 1));
        assert!(e.to_string().starts_with("the scenario has 1 error(s)"));
        s.simulation.days = 90;
        let e = analyse(&s, 10, &s.objectives, &|t| t.to_string()).expect_err("too large");
        assert!(matches!(
            e,
            AnalysisError::NotRun {
                error: SimError::TooLarge { limit: 10, .. },
                ..
            }
        ));
        assert!(e.problems().is_valid());
    }
}
