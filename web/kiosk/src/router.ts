import { createRouter, createWebHistory } from 'vue-router';
import WelcomePage from './pages/WelcomePage.vue';
import MenuPage from './pages/MenuPage.vue';
import { useStaffStore } from './stores/staff';
import { useCheckoutStore } from './stores/checkout';
import { useCartStore } from './stores/cart';

/** History mode under /kiosk/: the gateway falls back to /kiosk/index.html for deep links. */
export const router = createRouter({
  history: createWebHistory('/kiosk/'),
  routes: [
    { path: '/', name: 'welcome', component: WelcomePage },
    { path: '/menu/:categoryId?', name: 'menu', component: MenuPage },
    { path: '/product/:productId', name: 'product', component: () => import('./pages/ProductPage.vue') },
    { path: '/cart', name: 'cart', component: () => import('./pages/CartPage.vue') },
    { path: '/checkout', name: 'checkout', component: () => import('./pages/CheckoutPage.vue'), meta: { needsCart: true } },
    { path: '/payment', name: 'payment', component: () => import('./pages/PaymentPage.vue'), meta: { needsCart: true } },
    { path: '/done', name: 'done', component: () => import('./pages/ConfirmationPage.vue') },
    { path: '/settings', name: 'settings', component: () => import('./pages/SettingsPage.vue'), meta: { staff: true } },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach((to) => {
  if (to.meta.staff && !useStaffStore().mayOpenSettings()) return { name: 'welcome' };
  if (to.meta.needsCart && useCartStore().lines.length === 0) return { name: 'menu' };
  if (to.name === 'done' && !useCheckoutStore().lastOrder) return { name: 'welcome' };
  return true;
});
