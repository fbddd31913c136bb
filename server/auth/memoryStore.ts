/** A GatewayStore in memory: for tests (the gateway backs the real one with an admin-only database). */
import type { GatewayStore } from '../contracts';

export function memoryStore(): GatewayStore & { docs: Map<string, Record<string, unknown>> } {
  const docs = new Map<string, Record<string, unknown>>();
  return {
    docs,
    get: async (id) => {
      const d = docs.get(id);
      return d ? structuredClone(d) : undefined;
    },
    put: async (doc) => void docs.set(doc._id, structuredClone(doc)),
    remove: async (id) => void docs.delete(id),
    list: async (prefix) =>
      [...docs.entries()].filter(([id]) => id.startsWith(prefix)).map(([, d]) => structuredClone(d)),
  };
}
