import { createApp } from 'vue';
import { browserLocale } from '../i18n/index.ts';
import { createCounterI18n } from '../i18n/counter.ts';
import CounterApp from './CounterApp.vue';
import './base.css';

createApp(CounterApp).use(createCounterI18n(browserLocale())).mount('#app');
