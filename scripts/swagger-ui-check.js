// Checks Swagger UI in a real (headless) Chromium: authorize with an API key, run "List findings",
// and require both sample findings in the answer. Saves a screenshot.
//
//   apt-get install -y chromium && npm install playwright-core@1
//   node scripts/swagger-ui-check.js http://localhost:8080 "$KEY" [screenshot.png]
const { chromium } = require('playwright-core');

(async () => {
  const [base, key, shot = 'swagger-findings.png'] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1800 } });
  await page.goto(base + '/swagger-ui.html');
  await page.waitForSelector('.opblock-tag');
  await page.click('button.authorize');
  await page.locator('.modal-ux input').first().fill(key);
  await page.locator('.modal-ux button.authorize').first().click();
  await page.locator('.modal-ux button.btn-done, .modal-ux .close-modal').first().click();
  const op = page.locator('#operations-Findings-listFindings');
  await op.locator('.opblock-summary').click();
  await op.locator('button.try-out__btn').click();
  await op.locator('button.execute').click();
  const body = op.locator('.live-responses-table .response .microlight').first();
  await body.waitFor();
  const text = await body.innerText();
  await op.screenshot({ path: shot });
  await browser.close();
  const ok = text.includes('BUILD-AGENT-4') && text.includes('LAPTOP-ADM-11.contoso.local');
  console.log(ok ? 'Swagger UI: authorized, both sample findings listed; screenshot ' + shot
                 : 'Swagger UI: findings missing from the answer:\n' + text);
  process.exit(ok ? 0 : 1);
})().catch((e) => { console.error(e); process.exit(1); });
