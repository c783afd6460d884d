//! A plan's edits written back into the user's own Terraform file: only
//! the attributes that changed are rewritten (with `hcl-edit`, which keeps
//! every comment, space and line of the rest), so the file stays the
//! user's: its variables, other resources, names and provider blocks as
//! they were. With no change the text comes back byte for byte.

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Attribute, Block, Body};
use hcl_edit::{Decorate, Ident};

use crate::domain::scenario::{AwsBackup, AwsBackupRule, AwsLifecycle, Platform, Scenario};

/// Why the edit cannot be written into the file, naming the place.
pub type OntoError = String;

fn refuse(message: String) -> OntoError {
    message
}

/// `text` (the Terraform file `was` was read from) with the differences of
/// `now` from `was` written into its `aws_backup_plan`.
pub fn onto(text: &str, was: &Scenario, now: &Scenario) -> Result<String, OntoError> {
    let (Platform::Aws(a0), Platform::Aws(a1)) = (&was.platform, &now.platform) else {
        return Err(refuse(
            "--onto edits an AWS Backup plan in Terraform: the file or the scenario is not one"
                .into(),
        ));
    };
    if a0.plan == a1.plan {
        return Ok(text.to_string());
    }
    let mut body: Body =
        hcl_edit::parser::parse_body(text).map_err(|e| format!("Terraform syntax error: {e}"))?;
    let plan = body
        .get_blocks_mut("resource")
        .find(|b| b.labels.first().map(|l| l.as_str()) == Some("aws_backup_plan"))
        .ok_or_else(|| refuse("the file has no aws_backup_plan resource to edit".into()))?;
    let label = plan
        .labels
        .get(1)
        .map_or("plan".to_string(), |l| l.as_str().to_string());
    let at = format!("aws_backup_plan.{label}");
    edit_plan(&mut plan.body, a0, a1, &at)?;
    Ok(body.to_string())
}

fn edit_plan(body: &mut Body, a0: &AwsBackup, a1: &AwsBackup, at: &str) -> Result<(), OntoError> {
    set_str(
        body,
        "name",
        Some(&a0.plan.backup_plan_name),
        Some(&a1.plan.backup_plan_name),
        at,
    )?;
    for r in &a1.plan.rules {
        if !a0.plan.rules.iter().any(|x| x.rule_name == r.rule_name) {
            return Err(refuse(format!(
                "rule {} is new: --onto edits the file's own rules (add the rule block to the file, then export onto it)",
                r.rule_name
            )));
        }
    }
    // Rule blocks by their literal rule_name; a removed rule's block goes.
    let mut gone = Vec::new();
    for (i, st) in body.iter().enumerate() {
        if let Some(b) = st.as_block() {
            if b.has_ident("rule") {
                if let Some(name) = literal_str(&b.body, "rule_name") {
                    if !a1.plan.rules.iter().any(|r| r.rule_name == name) {
                        gone.push(i);
                    }
                }
            }
        }
    }
    for i in gone.into_iter().rev() {
        body.remove(i);
    }
    for new in &a1.plan.rules {
        let Some(old) = a0.plan.rules.iter().find(|x| x.rule_name == new.rule_name) else {
            continue;
        };
        if old == new {
            continue;
        }
        let ra = format!("{at}.rule[{}]", new.rule_name);
        let block = body
            .get_blocks_mut("rule")
            .find(|b| literal_str(&b.body, "rule_name").as_deref() == Some(new.rule_name.as_str()))
            .ok_or_else(|| {
                refuse(format!(
                    "{ra}: its rule_name is not a literal string in the file (a variable or a dynamic block): edit it there"
                ))
            })?;
        edit_rule(&mut block.body, old, new, &ra)?;
    }
    Ok(())
}

fn edit_rule(
    body: &mut Body,
    old: &AwsBackupRule,
    new: &AwsBackupRule,
    at: &str,
) -> Result<(), OntoError> {
    set_str(
        body,
        "target_vault_name",
        Some(&old.target_backup_vault_name),
        Some(&new.target_backup_vault_name),
        at,
    )?;
    set_str(
        body,
        "schedule",
        old.schedule_expression.as_deref(),
        new.schedule_expression.as_deref(),
        at,
    )?;
    set_str(
        body,
        "schedule_expression_timezone",
        old.schedule_expression_timezone.as_deref(),
        new.schedule_expression_timezone.as_deref(),
        at,
    )?;
    set_num(
        body,
        "start_window",
        old.start_window_minutes,
        new.start_window_minutes,
        at,
    )?;
    set_num(
        body,
        "completion_window",
        old.completion_window_minutes,
        new.completion_window_minutes,
        at,
    )?;
    set_bool(
        body,
        "enable_continuous_backup",
        old.enable_continuous_backup,
        new.enable_continuous_backup,
        at,
    )?;
    edit_lifecycle(body, old.lifecycle.as_ref(), new.lifecycle.as_ref(), at)?;
    if old.copy_actions.len() != new.copy_actions.len() {
        return Err(refuse(format!(
            "{at}: copy actions added or removed ({} → {}): --onto edits the file's own copy_action blocks (add or remove the block in the file, then export onto it)",
            old.copy_actions.len(),
            new.copy_actions.len()
        )));
    }
    let blocks: Vec<&mut Block> = body.get_blocks_mut("copy_action").collect();
    if blocks.len() != new.copy_actions.len() {
        return Err(refuse(format!(
            "{at}: the file's copy actions are made by a dynamic block: edit them there"
        )));
    }
    for (k, (b, (o, n))) in blocks
        .into_iter()
        .zip(old.copy_actions.iter().zip(&new.copy_actions))
        .enumerate()
    {
        if o == n {
            continue;
        }
        let ca = format!("{at}.copy_action[{k}]");
        set_str(
            &mut b.body,
            "destination_vault_arn",
            Some(&o.destination_backup_vault_arn),
            Some(&n.destination_backup_vault_arn),
            &ca,
        )?;
        edit_lifecycle(&mut b.body, o.lifecycle.as_ref(), n.lifecycle.as_ref(), &ca)?;
    }
    Ok(())
}

fn edit_lifecycle(
    body: &mut Body,
    old: Option<&AwsLifecycle>,
    new: Option<&AwsLifecycle>,
    at: &str,
) -> Result<(), OntoError> {
    if old == new {
        return Ok(());
    }
    let cold = |l: Option<&AwsLifecycle>| l.and_then(|l| l.move_to_cold_storage_after_days);
    let delete = |l: Option<&AwsLifecycle>| l.and_then(|l| l.delete_after_days);
    let la = format!("{at}.lifecycle");
    if body.get_blocks_mut("lifecycle").next().is_none() {
        // No block yet: one is added after the body's last line.
        let mut b = Block::new(Ident::new("lifecycle"));
        if let Some(d) = cold(new) {
            b.body
                .push(Attribute::new(Ident::new("cold_storage_after"), d));
        }
        if let Some(d) = delete(new) {
            b.body.push(Attribute::new(Ident::new("delete_after"), d));
        }
        body.push(b);
        return Ok(());
    }
    let Some(block) = body.get_blocks_mut("lifecycle").next() else {
        return Ok(());
    };
    set_num(
        &mut block.body,
        "cold_storage_after",
        cold(old),
        cold(new),
        &la,
    )?;
    set_num(
        &mut block.body,
        "delete_after",
        delete(old),
        delete(new),
        &la,
    )
}

/// A string attribute's literal value.
fn literal_str(body: &Body, key: &str) -> Option<String> {
    body.get_attribute(key)
        .and_then(|a| a.value.as_str().map(str::to_string))
}

/// Writes `new` as `key`'s value when it differs from `old`: in place,
/// keeping the spaces and comment around the value, when the file writes
/// a literal there; a new attribute (indented as its neighbours) when the
/// file has none; removed when `new` is none. An attribute the file writes
/// as an expression (a variable, a reference) is not rewritten: the error
/// names it.
fn set(
    body: &mut Body,
    key: &str,
    changed: bool,
    new: Option<Expression>,
    at: &str,
) -> Result<(), OntoError> {
    if !changed {
        return Ok(());
    }
    let indent = body
        .attributes()
        .next()
        .and_then(|a| a.decor().prefix().map(|p| p.to_string()));
    match (body.get_attribute_mut(key), new) {
        (Some(mut attr), Some(value)) => {
            let literal = matches!(
                attr.get().value,
                Expression::String(_) | Expression::Number(_) | Expression::Bool(_)
            );
            if !literal {
                return Err(refuse(format!(
                    "{at}.{key} is `{}` in the file, not a literal: change it there (the variable or the expression), then export onto it",
                    attr.get().value.to_string().trim()
                )));
            }
            let decor = attr.value_mut().decor().clone();
            let mut value = value;
            *value.decor_mut() = decor;
            *attr.value_mut() = value;
        }
        (None, Some(value)) => {
            let mut a = Attribute::new(Ident::new(key), value);
            if let Some(p) = indent {
                a.decor_mut().set_prefix(p);
            }
            value_spacing(&mut a);
            body.push(a);
        }
        (Some(_), None) => {
            body.remove_attribute(key);
        }
        (None, None) => {}
    }
    Ok(())
}

/// `key = value` with a space on each side of `=`.
fn value_spacing(a: &mut Attribute) {
    a.value.decor_mut().set_prefix(" ");
}

fn set_str(
    body: &mut Body,
    key: &str,
    old: Option<&str>,
    new: Option<&str>,
    at: &str,
) -> Result<(), OntoError> {
    set(body, key, old != new, new.map(Expression::from), at)
}

fn set_num(
    body: &mut Body,
    key: &str,
    old: Option<i64>,
    new: Option<i64>,
    at: &str,
) -> Result<(), OntoError> {
    set(body, key, old != new, new.map(Expression::from), at)
}

fn set_bool(
    body: &mut Body,
    key: &str,
    old: Option<bool>,
    new: Option<bool>,
    at: &str,
) -> Result<(), OntoError> {
    set(body, key, old != new, new.map(Expression::from), at)
}
