// A small Markdown reader for the assistant's replies. It answers a tree, never
// HTML: components/MarkdownView.vue turns the tree into Vue nodes, so every
// piece of model output reaches the DOM as text (a `<script>` or an
// `<img onerror>` in a reply shows as those characters) and the only attribute
// taken from the output, a link's href, passes `safeHref` first. Images are
// shown as links (no request leaves the browser for a URL a model chose).
//
// What it reads is what chat models write: paragraphs, ATX headings, fenced
// code (an unclosed fence, as while streaming, runs to the end), block quotes,
// bullet and numbered lists (nested by indentation), tables, rules; inline
// code, **strong**, *em*, ~~del~~, [links](url), bare http(s) URLs and line
// breaks. Raw HTML is not read at all: it stays text.

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'strong' | 'em' | 'del'; c: Inline[] }
  | { t: 'link'; href: string; c: Inline[] }
  | { t: 'br' }

export type Align = 'left' | 'center' | 'right' | null

export type Block =
  | { t: 'p'; c: Inline[] }
  | { t: 'h'; level: number; c: Inline[] }
  | { t: 'code'; lang: string; v: string }
  | { t: 'quote'; c: Block[] }
  | { t: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { t: 'table'; align: Align[]; head: Inline[][]; rows: Inline[][][] }
  | { t: 'hr' }

/** The href a link may carry: http(s) and mailto only; anything else (javascript:, data:, …) none. */
export function safeHref(url: string): string | null {
  const u = url.trim()
  return /^(https?:\/\/|mailto:)[^\s]*$/i.test(u) ? u : null
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/
const HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$/
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/
const QUOTE = /^ {0,3}> ?/
const ITEM = /^( *)([-*+]|\d{1,9}[.)])(?:\s+(.*))?$/
const TABLE_SEP = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/

/** Reads a whole (or still arriving) Markdown text. */
export function parseMarkdown(text: string): Block[] {
  return blocks(text.replace(/\r\n?/g, '\n').split('\n'))
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || ITEM.test(line)
}

function blocks(lines: string[]): Block[] {
  const out: Block[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i]
    if (!line.trim()) {
      i++
      continue
    }
    const fence = FENCE.exec(line)
    if (fence) {
      const mark = fence[1]
      const body: string[] = []
      i++
      while (i < lines.length && !new RegExp(`^ {0,3}${mark[0] === '`' ? '`' : '~'}{${mark.length},}\\s*$`).test(lines[i])) body.push(lines[i++])
      i++ // the closing fence (or past the end)
      out.push({ t: 'code', lang: fence[2], v: body.join('\n') })
      continue
    }
    const heading = HEADING.exec(line)
    if (heading) {
      out.push({ t: 'h', level: heading[1].length, c: inlines(heading[2] ?? '') })
      i++
      continue
    }
    if (RULE.test(line)) {
      out.push({ t: 'hr' })
      i++
      continue
    }
    if (QUOTE.test(line)) {
      const body: string[] = []
      while (i < lines.length && lines[i].trim() && (QUOTE.test(lines[i]) || !startsBlock(lines[i]))) body.push(lines[i++].replace(QUOTE, ''))
      out.push({ t: 'quote', c: blocks(body) })
      continue
    }
    if (ITEM.test(line)) {
      i = list(lines, i, out)
      continue
    }
    if (line.includes('|') && i + 1 < lines.length && TABLE_SEP.test(lines[i + 1]) && lines[i + 1].includes('-')) {
      i = table(lines, i, out)
      continue
    }
    const para: string[] = []
    while (i < lines.length && lines[i].trim() && (para.length === 0 || !startsBlock(lines[i]))) para.push(lines[i++].trim())
    out.push({ t: 'p', c: inlines(para.join('\n')) })
  }
  return out
}

/** A list from line `i`; its items' lines, dedented, are read as blocks again. Answers the next line. */
function list(lines: string[], i: number, out: Block[]): number {
  const first = ITEM.exec(lines[i])!
  const indent = first[1].length
  const ordered = /\d/.test(first[2])
  const start = ordered ? parseInt(first[2], 10) : 1
  const items: Block[][] = []
  while (i < lines.length) {
    const m = ITEM.exec(lines[i])
    if (!m || m[1].length !== indent || /\d/.test(m[2]) !== ordered) break
    const width = indent + m[2].length + 1
    const body = [m[3] ?? '']
    i++
    for (; i < lines.length; i++) {
      const l = lines[i]
      const lead = l.length - l.trimStart().length
      if (!l.trim()) {
        // A blank line ends the item unless indented content follows.
        const next = lines.slice(i + 1).find((x) => x.trim())
        if (next === undefined || next.length - next.trimStart().length <= indent) break
        body.push('')
        continue
      }
      if (lead > indent) body.push(l.slice(Math.min(lead, width)))
      else if (!startsBlock(l) && body[body.length - 1] !== '') body.push(l.trim()) // a lazy continuation
      else break
    }
    items.push(blocks(body))
    while (i < lines.length && !lines[i].trim() && lines.slice(i).find((x) => x.trim()) && ITEM.test(lines.slice(i).find((x) => x.trim())!)) i++
  }
  out.push({ t: 'list', ordered, start, items })
  return i
}

function cells(line: string): string[] {
  let s = line.trim()
  if (s.startsWith('|')) s = s.slice(1)
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1)
  return s.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'))
}

function table(lines: string[], i: number, out: Block[]): number {
  const head = cells(lines[i])
  const align: Align[] = cells(lines[i + 1]).map((c) => (c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : c.startsWith(':') ? 'left' : null))
  i += 2
  const rows: Inline[][][] = []
  while (i < lines.length && lines[i].trim() && lines[i].includes('|')) {
    const r = cells(lines[i++])
    rows.push(head.map((_, k) => inlines(r[k] ?? '')))
  }
  out.push({ t: 'table', align: head.map((_, k) => align[k] ?? null), head: head.map(inlines), rows })
  return i
}

const PUNCT = /[!-/:-@[-`{-~]/

/** The inline content of one block. */
export function inlines(s: string): Inline[] {
  const out: Inline[] = []
  let text = ''
  const flush = () => {
    if (text) out.push({ t: 'text', v: text })
    text = ''
  }
  let i = 0
  while (i < s.length) {
    const ch = s[i]
    if (ch === '\\' && i + 1 < s.length && PUNCT.test(s[i + 1])) {
      text += s[i + 1]
      i += 2
      continue
    }
    if (ch === '\n') {
      flush()
      out.push({ t: 'br' })
      i++
      continue
    }
    if (ch === '`') {
      let n = 1
      while (s[i + n] === '`') n++
      const tick = '`'.repeat(n)
      const end = s.indexOf(tick, i + n)
      if (end > 0) {
        flush()
        const v = s.slice(i + n, end)
        out.push({ t: 'code', v: v.length > 2 && v.startsWith(' ') && v.endsWith(' ') ? v.slice(1, -1) : v })
        i = end + n
        continue
      }
      text += tick
      i += n
      continue
    }
    const pair = s.slice(i, i + 2)
    // `__` only at a word's edge, as `_` below: `a__b__c` and `__init__`-like names stay text.
    if (pair === '**' || pair === '~~' || (pair === '__' && !/\w/.test(s[i - 1] ?? ''))) {
      let end = s.indexOf(pair, i + 2)
      while (pair === '__' && end > 0 && /\w/.test(s[end + 2] ?? '')) end = s.indexOf(pair, end + 1)
      if (end > i + 2) {
        flush()
        out.push({ t: pair === '~~' ? 'del' : 'strong', c: inlines(s.slice(i + 2, end)) })
        i = end + 2
        continue
      }
    }
    if ((ch === '*' || ch === '_') && s[i + 1] && s[i + 1] !== ' ' && s[i + 1] !== ch && !(ch === '_' && /\w/.test(s[i - 1] ?? ''))) {
      let end = i + 1
      for (;;) {
        end = s.indexOf(ch, end + 1)
        if (end < 0) break
        if (s[end - 1] !== ' ' && s[end + 1] !== ch && !(ch === '_' && /\w/.test(s[end + 1] ?? ''))) break
      }
      if (end > i + 1) {
        flush()
        out.push({ t: 'em', c: inlines(s.slice(i + 1, end)) })
        i = end + 1
        continue
      }
    }
    if (ch === '[' || (ch === '!' && s[i + 1] === '[')) {
      const open = ch === '!' ? i + 1 : i
      const m = /^\[([^\]\n]*)\]\(\s*([^\s()]*(?:\([^\s()]*\))?[^\s()]*)(?:\s+"[^"]*")?\s*\)/.exec(s.slice(open))
      if (m) {
        const href = safeHref(m[2])
        flush()
        const label = m[1] || m[2]
        if (href) out.push({ t: 'link', href, c: inlines(label) })
        else out.push(...inlines(label))
        i = open + m[0].length
        continue
      }
    }
    if ((ch === 'h' || ch === 'H') && !/\w/.test(s[i - 1] ?? '')) {
      const m = /^https?:\/\/[^\s<>"'`]+/i.exec(s.slice(i))
      if (m) {
        const url = m[0].replace(/[.,;:!?)\]}'"。，；：！？）]+$/, '')
        flush()
        out.push({ t: 'link', href: url, c: [{ t: 'text', v: url }] })
        i += url.length
        continue
      }
    }
    text += ch
    i++
  }
  flush()
  return out
}
