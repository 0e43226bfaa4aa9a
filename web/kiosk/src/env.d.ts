/// <reference types="vite/client" />
import 'vue-router';

declare module 'vue-router' {
  interface RouteMeta {
    /** Only after the staff PIN. */
    staff?: boolean;
    /** Makes no sense with an empty cart (a reload mid-checkout lands on the menu). */
    needsCart?: boolean;
  }
}
