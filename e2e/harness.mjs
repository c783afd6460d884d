// Shared set-up of the end-to-end tests: the built dist/ served under
// /btar/ on loopback, one headless Chromium, and pages that record every
// uncaught error and console error.
import { before, after } from "node:test";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { serveDist } from "./server.mjs";
import { launch } from "./browser.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const DIST = process.env.BTAR_DIST ?? join(here, "..", "dist");
export const SHOTS = join(here, "..", "target", "e2e");
export const KEY = "btar-planner/scenario";
export const FIXTURES = join(here, "..", "tests", "fixtures");

/** Starts the server and the browser before the file's tests, stops them after. */
export function harness() {
  const h = { server: null, browser: null };
  before(async () => {
    await mkdir(SHOTS, { recursive: true });
    h.server = await serveDist(DIST, "/btar/");
    h.browser = await launch();
  });
  after(async () => {
    await h.browser?.close();
    await h.server?.close();
  });
  /** A fresh context and page at `url` (the app by default), its errors recorded. */
  h.open = async (width = 1280, height = 900, url = null, context = null) => {
    const ctx = context ?? (await h.browser.newContext({ viewport: { width, height } }));
    const page = await ctx.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.setDefaultTimeout(15_000);
    await page.goto(url ?? h.server.url);
    await page.waitForSelector("#scenario-name");
    return { page, context: ctx, errors };
  };
  return h;
}

/** Loads a preset from the preset picker and waits for its notice. */
export async function loadPreset(page, id) {
  // The formats worker reads the preset: wait for its notice, by name.
  const title = await page.$eval(`#preset option[value="${id}"]`, (o) => o.textContent);
  await page.selectOption("#preset", id);
  await page.waitForFunction((t) => (document.querySelector("#notice")?.textContent ?? "").includes(t), title);
}

/** Fails if the crash notice shows or the page logged an error. */
export async function assertAlive(page, errors, what) {
  const crashed = await page.evaluate(() => !document.querySelector("#crash")?.hidden);
  if (crashed || errors.length > 0) {
    const detail = await page.evaluate(() => document.querySelector("#crash-detail")?.textContent ?? "");
    throw new Error(`${what}: crash=${crashed} ${detail} errors=${JSON.stringify(errors)}`);
  }
}

/**
 * The header and the results agree: "Every platform rule holds" exactly
 * when results are shown and no field shows an error, an error count
 * exactly when they are blocked.
 */
export async function assertHeaderAgrees(page, what) {
  const s = await page.evaluate(() => ({
    ok: !!document.querySelector("#checks-ok"),
    errors: document.querySelector("#checks-errors")?.textContent ?? "",
    blocked: !!document.querySelector("#results-blocked"),
    // A large plan's results come from the simulation worker: running
    // or stopped there stands for them.
    shown: !!document.querySelector("#sim-meta, #analysis-running, #analysis-stopped"),
    fieldErrors: document.querySelectorAll(".field-error").length,
  }));
  // "Every platform rule holds" over a field that shows an error, or over
  // results blocked by one, is a header that lies.
  if (s.ok === s.blocked || s.ok !== s.shown || (s.ok && s.fieldErrors > 0)) {
    throw new Error(`${what}: header and results disagree: ${JSON.stringify(s)}`);
  }
}

/** A small seeded PRNG (mulberry32), so a failing order can be replayed. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle(list, random) {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
