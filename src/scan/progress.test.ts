import assert from 'node:assert/strict';
import { buffer } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import type { SigilEvent } from '../core/index.ts';
import { openImageSource, resolveImage, type Descriptor, type ImageSource } from '../oci/index.ts';
import { LAYER_PROGRESS_TASK, withBlobProgress } from './index.ts';

const readLayerBytes = async (src: ImageSource, desc: Descriptor) =>
  buffer(await src.fetchBlob(desc));
const SAMPLE = `oci:${fileURLToPath(new URL('../../samples/oci', import.meta.url))}:sample`;

test('layer reads report byte progress up to each layer size, bytes unchanged', async () => {
  const events: SigilEvent[] = [];
  const src = await openImageSource(SAMPLE);
  try {
    const image = await resolveImage(src);
    const layer = image.manifest.layers[0]!;
    const plain = await readLayerBytes(src, layer);
    const counted = await readLayerBytes(
      withBlobProgress(src, (e) => events.push(e)),
      layer,
    );
    assert.deepEqual(counted, plain);
    const mine = events.filter((e) => e.kind === 'progress' && e.task === LAYER_PROGRESS_TASK);
    const last = mine.at(-1);
    assert.ok(mine.length > 1);
    assert.ok(last?.kind === 'progress' && last.done === layer.size && last.total === layer.size);
  } finally {
    await src.close();
  }
});
