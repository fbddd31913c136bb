/**
 * A sync conflict in a registrar's words: the field by its column name in the 学籍系统 (班级, not
 * className) and values as they read (七年级2班, not "七年级2班" in JSON quotes).
 */
import { type MessageKey, t } from '@/lib/i18n';

const FIELD_KEYS: Record<string, MessageKey> = {
  xjh: 'col_xjh',
  name: 'col_name',
  sex: 'col_sex',
  birthDate: 'col_birth',
  idNumber: 'col_id_number',
  grade: 'col_grade',
  className: 'col_class',
  onRoll: 'col_on_roll',
  specialGroups: 'col_special_groups',
  phone: 'col_phone',
  address: 'col_address',
  flags: 'col_problems',
  changeType: 'col_change_type',
  reason: 'col_reason',
  appliedDate: 'col_applied',
  reviewStatus: 'col_review',
  currentUnit: 'col_current_unit',
  toSchool: 'col_to_school',
  fromSchool: 'col_from_school',
};

/** The field's column name, or its key when the 学籍系统 has no column for it. */
export const fieldName = (field: string) => (FIELD_KEYS[field] ? t(FIELD_KEYS[field]) : field);

export function valueText(v: unknown): string {
  if (v === undefined || v === null || v === '') return '—';
  if (typeof v === 'boolean') return v ? t('yes') : t('no');
  if (Array.isArray(v)) return v.map(valueText).join('、') || '—';
  return typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);
}
