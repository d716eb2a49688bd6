import { describe, expect, it } from 'vitest'
import zhCN from '../src/i18n/zh-CN'
import en from '../src/i18n/en'
import { EXAMPLES, PISTON_STATUSES, parseArgs, statusKey, statusType } from '../src/utils/sandbox'
import { i18n, setLocale } from '../src/i18n'

describe('Piston statuses', () => {
  it('maps every status to its own key, success to OK and anything new to unknown', () => {
    expect(statusKey(null)).toBe('sandbox.status.OK')
    expect(statusKey(undefined)).toBe('sandbox.status.OK')
    expect(statusKey('')).toBe('sandbox.status.OK')
    for (const s of PISTON_STATUSES) expect(statusKey(s)).toBe(`sandbox.status.${s}`)
    expect(statusKey('ZZ')).toBe('sandbox.status.unknown')
  })
  it('has a distinct human label for every status in both languages', () => {
    for (const tree of [zhCN, en]) {
      const labels = tree.sandbox.status as Record<string, string>
      const keys = ['OK', ...PISTON_STATUSES, 'unknown']
      for (const k of keys) expect(labels[k], k).toBeTruthy()
      expect(new Set(keys.map((k) => labels[k])).size).toBe(keys.length)
    }
  })
  it('reads the labels through vue-i18n in both languages', () => {
    const t = i18n.global.t
    setLocale('zh-CN')
    expect(t(statusKey('TO'))).toBe('超时')
    expect(t(statusKey('RE'))).toBe('运行错误（非零退出）')
    expect(t(statusKey(null))).toBe('成功')
    setLocale('en')
    expect(t(statusKey('TO'))).toBe('Timed out')
    expect(t(statusKey('SG'))).toBe('Killed by a signal')
    expect(t(statusKey('OL'))).toBe('Standard output over the limit')
    expect(t(statusKey('EL'))).toBe('Standard error over the limit')
    expect(t(statusKey('XX'))).toBe('Sandbox internal error')
    setLocale('zh-CN')
  })
  it('colours success green, a non-zero exit as a warning and kills as danger', () => {
    expect(statusType(null)).toBe('success')
    expect(statusType('RE')).toBe('warning')
    expect(statusType('TO')).toBe('danger')
    expect(statusType('SG')).toBe('danger')
    expect(statusType('XX')).toBe('info')
  })
})

describe('sandbox helpers', () => {
  it('takes one argument per line, keeping spaces inside', () => {
    expect(parseArgs('')).toEqual([])
    expect(parseArgs('a\nb c\r\n\n--flag=1')).toEqual(['a', 'b c', '--flag=1'])
  })
  it('offers examples for the built-in runtimes', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual(['bash', 'c', 'python'])
  })
})
