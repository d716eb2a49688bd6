// asciicast v2, the format of the jump host's session recordings (docs/API.md):
// a JSON header line, then one JSON array per event, `[seconds, "o", text]`
// for output and `[seconds, "r", "COLSxROWS"]` for a resize. The parser and a
// player whose timing is pure (a clock and a timer are passed in, so tests
// drive it with fake timers); the page feeds its output to xterm.js.

export interface CastHeader {
  version: number
  width: number
  height: number
  timestamp?: number
  title?: string
  env?: { TERM?: string }
}

export interface CastEvent {
  /** Seconds after the start, as recorded. */
  time: number
  kind: 'o' | 'r'
  data: string
}

export interface Cast {
  header: CastHeader
  events: CastEvent[]
}

export class CastError extends Error {}

/** Parses a cast; events of other kinds ("i" input, "m" markers) are skipped. */
export function parseCast(text: string): Cast {
  const lines = text.split('\n').filter((l) => l.trim() !== '')
  if (lines.length === 0) throw new CastError('empty recording')
  let header: CastHeader
  try {
    header = JSON.parse(lines[0]) as CastHeader
  } catch {
    throw new CastError('the first line is not a JSON header')
  }
  if (header.version !== 2) throw new CastError(`unsupported asciicast version ${String(header.version)}`)
  if (!(header.width > 0) || !(header.height > 0)) throw new CastError('the header has no terminal size')
  const events: CastEvent[] = []
  for (let i = 1; i < lines.length; i++) {
    let e: unknown
    try {
      e = JSON.parse(lines[i])
    } catch {
      // The last line of a recording still being written may be cut short.
      if (i === lines.length - 1) break
      throw new CastError(`line ${i + 1} is not JSON`)
    }
    if (!Array.isArray(e) || typeof e[0] !== 'number' || typeof e[2] !== 'string') throw new CastError(`line ${i + 1} is not an event`)
    if (e[1] === 'o' || e[1] === 'r') events.push({ time: e[0], kind: e[1], data: e[2] })
  }
  return { header, events }
}

/** `"120x40"` → `{cols: 120, rows: 40}`; null when malformed. */
export function parseSize(s: string): { cols: number; rows: number } | null {
  const m = /^(\d+)x(\d+)$/.exec(s)
  if (!m) return null
  const cols = Number(m[1])
  const rows = Number(m[2])
  return cols > 0 && rows > 0 ? { cols, rows } : null
}

/** Pauses longer than this play as this long (as asciinema's idle_time_limit). */
export const IDLE_LIMIT = 2

/** Playback times: the recorded ones with long pauses shortened to IDLE_LIMIT. */
export function playbackTimes(events: CastEvent[], idleLimit = IDLE_LIMIT): number[] {
  const out: number[] = []
  let prevRecorded = 0
  let prevPlayed = 0
  for (const e of events) {
    const gap = Math.max(0, e.time - prevRecorded)
    prevPlayed += Math.min(gap, idleLimit)
    prevRecorded = Math.max(prevRecorded, e.time)
    out.push(prevPlayed)
  }
  return out
}

export interface CastSink {
  output(text: string): void
  resize(cols: number, rows: number): void
  /** Back to a blank terminal of the header's size (replay from the start). */
  reset(): void
}

export interface PlayerClock {
  now(): number
  setTimeout(f: () => void, ms: number): unknown
  clearTimeout(h: unknown): void
}

const realClock: PlayerClock = {
  now: () => performance.now(),
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
}

export type Speed = 1 | 2 | 4
export const SPEEDS: Speed[] = [1, 2, 4]

/** Plays a cast into a sink at 1×, 2× or 4×, with pause and resume. */
export class CastPlayer {
  readonly duration: number
  speed: Speed = 1
  playing = false
  private readonly times: number[]
  private next = 0
  /** Playback position (seconds) when the clock was last read into it. */
  private basePos = 0
  private baseAt = 0
  private timer: unknown = null

  constructor(
    private readonly cast: Cast,
    private readonly sink: CastSink,
    private readonly onChange: () => void = () => {},
    private readonly clock: PlayerClock = realClock,
  ) {
    this.times = playbackTimes(cast.events)
    this.duration = this.times.length ? this.times[this.times.length - 1] : 0
  }

  get ended(): boolean {
    return this.next >= this.cast.events.length
  }

  /** Seconds played so far. */
  get position(): number {
    if (!this.playing) return this.basePos
    return Math.min(this.duration, this.basePos + ((this.clock.now() - this.baseAt) / 1000) * this.speed)
  }

  play(): void {
    if (this.playing) return
    if (this.ended) {
      this.sink.reset()
      this.next = 0
      this.basePos = 0
    }
    this.playing = true
    this.baseAt = this.clock.now()
    this.tick()
  }

  pause(): void {
    if (!this.playing) return
    this.basePos = this.position
    this.playing = false
    this.cancel()
    this.onChange()
  }

  setSpeed(s: Speed): void {
    if (this.playing) {
      this.basePos = this.position
      this.baseAt = this.clock.now()
    }
    this.speed = s
    if (this.playing) {
      this.cancel()
      this.tick()
    }
    this.onChange()
  }

  /** Stops the timer (the page is closing). */
  dispose(): void {
    this.cancel()
    this.playing = false
  }

  private cancel(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
  }

  /** Emits every event due by now, then sleeps until the next one. */
  private tick(): void {
    this.timer = null
    const pos = this.position
    const events = this.cast.events
    let text = ''
    while (this.next < events.length && this.times[this.next] <= pos) {
      const e = events[this.next]
      if (e.kind === 'o') {
        text += e.data
      } else {
        if (text) this.sink.output(text)
        text = ''
        const size = parseSize(e.data)
        if (size) this.sink.resize(size.cols, size.rows)
      }
      this.next++
    }
    if (text) this.sink.output(text)
    if (this.ended) {
      this.basePos = this.duration
      this.playing = false
      this.onChange()
      return
    }
    const wait = ((this.times[this.next] - pos) / this.speed) * 1000
    this.timer = this.clock.setTimeout(() => this.tick(), Math.max(0, wait))
    this.onChange()
  }
}
