import { describe, expect, it } from 'vitest'
import { ApiError } from '../src/api/client'
import { describeError } from '../src/composables/ui'
import { i18n } from '../src/i18n'

describe('API errors in the user language', () => {
  it('translates the code, names the field and keeps the server sentence as detail', () => {
    i18n.global.locale.value = 'zh-CN'
    const e = new ApiError(422, 'validation_failed', 'name must start with a letter or digit', 'name')
    expect(describeError(e)).toEqual({ title: '输入有误', summary: '输入有误 · 字段：name', detail: 'name must start with a letter or digit' })
    // no English sentence in the Chinese summary
    expect(describeError(new ApiError(409, 'conflict', 'no node can take this instance: not enough free CPU')).summary).toBe('操作与当前状态冲突')
    // answers without a known code (Piston's {"message"}) go by their status
    expect(describeError(new ApiError(400, 'http_400', 'run_timeout cannot exceed the limit')).summary).toBe('请求有误')
    expect(describeError(new ApiError(502, 'http_502', 'bad gateway')).summary).toBe('服务器内部错误')
  })
  it('speaks English in English', () => {
    i18n.global.locale.value = 'en'
    expect(describeError(new ApiError(503, 'unavailable', "node 'a' is unreachable")).summary).toBe('A node or service is unavailable right now: try again in a moment')
    // plurals: no "1 cores"
    expect([1, 2, 0.5].map((n) => i18n.global.t('specs.cores', n))).toEqual(['core', 'cores', 'cores'])
    i18n.global.locale.value = 'zh-CN'
    expect(i18n.global.t('specs.cores', 2)).toBe('核')
  })
})
