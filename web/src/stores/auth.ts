import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { setToken } from '../api/client'
import * as authApi from '../api/auth'
import * as meApi from '../api/me'
import type { LoginUser } from '../api/types'

const KEY = 'tianqi.session'

interface Saved {
  token: string
  expires_at: string
  user: LoginUser
}

function load(): Saved | null {
  try {
    const raw = localStorage.getItem(KEY)
    if (!raw) return null
    const s = JSON.parse(raw) as Saved
    if (!s.token || new Date(s.expires_at).getTime() <= Date.now()) return null
    return s
  } catch {
    return null
  }
}

export const useAuth = defineStore('auth', () => {
  const saved = load()
  const token = ref<string | null>(saved?.token ?? null)
  const expiresAt = ref<string | null>(saved?.expires_at ?? null)
  const user = ref<LoginUser | null>(saved?.user ?? null)
  setToken(token.value)

  const isAdmin = computed(() => user.value?.role === 'admin')
  const signedIn = computed(() => !!token.value)

  function persist() {
    if (token.value && user.value && expiresAt.value) {
      localStorage.setItem(KEY, JSON.stringify({ token: token.value, expires_at: expiresAt.value, user: user.value }))
    } else {
      localStorage.removeItem(KEY)
    }
  }

  async function login(username: string, password: string) {
    const res = await authApi.login(username, password)
    token.value = res.token
    expiresAt.value = res.expires_at
    user.value = res.user
    setToken(res.token)
    persist()
    return res.user
  }

  function clear() {
    token.value = null
    user.value = null
    expiresAt.value = null
    setToken(null)
    persist()
  }

  async function logout() {
    try {
      if (token.value) await authApi.logout()
    } catch {
      // The session ends here whatever the server said.
    }
    clear()
  }

  async function changePassword(current: string, next: string) {
    await meApi.changePassword(current, next)
    if (user.value) user.value = { ...user.value, must_change_password: false }
    persist()
  }

  return { token, user, isAdmin, signedIn, login, logout, clear, changePassword }
})
