//! The service and its backup policy, per platform.

use yew::prelude::*;

use super::fields::{Messages, NumberField, OptNumberField, Range, SelectField, TextField};
use super::region_picker::{PickerRule, RegionPicker};
use crate::domain::catalog::{self, Provider};
use crate::domain::scenario::{
    AivenService, AwsBackup, AwsBackupRule, AwsCopyAction, AwsLifecycle, AwsVault, Platform,
    Scenario, VaultArn, VaultPolicy, ZillizBackups, ZillizCluster, ZillizRole, ZillizTarget,
    ZillizTier,
};
use crate::ui::state::{Action, AppContext};

fn opts(v: &[(&'static str, &'static str)]) -> Vec<(AttrValue, AttrValue)> {
    v.iter()
        .map(|(a, b)| (AttrValue::Static(a), AttrValue::Static(b)))
        .collect()
}

/// The options of a select over every value of an enum: its id (the
/// scenario file's spelling) and its label.
fn choices<T>() -> Vec<(AttrValue, AttrValue)>
where
    T: strum::IntoEnumIterator + strum::EnumMessage + Into<&'static str>,
{
    T::iter()
        .map(|c| {
            let label = c.get_message().unwrap_or_default();
            (AttrValue::Static(c.into()), AttrValue::Static(label))
        })
        .collect()
}

/// The id of an enum value, for a select's value.
fn id_of<T: Into<&'static str>>(c: T) -> &'static str {
    c.into()
}

fn aiven_mut(s: &mut Scenario) -> Option<&mut AivenService> {
    match &mut s.platform {
        Platform::Aiven(a) => Some(a),
        _ => None,
    }
}
fn aws_mut(s: &mut Scenario) -> Option<&mut AwsBackup> {
    match &mut s.platform {
        Platform::Aws(a) => Some(a),
        _ => None,
    }
}
fn zilliz_mut(s: &mut Scenario) -> Option<&mut ZillizCluster> {
    match &mut s.platform {
        Platform::Zilliz(z) => Some(z),
        _ => None,
    }
}

#[function_component(ServiceEditor)]
pub fn service_editor() -> Html {
    let Some(ctx) = use_context::<AppContext>() else {
        return html! {};
    };
    // Hundreds of rules are shown a page at a time: each is a dozen
    // fields, and the page redraws what it shows on every keystroke.
    let all = use_state(|| false);
    match &ctx.scenario().platform {
        Platform::Aiven(a) => aiven(&ctx, a),
        Platform::Aws(a) => aws(&ctx, a, all),
        Platform::Zilliz(z) => zilliz(&ctx, z),
    }
}

/// How many rules or events the editors show before "Show all".
pub const SHOWN_ROWS: usize = 40;

/// The "Show all" / "Show fewer" switch of a long list, if it is one.
pub fn more_toggle(id: &str, total: usize, what: &str, all: &UseStateHandle<bool>) -> Html {
    if total <= SHOWN_ROWS {
        return html! {};
    }
    let toggle = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(!*all))
    };
    let label = if **all {
        format!("Show the first {SHOWN_ROWS} {what} only")
    } else {
        format!(
            "Show all {total} {what} ({} hidden; slower to edit)",
            total - SHOWN_ROWS
        )
    };
    html! { <button type="button" class="secondary small" id={id.to_string()} onclick={toggle}>{ label }</button> }
}

fn aiven(ctx: &AppContext, a: &AivenService) -> Html {
    let f = "platform.aiven";
    let primary = catalog::region(&a.cloud);
    let rule = PickerRule {
        provider: primary.map(|r| r.provider),
        exclude: primary.map(|r| r.cloud.to_string()),
        forbid_provider: None,
        only: None,
    };
    let enabled = !a.additional_backup_regions.is_empty();
    let secondary = a
        .additional_backup_regions
        .first()
        .cloned()
        .unwrap_or_default();
    let default_secondary = primary
        .and_then(|p| {
            catalog::regions_of(p.provider)
                .find(|r| r.cloud != p.cloud && r.continent == p.continent)
        })
        .map(|r| r.cloud.to_string())
        .unwrap_or_default();
    html! {
        <fieldset class="editor">
            <legend>{ "Aiven service" }</legend>
            <div class="grid2">
                <TextField id="aiven-project" label="Project" value={a.project.clone()} field={format!("{f}.project")}
                    on_change={ctx.edit(|s, v: String| if let Some(a) = aiven_mut(s) { a.project = v })} />
                <TextField id="aiven-service-name" label="Service name" value={a.service_name.clone()} field={format!("{f}.service_name")}
                    on_change={ctx.edit(|s, v: String| if let Some(a) = aiven_mut(s) { a.service_name = v })} />
                <SelectField id="aiven-service-type" label="Service type" value={a.service_type.clone()} field={format!("{f}.service_type")}
                    options={opts(&[("pg", "PostgreSQL (pg)"), ("mysql", "MySQL (mysql)"), ("opensearch", "OpenSearch (newer docs)"), ("cassandra", "Cassandra — no BTAR"), ("kafka", "Kafka — no BTAR"), ("redis", "Redis — no BTAR")])}
                    on_change={ctx.edit(|s, v: String| if let Some(a) = aiven_mut(s) { a.service_type = v })} />
                <TextField id="aiven-plan" label="Plan" value={a.plan.clone()} field={format!("{f}.plan")} placeholder="business-8"
                    on_change={ctx.edit(|s, v: String| if let Some(a) = aiven_mut(s) { a.plan = v })} />
            </div>
            <RegionPicker id="aiven-cloud" label="Service cloud and region" value={a.cloud.clone()} field={format!("{f}.cloud")}
                on_change={move_service(ctx, |s, v| if let Some(a) = aiven_mut(s) { a.cloud = v })} />
            <div class="field checkbox">
                <input id="aiven-btar" type="checkbox" checked={enabled}
                    onchange={ctx.edit(move |s, e: Event| {
                        let on = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
                        if let Some(a) = aiven_mut(s) {
                            a.additional_backup_regions = if on { vec![default_secondary.clone()] } else { Vec::new() };
                        }
                    })} />
                <label for="aiven-btar">{ "Backup to another region (additional_backup_regions)" }</label>
            </div>
            if enabled {
                <RegionPicker id="aiven-secondary" label="Additional backup region" value={secondary} field={format!("{f}.additional_backup_regions")}
                    rule={rule}
                    on_change={ctx.edit(|s, v: String| if let Some(a) = aiven_mut(s) { a.additional_backup_regions = vec![v] })} />
            } else {
                <Messages field={format!("{f}.additional_backup_regions")} />
            }
            <div class="grid3">
                <NumberField id="aiven-backup-hour" range={Range::HOUR} label="Backup hour" value={f64::from(a.backup_hour)} integer=true field={format!("{f}.backup_hour")}
                    on_change={ctx.edit(|s, v: f64| if let Some(a) = aiven_mut(s) { a.backup_hour = v.min(255.0) as u8 })} />
                <NumberField id="aiven-backup-minute" range={Range::MINUTE} label="Backup minute" value={f64::from(a.backup_minute)} integer=true field={format!("{f}.backup_minute")}
                    on_change={ctx.edit(|s, v: f64| if let Some(a) = aiven_mut(s) { a.backup_minute = v.min(255.0) as u8 })} />
                <NumberField id="aiven-backup-interval" range={Range::U32} label="Every" unit="hours" value={f64::from(a.backup_interval_hours)} integer=true field={format!("{f}.backup_interval_hours")}
                    on_change={ctx.edit(|s, v: f64| if let Some(a) = aiven_mut(s) { a.backup_interval_hours = v as u32 })} />
            </div>
            <p class="hint">{ "Retention follows the plan: hobbyist keeps one backup, startup 2 days, business 14, premium 30; PITR from startup up." }</p>
        </fieldset>
    }
}

fn lifecycle_fields(
    ctx: &AppContext,
    id: String,
    field: String,
    l: Option<AwsLifecycle>,
    set: impl Fn(&mut Scenario, Option<AwsLifecycle>) + Clone + 'static,
) -> Html {
    let l0 = l.unwrap_or_default();
    let set_cold = set.clone();
    html! {
        <div class="grid2">
            <OptNumberField id={format!("{id}-cold")} range={Range::U32} label="Cold after (days)" placeholder="never"
                value={l0.move_to_cold_storage_after_days.map(|v| v as f64)} field={format!("{field}.MoveToColdStorageAfterDays")}
                on_change={ctx.edit(move |s, v: Option<f64>| {
                    let mut n = l0;
                    n.move_to_cold_storage_after_days = v.map(|x| x as i64);
                    set_cold(s, (n != AwsLifecycle::default()).then_some(n));
                })} />
            <OptNumberField id={format!("{id}-delete")} range={Range::U32} label="Delete after (days)" placeholder="never"
                value={l0.delete_after_days.map(|v| v as f64)} field={format!("{field}.DeleteAfterDays")}
                on_change={ctx.edit(move |s, v: Option<f64>| {
                    let mut n = l0;
                    n.delete_after_days = v.map(|x| x as i64);
                    set(s, (n != AwsLifecycle::default()).then_some(n));
                })} />
        </div>
    }
}

fn aws(ctx: &AppContext, a: &AwsBackup, all: UseStateHandle<bool>) -> Html {
    let shown = if *all { usize::MAX } else { SHOWN_ROWS };
    let f = "platform.aws";
    let primary_cloud = format!("aws-{}", a.region);
    let dest_rule = PickerRule {
        provider: Some(Provider::Aws),
        exclude: Some(primary_cloud.clone()),
        forbid_provider: None,
        only: None,
    };
    let add_rule = ctx.step(|s, _: MouseEvent| {
        if let Some(a) = aws_mut(s) {
            let n = a.plan.rules.len() + 1;
            a.plan.rules.push(AwsBackupRule {
                rule_name: format!("Rule{n}"),
                target_backup_vault_name: a
                    .plan
                    .rules
                    .first()
                    .map(|r| r.target_backup_vault_name.clone())
                    .unwrap_or_else(|| "primary".into()),
                schedule_expression: Some("cron(0 3 * * ? *)".into()),
                schedule_expression_timezone: None,
                enable_continuous_backup: None,
                start_window_minutes: Some(60),
                completion_window_minutes: Some(180),
                lifecycle: Some(AwsLifecycle {
                    move_to_cold_storage_after_days: None,
                    delete_after_days: Some(30),
                }),
                copy_actions: Vec::new(),
            });
        }
    });
    html! {
        <fieldset class="editor">
            <legend>{ "AWS Backup plan" }</legend>
            <div class="grid2">
                <TextField id="aws-plan-name" label="BackupPlanName" value={a.plan.backup_plan_name.clone()} field={format!("{f}.plan.BackupPlanName")}
                    on_change={ctx.edit(|s, v: String| if let Some(a) = aws_mut(s) { a.plan.backup_plan_name = v })} />
                <TextField id="aws-account" label="Account id" value={a.account_id.clone()} field={format!("{f}.account_id")}
                    on_change={ctx.edit(|s, v: String| if let Some(a) = aws_mut(s) { a.account_id = v })} />
            </div>
            <RegionPicker id="aws-region" label="Plan region" value={primary_cloud} field={format!("{f}.region")}
                rule={PickerRule { provider: Some(Provider::Aws), ..Default::default() }}
                on_change={move_service(ctx, |s, v| if let Some(a) = aws_mut(s) {
                    a.region = catalog::region(&v).map(|r| r.id.to_string()).unwrap_or(v);
                })} />
            { for a.plan.rules.iter().enumerate().take(shown).map(|(i, r)| aws_rule(ctx, a, i, r, &dest_rule)) }
            { more_toggle("aws-rules-more", a.plan.rules.len(), "rules", &all) }
            <Messages field={format!("{f}.plan.Rules")} />
            <button type="button" class="secondary" onclick={add_rule}>{ "Add rule" }</button>
        </fieldset>
    }
}

fn aws_rule(
    ctx: &AppContext,
    a: &AwsBackup,
    i: usize,
    r: &AwsBackupRule,
    dest_rule: &PickerRule,
) -> Html {
    let rf = format!("platform.aws.plan.Rules[{i}]");
    let id = format!("aws-rule-{i}");
    let remove = ctx.step(move |s, _: MouseEvent| {
        if let Some(a) = aws_mut(s) {
            if i < a.plan.rules.len() {
                a.plan.rules.remove(i);
            }
        }
    });
    let add_copy = ctx.step(move |s, _: MouseEvent| {
        if let Some(a) = aws_mut(s) {
            let region = if a.region == "us-west-2" {
                "us-east-2"
            } else {
                "us-west-2"
            };
            let arn = VaultArn::format(region, &a.account_id, "dr-vault");
            if let Some(rule) = a.plan.rules.get_mut(i) {
                rule.copy_actions.push(AwsCopyAction {
                    destination_backup_vault_arn: arn,
                    lifecycle: rule.lifecycle,
                });
            }
        }
    });
    html! {
        <div class="rule" id={id.clone()}>
            <h4>{ format!("Rule {}: {}", i + 1, r.rule_name) }</h4>
            <div class="grid2">
                <TextField id={format!("{id}-name")} label="RuleName" value={r.rule_name.clone()} field={format!("{rf}.RuleName")}
                    on_change={ctx.edit(move |s, v: String| if let Some(rule) = aws_mut(s).and_then(|a| a.plan.rules.get_mut(i)) { rule.rule_name = v })} />
                <TextField id={format!("{id}-vault")} label="TargetBackupVaultName" value={r.target_backup_vault_name.clone()} field={format!("{rf}.TargetBackupVaultName")}
                    on_change={ctx.edit(move |s, v: String| if let Some(rule) = aws_mut(s).and_then(|a| a.plan.rules.get_mut(i)) { rule.target_backup_vault_name = v })} />
            </div>
            <TextField id={format!("{id}-schedule")} label="ScheduleExpression (UTC)" value={r.schedule_expression.clone().unwrap_or_default()} field={format!("{rf}.ScheduleExpression")}
                placeholder="cron(0 3 * * ? *)"
                on_change={ctx.edit(move |s, v: String| if let Some(rule) = aws_mut(s).and_then(|a| a.plan.rules.get_mut(i)) {
                    rule.schedule_expression = (!v.trim().is_empty()).then_some(v);
                })} />
            <div class="grid2">
                <OptNumberField id={format!("{id}-start")} range={Range::U32} label="StartWindowMinutes" value={r.start_window_minutes.map(|v| v as f64)} field={format!("{rf}.StartWindowMinutes")}
                    on_change={ctx.edit(move |s, v: Option<f64>| if let Some(rule) = aws_mut(s).and_then(|a| a.plan.rules.get_mut(i)) { rule.start_window_minutes = v.map(|x| x as i64) })} />
                <OptNumberField id={format!("{id}-completion")} range={Range::U32} label="CompletionWindowMinutes" value={r.completion_window_minutes.map(|v| v as f64)} field={format!("{rf}.CompletionWindowMinutes")}
                    on_change={ctx.edit(move |s, v: Option<f64>| if let Some(rule) = aws_mut(s).and_then(|a| a.plan.rules.get_mut(i)) { rule.completion_window_minutes = v.map(|x| x as i64) })} />
            </div>
            <p class="sub">{ "Lifecycle in the plan's region" }</p>
            { lifecycle_fields(ctx, format!("{id}-lc"), format!("{rf}.Lifecycle"), r.lifecycle, move |s, l| if let Some(rule) = aws_mut(s).and_then(|a| a.plan.rules.get_mut(i)) { rule.lifecycle = l }) }
            { for r.copy_actions.iter().enumerate().map(|(j, c)| aws_copy(ctx, a, i, j, c, dest_rule)) }
            <div class="row">
                <button type="button" class="secondary" onclick={add_copy}>{ "Add copy to another region" }</button>
                <button type="button" class="secondary danger" onclick={remove}>{ "Remove rule" }</button>
            </div>
        </div>
    }
}

fn aws_copy(
    ctx: &AppContext,
    a: &AwsBackup,
    i: usize,
    j: usize,
    c: &AwsCopyAction,
    dest_rule: &PickerRule,
) -> Html {
    let cf = format!("platform.aws.plan.Rules[{i}].CopyActions[{j}]");
    let id = format!("aws-rule-{i}-copy-{j}");
    let arn = VaultArn::parse(&c.destination_backup_vault_arn);
    let region_cloud = arn
        .as_ref()
        .map(|a| format!("aws-{}", a.region))
        .unwrap_or_default();
    let vault_name = arn.as_ref().map(|a| a.name.clone()).unwrap_or_default();
    let policy = arn
        .as_ref()
        .and_then(|arn| {
            a.vaults
                .iter()
                .find(|v| v.name == arn.name && v.region == arn.region)
        })
        .map(|v| v.access_policy)
        .unwrap_or(VaultPolicy::Unknown);
    let set_arn = move |s: &mut Scenario, region: Option<String>, name: Option<String>| {
        if let Some(a) = aws_mut(s) {
            let account = a.account_id.clone();
            if let Some(c) = a
                .plan
                .rules
                .get_mut(i)
                .and_then(|r| r.copy_actions.get_mut(j))
            {
                let old = VaultArn::parse(&c.destination_backup_vault_arn);
                let region = region
                    .or(old.as_ref().map(|o| o.region.clone()))
                    .unwrap_or_default();
                let name = name
                    .or(old.map(|o| o.name))
                    .unwrap_or_else(|| "dr-vault".into());
                c.destination_backup_vault_arn = VaultArn::format(&region, &account, &name);
            }
        }
    };
    let set_arn2 = set_arn;
    html! {
        <div class="copy-action" id={id.clone()}>
            <p class="sub">{ format!("Copy {} → ", j + 1) }<code>{ &c.destination_backup_vault_arn }</code></p>
            <Messages field={format!("{cf}.DestinationBackupVaultArn")} />
            <RegionPicker id={format!("{id}-region")} label="Destination region" value={region_cloud} field={format!("{cf}.region")} rule={dest_rule.clone()}
                on_change={ctx.edit(move |s, v: String| set_arn(s, catalog::region(&v).map(|r| r.id.to_string()), None))} />
            <div class="grid2">
                <TextField id={format!("{id}-vault")} label="Destination vault" value={vault_name.clone()} field={format!("{cf}.vault")}
                    on_change={ctx.edit(move |s, v: String| set_arn2(s, None, Some(v)))} />
                <SelectField id={format!("{id}-policy")} label="Vault access policy" field={format!("{cf}.policy")}
                    value={id_of(policy)}
                    options={choices::<VaultPolicy>()}
                    on_change={ctx.edit(move |s, v: String| {
                        if let Some(a) = aws_mut(s) {
                            let Some(arn) = a.plan.rules.get(i).and_then(|r| r.copy_actions.get(j)).and_then(|c| VaultArn::parse(&c.destination_backup_vault_arn)) else { return };
                            let Ok(p) = v.parse::<VaultPolicy>() else { return };
                            match a.vaults.iter_mut().find(|x| x.name == arn.name && x.region == arn.region) {
                                Some(vault) => vault.access_policy = p,
                                None => a.vaults.push(AwsVault { name: arn.name, region: arn.region, kms_key_arn: None, access_policy: p }),
                            }
                        }
                    })} />
            </div>
            <p class="sub">{ "Lifecycle of the copy (empty: inherits the rule's)" }</p>
            { lifecycle_fields(ctx, format!("{id}-lc"), format!("{cf}.Lifecycle"), c.lifecycle, move |s, l| if let Some(c) = aws_mut(s).and_then(|a| a.plan.rules.get_mut(i)).and_then(|r| r.copy_actions.get_mut(j)) { c.lifecycle = l }) }
            <button type="button" class="secondary danger" onclick={ctx.step(move |s, _: MouseEvent| if let Some(r) = aws_mut(s).and_then(|a| a.plan.rules.get_mut(i)) { if j < r.copy_actions.len() { r.copy_actions.remove(j); } })}>{ "Remove copy" }</button>
        </div>
    }
}

fn zilliz(ctx: &AppContext, z: &ZillizCluster) -> Html {
    let f = "platform.zilliz";
    let primary = catalog::region(&z.region);
    let target_rule = PickerRule {
        provider: primary.map(|r| r.provider),
        exclude: primary.map(|r| r.cloud.to_string()),
        forbid_provider: Some((
            Provider::Azure,
            "Zilliz does not support cross-region backup on Azure",
        )),
        only: None,
    };
    let (mode, manual) = match &z.backups {
        ZillizBackups::Manual { at } => ("manual", Some(at.clone())),
        ZillizBackups::Scheduled { .. } => ("scheduled", None),
    };
    let add_target = ctx.step(|s, _: MouseEvent| {
        if let Some(z) = zilliz_mut(s) {
            let primary = catalog::region(&z.region);
            let taken: Vec<String> = z
                .targets
                .iter()
                .map(|t| crate::domain::scenario::canonical(&t.region))
                .collect();
            let pick = primary.and_then(|p| {
                catalog::regions_of(p.provider)
                    .find(|r| r.cloud != p.cloud && !taken.iter().any(|t| t == r.cloud))
            });
            let scheduled = matches!(z.backups, ZillizBackups::Scheduled { .. });
            z.targets.push(ZillizTarget {
                region: pick.map(|r| r.cloud.to_string()).unwrap_or_default(),
                retention_days: scheduled.then_some(7),
            });
        }
    });
    html! {
        <fieldset class="editor">
            <legend>{ "Zilliz Cloud cluster" }</legend>
            <div class="grid2">
                <TextField id="zilliz-name" label="Cluster name" value={z.cluster_name.clone()} field={format!("{f}.cluster_name")}
                    on_change={ctx.edit(|s, v: String| if let Some(z) = zilliz_mut(s) { z.cluster_name = v })} />
                <SelectField id="zilliz-tier" label="Tier" field={format!("{f}.tier")}
                    value={id_of(z.tier)}
                    options={choices::<ZillizTier>()}
                    on_change={ctx.edit(|s, v: String| if let (Some(z), Ok(t)) = (zilliz_mut(s), v.parse::<ZillizTier>()) { z.tier = t })} />
                <SelectField id="zilliz-role" label="Your role" field={format!("{f}.role")}
                    value={id_of(z.role)}
                    options={choices::<ZillizRole>()}
                    on_change={ctx.edit(|s, v: String| if let (Some(z), Ok(r)) = (zilliz_mut(s), v.parse::<ZillizRole>()) { z.role = r })} />
                <SelectField id="zilliz-mode" label="Backups" field={format!("{f}.backups")} value={mode}
                    options={opts(&[("manual", "Manual (copies kept permanently)"), ("scheduled", "Scheduled (retention per region)")])}
                    on_change={ctx.edit(|s, v: String| {
                        let start = s.simulation.start;
                        let Some(z) = zilliz_mut(s) else { return };
                        z.backups = match v.as_str() {
                            "manual" => ZillizBackups::Manual { at: vec![start] },
                            "scheduled" => {
                                for t in &mut z.targets { t.retention_days.get_or_insert(7); }
                                ZillizBackups::Scheduled { interval_hours: 24, hour: 2, retention_days: 7, weekdays: Vec::new() }
                            }
                            _ => return,
                        };
                    })} />
            </div>
            <RegionPicker id="zilliz-region" label="Cluster region" value={z.region.clone()} field={format!("{f}.region")}
                rule={PickerRule { forbid_provider: Some((Provider::Azure, "Zilliz does not support cross-region backup on Azure")), ..Default::default() }}
                on_change={move_service(ctx, |s, v| if let Some(z) = zilliz_mut(s) { z.region = v })} />
            if let ZillizBackups::Scheduled { interval_hours, hour, retention_days, weekdays } = &z.backups {
                <div class="grid3">
                    <NumberField id="zilliz-interval" range={Range::U32} label="Every" unit="hours" integer=true value={f64::from(*interval_hours)} field={format!("{f}.backups.scheduled.interval_hours")}
                        on_change={ctx.edit(|s, v: f64| if let Some(ZillizBackups::Scheduled { interval_hours, .. }) = zilliz_mut(s).map(|z| &mut z.backups) { *interval_hours = v as u32 })} />
                    <NumberField id="zilliz-hour" range={Range::HOUR} label="At hour" integer=true value={f64::from(*hour)} field={format!("{f}.backups.scheduled.hour")}
                        on_change={ctx.edit(|s, v: f64| if let Some(ZillizBackups::Scheduled { hour, .. }) = zilliz_mut(s).map(|z| &mut z.backups) { *hour = v.min(255.0) as u8 })} />
                    <NumberField id="zilliz-retention" range={Range::U32} label="Kept" unit="days" integer=true value={f64::from(*retention_days)} field={format!("{f}.backups.scheduled.retention_days")}
                        on_change={ctx.edit(|s, v: f64| if let Some(ZillizBackups::Scheduled { retention_days, .. }) = zilliz_mut(s).map(|z| &mut z.backups) { *retention_days = v as u32 })} />
                </div>
                // Zilliz's policy `frequency`: a word that is no weekday is
                // kept as 0, which validation names, rather than dropped.
                <TextField id="zilliz-weekdays" label="Only on weekdays (1 = Mon … 7 = Sun, e.g. 1,3,5; empty: every interval)" value={weekdays.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(",")} field={format!("{f}.backups.scheduled.weekdays")}
                    on_change={ctx.edit(|s, v: String| if let Some(ZillizBackups::Scheduled { weekdays, .. }) = zilliz_mut(s).map(|z| &mut z.backups) {
                        *weekdays = v.split(',').map(str::trim).filter(|x| !x.is_empty()).map(|x| x.parse::<u8>().unwrap_or(0)).collect();
                    })} />
            }
            if let Some(at) = manual {
                <p class="sub">{ format!("{} manual backup(s); edit their times in the scenario file or import", at.len()) }</p>
                <Messages field={format!("{f}.backups.manual")} />
            }
            { for z.targets.iter().enumerate().map(|(i, t)| html! {
                <div class="copy-action" id={format!("zilliz-target-{i}")}>
                    <RegionPicker id={format!("zilliz-target-{i}-region")} label={format!("Target region {}", i + 1)} value={t.region.clone()} field={format!("{f}.targets[{i}].region")}
                        rule={target_rule.clone()}
                        on_change={ctx.edit(move |s, v: String| if let Some(t) = zilliz_mut(s).and_then(|z| z.targets.get_mut(i)) { t.region = v })} />
                    if mode == "scheduled" {
                        <OptNumberField id={format!("zilliz-target-{i}-retention")} range={Range::U32} label="Copies kept (days)" value={t.retention_days.map(f64::from)} field={format!("{f}.targets[{i}].retention_days")}
                            on_change={ctx.edit(move |s, v: Option<f64>| if let Some(t) = zilliz_mut(s).and_then(|z| z.targets.get_mut(i)) { t.retention_days = v.map(|x| x as u32) })} />
                    }
                    <button type="button" class="secondary danger" onclick={ctx.step(move |s, _: MouseEvent| if let Some(z) = zilliz_mut(s) { if i < z.targets.len() { z.targets.remove(i); } })}>{ "Remove target" }</button>
                </div>
            }) }
            <Messages field={format!("{f}.targets")} />
            <button type="button" class="secondary" onclick={add_target}>{ "Add target region" }</button>
        </fieldset>
    }
}

/// The callback of a service-region picker: sets the region, then moves
/// what depended on the old one (its own undo step, told in the notice).
fn move_service(ctx: &AppContext, set: fn(&mut Scenario, String)) -> Callback<String> {
    let dispatch = ctx.dispatch.clone();
    let old = ctx
        .scenario()
        .primary_region()
        .map(|r| r.cloud.to_string())
        .unwrap_or_default();
    Callback::from(move |v: String| {
        dispatch.dispatch(Action::edit(move |s| set(s, v)));
        dispatch.dispatch(Action::Follow { old: old.clone() });
    })
}
