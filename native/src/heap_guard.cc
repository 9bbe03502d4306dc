// The JavaScript heap's limit as a cell's failure instead of the kernel's death. V8 calls the
// near-heap-limit callback just before it would abort the process with "JavaScript heap out of
// memory"; the callback gives the heap some headroom and stops the running code with a SIGINT,
// which is how the kernel already stops a cell (vm's breakOnSigint, the kernel's SIGINT listener).
// A cell running after an await gets no turn of the event loop for that SIGINT, so while the kernel says
// it awaits, its code is terminated (when only user code and Node's microtask runner are on the stack)
// and execution resumes from a libuv async handle once it has unwound.
// A callback a cell started (a timer, a promise reaction) runs inside guardedCall: there the code is
// terminated at the limit and the termination is turned back into an ordinary exception where the
// callback was entered, so Node's timer and microtask machinery above it never sees a termination.
// A budget below V8's limit is checked after every garbage collection the same way.
// Uses V8's own API (Node-API has no heap callbacks), so it is built against the running node.
#include <node.h>
#include <uv.h>
#include <v8.h>
#include <signal.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <cstring>
#include <vector>

namespace {

constexpr size_t kMiB = size_t(1) << 20;
/** Heap given past the limit for the stopped cell to unwind and the kernel to report it. */
constexpr size_t kMinHeadroom = 256 * kMiB;

v8::Isolate* watched = nullptr;
size_t budget = 0;              // heap bytes cells may use; 0: V8's own limit only
size_t initialLimit = 0;        // V8's limit before any headroom was given
std::atomic<double> exhaustedAt{0};   // heap bytes in use when the limit was hit; 0: not hit
std::atomic<bool> awaiting{false};    // the cell runs after an await (its continuations, off vm's SIGINT break)
int guardedDepth = 0;           // guardedCall frames on the stack (main thread only)
bool guardTerminated = false;   // the termination under way is the guard's own, for guardedCall to take back

/**
 * Whether unwinding the JavaScript on the stack leaves Node intact: only user code and Node's microtask
 * runner (unwinding Node's timer or I/O callback machinery would leave its async-context stack unbalanced,
 * which aborts the process), and not the kernel's own code at the bottom.
 */
bool safeToTerminate(v8::Isolate* isolate) {
  v8::HandleScope scope(isolate);
  v8::Local<v8::StackTrace> trace = v8::StackTrace::CurrentStackTrace(isolate, 256, v8::StackTrace::kScriptName);
  int frames = trace->GetFrameCount();
  if (frames == 0) return false;
  bool userFrame = false;
  for (int i = 0; i < frames; i++) {
    v8::Local<v8::StackFrame> frame = trace->GetFrame(isolate, i);
    v8::String::Utf8Value name(isolate, frame->GetScriptName());
    const char* script = *name ? *name : "";
    if (std::strncmp(script, "node:", 5) == 0) {
      if (std::strcmp(script, "node:internal/process/task_queues") != 0) return false;
    } else if (std::strstr(script, "/kernel/") != nullptr && std::strstr(script, "scopeflow-cell-") == nullptr) {
      return false;   // the kernel's own code: the SIGINT reaches the cell once it returns
    } else {
      userFrame = true;
    }
  }
  return userFrame;
}

uv_async_t unwound;   // sent with the termination; runs on the event loop once no JavaScript is left on the stack

/** Once the terminated code has unwound: lets JavaScript run again (the kernel's SIGINT listener reports the cell). */
void resumeExecution(uv_async_t*) {
  if (watched != nullptr && watched->IsExecutionTerminating()) watched->CancelTerminateExecution();
}

/** Runs on the main thread at the next interrupt check after the GC that hit the limit. */
void terminateAwaitingCell(v8::Isolate* isolate, void*) {
  if (!awaiting.load() || !safeToTerminate(isolate)) return;
  isolate->TerminateExecution();
  uv_async_send(&unwound);
}

/** Runs on the main thread at the next interrupt check: stops the guarded callback still running. */
void terminateGuardedCall(v8::Isolate* isolate, void*) {
  if (guardedDepth == 0 || isolate->IsExecutionTerminating()) return;
  guardTerminated = true;
  isolate->TerminateExecution();
}

void stopRunningCode(v8::Isolate* isolate, size_t used) {
  double expected = 0;
  if (!exhaustedAt.compare_exchange_strong(expected, double(used))) return;
  // Inside a guarded callback no SIGINT is sent: it would interrupt the cell running now instead.
  if (guardedDepth > 0) {
    isolate->RequestInterrupt(terminateGuardedCall, nullptr);
    return;
  }
  // The SIGINT breaks a synchronous cell (vm's breakOnSigint) and, once the event loop turns, reaches
  // the kernel's listener, which ends an awaiting cell. A continuation that allocates without end never
  // lets the loop turn: its code is terminated (V8 lifts the termination once it has unwound).
  kill(getpid(), SIGINT);
  if (awaiting.load()) isolate->RequestInterrupt(terminateAwaitingCell, nullptr);
}

size_t nearHeapLimit(void*, size_t current, size_t initial) {
  if (initialLimit == 0) initialLimit = initial;
  stopRunningCode(watched, current);
  return current + std::max(kMinHeadroom, current / 4);
}

void afterGc(v8::Isolate* isolate, v8::GCType, v8::GCCallbackFlags) {
  if (budget == 0 || exhaustedAt.load() != 0) return;
  v8::HeapStatistics stats;
  isolate->GetHeapStatistics(&stats);
  if (stats.used_heap_size() > budget) stopRunningCode(isolate, stats.used_heap_size());
}

double heapSizeLimit(v8::Isolate* isolate) {
  v8::HeapStatistics stats;
  isolate->GetHeapStatistics(&stats);
  return double(stats.heap_size_limit());
}

// watch(budgetBytes): starts watching (once; later calls change the budget); returns V8's heap limit.
void Watch(const v8::FunctionCallbackInfo<v8::Value>& args) {
  v8::Isolate* isolate = args.GetIsolate();
  double requested = args.Length() > 0 && args[0]->IsNumber() ? args[0].As<v8::Number>()->Value() : 0;
  budget = requested > 0 ? size_t(requested) : 0;
  if (watched == nullptr) {
    watched = isolate;
    isolate->AddNearHeapLimitCallback(nearHeapLimit, nullptr);
    isolate->AddGCEpilogueCallback(afterGc, v8::kGCTypeAll);
    uv_async_init(node::GetCurrentEventLoop(isolate), &unwound, resumeExecution);
    uv_unref(reinterpret_cast<uv_handle_t*>(&unwound));   // never keeps the process alive
  }
  args.GetReturnValue().Set(heapSizeLimit(isolate));
}

// takeExhaustion(): the heap bytes in use when the limit was hit since the last call, or 0.
void TakeExhaustion(const v8::FunctionCallbackInfo<v8::Value>& args) {
  args.GetReturnValue().Set(exhaustedAt.load());
}

// setAwaiting(flag): whether the cell now runs from the event loop after an await.
void SetAwaiting(const v8::FunctionCallbackInfo<v8::Value>& args) {
  awaiting.store(args.Length() > 0 && args[0]->BooleanValue(args.GetIsolate()));
}

// collectGarbage(): a full collection that also gives freed memory back to the system: V8's free pages,
// then glibc's free memory inside its heaps (what the compiler's start and a cell's temporaries left),
// which it otherwise keeps for later allocations.
void CollectGarbage(const v8::FunctionCallbackInfo<v8::Value>& args) {
  args.GetIsolate()->LowMemoryNotification();
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

// guardedCall(stopped, fn, thisArg, ...args): fn.apply(thisArg, args); where the guard terminated fn at
// the heap limit, throws `stopped` instead (V8 has lifted the termination by then).
void GuardedCall(const v8::FunctionCallbackInfo<v8::Value>& args) {
  v8::Isolate* isolate = args.GetIsolate();
  if (args.Length() < 3 || !args[1]->IsFunction()) {
    isolate->ThrowException(v8::Exception::TypeError(v8::String::NewFromUtf8Literal(isolate, "guardedCall(stopped, fn, thisArg, ...args)")));
    return;
  }
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  std::vector<v8::Local<v8::Value>> argv;
  for (int i = 3; i < args.Length(); i++) argv.push_back(args[i]);
  bool stoppedByGuard = false;
  {
    v8::TryCatch tryCatch(isolate);
    guardedDepth++;
    v8::MaybeLocal<v8::Value> result = args[1].As<v8::Function>()->Call(context, args[2], int(argv.size()), argv.data());
    guardedDepth--;
    if (!result.IsEmpty()) {
      args.GetReturnValue().Set(result.ToLocalChecked());
      return;
    }
    stoppedByGuard = tryCatch.HasTerminated() && guardTerminated;
    // An ordinary throw goes on to the caller; a termination that is not the guard's goes on unwinding.
    if (!stoppedByGuard) {
      if (tryCatch.CanContinue()) tryCatch.ReThrow();
      return;
    }
  }
  // Thrown once this call's TryCatch is gone, so that the caller gets it.
  guardTerminated = false;
  isolate->CancelTerminateExecution();
  isolate->ThrowException(args[0]);
}

// rearm(): after the stopped cell's memory was let go: collects garbage, takes back the headroom,
// and watches for the next time.
void Rearm(const v8::FunctionCallbackInfo<v8::Value>& args) {
  v8::Isolate* isolate = args.GetIsolate();
  isolate->LowMemoryNotification();
  if (watched != nullptr && initialLimit != 0) {
    isolate->RemoveNearHeapLimitCallback(nearHeapLimit, initialLimit);
    isolate->AddNearHeapLimitCallback(nearHeapLimit, nullptr);
  }
  exhaustedAt.store(0);
  args.GetReturnValue().Set(heapSizeLimit(isolate));
}

}  // namespace

NODE_MODULE_INIT() {
  v8::Isolate* isolate = context->GetIsolate();
  auto add = [&](const char* name, v8::FunctionCallback f) {
    v8::Local<v8::Function> fn = v8::FunctionTemplate::New(isolate, f)->GetFunction(context).ToLocalChecked();
    exports.As<v8::Object>()->Set(context, v8::String::NewFromUtf8(isolate, name).ToLocalChecked(), fn).Check();
  };
  add("watch", Watch);
  add("takeExhaustion", TakeExhaustion);
  add("rearm", Rearm);
  add("setAwaiting", SetAwaiting);
  add("collectGarbage", CollectGarbage);
  add("guardedCall", GuardedCall);
}
