// @vitest-environment node
// The API client against a real HTTP server answering like Tianqi does.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ApiError, api, errorMessage, parseSseEvent, request, setToken, setUnauthorizedHandler, streamEvents, toApiError, withQuery } from '../src/api/client'

let server: http.Server
let base = ''
const seen: { method?: string; url?: string; auth?: string; body?: string }[] = []

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body })
      const json = (status: number, v: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(v))
      }
      switch (req.url?.split('?')[0]) {
        case '/ok':
          return json(200, { hello: 'world' })
        case '/created':
          return json(201, { id: 7 })
        case '/none':
          res.writeHead(204)
          return res.end()
        case '/validation':
          return json(422, { error: { code: 'validation_failed', message: 'name must match ^[A-Za-z0-9_-]{1,64}$', field: 'name' } })
        case '/conflict':
          return json(409, { error: { code: 'conflict', message: 'not enough free CPU' } })
        case '/unauthorized':
          return json(401, { error: { code: 'unauthorized', message: 'token expired' } })
        case '/piston':
          return json(400, { message: 'python-9.9 runtime is unknown' })
        case '/busy':
          return json(503, { message: 'the sandbox is busy: 4 running, 32 waiting; try again shortly' })
        case '/html':
          res.writeHead(502, { 'content-type': 'text/html' })
          return res.end('<html><body>bad gateway</body></html>')
        case '/text':
          res.writeHead(500, { 'content-type': 'text/plain' })
          return res.end('boom')
        case '/events':
          res.writeHead(200, { 'content-type': 'text/event-stream' })
          res.write(': keep-alive\n\n')
          res.write('event: log\ndata: {"stream":"stdout","line":"one"}\n\n')
          res.write('event: log\r\ndata: {"stream":"stderr",\r\ndata: "line":"two"}\r\n\r\n')
          setTimeout(() => {
            res.write('event: done\ndata: {}\n\n')
            res.end()
          }, 20)
          return
        default:
          return json(404, { error: { code: 'not_found', message: 'no such route' } })
      }
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))
beforeEach(() => {
  seen.length = 0
  setToken(null)
  setUnauthorizedHandler(null)
})

describe('request', () => {
  it('sends the bearer token and JSON, and parses JSON answers', async () => {
    setToken('tqs_secret')
    const r = await api.post<{ id: number }>(`${base}/created`, { name: 'x' })
    expect(r).toEqual({ id: 7 })
    expect(seen[0]).toMatchObject({ method: 'POST', auth: 'Bearer tqs_secret', body: '{"name":"x"}' })
    expect(await api.get(`${base}/ok`, { a: 1, b: '', c: undefined, d: false })).toEqual({ hello: 'world' })
    expect(seen[1].url).toBe('/ok?a=1&d=false')
    expect(await api.del(`${base}/none`)).toBeUndefined()
  })

  it('maps the server error body to ApiError with code, message and field', async () => {
    const e = await api.post(`${base}/validation`, {}).catch((x) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect(e).toMatchObject({ status: 422, code: 'validation_failed', field: 'name', message: 'name must match ^[A-Za-z0-9_-]{1,64}$' })
    const c = await api.post(`${base}/conflict`).catch((x) => x)
    expect(c).toMatchObject({ status: 409, code: 'conflict', message: 'not enough free CPU', field: undefined })
    expect(errorMessage(c)).toBe('not enough free CPU')
  })

  it('shows the message of Piston-shaped errors (/api/v2)', async () => {
    const e = await api.post(`${base}/piston`, { language: 'python', version: '9.9' }).catch((x) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect(e).toMatchObject({ status: 400, code: 'http_400', message: 'python-9.9 runtime is unknown', field: undefined })
    expect(errorMessage(e)).toBe('python-9.9 runtime is unknown')
    expect(await api.post(`${base}/busy`).catch((x) => x)).toMatchObject({ status: 503, message: 'the sandbox is busy: 4 running, 32 waiting; try again shortly' })
    // Piston's 404 for unknown /api/v2 paths, and the project's shape still wins when both are there.
    expect(await toApiError(new Response('{"message":"Not Found"}', { status: 404 }))).toMatchObject({ status: 404, message: 'Not Found' })
    const both = await toApiError(new Response('{"error":{"code":"conflict","message":"project"},"message":"piston"}', { status: 409 }))
    expect(both).toMatchObject({ code: 'conflict', message: 'project' })
    // A `message` that is not a non-empty string is not shown.
    expect(await toApiError(new Response('{"message":""}', { status: 500, statusText: 'Internal Server Error' }))).toMatchObject({ message: '{"message":""}' })
  })

  it('keeps HTML out of messages and shows short text bodies', async () => {
    expect(await request('GET', `${base}/html`).catch((x) => x)).toMatchObject({ status: 502, code: 'http_502', message: 'HTTP 502 Bad Gateway' })
    expect(await request('GET', `${base}/text`).catch((x) => x)).toMatchObject({ status: 500, message: 'boom' })
  })

  it('calls the unauthorized handler for a signed-in 401 only', async () => {
    let calls = 0
    setUnauthorizedHandler(() => calls++)
    await api.get(`${base}/unauthorized`).catch(() => undefined)
    expect(calls).toBe(0)
    setToken('tqs_old')
    const e = await api.get(`${base}/unauthorized`).catch((x) => x)
    expect(calls).toBe(1)
    expect(e).toMatchObject({ status: 401, message: 'token expired' })
  })

  it('turns a connection failure into a network ApiError', async () => {
    const closed = http.createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((r) => closed.close(() => r()))
    const e = (await api.get(`http://127.0.0.1:${port}/x`).catch((x) => x)) as ApiError
    expect(e).toBeInstanceOf(ApiError)
    expect(e.code).toBe('network')
  })
})

describe('helpers', () => {
  it('builds query strings without empty values', () => {
    expect(withQuery('/a')).toBe('/a')
    expect(withQuery('/a', { x: '' , y: null })).toBe('/a')
    expect(withQuery('/a', { name: 'a b', page: 2 })).toBe('/a?name=a+b&page=2')
  })
  it('maps a response without a JSON body', async () => {
    const e = await toApiError(new Response('', { status: 503, statusText: 'Service Unavailable' }))
    expect(e).toMatchObject({ status: 503, message: 'HTTP 503 Service Unavailable' })
  })
  it('parses SSE events', () => {
    expect(parseSseEvent('event: stats\ndata: {"a":1}')).toEqual({ event: 'stats', data: '{"a":1}' })
    expect(parseSseEvent('data: x\ndata: y')).toEqual({ event: 'message', data: 'x\ny' })
    expect(parseSseEvent(': comment')).toBeNull()
  })
  it('reads a Server-Sent Events stream with the token', async () => {
    setToken('tqs_stream')
    const got: [string, string][] = []
    await streamEvents(`${base}/events`, (ev, data) => got.push([ev, data]), new AbortController().signal, { follow: true })
    expect(seen[0]).toMatchObject({ url: '/events?follow=true', auth: 'Bearer tqs_stream' })
    expect(got).toEqual([
      ['log', '{"stream":"stdout","line":"one"}'],
      ['log', '{"stream":"stderr",\n"line":"two"}'],
      ['done', '{}'],
    ])
  })
})
