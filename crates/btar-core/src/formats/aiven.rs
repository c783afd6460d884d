//! Aiven formats: ServiceCreate and ServiceUpdate bodies with `user_config`,
//! the matching `avn service create|update` command lines, and the fork body
//! and command that restore a service from its secondary backup location.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Map, Value};

use super::{check_size, parse_json, shell, unknown_field, FormatError};
use crate::domain::rules::Rule;
use crate::domain::scenario::{AivenField, AivenService, Platform, Scenario};
use crate::domain::validation::{Problem, Severity};

/// `user_config` keys the planner models.
const USER_CONFIG_KEYS: [&str; 3] = ["additional_backup_regions", "backup_hour", "backup_minute"];

/// The ServiceCreate body for a service (`POST /v1/project/{project}/service`),
/// with the fields the planner does not model written back.
pub fn create_body(a: &AivenService) -> Value {
    let mut v = json!({
        "cloud": a.cloud,
        "plan": a.plan,
        "service_name": a.service_name,
        "service_type": a.service_type,
        "user_config": {
            "additional_backup_regions": a.additional_backup_regions,
            "backup_hour": a.backup_hour,
            "backup_minute": a.backup_minute,
        }
    });
    write_back(a, &mut v);
    v
}

/// The ServiceUpdate body that sets (or, with an empty list, disables) BTAR
/// (`PUT /v1/project/{project}/service/{service}`), with the fields the
/// planner does not model written back.
pub fn update_body(a: &AivenService) -> Value {
    let mut v =
        json!({ "user_config": { "additional_backup_regions": a.additional_backup_regions } });
    write_back(a, &mut v);
    v
}

/// Puts the unmodelled fields back where they came from.
fn write_back(a: &AivenService, v: &mut Value) {
    for f in &a.unmodelled {
        let value = serde_json::from_str(&f.value).unwrap_or(Value::String(f.value.clone()));
        let target = if f.user_config {
            v.get_mut("user_config").and_then(Value::as_object_mut)
        } else {
            v.as_object_mut()
        };
        if let Some(o) = target {
            o.entry(f.key.clone()).or_insert(value);
        }
    }
}

/// Keeps a field the planner does not model (the newest value of a key).
fn keep(a: &mut AivenService, user_config: bool, key: &str, value: &Value) {
    a.unmodelled
        .retain(|f| !(f.user_config == user_config && f.key == key));
    a.unmodelled.push(AivenField {
        user_config,
        key: key.to_string(),
        value: value.to_string(),
    });
}

/// `additional_backup_regions=["…"]`: avn reads the value as JSON.
fn regions_arg(regions: &[String]) -> String {
    format!(
        "additional_backup_regions={}",
        serde_json::Value::from(regions.to_vec())
    )
}

/// The `avn service create` command for a service. Every word is quoted
/// for the shell ([`shell::quote`]).
pub fn avn_create(a: &AivenService) -> String {
    let regions = regions_arg(&a.additional_backup_regions);
    let hour = format!("backup_hour={}", a.backup_hour);
    let minute = format!("backup_minute={}", a.backup_minute);
    let extra: Vec<String> = a
        .unmodelled
        .iter()
        .filter(|f| f.user_config)
        .map(|f| format!("{}={}", f.key, f.value))
        .collect();
    let mut groups = vec![
        vec!["--project", a.project.as_str()],
        vec!["--service-type", a.service_type.as_str()],
        vec!["--cloud", a.cloud.as_str()],
        vec!["--plan", a.plan.as_str()],
        vec!["-c", regions.as_str()],
        vec!["-c", hour.as_str()],
        vec!["-c", minute.as_str()],
    ];
    groups.extend(extra.iter().map(|e| vec!["-c", e.as_str()]));
    shell::command(
        &["avn", "service", "create", a.service_name.as_str()],
        &groups,
    )
}

/// The `avn service update` command that sets or clears the backup region.
pub fn avn_update(a: &AivenService) -> String {
    let regions = regions_arg(&a.additional_backup_regions);
    shell::command(
        &["avn", "service", "update", a.service_name.as_str()],
        &[
            vec!["--project", a.project.as_str()],
            vec!["-c", regions.as_str()],
        ],
    )
}

/// A fork & restore from a secondary backup location.
#[derive(Debug, Clone, PartialEq)]
pub struct ForkRequest<'a> {
    pub source: &'a AivenService,
    pub fork_name: &'a str,
    /// The cloud of the secondary backup location; the fork is created there.
    pub cloud: &'a str,
    pub recovery_target_time: Option<DateTime<Utc>>,
}

/// A fork & restore a scenario asks for, resolved to its secondary cloud.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedFork {
    pub fork_name: String,
    pub cloud: String,
    pub recovery_target_time: Option<DateTime<Utc>>,
}

impl PlannedFork {
    pub fn request<'a>(&'a self, source: &'a AivenService) -> ForkRequest<'a> {
        ForkRequest {
            source,
            fork_name: &self.fork_name,
            cloud: &self.cloud,
            recovery_target_time: self.recovery_target_time,
        }
    }
}

/// The fork events on a scenario's timeline, each from its named secondary
/// location or else the first one (forks with neither are left out).
pub fn planned_forks(a: &AivenService, s: &Scenario) -> Vec<PlannedFork> {
    let first = s.secondary_regions().into_iter().next();
    s.events
        .iter()
        .filter_map(|e| match e {
            crate::domain::scenario::TimelineEvent::Fork {
                from_region,
                point_in_time,
                name,
                ..
            } => Some(PlannedFork {
                fork_name: name
                    .clone()
                    .unwrap_or_else(|| format!("{}-fork", a.service_name)),
                cloud: from_region.clone().or_else(|| first.clone())?,
                recovery_target_time: *point_in_time,
            }),
            _ => None,
        })
        .collect()
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The ServiceCreate body of a fork: same plan as the source, in the
/// secondary backup's cloud.
pub fn fork_body(f: &ForkRequest<'_>) -> Value {
    let mut uc = Map::new();
    uc.insert(
        "service_to_fork_from".into(),
        f.source.service_name.clone().into(),
    );
    uc.insert(
        "project_to_fork_from".into(),
        f.source.project.clone().into(),
    );
    if let Some(t) = f.recovery_target_time {
        uc.insert("recovery_target_time".into(), rfc3339(t).into());
    }
    json!({
        "cloud": f.cloud,
        "plan": f.source.plan,
        "service_name": f.fork_name,
        "service_type": f.source.service_type,
        "user_config": uc,
    })
}

/// The `avn service create` command of a fork, every word quoted.
pub fn avn_fork(f: &ForkRequest<'_>) -> String {
    let time = f.recovery_target_time.map(rfc3339);
    let mut groups = vec![
        vec!["--project", f.source.project.as_str()],
        vec!["--service-type", f.source.service_type.as_str()],
        vec!["--plan", f.source.plan.as_str()],
        vec!["--cloud", f.cloud],
        vec!["--service-to-fork-from", f.source.service_name.as_str()],
        vec!["--project-to-fork-from", f.source.project.as_str()],
    ];
    if let Some(t) = &time {
        groups.push(vec!["--recovery-target-time", t.as_str()]);
    }
    shell::command(&["avn", "service", "create", f.fork_name], &groups)
}

fn string_field(
    o: &Map<String, Value>,
    key: &str,
    field: &str,
) -> Result<Option<String>, FormatError> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(FormatError::field(
            field,
            format!("expected a string, found {}", kind_of(other)),
        )),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn small_int(v: &Value, field: &str, hi: u64) -> Result<u8, FormatError> {
    match v.as_u64() {
        Some(n) if n <= hi => Ok(n as u8),
        _ => Err(FormatError::field(
            field,
            format!("expected a whole number from 0 to {hi}, found {v}"),
        )),
    }
}

fn apply_user_config(a: &mut AivenService, uc: &Value, prefix: &str) -> Result<(), FormatError> {
    let o = uc.as_object().ok_or_else(|| {
        FormatError::field(prefix, format!("expected an object, found {}", kind_of(uc)))
    })?;
    for (k, v) in o {
        let field = format!("{prefix}.{k}");
        match k.as_str() {
            "additional_backup_regions" => a.additional_backup_regions = regions_value(v, &field)?,
            "backup_hour" => a.backup_hour = small_int(v, &field, 23)?,
            "backup_minute" => a.backup_minute = small_int(v, &field, 59)?,
            // Kept and written back; validation names it (no effect on
            // backups to other regions).
            _ => keep(a, true, k, v),
        }
    }
    Ok(())
}

fn regions_value(v: &Value, field: &str) -> Result<Vec<String>, FormatError> {
    let arr = v.as_array().ok_or_else(|| {
        FormatError::field(
            field,
            format!("expected a list of cloud names, found {}", kind_of(v)),
        )
    })?;
    arr.iter()
        .enumerate()
        .map(|(i, x)| {
            x.as_str().map(|s| s.trim().to_string()).ok_or_else(|| {
                FormatError::field(
                    format!("{field}[{i}]"),
                    format!("expected a cloud name, found {}", kind_of(x)),
                )
            })
        })
        .collect()
}

fn aiven_of(base: &Scenario) -> AivenService {
    match &base.platform {
        Platform::Aiven(a) => a.clone(),
        _ => AivenService::blank(),
    }
}

fn with_aiven(base: &Scenario, a: AivenService) -> Scenario {
    let mut s = base.clone();
    s.platform = Platform::Aiven(a);
    s
}

/// Which Aiven API body a text is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Body {
    Create,
    Update,
}

impl Body {
    fn name(self) -> &'static str {
        match self {
            Body::Create => "ServiceCreate",
            Body::Update => "ServiceUpdate",
        }
    }
}

/// Applies a ServiceCreate or ServiceUpdate body: the fields the planner
/// models replace the scenario's service settings; the rest become warnings.
fn apply_body(
    base: &Scenario,
    text: &str,
    body: Body,
    warnings: &mut Vec<Problem>,
) -> Result<Scenario, FormatError> {
    let v = parse_json(text)?;
    let o = v.as_object().ok_or_else(|| {
        FormatError::Unrecognized(format!("a {} body is a JSON object", body.name()))
    })?;
    if body == Body::Create {
        for key in ["service_name", "service_type", "plan"] {
            if !o.contains_key(key) {
                return Err(FormatError::field(key, "ServiceCreate needs this field"));
            }
        }
    }
    let mut a = aiven_of(base);
    for (k, val) in o {
        let create = body == Body::Create;
        let target = match k.as_str() {
            "cloud" => Some(&mut a.cloud),
            "plan" => Some(&mut a.plan),
            "service_name" if create => Some(&mut a.service_name),
            "service_type" if create => Some(&mut a.service_type),
            "project" if create => Some(&mut a.project),
            "user_config" => {
                apply_user_config(&mut a, val, "user_config")?;
                continue;
            }
            _ => None,
        };
        // A null required ServiceCreate field empties it, so validation names it.
        let required = create && matches!(k.as_str(), "plan" | "service_name" | "service_type");
        match target {
            Some(t) => match string_field(o, k, k)? {
                Some(s) => *t = s,
                None if required => t.clear(),
                None => {}
            },
            None => keep(&mut a, false, k, val),
        }
    }
    if body == Body::Create && !o.contains_key("cloud") {
        warnings.push(Problem {
            severity: crate::domain::validation::Severity::Warning,
            field: "cloud".into(),
            value: "none".into(),
            rule: Rule::CloudPresent,
            message: format!(
                "no cloud in the body: Aiven uses the project's default; the planner assumes {}",
                a.cloud
            ),
        });
    }
    Ok(with_aiven(base, a))
}

/// Applies a ServiceCreate body to a scenario (its service settings replace
/// the scenario's; workload, events and the rest are kept).
pub fn apply_create_body(
    base: &Scenario,
    text: &str,
    warnings: &mut Vec<Problem>,
) -> Result<Scenario, FormatError> {
    apply_body(base, text, Body::Create, warnings)
}

/// Applies a ServiceUpdate body (`user_config`, and `cloud`/`plan` when it
/// migrates or resizes the service) to a scenario.
pub fn apply_update_body(
    base: &Scenario,
    text: &str,
    warnings: &mut Vec<Problem>,
) -> Result<Scenario, FormatError> {
    apply_body(base, text, Body::Update, warnings)
}

/// Splits a shell command line the way a POSIX shell would (quotes,
/// backslashes, `\` line continuations), dropping `#` comments.
pub fn shell_words(text: &str) -> Result<Vec<String>, FormatError> {
    let joined = text.replace("\\\r\n", " ").replace("\\\n", " ");
    let without_comments: Vec<&str> = joined
        .lines()
        .map(|l| {
            if l.trim_start().starts_with('#') {
                ""
            } else {
                l
            }
        })
        .collect();
    shlex::split(&without_comments.join("\n"))
        .ok_or_else(|| FormatError::Command("unbalanced quotes or a trailing backslash".into()))
}

fn parse_config_value(
    key: &str,
    raw: &str,
    field: &str,
    warnings: &mut Vec<Problem>,
) -> Result<Value, FormatError> {
    if key == "additional_backup_regions" {
        let t = raw.trim();
        if let Ok(v) = serde_json::from_str::<Value>(t) {
            return Ok(v);
        }
        // `[aws-eu-west-1]` or a bare name: not JSON, so avn sends a string
        // where the API wants an array, and the request is refused. Read
        // what was meant, and say it is an error.
        let inner = t
            .strip_prefix('[')
            .and_then(|x| x.strip_suffix(']'))
            .unwrap_or(t);
        let names: Vec<String> = inner
            .split(',')
            .map(|x| x.trim().trim_matches('"').trim_matches('\''))
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect();
        let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
        warnings.push(Problem {
            severity: Severity::Error,
            field: field.to_string(),
            value: raw.to_string(),
            rule: Rule::AvnConfigJson,
            message: format!(
                "avn reads an array setting as JSON, and {raw} is not JSON: Aiven refuses it. Write -c 'additional_backup_regions=[{}]'",
                quoted.join(",")
            ),
        });
        return Ok(Value::Array(names.into_iter().map(Value::String).collect()));
    }
    serde_json::from_str::<Value>(raw.trim())
        .or_else(|_| Ok(Value::String(raw.to_string())))
        .map_err(|_: FormatError| FormatError::field(field, "unreadable value"))
}

/// Which `avn service` command a command line runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AvnVerb {
    Create,
    Update,
}

/// The verb of an `avn service create|update` command, read from its
/// words (a service named `orders-update-v2` is still a create).
pub fn avn_verb(text: &str) -> Result<AvnVerb, FormatError> {
    let words = shell_words(check_size(text)?)?;
    match words.as_slice() {
        [avn, service, verb, ..] if avn == "avn" && service == "service" => match verb.as_str() {
            "create" => Ok(AvnVerb::Create),
            "update" => Ok(AvnVerb::Update),
            other => Err(FormatError::Command(format!(
                "'avn service {other}' is not a command the planner reads; use create or update"
            ))),
        },
        _ => Err(FormatError::Command(
            "expected 'avn service create …' or 'avn service update …'".into(),
        )),
    }
}

/// Whether an update (body or `avn service update` command) names the
/// service's cloud itself.
pub fn update_names_cloud(text: &str) -> bool {
    let Ok(t) = check_size(text) else {
        return false;
    };
    if t.starts_with('{') {
        return parse_json(t).is_ok_and(|v| v.get("cloud").is_some());
    }
    shell_words(t).is_ok_and(|w| {
        w.iter()
            .any(|x| x == "--cloud" || x.starts_with("--cloud="))
    })
}

/// Applies an `avn service create|update` command line to a scenario.
pub fn apply_avn_command(
    base: &Scenario,
    text: &str,
    warnings: &mut Vec<Problem>,
) -> Result<Scenario, FormatError> {
    let text = check_size(text)?;
    let verb = avn_verb(text)?;
    let words = shell_words(text)?;
    let mut a = aiven_of(base);
    let mut name: Option<String> = None;
    let mut it = words[3..].iter();
    let mut seen_type = false;
    while let Some(w) = it.next() {
        let (flag, inline) = match w.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (w.clone(), None),
        };
        let mut take = |flag: &str| -> Result<String, FormatError> {
            match &inline {
                Some(v) => Ok(v.clone()),
                None => it
                    .next()
                    .cloned()
                    .ok_or_else(|| FormatError::Command(format!("{flag} needs a value"))),
            }
        };
        match flag.as_str() {
            "--service-type" | "-t" => {
                a.service_type = take(&flag)?;
                seen_type = true;
            }
            "--cloud" => a.cloud = take(&flag)?,
            "--plan" => a.plan = take(&flag)?,
            "--project" => a.project = take(&flag)?,
            "-c" => {
                let kv = take(&flag)?;
                let (k, v) = kv.split_once('=').ok_or_else(|| {
                    FormatError::Command(format!("-c takes KEY=VALUE, found '{kv}'"))
                })?;
                let field = format!("-c {k}");
                if USER_CONFIG_KEYS.contains(&k) {
                    let val = parse_config_value(k, v, &field, warnings)?;
                    let mut uc = Map::new();
                    uc.insert(k.to_string(), val);
                    apply_user_config(&mut a, &Value::Object(uc), "-c")?;
                } else {
                    // As avn sends it: JSON when it parses, else a string.
                    let val = serde_json::from_str::<Value>(v.trim())
                        .unwrap_or_else(|_| Value::String(v.to_string()));
                    keep(&mut a, true, k, &val);
                }
            }
            "--user-config-json" => {
                let raw = take(&flag)?;
                let v = parse_json(&raw)?;
                apply_user_config(&mut a, &v, "--user-config-json")?;
            }
            f if f.starts_with('-') => {
                // Flags with a value we do not model: skip the value too.
                if inline.is_none()
                    && !matches!(
                        f,
                        "--no-fail-if-exists"
                            | "--enable-termination-protection"
                            | "--disable-termination-protection"
                            | "--force"
                            | "--json"
                    )
                {
                    it.next();
                }
                warnings.push(unknown_field("", f, "the avn options the planner models"));
            }
            positional => {
                if name.is_some() {
                    return Err(FormatError::Command(format!(
                        "unexpected word '{positional}'"
                    )));
                }
                name = Some(positional.to_string());
            }
        }
    }
    a.service_name =
        name.ok_or_else(|| FormatError::Command("the service name is missing".into()))?;
    if verb == AvnVerb::Create && !seen_type {
        return Err(FormatError::Command(
            "avn service create needs --service-type".into(),
        ));
    }
    Ok(with_aiven(base, a))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validation::validate;

    fn base() -> Scenario {
        crate::formats::test_scenario()
    }

    fn aiven(s: &Scenario) -> &AivenService {
        match &s.platform {
            Platform::Aiven(a) => a,
            _ => panic!("not aiven"),
        }
    }

    #[test]
    fn the_docs_cassandra_body_imports_and_is_refused_for_btar() {
        let body = r#"{
            "cloud": "string",
            "plan": "string",
            "service_name": "service_2_name",
            "service_type": "cassandra",
            "user_config": {
                "additional_backup_regions": ["cloud-region-name"]
            }
        }"#;
        let mut w = Vec::new();
        let s = apply_create_body(&base(), body, &mut w).unwrap();
        let p = validate(&s);
        assert!(p.has_rule(Rule::ServiceTypeSupported), "{p:?}");
        assert!(p.has_rule(Rule::KnownRegion));
        assert!(!p.is_valid());
    }

    #[test]
    fn create_body_round_trips() {
        let mut a = AivenService::blank();
        a.additional_backup_regions = vec!["aws-eu-central-1".into()];
        a.backup_hour = 22;
        a.backup_minute = 15;
        let mut s = base();
        s.platform = Platform::Aiven(a.clone());
        let text = create_body(&a).to_string();
        let back = apply_create_body(&base(), &text, &mut Vec::new()).unwrap();
        assert_eq!(aiven(&back), &a);
    }

    #[test]
    fn avn_commands_round_trip_and_update_sets_the_region() {
        let mut a = AivenService::blank();
        a.project = "acme".into();
        a.additional_backup_regions = vec!["aws-us-east-1".into()];
        let back = apply_avn_command(&base(), &avn_create(&a), &mut Vec::new()).unwrap();
        assert_eq!(aiven(&back), &a);
        let back = apply_avn_command(&base(), &avn_update(&a), &mut Vec::new()).unwrap();
        assert_eq!(
            aiven(&back).additional_backup_regions,
            a.additional_backup_regions
        );
        assert_eq!(aiven(&back).project, "acme");
    }

    #[test]
    fn the_docs_avn_forms_parse() {
        let cmd = "avn service update name_of_existing_service                    \\\n        -c additional_backup_regions=[\\\"aws-us-west-2\\\"]";
        let s = apply_avn_command(&base(), cmd, &mut Vec::new()).unwrap();
        assert_eq!(
            aiven(&s).additional_backup_regions,
            vec!["aws-us-west-2".to_string()]
        );
        assert_eq!(aiven(&s).service_name, "name_of_existing_service");
        let cmd = "avn service create \\\n --service-type pg \\\n --cloud google-europe-west3 \\\n --plan startup-4 \\\n -c additional_backup_regions=[google-europe-west1] \\\n new_service_name";
        // The bare list is not JSON: avn sends a string and Aiven refuses
        // it. What was meant is read, and the refusal is an error.
        let mut w = Vec::new();
        let s = apply_avn_command(&base(), cmd, &mut w).unwrap();
        let e: Vec<_> = w.iter().filter(|p| p.severity == Severity::Error).collect();
        assert_eq!(e.len(), 1, "{w:?}");
        assert_eq!(e[0].rule, "avn-config-json");
        assert!(
            e[0].message
                .contains(r#"'additional_backup_regions=["google-europe-west1"]'"#),
            "{}",
            e[0].message
        );
        let mut w = Vec::new();
        apply_avn_command(
            &base(),
            "avn service update svc -c additional_backup_regions=google-europe-west1",
            &mut w,
        )
        .unwrap();
        assert_eq!(w.first().map(|p| p.rule), Some(Rule::AvnConfigJson));
        let a = aiven(&s);
        assert_eq!(
            (a.service_name.as_str(), a.cloud.as_str(), a.plan.as_str()),
            ("new_service_name", "google-europe-west3", "startup-4")
        );
        assert_eq!(
            a.additional_backup_regions,
            vec!["google-europe-west1".to_string()]
        );
    }

    #[test]
    fn disabling_is_an_empty_list() {
        let mut a = AivenService::blank();
        a.additional_backup_regions = vec!["aws-us-east-1".into()];
        let mut s = base();
        s.platform = Platform::Aiven(a);
        let s = apply_update_body(
            &s,
            r#"{"user_config":{"additional_backup_regions":[]}}"#,
            &mut Vec::new(),
        )
        .unwrap();
        assert!(aiven(&s).additional_backup_regions.is_empty());
    }

    #[test]
    fn wrong_types_and_broken_commands_are_clear_errors() {
        let e = apply_update_body(
            &base(),
            r#"{"user_config":{"additional_backup_regions":"aws-us-east-1"}}"#,
            &mut Vec::new(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "user_config.additional_backup_regions: expected a list of cloud names, found a string"
        );
        let e = apply_update_body(
            &base(),
            r#"{"user_config":{"additional_backup_regions":[3]}}"#,
            &mut Vec::new(),
        )
        .unwrap_err();
        assert!(e
            .to_string()
            .starts_with("user_config.additional_backup_regions[0]"));
        let e = apply_create_body(&base(), r#"{"cloud":"aws-eu-west-1"}"#, &mut Vec::new())
            .unwrap_err();
        assert!(e.to_string().contains("service_name"));
        let e = apply_update_body(
            &base(),
            r#"{"user_config":{"backup_hour":99}}"#,
            &mut Vec::new(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("0 to 23"));
        assert!(
            apply_avn_command(&base(), "avn service create x --plan", &mut Vec::new()).is_err()
        );
        assert!(apply_avn_command(
            &base(),
            "avn service create x --plan 'oops",
            &mut Vec::new()
        )
        .is_err());
        assert!(apply_avn_command(&base(), "avn service delete x", &mut Vec::new()).is_err());
        assert!(apply_avn_command(&base(), "avn service update", &mut Vec::new()).is_err());
    }

    #[test]
    fn unmodelled_keys_are_kept_named_and_written_back() {
        let mut w = Vec::new();
        let s = apply_create_body(&base(), r#"{"service_name":"a","service_type":"pg","plan":"business-4","cloud":"aws-eu-west-1","tags":{},"user_config":{"pg_version":"16"}}"#, &mut w).unwrap();
        assert!(w.is_empty(), "{w:?}");
        let p = crate::domain::validation::validate(&s);
        let f: Vec<&str> =
            p.0.iter()
                .filter(|p| p.rule == Rule::FieldNoEffect)
                .map(|p| p.field.as_str())
                .collect();
        assert_eq!(
            f,
            vec![
                "platform.aiven.tags",
                "platform.aiven.user_config.pg_version"
            ]
        );
        let back = create_body(aiven(&s));
        assert_eq!(back["tags"], json!({}));
        assert_eq!(back["user_config"]["pg_version"], "16");
    }

    #[test]
    fn planned_forks_default_to_the_first_secondary() {
        let mut a = AivenService::blank();
        a.additional_backup_regions = vec!["aws-eu-central-1".into()];
        let mut s = base();
        s.platform = Platform::Aiven(a.clone());
        let t: DateTime<Utc> = "2026-01-05T10:00:00Z".parse().unwrap();
        s.events = vec![
            crate::domain::scenario::TimelineEvent::Fork {
                at: t,
                from_region: None,
                point_in_time: Some(t),
                name: None,
            },
            crate::domain::scenario::TimelineEvent::Fork {
                at: t,
                from_region: Some("aws-eu-west-2".into()),
                point_in_time: None,
                name: Some("dr".into()),
            },
        ];
        let f = planned_forks(&a, &s);
        assert_eq!(f.len(), 2);
        assert_eq!(
            (
                f[0].fork_name.as_str(),
                f[0].cloud.as_str(),
                f[0].recovery_target_time
            ),
            ("pg-main-fork", "aws-eu-central-1", Some(t))
        );
        assert_eq!(
            (f[1].fork_name.as_str(), f[1].cloud.as_str()),
            ("dr", "aws-eu-west-2")
        );
    }

    #[test]
    fn fork_body_uses_the_secondary_cloud_and_the_same_plan() {
        let a = AivenService::blank();
        let t: DateTime<Utc> = "2026-01-05T10:00:00Z".parse().unwrap();
        let f = ForkRequest {
            source: &a,
            fork_name: "pg-main-dr",
            cloud: "aws-eu-central-1",
            recovery_target_time: Some(t),
        };
        let b = fork_body(&f);
        assert_eq!(b["cloud"], "aws-eu-central-1");
        assert_eq!(b["plan"], a.plan.as_str());
        assert_eq!(b["user_config"]["service_to_fork_from"], "pg-main");
        assert_eq!(
            b["user_config"]["recovery_target_time"],
            "2026-01-05T10:00:00Z"
        );
        let c = avn_fork(&f);
        assert!(
            c.contains("--service-to-fork-from pg-main")
                && c.contains("--cloud aws-eu-central-1")
                && c.contains("--recovery-target-time 2026-01-05T10:00:00Z"),
            "{c}"
        );
    }
}
