import type { ZafClient } from './zaf.js';

/**
 * Keeps the iframe as tall as its content: sidebars have no scroll of their own, so Zendesk needs
 * to be told the height after every change (`resize` with the full width of the sidebar).
 */
export function autoResize(client: ZafClient, doc: Document): () => void {
  let last = -1;
  const resize = () => {
    // The body's own box, not the document's scrollHeight: that never drops below the frame's current
    // height, so the frame could grow but never shrink.
    const height = Math.ceil(doc.body.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    void client.invoke('resize', { width: '100%', height: `${height}px` });
  };
  // Older embedded browsers lack ResizeObserver; callers also resize after each render.
  if (typeof ResizeObserver === 'function') new ResizeObserver(resize).observe(doc.body);
  return resize;
}
