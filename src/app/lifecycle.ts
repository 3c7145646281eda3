// Who closes what: each part of the gateway registers how to close what it created as it is
// built, so a resource is closed by its creator only. The drain closes them together once no
// request is left to use them (http/drain.ts bounds how long that may take). It also holds the
// one `draining` state /readyz reports.

export interface Lifecycle {
  /** True from the moment the drain begins. */
  readonly draining: boolean;
  /** Registers how to close a resource this part created. */
  onClose(close: () => Promise<void> | void): void;
  /** Marks the gateway as draining (once). */
  startDraining(): void;
  /** Closes every registered resource at once; one failing does not keep the others open. */
  closeAll(): Promise<void>;
}

export function createLifecycle(): Lifecycle {
  const closers: Array<() => Promise<void> | void> = [];
  let draining = false;
  return {
    get draining() {
      return draining;
    },
    onClose: (close) => void closers.push(close),
    startDraining() {
      draining = true;
    },
    async closeAll() {
      await Promise.allSettled(closers.map(async (close) => close()));
    },
  };
}
