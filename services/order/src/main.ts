import { runMain } from '@kiosk/kit';
import { orderConfig, startOrderService } from './index.js';

await runMain(orderConfig, startOrderService);
