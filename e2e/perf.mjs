// Browser timings of the release build (not a test: it times things).
// Serves dist/ under /btar/ and reports medians over repeated runs:
//   - first paint and time until the default scenario's charts are drawn;
//   - input-to-updated-charts for each preset: type a new data size, wait
//     until the edit has rendered and two animation frames have passed;
//   - an edit of the benchmark year (benches/hourly-year.json) to its new
//     results on the page;
//   - risk in the compute workers: 10 000 one-year trials of the benchmark
//     year, and input latency while they run.
// Run: node e2e/perf.mjs   (after trunk build --release --public-url /btar/)
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { readFile } from "node:fs/promises";
import { serveDist } from "./server.mjs";
import { launch } from "./browser.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const DIST = process.env.BTAR_DIST ?? join(here, "..", "dist");
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const server = await serveDist(DIST, "/btar/");
const browser = await launch();
try {
  const runs = [];
  for (let i = 0; i < 9; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    // Element timing: when the first lag figure of the scenario was painted.
    await page.addInitScript(() => {
      window.__paints = {};
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__paints[e.identifier] ??= e.renderTime || e.loadTime; })
        .observe({ type: "element", buffered: true });
    });
    await page.goto(server.url);
    await page.waitForSelector("#lag-chart");
    runs.push(await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => {
      const at = (name, type = "mark") => { const e = performance.getEntriesByType(type).find((x) => x.name === name); return e ? e.startTime : NaN; };
      const charts = performance.getEntriesByType("mark").filter((x) => x.name.startsWith("btar:chart:")).map((x) => x.startTime);
      const wasm = performance.getEntriesByType("resource").find((e) => e.name.endsWith(".wasm"));
      ok({
        fcp: at("first-contentful-paint", "paint"),
        wasm: wasm ? wasm.responseEnd : NaN,
        mount: at("btar:mount"),
        dom: at("btar:dom"),
        lag: at("btar:chart:lag-chart"),
        painted: window.__paints["lag-p50"] ?? NaN,
        charts: Math.max(...charts),
        ready: performance.now(),
      });
    })))));
    await ctx.close();
  }
  const line = (key, what) => {
    const xs = runs.map((r) => r[key]);
    console.log(`${what}: median ${median(xs).toFixed(0)} ms (n=${xs.length}, min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`);
  };
  line("fcp", "first contentful paint (the loading shell)");
  line("wasm", "wasm downloaded");
  line("mount", "wasm compiled and instantiated, app mounting");
  line("dom", "default scenario's first render committed to the DOM");
  line("painted", "default scenario first painted (its first lag figure, by Element Timing)");
  line("lag", "lag chart drawn");
  line("charts", "last chart drawn");
  line("ready", "two frames later: default scenario simulated and all charts painted");
  // BTAR_PERF_ONLY=paint stops here: for alternating first-paint runs of
  // two builds (BTAR_DIST=… node e2e/perf.mjs).
  if (process.env.BTAR_PERF_ONLY === "paint") process.exitCode = 0;
  else await rest();
} finally {
  await browser.close();
  await server.close();
}

async function rest() {


  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(server.url);
  await page.waitForSelector("#lag-chart");
  for (const preset of ["aiven-pg-business", "aws-guide-one-dr", "aws-guide-two-dr", "zilliz-billing"]) {
    const title = await page.$eval(`#preset option[value="${preset}"]`, (o) => o.textContent);
    await page.selectOption("#preset", preset);
    await page.waitForFunction((t) => (document.querySelector("#notice")?.textContent ?? "").includes(t), title);
    await page.waitForSelector("#lag-chart");
    const times = [];
    for (let i = 0; i < 15; i++) {
      const ms = await page.evaluate((gb) => new Promise((ok) => {
        const input = document.querySelector("#data-gb");
        const t0 = performance.now();
        input.value = String(gb);
        input.dispatchEvent(new InputEvent("input", { bubbles: true }));
        requestAnimationFrame(() => requestAnimationFrame(() => ok(performance.now() - t0)));
      }), 100 + i * 7);
      times.push(ms);
    }
    const sim = await page.textContent("#sim-meta");
    console.log(`input-to-updated-charts, ${preset}: median ${median(times).toFixed(1)} ms (n=${times.length}, max ${Math.max(...times).toFixed(1)}); ${sim.trim()}`);
  }
  // Risk in the compute workers: 10 000 one-year trials of the benchmark
  // year, from the click to the drawn result; and input latency while the
  // workers run (an edit of the data size to two frames later).
  await page.fill("#import-text", await readFile(join(here, "..", "benches", "hourly-year.json"), "utf8"));
  await page.click("#import-button");
  await page.waitForFunction(() => /Imported/.test(document.querySelector("#notice")?.textContent ?? ""));
  await page.waitForSelector("#lag-chart");
  // An edit of the benchmark year (8 760 backups and their copies: past the
  // page's own limit, so it is simulated off the main thread): from the
  // input to the new run's results on the page, two frames later.
  // Input to the new run's results on the page, two frames later: the
  // run's line ("Simulated 365 days (… events) in … ms") is a new one when
  // the new results are there (while the run goes, the earlier results
  // stay under "#sim-meta-earlier").
  const benchEdit = (gb) => page.evaluate((gb) => new Promise((ok) => {
    const meta = () => document.querySelector("#sim-meta");
    const before = meta();
    const beforeText = before?.textContent ?? "";
    const t0 = performance.now();
    const seen = new MutationObserver(() => {
      const now = meta();
      if (now && (now !== before || now.textContent !== beforeText)) {
        seen.disconnect();
        requestAnimationFrame(() => requestAnimationFrame(() => ok(performance.now() - t0)));
      }
    });
    seen.observe(document.querySelector("#results"), { childList: true, subtree: true, characterData: true });
    const input = document.querySelector("#data-gb");
    input.value = String(gb);
    input.dispatchEvent(new InputEvent("input", { bubbles: true }));
  }), gb);
  const bench = [];
  for (let i = 0; i < 9; i++) {
    bench.push(await benchEdit(300 + i * 11));
    await page.waitForSelector("#sim-meta");
  }
  const benchSim = await page.textContent("#sim-meta");
  console.log(`input-to-updated-charts, benches/hourly-year.json: median ${median(bench).toFixed(1)} ms (n=${bench.length}, max ${Math.max(...bench).toFixed(1)}); ${benchSim.trim()}`);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const riskTimes = [];
  const during = [];
  for (let i = 0; i < 5; i++) {
    await page.fill("#risk-trials", "10000");
    await page.fill("#risk-seed", String(i + 1));
    const t0 = Date.now();
    await page.click("#risk-run");
    await page.waitForSelector("#risk-progress");
    while (await page.locator("#risk-progress").count()) {
      during.push(await page.evaluate((gb) => new Promise((ok) => {
        const input = document.querySelector("#data-gb");
        const t = performance.now();
        input.value = String(gb);
        input.dispatchEvent(new InputEvent("input", { bubbles: true }));
        requestAnimationFrame(() => requestAnimationFrame(() => ok(performance.now() - t)));
      }), 20 + during.length % 7));
      await page.waitForTimeout(100);
    }
    await page.waitForSelector("#risk-table", { timeout: 120_000 });
    riskTimes.push(Date.now() - t0);
  }
  console.log(`risk, 10 000 one-year trials of benches/hourly-year.json on ${cores} worker(s): median ${median(riskTimes)} ms (n=${riskTimes.length}, min ${Math.min(...riskTimes)}, max ${Math.max(...riskTimes)})`);
  console.log(`input-to-updated-charts while risk runs: median ${median(during).toFixed(1)} ms (n=${during.length}, max ${Math.max(...during).toFixed(1)})`);
  // One edit of the benchmark year while 10 000 trials run, to its new
  // results on the page.
  const benchDuring = [];
  for (let i = 0; i < 5; i++) {
    await page.fill("#risk-seed", String(i + 11));
    await page.click("#risk-run");
    await page.waitForSelector("#risk-progress");
    await page.waitForTimeout(150);
    benchDuring.push(await benchEdit(400 + i * 7));
    await page.waitForSelector("#risk-table", { timeout: 120_000 });
  }
  console.log(`input-to-updated-charts, benches/hourly-year.json, while risk runs: median ${median(benchDuring).toFixed(1)} ms (n=${benchDuring.length}, max ${Math.max(...benchDuring).toFixed(1)})`);
  await ctx.close();
}
