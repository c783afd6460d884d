//! `btar cost FILE` (the bill of a run) and `btar levers`.

use super::*;

pub(super) fn bill_cmd(
    file: &str,
    as_json: bool,
    csv: bool,
    args: &ImportArgs,
) -> Result<(), CliError> {
    let (s, _, _, b) = ran(file, args)?;
    // The plan's own monthly figure, independent of the span's Days.
    let monthly = cost::monthly::monthly(&s);
    if csv {
        print!("{}", b.to_csv(&s));
    } else if as_json {
        let mut v = serde_json::to_value(&b).unwrap_or_default();
        // Each line's price source, and whether the price is an assumption.
        if let Some(lines) = v.get_mut("lines").and_then(|l| l.as_array_mut()) {
            for (j, l) in lines.iter_mut().zip(&b.lines) {
                let src = bill::line_source(&s, l);
                if let Some(o) = j.as_object_mut() {
                    o.insert("price_source".into(), json!(src.source));
                    o.insert("assumption".into(), json!(src.assumption));
                }
            }
        }
        if let Some(o) = v.as_object_mut() {
            o.insert(
                "monthly".into(),
                match &monthly {
                    Ok(m) => serde_json::to_value(m).unwrap_or_default(),
                    Err(e) => json!({"error": e.to_string()}),
                },
            );
        }
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else {
        println!("{} — {} billing month(s) of 30 days", s.name, b.months);
        // Each line names its price source by number; the list follows.
        let mut sources: Vec<&'static str> = Vec::new();
        for m in 0..b.months {
            println!("month {}:", m + 1);
            for l in b.lines.iter().filter(|l| l.month == m) {
                let unit = if l.category == bill::Category::Transfer {
                    "GB"
                } else {
                    "GB-month"
                };
                let src = bill::line_source(&s, l);
                let n = match sources.iter().position(|x| *x == src.source) {
                    Some(n) => n,
                    None => {
                        sources.push(src.source);
                        sources.len() - 1
                    }
                };
                println!(
                    "  {:<28} {:<12} {:<20} {:>12.2} {unit} × ${} = {} [{}{}]",
                    l.region,
                    if l.role == bill::Role::Primary {
                        "primary"
                    } else {
                        "cross-region"
                    },
                    l.category.label(),
                    l.quantity,
                    l.unit_price,
                    report::usd(l.usd),
                    n + 1,
                    if src.assumption { ", assumption" } else { "" }
                );
            }
        }
        println!(
            "span totals: cross-region {} over the {} days simulated, primary backups {}",
            report::usd(b.cross_region_usd),
            s.simulation.days,
            report::usd(b.primary_usd)
        );
        match b.steady {
            bill::Steady::Months { from, to, usd, retention_days } => println!(
                "steady month (months {from}–{to}, after the {retention_days}-day retention filled): {} a month",
                report::usd(usd)
            ),
            bill::Steady::NotReached { retention_days } => println!(
                "no steady month in this span: copies are kept {retention_days} days; the last month cost {}",
                report::usd(b.steady_month_usd())
            ),
            bill::Steady::Growing => println!(
                "no steady month: some copies are kept forever; the last month cost {}",
                report::usd(b.steady_month_usd())
            ),
            bill::Steady::NoCopies => println!("no copy reached another region in this span"),
        }
        match &monthly {
            Ok(m) => println!(
                "the plan's monthly figure (its own horizon of {} days, without the timeline's events): {}",
                m.horizon_days,
                m.describe()
            ),
            Err(e) => println!("the plan's monthly figure: not measured ({e})"),
        }
        println!(
            "cross-region cost per protected GB-month: {} ({:.1} GB protected on average)",
            report::usd_places(b.cross_region_usd_per_protected_gb_month, 4),
            b.protected_gb
        );
        for n in &b.notes {
            println!("note: {n}");
        }
        println!("price sources:");
        for (n, src) in sources.iter().enumerate() {
            println!("  [{}] {src}", n + 1);
        }
    }
    Ok(())
}

pub(super) fn levers_cmd(file: &str, as_json: bool, args: &ImportArgs) -> Result<(), CliError> {
    let (s, ..) = ran(file, args)?;
    let rows = levers::compare(&s).map_err(CliError::failed)?;
    if as_json {
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).unwrap_or_default()
        );
        return Ok(());
    }
    println!(
        "{:<16} {:>12} {:>12} {:>16} {:>16}  what",
        "lever", "$/month", "Δ $/month", "worst lag", "worst loss"
    );
    for r in &rows {
        match &r.not_applicable {
            Some(why) => println!(
                "{:<16} {:>12} {:>12} {:>16} {:>16}  {} — n/a: {why}",
                r.name, "-", "-", "-", "-", r.description
            ),
            None => println!(
                "{:<16} {:>12.2} {:>+12.2} {:>16} {:>16}  {}",
                r.name,
                r.monthly_usd,
                r.delta_usd,
                fmt_duration(r.worst_lag_s),
                fmt_duration(r.worst_data_loss_s),
                r.description
            ),
        }
    }
    Ok(())
}
