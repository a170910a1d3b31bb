import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import type { EventSink } from '../core/index.ts';
import type { Descriptor, ImageSource } from '../oci/index.ts';

/** The progress task name of layer downloads during a scan. */
export const LAYER_PROGRESS_TASK = 'scan-layer';

/**
 * The same source, emitting `progress` events (bytes read of each blob, against its size)
 * while blobs stream; bytes are counted as the consumer reads them, so nothing is buffered.
 */
export function withBlobProgress(src: ImageSource, events: EventSink): ImageSource {
  return {
    description: src.description,
    getManifest: (digest, signal) => src.getManifest(digest, signal),
    close: () => src.close(),
    async fetchBlob(desc: Descriptor, signal?: AbortSignal): Promise<Readable> {
      const blob = await src.fetchBlob(desc, signal);
      let done = 0;
      const emit = () =>
        events({
          kind: 'progress',
          task: LAYER_PROGRESS_TASK,
          id: desc.digest,
          done,
          total: desc.size,
        });
      const counter = new Transform({
        transform(chunk: Buffer, _enc, next: TransformCallback) {
          done += chunk.length;
          emit();
          next(null, chunk);
        },
      });
      emit();
      // A failing blob (DIGEST_MISMATCH, BLOB_TRUNCATED) fails the counted stream with its error.
      pipeline(blob, counter, (err) => {
        if (err) counter.destroy(err);
      });
      return counter;
    },
  };
}
