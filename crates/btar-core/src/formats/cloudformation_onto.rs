//! A plan's edits written back into the user's own CloudFormation
//! template (YAML or JSON): the template is parsed with positions
//! (`yaml-rust2`'s event parser) and only the scalars of the
//! `AWS::Backup::BackupPlan` that changed are replaced in the text, so every
//! other byte (comments, order, quoting, other resources) stays. With no
//! change the text comes back byte for byte.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

use crate::domain::scenario::{AwsBackupRule, AwsLifecycle, Platform, Scenario};

/// Why the edit cannot be written into the template, naming the place.
pub type OntoError = String;

/// The deepest a template may nest for this reader.
const MAX_DEPTH: usize = 128;

enum Node {
    /// A scalar: its value, whether it carries a tag (`!Ref`), its style,
    /// and its byte span in the text.
    Scalar {
        value: String,
        tagged: bool,
        style: TScalarStyle,
        span: (usize, usize),
    },
    Map(Vec<(String, Node)>),
    Seq(Vec<Node>),
    /// A tagged collection or an alias: an expression, not a value.
    Other,
}

impl Node {
    fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn str(&self) -> Option<&str> {
        match self {
            Node::Scalar {
                value,
                tagged: false,
                ..
            } => Some(value),
            _ => None,
        }
    }
}

struct Reader<'a> {
    parser: Parser<std::str::Chars<'a>>,
    text: &'a str,
    /// Byte offset of each char index.
    bytes: Vec<usize>,
}

impl Reader<'_> {
    fn next(&mut self) -> Result<(Event, usize), OntoError> {
        let (ev, mark) = self
            .parser
            .next_token()
            .map_err(|e| format!("YAML syntax error: {e}"))?;
        let at = self
            .bytes
            .get(mark.index())
            .copied()
            .unwrap_or(self.text.len());
        Ok((ev, at))
    }

    fn node(&mut self, first: (Event, usize), depth: usize) -> Result<Node, OntoError> {
        if depth > MAX_DEPTH {
            return Err(format!("the template nests deeper than {MAX_DEPTH} levels"));
        }
        match first {
            (Event::Scalar(value, style, _, tag), at) => {
                let span = scalar_span(self.text, at, style, &value)?;
                Ok(Node::Scalar {
                    value,
                    tagged: tag.is_some(),
                    style,
                    span,
                })
            }
            (Event::MappingStart(_, tag), _) => {
                let mut m = Vec::new();
                loop {
                    let ev = self.next()?;
                    if matches!(ev.0, Event::MappingEnd) {
                        break;
                    }
                    let key = match self.node(ev, depth + 1)? {
                        Node::Scalar { value, .. } => value,
                        _ => String::new(),
                    };
                    let v = self.next()?;
                    let value = self.node(v, depth + 1)?;
                    m.push((key, value));
                }
                Ok(if tag.is_some() {
                    Node::Other
                } else {
                    Node::Map(m)
                })
            }
            (Event::SequenceStart(_, tag), _) => {
                let mut s = Vec::new();
                loop {
                    let ev = self.next()?;
                    if matches!(ev.0, Event::SequenceEnd) {
                        break;
                    }
                    s.push(self.node(ev, depth + 1)?);
                }
                Ok(if tag.is_some() {
                    Node::Other
                } else {
                    Node::Seq(s)
                })
            }
            _ => Ok(Node::Other),
        }
    }
}

/// The byte span of a scalar that starts at `at`: to its closing quote, or
/// its plain text when that is written on one line as its value.
fn scalar_span(
    text: &str,
    at: usize,
    style: TScalarStyle,
    value: &str,
) -> Result<(usize, usize), OntoError> {
    let rest = text.get(at..).unwrap_or("");
    let end = match style {
        TScalarStyle::DoubleQuoted => {
            let mut escaped = false;
            rest.char_indices()
                .skip(1)
                .find(|&(_, c)| {
                    let close = c == '"' && !escaped;
                    escaped = c == '\\' && !escaped;
                    close
                })
                .map(|(i, _)| i + 1)
        }
        TScalarStyle::SingleQuoted => {
            let b = rest.as_bytes();
            let mut i = 1;
            let mut found = None;
            while i < b.len() {
                if b[i] == b'\'' {
                    if b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    found = Some(i + 1);
                    break;
                }
                i += 1;
            }
            found
        }
        _ => rest.starts_with(value).then_some(value.len()),
    };
    // A span the reader cannot bound (folded or multi-line text) is marked
    // empty: such a value is refused if it must change.
    Ok(end.map_or((at, at), |e| (at, at + e)))
}

/// `text` (the template `was` was read from) with the differences of `now`
/// from `was` written into its `AWS::Backup::BackupPlan`.
pub fn onto(text: &str, was: &Scenario, now: &Scenario) -> Result<String, OntoError> {
    let (Platform::Aws(a0), Platform::Aws(a1)) = (&was.platform, &now.platform) else {
        return Err("--onto edits an AWS Backup plan in a template: the template or the scenario is not one".into());
    };
    if a0.plan == a1.plan {
        return Ok(text.to_string());
    }
    let mut r = Reader {
        parser: Parser::new_from_str(text),
        text,
        bytes: text.char_indices().map(|(i, _)| i).collect(),
    };
    // StreamStart, DocumentStart, then the document's root.
    let mut root = None;
    loop {
        let ev = r.next()?;
        match ev.0 {
            Event::StreamStart | Event::DocumentStart => continue,
            Event::StreamEnd | Event::DocumentEnd => break,
            _ => {
                root = Some(r.node(ev, 0)?);
                break;
            }
        }
    }
    let root = root.ok_or("the template is empty")?;
    let Some(Node::Map(resources)) = root.get("Resources") else {
        return Err("the template has no Resources".into());
    };
    let (id, plan) = resources
        .iter()
        .find(|(_, r)| r.get("Type").and_then(Node::str) == Some("AWS::Backup::BackupPlan"))
        .ok_or("the template has no AWS::Backup::BackupPlan to edit")?;
    let at = format!("Resources.{id}.Properties.BackupPlan");
    let plan = plan
        .get("Properties")
        .and_then(|p| p.get("BackupPlan"))
        .ok_or_else(|| format!("{at} is missing"))?;
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut e = Edits {
        text,
        out: &mut edits,
    };
    e.str(
        plan.get("BackupPlanName"),
        &a0.plan.backup_plan_name,
        &a1.plan.backup_plan_name,
        &format!("{at}.BackupPlanName"),
    )?;
    if a0.plan.rules.len() != a1.plan.rules.len()
        || a1
            .plan
            .rules
            .iter()
            .any(|r| !a0.plan.rules.iter().any(|x| x.rule_name == r.rule_name))
    {
        return Err(format!(
            "{at}.BackupPlanRule: rules added, removed or renamed: --onto edits the template's own rules (change them in the template, then export onto it)"
        ));
    }
    let Some(Node::Seq(rules)) = plan.get("BackupPlanRule") else {
        return Err(format!("{at}.BackupPlanRule is not a list in the template"));
    };
    for new in &a1.plan.rules {
        let Some(old) = a0.plan.rules.iter().find(|x| x.rule_name == new.rule_name) else {
            continue;
        };
        if old == new {
            continue;
        }
        let (i, node) = rules
            .iter()
            .enumerate()
            .find(|(_, n)| n.get("RuleName").and_then(Node::str) == Some(new.rule_name.as_str()))
            .ok_or_else(|| {
                format!(
                    "{at}.BackupPlanRule: rule {} is not named by a literal RuleName in the template: edit it there",
                    new.rule_name
                )
            })?;
        e.rule(node, old, new, &format!("{at}.BackupPlanRule[{i}]"))?;
    }
    edits.sort_by_key(|x| std::cmp::Reverse(x.0));
    let mut out = text.to_string();
    for (a, b, with) in edits {
        out.replace_range(a..b, &with);
    }
    Ok(out)
}

struct Edits<'a, 'b> {
    text: &'a str,
    out: &'b mut Vec<(usize, usize, String)>,
}

impl Edits<'_, '_> {
    /// Replaces the scalar at `node` with `new` (written as the old one
    /// was: plain, or quoted the same way).
    fn set(
        &mut self,
        node: Option<&Node>,
        new: &str,
        number: bool,
        at: &str,
    ) -> Result<(), OntoError> {
        match node {
            Some(Node::Scalar {
                tagged: false,
                style,
                span: (a, b),
                ..
            }) if b > a => {
                let written = match style {
                    TScalarStyle::DoubleQuoted => {
                        serde_json::to_string(new).unwrap_or_default()
                    }
                    TScalarStyle::SingleQuoted => format!("'{}'", new.replace('\'', "''")),
                    _ if number || plain_safe(new) => new.to_string(),
                    _ => serde_json::to_string(new).unwrap_or_default(),
                };
                self.out.push((*a, *b, written));
                Ok(())
            }
            Some(Node::Scalar { tagged: false, .. }) => Err(format!(
                "{at} is written over several lines in the template: change it there"
            )),
            Some(_) => Err(format!(
                "{at} is an expression in the template (a Ref, a Sub, a GetAtt): change it there, then export onto it"
            )),
            None => Err(format!(
                "{at} is not in the template: add it there (any value), then export onto it"
            )),
        }
    }

    fn str(
        &mut self,
        node: Option<&Node>,
        old: &str,
        new: &str,
        at: &str,
    ) -> Result<(), OntoError> {
        if old == new {
            return Ok(());
        }
        self.set(node, new, false, at)
    }

    fn opt(
        &mut self,
        node: Option<&Node>,
        old: Option<String>,
        new: Option<String>,
        number: bool,
        at: &str,
    ) -> Result<(), OntoError> {
        match (old, new) {
            (o, n) if o == n => Ok(()),
            (_, Some(n)) => self.set(node, &n, number, at),
            (Some(_), None) => Err(format!(
                "{at} is no longer set: remove it from the template, then export onto it"
            )),
            (None, None) => Ok(()),
        }
    }

    fn rule(
        &mut self,
        node: &Node,
        old: &AwsBackupRule,
        new: &AwsBackupRule,
        at: &str,
    ) -> Result<(), OntoError> {
        let n = |v: Option<i64>| v.map(|x| x.to_string());
        self.str(
            node.get("TargetBackupVault"),
            &old.target_backup_vault_name,
            &new.target_backup_vault_name,
            &format!("{at}.TargetBackupVault"),
        )?;
        self.opt(
            node.get("ScheduleExpression"),
            old.schedule_expression.clone(),
            new.schedule_expression.clone(),
            false,
            &format!("{at}.ScheduleExpression"),
        )?;
        self.opt(
            node.get("ScheduleExpressionTimezone"),
            old.schedule_expression_timezone.clone(),
            new.schedule_expression_timezone.clone(),
            false,
            &format!("{at}.ScheduleExpressionTimezone"),
        )?;
        self.opt(
            node.get("StartWindowMinutes"),
            n(old.start_window_minutes),
            n(new.start_window_minutes),
            true,
            &format!("{at}.StartWindowMinutes"),
        )?;
        self.opt(
            node.get("CompletionWindowMinutes"),
            n(old.completion_window_minutes),
            n(new.completion_window_minutes),
            true,
            &format!("{at}.CompletionWindowMinutes"),
        )?;
        self.opt(
            node.get("EnableContinuousBackup"),
            old.enable_continuous_backup.map(|b| b.to_string()),
            new.enable_continuous_backup.map(|b| b.to_string()),
            true,
            &format!("{at}.EnableContinuousBackup"),
        )?;
        self.lifecycle(
            node.get("Lifecycle"),
            old.lifecycle.as_ref(),
            new.lifecycle.as_ref(),
            &format!("{at}.Lifecycle"),
        )?;
        if old.copy_actions.len() != new.copy_actions.len() {
            return Err(format!(
                "{at}.CopyActions: copy actions added or removed: change them in the template, then export onto it"
            ));
        }
        let list = match node.get("CopyActions") {
            Some(Node::Seq(l)) => l.as_slice(),
            _ => &[],
        };
        for (k, (o, nw)) in old.copy_actions.iter().zip(&new.copy_actions).enumerate() {
            if o == nw {
                continue;
            }
            let ca = format!("{at}.CopyActions[{k}]");
            let c = list.get(k);
            self.str(
                c.and_then(|c| c.get("DestinationBackupVaultArn")),
                &o.destination_backup_vault_arn,
                &nw.destination_backup_vault_arn,
                &format!("{ca}.DestinationBackupVaultArn"),
            )?;
            self.lifecycle(
                c.and_then(|c| c.get("Lifecycle")),
                o.lifecycle.as_ref(),
                nw.lifecycle.as_ref(),
                &format!("{ca}.Lifecycle"),
            )?;
        }
        Ok(())
    }

    fn lifecycle(
        &mut self,
        node: Option<&Node>,
        old: Option<&AwsLifecycle>,
        new: Option<&AwsLifecycle>,
        at: &str,
    ) -> Result<(), OntoError> {
        if old == new {
            return Ok(());
        }
        let cold = |l: Option<&AwsLifecycle>| {
            l.and_then(|l| l.move_to_cold_storage_after_days)
                .map(|d| d.to_string())
        };
        let delete =
            |l: Option<&AwsLifecycle>| l.and_then(|l| l.delete_after_days).map(|d| d.to_string());
        self.opt(
            node.and_then(|n| n.get("MoveToColdStorageAfterDays")),
            cold(old),
            cold(new),
            true,
            &format!("{at}.MoveToColdStorageAfterDays"),
        )?;
        self.opt(
            node.and_then(|n| n.get("DeleteAfterDays")),
            delete(old),
            delete(new),
            true,
            &format!("{at}.DeleteAfterDays"),
        )?;
        let _ = self.text;
        Ok(())
    }
}

/// A string YAML reads back as itself when written plain.
fn plain_safe(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || " ()?*,-/._+".contains(c))
        && !s.starts_with(['-', '?', ' ', '*', ','])
        && !s.ends_with(' ')
        && s.parse::<f64>().is_err()
        && !matches!(s, "true" | "false" | "null" | "yes" | "no" | "on" | "off")
}
