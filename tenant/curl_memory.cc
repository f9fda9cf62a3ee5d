#include "tenant/curl_memory.h"

#include <malloc.h>
#include <string.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace pam_idaas::tenant::http {

namespace {

// The whole usable block, not just what libcurl asked for: a block may have
// held a longer text before a realloc shrank it in place.
void wiping_free(void* block) {
  if (block == nullptr) return;
  explicit_bzero(block, malloc_usable_size(block));
  std::free(block);
}

// Never the C library's realloc: it may move the block and free the old one
// unwiped.
void* wiping_realloc(void* block, size_t size) {
  if (block == nullptr) return std::malloc(size);
  const size_t old_size = malloc_usable_size(block);
  if (size <= old_size && size > 0) return block;
  void* moved = std::malloc(std::max<size_t>(size, 1));
  if (moved == nullptr) return nullptr;
  std::memcpy(moved, block, std::min(old_size, size));
  wiping_free(block);
  return moved;
}

}  // namespace

CURLcode global_init_wiping(long flags) {
  return curl_global_init_mem(flags, std::malloc, wiping_free, wiping_realloc, ::strdup,
                              std::calloc);
}

}  // namespace pam_idaas::tenant::http
