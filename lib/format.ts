/** Dates for people, through date-fns with the zh-CN locale. */
import { format } from 'date-fns';
import { zhCN } from 'date-fns/locale';

export const formatDateTime = (ms: number) => format(ms, 'yyyy年M月d日 HH:mm', { locale: zhCN });
