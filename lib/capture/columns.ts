/**
 * The grid's own column model: which JSON field each header shows. A host that names its JSON fields
 * differently from JSON_FIELDS (a provincial variant, the 2.0 system) still says, in the grid it
 * configures, that 审核状态 is `spzt`; reading that pairing is reading the page by meaning. The model is a
 * plain config object the page defines (L5 `{header, field}`, Ext `{header, dataIndex}`, vxe/Element
 * `{title, field}` / `{label, prop}`), found by the main-world observer and checked again here, since
 * whatever the page posts is untrusted.
 */
import { type FieldKey, fieldForLabel } from './fields';

export interface HostColumn {
  header: string;
  field: string;
  /** Code → shown text, when the column model says how a coded value is displayed. */
  dict?: Record<string, string>;
}

const MAX_COLUMNS = 200;
const MAX_MODELS = 20;
const MAX_TEXT = 200;
const HEADER_KEYS = ['header', 'title', 'label', 'text'] as const;
const FIELD_KEYS = ['dataIndex', 'field', 'prop', 'mapping'] as const;

const isPlain = (v: unknown): v is Record<string, unknown> => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  // Object.prototype only: a cross-origin window reports a null prototype and is no config object.
  return Object.getPrototypeOf(v) === Object.prototype;
};

/** Header text as shown: a header given as markup (`<b>姓名</b>`) is read without its tags. */
const headerText = (s: string) =>
  s
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .trim();

function firstString(o: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    let v: unknown;
    try {
      v = o[k];
    } catch {
      continue;
    }
    if (typeof v === 'string' && v.trim() && v.length <= MAX_TEXT) return v;
  }
  return undefined;
}

function dictOf(v: unknown): Record<string, string> | undefined {
  if (!isPlain(v)) return undefined;
  const entries = Object.entries(v).slice(0, MAX_COLUMNS);
  if (!entries.every(([k, x]) => typeof x === 'string' && k.length <= MAX_TEXT && x.length <= MAX_TEXT))
    return undefined;
  return Object.fromEntries(entries) as Record<string, string>;
}

/** An array of column configs → the columns that pair a header with a field; null when it is not one. */
export function columnsFrom(value: unknown): HostColumn[] | null {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_COLUMNS) return null;
  const out: HostColumn[] = [];
  for (const item of value) {
    if (!isPlain(item)) continue;
    const header = firstString(item, HEADER_KEYS);
    const field = firstString(item, FIELD_KEYS);
    if (!header || !field) continue;
    const dict = dictOf(item.dict);
    out.push({ header: headerText(header), field, ...(dict ? { dict } : {}) });
  }
  // Two header↔field pairs at least: one alone could be any object that happens to have a title.
  return out.length >= 2 ? out : null;
}

/**
 * Column models reachable from the page's globals (main world): plain config objects and arrays, a few
 * levels deep, within a budget; plus the grids an Ext/L5 component manager holds. Never calls page code
 * beyond reading properties.
 */
export function findColumnModels(win: Record<string, unknown>): HostColumn[][] {
  const walk = walkColumnModels(win);
  let step = walk.next();
  while (!step.done) step = walk.next();
  return step.value;
}

/**
 * The same search, a slice at a time: the page's main thread is given back whenever a slice has taken
 * `sliceMs` (a page whose globals hold large data sets walks them for tens of milliseconds). After
 * `maxWorkMs` of work in all (pauses not counted) it gives up with no model: the JSON is then read through
 * the field table, and a page is never held up by a search that does not end.
 */
export async function findColumnModelsInSlices(
  win: Record<string, unknown>,
  pause: () => Promise<void>,
  sliceMs = 8,
  maxWorkMs = 200,
): Promise<HostColumn[][]> {
  const walk = walkColumnModels(win);
  let sliceStart = performance.now();
  let worked = 0;
  for (let step = walk.next(); ; step = walk.next()) {
    if (step.done) return step.value;
    const slice = performance.now() - sliceStart;
    if (worked + slice >= maxWorkMs) return [];
    if (slice >= sliceMs) {
      worked += slice;
      await pause();
      sliceStart = performance.now();
    }
  }
}

/** Visits up to 5,000 values; yields every 100 visits so a caller can pause between slices. */
function* walkColumnModels(win: Record<string, unknown>): Generator<void, HostColumn[][], void> {
  const out: HostColumn[][] = [];
  const seen = new Set<unknown>();
  let budget = 5_000;
  // Depth-first with an explicit stack (values to visit, deepest last), in the order of a recursive walk.
  const stack: [unknown, number][] = [];
  const drain = function* (): Generator<void, void, void> {
    let n = 0;
    while (stack.length) {
      const [v, depth] = stack.pop()!;
      if (out.length >= MAX_MODELS || budget-- <= 0 || !v || typeof v !== 'object' || seen.has(v)) continue;
      seen.add(v);
      if (++n % 100 === 0) yield;
      try {
        if (Array.isArray(v)) {
          const cols = columnsFrom(v);
          if (cols) out.push(cols);
          else if (depth > 0) {
            const items = v.slice(0, 50);
            for (let i = items.length - 1; i >= 0; i--) stack.push([items[i], depth - 1]);
          }
          continue;
        }
        if (!isPlain(v) || depth <= 0) continue;
        const children: unknown[] = [];
        for (const k of Object.keys(v).slice(0, 100)) {
          try {
            children.push(v[k]);
          } catch {
            // a getter that throws is not a column model
          }
        }
        for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], depth - 1]);
      } catch {
        // a value whose shape cannot be read (a revoked proxy) is not a column model
      }
    }
  };
  let names: string[] = [];
  try {
    names = Object.keys(win);
  } catch {
    return out;
  }
  for (const name of names.slice(0, 2_000)) {
    try {
      const v = win[name];
      if (isPlain(v) || Array.isArray(v)) stack.push([v, 3]);
    } catch {
      // cross-origin or guarded properties
    }
    yield* drain();
  }
  for (const ns of ['L5', 'Ext']) {
    try {
      const all = (win[ns] as { ComponentMgr?: { all?: { items?: unknown } } } | undefined)?.ComponentMgr
        ?.all;
      const items = Array.isArray(all?.items) ? (all.items as unknown[]) : [];
      for (const c of items.slice(0, 200)) {
        const cm = (c as { colModel?: { config?: unknown } } | null)?.colModel;
        if (cm) stack.push([cm.config, 1]);
        yield* drain();
      }
    } catch {
      // not an Ext page
    }
  }
  return out;
}

/** Checks what arrived in a window message: only well-formed column models are kept. */
export function sanitizeModels(untrusted: unknown): HostColumn[][] {
  if (!Array.isArray(untrusted)) return [];
  return untrusted
    .slice(0, MAX_MODELS)
    .map((m) => columnsFrom(m))
    .filter((m): m is HostColumn[] => m !== null);
}

/** What a column model tells about a JSON response: field name → Baoxue field, and how codes are shown. */
export interface FieldMap {
  names: Map<string, FieldKey>;
  dicts: Map<string, Record<string, string>>;
}

export function fieldMapOf(model: HostColumn[]): FieldMap {
  const names = new Map<string, FieldKey>();
  const dicts = new Map<string, Record<string, string>>();
  for (const col of model) {
    const key = fieldForLabel(col.header);
    if (!key || names.has(col.field) || [...names.values()].includes(key)) continue;
    names.set(col.field, key);
    if (col.dict) dicts.set(col.field, col.dict);
  }
  return { names, dicts };
}

/**
 * The model that describes these rows: the one whose recognised fields the rows carry most of (at least
 * two), so a page with several grids pairs each response with its own.
 */
export function modelFor(models: HostColumn[][], rowKeys: Iterable<string>): FieldMap | undefined {
  const keys = new Set(rowKeys);
  let best: FieldMap | undefined;
  let score = 1;
  for (const model of models) {
    const map = fieldMapOf(model);
    const hits = [...map.names.keys()].filter((k) => keys.has(k)).length;
    if (hits > score) {
      best = map;
      score = hits;
    }
  }
  return best;
}
