import { t } from '@/lib/i18n';

/** 记录人: who the worker will record this as; without one, where to set it (never a box to type it). */
export function AuthorLine({ by }: { by: string }) {
  return by ? (
    <small class="author" data-testid="author">
      {t('author_line', by)}
    </small>
  ) : (
    <p class="msg error" data-testid="author-missing">
      {t('author_missing')}
    </p>
  );
}
