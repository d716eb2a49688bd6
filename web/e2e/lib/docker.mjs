// The test engine's API over its unix socket: for checks ("is the container
// gone?") and for cleanup, never for what the console itself should do.

import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { ROOT, run } from './util.mjs'

export function dockerClient(socketPath) {
  /** One request; answers { status, body } (the body as text). */
  function request(method, p) {
    return new Promise((resolve, reject) => {
      const req = http.request({ socketPath, path: p, method }, (res) => {
        let body = ''
        res.on('data', (c) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode, body }))
      })
      req.on('error', reject)
      req.end()
    })
  }

  async function list(filters) {
    const r = await request('GET', `/containers/json?all=true&filters=${encodeURIComponent(JSON.stringify(filters))}`)
    return r.status === 200 ? JSON.parse(r.body) : []
  }

  return {
    request,
    /** The containers whose name starts with `prefix`. */
    named: (prefix) => list({ name: [`^/${prefix}`] }),
    /** Removes the containers whose name starts with `prefix`, with their volumes; answers how many. */
    async removeNamed(prefix) {
      const found = await list({ name: [`^/${prefix}`] })
      for (const c of found) {
        const volumes = (c.Mounts ?? []).filter((m) => m.Type === 'volume').map((m) => m.Name)
        await request('DELETE', `/containers/${c.Id}?force=true`)
        for (const v of volumes) await request('DELETE', `/volumes/${encodeURIComponent(v)}?force=true`)
      }
      return found.length
    },
    /** Removes the containers carrying a label (`key=value`); answers how many. */
    async removeLabelled(label) {
      const found = await list({ label: [label] })
      for (const c of found) await request('DELETE', `/containers/${c.Id}?force=true`)
      return found.length
    },
  }
}

/** Builds an image on the test engine from a Dockerfile and files ({ name: text }). */
export function buildImage(dockerHost, tag, dockerfile, files = {}) {
  const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'tianqi-e2e-image-'))
  try {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(ctx, name)), { recursive: true })
      fs.writeFileSync(path.join(ctx, name), text)
    }
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), dockerfile)
    run('docker', ['-H', dockerHost, 'build', '-q', '-t', tag, ctx], ROOT)
  } finally {
    fs.rmSync(ctx, { recursive: true, force: true })
  }
}
