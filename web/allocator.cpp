// malloc and free for the wasm build (MQLITE_WASM_OWN_MALLOC, linked with -sMALLOC=none): blocks of
// 2^k bytes (k >= 4) carved from the top of the heap, each with an 8-byte header holding k, and a
// free list per k. Freed blocks are only ever reused for the same k: no splitting, no merging, so
// the heap never exceeds the sum over k of the most blocks of size 2^k live at once (bounded for a
// long session: js/test/core-glue.test.mjs), and both calls are a few instructions. Payloads are
// 8-aligned, as alignof(max_align_t) is 8 under Emscripten. Nothing in the core calls realloc,
// calloc or aligned allocation: a link that needs them fails with an undefined symbol.
#include <emscripten/heap.h>

#include <cstddef>
#include <cstdint>

namespace {

struct BlockHeader {
  std::uint32_t sizeClass;  // the block is 2^sizeClass bytes, header included
  BlockHeader* nextFree;    // while on a free list
};
static_assert(sizeof(BlockHeader) == 8, "the payload must stay 8-aligned");

constexpr unsigned kSmallestClass = 4;  // 16 bytes: the header and 8 bytes of payload
constexpr std::size_t kLargestRequest = (std::size_t(1) << 31) - sizeof(BlockHeader);

BlockHeader* freeBlocks[32];

extern "C" char __heap_base;
std::uintptr_t heapTop = reinterpret_cast<std::uintptr_t>(&__heap_base);

// A new block at the top of the heap, growing the memory when it does not reach; null when it
// cannot grow.
BlockHeader* carveBlock(std::uintptr_t bytes) {
  std::uintptr_t newTop = heapTop + bytes;
  if (newTop < heapTop) return nullptr;
  if (newTop > emscripten_get_heap_size() && !emscripten_resize_heap(newTop)) return nullptr;
  auto* block = reinterpret_cast<BlockHeader*>(heapTop);
  heapTop = newTop;
  return block;
}

}  // namespace

extern "C" void* malloc(std::size_t size) {
  if (size > kLargestRequest) return nullptr;
  unsigned sizeClass = 32 - __builtin_clz(static_cast<unsigned>(size + sizeof(BlockHeader) - 1));
  if (sizeClass < kSmallestClass) sizeClass = kSmallestClass;
  BlockHeader* block = freeBlocks[sizeClass];
  if (block) {
    freeBlocks[sizeClass] = block->nextFree;
  } else {
    block = carveBlock(std::uintptr_t(1) << sizeClass);
    if (!block) return nullptr;
    block->sizeClass = sizeClass;
  }
  return block + 1;
}

extern "C" void free(void* payload) {
  if (!payload) return;
  BlockHeader* block = static_cast<BlockHeader*>(payload) - 1;
  block->nextFree = freeBlocks[block->sizeClass];
  freeBlocks[block->sizeClass] = block;
}
