// What a scenario or a failing worker must never do: stop the app, turn
// autosave off, or lose the user's own scenario.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { harness, assertAlive, loadPreset, KEY, SHOTS } from "./harness.mjs";

const h = harness();
const saved = (page) => page.evaluate((k) => localStorage.getItem(k) ?? "", KEY);
const waitSaved = (page, text) =>
  page.waitForFunction(([k, t]) => (localStorage.getItem(k) ?? "").includes(t), [KEY, text]);

test("with the compute workers' files missing, Run risk says so in its panel and edits are still saved", async () => {
  const ctx = await h.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.route(/btar-compute/, (route) => route.abort());
  const { page, errors } = await h.open(1280, 900, null, ctx);
  await page.click("#risk-run");
  await page.waitForSelector("#risk-status.error", { timeout: 30_000 });
  assert.match(await page.textContent("#risk-status"), /compute workers could not run|did not start/);
  assert.ok(await page.locator("#crash").isHidden(), "a worker's failure is not the app's crash");
  // Autosave goes on.
  await page.fill("#data-gb", "321");
  await waitSaved(page, '"data_gb":321');
  await page.screenshot({ path: join(SHOTS, "risk-workers-missing.png") });
  await page.reload();
  await page.waitForSelector("#scenario-name");
  assert.equal(await page.inputValue("#data-gb"), "321");
  // Errors the browser logs for the aborted requests are expected; the
  // page itself threw nothing.
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|net::ERR_FAILED|btar-compute/.test(e)), []);
  await ctx.close();
});

test("with the formats worker's loader missing, typing is saved and an import says why it failed", async () => {
  const ctx = await h.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.route(/btar-worker/, (route) => route.abort());
  const { page } = await h.open(1280, 900, null, ctx);
  await page.fill("#scenario-name-input", "Typed while the worker is gone");
  await waitSaved(page, "Typed while the worker is gone");
  await page.fill("#import-text", '{"service_type": "pg"}');
  await page.click("#import-button");
  await page.waitForSelector("#notice.notice-error", { timeout: 30_000 });
  assert.match(await page.textContent("#notice"), /import\/export worker/);
  assert.ok(await page.locator("#crash").isHidden());
  await page.fill("#data-gb", "123");
  await waitSaved(page, '"data_gb":123');
  await ctx.close();
});

test("after the user's own work, two share links opened one after the other keep the user's scenario", async () => {
  const ctx = await h.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const a = await h.open(1280, 900, null, ctx);
  // Two links, made from other scenarios.
  const link = async (name) => {
    await a.page.fill("#scenario-name-input", name);
    await a.page.click("#share-button");
    await a.page.waitForFunction((n) => {
      const v = document.querySelector("#share-link")?.value ?? "";
      return v.includes("#s=1.") && document.querySelector("#scenario-name")?.textContent.includes(n);
    }, name);
    return a.page.inputValue("#share-link");
  };
  const one = await link("Link one");
  const two = await link("Link two");
  assert.notEqual(one, two);
  await a.page.fill("#scenario-name-input", "My own work");
  await waitSaved(a.page, "My own work");
  await a.page.close();
  const b = await h.open(1280, 900, one, ctx);
  await waitSaved(b.page, "Link one");
  await b.page.close();
  const c = await h.open(1280, 900, two, ctx);
  await waitSaved(c.page, "Link two");
  assert.match(await c.page.evaluate(() => localStorage.getItem("btar-planner/scenario.previous") ?? ""), /My own work/);
  // The notice's Undo brings back the user's own, not the first link's.
  await c.page.click("#undo");
  await waitSaved(c.page, "My own work");
  assert.equal(await c.page.inputValue("#scenario-name-input"), "My own work");
  await assertAlive(c.page, c.errors, "two links");
  await ctx.close();
});

test("unreadable saved scenarios are each set aside and can be put in the import box", async () => {
  const { page, context, errors } = await h.open();
  for (const bad of ['{"version": 1, "platform": {"aiven": 3', '{"version": 1, "platform": {"aws": 4']) {
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, bad]);
    await page.reload();
    await page.waitForSelector("#notice.notice-error");
    assert.match(await page.textContent("#notice"), /could not be read/);
    await page.waitForTimeout(50);
  }
  const kept = await page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith("btar-planner/scenario.unreadable")).map((k) => localStorage.getItem(k)));
  assert.equal(kept.length, 2, JSON.stringify(kept));
  await page.click("#set-aside summary");
  await page.click("#set-aside-open-1");
  assert.match(await page.inputValue("#import-text"), /"aiven": 3/);
  await page.click("#import-button");
  await page.waitForSelector("#notice.notice-error");
  assert.match(await page.textContent("#notice"), /line 1/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("an oversized name is refused by autosave and the share link with the limit named", async () => {
  const { page, context, errors } = await h.open();
  await page.fill("#scenario-name-input", "Small first");
  await waitSaved(page, "Small first");
  // Over the 1 MiB the app reads back.
  await page.$eval("#scenario-name-input", (e) => {
    e.value = "x".repeat(1_100_000);
    e.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await page.waitForSelector("#notice.notice-error");
  assert.match(await page.textContent("#notice"), /Autosave skipped: the scenario is \d+ bytes/);
  assert.match(await saved(page), /Small first/);
  await page.click("#share-button");
  await page.waitForSelector("#share-error");
  assert.match(await page.textContent("#share-error"), /No share link: the scenario is \d+ bytes as JSON; .* up to 1048576/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a plan too large for the main thread runs in the simulation worker with progress, Cancel and Run again", async () => {
  const { page, context, errors } = await h.open(1280, 900);
  await loadPreset(page, "aws-guide-two-dr");
  await page.waitForSelector("#sim-meta");
  // Hourly backups with two DR copies over 3 000 days: about 216 000 jobs.
  await page.fill("#aws-rule-0-schedule", "cron(0 * * * ? *)");
  await page.fill("#sim-days", "3000");
  await page.waitForSelector("#analysis-running");
  assert.match(await page.textContent("#analysis-running"), /jobs/);
  // The editors answer while it runs, and Cancel stops it.
  await page.fill("#scenario-name-input", "Hourly for years");
  await page.waitForFunction(() => document.querySelector("#scenario-name")?.textContent.includes("Hourly for years"));
  await page.click("#analysis-cancel");
  await page.waitForSelector("#analysis-stopped");
  assert.match(await page.textContent("#analysis-stopped"), /cancelled/);
  // Run again: progress, then the results of this very plan.
  await page.evaluate(() => {
    window.__progress = new Set();
    new MutationObserver(() => {
      const p = document.querySelector("#analysis-progress");
      if (p) window.__progress.add(p.getAttribute("value"));
    }).observe(document.body, { childList: true, subtree: true, attributes: true });
  });
  await page.click("#analysis-retry");
  await page.waitForSelector("#sim-meta", { timeout: 60_000 });
  assert.match(await page.textContent("#sim-meta"), /Simulated 3000 days/);
  // The bar was shown. (Reports of how far the run is come only once a
  // run has taken 100 ms, and this one's event loop is quicker in the
  // worker: their cadence is tested natively, with a clock of the test's.)
  const seen = await page.evaluate(() => [...window.__progress]);
  assert.ok(seen.length > 0, "no progress bar shown");
  assert.match(await page.textContent("#verdict"), /RPO/);
  await page.screenshot({ path: join(SHOTS, "analysis-worker.png") });
  // An edit: the results stay where they are, marked as for an earlier
  // version and out of reach, under the new run's progress; then the new
  // run's results replace them.
  await page.fill("#data-gb", "321");
  await page.waitForSelector("#analysis-running");
  assert.match(await page.textContent("#sim-meta-earlier"), /earlier version of the scenario \(3000 days/);
  assert.equal(await page.$("#sim-meta"), null);
  assert.ok(await page.$("#lag-chart"), "the earlier lag chart stays");
  assert.ok(await page.$(".results-part.stale #copy-table"), "the earlier copy log stays, marked");
  await page.screenshot({ path: join(SHOTS, "analysis-worker-earlier.png") });
  await page.waitForSelector("#sim-meta", { timeout: 60_000 });
  assert.equal(await page.$("#sim-meta-earlier"), null);
  assert.equal(await page.$(".results-part.stale"), null);
  await assertAlive(page, errors, "large plan");
  await context.close();
});
