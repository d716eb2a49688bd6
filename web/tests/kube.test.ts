// The pod terminal's address: the route with its names encoded, the size and
// the container in the query, never the token (that travels as a subprotocol).
import { describe, expect, it } from 'vitest'
import { podTerminalUrl } from '../src/api/kube'

describe('pod terminal address', () => {
  it('names the pod, the size and the container; no token', () => {
    const url = new URL(podTerminalUrl({ cluster: 3, namespace: 'team-a', name: 'web-1', container: 'side car' }, { cols: 120, rows: 40 }))
    expect(url.protocol).toBe('ws:')
    expect(url.pathname).toBe('/api/v1/k8s/clusters/3/namespaces/team-a/pods/web-1/terminal')
    expect(url.searchParams.get('cols')).toBe('120')
    expect(url.searchParams.get('rows')).toBe('40')
    expect(url.searchParams.get('container')).toBe('side car')
    expect(url.search).not.toMatch(/token/)
  })
  it('leaves the container out when none is chosen', () => {
    const url = new URL(podTerminalUrl({ cluster: 1, namespace: 'default', name: 'p' }, { cols: 80, rows: 24 }))
    expect(url.searchParams.has('container')).toBe(false)
  })
})
