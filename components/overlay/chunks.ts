/** Work on a large grid is cut into tasks of this many rows, with the main thread given back between. */
export const ROWS_PER_TASK = 250; // well under a 50 ms task even on a slow machine

export const yieldToMain = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
