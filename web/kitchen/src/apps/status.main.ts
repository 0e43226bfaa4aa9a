import { createApp } from 'vue';
import { browserLocale } from '../i18n/index.ts';
import { createStatusI18n } from '../i18n/status.ts';
import StatusPage from '../pages/StatusPage.vue';
import './base.css';

createApp(StatusPage).use(createStatusI18n(browserLocale())).mount('#app');
