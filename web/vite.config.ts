/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// The dev server proxies the API (and the terminal WebSocket) to a running
// `tianqi serve` (default 127.0.0.1:8890; override with TIANQI_URL).
const target = process.env.TIANQI_URL ?? 'http://127.0.0.1:8890'

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus components are imported where a template uses them, so each
    // page's chunk carries only what it needs; the stylesheet is loaded once in main.ts.
    Components({ resolvers: [ElementPlusResolver({ importStyle: false })], dts: false }),
  ],
  server: {
    proxy: {
      '/api': { target, changeOrigin: false, ws: true },
      '/healthz': target,
    },
  },
  build: {
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts'
          if (id.includes('node_modules/@xterm')) return 'xterm'
          if (id.includes('node_modules/vue') || id.includes('node_modules/@vue') || id.includes('node_modules/pinia') || id.includes('node_modules/vue-router') || id.includes('node_modules/vue-i18n') || id.includes('node_modules/@intlify')) return 'vue'
          return undefined
        },
      },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.test.ts'],
    server: { deps: { inline: ['element-plus'] } },
  },
})
