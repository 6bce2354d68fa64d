// Checks Swagger UI in a real (headless) Chromium: the document loads and shows every operation of
// /v3/api-docs, open operations (HEC health) have no lock and the others have one; then authorize
// with an API key, run "List findings" (its filters cleared; page and size as their examples) and
// require both sample findings in the answer. Saves a screenshot.
//
//   apt-get install -y chromium && npm install playwright-core@1
//   node scripts/swagger-ui-check.js http://localhost:8080 "$KEY" [screenshot.png]
const { chromium } = require('playwright-core');

(async () => {
  const [base, key, shot = 'swagger-findings.png'] = process.argv.slice(2);
  const failures = [];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1800 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base + '/swagger-ui.html');
  await page.waitForSelector('.opblock-tag');

  // every operation of the document is shown, with a lock exactly where the document asks for a key
  const doc = await (await page.request.get(base + '/v3/api-docs')).json();
  const expected = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const secured = op.security ? op.security.length > 0 : (doc.security || []).length > 0;
      expected.push({ method, path, id: op.operationId, secured });
    }
  }
  for (const tag of await page.locator('.opblock-tag-section:not(.is-open) .opblock-tag').all()) {
    await tag.click();
  }
  const shown = await page.locator('.opblock').count();
  if (shown !== expected.length) failures.push(`Swagger UI shows ${shown} operations, the document has ${expected.length}`);
  let locked = 0;
  let open = 0;
  for (const op of expected) {
    const block = page.locator(`.opblock:has(.opblock-summary-path[data-path="${op.path}"]).opblock-${op.method}`).first();
    if (await block.count() === 0) {
      failures.push(`${op.method.toUpperCase()} ${op.path} (${op.id}) is not shown`);
      continue;
    }
    const lock = await block.locator('.opblock-summary .authorization__btn').count() > 0;
    if (lock !== op.secured) failures.push(`${op.method.toUpperCase()} ${op.path}: lock ${lock}, document secured ${op.secured}`);
    if (lock) locked++; else open++;
  }

  await page.click('button.authorize');
  await page.locator('.modal-ux input').first().fill(key);
  await page.locator('.modal-ux button.authorize').first().click();
  await page.locator('.modal-ux button.btn-done, .modal-ux .close-modal').first().click();
  const op = page.locator('#operations-Findings-listFindings');
  if (!(await op.locator('.opblock-body').isVisible())) await op.locator('.opblock-summary').click();
  await op.locator('button.try-out__btn').click();
  // the examples fill the inputs; note them, and clear the filters so the answer lists every finding
  const filled = {};
  for (const row of await op.locator('tr[data-param-name]').all()) {
    const name = await row.getAttribute('data-param-name');
    const input = row.locator('input, select').first();
    if (await input.count() === 0) continue;
    filled[name] = await input.inputValue();
    if (['dest', 'earliest', 'latest', 'after', 'detection'].includes(name)) await input.fill('');
  }
  await op.locator('button.execute').click();
  const body = op.locator('.live-responses-table .response .microlight').first();
  await body.waitFor();
  const text = await body.innerText();
  const status = (await op.locator('.live-responses-table .response .response-col_status').first().innerText()).trim();
  await op.screenshot({ path: shot });
  await browser.close();

  if (status !== '200') failures.push(`listFindings answered ${status}`);
  if (!text.includes('BUILD-AGENT-4') || !text.includes('LAPTOP-ADM-11.contoso.local')) {
    failures.push('findings missing from the answer:\n' + text.slice(0, 2000));
  }
  if (errors.length) failures.push('page errors: ' + errors.join('; '));
  console.log(`Swagger UI: ${shown} operations shown (${locked} with a lock, ${open} open: `
    + expected.filter((o) => !o.secured).map((o) => o.path).join(', ') + ')');
  console.log('Swagger UI: "Try it out" filled listFindings with ' + JSON.stringify(filled));
  if (failures.length) {
    console.log('Swagger UI check failed:\n- ' + failures.join('\n- '));
    process.exit(1);
  }
  console.log('Swagger UI: authorized, listFindings answered ' + status + ' with both sample findings; screenshot ' + shot);
})().catch((e) => { console.error(e); process.exit(1); });
