// Calibration from job history in the app: two job files dropped on the
// panel, observed against simulated per route, "Use these figures", Undo.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { harness, assertAlive, loadPreset, FIXTURES, SHOTS } from "./harness.mjs";

const h = harness();
const history = (name) => join(FIXTURES, "history", name);

test("two job history files: the fit per route, the chart, Use these figures, and Undo", async () => {
  const { page, context, errors } = await h.open(1280, 900);
  await loadPreset(page, "aws-guide-one-dr");
  await page.click("#dismiss");
  await page.click("#calibrate summary");
  await page.setInputFiles("#history-files", [
    history("list-copy-jobs-page-1.json"),
    history("list-copy-jobs-page-2.json"),
    history("list-backup-jobs.json"),
  ]);
  await page.waitForSelector("#calibration-table", { timeout: 30_000 });
  assert.match(await page.textContent("#calibration-summary"), /25 distinct jobs from 28 records in 3 file/);
  const row = await page.textContent("#calibration-table tbody tr");
  assert.match(row, /aws-us-east-1 → aws-us-west-2/);
  assert.match(row, /15 \(12 completed, 2 failed, 1 running\)/);
  assert.match(row, /400\.0 Mbit\/s/);
  assert.match(row, /100 s/);
  assert.match(row, /14\.3 %/);
  await page.waitForSelector("#calibration-chart");
  assert.match(await page.textContent("#calibration-applied"), /route aws-us-east-1 → aws-us-west-2: setup 100 s, 400\.0 Mbit\/s/);
  await page.locator("#calibrate").screenshot({ path: join(SHOTS, "calibration.png") });
  const before = await page.inputValue("#backup-throughput");
  await page.click("#calibration-apply");
  await page.waitForFunction(() => document.querySelector("#backup-throughput")?.value === "1000");
  assert.match(await page.textContent("#notice"), /Used \d+ fitted figure/);
  // Each fitted figure says what it rests on where the figures are edited.
  const labels = await page.textContent("#fitted-figures");
  assert.match(labels, /Copies aws-us-east-1 → aws-us-west-2: setup 100 s, 400\.0 Mbit\/s.*fitted from 15 copy jobs \(12 completed, 2 failed\), 2026-10-01 to 2026-10-15/);
  assert.match(labels, /Backup speed: rule daily-rule: fitted from 10 backup jobs/);
  // The plan moved on: the same answer cannot be used again.
  assert.ok(await page.isDisabled("#calibration-apply"));
  await page.click("#undo-step");
  await page.waitForFunction((v) => document.querySelector("#backup-throughput")?.value === v, before);
  assert.equal(await page.locator("#fitted-figures").count(), 0);
  // Back on the scenario it was fitted for: usable again.
  assert.ok(await page.isEnabled("#calibration-apply"));
  await assertAlive(page, errors, "calibration");
  await context.close();
});

test("a malformed history file is refused naming the file, the record and the field", async () => {
  const { page, context, errors } = await h.open(1280, 900);
  await page.click("#calibrate summary");
  await page.fill("#history-text", '{"CopyJobs": [{"CopyJobId": "a", "State": "DONE", "CreationDate": "2026-10-01T00:00:00Z"}]}');
  await page.click("#history-read");
  await page.waitForSelector("#calibration-error", { timeout: 30_000 });
  assert.match(await page.textContent("#calibration-error"), /the pasted history, record 1, field State: 'DONE' is not a job state/);
  await assertAlive(page, errors, "bad history");
  await context.close();
});
