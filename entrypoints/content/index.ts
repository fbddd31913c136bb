/**
 * The content script only wires overlay features; each feature says what it reads and adds. It runs in
 * every frame (the 学籍系统 opens its pages in iframe tabs) on the known hosts, the hosts a user granted,
 * and, in the demo build, the local demo site.
 */
import { startGridCapture } from '@/components/overlay/grid-capture';
import { KNOWN_MATCHES } from '@/lib/hosts';

export default defineContentScript({
  matches: KNOWN_MATCHES,
  allFrames: true,
  runAt: 'document_idle',
  main(ctx) {
    const controller = new AbortController();
    ctx.onInvalidated(() => controller.abort());
    startGridCapture(document, window, controller.signal);
  },
});
