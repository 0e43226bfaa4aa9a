import { runMain } from '@kiosk/kit';
import { kitchenConfig, startKitchenService } from './index.js';

await runMain(kitchenConfig, startKitchenService);
