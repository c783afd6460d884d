//! Reading inputs (a file, standard input, a directory of .tf files) in any format, `btar validate` and `btar export`.

use super::*;

/// `btar export ID`: one of the ids of [`Export`].
pub(super) fn export_id(id: &str) -> Result<Export, String> {
    Export::parse(id).ok_or_else(|| {
        let ids: Vec<&str> = Export::ALL.iter().map(|e| e.id()).collect();
        format!("'{id}' is not an export; one of: {}", ids.join(", "))
    })
}

pub(super) fn read(file: &str) -> Result<String, String> {
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
        // Sizes are checked before anything is read, and each read is
        // bounded by what is left of the limit.
        let limit = formats::MAX_INPUT_BYTES as u64;
        let mut joined = Vec::new();
        for p in &paths {
            let left = limit.saturating_sub(joined.len() as u64);
            let too_large = || {
                format!(
                    "{file}: its {} .tf files are larger than the {limit} byte limit together",
                    paths.len()
                )
            };
            if std::fs::metadata(p).map_or(0, |m| m.len()) > left {
                return Err(too_large());
            }
            let before = joined.len();
            std::fs::File::open(p)
                .and_then(|f| f.take(left + 1).read_to_end(&mut joined))
                .map_err(|e| format!("{}: {e}", p.display()))?;
            if (joined.len() - before) as u64 > left {
                return Err(too_large());
            }
            joined.push(b'\n');
        }
        return String::from_utf8(joined)
            .map_err(|_| format!("{file}: its .tf files are not UTF-8 text"));
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

/// The Terraform variable values for `file`, as `.tfvars` text in
/// Terraform's order of precedence (a later assignment wins): a
/// directory's `terraform.tfvars`, then its `*.auto.tfvars` in name order,
/// then each `--var-file`, then each `--var`.
/// `--provider-region aws.dr=us-west-2` values: a provider configuration
/// (`aws`, `aws.ALIAS`, or the alias alone) and an AWS region the planner
/// knows.
fn provider_regions(args: &ImportArgs) -> Result<Vec<(String, String)>, String> {
    args.provider_regions
        .iter()
        .map(|v| {
            btar_planner::formats::terraform::provider_region(v)
                .map_err(|why| format!("--provider-region {why}"))
        })
        .collect()
}

fn tf_vars(file: &str, args: &ImportArgs) -> Result<Vec<String>, String> {
    let mut files: Vec<String> = Vec::new();
    let dir = std::path::Path::new(file);
    if dir.is_dir() {
        let main = dir.join("terraform.tfvars");
        if main.is_file() {
            files.push(main.to_string_lossy().to_string());
        }
        let mut auto: Vec<String> = std::fs::read_dir(dir)
            .map_err(|e| format!("{file}: {e}"))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().ends_with(".auto.tfvars"))
            .map(|p| p.to_string_lossy().to_string())
            .collect();
        auto.sort();
        files.extend(auto);
    }
    files.extend(args.var_files.iter().cloned());
    let mut out: Vec<String> = Vec::new();
    let mut size = 0;
    for f in &files {
        let text = read(f)?;
        size += text.len();
        if size > formats::MAX_INPUT_BYTES {
            return Err(format!(
                "{f}: the variable files are larger than {} bytes together",
                formats::MAX_INPUT_BYTES
            ));
        }
        out.push(text);
    }
    for v in &args.vars {
        let Some((name, value)) = v.split_once('=') else {
            return Err(format!("--var {v}: give NAME=VALUE"));
        };
        let name = name.trim();
        let ok = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !ok {
            return Err(format!(
                "--var {v}: '{name}' is not a Terraform variable name"
            ));
        }
        // As terraform -var: a list or map is HCL, anything else a string.
        let v = value.trim();
        if v.starts_with('[') || v.starts_with('{') {
            out.push(format!("{name} = {v}\n"));
        } else {
            // A JSON string is an HCL string; `${` and `%{` stay literal.
            let quoted = serde_json::Value::from(value)
                .to_string()
                .replace("${", "$${")
                .replace("%{", "%%{");
            out.push(format!("{name} = {quoted}\n"));
        }
    }
    Ok(out)
}

pub(super) fn defaults(args: &ImportArgs) -> ImportDefaults {
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
        tf_vars: Vec::new(),
        provider_regions: Vec::new(),
    }
}

pub(super) struct Loaded {
    pub(super) kind: InputKind,
    pub(super) scenario: Scenario,
    pub(super) warnings: Vec<Problem>,
    pub(super) no_base: bool,
}

/// Terraform that declares no plan itself but calls a local module
/// (`source = "./…"`): the module's directory, read with the call's inputs
/// as its variables' values (evaluated in the caller's context), as
/// Terraform reads it; modules calling modules are followed up to
/// [`MODULE_DEPTH`] deep. Returns the text and variable values to read, and
/// what was followed.
fn follow_modules(file: &str, mut text: String, mut vars: Vec<String>) -> Result<Followed, String> {
    let mut dir = {
        let p = std::path::Path::new(file);
        if p.is_dir() {
            p.to_path_buf()
        } else {
            p.parent().map(|d| d.to_path_buf()).unwrap_or_default()
        }
    };
    let mut notes = Vec::new();
    let mut path = String::new();
    let mut regions: Vec<(String, String)> = Vec::new();
    for _ in 0..MODULE_DEPTH {
        let Some(m) =
            formats::terraform::local_module(&text, &vars).map_err(|e| format!("{file}: {e}"))?
        else {
            break;
        };
        dir = dir.join(m.source.trim_start_matches("./"));
        let shown = dir.display().to_string();
        // Not here (one file given, or a source outside what was
        // given): the reader says where the plan is and what to validate.
        if !dir.is_dir() {
            break;
        }
        path.push_str(&format!("module.{}.", m.name));
        notes.push(Problem {
            severity: btar_planner::domain::validation::Severity::Warning,
            field: path.trim_end_matches('.').to_string(),
            value: m.source.clone(),
            rule: Rule::FieldApproximated,
            message: format!(
                "the plan is read from the module's directory ({shown}) with the call's inputs as its variables, as Terraform gives them"
            ),
        });
        for u in &m.unresolved {
            notes.push(Problem {
                severity: btar_planner::domain::validation::Severity::Warning,
                field: format!("{path}{}", u.split(" = ").next().unwrap_or(u)),
                value: u.clone(),
                rule: Rule::TerraformUnresolved,
                message: "the caller cannot resolve this input here: the module's variable is unknown (its default, if it has one, stands in)".into(),
            });
        }
        text = read(&shown)?;
        vars = vec![m.inputs];
        regions = m.provider_regions;
    }
    Ok(Followed {
        text,
        vars,
        regions,
        notes,
    })
}

/// What [`follow_modules`] found: the Terraform text and variable values
/// to read, the provider regions the caller gives, and what was followed.
struct Followed {
    text: String,
    vars: Vec<String>,
    regions: Vec<(String, String)>,
    notes: Vec<Problem>,
}

/// How many local modules deep a plan is looked for.
const MODULE_DEPTH: usize = 4;

pub(super) fn load(file: &str, args: &ImportArgs) -> Result<Loaded, String> {
    let text = read(file)?;
    let base = match &args.base {
        Some(b) => Some(
            scenario_file::from_json(&read(b)?, &mut Vec::new())
                .map_err(|e| format!("{b}: {e}"))?,
        ),
        None => None,
    };
    let Followed {
        text,
        vars,
        regions: given,
        mut notes,
    } = follow_modules(file, text, tf_vars(file, args)?)?;
    // The providers the caller gives the module, then --provider-region
    // (later wins); the caller's default region when --region is not given.
    let mut regions = given.clone();
    regions.extend(provider_regions(args)?);
    let mut d = defaults(args);
    if d.aws_region.is_none() {
        d.aws_region = given
            .iter()
            .find(|(k, _)| k == "aws")
            .map(|(_, r)| r.clone());
    }
    let defaults = ImportDefaults {
        tf_vars: vars,
        provider_regions: regions,
        ..d
    };
    let imported =
        formats::import(&text, &defaults, base.as_ref()).map_err(|e| format!("{file}: {e}"))?;
    notes.extend(imported.warnings);
    Ok(Loaded {
        kind: imported.kind,
        scenario: imported.scenario,
        warnings: notes,
        no_base: imported.needs_service,
    })
}

pub(super) fn problem_json(p: &Problem) -> serde_json::Value {
    json!({"field": p.field, "value": p.value, "rule": p.rule, "message": p.message})
}

pub(super) fn validate_cmd(file: &str, as_json: bool, args: &ImportArgs) -> Result<(), CliError> {
    let loaded = match load(file, args) {
        Ok(l) => l,
        Err(e) => {
            if as_json {
                println!(
                    "{}",
                    json!({"valid": false, "errors": [{"field": "(input)", "value": file, "rule": "readable", "message": e}], "warnings": []})
                );
                return Err(CliError {
                    code: 2,
                    message: String::new(),
                });
            }
            return Err(CliError::unreadable(e));
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
        Ok(())
    } else {
        Err(CliError::reported())
    }
}

/// `btar export terraform SCENARIO --onto FILE`: FILE with the scenario's
/// differences from the plan FILE holds written into it. Printed without
/// a newline of its own, so no change prints FILE byte for byte.
pub(super) fn export_onto(
    format: Export,
    file: &str,
    target: &str,
    args: &ImportArgs,
) -> Result<(), CliError> {
    let edit = match format {
        Export::Terraform => btar_planner::formats::terraform_onto::onto,
        Export::CloudFormation => btar_planner::formats::cloudformation_onto::onto,
        other => {
            return Err(CliError::unreadable(format!(
                "--onto writes into a Terraform file or a CloudFormation template; {} exports are written whole",
                other.id()
            )))
        }
    };
    let now = load(file, args).map_err(CliError::unreadable)?.scenario;
    let text = read(target).map_err(CliError::unreadable)?;
    let was = load(target, args).map_err(CliError::unreadable)?.scenario;
    let edited = edit(&text, &was, &now).map_err(|e| CliError::failed(format!("{target}: {e}")))?;
    print!("{edited}");
    Ok(())
}

pub(super) fn export_cmd(format: Export, file: &str, args: &ImportArgs) -> Result<(), CliError> {
    let loaded = load(file, args).map_err(CliError::unreadable)?;
    let text = format
        .render(&loaded.scenario)
        .map_err(CliError::unreadable)?;
    println!("{text}");
    Ok(())
}
