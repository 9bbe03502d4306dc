// The JavaScript heap's limit as a cell's failure instead of the kernel's death. V8 calls the
// near-heap-limit callback just before it would abort the process with "JavaScript heap out of
// memory"; the callback gives the heap some headroom and stops the running code with a SIGINT,
// which is how the kernel already stops a cell (vm's breakOnSigint, the kernel's SIGINT listener).
// A budget below V8's limit is checked after every garbage collection the same way.
// Uses V8's own API (Node-API has no heap callbacks), so it is built against the running node.
#include <node.h>
#include <v8.h>
#include <signal.h>
#include <unistd.h>
#include <algorithm>
#include <atomic>

namespace {

constexpr size_t kMiB = size_t(1) << 20;
/** Heap given past the limit for the stopped cell to unwind and the kernel to report it. */
constexpr size_t kMinHeadroom = 256 * kMiB;

v8::Isolate* watched = nullptr;
size_t budget = 0;              // heap bytes cells may use; 0: V8's own limit only
size_t initialLimit = 0;        // V8's limit before any headroom was given
std::atomic<double> exhaustedAt{0};   // heap bytes in use when the limit was hit; 0: not hit

void stopRunningCode(size_t used) {
  double expected = 0;
  if (exhaustedAt.compare_exchange_strong(expected, double(used))) kill(getpid(), SIGINT);
}

size_t nearHeapLimit(void*, size_t current, size_t initial) {
  if (initialLimit == 0) initialLimit = initial;
  stopRunningCode(current);
  return current + std::max(kMinHeadroom, current / 4);
}

void afterGc(v8::Isolate* isolate, v8::GCType, v8::GCCallbackFlags) {
  if (budget == 0 || exhaustedAt.load() != 0) return;
  v8::HeapStatistics stats;
  isolate->GetHeapStatistics(&stats);
  if (stats.used_heap_size() > budget) stopRunningCode(stats.used_heap_size());
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
  }
  args.GetReturnValue().Set(heapSizeLimit(isolate));
}

// takeExhaustion(): the heap bytes in use when the limit was hit since the last call, or 0.
void TakeExhaustion(const v8::FunctionCallbackInfo<v8::Value>& args) {
  args.GetReturnValue().Set(exhaustedAt.load());
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
}
