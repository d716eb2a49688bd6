// The recordings player's pure parts: the asciicast v2 parser, the playback
// times (long pauses shortened), and the player's timing at 1×/2×/4× with
// pause and resume, driven by a fake clock.
import { describe, expect, it } from 'vitest'
import { CastError, CastPlayer, parseCast, parseSize, playbackTimes, type PlayerClock } from '../src/utils/asciicast'

const CAST = [
  '{"version":2,"width":100,"height":30,"timestamp":1764000000,"title":"ivy@box","env":{"TERM":"vt220"}}',
  '[0.5,"o","$ "]',
  '[1.0,"o","echo hi\\r\\n"]',
  '[1.5,"r","120x40"]',
  '[2.0,"o","hi\\r\\n"]',
  '[12.0,"o","bye"]',
  '',
].join('\n')

function fakeClock() {
  let now = 0
  let timers: { at: number; f: () => void }[] = []
  const clock: PlayerClock & { advance(ms: number): void } = {
    now: () => now,
    setTimeout: (f, ms) => {
      const h = { at: now + ms, f }
      timers.push(h)
      return h
    },
    clearTimeout: (h) => {
      timers = timers.filter((t) => t !== h)
    },
    advance(ms) {
      const end = now + ms
      for (;;) {
        timers.sort((a, b) => a.at - b.at)
        const t = timers[0]
        if (!t || t.at > end) break
        timers.shift()
        now = t.at
        t.f()
      }
      now = end
    },
  }
  return clock
}

function sink() {
  const log: string[] = []
  return {
    log,
    output: (t: string) => log.push(`o:${t}`),
    resize: (c: number, r: number) => log.push(`r:${c}x${r}`),
    reset: () => log.push('reset'),
  }
}

describe('parseCast', () => {
  it('reads the header and the output and resize events', () => {
    const c = parseCast(CAST)
    expect(c.header).toMatchObject({ version: 2, width: 100, height: 30, env: { TERM: 'vt220' } })
    expect(c.events.map((e) => e.kind)).toEqual(['o', 'o', 'r', 'o', 'o'])
    expect(c.events[2]).toEqual({ time: 1.5, kind: 'r', data: '120x40' })
  })

  it('refuses what is not asciicast v2, tolerates a cut last line', () => {
    expect(() => parseCast('')).toThrow(CastError)
    expect(() => parseCast('{"version":1,"width":80,"height":24}')).toThrow(/version/)
    expect(() => parseCast('{"version":2}')).toThrow(/size/)
    expect(() => parseCast('{"version":2,"width":80,"height":24}\nnope\n[1,"o","x"]')).toThrow(/line 2/)
    expect(parseCast('{"version":2,"width":80,"height":24}\n[1,"o","x"]\n[2,"o","y').events).toHaveLength(1)
    expect(parseCast('{"version":2,"width":80,"height":24}\n[1,"i","secret"]').events).toHaveLength(0)
  })

  it('parses sizes', () => {
    expect(parseSize('120x40')).toEqual({ cols: 120, rows: 40 })
    expect(parseSize('0x40')).toBeNull()
    expect(parseSize('big')).toBeNull()
  })
})

describe('playbackTimes', () => {
  it('keeps short gaps and shortens long pauses to the idle limit', () => {
    expect(playbackTimes(parseCast(CAST).events)).toEqual([0.5, 1, 1.5, 2, 4])
  })
})

describe('CastPlayer', () => {
  it('plays events when due, at 1× and faster', () => {
    const clock = fakeClock()
    const s = sink()
    const p = new CastPlayer(parseCast(CAST), s, () => {}, clock)
    expect(p.duration).toBe(4)
    p.play()
    expect(s.log).toEqual([])
    clock.advance(499)
    expect(s.log).toEqual([])
    clock.advance(1)
    expect(s.log).toEqual(['o:$ '])
    clock.advance(1000) // 1.5 s: the echo, then the resize
    expect(s.log).toEqual(['o:$ ', 'o:echo hi\r\n', 'r:120x40'])
    p.setSpeed(4)
    clock.advance(125) // 0.5 s of cast in 125 ms
    expect(s.log.at(-1)).toBe('o:hi\r\n')
    expect(p.position).toBeCloseTo(2, 5)
    clock.advance(499) // 2 s of cast less a little
    expect(s.log.at(-1)).toBe('o:hi\r\n')
    clock.advance(1)
    expect(s.log.at(-1)).toBe('o:bye')
    expect(p.ended).toBe(true)
    expect(p.playing).toBe(false)
  })

  it('pauses and resumes where it was, and replays from a blank terminal', () => {
    const clock = fakeClock()
    const s = sink()
    const p = new CastPlayer(parseCast(CAST), s, () => {}, clock)
    p.setSpeed(2)
    p.play()
    clock.advance(250) // 0.5 s
    expect(s.log).toEqual(['o:$ '])
    p.pause()
    clock.advance(10_000)
    expect(s.log).toEqual(['o:$ '])
    expect(p.position).toBeCloseTo(0.5, 5)
    p.play()
    clock.advance(249)
    expect(s.log).toEqual(['o:$ '])
    clock.advance(1)
    expect(s.log).toEqual(['o:$ ', 'o:echo hi\r\n'])
    clock.advance(60_000)
    expect(p.ended).toBe(true)
    p.play()
    expect(s.log.filter((l) => l === 'reset')).toHaveLength(1)
    clock.advance(250) // still 2×
    expect(s.log.at(-1)).toBe('o:$ ')
    p.dispose()
  })
})
