/** Pages under /admin/ (history mode: central's gateway falls back to index.html). Sign-in guards the rest. */
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useSessionStore } from './stores/session.ts';
import { canSee, homePage, type Page } from './lib/roles.ts';

const page = (name: Page, component: RouteRecordRaw['component']): RouteRecordRaw => ({ path: `/${name}`, name, component: component!, meta: { page: name } });

export const router = createRouter({
  history: createWebHistory('/admin/'),
  routes: [
    { path: '/sign-in', name: 'sign-in', component: () => import('./pages/SignInPage.vue'), meta: { public: true } },
    page('fleet', () => import('./pages/FleetPage.vue')),
    page('stores', () => import('./pages/StoresPage.vue')),
    page('menu', () => import('./pages/MenuPage.vue')),
    page('conflicts', () => import('./pages/ConflictsPage.vue')),
    page('reports', () => import('./pages/ReportsPage.vue')),
    page('users', () => import('./pages/UsersPage.vue')),
    page('audit', () => import('./pages/AuditPage.vue')),
    { path: '/:rest(.*)*', redirect: '/fleet' },
  ],
});

router.beforeEach(async (to) => {
  const session = useSessionStore();
  if (!session.checked) await session.restore();
  if (to.meta.public) return session.role ? { name: homePage(session.role) } : true;
  if (!session.role) return { name: 'sign-in', query: to.fullPath !== '/fleet' ? { next: to.fullPath } : {} };
  const target = to.meta.page as Page | undefined;
  if (target && !canSee(session.role, target)) return { name: homePage(session.role) };
  return true;
});
