//! The readers this target's inputs reach that `import_any` seldom does:
//! Terraform read with variable values (the first line of the input, split
//! at `;`, is given as `.tfvars` files, then `--var`-style `NAME=VALUE`
//! values, as the command line gives a directory's `terraform.tfvars`,
//! `*.auto.tfvars`, `--var-file` and `--var`), with providers given their
//! regions; and AWS Organizations backup policies, the rest of the input
//! wrapped in `{"plans": …}`. Any input must end in a scenario or an
//! error.
#![no_main]
use btar_planner::formats::{import, ImportDefaults};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (head, body) = text.split_once('\n').unwrap_or(("", text));
    let tf_vars: Vec<String> = head.split(';').map(str::to_string).collect();
    let defaults = ImportDefaults {
        start: chrono::DateTime::UNIX_EPOCH,
        aws_region: Some("us-east-1".into()),
        tf_vars,
        provider_regions: vec![("aws.dr".into(), "us-west-2".into())],
    };
    let _ = import(body, &defaults, None);
    let wrapped = format!("{{\"plans\": {body}}}");
    let _ = import(&wrapped, &defaults, None);
});
