// Checks a run in the Temporal Web UI as a person would, in Debian's headless Chromium: the run's
// workflow and its rollout child in the workflow list, the list filtered with a visibility query,
// and the run's page with the current details of its User Metadata tab. A screenshot per step, in
// --screenshots; exit 1 with the step that failed and what was missing. Without --current-details any
// text in the panel passes ("No Current Details" too).
//
//   node check-web-ui.mjs --url http://127.0.0.1:8233 --namespace default \
//     --workflow run-breast-cancer-ID --child run-breast-cancer-ID-rollout \
//     --query 'TrainyardModel = "breast-cancer-classifier"' --screenshots target/web-ui \
//     [--current-details TEXT] [--schedule trainyard-breast-cancer]
//
// With --schedule, a fifth step finds that schedule on the Schedules page and opens it.
//
// With --api, --viewer-token and --decoded (text of the run's input once decoded), the payloads are
// encrypted and the browser uses the codec server at API/codec, with "include cross-origin
// credentials" (what the Web UI's Codec Server dialog stores in localStorage): first without signing
// in, where the run's input and result must show as ciphertext and never as --decoded (text of the
// input) or --decoded-result (text of the result); then it signs in on the codec's login page with
// the viewer's token, and every step after sees payloads decoded: the run's input shows --decoded,
// its result --decoded-result, the current details are read through the codec too.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string' },
    namespace: { type: 'string', default: 'default' },
    workflow: { type: 'string' },
    child: { type: 'string' },
    query: { type: 'string' },
    screenshots: { type: 'string' },
    'current-details': { type: 'string' },
    schedule: { type: 'string' },
    api: { type: 'string' },
    'viewer-token': { type: 'string' },
    decoded: { type: 'string' },
    'decoded-result': { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    timeout: { type: 'string', default: '30000' },
  },
});
for (const required of ['url', 'workflow', 'child', 'query', 'screenshots']) {
  if (!opts[required]) {
    fail(`--${required} is required`);
  }
}
const timeout = Number(opts.timeout);
const VIEWPORT = { width: 1440, height: 1000 };
const namespace = `${opts.url.replace(/\/$/, '')}/namespaces/${encodeURIComponent(opts.namespace)}`;
const workflows = `${namespace}/workflows`;
const run = `${workflows}/${encodeURIComponent(opts.workflow)}`;
const codec = opts.api ? `${opts.api.replace(/\/$/, '')}/codec` : null;
if (codec && (!opts['viewer-token'] || !opts.decoded || !opts['decoded-result'])) {
  fail('--api needs --viewer-token, --decoded and --decoded-result');
}
mkdirSync(opts.screenshots, { recursive: true });

function fail(message) {
  console.error(`web-ui check failed: ${message}`);
  process.exit(1);
}

/** What a step waited for and did not get: its failure, reported without a stack trace. */
class Missing extends Error {}

async function shot(page, name) {
  const path = join(opts.screenshots, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  console.log(`screenshot ${path}`);
}

async function visible(locator, what) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch (e) {
    throw new Missing(`${what} not shown within ${timeout} ms`);
  }
}

/**
 * Waits until every id is a link in the list at url. Visibility is eventually consistent and
 * the list does not refresh itself, so a list that lacks one is loaded again until the deadline.
 */
async function listed(page, url, ids, what) {
  const deadline = Date.now() + timeout;
  for (;;) {
    await page.goto(url);
    const links = ids.map((id) => page.getByRole('link', { name: id, exact: true }));
    try {
      await Promise.all(links.map((link) => link.first().waitFor({ state: 'visible', timeout: 5000 })));
      return;
    } catch (e) {
      if (Date.now() > deadline) {
        const missing = [];
        for (let i = 0; i < ids.length; i++) {
          if ((await links[i].count()) === 0) {
            missing.push(ids[i]);
          }
        }
        throw new Missing(`${what} (${page.url()}) does not list ${missing.join(', ')} within ${timeout} ms`);
      }
    }
  }
}

const steps = [];
if (codec) {
  steps.push(['0-encrypted', 'without signing in to the codec, the run\'s input shows as ciphertext only', async (page) => {
    await page.goto(run);
    await visible(page.getByText('Workflow Type'), 'the run\'s summary (Workflow Type)');
    await visible(page.getByText('Codec Server could not connect').locator('visible=true'), 'the Web UI\'s codec error (the codec refused a browser without a token)');
    await visible(page.getByText(/"[A-Za-z0-9+/=]{200,}/), 'the run\'s input as a base64 ciphertext');
    for (const clear of [opts.decoded, opts['decoded-result']]) {
      if ((await page.getByText(clear).count()) > 0) {
        throw new Missing(`"${clear}" is shown in clear without a token`);
      }
    }
  }, 'anonymous']);
  steps.push(['0-signed-in', 'the viewer signs in on the codec\'s login page and comes back to the Web UI', async (page) => {
    await page.goto(`${codec}/login?next=${encodeURIComponent(workflows)}`);
    await page.locator('#token').fill(opts['viewer-token']);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.toString().startsWith(workflows), { timeout });
  }]);
}
steps.push(
  ['1-workflows', 'the workflow list shows the run and its rollout child', async (page) => {
    await listed(page, workflows, [opts.workflow, opts.child], 'the workflow list');
  }],
  ['2-filtered', `the list filtered with ${opts.query} shows both`, async (page) => {
    await listed(page, `${workflows}?query=${encodeURIComponent(opts.query)}`, [opts.workflow, opts.child], 'the filtered list');
    // the UI shows the query it applied as a filter chip (as written, for an equality)
    await visible(page.getByRole('button', { name: opts.query, exact: true }), `the filter chip ${opts.query}`);
  }],
  ['3-run', 'the run opens from the filtered list', async (page) => {
    await page.getByRole('link', { name: opts.workflow, exact: true }).first().click();
    await visible(page.getByRole('heading', { level: 1 }).getByText(opts.workflow, { exact: true }),
      `the run's page headed ${opts.workflow}`);
    await visible(page.getByText('Workflow Type'), 'the run\'s summary (Workflow Type)');
    if (codec) {
      await visible(page.getByText(opts.decoded), `the run's input decoded ("${opts.decoded}")`);
      await visible(page.getByText(opts['decoded-result']), `the run's result decoded ("${opts['decoded-result']}")`);
    }
  }],
  ['4-current-details', 'the run\'s User Metadata shows its current details', async (page) => {
    // the tab asks the workflow for them (a query a worker answers) and renders the markdown in a frame
    const asked = page.waitForResponse((r) => r.url().includes('/query/__temporal_workflow_metadata'), { timeout });
    await page.getByRole('tab', { name: /User Metadata/ }).click();
    await visible(page.getByRole('heading', { name: 'Current Details', exact: true }), 'the Current Details panel');
    const answer = await asked.catch(() => null);
    if (!answer?.ok()) {
      throw new Missing(`the Web UI's query for the current details got ${answer ? `HTTP ${answer.status()}` : 'no answer'}`);
    }
    const details = page.frameLocator('#user-metadata-current-details').locator('body');
    await visible(details.getByText(/\S/), 'the current details (any text)');
    const shown = async () => (await details.innerText()).trim().replace(/^/gm, '    ');
    if (opts['current-details']) {
      await visible(details.getByText(opts['current-details']), `current details "${opts['current-details']}"`)
        .catch(async (e) => { throw new Missing(`${e.message}; they read:\n${await shown()}`); });
    }
    console.log(`current details shown:\n${await shown()}`);
    // the page scrolls inside a panel, so a full-page screenshot ends at the window: a window that
    // fits the whole frame
    const frame = await page.locator('#user-metadata-current-details').boundingBox();
    await page.setViewportSize({ width: VIEWPORT.width, height: Math.ceil(Math.max(VIEWPORT.height, frame.y + frame.height + 40)) });
  }],
);
if (opts.schedule) {
  steps.push(['5-schedule', `the Schedules page lists ${opts.schedule} and opens it`, async (page) => {
    await listed(page, `${namespace}/schedules`, [opts.schedule], 'the Schedules page');
    await page.getByRole('link', { name: opts.schedule, exact: true }).first().click();
    await visible(page.getByText('Workflow Type'), 'the schedule\'s page (Workflow Type)');
    await visible(page.getByText('ScheduledRun', { exact: true }), 'the schedule\'s action, a ScheduledRun workflow');
  }]);
}

const browser = await chromium.launch({
  executablePath: opts.chromium,
  headless: true,
  // Playwright gives each launch a new empty profile; the rest keeps Chromium off the network,
  // which is closed here but for the package registries
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
/** A browser profile of its own, using the codec server with credentials when there is one. */
async function newPage() {
  const context = await browser.newContext({ viewport: VIEWPORT });
  if (codec) {
    await context.addInitScript((endpoint) => {
      localStorage.setItem('overrideRemoteCodecConfiguration', 'true');
      localStorage.setItem('endpoint', JSON.stringify(endpoint));
      localStorage.setItem('includeCredentials', 'true');
    }, codec);
  }
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  return page;
}

let failed = null;
try {
  const anonymous = await newPage();
  const page = await newPage();
  for (const [name, claim, step, who] of steps) {
    try {
      await step(who === 'anonymous' ? anonymous : page);
      await shot(who === 'anonymous' ? anonymous : page, name);
      console.log(`ok  ${claim}`);
    } catch (e) {
      await shot(who === 'anonymous' ? anonymous : page, `${name}-failed`).catch(() => {});
      failed = `${claim}: ${e instanceof Missing ? e.message : e.stack}`;
      break;
    }
  }
} finally {
  await browser.close();
}
if (failed) {
  fail(failed);
}
