//! Local Terraform modules followed as the command line follows them: the
//! input is split at lines `#--module--` into a root configuration and the
//! directories its `module` calls lead to, one after the other (four deep
//! at most, as `btar` reads them). Each call's inputs, evaluated in its
//! caller's context, and the provider regions the caller gives are what the
//! next text is read with. Any input must end in a scenario or an error.
#![no_main]
use btar_planner::formats::{import, terraform, ImportDefaults};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.split("\n#--module--\n");
    let Some(mut here) = parts.next() else {
        return;
    };
    let mut vars: Vec<String> = Vec::new();
    let mut regions: Vec<(String, String)> = Vec::new();
    for _ in 0..4 {
        let Ok(Some(m)) = terraform::local_module(here, &vars) else {
            break;
        };
        let Some(next) = parts.next() else {
            break;
        };
        vars = vec![m.inputs];
        regions = m.provider_regions;
        here = next;
    }
    let defaults = ImportDefaults {
        start: chrono::DateTime::UNIX_EPOCH,
        aws_region: Some("us-east-1".into()),
        tf_vars: vars,
        provider_regions: regions,
    };
    let _ = import(here, &defaults, None);
});
