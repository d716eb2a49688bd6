// Helpers for driving the console's pages (Element Plus) in Playwright.

import path from 'node:path'
import { SHOTS } from './util.mjs'

/** An input by test id: Element Plus puts extra attributes of an input component on the <input> itself. */
export const inp = (id) => `input[data-test="${id}"], textarea[data-test="${id}"], [data-test="${id}"] input`

/** A full-page screenshot in target/e2e/<name>.png. */
export async function shot(page, name) {
  await page.waitForTimeout(300)
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
}

/** Waits until `text` shows somewhere on the page. */
export async function expectText(page, text, timeout = 15000) {
  await page.getByText(text, { exact: false }).first().waitFor({ state: 'visible', timeout })
}

/** Opens an el-select by test id and picks the option showing `optionText`. */
export async function selectOption(page, selectTestId, optionText) {
  await page.locator(`[data-test="${selectTestId}"]`).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: optionText }).first().click()
}

/** Confirms the open ElMessageBox. */
export async function confirmBox(page) {
  const box = page.locator('.el-message-box')
  await box.waitFor({ state: 'visible' })
  await box.locator('.el-button--danger, .el-button--primary').last().click()
  await box.waitFor({ state: 'hidden' })
}

/** Types a number into the form item labelled `label` inside `scope`. */
export async function fillNumber(scope, label, value) {
  const input = scope.locator('.el-form-item', { hasText: label }).locator('input').first()
  await input.fill(String(value))
  await input.blur()
}

/**
 * No English sentence from the server on the page (the Chinese UI): server
 * messages are lower-case English sentences, so three lower-case words in a
 * row mean one leaked through. Addresses, quoted commands and ids are not sentences.
 */
export async function noEnglish(page, where, opts = {}) {
  let text = await page.locator('body').innerText()
  // What a program wrote (a terminal's screen) is not the console's words.
  for (const sel of opts.skip ?? []) {
    for (const part of await page.locator(sel).allInnerTexts()) text = text.replace(part, ' ')
  }
  // Commands the page quotes as examples (["sh", "-c", "…"], sleep infinity) are not sentences.
  text = text.replace(/\[[^\]]*\]/g, ' ').replace(/"[^"]*"/g, ' ')
  const leaked = text.match(/\b[a-z]{2,}(?: [a-z']{2,}){2,}\b/)
  if (leaked) throw new Error(`English in the Chinese UI (${where}): "${leaked[0]}"`)
}
