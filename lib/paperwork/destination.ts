/**
 * 学生流出去向: where a child who leaves the school went. The seeds ask for it (seed 000 §四(三): "班主任每学期如实
 * 记录学生入学、家庭住址、家长姓名、联系方式、学生流出去向等情况"); a child whose whereabouts no one wrote down
 * is the child a 控辍 ledger loses. For a transfer the host's 转入学校 is the answer; otherwise the registrar
 * records it on the case's checklist (an append-only `documentReceived` event with doc `destination`).
 */
import type { MessageKey } from '../i18n';

/**
 * The kinds, as plain values: this module is read by the content script (the overlay's record panel),
 * which carries no zod; the commands build their schema from this list (`z.enum(DESTINATION_KINDS)`).
 */
export const DESTINATION_KINDS = [
  'school', // 转入本省学校
  'province', // 转入外省学校
  'abroad', // 出境（国家或地区）
  'home', // 在家
  'work', // 务工
  'unknown', // 去向不明
  'deceased', // 死亡
] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

export const isDestinationKind = (v: unknown): v is DestinationKind =>
  (DESTINATION_KINDS as readonly unknown[]).includes(v);

export const DESTINATION_CODE = 'destination';

export interface Destination {
  kind: DestinationKind;
  /** The school, province or country; may be '' (在家, 去向不明). */
  place: string;
  /** Read from the host (转入学校) or recorded by the registrar. */
  from: 'host' | 'registrar';
  by?: string;
}

/** Each kind's words, as a message key (转入学校, 转入外省, 出境 … in Chinese). */
export const DESTINATION_LABEL: Record<DestinationKind, MessageKey> = {
  school: 'pw_dest_school',
  province: 'pw_dest_province',
  abroad: 'pw_dest_abroad',
  home: 'pw_dest_home',
  work: 'pw_dest_work',
  unknown: 'pw_dest_unknown',
  deceased: 'pw_dest_deceased',
};

/** "转入学校：东城中学" / "去向不明" for the ledger, in the language of `say`. */
export const destinationText = (d: Destination, say: (key: MessageKey, ...s: string[]) => string) =>
  d.place
    ? say('lcell_destination', say(DESTINATION_LABEL[d.kind]), d.place)
    : say(DESTINATION_LABEL[d.kind]);
