/**
 * A float32 result left in the XNNPACK wasm heap, so consecutive fast kernels (Conv2D → BiasAdd → Relu)
 * hand values to each other without copying them out and back in. Reading `data` copies the values
 * out once and frees the heap copy; an array dropped unread is freed when it is garbage-collected.
 */
import { float32 } from '../../framework/dtypes';
import { DeferredArray } from '../../framework/deferred_array';
import { NDData } from '../../framework/ndarray';
import { WasmTensor, Xnnpack } from './xnnpack';

const heapStats = { downloads: 0, live: 0 };
/** Copies out of the heap so far, and heap arrays not yet copied out or collected. */
export function heapArrayStats(): { readonly downloads: number; readonly live: number } { return { ...heapStats }; }

const collected = new FinalizationRegistry<{ x: Xnnpack; t: WasmTensor }>(({ x, t }) => { heapStats.live--; x.free(t); });

export class HeapArray extends DeferredArray {
  private tensor: WasmTensor | null;

  constructor(private readonly x: Xnnpack, tensor: WasmTensor, shape: readonly number[]) {
    super(float32, shape);
    this.tensor = tensor;
    heapStats.live++;
    collected.register(this, { x, t: tensor }, this);
  }

  /** The heap tensor viewed with `shape` (same element count), or null once copied out. */
  heapTensor(shape: readonly number[] = this.shape): WasmTensor | null {
    return this.tensor ? { ...this.tensor, shape: [...shape] } : null;
  }

  protected fetchSync(): NDData {
    const t = this.tensor!;
    this.tensor = null;
    collected.unregister(this);
    heapStats.live--;
    heapStats.downloads++;
    return this.x.download(t);
  }
}
