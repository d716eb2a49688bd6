import { describe, expect, it } from 'vitest'
import { batchTargets, exitExplanation, pullProgress, failureKey, instanceActions, isBareShell } from '../src/utils/instance'

describe('instance actions by status', () => {
  it('offers only what can work', () => {
    expect(instanceActions('running')).toEqual(['stop', 'restart', 'delete'])
    expect(instanceActions('exited')).toEqual(['start', 'delete'])
    // a failed instance has no container: retry (placed again) or delete, never 启动
    expect(instanceActions('failed')).toEqual(['retry', 'delete'])
    expect(instanceActions('missing')).toEqual(['delete'])
    expect(instanceActions('creating')).toEqual([])
    expect(instanceActions('deleting')).toEqual([])
  })
})

describe('batch targets', () => {
  const rows = [
    { id: 1, status: 'running' as const },
    { id: 2, status: 'exited' as const },
    { id: 3, status: 'creating' as const },
    { id: 4, status: 'failed' as const },
    { id: 5, status: 'missing' as const },
  ]
  it('acts only on the rows that offer the action', () => {
    expect(batchTargets('stop', rows).map((r) => r.id)).toEqual([1])
    expect(batchTargets('start', rows).map((r) => r.id)).toEqual([2])
    // nothing is deleted while the server is still creating it
    expect(batchTargets('delete', rows).map((r) => r.id)).toEqual([1, 2, 4, 5])
  })
})

describe('why an instance is not running', () => {
  it('explains an exit with its code', () => {
    expect(exitExplanation({ status: 'exited', exit_code: 0, exit_reason: 'shell_without_tty' })).toEqual({ key: 'instances.exit.shell_without_tty', code: 0 })
    expect(exitExplanation({ status: 'exited', exit_code: 3, exit_reason: 'exited' })).toEqual({ key: 'instances.exit.exited', code: 3 })
    expect(exitExplanation({ status: 'exited', exit_code: null, exit_reason: 'stopped' })).toEqual({ key: 'instances.exit.stopped', code: '?' })
  })
  it('says nothing while running or without a reason', () => {
    expect(exitExplanation({ status: 'running', exit_code: null, exit_reason: 'none' })).toBeNull()
    expect(exitExplanation({ status: 'exited', exit_code: null, exit_reason: 'none' })).toBeNull()
  })
})

describe('bare shells (the server rule, for the keep-alive warning)', () => {
  it('finds shells that end without a TTY', () => {
    for (const argv of [['bash'], ['/bin/sh'], ['/bin/bash', '-l'], ['zsh', '-i']]) expect(isBareShell(argv), argv.join(' ')).toBe(true)
    for (const argv of [[], ['sleep', 'infinity'], ['sh', '-c', 'exec sleep infinity'], ['python3']]) expect(isBareShell(argv), argv.join(' ')).toBe(false)
  })
})

describe('failures summarised for the page', () => {
  it('names what went wrong from the server sentence, for admins and users', () => {
    expect(failureKey("internal error: pulling registry.x/a:1 onto node 'n': 401")).toBe('instances.failure.pull')
    expect(failureKey('pulling the image onto the node failed (an administrator can see the details)')).toBe('instances.failure.pull')
    expect(failureKey("on node 'gpu-07': Docker said: HTTP 500: could not select device driver")).toBe('instances.failure.node')
    expect(failureKey("node 'a' is unreachable: socket")).toBe('instances.failure.unreachable')
    expect(failureKey('creation was interrupted (server restart)')).toBe('instances.failure.interrupted')
    expect(failureKey('something new')).toBe('instances.failure.other')
  })
})

describe('pull progress of a creating instance', () => {
  it('reads the figures the server sends, sizes in labelled binary units', () => {
    const pull = { image: '127.0.0.1:5000/a/b:1', layers_done: 2, layers: 5, bytes_done: 41 * 1024 * 1024, bytes_total: 80 * 1024 * 1024 }
    expect(pullProgress({ pull })).toEqual({
      key: 'instances.pulling',
      values: { image: '127.0.0.1:5000/a/b:1', done: 2, all: 5, got: '41 MiB', size: '80 MiB' },
    })
    expect(pullProgress({ pull: null })).toBeNull()
  })
})
