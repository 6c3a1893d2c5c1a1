import { afterEach } from 'vitest';
import { configure } from '@testing-library/react';
import { cleanup } from '@testing-library/react';

// jsdom has no layout: the virtualiser uses its initialRect, and needs a ResizeObserver to exist.
class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= NoResizeObserver as unknown as typeof ResizeObserver;

// A loaded CI machine is slow; waits are for conditions, never for time.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => cleanup());

// jsdom lays nothing out: give every element the size of a laptop's list pane, which the virtualiser reads.
Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1000 });

// jsdom has <dialog> but not its modal methods: open and close it by its attribute, as a browser would.
if (typeof HTMLDialogElement !== 'undefined' && !HTMLDialogElement.prototype.showModal) {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    if (!this.hasAttribute('open')) return;
    this.removeAttribute('open');
    this.dispatchEvent(new Event('close'));
  };
}
