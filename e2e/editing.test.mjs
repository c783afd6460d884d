// Editing loses no work: many-step undo and redo, a scenario that stops the
// app does not replace the saved one, two tabs, share links that follow the
// scenario, a move of the service that takes its dependants along, and new
// events in time order.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { harness, loadPreset, assertAlive, KEY, SHOTS } from "./harness.mjs";

const h = harness();
const saved = (page) => page.evaluate((k) => localStorage.getItem(k) ?? "", KEY);
const waitSaved = (page, text) =>
  page.waitForFunction(([k, t]) => (localStorage.getItem(k) ?? "").includes(t), [KEY, text]);

test("undo and redo walk back and forth over many edits and replacements", async () => {
  const { page, context, errors } = await h.open();
  await page.waitForSelector("#data-gb");
  assert.ok(await page.isDisabled("#undo-step"), "nothing to undo on a fresh start");
  // Three edits in three fields, then a preset.
  await page.fill("#scenario-name-input", "Step one");
  await page.fill("#data-gb", "300");
  await page.fill("#write-gb", "9");
  await loadPreset(page, "zilliz-billing");
  assert.match(await page.inputValue("#scenario-name-input"), /Zilliz/);
  // Back by the keyboard, from inside a text box too.
  await page.focus("#scenario-name-input");
  await page.keyboard.press("Control+z");
  await page.waitForFunction(() => document.querySelector("#scenario-name-input")?.value === "Step one");
  assert.equal(await page.inputValue("#write-gb"), "9");
  await page.click("#undo-step");
  await page.waitForFunction(() => document.querySelector("#write-gb")?.value !== "9");
  assert.equal(await page.inputValue("#data-gb"), "300");
  await page.click("#undo-step");
  await page.waitForFunction(() => document.querySelector("#data-gb")?.value !== "300");
  await page.click("#undo-step");
  await page.waitForFunction(() => document.querySelector("#scenario-name-input")?.value !== "Step one");
  assert.ok(await page.isDisabled("#undo-step"), "back at the start");
  // Forward again: buttons and Ctrl+Shift+Z.
  await page.click("#redo-step");
  await page.waitForFunction(() => document.querySelector("#scenario-name-input")?.value === "Step one");
  await page.keyboard.press("Control+Shift+z");
  await page.waitForFunction(() => document.querySelector("#data-gb")?.value === "300");
  await page.keyboard.press("Control+y");
  await page.waitForFunction(() => document.querySelector("#write-gb")?.value === "9");
  assert.match(await page.textContent("#redo-step"), /Redo \(1\)/);
  // Typing in one field is one step, not one per key.
  await page.click("#data-gb", { clickCount: 3 });
  await page.keyboard.type("1234");
  await page.waitForFunction(() => /Undo \(4\)/.test(document.querySelector("#undo-step").textContent));
  assert.ok(await page.isDisabled("#redo-step"), "a new edit drops the redo");
  await page.keyboard.press("Control+z");
  await page.waitForFunction(() => document.querySelector("#data-gb")?.value === "300");
  // The undone state is what is saved.
  await waitSaved(page, '"data_gb":300');
  await assertAlive(page, errors, "undo/redo");
  await context.close();
});

test("a scenario that stops the app does not replace the saved work, and a link's days edit does not crash", async () => {
  // The user's work, saved.
  const ctx = await h.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const a = await h.open(1280, 900, null, ctx);
  await a.page.fill("#scenario-name-input", "My careful plan");
  await waitSaved(a.page, "My careful plan");
  // A scenario with a 7-day span and its outage past the end: it crashed
  // the timeline strip ("min > max") and wiped saved work before.
  await a.page.fill("#sim-days", "7");
  await a.page.waitForSelector("#checks-errors");
  await assertAlive(a.page, a.errors, "7 days");
  await a.page.click("#share-button");
  const link = await a.page.inputValue("#share-link");
  await a.page.keyboard.press("Control+z");
  await waitSaved(a.page, '"days":30');
  await a.page.close();
  // Opened from the link, in the same browser: it renders, and Undo (or the
  // kept copy) gives the plan back.
  const b = await h.open(1280, 900, link, ctx);
  await b.page.waitForSelector("#checks-errors");
  await assertAlive(b.page, b.errors, "the link");
  assert.match(await b.page.evaluate(() => localStorage.getItem("btar-planner/scenario.previous") ?? ""), /"days":30/);
  await b.page.click("#undo");
  await waitSaved(b.page, '"days":30');
  const before = await saved(b.page);
  await b.page.close();
  // Now a link that does stop the app (an exception thrown while it first
  // renders): the saved scenario stays as it was, whatever the wait.
  await ctx.addInitScript(() => {
    if (location.hash.startsWith("#s=")) {
      Performance.prototype.now = function () {
        throw new Error("boom while rendering the link");
      };
    }
  });
  const c = await ctx.newPage();
  await c.goto(link);
  await c.waitForSelector("#crash", { state: "visible" });
  await c.waitForTimeout(500);
  assert.equal(await c.evaluate((k) => localStorage.getItem(k), KEY), before, "the saved scenario is untouched");
  // A reload without the link finds the work.
  await c.goto(h.server.url);
  await c.waitForSelector("#scenario-name");
  assert.equal(await c.inputValue("#scenario-name-input"), "My careful plan");
  assert.equal(await c.inputValue("#sim-days"), "30");
  await ctx.close();
});

test("a second tab is told when the other one saved", async () => {
  const ctx = await h.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const a = await h.open(1280, 900, null, ctx);
  const b = await h.open(1280, 900, null, ctx);
  await a.page.fill("#scenario-name-input", "Edited in tab A");
  await waitSaved(a.page, "Edited in tab A");
  await b.page.waitForSelector("#load-other-tab");
  assert.match(await b.page.textContent("#notice"), /Another tab of BTAR Planner saved its scenario 'Edited in tab A'/);
  // B keeps its own until asked; then takes A's, undoably.
  assert.doesNotMatch(await b.page.inputValue("#scenario-name-input"), /tab A/);
  await b.page.click("#load-other-tab");
  await b.page.waitForFunction(() => document.querySelector("#scenario-name-input")?.value === "Edited in tab A");
  await b.page.click("#undo");
  await b.page.waitForFunction(() => document.querySelector("#scenario-name-input")?.value !== "Edited in tab A");
  await assertAlive(a.page, a.errors, "tab A");
  await assertAlive(b.page, b.errors, "tab B");
  await ctx.close();
});

test("the share link follows the scenario and copies what is there now", async () => {
  const ctx = await h.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.grantPermissions(["clipboard-read", "clipboard-write"]);
  const { page, errors } = await h.open(1280, 900, null, ctx);
  await page.click("#share-button");
  const first = await page.inputValue("#share-link");
  await page.fill("#scenario-name-input", "Renamed after the link");
  // The link is written again for the renamed scenario (absent meanwhile).
  await page.waitForFunction((f) => (document.querySelector("#share-link")?.value ?? f) !== f, first);
  await page.click("#share-copy");
  await page.waitForSelector("#share-copied");
  assert.match(await page.textContent("#share-copied"), /Copied/);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await page.inputValue("#share-link"));
  const b = await h.open(1280, 900, copied);
  assert.equal(await b.page.inputValue("#scenario-name-input"), "Renamed after the link");
  await assertAlive(page, errors, "share");
  await ctx.close();
  await b.context.close();
});

test("moving the service to another provider takes its secondary and events along, undoably", async () => {
  const { page, context, errors } = await h.open();
  await page.waitForSelector("#aiven-cloud");
  await page.waitForSelector("#checks-ok");
  await page.selectOption("#aiven-cloud", "google-europe-west1");
  await page.waitForFunction(() => /moved with it/.test(document.querySelector("#notice")?.textContent ?? ""));
  assert.match(await page.textContent("#notice"), /additional_backup_regions\[0\] aws-eu-central-1 → google-/);
  await page.waitForSelector("#checks-ok");
  await page.waitForSelector("#lag-table");
  assert.match(await page.textContent("#lag-table"), /google-/);
  await page.screenshot({ path: join(SHOTS, "provider-move-1280.png") });
  // Undo takes back the follow-up only: the service stays on Google and
  // the checks say why the old secondary no longer fits.
  await page.click("#undo");
  await page.waitForSelector("#checks-errors");
  assert.equal(await page.inputValue("#aiven-cloud"), "google-europe-west1");
  await assertAlive(page, errors, "provider move");
  await context.close();
});

test("an added fork lands in time order and a point in time defaults to one that restores", async () => {
  const { page, context, errors } = await h.open();
  await loadPreset(page, "aiven-pg-business");
  while ((await page.$$("li.event")).length > 0) await page.click("li.event button.danger");
  await page.click("#add-fork");
  await page.click("#add-outage");
  // The outage (mid-span) comes before the fork (an hour later) in the list.
  assert.match(await page.textContent("#event-0 strong"), /Region outage/);
  assert.match(await page.textContent("#event-1 strong"), /Fork & restore/);
  await page.waitForSelector("#checks-ok");
  await page.selectOption("#event-1-target", "pitr");
  await page.waitForSelector("#fork-0 .recovery-point");
  await page.waitForSelector("#checks-ok");
  assert.equal(await page.locator("#fork-0.fork-error").count(), 0);
  await assertAlive(page, errors, "fork");
  await context.close();
});

test("numbers agree and say what they are: lag, cost headlines, warnings, platform panels", async () => {
  const { page, context, errors } = await h.open();
  await page.waitForSelector("#cross-region-total");
  // Cost headlines name their span and the steady month's months.
  assert.match(await page.textContent("#cross-region-total"), /^Cross-region: \$[\d,]+\.\d\d over the 30 days simulated$/);
  assert.match(await page.textContent("#steady-month"), /retention|steady/);
  assert.match(await page.textContent("#lag-definition"), /data a loss of the service's region at that moment would lose/);
  assert.equal(await page.locator("#result-warnings").count(), 0, "a healthy plan has no warnings");
  // Each cost line's unit price with its source.
  await page.click("#unit-prices summary");
  // (Aiven keeps its backups in the cloud's object storage: S3 Standard,
  // N. Virginia's price elsewhere, an assumption; the figure is a proxy.)
  assert.match(await page.textContent("#unit-prices"), /aws-eu-central-1.*\$0\.023\/GB-month.*Amazon S3 Standard.*proxy for Aiven.*\(includes assumptions\)/s);
  // Big numbers get thousands separators.
  await page.fill("#backup-throughput", "100000");
  await page.fill("#bandwidth", "100000");
  await page.fill("#data-gb", "200000");
  await page.waitForFunction(() => /\$\d{1,3}(,\d{3})+\.\d\d/.test(document.querySelector("#cross-region-total")?.textContent ?? ""));
  // A link that cannot keep up is said, with its figures.
  await page.fill("#data-gb", "100");
  await page.fill("#backup-throughput", "1000");
  await page.fill("#bandwidth", "1");
  await page.waitForSelector("#result-warnings");
  assert.match(await page.textContent("#result-warnings"), /cannot keep up: a copy takes .* but backups come every 1 d 00 h 00 min/);
  // So is a service too big for any backup to finish in the span.
  await page.fill("#data-gb", "10000000");
  await page.fill("#backup-throughput", "0.1");
  await page.waitForFunction(() => /No backup completed/.test(document.querySelector("#result-warnings")?.textContent ?? ""));
  assert.match(await page.textContent("#result-warnings"), /A backup took .* longer than the 1 d 00 h 00 min between scheduled backups/);
  assert.doesNotMatch(await page.textContent("#cost"), /\$-0\.00/);
  // Zilliz: the secondaries' lag grows with the age of their one copy.
  await loadPreset(page, "zilliz-billing");
  await page.waitForSelector("#lag-table");
  assert.doesNotMatch(await page.textContent("#lag-table tbody tr td:nth-child(4)"), /^0 s$/);
  await page.waitForSelector("#cost");
  assert.equal(await page.locator("#lag-report").count(), 0, "the Aiven lag report is for Aiven only");
  await loadPreset(page, "aws-guide-one-dr");
  await page.waitForSelector("#cost");
  assert.equal(await page.locator("#lag-report").count(), 0);
  await assertAlive(page, errors, "numbers");
  await context.close();
});

test("on a phone the results are at the top: a summary first", async () => {
  const { page, context, errors } = await h.open(390, 844);
  await page.waitForSelector("#result-summary");
  const box = await page.locator("#result-summary").boundingBox();
  assert.ok(box && box.y + box.height < 844, `summary not on the first screen: ${JSON.stringify(box)}`);
  assert.match(await page.textContent("#result-summary"), /Worst lag .*Fork orders-pg-dr: 11 h 00 min of data lost.*Cross-region \$/s);
  await page.screenshot({ path: join(SHOTS, "phone-summary-390.png") });
  await page.click("#result-summary a");
  await page.waitForFunction(() => location.hash === "#results");
  // On a wide screen the results column is there instead.
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.ok(await page.locator("#result-summary").isHidden());
  await assertAlive(page, errors, "phone");
  await context.close();
});

test("a Terraform plan pasted and a CloudFormation template opened import through the worker", async () => {
  const { readFile } = await import("node:fs/promises");
  const { FIXTURES } = await import("./harness.mjs");
  const { page, context, errors } = await h.open();
  await page.waitForSelector("#import-text");
  await page.fill("#import-text", await readFile(join(FIXTURES, "terraform-tokyo-osaka.tf"), "utf8"));
  await page.click("#import-button");
  await page.waitForFunction(() => /Imported Terraform aws_backup_plan/.test(document.querySelector("#notice")?.textContent ?? ""));
  assert.ok(await page.isChecked("#platform-aws"));
  assert.equal(await page.inputValue("#aws-region"), "aws-ap-northeast-1");
  await page.waitForSelector("#lag-table");
  assert.match(await page.textContent("#lag-table"), /aws-ap-northeast-3/);
  // Undo brings the scenario before the import back.
  await page.click("#undo");
  await page.waitForFunction(() => document.querySelector("#platform-aiven")?.checked);
  // A CloudFormation template from a file.
  await page.click("#dismiss");
  await page.setInputFiles("#import-file", join(FIXTURES, "cloudformation-plan.yaml"));
  await page.waitForFunction(() => /Imported CloudFormation AWS::Backup::BackupPlan from cloudformation-plan\.yaml/.test(document.querySelector("#notice")?.textContent ?? ""));
  assert.equal(await page.inputValue("#aws-plan-name"), "orders-prod");
  // A Terraform module over three files, chosen together, reads as one.
  await page.click("#dismiss");
  const split = ["plan.tf", "providers.tf", "vaults.tf"].map((f) => join(FIXTURES, "terraform-split", f));
  await page.setInputFiles("#import-file", split);
  await page.waitForFunction(() => /Imported Terraform aws_backup_plan from plan\.tf, providers\.tf, vaults\.tf/.test(document.querySelector("#notice")?.textContent ?? ""));
  assert.equal(await page.inputValue("#aws-plan-name"), "payments-rds");
  assert.equal(await page.inputValue("#aws-region"), "aws-us-east-1");
  await page.waitForSelector("#lag-table");
  assert.match(await page.textContent("#lag-table"), /aws-us-west-2/);
  // And an Aiven service from Terraform.
  await page.click("#dismiss");
  await page.setInputFiles("#import-file", join(FIXTURES, "terraform-aiven-pg.tf"));
  await page.waitForFunction(() => /Imported Terraform aiven_pg\/aiven_mysql service/.test(document.querySelector("#notice")?.textContent ?? ""));
  assert.ok(await page.isChecked("#platform-aiven"));
  await assertAlive(page, errors, "terraform import");
  await context.close();
});

test("a Terraform file imported exports as itself edited, with its diff; a module's provider region is given in a field", async () => {
  const { readFile } = await import("node:fs/promises");
  const { FIXTURES } = await import("./harness.mjs");
  const { page, context, errors } = await h.open();
  const file = join(FIXTURES, "terraform-tokyo-osaka.tf");
  const original = await readFile(file, "utf8");
  await page.setInputFiles("#import-file", file);
  await page.waitForFunction(() => /Imported Terraform aws_backup_plan from terraform-tokyo-osaka\.tf/.test(document.querySelector("#notice")?.textContent ?? ""));
  // No change yet: the export is the file itself, byte for byte, no diff.
  await page.click("#show-onto");
  await page.waitForSelector("#export-text");
  assert.equal(await page.textContent("#export-text"), original);
  assert.equal(await page.$("#export-diff"), null);
  assert.match(await page.textContent(".export-view .hint"), /terraform-tokyo-osaka\.tf as you gave it/);
  // One edit: one line out, one line in, the rest (comments, variables,
  // providers) as the user wrote it.
  await page.fill("#aws-rule-0-start", "120");
  await page.waitForSelector("#export-diff");
  const diff = await page.textContent("#export-diff");
  assert.match(diff, /^--- a\/terraform-tokyo-osaka\.tf\n\+\+\+ b\/terraform-tokyo-osaka\.tf\n/);
  const changed = diff.split("\n").filter((l) => /^[-+](?![-+]{2})/.test(l));
  assert.deepEqual(changed.map((l) => l.replace(/\s+/g, " ")), ["- start_window = 60", "+ start_window = 120"]);
  const edited = await page.textContent("#export-text");
  assert.equal(edited, original.replace(/start_window(\s+)= 60/, "start_window$1= 120"));
  await page.locator("#export-diff").scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, "export-onto-1280.png"), fullPage: false });
  // Undo follows: the export is the file again.
  await page.click("#undo-step");
  await page.waitForFunction(() => !document.querySelector("#export-diff"));
  assert.equal(await page.textContent("#export-text"), original);
  // A module whose DR provider its caller passes in: a bad value imports
  // nothing, naming the field, the value and the rule; a good one places
  // the DR vault.
  await page.click("#dismiss");
  const mod = join(FIXTURES, "terraform-module-aliases", "main.tf");
  await page.fill("#import-provider-regions", "aws.dr=mars-1");
  await page.setInputFiles("#import-file", mod);
  await page.waitForFunction(() => /Nothing was imported from main\.tf: the provider regions field: 'aws\.dr=mars-1': 'mars-1' is not an AWS region/.test(document.querySelector("#notice")?.textContent ?? ""));
  await page.click("#dismiss");
  await page.fill("#import-provider-regions", "aws.dr=eu-west-1");
  await page.setInputFiles("#import-file", mod);
  await page.waitForFunction(() => /Imported Terraform aws_backup_plan from main\.tf/.test(document.querySelector("#notice")?.textContent ?? ""));
  await page.waitForSelector("#lag-table");
  assert.match(await page.textContent("#lag-table"), /aws-eu-west-1/);
  await assertAlive(page, errors, "export onto");
  await context.close();
});

test("objectives give a verdict first: met, not met and why, undoably", async () => {
  const { page, context, errors } = await h.open();
  await page.waitForSelector("#verdict");
  // Before any objective: the figures, and a hint to set objectives.
  assert.match(await page.textContent("#verdict-summary"), /Set objectives/);
  assert.match(await page.textContent("#verdict"), /Backups run every 1 d 00 h 00 min and a backup lands in aws-eu-central-1/);
  // Aiven's daily base backups cannot meet a 1-hour RPO …
  await page.fill("#objective-rpo", "1");
  await page.waitForFunction(() => /NOT met/.test(document.querySelector("#verdict-summary")?.textContent ?? ""));
  assert.match(await page.textContent("#verdict li.not-met"), /RPO \(data lost\): 1 d 01 h 26 min against 1 h 00 min: NOT MET/);
  // … and meet 48 hours.
  await page.fill("#objective-rpo", "48");
  await page.waitForFunction(() => /Every objective set is met/.test(document.querySelector("#verdict-summary")?.textContent ?? ""));
  assert.equal(await page.locator("#verdict li.met").count(), 1);
  // The objective is part of the scenario: undo takes it back (the two
  // entries are one step or two, depending on how fast they came).
  for (let i = 0; i < 3; i++) {
    const before = await page.textContent("#verdict-summary");
    if (/Set objectives/.test(before) || (await page.isDisabled("#undo-step"))) break;
    await page.click("#undo-step");
    await page.waitForFunction((b) => document.querySelector("#verdict-summary")?.textContent !== b, before);
  }
  assert.match(await page.textContent("#verdict-summary"), /Set objectives/);
  await page.screenshot({ path: join(SHOTS, "verdict-1280.png") });
  await assertAlive(page, errors, "objectives");
  await context.close();
});

test("edits in two rows of one editor are two undo steps, however quick", async () => {
  const { page, context, errors } = await h.open();
  await loadPreset(page, "aws-guide-two-dr");
  const cron0 = await page.inputValue("#aws-rule-0-schedule");
  await page.fill("#aws-rule-0-schedule", "cron(0 4 * * ? *)");
  await page.fill("#aws-rule-1-schedule", "cron(0 6 ? * SUN *)");
  await page.waitForFunction((k) => (localStorage.getItem(k) ?? "").includes("cron(0 6 ? * SUN *)"), KEY);
  // One Undo takes back the second row's edit only.
  await page.click("#undo-step");
  await page.waitForFunction(() => document.querySelector("#aws-rule-1-schedule")?.value !== "cron(0 6 ? * SUN *)");
  assert.equal(await page.inputValue("#aws-rule-0-schedule"), "cron(0 4 * * ? *)");
  await page.click("#undo-step");
  await page.waitForFunction((c) => document.querySelector("#aws-rule-0-schedule")?.value === c, cron0);
  await assertAlive(page, errors, "two rows");
  await context.close();
});

test("Ctrl+Z in the import box undoes its own typing, not the scenario", async () => {
  const { page, context, errors } = await h.open();
  await page.fill("#scenario-name-input", "Mine");
  await page.waitForFunction((k) => (localStorage.getItem(k) ?? "").includes('"name":"Mine"'), KEY);
  await page.click("#import-text");
  await page.keyboard.type("abc");
  await page.keyboard.press("Control+z");
  await page.waitForTimeout(300);
  assert.equal(await page.inputValue("#scenario-name-input"), "Mine");
  // In an editor's field it is the scenario's undo.
  await page.click("#data-gb");
  await page.keyboard.press("Control+z");
  await page.waitForFunction(() => document.querySelector("#scenario-name-input")?.value !== "Mine");
  await assertAlive(page, errors, "own undo");
  await context.close();
});
