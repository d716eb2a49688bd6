// The console's API types, generated from the server's OpenAPI document with
// openapi-typescript into src/api/schema/ (committed): one file per OpenAPI tag
// (`instances.d.ts`, `tasks.d.ts`, …) with that tag's paths, operations and the
// schemas only it uses; `common.d.ts` with the schemas several tags share; and
// `index.d.ts` joining them into the `paths` type ./paths.ts reads. A change to
// one feature's routes touches one small file, not a 13,000-line one.
//
//   npm run gen:api                         # from a running server: $TIANQI_URL or http://127.0.0.1:8890
//   npm run gen:api -- http://host:port     # another server (…/api/openapi.json is added)
//   npm run gen:api -- openapi.json         # from a file
//   npm run gen:api -- --check [source]     # exit 1 when the committed files differ
//
// The e2e test (e2e/run.mjs) fetches the document from the server it starts
// and fails when the committed files are stale.
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
import ts from 'typescript'

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const SCHEMA_DIR = path.join(WEB, 'src', 'api', 'schema')
export const STALE = 'web/src/api/schema/ is stale: run npm run gen:api'

const HEADER = `// Generated from the server's /api/openapi.json by \`npm run gen:api\`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

`
/** Where the paths of operations without a tag go. */
const UNTAGGED = 'untagged'
/** The file of the schemas several tags use. */
const COMMON = 'common'

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

/** The tag a path belongs to: its first operation's first tag. */
function tagOf(item) {
  for (const op of Object.values(item)) if (op && typeof op === 'object' && Array.isArray(op.tags) && op.tags.length) return op.tags[0]
  return UNTAGGED
}

/** A tag as a file name: lower case, words joined by '-'. */
function fileName(tag) {
  return tag.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || UNTAGGED
}

/** A TS identifier for a tag's module in index.d.ts. */
function ident(file) {
  return file.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase()).replace(/^([0-9])/, '_$1')
}

async function nodes(doc) {
  return openapiTS(doc, { alphabetize: true, silent: true })
}

function named(ast, name) {
  const node = ast.find((n) => n.name?.text === name)
  if (!node) throw new Error(`openapi-typescript gave no \`${name}\``)
  return node
}

/**
 * The `components` interface of a tag file: its own schemas, joined to the
 * shared ones of common.d.ts so that references to either resolve.
 */
function tagComponents(components, own) {
  const f = ts.factory
  const members = components.members.map((m) => {
    if (m.name?.text !== 'schemas' || !ts.isTypeLiteralNode(m.type)) return m
    const mine = f.createTypeLiteralNode(m.type.members.filter((s) => own.has(s.name?.text)))
    const shared = f.createIndexedAccessTypeNode(f.createTypeReferenceNode('common'), f.createLiteralTypeNode(f.createStringLiteral('schemas')))
    return f.updatePropertySignature(m, m.modifiers, m.name, m.questionToken, f.createIntersectionTypeNode([shared, mine]))
  })
  return f.updateInterfaceDeclaration(components, components.modifiers, components.name, components.typeParameters, components.heritageClauses, members)
}

/** The files of src/api/schema/ for an OpenAPI document (an object): name → text. */
export async function generate(doc) {
  const cdoc = consoleDocument(doc)
  const byTag = new Map()
  for (const [p, item] of Object.entries(cdoc.paths)) {
    const file = fileName(tagOf(item))
    if (!byTag.has(file)) byTag.set(file, {})
    byTag.get(file)[p] = item
  }
  const allSchemas = cdoc.components?.schemas ?? {}
  // Which tags reach each schema: one → it lives in that tag's file; more, or
  // none (kept for completeness), → common.d.ts.
  const users = new Map(Object.keys(allSchemas).map((n) => [n, new Set()]))
  for (const [file, paths] of byTag) {
    for (const r of reachable(cdoc, paths)) {
      const [kind, ...name] = r.split('/')
      if (kind === 'schemas') users.get(name.join('/'))?.add(file)
    }
  }
  const owner = new Map([...users].map(([n, tags]) => [n, tags.size === 1 ? [...tags][0] : COMMON]))
  // What a common schema refers to must be common too (a schema no route uses
  // is common, and may name one only a single tag uses).
  for (let todo = [...owner].filter(([, o]) => o === COMMON).map(([n]) => n); todo.length; ) {
    for (const r of refs(allSchemas[todo.pop()])) {
      const [kind, ...rest] = r.split('/')
      const name = rest.join('/')
      if (kind === 'schemas' && owner.get(name) !== COMMON) {
        owner.set(name, COMMON)
        todo.push(name)
      }
    }
  }
  const ownerOf = (name) => owner.get(name) ?? COMMON
  const pick = (keep) => Object.fromEntries(Object.entries(allSchemas).filter(([n]) => keep(n)))

  const files = new Map()
  const commonDoc = { ...cdoc, paths: {}, components: { ...cdoc.components, schemas: pick((n) => ownerOf(n) === COMMON) } }
  files.set(`${COMMON}.d.ts`, HEADER + astToString([named(await nodes(commonDoc), 'components')]))

  const tags = [...byTag.keys()].sort()
  for (const file of tags) {
    const own = new Set(Object.keys(pick((n) => ownerOf(n) === file)))
    const tagDoc = { ...cdoc, paths: byTag.get(file), components: { ...cdoc.components, schemas: pick((n) => ownerOf(n) === file || ownerOf(n) === COMMON) } }
    const ast = await nodes(tagDoc)
    const body = astToString([named(ast, 'paths'), tagComponents(named(ast, 'components'), own), named(ast, 'operations')])
    files.set(`${file}.d.ts`, HEADER + `import type { components as common } from './${COMMON}'\n\n` + body)
  }

  const imports = tags.map((f) => `import type * as ${ident(f)} from './${f}'`).join('\n')
  const join = (what) => tags.map((f) => `${ident(f)}.${what}`).join('\n  & ')
  files.set(
    'index.d.ts',
    HEADER +
      `${imports}\n\n` +
      `/** Every route the console may call, by path (see ../paths.ts). */\nexport type paths = ${join('paths')}\n\n` +
      `export type operations = ${join('operations')}\n\n` +
      `export type schemas = ${join("components['schemas']")}\n`,
  )
  return files
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

/** The generated files now in SCHEMA_DIR: name → text. */
function committed() {
  if (!fs.existsSync(SCHEMA_DIR)) return new Map()
  return new Map(
    fs.readdirSync(SCHEMA_DIR)
      .filter((f) => f.endsWith('.d.ts'))
      .map((f) => [f, fs.readFileSync(path.join(SCHEMA_DIR, f), 'utf8')]),
  )
}

/** Null when the committed files match the document, else what to do. */
export async function staleness(doc) {
  const want = await generate(doc)
  const have = committed()
  const same = want.size === have.size && [...want].every(([f, text]) => have.get(f) === text)
  return same ? null : STALE
}

/** Writes the files, removing ones a tag no longer needs. */
function write(files) {
  fs.mkdirSync(SCHEMA_DIR, { recursive: true })
  for (const f of committed().keys()) if (!files.has(f)) fs.rmSync(path.join(SCHEMA_DIR, f))
  for (const [f, text] of files) fs.writeFileSync(path.join(SCHEMA_DIR, f), text)
}

async function main(argv) {
  const check = argv.includes('--check')
  const source = argv.find((a) => a !== '--check') ?? process.env.TIANQI_URL ?? 'http://127.0.0.1:8890'
  const doc = await load(source)
  const where = path.relative(process.cwd(), SCHEMA_DIR)
  if (check) {
    const stale = await staleness(doc)
    if (stale) {
      console.error(stale)
      process.exit(1)
    }
    console.log(`${where}/ is up to date with ${source}`)
    return
  }
  const files = await generate(doc)
  write(files)
  console.log(`wrote ${files.size} files in ${where}/ from ${source}`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`gen:api: ${e instanceof Error ? e.message : String(e)}`)
    process.exit(1)
  })
}
