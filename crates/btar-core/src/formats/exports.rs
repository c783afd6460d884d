//! The one list of exports, for the command line (`btar export ID`) and the
//! app's buttons alike: what each is called, its file name and media type,
//! which platforms it fits, and how it is rendered.

use crate::domain::scenario::{Platform, Scenario};

use super::{aiven, aws, cloudformation, scenario_file, share, terraform, zilliz};

/// A format a scenario can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Export {
    /// The BTAR Planner scenario file.
    Scenario,
    /// The share link's fragment (`#s=…`).
    Share,
    /// Aiven ServiceCreate body.
    AivenCreate,
    /// Aiven ServiceUpdate body (sets or clears additional_backup_regions).
    AivenUpdate,
    /// `avn service create` command.
    Avn,
    /// `avn service update` command.
    AvnUpdate,
    /// Fork & restore API bodies, one per fork event (or one latest fork).
    Fork,
    /// `avn service create … --fork-from` commands.
    AvnFork,
    /// AWS backup plan JSON for `--backup-plan`.
    AwsPlan,
    /// The whole `aws backup create-backup-plan` command.
    AwsCli,
    /// Terraform: `aws_backup_plan`, or `aiven_pg`/`aiven_mysql`.
    Terraform,
    /// A CloudFormation template (YAML) with the `AWS::Backup::BackupPlan`.
    CloudFormation,
    /// Zilliz Cloud's Set Backup Policy body.
    ZillizPolicy,
}

impl Export {
    pub const ALL: [Export; 13] = [
        Export::Scenario,
        Export::Share,
        Export::AivenCreate,
        Export::AivenUpdate,
        Export::Avn,
        Export::AvnUpdate,
        Export::Fork,
        Export::AvnFork,
        Export::AwsPlan,
        Export::AwsCli,
        Export::Terraform,
        Export::CloudFormation,
        Export::ZillizPolicy,
    ];

    /// The stable id: `btar export ID`, the app's element ids.
    pub fn id(self) -> &'static str {
        match self {
            Export::Scenario => "scenario",
            Export::Share => "share",
            Export::AivenCreate => "aiven",
            Export::AivenUpdate => "aiven-update",
            Export::Avn => "avn",
            Export::AvnUpdate => "avn-update",
            Export::Fork => "fork",
            Export::AvnFork => "avn-fork",
            Export::AwsPlan => "aws",
            Export::AwsCli => "aws-cli",
            Export::Terraform => "terraform",
            Export::CloudFormation => "cloudformation",
            Export::ZillizPolicy => "zilliz-policy",
        }
    }

    pub fn parse(id: &str) -> Option<Export> {
        Export::ALL.into_iter().find(|e| e.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            Export::Scenario => "Scenario JSON",
            Export::Share => "Share link fragment",
            Export::AivenCreate => "Aiven ServiceCreate body",
            Export::AivenUpdate => "Aiven ServiceUpdate body",
            Export::Avn => "avn service create",
            Export::AvnUpdate => "avn service update",
            Export::Fork => "Fork & restore API bodies",
            Export::AvnFork => "avn fork commands",
            Export::AwsPlan => "AWS backup plan JSON",
            Export::AwsCli => "aws backup create-backup-plan",
            Export::Terraform => "Terraform",
            Export::CloudFormation => "CloudFormation template (YAML)",
            Export::ZillizPolicy => "Zilliz backup policy body",
        }
    }

    pub fn file_name(self) -> &'static str {
        match self {
            Export::Scenario => "scenario.json",
            Export::Share => "share-link.txt",
            Export::AivenCreate => "service-create.json",
            Export::AivenUpdate => "service-update.json",
            Export::Avn => "avn-create.sh",
            Export::AvnUpdate => "avn-update.sh",
            Export::Fork => "fork-bodies.json",
            Export::AvnFork => "avn-fork.sh",
            Export::AwsPlan => "backup-plan.json",
            Export::AwsCli => "create-backup-plan.sh",
            Export::Terraform => "main.tf",
            Export::CloudFormation => "backup-plan.yaml",
            Export::ZillizPolicy => "backup-policy.json",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Export::Scenario
            | Export::AivenCreate
            | Export::AivenUpdate
            | Export::AwsPlan
            | Export::ZillizPolicy => "application/json",
            Export::Terraform => "text/plain",
            Export::CloudFormation => "application/yaml",
            // One JSON body per fork, blank-line separated.
            Export::Fork | Export::Share => "text/plain",
            Export::Avn | Export::AvnUpdate | Export::AvnFork | Export::AwsCli => {
                "text/x-shellscript"
            }
        }
    }

    /// Whether the export can be made of a scenario on `p`.
    pub fn fits(self, p: &Platform) -> bool {
        match self {
            Export::Scenario | Export::Share => true,
            Export::AivenCreate
            | Export::AivenUpdate
            | Export::Avn
            | Export::AvnUpdate
            | Export::Fork
            | Export::AvnFork => matches!(p, Platform::Aiven(_)),
            Export::AwsPlan | Export::AwsCli | Export::CloudFormation => {
                matches!(p, Platform::Aws(_))
            }
            Export::Terraform => match p {
                Platform::Aws(_) => true,
                Platform::Aiven(a) => matches!(a.service_type.as_str(), "pg" | "mysql"),
                Platform::Zilliz(_) => false,
            },
            // A policy is what scheduled backups are set up with.
            Export::ZillizPolicy => matches!(
                p,
                Platform::Zilliz(z) if matches!(z.backups, crate::domain::scenario::ZillizBackups::Scheduled { .. })
            ),
        }
    }

    /// The exports that fit a platform, in list order.
    pub fn for_platform(p: &Platform) -> impl Iterator<Item = Export> + '_ {
        Export::ALL.into_iter().filter(move |e| e.fits(p))
    }

    /// Writes the scenario in this format, or says why it does not fit.
    pub fn render(self, s: &Scenario) -> Result<String, String> {
        let pretty = |v: serde_json::Value| serde_json::to_string_pretty(&v).unwrap_or_default();
        match (self, &s.platform) {
            (Export::Scenario, _) => Ok(scenario_file::to_json(s)),
            (Export::Share, _) => share::encode_checked(s)
                .map(|f| format!("#{f}"))
                .map_err(|e| e.to_string()),
            (Export::AivenCreate, Platform::Aiven(a)) => Ok(pretty(aiven::create_body(a))),
            (Export::AivenUpdate, Platform::Aiven(a)) => Ok(pretty(aiven::update_body(a))),
            (Export::Avn, Platform::Aiven(a)) => Ok(aiven::avn_create(a)),
            (Export::AvnUpdate, Platform::Aiven(a)) => Ok(aiven::avn_update(a)),
            (Export::Fork, _) => forks(s, false),
            (Export::AvnFork, _) => forks(s, true),
            (Export::AwsPlan, Platform::Aws(a)) => Ok(aws::plan_json(a)),
            (Export::AwsCli, Platform::Aws(a)) => Ok(aws::create_command(a)),
            (Export::Terraform, Platform::Aws(a)) => Ok(terraform::render_aws(a)),
            (Export::Terraform, Platform::Aiven(a)) => terraform::render_aiven(a),
            (Export::CloudFormation, Platform::Aws(a)) => Ok(cloudformation::render(a)),
            (Export::ZillizPolicy, Platform::Zilliz(z)) => zilliz::policy_body(z).map(pretty),
            (_, p) => Err(format!(
                "{} does not fit a {} scenario",
                self.label(),
                p.label()
            )),
        }
    }
}

/// Fork requests of an Aiven scenario: one per fork event, or one fork of
/// the newest backup in the first secondary location when it plans none.
fn forks(s: &Scenario, as_command: bool) -> Result<String, String> {
    let Platform::Aiven(a) = &s.platform else {
        return Err(
            "fork bodies and commands are Aiven formats; this scenario is not an Aiven one".into(),
        );
    };
    let mut forks = aiven::planned_forks(a, s);
    if forks.is_empty() {
        let cloud = s
            .secondary_regions()
            .into_iter()
            .next()
            .ok_or("the service has no additional backup region to fork from")?;
        forks.push(aiven::PlannedFork {
            fork_name: format!("{}-fork", a.service_name),
            cloud,
            recovery_target_time: None,
        });
    }
    let out: Vec<String> = forks
        .iter()
        .map(|f| {
            let req = f.request(a);
            if as_command {
                aiven::avn_fork(&req)
            } else {
                serde_json::to_string_pretty(&aiven::fork_body(&req)).unwrap_or_default()
            }
        })
        .collect();
    Ok(out.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    #[test]
    fn ids_parse_back_and_every_fitting_export_renders() {
        for e in Export::ALL {
            assert_eq!(Export::parse(e.id()), Some(e));
        }
        for id in ["aiven-pg-business", "aws-guide-one-dr", "zilliz-billing"] {
            let s = presets::load(id).expect("preset");
            for e in Export::ALL {
                let r = e.render(&s);
                assert_eq!(r.is_ok(), e.fits(&s.platform), "{id} {e:?}: {r:?}");
            }
        }
        assert_eq!(Export::parse("nope"), None);
    }
}
