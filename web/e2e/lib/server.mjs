// Builds the console and the debug `tianqi` that embeds it, starts it on a free
// port with a temporary data dir, and stops it.

import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { ROOT, SHOTS, WEB, freePort, run } from './util.mjs'

/**
 * `npm run build`, then `cargo build-test-bins`: the debug `tianqi` and the
 * fake Kubernetes API server the kubernetes scenario talks to
 * (E2E_NO_BUILD=1 reuses the last builds).
 */
export function build() {
  if (process.env.E2E_NO_BUILD === '1') return
  run('npm', ['run', 'build'], WEB)
  // One call for both, with the test run's features (.cargo/config.toml).
  run('cargo', ['build-test-bins'], ROOT)
}

/**
 * Starts target/debug/fake-kube-apiserver (a sample cluster on loopback:
 * real HTTP and WebSocket, a log line a second on team-a/web-1) and answers
 * `{url, kubeconfig, stop()}`.
 */
export async function startFakeKube() {
  const child = spawn(path.join(ROOT, 'target', 'debug', 'fake-kube-apiserver'), [], { stdio: ['pipe', 'pipe', 'inherit'] })
  const hello = await new Promise((resolve, reject) => {
    let buf = ''
    const timer = setTimeout(() => reject(new Error('the fake API server said nothing in 10 s')), 10000)
    child.stdout.on('data', (d) => {
      buf += d
      const nl = buf.indexOf('\n')
      if (nl >= 0) {
        clearTimeout(timer)
        resolve(JSON.parse(buf.slice(0, nl)))
      }
    })
    child.on('exit', (code) => reject(new Error(`the fake API server exited with ${code}`)))
  })
  return {
    ...hello,
    stop() {
      child.stdin.end()
      child.kill('SIGTERM')
    },
  }
}

async function waitReady(base, child) {
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`tianqi exited with ${child.exitCode}`)
    try {
      const res = await fetch(`${base}/readyz`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error('tianqi did not become ready in 30 s')
}

/**
 * Starts `tianqi serve` with only the given TIANQI_* settings (plus listen
 * address, `<dataDir>/data` and no local node) and waits until it is ready.
 * The log goes to target/e2e/server.log.
 */
export async function startServer(dataDir, settings) {
  // The port is free when picked, but another process may take it before the
  // server binds it: then it exits at once saying so, and a new port is tried.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(dataDir, settings)
    } catch (e) {
      const log = fs.readFileSync(path.join(SHOTS, 'server.log'), 'utf8')
      if (attempt >= 3 || !log.includes('Address already in use')) throw e
    }
  }
}

async function startOnce(dataDir, settings, samePort) {
  const port = samePort ?? (await freePort())
  const base = `http://127.0.0.1:${port}`
  const env = { ...process.env }
  for (const k of Object.keys(env)) if (k.startsWith('TIANQI_')) delete env[k]
  Object.assign(env, {
    TIANQI_LISTEN: `127.0.0.1:${port}`,
    TIANQI_DATA_DIR: path.join(dataDir, 'data'),
    TIANQI_NODES_LOCAL_SOCKET: '',
    TIANQI_JUMPBOX_LISTEN: '127.0.0.1:0',
    TIANQI_LOG_LEVEL: 'warn',
    ...settings,
  })
  fs.mkdirSync(SHOTS, { recursive: true })
  // A restart appends to the log of the run before it.
  const serverLog = fs.openSync(path.join(SHOTS, 'server.log'), samePort ? 'a' : 'w')
  const child = spawn(path.join(ROOT, 'target', 'debug', 'tianqi'), ['serve'], { env, stdio: ['ignore', serverLog, serverLog] })
  const server = {
    base,
    /** The admin password generated on the first start. */
    initialPassword: () => fs.readFileSync(path.join(dataDir, 'data', 'initial-admin-password'), 'utf8').trim(),
    /** A new server on this one's port, data and settings (call after stop). */
    restart: () => startOnce(dataDir, settings, port),
    /** SIGTERM, SIGKILL after 5 s. */
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        await new Promise((r) => {
          const t = setTimeout(() => {
            child.kill('SIGKILL')
            r()
          }, 5000)
          child.on('exit', () => {
            clearTimeout(t)
            r()
          })
        })
      }
    },
  }
  try {
    await waitReady(base, child)
  } catch (e) {
    await server.stop()
    throw e
  }
  return server
}
