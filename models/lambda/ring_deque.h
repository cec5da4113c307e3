// models/lambda/ring_deque.h — a growable circular buffer with deque operations.
//
// Used for pools and sliding windows on the hot path: push/pop at both ends are O(1) and
// never allocate once capacity has reached the peak size (capacity doubles, never shrinks).
// With kInline > 0 the first kInline elements live inside the object (no heap line to miss for
// a small pool, e.g. a function's few idle environments); past that the buffer moves to the heap
// for good. The object stays a plain value: copies and moves need no pointer fix-ups.
#pragma once

#include <array>
#include <cstddef>
#include <vector>

namespace lambdasim {

template <class T, size_t kInline = 0>
class RingDeque {
 public:
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  // The next push_back grows the buffer (a user that can drop elements first may do so).
  bool full() const { return size_ == capacity(); }
  T& front() { return data()[head_]; }
  T& back() { return data()[Index(size_ - 1)]; }
  const T& front() const { return data()[head_]; }
  const T& back() const { return data()[Index(size_ - 1)]; }
  const T& operator[](size_t i) const { return data()[Index(i)]; }
  T& operator[](size_t i) { return data()[Index(i)]; }

  void push_back(const T& v) {
    if (size_ == capacity()) Grow();
    data()[Index(size_)] = v;
    ++size_;
  }
  void pop_back() { --size_; }
  void pop_front() {
    head_ = head_ + 1 == capacity() ? 0 : head_ + 1;
    --size_;
  }
  void clear() { head_ = size_ = 0; }

 private:
  bool on_heap() const { return kInline == 0 || !heap_.empty(); }
  size_t capacity() const { return on_heap() ? heap_.size() : kInline; }
  T* data() { return on_heap() ? heap_.data() : inline_.data(); }
  const T* data() const { return on_heap() ? heap_.data() : inline_.data(); }
  size_t Index(size_t i) const {
    const size_t j = head_ + i;
    const size_t cap = capacity();
    return j >= cap ? j - cap : j;
  }
  void Grow() {
    const size_t cap = capacity();
    std::vector<T> next(cap == 0 ? 16 : cap * 2);
    for (size_t i = 0; i < size_; ++i) next[i] = data()[Index(i)];
    heap_.swap(next);
    head_ = 0;
  }

  size_t head_ = 0;
  size_t size_ = 0;
  std::vector<T> heap_;
  std::array<T, kInline> inline_{};
};

}  // namespace lambdasim
