/**
 * A stored change summary (lib/roll/diff.ts) as the reader sees it. The summary keeps the values as they
 * were stored (性别 男/女, 是否在校 true/false, a case's 异动类别), which is the record and stays so; shown,
 * a value Baoxue normalised to its closed set is read through its coded text, so the English UI says
 * "male → female", not "男 → 女". Names, classes and numbers are data and are shown as they are.
 */
import { sexText } from '../capture/normalize';
import { changeTypeText } from '../paperwork/rules';
import type { ChangeEvent } from '../records';
import { type Phrase, say } from '../say';

/** One stored value to show: a normalised value as its coded text, anything else as it is. */
function valueText(value: string, render: (text: Phrase | string) => string): string {
  if (value === '男' || value === '女') return render(sexText(value)); // only the stored words, never a class "1"
  if (value === 'true') return render(say('yes'));
  if (value === 'false') return render(say('no'));
  return value;
}

// The separators diff.ts writes between a record's label and its detail, between changed fields, and
// between a value before and after.
const DETAIL = '：';
const FIELDS = '；';
const ARROW = ' → ';
const PART = ' · ';

/** `before → after；before → after`, each value read through valueText. */
const detailText = (detail: string, render: (text: Phrase | string) => string) =>
  detail
    .split(FIELDS)
    .map((field) =>
      field
        .split(ARROW)
        .map((v) => valueText(v, render))
        .join(ARROW),
    )
    .join(FIELDS);

/** A case's label `name · class · xjh · 异动类别`: its last part is the 异动类别, shown as its coded text. */
function caseLabelText(label: string, render: (text: Phrase | string) => string): string {
  const parts = label.split(PART);
  const type = parts.pop() ?? '';
  return [...parts, render(changeTypeText(type))].join(PART);
}

/**
 * The summary of one change, with its normalised values in the reader's language (`render` is tx() in
 * the UI, a locale file in tests). A summary this does not recognise is shown as stored.
 */
export function changeSummaryText(
  change: Pick<ChangeEvent, 'kind' | 'summary'>,
  render: (text: Phrase | string) => string,
): string {
  const { kind, summary } = change;
  if (kind === 'student-changed') {
    const at = summary.indexOf(DETAIL);
    if (at < 0) return summary;
    return summary.slice(0, at + DETAIL.length) + detailText(summary.slice(at + DETAIL.length), render);
  }
  if (kind === 'case-status') {
    const at = summary.lastIndexOf(DETAIL);
    if (at < 0) return summary;
    return caseLabelText(summary.slice(0, at), render) + summary.slice(at);
  }
  if (kind === 'case-new') {
    const at = summary.lastIndexOf('（');
    if (at < 0) return summary;
    return caseLabelText(summary.slice(0, at), render) + summary.slice(at);
  }
  return summary;
}
