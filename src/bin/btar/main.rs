//! `btar`: the BTAR Planner engine on the command line.
//!
//! Exit codes: 0 valid / done, 1 invalid, 2 the input cannot be read or parsed.

// No unwrap or expect outside tests: user-reachable values get errors, not aborts.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    mod decide;

    use std::io::Read;
    use std::process::ExitCode;

    use btar_planner::cost::{self, bill, levers, QuickEstimate};
    use btar_planner::domain::catalog;
    use btar_planner::domain::pricebook::PriceBasis;
    use btar_planner::domain::scenario::{ResourceType, Scenario};
    use btar_planner::domain::validation::{validate, Problem, Problems, Rule};
    use btar_planner::formats::{self, exports::Export, scenario_file, ImportDefaults, InputKind};
    use btar_planner::sim::report::duration_text as fmt_duration;
    use btar_planner::sim::{self, lag::ReportPeriod, report};
    use chrono::{Timelike, Utc};
    use clap::{Parser, Subcommand};
    use serde_json::json;

    #[derive(Parser)]
    #[command(
        name = "btar",
        version,
        about = "Plan and rehearse cross-region backup (BTAR)"
    )]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Check a scenario file, an Aiven body or avn command, or an AWS backup plan.
        Validate {
            /// The file to check, or - for standard input.
            file: String,
            /// Print {"valid", "errors", "warnings"} as JSON.
            #[arg(long)]
            json: bool,
            #[command(flatten)]
            import: ImportArgs,
        },
        /// Print the scenario that a file becomes.
        Import {
            file: String,
            #[command(flatten)]
            import: ImportArgs,
        },
        /// Print a scenario in a real format.
        Export {
            #[arg(value_enum)]
            #[arg(value_parser = export_id)]
            format: Export,
            file: String,
            #[command(flatten)]
            import: ImportArgs,
        },
        /// Run a scenario (or any format validate accepts) and print the summary.
        Simulate {
            file: String,
            /// Print {"lag", "forks", "copy_jobs", "assumptions", …} as JSON.
            #[arg(long)]
            json: bool,
            /// Print the Aiven lag report ({"metrics": …}) for this period
            /// (hour, day, week, month, year) ending at the end of the span.
            #[arg(long)]
            report: Option<String>,
            /// Print the copy jobs as CSV (id, rule, route, created, started,
            /// finished, state, attempts, GB, recovery point, message).
            #[arg(long, conflicts_with_all = ["json", "report"])]
            copy_jobs_csv: bool,
            #[command(flatten)]
            import: ImportArgs,
        },
        /// Quick estimate: one backup copied to regions and kept some months.
        /// The bill of a scenario by month × region × category, or with
        /// --size-gb/--from/--to the quick estimate of one backup copied to
        /// regions and kept some months.
        Cost {
            /// A scenario (or any format validate accepts).
            file: Option<String>,
            /// Print the bill as CSV.
            #[arg(long, conflicts_with = "json")]
            csv: bool,
            #[arg(long)]
            size_gb: Option<f64>,
            /// Source region (Aiven cloud name or gcp-/aws-/az- id).
            #[arg(long)]
            from: Option<String>,
            /// Target regions, comma separated.
            #[arg(long, value_delimiter = ',')]
            to: Vec<String>,
            #[arg(long, default_value_t = 1.0)]
            months: f64,
            /// With --keep-days and --every-hours: GB of the data that change
            /// per day (backups and copies after the first store only that,
            /// for incremental AWS resource types).
            #[arg(long)]
            change_gb_per_day: Option<f64>,
            /// Days each backup and copy is kept.
            #[arg(long)]
            keep_days: Option<f64>,
            /// Hours between backups.
            #[arg(long)]
            every_hours: Option<f64>,
            /// AWS resource type (ebs, ec2, rds, aurora, dynamodb, efs, s3,
            /// documentdb, neptune, fsx); ebs when absent.
            #[arg(long, value_parser = resource_type_id)]
            resource_type: Option<ResourceType>,
            #[arg(long)]
            json: bool,
            #[command(flatten)]
            import: ImportArgs,
        },
        /// Compare the cost levers side by side: DR regions, retention, cold
        /// storage, fewer resources, against worst lag and data loss.
        Levers {
            file: String,
            #[arg(long)]
            json: bool,
            #[command(flatten)]
            import: ImportArgs,
        },
        /// List the known regions.
        Regions {
            /// Only this provider (aws, google, azure, do, upcloud).
            #[arg(long)]
            provider: Option<String>,
        },
        /// A CI gate: exit 0 when every objective (from flags or the scenario)
        /// is met, 1 when one is not (each named, with the figure), 2 when the
        /// input cannot be read. Reads every format `validate` reads.
        Check {
            file: String,
            #[command(flatten)]
            objectives: decide::ObjectiveArgs,
            /// Also run a risk analysis of this many trials and judge the
            /// breach probability (--max-breach-probability).
            #[arg(long)]
            trials: Option<u32>,
            #[arg(long, default_value_t = 1)]
            seed: u64,
            #[arg(long, value_enum, default_value_t = decide::Format::Text)]
            format: decide::Format,
            #[command(flatten)]
            import: ImportArgs,
        },
        /// Monte Carlo risk: random region outages and copy failures over many
        /// runs; the distribution of data lost and restore time at a loss of
        /// the service's region, and the probability of breaching each objective.
        Risk {
            file: String,
            #[command(flatten)]
            objectives: decide::ObjectiveArgs,
            #[command(flatten)]
            risk: decide::RiskArgs,
            #[arg(long)]
            json: bool,
            #[command(flatten)]
            import: ImportArgs,
        },
        /// The cheapest plans that meet the objectives: the plans no other
        /// beats on both monthly cost and worst data loss.
        Frontier {
            file: String,
            #[command(flatten)]
            objectives: decide::ObjectiveArgs,
            #[arg(long)]
            json: bool,
            #[command(flatten)]
            import: ImportArgs,
        },
    }

    #[derive(clap::Args)]
    struct ImportArgs {
        /// AWS region of a backup plan whose JSON does not say (it is a CLI flag in AWS).
        #[arg(long)]
        region: Option<String>,
        /// A scenario file that an Aiven ServiceUpdate body or avn update is applied to.
        #[arg(long)]
        base: Option<String>,
    }

    /// `btar export ID`: one of the ids of [`Export`].
    fn export_id(id: &str) -> Result<Export, String> {
        Export::parse(id).ok_or_else(|| {
            let ids: Vec<&str> = Export::ALL.iter().map(|e| e.id()).collect();
            format!("'{id}' is not an export; one of: {}", ids.join(", "))
        })
    }

    fn read(file: &str) -> Result<String, String> {
        // A directory: its .tf files, in name order, read as one input
        // (Terraform reads a module's files together).
        if std::path::Path::new(file).is_dir() {
            let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(file)
                .map_err(|e| format!("{file}: {e}"))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "tf"))
                .collect();
            paths.sort();
            if paths.is_empty() {
                return Err(format!("{file}: a directory with no .tf files"));
            }
            let mut joined = String::new();
            for p in paths {
                joined.push_str(&read(&p.to_string_lossy())?);
                joined.push('\n');
            }
            if joined.len() > formats::MAX_INPUT_BYTES {
                return Err(format!(
                    "{file}: its .tf files are larger than the {} byte limit together",
                    formats::MAX_INPUT_BYTES
                ));
            }
            return Ok(joined);
        }
        let mut buf = Vec::new();
        let res = if file == "-" {
            std::io::stdin()
                .take(formats::MAX_INPUT_BYTES as u64 + 1)
                .read_to_end(&mut buf)
        } else {
            std::fs::File::open(file).and_then(|f| {
                f.take(formats::MAX_INPUT_BYTES as u64 + 1)
                    .read_to_end(&mut buf)
            })
        };
        res.map_err(|e| format!("{file}: {e}"))?;
        if buf.len() > formats::MAX_INPUT_BYTES {
            return Err(format!(
                "{file}: larger than the {} byte limit",
                formats::MAX_INPUT_BYTES
            ));
        }
        String::from_utf8(buf).map_err(|_| format!("{file}: not UTF-8 text"))
    }

    fn defaults(args: &ImportArgs) -> ImportDefaults {
        let now = Utc::now();
        let midnight = now
            .with_hour(0)
            .and_then(|t| t.with_minute(0))
            .and_then(|t| t.with_second(0))
            .and_then(|t| t.with_nanosecond(0))
            .unwrap_or(now);
        ImportDefaults {
            start: midnight,
            aws_region: args.region.clone(),
        }
    }

    struct Loaded {
        kind: InputKind,
        scenario: Scenario,
        warnings: Vec<Problem>,
        no_base: bool,
    }

    fn load(file: &str, args: &ImportArgs) -> Result<Loaded, String> {
        let text = read(file)?;
        let base = match &args.base {
            Some(b) => Some(
                scenario_file::from_json(&read(b)?, &mut Vec::new())
                    .map_err(|e| format!("{b}: {e}"))?,
            ),
            None => None,
        };
        let imported = formats::import(&text, &defaults(args), base.as_ref())
            .map_err(|e| format!("{file}: {e}"))?;
        Ok(Loaded {
            kind: imported.kind,
            scenario: imported.scenario,
            warnings: imported.warnings,
            no_base: imported.needs_service,
        })
    }

    fn problem_json(p: &Problem) -> serde_json::Value {
        json!({"field": p.field, "value": p.value, "rule": p.rule, "message": p.message})
    }

    fn validate_cmd(file: &str, as_json: bool, args: &ImportArgs) -> ExitCode {
        let loaded = match load(file, args) {
            Ok(l) => l,
            Err(e) => {
                if as_json {
                    println!(
                        "{}",
                        json!({"valid": false, "errors": [{"field": "(input)", "value": file, "rule": "readable", "message": e}], "warnings": []})
                    );
                } else {
                    eprintln!("error: {e}");
                }
                return ExitCode::from(2);
            }
        };
        let mut problems = validate(&loaded.scenario);
        if loaded.no_base {
            // A ServiceUpdate carries no cloud: provider rules need the service.
            problems.0.retain(|p| {
                !matches!(
                    p.rule,
                    Rule::SameProvider | Rule::NotPrimaryRegion | Rule::ServiceName
                )
            });
        }
        let mut all = Problems(loaded.warnings.clone());
        all.0.extend(problems.0);
        let valid = all.is_valid();
        if as_json {
            let errors: Vec<_> = all.errors().map(problem_json).collect();
            let warnings: Vec<_> = all.warnings().map(problem_json).collect();
            println!(
                "{}",
                json!({"valid": valid, "kind": loaded.kind.label(), "errors": errors, "warnings": warnings})
            );
        } else {
            println!("{file}: {}", loaded.kind.label());
            for p in all.errors().chain(all.warnings()) {
                println!("  {p}");
            }
            let (e, w) = (all.errors().count(), all.warnings().count());
            println!(
                "{}: {e} error(s), {w} warning(s)",
                if valid { "valid" } else { "invalid" }
            );
        }
        if valid {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        }
    }

    fn export_cmd(format: Export, file: &str, args: &ImportArgs) -> ExitCode {
        let loaded = match load(file, args) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        let s = &loaded.scenario;
        let out = format.render(s);
        match out {
            Ok(text) => {
                println!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        }
    }

    fn region_or_exit(name: &str, flag: &str) -> Result<&'static catalog::Region, String> {
        catalog::region(name).ok_or_else(|| {
            let s = catalog::suggest(name);
            format!(
                "{flag}: '{name}' is not a region the planner knows{}",
                if s.is_empty() {
                    String::new()
                } else {
                    format!("; did you mean {}?", s.join(", "))
                }
            )
        })
    }

    /// `--resource-type ID`.
    fn resource_type_id(id: &str) -> Result<ResourceType, String> {
        ResourceType::parse(id).ok_or_else(|| {
            let ids: Vec<&str> = ResourceType::ALL.iter().map(|r| r.id()).collect();
            format!("'{id}' is not a resource type; one of: {}", ids.join(", "))
        })
    }

    fn quick_cost(
        size_gb: f64,
        from: &str,
        to: &[String],
        months: f64,
        schedule: Option<(f64, f64, f64)>,
        basis: PriceBasis,
        as_json: bool,
    ) -> ExitCode {
        let run = || -> Result<QuickEstimate, String> {
            if !size_gb.is_finite() || size_gb <= 0.0 || size_gb > 10_000_000.0 {
                return Err(format!(
                    "--size-gb: {size_gb} must be more than 0 and at most 10000000"
                ));
            }
            if !months.is_finite() || months <= 0.0 || months > 1200.0 {
                return Err(format!(
                    "--months: {months} must be more than 0 and at most 1200"
                ));
            }
            if to.is_empty() {
                return Err("--to: name at least one target region".into());
            }
            let f = region_or_exit(from, "--from")?;
            let mut targets = Vec::new();
            for t in to {
                let r = region_or_exit(t, "--to")?;
                if r.provider != f.provider {
                    return Err(format!(
                        "--to: {} is on {}, the source is on {}: copies stay on one provider",
                        r.cloud, r.provider, f.provider
                    ));
                }
                if r.cloud == f.cloud {
                    return Err(format!("--to: {} is the source region itself", r.cloud));
                }
                // One copy per region, however often (or under whichever
                // alias) it is named.
                if targets
                    .iter()
                    .any(|x: &&catalog::Region| x.cloud == r.cloud)
                {
                    eprintln!(
                        "note: --to names {} more than once; it is billed once",
                        r.cloud
                    );
                    continue;
                }
                targets.push(r);
            }
            let Some((change, keep, every)) = schedule else {
                return Ok(cost::quick_estimate(
                    size_gb,
                    f,
                    &targets,
                    months,
                    basis,
                    &Default::default(),
                ));
            };
            for (flag, v, max) in [
                ("--change-gb-per-day", change, 10_000_000.0),
                ("--keep-days", keep, 36_500.0),
                ("--every-hours", every, 8_760.0),
            ] {
                let ok = v.is_finite()
                    && v <= max
                    && (v > 0.0 || (flag == "--change-gb-per-day" && v == 0.0));
                if !ok {
                    return Err(format!(
                        "{flag}: {v} must be a number above 0 and at most {max}"
                    ));
                }
            }
            let incremental = f.provider == catalog::Provider::Aws
                && matches!(basis, PriceBasis::List(rt) if rt.incremental());
            Ok(cost::quick_estimate_schedule(
                size_gb,
                &cost::Increments {
                    change_gb_per_day: change,
                    keep_days: keep,
                    every_hours: every,
                    incremental,
                },
                f,
                &targets,
                months,
                basis,
                &Default::default(),
            ))
        };
        match run() {
            Ok(e) => {
                if as_json {
                    println!("{}", serde_json::to_string_pretty(&e).unwrap_or_default());
                } else {
                    println!(
                        "{} GB from {} kept {} month(s) (30-day months):",
                        e.size_gb, e.from, e.months
                    );
                    for l in &e.lines {
                        println!(
                            "  {:<28} ({}) {}",
                            l.region,
                            if l.same_continent {
                                "same continent"
                            } else {
                                "other continent"
                            },
                            l.arithmetic
                        );
                    }
                    println!(
                        "storage {} + transfer {} = total {}",
                        report::usd(e.storage_usd),
                        report::usd(e.transfer_usd),
                        report::usd(e.total_usd)
                    );
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        }
    }

    fn simulate_cmd(
        file: &str,
        as_json: bool,
        period: Option<&str>,
        jobs_csv: bool,
        args: &ImportArgs,
    ) -> ExitCode {
        let period = match period.map(|p| (p, ReportPeriod::parse(p))) {
            Some((p, None)) => {
                eprintln!("error: --report: '{p}' is not one of hour, day, week, month, year");
                return ExitCode::from(2);
            }
            Some((_, Some(p))) => Some(p),
            None => None,
        };
        let (scenario, result) = match simulated(file, args) {
            Ok(x) => x,
            Err(code) => return code,
        };
        let s = &scenario;
        let start = s.simulation.start;
        if let Some(p) = period {
            println!(
                "{}",
                serde_json::to_string_pretty(&report::aiven_lag_report(
                    &result,
                    start,
                    p,
                    result.span_s
                ))
                .unwrap_or_default()
            );
            return ExitCode::SUCCESS;
        }
        if jobs_csv {
            print!("{}", report::copy_jobs_csv(&result.copy_jobs, start));
            return ExitCode::SUCCESS;
        }
        let b = bill::bill(s, &result);
        let v = sim::verdict::verdict(s, &result, &b, &s.objectives, &|t| {
            report::timestamp(start, t)
        });
        if as_json {
            let mut out = report::summary_json(&result, start);
            out["verdict"] = serde_json::to_value(&v).unwrap_or_default();
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            return ExitCode::SUCCESS;
        }
        println!(
            "{} — {} days from {}, seed {}",
            s.name,
            s.simulation.days,
            report::timestamp(start, 0),
            s.simulation.seed
        );
        println!("verdict for a loss of the service's region:");
        for l in sim::verdict::lines(&v) {
            println!("  {l}");
        }
        println!("primary backup location: {}", result.primary_region);
        println!("replication lag (time-weighted):");
        for l in &result.lag {
            println!(
                "  {:<28} p50 {:>16}  p95 {:>16}  max {:>16}",
                l.region,
                fmt_duration(l.summary.p50_s),
                fmt_duration(l.summary.p95_s),
                fmt_duration(l.summary.max_s)
            );
        }
        let counts: Vec<String> = result
            .copy_job_counts()
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| format!("{} {n}", s.as_str()))
            .collect();
        println!(
            "copy jobs: {}",
            if counts.is_empty() {
                "none".into()
            } else {
                counts.join(", ")
            }
        );
        for f in &result.forks {
            match &f.result {
                Ok(ok) => println!(
                    "fork {} at {} in {}: recovery point {}, data lost {}, restore {}, ready {}",
                    f.name,
                    report::timestamp(start, f.at),
                    ok.service_region,
                    report::timestamp(start, ok.recovery_point),
                    fmt_duration(ok.data_loss_s),
                    fmt_duration(ok.restore_s),
                    report::timestamp(start, ok.ready_at)
                ),
                Err(e) => println!(
                    "fork {} at {} from {}: {}",
                    f.name,
                    report::timestamp(start, f.at),
                    f.from_region,
                    e.message(&|t| report::timestamp(start, t))
                ),
            }
        }
        let warnings = sim::diagnose::warnings(&result);
        if !warnings.is_empty() {
            println!("warnings:");
            for w in &warnings {
                println!("  - {}", w.message());
            }
        }
        println!("lag: how far the newest point a secondary holds is behind the service's newest data (the data a loss of its region would lose then)");
        println!("assumptions:");
        for a in &result.assumptions {
            println!("  - {}", a.text);
        }
        ExitCode::SUCCESS
    }

    fn simulated(file: &str, args: &ImportArgs) -> Result<(Scenario, sim::SimResult), ExitCode> {
        let loaded = load(file, args).map_err(|e| {
            eprintln!("error: {e}");
            ExitCode::from(2)
        })?;
        let s = loaded.scenario;
        match sim::simulate(&s) {
            Ok(r) => Ok((s, r)),
            Err(e) => {
                for p in validate(&s).errors() {
                    eprintln!("{p}");
                }
                eprintln!("error: {e}");
                Err(ExitCode::from(1))
            }
        }
    }

    fn bill_cmd(file: &str, as_json: bool, csv: bool, args: &ImportArgs) -> ExitCode {
        let (s, r) = match simulated(file, args) {
            Ok(x) => x,
            Err(code) => return code,
        };
        let b = bill::bill(&s, &r);
        if csv {
            print!("{}", b.to_csv());
        } else if as_json {
            println!("{}", serde_json::to_string_pretty(&b).unwrap_or_default());
        } else {
            println!("{} — {} billing month(s) of 30 days", s.name, b.months);
            for m in 0..b.months {
                println!("month {}:", m + 1);
                for l in b.lines.iter().filter(|l| l.month == m) {
                    let unit = if l.category == bill::Category::Transfer {
                        "GB"
                    } else {
                        "GB-month"
                    };
                    println!(
                        "  {:<28} {:<12} {:<20} {:>12.2} {unit} × ${} = {}",
                        l.region,
                        if l.role == bill::Role::Primary {
                            "primary"
                        } else {
                            "cross-region"
                        },
                        l.category.label(),
                        l.quantity,
                        l.unit_price,
                        report::usd(l.usd)
                    );
                }
            }
            println!(
                "cross-region total {} over the {} days simulated, primary backups {}",
                report::usd(b.cross_region_usd),
                s.simulation.days,
                report::usd(b.primary_usd)
            );
            match b.steady {
                bill::Steady::Months { from, to, usd, retention_days } => println!(
                    "steady month (months {from}–{to}, after the {retention_days}-day retention filled): {} a month",
                    report::usd(usd)
                ),
                bill::Steady::NotReached { retention_days } => println!(
                    "no steady month in this span: copies are kept {retention_days} days; the last month cost {}",
                    report::usd(b.steady_month_usd())
                ),
                bill::Steady::Growing => println!(
                    "no steady month: some copies are kept forever; the last month cost {}",
                    report::usd(b.steady_month_usd())
                ),
                bill::Steady::NoCopies => println!("no copy reached another region in this span"),
            }
            println!(
                "cross-region cost per protected GB-month: {} ({:.1} GB protected on average)",
                report::usd_places(b.cross_region_usd_per_protected_gb_month, 4),
                b.protected_gb
            );
            for n in &b.notes {
                println!("note: {n}");
            }
        }
        ExitCode::SUCCESS
    }

    fn levers_cmd(file: &str, as_json: bool, args: &ImportArgs) -> ExitCode {
        let (s, _) = match simulated(file, args) {
            Ok(x) => x,
            Err(code) => return code,
        };
        let rows = match levers::compare(&s) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        };
        if as_json {
            println!(
                "{}",
                serde_json::to_string_pretty(&rows).unwrap_or_default()
            );
            return ExitCode::SUCCESS;
        }
        println!(
            "{:<16} {:>12} {:>12} {:>16} {:>16}  what",
            "lever", "$/month", "Δ $/month", "worst lag", "worst loss"
        );
        for r in &rows {
            match &r.not_applicable {
                Some(why) => println!(
                    "{:<16} {:>12} {:>12} {:>16} {:>16}  {} — n/a: {why}",
                    r.name, "-", "-", "-", "-", r.description
                ),
                None => println!(
                    "{:<16} {:>12.2} {:>+12.2} {:>16} {:>16}  {}",
                    r.name,
                    r.monthly_usd,
                    r.delta_usd,
                    fmt_duration(r.worst_lag_s),
                    fmt_duration(r.worst_data_loss_s),
                    r.description
                ),
            }
        }
        ExitCode::SUCCESS
    }

    pub fn main() -> ExitCode {
        // Rust ignores SIGPIPE, so a print into a pipe whose reader has
        // gone (`btar … | head`) would panic, which is an abort here. Take
        // the default action instead, as cat and grep do: end quietly.
        #[cfg(unix)]
        // SAFETY: setting a signal's disposition to SIG_DFL before any
        // thread starts has no preconditions.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
        let cli = Cli::parse();
        match cli.command {
            Command::Validate { file, json, import } => validate_cmd(&file, json, &import),
            Command::Import { file, import } => match load(&file, &import) {
                Ok(l) => {
                    for w in &l.warnings {
                        eprintln!("{w}");
                    }
                    println!("{}", scenario_file::to_json(&l.scenario));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            },
            Command::Simulate {
                file,
                json,
                report,
                copy_jobs_csv,
                import,
            } => simulate_cmd(&file, json, report.as_deref(), copy_jobs_csv, &import),
            Command::Export {
                format,
                file,
                import,
            } => export_cmd(format, &file, &import),
            Command::Cost {
                file: Some(file),
                csv,
                json,
                import,
                ..
            } => bill_cmd(&file, json, csv, &import),
            Command::Cost {
                file: None,
                size_gb: Some(size_gb),
                from: Some(from),
                to,
                months,
                json,
                change_gb_per_day,
                keep_days,
                every_hours,
                resource_type,
                ..
            } => {
                let schedule = match (change_gb_per_day, keep_days, every_hours) {
                    (None, None, None) => Ok(None),
                    (Some(c), Some(k), Some(e)) => Ok(Some((c, k, e))),
                    _ => Err("--change-gb-per-day, --keep-days and --every-hours go together"),
                };
                // One backup with no resource type named is the Zilliz
                // calculation, at Zilliz's rates; otherwise the cloud's list
                // prices for the resource type (EBS when absent).
                let basis = match (&schedule, resource_type) {
                    (Ok(None), None) => PriceBasis::Zilliz,
                    (_, rt) => PriceBasis::List(rt.unwrap_or_default()),
                };
                match schedule {
                    Ok(schedule) => quick_cost(size_gb, &from, &to, months, schedule, basis, json),
                    Err(e) => {
                        eprintln!("error: {e}");
                        ExitCode::from(2)
                    }
                }
            }
            Command::Cost { .. } => {
                eprintln!("error: give a scenario FILE, or --size-gb, --from and --to for a quick estimate");
                ExitCode::from(2)
            }
            Command::Levers { file, json, import } => levers_cmd(&file, json, &import),
            Command::Check {
                file,
                objectives,
                trials,
                seed,
                format,
                import,
            } => {
                let t = trials.map(|trials| decide::RiskArgs {
                    trials,
                    seed,
                    outages_per_year: sim::risk::DEFAULT_OUTAGES_PER_YEAR,
                    outage_median_hours: sim::risk::DEFAULT_OUTAGE_MEDIAN_HOURS,
                    copy_failure_rate: None,
                });
                decide::check(&file, &objectives, t.as_ref(), format, &import)
            }
            Command::Risk {
                file,
                objectives,
                risk,
                json,
                import,
            } => decide::risk(&file, &objectives, &risk, json, &import),
            Command::Frontier {
                file,
                objectives,
                json,
                import,
            } => decide::frontier(&file, &objectives, json, &import),
            Command::Regions { provider } => {
                let p = match provider.as_deref().map(catalog::Provider::parse) {
                    Some(None) => {
                        eprintln!("error: --provider: unknown provider; use aws, google, azure, do or upcloud");
                        return ExitCode::from(2);
                    }
                    Some(Some(p)) => Some(p),
                    None => None,
                };
                for r in catalog::REGIONS
                    .iter()
                    .filter(|r| p.is_none_or(|p| r.provider == p))
                {
                    println!(
                        "{:<32} {:<8} {:<24} {:<22} {}",
                        r.cloud,
                        r.provider,
                        r.id,
                        r.continent.display_name(),
                        r.name
                    );
                }
                ExitCode::SUCCESS
            }
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
