// Renders utils/markdown.ts's tree as Vue nodes. Everything from the text is a
// text child (set as textContent, never parsed as HTML) and the one attribute
// from it, a link's href, was checked by safeHref; there is no v-html here.

import { defineComponent, h, type PropType, type VNode } from 'vue'
import { parseMarkdown, type Block, type Inline } from '../utils/markdown'

function inline(n: Inline, key: number): VNode | string {
  switch (n.t) {
    case 'text':
      return n.v
    case 'code':
      return h('code', { key }, n.v)
    case 'br':
      return h('br', { key })
    case 'link':
      return h('a', { key, href: n.href, target: '_blank', rel: 'noopener noreferrer nofollow' }, n.c.map(inline))
    default:
      return h(n.t, { key }, n.c.map(inline))
  }
}

function block(b: Block, key: number): VNode {
  switch (b.t) {
    case 'p':
      return h('p', { key }, b.c.map(inline))
    case 'h':
      return h(`h${Math.min(b.level + 2, 6)}`, { key }, b.c.map(inline))
    case 'code':
      return h('div', { key, class: 'md-code' }, [
        b.lang ? h('div', { class: 'md-lang' }, b.lang) : null,
        h('pre', [h('code', { class: b.lang ? `language-${b.lang.replace(/[^\w+#-]/g, '')}` : undefined }, b.v)]),
      ])
    case 'quote':
      return h('blockquote', { key }, b.c.map(block))
    case 'list':
      return h(
        b.ordered ? 'ol' : 'ul',
        { key, start: b.ordered && b.start !== 1 ? b.start : undefined },
        b.items.map((item, k) => h('li', { key: k }, item.map(block))),
      )
    case 'table':
      return h('div', { key, class: 'md-table' }, [
        h('table', [
          h('thead', [h('tr', b.head.map((c, k) => h('th', { key: k, style: b.align[k] ? { textAlign: b.align[k] } : undefined }, c.map(inline))))]),
          h(
            'tbody',
            b.rows.map((r, j) => h('tr', { key: j }, r.map((c, k) => h('td', { key: k, style: b.align[k] ? { textAlign: b.align[k] } : undefined }, c.map(inline))))),
          ),
        ]),
      ])
    case 'hr':
      return h('hr', { key })
  }
}

export default defineComponent({
  name: 'MarkdownView',
  props: { source: { type: String as PropType<string>, required: true } },
  setup(props) {
    return () => h('div', { class: 'markdown' }, parseMarkdown(props.source).map(block))
  },
})
