/**
 * The clock (in seconds) that training's time-based triggers read and its waits sleep on (SecondOrStepTimer,
 * SessionManager, GlobalStepWaiterHook). Tests replace `now` and `sleep` to move time on without waiting.
 */
export const clock = {
  now: (): number => Date.now() / 1000,
  sleep: (secs: number): void => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(0, secs * 1000)); },
};
