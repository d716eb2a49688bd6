import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
// vue-i18n's own compiler (its dependency): what the built console runs.
import { baseCompile } from '@intlify/message-compiler'
import zhCN from '../src/i18n/zh-CN'
import en from '../src/i18n/en'

type Tree = { [k: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out.set(key, v)
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv)
  }
  return out
}

const zh = flatten(zhCN as Tree)
const eng = flatten(en as Tree)
// Each name once: an English plural repeats them in each of its forms.
const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort()

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return sources(p)
    return /\.(vue|ts)$/.test(e.name) ? [p] : []
  })
}

describe('i18n', () => {
  it('has every Chinese key in English', () => {
    expect([...zh.keys()].filter((k) => !eng.has(k))).toEqual([])
  })
  it('has every English key in Chinese', () => {
    expect([...eng.keys()].filter((k) => !zh.has(k))).toEqual([])
  })
  it('has no empty message and the same placeholders in both languages', () => {
    for (const [k, v] of zh) {
      expect(v.trim(), k).not.toBe('')
      expect(eng.get(k)?.trim(), k).not.toBe('')
      expect(placeholders(eng.get(k) ?? ''), k).toEqual(placeholders(v))
    }
  })
  it('defines every key the source uses', () => {
    const src = path.resolve(__dirname, '../src')
    const used = new Set<string>()
    for (const f of sources(src)) {
      const text = fs.readFileSync(f, 'utf8')
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1])
      // Keys handed to `rule()` or returned by the validators.
      for (const m of text.matchAll(/'(validate\.[a-zA-Z]+)'/g)) used.add(m[1])
      for (const m of text.matchAll(/title: '([a-zA-Z]+\.[a-zA-Z]+)'/g)) used.add(m[1])
    }
    expect(used.size).toBeGreaterThan(150)
    expect([...used].filter((k) => !zh.has(k)).sort()).toEqual([])
  })
  it('defines the keys built at run time', () => {
    const dynamic = [
      ...['creating', 'running', 'exited', 'failed', 'deleting', 'missing'].map((s) => `status.${s}`),
      ...['connected', 'failed', 'unknown'].map((s) => `nodeStatus.${s}`),
      ...['stop', 'restart', 'delete'].map((a) => `instances.confirm.${a}`),
      ...['start', 'stop', 'restart', 'delete'].map((a) => `instances.done.${a}`),
      ...['connecting', 'open', 'closed'].map((s) => `terminal.${s}`),
      ...['OK', 'RE', 'SG', 'TO', 'OL', 'EL', 'XX', 'unknown'].map((s) => `sandbox.status.${s}`),
      ...['created', 'alreadyRunning', 'started'].map((s) => `workspaces.${s}`),
      'roles.admin',
      'roles.user',
    ]
    expect(dynamic.filter((k) => !zh.has(k))).toEqual([])
  })
  it('uses the seed platform wording for the main pages', () => {
    expect(zh.get('nodeStatus.connected')).toBe('已连接')
    expect(zh.get('nodeStatus.failed')).toBe('连接失败')
    expect(zh.get('nodeStatus.unknown')).toBe('未知')
    expect(zh.get('menu.instances')).toBe('实例管理')
  })
})

describe('messages', () => {
  it('every message compiles (a bare @ is a linked message: the page using it failed to render)', () => {
    for (const [lang, m] of [['zh-CN', zh], ['en', eng]] as const) {
      for (const [k, v] of m) {
        const errors: string[] = []
        baseCompile(v, { onError: (e) => errors.push(e.message) })
        expect(errors, `${lang} ${k}: ${v}`).toEqual([])
      }
    }
  })
})
