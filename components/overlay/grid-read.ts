/**
 * Reading the grid a frame shows: finds it by its headers and reads its rows' cells in chunks (so the host
 * page never stalls). The cells become records in the worker, merged there with the grid's own JSON
 * (lib/capture/read-grid.ts): what runs here is only what must see the page.
 */
import { findGrids } from '@/lib/capture/grid';
import type { Implied } from '@/lib/capture/merge';
import type { PageContext } from '@/lib/capture/pages/types';
import { classify } from '@/lib/capture/recognise';
import type { GridRow, GridShape } from '@/lib/capture/shapes';
import type { Provenance } from '@/lib/records';
import { ROWS_PER_TASK, yieldToMain } from './chunks';
import type { Family } from './grid-save';

export type GridFound =
  | { status: 'missing'; pageKind: string; missing: string[]; signature: string }
  /** A grid Baoxue reads, showing no rows now (a query that found nobody). */
  | { status: 'empty'; pageKind: string; signature: string }
  | {
      status: 'ok';
      pageKind: string;
      family: Family;
      implied: Implied;
      source: Provenance;
      shape: GridShape;
      signature: string;
      /** Reads every row's cells (in chunks). */
      read(): Promise<GridRow[]>;
    };

/**
 * A short fingerprint of the grid's text: a re-render that shows the same rows is not read again. Kept
 * instead of the text itself, which for 2,000 rows is hundreds of kilobytes held for the page's life.
 */
export function fingerprint(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${text.length}:${(h2 >>> 0).toString(36)}${(h1 >>> 0).toString(36)}`;
}

/** The first grid of the page Baoxue knows (one grid per frame is what the host system shows). */
export function findGrid(doc: Document, ctx: PageContext, jsonVersion: number): GridFound | undefined {
  let empty: GridFound | undefined;
  for (const shape of findGrids(doc)) {
    const c = classify(shape, ctx);
    if (c.status === 'unknown') continue;
    if (shape.rowElements.length === 0) {
      // Said only when no other grid of the page shows rows (a fixed-column clone may hold none).
      if (c.status === 'ok') empty ??= { status: 'empty', pageKind: c.kind, signature: `${c.kind}|empty` };
      continue;
    }
    const signature = `${c.kind}|${shape.fields.join()}|${jsonVersion}|${fingerprint(shape.grid.textContent ?? '')}`;
    if (c.status === 'missing') return { status: 'missing', pageKind: c.kind, missing: c.missing, signature };
    return {
      status: 'ok',
      pageKind: c.kind,
      family: c.reader.family,
      implied: c.implied,
      source: { host: ctx.host, pageKind: c.kind, seenAt: ctx.now },
      shape,
      signature,
      async read() {
        const rows: GridRow[] = [];
        for (let i = 0; i < shape.rowElements.length; i += ROWS_PER_TASK) {
          if (i > 0) await yieldToMain();
          for (const el of shape.rowElements.slice(i, i + ROWS_PER_TASK)) rows.push(shape.readRow(el));
        }
        return rows;
      },
    };
  }
  return empty;
}

/**
 * No readable grid on the page, but its own data arrived: the page kind its newest response's fields say
 * (the worker holds the response and saves its records: grid-save `saveNewest`).
 */
export function jsonOnly(
  doc: Document,
  ctx: PageContext,
  newestFields: readonly string[],
): { pageKind: string; family: Family; implied: Implied; source: Provenance } | undefined {
  if (newestFields.length === 0 || findGrids(doc).some((s) => classify(s, ctx).status !== 'unknown'))
    return undefined;
  const c = classify({ fields: newestFields as GridShape['fields'] }, ctx);
  if (c.status !== 'ok') return undefined;
  return {
    pageKind: c.kind,
    family: c.reader.family,
    implied: c.implied,
    source: { host: ctx.host, pageKind: c.kind, seenAt: ctx.now },
  };
}
