// End to end: the release dist/ served under /btar/, driven in headless
// Chromium as a person would use it. Screenshots go to target/e2e/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { serveDist } from "./server.mjs";
import { launch, inkedPixels } from "./browser.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const DIST = process.env.BTAR_DIST ?? join(here, "..", "dist");
const SHOTS = join(here, "..", "target", "e2e");
const KEY = "btar-planner/scenario";

let server, browser;

before(async () => {
  await mkdir(SHOTS, { recursive: true });
  server = await serveDist(DIST, "/btar/");
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(width = 1280, height = 900, url = server.url, scale = 1) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.setDefaultTimeout(15_000);
  await page.goto(url);
  await page.waitForSelector("#scenario-name");
  return { page, context, errors };
}

async function loadPreset(page, id) {
  // The formats worker reads the preset: wait for its notice, by name.
  const title = await page.$eval(`#preset option[value="${id}"]`, (o) => o.textContent);
  await page.selectOption("#preset", id);
  await page.waitForFunction((t) => (document.querySelector("#notice")?.textContent ?? "").includes(t), title);
}

test("the app loads from a sub-path with every asset under it", async () => {
  const { page, context, errors } = await open();
  assert.match(await page.title(), /BTAR Planner/);
  assert.match(await page.textContent("#scenario-name"), /Aiven PostgreSQL/);
  const assets = server.requests.filter((p) => /\.(wasm|js|css)$/.test(p));
  assert.ok(assets.some((p) => p.endsWith(".wasm")), `no wasm fetched: ${assets}`);
  for (const p of assets) assert.ok(p.startsWith("/btar/"), `${p} is not under /btar/`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the documents the app names are links that open, under the sub-path", async () => {
  const { page, context, errors } = await open();
  const links = await page.$$eval("a.doc-link", (as) => as.map((a) => a.getAttribute("href")));
  assert.ok(links.includes("docs/pricing.md"), `${links}`);
  const [doc] = await Promise.all([context.waitForEvent("page"), page.click(".app-footer a.doc-link")]);
  await doc.waitForLoadState();
  assert.ok(new URL(doc.url()).pathname === "/btar/docs/pricing.md", doc.url());
  assert.match(await doc.textContent("body"), /# Prices and where they come from/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the default scenario simulates and draws its charts", async () => {
  const { page, context } = await open();
  for (const id of ["#lag-chart", "#backlog-chart", "#cost-chart"]) {
    const { inked, total } = await inkedPixels(page, id);
    assert.ok(inked > total / 50, `${id}: only ${inked} of ${total} pixels inked`);
  }
  assert.match(await page.textContent("#lag-table"), /aws-eu-central-1/);
  assert.match(await page.textContent("#fork-0 .recovery-point"), /2026-01-25 03:00 UTC/);
  // The copy-job log filtered by creation date: the copies of Jan 20 and 21.
  await page.fill("#job-from", "2026-01-20");
  await page.fill("#job-to", "2026-01-21");
  await page.waitForFunction(() => /^2 job\(s\) match/.test(document.querySelector("#copy-count")?.textContent ?? ""));
  // Those jobs as CSV, as an operator would keep them.
  const [csv] = await Promise.all([page.waitForEvent("download"), page.click("#copy-csv")]);
  assert.equal(csv.suggestedFilename(), "copy-jobs.csv");
  const lines = (await readFile(await csv.path(), "utf8")).trim().split("\n");
  assert.match(lines[0], /^copy_job_id,rule,source_region,destination_region,created,/);
  assert.equal(lines.length, 3);
  assert.match(lines[1], /,aws-eu-west-1,aws-eu-central-1,2026-01-20T03:2\d:\d\dZ,.*,COMPLETED,/);
  await page.fill("#job-to", "");
  await page.waitForFunction(() => /^15 job\(s\) match/.test(document.querySelector("#copy-count")?.textContent ?? ""));
  await page.screenshot({ path: join(SHOTS, "app-1280.png"), fullPage: false });
  await page.screenshot({ path: join(SHOTS, "app-1280-full.png"), fullPage: true });
  await context.close();
});

test("the lag chart reads out the values under the pointer and the arrow keys", async () => {
  const { page, context, errors } = await open();
  await page.waitForSelector("#lag-chart");
  const box = await page.locator("#lag-chart").boundingBox();
  // The plot runs from 58 px to 26 px before the right edge; the default
  // span is 30 days from 2026-01-05 and the primary is down on Jan 25
  // 14:00–22:00. Jan 25 18:00 is 20.75 days in.
  const plot = (days) => 58 + (days / 30) * (box.width - 26 - 58);
  await page.mouse.move(box.x + plot(20.75), box.y + 100);
  const during = await page.textContent("#lag-chart-readout");
  assert.match(during, /^2026-01-25 1[78]:\d\d UTC: lag aws-eu-central-1 \d.* \(down: aws-eu-west-1\)$/);
  assert.ok(await page.locator(".chart-cursor").isVisible());
  await page.mouse.move(box.x + plot(3), box.y + 100);
  assert.doesNotMatch(await page.textContent("#lag-chart-readout"), /down:/);
  // Over the axis: no readout, no cursor.
  await page.mouse.move(box.x + 20, box.y + 100);
  assert.equal(await page.locator(".chart-cursor").count(), 0);
  // By keyboard: Home and End go to the ends of the span, arrows step.
  await page.focus("#lag-chart");
  await page.keyboard.press("Home");
  assert.match(await page.textContent("#lag-chart-readout"), /^2026-01-05 00:0\d UTC: lag aws-eu-central-1 /);
  await page.keyboard.press("End");
  assert.match(await page.textContent("#lag-chart-readout"), /^2026-02-0[34] \d\d:\d\d UTC/);
  const end = await page.textContent("#lag-chart-readout");
  await page.keyboard.press("ArrowLeft");
  assert.notEqual(await page.textContent("#lag-chart-readout"), end);
  await page.keyboard.press("Escape");
  assert.equal(await page.locator(".chart-cursor").count(), 0);
  // An edit re-simulates: a readout of the old run is not left standing.
  await page.keyboard.press("Home");
  await page.fill("#data-gb", "300");
  await page.waitForFunction(() => /^Point at the chart/.test(document.querySelector("#lag-chart-readout").textContent));
  assert.deepEqual(errors, []);
  await context.close();
});

test("the Zilliz preset reproduces the billing example: $2.80", async () => {
  const { page, context } = await open();
  await loadPreset(page, "zilliz-billing");
  await page.waitForFunction(() => document.querySelector("#cross-region-total")?.textContent.includes("$2.80"));
  assert.match(await page.textContent("#scenario-name"), /Zilliz billing example/);
  await context.close();
});

test("a primary outage and a fork give the recovery point and the data lost", async () => {
  const { page, context } = await open();
  await loadPreset(page, "aiven-pg-business");
  // Start from an empty timeline.
  while ((await page.$$("li.event")).length > 0) {
    await page.click("li.event button.danger");
  }
  await page.click("#add-outage");
  await page.click("#add-fork");
  // The outage defaults to the primary region at mid-span (2026-01-20 00:00, 6 h); the fork an hour later.
  await page.waitForSelector("#fork-0 .recovery-point");
  assert.equal((await page.textContent("#fork-0 .recovery-point")).trim(), "2026-01-19 03:00 UTC");
  assert.equal((await page.textContent("#fork-0 .data-lost")).trim(), "21 h 00 min");
  // A point in time after the newest secondary backup is refused with a reason.
  await page.selectOption("#event-1-target", "pitr");
  await page.fill("#event-1-pitr", "2026-01-19T12:00");
  await page.waitForSelector("#fork-0.fork-error");
  assert.match(await page.textContent("#fork-0"), /after the newest backup in the secondary location/);
  await page.screenshot({ path: join(SHOTS, "fork-error-1280.png"), fullPage: false });
  await context.close();
});

test("a share link restores the scenario exactly in a fresh browser", async () => {
  const a = await open();
  await a.page.fill("#scenario-name-input", "Shared plan 42");
  await a.page.click("#share-button");
  const link = await a.page.inputValue("#share-link");
  assert.ok(link.includes("/btar/#s=1."), link);
  const exported = await a.page.evaluate((k) => localStorage.getItem(k), KEY);
  await a.context.close();
  const b = await open(1280, 900, link);
  assert.equal(await b.page.inputValue("#scenario-name-input"), "Shared plan 42");
  assert.match(await b.page.textContent("#notice"), /share link/);
  const restored = await b.page.evaluate((k) => localStorage.getItem(k), KEY);
  assert.equal(restored, exported);
  await b.context.close();
});

test("a preset, a platform switch or a share link can be undone, so a wrong click loses nothing", async () => {
  const { page, context, errors } = await open();
  await page.fill("#scenario-name-input", "My own plan");
  await page.fill("#data-gb", "321");
  await page.waitForFunction((k) => (localStorage.getItem(k) ?? "").includes("My own plan"), KEY);
  await loadPreset(page, "zilliz-billing");
  assert.match(await page.inputValue("#scenario-name-input"), /Zilliz/);
  await page.click("#undo");
  await page.waitForFunction(() => document.querySelector("#scenario-name-input")?.value === "My own plan");
  assert.equal(await page.inputValue("#data-gb"), "321");
  assert.match(await page.textContent("#notice"), /Brought back 'My own plan'/);
  assert.equal(await page.locator("#undo").count(), 0, "one step back");
  await page.waitForFunction((k) => (localStorage.getItem(k) ?? "").includes("My own plan"), KEY);
  // A platform switch replaces the scenario too; an edit after it ends the undo.
  await page.check("#platform-aws");
  await page.waitForSelector("#undo");
  await page.fill("#scenario-name-input", "AWS after all");
  await page.waitForSelector("#undo", { state: "detached" });
  // A share link opened over saved work offers that work back.
  await page.click("#share-button");
  const shared = await page.inputValue("#share-link");
  await page.fill("#scenario-name-input", "Saved before the link");
  await page.waitForFunction((k) => (localStorage.getItem(k) ?? "").includes("Saved before the link"), KEY);
  await page.goto("about:blank");
  await page.goto(shared);
  await page.waitForSelector("#undo");
  assert.equal(await page.inputValue("#scenario-name-input"), "AWS after all");
  assert.match(await page.textContent("#notice"), /Undo brings back the scenario you had/);
  await page.click("#undo");
  await page.waitForFunction(() => document.querySelector("#scenario-name-input")?.value === "Saved before the link");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a reload keeps the scenario", async () => {
  const { page, context } = await open();
  await page.fill("#scenario-name-input", "Kept across reloads");
  await page.fill("#data-gb", "321");
  // Autosave runs after the edit renders; a person's reload comes later than that.
  await page.waitForFunction((k) => (localStorage.getItem(k) ?? "").includes('"data_gb":321'), KEY);
  // Jumping to an in-page section puts #io in the address; a reload then is
  // no share link to open.
  await page.click("nav.jump a[href='#io']");
  await page.waitForFunction(() => location.hash === "#io");
  await page.reload();
  await page.waitForSelector("#scenario-name");
  assert.equal(await page.inputValue("#scenario-name-input"), "Kept across reloads");
  assert.equal(await page.inputValue("#data-gb"), "321");
  assert.equal(await page.locator("#notice").count(), 0, "no notice for an in-page anchor");
  await context.close();
});

test("corrupted storage and a bad share link give a notice and a working app", async () => {
  const { page, context, errors } = await open();
  await page.evaluate((k) => localStorage.setItem(k, '{"version": 1, "platform": {"aiven": 3'), KEY);
  await page.reload();
  await page.waitForSelector("#notice.notice-error");
  assert.match(await page.textContent("#notice"), /could not be read/);
  await page.waitForSelector("#checks-ok");
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("btar-planner/scenario.unreadable.")).map((k) => localStorage.getItem(k))), ['{"version": 1, "platform": {"aiven": 3']);
  await page.evaluate((k) => localStorage.setItem(k, '{"version": 7, "platform": {}}'), KEY);
  await page.reload();
  await page.waitForSelector("#notice.notice-error");
  assert.match(await page.textContent("#notice"), /newer BTAR Planner/);
  assert.deepEqual(errors, []);
  await context.close();
  // A damaged share link, opened fresh.
  const b = await open(1280, 900, server.url + "#s=1.bm90LWEtc2NlbmFyaW8");
  await b.page.waitForSelector("#notice.notice-error");
  assert.match(await b.page.textContent("#notice"), /share link could not be opened/);
  await b.page.waitForSelector("#lag-chart");
  assert.deepEqual(b.errors, []);
  await b.context.close();
});

test("blocked or full storage gives a notice and a working app", async () => {
  // Storage the browser refuses outright (cookies blocked for the site):
  // reading window.localStorage throws.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    Object.defineProperty(window, "localStorage", {
      configurable: true,
      get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
    });
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(server.url);
  await page.waitForSelector("#notice.notice-error");
  assert.match(await page.textContent("#notice"), /Autosave is off.*SecurityError/);
  await page.waitForSelector("#cross-region-total");
  const before = await page.textContent("#cross-region-total");
  await page.fill("#data-gb", "321");
  await page.waitForFunction((t) => document.querySelector("#cross-region-total").textContent !== t, before);
  assert.deepEqual(errors, []);
  await context.close();
  // Storage that is full: every write throws QuotaExceededError. One notice,
  // not one per edit; the edits still count.
  const full = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await full.addInitScript(() => {
    Storage.prototype.setItem = function () { throw new DOMException("quota", "QuotaExceededError"); };
  });
  const b = await full.newPage();
  const bErrors = [];
  b.on("pageerror", (e) => bErrors.push(String(e)));
  await b.goto(server.url);
  await b.waitForSelector("#notice.notice-error");
  assert.match(await b.textContent("#notice"), /Autosave failed.*QuotaExceededError/);
  await b.click("#dismiss");
  await b.waitForSelector("#cross-region-total");
  const was = await b.textContent("#cross-region-total");
  await b.fill("#data-gb", "321");
  await b.waitForFunction((t) => document.querySelector("#cross-region-total").textContent !== t, was);
  await b.waitForTimeout(100);
  assert.equal(await b.locator("#notice").count(), 0, "a failing autosave is told once, not on every edit");
  assert.deepEqual(bErrors, []);
  await full.close();
});

test("an unexpected error or a failed start shows the crash notice, and a fresh start recovers", async () => {
  // An exception thrown past the app mid-edit (here performance.now, which
  // every re-simulation reads, starts throwing).
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    const now = Performance.prototype.now;
    Performance.prototype.now = function () {
      if (window.__boom) throw new Error("boom from performance.now");
      return now.call(this);
    };
  });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector("#cross-region-total");
  assert.ok(await page.locator("#crash").isHidden(), "no crash notice on a healthy start");
  // Errors that are not the app's leave it alone.
  await page.evaluate(() => {
    dispatchEvent(new ErrorEvent("error", { message: "Uncaught TypeError: x", filename: "chrome-extension://abc/content.js" }));
    dispatchEvent(new ErrorEvent("error", { message: "ResizeObserver loop completed with undelivered notifications." }));
  });
  assert.ok(await page.locator("#crash").isHidden(), "an extension's error is not the app's crash");
  await page.fill("#data-gb", "321");
  await page.waitForFunction((k) => (localStorage.getItem(k) ?? "").includes('"data_gb":321'), KEY);
  await page.evaluate(() => { window.__boom = true; });
  await page.fill("#data-gb", "322");
  await page.waitForSelector("#crash", { state: "visible" });
  assert.match(await page.textContent("#crash"), /stopped on an unexpected error.*boom from performance\.now/s);
  // Starting over keeps the saved scenario aside and opens the default.
  await page.click("#crash-reset");
  await page.waitForSelector("#cross-region-total");
  assert.ok(await page.locator("#crash").isHidden());
  assert.match(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("btar-planner/scenario.unreadable.")).map((k) => localStorage.getItem(k)).join("\n")), /"data_gb":321/);
  assert.match(await page.textContent("#scenario-name"), /Aiven PostgreSQL business-8/);
  await context.close();
  // The WebAssembly cannot be fetched: the page says so instead of
  // "Loading…" forever.
  const offline = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await offline.route(/\.wasm$/, (route) => route.abort());
  const b = await offline.newPage();
  await b.goto(server.url);
  await b.waitForSelector("#crash", { state: "visible" });
  assert.match(await b.textContent("#crash-title"), /could not start/);
  await offline.close();
});

test("importing the AWS guide's plan command gives both rules, valid", async () => {
  const { page, context } = await open();
  const cmd = await readFile(join(here, "..", "tests", "fixtures", "aws-guide-command.sh"), "utf8");
  await page.fill("#import-text", cmd);
  await page.click("#import-button");
  await page.waitForSelector("#notice");
  assert.match(await page.textContent("#notice"), /Imported aws backup create-backup-plan command/);
  assert.ok(await page.isChecked("#platform-aws"));
  assert.match(await page.textContent("#aws-rule-0 h4"), /DailyWithDRCopy/);
  assert.match(await page.textContent("#aws-rule-1 h4"), /WeeklyWithDRCopy/);
  await page.waitForSelector("#checks-ok");
  // The guide's cost-saving lifecycle is flagged next to the field.
  await page.fill("#aws-rule-0-copy-0-lc-cold", "7");
  await page.fill("#aws-rule-0-copy-0-lc-delete", "90");
  const msg = await page.textContent("[data-field='platform.aws.plan.Rules[0].CopyActions[0].Lifecycle.DeleteAfterDays']");
  assert.match(msg, /at least 97/);
  // The results say what blocks them, beside the editors.
  assert.match(await page.textContent("#results-blocked"), /CopyActions\[0\]\.Lifecycle\.DeleteAfterDays: .*at least 97/);
  // Messages wrap inside the editor column, long field names and all.
  const spill = await page.$$eval(".field-messages", (ms) => ms
    .map((m) => m.getBoundingClientRect().right - m.closest("fieldset").getBoundingClientRect().right)
    .filter((d) => d > 0));
  assert.deepEqual(spill, []);
  await page.screenshot({ path: join(SHOTS, "aws-import-1280.png"), fullPage: false });
  await context.close();
});

test("importing from a file: a plan, the same file again, an Aiven body, and one too large", async () => {
  const { page, context, errors } = await open();
  const fixture = (name) => join(here, "..", "tests", "fixtures", name);
  await page.setInputFiles("#import-file", fixture("aws-guide-plan.json"));
  await page.waitForSelector("#notice");
  assert.match(await page.textContent("#notice"), /Imported AWS Backup plan.*aws-guide-plan\.json/s);
  assert.match(await page.textContent("#aws-rule-1 h4"), /WeeklyWithDRCopy/);
  // The picker is cleared, so the browser reports the same file chosen
  // again as a change and it imports again.
  assert.equal(await page.$eval("#import-file", (i) => i.files.length), 0);
  await page.fill("#aws-plan-name", "edited");
  await page.click("#dismiss");
  await page.setInputFiles("#import-file", fixture("aws-guide-plan.json"));
  await page.waitForSelector("#notice");
  assert.notEqual(await page.inputValue("#aws-plan-name"), "edited");
  await page.setInputFiles("#import-file", fixture("aiven-create-pg.json"));
  await page.waitForFunction(() => document.querySelector("#platform-aiven")?.checked);
  // Over the size limit: refused with the reason, the scenario kept.
  await page.click("#dismiss");
  await page.setInputFiles("#import-file", { name: "huge.json", mimeType: "application/json", buffer: Buffer.alloc(1024 * 1024 + 1, 32) });
  await page.waitForSelector("#notice.notice-error");
  assert.match(await page.textContent("#notice"), /huge\.json is larger than 1048576 bytes; nothing was imported/);
  assert.ok(await page.isChecked("#platform-aiven"));
  assert.deepEqual(errors, []);
  await context.close();
});

test("the results stay in view while the editors scroll", async () => {
  const { page, context } = await open();
  await page.waitForSelector("#add-outage");
  await page.mouse.move(200, 600);
  await page.mouse.wheel(0, 1500);
  await page.waitForFunction(() => scrollY >= 1000);
  const top = await page.$eval(".results-area", (r) => r.getBoundingClientRect().top);
  assert.ok(top >= 0 && top <= 20, `the results column is at ${top}px`);
  await context.close();
});

test("the layout works on a 390 px phone screen", async () => {
  const { page, context, errors } = await open(390, 844);
  await page.waitForSelector("#cost-chart");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  // The page clips sideways overflow, so also look for anything cut off:
  // every box ends inside the screen (tables stack into cards here, so only
  // code scrolls sideways), and no box's text runs out of it.
  const outside = () => page.evaluate(() => {
    const boxes = [...document.querySelectorAll("body *")].filter((e) => !e.closest("pre, .sr-summary"));
    return {
      cut: boxes.filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .map((e) => e.id || e.className || e.tagName).slice(0, 5),
      spilling: boxes.filter((e) => e.clientWidth > 0)
        .filter((e) => getComputedStyle(e).overflowX === "visible" && e.scrollWidth > e.clientWidth + 1)
        .map((e) => `${e.tagName}#${e.id}.${e.className}: ${e.scrollWidth} > ${e.clientWidth}`).slice(0, 5),
    };
  });
  assert.deepEqual(await outside(), { cut: [], spilling: [] });
  // Wide tables are cards of label and value, and the legend sits above the
  // plot rather than on it.
  const copyRow = await page.$eval("#copy-table tbody tr", (tr) => ({
    display: getComputedStyle(tr).display,
    label: getComputedStyle(tr.cells[3], "::before").content,
  }));
  assert.deepEqual(copyRow, { display: "block", label: '"Created"' });
  await page.screenshot({ path: join(SHOTS, "app-390.png"), fullPage: false });
  await page.screenshot({ path: join(SHOTS, "app-390-full.png"), fullPage: true });
  // Every platform's editors and results fit too.
  for (const preset of ["aws-guide-two-dr", "zilliz-billing"]) {
    await loadPreset(page, preset);
    await page.waitForSelector("#cost-chart");
    assert.deepEqual(await outside(), { cut: [], spilling: [] }, preset);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test("long scenarios compare the levers on request", async () => {
  const { page, context, errors } = await open();
  await loadPreset(page, "aws-guide-two-dr");
  await page.waitForSelector("#levers-table");
  await page.fill("#sim-days", "3000");
  await page.waitForSelector("#compare-levers");
  // The five simulations run after a frame that says they are running.
  await page.evaluate(() => {
    window.__busySeen = false;
    new MutationObserver(() => { if (document.querySelector("#levers-busy")) window.__busySeen = true; })
      .observe(document.body, { childList: true, subtree: true });
  });
  await page.click("#compare-levers");
  await page.waitForSelector("#levers-table");
  assert.ok(await page.evaluate(() => window.__busySeen), "no progress shown while comparing");
  // The copy-job log of a long run shows a page at a time.
  assert.equal(await page.locator("#copy-table tbody tr").count(), 50);
  await page.click("#copy-more");
  await page.waitForFunction(() => document.querySelectorAll("#copy-table tbody tr").length === 100);
  assert.match(await page.textContent("#copy-count"), /job\(s\) match; showing 100\./);
  assert.match(await page.textContent("#levers-table"), /one DR region/);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Shows an export and returns its text, once the worker has written it. */
async function showExport(page, id) {
  await page.click(`#show-${id}`);
  await page.waitForSelector(`.export-view[data-export="${id}"][aria-busy="false"]`);
  return page.textContent("#export-text");
}

test("exports give the real formats and downloads", async () => {
  const { page, context, errors } = await open();
  const avn = await showExport(page, "avn");
  assert.match(avn, /^avn service create orders-pg/);
  assert.match(avn, /-c 'additional_backup_regions=\["aws-eu-central-1"\]'/);
  const body = JSON.parse(await showExport(page, "aiven"));
  assert.equal(body.service_type, "pg");
  assert.deepEqual(body.user_config.additional_backup_regions, ["aws-eu-central-1"]);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-scenario")]);
  assert.equal(download.suggestedFilename(), "scenario.json");
  const saved = JSON.parse(await readFile(await download.path(), "utf8"));
  assert.equal(saved.version, 1);
  assert.equal(saved.platform.aiven.service_name, "orders-pg");
  const [png] = await Promise.all([page.waitForEvent("download"), page.click("#lag .chart-box button")]);
  assert.equal(png.suggestedFilename(), "lag-chart.png");
  const bytes = await readFile(await png.path());
  assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  await loadPreset(page, "aws-guide-one-dr");
  const plan = JSON.parse(await showExport(page, "aws"));
  assert.equal(plan.Rules.length, 2);
  assert.equal(plan.Rules[0].CopyActions[0].DestinationBackupVaultArn, "arn:aws:backup:us-west-2:123456789012:backup-vault:production-dr");
  // The shown export follows an edit: written again for the new plan name.
  await page.fill("#aws-plan-name", "renamed-plan");
  await page.waitForFunction(() => /renamed-plan/.test(document.querySelector("#export-text")?.textContent ?? ""));
  // Downloads come from the worker too.
  const [cli] = await Promise.all([page.waitForEvent("download"), page.click("#download-aws-cli")]);
  assert.equal(cli.suggestedFilename(), "create-backup-plan.sh");
  assert.match(await readFile(await cli.path(), "utf8"), /^aws backup create-backup-plan/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("charts are drawn at the screen's pixel density", async () => {
  const { page, context, errors } = await open(1280, 900, server.url, 2);
  await page.waitForSelector("#cost-chart");
  for (const id of ["#lag-chart", "#backlog-chart", "#cost-chart", "#map-chart"]) {
    const { css, backing } = await page.$eval(id, (c) => ({ css: c.getBoundingClientRect().width, backing: c.width }));
    assert.ok(Math.abs(backing - 2 * css) <= 2, `${id}: ${backing} backing pixels for ${css} CSS pixels at 2x`);
  }
  // Lines and labels keep their CSS size: the inked share of the canvas is
  // about the same as at 1x (drawing in device pixels would halve it).
  const at2 = await inkedPixels(page, "#lag-chart");
  const one = await open(1280, 900);
  const at1 = await inkedPixels(one.page, "#lag-chart");
  await one.context.close();
  const [f2, f1] = [at2.inked / at2.total, at1.inked / at1.total];
  assert.ok(Math.abs(f2 - f1) / f1 < 0.25, `inked share ${f2.toFixed(4)} at 2x vs ${f1.toFixed(4)} at 1x`);
  await page.screenshot({ path: join(SHOTS, "app-1280-hidpi.png"), clip: { x: 470, y: 60, width: 800, height: 520 } });
  assert.deepEqual(errors, []);
  await context.close();
});

test("every control has a label and keyboard focus is visible and sufficient", async () => {
  const { page, context, errors } = await open();
  await page.waitForSelector("#add-outage");
  const unlabelled = await page.$$eval("input, select, textarea", (els) =>
    els.filter((e) => e.labels.length === 0 && !e.getAttribute("aria-label") && !e.getAttribute("aria-labelledby"))
      .map((e) => e.id || e.outerHTML.slice(0, 80)));
  assert.deepEqual(unlabelled, []);
  // Date and time inputs are wide enough to show their whole value
  // ("01/05/2026, 12:00 AM" and its picker button need about 200 px).
  const narrow = await page.$$eval("input[type=date], input[type=datetime-local]", (is) => is
    .filter((i) => i.clientWidth < (i.type === "date" ? 140 : 200)).map((i) => `${i.id}: ${i.clientWidth}px`));
  assert.deepEqual(narrow, []);
  // Tab through the first controls: each one shows a focus ring.
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    const ring = await page.evaluate(() => {
      const e = document.activeElement;
      const st = getComputedStyle(e);
      return { what: e.id || e.tagName, ok: st.outlineStyle !== "none" && parseFloat(st.outlineWidth) >= 2 };
    });
    assert.ok(ring.ok, `no visible focus on ${ring.what}`);
  }
  // Add an outage and remove it again with the keyboard alone.
  const events = () => page.$$eval("li.event", (l) => l.length);
  const before = await events();
  await page.focus("#add-outage");
  await page.keyboard.press("Enter");
  await page.waitForFunction((n) => document.querySelectorAll("li.event").length === n + 1, before);
  await page.focus(`#event-${before} button.danger`);
  await page.keyboard.press("Space");
  await page.waitForFunction((n) => document.querySelectorAll("li.event").length === n, before);
  assert.equal(await events(), before);
  assert.deepEqual(errors, []);
  await context.close();
});
