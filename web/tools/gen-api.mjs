// The console's API types, generated from the server's OpenAPI document with
// openapi-typescript into src/api/schema.d.ts (committed).
//
//   npm run gen:api                         # from a running server: $TIANQI_URL or http://127.0.0.1:8890
//   npm run gen:api -- http://host:port     # another server (…/api/openapi.json is added)
//   npm run gen:api -- openapi.json         # from a file
//   npm run gen:api -- --check [source]     # exit 1 when the committed file differs
//
// The e2e test (e2e/run.mjs) fetches the document from the server it starts
// and fails when the committed file is stale.
//
// The output depends only on the console's part of the document, so it does not
// change with the server's configuration or the order routes are registered in:
// only paths under /api/ are kept (the compat facades mounted elsewhere, such as
// the MATLAB workspace API, exist only when configured and the console does not
// call them; neither does it call /healthz or /metrics), schemas only those paths
// use are dropped with them, and openapi-typescript sorts every key.

import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import openapiTS, { astToString } from 'openapi-typescript'

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const SCHEMA_FILE = path.join(WEB, 'src', 'api', 'schema.d.ts')
export const STALE = 'web/src/api/schema.d.ts is stale: run npm run gen:api'

const HEADER = `// Generated from the server's /api/openapi.json by \`npm run gen:api\`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ./types.ts.

`

/** Every `#/components/<kind>/<name>` a value refers to, as "<kind>/<name>". */
function refs(value, out = new Set()) {
  if (Array.isArray(value)) for (const v of value) refs(v, out)
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/')) out.add(v.slice('#/components/'.length))
      else refs(v, out)
    }
  }
  return out
}

/** The components reachable from `roots`, following refs inside components too. */
function reachable(doc, roots) {
  const seen = new Set()
  const todo = [...refs(roots)]
  while (todo.length) {
    const r = todo.pop()
    if (seen.has(r)) continue
    seen.add(r)
    const [kind, ...name] = r.split('/')
    const target = doc.components?.[kind]?.[name.join('/')]
    for (const next of refs(target)) if (!seen.has(next)) todo.push(next)
  }
  return seen
}

/** The part of the document the console uses (see the top of this file). */
export function consoleDocument(doc) {
  const paths = doc.paths ?? {}
  const kept = Object.fromEntries(Object.entries(paths).filter(([p]) => p.startsWith('/api/')))
  const dropped = Object.fromEntries(Object.entries(paths).filter(([p]) => !p.startsWith('/api/')))
  const keep = reachable(doc, kept)
  const onlyDropped = [...reachable(doc, dropped)].filter((r) => !keep.has(r))
  const components = structuredClone(doc.components ?? {})
  for (const r of onlyDropped) {
    const [kind, ...name] = r.split('/')
    if (components[kind]) delete components[kind][name.join('/')]
  }
  return { ...doc, paths: kept, components }
}

/** The text of schema.d.ts for an OpenAPI document (an object). */
export async function generate(doc) {
  const ast = await openapiTS(consoleDocument(doc), { alphabetize: true, silent: true })
  return HEADER + astToString(ast)
}

/** Reads a document from a URL (a server's address or the document's) or a file. */
export async function load(source) {
  if (/^https?:\/\//.test(source)) {
    const url = source.endsWith('.json') ? source : `${source.replace(/\/+$/, '')}/api/openapi.json`
    const res = await fetch(url)
    if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`)
    return await res.json()
  }
  return JSON.parse(fs.readFileSync(source, 'utf8'))
}

/** Null when the committed file matches the document, else what to do. */
export async function staleness(doc) {
  const want = await generate(doc)
  const have = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : ''
  return want === have ? null : STALE
}

async function main(argv) {
  const check = argv.includes('--check')
  const source = argv.find((a) => a !== '--check') ?? process.env.TIANQI_URL ?? 'http://127.0.0.1:8890'
  const doc = await load(source)
  if (check) {
    const stale = await staleness(doc)
    if (stale) {
      console.error(stale)
      process.exit(1)
    }
    console.log(`${path.relative(process.cwd(), SCHEMA_FILE)} is up to date with ${source}`)
    return
  }
  fs.writeFileSync(SCHEMA_FILE, await generate(doc))
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)} from ${source}`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`gen:api: ${e instanceof Error ? e.message : String(e)}`)
    process.exit(1)
  })
}
