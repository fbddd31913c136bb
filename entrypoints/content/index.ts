/**
 * The content script only wires overlay features; each feature says what it reads and adds. It runs in
 * every frame (the 学籍系统 opens its pages in iframe tabs) on the known hosts, the hosts a user granted,
 * and, in the demo build, the local demo site. One feature failing must not stop the others.
 */
import { captureStudentCard } from '@/components/overlay/card-capture';
import { startGridCapture } from '@/components/overlay/grid-capture';
import { KNOWN_MATCHES } from '@/lib/hosts';

const FEATURES: [name: string, start: (doc: Document, win: Window, signal: AbortSignal) => unknown][] = [
  ['grid-capture', startGridCapture], // 学籍 grids: student lists, 学籍异动, 跨省转学, 在办业务
  ['student-card', captureStudentCard], // 学籍卡 detail pages
];

export default defineContentScript({
  matches: KNOWN_MATCHES,
  allFrames: true,
  runAt: 'document_idle',
  main(ctx) {
    const controller = new AbortController();
    ctx.onInvalidated(() => controller.abort());
    for (const [name, start] of FEATURES) {
      try {
        Promise.resolve(start(document, window, controller.signal)).catch((e) =>
          console.warn(`[保学助手] ${name}:`, e),
        );
      } catch (e) {
        console.warn(`[保学助手] ${name}:`, e);
      }
    }
  },
});
