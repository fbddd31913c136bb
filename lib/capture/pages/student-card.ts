/**
 * 学籍卡 (student card / detail page): label–value pairs (`td.FieldLabel` + `td.FieldInput` in 1.0, or
 * `th` + `td`) rather than a grid. Read by label text, like the grids; yields one fuller student record.
 */
import type { Provenance, Student } from '../../records';
import { hostMonth } from '../../time/hostDate';
import { type CardKey, cardFieldForLabel, type FieldKey, fieldForLabel, labelsOf } from '../fields';
import type { GridRow } from '../shapes';
import { suspensionCells } from './status-change';
import { studentList } from './student-list';

export interface CardRead {
  cells: GridRow['cells'];
  extra: Partial<Record<CardKey, string>>;
  /** The value cell of 全国学籍号, where the overlay puts its badge. */
  keyCell?: Element;
}

/** Component libraries' description lists (2.0-style 学生详情): a label cell or span, its value beside it. */
const LIBRARY_LABEL = '.el-descriptions__label, .ant-descriptions-item-label';
const LIBRARY_VALUE = '.el-descriptions__content, .ant-descriptions-item-content';

function pairs(root: ParentNode): [Element, Element][] {
  const out: [Element, Element][] = [];
  for (const label of root.querySelectorAll(`td.FieldLabel, th, ${LIBRARY_LABEL}`)) {
    const value = label.nextElementSibling;
    if (
      value &&
      (value.matches(`td.FieldInput, ${LIBRARY_VALUE}`) || (label.tagName === 'TH' && value.tagName === 'TD'))
    )
      out.push([label, value]);
  }
  return out;
}

/** The card's fields; null when the page has no such label–value form about a student. */
export function readCard(root: ParentNode): CardRead | null {
  const cells: GridRow['cells'] = {};
  const extra: CardRead['extra'] = {};
  let keyCell: Element | undefined;
  for (const [label, value] of pairs(root)) {
    // A query form's input has no text: only filled values count.
    const text = (value.textContent ?? '').replace(/\s+/g, ' ').trim();
    const field = fieldForLabel(label.textContent ?? '');
    if (field) {
      cells[field] = text;
      if (field === 'xjh') keyCell = value;
      continue;
    }
    const card = cardFieldForLabel(label.textContent ?? '');
    if (card) extra[card] = text;
  }
  const known = Object.keys(cells).length + Object.keys(extra).length;
  return known >= 4 && cells.name !== undefined ? { cells, extra, keyCell } : null;
}

export const CARD_REQUIRED: FieldKey[] = ['xjh', 'name'];

export function cardMissing(card: CardRead): string[] {
  return CARD_REQUIRED.filter((f) => !card.cells[f]).map(labelsOf);
}

const yes = (v: string | undefined) => v !== undefined && /^(是|有)/.test(v);

export function cardToStudent(card: CardRead, source: Provenance): Student | undefined {
  const base = studentList.toRecord(card.cells, source) as Student | undefined;
  if (!base) return undefined;
  const e = card.extra;
  const groups: string[] = [];
  if (e.leftBehind && !/^(否|非)/.test(e.leftBehind)) groups.push('留守儿童');
  if (yes(e.migrant)) groups.push('随迁子女');
  if (yes(e.orphan)) groups.push('孤儿');
  if ((e.health && /残疾/.test(e.health)) || (e.disability && !/^(无|否)?$/.test(e.disability)))
    groups.push('残疾');
  const enrolled = hostMonth(e.enrolled);
  const flags = new Set(base.flags);
  const suspension = suspensionCells(card.cells, flags); // a 休学 date the card shows unreadably is flagged too
  return {
    ...base,
    flags: [...flags].sort(),
    ...(e.leftBehind !== undefined || e.migrant !== undefined || e.orphan !== undefined
      ? { specialGroups: groups }
      : {}),
    ...(e.phone ? { phone: e.phone } : {}),
    ...(e.address ? { address: e.address } : {}),
    ...(enrolled ? { enrolled } : {}),
    ...(e.boarding ? { boarding: /住校|寄宿/.test(e.boarding) } : {}),
    // The card's 休学 term and 处分情况, for the paperwork rules (a 休学's end, no transfer under 处分).
    ...suspension,
    ...(card.cells.discipline !== undefined ? { discipline: card.cells.discipline.trim() } : {}),
  };
}
