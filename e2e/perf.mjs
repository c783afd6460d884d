// Browser timings of the release build (not a test: it times things).
// Serves dist/ under /btar/ and reports medians over repeated runs:
//   - first paint and time until the default scenario's charts are drawn;
//   - input-to-updated-charts for each preset: type a new data size, wait
//     until the edit has rendered and two animation frames have passed.
// Run: node e2e/perf.mjs   (after trunk build --release --public-url /btar/)
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { serveDist } from "./server.mjs";
import { launch } from "./browser.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const DIST = process.env.BTAR_DIST ?? join(here, "..", "dist");
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const server = await serveDist(DIST, "/btar/");
const browser = await launch();
try {
  const fcp = [], ready = [];
  for (let i = 0; i < 9; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(server.url);
    await page.waitForSelector("#lag-chart");
    const t = await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => {
      const p = performance.getEntriesByType("paint").find((e) => e.name === "first-contentful-paint");
      ok({ fcp: p ? p.startTime : NaN, ready: performance.now() });
    }))));
    fcp.push(t.fcp); ready.push(t.ready);
    await ctx.close();
  }
  console.log(`first contentful paint: median ${median(fcp).toFixed(0)} ms (n=${fcp.length}, min ${Math.min(...fcp).toFixed(0)}, max ${Math.max(...fcp).toFixed(0)})`);
  console.log(`default scenario simulated and charts drawn: median ${median(ready).toFixed(0)} ms after navigation start`);

  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(server.url);
  await page.waitForSelector("#lag-chart");
  for (const preset of ["aiven-pg-business", "aws-guide-one-dr", "aws-guide-two-dr", "zilliz-billing"]) {
    await page.selectOption("#preset", preset);
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
  await ctx.close();
} finally {
  await browser.close();
  await server.close();
}
