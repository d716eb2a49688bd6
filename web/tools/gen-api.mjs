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
/** In a tag's folder, the file of the schemas several of its concerns use. */
const SHARED = 'shared'

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
 * What a path is about, within its tag: the collection an item route indexes
 * (`/tasks/{id}` → tasks), the verbs on its items (`/tasks/{id}/run`, a POST
 * and nothing else → tasks-actions), the
 * sub-resource after the last parameter (`/tasks/{id}/logs/ws` → logs), or
 * the word after the first one when there is no parameter
 * (`/tasks/batch/run` → batch, `/tasks` → tasks).
 */
function concernOf(p, item) {
  const words = p.split('/').filter(Boolean).slice(2) // after /api/v1
  const isParam = (w) => w.startsWith('{')
  const last = words.findLastIndex(isParam)
  if (last < 0) return words[1] ?? words[0]
  const after = words.slice(last + 1)
  const methods = Object.keys(item).filter((m) => ['get', 'put', 'post', 'patch', 'delete'].includes(m))
  const verb = after.length === 1 && methods.length === 1 && methods[0] === 'post'
  if (after.length && !verb) return after[0]
  const collection = words.slice(0, last).findLast((w) => !isParam(w)) ?? words[0]
  return verb ? `${collection}-actions` : collection
}

/** `schemas: <what the file sees> & { its own }`, so references to either resolve. */
function joinedComponents(components, own, seen) {
  const f = ts.factory
  const members = components.members.map((m) => {
    if (m.name?.text !== 'schemas' || !ts.isTypeLiteralNode(m.type)) return m
    const mine = f.createTypeLiteralNode(m.type.members.filter((s) => own.has(s.name?.text)))
    const others = seen.map((alias) => f.createIndexedAccessTypeNode(f.createTypeReferenceNode(alias), f.createLiteralTypeNode(f.createStringLiteral('schemas'))))
    return f.updatePropertySignature(m, m.modifiers, m.name, m.questionToken, f.createIntersectionTypeNode([...others, mine]))
  })
  return f.updateInterfaceDeclaration(components, components.modifiers, components.name, components.typeParameters, components.heritageClauses, members)
}

/**
 * The files of src/api/schema/ for an OpenAPI document (an object): relative
 * name → text. `<tag>/<concern>.d.ts` holds a concern's paths, operations and
 * the schemas only it uses; `<tag>/shared.d.ts` the schemas several concerns
 * of one tag use; `common.d.ts` those several tags use; `index.d.ts` joins it.
 */
export async function generate(doc) {
  const cdoc = consoleDocument(doc)
  const byFile = new Map()
  for (const [p, item] of Object.entries(cdoc.paths)) {
    let concern = fileName(concernOf(p, item))
    if (concern === SHARED) concern = `${SHARED}-routes`
    const file = `${fileName(tagOf(item))}/${concern}`
    if (!byFile.has(file)) byFile.set(file, {})
    byFile.get(file)[p] = item
  }
  const allSchemas = cdoc.components?.schemas ?? {}
  const tagOfFile = (f) => f.split('/')[0]
  const sharedOf = (tag) => `${tag}/${SHARED}`
  // Where a schema lives: the one file that uses it, its tag's shared file
  // when several files of one tag do, else common.d.ts.
  const join = (a, b) => (a === b ? a : a === COMMON || b === COMMON || tagOfFile(a) !== tagOfFile(b) ? COMMON : sharedOf(tagOfFile(a)))
  const owner = new Map()
  for (const [file, paths] of byFile) {
    for (const r of reachable(cdoc, paths)) {
      const [kind, ...name] = r.split('/')
      const n = name.join('/')
      if (kind === 'schemas' && n in allSchemas) owner.set(n, owner.has(n) ? join(owner.get(n), file) : file)
    }
  }
  for (const n of Object.keys(allSchemas)) if (!owner.has(n)) owner.set(n, COMMON)
  // A schema must see what it refers to: a file sees its own, its tag's
  // shared ones and common; a shared file its own and common.
  const sees = (o, target) => target === o || target === COMMON || (o !== COMMON && target === sharedOf(tagOfFile(o)))
  for (let changed = true; changed; ) {
    changed = false
    for (const [n, o] of owner) {
      for (const r of refs(allSchemas[n])) {
        const [kind, ...rest] = r.split('/')
        const target = rest.join('/')
        if (kind !== 'schemas' || !owner.has(target) || sees(o, owner.get(target))) continue
        owner.set(target, join(o, owner.get(target)))
        changed = true
      }
    }
  }
  const pick = (keep) => Object.fromEntries(Object.entries(allSchemas).filter(([n]) => keep(owner.get(n))))
  const files = new Map()
  const emit = async (name, paths, own, seen, imports) => {
    const visible = new Set([name, ...seen.map(([, file]) => file)])
    const ast = await nodes({ ...cdoc, paths, components: { ...cdoc.components, schemas: pick((o) => visible.has(o)) } })
    const ownNames = new Set(Object.keys(pick((o) => o === name)))
    const parts = own ? [named(ast, 'paths'), joinedComponents(named(ast, 'components'), ownNames, seen.map(([alias]) => alias)), named(ast, 'operations')] : [joinedComponents(named(ast, 'components'), ownNames, seen.map(([alias]) => alias))]
    const head = imports.length ? imports.join('\n') + '\n\n' : ''
    files.set(`${name}.d.ts`, HEADER + head + astToString(parts))
  }

  const commonAst = await nodes({ ...cdoc, paths: {}, components: { ...cdoc.components, schemas: pick((o) => o === COMMON) } })
  files.set(`${COMMON}.d.ts`, HEADER + astToString([named(commonAst, 'components')]))
  const tags = [...new Set([...byFile.keys()].map(tagOfFile))].sort()
  for (const tag of tags) {
    const shared = sharedOf(tag)
    const hasShared = [...owner.values()].includes(shared)
    if (hasShared) await emit(shared, {}, false, [['common', COMMON]], [`import type { components as common } from '../${COMMON}'`])
    for (const file of [...byFile.keys()].filter((f) => tagOfFile(f) === tag).sort()) {
      const seen = [['common', COMMON], ...(hasShared ? [['shared', shared]] : [])]
      const imports = [`import type { components as common } from '../${COMMON}'`, ...(hasShared ? [`import type { components as shared } from './${SHARED}'`] : [])]
      await emit(file, byFile.get(file), true, seen, imports)
    }
  }

  const routeFiles = [...byFile.keys()].sort()
  const imports = routeFiles.map((f) => `import type * as ${ident(f.replace('/', '-'))} from './${f}'`).join('\n')
  const all = (what) => routeFiles.map((f) => `${ident(f.replace('/', '-'))}.${what}`).join('\n  & ')
  files.set(
    'index.d.ts',
    HEADER +
      `${imports}\n\n` +
      `/** Every route the console may call, by path (see ../paths.ts). */\nexport type paths = ${all('paths')}\n\n` +
      `export type operations = ${all('operations')}\n\n` +
      `export type schemas = ${all("components['schemas']")}\n`,
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

/** The generated files now in SCHEMA_DIR (and its tag folders): relative name → text. */
function committed() {
  if (!fs.existsSync(SCHEMA_DIR)) return new Map()
  return new Map(
    fs.readdirSync(SCHEMA_DIR, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.d.ts'))
      .map((f) => [f.split(path.sep).join('/'), fs.readFileSync(path.join(SCHEMA_DIR, f), 'utf8')]),
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
  for (const [f, text] of files) {
    fs.mkdirSync(path.dirname(path.join(SCHEMA_DIR, f)), { recursive: true })
    fs.writeFileSync(path.join(SCHEMA_DIR, f), text)
  }
  // Tag folders left empty by a removed tag go too.
  for (const d of fs.readdirSync(SCHEMA_DIR, { withFileTypes: true })) {
    if (d.isDirectory() && !fs.readdirSync(path.join(SCHEMA_DIR, d.name)).length) fs.rmdirSync(path.join(SCHEMA_DIR, d.name))
  }
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
