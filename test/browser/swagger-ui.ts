import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

// Debian's chromium, installed by .ci/run. Without the background-networking flags Chromium keeps calling
// Google, and this closed network refuses those connections.
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Uncaught exceptions and console errors of a page, except the failed requests a test expects. */
export function collectErrors(page: Page, expectedStatuses: number[]): string[] {
  const errors: string[] = [];
  const expected = expectedStatuses.map((status) => `Failed to load resource: the server responded with a status of ${status} `);
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && !expected.some((prefix) => text.startsWith(prefix))) errors.push(`console: ${text}`);
  });
  return errors;
}

/** An operation block of Swagger UI: its id is `operations-<tag>-<operationId>`. */
export function operation(page: Page, tag: string, operationId: string): Locator {
  return page.locator(`#operations-${tag}-${operationId}`);
}

/** Expands the operation and switches it to "Try it out". */
export async function tryItOut(op: Locator): Promise<void> {
  await op.locator('.opblock-summary-control').click();
  await op.getByRole('button', { name: 'Try it out' }).click();
}

export interface ShownResponse {
  status: number;
  body: string;
}

/** Clicks Execute and reads the server response the UI shows (a previous one is cleared first). */
export async function execute(op: Locator): Promise<ShownResponse> {
  const clear = op.getByRole('button', { name: 'Clear', exact: true });
  if (await clear.isVisible()) await clear.click();
  const live = op.locator('.live-responses-table');
  await live.waitFor({ state: 'detached' });
  await op.getByRole('button', { name: 'Execute' }).click();
  const status = await live.locator('td.response-col_status:not(.col_header)').innerText();
  const body = await live.locator('td.response-col_description:not(.col_header) .highlight-code pre').innerText();
  return { status: parseInt(status, 10), body };
}

/** Opens the Authorize dialog, enters the bearer token, applies it and closes the dialog. */
export async function authorize(page: Page, token: string): Promise<void> {
  await page.locator('.scheme-container').getByRole('button', { name: 'Authorize' }).click();
  const dialog = page.locator('.modal-ux');
  await dialog.getByLabel('auth-bearer-value').fill(token);
  await dialog.getByRole('button', { name: 'Apply credentials' }).click();
  await dialog.getByRole('button', { name: 'Remove authorization' }).waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Replaces the example JSON request body of an operation in "Try it out" mode. */
export async function fillBody(op: Locator, body: unknown): Promise<void> {
  await op.locator('textarea.body-param__text').fill(JSON.stringify(body, null, 2));
}
