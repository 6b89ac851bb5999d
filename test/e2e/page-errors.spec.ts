import { assertNoPageErrors, expect, test } from './support/fixtures.js';

/**
 * The automatic `pageErrors` fixture must be able to fail a test: it sees an uncaught exception thrown
 * in the page, and the check it runs when the test ends throws on it. (The list is emptied afterwards
 * so this test itself ends green.)
 */
test('an uncaught exception in the page is caught and fails the end-of-test check', async ({ page, pageErrors }) => {
  await page.setContent('<p>ready</p><script>setTimeout(() => { throw new Error("renderer bug"); }, 0)</script>');
  await expect(page.getByText('ready')).toBeVisible();
  await expect.poll(() => pageErrors.map((e) => e.message)).toEqual(['renderer bug']);
  expect(() => assertNoPageErrors(pageErrors)).toThrow(/1 uncaught exception\(s\) in the page:\nError: renderer bug/);
  pageErrors.length = 0;
});

test('a page without exceptions passes the check', async ({ page, pageErrors }) => {
  await page.setContent('<p>ready</p>');
  await expect(page.getByText('ready')).toBeVisible();
  expect(pageErrors).toEqual([]);
  expect(() => assertNoPageErrors(pageErrors)).not.toThrow();
});
