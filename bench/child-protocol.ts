// The IPC conversation between the bench orchestrator and the helper processes it forks
// (sample upstream, baselines): one `start` message in, one `ready` out, then numbered commands.
// A helper exits by itself when the orchestrator goes away, so no process outlives a bench run.

export type ParentMessage =
  { type: 'start'; options: unknown } | { type: 'command'; id: number; name: string };

export type ChildMessage =
  | { type: 'ready'; url: string }
  | { type: 'failed'; message: string }
  | { type: 'reply'; id: number; value: unknown };

export interface ChildService {
  url: string;
  /** Answers a named command (e.g. `stats`); unknown names answer `undefined`. */
  command?(name: string): unknown;
  close(): Promise<void>;
}

/** Turns this process into a bench helper serving what `start` builds from the start options. */
export function runAsChild(start: (options: unknown) => Promise<ChildService>): void {
  const send = (message: ChildMessage): void => {
    process.send?.(message);
  };
  let service: ChildService | undefined;

  const shutDown = async (): Promise<void> => {
    await service?.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('disconnect', () => void shutDown());
  process.on('SIGTERM', () => void shutDown());
  process.on('SIGINT', () => void shutDown());

  process.on('message', (raw) => {
    const message = raw as ParentMessage;
    if (message.type === 'start') {
      start(message.options).then(
        (started) => {
          service = started;
          send({ type: 'ready', url: started.url });
        },
        (error: unknown) => {
          send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
        },
      );
      return;
    }
    Promise.resolve(service?.command?.(message.name)).then((value) =>
      send({ type: 'reply', id: message.id, value }),
    );
  });
}
