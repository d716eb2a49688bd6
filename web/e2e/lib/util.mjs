// Paths, the log line, child processes and ports: what every part of the e2e run uses.

import { spawnSync } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const ROOT = path.resolve(WEB, '..')
export const SHOTS = path.join(ROOT, 'target', 'e2e')
export const CHROMIUM = process.env.TQ_CHROMIUM ?? '/usr/bin/chromium'

const started = Date.now()

/** Seconds since the run started. */
export const elapsed = () => (Date.now() - started) / 1000

export const log = (m) => console.log(`e2e: [${elapsed().toFixed(1)}s] ${m}`)

/** Runs a command in the foreground; throws when it fails. */
export function run(cmd, args, cwd) {
  log(`${cmd} ${args.join(' ')}`)
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' })
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`)
}

/** A TCP port nothing listens on (127.0.0.1). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
}

/** True when nothing listens on the port (on any address). */
export function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer()
    srv.once('error', () => resolve(false))
    srv.listen(port, '0.0.0.0', () => srv.close(() => resolve(true)))
  })
}
