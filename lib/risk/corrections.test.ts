import { expect, it } from 'vitest';
import { standing } from './corrections';

it('keeps what no later record supersedes, including a correction of a correction', () => {
  const events = [{ id: 'a' }, { id: 'b', supersedes: 'a' }, { id: 'c', supersedes: 'b' }, { id: 'd' }];
  expect(standing(events).map((e) => e.id)).toEqual(['c', 'd']);
});
