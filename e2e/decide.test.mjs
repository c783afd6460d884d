// From simulation to decision in the browser: risk over many outages in the
// compute workers (progress, Cancel, the drawn result) and the cheapest
// plans (apply one, undo it, export it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { harness, loadPreset, assertAlive, KEY, SHOTS } from "./harness.mjs";
import { inkedPixels } from "./browser.mjs";

const h = harness();
// Runs take seconds of both cores: on a loaded machine, more than the
// default 15 s wait.
const saved = (page) => page.evaluate((k) => localStorage.getItem(k) ?? "", KEY);

async function awsWithObjectives(page) {
  await loadPreset(page, "aws-guide-one-dr");
  await page.waitForSelector("#checks-ok");
  await page.fill("#objective-rpo", "26");
  await page.fill("#objective-breach", "0.05");
  await page.waitForFunction(() => document.querySelector("#verdict li.met, #verdict li.not-met"));
}

test("risk runs in the workers with progress, stops on Cancel, and draws its result", async () => {
  const { page, context, errors } = await h.open();
  await awsWithObjectives(page);
  // A long run: progress shows, Cancel stops it and leaves no result.
  await page.fill("#risk-trials", "100000");
  await page.click("#risk-run");
  await page.waitForSelector("#risk-progress");
  await page.waitForFunction(() => Number(document.querySelector("#risk-progress")?.value) > 0);
  assert.match(await page.textContent("#risk-status"), /Running trials on \d+ worker\(s\)… \d+ %/);
  // The page answers while the workers run.
  await page.fill("#scenario-name-input", "Edited during the run");
  assert.equal(await page.inputValue("#scenario-name-input"), "Edited during the run");
  await page.click("#risk-cancel");
  await page.waitForFunction(() => document.querySelector("#risk-status")?.textContent === "Cancelled.");
  assert.equal(await page.locator("#risk-progress").count(), 0);
  assert.equal(await page.locator("#risk-table").count(), 0);
  // A bad input is named with its value and rule; nothing runs.
  await page.fill("#risk-trials", "0");
  await page.click("#risk-run");
  await page.waitForSelector("#risk-status.error");
  assert.match(await page.textContent("#risk-status"), /Trials: 0 is outside 1–100000/);
  // A short run to the end.
  await page.fill("#risk-trials", "300");
  await page.fill("#risk-seed", "7");
  await page.click("#risk-run");
  await page.waitForSelector("#risk-table", { timeout: 60_000 });
  // The histogram is drawn on the canvas like every other chart; its label
  // says what it shows, the RPO included.
  const { inked, total } = await inkedPixels(page, "#risk-chart");
  assert.ok(inked > total / 50, `only ${inked} of ${total} pixels inked`);
  assert.match(await page.getAttribute("#risk-chart", "aria-label"), /over 300 trials, with the RPO \(1 d 02 h 00 min\)/);
  assert.match(await page.textContent("#risk-in-words"), /^In half the trials less than .+ of data was lost/);
  assert.match(await page.textContent("#risk-assumptions"), /300 trials, seed 7/);
  assert.match(await page.textContent("#p-rpo"), /P\(RPO breached\)\s*\d+\.\d\d %/);
  const first = await page.textContent("#risk-table");
  // The same seed gives the same numbers again.
  await page.click("#risk-run");
  await page.waitForSelector("#risk-progress");
  await page.waitForSelector("#risk-table", { timeout: 60_000 });
  assert.equal(await page.textContent("#risk-table"), first);
  await page.locator("#decide").screenshot({ path: join(SHOTS, "risk-1280.png") });
  // A field error above does not wipe the run, its inputs or its result;
  // putting the value back makes the result current again.
  const gb = await page.inputValue("#data-gb");
  await page.fill("#data-gb", "");
  await page.waitForSelector("#results-blocked");
  assert.equal(await page.textContent("#risk-table"), first);
  assert.equal(await page.inputValue("#risk-trials"), "300");
  assert.equal(await page.inputValue("#risk-seed"), "7");
  await page.fill("#data-gb", gb);
  await page.waitForSelector("#sim-meta");
  assert.equal(await page.textContent("#risk-table"), first);
  assert.equal(await page.locator("#risk-status.stale").count(), 0);
  // An edit marks the figures as for an earlier scenario.
  await page.fill("#data-gb", "777");
  await page.waitForSelector("#risk-status.stale");
  // AWS's own outage rate: frequent long AWS outages leave no usable copy at times.
  await page.fill("#risk-own", "aws=150:48");
  await page.click("#risk-run");
  await page.waitForSelector("#risk-progress");
  await page.waitForSelector("#risk-own-outages");
  assert.match(await page.textContent("#risk-own-outages"), /Amazon Web Services: 150 a region a year, median 48 h/);
  // The restore then waits for the DR region at times.
  assert.match(await page.textContent("#p-waited"), /P\(every secondary holding a copy is down\)\s*([1-9]\d*\.\d\d|0\.(0[1-9]|[1-9]\d)) %/);
  assert.notEqual(await page.textContent("#risk-table"), first);
  await page.fill("#risk-own", "ibm=1");
  await page.click("#risk-run");
  await page.waitForSelector("#risk-status.error");
  assert.match(await page.textContent("#risk-status"), /Per provider or region, in place of the above: 'ibm' is neither a provider/);
  await assertAlive(page, errors, "risk");
  await context.close();
});

test("the cheapest plans: one click applies a plan, Undo takes it back, Export writes it", async () => {
  const { page, context, errors } = await h.open();
  await awsWithObjectives(page);
  // Both objectives saved (each field saves on its own): the scenario Undo
  // must come back to.
  await page.waitForFunction((k) => /"rpo_s":93600/.test(localStorage.getItem(k) ?? "") && /"breach_probability":0\.05/.test(localStorage.getItem(k) ?? ""), KEY);
  const before = await saved(page);
  await page.click("#frontier-run");
  await page.waitForSelector("#frontier-table", { timeout: 60_000 });
  const rows = await page.locator("#frontier-table tbody tr").count();
  assert.ok(rows >= 2, `${rows} plans`);
  {
    const { inked, total } = await inkedPixels(page, "#frontier-chart");
    assert.ok(inked > total / 50, `only ${inked} of ${total} pixels inked`);
  }
  // Costs rise down the table as the worst loss falls.
  const cells = await page.$$eval("#frontier-table tbody tr", (trs) =>
    trs.map((tr) => [tr.children[0].textContent, tr.children[1].textContent]),
  );
  const dollars = cells.map(([c]) => Number(c.replace(/[$,]/g, "")));
  for (let i = 1; i < dollars.length; i++) assert.ok(dollars[i] >= dollars[i - 1], JSON.stringify(cells));
  // By default no plan moves the copies, cuts their retention or adds a
  // vault: those are the user's until ticked.
  const offered = await page.textContent("#frontier-table");
  assert.doesNotMatch(offered, /copy to |keep DR copies|add vault/, offered);
  // Export a plan in AWS's own format.
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 60_000 }),
    page.click("#frontier-table button[data-export]"),
  ]);
  assert.equal(download.suggestedFilename(), "backup-plan.json");
  const plan = JSON.parse(await readFile(await download.path(), "utf8"));
  assert.ok(plan.BackupPlanName && Array.isArray(plan.Rules), JSON.stringify(plan));
  // Apply it: the scenario changes, with a notice; Undo brings it back.
  const changes = await page.textContent("#frontier-table tr:has(button[data-apply]) td[data-label=Changes]");
  await page.click("#frontier-table button[data-apply]");
  await page.waitForFunction(() => /Applied the plan/.test(document.querySelector("#notice")?.textContent ?? ""));
  assert.ok((await page.textContent("#notice")).includes(changes.trim()), changes);
  await page.waitForSelector("#frontier-status.stale");
  await page.waitForFunction((b) => (localStorage.getItem("btar-planner/scenario") ?? "") !== b, before);
  await page.click("#undo");
  await page.waitForFunction((b) => localStorage.getItem("btar-planner/scenario") === b, before);
  await page.locator("#decide").screenshot({ path: join(SHOTS, "frontier-1280.png") });
  // Allowing other regions: plans that move the copies may now be offered,
  // and each new vault they add is listed.
  await page.check("#may-change-regions");
  await page.waitForFunction((k) => /"may_change":\[[^\]]*"regions"/.test(localStorage.getItem(k) ?? ""), KEY);
  await page.click("#frontier-run");
  await page.waitForFunction(() => /copy to /.test(document.querySelector("#frontier-table")?.textContent ?? "") && !document.querySelector("#frontier-status.stale"), null, { timeout: 60_000 });
  assert.match(await page.textContent("#frontier-table"), /add vault .* \(its access policy allows copies\)/);
  await page.locator("#objectives").screenshot({ path: join(SHOTS, "may-change-1280.png") });
  // After an edit, a plan found for the earlier scenario is not applied
  // (it would undo the edit)...
  const gb = await page.inputValue("#data-gb");
  await page.fill("#data-gb", "777");
  await page.waitForSelector("#frontier-status.stale");
  assert.equal(await page.locator("#frontier-table.stale").count(), 1);
  await page.click("#frontier-table button[data-apply]");
  await page.waitForFunction(() => /earlier version of the scenario/.test(document.querySelector("#notice")?.textContent ?? ""));
  assert.equal(await page.inputValue("#data-gb"), "777");
  // ...and Undo back to the very scenario the plans were for makes them current.
  await page.click("#undo-step");
  await page.waitForFunction((v) => document.querySelector("#data-gb")?.value === v, gb);
  await page.waitForFunction(() => !document.querySelector("#frontier-status.stale"));
  await assertAlive(page, errors, "frontier");
  await context.close();
});

test("on a phone the risk and cheapest-plan results fit the screen: no table scrolls sideways", async () => {
  const { page, context, errors } = await h.open(390, 844);
  await awsWithObjectives(page);
  await page.fill("#objective-budget", "376.5");
  await page.fill("#risk-trials", "300");
  await page.click("#risk-run");
  await page.waitForSelector("#risk-table", { timeout: 60_000 });
  await page.click("#frontier-run");
  await page.waitForSelector("#frontier-table", { timeout: 60_000 });
  // Every cell ends inside its panel (which clips what runs past it).
  const wide = await page.$$eval("#risk-table td, #risk-odds td, #frontier-table td", (cells) => cells
    .filter((c) => c.getBoundingClientRect().right > c.closest(".panel").getBoundingClientRect().right + 1)
    .map((c) => `${c.closest("table").id} ${c.dataset.label ?? ""}: ${c.textContent}`).slice(0, 5));
  assert.deepEqual(wide, []);
  // Each percentile of the risk table is a labelled line of its card.
  assert.equal(await page.$eval("#risk-table td[data-label='p99']", (td) => getComputedStyle(td).display), "block");
  await page.locator("#risk-table").scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, "risk-390.png") });
  await assertAlive(page, errors, "phone risk");
  await context.close();
});
