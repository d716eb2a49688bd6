import { describe, expect, it } from 'vitest'
import { formatCommand, instanceNameError, isIp, isMac, isPort, isUPosition, parseCommand, passwordError, rule, usernameError } from '../src/utils/validate'

describe('instance names (^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$)', () => {
  it('accepts valid names', () => {
    for (const n of ['a', 'train-01', 'My_Job', '0', 'x'.repeat(64)]) expect(instanceNameError(n), n).toBeNull()
  })
  it('refuses empty, long and other characters', () => {
    expect(instanceNameError('')).toBe('validate.required')
    expect(instanceNameError('x'.repeat(65))).toBe('validate.nameTooLong')
    for (const n of ['bad name', 'a.b', 'a/b', '实例', 'tab\t', 'semi;colon']) expect(instanceNameError(n), n).toBe('validate.instanceName')
  })
  it('wants a letter or digit first, as Docker does', () => {
    for (const n of ['-leading', '_x', '-']) expect(instanceNameError(n), n).toBe('validate.instanceNameStart')
    expect(instanceNameError('a-')).toBeNull()
  })
})

describe('usernames and passwords', () => {
  it('checks usernames like the server', () => {
    expect(usernameError('alice')).toBeNull()
    expect(usernameError('a.b-c_d')).toBeNull()
    expect(usernameError('')).toBe('validate.required')
    expect(usernameError('-alice')).toBe('validate.username')
    expect(usernameError('al ice')).toBe('validate.username')
    expect(usernameError('a'.repeat(33))).toBe('validate.usernameTooLong')
  })
  it('checks password length 8–256', () => {
    expect(passwordError('1234567')).toBe('validate.passwordShort')
    expect(passwordError('12345678')).toBeNull()
    expect(passwordError('x'.repeat(257))).toBe('validate.passwordLong')
    expect(passwordError('')).toBe('validate.required')
  })
  it('turns a check into an Element Plus rule with translated messages', () => {
    const r = rule(instanceNameError, (k) => `T:${k}`)
    const results: (Error | undefined)[] = []
    r.validator(null, 'ok-name', (e) => results.push(e))
    r.validator(null, 'bad name', (e) => results.push(e))
    expect(results[0]).toBeUndefined()
    expect(results[1]?.message).toBe('T:validate.instanceName')
  })
})

describe('keep-alive commands', () => {
  it('parses words or a JSON array', () => {
    expect(parseCommand('')).toEqual([])
    expect(parseCommand('  sleep   infinity ')).toEqual(['sleep', 'infinity'])
    expect(parseCommand('["sh", "-c", "echo up; exec sleep 1"]')).toEqual(['sh', '-c', 'echo up; exec sleep 1'])
    expect(() => parseCommand('["sh", 1]')).toThrow()
    expect(() => parseCommand('[not json')).toThrow()
  })
  it('formats back to what parses to the same argv', () => {
    for (const argv of [[], ['sleep', 'infinity'], ['sh', '-c', 'echo up; exec sleep 1'], ['a"b'], ['']]) {
      expect(parseCommand(formatCommand(argv))).toEqual(argv)
    }
    expect(formatCommand(['sleep', '60'])).toBe('sleep 60')
    expect(formatCommand(['sh', '-c', 'x y'])).toBe('["sh","-c","x y"]')
  })
})

describe('port forwarding fields', () => {
  it('accepts ports 1–65535 only', () => {
    for (const ok of [1, 80, 65535]) expect(isPort(ok)).toBe(true)
    for (const bad of [0, 65536, -1, 1.5, '80', undefined]) expect(isPort(bad)).toBe(false)
  })
  it('checks IPv4 and IPv6 addresses like the server', () => {
    for (const ok of ['127.0.0.1', ' 10.0.0.5 ', '0.0.0.0', '::1', '2001:db8::5', '::ffff:10.0.0.1']) expect(isIp(ok)).toBe(true)
    for (const bad of ['', '10.0.0', '256.1.1.1', 'host.example', '1.2.3.4.5', ':::', 'fe80::1%eth0']) expect(isIp(bad)).toBe(false)
  })
})

describe('asset fields, as the server takes them', () => {
  it('rack positions: U5 or U5-U8, start ≤ end, 1–60', () => {
    for (const ok of ['U5', 'U5-U8', 'u5-8', ' U1 - U2 ', '60', 'U3-U3']) expect(isUPosition(ok), ok).toBe(true)
    for (const bad of ['', 'U', 'U9-U5', 'U0', 'U61', 'U5-', 'rack 5', 'U5-U8-U9']) expect(isUPosition(bad), bad).toBe(false)
  })
  it('MAC addresses in the three usual spellings', () => {
    for (const ok of ['00:1a:2b:3c:4d:5e', 'B4-96-91-AA-BB-CC', '001a.2b3c.4d5e']) expect(isMac(ok), ok).toBe(true)
    for (const bad of ['', '00:11:22:33:44', 'zz:1a:2b:3c:4d:5e', '001a2b3c4d5e', '00:1a:2b:3c:4d:5e:6f']) expect(isMac(bad), bad).toBe(false)
  })
})
