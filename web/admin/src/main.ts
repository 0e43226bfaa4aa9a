import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { createAppI18n, initialLocale } from './i18n/index.ts';
import { whenUnauthenticated } from './api/http.ts';
import { useSessionStore } from './stores/session.ts';
import { router } from './router.ts';
import App from './App.vue';
import './base.css';

const app = createApp(App).use(createPinia()).use(createAppI18n(initialLocale()));
const session = useSessionStore();
// A 401 on any call means the session expired: back to sign-in, returning to this page afterwards.
whenUnauthenticated(() => {
  session.expire();
  const here = router.currentRoute.value;
  if (!here.meta.public) void router.replace({ name: 'sign-in', query: { next: here.fullPath } });
});
app.use(router);
app.mount('#app');
