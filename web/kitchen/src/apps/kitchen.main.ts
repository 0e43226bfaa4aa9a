import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { createAppI18n } from '../i18n/index.ts';
import { useSettingsStore } from '../stores/settings.ts';
import KitchenApp from './KitchenApp.vue';
import './base.css';

const app = createApp(KitchenApp).use(createPinia());
app.use(createAppI18n(useSettingsStore().locale));
app.mount('#app');
