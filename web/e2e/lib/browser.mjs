// Debian's Chromium through playwright-core (no browser download), and the
// watch on every page's console: an error nobody expected fails the run.

import { chromium } from 'playwright-core'
import { CHROMIUM } from './util.mjs'

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

/** The browser console of every watched page. */
export function consoleWatch() {
  const errors = []
  // Console errors a step provokes on purpose (Chromium logs every failed
  // request, e.g. the 401 of a wrong password); each entry excuses one match.
  const expected = []
  // Console errors allowed while a step lasts (a server restart: every
  // request and reconnect in that window fails, how many is not fixed).
  const tolerated = new Set()
  const w = {
    errors,
    /** Chromium aborts requests in flight when the host's network interfaces change
     * (net::ERR_NETWORK_CHANGED): Docker adds and removes a veth pair for every
     * bridged container, and the private dockerd is shared with other test runs.
     * Those are counted and logged, not the console's fault; a load they break
     * still fails the step waiting for it. */
    networkChanged: 0,
    /** Excuses the next console error matching `re`. */
    expect(re) {
      expected.push(re)
    },
    /** Allows console errors matching `re` until the returned function is
     * called; answers how many there were. */
    tolerate(re) {
      const entry = { re, seen: 0 }
      tolerated.add(entry)
      return () => {
        tolerated.delete(entry)
        return entry.seen
      }
    },
    /** How many excused errors have not happened (yet). */
    pending: () => expected.length,
    /** Takes the unexpected errors so far (the runner fails the scenario that caused them). */
    take: () => errors.splice(0),
    watch(page, label) {
      page.on('console', (m) => {
        if (m.type() !== 'error') return
        if (m.text().includes('net::ERR_NETWORK_CHANGED')) {
          w.networkChanged++
          return
        }
        const allowed = [...tolerated].find((e) => e.re.test(m.text()))
        if (allowed) {
          allowed.seen++
          return
        }
        const i = expected.findIndex((re) => re.test(m.text()))
        if (i >= 0) expected.splice(i, 1)
        else errors.push(`[${label}] console.error: ${m.text()}`)
      })
      page.on('pageerror', (e) => errors.push(`[${label}] page error: ${e.message}`))
    },
  }
  return w
}
