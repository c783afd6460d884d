//! Simulator speed: one simulated year of hourly backups, one primary and two
//! secondaries (`benches/hourly-year.json`). Reports time per simulated year
//! and events per second. Run: `cargo bench --bench simulate`.

#![allow(clippy::disallowed_methods)] // clippy.toml fences the page's module, not this
use btar_planner::formats::scenario_file;
use btar_planner::sim;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const YEAR: &str = include_str!("hourly-year.json");

fn simulate_year(c: &mut Criterion) {
    let s = scenario_file::from_json(YEAR, &mut Vec::new()).expect("benchmark scenario");
    let events = sim::simulate(&s).expect("valid").events;
    let mut g = c.benchmark_group("simulate");
    g.throughput(Throughput::Elements(events));
    g.sample_size(50);
    g.bench_function("hourly_year_two_secondaries", |b| {
        b.iter(|| sim::simulate(std::hint::black_box(&s)).expect("valid"))
    });
    g.finish();
    println!("events per simulated year: {events}");
}

criterion_group!(benches, simulate_year);
criterion_main!(benches);
