import { useEffect, useState } from 'preact/hooks';
import type { Observable } from 'rxjs';

/** Subscribes a component to an RxDB observable (a reactive query): the store is the only source. */
export function useRx<T>(make: () => Observable<T> | undefined, deps: unknown[], initial: T): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    const sub = make()?.subscribe(setValue);
    return () => sub?.unsubscribe();
  }, deps);
  return value;
}
