// An ECharts instance on an element (SVG renderer): created on mount, redrawn by
// `render` whenever `source` changes, resized with its element, disposed on unmount.
import { onBeforeUnmount, onMounted, watch, type Ref, type WatchSource } from 'vue'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'

echarts.use([SVGRenderer])

export function useChart(el: Ref<HTMLElement | undefined>, option: () => Record<string, unknown>, source: WatchSource) {
  let chart: echarts.ECharts | undefined
  let observer: ResizeObserver | undefined
  const render = () => chart?.setOption(option())
  onMounted(() => {
    if (!el.value) return
    chart = echarts.init(el.value, undefined, { renderer: 'svg' })
    render()
    observer = new ResizeObserver(() => chart?.resize())
    observer.observe(el.value)
  })
  watch(source, render, { deep: true })
  onBeforeUnmount(() => {
    observer?.disconnect()
    chart?.dispose()
  })
}
