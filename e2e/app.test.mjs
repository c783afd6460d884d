// End to end: the release dist/ served under /btar/, driven in headless
// Chromium. Screenshots go to target/e2e/ for a person to look at.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { serveDist } from "./server.mjs";
import { launch, inkedPixels } from "./browser.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const DIST = process.env.BTAR_DIST ?? join(here, "..", "dist");
const SHOTS = join(here, "..", "target", "e2e");

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

async function open(width = 1280, height = 900) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.setDefaultTimeout(15_000);
  await page.goto(server.url);
  await page.waitForSelector("#scenario-name");
  return { page, context, errors };
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

test("the cost chart is drawn on the canvas and matches its table", async () => {
  const { page, context } = await open();
  const { inked, total } = await inkedPixels(page, "#cost-chart");
  assert.ok(inked > total / 20, `only ${inked} of ${total} pixels inked`);
  assert.ok(inked < (total * 9) / 10, `${inked} of ${total} pixels inked`);
  assert.match(await page.textContent("#cost-total"), /^\$\d+\.\d\d$/);
  await page.screenshot({ path: join(SHOTS, "app-1280.png"), fullPage: true });
  await context.close();
});

test("choosing the Zilliz preset shows the billing example total of $2.80", async () => {
  const { page, context } = await open();
  await page.selectOption("#preset", "zilliz-billing");
  await page.waitForFunction(() => document.querySelector("#cost-total")?.textContent === "$2.80");
  assert.match(await page.textContent("#scenario-name"), /Zilliz billing example/);
  await context.close();
});

test("the layout works on a 390 px phone screen", async () => {
  const { page, context, errors } = await open(390, 844);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await page.screenshot({ path: join(SHOTS, "app-390.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});
