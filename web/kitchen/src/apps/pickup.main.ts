import { createApp } from 'vue';
import { browserLocale, createAppI18n } from '../i18n/index.ts';
import PickupApp from './PickupApp.vue';
import './base.css';

createApp(PickupApp).use(createAppI18n(browserLocale())).mount('#app');
