//! `btar`: the BTAR Planner engine on the command line.
//!
//! Exit codes: 0 valid / done, 1 invalid, 2 the input cannot be read or parsed.

#![allow(clippy::disallowed_methods)]
// clippy.toml fences the page's module, not this
// No unwrap or expect outside tests: user-reachable values get errors, not aborts.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

// Every print of the command line goes through `out`: a write that fails
// (a full disk, `> /dev/full`, a closed terminal) is remembered and ends the
// command with exit 2 and a message, where std's macros would panic.
#[cfg(not(target_arch = "wasm32"))]
macro_rules! println {
    () => { $crate::out::stdout(format_args!("\n")) };
    ($($t:tt)*) => { $crate::out::stdout(format_args!("{}\n", format_args!($($t)*))) };
}
#[cfg(not(target_arch = "wasm32"))]
macro_rules! print {
    ($($t:tt)*) => { $crate::out::stdout(format_args!($($t)*)) };
}
#[cfg(not(target_arch = "wasm32"))]
macro_rules! eprintln {
    () => { $crate::out::stderr(format_args!("\n")) };
    ($($t:tt)*) => { $crate::out::stderr(format_args!("{}\n", format_args!($($t)*))) };
}

#[cfg(not(target_arch = "wasm32"))]
mod out {
    use std::io::Write;
    use std::sync::atomic::{AtomicBool, Ordering};

    static FAILED: AtomicBool = AtomicBool::new(false);

    pub fn stdout(args: std::fmt::Arguments<'_>) {
        if std::io::stdout().lock().write_fmt(args).is_err() {
            FAILED.store(true, Ordering::Relaxed);
        }
    }

    pub fn stderr(args: std::fmt::Arguments<'_>) {
        // Nowhere left to say it: a failed message is dropped.
        let _ = std::io::stderr().lock().write_fmt(args);
    }

    /// Flushes standard output; whether every write to it worked.
    pub fn flushed() -> Result<(), String> {
        let flush = std::io::stdout().lock().flush();
        match flush {
            Ok(()) if !FAILED.load(Ordering::Relaxed) => Ok(()),
            Ok(()) => Err("writing to standard output failed".into()),
            Err(e) => Err(format!("writing to standard output failed: {e}")),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    mod bill_cmd;
    mod calibrate_cmd;
    mod decide;
    mod diff;
    mod error;
    mod io;
    mod quick_cmd;
    mod run;

    use bill_cmd::{bill_cmd, levers_cmd};
    use error::{finish, CliError};
    use io::{export_cmd, export_id, load, validate_cmd};
    use quick_cmd::{quick_cost, resource_type_id};
    use run::{ran, simulate_cmd};

    use std::io::Read;
    use std::process::ExitCode;

    use btar_planner::analysis::{self, Analysis};
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
            /// Terraform: write the scenario's changes into this file (the
            /// one the plan was read from) and print it, every other line
            /// as it was; with no change it is the file byte for byte.
            #[arg(long, value_name = "FILE")]
            onto: Option<String>,
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
            /// Months the quick estimate keeps the copies (1 when absent). A
            /// scenario's bill covers its own Days: with a FILE this is
            /// refused.
            #[arg(long)]
            months: Option<f64>,
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
            #[command(flatten)]
            trials: decide::TrialArgs,
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
        /// What a change to a plan does: RPO, RTO, monthly cost (and with
        /// --trials the breach probabilities) before and after, against the
        /// objectives (flags, else NEW's), and the plan fields that changed.
        /// Exit 0 when NEW meets every objective set, 1 when it breaks one, 2
        /// when an input cannot be read. Reads every format `validate` reads.
        Diff {
            old: String,
            new: String,
            #[command(flatten)]
            objectives: decide::ObjectiveArgs,
            #[command(flatten)]
            trials: decide::TrialArgs,
            #[arg(long, value_enum, default_value_t = diff::DiffFormat::Text)]
            format: diff::DiffFormat,
            #[command(flatten)]
            import: ImportArgs,
        },
        /// Fits the simulator's figures to job history: `aws backup
        /// list-copy-jobs` / `list-backup-jobs` pages (several at once),
        /// `describe-*-job` output, Audit Manager job reports (JSON or CSV),
        /// and lag CSVs (time,region,lag_seconds). Per copy route: setup,
        /// throughput and failure rate; per backup rule: throughput, start
        /// delay, daily change. Each with its interval and job count.
        Calibrate {
            /// Job history files (`-`: standard input).
            files: Vec<String>,
            /// The scenario the history belongs to: adds observed against
            /// simulated, and is what --write calibrates.
            #[arg(long)]
            scenario: Option<String>,
            #[arg(long)]
            json: bool,
            /// Writes the scenario with the fitted figures to this file.
            #[arg(long, value_name = "OUT")]
            write: Option<String>,
            /// The backup rules' start window in minutes, for their start
            /// delays (default: the scenario's first rule's, else 480).
            #[arg(long, value_name = "MINUTES")]
            start_window: Option<f64>,
            #[command(flatten)]
            import: ImportArgs,
        },
        /// The cheapest plans that meet the objectives: the plans no other
        /// beats on both monthly cost and worst data loss.
        Frontier {
            file: String,
            #[command(flatten)]
            objectives: decide::ObjectiveArgs,
            /// What the plans may change: a list of schedule, regions,
            /// retention, cold (cold_storage), continuous_backup, tier
            /// (plan_tier), or all, none. Default: the scenario's
            /// objectives.may_change, else schedule,cold,continuous_backup:
            /// regions, retention and the plan tier stay as they are.
            #[arg(long = "vary", visible_alias = "may-change", value_name = "LEVERS")]
            may_change: Option<String>,
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
        /// A Terraform variable's value, NAME=VALUE (repeatable; as
        /// `terraform -var`: over terraform.tfvars and *.auto.tfvars).
        #[arg(long = "var", value_name = "NAME=VALUE")]
        vars: Vec<String>,
        /// A .tfvars file of Terraform variable values (repeatable; before
        /// the --var values, after the directory's own .tfvars files).
        #[arg(long = "var-file", value_name = "FILE")]
        var_files: Vec<String>,
        /// The region of a Terraform provider configuration the input does
        /// not configure itself, PROVIDER=REGION (`aws.dr=us-west-2`:
        /// a module's configuration_aliases, passed in by its caller).
        /// Repeatable. Without it that region is reported as unknown.
        #[arg(long = "provider-region", value_name = "PROVIDER=REGION")]
        provider_regions: Vec<String>,
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
        finish(run(cli.command))
    }

    /// Runs one command.
    fn run(command: Command) -> Result<(), CliError> {
        match command {
            Command::Validate { file, json, import } => validate_cmd(&file, json, &import),
            Command::Import { file, import } => match load(&file, &import) {
                Ok(l) => {
                    for w in &l.warnings {
                        eprintln!("{w}");
                    }
                    println!("{}", scenario_file::to_json(&l.scenario));
                    Ok(())
                }
                Err(e) => Err(CliError::unreadable(e)),
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
                onto,
                import,
            } => match onto {
                Some(target) => io::export_onto(format, &file, &target, &import),
                None => export_cmd(format, &file, &import),
            },
            Command::Cost {
                file: Some(_),
                months: Some(m),
                ..
            } => Err(CliError::unreadable(format!(
                "--months {m}: a scenario's bill covers its own span (simulation.days, 30-day months), and its monthly figure is measured over the plan's own horizon; --months is for the quick estimate (--size-gb, --from, --to)"
            ))),
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
                    Ok(schedule) => quick_cost(
                        size_gb,
                        &from,
                        &to,
                        months.unwrap_or(1.0),
                        schedule,
                        basis,
                        json,
                    ),
                    Err(e) => Err(CliError::unreadable(e)),
                }
            }
            Command::Cost { .. } => Err(CliError::unreadable(
                "give a scenario FILE, or --size-gb, --from and --to for a quick estimate",
            )),
            Command::Levers { file, json, import } => levers_cmd(&file, json, &import),
            Command::Check {
                file,
                objectives,
                trials,
                format,
                import,
            } => decide::check(&file, &objectives, trials.risk().as_ref(), format, &import),
            Command::Risk {
                file,
                objectives,
                risk,
                json,
                import,
            } => decide::risk(&file, &objectives, &risk, json, &import),
            Command::Diff {
                old,
                new,
                objectives,
                trials,
                format,
                import,
            } => diff::diff(&old, &new, &objectives, trials.risk().as_ref(), format, &import),
            Command::Calibrate {
                files,
                scenario,
                json,
                write,
                start_window,
                import,
            } => calibrate_cmd::calibrate_cmd(calibrate_cmd::CalibrateArgs {
                files: &files,
                scenario: scenario.as_deref(),
                json,
                write: write.as_deref(),
                start_window_minutes: start_window,
                import: &import,
            }),
            Command::Frontier {
                file,
                objectives,
                may_change,
                json,
                import,
            } => decide::frontier(&file, &objectives, may_change.as_deref(), json, &import),
            Command::Regions { provider } => {
                let p =
                    match provider.as_deref().map(catalog::Provider::parse) {
                        Some(None) => return Err(CliError::unreadable(
                            "--provider: unknown provider; use aws, google, azure, do or upcloud",
                        )),
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
                Ok(())
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
