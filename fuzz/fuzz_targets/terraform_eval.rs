//! The Terraform evaluator on generated programs: locals that use each
//! other through arithmetic (`% / * + -` on any numbers, 0 and i64's ends
//! included), `for` expressions over ranges of each other, templates with
//! interpolations and `%{for}` directives, conditionals and nested dynamic
//! blocks, beside an `aws_backup_plan` whose fields use them. Any program
//! must end in a scenario or an error, within the reader's limits of time
//! and memory (run with `-timeout` and `-rss_limit_mb`).
#![no_main]
use btar_planner::formats::{import, ImportDefaults};
use libfuzzer_sys::fuzz_target;

const NUMBERS: [&str; 8] = ["0", "1", "-1", "7", "9223372036854775807", "-9223372036854775808", "0.5", "\"3\""];
const OPS: [&str; 7] = ["+", "-", "*", "/", "%", "==", ">"];

struct Gen<'a> {
    data: &'a [u8],
    at: usize,
}

impl Gen<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.byte() as usize % xs.len()]
    }

    /// An expression over locals `l0..l{n}`, `depth` levels deep at most.
    fn expr(&mut self, n: usize, depth: u32) -> String {
        if depth == 0 || self.at >= self.data.len() {
            return match self.byte() % 3 {
                0 if n > 0 => format!("local.l{}", self.byte() as usize % n),
                1 => format!("\"{}\"", "ab".repeat(self.byte() as usize % 8)),
                _ => self.pick(&NUMBERS).to_string(),
            };
        }
        let d = depth - 1;
        match self.byte() % 9 {
            0 => format!("({} {} {})", self.expr(n, d), self.pick(&OPS), self.expr(n, d)),
            1 => format!("[for x in {} : {}]", self.list(n, d), self.expr(n, d)),
            2 => format!("\"${{{}}}-${{{}}}\"", self.expr(n, d), self.expr(n, d)),
            3 => format!("\"%{{ for y in {} }}${{y}}{}%{{ endfor }}\"", self.list(n, d), self.expr(n, d).replace('"', "")),
            4 => format!("({} ? {} : {})", self.expr(n, d), self.expr(n, d), self.expr(n, d)),
            5 => format!("[{}, {}, {}]", self.expr(n, d), self.expr(n, d), self.expr(n, d)),
            6 => format!("{{ k = {}, v = {} }}", self.expr(n, d), self.expr(n, d)),
            7 => format!("-{}", self.expr(n, d)),
            _ => self.expr(n, 0),
        }
    }

    fn list(&mut self, n: usize, depth: u32) -> String {
        match self.byte() % 3 {
            0 if n > 0 => format!("local.l{}", self.byte() as usize % n),
            1 => {
                let k = self.byte() % 40;
                format!("[{}]", (0..k).map(|i| i.to_string()).collect::<Vec<_>>().join(","))
            }
            _ => format!("[for z in {} : [z, z]]", self.expr(n, depth)),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut g = Gen { data, at: 0 };
    let locals = (g.byte() % 12) as usize;
    let mut text = String::from("locals {\n");
    for i in 0..locals {
        let e = g.expr(i, 4);
        text.push_str(&format!("  l{i} = {e}\n"));
    }
    text.push_str("}\n");
    let mut rule = String::from(
        "rule {\n    rule_name = \"r\"\n    target_vault_name = \"vault\"\n    schedule = \"cron(0 5 * * ? *)\"\n",
    );
    rule.push_str(&format!("    start_window = {}\n", g.expr(locals, 3)));
    rule.push_str("  }\n");
    // Nested dynamic blocks over the generated lists.
    let nested = g.byte() % 5;
    let mut dynamic = String::new();
    for _ in 0..nested {
        dynamic = format!(
            "dynamic \"copy_action\" {{\n for_each = {}\n content {{\n destination_vault_arn = \"arn:aws:backup:us-west-2:123456789012:backup-vault:dr\"\n {dynamic} }}\n}}\n",
            g.list(locals, 2)
        );
    }
    text.push_str(&format!(
        "resource \"aws_backup_plan\" \"p\" {{\n  name = \"p\"\n  {}\n  rule {{\n rule_name = \"d\"\n target_vault_name = \"vault\"\n {dynamic} }}\n}}\n",
        rule
    ));
    let defaults = ImportDefaults { start: chrono::DateTime::UNIX_EPOCH, aws_region: Some("us-east-1".into()), tf_vars: Vec::new(), provider_regions: Vec::new() };
    let _ = import(&text, &defaults, None);
    // The raw bytes too, as Terraform text.
    if let Ok(raw) = std::str::from_utf8(data) {
        let _ = import(raw, &defaults, None);
    }
});
