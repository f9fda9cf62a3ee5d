// Strings that hold passwords or anything derived from them. The allocator
// wipes every buffer before giving it back, so copies made while decoding,
// folding or growing a string never linger in freed heap memory.
#pragma once

#include <string.h>
#include <cstddef>
#include <string>

namespace pam_idaas {

template <typename T>
struct WipingAllocator {
  using value_type = T;

  WipingAllocator() noexcept = default;
  template <typename U>
  WipingAllocator(const WipingAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) { return std::allocator<T>{}.allocate(n); }
  void deallocate(T* p, std::size_t n) noexcept {
    explicit_bzero(p, n * sizeof(T));
    std::allocator<T>{}.deallocate(p, n);
  }

  template <typename U>
  bool operator==(const WipingAllocator<U>&) const noexcept {
    return true;
  }
};

// Short strings live inside the object (SSO), not on the heap: wipe those too.
template <typename Char>
class BasicSecret : public std::basic_string<Char, std::char_traits<Char>, WipingAllocator<Char>> {
  using Base = std::basic_string<Char, std::char_traits<Char>, WipingAllocator<Char>>;

 public:
  using Base::Base;
  BasicSecret(const BasicSecret&) = default;
  BasicSecret(BasicSecret&&) = default;
  BasicSecret& operator=(const BasicSecret&) = default;
  BasicSecret& operator=(BasicSecret&&) = default;
  ~BasicSecret() { wipe(); }

  void wipe() noexcept {
    explicit_bzero(this->data(), this->capacity() * sizeof(Char));
    this->clear();
  }
};

using Secret = BasicSecret<char>;
using Secret32 = BasicSecret<char32_t>;

}  // namespace pam_idaas
