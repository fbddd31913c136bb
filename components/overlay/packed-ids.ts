/**
 * Many record ids kept as one string and where each ends. What the overlay keeps after a read (which id
 * each badge opens, the ids of the page last saved for 读取全部) is then one allocation of their
 * characters and an offsets array, not one string per row: for a 2,000-row grid 2,000 small strings
 * (about 60 bytes each on the heap) become one string of their characters.
 */
export interface PackedIds extends Iterable<string> {
  readonly size: number;
  /** The i-th id (undefined past the end). */
  at(i: number): string | undefined;
}

export function packIds(ids: readonly string[]): PackedIds {
  const size = ids.length;
  const text = ids.join('');
  const ends = text.length < 0x10000 ? new Uint16Array(size) : new Uint32Array(size);
  let end = 0;
  for (let i = 0; i < size; i++) {
    end += ids[i]!.length;
    ends[i] = end;
  }
  // Made apart from `ids`: the closures below keep only the packed text and its ends.
  return packed(text, ends);
}

function packed(text: string, ends: Uint16Array | Uint32Array): PackedIds {
  const size = ends.length;
  const at = (i: number) =>
    Number.isInteger(i) && i >= 0 && i < size ? text.slice(i === 0 ? 0 : ends[i - 1], ends[i]) : undefined;
  return {
    size,
    at,
    *[Symbol.iterator]() {
      for (let i = 0; i < size; i++) yield at(i)!;
    },
  };
}
