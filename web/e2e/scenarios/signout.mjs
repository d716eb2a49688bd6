// Sign out from the user menu: back to the sign-in page.

export default async function signout(ctx) {
  const { page } = ctx
  await page.locator('[data-test="user-menu"]').click()
  await page.locator('[data-test="logout"]').click()
  await page.waitForURL(/\/login/)
}
