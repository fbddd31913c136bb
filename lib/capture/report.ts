/**
 * 页面结构报告: what a page looks like to Baoxue, for the county or the maintainers when a host changed —
 * the page's path and title, each table's structure (its markup family, row count), its header texts
 * and the fields they were read as, and the field names of the JSON the page fetched. Never a cell
 * value: the report is built from structure only, and then every text in it is scrubbed of anything a
 * row holds and of anything shaped like an identifier (学籍号, 身份证号, 电话), since a title or a header can
 * carry a child's name ("学生详情 - 张三").
 */
import { fieldForLabel } from './fields';

export interface ReportTable {
  /** Markup family, e.g. `div.l-grid3`, `div.el-table`, `table`. */
  structure: string;
  headers: string[];
  rows: number;
}

export interface ReportInput {
  host: string;
  path: string;
  title: string;
  tables: ReportTable[];
  /** Field names of each JSON list the page fetched (names only). */
  jsonFields: string[][];
  definitionVersion: number;
  /** What the page was read as, or why not (a status word, not data). */
  status: string;
  /** Every cell text the page's rows show: removed wherever it appears in the report. */
  cellTexts: Iterable<string>;
}

const MASK = '＊';
/** Identifier-shaped runs: 6+ digits (ID, 学籍号, phone), a letter then 6+ digits (G/J/L 学籍号), an X-ended ID. */
const IDENTIFIER = /[A-Za-z]?\d{6,}[\dXx]?/g;

/** Removes every cell text (2 characters or more) and every identifier-shaped run from `text`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 2 && out.includes(s)) out = out.split(s).join(MASK);
  return out.replace(IDENTIFIER, MASK);
}

/** The secrets to remove, longest first (so a name inside a longer text goes with it). */
export function secretsOf(cellTexts: Iterable<string>): string[] {
  const set = new Set<string>();
  for (const t of cellTexts) {
    const v = t.replace(/\s+/g, ' ').trim();
    // Short numbers (codes, counts) identify no one; long ones go with IDENTIFIER anyway.
    if (v.length >= 2 && v.length <= 200 && !/^\d{1,5}$/.test(v)) set.add(v);
  }
  return [...set].sort((a, b) => b.length - a.length);
}

/** The report as plain text (to copy into a message to the county or the maintainers). */
export function structureReport(r: ReportInput): string {
  const secrets = secretsOf(r.cellTexts);
  const clean = (s: string) => redact(s.replace(/\s+/g, ' ').trim(), secrets);
  const lines = [
    '保学助手 页面结构报告 (Baoxue page structure report)',
    `host: ${clean(r.host)}`,
    `path: ${clean(r.path)}`,
    `title: ${clean(r.title)}`,
    `reader definition: v${r.definitionVersion}`,
    `status: ${clean(r.status)}`,
  ];
  r.tables.forEach((t, i) => {
    lines.push(`table ${i + 1}: ${clean(t.structure)}, ${t.rows} rows`);
    for (const h of t.headers) {
      const text = clean(h);
      lines.push(`  - ${text} → ${fieldForLabel(h) ?? '?'}`);
    }
  });
  r.jsonFields.forEach((names, i) => {
    lines.push(`json ${i + 1}: ${names.map(clean).join(', ')}`);
  });
  lines.push('(no cell values are included)');
  return lines.join('\n');
}
