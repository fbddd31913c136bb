// MV3 extension pages forbid eval: zod must run jitless. Every module imports `z` from here so this
// line runs before any schema is built.
import { z } from 'zod';

z.config({ jitless: true });

export { z };
