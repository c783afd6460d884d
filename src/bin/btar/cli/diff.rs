//! `btar diff OLD NEW`: what a change to a backup plan does, for a pull
//! request: RPO, RTO, the monthly cost and (with `--trials`) the breach
//! probabilities before and after, each against the objectives, and the
//! plan fields that changed.

use btar_planner::analysis;
use btar_planner::domain::scenario::{Objectives, Scenario};
use btar_planner::formats::scenario_file;
use btar_planner::sim::{self, report, risk, verdict};
use serde_json::{json, Value};

use super::decide::{loaded_valid, threads, ObjectiveArgs, RiskArgs};
use super::error::CliError;
use super::ImportArgs;

/// The output format of `btar diff`.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DiffFormat {
    #[default]
    Text,
    Json,
    /// A table to post on a pull request.
    Markdown,
}

/// What a figure measures (a row of the comparison).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
enum Figure {
    Rpo,
    Rto,
    MonthlyCost,
    PRpoBreach,
    PRtoBreach,
}

impl Figure {
    fn label(self) -> &'static str {
        match self {
            Figure::Rpo => "RPO (data lost)",
            Figure::Rto => "RTO (restore time)",
            Figure::MonthlyCost => "monthly cost",
            Figure::PRpoBreach => "P(RPO breached)",
            Figure::PRtoBreach => "P(RTO breached)",
        }
    }
}

/// One figure before and after, and the objective it is judged against.
struct Row {
    figure: Figure,
    old: Option<f64>,
    new: Option<f64>,
    target: Option<f64>,
    /// Whether the new plan meets the objective; `None` with none set.
    met: Option<bool>,
}

impl Row {
    fn show(&self, v: Option<f64>) -> String {
        match (self.figure, v) {
            (_, None) => "none".into(),
            (Figure::Rpo | Figure::Rto, Some(s)) if !s.is_finite() => "none".into(),
            (Figure::Rpo | Figure::Rto, Some(s)) => report::duration_text(s as i64),
            (Figure::MonthlyCost, Some(usd)) => report::usd(usd),
            (Figure::PRpoBreach | Figure::PRtoBreach, Some(p)) => format!("{:.2} %", p * 100.0),
        }
    }

    fn objective(&self) -> String {
        match self.target {
            None => "–".into(),
            Some(t) => format!("≤ {}", self.show(Some(t))),
        }
    }

    fn verdict(&self) -> &'static str {
        match self.met {
            Some(true) => "met",
            Some(false) => "NOT MET",
            None => "no objective",
        }
    }
}

/// A plan field that differs: its path, and the values before and after
/// (`None`: not there on that side).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Change {
    pub path: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// The fields that differ between two scenario files' JSON, depth first,
/// in the files' order.
pub fn changes(old: &Value, new: &Value) -> Vec<Change> {
    fn walk(path: &str, a: Option<&Value>, b: Option<&Value>, out: &mut Vec<Change>) {
        match (a, b) {
            (Some(Value::Object(x)), Some(Value::Object(y))) => {
                let keys = x.keys().chain(y.keys().filter(|k| !x.contains_key(*k)));
                for k in keys {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(&p, x.get(k), y.get(k), out);
                }
            }
            (Some(Value::Array(x)), Some(Value::Array(y))) => {
                for i in 0..x.len().max(y.len()) {
                    walk(&format!("{path}[{i}]"), x.get(i), y.get(i), out);
                }
            }
            (a, b) if a == b => {}
            (a, b) => out.push(Change {
                path: path.to_string(),
                old: a.cloned(),
                new: b.cloned(),
            }),
        }
    }
    let mut out = Vec::new();
    walk("", Some(old), Some(new), &mut out);
    out
}

fn value_text(v: &Option<Value>) -> String {
    match v {
        None => "(absent)".into(),
        Some(v) => v.to_string(),
    }
}

/// One side's figures: the verdict against the objectives, and the risk
/// run's breach probabilities when trials are asked for.
fn measure(
    s: &Scenario,
    o: &Objectives,
    trials: Option<&risk::RiskParams>,
) -> Result<(verdict::Verdict, Option<risk::Risk>), CliError> {
    let start = s.simulation.start;
    let a = analysis::analyse(s, sim::engine::MAX_JOBS, o, &|t| {
        report::timestamp(start, t)
    })
    .map_err(CliError::failed)?;
    let r = match trials {
        Some(p) => {
            risk::runnable(s).map_err(CliError::failed)?;
            Some(
                risk::run(s, p, o, threads(), &|_| true)
                    .ok_or_else(|| CliError::failed("the risk run was cancelled"))?,
            )
        }
        None => None,
    };
    Ok((a.verdict, r))
}

fn figure(v: &verdict::Verdict, objective: verdict::Objective) -> Option<f64> {
    v.checks
        .iter()
        .find(|c| c.objective == objective)
        .map(|c| c.actual)
}

/// `btar diff OLD NEW`: exit 0 when NEW meets every objective given, 1 when
/// it breaks one, 2 when an input cannot be read.
pub fn diff(
    old_file: &str,
    new_file: &str,
    o: &ObjectiveArgs,
    trials: Option<&RiskArgs>,
    format: DiffFormat,
    args: &ImportArgs,
) -> Result<(), CliError> {
    let old = loaded_valid(old_file, args)?;
    let new = loaded_valid(new_file, args)?;
    // Both judged against the same objectives: the flags, else NEW's own.
    let o = o.over(&new)?;
    let params = trials.map(|t| t.params()).transpose()?;
    let (vo, ro) = measure(&old, &o, params.as_ref())?;
    let (vn, rn) = measure(&new, &o, params.as_ref())?;
    let mut rows: Vec<Row> = [
        (Figure::Rpo, verdict::Objective::Rpo),
        (Figure::Rto, verdict::Objective::Rto),
        (Figure::MonthlyCost, verdict::Objective::MonthlyCost),
    ]
    .into_iter()
    .map(|(f, obj)| {
        let check = vn.checks.iter().find(|c| c.objective == obj);
        Row {
            figure: f,
            old: figure(&vo, obj),
            new: figure(&vn, obj),
            target: check.and_then(|c| c.target),
            met: check.and_then(|c| c.met),
        }
    })
    .collect();
    if let (Some(ro), Some(rn)) = (&ro, &rn) {
        let judged = risk::Judged::of(rn, &o);
        for (f, a, b, met) in [
            (
                Figure::PRpoBreach,
                ro.p_rpo_breach,
                rn.p_rpo_breach,
                judged.rpo,
            ),
            (
                Figure::PRtoBreach,
                ro.p_rto_breach,
                rn.p_rto_breach,
                judged.rto,
            ),
        ] {
            rows.push(Row {
                figure: f,
                old: a,
                new: b,
                target: b.and(o.breach_probability),
                met,
            });
        }
    }
    let changes = changes(
        &serde_json::from_str(&scenario_file::to_json(&old)).unwrap_or(Value::Null),
        &serde_json::from_str(&scenario_file::to_json(&new)).unwrap_or(Value::Null),
    );
    let failed = rows.iter().filter(|r| r.met == Some(false)).count();
    match format {
        DiffFormat::Text => {
            println!("{old_file} → {new_file}");
            for r in &rows {
                println!(
                    "  {:<20} {:>18} → {:<18} objective {:<16} {}",
                    r.figure.label(),
                    r.show(r.old),
                    r.show(r.new),
                    r.objective(),
                    r.verdict()
                );
            }
            if changes.is_empty() {
                println!("plan fields changed: none");
            } else {
                println!("plan fields changed:");
                for c in &changes {
                    println!(
                        "  {}: {} → {}",
                        c.path,
                        value_text(&c.old),
                        value_text(&c.new)
                    );
                }
            }
            println!(
                "{}",
                if failed == 0 {
                    "diff: the new plan meets every objective set".to_string()
                } else {
                    format!("diff: the new plan does NOT MEET {failed} objective(s)")
                }
            );
        }
        DiffFormat::Json => {
            let figures: Vec<Value> = rows
                .iter()
                .map(|r| {
                    json!({
                        "figure": r.figure,
                        "old": r.old.filter(|v| v.is_finite()),
                        "new": r.new.filter(|v| v.is_finite()),
                        "objective": r.target,
                        "met": r.met,
                    })
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&json!({
                    "old": old_file,
                    "new": new_file,
                    "met": failed == 0,
                    "figures": figures,
                    "changes": changes,
                }))
                .unwrap_or_default()
            );
        }
        DiffFormat::Markdown => {
            let cell = |t: &str| t.replace('|', "\\|").replace('\n', " ");
            println!("#### BTAR Planner: what this change does");
            println!();
            println!(
                "| | before (`{}`) | after (`{}`) | objective | after |",
                cell(old_file),
                cell(new_file)
            );
            println!("|---|---|---|---|---|");
            for r in &rows {
                println!(
                    "| {} | {} | {} | {} | {} |",
                    r.figure.label(),
                    r.show(r.old),
                    r.show(r.new),
                    r.objective(),
                    match r.met {
                        Some(true) => "met",
                        Some(false) => "**NOT MET**",
                        None => "–",
                    }
                );
            }
            println!();
            if changes.is_empty() {
                println!("No plan field changed.");
            } else {
                println!(
                    "<details><summary>{} plan field(s) changed</summary>",
                    changes.len()
                );
                println!();
                println!("| field | before | after |");
                println!("|---|---|---|");
                for c in &changes {
                    println!(
                        "| `{}` | `{}` | `{}` |",
                        cell(&c.path),
                        cell(&value_text(&c.old)),
                        cell(&value_text(&c.new))
                    );
                }
                println!();
                println!("</details>");
            }
        }
    }
    if failed == 0 {
        Ok(())
    } else {
        Err(CliError::reported())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_name_each_field_that_differs() {
        let a = json!({"a": 1, "b": {"c": [1, 2], "d": "x"}});
        let b = json!({"a": 1, "b": {"c": [1, 3, 4], "e": true}});
        let got: Vec<(String, Option<Value>, Option<Value>)> = changes(&a, &b)
            .into_iter()
            .map(|c| (c.path, c.old, c.new))
            .collect();
        assert_eq!(
            got,
            vec![
                ("b.c[1]".into(), Some(json!(2)), Some(json!(3))),
                ("b.c[2]".into(), None, Some(json!(4))),
                ("b.d".into(), Some(json!("x")), None),
                ("b.e".into(), None, Some(json!(true))),
            ]
        );
        assert!(changes(&a, &a).is_empty());
    }
}
