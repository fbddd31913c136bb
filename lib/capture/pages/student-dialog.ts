/**
 * 学生详情 in a dialog (2.0-style hosts: Element Plus `el-dialog` with `el-descriptions`, Ant Design's
 * modal, vxe-table's modal): the same label–value pairs as 1.0's 学籍卡 page, read by label text with the
 * card's reader, but inside a dialog that opens and closes on a page that does not reload.
 *
 * A dialog about a 学籍异动 case shows 学籍号 and 姓名 too: it is not a student's card, and is left alone.
 */
import type { FieldKey } from '../fields';
import { type CardRead, readCard } from './student-card';

/** Dialog containers of the component libraries (and any element that says it is one). */
export const DIALOGS = '[role="dialog"], .el-dialog, .el-drawer, .ant-modal, .ant-drawer, .vxe-modal--box';

/** Fields only a 学籍异动 case has: a dialog showing one of them is about a case, not a student. */
const CASE_ONLY: FieldKey[] = [
  'changeType',
  'reason',
  'changeDate',
  'appliedDate',
  'currentUnit',
  'toSchool',
  'fromSchool',
];

const shown = (el: Element) => el.getClientRects().length > 0;

/** The dialogs open now, outermost only (a library nests its own dialog elements). */
export function openDialogs(root: ParentNode): Element[] {
  const all = [...root.querySelectorAll(DIALOGS)];
  return all.filter((d) => shown(d) && !all.some((o) => o !== d && o.contains(d)));
}

/** A student's details in this dialog; null when it holds none (or a case's). */
export function readDialogCard(dialog: Element): CardRead | null {
  const card = readCard(dialog);
  if (!card) return null;
  if (CASE_ONLY.some((f) => card.cells[f] !== undefined)) return null;
  return card.cells.xjh !== undefined || card.cells.idNumber !== undefined ? card : null;
}

/** The first open dialog showing a student's details, with its card. */
export function openStudentDialog(root: ParentNode): { dialog: Element; card: CardRead } | undefined {
  for (const dialog of openDialogs(root)) {
    const card = readDialogCard(dialog);
    if (card) return { dialog, card };
  }
  return undefined;
}
