/**
 * 依据 under a checklist and on its print: the documents a rule follows, named by their own titles, in
 * words a registrar can quote (i18n keys). The rule table's `source` (lib/paperwork/rules.ts) stays the
 * developers' citation and is never shown.
 */
import type { MessageKey } from '@/lib/i18n';
import { CENTRAL_APPROVAL } from '@/lib/paperwork/context';

/** Each rule type of the shipped table (DEFAULT_RULES), by its `type`. */
export const BASIS: Record<string, MessageKey> = {
  转出: 'basis_transfer_out',
  跨省转出: 'basis_transfer_out_cross',
  转入: 'basis_transfer_in',
  跨省转入: 'basis_transfer_in',
  休学: 'basis_suspension',
  复学: 'basis_resumption',
  续休: 'basis_extension',
  关键数据变更: 'basis_key_data',
  出境学习: 'basis_listed_type',
  留级: 'basis_listed_type',
  跳级: 'basis_listed_type',
  死亡: 'basis_listed_type',
  辍学: 'basis_dropout',
  升级: 'basis_normal',
  升学: 'basis_normal',
  毕业: 'basis_normal',
};

/** The keys to show for a checklist: its rule's basis, and the 中心学校 step's when the school has it. */
export function basisKeys(list: { ruleType?: string; items: { doc: { code: string } }[] }): MessageKey[] {
  const rule = list.ruleType ? BASIS[list.ruleType] : undefined;
  if (!rule) return [];
  const central = list.items.some((i) => i.doc.code === CENTRAL_APPROVAL.code);
  return central ? [rule, 'basis_central'] : [rule];
}
