import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/dist/index.css'
import './style.css'
import App from './App.vue'
import { i18n } from './i18n'
import { router } from './router'
import { setUnauthorizedHandler } from './api/client'
import { useAuth } from './stores/auth'
import { signOutReason } from './utils/session'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia).use(i18n).use(router)

// An expired or revoked session, or a disabled account, sends people back to
// the sign-in page, which says which it was.
setUnauthorizedHandler((e) => {
  useAuth(pinia).clear()
  if (router.currentRoute.value.name !== 'login') {
    void router.push({ name: 'login', query: { redirect: router.currentRoute.value.fullPath, reason: signOutReason(e) } })
  }
})

document.documentElement.lang = i18n.global.locale.value
app.mount('#app')
