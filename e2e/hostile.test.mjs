// Every field of every platform's editors gets hostile values, typed key by
// key as a person would, and every timeline event is added at the span's
// start and end: the app must never crash, log an error, or show a header
// that disagrees with its results. The order is seeded (BTAR_E2E_SEED
// replays one); the seed is printed.
import { test } from "node:test";
import { harness, loadPreset, assertAlive, assertHeaderAgrees, rng, shuffle } from "./harness.mjs";

const h = harness();
const SEED = Number(process.env.BTAR_E2E_SEED ?? Date.now() % 1_000_000);
const VALUES = ["", "0", "-1", "1", "7", "14", "99999999999999999999", "1e309", "NaN", "abc", "🦀", "3.5"];
const DATES = ["0001-01-01T00:00", "275760-09-13T00:00", "9999-12-31T23:59", "1970-01-01T00:00", "2026-01-05T00:00", ""];
const PRESETS = ["aiven-pg-business", "aws-guide-two-dr", "zilliz-billing"];
// Inputs outside the scenario editors (import, share link, copy-job filter)
// are not scenario fields.
const EDITORS = ".scenario-area";

async function fieldIds(page) {
  return page.$$eval(`${EDITORS} input, ${EDITORS} select`, (els) =>
    els.filter((e) => e.id && e.type !== "file" && !e.closest("#io")).map((e) => ({ id: e.id, kind: e.tagName === "SELECT" ? "select" : e.type })));
}

async function typeInto(page, id, value) {
  await page.click(`[id="${id}"]`, { clickCount: 3 });
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Backspace");
  if (value) await page.keyboard.type(value);
}

async function setDate(page, id, value) {
  await page.$eval(`[id="${id}"]`, (e, v) => {
    e.value = v;
    e.dispatchEvent(new Event("input", { bubbles: true }));
  }, value);
}

for (const preset of PRESETS) {
  test(`hostile values in every field of ${preset} (seed ${SEED})`, async () => {
    console.log(`# hostile values: seed ${SEED} (BTAR_E2E_SEED=${SEED} replays it)`);
    const random = rng(SEED + PRESETS.indexOf(preset));
    const { page, context, errors } = await h.open();
    await loadPreset(page, preset);
    await page.waitForSelector(`${EDITORS} #sim-days`);
    const fields = shuffle(await fieldIds(page), random);
    assert(fields.length >= 10, `only ${fields.length} fields found`);
    let tried = 0;
    for (const f of fields) {
      if (!(await page.$(`[id="${f.id}"]`))) continue; // gone after an earlier value
      if (f.kind === "select") {
        const values = await page.$$eval(`[id="${f.id}"] option`, (os) => os.filter((o) => !o.disabled).map((o) => o.value));
        for (const v of shuffle(values, random).slice(0, 6)) {
          if (!(await page.$(`[id="${f.id}"]`))) break;
          // An earlier choice can rule out an option (a region that breaks a rule).
          const enabled = await page.$$eval(`[id="${f.id}"] option`, (os, v) => os.some((o) => o.value === v && !o.disabled), v);
          if (!enabled) continue;
          await page.selectOption(`[id="${f.id}"]`, v);
          await assertAlive(page, errors, `${preset} ${f.id} = ${v}`);
          await assertHeaderAgrees(page, `${preset} ${f.id} = ${v}`);
          tried++;
        }
      } else if (f.kind === "checkbox") {
        for (let i = 0; i < 2; i++) {
          if (!(await page.$(`[id="${f.id}"]`))) break;
          await page.click(`[id="${f.id}"]`);
          await assertAlive(page, errors, `${preset} ${f.id} toggled`);
          await assertHeaderAgrees(page, `${preset} ${f.id} toggled`);
          tried++;
        }
      } else if (f.kind === "datetime-local" || f.kind === "date") {
        for (const v of shuffle(DATES, random)) {
          if (!(await page.$(`[id="${f.id}"]`))) break;
          await setDate(page, f.id, f.kind === "date" ? v.slice(0, v.indexOf("T")) : v);
          await assertAlive(page, errors, `${preset} ${f.id} = ${v}`);
          await assertHeaderAgrees(page, `${preset} ${f.id} = ${v}`);
          tried++;
        }
      } else if (f.kind === "text") {
        for (const v of shuffle(VALUES, random)) {
          if (!(await page.$(`[id="${f.id}"]`))) break;
          await typeInto(page, f.id, v);
          await assertAlive(page, errors, `${preset} ${f.id} = ${JSON.stringify(v)}`);
          await assertHeaderAgrees(page, `${preset} ${f.id} = ${JSON.stringify(v)}`);
          tried++;
        }
      }
    }
    console.log(`# ${preset}: ${fields.length} fields, ${tried} values`);
    await context.close();
  });
}

test(`every timeline event at the span's start and end, on every span length (seed ${SEED})`, async () => {
  const random = rng(SEED);
  const { page, context, errors } = await h.open();
  await page.waitForSelector("#sim-days");
  for (const days of shuffle(["1", "7", "14", "30", "400"], random)) {
    await typeInto(page, "sim-days", days);
    for (const add of ["add-outage", "add-fork", "add-change", "add-migrate", "add-disable", "add-enable"]) {
      await page.click(`#${add}`);
      await assertAlive(page, errors, `${add} with ${days} days`);
      const n = (await page.$$("li.event")).length;
      const at = `event-${n - 1}-at`;
      const start = await page.inputValue("#sim-start");
      const end = await page.evaluate(([s, d]) => {
        const t = new Date(s + "Z");
        t.setUTCDate(t.getUTCDate() + Number(d));
        return t.toISOString().slice(0, 16);
      }, [start, days]);
      for (const v of [start, end]) {
        // The event may have moved in the list: set the last one's time.
        await setDate(page, at, v);
        await assertAlive(page, errors, `${add} at ${v} (${days} days)`);
        await assertHeaderAgrees(page, `${add} at ${v} (${days} days)`);
      }
    }
    await page.click("text=Sort by time");
    await assertAlive(page, errors, `sorted (${days} days)`);
    await assertHeaderAgrees(page, `sorted (${days} days)`);
  }
  await context.close();
});

function assert(ok, message) {
  if (!ok) throw new Error(message);
}
