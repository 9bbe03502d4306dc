/**
 * An NDArray whose values live elsewhere (a GPU buffer, the XNNPACK wasm heap) until first read.
 * Kernels of the same device take the device-side value without a copy; anything else reading `data`
 * (a reference kernel, a fetch, `toArray`) gets the values copied back once, transparently.
 */
import { DType } from './dtypes';
import { NDArray, NDData, numElements } from './ndarray';

export abstract class DeferredArray extends NDArray {
  private host: NDData | null = null;

  constructor(dtype: DType, shape: readonly number[]) {
    // NDArray only checks the length of the data it is given; the real data is copied back on demand.
    super(dtype, shape, { length: numElements(shape) * (dtype.is_complex ? 2 : 1) } as unknown as NDData);
    Object.defineProperty(this, 'data', { get: () => this.readSync(), enumerable: true, configurable: true });
  }

  /** Whether the values have been copied to the host already. */
  get onHost(): boolean { return this.host !== null; }

  /** The values, copied back (once, synchronously). */
  readSync(): NDData {
    if (!this.host) this.host = this.fetchSync();
    return this.host;
  }

  /** The values, copied back without blocking where the device allows it. */
  async readAsync(): Promise<NDData> {
    if (!this.host) this.host = await this.fetchAsync();
    return this.host;
  }

  protected abstract fetchSync(): NDData;
  protected fetchAsync(): Promise<NDData> { return Promise.resolve(this.fetchSync()); }
}

/** Copies every deferred value among `values` back to the host (synchronously). */
export function readAllSync(values: readonly NDArray[]): void {
  for (const v of values) if (v instanceof DeferredArray) v.readSync();
}

/** Copies every deferred value among `values` back to the host without blocking. */
export async function readAllAsync(values: readonly NDArray[]): Promise<void> {
  await Promise.all(values.map((v) => (v instanceof DeferredArray ? v.readAsync() : undefined)));
}
